//! Values a request may carry, made from the document's schemas: what the
//! conformance run sends through a generated client's typed API.
//!
//! A value is the document's own example where it gives one, and otherwise
//! an instance made from the schema: the first of its `enum` or its
//! `const`, strings in their `format` or matching their `pattern`, numbers
//! within their bounds, arrays of `minItems` (at least one) items, objects
//! with their required properties ([`Fill::Required`]) or with every
//! property a request may send ([`Fill::Everything`]: not `readOnly`).
//! Compositions take their first alternative (`oneOf`, `anyOf`) or merge
//! their parts (`allOf`). The same schema always gives the same value.

use std::hash::{DefaultHasher, Hash, Hasher};

use rand::SeedableRng as _;
use serde_json::{Map, Value, json};

use crate::load::{refs, walk};

/// Which of an object's optional properties an instance sets.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fill {
    /// Only the required ones: the smallest request.
    Required,
    /// Every property a request may send.
    Everything,
}

/// How deep an instance goes into nested and recursive schemas before it
/// stops adding what it need not (optional properties, items beyond
/// `minItems`).
const DEPTH: usize = 6;

/// Where nesting stops altogether: a schema that requires itself has no
/// finite instance.
const MAX_DEPTH: usize = 24;

/// The values to try for `schema`, in order: `example` (the document's
/// example of the parameter or body, when it has one), the schema's own
/// `example`, `examples` and `default`, then the instance made from it.
/// Each is a candidate: the run sends the first the client's type accepts.
pub fn candidates(
    document: &Value,
    schema: &Value,
    fill: Fill,
    example: Option<&Value>,
) -> Vec<Value> {
    candidates_with(document, schema, example, instance(document, schema, fill))
}

/// [`candidates`] with `made` last.
fn candidates_with(
    document: &Value,
    schema: &Value,
    example: Option<&Value>,
    made: Value,
) -> Vec<Value> {
    let followed = follow(document, schema);
    let mut found: Vec<Value> = Vec::new();
    let own = ["example", "default"]
        .into_iter()
        .filter_map(|key| followed.get(key))
        .chain(
            followed
                .get("examples")
                .and_then(Value::as_array)
                .into_iter()
                .flatten(),
        );
    for value in example.into_iter().chain(own) {
        if !value.is_null() && !found.contains(value) {
            found.push(value.clone());
        }
    }
    if !found.contains(&made) {
        found.push(made);
    }
    found
}

/// The values the calls of one operation send.
#[derive(Clone, Debug, PartialEq)]
pub struct OperationValues {
    /// Its JSON pointer (`#/paths/~1items/get`).
    pub pointer: String,
    /// Its parameters' candidates (path-level ones included).
    pub parameters: Vec<ParameterValues>,
    /// Its body's candidates: the smallest, then with every property.
    pub body: Option<[Vec<Value>; 2]>,
}

/// The candidates of one parameter.
#[derive(Clone, Debug, PartialEq)]
pub struct ParameterValues {
    /// Its name on the wire.
    pub name: String,
    /// `path`, `query`, `header` or `cookie`.
    pub location: String,
    /// What to send, in order (see [`candidates`]).
    pub candidates: Vec<Value>,
}

/// The values of every operation of `document` (normalized OpenAPI 3.0
/// JSON), in its order.
pub fn operations(document: &Value) -> Vec<OperationValues> {
    walk::operations(document)
        .map(|entry| {
            let mut parameters: Vec<ParameterValues> = Vec::new();
            for owner in [entry.item, entry.operation] {
                for parameter in owner
                    .get("parameters")
                    .and_then(Value::as_array)
                    .into_iter()
                    .flatten()
                    .map(|parameter| follow(document, parameter))
                {
                    let text = |key: &str| parameter.get(key).and_then(Value::as_str);
                    let (Some(name), Some(location)) = (text("name"), text("in")) else {
                        continue;
                    };
                    let schema = parameter.get("schema").unwrap_or(&Value::Null);
                    parameters.retain(|known| known.name != name || known.location != location);
                    parameters.push(ParameterValues {
                        name: name.to_owned(),
                        location: location.to_owned(),
                        candidates: candidates(
                            document,
                            schema,
                            Fill::Everything,
                            parameter.get("example"),
                        ),
                    });
                }
            }
            let body = entry
                .operation
                .get("requestBody")
                .map(|body| follow(document, body))
                .and_then(|body| {
                    body.get("content")?
                        .as_object()?
                        .values()
                        .find(|media| media.get("schema").is_some())
                })
                .map(|media| {
                    let schema = media.get("schema").unwrap_or(&Value::Null);
                    let example = media.get("example").or_else(|| {
                        media
                            .get("examples")?
                            .as_object()?
                            .values()
                            .next()?
                            .get("value")
                    });
                    [Fill::Required, Fill::Everything]
                        .map(|fill| candidates(document, schema, fill, example))
                });
            OperationValues {
                pointer: entry.pointer(),
                parameters,
                body,
            }
        })
        .collect()
}

