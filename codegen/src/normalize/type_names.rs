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
//! typify names an inline schema after where it stands (the property
//! `owner` of `Pet` is `PetOwner`, an array's items `…Item`), and a
//! component may already have that name: typify would then use the
//! component for the inline schema, fields and all. Such an inline schema
//! becomes a reference to the component when it is the same schema, and a
//! component of its own under a free name (`PetOwner2`) when it is not.
//!
//! None of this changes what the spec means, so none of it warns.

use std::collections::BTreeMap;

use serde_json::{Map, Value};

use crate::diagnostic::escape_pointer_token;
use crate::load::SourceMap;
use crate::load::walk::{self, NodeKind};
use crate::normalize::{names, references};

/// The keywords that combine schemas.
const COMPOSITIONS: &[&str] = &["oneOf", "anyOf", "allOf", "not"];

/// Moves titles out of the way of type names and gives the non-null part of
/// nullable composite components a component of its own.
pub fn name_apart(json: &mut Value, source_map: &mut SourceMap) {
    titles_to_descriptions(json);
    hoist_shadowed(json, source_map);
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

/// Inline schemas that typify would name like a component become that
/// component (the same schema) or a component of their own.
fn hoist_shadowed(json: &mut Value, source_map: &mut SourceMap) {
    let Some(schemas) = json
        .pointer("/components/schemas")
        .and_then(Value::as_object)
    else {
        return;
    };
    let components: BTreeMap<String, String> = schemas
        .keys()
        .map(|key| (names::type_name(key), key.clone()))
        .collect();
    let mut shadowed: Vec<(String, String)> = Vec::new();
    for (key, schema) in schemas {
        let mut base = names::type_name(key);
        if is_nullable(schema) {
            base.push_str("Inner");
        }
        let pointer = format!("#/components/schemas/{}", escape_pointer_token(key));
        inline_names(schema, &pointer, &base, &mut |at, name, inline| {
            if let Some(component) = components.get(name)
                && component != key
                && is_named_type(inline)
            {
                shadowed.push((at.to_owned(), component.clone()));
            }
        });
    }
    for (at, component) in shadowed {
        let target = format!("#/components/schemas/{}", escape_pointer_token(&component));
        let (Some(inline), Some(existing)) = (json.pointer(&at[1..]), json.pointer(&target[1..]))
        else {
            continue;
        };
        let reference = if inline == existing {
            target
        } else {
            let inline = inline.clone();
            let name = references::fresh_schema_name(json, &at);
            let hoisted = format!("#/components/schemas/{}", escape_pointer_token(&name));
            references::insert_schema(json, &name, inline);
            source_map.record_move(hoisted.clone(), at.clone());
            hoisted
        };
        if let Some(place) = json.pointer_mut(&at[1..]) {
            *place = serde_json::json!({ "$ref": reference });
        }
    }
}

/// Calls `visit` with the pointer, typify's name and the schema of every
/// inline schema under `schema` (named `base`) that typify names after its
/// place: properties (`{base}_{property}` in PascalCase, those of `allOf`
/// members included) and array items (`{base}Item`), at any depth.
fn inline_names(
    schema: &Value,
    pointer: &str,
    base: &str,
    visit: &mut impl FnMut(&str, &str, &Value),
) {
    if schema.get("$ref").is_some() {
        return;
    }
    if let Some(Value::Object(properties)) = schema.get("properties") {
        for (property, inline) in properties {
            let name = names::type_name(&format!("{base}_{}", names::snake_case(property)));
            let at = format!("{pointer}/properties/{}", escape_pointer_token(property));
            visit(&at, &name, inline);
            inline_names(inline, &at, &name, visit);
        }
    }
    // typify merges `allOf` members into one type: their properties are its.
    if let Some(Value::Array(members)) = schema.get("allOf") {
        for (index, member) in members.iter().enumerate() {
            inline_names(member, &format!("{pointer}/allOf/{index}"), base, visit);
        }
    }
    if let Some(items) = schema.get("items").filter(|items| items.is_object()) {
        let name = format!("{base}Item");
        let at = format!("{pointer}/items");
        visit(&at, &name, items);
        inline_names(items, &at, &name, visit);
    }
}

/// Whether typify makes a type of its own for this inline schema (a struct,
/// an enum, a checked string) rather than a standard one (`String`,
/// `Vec<…>`, a map).
fn is_named_type(schema: &Value) -> bool {
    schema.get("$ref").is_none()
        && (["properties", "enum", "oneOf", "anyOf", "allOf"]
            .iter()
            .any(|key| schema.get(*key).is_some())
            || is_constrained_string(schema))
}

/// A string typify checks (`pattern`, a length bound): a newtype of its own.
fn is_constrained_string(schema: &Value) -> bool {
    let bound = |key: &str| schema.get(key).and_then(Value::as_u64);
    schema.get("type").and_then(Value::as_str) == Some("string")
        && (schema.get("pattern").is_some()
            || bound("minLength").is_some_and(|length| length > 0)
            || bound("maxLength").is_some())
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
    let keys: Vec<String> = json
        .pointer("/components/schemas")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
        .map(|(key, _)| key.clone())
        .collect();
    split_nullable(json, source_map, keys);
}

/// Of the component schemas named `keys`, splits those that are nullable
/// compositions (see [`name_apart`]); components added after [`name_apart`]
/// ran (the types of multipart parts, say) go through here too.
pub(super) fn split_nullable(
    json: &mut Value,
    source_map: &mut SourceMap,
    keys: impl IntoIterator<Item = String>,
) {
    for key in keys {
        let pointer = format!("#/components/schemas/{}", escape_pointer_token(&key));
        let Some(Value::Object(mut inner)) = json.pointer(&pointer[1..]).cloned() else {
            continue;
        };
        if !(is_nullable(&Value::Object(inner.clone())) && composes_a_named_type(&inner)) {
            continue;
        }
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
    fn inline_schemas_named_like_a_component_become_it_or_their_own() {
        let owner = json!({"type": "object", "properties": {"name": {"type": "string"}}});
        let mut document = json!({"components": {"schemas": {
            "Pet": {"type": "object", "properties": {
                "owner": owner.clone(),
                "status": {"type": "string", "enum": ["a", "b"]},
                "tags": {"type": "array", "items": {"type": "object", "properties": {"x": {}}}},
                "plain": {"type": "string"},
                "code": {"type": "string", "pattern": "^[a-z]+$"}
            }},
            "Cat": {"allOf": [{"properties": {"owner": {"enum": ["x"]}}}]},
            "CatOwner": owner.clone(),
            "PetOwner": owner.clone(),
            "pet-status": {"type": "string", "enum": ["c"]},
            "PetTagsItem": {"type": "integer"},
            "PetPlain": {"type": "integer"},
            "pet_code": {"type": "string", "minLength": 3}
        }}});
        let mut source_map = SourceMap::default();
        name_apart(&mut document, &mut source_map);
        let pet = &document["components"]["schemas"]["Pet"]["properties"];
        assert_eq!(
            pet["owner"],
            json!({"$ref": "#/components/schemas/PetOwner"})
        );
        // `pet-status` is `PetStatus` in Rust: the inline enum is numbered.
        assert_eq!(
            pet["status"],
            json!({"$ref": "#/components/schemas/PetStatus2"})
        );
        assert_eq!(
            document["components"]["schemas"]["PetStatus2"]["enum"],
            json!(["a", "b"])
        );
        assert_eq!(
            pet["tags"]["items"],
            json!({"$ref": "#/components/schemas/PetTags"})
        );
        assert_eq!(
            pet["plain"],
            json!({"type": "string"}),
            "no type of its own"
        );
        // A checked string is a newtype, named like the component `pet_code`.
        assert_eq!(
            pet["code"],
            json!({"$ref": "#/components/schemas/PetCode2"})
        );
        assert_eq!(
            source_map.original("#/components/schemas/PetStatus2/enum"),
            "#/components/schemas/Pet/properties/status/enum"
        );
    }

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
