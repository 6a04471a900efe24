//! An OpenAPI 3.0 schema as the JSON Schema (draft 7, as schemars reads it)
//! that typify takes.
//!
//! The two dialects differ in a few keywords, which this module translates;
//! the rest is the same vocabulary:
//!
//! - `nullable: true` becomes `null` among the `type`s; a schema without a
//!   `type` but with keywords of one or more types gets those types and
//!   `null`; a composition (`allOf`, `oneOf`, `anyOf`, `not`) becomes
//!   `oneOf: [{type: null}, the composition]`, its documentation on the
//!   outside; a schema that allows anything already allows null.
//! - `exclusiveMinimum: true` with `minimum: n` becomes
//!   `exclusiveMinimum: n` (a boolean in 3.0, the bound in draft 7); the same
//!   for the maximum.
//! - `example` becomes `examples: [example]`.
//! - `discriminator`, `xml`, `externalDocs` and `nullable` itself, which
//!   JSON Schema does not have, are left out, as is any other key outside
//!   the schema vocabulary of OpenAPI 3.0 but for extensions (`x-…`, which
//!   typify reads: `x-rust-type`).
//! - A `$ref` stands alone (its siblings mean nothing in 3.0).
//! - Empty `required` and `enum` lists, `uniqueItems: false` and `default:
//!   null` say nothing (the last what absence says: an optional value's
//!   default is none) and are left out.
//! - The values of a `number` enum are numbers with a fraction (`1.0`), as
//!   `number`'s values are floats in Rust.
//!
//! The input is the normalized document's JSON, so the references are to
//! `#/components/schemas/…`, as typify's `add_ref_types` expects.

use schemars::schema::Schema;
use serde_json::{Map, Value, json};

/// `schema` (OpenAPI 3.0) as typify's JSON Schema. Anything that does not
/// read as a schema is the schema that allows anything.
pub fn to_json_schema(schema: &Value) -> Schema {
    serde_json::from_value(translate(schema)).unwrap_or(Schema::Bool(true))
}

/// The keywords of an OpenAPI 3.0 Schema Object that JSON Schema shares,
/// copied as they are (those translated are handled apart).
const SHARED_KEYWORDS: &[&str] = &[
    "title",
    "multipleOf",
    "maxLength",
    "minLength",
    "pattern",
    "maxItems",
    "minItems",
    "maxProperties",
    "minProperties",
    "type",
    "description",
    "format",
    "readOnly",
    "writeOnly",
    "deprecated",
];

/// What documents a schema rather than constrains it: kept on the outside
/// of the `oneOf` a nullable composition becomes.
const DOCUMENTATION: &[&str] = &[
    "title",
    "description",
    "default",
    "examples",
    "deprecated",
    "readOnly",
    "writeOnly",
];

/// The keywords that imply a type, for a nullable schema without `type`.
const TYPE_KEYWORDS: &[(&str, &[&str])] = &[
    (
        "object",
        &[
            "properties",
            "required",
            "additionalProperties",
            "minProperties",
            "maxProperties",
        ],
    ),
    ("array", &["items", "minItems", "maxItems", "uniqueItems"]),
    (
        "number",
        &[
            "minimum",
            "maximum",
            "exclusiveMinimum",
            "exclusiveMaximum",
            "multipleOf",
        ],
    ),
    ("string", &["minLength", "maxLength", "pattern"]),
];

const COMPOSITIONS: &[&str] = &["allOf", "oneOf", "anyOf", "not"];

fn translate(schema: &Value) -> Value {
    let Some(object) = schema.as_object() else {
        return schema.clone();
    };
    if let Some(reference) = object.get("$ref") {
        return json!({ "$ref": reference });
    }
    let mut out = Map::new();
    for (key, value) in object {
        let key = key.as_str();
        match key {
            "properties" => {
                if let Some(properties) = value.as_object().filter(|p| !p.is_empty()) {
                    let translated = properties
                        .iter()
                        .map(|(name, property)| (name.clone(), translate(property)))
                        .collect();
                    out.insert(key.to_owned(), Value::Object(translated));
                }
            }
            "additionalProperties" | "items" | "not" => {
                out.insert(key.to_owned(), translate(value));
            }
            "allOf" | "oneOf" | "anyOf" => {
                if let Some(parts) = value.as_array().filter(|parts| !parts.is_empty()) {
                    out.insert(
                        key.to_owned(),
                        Value::Array(parts.iter().map(translate).collect()),
                    );
                }
            }
            "required" if value.as_array().is_some_and(|list| !list.is_empty()) => {
                out.insert(key.to_owned(), value.clone());
            }
            "enum" => {
                if let Some(values) = value.as_array().filter(|list| !list.is_empty()) {
                    let floats = object.get("type") == Some(&json!("number"));
                    let values = values
                        .iter()
                        .map(|value| match value.as_f64() {
                            Some(number) if floats => json!(number),
                            _ => value.clone(),
                        })
                        .collect();
                    out.insert(key.to_owned(), Value::Array(values));
                }
            }
            "default" if !value.is_null() => {
                out.insert(key.to_owned(), value.clone());
            }
            "uniqueItems" if value == &Value::Bool(true) => {
                out.insert(key.to_owned(), value.clone());
            }
            "example" => {
                out.insert("examples".to_owned(), json!([value]));
            }
            _ if SHARED_KEYWORDS.contains(&key) || key.starts_with("x-") => {
                out.insert(key.to_owned(), value.clone());
            }
            // `minimum` and the rest of the bounds below; the keywords JSON
            // Schema does not have, and anything else, left out.
            _ => {}
        }
    }
    for (bound, exclusive) in [
        ("minimum", "exclusiveMinimum"),
        ("maximum", "exclusiveMaximum"),
    ] {
        if let Some(limit) = object.get(bound).filter(|limit| limit.is_number()) {
            let key = if object.get(exclusive) == Some(&Value::Bool(true)) {
                exclusive
            } else {
                bound
            };
            out.insert(key.to_owned(), limit.clone());
        }
    }
    if object.get("nullable") == Some(&Value::Bool(true)) {
        nullable(&mut out)
    } else {
        Value::Object(out)
    }
}

