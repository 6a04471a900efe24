//! The Rust types of the API, asked of typify: the component schemas,
//! translated to JSON Schema ([`super::json_schema`]), then each
//! operation's parameters, body and responses, in one `TypeSpace`
//! configured as the client's `types` module is (builders, `PartialEq`).
//!
//! This is where type names come from: typify's own, given the names the
//! model chooses for an operation's own types
//! ([`crate::normalize::names::operation_type_name`]). It is built beside
//! the pipeline, which still takes its types from progenitor's run of
//! typify; `codegen/tests/typing.rs` holds that the two give the same
//! `types` module.

use std::panic::{AssertUnwindSafe, catch_unwind};

use serde_json::Value;
use typify::{TypeDetails, TypeId, TypeSpace, TypeSpaceSettings, UnknownPolicy};

use super::json_schema::to_json_schema;
use crate::load::walk;
use crate::normalize::media::essence;
use crate::normalize::names::operation_type_name;

/// The settings of the client's `types` module: the module's name (for
/// paths between types), builders for every struct, `PartialEq` on every
/// type, and crates named by `x-rust-type` generated rather than used.
pub fn settings() -> TypeSpaceSettings {
    let mut settings = TypeSpaceSettings::default();
    settings
        .with_type_mod("types")
        .with_struct_builder(true)
        .with_derive("PartialEq".to_owned())
        .with_unknown_crates(UnknownPolicy::default());
    settings
}

/// The types of an API: typify's space, and where each operation's
/// parameters, body and responses are in it.
pub struct Typing {
    /// Every type, named.
    pub space: TypeSpace,
    /// The operations, in the document's order.
    pub operations: Vec<OperationTypes>,
}

impl Typing {
    /// The names typify gives more than one of its types (structs, enums,
    /// newtypes): each would be defined twice.
    pub fn shadowed_names(&self) -> std::collections::BTreeSet<String> {
        let mut seen = std::collections::BTreeSet::new();
        let mut twice = std::collections::BTreeSet::new();
        for found in self.space.iter_types() {
            if matches!(
                found.details(),
                TypeDetails::Struct(_) | TypeDetails::Enum(_) | TypeDetails::Newtype(_)
            ) && !seen.insert(found.name())
            {
                twice.insert(found.name());
            }
        }
        twice
    }
}

/// The types of one operation.
#[derive(Debug)]
pub struct OperationTypes {
    /// Its JSON pointer (`#/paths/~1items/get`).
    pub pointer: String,
    /// Its parameters, by name.
    pub parameters: Vec<TypedParameter>,
    /// Its request body, if it has one.
    pub body: Option<TypedBody>,
    /// Its responses: `default` first, then by status in the document's order.
    pub responses: Vec<TypedResponse>,
}

/// One parameter and its type.
#[derive(Debug)]
pub struct TypedParameter {
    /// Its name on the wire.
    pub name: String,
    /// `path`, `query` or `header`.
    pub location: String,
    /// Its type (for an optional query parameter, what the `Option` holds).
    pub type_id: TypeId,
    /// Whether the request must carry it.
    pub required: bool,
}

/// A request body.
#[derive(Debug)]
pub enum TypedBody {
    /// JSON or a form, of this type.
    Typed(TypeId),
    /// Bytes or text, as they are, of this media type (its essence).
    Raw(String),
}

/// One documented response.
#[derive(Debug)]
pub struct TypedResponse {
    /// `default`, `200`, `4XX`.
    pub status: String,
    /// What its body decodes into.
    pub body: ResponseBody,
}

/// What a response's body decodes into.
#[derive(Debug)]
pub enum ResponseBody {
    /// JSON of this type.
    Json(TypeId),
    /// Bytes of another media type.
    Raw,
    /// A protocol upgrade (a `101`).
    Upgrade,
    /// No body.
    None,
}

/// The `TypeSpace` of the component schemas of `document` (normalized
/// OpenAPI 3.0 JSON), in their order.
///
/// # Errors
///
/// typify's refusal, or its panic, as a message.
pub fn component_types(document: &Value) -> Result<TypeSpace, String> {
    let mut space = TypeSpace::new(&settings());
    add_components(&mut space, document)?;
    Ok(space)
}

/// The types of every component schema and every operation of `document`
/// (normalized OpenAPI 3.0 JSON: each operation has an `operationId`, its
/// method name, and one request media type).
///
/// # Errors
///
/// typify's refusal, or its panic, as a message naming the part.
pub fn types(document: &Value) -> Result<Typing, String> {
    let mut space = TypeSpace::new(&settings());
    add_components(&mut space, document)?;
    let mut operations = Vec::new();
    for entry in walk::operations(document) {
        let pointer = entry.pointer();
        let typed = guarded(&pointer, || {
            operation_types(&mut space, document, entry.item, entry.operation, &pointer)
        })?;
        operations.push(typed);
    }
    Ok(Typing { space, operations })
}

