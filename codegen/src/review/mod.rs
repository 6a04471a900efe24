//! Reviewing a spec change: what it changes for users of the generated crate.
//!
//! Two views, combined: the semantic difference of the specs, each change
//! classified by what the generator emits for it (`spec`), and the difference
//! of the generated crates' public APIs (`surface`), which catches anything
//! the rules miss. The crate's required version bump is the larger of the two.

pub mod bump;
pub mod public_api;
pub mod report;
mod spec;
pub mod surface;

use serde::Serialize;

use crate::diagnostic::{Code, Diagnostic, Error};
use crate::generate;
use crate::load::Spec;
use crate::model::{self, Api};
use bump::Bump;
use surface::SurfaceDiff;

/// What a change means for code using the generated crate.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Class {
    /// Existing code compiles and behaves as before.
    NonBreaking,
    /// Existing code compiles, but what goes over the wire, or how an
    /// answer is decoded, changes.
    Behavioural,
    /// Existing code stops compiling, or responses stop decoding.
    Breaking,
}

impl Class {
    /// `breaking`, `behavioural`, `non-breaking`.
    pub fn label(self) -> &'static str {
        match self {
            Self::NonBreaking => "non-breaking",
            Self::Behavioural => "behavioural",
            Self::Breaking => "breaking",
        }
    }
}

/// One change of the spec, for the Rust client.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Change {
    /// Its class.
    pub class: Class,
    /// The version bump it needs.
    pub bump: Bump,
    /// What changed, in words.
    pub summary: String,
    /// The Rust items affected (`Client::list_accounts`, `types::Account::username`).
    pub rust_items: Vec<String>,
    /// Where, as a JSON pointer into the new spec (or the old one for removals).
    pub pointer: String,
    /// The line of `pointer` in the new spec, or of its nearest ancestor
    /// there (a removal is shown where it was removed from); none when the
    /// spec itself is gone.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
}

/// Whether the spec is new, gone or edited.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Only in the new tree: a new crate.
    Added,
    /// Only in the base revision: the crate is no longer generated.
    Removed,
    /// In both.
    Changed,
    /// In both, the same text.
    Unchanged,
}

/// The review of one spec and its crate.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct CrateReport {
    /// The crate's name (the spec's file stem).
    pub crate_name: String,
    /// The spec's path in the workspace.
    pub spec: String,
    /// New, gone, edited or untouched.
    pub status: Status,
    /// Semantic changes, classified.
    pub changes: Vec<Change>,
    /// The public API difference of the generated crate.
    pub public_api: SurfaceDiff,
    /// The bump the changes need: the larger of the two views.
    pub required_bump: Bump,
    /// The crate's version at the base revision (`info.x-crate-version`).
    pub base_version: Option<String>,
    /// The crate's version now.
    pub head_version: Option<String>,
    /// The smallest version that satisfies `required_bump`.
    pub required_version: Option<String>,
    /// Whether `head_version` is at least `required_version`.
    pub version_ok: bool,
    /// The line of `info.x-crate-version` in the new spec (of `info` when
    /// it has none), where a version that is not bumped is shown.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub version_line: Option<usize>,
}

impl CrateReport {
    /// The most severe class among the changes and the public API difference.
    pub fn worst_class(&self) -> Option<Class> {
        let surface = (self.public_api.bump == Bump::Major).then_some(Class::Breaking);
        self.changes
            .iter()
            .map(|change| change.class)
            .chain(surface)
            .max()
    }
}

/// One version of a spec with its model and the public API of the crate
/// generated from it.
#[derive(Debug)]
pub struct Version {
    /// The loaded spec.
    pub spec: Spec,
    /// The API it describes, as written (before normalization).
    pub model: Api,
    /// Its crate's public API listing ([`public_surface`]).
    pub surface: Vec<String>,
}

impl Version {
    /// Generates the crate of `spec` to read its public API.
    ///
    /// # Errors
    ///
    /// When the spec does not generate.
    pub fn of(spec: Spec) -> Result<Self, Error> {
        let surface = public_surface(&spec)?;
        let model = model::build(&spec, &crate::normalize::Plan::default())?;
        Ok(Self {
            spec,
            model,
            surface,
        })
    }
}

