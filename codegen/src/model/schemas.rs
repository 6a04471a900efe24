//! Schemas as the generated types depend on them: the Rust type, the
//! properties and which are required, enum values, constraints, secrets,
//! and which side of the API (requests, responses) uses each component.

use std::collections::{BTreeMap, BTreeSet};

use indexmap::IndexMap;
use serde_json::Value;

use crate::diagnostic::escape_pointer_token;
use crate::load::refs;
use crate::normalize::names::type_name;

/// The validation keywords that change what a value may be, in the order
/// changes to them are reported.
pub const CONSTRAINTS: &[&str] = &[
    "minLength",
    "maxLength",
    "pattern",
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "minItems",
    "maxItems",
    "uniqueItems",
    "default",
    "multipleOf",
];

/// The keywords that shape a composite type: any change to them
/// restructures the generated type.
pub const STRUCTURE: &[&str] = &["oneOf", "anyOf", "allOf", "additionalProperties"];

/// One schema: inline in full, a reference by the component it names.
#[derive(Clone, Debug, PartialEq)]
pub struct Schema {
    /// The component a `$ref` names, by its name in the spec.
    pub reference: Option<String>,
    /// The Rust type the generator gives it (`String`, `Vec<Account>`, the
    /// component's type name), or its kind where typify names it (`struct`,
    /// `enum`, `composite`, `constrained string newtype`).
    pub rust_type: String,
    /// Its `format`.
    pub format: Option<String>,
    /// Its `enum` values, in spec order.
    pub enum_values: Vec<Value>,
    /// The [`CONSTRAINTS`] it sets, with their values.
    pub constraints: BTreeMap<&'static str, Value>,
    /// The [`STRUCTURE`] keywords it sets, as written.
    pub structure: BTreeMap<&'static str, Value>,
    /// Whether `null` is a value (for a reference: whether the target says so).
    pub nullable: bool,
    /// A secret (`format: password` or `writeOnly`; for a reference, the
    /// target's): never printed by `Debug`.
    pub secret: bool,
    /// Its properties, in spec order.
    pub properties: IndexMap<String, Schema>,
    /// The names of the required properties.
    pub required: BTreeSet<String>,
    /// The schema of its items, for an array.
    pub items: Option<Box<Schema>>,
}

impl Schema {
    /// The schema `value` in `document`.
    pub fn read(document: &Value, value: &Value) -> Self {
        let target = refs::follow(document, value).unwrap_or(value);
        let flag = |schema: &Value, key: &str| schema.get(key) == Some(&Value::Bool(true));
        let secret = target.get("format").and_then(Value::as_str) == Some("password")
            || flag(target, "writeOnly");
        if let Some(reference) = value.get("$ref").and_then(Value::as_str) {
            let name = reference.rsplit('/').next().unwrap_or(reference);
            return Self {
                reference: Some(name.to_owned()),
                rust_type: type_name(name),
                nullable: flag(target, "nullable"),
                secret,
                ..Self::empty()
            };
        }
        let keywords = |list: &[&'static str]| {
            list.iter()
                .filter_map(|keyword| Some((*keyword, value.get(*keyword)?.clone())))
                .collect()
        };
        Self {
            reference: None,
            rust_type: rust_type(value),
            format: value
                .get("format")
                .and_then(Value::as_str)
                .map(str::to_owned),
            enum_values: value
                .get("enum")
                .and_then(Value::as_array)
                .cloned()
                .unwrap_or_default(),
            constraints: keywords(CONSTRAINTS),
            structure: keywords(STRUCTURE),
            nullable: flag(value, "nullable"),
            secret,
            properties: value
                .get("properties")
                .and_then(Value::as_object)
                .into_iter()
                .flatten()
                .map(|(name, property)| (name.clone(), Self::read(document, property)))
                .collect(),
            required: crate::load::schemas::required_properties(value)
                .into_iter()
                .map(str::to_owned)
                .collect(),
            items: value
                .get("items")
                .filter(|items| items.is_object())
                .map(|items| Box::new(Self::read(document, items))),
        }
    }

    fn empty() -> Self {
        Self {
            reference: None,
            rust_type: String::new(),
            format: None,
            enum_values: Vec::new(),
            constraints: BTreeMap::new(),
            structure: BTreeMap::new(),
            nullable: false,
            secret: false,
            properties: IndexMap::new(),
            required: BTreeSet::new(),
            items: None,
        }
    }

    /// Whether it is a string enum, which becomes a Rust enum of its values.
    pub fn is_string_enum(&self) -> bool {
        self.reference.is_none() && self.rust_type == "enum"
    }
}

/// One component schema, with where the API uses it.
#[derive(Clone, Debug, PartialEq)]
pub struct Component {
    /// Its type in the generated `types` module.
    pub type_name: String,
    /// The schema (a component that is itself a `$ref` is a reference).
    pub schema: Schema,
    /// Reachable from a request body or a parameter.
    pub request_side: bool,
    /// Reachable from a response.
    pub response_side: bool,
    /// Wire names of its secret properties (its own, or those of the
    /// component it refers to).
    pub secret_properties: BTreeSet<String>,
}

