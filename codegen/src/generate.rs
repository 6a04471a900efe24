//! Stage 3: a validated spec → the files of its client crate, in memory.

use std::collections::BTreeSet;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::PathBuf;

use openapiv3::{OpenAPI, ReferenceOr};
use proc_macro2::TokenStream;
use progenitor_impl::{GenerationSettings, Generator, HooksMode, InterfaceStyle, TagStyle};
use quote::quote;

use crate::diagnostic::{Code, Diagnostic, Error, escape_pointer_token};
use crate::emit::client;
use crate::emit::example;
use crate::emit::features::TagFeatures;
use crate::emit::package;
use crate::emit::pagination;
use crate::load::Spec;
use crate::model::{self, Api};
use crate::normalize::{Normalized, components, defaults, normalize};
use crate::render::{self, ClientParts};
use crate::validate::validate;

mod contain;

/// A file to be written, with its path relative to the workspace root.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GeneratedFile {
    /// Path relative to the workspace root, e.g. `clients/pepipost/src/lib.rs`.
    pub path: PathBuf,
    /// Exact contents.
    pub contents: String,
}

/// A generated client crate, in memory, and what the spec got wrong
/// without stopping generation.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Generated {
    /// The crate's files.
    pub files: Vec<GeneratedFile>,
    /// Warnings, each with the resolution generation applied.
    pub warnings: Vec<Diagnostic>,
    /// Directories (relative to the workspace root) that hold only
    /// generated files: a file there that generation no longer writes is
    /// stale (a type crate of a spread that changed, say).
    pub owned_dirs: Vec<PathBuf>,
}

impl Generated {
    /// Adds another spec's output to this one.
    pub fn extend(&mut self, other: Generated) {
        self.files.extend(other.files);
        self.warnings.extend(other.warnings);
        self.owned_dirs.extend(other.owned_dirs);
    }
}

/// Where the client for `spec` lives, relative to the workspace root.
pub fn client_dir(spec: &Spec) -> PathBuf {
    PathBuf::from("clients").join(spec.name())
}

/// Validates `spec` and generates its client crate: `Cargo.toml`, `README.md`,
/// `src/lib.rs`, and the crates its types are spread over when it has them
/// (`types/<suffix>/`, see [`crate::emit::type_crates`]).
pub fn generate_client(spec: &Spec) -> Result<Generated, Error> {
    render_client(spec, None, Spreading::AsTheSpecSays, None, RENAMES).and_then(crate_files)
}

/// Lists what one part of a client's `lib.rs` declares, read as syntax
/// (see [`render::Observer`]): the review's public API listing.
pub(crate) type Lister<'a> = &'a (dyn Fn(&syn::File) -> Result<BTreeSet<String>, String> + Sync);

/// What the crate [`generate_client`] would write declares, as the review
/// sees it: what `list` finds in its `lib.rs`, read from the syntax it
/// would be printed from, with every type in the client crate (as the
/// crates its types may be spread over make it look to users); and its
/// cargo features. Nothing is printed.
pub(crate) fn public_listing(
    spec: &Spec,
    list: Lister<'_>,
) -> Result<(BTreeSet<String>, Vec<package::CargoFeature>), Error> {
    let rendered = render_client(spec, None, Spreading::Never, Some(list), RENAMES)?;
    let features = package::cargo_features(&rendered.spec, &rendered.api, &[]);
    Ok((rendered.lib_rs.listed.unwrap_or_default(), features))
}

