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
mod git;
mod review;

use review::{FailOn, Format};

const USAGE: &str = "\
Usage: cargo xtask <command>

Commands:
  generate [--check] [--api NAME]...
      Regenerate the client crates in clients/ from the specs in specs/.
      Only files whose bytes change are rewritten; if any spec is invalid,
      nothing is written.
      --check     write nothing; exit 1 with a unified diff if the committed
                  clients differ from a fresh generation
      --api NAME  only the API whose spec is specs/NAME.yaml (repeatable)
      --root DIR  the workspace to work on (default: the workspace cargo runs
                  this command in, else the one around the current directory)
  lint [--root DIR]
      Check the specs against the project's rules on top of validity: every
      operation has a summary, a description and error responses; operationIds
      are snake_case; every property is documented; examples match schemas.
  diff [--base REV] [--format text|markdown|json] [--fail-on WHEN] [--root DIR]
      Review the spec changes since REV (default: HEAD, so uncommitted edits
      show) for the users of the generated crates: each change classified as
      breaking, behavioural or non-breaking with the Rust items it affects,
      the public API difference of each crate, and the version bump it needs
      against the crate's version (`info.x-crate-version` in the spec).
      --format    text (default), markdown (a PR comment) or json
      --fail-on   exit 1 when: breaking | behavioural (or worse) | any |
                  unbumped (a crate's version does not reflect its changes)
  bench
      Run every benchmark (code generation, scaling, client overhead against
      hand-written reqwest, build cost) and write BENCHMARKS.md. Takes minutes.
  help
      Show this message.";

/// What the user asked for.
#[derive(Debug, PartialEq, Eq)]
enum Command {
    Generate {
        check: bool,
        only: Vec<String>,
        root: Option<PathBuf>,
    },
    Lint {
        root: Option<PathBuf>,
    },
    Diff {
        base: String,
        format: Format,
        fail_on: Option<FailOn>,
        root: Option<PathBuf>,
    },
    Bench,
    Help,
}

fn main() -> ExitCode {
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
    let args: Vec<String> = std::env::args().skip(1).collect();
    let command = match parse(&args) {
        Ok(command) => command,
        Err(message) => {
            eprintln!("error: {message}\n\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    match command {
        Command::Bench => bench::run(&workspace_root()),
        Command::Help => {
            println!("{USAGE}");
            ExitCode::SUCCESS
        }
        Command::Lint { root } => lint(&root.unwrap_or_else(workspace_root)),
        Command::Diff {
            base,
            format,
            fail_on,
            root,
        } => review::run(&root.unwrap_or_else(workspace_root), &base, format, fail_on),
        Command::Generate { check, only, root } => {
            generate(&root.unwrap_or_else(workspace_root), check, &only)
        }
    }
}

fn parse(args: &[String]) -> Result<Command, String> {
    let Some((name, rest)) = args.split_first() else {
        return Ok(Command::Help);
    };
    match name.as_str() {
        "help" | "--help" | "-h" => Ok(Command::Help),
        "generate" => {
            let mut check = false;
            let mut only = Vec::new();
            let mut root = None;
            let mut rest = rest.iter();
            while let Some(arg) = rest.next() {
                match arg.as_str() {
                    "--check" => check = true,
                    "--help" | "-h" => return Ok(Command::Help),
                    "--root" => match rest.next() {
                        Some(dir) => root = Some(PathBuf::from(dir)),
                        None => return Err("`--root` needs a directory".into()),
                    },
                    "--api" => match rest.next() {
                        Some(api) => only.push(api.clone()),
                        None => {
                            return Err(
                                "`--api` needs the name of an API, e.g. `--api pepipost`".into()
                            );
                        }
                    },
                    other => match other.strip_prefix("--api=") {
                        Some(api) => only.push(api.to_owned()),
                        None => return Err(format!("unknown argument `{other}` for `generate`")),
                    },
                }
            }
            Ok(Command::Generate { check, only, root })
        }
        "lint" => match rest {
            [] => Ok(Command::Lint { root: None }),
            [flag, dir] if flag == "--root" => Ok(Command::Lint {
                root: Some(PathBuf::from(dir)),
            }),
            [other, ..] => Err(format!("unknown argument `{other}` for `lint`")),
        },
        "diff" => parse_diff(rest),
        "bench" => match rest {
            [] => Ok(Command::Bench),
            [other, ..] => Err(format!("unknown argument `{other}` for `bench`")),
        },
        other => Err(format!("unknown command `{other}`")),
    }
}

fn parse_diff(rest: &[String]) -> Result<Command, String> {
    let mut base = "HEAD".to_owned();
    let mut format = Format::Text;
    let mut fail_on = None;
    let mut root = None;
    let mut rest = rest.iter();
    while let Some(arg) = rest.next() {
        let (flag, inline) = match arg.split_once('=') {
            Some((flag, value)) if flag.starts_with("--") => (flag, Some(value.to_owned())),
            _ => (arg.as_str(), None),
        };
        if matches!(flag, "--help" | "-h") {
            return Ok(Command::Help);
        }
        let mut value = |what: &str| {
            inline
                .clone()
                .or_else(|| rest.next().cloned())
                .ok_or_else(|| format!("`{flag}` needs {what}"))
        };
        match flag {
            "--base" => base = value("a git revision, e.g. `--base origin/main`")?,
            "--format" => {
                format = match value("text, markdown or json")?.as_str() {
                    "text" => Format::Text,
                    "markdown" | "md" => Format::Markdown,
                    "json" => Format::Json,
                    other => {
                        return Err(format!(
                            "unknown format `{other}`: use text, markdown or json"
                        ));
                    }
                }
            }
            "--fail-on" => {
                let when = value("breaking, behavioural, any or unbumped")?;
                fail_on = Some(FailOn::parse(&when).ok_or_else(|| {
                    format!("unknown `--fail-on` value `{when}`: use breaking, behavioural, any or unbumped")
                })?);
            }
            "--root" => root = Some(PathBuf::from(value("a directory")?)),
            other => return Err(format!("unknown argument `{other}` for `diff`")),
        }
    }
    Ok(Command::Diff {
        base,
        format,
        fail_on,
        root,
    })
}

fn generate(root: &Path, check: bool, only: &[String]) -> ExitCode {
    let plan = match codegen::generate_workspace(root, only)
        .and_then(|files| codegen::write::plan(root, files))
    {
        Ok(plan) => plan,
        Err(error) => {
            eprintln!("{error}");
            eprintln!("\nNothing was written: the committed clients are unchanged.");
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
                let verb = if planned.status == Status::Created {
                    "created"
                } else {
                    "updated"
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
    use super::*;

    fn args(text: &str) -> Vec<String> {
        text.split_whitespace().map(str::to_owned).collect()
    }

    #[test]
    fn generate_arguments_are_understood() {
        assert_eq!(
            parse(&args("generate --check --api pepipost --api=infinipost")),
            Ok(Command::Generate {
                check: true,
                only: vec!["pepipost".into(), "infinipost".into()],
                root: None,
            })
        );
        assert_eq!(parse(&args("")), Ok(Command::Help));
    }

    #[test]
    fn diff_arguments_are_understood_and_default_to_head_and_text() {
        assert_eq!(
            parse(&args("diff")),
            Ok(Command::Diff {
                base: "HEAD".into(),
                format: Format::Text,
                fail_on: None,
                root: None,
            })
        );
        assert_eq!(
            parse(&args(
                "diff --base origin/main --format=markdown --fail-on breaking"
            )),
            Ok(Command::Diff {
                base: "origin/main".into(),
                format: Format::Markdown,
                fail_on: Some(FailOn::Breaking),
                root: None,
            })
        );
        assert_eq!(
            parse(&args("diff --format yaml")).unwrap_err(),
            "unknown format `yaml`: use text, markdown or json"
        );
        assert_eq!(
            parse(&args("diff --fail-on")).unwrap_err(),
            "`--fail-on` needs breaking, behavioural, any or unbumped"
        );
    }

    #[test]
    fn bad_arguments_are_rejected_with_a_reason() {
        assert_eq!(
            parse(&args("generate --api")).unwrap_err(),
            "`--api` needs the name of an API, e.g. `--api pepipost`"
        );
        assert_eq!(
            parse(&args("generate --force")).unwrap_err(),
            "unknown argument `--force` for `generate`"
        );
        assert_eq!(
            parse(&args("frobnicate")).unwrap_err(),
            "unknown command `frobnicate`"
        );
    }
}
