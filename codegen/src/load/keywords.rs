//! Schema keywords whose value has the wrong JSON type (`pattern: 0`,
//! `type: {…}`, `required: true`) are dropped before the document is
//! decoded, with a warning each: the keyword says nothing a client can use,
//! and the rest of the schema still does.

use serde_json::Value;

use crate::diagnostic::{Code, Diagnostic, escape_pointer_token};
use crate::load::SourceMap;
use crate::load::walk::{self, NodeKind};

/// The JSON type each schema keyword must have in OpenAPI 3.0.
fn expected(keyword: &str) -> Option<&'static str> {
    Some(match keyword {
        "type" | "format" | "pattern" | "title" | "description" => "a string",
        "minimum" | "maximum" | "multipleOf" => "a number",
        "minLength" | "maxLength" | "minItems" | "maxItems" | "minProperties" | "maxProperties" => {
            "a non-negative integer"
        }
        "nullable" | "readOnly" | "writeOnly" | "deprecated" | "uniqueItems" => "a boolean",
        "required" => "a list of property names",
        "enum" | "allOf" | "oneOf" | "anyOf" => "a list",
        "properties" | "discriminator" | "externalDocs" | "xml" | "not" | "items" => "an object",
        "additionalProperties" => "a boolean or an object",
        _ => return None,
    })
}

fn fits(keyword: &str, value: &Value) -> bool {
    match expected(keyword) {
        Some("a string") => value.is_string(),
        Some("a number") => value.is_number(),
        Some("a non-negative integer") => value.is_u64(),
        Some("a boolean") => value.is_boolean(),
        Some("a list of property names") => value
            .as_array()
            .is_some_and(|names| names.iter().all(Value::is_string)),
        Some("a list") => value.is_array(),
        Some("an object") => value.is_object(),
        Some("a boolean or an object") => value.is_boolean() || value.is_object(),
        _ => true,
    }
}

/// Drops from every schema of `json` the keywords whose value has the wrong
/// JSON type; one warning each, located through `source_map`.
pub fn drop_mistyped(
    path: &std::path::Path,
    json: &mut Value,
    source_map: &SourceMap,
) -> Vec<Diagnostic> {
    let found: Vec<(String, String)> = walk::nodes(json)
        .into_iter()
        .filter(|(kind, _, _)| *kind == NodeKind::Schema)
        .flat_map(|(_, pointer, schema)| {
            schema
                .as_object()
                .into_iter()
                .flatten()
                .filter(|(keyword, value)| !fits(keyword, value))
                .map(move |(keyword, _)| (pointer.clone(), keyword.clone()))
        })
        .collect();
    let mut warnings = Vec::new();
    for (pointer, keyword) in found {
        let Some(schema) = json
            .pointer_mut(&pointer[1..])
            .and_then(Value::as_object_mut)
        else {
            continue;
        };
        let Some(value) = schema.shift_remove(&keyword) else {
            continue;
        };
        let at = format!("{pointer}/{}", escape_pointer_token(&keyword));
        warnings.push(
            source_map
                .diagnostic(
                    Code::MistypedKeyword,
                    path,
                    &at,
                    format!(
                        "`{keyword}` must be {}, not `{value}`; it is ignored",
                        expected(&keyword).unwrap_or_default()
                    ),
                )
                .hint(format!("fix or remove `{keyword}`")),
        );
    }
    warnings
}
