//! `$ref`s whose target is not the kind of object their place needs, read as
//! that kind where the target plainly serves, with a warning each
//! (`reference-kind`, or `dangling-reference`):
//!
//! - a schema `$ref` to a response, request body, parameter, header or media
//!   type with one schema (or one schema in every media type) names that
//!   schema, and with none (or several) stands for any JSON value;
//! - a schema `$ref` to an object in a place OpenAPI gives no kind
//!   (`#/components/enums/Datatype`, `#/x-shared/Id`) is read as a schema
//!   (normalization then makes it a component);
//! - a response `$ref` to a request body, or a request body `$ref` to a
//!   response, is replaced by a copy of its target read as the kind needed
//!   (both are a description and content);
//! - a `$ref` whose pointer passes through another `$ref`
//!   (`…/schema/properties/b` where `schema` is a `$ref`) names the node it
//!   reaches when that `$ref` is followed;
//! - a schema `$ref` to nothing at all stands for any JSON value: the one
//!   place the document does not describe is untyped, not the whole client.
//!
//! What stays an error (in `refs::check`): a `$ref` that does not start with
//! `#/`, a loop, a non-schema `$ref` to nothing, and a target with no
//! reading as the kind needed (a response `$ref` to a schema).

use std::collections::HashMap;
use std::path::Path;

use serde_json::{Value, json};

use super::SourceMap;
use super::refs;
use super::walk::{self, NodeKind};
use crate::diagnostic::{Code, Diagnostic};

/// What to do with one `$ref`.
enum Reading {
    /// Point it at another place (the one schema of its target).
    Retarget(String),
    /// Leave it: normalization reads the target as a schema.
    AsSchema,
    /// Replace it by this value.
    Replace(Value),
    /// Replace it by a schema of any value.
    AnyValue,
}

/// Rewrites the references of `json` that name the wrong kind of object,
/// when the target has one reading as the kind needed.
pub fn read_as_needed(path: &Path, json: &mut Value, source_map: &SourceMap) -> Vec<Diagnostic> {
    let nodes = walk::nodes(json);
    let kinds: HashMap<&str, NodeKind> = nodes
        .iter()
        .map(|(kind, pointer, _)| (pointer.as_str(), *kind))
        .collect();
    let mut found: Vec<(String, Reading, Diagnostic)> = Vec::new();
    for (kind, pointer, value) in &nodes {
        let Some(reference) = value.get("$ref").and_then(Value::as_str) else {
            continue;
        };
        if !reference.starts_with("#/") {
            continue;
        }
        let target_pointer = refs::decoded(reference).into_owned();
        let target_kind = kinds.get(target_pointer.as_str()).copied();
        let target = refs::resolve(json, reference);
        if target.is_some()
            && (target_kind == Some(*kind) || refs::is_entry_of(&target_pointer, kind.section()))
        {
            continue;
        }
        let Some(target) = target else {
            if let Some(through) = refs::resolve_through(json, reference) {
                let message = format!(
                    "`{reference}` passes through a `$ref`; read as the node it reaches, `{through}`"
                );
                found.push((
                    pointer.clone(),
                    Reading::Retarget(through),
                    warning(path, source_map, pointer, Code::ReferenceKind, message)
                        .hint("point the `$ref` at the node itself"),
                ));
                continue;
            }
            if *kind == NodeKind::Schema {
                let message =
                    format!("`{reference}` does not exist; this schema is read as any JSON value");
                found.push((
                    pointer.clone(),
                    Reading::Replace(json!({})),
                    warning(path, source_map, pointer, Code::DanglingReference, message)
                        .hint(refs::missing_hint(json, reference)),
                ));
            }
            continue;
        };
        let reading = match (kind, target_kind) {
            (NodeKind::Schema, Some(_)) => Some(
                only_schema(target, &target_pointer).map_or(Reading::AnyValue, Reading::Retarget),
            ),
            (NodeKind::Schema, None) => target.is_object().then_some(Reading::AsSchema),
            (NodeKind::Response, Some(NodeKind::RequestBody)) => {
                let mut response = target.clone();
                if let Some(object) = response.as_object_mut() {
                    object.remove("required");
                    object.entry("description").or_insert_with(|| json!(""));
                }
                Some(Reading::Replace(response))
            }
            (NodeKind::RequestBody, Some(NodeKind::Response)) => {
                let mut body = target.clone();
                if let Some(object) = body.as_object_mut() {
                    object.retain(|key, _| matches!(key.as_str(), "description" | "content"));
                }
                Some(Reading::Replace(body))
            }
            _ => None,
        };
        let Some(reading) = reading else {
            continue;
        };
        let needed = needed_name(*kind);
        let message = match &reading {
            Reading::Retarget(schema) => {
                format!("`{reference}` is not a schema; read as the schema it holds, `{schema}`")
            }
            Reading::AsSchema => format!(
                "`{reference}` is not under `#/components/schemas`; its target is read as a schema"
            ),
            Reading::Replace(_) => format!(
                "`{reference}` is not {needed}; its description and content are read as one"
            ),
            Reading::AnyValue => format!(
                "`{reference}` is not a schema and holds no one schema; read as any JSON value"
            ),
        };
        found.push((
            pointer.clone(),
            reading,
            warning(path, source_map, pointer, Code::ReferenceKind, message).hint(format!(
                "point this `$ref` at `#/components/{}/<name>`",
                kind.section()
            )),
        ));
    }
    drop(nodes);
    let mut warnings = Vec::new();
    for (pointer, reading, diagnostic) in found {
        let Some(slot) = json.pointer_mut(&pointer[1..]) else {
            continue;
        };
        match reading {
            Reading::Retarget(schema) => slot["$ref"] = json!(schema),
            Reading::AsSchema => {}
            Reading::Replace(value) => *slot = value,
            Reading::AnyValue => *slot = json!({}),
        }
        warnings.push(diagnostic);
    }
    warnings
}

