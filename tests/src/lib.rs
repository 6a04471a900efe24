//! Support for the end-to-end tests: local HTTP servers on 127.0.0.1 that
//! record the requests they receive and answer from a script or a handler
//! (the stateful fakes of both APIs in [`fakes`]), synthetic specs, and
//! helpers to read the workspace and its specs.

use std::path::{Path, PathBuf};

/// The workspace README's examples compile and are tested as doctests of this crate.
#[doc = include_str!("../../README.md")]
pub mod readme {}

pub mod conformance;
pub mod fakes;
pub mod oracle;
pub mod prism;
pub mod real_pairs;
pub mod scratch;
mod server;
pub mod spec_diffs;
pub mod synthetic;

pub use server::{
    CannedResponse, KeepAliveServer, LocalServer, RecordedRequest, decode_path_segment,
};

/// The workspace root (the parent of the `tests` crate).
pub fn workspace_root() -> PathBuf {
    let manifest_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    manifest_dir.parent().unwrap_or(manifest_dir).to_path_buf()
}

/// The file names of the YAML specs in a corpus folder of the workspace
/// (`tests/broken-specs`), sorted.
///
/// # Panics
///
/// When the folder cannot be read.
pub fn yaml_corpus(folder: &str) -> Vec<String> {
    let dir = workspace_root().join(folder);
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap_or_else(|error| panic!("{folder}: {error}"))
        .map(|entry| {
            entry
                .expect("entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .filter(|name| name.ends_with(".yaml"))
        .collect();
    names.sort();
    names
}

/// The version of the committed client `api`, from its generated manifest.
///
/// # Panics
///
/// When the client's manifest cannot be read or has no version.
pub fn crate_version(api: &str) -> String {
    let manifest =
        std::fs::read_to_string(workspace_root().join(format!("clients/{api}/Cargo.toml")))
            .unwrap_or_else(|error| panic!("clients/{api}/Cargo.toml: {error}"));
    manifest
        .lines()
        .find_map(|line| line.strip_prefix("version = \""))
        .and_then(|rest| rest.strip_suffix('"'))
        .unwrap_or_else(|| panic!("clients/{api}/Cargo.toml has no version"))
        .to_owned()
}

/// The `User-Agent` a client built with defaults sends: `<crate>/<version>`.
///
/// # Panics
///
/// As [`crate_version`].
pub fn default_user_agent(api: &str) -> String {
    format!("{api}/{}", crate_version(api))
}

/// The example at `pointer` (RFC 6901, without `#`) in the spec `specs/<api>.yaml`:
/// the tests answer with the vendor's documented examples, taken from the spec itself.
///
/// # Panics
///
/// When the spec does not load or has no value at `pointer`.
pub fn spec_example(api: &str, pointer: &str) -> serde_json::Value {
    let root = workspace_root();
    let spec = codegen::load::load_spec(&root, &Path::new("specs").join(format!("{api}.yaml")))
        .unwrap_or_else(|error| panic!("{error}"));
    let document = serde_json::to_value(&spec.document).expect("a spec serializes to JSON");
    document
        .pointer(pointer)
        .unwrap_or_else(|| panic!("specs/{api}.yaml has no value at {pointer}"))
        .clone()
}
