//! `cargo xtask generate` as a user runs it, on a scratch copy of the workspace.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::SystemTime;

/// A copy of `specs/` and `clients/` in a fresh temporary directory.
struct Scratch {
    root: PathBuf,
}

impl Scratch {
    fn new(name: &str) -> Self {
        let root = std::env::temp_dir().join(format!("xtask-cli-{name}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&root);
        let workspace = Path::new(env!("CARGO_MANIFEST_DIR"))
            .parent()
            .expect("workspace root");
        copy_dir(&workspace.join("specs"), &root.join("specs"));
        copy_dir(&workspace.join("clients"), &root.join("clients"));
        Self { root }
    }

    fn xtask(&self, args: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_xtask"))
            .args(args)
            .arg("--root")
            .arg(&self.root)
            .output()
            .expect("xtask runs")
    }

    /// Every file under `clients/`, with its bytes and modification time.
    fn client_files(&self) -> Vec<(PathBuf, Vec<u8>, SystemTime)> {
        let mut files = Vec::new();
        collect(&self.root.join("clients"), &mut files);
        files.sort();
        files
    }

    fn edit_spec(&self, name: &str, edit: impl FnOnce(String) -> String) {
        let path = self.root.join("specs").join(name);
        let text = fs::read_to_string(&path).expect("spec");
        fs::write(&path, edit(text)).expect("write spec");
    }
}

impl Scratch {
    /// Runs git in the scratch workspace (with an identity, for commits).
    fn git(&self, args: &[&str]) {
        let status = Command::new("git")
            .arg("-C")
            .arg(&self.root)
            .args([
                "-c",
                "user.name=Reviewer",
                "-c",
                "user.email=reviewer@example.com",
            ])
            .args(args)
            .status()
            .expect("git runs");
        assert!(status.success(), "git {args:?}");
    }

    /// Makes the scratch workspace a repository whose one commit holds it all.
    fn commit_everything(&self, message: &str) {
        if !self.root.join(".git").exists() {
            self.git(&["init", "-q"]);
        }
        self.git(&["add", "-A"]);
        self.git(&["commit", "-q", "-m", message]);
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.root);
    }
}

fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).expect("mkdir");
    for entry in fs::read_dir(from).expect("read dir") {
        let entry = entry.expect("entry");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("type").is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), target).expect("copy");
        }
    }
}

fn collect(dir: &Path, out: &mut Vec<(PathBuf, Vec<u8>, SystemTime)>) {
    for entry in fs::read_dir(dir).expect("read dir") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            collect(&path, out);
        } else {
            let modified = fs::metadata(&path)
                .and_then(|m| m.modified())
                .expect("mtime");
            out.push((path.clone(), fs::read(&path).expect("read"), modified));
        }
    }
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn check_passes_on_the_committed_clients() {
    let scratch = Scratch::new("fresh");
    let output = scratch.xtask(&["generate", "--check"]);
    assert!(output.status.success(), "{}", text(&output.stderr));
    assert_eq!(
        text(&output.stdout),
        "All 8 generated files are up to date.\n"
    );
}

#[test]
fn check_prints_a_diff_and_fails_when_a_spec_changed_then_generate_rewrites_only_that_client() {
    let scratch = Scratch::new("edit");
    scratch.edit_spec("pepipost.yaml", |text| {
        text.replace("Update Subaccount\n", "Update a subaccount\n")
    });
    let before = scratch.client_files();

    let check = scratch.xtask(&["generate", "--check"]);
    assert_eq!(check.status.code(), Some(1));
    let diff = text(&check.stdout);
    assert!(diff.contains("--- a/clients/pepipost/README.md"), "{diff}");
    assert!(diff.contains("+| `Client::update_subaccount` | `PATCH /v6/subaccounts/{username}` | Update a subaccount |"), "{diff}");
    assert!(text(&check.stderr).contains("run `cargo xtask generate`"));
    assert_eq!(scratch.client_files(), before, "--check writes nothing");

    let generate = scratch.xtask(&["generate"]);
    assert!(generate.status.success(), "{}", text(&generate.stderr));
    assert_eq!(
        text(&generate.stdout),
        "  updated clients/pepipost/README.md\n  updated clients/pepipost/src/lib.rs\n2 file(s) changed, 6 unchanged.\n"
    );
    let after = scratch.client_files();
    for ((path, old_bytes, old_mtime), (_, new_bytes, new_mtime)) in before.iter().zip(&after) {
        let changed = path.ends_with("pepipost/README.md") || path.ends_with("pepipost/src/lib.rs");
        assert_eq!(old_bytes != new_bytes, changed, "{}", path.display());
        if !changed {
            assert_eq!(old_mtime, new_mtime, "{} was rewritten", path.display());
        }
    }
    assert!(scratch.xtask(&["generate", "--check"]).status.success());
}

