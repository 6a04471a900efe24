//! `$ref` checks on the plain-JSON form of a spec: every reference is local,
//! points at something that exists, and does not loop back on itself.

use serde_json::Value;

use crate::diagnostic::Diagnostic;
use crate::load::{Spec, walk};

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

/// Every problem with the spec's `$ref`s: each `$ref` standing in for an
/// OpenAPI object must name an existing entry of the `components` section
/// of that object's kind.
///
/// A reference may also point at an object of the right kind anywhere else
/// in the document (`#/components/schemas/A/properties/b`,
/// `#/paths/~1a/get/responses/200`): OpenAPI allows any JSON pointer, and
/// normalization turns those into references to components.
pub fn check(spec: &Spec) -> Vec<Diagnostic> {
    let nodes = walk::nodes(&spec.json);
    let kinds: std::collections::HashMap<&str, walk::NodeKind> = nodes
        .iter()
        .map(|(kind, pointer, _)| (pointer.as_str(), *kind))
        .collect();
    nodes
        .iter()
        .filter_map(|(kind, pointer, value)| {
            let reference = value.get("$ref")?;
            let nested = reference
                .as_str()
                .is_some_and(|target| kinds.get(target) == Some(kind));
            if nested {
                return check_target(spec, &format!("{pointer}/$ref"), reference.as_str()?);
            }
            check_one(spec, &format!("{pointer}/$ref"), reference, kind.section())
        })
        .collect()
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
    check_target(spec, pointer, reference)
}

/// The target of a well-formed local `reference` must exist and not be part of a loop.
fn check_target(spec: &Spec, pointer: &str, reference: &str) -> Option<Diagnostic> {
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
