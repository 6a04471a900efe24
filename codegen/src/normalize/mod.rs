//! Stage 3: a valid spec → the subset of OpenAPI that progenitor generates,
//! plus a [`Plan`] of what we emit around progenitor's output.
//!
//! progenitor refuses or panics on much valid OpenAPI: operations without an
//! `operationId`, several success or error bodies per operation, a `default`
//! response beside a `200`, `application/*+json`, media types without a
//! schema, request bodies other than JSON, form, plain text and octet stream.
//! Rather than refuse such specs, this stage rewrites the document in memory
//! (recording every move in the source map, so diagnostics still point at the
//! user's lines) and records in the [`Plan`] what it decided beyond the
//! document: each operation's method name and [`Wire`] (response enums, the
//! `Content-Type` really sent). [`crate::model::build`] folds the plan into
//! the model; emitters read the model, never the plan.
//!
//! What the rewritten document means, operation by operation:
//!
//! - **repairs** ([`repair`]): what the spec gets wrong without stopping a
//!   client (examples, defaults, formats, untyped schemas, enum values that
//!   clash in Rust) is resolved first, with a warning each.
//! - **parameters the client cannot send as declared** ([`unsendable`]):
//!   taken as text, or left out (with the operations that require them).
//! - **references** ([`references`]): a `$ref` to anything but a component
//!   entry becomes one to a component (schemas) or a copy (the rest).
//! - **path parameters** ([`path_parameters`]): templates and declared path
//!   parameters are made to agree (a query string in a template, an
//!   undeclared `{name}`), with a warning; one whose Rust name another
//!   parameter of the operation has (a path `id` beside a query `id`) is
//!   renamed, with a warning; its name never reaches the wire.
//! - **component names** ([`components`]): schemas whose Rust names collide
//!   are renamed, with a warning.
//! - **type names** ([`type_names`]): titles stop naming types, and the
//!   non-null part of a nullable `oneOf`/`anyOf`/`allOf` component becomes
//!   a component of its own, so typify never defines or merges two types
//!   under one name.
//! - **documentation** ([`text`]): line breaks become `\n`, as rustdoc
//!   wants them.
//! - **names**: every `operationId` becomes the snake_case method name
//!   ([`names::method_name`]); an operation without one gets
//!   [`names::derived_method_name`]. Two operations with the same method name
//!   are a warning, and the later one is named after its method and path;
//!   servers sharing a constant name are named apart ([`servers`]).
//! - **responses** ([`responses`]): `default` is the error response when the
//!   operation lists a success status, else the success response; several
//!   different success (or error) bodies become one enum with a variant per
//!   documented status; `application/*+json` is JSON; JSON without a schema
//!   is any JSON value.
//! - **shapes** ([`shapes`]): component objects that only other components
//!   name and that have one shape become one type, the others its aliases.
//! - **request bodies** ([`bodies`]): one media type is chosen (JSON first),
//!   other binary and text types are sent as bytes or text with their own
//!   `Content-Type`.

pub mod bodies;
pub mod components;
pub mod constraints;
pub mod defaults;
pub mod media;
pub mod multipart;
pub mod names;
pub mod parameters;
pub mod path_parameters;
pub mod references;
pub mod repair;
pub mod responses;
pub mod servers;
pub mod shapes;
pub mod text;
pub mod type_names;
pub mod unsendable;

use std::collections::BTreeMap;

use serde_json::{Map, Value};

use crate::diagnostic::{Code, Diagnostic, Error, escape_pointer_token};
use crate::load::Spec;

use crate::load::walk::METHODS;

/// What normalization decided beyond the rewritten document: the input of
/// [`crate::model::build`], which folds it into the model of the API (no
/// emitter reads it).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Plan {
    /// Every operation, by its JSON pointer (`#/paths/~1a/get`).
    pub operations: BTreeMap<String, PlannedOperation>,
    /// Components generated as another of their shape, by name.
    pub type_aliases: Vec<shapes::TypeAlias>,
}

/// What normalization decided for one operation.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PlannedOperation {
    /// The client method that calls it (the one place method names are given).
    pub name: String,
    /// How its request and responses are carried.
    pub wire: Wire,
}