#[test]
fn a_broken_spec_names_file_and_line_and_leaves_every_client_untouched() {
    let scratch = Scratch::new("broken");
    // Both specs change, one validly: all-or-nothing means neither client is written.
    scratch.edit_spec("infinipost.yaml", |text| {
        text.replace("List a customer's accounts", "List accounts")
    });
    scratch.edit_spec("pepipost.yaml", |text| {
        text.replacen(
            "$ref: \"#/components/responses/BadRequest\"",
            "$ref: \"#/components/responses/BadReqest\"",
            1,
        )
    });
    let before = scratch.client_files();

    let output = scratch.xtask(&["generate"]);
    assert_eq!(output.status.code(), Some(1));
    let stderr = text(&output.stderr);
    assert!(
        stderr.starts_with(
            "specs/pepipost.yaml:64:9: error[missing-reference]: response 400 refers to a response that does not exist"
        ),
        "{stderr}"
    );
    assert!(
        stderr.contains(
            "specs/pepipost.yaml:65:17: error[missing-reference]: `#/components/responses/BadReqest` does not exist"
        ),
        "{stderr}"
    );
    assert!(stderr.contains("Nothing was written"), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(scratch.client_files(), before);
}

#[test]
fn a_warning_is_printed_and_generation_goes_on_unless_warnings_are_denied() {
    let scratch = Scratch::new("warned");
    // A repeated operationId breaks a MUST of OpenAPI that does not stop a
    // client: the later operation is named after its method and path.
    scratch.edit_spec("pepipost.yaml", |text| {
        text.replace(
            "operationId: delete_subaccount",
            "operationId: create_subaccount",
        )
    });
    let before = scratch.client_files();

    let denied = scratch.xtask(&["generate", "--deny-warnings"]);
    assert_eq!(denied.status.code(), Some(1));
    let stderr = text(&denied.stderr);
    assert!(
        stderr.starts_with(
            "specs/pepipost.yaml:174:20: warning[method-name-collision]: operationId `create_subaccount` is already used by POST /v6/subaccounts (line 43); this one is named `delete_v6_subaccounts_username`"
        ),
        "{stderr}"
    );
    assert!(stderr.contains("Nothing was written"), "{stderr}");
    assert_eq!(scratch.client_files(), before);

    let generated = scratch.xtask(&["generate"]);
    assert!(generated.status.success(), "{}", text(&generated.stderr));
    assert!(text(&generated.stderr).contains("warning[method-name-collision]"));
    let lib_rs =
        std::fs::read_to_string(scratch.root.join("clients/pepipost/src/lib.rs")).expect("lib.rs");
    assert!(lib_rs.contains("pub fn delete_v6_subaccounts_username("));

    let lint = scratch.xtask(&["lint"]);
    assert_eq!(lint.status.code(), Some(1), "lint is strict about warnings");
}

#[test]
fn invalid_yaml_is_reported_with_its_position() {
    let scratch = Scratch::new("yaml");
    scratch.edit_spec("infinipost.yaml", |text| {
        text.replace("  title: Infinipost Partners API", "  title: [unclosed")
    });
    let output = scratch.xtask(&["generate", "--check"]);
    assert_eq!(output.status.code(), Some(1));
    let stderr = text(&output.stderr);
    assert!(
        stderr.starts_with("specs/infinipost.yaml:5:10: error[invalid-yaml]: invalid YAML:"),
        "{stderr}"
    );
    assert!(stderr.contains("invalid YAML"), "{stderr}");
}

#[test]
fn one_api_can_be_regenerated_alone_and_unknown_names_are_rejected() {
    let scratch = Scratch::new("one");
    let output = scratch.xtask(&["generate", "--api", "infinipost"]);
    assert!(output.status.success(), "{}", text(&output.stderr));
    assert_eq!(text(&output.stdout), "0 file(s) changed, 4 unchanged.\n");

    let unknown = scratch.xtask(&["generate", "--api", "mailgun"]);
    assert_eq!(unknown.status.code(), Some(1));
    assert!(text(&unknown.stderr).contains("there is no spec named `mailgun`"));
}

#[test]
fn every_command_has_help() {
    let xtask = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_xtask"))
            .args(args)
            .output()
            .expect("runs")
    };
    let overview = xtask(&["--help"]);
    assert!(overview.status.success());
    let overview = text(&overview.stdout);
    assert!(
        overview.contains("Usage: cargo xtask [COMMAND]"),
        "{overview}"
    );
    for command in ["generate", "lint", "diff", "bench"] {
        assert!(overview.contains(&format!("\n  {command} ")), "{overview}");
    }
    let generate = xtask(&["generate", "--help"]);
    assert!(generate.status.success());
    let generate = text(&generate.stdout);
    assert!(
        generate.contains("Usage: cargo xtask generate [OPTIONS]"),
        "{generate}"
    );
    assert!(generate.contains("--api <NAME>"), "{generate}");
    assert!(generate.contains("--check"), "{generate}");
    let diff = xtask(&["help", "diff"]);
    assert!(diff.status.success());
    let diff = text(&diff.stdout);
    assert!(
        diff.contains("- markdown: Markdown for a pull-request comment"),
        "{diff}"
    );
    assert!(diff.contains("- unbumped: "), "{diff}");
}

