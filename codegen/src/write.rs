//! Stage 5: compare generated files with the disk, show diffs, write what changed.
//!
//! Files whose bytes are unchanged are never touched (their mtime stays, so
//! cargo does not rebuild). Changed files are written to a temporary file next
//! to the target and renamed over it, so a reader never sees half a file.

use std::fs;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use crate::diagnostic::Error;
use crate::generate::GeneratedFile;

/// How a generated file relates to what is on disk.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// The file does not exist yet.
    Created,
    /// The file exists with other contents.
    Modified,
    /// The file already has exactly these contents.
    Unchanged,
    /// The file is in a directory only generation writes, and generation
    /// no longer writes it (the planned contents are empty).
    Removed,
}

/// A generated file next to the current contents of its target.
#[derive(Debug, Clone)]
pub struct Planned {
    /// The file as generated.
    pub file: GeneratedFile,
    /// What is on disk now (lossily decoded), if the file exists.
    pub current: Option<String>,
    /// Whether writing would change anything.
    pub status: Status,
}

impl Planned {
    /// A unified diff from the disk to the generated contents (empty when unchanged).
    pub fn unified_diff(&self) -> String {
        if self.status == Status::Unchanged {
            return String::new();
        }
        let path = self.file.path.display().to_string();
        let old = self.current.as_deref().unwrap_or_default();
        let new = match self.status {
            Status::Removed => "/dev/null".to_owned(),
            _ => format!("b/{path}"),
        };
        similar::TextDiff::from_lines(old, &self.file.contents)
            .unified_diff()
            .context_radius(3)
            .header(&format!("a/{path}"), &new)
            .to_string()
    }
}

/// Compares each generated file with the file at `root/path`.
pub fn plan(root: &Path, files: Vec<GeneratedFile>) -> Result<Vec<Planned>, Error> {
    files
        .into_iter()
        .map(|file| {
            let target = root.join(&file.path);
            let current = match fs::read(&target) {
                Ok(bytes) => Some(bytes),
                Err(error) if error.kind() == std::io::ErrorKind::NotFound => None,
                Err(error) => return Err(Error::io(&file.path, error)),
            };
            let status = match &current {
                None => Status::Created,
                Some(bytes) if bytes.as_slice() == file.contents.as_bytes() => Status::Unchanged,
                Some(_) => Status::Modified,
            };
            let current = current.map(|bytes| String::from_utf8_lossy(&bytes).into_owned());
            Ok(Planned {
                file,
                current,
                status,
            })
        })
        .collect()
}

/// The files under `root/<owned dir>` (directories only generation
/// writes) that are not among `files`, planned for removal.
pub fn removals(
    root: &Path,
    owned_dirs: &[PathBuf],
    files: &[GeneratedFile],
) -> Result<Vec<Planned>, Error> {
    let generated: std::collections::BTreeSet<&Path> =
        files.iter().map(|file| file.path.as_path()).collect();
    let mut found = Vec::new();
    for dir in owned_dirs {
        let mut pending = vec![dir.clone()];
        while let Some(dir) = pending.pop() {
            let entries = match fs::read_dir(root.join(&dir)) {
                Ok(entries) => entries,
                Err(error) if error.kind() == std::io::ErrorKind::NotFound => continue,
                Err(error) => return Err(Error::io(&dir, error)),
            };
            for entry in entries {
                let entry = entry.map_err(|error| Error::io(&dir, error))?;
                let path = dir.join(entry.file_name());
                let kind = entry.file_type().map_err(|error| Error::io(&path, error))?;
                if kind.is_dir() {
                    pending.push(path);
                } else if !generated.contains(path.as_path()) {
                    found.push(path);
                }
            }
        }
    }
    found.sort();
    found
        .into_iter()
        .map(|path| {
            let current = fs::read(root.join(&path)).map_err(|error| Error::io(&path, error))?;
            Ok(Planned {
                file: GeneratedFile {
                    path,
                    contents: String::new(),
                },
                current: Some(String::from_utf8_lossy(&current).into_owned()),
                status: Status::Removed,
            })
        })
        .collect()
}

/// Writes every planned file that changed and removes the stale ones
/// (and the directories they leave empty); returns their paths.
pub fn apply(root: &Path, plan: &[Planned]) -> Result<Vec<PathBuf>, Error> {
    let mut written = Vec::new();
    for planned in plan
        .iter()
        .filter(|planned| planned.status != Status::Unchanged)
    {
        let target = root.join(&planned.file.path);
        let result = match planned.status {
            Status::Removed => fs::remove_file(&target).map(|()| {
                // Up to the first directory that still holds something.
                let mut dir = target.parent();
                while let Some(empty) = dir.filter(|dir| *dir != root) {
                    if fs::remove_dir(empty).is_err() {
                        break;
                    }
                    dir = empty.parent();
                }
            }),
            _ => write_atomically(&target, planned.file.contents.as_bytes()),
        };
        result.map_err(|error| Error::io(&planned.file.path, error))?;
        written.push(planned.file.path.clone());
    }
    Ok(written)
}

