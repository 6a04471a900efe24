//! `cargo xtask`: project automation. Thin by design: it parses arguments,
//! calls into `codegen`, and renders results and errors.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use codegen::write::{Planned, Status};

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
      --root DIR  the workspace to work on (default: this repository)
  lint [--root DIR]
      Check the specs against the project's rules on top of validity: every
      operation has a summary, a description and error responses; operationIds
      are snake_case; every property is documented; examples match schemas.
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
        Command::Help => {
            println!("{USAGE}");
            ExitCode::SUCCESS
        }
        Command::Lint { root } => lint(&root.unwrap_or_else(workspace_root)),
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
        other => Err(format!("unknown command `{other}`")),
    }
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

/// The workspace root: the parent of this crate's manifest directory.
fn workspace_root() -> PathBuf {
    let manifest_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    manifest_dir.parent().unwrap_or(manifest_dir).to_path_buf()
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
