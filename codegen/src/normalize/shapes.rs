//! Component schemas of one shape become one type.
//!
//! Large APIs repeat a shape under many names: visma.net's description has
//! 189 components that are all `{ value: string }`, one per field that wraps
//! a string. Each was a struct with its own serde impls, builder and
//! defaults, and serde's derived code is most of what a large crate costs to
//! compile. Components that are the same object in everything but their
//! documentation are generated once: the first by name is the type, and
//! each other name is a `pub type` alias of it (see
//! [`crate::emit::aliases`]), so every name a user writes still resolves.
//!
//! Only what cannot change behaviour is merged:
//!
//! - objects with properties, and no composition (`allOf`, `oneOf`,
//!   `anyOf`, `not`) or discriminator of their own: an enum keeps its own
//!   type, since whether it stays open to unknown values depends on which
//!   side uses it;
//! - components that only other component schemas name, as the type of a
//!   property, an item or a map value: an operation's body or response
//!   type, a `oneOf` or `anyOf` variant (whose name names a variant) and a
//!   discriminator's target keep their own type.
//!
//! The shape compares every keyword but `description`, `title`, `example`,
//! `examples`, `externalDocs` and `$comment`, properties in their order, and
//! a reference by the type it names after merging, so that two wrappers of
//! two merged types merge too.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Map, Value};

use crate::diagnostic::escape_pointer_token;
use crate::load::refs;
use crate::normalize::names;

/// Keywords that document a schema without changing the type it makes.
const DOCUMENTATION: &[&str] = &[
    "description",
    "title",
    "example",
    "examples",
    "externalDocs",
    "$comment",
];

/// Keywords whose value is one schema, or an array of schemas.
const SUBSCHEMA: &[&str] = &[
    "items",
    "additionalItems",
    "additionalProperties",
    "unevaluatedItems",
    "unevaluatedProperties",
    "not",
    "contains",
    "propertyNames",
    "if",
    "then",
    "else",
    "allOf",
    "anyOf",
    "oneOf",
    "prefixItems",
];

/// Keywords whose value maps names to schemas.
const SCHEMA_MAPS: &[&str] = &["properties", "patternProperties", "dependentSchemas"];

/// Keywords that keep a component its own type.
const OWN_TYPE: &[&str] = &[
    "allOf",
    "oneOf",
    "anyOf",
    "not",
    "discriminator",
    "$ref",
    "enum",
    "const",
];

const PREFIX: &str = "#/components/schemas/";

/// A component generated as another's type.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TypeAlias {
    /// Its Rust name, which becomes the alias.
    pub name: String,
    /// The Rust name of the type it is generated as.
    pub target: String,
    /// Its own description, for the alias's documentation.
    pub doc: Option<String>,
}

/// Merges the component schemas of `json` that have one shape: removes all
/// but the first by name of each, points every reference at that one, and
/// returns the aliases to emit, by name.
pub fn merge(json: &mut Value) -> Vec<TypeAlias> {
    let Some(schemas) = json
        .pointer("/components/schemas")
        .and_then(Value::as_object)
    else {
        return Vec::new();
    };
    let kept_apart = kept_apart(json);
    // Those kept apart come first: they may be what others become.
    let (own, mergeable): (Vec<&String>, Vec<&String>) = schemas
        .iter()
        .filter(|(_, schema)| is_plain_object(schema))
        .map(|(name, _)| name)
        .partition(|name| kept_apart.contains(name.as_str()));
    let mut candidates: Vec<&String> = mergeable;
    candidates.sort();
    let mut own = own;
    own.sort();
    let mut merged: BTreeMap<String, String> = BTreeMap::new();
    // Merging two types can make two types naming them one shape: repeat
    // until nothing more merges.
    loop {
        let mut first_of_shape: BTreeMap<String, &String> = BTreeMap::new();
        for &name in &own {
            let shape = shape(&schemas[name], &merged).to_string();
            first_of_shape.entry(shape).or_insert(name);
        }
        let mut more = false;
        for &name in &candidates {
            if merged.contains_key(name) {
                continue;
            }
            let shape = shape(&schemas[name], &merged).to_string();
            match first_of_shape.get(&shape) {
                Some(&first) => {
                    merged.insert(name.clone(), first.clone());
                    more = true;
                }
                None => {
                    first_of_shape.insert(shape, name);
                }
            }
        }
        if !more {
            break;
        }
    }
    if merged.is_empty() {
        return Vec::new();
    }
    let aliases = merged
        .keys()
        .map(|name| TypeAlias {
            name: names::type_name(name),
            target: names::type_name(&canonical(name, &merged)),
            doc: schemas[name]
                .get("description")
                .and_then(Value::as_str)
                .map(str::to_owned),
        })
        .collect();
    if let Some(schemas) = json
        .pointer_mut("/components/schemas")
        .and_then(Value::as_object_mut)
    {
        schemas.retain(|name, _| !merged.contains_key(name));
    }
    let moves: BTreeMap<String, String> = merged
        .keys()
        .map(|name| {
            let target = canonical(name, &merged);
            (pointer(name), pointer(&target))
        })
        .collect();
    refs::rewrite_references(json, &moves);
    aliases
}

