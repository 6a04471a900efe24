//! Schemas that typify would give one name, named apart.
//!
//! typify names an inline schema after its `title` when it has one, and
//! when a type of that name exists already it uses that type instead, without
//! a word: a nullable `NullableFoo` titled `Foo` would decode as the fields of
//! the component `Foo`, and two inline objects titled `Address` would share
//! the first one's fields. A title documents; it does not name. So, in
//! memory, every schema's title becomes its description when it has none,
//! and typify names each type after where it stands (`HolderLocation`; a
//! component after its key, the non-null part of a nullable one, or of one
//! listing `null` among its values, `NullableFooInner`).
//!
//! A nullable component that is a `oneOf`, `anyOf`, `allOf` or `not` is read
//! by typify as an `Option` of a type named like the component: one name,
//! two definitions. Its non-null part becomes a component of its own,
//! `<Name>Inner` (as typify names the non-null part of a nullable object),
//! and the component refers to it.
//!
//! Neither changes what the spec means; neither warns.

use serde_json::{Map, Value};

use crate::diagnostic::escape_pointer_token;
use crate::load::SourceMap;
use crate::load::walk::{self, NodeKind};
use crate::normalize::references;

/// The keywords that combine schemas.
const COMPOSITIONS: &[&str] = &["oneOf", "anyOf", "allOf", "not"];

/// Moves titles out of the way of type names and gives the non-null part of
/// nullable composite components a component of its own.
pub fn name_apart(json: &mut Value, source_map: &mut SourceMap) {
    titles_to_descriptions(json);
    split_nullable_compositions(json, source_map);
}

/// Every schema's title becomes its description (when it has none), so
/// that no title names a type.
fn titles_to_descriptions(json: &mut Value) {
    let titled: Vec<String> = walk::nodes(json)
        .into_iter()
        .filter(|(kind, _, schema)| *kind == NodeKind::Schema && schema.get("title").is_some())
        .map(|(_, pointer, _)| pointer)
        .collect();
    for pointer in titled {
        let Some(schema) = json
            .pointer_mut(&pointer[1..])
            .and_then(Value::as_object_mut)
        else {
            continue;
        };
        if let Some(title) = schema.shift_remove("title")
            && !schema.contains_key("description")
            && title.is_string()
        {
            schema.insert("description".to_owned(), title);
        }
    }
}

fn is_nullable(schema: &Value) -> bool {
    schema.get("nullable") == Some(&Value::Bool(true))
}

/// Whether typify would name the non-null part of this nullable component
/// like the component: it combines schemas, and is more than one `$ref`
/// (which typify reads as that type, unnamed).
fn composes_a_named_type(schema: &Map<String, Value>) -> bool {
    if schema.contains_key("type") || !COMPOSITIONS.iter().any(|key| schema.contains_key(*key)) {
        return false;
    }
    let members: Vec<&Value> = COMPOSITIONS
        .iter()
        .filter_map(|key| schema.get(*key))
        .flat_map(|value| match value {
            Value::Array(members) => members.iter().collect::<Vec<_>>(),
            other => vec![other],
        })
        .collect();
    let only_members = schema.keys().all(|key| {
        COMPOSITIONS.contains(&key.as_str())
            || key == "nullable"
            || crate::load::refs::is_documentation(key)
    });
    !(only_members && members.len() == 1 && members[0].get("$ref").is_some())
}

/// Each nullable composite component `X` becomes `{nullable, allOf: [XInner]}`,
/// `XInner` holding what `X` combined.
fn split_nullable_compositions(json: &mut Value, source_map: &mut SourceMap) {
    let split: Vec<String> = json
        .pointer("/components/schemas")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
        .filter(|(_, schema)| {
            is_nullable(schema) && schema.as_object().is_some_and(composes_a_named_type)
        })
        .map(|(key, _)| key.clone())
        .collect();
    for key in split {
        let pointer = format!("#/components/schemas/{}", escape_pointer_token(&key));
        let Some(Value::Object(mut inner)) = json.pointer(&pointer[1..]).cloned() else {
            continue;
        };
        inner.shift_remove("nullable");
        let name = references::fresh_schema_name(json, &format!("{pointer}/Inner"));
        let target = format!("#/components/schemas/{}", escape_pointer_token(&name));
        let mut outer = Map::new();
        if let Some(description) = inner.get("description") {
            outer.insert("description".to_owned(), description.clone());
        }
        outer.insert("nullable".to_owned(), Value::Bool(true));
        outer.insert(
            "allOf".to_owned(),
            Value::Array(vec![serde_json::json!({ "$ref": target.clone() })]),
        );
        references::insert_schema(json, &name, Value::Object(inner));
        if let Some(place) = json.pointer_mut(&pointer[1..]) {
            *place = Value::Object(outer);
        }
        source_map.record_move(target, pointer);
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn titles_name_no_inline_type_and_nullable_compositions_get_an_inner_component() {
        let mut document = json!({"components": {"schemas": {
            "Foo": {"title": "Kept", "type": "object"},
            "NullableFoo": {"title": "Foo", "nullable": true, "type": "object"},
            "Holder": {"type": "object", "properties": {
                "address": {"title": "Foo", "type": "object", "description": "Where."},
                "other": {"title": "Other", "type": "object"}
            }},
            "Location": {"nullable": true, "description": "One of two.", "oneOf": [
                {"$ref": "#/components/schemas/Foo"}, {"$ref": "#/components/schemas/Holder"}
            ]},
            "JustFoo": {"nullable": true, "allOf": [{"$ref": "#/components/schemas/Foo"}]}
        }}});
        let mut source_map = SourceMap::default();
        name_apart(&mut document, &mut source_map);
        let schemas = &document["components"]["schemas"];
        assert_eq!(schemas["Foo"]["description"], json!("Kept"));
        assert_eq!(schemas["NullableFoo"].get("title"), None);
        assert_eq!(schemas["NullableFoo"]["description"], json!("Foo"));
        let address = &schemas["Holder"]["properties"]["address"];
        assert_eq!(address.get("title"), None);
        assert_eq!(address["description"], json!("Where."));
        assert_eq!(
            schemas["Holder"]["properties"]["other"]["description"],
            json!("Other")
        );
        assert_eq!(
            schemas["Location"],
            json!({"description": "One of two.", "nullable": true,
                   "allOf": [{"$ref": "#/components/schemas/LocationInner"}]})
        );
        assert_eq!(
            schemas["LocationInner"]["oneOf"][1]["$ref"],
            json!("#/components/schemas/Holder")
        );
        assert_eq!(schemas["LocationInner"].get("nullable"), None);
        assert_eq!(
            source_map.original("#/components/schemas/LocationInner/oneOf/0"),
            "#/components/schemas/Location/oneOf/0"
        );
        // A single `$ref` is that type already: nothing to split.
        assert_eq!(
            schemas["JustFoo"]["allOf"][0]["$ref"],
            json!("#/components/schemas/Foo")
        );
    }
}