/// How one operation's request and responses are carried where progenitor's
/// defaults do not serve: the media types really sent, the per-status enums,
/// events and text.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Wire {
    /// The enum of the success responses, when they have different bodies.
    pub success: Option<Union>,
    /// The enum of the error responses, when they have different bodies.
    pub failure: Option<Union>,
    /// The request `Content-Type` to send instead of the one progenitor sends
    /// for the body's encoding (`application/merge-patch+json`, `image/png`).
    pub content_type: Option<String>,
    /// A sentence for the method's documentation about the body's media type.
    pub body_note: Option<String>,
    /// The body is `multipart/form-data`: the builder takes a
    /// `reqwest::multipart::Form`, which sets the boundary it needs, or the
    /// typed body this describes, which becomes one.
    pub multipart: Option<MultipartBody>,
    /// Cookie parameters (given to progenitor as headers of the same name),
    /// sent together in one `Cookie` header.
    pub cookies: Vec<String>,
    /// The body is `application/x-www-form-urlencoded`, encoded by the
    /// runtime with these properties' styles (the media type's `encoding`).
    pub form: Option<Vec<(String, FormStyle)>>,
    /// The success response is `text/event-stream`: the path of the type
    /// each event's data decodes into (`types::Chunk`, `::serde_json::Value`).
    pub events: Option<String>,
    /// The success response is `text/*` (not an event stream): the builder
    /// also has `send_text`, which reads it as a `String`.
    pub text: bool,
}

/// How a property of a form body is encoded: its `encoding` entry's
/// `style` and `explode`, as the runtime's `FormStyle` spells them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FormStyle {
    /// `style: form` (also for a style forms do not have).
    Form {
        /// `explode`, `true` unless the spec says otherwise.
        explode: bool,
    },
    /// `style: spaceDelimited`.
    SpaceDelimited,
    /// `style: pipeDelimited`.
    PipeDelimited,
    /// `style: deepObject`.
    DeepObject,
}

/// A `multipart/form-data` body: the struct of its parts, when the schema
/// lists them.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct MultipartBody {
    /// The struct's name in the crate's `multipart` module (`UploadPhotoBody`).
    pub type_name: String,
    /// One per property of the schema, in its order; none when the schema
    /// lists no properties (the caller then builds the form).
    pub fields: Vec<MultipartField>,
}

/// One property of a [`MultipartBody`]: a part, or one part per item.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MultipartField {
    /// The part's name, as sent.
    pub part: String,
    /// The field's (and its setter's) Rust name.
    pub field: String,
    /// The property's description.
    pub doc: Option<String>,
    /// Whether the schema requires it (a `new` argument, not an `Option`).
    pub required: bool,
    /// What the field holds.
    pub kind: PartKind,
    /// The part's content type from the media type's `encoding`, when it
    /// names exactly one.
    pub content_type: Option<String>,
}

/// What a [`MultipartField`] holds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PartKind {
    /// A file (`format: binary`): the runtime's `FilePart`.
    File,
    /// Several files under one name.
    Files,
    /// A value of this Rust type, sent as text or JSON (an array as one
    /// part per item).
    Value(String),
}

/// An enum with one variant per documented status of an operation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Union {
    /// Its name in `types`.
    pub type_name: String,
    /// What it documents (for its doc comment).
    pub doc: String,
    /// Its variants, in status order.
    pub variants: Vec<Variant>,
}

/// One documented response of a [`Union`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Variant {
    /// The variant's name (`Ok`, `NoContent`, `Status299`, `Default`).
    pub name: String,
    /// The statuses that decode into it (`default` covers two ranges).
    pub statuses: Vec<Status>,
    /// What the body decodes into.
    pub body: Body,
    /// The response's description.
    pub description: String,
}

/// A status code or range, as progenitor matches it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Status {
    /// One code.
    Code(u16),
    /// `1XX` … `5XX`, by its first digit.
    Range(u16),
}

/// How a response body decodes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Body {
    /// JSON into `types::<name>`.
    Json(String),
    /// No body.
    Empty,
    /// Bytes of another media type.
    Bytes,
}

