//! `cargo xtask conformance --sample N --seed S`: generated clients of real
//! documents against Prism serving the same documents. N documents that
//! generated in the last directory sweep (`target/real-world-specs/directory.tsv`,
//! written by `../shared/real-world-specs/directory`) and N/4 of the modern
//! corpus, drawn by the seed; every operation of each called through its
//! crate's typed API (see `api_tests::conformance`). Prints each document's
//! failed calls, then operations passed of operations tried and the
//! documents that pass in full.

use std::path::Path;
use std::process::{Command, ExitCode};

/// Installs Prism (pinned by `tests/prism/package-lock.json`) into
/// `target/prism` when it is not there, then runs the sample.
pub fn run(root: &Path, sample: u64, seed: u64) -> ExitCode {
    match install_prism(root).and_then(|()| run_sample(root, sample, seed)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

/// `npm ci` of the pinned Prism into `target/prism`, as `.ci/run` does.
fn install_prism(root: &Path) -> Result<(), String> {
    // Where the test looks for it (`api_tests::prism::installed`).
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| root.join("target"));
    let folder = target.join("prism");
    let pinned = root.join("tests").join("prism");
    let lock = |dir: &Path| std::fs::read(dir.join("package-lock.json")).ok();
    if folder.join("node_modules/.bin/prism").exists() && lock(&folder) == lock(&pinned) {
        return Ok(());
    }
    std::fs::create_dir_all(&folder).map_err(|error| format!("{}: {error}", folder.display()))?;
    for file in ["package.json", "package-lock.json"] {
        std::fs::copy(pinned.join(file), folder.join(file))
            .map_err(|error| format!("{file}: {error}"))?;
    }
    eprintln!("installing Prism into {} (once)", folder.display());
    let status = Command::new("npm")
        .args([
            "ci",
            "--no-audit",
            "--no-fund",
            "--loglevel=error",
            "--prefix",
        ])
        .arg(&folder)
        .status()
        .map_err(|error| format!("npm did not start: {error}"))?;
    match status.success() {
        true => Ok(()),
        false => Err("npm ci of Prism failed".to_owned()),
    }
}

/// The ignored test that runs the sample, its output shown as it comes.
fn run_sample(root: &Path, sample: u64, seed: u64) -> Result<(), String> {
    let status = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned()))
        .current_dir(root)
        .args([
            "test",
            "--quiet",
            "--package",
            "api-tests",
            "--test",
            "conformance",
            "--",
            "--ignored",
            "--nocapture",
            "--exact",
            "conformance_on_a_sample_of_real_documents",
        ])
        .env("CONFORMANCE_SAMPLE", sample.to_string())
        .env("CONFORMANCE_SEED", seed.to_string())
        .status()
        .map_err(|error| format!("cargo test did not start: {error}"))?;
    match status.success() {
        true => Ok(()),
        false => Err("the conformance run failed".to_owned()),
    }
}
