//! `cargo xtask semver-oracle`: checks the review against cargo-semver-checks
//! on every case of the spec-review corpus (`tests/spec-diffs/`), or on real
//! changes of real APIs (`--real N`, see `api_tests::real_pairs`).
//!
//! cargo-semver-checks installs from crates.io, pinned, into
//! `target/tools` (a few minutes, once); the check itself is the ignored
//! tests `cargo_semver_checks_finds_no_break_the_review_calls_compatible`
//! (and `…_in_real_changes`) of `tests/tests/review_oracles.rs`, which print,
//! per case, the bump the review asks and what cargo-semver-checks requires.

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::time::{Duration, Instant};

/// The cargo-semver-checks release the oracle runs.
pub const VERSION: &str = "0.51.0";

/// One run of the oracle: its table (per case, the bump the review asks
/// and what cargo-semver-checks requires) and how long it took.
pub struct OracleRun {
    /// The table the test printed.
    pub table: String,
    /// The whole check, cargo-semver-checks installed.
    pub elapsed: Duration,
}

/// A run on real pairs: how many, drawn by which seed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RealPairs {
    /// How many pairs.
    pub count: u64,
    /// Which.
    pub seed: u64,
}

/// Installs cargo-semver-checks if needed, runs the oracle test (on the
/// spec-review corpus, or on `real` pairs) and prints its table.
pub fn run(root: &Path, real: Option<RealPairs>) -> ExitCode {
    let result = match real {
        None => check(root),
        Some(real) => check_real(root, real),
    };
    match result {
        Ok(run) => {
            println!("{}", run.table);
            println!(
                "cargo-semver-checks {VERSION} never requires more than the review asks ({:.0} s)",
                run.elapsed.as_secs_f64()
            );
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::FAILURE
        }
    }
}

/// Installs cargo-semver-checks if needed and runs the oracle test on the
/// spec-review corpus.
///
/// # Errors
///
/// When it cannot be installed, or the test fails (with its output: the
/// cases where the review and cargo-semver-checks disagree).
pub fn check(root: &Path) -> Result<OracleRun, String> {
    oracle_test(
        root,
        "cargo_semver_checks_finds_no_break_the_review_calls_compatible",
        &[],
        "case ",
    )
}

/// [`check`] on real pairs.
///
/// # Errors
///
/// As [`check`]; also when the releases cannot be fetched.
pub fn check_real(root: &Path, real: RealPairs) -> Result<OracleRun, String> {
    oracle_test(
        root,
        "cargo_semver_checks_finds_no_break_the_review_calls_compatible_in_real_changes",
        &[
            ("ORACLE_REAL_PAIRS", real.count.to_string()),
            ("ORACLE_SEED", real.seed.to_string()),
        ],
        "pair ",
    )
}

/// Runs the ignored test `name` of the oracles with cargo-semver-checks
/// and `env`; its table starts at the line starting with `header`.
fn oracle_test(
    root: &Path,
    name: &str,
    env: &[(&str, String)],
    header: &str,
) -> Result<OracleRun, String> {
    let binary = install(root)?;
    let started = Instant::now();
    let output = Command::new(cargo())
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
            "--exact",
            name,
        ])
        .env("CARGO_SEMVER_CHECKS", &binary)
        .envs(env.iter().map(|(key, value)| (key, value)))
        .output()
        .map_err(|error| format!("cargo test did not start: {error}"))?;
    let elapsed = started.elapsed();
    let stdout = String::from_utf8_lossy(&output.stdout);
    if !output.status.success() {
        return Err(format!(
            "the review and cargo-semver-checks disagree:\n{stdout}{}",
            String::from_utf8_lossy(&output.stderr)
        ));
    }
    // The table runs from its header to the test's own result line.
    let table = stdout
        .lines()
        .skip_while(|line| !line.starts_with(header))
        .take_while(|line| !line.starts_with("test "))
        .collect::<Vec<_>>()
        .join("\n");
    Ok(OracleRun { table, elapsed })
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
