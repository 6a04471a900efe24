//! `cargo xtask semver-oracle`: checks the review against cargo-semver-checks
//! on every case of the spec-review corpus (`tests/spec-diffs/`).
//!
//! cargo-semver-checks installs from crates.io, pinned, into
//! `target/tools` (a few minutes, once); the check itself is the ignored
//! test `cargo_semver_checks_finds_no_break_the_review_calls_compatible`
//! of `tests/tests/review_oracles.rs`, which prints, per case, the bump the
//! review asks and what cargo-semver-checks requires.

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

/// The cargo-semver-checks release the oracle runs.
pub const VERSION: &str = "0.51.0";

/// Installs cargo-semver-checks if needed and runs the oracle test.
pub fn run(root: &Path) -> ExitCode {
    let binary = match install(root) {
        Ok(binary) => binary,
        Err(error) => {
            eprintln!("error: {error}");
            return ExitCode::FAILURE;
        }
    };
    let status = Command::new(cargo())
        .current_dir(root)
        .args([
            "test",
            "--package",
            "api-tests",
            "--test",
            "review_oracles",
            "--",
            "--ignored",
            "--nocapture",
            "cargo_semver_checks",
        ])
        .env("CARGO_SEMVER_CHECKS", &binary)
        .status();
    match status {
        Ok(status) if status.success() => ExitCode::SUCCESS,
        Ok(_) => ExitCode::FAILURE,
        Err(error) => {
            eprintln!("error: cargo test did not start: {error}");
            ExitCode::FAILURE
        }
    }
}

/// `target/tools/bin/cargo-semver-checks` at [`VERSION`], installed if it
/// is missing or another version.
fn install(root: &Path) -> Result<PathBuf, String> {
    let tools = root.join("target").join("tools");
    let binary = tools.join("bin").join("cargo-semver-checks");
    let installed = Command::new(&binary)
        .args(["semver-checks", "--version"])
        .output()
        .ok()
        .filter(|output| output.status.success())
        .map(|output| String::from_utf8_lossy(&output.stdout).into_owned());
    if installed.is_some_and(|version| version.trim().ends_with(VERSION)) {
        return Ok(binary);
    }
    eprintln!(
        "installing cargo-semver-checks {VERSION} into {} (once)",
        tools.display()
    );
    let status = Command::new(cargo())
        .args(["install", "--locked", "--quiet", "--root"])
        .arg(&tools)
        .args(["--version", VERSION, "cargo-semver-checks"])
        .status()
        .map_err(|error| format!("cargo install did not start: {error}"))?;
    if status.success() {
        Ok(binary)
    } else {
        Err(format!(
            "cargo install cargo-semver-checks@{VERSION} failed"
        ))
    }
}

fn cargo() -> String {
    std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned())
}
