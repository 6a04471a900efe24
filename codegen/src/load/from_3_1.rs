//! OpenAPI 3.1 → 3.0, in memory, before the document is decoded.
//!
//! Neither `openapiv3` nor progenitor reads 3.1, whose schemas are JSON Schema
//! 2020-12. Almost every 3.1 construct has a 3.0 spelling with the same
//! meaning for a client (`type: [string, "null"]` is `type: string` +
//! `nullable: true`, `const: x` is `enum: [x]`, …); this module rewrites the
//! document into that spelling and records every node it moves in the
//! [`SourceMap`], so diagnostics still name the line the user wrote.
//!
//! What has no 3.0 spelling and does not change what a client sends or
//! receives (webhooks, `$schema`, `patternProperties` beside named
//! properties, …) is dropped.

use std::collections::{BTreeMap, BTreeSet};

use heck::ToUpperCamelCase as _;
use serde_json::{Map, Value, json};

use super::{SourceMap, refs};
use crate::diagnostic::escape_pointer_token;

/// The version the translated document declares.
pub(super) const TRANSLATED_VERSION: &str = "3.0.3";

/// Rewrites a 3.1 document into its 3.0 form.
pub(super) fn translate(document: &mut Value, source_map: &mut SourceMap) {
    let mut translator = Translator {
        source_map,
        taken_names: document
            .pointer("/components/schemas")
            .and_then(Value::as_object)
            .map(|schemas| schemas.keys().cloned().collect())
            .unwrap_or_default(),
        hoisted: Vec::new(),
    };
    translator.document(document);
    translator.hoist_definitions(document);
}

struct Translator<'a> {
    source_map: &'a mut SourceMap,
    /// Component schema names in use, so hoisted definitions get fresh ones.
    taken_names: BTreeSet<String>,
    /// `$defs` found inside schemas: (pointer written, new component name, schema).
    hoisted: Vec<(String, String, Value)>,
}

/// JSON Schema keywords that constrain one type only; when `type` lists
/// several, each goes to the branch of its type.
fn keyword_type(keyword: &str) -> Option<&'static [&'static str]> {
    const STRING: &[&str] = &["string"];
    const NUMBER: &[&str] = &["number", "integer"];
    const OBJECT: &[&str] = &["object"];
    const ARRAY: &[&str] = &["array"];
    Some(match keyword {
        "format" => &["string", "number", "integer"],
        "pattern" | "minLength" | "maxLength" => STRING,
        "minimum" | "maximum" | "exclusiveMinimum" | "exclusiveMaximum" | "multipleOf" => NUMBER,
        "properties" | "required" | "additionalProperties" | "minProperties" | "maxProperties" => {
            OBJECT
        }
        "items" | "minItems" | "maxItems" | "uniqueItems" => ARRAY,
        _ => return None,
    })
}

/// Keywords of JSON Schema 2020-12 that OpenAPI 3.0 does not have and that
/// do not change the Rust type of a value; dropped after the ones with a
/// 3.0 meaning have been used.
const DROPPED_KEYWORDS: &[&str] = &[
    "$schema",
    "$id",
    "$anchor",
    "$dynamicAnchor",
    "$dynamicRef",
    "$comment",
    "$vocabulary",
    "patternProperties",
    "propertyNames",
    "unevaluatedProperties",
    "unevaluatedItems",
    "contains",
    "minContains",
    "maxContains",
    "dependentRequired",
    "dependentSchemas",
    "if",
    "then",
    "else",
    "contentSchema",
    "contentMediaType",
    "contentEncoding",
    "examples",
    "const",
    "prefixItems",
    "$defs",
    "definitions",
];

/// Keywords next to a `$ref` that only describe it; any other sibling
/// constrains the value, so the reference moves into an `allOf`.
const ANNOTATIONS: &[&str] = &[
    "$ref",
    "description",
    "title",
    "summary",
    "deprecated",
    "readOnly",
    "writeOnly",
    "example",
    "examples",
    "$comment",
];

