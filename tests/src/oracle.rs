//! The review's oracles, over the spec-review corpus: each case's two sides
//! generated into two scratch workspaces (`target/review-oracle/before` and
//! `…/after`), each crate named after its case, with the case's downstream
//! programs (code a user of the crate writes) as a package of that
//! workspace depending on it: `tests/spec-diffs/usage.rs` for every case of
//! the `widgets` API, and the case's own `downstream.rs` (written to show
//! what the change breaks, or that it breaks nothing). rustc then says which
//! programs stop compiling, and cargo-semver-checks (when installed) which
//! changes its lints call breaking.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::scratch::Scratch;
use crate::spec_diffs::{self, api, corpus};

/// The name of a case's own downstream program in its folder.
pub const DOWNSTREAM: &str = "downstream.rs";

/// The downstream program of every `widgets` case, in the corpus folder.
pub const USAGE: &str = "usage.rs";

/// A spec to generate on one side: its case (the crate's name), its path
/// (whose extension says how to read it) and its text.
pub struct Spec {
    /// The case, which names the crate (`specs/<case>.yaml`).
    pub case: String,
    /// The spec's path as generation sees it.
    pub path: PathBuf,
    /// Its text on this side.
    pub text: String,
}

/// One side (`before` or `after`) of every case, generated.
pub struct Side {
    /// The scratch workspace.
    pub scratch: Scratch,
    /// `before` or `after`.
    pub name: &'static str,
}

impl Side {
    /// Generates side `name` of each case into `target/review-oracle/<name>`,
    /// with the downstream programs, and writes its workspace manifest.
    ///
    /// # Panics
    ///
    /// When a side does not generate or the files cannot be written.
    pub fn generate(name: &'static str, cases: &[String]) -> Self {
        let specs: Vec<Spec> = cases
            .iter()
            .map(|case| Spec {
                case: case.clone(),
                path: PathBuf::from(format!("specs/{case}.yaml")),
                text: spec_diffs::side(case, &format!("{name}.yaml")),
            })
            .collect();
        let (side, failed) = Self::generate_specs(&format!("review-oracle/{name}"), name, &specs);
        if let Some((case, error)) = failed.iter().next() {
            panic!("{case}/{name}.yaml: {error}");
        }
        for case in cases {
            write_downstream(&side.scratch.root, name, case);
        }
        side.scratch.write_manifest_with_members(&[
            &format!("clients-{name}/*"),
            &format!("downstream-{name}/*"),
        ]);
        side
    }

    /// Generates side `name` of each of `specs` (each spec's crate named
    /// after its case) into the scratch workspace `folder`, and writes its
    /// workspace manifest (the crates its members); returns it with the
    /// cases that did not generate and why.
    ///
    /// # Panics
    ///
    /// When the files cannot be written.
    pub fn generate_specs(
        folder: &str,
        name: &'static str,
        specs: &[Spec],
    ) -> (Self, BTreeMap<String, String>) {
        let scratch = Scratch::new(&format!("{folder}/{name}"));
        // The sides share a target folder, where cargo tells packages apart
        // by their path relative to their workspace: each side's folders
        // are named after it, or the second side would reuse the first's
        // builds.
        let (clients, downstream) = (format!("clients-{name}"), format!("downstream-{name}"));
        for folder in [&clients, &downstream] {
            let _ = std::fs::remove_dir_all(scratch.root.join(folder));
        }
        let mut failed = BTreeMap::new();
        for spec in specs {
            let generated = match codegen::generate_text(&spec.path, &spec.text) {
                Ok(generated) => generated,
                Err(error) => {
                    failed.insert(spec.case.clone(), error.to_string());
                    continue;
                }
            };
            for file in generated.files {
                let relative = file.path.strip_prefix("clients").unwrap_or(&file.path);
                let target = scratch.root.join(&clients).join(relative);
                std::fs::create_dir_all(target.parent().expect("parent")).expect("mkdir");
                std::fs::write(&target, file.contents).expect("write");
            }
        }
        scratch.write_manifest_with_members(&[&format!("{clients}/*")]);
        (Self { scratch, name }, failed)
    }

    /// The crate of `case` on this side.
    pub fn crate_dir(&self, case: &str) -> PathBuf {
        self.scratch
            .root
            .join(format!("clients-{}", self.name))
            .join(case)
    }

    /// Checks every crate of the side, and returns the downstream programs
    /// that do not compile, by case, with rustc's errors.
    ///
    /// # Panics
    ///
    /// When cargo does not run, or a generated crate itself does not compile.
    pub fn broken_programs(&self) -> BTreeMap<String, String> {
        let output = self.scratch.cargo_output(&[
            "check",
            "--workspace",
            "--keep-going",
            "--message-format=json",
        ]);
        let mut broken: BTreeMap<String, String> = BTreeMap::new();
        for line in String::from_utf8_lossy(&output.stdout).lines() {
            let Ok(message) = serde_json::from_str::<serde_json::Value>(line) else {
                continue;
            };
            if message["reason"] != "compiler-message" || message["message"]["level"] != "error" {
                continue;
            }
            let package = message["package_id"].as_str().unwrap_or_default();
            let rendered = message["message"]["rendered"].as_str().unwrap_or_default();
            let Some(case) = downstream_case(package) else {
                panic!(
                    "{} side: a generated crate does not compile ({package}):\n{rendered}",
                    self.name
                );
            };
            broken.entry(case).or_default().push_str(rendered);
        }
        if !output.status.success() && broken.is_empty() {
            panic!(
                "{} side: cargo check failed:\n{}",
                self.name,
                String::from_utf8_lossy(&output.stderr)
            );
        }
        broken
    }
}