/// A value of `schema` made from its keywords alone (see the module's docs).
pub fn instance(document: &Value, schema: &Value, fill: Fill) -> Value {
    Maker {
        document,
        fill,
        text: false,
    }
    .make(schema, 0)
}

/// [`instance`] for a value that travels as text (a parameter): of the
/// alternatives of a `oneOf`, a string rather than a number or a boolean,
/// whose text would match both.
pub fn text_instance(document: &Value, schema: &Value) -> Value {
    Maker {
        document,
        fill: Fill::Everything,
        text: true,
    }
    .make(schema, 0)
}

struct Maker<'a> {
    document: &'a Value,
    fill: Fill,
    /// Whether the value travels as text (a parameter), where `1` is an
    /// integer and a string at once.
    text: bool,
}

impl Maker<'_> {
    fn make(&self, schema: &Value, depth: usize) -> Value {
        let schema = follow(self.document, schema);
        if depth > MAX_DEPTH {
            return Value::Null;
        }
        if let Some(value) = schema.get("const") {
            return value.clone();
        }
        if let Some(value) = schema
            .get("enum")
            .and_then(Value::as_array)
            .and_then(|values| values.iter().find(|value| !value.is_null()))
        {
            return value.clone();
        }
        if let Some(parts) = schema.get("allOf").and_then(Value::as_array) {
            return self.merged(schema, parts, depth);
        }
        for key in ["oneOf", "anyOf"] {
            if let Some(chosen) = schema
                .get(key)
                .and_then(Value::as_array)
                .and_then(|alternatives| self.alternative(alternatives))
            {
                return self.make(chosen, depth + 1);
            }
        }
        match type_of(schema).as_deref() {
            Some("object") => self.object(schema, depth),
            Some("array") => self.array(schema, depth),
            Some("string") => string(schema),
            Some("integer") => integer(schema),
            Some("number") => number(schema),
            Some("boolean") => Value::Bool(true),
            Some("null") => Value::Null,
            _ => Value::String("value".to_owned()),
        }
    }

    /// The alternative of a `oneOf` or `anyOf` to make: the first that
    /// admits more than `null`, or as text its first string.
    fn alternative<'s>(&self, alternatives: &'s [Value]) -> Option<&'s Value> {
        let types: Vec<Option<String>> = alternatives
            .iter()
            .map(|alternative| type_of(follow(self.document, alternative)))
            .collect();
        let string = types
            .iter()
            .position(|kind| kind.as_deref() == Some("string"));
        match string {
            Some(index)
                if self.text && types.iter().any(|kind| kind.as_deref() != Some("string")) =>
            {
                alternatives.get(index)
            }
            _ => alternatives
                .iter()
                .find(|alternative| !is_null_schema(self.document, alternative)),
        }
    }

    /// `allOf`: the parts' objects merged, with the schema's own properties.
    fn merged(&self, schema: &Value, parts: &[Value], depth: usize) -> Value {
        let mut merged = Map::new();
        let mut other = None;
        let own = schema.get("properties").map(|_| {
            let mut without = schema.clone();
            if let Some(object) = without.as_object_mut() {
                object.remove("allOf");
            }
            without
        });
        let mut objects = false;
        // A part that only describes (`{"description": …}` beside a
        // reference) says nothing of the value.
        for part in parts
            .iter()
            .chain(own.as_ref())
            .filter(|part| !is_annotation(follow(self.document, part)))
        {
            match self.make(part, depth + 1) {
                Value::Object(object) => {
                    objects = true;
                    merged.extend(object);
                }
                value => other = other.or(Some(value)),
            }
        }
        match other {
            Some(value) if !objects => value,
            _ => Value::Object(merged),
        }
    }

    fn object(&self, schema: &Value, depth: usize) -> Value {
        let required: Vec<&str> = schema
            .get("required")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .collect();
        let everything = self.fill == Fill::Everything && depth < DEPTH;
        let mut object = Map::new();
        for (name, property) in schema
            .get("properties")
            .and_then(Value::as_object)
            .into_iter()
            .flatten()
        {
            let is_required = required.contains(&name.as_str());
            let followed = follow(self.document, property);
            let read_only = followed.get("readOnly") == Some(&Value::Bool(true));
            if is_required || (everything && !read_only) {
                object.insert(name.clone(), self.make(property, depth + 1));
            }
        }
        let additional = schema
            .get("additionalProperties")
            .filter(|values| values.is_object());
        // Required but not declared: of the additional properties' schema,
        // or of any type (a string, then).
        for name in required {
            if !object.contains_key(name) {
                let value = match additional {
                    Some(values) => self.make(values, depth + 1),
                    None => Value::String("value".to_owned()),
                };
                object.insert(name.to_owned(), value);
            }
        }
        // A map: one entry, when it may have any.
        if object.is_empty()
            && let Some(values) = additional
            && (everything || min_of(schema, "minProperties") > 0)
        {
            object.insert("key".to_owned(), self.make(values, depth + 1));
        }
        Value::Object(object)
    }

    fn array(&self, schema: &Value, depth: usize) -> Value {
        let Some(items) = schema.get("items") else {
            return json!([]);
        };
        let least = min_of(schema, "minItems");
        let count = if depth < DEPTH { least.max(1) } else { least };
        let item = self.make(items, depth + 1);
        let unique = schema.get("uniqueItems") == Some(&Value::Bool(true));
        if unique && count > 1 {
            // Distinct items are only certain for numbers and strings.
            return Value::Array(
                (0..count)
                    .map(|index| distinct(&item, index))
                    .collect::<Vec<Value>>(),
            );
        }
        Value::Array(vec![item; usize::try_from(count).unwrap_or(1)])
    }
}