/// The conformance program of the client crate [`generate_client`] writes
/// for `spec` (see [`crate::emit::conformance`]): its `main.rs`.
///
/// # Errors
///
/// When the spec does not generate.
pub fn conformance_program(spec: &Spec) -> Result<ConformanceProgram, Error> {
    // Rendered as the crate is, so that names and types are the crate's;
    // listed by no one, so that nothing is printed.
    let rendered = render_client(
        spec,
        None,
        Spreading::AsTheSpecSays,
        Some(&|_: &syn::File| Ok(BTreeSet::new())),
        RENAMES,
    )?;
    let spec = &rendered.spec;
    let typing = model::typing::types(&spec.json).map_err(|message| {
        Diagnostic::new(
            Code::Unsupported,
            &spec.path,
            format!("cannot type the conformance program: {message}"),
        )
    })?;
    let values = model::instances::operations(&spec.json);
    Ok(ConformanceProgram {
        main_rs: render::rust_file(
            spec,
            crate::emit::conformance::program(&spec.name(), &rendered.api, &typing, &values),
        )?,
        operations: rendered
            .api
            .operations
            .iter()
            .map(model::Operation::label)
            .collect(),
    })
}

/// A client's conformance program (see [`conformance_program`]).
#[derive(Clone, Debug)]
pub struct ConformanceProgram {
    /// Its `main.rs`.
    pub main_rs: String,
    /// The operations it calls (`GET /items`), as its report names them.
    pub operations: Vec<String>,
}

/// How many times generation renames the components typify names like
/// another of its types and starts again (a renamed component may meet
/// another such name).
const RENAMES: usize = 3;

/// Whether a client's types may be spread over crates of their own.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Spreading {
    AsTheSpecSays,
    Never,
}

/// A client's `lib.rs` rendered, with what it was rendered from: the spec
/// as generation last changed it (defaults left out, parts contained), its
/// model, and the warnings so far.
struct Rendered {
    spec: Spec,
    api: Api,
    lib_rs: LibRs,
    warnings: Vec<Diagnostic>,
}

/// Validates `original` and renders its client's `lib.rs`, on several
/// threads when `parallel_hint` says so (by default, from
/// [`PARALLEL_FROM_OPERATIONS`] operations on); shown to `list` and not
/// printed, when given.
fn render_client(
    original: &Spec,
    parallel_hint: Option<bool>,
    spreading: Spreading,
    list: Option<Lister<'_>>,
    renames_left: usize,
) -> Result<Rendered, Error> {
    check_crate_name(original)?;
    validate(original)?;
    let Normalized {
        spec,
        plan,
        mut warnings,
    } = normalize(original)?;
    let mut spec = spec;
    let mut api = model::build(&spec, &plan)?;
    let parallel = parallel_hint.unwrap_or(api.operations.len() >= PARALLEL_FROM_OPERATIONS);
    let spread = spreading == Spreading::AsTheSpecSays;
    let mut lib_rs = lib_rs(&spec, &api, parallel, spread, list);
    // typify may refuse a default it cannot make: try again without them.
    for reach in [defaults::Reach::Composite, defaults::Reach::All] {
        match &lib_rs {
            Err(error) if defaults::is_refused_default(error) => {
                let (without, left_out) = defaults::leave_out(&spec, reach)?;
                spec = without;
                api = model::build(&spec, &plan)?;
                lib_rs = self::lib_rs(&spec, &api, parallel, spread, list);
                if lib_rs.is_ok() {
                    warnings.extend(left_out);
                }
            }
            _ => break,
        }
    }
    // A part progenitor cannot take costs that part: contained, then tried again.
    if lib_rs.is_err()
        && let Some((contained, given_up)) = contain::contain(&spec)
    {
        spec = contained;
        api = model::build(&spec, &plan)?;
        lib_rs = self::lib_rs(&spec, &api, parallel, spread, list);
        warnings.extend(given_up);
    }
    let lib_rs = lib_rs?;
    // typify named a schema inside another like a component: one name, two
    // types. The component is renamed where the user wrote it, and the
    // whole spec generated again (normalization's plan names its types).
    if !lib_rs.shadowed.is_empty() && renames_left > 0 {
        let (renamed, mut renamed_warnings) =
            components::rename_shadowed(original, &lib_rs.shadowed)?;
        let mut rendered =
            render_client(&renamed, parallel_hint, spreading, list, renames_left - 1)?;
        renamed_warnings.append(&mut rendered.warnings);
        rendered.warnings = renamed_warnings;
        return Ok(rendered);
    }
    Ok(Rendered {
        spec,
        api,
        lib_rs,
        warnings,
    })
}