/// The result of the stage: the rewritten spec and the plan.
#[derive(Debug)]
pub struct Normalized {
    /// What progenitor reads; its source map leads back to the user's file.
    pub spec: Spec,
    /// What is emitted around progenitor's output.
    pub plan: Plan,
    /// What the spec gets wrong without stopping generation, and how each
    /// was resolved (see [`repair`]).
    pub warnings: Vec<Diagnostic>,
}

/// Rewrites `spec` (already validated) into what progenitor can generate.
///
/// # Errors
///
/// Operations whose method names collide, and anything the rewritten
/// document fails to decode as (a bug, reported with positions).
pub fn normalize(spec: &Spec) -> Result<Normalized, Error> {
    // The document as the user wrote it, but for what `repair` resolves:
    // what rewrites copy from (a `$ref`'d response, say) is repaired too.
    let mut written = spec.json.clone();
    let mut warnings = spec.warnings.clone();
    warnings.extend(repair::repair(spec, &mut written));
    let mut source_map = spec.source_map.clone();
    // References first: the later steps move paths and list entries that
    // a reference may name.
    references::to_components(&mut written, &mut source_map);
    components::rename_colliding(spec, &mut written, &mut source_map, &mut warnings);
    type_names::name_apart(&mut written, &mut source_map);
    text::line_breaks(&mut written);
    constraints::drop_vacuous(&mut written);
    unsendable::resolve(spec, &mut written, &mut source_map, &mut warnings);
    path_parameters::match_templates(spec, &mut written, &mut source_map, &mut warnings);
    path_parameters::rename_colliding(spec, &mut written, &mut source_map, &mut warnings);
    path_parameters::leave_out_colliding(spec, &mut written, &mut source_map, &mut warnings);
    let written = &written;
    let mut json = written.clone();
    enum_schemas(&mut json);
    let mut plan = Plan::default();

    let names = assign_method_names(spec, written, &mut warnings);
    servers::name_servers(spec, &mut json, &mut warnings);
    let mut hoisted: Vec<(String, Value, String)> = Vec::new();
    let taken: Vec<String> = component_type_names(written);

    for (path, method, name) in &names {
        let pointer = format!("#/paths/{}/{method}", escape_pointer_token(path));
        let Some(operation) = json
            .pointer_mut(&format!("/paths/{}/{method}", escape_pointer_token(path)))
            .and_then(Value::as_object_mut)
        else {
            continue;
        };
        operation.insert("operationId".to_owned(), Value::String(name.clone()));
        let mut context = Context {
            document: written,
            pointer: &pointer,
            method_name: name,
            source_map: &mut source_map,
            hoisted: &mut hoisted,
            taken: &taken,
        };
        let wire = Wire {
            content_type: None,
            body_note: None,
            multipart: None,
            cookies: [
                parameters::cookie_names(
                    written,
                    written.pointer(&format!("/paths/{}/parameters", escape_pointer_token(path))),
                ),
                parameters::cookie_names(written, operation.get("parameters")),
            ]
            .concat(),
            success: None,
            failure: None,
            form: None,
            events: None,
            text: false,
        };
        if let Some(list) = operation.get_mut("parameters") {
            parameters::normalize(&mut context, list, &format!("{pointer}/parameters"));
        }
        let mut wire = bodies::normalize(&mut context, operation, wire);
        responses::normalize(&mut context, operation, &mut wire);
        if let Some(status) = operation
            .get("responses")
            .and_then(Value::as_object)
            .and_then(responses::events_beside_json)
        {
            warnings.push(
                spec.diagnostic(Code::EventsBesideJson,
                    &format!("{pointer}/responses/{}", escape_pointer_token(status)),
                    format!("`{name}` answers either JSON or an event stream; `send` decodes the JSON, and the events are not offered as a stream"),
                )
                .hint("describe the stream in an operation of its own to have it streamed"),
            );
        }
        plan.operations.insert(
            pointer,
            PlannedOperation {
                name: name.clone(),
                wire,
            },
        );
    }
    let paths: Vec<String> = json
        .get("paths")
        .and_then(Value::as_object)
        .map(|paths| paths.keys().cloned().collect())
        .unwrap_or_default();
    for path in paths {
        let pointer = format!("#/paths/{}/parameters", escape_pointer_token(&path));
        if let Some(list) = json.pointer_mut(&pointer[1..]) {
            let mut context = Context {
                document: written,
                pointer: &pointer,
                method_name: "",
                source_map: &mut source_map,
                hoisted: &mut hoisted,
                taken: &taken,
            };
            parameters::normalize(&mut context, list, &pointer);
        }
    }
    if !hoisted.is_empty() {
        let schemas = json
            .as_object_mut()
            .map(|root| {
                root.entry("components")
                    .or_insert_with(|| Value::Object(Map::new()))
            })
            .and_then(Value::as_object_mut)
            .map(|components| {
                components
                    .entry("schemas")
                    .or_insert_with(|| Value::Object(Map::new()))
            })
            .and_then(Value::as_object_mut);
        let names: Vec<String> = hoisted.iter().map(|(name, ..)| name.clone()).collect();
        if let Some(schemas) = schemas {
            for (name, schema, from) in hoisted {
                source_map.record_move(
                    format!("#/components/schemas/{}", escape_pointer_token(&name)),
                    from,
                );
                schemas.insert(name, schema);
            }
        }
        type_names::split_nullable(&mut json, &mut source_map, names);
        // Hoisted schemas may be copied from the document as written.
        enum_schemas(&mut json);
    }
    plan.type_aliases = shapes::merge(&mut json);

    let document = serde_json::from_value(json.clone()).map_err(|error| {
        Diagnostic::new(
            Code::Internal,
            &spec.path,
            format!("internal error: the normalized spec does not decode: {error}"),
        )
        .hint("this is a bug in codegen; please report it with the spec")
    })?;
    Ok(Normalized {
        spec: Spec {
            path: spec.path.clone(),
            document,
            json,
            source_map,
            warnings: Vec::new(),
        },
        plan,
        warnings,
    })
}

