//! What a large generated crate costs those who depend on it: its lines,
//! and `cargo check` of the crate alone (dependencies built; with the
//! crates its types are spread over, when it has them) with every feature
//! and with one tag's feature, as whole processes (wall seconds, peak
//! memory of all of them together and of the largest), without
//! incremental compilation, as cargo builds a dependency.
//!
//! The documents are a ~500-operation description of the public API
//! directory (`visma.net.json`) and GitHub's, both unpacked by the
//! directory sweep; a document that is not there is skipped.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use super::process_tree;
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
    /// Lines of its `src/lib.rs` and of its type crates' (see `crates`).
    pub lines: usize,
    /// How many crates it is: 1, or more when its types are spread.
    pub crates: usize,
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
    /// Peak resident memory of the processes together, in bytes (median).
    pub peak_bytes: u64,
    /// Peak resident memory of the largest process, in bytes (median).
    pub largest_bytes: u64,
}

/// Generates and checks each document the sweep unpacked.
pub fn measure(root: &Path, xtask: &Path) -> Result<Vec<LargeCrate>, String> {
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
    let mut sources = vec![crate_dir.join("src").join("lib.rs")];
    if let Ok(type_crates) = std::fs::read_dir(crate_dir.join("types")) {
        let mut type_crates: Vec<PathBuf> = type_crates
            .filter_map(|entry| Some(entry.ok()?.path().join("src").join("lib.rs")))
            .collect();
        type_crates.sort();
        sources.extend(type_crates);
    }
    let mut lines = 0;
    for source in &sources {
        lines += std::fs::read_to_string(source)
            .map_err(|error| format!("{}: {error}", source.display()))?
            .lines()
            .count();
    }
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
    let mut runs: Vec<Vec<process_tree::Usage>> =
        configurations.iter().map(|_| Vec::new()).collect();
    for _ in 0..RUNS {
        for (index, arguments) in configurations.iter().enumerate() {
            for source in &sources {
                touch(source)?;
            }
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
        crates: sources.len(),
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
            // `tag = []`, or `tag = ["<type crate>/tag", …]` when the
            // crate's types are spread.
            let (feature, _) = pair[1].split_once(" = [")?;
            Some((feature.to_owned(), count))
        })
        .max_by_key(|(feature, count)| (*count, std::cmp::Reverse(feature.clone())))
}

/// Runs `cargo check -p name <arguments>`: wall seconds, peak memory of
/// its processes together and of the largest, in bytes.
fn cargo_check(
    scratch: &Path,
    name: &str,
    arguments: &[String],
) -> Result<process_tree::Usage, String> {
    println!("$ cargo check -p {name} {}", arguments.join(" "));
    let mut command = Command::new("cargo");
    command
        .args(["check", "--quiet", "-p", name])
        .args(arguments)
        .current_dir(scratch)
        .env("CARGO_TARGET_DIR", target(scratch))
        // As a dependency is built: cargo compiles crates from a registry
        // or a git repository without incremental state. With it, a touched
        // file reuses the previous run's results, and the figure is no
        // longer what the crate costs.
        .env("CARGO_INCREMENTAL", "0");
    process_tree::run(command).map_err(|error| {
        format!(
            "{name} does not check with {}: {error}",
            arguments.join(" ")
        )
    })
}

fn summarize(runs: &[process_tree::Usage]) -> Check {
    let mut seconds: Vec<f64> = runs.iter().map(|usage| usage.seconds).collect();
    seconds.sort_by(f64::total_cmp);
    let median_of = |bytes: fn(&process_tree::Usage) -> u64| {
        let mut values: Vec<u64> = runs.iter().map(bytes).collect();
        values.sort_unstable();
        values[values.len() / 2]
    };
    Check {
        seconds: Estimate {
            median: quantile(&seconds, 0.5),
            low: quantile(&seconds, 0.0),
            high: quantile(&seconds, 1.0),
        },
        peak_bytes: median_of(|usage| usage.peak_bytes),
        largest_bytes: median_of(|usage| usage.largest_bytes),
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
