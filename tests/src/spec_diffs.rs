//! The spec-review corpus, `tests/spec-diffs/<case>/{before,after}.yaml`:
//! its cases, and the review of each, shared by the tests that check the
//! review's verdicts (against expectations, and against rustc and
//! cargo-semver-checks).

use std::path::{Path, PathBuf};

use codegen::SpecVersion;
use codegen::review::CrateReport;

use crate::workspace_root;

/// The folder of the corpus.
pub fn corpus() -> PathBuf {
    workspace_root().join("tests/spec-diffs")
}

/// The names of the cases (the corpus's folders), sorted.
///
/// # Panics
///
/// When the corpus cannot be read.
pub fn cases() -> Vec<String> {
    let mut cases: Vec<String> = std::fs::read_dir(corpus())
        .expect("the corpus exists")
        .map(|entry| entry.expect("entry").path())
        .filter(|path| path.is_dir())
        .map(|path| {
            path.file_name()
                .expect("a folder name")
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    cases.sort();
    cases
}

/// The API a case changes, which names its crate: the vendor replays keep
/// their vendor's name, every other case is `widgets`.
pub fn api(case: &str) -> &'static str {
    ["infinipost", "pepipost"]
        .into_iter()
        .find(|api| case.starts_with(api))
        .unwrap_or("widgets")
}

/// The text of one side (`before.yaml`, `after.yaml`) of `case`.
///
/// # Panics
///
/// When it cannot be read.
pub fn side(case: &str, side: &str) -> String {
    std::fs::read_to_string(corpus().join(case).join(side))
        .unwrap_or_else(|error| panic!("{case}/{side}: {error}"))
}

/// The review of `case`, as `cargo xtask diff` reports it for `specs/<api>.yaml`.
///
/// # Panics
///
/// When a side does not generate.
pub fn review(case: &str) -> CrateReport {
    let (before, after) = (side(case, "before.yaml"), side(case, "after.yaml"));
    let path = Path::new("specs").join(format!("{}.yaml", api(case)));
    codegen::review_spec(
        &path,
        Some(SpecVersion {
            path: &path,
            label: &format!("{case}/before.yaml"),
            text: &before,
        }),
        Some(SpecVersion {
            path: &path,
            label: &format!("{case}/after.yaml"),
            text: &after,
        }),
    )
    .unwrap_or_else(|error| panic!("{case}: {error}"))
}