/// The files of the client crate whose `lib.rs` was rendered: its
/// manifest, README and example, and the crates its types are spread over.
fn crate_files(rendered: Rendered) -> Result<Generated, Error> {
    let Rendered {
        spec,
        api,
        lib_rs:
            LibRs {
                text: lib_rs,
                crates: type_crates,
                ..
            },
        warnings,
    } = rendered;
    let spec = &spec;
    let example = match example::quickstart(spec, &api) {
        Some(tokens) => Some(render::rust_file(spec, tokens)?),
        None => None,
    };
    let dir = client_dir(spec);
    let suffixes: Vec<&str> = type_crates
        .iter()
        .map(|type_crate| type_crate.suffix.as_str())
        .collect();
    let mut files = vec![
        GeneratedFile {
            path: dir.join("Cargo.toml"),
            contents: package::manifest(spec, &api, &lib_rs, example.is_some(), &suffixes),
        },
        GeneratedFile {
            path: dir.join("README.md"),
            contents: package::readme(spec, &api, &suffixes),
        },
        GeneratedFile {
            path: dir.join("src").join("lib.rs"),
            contents: lib_rs,
        },
    ];
    for type_crate in &type_crates {
        let crate_dir = dir.join("types").join(&type_crate.suffix);
        files.push(GeneratedFile {
            path: crate_dir.join("Cargo.toml"),
            contents: package::type_crate_manifest(
                spec,
                &api,
                &type_crate.suffix,
                &type_crate.depends_on,
                &type_crate.lib_rs,
            ),
        });
        files.push(GeneratedFile {
            path: crate_dir.join("src").join("lib.rs"),
            contents: type_crate.lib_rs.clone(),
        });
    }
    if let Some(contents) = example {
        files.push(GeneratedFile {
            path: dir.join("examples").join(example::file_name(spec)),
            contents,
        });
    }
    Ok(Generated {
        files,
        warnings,
        owned_dirs: vec![dir.join("types")],
    })
}