/// The name `name` is generated as, after merging.
fn canonical(name: &str, merged: &BTreeMap<String, String>) -> String {
    let mut name = name;
    // Each merge points at a name not merged at the time, so this ends.
    while let Some(next) = merged.get(name) {
        name = next;
    }
    name.to_owned()
}

/// An object with properties and none of the keywords that keep it apart.
fn is_plain_object(schema: &Value) -> bool {
    let Some(map) = schema.as_object() else {
        return false;
    };
    let object_type = match map.get("type") {
        None => true,
        Some(Value::String(kind)) => kind == "object",
        Some(_) => false,
    };
    object_type
        && map
            .get("properties")
            .and_then(Value::as_object)
            .is_some_and(|properties| !properties.is_empty())
        && !OWN_TYPE.iter().any(|keyword| map.contains_key(*keyword))
}

/// The component names that must keep their own type: those named from
/// outside the component schemas, as a `oneOf` or `anyOf` variant, by a
/// discriminator, or by a reference into them.
fn kept_apart(json: &Value) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    // (value, inside the component schemas, a direct variant of a union)
    let mut pending: Vec<(&Value, bool, bool)> = Vec::new();
    if let Some(root) = json.as_object() {
        for (key, value) in root {
            if key != "components" {
                pending.push((value, false, false));
            }
        }
    }
    if let Some(components) = json.get("components").and_then(Value::as_object) {
        for (key, value) in components {
            pending.push((value, key == "schemas", false));
        }
    }
    while let Some((value, inside, variant)) = pending.pop() {
        match value {
            Value::Object(map) => {
                if let Some(reference) = map.get("$ref").and_then(Value::as_str)
                    && let Some(rest) = reference.strip_prefix(PREFIX)
                {
                    let (token, deeper) = match rest.split_once('/') {
                        Some((token, _)) => (token, true),
                        None => (rest, false),
                    };
                    if !inside || variant || deeper {
                        out.insert(unescape(token));
                    }
                }
                if let Some(mapping) = map
                    .get("discriminator")
                    .and_then(|discriminator| discriminator.get("mapping"))
                    .and_then(Value::as_object)
                {
                    for target in mapping.values().filter_map(Value::as_str) {
                        let token = target.strip_prefix(PREFIX).unwrap_or(target);
                        out.insert(unescape(token));
                    }
                }
                for (key, child) in map {
                    let union = key == "oneOf" || key == "anyOf";
                    match child {
                        Value::Array(items) if union => {
                            pending.extend(items.iter().map(|item| (item, inside, true)));
                        }
                        _ => pending.push((child, inside, false)),
                    }
                }
            }
            Value::Array(items) => pending.extend(items.iter().map(|item| (item, inside, false))),
            _ => {}
        }
    }
    out
}

/// The pointer of component schema `name`.
fn pointer(name: &str) -> String {
    format!("{PREFIX}{}", escape_pointer_token(name))
}

fn unescape(token: &str) -> String {
    token.replace("~1", "/").replace("~0", "~")
}

