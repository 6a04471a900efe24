//! Turns hand-written OpenAPI specs (3.0 or 3.1, YAML or JSON) into complete
//! Rust client crates.
//!
//! The pipeline, one folder or module per stage:
//!
//! 1. [`load`]: YAML or JSON → JSON plus a map from JSON pointer to
//!    line/column (3.1 translated to 3.0 on the way) → [`openapiv3::OpenAPI`];
//!    `load::refs` and `load::schemas` walk the loaded document;
//! 2. [`validate`]: refuse what is not valid OpenAPI or cannot be sent over
//!    HTTP as written, with positions; [`lint`] adds the project's
//!    style rules on top (`cargo xtask lint`);
//! 3. [`normalize`]: rewrite the valid document in memory into what
//!    progenitor generates, plus a plan of what is emitted around it;
//! 4. [`model`]: one typed model of the API (servers, security, operations
//!    with their parameters, bodies, classified responses and pagination,
//!    schemas with where they are used and their secrets), built once and
//!    read by every emitter and by the review;
//! 5. [`generate`]: progenitor, then [`emit`] (servers, auth glue to the
//!    `client-runtime` crate, error accessors, pagination, docs, README,
//!    manifest, example) from the model → crate files in memory;
//! 6. [`render`]: tokens → formatted Rust under a `@generated` header;
//! 7. [`mod@write`]: compare with the disk, diff, write only what changed.
//!
//! [`review`] is the other way in: it compares two versions of a spec (the
//! API, the generated crate's public surface, the version bump) for
//! `cargo xtask diff`.
//!
//! [`generate_workspace`] runs stages 1–6 for every spec in `specs/` and fails
//! as a whole if any spec fails, so callers write all clients or none.

pub mod diagnostic;
pub mod emit;
pub mod generate;
pub mod lint;
pub mod load;
pub mod model;
pub mod normalize;
pub mod render;
pub mod review;
pub mod validate;
pub mod write;

use std::path::{Path, PathBuf};

pub use diagnostic::{Code, Diagnostic, Error, Location, Severity};
pub use generate::{Generated, GeneratedFile};
pub use load::{Spec, stem};

/// Folder of the specs, relative to the workspace root.
pub const SPECS_DIR: &str = "specs";

/// File extensions of specs: YAML or JSON, OpenAPI 3.0 or 3.1 alike.
pub const SPEC_EXTENSIONS: &[&str] = &["yaml", "yml", "json"];

/// Whether `path` names a spec by its extension (one of [`SPEC_EXTENSIONS`]).
pub fn is_spec_file(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|extension| SPEC_EXTENSIONS.contains(&extension))
}

/// The specs in `root/specs` (`*.yaml`, `*.yml`, `*.json`), sorted, relative to `root`.
///
/// # Errors
///
/// When the folder cannot be read, or two specs share a file stem (both
/// would become the same crate).
pub fn discover_specs(root: &Path) -> Result<Vec<PathBuf>, Error> {
    let dir = root.join(SPECS_DIR);
    let entries =
        std::fs::read_dir(&dir).map_err(|error| Error::io(Path::new(SPECS_DIR), error))?;
    let mut names = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|error| Error::io(Path::new(SPECS_DIR), error))?;
        names.push(Path::new(SPECS_DIR).join(entry.file_name()));
    }
    select_specs(names)
}

/// The specs among `paths` (files of the specs folder, relative to the root),
/// sorted: what generation reads from the working tree and the review reads at
/// a revision, so the two cannot disagree on which files are specs.
///
/// # Errors
///
/// When two specs share a file stem (both would become the same crate).
pub fn select_specs(paths: impl IntoIterator<Item = PathBuf>) -> Result<Vec<PathBuf>, Error> {
    let mut specs: Vec<PathBuf> = paths
        .into_iter()
        .filter(|path| is_spec_file(path))
        .collect();
    specs.sort();
    let diagnostics: Vec<Diagnostic> = specs
        .windows(2)
        .filter(|pair| stem(&pair[0]) == stem(&pair[1]))
        .map(|pair| {
            Diagnostic::new(
                Code::CrateNameCollision,
                &pair[1],
                format!(
                    "`{}` and `{}` would both generate the crate `{}`",
                    pair[0].display(),
                    pair[1].display(),
                    stem(&pair[1])
                ),
            )
            .hint("keep one file per API; the file stem is the crate name")
        })
        .collect();
    if diagnostics.is_empty() {
        Ok(specs)
    } else {
        Err(Error::Spec(diagnostics))
    }
}