/// What the rewriting of one operation needs to know and may add to.
pub struct Context<'a> {
    /// The document as the user wrote it (for following `$ref`s).
    pub document: &'a Value,
    /// The operation's pointer.
    pub pointer: &'a str,
    /// The operation's method name.
    pub method_name: &'a str,
    /// Where moved nodes are recorded.
    pub source_map: &'a mut crate::load::SourceMap,
    /// Inline schemas that become components: (name, schema, original pointer).
    pub hoisted: &'a mut Vec<(String, Value, String)>,
    /// Rust type names the components already take.
    pub taken: &'a [String],
}

impl Context<'_> {
    /// A new component name starting with `base` that no component or hoisted
    /// schema uses yet.
    pub fn fresh_type_name(&self, base: &str) -> String {
        let used = |name: &str| {
            self.taken.iter().any(|taken| taken == name)
                || self.hoisted.iter().any(|(hoisted, ..)| hoisted == name)
        };
        if !used(base) {
            return base.to_owned();
        }
        (2..)
            .map(|n| format!("{base}{n}"))
            .find(|name| !used(name))
            .unwrap_or_else(|| base.to_owned())
    }
}

/// `(path, method, method name)` of every operation, in document order.
///
/// Two operations whose ids become one method name (the same `operationId`
/// twice, or ids differing in case and punctuation only) are a warning: the
/// first in document order keeps the name, and each later one is named
/// after its own method and path (`get_items_id`), then with that appended
/// (`list_things_get_b`), so the name depends on the operation alone and not
/// on edits elsewhere in the spec.
fn assign_method_names(
    spec: &Spec,
    document: &Value,
    warnings: &mut Vec<Diagnostic>,
) -> Vec<(String, String, String)> {
    let mut names = Vec::new();
    // method name → (operation label, pointer, operationId as written)
    let mut seen: BTreeMap<String, (String, String, Option<String>)> = BTreeMap::new();
    let Some(paths) = document.get("paths").and_then(Value::as_object) else {
        return names;
    };
    let written_names: std::collections::BTreeSet<String> = paths
        .iter()
        .flat_map(|(path, item)| {
            METHODS.iter().filter_map(move |method| {
                let operation = item.get(*method).filter(|o| o.is_object())?;
                Some(wanted_method_name(operation, method, path))
            })
        })
        .collect();
    for (path, item) in paths {
        for method in METHODS {
            let Some(operation) = item.get(*method).filter(|o| o.is_object()) else {
                continue;
            };
            let pointer = format!("#/paths/{}/{method}", escape_pointer_token(path));
            let written = operation
                .get("operationId")
                .and_then(Value::as_str)
                .filter(|id| !id.trim().is_empty())
                .map(str::to_owned);
            let mut name = wanted_method_name(operation, method, path);
            let label = format!("{} {path}", method.to_uppercase());
            if let Some((first, first_pointer, first_written)) = seen.get(&name) {
                let derived = names::derived_method_name(method, path);
                let free = |candidate: &String| {
                    !seen.contains_key(candidate) && !written_names.contains(candidate)
                };
                let renamed = [derived.clone(), format!("{name}_{derived}")]
                    .into_iter()
                    .chain((2..).map(|n| format!("{name}_{derived}_{n}")))
                    .find(free)
                    .unwrap_or_default();
                let line = spec
                    .source_map
                    .locate(first_pointer)
                    .map(|location| format!(" (line {})", location.line))
                    .unwrap_or_default();
                let at = written
                    .as_ref()
                    .map_or(pointer.clone(), |_| format!("{pointer}/operationId"));
                let message = match (&written, first_written) {
                    (Some(id), Some(first_id)) if id == first_id => {
                        format!("operationId `{id}` is already used by {first}{line}")
                    }
                    _ => format!(
                        "{label} ({}) and {first} ({}{}) would both become the method `{name}`",
                        describe(written.as_deref()),
                        describe(first_written.as_deref()),
                        line.replace(" (line ", ", line ").trim_end_matches(')'),
                    ),
                };
                warnings.push(
                    spec.diagnostic(Code::MethodNameCollision, &at, format!("{message}; this one is named `{renamed}`"))
                        .hint("give each operation an `operationId` of its own that differs by more than case and punctuation"),
                );
                name = renamed;
            }
            seen.insert(name.clone(), (label, pointer, written));
            names.push((path.clone(), (*method).to_owned(), name));
        }
    }
    names
}

