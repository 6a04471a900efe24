//! `$ref` checks on the plain-JSON form of a spec: every reference is local,
//! points at something that exists, and does not loop back on itself.

use serde_json::Value;

use crate::diagnostic::{Diagnostic, escape_pointer_token};
use crate::load::Spec;

/// How many `$ref` hops a chain may take before it counts as a loop.
const MAX_CHAIN: usize = 64;

/// Resolves a local reference (`#/components/schemas/X`) in `document`.
pub fn resolve<'a>(document: &'a Value, reference: &str) -> Option<&'a Value> {
    let pointer = reference.strip_prefix('#')?;
    document.pointer(pointer)
}

/// Follows `$ref`-only objects until a real value; `None` on a missing target or a loop.
pub fn follow<'a>(document: &'a Value, value: &'a Value) -> Option<&'a Value> {
    let mut current = value;
    for _ in 0..MAX_CHAIN {
        match current.get("$ref").and_then(Value::as_str) {
            Some(reference) => current = resolve(document, reference)?,
            None => return Some(current),
        }
    }
    None
}

/// Like [`follow`], and further through wrappers that add nothing but a
/// single alternative (`allOf`, `anyOf` or `oneOf` whose members are all
/// the same, with no type and no properties of their own): the schema a
/// value really has.
pub fn follow_wrappers<'a>(document: &'a Value, value: &'a Value) -> Option<&'a Value> {
    let mut current = follow(document, value)?;
    for _ in 0..MAX_CHAIN {
        let own_shape = ["type", "properties", "additionalProperties", "items"]
            .iter()
            .any(|key| current.get(key).is_some());
        let wrappers: Vec<&Vec<Value>> = ["allOf", "anyOf", "oneOf"]
            .iter()
            .filter_map(|key| current.get(key)?.as_array())
            .collect();
        match wrappers.as_slice() {
            [members]
                if !own_shape
                    && members
                        .first()
                        .is_some_and(|first| members.iter().all(|member| member == first)) =>
            {
                current = follow(document, &members[0])?;
            }
            _ => return Some(current),
        }
    }
    None
}

/// Every problem with the spec's `$ref`s.
pub fn check(spec: &Spec) -> Vec<Diagnostic> {
    let mut diagnostics = Vec::new();
    let mut pending = vec![("#".to_owned(), &spec.json)];
    while let Some((pointer, value)) = pending.pop() {
        match value {
            Value::Object(map) => {
                if let Some(reference) = map.get("$ref") {
                    let at = format!("{pointer}/$ref");
                    if let Some(problem) = check_one(spec, &at, reference, expected_kind(&pointer))
                    {
                        diagnostics.push(problem);
                    }
                }
                for (key, child) in map.iter().rev() {
                    pending.push((format!("{pointer}/{}", escape_pointer_token(key)), child));
                }
            }
            Value::Array(items) => {
                for (index, child) in items.iter().enumerate().rev() {
                    pending.push((format!("{pointer}/{index}"), child));
                }
            }
            _ => {}
        }
    }
    diagnostics
}

/// The components section a `$ref` at `pointer` must point into, from where it stands.
fn expected_kind(pointer: &str) -> &'static str {
    let tokens: Vec<&str> = pointer.trim_start_matches("#/").split('/').collect();
    let last = tokens.last().copied().unwrap_or_default();
    let parent = tokens
        .len()
        .checked_sub(2)
        .and_then(|i| tokens.get(i))
        .copied()
        .unwrap_or_default();
    if let ["components", kind, _] = tokens.as_slice() {
        return match *kind {
            "responses" => "responses",
            "parameters" => "parameters",
            "requestBodies" => "requestBodies",
            "headers" => "headers",
            "examples" => "examples",
            "securitySchemes" => "securitySchemes",
            "links" => "links",
            "callbacks" => "callbacks",
            "pathItems" => "pathItems",
            _ => "schemas",
        };
    }
    if parent == "properties" {
        return "schemas";
    }
    if tokens.len() == 2 && tokens[0] == "paths" {
        // Path-item references are rejected on their own by validation.
        return "";
    }
    match (parent, last) {
        (_, "requestBody") => "requestBodies",
        ("parameters", _) => "parameters",
        ("headers", _) => "headers",
        ("examples", _) => "examples",
        ("links", _) => "links",
        ("callbacks", _) => "callbacks",
        ("responses", _) if tokens.first() == Some(&"paths") => "responses",
        _ => "schemas",
    }
}

fn check_one(spec: &Spec, pointer: &str, reference: &Value, kind: &str) -> Option<Diagnostic> {
    if kind.is_empty() {
        return None;
    }
    let Some(reference) = reference.as_str() else {
        return Some(
            spec.diagnostic(pointer, "`$ref` must be a string")
                .hint("write `$ref: '#/components/schemas/Name'`"),
        );
    };
    if !reference.starts_with("#/") {
        return Some(
            spec.diagnostic(pointer, format!("external reference `{reference}` is not supported"))
                .hint("copy the referenced definition into this file's `components` and use a `#/components/…` reference"),
        );
    }
    let prefix = format!("#/components/{kind}/");
    let in_place = reference
        .strip_prefix(&prefix)
        .is_some_and(|name| !name.is_empty() && !name.contains('/'));
    if !in_place {
        return Some(
            spec.diagnostic(
                pointer,
                format!("`{reference}` is not a reference to `{prefix}<name>`"),
            )
            .hint(format!("here a `$ref` must name an entry of `{prefix}`")),
        );
    }
    let Some(target) = resolve(&spec.json, reference) else {
        return Some(
            spec.diagnostic(pointer, format!("`{reference}` does not exist"))
                .hint(missing_hint(&spec.json, reference)),
        );
    };
    if follow(&spec.json, target).is_none() {
        return Some(
            spec.diagnostic(
                pointer,
                format!(
                    "`{reference}` is part of a loop of references that never reaches a definition"
                ),
            )
            .hint(
                "make one of the referenced components a real definition instead of another `$ref`",
            ),
        );
    }
    None
}

/// Suggests the names that do exist next to the missing one.
fn missing_hint(document: &Value, reference: &str) -> String {
    let parent = reference
        .rsplit_once('/')
        .map(|(parent, _)| parent)
        .unwrap_or("#");
    match resolve(document, parent).and_then(Value::as_object) {
        Some(siblings) if !siblings.is_empty() => {
            let names: Vec<&str> = siblings.keys().map(String::as_str).collect();
            format!("`{parent}` defines: {}", names.join(", "))
        }
        _ => format!("define `{reference}` or fix the reference"),
    }
}