/// Generates the clients of the specs in `root/specs`, all in memory.
///
/// `only` restricts generation to the named APIs (spec file stems); empty means
/// all. Every spec is processed even after a failure so that all problems are
/// reported together; on any failure nothing is returned.
pub fn generate_workspace(root: &Path, only: &[String]) -> Result<Generated, Error> {
    let mut specs = discover_specs(root)?;
    if !only.is_empty() {
        let available: Vec<String> = specs.iter().map(|path| stem(path)).collect();
        let unknown: Vec<&String> = only
            .iter()
            .filter(|name| !available.contains(name))
            .collect();
        if !unknown.is_empty() {
            let diagnostics = unknown
                .into_iter()
                .map(|name| {
                    Diagnostic::new(
                        Code::UnknownApi,
                        Path::new(SPECS_DIR),
                        format!("there is no spec named `{name}`"),
                    )
                    .hint(format!("the specs are: {}", available.join(", ")))
                })
                .collect();
            return Err(Error::Spec(diagnostics));
        }
        specs.retain(|path| only.contains(&stem(path)));
    }

    let mut all = Generated::default();
    let mut diagnostics = Vec::new();
    for result in in_parallel(&specs, |path| generate_spec(root, path)) {
        match result {
            Ok(generated) => all.extend(generated),
            Err(Error::Spec(found)) => diagnostics.extend(found),
            Err(io) => return Err(io),
        }
    }
    if diagnostics.is_empty() {
        Ok(all)
    } else {
        Err(Error::Spec(diagnostics))
    }
}

/// Lints every spec in `root/specs` (validity plus the project's rules); all findings together.
pub fn lint_workspace(root: &Path) -> Result<usize, Error> {
    let specs = discover_specs(root)?;
    let mut diagnostics = Vec::new();
    for path in &specs {
        match load::load_spec(root, path).and_then(|spec| lint::lint(&spec)) {
            Ok(()) => {}
            Err(Error::Spec(found)) => diagnostics.extend(found),
            Err(io) => return Err(io),
        }
    }
    if diagnostics.is_empty() {
        Ok(specs.len())
    } else {
        Err(Error::Spec(diagnostics))
    }
}

/// Loads, validates and generates the spec at `root/path` (in memory), on
/// its own thread, turning a panic into a diagnostic.
pub fn generate_spec(root: &Path, path: &Path) -> Result<Generated, Error> {
    isolated(path, || {
        load::load_spec(root, path).and_then(|spec| generate::generate_client(&spec))
    })
}

/// The conformance program of the crate [`generate_spec`] generates for
/// the spec at `root/path`: the `main.rs` of a binary that calls each of
/// its operations against a mock server (see `tests/conformance`).
pub fn conformance_spec(root: &Path, path: &Path) -> Result<generate::ConformanceProgram, Error> {
    isolated(path, || {
        load::load_spec(root, path).and_then(|spec| generate::conformance_program(&spec))
    })
}

/// Like [`generate_spec`] for spec text held in memory; `path` names it in diagnostics.
pub fn generate_text(path: &Path, text: &str) -> Result<Generated, Error> {
    isolated(path, || {
        load::parse_spec(path, text).and_then(|spec| generate::generate_client(&spec))
    })
}

/// One side of a spec review: the spec's text and how to name it in messages
/// (e.g. `specs/pepipost.yaml at HEAD~1`).
#[derive(Clone, Copy, Debug)]
pub struct SpecVersion<'a> {
    /// The file of this version, relative to the root: its extension says how
    /// to read it (a spec may change format between versions).
    pub path: &'a Path,
    /// How diagnostics name this version of the file.
    pub label: &'a str,
    /// The spec's text, YAML or JSON.
    pub text: &'a str,
}

