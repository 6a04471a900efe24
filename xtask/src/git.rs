//! Reading specs at a git revision, through the `git` command.

use std::path::{Path, PathBuf};
use std::process::Command;

/// The commit `revision` names in the repository at `root`.
pub fn resolve(root: &Path, revision: &str) -> Result<String, String> {
    let output = git(
        root,
        &[
            "rev-parse",
            "--verify",
            "--quiet",
            &format!("{revision}^{{commit}}"),
        ],
    )?;
    if !output.status.success() {
        return Err(format!(
            "the base revision `{revision}` does not exist in {} (try a branch, a tag or a commit, e.g. `--base origin/main`)",
            root.display()
        ));
    }
    Ok(String::from_utf8_lossy(&output.stdout).trim().to_owned())
}

/// The spec files at `commit` (the same selection generation makes of the
/// working tree: [`codegen::select_specs`]), relative to the root.
pub fn specs_at(root: &Path, commit: &str) -> Result<Vec<PathBuf>, String> {
    let output = git(
        root,
        &[
            "ls-tree",
            "--name-only",
            commit,
            &format!("{}/", codegen::SPECS_DIR),
        ],
    )?;
    if !output.status.success() {
        return Err(format!(
            "cannot list {} at {commit}: {}",
            codegen::SPECS_DIR,
            String::from_utf8_lossy(&output.stderr).trim()
        ));
    }
    codegen::select_specs(
        String::from_utf8_lossy(&output.stdout)
            .lines()
            .map(PathBuf::from),
    )
    .map_err(|error| format!("at {commit}: {error}"))
}

/// The text of `path` at `commit`.
pub fn read_at(root: &Path, commit: &str, path: &Path) -> Result<String, String> {
    let spec = format!("{commit}:{}", path.display());
    let output = git(root, &["show", &spec])?;
    if !output.status.success() {
        return Err(format!(
            "cannot read {} at {commit}: {}",
            path.display(),
            String::from_utf8_lossy(&output.stderr).trim()
        ));
    }
    String::from_utf8(output.stdout)
        .map_err(|_| format!("{} at {commit} is not UTF-8", path.display()))
}

fn git(root: &Path, args: &[&str]) -> Result<std::process::Output, String> {
    Command::new("git")
        .arg("-C")
        .arg(root)
        .args(args)
        .output()
        .map_err(|error| {
            format!("cannot run `git` ({error}); `cargo xtask diff` needs git on PATH")
        })
}
