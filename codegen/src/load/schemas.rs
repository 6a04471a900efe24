//! Finding the schemas and examples of a spec, and checking a JSON value
//! against a schema (the subset of OpenAPI 3.0 schema rules the specs use).

use serde_json::{Map, Value};

use crate::diagnostic::escape_pointer_token;
use crate::load::refs;
use crate::load::walk::{self, NodeKind, entries};

/// How deep [`conforms`] follows nested and referenced schemas.
const MAX_CHECK_DEPTH: usize = 64;

/// A value that must conform to a schema: an `example`, a `default` or an `enum` entry.
#[derive(Debug)]
pub struct Sample<'a> {
    /// JSON pointer of the value.
    pub pointer: String,
    /// What kind of value it is, for messages (`example`, `default`, `enum value`).
    pub kind: &'static str,
    /// The value.
    pub value: &'a Value,
    /// The schema it must conform to.
    pub schema: &'a Value,
}

/// The names a schema's `required` lists (none when it is missing or not
/// a list of strings).
pub fn required_properties(schema: &Value) -> Vec<&str> {
    schema
        .get("required")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .collect()
}

/// Every schema object in the document with its pointer, outermost first
/// (found by the structural walk, so a property named like a keyword is a
/// property).
pub fn all_schemas(document: &Value) -> Vec<(String, &Value)> {
    walk::nodes(document)
        .into_iter()
        .filter(|(kind, _, _)| *kind == NodeKind::Schema)
        .map(|(_, pointer, schema)| (pointer, schema))
        .collect()
}

/// Every example, default and enum value with the schema it must conform to.
pub fn samples(document: &Value) -> Vec<Sample<'_>> {
    let mut samples = Vec::new();
    for (pointer, schema) in all_schemas(document) {
        if let Some(example) = schema.get("example") {
            samples.push(Sample {
                pointer: format!("{pointer}/example"),
                kind: "example",
                value: example,
                schema,
            });
        }
        if let Some(default) = schema.get("default") {
            samples.push(Sample {
                pointer: format!("{pointer}/default"),
                kind: "default",
                value: default,
                schema,
            });
        }
        if let Some(Value::Array(values)) = schema.get("enum") {
            for (index, value) in values.iter().enumerate() {
                samples.push(Sample {
                    pointer: format!("{pointer}/enum/{index}"),
                    kind: "enum value",
                    value,
                    schema,
                });
            }
        }
    }
    // Media types, parameters and headers carry examples next to their schema.
    for (kind, pointer, holder) in walk::nodes(document) {
        if !matches!(
            kind,
            NodeKind::MediaType | NodeKind::Parameter | NodeKind::Header
        ) {
            continue;
        }
        let Some(schema) = holder.get("schema") else {
            continue;
        };
        if let Some(example) = holder.get("example") {
            samples.push(Sample {
                pointer: format!("{pointer}/example"),
                kind: "example",
                value: example,
                schema,
            });
        }
        for (name, example) in entries(holder.get("examples")) {
            if let Some(value) = example.get("value") {
                samples.push(Sample {
                    pointer: format!("{pointer}/examples/{}/value", escape_pointer_token(name)),
                    kind: "example",
                    value,
                    schema,
                });
            }
        }
    }
    samples
}

/// Checks `value` against `schema`; the error names the offending part.
pub fn conforms(document: &Value, schema: &Value, value: &Value) -> Result<(), String> {
    check(document, schema, value, "", 0)
}

fn check(
    document: &Value,
    schema: &Value,
    value: &Value,
    at: &str,
    depth: usize,
) -> Result<(), String> {
    if depth > MAX_CHECK_DEPTH {
        return Ok(());
    }
    // Broken references are reported by the `$ref` check.
    let Some(Value::Object(schema)) = refs::follow(document, schema) else {
        return Ok(());
    };
    let place = if at.is_empty() {
        "the value".to_owned()
    } else {
        format!("`{at}`")
    };
    if value.is_null() {
        let constrained = schema.contains_key("type") || schema.contains_key("enum");
        // `enum: [null]` (a value that is always null) lists null explicitly.
        let listed = schema
            .get("enum")
            .and_then(Value::as_array)
            .is_some_and(|values| values.contains(&Value::Null));
        return if constrained && !listed && schema.get("nullable") != Some(&Value::Bool(true)) {
            Err(format!("{place} is null, but the schema is not `nullable`"))
        } else {
            Ok(())
        };
    }
    if let Some(Value::Array(all)) = schema.get("allOf") {
        for part in all {
            check(document, part, value, at, depth + 1)?;
        }
    }
    for key in ["oneOf", "anyOf"] {
        if let Some(Value::Array(alternatives)) = schema.get(key)
            && !alternatives
                .iter()
                .any(|alt| check(document, alt, value, at, depth + 1).is_ok())
        {
            return Err(format!("{place} matches none of the `{key}` alternatives"));
        }
    }
    if let Some(Value::Array(allowed)) = schema.get("enum")
        && !allowed.contains(value)
    {
        let allowed: Vec<String> = allowed.iter().map(Value::to_string).collect();
        return Err(format!(
            "{place} is {value}, not one of the enum values {}",
            allowed.join(", ")
        ));
    }
    if let Some(Value::String(expected)) = schema.get("type") {
        check_type(expected, value, &place)?;
    }
    match value {
        Value::Object(object) => check_object(document, schema, object, at, depth),
        Value::Array(items) => match schema.get("items") {
            Some(item_schema) => items.iter().enumerate().try_for_each(|(i, item)| {
                check(document, item_schema, item, &format!("{at}/{i}"), depth + 1)
            }),
            None => Ok(()),
        },
        Value::String(text) => check_format(schema, text, &place),
        _ => Ok(()),
    }
}