/// The client's `lib.rs`: the client, its `types` module and the mocks,
/// rendered on one thread or, when `parallel`, side by side (same bytes);
/// with the crates the types are spread over, when `spread` allows them;
/// when `list` is given, what it finds in it instead of its text.
fn lib_rs(
    spec: &Spec,
    api: &Api,
    parallel: bool,
    spread: bool,
    list: Option<Lister<'_>>,
) -> Result<LibRs, Error> {
    // Each attempt lists its own parts: a retry starts afresh.
    let listed = std::sync::Mutex::new(Ok(BTreeSet::new()));
    let observe = |file: &syn::File| {
        let Some(list) = list else { return };
        let found = list(file);
        let mut listed = listed
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        match (&mut *listed, found) {
            (Ok(lines), Ok(found)) => lines.extend(found),
            (Ok(_), Err(error)) => *listed = Err(error),
            (Err(_), _) => {}
        }
    };
    let observe: render::Observer<'_> = &observe;
    let sink = match list {
        Some(_) => render::Sink::observing(observe),
        None => render::Sink::printing(observe),
    };
    // Three parts that need nothing from each other are mended and formatted
    // side by side on a large spec: the `types` module, the mocks, and the
    // rest of the client (on this thread). Syntax trees cannot move between
    // threads, so the `types` module travels as text; a small spec does not
    // repay the threads and has the same parts made in turn, on one thread.
    let (client, types, mocks) = if parallel {
        std::thread::scope(|scope| {
            let mocks = spawn_part(scope, || mock_module(spec, api, sink));
            let mut parts = match run_progenitor(spec) {
                Ok(tokens) => render::split_types(tokens),
                Err(error) => {
                    let types = Ok(render::TypesText {
                        module: String::new(),
                        crates: Vec::new(),
                    });
                    return (Err(error), types, join_part(spec, mocks));
                }
            };
            let roots = request_roots(api, &parts);
            let gating = type_gating(api, &parts);
            // The builders are most of the `types` module: they get a thread
            // of their own and are put back in place as text.
            let (types, builders) = match render::split_builders(std::mem::take(&mut parts.types)) {
                Ok((types, builders)) => (types.to_string(), Some(builders.to_string())),
                Err(types) => (types.to_string(), None),
            };
            let (found, wanted) = std::sync::mpsc::channel();
            let builders = builders.map(|text| {
                spawn_part(scope, move || {
                    render::builders(
                        spec,
                        api,
                        render::reparse(spec, &text)?,
                        || wanted.recv().ok(),
                        sink,
                    )
                })
            });
            let types = spawn_part(scope, move || {
                let tokens = render::reparse(spec, &types)?;
                render::types_without_builders(
                    spec,
                    api,
                    tokens,
                    roots,
                    gating,
                    spread,
                    |facts| {
                        // The builders' thread may have failed already; its error is reported.
                        let _ = found.send(facts);
                    },
                    sink,
                )
            });
            let client = client_code(spec, api, parts, sink);
            let types = join_part(spec, types).and_then(|types| match builders {
                Some(builders) => {
                    render::join_builders(spec, types, join_part(spec, builders)?, sink)
                }
                None => Ok(render::TypesText {
                    module: sink.space_out(spec, types.module)?,
                    crates: types
                        .crates
                        .into_iter()
                        .map(|type_crate| {
                            Ok(render::TypeCrateFile {
                                lib_rs: sink.space_out(spec, type_crate.lib_rs)?,
                                ..type_crate
                            })
                        })
                        .collect::<Result<Vec<_>, Error>>()?,
                }),
            });
            (client, types, join_part(spec, mocks))
        })
    } else {
        match run_progenitor(spec).map(render::split_types) {
            Ok(mut parts) => {
                let roots = request_roots(api, &parts);
                let gating = type_gating(api, &parts);
                let types = render::types_module(
                    spec,
                    api,
                    std::mem::take(&mut parts.types),
                    roots,
                    gating,
                    spread,
                    sink,
                );
                let client = client_code(spec, api, parts, sink);
                (client, types, mock_module(spec, api, sink))
            }
            Err(error) => return Err(error),
        }
    };
    let client = client?;
    let render::TypesText { module, crates } = types?;
    let (mocks, shadowed) = mocks?;
    let listed = match listed
        .into_inner()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
    {
        Ok(lines) => list.map(|_| lines),
        Err(message) => {
            return Err(Diagnostic::new(
                Code::Internal,
                &spec.path,
                format!(
                    "internal error: the generated code's public API cannot be listed: {message}"
                ),
            )
            .into());
        }
    };
    Ok(LibRs {
        text: format!("{}\n{}", client.with_types(&module), mocks),
        crates,
        shadowed,
        listed,
    })
}

/// A client's `lib.rs`, the crates its types are spread over, and the type
/// names typify gave more than one type (to rename: see [`render_client`]).
struct LibRs {
    text: String,
    crates: Vec<render::TypeCrateFile>,
    shadowed: BTreeSet<String>,
    /// What the lister found in it, when there was one.
    listed: Option<BTreeSet<String>>,
}

/// The `types` items requests carry directly: those progenitor's operation
/// builders hold, and the types of multipart parts (held by the structs
/// `emit::multipart` adds).
fn request_roots(api: &Api, parts: &ClientParts) -> std::collections::BTreeSet<String> {
    let part_types = api
        .operations
        .iter()
        .flat_map(|operation| part_types(&operation.wire));
    crate::emit::builders::request_roots(&parts.rest, part_types)
}