/// The `index`-th of distinct values like `item`.
fn distinct(item: &Value, index: u64) -> Value {
    match item {
        Value::String(text) => Value::String(format!("{text}{index}")),
        Value::Number(number) => match number.as_i64() {
            Some(number) => json!(number.saturating_add_unsigned(index)),
            None => json!(number.as_f64().unwrap_or_default() + index as f64),
        },
        other => other.clone(),
    }
}

/// `schema` with a reference followed (through a chain of them).
fn follow<'a>(document: &'a Value, schema: &'a Value) -> &'a Value {
    refs::follow(document, schema).unwrap_or(schema)
}

/// Whether `schema` only annotates: no keyword of it constrains a value.
fn is_annotation(schema: &Value) -> bool {
    const ANNOTATIONS: &[&str] = &[
        "description",
        "title",
        "example",
        "examples",
        "default",
        "deprecated",
        "readOnly",
        "writeOnly",
        "externalDocs",
        "xml",
        "nullable",
    ];
    schema.as_object().is_some_and(|object| {
        object
            .keys()
            .all(|key| ANNOTATIONS.contains(&key.as_str()) || key.starts_with("x-"))
    })
}

/// Whether `schema` admits only `null`.
fn is_null_schema(document: &Value, schema: &Value) -> bool {
    type_of(follow(document, schema)).as_deref() == Some("null")
}