fn add_components(space: &mut TypeSpace, document: &Value) -> Result<(), String> {
    let schemas: Vec<(String, schemars::schema::Schema)> = document
        .pointer("/components/schemas")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
        .map(|(name, schema)| (name.clone(), to_json_schema(schema)))
        .collect();
    guarded("the component schemas", || {
        space
            .add_ref_types(schemas)
            .map_err(|error| error.to_string())
    })
}

/// `work`, with typify's panic as an error naming `what`.
fn guarded<T>(what: &str, work: impl FnOnce() -> Result<T, String>) -> Result<T, String> {
    match catch_unwind(AssertUnwindSafe(work)) {
        Ok(Ok(value)) => Ok(value),
        Ok(Err(error)) => Err(format!("typify refuses {what}: {error}")),
        Err(_) => Err(format!("typify panics on {what}")),
    }
}

fn operation_types(
    space: &mut TypeSpace,
    document: &Value,
    item: &Value,
    operation: &Value,
    pointer: &str,
) -> Result<OperationTypes, String> {
    let method = operation
        .get("operationId")
        .and_then(Value::as_str)
        .ok_or_else(|| format!("{pointer} has no operationId"))?;
    let add = |space: &mut TypeSpace, schema: &Value, part: &str| {
        space
            .add_type_with_name(
                &to_json_schema(schema),
                Some(operation_type_name(method, part)),
            )
            .map_err(|error| format!("{pointer} ({part}): {error}"))
    };
    // The operation's own parameters replace the path item's of the same
    // name; types are added in the order of the names.
    let mut by_name = std::collections::BTreeMap::new();
    for list in [item.get("parameters"), operation.get("parameters")] {
        for parameter in list.and_then(Value::as_array).into_iter().flatten() {
            let parameter = resolve(document, parameter);
            if let Some(name) = parameter.get("name").and_then(Value::as_str) {
                by_name.insert(name.to_owned(), parameter);
            }
        }
    }
    let mut parameters = Vec::new();
    for (name, parameter) in by_name {
        let location = parameter
            .get("in")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned();
        let schema = parameter.get("schema").unwrap_or(&Value::Null);
        let mut type_id = add(space, schema, &name)?;
        let mut required = parameter.get("required") == Some(&Value::Bool(true));
        // A query parameter whose type is an `Option` is optional, of what the `Option` holds.
        if location == "query"
            && let Ok(found) = space.get_type(&type_id)
            && let TypeDetails::Option(inner) = found.details()
        {
            type_id = inner;
            required = false;
        }
        parameters.push(TypedParameter {
            name,
            location,
            type_id,
            required,
        });
    }
    let body = match operation
        .get("requestBody")
        .map(|body| resolve(document, body))
        .and_then(|body| body.get("content"))
        .and_then(Value::as_object)
        .and_then(|content| content.iter().next())
    {
        Some((media_type, media)) => match essence(media_type).as_str() {
            "application/json" | "application/x-www-form-urlencoded" => {
                let schema = media.get("schema").unwrap_or(&Value::Null);
                Some(TypedBody::Typed(add(space, schema, "body")?))
            }
            other => Some(TypedBody::Raw(other.to_owned())),
        },
        None => None,
    };
    let mut responses = Vec::new();
    let statuses = operation.get("responses").and_then(Value::as_object);
    let ordered = statuses
        .into_iter()
        .flatten()
        .filter(|(status, _)| *status == "default")
        .chain(
            statuses
                .into_iter()
                .flatten()
                .filter(|(status, _)| *status != "default"),
        );
    for (status, response) in ordered {
        let response = resolve(document, response);
        let content = response.get("content").and_then(Value::as_object);
        let json = content.and_then(|content| {
            content.iter().find_map(|(media_type, media)| {
                (media_type == "application/json" || media_type.starts_with("application/json;"))
                    .then_some(media)
            })
        });
        let body = match json {
            Some(media) => ResponseBody::Json(add(
                space,
                media.get("schema").unwrap_or(&Value::Null),
                "response",
            )?),
            None if status == "101" => ResponseBody::Upgrade,
            None if content.is_some_and(|content| !content.is_empty()) => ResponseBody::Raw,
            None => ResponseBody::None,
        };
        responses.push(TypedResponse {
            status: status.clone(),
            body,
        });
    }
    Ok(OperationTypes {
        pointer: pointer.to_owned(),
        parameters,
        body,
        responses,
    })
}

/// `value`, or what its `$ref` (into this document) names, followed to the end.
fn resolve<'a>(document: &'a Value, value: &'a Value) -> &'a Value {
    let mut value = value;
    // References that lead in a circle end where they started.
    for _ in 0..16 {
        let Some(target) = value
            .get("$ref")
            .and_then(Value::as_str)
            .and_then(|reference| reference.strip_prefix('#'))
            .and_then(|pointer| document.pointer(pointer))
        else {
            break;
        };
        value = target;
    }
    value
}