/// The Rust types of the parts of the operation's multipart body, if it has one.
fn part_types(wire: &model::Wire) -> impl Iterator<Item = &str> {
    wire.multipart
        .iter()
        .flat_map(|body| &body.fields)
        .filter_map(|field| match &field.kind {
            model::PartKind::Value(rust_type) => Some(rust_type.as_str()),
            _ => None,
        })
}

/// What gating the types by tag needs, when the API has per-tag features:
/// the features, and the `types` items each operation (by client method)
/// names: in its builder, as its per-status enums and events, and as the
/// types of its multipart parts.
fn type_gating(api: &Api, parts: &ClientParts) -> Option<render::TypeGating> {
    let features = TagFeatures::of(api)?;
    let mut by_builder = crate::emit::reach::operation_roots(&parts.rest);
    let roots = api
        .operations
        .iter()
        .map(|operation| {
            let builder = crate::normalize::names::pascal(&operation.name);
            let mut roots = by_builder.remove(&builder).unwrap_or_default();
            // What normalization puts in place of progenitor's types:
            // the per-status enums, the events' type.
            let wire = &operation.wire;
            roots.extend(
                [&wire.success, &wire.failure]
                    .into_iter()
                    .flatten()
                    .map(|union| union.type_name.clone()),
            );
            for rust_type in part_types(wire).chain(wire.events.as_deref()) {
                if let Ok(tokens) = rust_type.parse::<TokenStream>() {
                    crate::emit::reach::named_types(&tokens, &mut roots);
                }
            }
            (operation.name.clone(), roots)
        })
        .collect();
    Some(render::TypeGating { features, roots })
}

/// From how many operations a spec's client is generated on several threads.
const PARALLEL_FROM_OPERATIONS: usize = 40;

/// Stack for loading and generating one spec. The recursive stages are
/// bounded by the loader's nesting limits; this makes the bound independent
/// of the caller's thread (test threads get only 2 MiB).
pub(crate) const GENERATION_STACK_BYTES: usize = 64 * 1024 * 1024;

/// A part of the client generated on its own thread (with the generation stack).
type Part<'scope, T> = Result<std::thread::ScopedJoinHandle<'scope, Result<T, Error>>, String>;

fn spawn_part<'scope, T: Send + 'scope>(
    scope: &'scope std::thread::Scope<'scope, '_>,
    work: impl FnOnce() -> Result<T, Error> + Send + 'scope,
) -> Part<'scope, T> {
    std::thread::Builder::new()
        .stack_size(GENERATION_STACK_BYTES)
        .spawn_scoped(scope, work)
        .map_err(|error| error.to_string())
}

/// The part's code, or a diagnostic for its panic or for a thread that could not start.
fn join_part<T>(spec: &Spec, part: Part<'_, T>) -> Result<T, Error> {
    let handle = part.map_err(|error| {
        Diagnostic::new(
            Code::Internal,
            &spec.path,
            format!("cannot start a generation thread: {error}"),
        )
    })?;
    handle.join().unwrap_or_else(|panic| {
        Err(Diagnostic::new(
            Code::Internal,
            &spec.path,
            format!(
                "internal error: the generator crashed: {}",
                panic_message(&*panic)
            ),
        )
        .into())
    })
}

/// The client's `lib.rs` without the mocks, formatted, from `parts`
/// (whose `types` are rendered apart), with what [`crate::emit`] adds from `api`.
fn client_code(
    spec: &Spec,
    api: &Api,
    parts: ClientParts,
    sink: render::Sink<'_>,
) -> Result<render::ClientFile, Error> {
    let ClientParts { rest, .. } = parts;
    let extra_tokens = client::tokens(&spec.name(), api);
    let paging_tokens = pagination::tokens(api);
    render::client_file(
        spec,
        api,
        quote! {
            #![doc = include_str!("../README.md")]
            #![forbid(unsafe_code)]
            #![warn(missing_docs)]
            // The prose of docs comes from the spec, written for the web:
            // its indentation and tabs are the vendor's, not style to fix.
            #![allow(
                clippy::doc_lazy_continuation,
                clippy::doc_overindented_list_items,
                clippy::tabs_in_doc_comments
            )]

            #rest
            #extra_tokens
            #paging_tokens
        },
        sink,
    )
}