/// The method name an operation asks for: from its `operationId`, else from its method and path.
fn wanted_method_name(operation: &Value, method: &str, path: &str) -> String {
    operation
        .get("operationId")
        .and_then(Value::as_str)
        .filter(|id| !id.trim().is_empty())
        .and_then(names::method_name)
        .unwrap_or_else(|| names::derived_method_name(method, path))
}

fn describe(written: Option<&str>) -> String {
    match written {
        Some(id) => format!("operationId `{id}`"),
        None => "no operationId".to_owned(),
    }
}

/// The Rust names of the spec's component schemas.
/// Schemas listing their values in `enum` lose the keywords those values
/// cannot be subject to, which typify cannot combine with an enum: with
/// scalar values, the object and array keywords; with `null` alone (a value
/// that is always null), everything but the enum and the documentation.
fn enum_schemas(json: &mut Value) {
    const DOCUMENTATION: &[&str] = &[
        "enum",
        "nullable",
        "description",
        "title",
        "default",
        "example",
        "deprecated",
        "readOnly",
        "writeOnly",
        "externalDocs",
    ];
    const STRUCTURE: &[&str] = &[
        "properties",
        "required",
        "additionalProperties",
        "minProperties",
        "maxProperties",
        "discriminator",
        "items",
        "minItems",
        "maxItems",
        "uniqueItems",
    ];
    let keep_only_documentation = |key: &str| DOCUMENTATION.contains(&key) || key.starts_with("x-");
    let mut rewrites: Vec<(String, bool)> = Vec::new();
    for (pointer, schema) in crate::load::schemas::all_schemas(json) {
        let Some(values) = schema.get("enum").and_then(Value::as_array) else {
            continue;
        };
        if values.is_empty()
            || values
                .iter()
                .any(|value| value.is_object() || value.is_array())
        {
            continue;
        }
        let null_only = values.iter().all(Value::is_null);
        let object = schema.as_object().into_iter().flatten();
        let needed = object
            .map(|(key, _)| key.as_str())
            .any(|key| STRUCTURE.contains(&key) || (null_only && !keep_only_documentation(key)));
        if needed {
            rewrites.push((pointer, null_only));
        }
    }
    for (pointer, null_only) in rewrites {
        if let Some(object) = json
            .pointer_mut(pointer.trim_start_matches('#'))
            .and_then(Value::as_object_mut)
        {
            object.retain(|key, _| {
                if null_only {
                    keep_only_documentation(key)
                } else {
                    !STRUCTURE.contains(&key.as_str())
                }
            });
        }
    }
}