impl Translator<'_> {
    fn document(&mut self, document: &mut Value) {
        let Some(root) = document.as_object_mut() else {
            return;
        };
        root.insert("openapi".to_owned(), json!(TRANSLATED_VERSION));
        // Events the API sends, not calls a client makes.
        root.remove("webhooks");
        root.remove("jsonSchemaDialect");
        if let Some(info) = root.get_mut("info").and_then(Value::as_object_mut) {
            info.remove("summary");
            if let Some(license) = info.get_mut("license").and_then(Value::as_object_mut) {
                license.remove("identifier");
            }
        }
        // 3.1 lets a document have only components (or only webhooks).
        root.entry("paths").or_insert_with(|| json!({}));
        self.security(root);

        let path_items = root
            .get_mut("components")
            .and_then(Value::as_object_mut)
            .and_then(|components| components.remove("pathItems"));
        if let Some(paths) = root.get_mut("paths").and_then(Value::as_object_mut) {
            for (path, item) in paths.iter_mut() {
                let pointer = format!("#/paths/{}", escape_pointer_token(path));
                self.inline_path_item(item, &pointer, path_items.as_ref());
                self.path_item(item, &pointer);
            }
        }
        if let Some(components) = root.get_mut("components").and_then(Value::as_object_mut) {
            self.components(components);
        }
    }

    /// `mutualTLS` has no 3.0 form; the client certificate is set on the
    /// caller's HTTP client, so the scheme and its requirements go.
    fn security(&mut self, root: &mut Map<String, Value>) {
        let Some(schemes) = root
            .get_mut("components")
            .and_then(|components| components.get_mut("securitySchemes"))
            .and_then(Value::as_object_mut)
        else {
            return;
        };
        let mutual_tls: Vec<String> = schemes
            .iter()
            .filter(|(_, scheme)| scheme.get("type") == Some(&json!("mutualTLS")))
            .map(|(name, _)| name.clone())
            .collect();
        if mutual_tls.is_empty() {
            return;
        }
        for name in &mutual_tls {
            schemes.remove(name);
        }
        let mut requirements: Vec<&mut Value> = Vec::new();
        for (key, value) in root.iter_mut() {
            match key.as_str() {
                "security" => requirements.push(value),
                "paths" => {
                    for item in value
                        .as_object_mut()
                        .into_iter()
                        .flat_map(|paths| paths.values_mut())
                    {
                        for operation in item
                            .as_object_mut()
                            .into_iter()
                            .flat_map(|item| item.values_mut())
                        {
                            if let Some(security) = operation.get_mut("security") {
                                requirements.push(security);
                            }
                        }
                    }
                }
                _ => {}
            }
        }
        for requirement in requirements
            .into_iter()
            .filter_map(Value::as_array_mut)
            .flatten()
            .filter_map(Value::as_object_mut)
        {
            for name in &mutual_tls {
                requirement.remove(name);
            }
        }
    }

    /// A path item that is a `$ref` to `#/components/pathItems/…` (new in
    /// 3.1) is replaced by a copy of its target.
    fn inline_path_item(&mut self, item: &mut Value, pointer: &str, path_items: Option<&Value>) {
        let Some(target) = item
            .get("$ref")
            .and_then(Value::as_str)
            .and_then(|reference| reference.strip_prefix("#/components/pathItems/"))
            .map(str::to_owned)
        else {
            return;
        };
        let Some(definition) = path_items.and_then(|items| items.get(&target)) else {
            return;
        };
        *item = definition.clone();
        self.source_map.record_move(
            pointer,
            format!("#/components/pathItems/{}", escape_pointer_token(&target)),
        );
    }

    fn components(&mut self, components: &mut Map<String, Value>) {
        for (kind, entries) in components.iter_mut() {
            let Some(entries) = entries.as_object_mut() else {
                continue;
            };
            for (name, entry) in entries.iter_mut() {
                let pointer = format!("#/components/{kind}/{}", escape_pointer_token(name));
                match kind.as_str() {
                    "schemas" => self.schema(entry, &pointer),
                    "responses" => self.response(entry, &pointer),
                    "parameters" | "headers" => self.parameter(entry, &pointer),
                    "requestBodies" => self.content_of(entry, &pointer),
                    _ => {}
                }
            }
        }
    }

    fn path_item(&mut self, item: &mut Value, pointer: &str) {
        let Some(item) = item.as_object_mut() else {
            return;
        };
        for (key, value) in item.iter_mut() {
            let pointer = format!("{pointer}/{key}");
            match key.as_str() {
                "parameters" => self.parameters(value, &pointer),
                "get" | "put" | "post" | "delete" | "options" | "head" | "patch" | "trace" => {
                    self.operation(value, &pointer)
                }
                _ => {}
            }
        }
    }

    fn operation(&mut self, operation: &mut Value, pointer: &str) {
        let Some(operation) = operation.as_object_mut() else {
            return;
        };
        // 3.1 made `responses` optional; 3.0 requires the (possibly empty) map.
        operation.entry("responses").or_insert_with(|| json!({}));
        for (key, value) in operation.iter_mut() {
            let pointer = format!("{pointer}/{key}");
            match key.as_str() {
                "parameters" => self.parameters(value, &pointer),
                "requestBody" => self.content_of(value, &pointer),
                "responses" => {
                    for (status, response) in value.as_object_mut().into_iter().flatten() {
                        self.response(response, &format!("{pointer}/{status}"));
                    }
                }
                _ => {}
            }
        }
    }

    fn parameters(&mut self, parameters: &mut Value, pointer: &str) {
        for (index, parameter) in parameters.as_array_mut().into_iter().flatten().enumerate() {
            self.parameter(parameter, &format!("{pointer}/{index}"));
        }
    }

    /// A parameter or a header: a schema, or content.
    fn parameter(&mut self, parameter: &mut Value, pointer: &str) {
        if let Some(schema) = parameter.get_mut("schema") {
            self.schema(schema, &format!("{pointer}/schema"));
        }
        self.content_of(parameter, pointer);
    }

    fn response(&mut self, response: &mut Value, pointer: &str) {
        if let Some(headers) = response.get_mut("headers").and_then(Value::as_object_mut) {
            for (name, header) in headers.iter_mut() {
                self.parameter(
                    header,
                    &format!("{pointer}/headers/{}", escape_pointer_token(name)),
                );
            }
        }
        self.content_of(response, pointer);
    }

    /// The schemas of the media types under `owner.content`.
    fn content_of(&mut self, owner: &mut Value, pointer: &str) {
        let Some(content) = owner.get_mut("content").and_then(Value::as_object_mut) else {
            return;
        };
        for (media_type, media) in content.iter_mut() {
            let pointer = format!("{pointer}/content/{}", escape_pointer_token(media_type));
            if let Some(schema) = media.get_mut("schema") {
                self.schema(schema, &format!("{pointer}/schema"));
            }
            for (name, encoding) in media
                .get_mut("encoding")
                .and_then(Value::as_object_mut)
                .into_iter()
                .flatten()
            {
                self.response(
                    encoding,
                    &format!("{pointer}/encoding/{}", escape_pointer_token(name)),
                );
            }
        }
    }

    /// Translates one schema and, first, every schema inside it.
    fn schema(&mut self, schema: &mut Value, pointer: &str) {
        // `true` accepts anything, `false` nothing.
        if let Value::Bool(accepts) = schema {
            *schema = if *accepts {
                json!({})
            } else {
                json!({ "not": {} })
            };
            return;
        }
        let Some(object) = schema.as_object_mut() else {
            return;
        };
        self.subschemas(object, pointer);

        if object.contains_key("$ref") && !object.keys().all(|key| is_annotation(key)) {
            // In 3.1 the siblings of a `$ref` apply too; in 3.0 they are
            // ignored unless the reference is one member of an `allOf`.
            let reference = object.remove("$ref").unwrap_or_default();
            object.insert("allOf".to_owned(), json!([{ "$ref": reference }]));
            self.source_map
                .record_move(format!("{pointer}/allOf/0/$ref"), format!("{pointer}/$ref"));
        }
        if let Some(value) = object.remove("const") {
            object
                .entry("enum")
                .or_insert_with(|| Value::Array(vec![value]));
        }
        for (exclusive, bound) in [
            ("exclusiveMinimum", "minimum"),
            ("exclusiveMaximum", "maximum"),
        ] {
            if let Some(limit) = object.get(exclusive).filter(|limit| limit.is_number()) {
                let limit = limit.clone();
                object.insert(bound.to_owned(), limit);
                object.insert(exclusive.to_owned(), json!(true));
            }
        }
        if let Some(first) = object
            .get("examples")
            .and_then(Value::as_array)
            .and_then(|examples| examples.first())
            .cloned()
        {
            object.entry("example").or_insert(first);
        }
        content_keywords(object);
        pattern_properties(object);
        self.prefix_items(object, pointer);
        match object.get("items") {
            Some(Value::Bool(false)) => {
                object.remove("items");
            }
            Some(Value::Bool(true)) => {
                object.insert("items".to_owned(), json!({}));
            }
            _ => {}
        }
        for keyword in DROPPED_KEYWORDS {
            object.remove(*keyword);
        }
        self.type_list(object, pointer);
        self.null_branches(object, pointer);
    }

    /// Translates the schemas this schema contains, and collects its `$defs`.
    fn subschemas(&mut self, object: &mut Map<String, Value>, pointer: &str) {
        for (keyword, value) in object.iter_mut() {
            let pointer = format!("{pointer}/{}", escape_pointer_token(keyword));
            match keyword.as_str() {
                "items" | "additionalProperties" | "not" if value.is_object() => {
                    self.schema(value, &pointer);
                }
                "allOf" | "anyOf" | "oneOf" | "prefixItems" => {
                    for (index, member) in value.as_array_mut().into_iter().flatten().enumerate() {
                        self.schema(member, &format!("{pointer}/{index}"));
                    }
                }
                "properties" | "patternProperties" | "$defs" | "definitions" => {
                    for (name, member) in value.as_object_mut().into_iter().flatten() {
                        self.schema(member, &format!("{pointer}/{}", escape_pointer_token(name)));
                    }
                }
                _ => {}
            }
        }
        for keyword in ["$defs", "definitions"] {
            let Some(Value::Object(definitions)) = object.remove(keyword) else {
                continue;
            };
            for (name, definition) in definitions {
                let written = format!("{pointer}/{keyword}/{}", escape_pointer_token(&name));
                let fresh = self.fresh_name(&name);
                self.hoisted.push((written, fresh, definition));
            }
        }
    }

    /// `type: [string, "null"]` → `type: string, nullable: true`; several
    /// non-null types → a `oneOf` with one member per type, each taking the
    /// keywords that constrain its type.
    fn type_list(&mut self, object: &mut Map<String, Value>, pointer: &str) {
        let types: Vec<String> = match object.get("type") {
            Some(Value::Array(types)) => types
                .iter()
                .filter_map(Value::as_str)
                .map(str::to_owned)
                .collect(),
            Some(Value::String(single)) if single == "null" => vec![single.clone()],
            _ => return,
        };
        object.remove("type");
        let nullable = types.iter().any(|name| name == "null");
        let mut kinds: Vec<String> = types.into_iter().filter(|name| name != "null").collect();
        kinds.dedup();
        if nullable {
            object.insert("nullable".to_owned(), json!(true));
        }
        match kinds.as_slice() {
            [] => {
                object.entry("enum").or_insert_with(|| json!([null]));
            }
            [single] => {
                object.insert("type".to_owned(), json!(single));
            }
            several if !object.contains_key("oneOf") => {
                let mut members = Vec::new();
                for (index, kind) in several.iter().enumerate() {
                    let mut member = Map::new();
                    member.insert("type".to_owned(), json!(kind));
                    for (keyword, value) in object.iter() {
                        if keyword_type(keyword).is_some_and(|types| types.contains(&kind.as_str()))
                        {
                            member.insert(keyword.clone(), value.clone());
                            self.source_map.record_move(
                                format!("{pointer}/oneOf/{index}/{keyword}"),
                                format!("{pointer}/{keyword}"),
                            );
                        }
                    }
                    members.push(Value::Object(member));
                }
                object.retain(|keyword, _| keyword_type(keyword).is_none());
                object.insert("oneOf".to_owned(), Value::Array(members));
            }
            // A type list beside an existing `oneOf` constrains nothing the
            // members do not; the members decide the Rust type.
            _ => {}
        }
    }

    /// `anyOf`/`oneOf` with a `{type: "null"}` member → the other members,
    /// nullable; a single remaining member is taken into this schema.
    fn null_branches(&mut self, object: &mut Map<String, Value>, pointer: &str) {
        for keyword in ["anyOf", "oneOf"] {
            let Some(Value::Array(members)) = object.get_mut(keyword) else {
                continue;
            };
            let before = members.len();
            let kept: Vec<(usize, Value)> = std::mem::take(members)
                .into_iter()
                .enumerate()
                .filter(|(_, member)| !is_null_schema(member))
                .collect();
            if kept.len() == before {
                *members = kept.into_iter().map(|(_, member)| member).collect();
                continue;
            }
            object.insert("nullable".to_owned(), json!(true));
            match <[_; 1]>::try_from(kept) {
                Ok([(index, only)]) => {
                    object.remove(keyword);
                    self.take_single_member(
                        object,
                        only,
                        &format!("{pointer}/{keyword}/{index}"),
                        pointer,
                    );
                }
                Err(kept) => {
                    for (position, (index, _)) in kept.iter().enumerate() {
                        self.source_map.record_move(
                            format!("{pointer}/{keyword}/{position}"),
                            format!("{pointer}/{keyword}/{index}"),
                        );
                    }
                    object.insert(
                        keyword.to_owned(),
                        Value::Array(kept.into_iter().map(|(_, member)| member).collect()),
                    );
                }
            }
        }
    }

    /// Puts the one non-null member of a union into the schema that held
    /// it: its keywords merge in when they do not clash, and a reference (or
    /// a clashing member) becomes the single member of an `allOf`.
    fn take_single_member(
        &mut self,
        object: &mut Map<String, Value>,
        member: Value,
        member_pointer: &str,
        pointer: &str,
    ) {
        let merges = member.as_object().is_some_and(|member| {
            !member.contains_key("$ref")
                && member
                    .keys()
                    .all(|key| !object.contains_key(key) || key == "nullable")
        });
        match member {
            Value::Object(member) if merges => {
                for (keyword, value) in member {
                    self.source_map.record_move(
                        format!("{pointer}/{keyword}"),
                        format!("{member_pointer}/{keyword}"),
                    );
                    object.insert(keyword, value);
                }
            }
            member => {
                let all_of = object.entry("allOf").or_insert_with(|| json!([]));
                if let Value::Array(all_of) = all_of {
                    self.source_map
                        .record_move(format!("{pointer}/allOf/{}", all_of.len()), member_pointer);
                    all_of.push(member);
                }
            }
        }
    }

    /// `prefixItems` (a tuple) → `items` accepting any of the positions'
    /// schemas, and a length limit when no further items are allowed.
    fn prefix_items(&mut self, object: &mut Map<String, Value>, pointer: &str) {
        let Some(Value::Array(positions)) = object.remove("prefixItems") else {
            return;
        };
        let closed = object.get("items") == Some(&Value::Bool(false));
        let mut members: Vec<(String, Value)> = positions
            .into_iter()
            .enumerate()
            .map(|(index, schema)| (format!("{pointer}/prefixItems/{index}"), schema))
            .collect();
        match object.remove("items") {
            Some(Value::Bool(_)) | None => {}
            Some(rest) => members.push((format!("{pointer}/items"), rest)),
        }
        if closed {
            object
                .entry("maxItems")
                .or_insert_with(|| json!(members.len()));
        }
        let mut distinct: Vec<(String, Value)> = Vec::new();
        for (written, schema) in members {
            if !distinct.iter().any(|(_, seen)| *seen == schema) {
                distinct.push((written, schema));
            }
        }
        let items = match <[_; 1]>::try_from(distinct) {
            Ok([(written, schema)]) => {
                self.source_map
                    .record_move(format!("{pointer}/items"), written);
                schema
            }
            Err(distinct) if distinct.is_empty() => json!({}),
            Err(distinct) => {
                for (index, (written, _)) in distinct.iter().enumerate() {
                    self.source_map
                        .record_move(format!("{pointer}/items/oneOf/{index}"), written.clone());
                }
                json!({ "oneOf": distinct.into_iter().map(|(_, schema)| schema).collect::<Vec<_>>() })
            }
        };
        object.insert("items".to_owned(), items);
    }

    fn fresh_name(&mut self, name: &str) -> String {
        let mut base = name.to_upper_camel_case();
        if base.is_empty() {
            base = "Definition".to_owned();
        }
        let fresh = std::iter::once(base.clone())
            .chain((2..).map(|n| format!("{base}{n}")))
            .find(|candidate| !self.taken_names.contains(candidate))
            .unwrap_or(base);
        self.taken_names.insert(fresh.clone());
        fresh
    }

    /// Moves the collected `$defs` to `#/components/schemas` and points
    /// every reference to them at their new place.
    fn hoist_definitions(&mut self, document: &mut Value) {
        if self.hoisted.is_empty() {
            return;
        }
        let renames: BTreeMap<String, String> = self
            .hoisted
            .iter()
            .map(|(written, name, _)| {
                (
                    written.clone(),
                    format!("#/components/schemas/{}", escape_pointer_token(name)),
                )
            })
            .collect();
        let Some(root) = document.as_object_mut() else {
            return;
        };
        let schemas = root
            .entry("components")
            .or_insert_with(|| json!({}))
            .as_object_mut()
            .map(|components| components.entry("schemas").or_insert_with(|| json!({})));
        if let Some(Value::Object(schemas)) = schemas {
            for (written, name, schema) in self.hoisted.drain(..) {
                self.source_map.record_move(
                    format!("#/components/schemas/{}", escape_pointer_token(&name)),
                    written,
                );
                schemas.insert(name, schema);
            }
        }
        refs::rewrite_references(document, &renames);
    }
}