impl Component {
    /// A string enum that only responses use: it stays open to values the
    /// vendor adds later (an `Unknown` variant).
    pub fn is_response_only_enum(&self) -> bool {
        self.response_side && !self.request_side && self.schema.is_string_enum()
    }
}

/// The component schemas of `document`, by their names in the spec, in spec order.
pub fn components(document: &Value) -> IndexMap<String, Component> {
    let (request_side, response_side) = usage(document);
    document
        .pointer("/components/schemas")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
        .map(|(name, value)| {
            let schema = Schema::read(document, value);
            let secret_properties = refs::follow(document, value)
                .map(|target| Schema::read(document, target))
                .unwrap_or_else(|| schema.clone())
                .properties
                .iter()
                .filter(|(_, property)| property.secret)
                .map(|(property, _)| property.clone())
                .collect();
            let component = Component {
                type_name: type_name(name),
                schema,
                request_side: request_side.contains(name),
                response_side: response_side.contains(name),
                secret_properties,
            };
            (name.clone(), component)
        })
        .collect()
}

/// Names of component schemas (as written in the spec) reachable from
/// requests (bodies and parameters) and from responses, in that order.
fn usage(document: &Value) -> (BTreeSet<String>, BTreeSet<String>) {
    let mut request_side = BTreeSet::new();
    let mut response_side = BTreeSet::new();
    for (pointer, value) in walk(document) {
        let Some(reference) = value.get("$ref").and_then(Value::as_str) else {
            continue;
        };
        let in_response = pointer.contains("/responses/");
        let in_request = pointer.contains("/requestBody")
            || pointer.contains("/parameters/")
            || pointer.contains("/requestBodies/");
        if in_response {
            reachable(document, reference, &mut response_side);
        }
        if in_request {
            reachable(document, reference, &mut request_side);
        }
    }
    (request_side, response_side)
}

/// Every object in the document with its JSON pointer.
fn walk(document: &Value) -> Vec<(String, &Value)> {
    let mut out = Vec::new();
    let mut pending = vec![(String::new(), document)];
    while let Some((pointer, value)) = pending.pop() {
        match value {
            Value::Object(map) => {
                for (key, child) in map {
                    pending.push((format!("{pointer}/{}", escape_pointer_token(key)), child));
                }
                out.push((pointer, value));
            }
            Value::Array(items) => {
                for (index, child) in items.iter().enumerate() {
                    pending.push((format!("{pointer}/{index}"), child));
                }
            }
            _ => {}
        }
    }
    out
}

/// Adds the component schema `reference` names, and all it references, to `seen`.
fn reachable(document: &Value, reference: &str, seen: &mut BTreeSet<String>) {
    let mut pending = vec![reference.to_owned()];
    while let Some(reference) = pending.pop() {
        let Some(name) = reference.strip_prefix("#/components/") else {
            continue;
        };
        let (kind, name) = name.split_once('/').unwrap_or(("", name));
        if kind == "schemas" && !seen.insert(name.to_owned()) {
            continue;
        }
        let Some(target) = refs::resolve(document, &reference) else {
            continue;
        };
        for (_, value) in walk(target) {
            if let Some(next) = value.get("$ref").and_then(Value::as_str) {
                pending.push(next.to_owned());
            }
        }
    }
}

/// The Rust type the generator gives an inline schema, as far as the change
/// rules need it.
fn rust_type(schema: &Value) -> String {
    if let Some(reference) = schema.get("$ref").and_then(Value::as_str) {
        return type_name(reference.rsplit('/').next().unwrap_or(reference));
    }
    let format = schema
        .get("format")
        .and_then(Value::as_str)
        .unwrap_or_default();
    match schema.get("type").and_then(Value::as_str) {
        Some("string") if schema.get("enum").is_some() => "enum".to_owned(),
        // typify wraps a constrained string in a newtype that checks it.
        Some("string")
            if ["minLength", "maxLength", "pattern"]
                .iter()
                .any(|keyword| schema.get(*keyword).is_some()) =>
        {
            "constrained string newtype".to_owned()
        }
        Some("string") => match format {
            "date-time" => "chrono::DateTime<Utc>",
            "date" => "chrono::NaiveDate",
            "uuid" => "uuid::Uuid",
            _ => "String",
        }
        .to_owned(),
        Some("integer") => match format {
            "int32" => "i32",
            "uint32" => "u32",
            "uint64" => "u64",
            _ => "i64",
        }
        .to_owned(),
        Some("number") => if format == "float" { "f32" } else { "f64" }.to_owned(),
        Some("boolean") => "bool".to_owned(),
        Some("array") => format!(
            "Vec<{}>",
            schema
                .get("items")
                .map_or_else(|| "serde_json::Value".to_owned(), rust_type)
        ),
        Some("object") if schema.get("properties").is_some() => "struct".to_owned(),
        Some("object") => "Map<String, _>".to_owned(),
        Some(other) => other.to_owned(),
        None if ["oneOf", "anyOf", "allOf"]
            .iter()
            .any(|key| schema.get(*key).is_some()) =>
        {
            "composite".to_owned()
        }
        None => "serde_json::Value".to_owned(),
    }
}