fn component_type_names(document: &Value) -> Vec<String> {
    document
        .pointer("/components/schemas")
        .and_then(Value::as_object)
        .into_iter()
        .flat_map(|schemas| schemas.keys())
        .flat_map(|name| [name.clone(), crate::normalize::names::type_name(name)])
        .collect()
}

/// Replaces a `$ref` to a component (response, request body) with a copy of
/// the component, so that rewriting it changes this operation only.
pub fn inline_reference(context: &mut Context<'_>, slot: &mut Value, pointer: &str) {
    let Some(reference) = slot.get("$ref").and_then(Value::as_str).map(str::to_owned) else {
        return;
    };
    if let Some(target) = crate::load::refs::resolve(context.document, &reference)
        .and_then(|target| crate::load::refs::follow(context.document, target))
    {
        *slot = target.clone();
        context
            .source_map
            .record_move(pointer.to_owned(), reference.clone());
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::load::parse_spec;

    const HEAD: &str = "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths:\n";

    fn normalized(paths: &str) -> Result<Normalized, Vec<String>> {
        let spec = parse_spec(Path::new("specs/t.yaml"), &format!("{HEAD}{paths}")).unwrap();
        normalize(&spec).map_err(|error| match error {
            Error::Spec(diagnostics) => diagnostics.iter().map(ToString::to_string).collect(),
            other => vec![other.to_string()],
        })
    }

    /// The `operationId` normalization wrote at each operation pointer.
    fn operation_ids<'a>(result: &'a Normalized, pointers: &[&str]) -> Vec<&'a str> {
        pointers
            .iter()
            .map(|pointer| {
                result.spec.json.pointer(pointer).unwrap()["operationId"]
                    .as_str()
                    .unwrap()
            })
            .collect()
    }

    #[test]
    fn several_error_bodies_become_one_enum_with_a_variant_per_status() {
        let result = normalized("  /a:\n    get:\n      operationId: getA\n      responses:\n        '200': {description: ok}\n        '400':\n          description: Bad.\n          content: {application/json: {schema: {type: string}}}\n        '500':\n          description: Broken.\n          content: {application/problem+json: {schema: {type: integer}}}\n").unwrap();
        let planned = &result.plan.operations["#/paths/~1a/get"];
        assert_eq!(planned.name, "get_a");
        assert_eq!(planned.wire.success, None);
        let failure = planned.wire.failure.as_ref().expect("an error enum");
        assert_eq!(failure.type_name, "GetAError");
        let variants: Vec<(&str, &Vec<Status>)> = failure
            .variants
            .iter()
            .map(|variant| (variant.name.as_str(), &variant.statuses))
            .collect();
        assert_eq!(
            variants,
            [
                ("BadRequest", &vec![Status::Code(400)]),
                ("InternalServerError", &vec![Status::Code(500)])
            ]
        );
        // Inline bodies become components progenitor generates types for.
        assert!(
            result
                .spec
                .json
                .pointer("/components/schemas/GetABadRequest")
                .is_some()
        );
        assert_eq!(
            result.spec.document.paths.paths.len(),
            1,
            "the rewritten document decodes"
        );
    }

    #[test]
    fn default_is_the_error_beside_a_success_and_the_success_alone() {
        let result = normalized("  /a:\n    get:\n      operationId: a\n      responses:\n        '200': {description: ok, content: {application/json: {schema: {type: string}}}}\n        default: {description: problem, content: {application/json: {schema: {type: integer}}}}\n  /b:\n    get:\n      operationId: b\n      responses:\n        default: {description: only, content: {application/json: {schema: {type: string}}}}\n").unwrap();
        let a = result
            .spec
            .json
            .pointer("/paths/~1a/get/responses")
            .unwrap();
        let statuses: Vec<&String> = a.as_object().unwrap().keys().collect();
        assert_eq!(statuses, ["200", "4XX", "5XX"]);
        let b = result
            .spec
            .json
            .pointer("/paths/~1b/get/responses")
            .unwrap();
        assert_eq!(b.as_object().unwrap().keys().collect::<Vec<_>>(), ["2XX"]);
        assert!(
            result
                .plan
                .operations
                .values()
                .all(|planned| planned.wire == Wire::default()),
            "{:?}",
            result.plan
        );
        // Diagnostics about a rewritten response still point at `default`.
        assert_eq!(
            result
                .spec
                .source_map
                .original("#/paths/~1a/get/responses/5XX/content"),
            "#/paths/~1a/get/responses/default/content"
        );
    }

    #[test]
    fn a_body_beside_no_body_is_an_enum_too() {
        let result = normalized("  /a:\n    get:\n      operationId: a\n      responses:\n        '200': {description: The thing., content: {application/json: {schema: {type: string}}}}\n        '204': {description: Nothing.}\n").unwrap();
        let success = result.plan.operations["#/paths/~1a/get"]
            .wire
            .success
            .clone()
            .unwrap();
        assert_eq!(
            success
                .variants
                .iter()
                .map(|variant| (&*variant.name, &variant.body))
                .collect::<Vec<_>>(),
            [
                ("Ok", &Body::Json("AOk".to_owned())),
                ("NoContent", &Body::Empty)
            ]
        );
    }

    #[test]
    fn json_without_a_schema_or_with_a_null_one_is_any_json_value() {
        // A fuzzer finding: progenitor panics on a JSON media type without a schema.
        let result = normalized("  /a:\n    get:\n      operationId: a\n      responses:\n        '200': {description: ok, content: {application/json: {schema: null}}}\n        '201': {description: ok, content: {application/json: {}}}\n").unwrap();
        for status in ["200", "201"] {
            let pointer =
                format!("/paths/~1a/get/responses/{status}/content/application~1json/schema");
            assert_eq!(
                result.spec.json.pointer(&pointer),
                Some(&serde_json::json!({}))
            );
        }
    }

    #[test]
    fn operations_are_named_from_any_id_or_from_method_and_path() {
        let result = normalized("  /emails/{email_id}/cancel:\n    post:\n      parameters: [{name: email_id, in: path, required: true, schema: {type: string}}]\n      responses: {'202': {description: ok}}\n  /keys:\n    get:\n      operationId: key.get\n      responses: {'200': {description: ok}}\n").unwrap();
        assert_eq!(
            operation_ids(
                &result,
                &[
                    "/paths/~1emails~1{email_id}~1cancel/post",
                    "/paths/~1keys/get"
                ]
            ),
            ["post_emails_email_id_cancel", "key_get"]
        );
    }

    #[test]
    fn method_names_that_collide_are_named_apart_with_a_warning_naming_both_operations() {
        let result = normalized("  /a:\n    get:\n      operationId: listThings\n      responses: {'200': {description: ok}}\n  /b:\n    get:\n      operationId: list-things\n      responses: {'200': {description: ok}}\n    post:\n      operationId: listThings\n      responses: {'200': {description: ok}}\n").unwrap();
        // The first keeps the name; the others are named after their method and path.
        assert_eq!(
            operation_ids(
                &result,
                &["/paths/~1a/get", "/paths/~1b/get", "/paths/~1b/post"]
            ),
            ["list_things", "get_b", "post_b"]
        );
        let warnings: Vec<String> = result.warnings.iter().map(ToString::to_string).collect();
        assert_eq!(warnings.len(), 2, "{warnings:#?}");
        assert!(
            warnings[0].starts_with("specs/t.yaml:10:20: warning[method-name-collision]: GET /b (operationId `list-things`) and GET /a (operationId `listThings`, line 5) would both become the method `list_things`; this one is named `get_b`"),
            "{}",
            warnings[0]
        );
        assert!(
            warnings[1].contains("operationId `listThings` is already used by GET /a (line 5); this one is named `post_b`"),
            "{}",
            warnings[1]
        );
    }
}