/// Reviews the change of the spec at `path` from `base` to `head` (either may
/// be absent: a new or a removed spec): semantic changes classified for the
/// Rust client, the public API difference of the generated crate, and the
/// version bump they need.
///
/// # Errors
///
/// When a side does not load or generate; its diagnostics name that side by its label.
pub fn review_spec(
    path: &Path,
    base: Option<SpecVersion<'_>>,
    head: Option<SpecVersion<'_>>,
) -> Result<review::CrateReport, Error> {
    isolated(path, || {
        let load = |side: Option<SpecVersion<'_>>| {
            side.map(|side| {
                load::parse_spec(side.path, side.text)
                    .and_then(review::Version::of)
                    .map_err(|error| relabel(error, side.label))
            })
            .transpose()
        };
        // The two sides are generated side by side: each is a whole client.
        let (base, head) = std::thread::scope(|scope| {
            let base = std::thread::Builder::new()
                .name(format!("codegen {} (base)", path.display()))
                .stack_size(generate::GENERATION_STACK_BYTES)
                .spawn_scoped(scope, || load(base));
            let head = load(head);
            let base = match base {
                Ok(worker) => worker
                    .join()
                    // `isolated` turns the panic into a diagnostic.
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
                Err(error) => Err(Error::io(path, error)),
            };
            (base, head)
        });
        let (base, head) = (base?, head?);
        review::review(base.as_ref(), head.as_ref())
    })
}

/// Renames the file in every diagnostic of `error` to `label`.
fn relabel(error: Error, label: &str) -> Error {
    match error {
        Error::Spec(diagnostics) => Error::Spec(
            diagnostics
                .into_iter()
                .map(|mut diagnostic| {
                    diagnostic.file = PathBuf::from(label);
                    diagnostic
                })
                .collect(),
        ),
        io => io,
    }
}

/// `work` for each item, on as many threads as the machine has cores,
/// with the results in the order of `items` (so output stays deterministic).
fn in_parallel<T: Sync, R: Send>(items: &[T], work: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let threads = std::thread::available_parallelism()
        .map_or(1, std::num::NonZeroUsize::get)
        .min(items.len());
    if threads <= 1 {
        return items.iter().map(work).collect();
    }
    let next = std::sync::atomic::AtomicUsize::new(0);
    let mut results: Vec<(usize, R)> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                scope.spawn(|| {
                    let mut done = Vec::new();
                    loop {
                        let index = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        let Some(item) = items.get(index) else {
                            return done;
                        };
                        done.push((index, work(item)));
                    }
                })
            })
            .collect();
        workers
            .into_iter()
            // `work` turns panics into results (see `isolated`); should one
            // escape anyway, it is not swallowed with the results it held.
            .flat_map(|worker| {
                worker
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
            })
            .collect()
    });
    results.sort_by_key(|(index, _)| *index);
    results.into_iter().map(|(_, result)| result).collect()
}

/// Runs `work` for the spec at `path` on a thread with a known, large stack,
/// turning a panic into a diagnostic naming the spec.
fn isolated<T: Send>(
    path: &Path,
    work: impl FnOnce() -> Result<T, Error> + Send,
) -> Result<T, Error> {
    std::thread::scope(|scope| {
        let worker = std::thread::Builder::new()
            .name(format!("codegen {}", path.display()))
            .stack_size(generate::GENERATION_STACK_BYTES)
            .spawn_scoped(scope, work)
            .map_err(|error| Error::io(path, error))?;
        worker.join().unwrap_or_else(|panic| {
            Err(Diagnostic::new(
                Code::Internal,
                path,
                format!(
                    "internal error: generation crashed: {}",
                    generate::panic_message(&*panic)
                ),
            )
            .hint("this is a bug in codegen; please report it with the spec")
            .into())
        })
    })
}