/// The `mock` module (cargo feature `mock`), formatted, and the names
/// typify gives more than one type ([`model::typing::Typing::shadowed_names`]).
fn mock_module(
    spec: &Spec,
    api: &Api,
    sink: render::Sink<'_>,
) -> Result<(String, BTreeSet<String>), Error> {
    // The document passed progenitor, which runs typify as the typing does.
    let typing = model::typing::types(&spec.json).map_err(|message| {
        Diagnostic::new(
            Code::Unsupported,
            &spec.path,
            format!("cannot generate the mocks: {message}"),
        )
    })?;
    let features = TagFeatures::of(api);
    let module = render::mock_module(
        spec,
        crate::emit::mocks::module(api, &typing, features.as_ref()),
        sink,
    )?;
    Ok((module, typing.shadowed_names()))
}

/// Runs progenitor, turning its errors (and, defensively, its panics) into
/// diagnostics located at the operation that causes them.
fn run_progenitor(spec: &Spec) -> Result<TokenStream, Error> {
    let settings = settings();
    let (code, failure) = match progenitor(&settings, &spec.document) {
        Ok(tokens) => return Ok(tokens),
        Err(failure) => failure,
    };
    let diagnostic = match culprit(&settings, spec) {
        Some((pointer, operation)) => spec.diagnostic(
            code,
            &pointer,
            format!("{failure} (in operation {operation})"),
        ),
        None => Diagnostic::new(code, &spec.path, failure),
    };
    Err(diagnostic
        .hint("the spec uses something the generator does not support; simplify this part, or report it with the spec")
        .into())
}