fn write_atomically(target: &Path, contents: &[u8]) -> std::io::Result<()> {
    let dir = target.parent().unwrap_or(Path::new("."));
    fs::create_dir_all(dir)?;
    let file_name = target.file_name().unwrap_or_default().to_string_lossy();
    let temporary = dir.join(format!(".{file_name}.{}.tmp", std::process::id()));
    let result = (|| {
        let mut file = fs::File::create(&temporary)?;
        file.write_all(contents)?;
        file.sync_all()?;
        fs::rename(&temporary, target)
    })();
    if result.is_err() {
        let _ = fs::remove_file(&temporary);
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("codegen-write-{name}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).unwrap();
        dir
    }

    fn file(path: &str, contents: &str) -> GeneratedFile {
        GeneratedFile {
            path: PathBuf::from(path),
            contents: contents.to_owned(),
        }
    }

    #[test]
    fn only_changed_files_are_written_and_unchanged_ones_keep_their_mtime() {
        let root = scratch("mtime");
        fs::create_dir_all(root.join("a")).unwrap();
        fs::write(root.join("a/same.rs"), "same\n").unwrap();
        fs::write(root.join("a/old.rs"), "old\n").unwrap();
        let before = fs::metadata(root.join("a/same.rs"))
            .unwrap()
            .modified()
            .unwrap();

        let plan = plan(
            &root,
            vec![
                file("a/same.rs", "same\n"),
                file("a/old.rs", "new\n"),
                file("b/fresh.rs", "x\n"),
            ],
        )
        .unwrap();
        let statuses: Vec<Status> = plan.iter().map(|p| p.status).collect();
        assert_eq!(
            statuses,
            [Status::Unchanged, Status::Modified, Status::Created]
        );
        assert_eq!(
            plan[1].unified_diff(),
            "--- a/a/old.rs\n+++ b/a/old.rs\n@@ -1 +1 @@\n-old\n+new\n"
        );

        let written = apply(&root, &plan).unwrap();
        assert_eq!(
            written,
            [PathBuf::from("a/old.rs"), PathBuf::from("b/fresh.rs")]
        );
        assert_eq!(fs::read_to_string(root.join("a/old.rs")).unwrap(), "new\n");
        assert_eq!(fs::read_to_string(root.join("b/fresh.rs")).unwrap(), "x\n");
        let after = fs::metadata(root.join("a/same.rs"))
            .unwrap()
            .modified()
            .unwrap();
        assert_eq!(before, after);
        // No temporary files are left behind.
        assert_eq!(fs::read_dir(root.join("a")).unwrap().count(), 2);
    }

    #[test]
    fn files_generation_no_longer_writes_in_its_own_directories_are_removed() {
        let root = scratch("removals");
        for path in [
            "c/types/1/src/lib.rs",
            "c/types/2/src/lib.rs",
            "c/src/mine.rs",
        ] {
            fs::create_dir_all(root.join(path).parent().unwrap()).unwrap();
            fs::write(root.join(path), "old\n").unwrap();
        }
        let files = vec![file("c/types/1/src/lib.rs", "old\n")];
        let stale = removals(&root, &[PathBuf::from("c/types")], &files).unwrap();
        let paths: Vec<&Path> = stale.iter().map(|p| p.file.path.as_path()).collect();
        assert_eq!(paths, [Path::new("c/types/2/src/lib.rs")]);
        assert_eq!(stale[0].status, Status::Removed);
        assert_eq!(
            stale[0].unified_diff(),
            "--- a/c/types/2/src/lib.rs\n+++ /dev/null\n@@ -1 +0,0 @@\n-old\n"
        );
        apply(&root, &stale).unwrap();
        assert!(
            !root.join("c/types/2").exists(),
            "its emptied directories go too"
        );
        assert!(root.join("c/types/1/src/lib.rs").exists());
        // Outside the directories generation owns, nothing is touched.
        assert!(root.join("c/src/mine.rs").exists());
        // A directory that is not there holds nothing stale.
        assert!(
            removals(&root, &[PathBuf::from("d/types")], &files)
                .unwrap()
                .is_empty()
        );
    }
}