/// The case of a downstream package id (`path+file:///…#downstream-<case>@0.0.0`).
fn downstream_case(package_id: &str) -> Option<String> {
    let name = package_id.rsplit_once('#')?.1;
    let name = name.split('@').next()?;
    name.strip_prefix("downstream-").map(str::to_owned)
}

/// The downstream programs of `case`: the shared usage of its API, if
/// any, and its own.
pub fn programs(case: &str) -> Vec<PathBuf> {
    let shared = corpus().join(USAGE);
    let own = corpus().join(case).join(DOWNSTREAM);
    [
        (api(case) == "widgets").then_some(shared),
        own.is_file().then_some(own),
    ]
    .into_iter()
    .flatten()
    .collect()
}

/// Writes the package `downstream-<side>/<case>` (when the case has
/// programs): each program a module of its library, depending on the
/// case's crate under the API's own name (`widgets`).
fn write_downstream(root: &Path, side: &str, case: &str) {
    let programs = programs(case);
    if programs.is_empty() {
        return;
    }
    let folder = root.join(format!("downstream-{side}")).join(case);
    std::fs::create_dir_all(folder.join("src")).expect("downstream folder");
    let mut library = String::from("//! The downstream programs of one spec-review case.\n");
    for (index, program) in programs.iter().enumerate() {
        let module = format!("program_{index}");
        std::fs::copy(program, folder.join("src").join(format!("{module}.rs")))
            .expect("copy the program");
        library.push_str(&format!("pub mod {module};\n"));
    }
    std::fs::write(folder.join("src/lib.rs"), library).expect("lib.rs");
    let manifest = format!(
        "[package]\nname = \"downstream-{case}\"\nversion = \"0.0.0\"\nedition.workspace = true\npublish = false\n\n\
         [dependencies]\n{api} = {{ package = \"{case}\", path = \"../../clients-{side}/{case}\", features = [\"mock\"] }}\n\
         chrono.workspace = true\nhttpmock.workspace = true\nserde_json.workspace = true\n",
        api = api(case)
    );
    std::fs::write(folder.join("Cargo.toml"), manifest).expect("downstream manifest");
}

/// What cargo-semver-checks requires of the version for one case.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Required {
    /// No lint fired.
    Nothing,
    /// A lint whose required update is a minor version.
    Minor,
    /// A lint whose required update is a major version.
    Major,
}

/// Runs cargo-semver-checks (`binary`) on `case`, the crate of `after`
/// against the crate of `before`, and returns what it requires with its
/// report.
///
/// # Errors
///
/// When it does not run, or ends without a verdict (a crate that does not
/// compile, say), with its report.
pub fn semver_checks(
    binary: &Path,
    before: &Side,
    after: &Side,
    case: &str,
) -> Result<(Required, String), String> {
    // The package is named: cargo-semver-checks skips unpublished
    // packages (these are `publish = false`) unless asked for by name.
    let output = Command::new(binary)
        .args(["semver-checks", "check-release", "--manifest-path"])
        .arg(after.scratch.root.join("Cargo.toml"))
        .args(["--package", case, "--baseline-root"])
        .arg(&before.scratch.root)
        .args([
            "--release-type",
            "patch",
            "--all-features",
            "--color",
            "never",
        ])
        .env("CARGO_TARGET_DIR", &after.scratch.target)
        .output()
        .map_err(|error| format!("{}: {error}", binary.display()))?;
    let report = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    // Its closing `Summary` line gives the verdict; without one, it
    // checked nothing.
    let Some(summary) = report
        .lines()
        .find(|line| line.trim_start().starts_with("Summary"))
    else {
        return Err(format!(
            "{case}: cargo-semver-checks gave no verdict:\n{report}"
        ));
    };
    let required = if summary.contains("requires new major version") {
        Required::Major
    } else if summary.contains("requires new minor version") {
        Required::Minor
    } else if output.status.success() {
        Required::Nothing
    } else {
        return Err(format!("{case}: cargo-semver-checks failed:\n{report}"));
    };
    Ok((required, report))
}

/// The lints that fired in a cargo-semver-checks report (`--- failure
/// enum_variant_added: …`), each once, in order.
pub fn failed_lints(report: &str) -> Vec<String> {
    let mut lints: Vec<String> = Vec::new();
    for line in report.lines() {
        let Some(rest) = line.trim_start().strip_prefix("--- failure ") else {
            continue;
        };
        let lint = rest.split(':').next().unwrap_or(rest).trim().to_owned();
        if !lints.contains(&lint) {
            lints.push(lint);
        }
    }
    lints
}

/// The cargo-semver-checks binary `cargo xtask semver-oracle` installs
/// (`target/tools/bin`), or the one named by `CARGO_SEMVER_CHECKS`.
pub fn semver_checks_binary() -> Option<PathBuf> {
    if let Some(path) = std::env::var_os("CARGO_SEMVER_CHECKS") {
        return Some(PathBuf::from(path));
    }
    let installed = crate::workspace_root().join("target/tools/bin/cargo-semver-checks");
    installed.is_file().then_some(installed)
}