#[test]
fn bad_arguments_exit_with_usage() {
    let output = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .arg("generate")
        .arg("--frobnicate")
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(2));
    assert!(text(&output.stderr).contains("Usage: cargo xtask"));
}

#[test]
fn lint_passes_on_the_real_specs_and_reports_findings_with_positions() {
    let scratch = Scratch::new("lint");
    let clean = scratch.xtask(&["lint"]);
    assert!(clean.status.success(), "{}", text(&clean.stderr));
    assert_eq!(text(&clean.stdout), "2 spec(s) pass lint.\n");

    scratch.edit_spec("pepipost.yaml", |text| {
        text.replace("      summary: Delete Subaccount\n", "")
    });
    let output = scratch.xtask(&["lint"]);
    assert_eq!(output.status.code(), Some(1));
    let stderr = text(&output.stderr);
    assert!(
        stderr.starts_with("specs/pepipost.yaml:173:5: lint[missing-summary]: operation DELETE /v6/subaccounts/{username} has no summary"),
        "{stderr}"
    );
}

#[test]
fn diff_reports_each_change_for_the_rust_client_and_fails_on_request() {
    let scratch = Scratch::new("diff");
    scratch.commit_everything("base");

    let unchanged = scratch.xtask(&["diff"]);
    assert!(unchanged.status.success(), "{}", text(&unchanged.stderr));
    assert_eq!(
        text(&unchanged.stdout),
        "infinipost (specs/infinipost.yaml): unchanged\npepipost (specs/pepipost.yaml): unchanged\n"
    );

    // An uncommitted rename of an operationId: the method is renamed.
    scratch.edit_spec("pepipost.yaml", |spec| {
        spec.replace(
            "operationId: delete_subaccount",
            "operationId: remove_subaccount",
        )
    });
    let review = scratch.xtask(&["diff", "--fail-on", "breaking"]);
    let stdout = text(&review.stdout);
    assert_eq!(review.status.code(), Some(1), "{stdout}");
    assert!(
        stdout.contains("pepipost (specs/pepipost.yaml): breaking change, needs a major bump"),
        "{stdout}"
    );
    assert!(
        stdout.contains("→ Client::delete_subaccount, Client::remove_subaccount"),
        "{stdout}"
    );
    let committed = codegen::review::bump::Version::parse(&crate_version("pepipost"))
        .expect("the committed version parses");
    let needed = committed.bumped(codegen::review::bump::Bump::Major);
    assert!(
        stdout.contains(&format!(
            "(a major change needs at least {needed}): NOT BUMPED"
        )),
        "{stdout}"
    );
    assert!(
        stdout.contains("- pub fn pepipost::Client::delete_subaccount(&self)"),
        "{stdout}"
    );
    assert!(text(&review.stderr).contains("`--fail-on` tripped for: pepipost"));

    let markdown = scratch.xtask(&["diff", "--format", "markdown"]);
    assert!(
        markdown.status.success(),
        "without --fail-on the review itself succeeds"
    );
    assert!(text(&markdown.stdout).contains("| **breaking** | operationId of DELETE"));

    let json = scratch.xtask(&["diff", "--format", "json"]);
    let json = text(&json.stdout);
    assert!(json.contains("\"class\": \"breaking\""), "{json}");
    assert!(
        json.contains(&format!("\"required_version\": \"{needed}\"")),
        "{json}"
    );

    // For CI: an annotation at the changed line, and the version not bumped
    // at `x-crate-version`; JUnit with the breaking change failing.
    let github = text(&scratch.xtask(&["diff", "--format", "github"]).stdout);
    let spec = fs::read_to_string(scratch.root.join("specs/pepipost.yaml")).expect("spec");
    let line_of = |needle: &str| {
        spec.lines()
            .position(|line| line.contains(needle))
            .expect("the line is in the spec")
            + 1
    };
    assert!(
        github.contains(&format!(
            "::error file=specs/pepipost.yaml,line={},title=pepipost%3A breaking change (major bump)::operationId of DELETE",
            line_of("    delete:")
        )),
        "{github}"
    );
    assert!(
        github.contains(&format!(
            "::error file=specs/pepipost.yaml,line={},title=pepipost%3A version not bumped::{committed} → {committed}",
            line_of("x-crate-version:")
        )),
        "{github}"
    );
    let junit = text(&scratch.xtask(&["diff", "--format", "junit"]).stdout);
    assert!(junit.starts_with("<?xml"), "{junit}");
    assert!(
        junit.contains("<testsuite name=\"pepipost\"") && junit.contains("type=\"breaking\"/>"),
        "{junit}"
    );
    assert!(junit.contains("type=\"version\"/>"), "{junit}");

    // Once the version says so, `unbumped` no longer trips.
    assert_eq!(
        scratch
            .xtask(&["diff", "--fail-on", "unbumped"])
            .status
            .code(),
        Some(1)
    );
    scratch.edit_spec("pepipost.yaml", |spec| {
        spec.replacen(
            &format!("x-crate-version: {committed}"),
            &format!("x-crate-version: {needed}"),
            1,
        )
    });
    let bumped = scratch.xtask(&["diff", "--fail-on", "unbumped"]);
    assert!(bumped.status.success(), "{}", text(&bumped.stdout));
    assert!(text(&bumped.stdout).contains(&format!(
        "{committed} → {needed} (a major change needs at least {needed}): ok"
    )));
}

