//! What a large generated crate costs those who depend on it: its lines,
//! and `cargo check` of the crate alone (dependencies built) with every
//! feature and with one tag's feature, as whole processes under
//! `/usr/bin/time` (wall seconds, peak memory of the largest process),
//! without incremental compilation, as cargo builds a dependency.
//!
//! The documents are a ~500-operation description of the public API
//! directory (`visma.net.json`) and GitHub's, both unpacked by the
//! directory sweep; a document that is not there is skipped.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use super::{Estimate, quantile};

/// `cargo check` runs per configuration, alternating the configurations.
pub const RUNS: usize = 3;

/// The documents measured: crate name, path under the sweep's corpus.
const DOCUMENTS: &[(&str, &str)] = &[
    ("visma_net", "corpus/dir/package/api/visma.net.json"),
    ("github", "corpus/oct/package/generated/api.github.com.json"),
];

/// One crate's figures.
pub struct LargeCrate {
    /// The crate's name.
    pub name: String,
    /// Its operations.
    pub operations: usize,
    /// Lines of its `src/lib.rs`.
    pub lines: usize,
    /// `cargo check` with every feature.
    pub all_features: Check,
    /// The feature of the tag with the most operations, how many it has,
    /// and `cargo check` with it alone (the crate has none without tags).
    pub one_tag: Option<(String, usize, Check)>,
}

/// One configuration's `cargo check`, over [`RUNS`] runs.
pub struct Check {
    /// Wall seconds.
    pub seconds: Estimate,
    /// Peak resident memory of the largest process, in bytes (median).
    pub peak_bytes: u64,
}

/// Generates and checks each document the sweep unpacked.
pub fn measure(root: &Path, xtask: &Path) -> Result<Vec<LargeCrate>, String> {
    if !Path::new("/usr/bin/time").exists() {
        println!("/usr/bin/time is not there (Debian package `time`): no large-crate figures");
        return Ok(Vec::new());
    }
    let corpus = super::target_dir(root).join("real-world-specs");
    let mut out = Vec::new();
    for (name, relative) in DOCUMENTS {
        let document = corpus.join(relative);
        if document.exists() {
            out.push(measure_one(root, xtask, name, &document)?);
        } else {
            println!("{} is not there: skipped", document.display());
        }
    }
    Ok(out)
}

fn measure_one(
    root: &Path,
    xtask: &Path,
    name: &str,
    document: &Path,
) -> Result<LargeCrate, String> {
    let scratch = super::target_dir(root).join("bench-large").join(name);
    let _ = std::fs::remove_dir_all(&scratch);
    std::fs::create_dir_all(scratch.join("specs")).map_err(|error| error.to_string())?;
    std::fs::copy(document, scratch.join("specs").join(format!("{name}.json")))
        .map_err(|error| error.to_string())?;
    let workspace =
        std::fs::read_to_string(root.join("Cargo.toml")).map_err(|error| error.to_string())?;
    let manifest = codegen::emit::package::standalone_workspace(
        &workspace,
        &root.join("codegen").join("runtime"),
        &["clients/*"],
    );
    std::fs::write(scratch.join("Cargo.toml"), manifest).map_err(|error| error.to_string())?;
    std::fs::copy(root.join("Cargo.lock"), scratch.join("Cargo.lock"))
        .map_err(|error| error.to_string())?;
    println!("$ xtask generate ({name})");
    let status = Command::new(xtask)
        .args(["generate", "--root"])
        .arg(&scratch)
        .stdout(Stdio::null())
        .status()
        .map_err(|error| format!("cannot run {}: {error}", xtask.display()))?;
    if !status.success() {
        return Err(format!("{} does not generate", document.display()));
    }
    let crate_dir = scratch.join("clients").join(name);
    let lib_rs = crate_dir.join("src").join("lib.rs");
    let lines = std::fs::read_to_string(&lib_rs)
        .map_err(|error| error.to_string())?
        .lines()
        .count();
    let readme =
        std::fs::read_to_string(crate_dir.join("README.md")).map_err(|error| error.to_string())?;
    let operations = readme
        .lines()
        .filter(|line| line.starts_with("| `Client::"))
        .count();
    let manifest =
        std::fs::read_to_string(crate_dir.join("Cargo.toml")).map_err(|error| error.to_string())?;
    let largest = largest_tag(&manifest);

    let mut configurations: Vec<Vec<String>> = vec![vec!["--all-features".to_owned()]];
    if let Some((feature, _)) = &largest {
        configurations.push(vec![
            "--no-default-features".to_owned(),
            "--features".to_owned(),
            feature.clone(),
        ]);
    }
    // Dependencies first, so that the runs time the crate alone.
    for arguments in &configurations {
        cargo_check(&scratch, name, arguments)?;
    }
    let mut runs: Vec<Vec<(f64, u64)>> = vec![Vec::new(); configurations.len()];
    for _ in 0..RUNS {
        for (index, arguments) in configurations.iter().enumerate() {
            touch(&lib_rs)?;
            runs[index].push(cargo_check(&scratch, name, arguments)?);
        }
    }
    let mut checks = runs.into_iter().map(|runs| summarize(&runs));
    let all_features = checks.next().ok_or("no runs")?;
    let one_tag = largest
        .zip(checks.next())
        .map(|((feature, operations), check)| (feature, operations, check));
    Ok(LargeCrate {
        name: name.to_owned(),
        operations,
        lines,
        all_features,
        one_tag,
    })
}