/// The schema's type: its `type` (the first that is not `null` of a list),
/// or what its keywords imply.
fn type_of(schema: &Value) -> Option<String> {
    match schema.get("type") {
        Some(Value::String(name)) => return Some(name.clone()),
        Some(Value::Array(names)) => {
            let names: Vec<&str> = names.iter().filter_map(Value::as_str).collect();
            return names
                .iter()
                .find(|name| **name != "null")
                .or(names.first())
                .map(|name| (*name).to_owned());
        }
        _ => {}
    }
    let has = |key: &str| schema.get(key).is_some();
    if has("properties") || has("additionalProperties") || has("required") {
        Some("object".to_owned())
    } else if has("items") {
        Some("array".to_owned())
    } else if has("pattern") || has("format") || has("minLength") || has("maxLength") {
        Some("string".to_owned())
    } else if has("minimum") || has("maximum") {
        Some("number".to_owned())
    } else {
        None
    }
}

fn min_of(schema: &Value, key: &str) -> u64 {
    schema.get(key).and_then(Value::as_u64).unwrap_or(0)
}

/// A string in the schema's `format`, or matching its `pattern`, of a
/// length within its bounds.
fn string(schema: &Value) -> Value {
    let min = usize::try_from(min_of(schema, "minLength")).unwrap_or(usize::MAX);
    let max = schema
        .get("maxLength")
        .and_then(Value::as_u64)
        .and_then(|max| usize::try_from(max).ok());
    let fits = |text: &str| {
        let length = text.chars().count();
        length >= min && max.is_none_or(|max| length <= max)
    };
    if let Some(pattern) = schema.get("pattern").and_then(Value::as_str)
        && let Some(text) = matching(pattern, &fits)
    {
        return Value::String(text);
    }
    let format = schema.get("format").and_then(Value::as_str).unwrap_or("");
    let text = match format {
        "date-time" => "2024-01-02T03:04:05Z",
        "date" => "2024-01-02",
        "time" => "03:04:05Z",
        "duration" => "P1D",
        "uuid" => "123e4567-e89b-12d3-a456-426614174000",
        "email" | "idn-email" => "user@example.com",
        "uri" | "url" | "iri" | "uri-reference" | "iri-reference" => "https://example.com/",
        "hostname" | "idn-hostname" => "example.com",
        "ipv4" => "192.0.2.1",
        "ipv6" => "2001:db8::1",
        "byte" => "dmFsdWU=",
        "int32" | "int64" => "1",
        _ => "value",
    };
    let text = if fits(text) {
        text.to_owned()
    } else {
        // Padded to the least length, cut to the most.
        let length = text.chars().count().max(min);
        let length = max.map_or(length, |max| length.min(max));
        text.chars()
            .chain(std::iter::repeat('x'))
            .take(length)
            .collect()
    };
    Value::String(text)
}

/// A string matching the ECMAScript `pattern` (read as Rust's regex
/// syntax, which agrees on what documents write), of a length `fits`
/// accepts; the same one for the same pattern.
fn matching(pattern: &str, fits: &impl Fn(&str) -> bool) -> Option<String> {
    // ASCII classes first (`\d`, `\w` as documents mean them), Unicode
    // where the pattern needs it.
    let regex = regex_syntax::ParserBuilder::new()
        .unicode(false)
        .build()
        .parse(pattern)
        .ok()
        .or_else(|| regex_syntax::Parser::new().parse(pattern).ok())?;
    let generator = rand_regex::Regex::with_hir(without_assertions(regex), 8).ok()?;
    let mut hasher = DefaultHasher::new();
    pattern.hash(&mut hasher);
    let mut rng = rand::rngs::StdRng::seed_from_u64(hasher.finish());
    // An unanchored pattern matches a string that holds a match: the
    // generated match alone is one.
    (0..64)
        .map(|_| rand::distr::Distribution::<String>::sample(&generator, &mut rng))
        .find(|text| fits(text))
}