fn is_annotation(keyword: &str) -> bool {
    ANNOTATIONS.contains(&keyword) || keyword.starts_with("x-")
}

/// A translated member that admits only `null`.
fn is_null_schema(member: &Value) -> bool {
    member.get("enum") == Some(&json!([null]))
        && member.as_object().is_some_and(|object| {
            object
                .keys()
                .all(|key| key == "enum" || key == "nullable" || is_annotation(key))
        })
}

/// 3.1 spells binary and base64 strings with content keywords; 3.0 with formats.
fn content_keywords(object: &mut Map<String, Value>) {
    if object.get("type") != Some(&json!("string")) || object.contains_key("format") {
        return;
    }
    let format = if object.get("contentEncoding") == Some(&json!("base64")) {
        "byte"
    } else if object
        .get("contentMediaType")
        .and_then(Value::as_str)
        .is_some_and(|media| !media.contains("json") && !media.starts_with("text/"))
    {
        "binary"
    } else {
        return;
    };
    object.insert("format".to_owned(), json!(format));
}

/// An object whose keys all match one pattern is a map of that pattern's values.
fn pattern_properties(object: &mut Map<String, Value>) {
    if object.contains_key("properties") || object.contains_key("additionalProperties") {
        return;
    }
    let Some(Value::Object(patterns)) = object.get("patternProperties") else {
        return;
    };
    let mut schemas = patterns.values();
    if let (Some(only), None) = (schemas.next(), schemas.next()) {
        let only = only.clone();
        object.insert("additionalProperties".to_owned(), only);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Translates a document whose only schema is `components.schemas.S`.
    fn translate_schema(schema: Value) -> (Value, SourceMap) {
        let mut document = json!({
            "openapi": "3.1.0",
            "info": {"title": "T", "version": "1"},
            "components": {"schemas": {"S": schema}},
        });
        let mut source_map = SourceMap::default();
        translate(&mut document, &mut source_map);
        (document, source_map)
    }

    fn schema(schema: Value) -> Value {
        translate_schema(schema).0["components"]["schemas"]["S"].take()
    }

    #[test]
    fn type_lists_with_null_become_nullable_types() {
        assert_eq!(
            schema(json!({"type": ["string", "null"], "maxLength": 3})),
            json!({"type": "string", "nullable": true, "maxLength": 3})
        );
        assert_eq!(
            schema(json!({"type": "null"})),
            json!({"enum": [null], "nullable": true})
        );
    }

    #[test]
    fn several_types_become_one_member_per_type_with_its_own_keywords() {
        assert_eq!(
            schema(
                json!({"type": ["integer", "string"], "minimum": 1, "pattern": "^a", "description": "d"})
            ),
            json!({
                "description": "d",
                "oneOf": [
                    {"type": "integer", "minimum": 1},
                    {"type": "string", "pattern": "^a"},
                ],
            })
        );
    }

    #[test]
    fn a_union_with_null_keeps_its_other_members_and_becomes_nullable() {
        assert_eq!(
            schema(json!({"anyOf": [{"$ref": "#/components/schemas/A"}, {"type": "null"}]})),
            json!({"nullable": true, "allOf": [{"$ref": "#/components/schemas/A"}]})
        );
        assert_eq!(
            schema(json!({"oneOf": [{"type": "string"}, {"const": null}]})),
            json!({"nullable": true, "type": "string"})
        );
        assert_eq!(
            schema(json!({"oneOf": [{"type": "string"}, {"type": "null"}, {"type": "integer"}]})),
            json!({"nullable": true, "oneOf": [{"type": "string"}, {"type": "integer"}]})
        );
    }

    #[test]
    fn const_exclusive_bounds_and_examples_take_their_3_0_spelling() {
        assert_eq!(
            schema(
                json!({"type": "integer", "exclusiveMinimum": 0, "exclusiveMaximum": 10, "const": 5, "examples": [5, 6]})
            ),
            json!({
                "type": "integer",
                "minimum": 0,
                "exclusiveMinimum": true,
                "maximum": 10,
                "exclusiveMaximum": true,
                "enum": [5],
                "example": 5,
            })
        );
    }

    #[test]
    fn a_reference_with_constraints_beside_it_moves_into_all_of() {
        let (document, source_map) =
            translate_schema(json!({"$ref": "#/components/schemas/N", "maximum": 3}));
        assert_eq!(
            document["components"]["schemas"]["S"],
            json!({"maximum": 3, "allOf": [{"$ref": "#/components/schemas/N"}]})
        );
        assert_eq!(
            source_map.original("#/components/schemas/S/allOf/0/$ref"),
            "#/components/schemas/S/$ref"
        );
        // Annotations alone leave the reference as it is.
        assert_eq!(
            schema(json!({"$ref": "#/components/schemas/N", "description": "d"})),
            json!({"$ref": "#/components/schemas/N", "description": "d"})
        );
    }

    #[test]
    fn definitions_move_to_components_and_references_follow_them() {
        let (document, source_map) = translate_schema(json!({
            "type": "object",
            "properties": {"a": {"$ref": "#/components/schemas/S/$defs/A"}},
            "$defs": {
                "A": {
                    "properties": {"b": {"$ref": "#/components/schemas/S/$defs/A/$defs/b"}},
                    "$defs": {"b": {"type": ["string", "null"]}},
                },
            },
        }));
        let schemas = &document["components"]["schemas"];
        assert_eq!(
            schemas["S"]["properties"]["a"],
            json!({"$ref": "#/components/schemas/A"})
        );
        assert_eq!(
            schemas["A"]["properties"]["b"],
            json!({"$ref": "#/components/schemas/B"})
        );
        assert_eq!(schemas["B"], json!({"type": "string", "nullable": true}));
        assert_eq!(
            source_map.original("#/components/schemas/B/type"),
            "#/components/schemas/S/$defs/A/$defs/b/type"
        );
    }

    #[test]
    fn tuples_boolean_schemas_and_content_keywords() {
        assert_eq!(
            schema(
                json!({"type": "array", "prefixItems": [{"type": "number"}, {"type": "number"}], "items": false})
            ),
            json!({"type": "array", "maxItems": 2, "items": {"type": "number"}})
        );
        assert_eq!(
            schema(
                json!({"type": "array", "prefixItems": [{"type": "string"}, {"type": "integer"}]})
            ),
            json!({"type": "array", "items": {"oneOf": [{"type": "string"}, {"type": "integer"}]}})
        );
        assert_eq!(schema(json!(false)), json!({"not": {}}));
        assert_eq!(schema(json!(true)), json!({}));
        assert_eq!(
            schema(json!({"type": "string", "contentEncoding": "base64"})),
            json!({"type": "string", "format": "byte"})
        );
        assert_eq!(
            schema(json!({"type": "object", "patternProperties": {"^x": {"type": "integer"}}})),
            json!({"type": "object", "additionalProperties": {"type": "integer"}})
        );
    }

    #[test]
    fn document_parts_without_a_3_0_form_go_and_path_items_are_inlined() {
        let mut document = json!({
            "openapi": "3.1.0",
            "info": {"title": "T", "version": "1", "summary": "s", "license": {"name": "MIT", "identifier": "MIT"}},
            "webhooks": {"w": {}},
            "security": [{"mtls": []}, {"token": []}],
            "paths": {"/a": {"$ref": "#/components/pathItems/A"}},
            "components": {
                "pathItems": {"A": {"get": {"operationId": "a"}}},
                "securitySchemes": {"mtls": {"type": "mutualTLS"}, "token": {"type": "http", "scheme": "bearer"}},
            },
        });
        let mut source_map = SourceMap::default();
        translate(&mut document, &mut source_map);
        assert_eq!(document["openapi"], "3.0.3");
        assert_eq!(
            document["info"],
            json!({"title": "T", "version": "1", "license": {"name": "MIT"}})
        );
        assert!(document.get("webhooks").is_none());
        assert_eq!(document["security"], json!([{}, {"token": []}]));
        assert_eq!(
            document["paths"]["/a"],
            json!({"get": {"operationId": "a", "responses": {}}})
        );
        assert!(document["components"].get("pathItems").is_none());
        assert_eq!(
            source_map.original("#/paths/~1a/get/operationId"),
            "#/components/pathItems/A/get/operationId"
        );
    }
}
