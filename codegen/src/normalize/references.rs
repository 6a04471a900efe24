//! References to objects that are not components become references to
//! components, or copies.
//!
//! OpenAPI lets a `$ref` name any place in the document
//! (`#/components/schemas/Pet/properties/owner`, `#/paths/~1a/get/responses/200`);
//! progenitor and typify only follow `#/components/<section>/<name>`. A
//! schema referenced that way is copied into `components/schemas` under a
//! name made from where it stands (`PetOwner`), once however often it is
//! referenced, so that recursive schemas stay references; any other object
//! (a response, a parameter, a path item …) is copied in place of the reference.

use std::collections::BTreeMap;

use serde_json::{Map, Value};

use crate::diagnostic::escape_pointer_token;
use crate::load::SourceMap;
use crate::load::refs;
use crate::load::walk::{self, NodeKind};

/// How many rounds of rewriting a document may take: each round handles the
/// references that the copies of the previous one brought in.
const MAX_ROUNDS: usize = 16;

/// Rewrites every reference of `json` that names something other than a
/// component entry, recording each copy in `source_map`.
pub fn to_components(json: &mut Value, source_map: &mut SourceMap) {
    // Target pointer → the component schema made from it.
    let mut hoisted: BTreeMap<String, String> = BTreeMap::new();
    for _ in 0..MAX_ROUNDS {
        let found: Vec<(NodeKind, String, String)> = walk::nodes(json)
            .into_iter()
            .filter_map(|(kind, pointer, value)| {
                let target = value.get("$ref")?.as_str()?;
                // progenitor takes no path item `$ref` at all.
                let copied =
                    kind == NodeKind::PathItem || !refs::is_entry_of(target, kind.section());
                (target.starts_with("#/") && copied).then(|| (kind, pointer, target.to_owned()))
            })
            .collect();
        if found.is_empty() {
            return;
        }
        // Schemas moved into components this round: references into them
        // (`…/owner/properties/name`) follow them there.
        let mut moved: BTreeMap<String, String> = BTreeMap::new();
        for (kind, pointer, target) in found {
            if kind == NodeKind::Schema {
                let name = match hoisted.get(&target) {
                    Some(name) => name.clone(),
                    None => {
                        let Some(schema) = refs::resolve(json, &target).cloned() else {
                            continue;
                        };
                        let name = fresh_schema_name(json, &target);
                        insert_schema(json, &name, schema);
                        // The schema's own place refers to the component
                        // too: typify would otherwise also generate it
                        // there, under a name that may be this one.
                        let component =
                            format!("#/components/schemas/{}", escape_pointer_token(&name));
                        if let Some(place) = json.pointer_mut(&refs::decoded(&target)[1..]) {
                            *place = serde_json::json!({ "$ref": component.clone() });
                        }
                        moved.insert(target.clone(), component);
                        source_map.record_move(
                            format!("#/components/schemas/{}", escape_pointer_token(&name)),
                            target.clone(),
                        );
                        hoisted.insert(target.clone(), name.clone());
                        name
                    }
                };
                if let Some(slot) = json.pointer_mut(&pointer[1..]) {
                    *slot = serde_json::json!({
                        "$ref": format!("#/components/schemas/{}", escape_pointer_token(&name))
                    });
                }
            } else {
                let Some(copy) = refs::resolve(json, &target).cloned() else {
                    continue;
                };
                if let Some(slot) = json.pointer_mut(&pointer[1..]) {
                    *slot = copy;
                    source_map.record_move(pointer.clone(), target.clone());
                }
            }
        }
        refs::rewrite_references(json, &moved);
    }
}

/// A component name for the schema at `target` that no component has:
/// the words of its pointer, less list indices (`#/components/schemas/Pet/properties/owner` →
/// `PetOwner`), numbered if taken.
pub(crate) fn fresh_schema_name(json: &Value, target: &str) -> String {
    const STRUCTURE: &[&str] = &[
        "components",
        "schemas",
        "properties",
        "items",
        "additionalProperties",
        "allOf",
        "oneOf",
        "anyOf",
        "not",
        "paths",
        "content",
        "schema",
        "responses",
        "parameters",
        "requestBody",
        "requestBodies",
        "headers",
    ];
    let words: Vec<String> = target
        .trim_start_matches("#/")
        .split('/')
        .map(|token| token.replace("~1", "/").replace("~0", "~"))
        // List indices say nothing about the schema.
        .filter(|token| {
            !STRUCTURE.contains(&token.as_str()) && !token.bytes().all(|b| b.is_ascii_digit())
        })
        .collect();
    let base = crate::normalize::names::type_name(&words.join(" "));
    let base = if base.is_empty() {
        "Schema".to_owned()
    } else {
        base
    };
    let rust_names: std::collections::BTreeSet<String> = json
        .pointer("/components/schemas")
        .and_then(Value::as_object)
        .into_iter()
        .flat_map(|schemas| schemas.keys())
        .map(|key| crate::normalize::names::type_name(key))
        .collect();
    let taken = |name: &str| {
        json.pointer(&format!(
            "/components/schemas/{}",
            escape_pointer_token(name)
        ))
        .is_some()
            || rust_names.contains(&crate::normalize::names::type_name(name))
    };
    if !taken(&base) {
        return base;
    }
    (2..)
        .map(|n| format!("{base}{n}"))
        .find(|name| !taken(name))
        .unwrap_or(base)
}

/// Adds `schema` to `components/schemas` as `name`, making the sections if need be.
pub(crate) fn insert_schema(json: &mut Value, name: &str, schema: Value) {
    let Some(root) = json.as_object_mut() else {
        return;
    };
    let components = root
        .entry("components")
        .or_insert_with(|| Value::Object(Map::new()));
    if let Some(components) = components.as_object_mut()
        && let Some(schemas) = components
            .entry("schemas")
            .or_insert_with(|| Value::Object(Map::new()))
            .as_object_mut()
    {
        schemas.insert(name.to_owned(), schema);
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn nested_schemas_become_components_and_other_objects_copies() {
        let mut document = json!({
            "paths": {"/a": {"get": {"responses": {
                "200": {"description": "ok", "content": {"application/json": {"schema": {
                    "$ref": "#/components/schemas/Pet/properties/owner"
                }}}},
                "404": {"$ref": "#/paths/~1a/get/responses/200"}
            }}}},
            "components": {"schemas": {"Pet": {"type": "object", "properties": {
                "owner": {"type": "object", "properties": {"pet": {"$ref": "#/components/schemas/Pet"}}},
                "friend": {"$ref": "#/components/schemas/Pet/properties/owner"}
            }}}}
        });
        let mut source_map = SourceMap::default();
        to_components(&mut document, &mut source_map);
        let schema_ref = json!({"$ref": "#/components/schemas/PetOwner"});
        assert_eq!(
            document.pointer("/components/schemas/Pet/properties/friend"),
            Some(&schema_ref)
        );
        assert_eq!(
            document.pointer("/components/schemas/PetOwner/properties/pet/$ref"),
            Some(&json!("#/components/schemas/Pet"))
        );
        assert_eq!(
            document.pointer("/paths/~1a/get/responses/404/content/application~1json/schema"),
            Some(&schema_ref)
        );
        assert_eq!(
            source_map.original("#/components/schemas/PetOwner/properties/pet"),
            "#/components/schemas/Pet/properties/owner/properties/pet"
        );
    }
}