#[test]
fn diff_explains_a_missing_base_revision_and_a_base_spec_that_does_not_parse() {
    let scratch = Scratch::new("diff-errors");
    scratch.commit_everything("base");

    let missing = scratch.xtask(&["diff", "--base", "no-such-branch"]);
    assert_eq!(missing.status.code(), Some(1));
    assert!(
        text(&missing.stderr).starts_with("the base revision `no-such-branch` does not exist"),
        "{}",
        text(&missing.stderr)
    );

    // A base revision whose spec is broken: the error names that revision.
    let good = fs::read_to_string(scratch.root.join("specs/pepipost.yaml")).expect("spec");
    scratch.edit_spec("pepipost.yaml", |spec| {
        spec.replacen("paths:", "paths: [", 1)
    });
    scratch.commit_everything("broken");
    fs::write(scratch.root.join("specs/pepipost.yaml"), good).expect("restore");
    let broken_base = scratch.xtask(&["diff"]);
    let stderr = text(&broken_base.stderr);
    assert_eq!(broken_base.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.starts_with("specs/pepipost.yaml at HEAD:"),
        "{stderr}"
    );
    assert!(stderr.contains("The review needs both versions of every spec to generate."));
}

#[test]
fn diff_reports_a_new_and_a_removed_spec() {
    let scratch = Scratch::new("diff-added-removed");
    scratch.commit_everything("base");
    let workspace = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("workspace root");
    fs::copy(
        workspace.join("tests/spec-diffs/nothing-changed/after.yaml"),
        scratch.root.join("specs/widgets.yaml"),
    )
    .expect("copy a spec");
    fs::remove_file(scratch.root.join("specs/infinipost.yaml")).expect("remove a spec");

    let review = scratch.xtask(&["diff", "--fail-on", "breaking"]);
    let stdout = text(&review.stdout);
    assert_eq!(review.status.code(), Some(1), "{stdout}");
    assert!(
        stdout.contains("infinipost (specs/infinipost.yaml): removed"),
        "{stdout}"
    );
    assert!(
        stdout.contains("the crate is no longer generated"),
        "{stdout}"
    );
    assert!(
        stdout.contains("widgets (specs/widgets.yaml): new crate"),
        "{stdout}"
    );
    assert!(
        stdout.contains("pepipost (specs/pepipost.yaml): unchanged"),
        "{stdout}"
    );
}