/// The pointer of the one schema a response, request body, parameter, header
/// or media type holds (the same schema in every media type counts as one).
fn only_schema(target: &Value, pointer: &str) -> Option<String> {
    if target.get("schema").is_some() {
        return Some(format!("{pointer}/schema"));
    }
    let content = target.get("content")?.as_object()?;
    let mut schemas = content
        .iter()
        .filter_map(|(media, entry)| Some((media, entry.get("schema")?)));
    let (media, first) = schemas.next()?;
    schemas.all(|(_, schema)| schema == first).then(|| {
        format!(
            "{pointer}/content/{}/schema",
            crate::diagnostic::escape_pointer_token(media)
        )
    })
}

fn needed_name(kind: NodeKind) -> &'static str {
    match kind {
        NodeKind::Response => "a response",
        NodeKind::RequestBody => "a request body",
        _ => "of the kind needed here",
    }
}

fn warning(
    path: &Path,
    source_map: &SourceMap,
    pointer: &str,
    code: Code,
    message: String,
) -> Diagnostic {
    source_map.diagnostic(code, path, &format!("{pointer}/$ref"), message)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(mut document: Value) -> (Value, Vec<&'static str>) {
        let warnings = read_as_needed(
            Path::new("specs/t.json"),
            &mut document,
            &SourceMap::default(),
        );
        let kinds = warnings.iter().map(|warning| warning.code.name()).collect();
        (document, kinds)
    }

    fn operation(responses: Value, body: Option<Value>) -> Value {
        let mut operation = json!({ "responses": responses });
        if let Some(body) = body {
            operation["requestBody"] = body;
        }
        json!({ "info": {"title": "t", "version": "1"}, "paths": {"/a": {"post": operation}} })
    }

    #[test]
    fn a_schema_reference_to_a_response_names_its_schema() {
        let mut document = operation(
            json!({"200": {"description": "", "content": {"application/json": {"schema": {"$ref": "#/components/responses/R"}}}}}),
            None,
        );
        document["components"] = json!({"responses": {"R": {"description": "r",
            "content": {"application/json": {"schema": {"type": "string"}}}}}});
        let (document, kinds) = read(document);
        assert_eq!(kinds, ["reference-kind"]);
        assert_eq!(
            document["paths"]["/a"]["post"]["responses"]["200"]["content"]["application/json"]["schema"]
                ["$ref"],
            "#/components/responses/R/content/application~1json/schema"
        );
    }

    #[test]
    fn a_schema_in_a_section_openapi_does_not_define_is_read_as_a_schema() {
        let mut document = operation(json!({}), None);
        document["components"] = json!({
            "enums": {"Kind": {"type": "string", "enum": ["a", "b"]}},
            "schemas": {"Thing": {"properties": {"kind": {"$ref": "#/components/enums/Kind"}}}},
        });
        let before = document.clone();
        let (document, kinds) = read(document);
        assert_eq!(kinds, ["reference-kind"]);
        assert_eq!(document, before);
    }

    #[test]
    fn a_response_reference_to_a_request_body_is_read_as_a_response_and_back() {
        let mut document = operation(
            json!({"200": {"$ref": "#/components/requestBodies/B"}}),
            Some(json!({"$ref": "#/components/responses/R"})),
        );
        document["components"] = json!({
            "requestBodies": {"B": {"required": true, "content": {"text/plain": {"schema": {"type": "string"}}}}},
            "responses": {"R": {"description": "r", "headers": {"X": {"schema": {"type": "string"}}},
                "content": {"text/plain": {"schema": {"type": "string"}}}}},
        });
        let (document, kinds) = read(document);
        assert_eq!(kinds, ["reference-kind", "reference-kind"]);
        let operation = &document["paths"]["/a"]["post"];
        assert_eq!(
            operation["responses"]["200"],
            json!({"description": "", "content": {"text/plain": {"schema": {"type": "string"}}}})
        );
        assert_eq!(
            operation["requestBody"],
            json!({"description": "r", "content": {"text/plain": {"schema": {"type": "string"}}}})
        );
    }

    #[test]
    fn a_pointer_through_a_reference_names_the_node_it_reaches() {
        let mut document = operation(
            json!({"200": {"description": "", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/M"}}}}}),
            None,
        );
        document["components"] = json!({"schemas": {
            "M": {"properties": {"a": {"items": {"type": "integer"}}}},
            "N": {"properties": {"b": {"$ref": "#/paths/~1a/post/responses/200/content/application~1json/schema/properties/a/items"}}},
        }});
        let (document, kinds) = read(document);
        assert_eq!(kinds, ["reference-kind"]);
        assert_eq!(
            document["components"]["schemas"]["N"]["properties"]["b"]["$ref"],
            "#/components/schemas/M/properties/a/items"
        );
    }

    #[test]
    fn a_schema_reference_to_nothing_is_any_value_and_other_kinds_stay_errors() {
        let mut document = operation(
            json!({"200": {"description": "", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Gone"}}}},
                   "404": {"$ref": "#/components/responses/Gone"},
                   "500": {"$ref": "#/components/schemas/E"}}),
            None,
        );
        document["components"] = json!({"schemas": {"E": {"type": "string"}}});
        let (document, kinds) = read(document);
        assert_eq!(kinds, ["dangling-reference"]);
        let responses = &document["paths"]["/a"]["post"]["responses"];
        assert_eq!(
            responses["200"]["content"]["application/json"]["schema"],
            json!({})
        );
        assert_eq!(
            responses["404"],
            json!({"$ref": "#/components/responses/Gone"})
        );
        assert_eq!(responses["500"], json!({"$ref": "#/components/schemas/E"}));
    }
}
