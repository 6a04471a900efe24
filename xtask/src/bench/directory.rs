//! The public API directory (`../shared/real-world-specs/directory`): the
//! sweep over its 2,639 documents, and GitHub's 13 MB description, which
//! the sweep unpacks beside them.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

use super::{Estimate, quantile};

/// How often GitHub's description is generated for its figure.
const GITHUB_RUNS: usize = 3;

/// What the sweep and GitHub's generation measured.
pub struct DirectoryFigures {
    /// The sweep's closing line (`N generated, D diagnosed, C crashed, T timed out of K`).
    pub outcome: String,
    /// The sweep's wall time, fetched corpus and built generator included.
    pub sweep_seconds: f64,
    /// `xtask generate` (release) on `api.github.com.json`, as a process.
    pub github: Option<Estimate>,
}

/// Runs the sweep, then times GitHub's description; `None` without `../shared`.
pub fn measure(root: &Path, xtask: &Path) -> Result<Option<DirectoryFigures>, String> {
    let script = root.join("../shared/real-world-specs/directory");
    if !script.exists() {
        println!("{} is not there: no directory sweep", script.display());
        return Ok(None);
    }
    println!("$ {}", script.display());
    let started = Instant::now();
    let output = Command::new(&script)
        .current_dir(root)
        .stderr(Stdio::inherit())
        .output()
        .map_err(|error| format!("cannot run {}: {error}", script.display()))?;
    let sweep_seconds = started.elapsed().as_secs_f64();
    let stdout = String::from_utf8_lossy(&output.stdout);
    print!("{stdout}");
    let outcome = stdout
        .lines()
        .rev()
        .find(|line| line.contains(" generated, "))
        .ok_or("the directory sweep printed no closing line")?
        .to_owned();
    let github = github(root, xtask)?;
    Ok(Some(DirectoryFigures {
        outcome,
        sweep_seconds,
        github,
    }))
}

/// Where the sweep unpacks GitHub's description.
fn github_document(root: &Path) -> PathBuf {
    super::target_dir(root)
        .join("real-world-specs/corpus/oct/package/generated/api.github.com.json")
}

fn github(root: &Path, xtask: &Path) -> Result<Option<Estimate>, String> {
    let document = github_document(root);
    if !document.exists() {
        return Ok(None);
    }
    let scratch = std::env::temp_dir().join(format!("xtask-bench-github-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&scratch);
    std::fs::create_dir_all(scratch.join("specs")).map_err(|error| error.to_string())?;
    std::fs::copy(&document, scratch.join("specs").join("github.json"))
        .map_err(|error| error.to_string())?;
    println!("$ xtask generate --api github ({GITHUB_RUNS} runs)");
    let mut times = Vec::with_capacity(GITHUB_RUNS);
    for _ in 0..GITHUB_RUNS {
        let _ = std::fs::remove_dir_all(scratch.join("clients"));
        let started = Instant::now();
        let status = Command::new(xtask)
            .args(["generate", "--api", "github", "--root"])
            .arg(&scratch)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .map_err(|error| format!("cannot run {}: {error}", xtask.display()))?;
        times.push(started.elapsed().as_secs_f64());
        if !status.success() {
            return Err("GitHub's description does not generate".to_owned());
        }
    }
    let _ = std::fs::remove_dir_all(&scratch);
    times.sort_by(f64::total_cmp);
    Ok(Some(Estimate {
        median: quantile(&times, 0.5),
        low: quantile(&times, 0.0),
        high: quantile(&times, 1.0),
    }))
}