/// A spec as JSON: the same crate whatever the format, at every revision.
#[test]
fn diff_reviews_a_json_spec_like_a_yaml_one() {
    let scratch = Scratch::new("diff-json");
    scratch.commit_everything("base");
    let yaml = scratch.root.join("specs/pepipost.yaml");
    let spec = codegen::load::parse_spec(
        Path::new("specs/pepipost.yaml"),
        &fs::read_to_string(&yaml).expect("spec"),
    )
    .expect("the committed spec parses");
    let json = serde_json::to_string_pretty(&spec.json).expect("JSON");
    fs::remove_file(&yaml).expect("remove the YAML");
    fs::write(scratch.root.join("specs/pepipost.json"), &json).expect("write the JSON");

    // Saved in another format, the API is the same: the crate is unchanged.
    let converted = scratch.xtask(&["diff"]);
    let stdout = text(&converted.stdout);
    assert!(converted.status.success(), "{}", text(&converted.stderr));
    assert!(
        stdout.contains("pepipost (specs/pepipost.json): unchanged"),
        "{stdout}"
    );

    // A JSON spec at the base revision is read there, and its change reviewed.
    scratch.commit_everything("as JSON");
    scratch.edit_spec("pepipost.json", |spec| {
        spec.replace(
            "\"operationId\": \"delete_subaccount\"",
            "\"operationId\": \"remove_subaccount\"",
        )
    });
    let review = scratch.xtask(&["diff", "--fail-on", "breaking"]);
    let stdout = text(&review.stdout);
    assert_eq!(review.status.code(), Some(1), "{stdout}");
    assert!(
        stdout.contains("pepipost (specs/pepipost.json): breaking change, needs a major bump"),
        "{stdout}"
    );
    assert!(
        stdout.contains("→ Client::delete_subaccount, Client::remove_subaccount"),
        "{stdout}"
    );
}

/// Two clones sharing one target directory: the binary that runs may be the
/// other clone's build, and it must still check the tree it is run in.
#[test]
fn the_drift_check_checks_the_tree_cargo_runs_it_in_not_the_one_it_was_built_in() {
    let clone = Scratch::new("other-clone");
    fs::create_dir_all(clone.root.join("xtask")).expect("xtask dir");
    fs::write(clone.root.join("Cargo.toml"), "[workspace]\n").expect("manifest");
    let check = |cwd: &Path, manifest_dir: Option<&Path>| {
        let mut command = Command::new(env!("CARGO_BIN_EXE_xtask"));
        command.args(["generate", "--check"]).current_dir(cwd);
        command.env_remove("CARGO_MANIFEST_DIR");
        if let Some(dir) = manifest_dir {
            command.env("CARGO_MANIFEST_DIR", dir);
        }
        command.output().expect("xtask runs")
    };
    let fresh = check(&clone.root, Some(&clone.root.join("xtask")));
    assert!(
        fresh.status.success(),
        "{}",
        String::from_utf8_lossy(&fresh.stderr)
    );

    clone.edit_spec("pepipost.yaml", |text| {
        text.replacen(
            "summary: Create Subaccount",
            "summary: Create one subaccount",
            1,
        )
    });
    // As `cargo xtask` runs it in the other clone: cargo names that clone's manifest.
    let stale = check(&clone.root, Some(&clone.root.join("xtask")));
    assert_eq!(
        stale.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&stale.stdout)
    );
    assert!(String::from_utf8_lossy(&stale.stderr).contains("stale"));
    // Run directly from inside the other clone, without cargo.
    let from_inside = check(&clone.root.join("specs"), None);
    assert_eq!(from_inside.status.code(), Some(1));
}

/// The version of the committed client `api`, from its generated manifest.
fn crate_version(api: &str) -> String {
    let workspace = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("workspace root");
    let manifest = fs::read_to_string(workspace.join(format!("clients/{api}/Cargo.toml")))
        .expect("the client's manifest");
    manifest
        .lines()
        .find_map(|line| line.strip_prefix("version = \""))
        .and_then(|rest| rest.strip_suffix('"'))
        .expect("the manifest has a version")
        .to_owned()
}