/// What of `schema` makes its type, keys in order (properties in theirs),
/// references to merged components as references to what they became.
fn shape(schema: &Value, merged: &BTreeMap<String, String>) -> Value {
    let Value::Object(map) = schema else {
        return schema.clone();
    };
    let mut keys: Vec<&String> = map
        .keys()
        .filter(|key| !DOCUMENTATION.contains(&key.as_str()))
        .collect();
    keys.sort();
    let mut out = Map::new();
    for key in keys {
        let value = &map[key];
        let shaped = match (key.as_str(), value) {
            ("$ref", Value::String(reference)) => match reference.strip_prefix(PREFIX) {
                Some(token) if !token.contains('/') => {
                    Value::String(canonical(&unescape(token), merged))
                }
                _ => value.clone(),
            },
            (keyword, Value::Object(entries)) if SCHEMA_MAPS.contains(&keyword) => Value::Array(
                entries
                    .iter()
                    .map(|(name, schema)| {
                        Value::Array(vec![Value::String(name.clone()), shape(schema, merged)])
                    })
                    .collect(),
            ),
            (keyword, Value::Array(items)) if SUBSCHEMA.contains(&keyword) => {
                Value::Array(items.iter().map(|item| shape(item, merged)).collect())
            }
            (keyword, _) if SUBSCHEMA.contains(&keyword) => shape(value, merged),
            _ => value.clone(),
        };
        out.insert(key.clone(), shaped);
    }
    Value::Object(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn document(schemas: Value, body: &str) -> Value {
        json!({
            "openapi": "3.0.3",
            "paths": {"/a": {"post": {
                "requestBody": {"content": {"application/json": {"schema": {"$ref": format!("#/components/schemas/{body}")}}}},
                "responses": {"204": {"description": "done"}}
            }}},
            "components": {"schemas": schemas}
        })
    }

    #[test]
    fn objects_of_one_shape_become_the_first_by_name() {
        let mut json = document(
            json!({
                "Order": {"type": "object", "properties": {
                    "note": {"$ref": "#/components/schemas/NoteValue"},
                    "code": {"$ref": "#/components/schemas/CodeValue"}
                }},
                "NoteValue": {"type": "object", "description": "A note.", "properties": {"value": {"type": "string", "example": "hi"}}},
                "CodeValue": {"type": "object", "properties": {"value": {"type": "string", "description": "The code."}}}
            }),
            "Order",
        );
        let aliases = merge(&mut json);
        assert_eq!(
            aliases,
            vec![TypeAlias {
                name: "NoteValue".to_owned(),
                target: "CodeValue".to_owned(),
                doc: Some("A note.".to_owned()),
            }]
        );
        let schemas = json.pointer("/components/schemas").unwrap();
        assert!(schemas.get("NoteValue").is_none());
        assert_eq!(
            schemas.pointer("/Order/properties/note/$ref"),
            Some(&json!("#/components/schemas/CodeValue"))
        );
    }

    #[test]
    fn wrappers_of_merged_types_merge_too() {
        let mut json = document(
            json!({
                "Root": {"type": "object", "properties": {
                    "a": {"$ref": "#/components/schemas/OuterA"},
                    "b": {"$ref": "#/components/schemas/OuterB"}
                }},
                "OuterA": {"type": "object", "properties": {"inner": {"$ref": "#/components/schemas/InnerA"}}},
                "OuterB": {"type": "object", "properties": {"inner": {"$ref": "#/components/schemas/InnerB"}}},
                "InnerA": {"type": "object", "properties": {"n": {"type": "integer"}}},
                "InnerB": {"type": "object", "properties": {"n": {"type": "integer"}}}
            }),
            "Root",
        );
        let aliases: Vec<(String, String)> = merge(&mut json)
            .into_iter()
            .map(|alias| (alias.name, alias.target))
            .collect();
        assert_eq!(
            aliases,
            [("InnerB", "InnerA"), ("OuterB", "OuterA")]
                .map(|(name, target)| (name.to_owned(), target.to_owned()))
        );
    }

    #[test]
    fn what_keeps_its_name_elsewhere_or_differs_stays_apart() {
        let value = json!({"type": "object", "properties": {"value": {"type": "string"}}});
        let mut json = document(
            json!({
                "Root": {"type": "object", "properties": {
                    "pet": {"oneOf": [{"$ref": "#/components/schemas/Cat"}, {"$ref": "#/components/schemas/Dog"}]},
                    "one": {"$ref": "#/components/schemas/Body"},
                    "reordered": {"$ref": "#/components/schemas/Pair"},
                    "pair": {"$ref": "#/components/schemas/PairReversed"},
                    "required": {"$ref": "#/components/schemas/Required"},
                    "color": {"$ref": "#/components/schemas/Color"},
                    "colour": {"$ref": "#/components/schemas/Colour"}
                }},
                "Body": value.clone(),
                "Cat": value.clone(),
                "Dog": value.clone(),
                "Pair": {"type": "object", "properties": {"a": {"type": "string"}, "b": {"type": "string"}}},
                "PairReversed": {"type": "object", "properties": {"b": {"type": "string"}, "a": {"type": "string"}}},
                "Required": {"type": "object", "required": ["value"], "properties": {"value": {"type": "string"}}},
                "Color": {"type": "string", "enum": ["red"]},
                "Colour": {"type": "string", "enum": ["red"]}
            }),
            "Body",
        );
        assert_eq!(merge(&mut json), Vec::new());
    }
}