/// `hir` without its anchors and word boundaries, which the generator
/// cannot place: a match of the rest, generated alone, meets the anchors
/// (and mostly the boundaries; a value that does not is caught by the
/// client's type, and the next candidate is sent).
fn without_assertions(hir: regex_syntax::hir::Hir) -> regex_syntax::hir::Hir {
    use regex_syntax::hir::{Capture, Hir, HirKind, Repetition};
    match hir.into_kind() {
        HirKind::Look(_) => Hir::empty(),
        HirKind::Capture(capture) => Hir::capture(Capture {
            sub: Box::new(without_assertions(*capture.sub)),
            ..capture
        }),
        HirKind::Repetition(repetition) => Hir::repetition(Repetition {
            sub: Box::new(without_assertions(*repetition.sub)),
            ..repetition
        }),
        HirKind::Concat(parts) => Hir::concat(parts.into_iter().map(without_assertions).collect()),
        HirKind::Alternation(parts) => {
            Hir::alternation(parts.into_iter().map(without_assertions).collect())
        }
        HirKind::Empty => Hir::empty(),
        HirKind::Literal(literal) => Hir::literal(literal.0),
        HirKind::Class(class) => Hir::class(class),
    }
}

/// An integer within the schema's bounds, a multiple of its `multipleOf`.
fn integer(schema: &Value) -> Value {
    let bound = |key: &str| schema.get(key).and_then(Value::as_f64);
    let exclusive = |key: &str, bound: Option<f64>| match schema.get(key) {
        // OpenAPI 3.0: a flag on the bound; 3.1: the bound itself.
        Some(Value::Bool(true)) => bound.map(|bound| (bound, true)),
        Some(Value::Number(number)) => number.as_f64().map(|bound| (bound, true)),
        _ => bound.map(|bound| (bound, false)),
    };
    let low = exclusive("exclusiveMinimum", bound("minimum"));
    let high = exclusive("exclusiveMaximum", bound("maximum"));
    let step = schema
        .get("multipleOf")
        .and_then(Value::as_f64)
        .filter(|step| *step >= 1.0 && step.fract() == 0.0)
        .map_or(1, |step| step as i64);
    let least = match low {
        Some((bound, true)) => bound.floor() as i64 + 1,
        Some((bound, false)) => bound.ceil() as i64,
        None => 1,
    };
    let most = match high {
        Some((bound, true)) => bound.ceil() as i64 - 1,
        Some((bound, false)) => bound.floor() as i64,
        None => i64::MAX,
    };
    // The first multiple of `step` from 1 (or the least bound) up.
    let start = least.max(if low.is_some() { least } else { 1 }.min(most));
    let value = start.div_euclid(step) * step;
    let value = if value < least { value + step } else { value };
    json!(value.min(most))
}