/// `schema` (translated) that also allows null.
fn nullable(schema: &mut Map<String, Value>) -> Value {
    match schema.get("type") {
        Some(Value::String(single)) => {
            let single = single.clone();
            schema.insert("type".to_owned(), json!([single, "null"]));
            return Value::Object(std::mem::take(schema));
        }
        Some(Value::Array(types)) => {
            let mut types = types.clone();
            if !types.contains(&json!("null")) {
                types.push(json!("null"));
            }
            schema.insert("type".to_owned(), Value::Array(types));
            return Value::Object(std::mem::take(schema));
        }
        _ => {}
    }
    if COMPOSITIONS.iter().any(|key| schema.contains_key(*key)) {
        let mut outside = Map::new();
        for key in DOCUMENTATION {
            if let Some(value) = schema.remove(*key) {
                outside.insert((*key).to_owned(), value);
            }
        }
        let extensions: Vec<String> = schema
            .keys()
            .filter(|key| key.starts_with("x-"))
            .cloned()
            .collect();
        for key in extensions {
            if let Some(value) = schema.remove(&key) {
                outside.insert(key, value);
            }
        }
        outside.insert(
            "oneOf".to_owned(),
            json!([{ "type": "null" }, Value::Object(std::mem::take(schema))]),
        );
        return Value::Object(outside);
    }
    let mut types: Vec<Value> = TYPE_KEYWORDS
        .iter()
        .filter(|(_, keywords)| keywords.iter().any(|key| schema.contains_key(*key)))
        .map(|(name, _)| json!(name))
        .collect();
    // A schema that constrains no type allows anything, null included.
    if !types.is_empty() {
        types.push(json!("null"));
        schema.insert("type".to_owned(), Value::Array(types));
    }
    Value::Object(std::mem::take(schema))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn translated(schema: Value) -> Value {
        serde_json::to_value(to_json_schema(&schema)).expect("serializes")
    }

    #[test]
    fn nullable_becomes_a_null_type_or_a_one_of_with_null() {
        assert_eq!(
            translated(json!({"type": "string", "nullable": true, "maxLength": 3})),
            json!({"type": ["string", "null"], "maxLength": 3})
        );
        assert_eq!(
            translated(json!({
                "description": "A pet.",
                "nullable": true,
                "oneOf": [{"$ref": "#/components/schemas/Cat", "description": "ignored"}]
            })),
            json!({
                "description": "A pet.",
                "oneOf": [{"type": "null"}, {"oneOf": [{"$ref": "#/components/schemas/Cat"}]}]
            })
        );
        assert_eq!(
            translated(json!({"nullable": true, "properties": {"a": {}}})),
            json!({"type": ["object", "null"], "properties": {"a": {}}})
        );
        assert_eq!(translated(json!({"nullable": true})), json!({}));
    }

    #[test]
    fn the_three_dialect_differences_of_bounds_examples_and_vocabulary() {
        assert_eq!(
            translated(json!({
                "type": "integer",
                "minimum": 0,
                "exclusiveMinimum": true,
                "maximum": 9,
                "exclusiveMaximum": false,
                "example": 3,
                "discriminator": {"propertyName": "kind"},
                "xml": {"name": "n"},
                "x-rust-type": {"crate": "a", "version": "1", "path": "a::B"},
                "required": [],
                "uniqueItems": false,
                "unknown": 1
            })),
            json!({
                "type": "integer",
                "exclusiveMinimum": 0.0,
                "maximum": 9.0,
                "examples": [3],
                "x-rust-type": {"crate": "a", "version": "1", "path": "a::B"}
            })
        );
    }
}