/// How progenitor is asked to generate: builder interface, and our own
/// `ClientHooks` implementation over the runtime's `ClientState`.
pub fn settings() -> GenerationSettings {
    let mut settings = GenerationSettings::new();
    let state = syn::Ident::new(
        crate::emit::runtime::CLIENT_STATE_TYPE,
        proc_macro2::Span::call_site(),
    );
    settings
        .with_interface(InterfaceStyle::Builder)
        .with_tag(TagStyle::Merged)
        .with_derive("PartialEq")
        .with_inner_type(quote!(#state))
        .with_hooks(HooksMode::Expected);
    settings
}

/// progenitor's output for `document`, or a message for its error or panic.
fn progenitor(
    settings: &GenerationSettings,
    document: &OpenAPI,
) -> Result<TokenStream, (Code, String)> {
    match catch_unwind(AssertUnwindSafe(|| {
        Generator::new(settings).generate_tokens(document)
    })) {
        Ok(Ok(tokens)) => Ok(tokens),
        Ok(Err(error)) => Err((
            Code::Unsupported,
            format!("cannot generate a client: {error}"),
        )),
        Err(panic) => Err((
            Code::Internal,
            format!(
                "internal error: the generator crashed on this spec: {}",
                panic_message(&*panic)
            ),
        )),
    }
}

/// The first operation that fails on its own, as (pointer, `METHOD /path`).
fn culprit(settings: &GenerationSettings, spec: &Spec) -> Option<(String, String)> {
    let mut bare = spec.document.clone();
    bare.paths.paths.clear();
    if progenitor(settings, &bare).is_err() {
        return None; // The components alone fail: no operation to blame.
    }
    let operations: Vec<(&String, &str)> = spec
        .document
        .paths
        .paths
        .iter()
        .filter_map(|(path, item)| Some((path, item.as_item()?)))
        .flat_map(|(path, item)| item.iter().map(move |(method, _)| (path, method)))
        .collect();
    // The document with only `subset` of the operations.
    let fails = |subset: &[(&String, &str)]| {
        let mut reduced = bare.clone();
        for (path, method) in subset {
            let Some(ReferenceOr::Item(item)) = spec.document.paths.paths.get(*path) else {
                continue;
            };
            let entry = reduced
                .paths
                .paths
                .entry((*path).clone())
                .or_insert_with(|| {
                    let mut empty = item.clone();
                    for slot in operation_slots(&mut empty) {
                        *slot = None;
                    }
                    ReferenceOr::Item(empty)
                });
            let slot = METHOD_NAMES.iter().position(|name| name == method);
            if let (ReferenceOr::Item(reduced_item), Some(slot)) = (entry, slot) {
                let mut source = item.clone();
                *operation_slots(reduced_item)[slot] = operation_slots(&mut source)[slot].take();
            }
        }
        progenitor(settings, &reduced).is_err()
    };
    // Halving: a failure that one operation causes is found in about
    // log2(operations) runs, not one run per operation.
    let mut candidates = operations.as_slice();
    while candidates.len() > 1 {
        let (first, second) = candidates.split_at(candidates.len() / 2);
        if fails(first) {
            candidates = first;
        } else if fails(second) {
            candidates = second;
        } else {
            return None; // Only operations together fail: no single one to blame.
        }
    }
    let (path, method) = candidates.first()?;
    let pointer = format!("#/paths/{}/{method}", escape_pointer_token(path));
    Some((pointer, format!("{} {path}", method.to_uppercase())))
}

/// The HTTP methods of [`operation_slots`], in the same order.
const METHOD_NAMES: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// A path item's operation slots, in the order of [`METHOD_NAMES`].
fn operation_slots(item: &mut openapiv3::PathItem) -> [&mut Option<openapiv3::Operation>; 8] {
    [
        &mut item.get,
        &mut item.put,
        &mut item.post,
        &mut item.delete,
        &mut item.options,
        &mut item.head,
        &mut item.patch,
        &mut item.trace,
    ]
}

/// The file stem becomes the crate name, so it must be one.
fn check_crate_name(spec: &Spec) -> Result<(), Error> {
    let name = spec.name();
    let valid = name.starts_with(|c: char| c.is_ascii_lowercase())
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_');
    if valid {
        Ok(())
    } else {
        Err(Diagnostic::new(Code::InvalidCrateName,
            &spec.path,
            format!("`{name}` cannot be a crate name; the spec's file name becomes the client crate's name"),
        )
        .hint("rename the spec to lower-case letters, digits, `-` and `_`, e.g. `specs/my-api.yaml`")
        .into())
    }
}

/// The message a panic was raised with.
pub(crate) fn panic_message(panic: &(dyn std::any::Any + Send)) -> &str {
    panic
        .downcast_ref::<String>()
        .map(String::as_str)
        .or_else(|| panic.downcast_ref::<&str>().copied())
        .unwrap_or("unknown reason")
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::load::parse_spec;

    #[test]
    fn rendering_side_by_side_writes_the_same_bytes_as_rendering_in_turn() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"))
            .parent()
            .expect("workspace");
        // Secrets (their builders are redacted on another thread), builders,
        // response enums, pagination; and a spec without any type.
        // Types spread over crates (the type crates' builders are split on
        // their own thread too).
        let mut specs: Vec<Spec> = [
            "specs/pepipost.yaml",
            "specs/infinipost.yaml",
            "tests/constructs/type-crates.yaml",
        ]
        .into_iter()
        .map(|path| crate::load::load_spec(root, Path::new(path)).expect("spec loads"))
        .collect();
        let bare = "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths:\n  /a:\n    get:\n      operationId: a\n      responses: {'204': {description: ok}}\n";
        specs.push(parse_spec(Path::new("specs/bare.yaml"), bare).expect("spec parses"));
        for spec in &specs {
            let generate = |parallel| {
                render_client(
                    spec,
                    Some(parallel),
                    Spreading::AsTheSpecSays,
                    None,
                    RENAMES,
                )
                .and_then(crate_files)
                .expect("generates")
            };
            let (side_by_side, in_turn) = (generate(true), generate(false));
            let paths = |generated: &Generated| {
                generated
                    .files
                    .iter()
                    .map(|file| file.path.clone())
                    .collect::<Vec<_>>()
            };
            assert_eq!(
                paths(&side_by_side),
                paths(&in_turn),
                "{}",
                spec.path.display()
            );
            for (one, other) in side_by_side.files.iter().zip(&in_turn.files) {
                let diff = similar::TextDiff::from_lines(&other.contents, &one.contents)
                    .unified_diff()
                    .to_string();
                assert!(diff.is_empty(), "{}:\n{diff}", one.path.display());
            }
            assert_eq!(side_by_side.warnings, in_turn.warnings);
        }
    }

    #[test]
    fn the_parts_listed_unprinted_declare_what_the_printed_crate_declares() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"))
            .parent()
            .expect("workspace");
        let mut paths = Vec::new();
        for folder in ["specs", "tests/constructs", "tests/warned-specs"] {
            for entry in std::fs::read_dir(root.join(folder)).expect("folder") {
                let path = entry.expect("entry").path();
                if crate::is_spec_file(&path) {
                    paths.push(path.strip_prefix(root).expect("below root").to_owned());
                }
            }
        }
        paths.sort();
        let mut compared = 0;
        for path in &paths {
            let spec = crate::load::load_spec(root, path).expect("spec loads");
            let crate_name = spec.name();
            let list = |file: &syn::File| {
                crate::review::public_api::lines_of(&crate_name, &file.items)
                    .map_err(|error| error.to_string())
            };
            // Side by side, the builders are a part of their own.
            for parallel in [false, true] {
                let generate =
                    |list| render_client(&spec, Some(parallel), Spreading::Never, list, RENAMES);
                let (Ok(printed), Ok(listed)) =
                    (generate(None).and_then(crate_files), generate(Some(&list)))
                else {
                    continue;
                };
                let file = |name: &str| {
                    let file = printed.files.iter().find(|file| file.path.ends_with(name));
                    file.expect("generated").contents.as_str()
                };
                let mut printed =
                    crate::review::public_api::public_api(&crate_name, file("src/lib.rs"))
                        .expect("parses");
                printed.extend(crate::review::public_api::cargo_features(file(
                    "Cargo.toml",
                )));
                let mut listed: Vec<String> = listed
                    .lib_rs
                    .listed
                    .expect("listed")
                    .into_iter()
                    .chain(crate::review::public_api::feature_lines(
                        &package::cargo_features(&listed.spec, &listed.api, &[]),
                    ))
                    .collect();
                listed.sort();
                printed.sort();
                assert_eq!(listed, printed, "{} (parallel: {parallel})", path.display());
                compared += 1;
            }
        }
        // Every spec but the few that are refused, each both ways.
        assert!(compared > 2 * 30, "{compared} of {}", paths.len());
    }

    #[test]
    fn a_generator_crash_is_a_diagnostic_at_the_operation_that_causes_it() {
        // An optional path parameter trips an assertion in progenitor; validation
        // rejects it, so call the generator directly to stand in for a crash
        // that validation does not foresee.
        let text = "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths:\n  /a:\n    get:\n      operationId: a\n      responses: {'200': {description: ok}}\n  /b/{id}:\n    post:\n      operationId: b\n      parameters: [{name: id, in: path, required: false, schema: {type: string}}]\n      responses: {'200': {description: ok}}\n";
        let spec = parse_spec(Path::new("specs/t.yaml"), text).unwrap();
        let Err(Error::Spec(diagnostics)) = run_progenitor(&spec) else {
            panic!("expected a diagnostic")
        };
        let message = diagnostics[0].to_string();
        assert!(
            message.starts_with(
                "specs/t.yaml:9:5: error[internal]: internal error: the generator crashed"
            ),
            "{message}"
        );
        assert!(message.contains("(in operation POST /b/{id})"), "{message}");
    }
}
