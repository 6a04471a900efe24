//! What the spec says about itself: title, versions, description.

use crate::load::Spec;

/// The crate version of a spec without `info.x-crate-version`.
pub const DEFAULT_CRATE_VERSION: &str = "0.1.0";

/// `info`, as the crate's manifest and README use it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Info {
    /// The API's title.
    pub title: String,
    /// The API's own version (`info.version`).
    pub version: String,
    /// Its description, when it has one.
    pub description: Option<String>,
    /// The generated crate's version: `info.x-crate-version`, or
    /// [`DEFAULT_CRATE_VERSION`].
    pub crate_version: String,
    /// `info.x-type-crates`: over how many group crates a client with
    /// per-tag features spreads its types (0: none); `None` to decide by
    /// size ([`crate::emit::type_crates::group_count`]).
    pub type_crates: Option<usize>,
}

/// The `info` of `spec`.
pub fn info(spec: &Spec) -> Info {
    let info = &spec.document.info;
    Info {
        title: info.title.clone(),
        version: info.version.clone(),
        description: info.description.clone(),
        crate_version: match info.extensions.get("x-crate-version") {
            Some(serde_json::Value::String(version)) => version.clone(),
            _ => DEFAULT_CRATE_VERSION.to_owned(),
        },
        type_crates: info
            .extensions
            .get("x-type-crates")
            .and_then(serde_json::Value::as_u64)
            .and_then(|count| usize::try_from(count).ok()),
    }
}
