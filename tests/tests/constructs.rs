//! The construct corpus in `tests/constructs/`: specs the project writes, one
//! per family of valid OpenAPI that the generator must turn into a working
//! client (operationIds of every spelling, response shapes, request media
//! types, parameter wrappers, schema forms, parts the client ignores, JSON and
//! `.yml` files), and the specs of `tests/warned-specs/`, which generate with
//! warnings. Each must generate, and the generated crates must compile
//! with every feature, in a scratch workspace that uses
//! this workspace's dependency versions. The behaviour tests in
//! `tests/constructs/behaviour/` (one file per construct spec, named after
//! it) then run against those crates: what each construct sends and how
//! each response decodes, over HTTP.

use std::path::{Path, PathBuf};
use std::process::Command;

use api_tests::workspace_root;

/// The construct specs, and the specs of `tests/warned-specs/` (which
/// generate with warnings and must compile just the same).
fn corpus() -> Vec<PathBuf> {
    let root = workspace_root();
    let mut files: Vec<PathBuf> = ["tests/constructs", "tests/warned-specs"]
        .iter()
        .flat_map(|dir| std::fs::read_dir(root.join(dir)).expect("the corpus exists"))
        .map(|entry| entry.expect("entry").path())
        .filter(|path| {
            path.extension()
                .and_then(|extension| extension.to_str())
                .is_some_and(|extension| codegen::SPEC_EXTENSIONS.contains(&extension))
        })
        .collect();
    files.sort();
    files
}

/// Generates every construct spec into `scratch/clients/`, returning the crate names.
fn generate_all(scratch: &Path) -> Vec<String> {
    let root = workspace_root();
    let mut failures = Vec::new();
    let mut names = Vec::new();
    for path in corpus() {
        let relative = path.strip_prefix(&root).expect("inside the workspace");
        match codegen::generate_spec(&root, relative) {
            Ok(generated) => {
                for file in generated.files {
                    let target = scratch.join(&file.path);
                    std::fs::create_dir_all(target.parent().expect("parent")).expect("mkdir");
                    std::fs::write(&target, file.contents).expect("write");
                }
                names.push(
                    path.file_stem()
                        .expect("stem")
                        .to_string_lossy()
                        .into_owned(),
                );
            }
            Err(error) => failures.push(error.to_string()),
        }
    }
    assert!(
        failures.is_empty(),
        "valid specs were refused:\n{}",
        failures.join("\n\n")
    );
    names
}

/// The manifest of the behaviour test package: each test file depends on
/// the generated crate of the spec it is named after.
fn behaviour_manifest(tests: &[String]) -> String {
    let mut manifest = String::from(
        "[package]\nname = \"construct-behaviour\"\nversion = \"0.0.0\"\nedition.workspace = true\npublish = false\n\n[dev-dependencies]\n",
    );
    for name in tests {
        manifest.push_str(&format!(
            "{name} = {{ path = \"../clients/{name}\", features = [\"mock\"] }}\n"
        ));
    }
    manifest.push_str(
        "futures.workspace = true\nhttpmock.workspace = true\nreqwest.workspace = true\nserde_json.workspace = true\ntokio = { workspace = true, features = [\"macros\", \"rt-multi-thread\"] }\n",
    );
    manifest
}

/// Copies the behaviour tests into `scratch/behaviour`, returning their names.
fn write_behaviour_package(scratch: &Path) -> Vec<String> {
    let source = workspace_root().join("tests/constructs/behaviour");
    let package = scratch.join("behaviour");
    let _ = std::fs::remove_dir_all(&package);
    std::fs::create_dir_all(package.join("tests")).expect("behaviour folder");
    std::fs::create_dir_all(package.join("src")).expect("behaviour src");
    std::fs::write(package.join("src/lib.rs"), "").expect("lib.rs");
    let mut names = Vec::new();
    for entry in std::fs::read_dir(&source).expect("tests/constructs/behaviour exists") {
        let path = entry.expect("entry").path();
        if path.extension().is_some_and(|extension| extension == "rs") {
            let name = path
                .file_stem()
                .expect("stem")
                .to_string_lossy()
                .into_owned();
            std::fs::copy(&path, package.join("tests").join(format!("{name}.rs"))).expect("copy");
            names.push(name);
        }
    }
    names.sort();
    std::fs::write(package.join("Cargo.toml"), behaviour_manifest(&names)).expect("manifest");
    names
}

/// Runs cargo in the scratch workspace, failing the test with its errors.
fn scratch_cargo(scratch: &Path, args: &[&str], what: &str) {
    let output = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned()))
        .args(args)
        .current_dir(scratch)
        .env("CARGO_TARGET_DIR", scratch.join("target"))
        // Users compile these crates too: a warning in generated code fails.
        .env("RUSTFLAGS", "-D warnings")
        .output()
        .expect("cargo runs");
    assert!(
        output.status.success(),
        "{what}:\n{}\n{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}

/// This workspace's manifest with the generated crates and the behaviour
/// tests as its only members; of its own crates, only the runtime the
/// generated crates call stays a dependency, by absolute path.
fn scratch_manifest() -> String {
    let root = workspace_root();
    let manifest = std::fs::read_to_string(root.join("Cargo.toml")).expect("manifest");
    let runtime = root.join("codegen").join("runtime");
    manifest
        .lines()
        .filter_map(|line| {
            if line.starts_with("members") {
                Some("members = [\"clients/*\", \"behaviour\"]".to_owned())
            } else if line.contains("path = \"codegen/runtime\"") {
                Some(line.replace(
                    "path = \"codegen/runtime\"",
                    &format!("path = {:?}", runtime.display().to_string()),
                ))
            } else if line.contains("path = ") {
                None
            } else {
                Some(line.to_owned())
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn every_construct_spec_generates_a_client_that_compiles() {
    let root = workspace_root();
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("target"));
    let scratch = target.join("constructs");
    let _ = std::fs::remove_dir_all(scratch.join("clients"));
    std::fs::create_dir_all(&scratch).expect("scratch folder");
    let names = generate_all(&scratch);
    assert!(names.len() >= 8, "{names:?}");
    std::fs::write(scratch.join("Cargo.toml"), scratch_manifest()).expect("manifest");
    std::fs::copy(root.join("Cargo.lock"), scratch.join("Cargo.lock")).expect("lock file");

    let tested = write_behaviour_package(&scratch);
    for name in &tested {
        assert!(
            names.contains(name),
            "tests/constructs/behaviour/{name}.rs names no construct spec"
        );
    }
    scratch_cargo(
        &scratch,
        &[
            "check",
            "--workspace",
            "--all-features",
            "--all-targets",
            "--quiet",
        ],
        "the generated crates do not compile",
    );
    scratch_cargo(
        &scratch,
        &["test", "--package", "construct-behaviour", "--quiet"],
        "the generated crates do not behave as their specs say",
    );
}

#[test]
fn the_construct_corpus_covers_json_and_yml_files() {
    let extensions: Vec<String> = corpus()
        .iter()
        .filter_map(|path| path.extension().map(|e| e.to_string_lossy().into_owned()))
        .collect();
    for extension in ["yaml", "yml", "json"] {
        assert!(
            extensions.iter().any(|e| e == extension),
            "no .{extension} spec"
        );
    }
}