/// A number within the schema's bounds.
fn number(schema: &Value) -> Value {
    let integral = integer(schema);
    match (
        integral.as_i64(),
        schema.get("multipleOf").and_then(Value::as_f64),
    ) {
        (Some(_), Some(step)) if step.fract() != 0.0 && step > 0.0 => {
            let least = schema
                .get("minimum")
                .and_then(Value::as_f64)
                .unwrap_or(step);
            json!((least / step).ceil() * step)
        }
        (Some(value), _) => json!(value as f64),
        _ => json!(1.0),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn of(schema: Value) -> Value {
        instance(&json!({}), &schema, Fill::Everything)
    }

    #[test]
    fn strings_keep_their_format_pattern_and_length() {
        assert_eq!(
            of(json!({"type": "string", "format": "date-time"})),
            "2024-01-02T03:04:05Z"
        );
        assert_eq!(
            of(json!({"type": "string", "format": "uuid"})),
            "123e4567-e89b-12d3-a456-426614174000"
        );
        assert_eq!(of(json!({"type": "string", "minLength": 8})), "valuexxx");
        assert_eq!(of(json!({"type": "string", "maxLength": 2})), "va");
        let pattern = "^AC[0-9a-fA-F]{32}$";
        let sid = of(json!({"type": "string", "pattern": pattern}));
        let sid = sid.as_str().expect("a string");
        assert!(
            regress::Regex::new(pattern)
                .expect("regex")
                .find(sid)
                .is_some(),
            "{sid}"
        );
        // The same schema, the same value.
        assert_eq!(of(json!({"type": "string", "pattern": pattern})), sid);
        let bounded =
            of(json!({"type": "string", "pattern": "^[a-z]+$", "minLength": 3, "maxLength": 4}));
        let bounded = bounded.as_str().expect("a string");
        assert!(
            (3..=4).contains(&bounded.len()) && bounded.chars().all(|c| c.is_ascii_lowercase()),
            "{bounded}"
        );
    }

    #[test]
    fn numbers_keep_their_bounds_and_steps() {
        assert_eq!(of(json!({"type": "integer"})), 1);
        assert_eq!(
            of(json!({"type": "integer", "minimum": 10, "maximum": 20})),
            10
        );
        assert_eq!(
            of(json!({"type": "integer", "minimum": 10, "exclusiveMinimum": true})),
            11
        );
        assert_eq!(of(json!({"type": "integer", "exclusiveMinimum": 10})), 11);
        assert_eq!(of(json!({"type": "integer", "maximum": -5})), -5);
        assert_eq!(
            of(json!({"type": "integer", "minimum": 3, "multipleOf": 5})),
            5
        );
        assert_eq!(
            of(json!({"type": "number", "minimum": 0.5, "multipleOf": 0.25})),
            0.5
        );
        assert_eq!(of(json!({"type": "number"})), 1.0);
    }

    #[test]
    fn objects_hold_their_required_properties_or_everything_a_request_sends() {
        let schema = json!({
            "type": "object",
            "required": ["id"],
            "properties": {
                "id": {"type": "integer"},
                "name": {"type": "string"},
                "created": {"type": "string", "readOnly": true},
            }
        });
        assert_eq!(
            instance(&json!({}), &schema, Fill::Required),
            json!({"id": 1})
        );
        assert_eq!(
            instance(&json!({}), &schema, Fill::Everything),
            json!({"id": 1, "name": "value"})
        );
        assert_eq!(
            of(json!({"type": "object", "additionalProperties": {"type": "integer"}})),
            json!({"key": 1})
        );
        // Required, though the schema does not declare it.
        assert_eq!(
            instance(
                &json!({}),
                &json!({"required": ["id", "kind"], "properties": {"id": {"type": "integer"}}}),
                Fill::Required
            ),
            json!({"id": 1, "kind": "value"})
        );
    }

    #[test]
    fn references_compositions_and_enums_are_followed() {
        let document = json!({"components": {"schemas": {
            "Pet": {"type": "object", "required": ["kind"], "properties": {"kind": {"enum": [null, "cat", "dog"]}}},
            "Named": {"allOf": [{"$ref": "#/components/schemas/Pet"}, {"required": ["name"], "properties": {"name": {"type": "string"}}}]},
            "Either": {"oneOf": [{"type": "null"}, {"$ref": "#/components/schemas/Pet"}]},
        }}});
        let named = instance(
            &document,
            &json!({"$ref": "#/components/schemas/Named"}),
            Fill::Required,
        );
        assert_eq!(named, json!({"kind": "cat", "name": "value"}));
        let either = instance(
            &document,
            &json!({"$ref": "#/components/schemas/Either"}),
            Fill::Required,
        );
        assert_eq!(either, json!({"kind": "cat"}));
        assert_eq!(of(json!({"type": ["null", "boolean"]})), true);
        // As text, `1` would be an integer and a string at once.
        let either = json!({"oneOf": [{"type": "integer"}, {"type": "string"}]});
        assert_eq!(of(either.clone()), 1);
        assert_eq!(text_instance(&json!({}), &either), "value");
        assert_eq!(of(json!({"const": "fixed"})), "fixed");
    }

    #[test]
    fn recursion_ends_and_arrays_hold_their_least_items() {
        let document = json!({"components": {"schemas": {
            "Node": {"type": "object", "properties": {
                "children": {"type": "array", "items": {"$ref": "#/components/schemas/Node"}},
            }},
        }}});
        let node = instance(
            &document,
            &json!({"$ref": "#/components/schemas/Node"}),
            Fill::Everything,
        );
        assert!(node.to_string().len() < 1000, "{node}");
        assert_eq!(
            of(
                json!({"type": "array", "items": {"type": "string"}, "minItems": 2, "uniqueItems": true})
            ),
            json!(["value0", "value1"])
        );
    }

    #[test]
    fn the_document_s_examples_come_first() {
        let schema = json!({"type": "integer", "example": 7, "default": 3});
        assert_eq!(
            candidates(&json!({}), &schema, Fill::Required, Some(&json!(9))),
            [json!(9), json!(7), json!(3), json!(1)]
        );
    }
}