/// Reviews the change of one spec from `base` to `head` (either may be absent).
///
/// # Errors
///
/// Only when both sides are absent.
pub fn review(base: Option<&Version>, head: Option<&Version>) -> Result<CrateReport, Error> {
    let (before, after) = (
        base.map(|version| &version.surface),
        head.map(|version| &version.surface),
    );
    let (base_model, head_model) = (
        base.map(|version| &version.model),
        head.map(|version| &version.model),
    );
    let (base, head) = (
        base.map(|version| &version.spec),
        head.map(|version| &version.spec),
    );
    let Some(named) = head.or(base) else {
        return Err(Diagnostic::new(
            Code::Internal,
            std::path::Path::new("specs"),
            "nothing to compare",
        )
        .into());
    };
    let crate_name = named.name();
    let spec_path = head.map_or_else(
        || {
            base.map(|spec| spec.path.display().to_string())
                .unwrap_or_default()
        },
        |spec| spec.path.display().to_string(),
    );
    let version = |model: Option<&Api>| model.map(|model| model.info.crate_version.clone());
    let (base_version, head_version) = (version(base_model), version(head_model));

    let (status, mut changes) = match (base, head) {
        (Some(old), Some(new)) if old.json == new.json => (Status::Unchanged, Vec::new()),
        (Some(old), Some(new)) => (
            Status::Changed,
            changes(old, new, base_model.zip(head_model)),
        ),
        (None, _) => (Status::Added, Vec::new()),
        (_, None) => (
            Status::Removed,
            vec![Change {
                class: Class::Breaking,
                bump: Bump::Major,
                summary: format!(
                    "the spec is removed: the crate `{crate_name}` is no longer generated"
                ),
                rust_items: vec![crate_name.clone()],
                pointer: "#".to_owned(),
                line: None,
            }],
        ),
    };
    let public_api = match (before, after) {
        (Some(old), Some(new)) => surface::compare(old, new),
        _ => SurfaceDiff::default(),
    };
    let line_in_head = |pointer: &str| {
        head.and_then(|spec| spec.source_map.locate(pointer))
            .map(|at| at.line)
    };
    for change in &mut changes {
        change.line = line_in_head(&change.pointer);
    }
    let required_bump = changes
        .iter()
        .map(|change| change.bump)
        .chain([public_api.bump])
        .max()
        .unwrap_or(Bump::None);
    let parsed = |text: &Option<String>| text.as_deref().and_then(bump::Version::parse);
    let required = parsed(&base_version).map(|version| version.bumped(required_bump));
    let version_ok = match (&required, parsed(&head_version)) {
        (Some(required), Some(head)) => head >= *required,
        (None, _) => true,
        (Some(_), None) => status == Status::Removed,
    };
    Ok(CrateReport {
        crate_name,
        spec: spec_path,
        status,
        changes,
        public_api,
        required_bump,
        base_version,
        head_version,
        required_version: required.map(|version| version.to_string()),
        version_ok,
        version_line: line_in_head("#/info/x-crate-version"),
    })
}

/// The semantic changes from `old` to `new` (their models when both
/// generated), or a documentation-only change when the rules find none but
/// the documents differ beyond the crate version.
fn changes(old: &Spec, new: &Spec, models: Option<(&Api, &Api)>) -> Vec<Change> {
    let found = models.map_or_else(Vec::new, |(base, head)| spec::changes(base, head));
    if found.is_empty() && without_crate_version(&old.json) != without_crate_version(&new.json) {
        return vec![Change {
            class: Class::NonBreaking,
            bump: Bump::Patch,
            summary: "descriptions, summaries or examples changed (documentation only)".to_owned(),
            rust_items: Vec::new(),
            pointer: "#".to_owned(),
            line: None,
        }];
    }
    found
}

/// The document without `info.x-crate-version`, which is not part of the API.
fn without_crate_version(document: &serde_json::Value) -> serde_json::Value {
    let mut copy = document.clone();
    if let Some(info) = copy
        .get_mut("info")
        .and_then(serde_json::Value::as_object_mut)
    {
        info.remove("x-crate-version");
    }
    copy
}

/// The public API listing of the crate generated from `spec`: its
/// `lib.rs` listed from the syntax it would be printed from (printing and
/// parsing back would cost as much as generating it), and its cargo
/// features.
///
/// # Errors
///
/// When the spec does not generate.
pub fn public_surface(spec: &Spec) -> Result<Vec<String>, Error> {
    let crate_name = spec.name();
    let (listed, features) = generate::public_listing(spec, &|file: &syn::File| {
        public_api::lines_of(&crate_name, &file.items).map_err(|error| error.to_string())
    })?;
    let mut lines: Vec<String> = listed.into_iter().collect();
    lines.extend(public_api::feature_lines(&features));
    lines.sort();
    Ok(lines)
}