fn check_type(expected: &str, value: &Value, place: &str) -> Result<(), String> {
    let matches = match expected {
        "string" => value.is_string(),
        "integer" => value.is_i64() || value.is_u64(),
        "number" => value.is_number(),
        "boolean" => value.is_boolean(),
        "array" => value.is_array(),
        "object" => value.is_object(),
        _ => true,
    };
    if matches {
        Ok(())
    } else {
        Err(format!(
            "{place} is {}, but the schema says `type: {expected}`",
            kind_of(value)
        ))
    }
}

fn check_object(
    document: &Value,
    schema: &Map<String, Value>,
    object: &Map<String, Value>,
    at: &str,
    depth: usize,
) -> Result<(), String> {
    if let Some(Value::Array(required)) = schema.get("required") {
        for name in required.iter().filter_map(Value::as_str) {
            if !object.contains_key(name) {
                let place = if at.is_empty() {
                    "the object".to_owned()
                } else {
                    format!("`{at}`")
                };
                return Err(format!("{place} lacks the required property `{name}`"));
            }
        }
    }
    let properties = schema.get("properties").and_then(Value::as_object);
    for (name, property_value) in object {
        let child_at = format!("{at}/{name}");
        match (
            properties.and_then(|p| p.get(name)),
            schema.get("additionalProperties"),
        ) {
            (Some(property_schema), _) => check(
                document,
                property_schema,
                property_value,
                &child_at,
                depth + 1,
            )?,
            (None, Some(Value::Bool(false))) => {
                return Err(format!("`{child_at}` is not a property the schema allows"));
            }
            (None, Some(extra @ Value::Object(_))) => {
                check(document, extra, property_value, &child_at, depth + 1)?
            }
            (None, _) => {}
        }
    }
    Ok(())
}

fn check_format(schema: &Map<String, Value>, text: &str, place: &str) -> Result<(), String> {
    let valid = match schema.get("format").and_then(Value::as_str) {
        Some("date-time") => is_rfc3339(text),
        Some("email") => text
            .split_once('@')
            .is_some_and(|(user, host)| !user.is_empty() && host.contains('.')),
        _ => true,
    };
    if valid {
        Ok(())
    } else {
        let format = schema
            .get("format")
            .and_then(Value::as_str)
            .unwrap_or_default();
        Err(format!(
            "{place} is \"{text}\", which is not a valid `{format}`"
        ))
    }
}

/// `YYYY-MM-DDTHH:MM:SS` followed by optional fraction and `Z` or an offset.
fn is_rfc3339(text: &str) -> bool {
    let bytes = text.as_bytes();
    let digits = |range: std::ops::Range<usize>| {
        bytes
            .get(range)
            .is_some_and(|b| b.iter().all(u8::is_ascii_digit))
    };
    let shape = digits(0..4)
        && bytes.get(4) == Some(&b'-')
        && digits(5..7)
        && bytes.get(7) == Some(&b'-')
        && digits(8..10)
        && matches!(bytes.get(10), Some(b'T' | b't'))
        && digits(11..13)
        && bytes.get(13) == Some(&b':')
        && digits(14..16)
        && bytes.get(16) == Some(&b':')
        && digits(17..19);
    let zone = text.get(19..).unwrap_or_default();
    let zone = zone.strip_prefix('.').map_or(zone, |rest| {
        rest.trim_start_matches(|c: char| c.is_ascii_digit())
    });
    shape
        && (zone.eq_ignore_ascii_case("z")
            || (zone.len() == 6 && matches!(zone.as_bytes()[0], b'+' | b'-')))
}

fn kind_of(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(n) if n.is_f64() => "a number",
        Value::Number(_) => "an integer",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn values_are_checked_for_type_nullability_enums_required_and_formats() {
        let document = json!({"components": {"schemas": {
            "Status": {"type": "string", "enum": ["ready", "cancelled"]},
            "Account": {"type": "object", "required": ["id"], "properties": {
                "id": {"type": "string"},
                "name": {"type": "string", "nullable": true},
                "status": {"$ref": "#/components/schemas/Status"},
                "createdAt": {"type": "string", "format": "date-time"}
            }}
        }}});
        let account = &document["components"]["schemas"]["Account"];
        let ok = json!({"id": "a", "name": null, "status": "ready", "createdAt": "2024-04-21T19:30:00Z"});
        assert_eq!(conforms(&document, account, &ok), Ok(()));
        let cases = [
            (
                json!({"name": "x"}),
                "the object lacks the required property `id`",
            ),
            (
                json!({"id": 7}),
                "`/id` is an integer, but the schema says `type: string`",
            ),
            (
                json!({"id": "a", "status": "paused"}),
                "`/status` is \"paused\", not one of the enum values \"ready\", \"cancelled\"",
            ),
            (
                json!({"id": "a", "createdAt": "yesterday"}),
                "`/createdAt` is \"yesterday\", which is not a valid `date-time`",
            ),
            (
                json!({"id": null}),
                "`/id` is null, but the schema is not `nullable`",
            ),
        ];
        for (value, message) in cases {
            assert_eq!(
                conforms(&document, account, &value),
                Err(message.to_owned())
            );
        }
    }
}