/// The tag feature with the most operations (from the manifest's comments).
fn largest_tag(manifest: &str) -> Option<(String, usize)> {
    let lines: Vec<&str> = manifest.lines().collect();
    lines
        .windows(2)
        .filter_map(|pair| {
            let count = pair[0]
                .strip_prefix("# ")?
                .split_once(" operation")?
                .0
                .parse::<usize>()
                .ok()?;
            let feature = pair[1].strip_suffix(" = []")?;
            Some((feature.to_owned(), count))
        })
        .max_by_key(|(feature, count)| (*count, std::cmp::Reverse(feature.clone())))
}

/// Runs `cargo check -p name <arguments>` under `/usr/bin/time`: wall
/// seconds and peak memory in bytes.
fn cargo_check(scratch: &Path, name: &str, arguments: &[String]) -> Result<(f64, u64), String> {
    let report = scratch.join("time.txt");
    println!("$ cargo check -p {name} {}", arguments.join(" "));
    let status = Command::new("/usr/bin/time")
        .args(["-f", "%e %M", "-o"])
        .arg(&report)
        .args(["cargo", "check", "--quiet", "-p", name])
        .args(arguments)
        .current_dir(scratch)
        .env("CARGO_TARGET_DIR", target(scratch))
        // As a dependency is built: cargo compiles crates from a registry
        // or a git repository without incremental state. With it, a touched
        // file reuses the previous run's results, and the figure is no
        // longer what the crate costs.
        .env("CARGO_INCREMENTAL", "0")
        .status()
        .map_err(|error| format!("cannot run /usr/bin/time: {error}"))?;
    if !status.success() {
        return Err(format!(
            "{name} does not check with {}",
            arguments.join(" ")
        ));
    }
    let text = std::fs::read_to_string(&report).map_err(|error| error.to_string())?;
    let mut words = text.split_whitespace();
    let seconds = words.next().and_then(|word| word.parse::<f64>().ok());
    let kilobytes = words.next().and_then(|word| word.parse::<u64>().ok());
    match (seconds, kilobytes) {
        (Some(seconds), Some(kilobytes)) => Ok((seconds, kilobytes * 1024)),
        _ => Err(format!("cannot read /usr/bin/time's report: {text}")),
    }
}

fn summarize(runs: &[(f64, u64)]) -> Check {
    let mut seconds: Vec<f64> = runs.iter().map(|(seconds, _)| *seconds).collect();
    seconds.sort_by(f64::total_cmp);
    let mut peaks: Vec<u64> = runs.iter().map(|(_, peak)| *peak).collect();
    peaks.sort_unstable();
    Check {
        seconds: Estimate {
            median: quantile(&seconds, 0.5),
            low: quantile(&seconds, 0.0),
            high: quantile(&seconds, 1.0),
        },
        peak_bytes: peaks[peaks.len() / 2],
    }
}

/// The target directory the crates share (their dependencies are the same).
fn target(scratch: &Path) -> PathBuf {
    scratch.parent().unwrap_or(scratch).join("target")
}

/// Marks `path` modified, so that cargo checks its crate again.
fn touch(path: &PathBuf) -> Result<(), String> {
    let file = std::fs::File::options()
        .append(true)
        .open(path)
        .map_err(|error| error.to_string())?;
    file.set_modified(std::time::SystemTime::now())
        .map_err(|error| error.to_string())
}
