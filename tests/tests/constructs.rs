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

use api_tests::scratch::Scratch;
use api_tests::workspace_root;

/// The construct specs, and the specs of `tests/warned-specs/` (which
/// generate with warnings and must compile just the same).
fn corpus() -> Vec<PathBuf> {
    let root = workspace_root();
    let mut files: Vec<PathBuf> = ["tests/constructs", "tests/warned-specs"]
        .iter()
        .flat_map(|dir| std::fs::read_dir(root.join(dir)).expect("the corpus exists"))
        .map(|entry| entry.expect("entry").path())
        .filter(|path| codegen::is_spec_file(path))
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

#[test]
fn every_construct_spec_generates_a_client_that_compiles() {
    let scratch = Scratch::new("constructs");
    let names = generate_all(&scratch.root);
    assert!(names.len() >= 8, "{names:?}");
    scratch.write_manifest();
    let tested = scratch.write_behaviour_package(
        "construct-behaviour",
        &workspace_root().join("tests/constructs/behaviour"),
        &["mock"],
    );
    for name in &tested {
        assert!(
            names.contains(name),
            "tests/constructs/behaviour/{name}.rs names no construct spec"
        );
    }
    scratch.cargo(
        &[
            "check",
            "--workspace",
            "--all-features",
            "--all-targets",
            "--quiet",
        ],
        &[],
        "the generated crates do not compile",
    );
    check_each_tag_feature_alone(&scratch, &names);
    scratch.cargo(
        &["test", "--package", "construct-behaviour", "--quiet"],
        &[],
        "the generated crates do not behave as their specs say",
    );
}

/// A user who turns the default features off and names one tag's feature
/// (with `mock`, whose helpers are gated the same way) compiles that part
/// alone: each crate with per-tag features is checked that way for each of
/// them, and with none, without warnings.
fn check_each_tag_feature_alone(scratch: &Scratch, names: &[String]) {
    let mut checked = 0;
    for name in names {
        let manifest =
            std::fs::read_to_string(scratch.root.join(format!("clients/{name}/Cargo.toml")))
                .expect("the generated manifest");
        let Some(defaults) = manifest
            .lines()
            .find_map(|line| line.strip_prefix("default = "))
        else {
            continue;
        };
        let features: Vec<&str> = defaults.split('"').skip(1).step_by(2).collect();
        for feature in features
            .iter()
            .map(|feature| format!("{feature},mock"))
            .chain([String::new()])
        {
            scratch.cargo(
                &[
                    "clippy",
                    "--package",
                    name,
                    "--all-targets",
                    "--no-default-features",
                    "--features",
                    &feature,
                    "--quiet",
                    "--",
                    "--deny",
                    "warnings",
                ],
                &[],
                &format!("{name} does not compile with only the features `{feature}`"),
            );
        }
        checked += 1;
    }
    assert!(checked >= 1, "no construct spec has per-tag features");
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
