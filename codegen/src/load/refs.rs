//! `$ref` checks on the plain-JSON form of a spec: every reference is local,
//! points at something that exists, and does not loop back on itself.

use std::collections::BTreeMap;

use serde_json::Value;

use crate::diagnostic::{Code, Diagnostic};
use crate::load::{Spec, walk};

/// How many `$ref` hops a chain may take before it counts as a loop.
const MAX_CHAIN: usize = 64;

/// Resolves a local reference (`#/components/schemas/X`) in `document`.
/// A `$ref` is a URI, so its fragment may be percent-encoded
/// (`#/paths/~1a~1%7Bid%7D`): `{`, `}` and spaces often are.
pub fn resolve<'a>(document: &'a Value, reference: &str) -> Option<&'a Value> {
    let pointer = decoded(reference).strip_prefix('#')?.to_owned();
    document.pointer(&pointer)
}

/// Where `reference` leads when each `$ref` met on the way is followed
/// (`#/paths/~1a/get/responses/200/content/application~1json/schema/properties/b`
/// through a response schema that is a `$ref` to a component): the pointer
/// of the node it reaches, with no `$ref` on the way; `None` when it leads
/// nowhere even so, or through more references than a chain may take.
pub fn resolve_through(document: &Value, reference: &str) -> Option<String> {
    let pointer = decoded(reference).strip_prefix('#')?.to_owned();
    let mut at = String::from("#");
    let mut current = document;
    let mut hops = 0;
    for token in pointer.split('/').skip(1) {
        let key = token.replace("~1", "/").replace("~0", "~");
        loop {
            let next = match current {
                Value::Object(map) => map.get(&key),
                Value::Array(items) => key.parse::<usize>().ok().and_then(|index| items.get(index)),
                _ => None,
            };
            if let Some(next) = next {
                current = next;
                at.push('/');
                at.push_str(token);
                break;
            }
            let target = current.get("$ref")?.as_str()?;
            hops += 1;
            if hops > MAX_CHAIN {
                return None;
            }
            current = resolve(document, target)?;
            at = decoded(target).into_owned();
        }
    }
    Some(at)
}

/// `reference` with its percent-encoding undone (as a JSON pointer is
/// written inside a document), or as it is when that is not UTF-8.
pub fn decoded(reference: &str) -> std::borrow::Cow<'_, str> {
    if reference.contains('%') {
        percent_encoding::percent_decode_str(reference)
            .decode_utf8()
            .unwrap_or(std::borrow::Cow::Borrowed(reference))
    } else {
        std::borrow::Cow::Borrowed(reference)
    }
}

/// Points every `$ref` of `value` that names one of `moves`' old pointers,
/// or a place inside one, at the new pointer. The longest old pointer that
/// matches wins: a definition nested in a moved one may have moved on its
/// own. Each `$ref` costs one map lookup per `/` it holds, however many
/// pointers moved.
pub fn rewrite_references(value: &mut Value, moves: &BTreeMap<String, String>) {
    if moves.is_empty() {
        return;
    }
    let mut pending = vec![value];
    while let Some(value) = pending.pop() {
        match value {
            Value::Object(map) => {
                if let Some(Value::String(reference)) = map.get_mut("$ref")
                    && let Some(moved) = moved(reference, moves)
                {
                    *reference = moved;
                }
                pending.extend(map.values_mut());
            }
            Value::Array(items) => pending.extend(items.iter_mut()),
            _ => {}
        }
    }
}

/// `reference` after `moves`, when a pointer it starts with moved.
fn moved(reference: &str, moves: &BTreeMap<String, String>) -> Option<String> {
    // The reference itself, then each prefix that ends before a `/`,
    // longest first.
    let mut end = reference.len();
    loop {
        if let Some(to) = moves.get(&reference[..end]) {
            return Some(format!("{to}{}", &reference[end..]));
        }
        end = reference[..end].rfind('/')?;
    }
}

/// Whether `pointer` names an entry of `#/components/<section>/`.
pub fn is_entry_of(pointer: &str, section: &str) -> bool {
    !section.is_empty()
        && pointer
            .strip_prefix("#/components/")
            .and_then(|rest| rest.strip_prefix(section))
            .and_then(|rest| rest.strip_prefix('/'))
            .is_some_and(|name| !name.is_empty() && !name.contains('/'))
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
/// the same, or one schema beside members that only document it, such as
/// `allOf: [{$ref: …}, {description: …}]`, with no type and no properties
/// of their own): the schema a value really has.
pub fn follow_wrappers<'a>(document: &'a Value, value: &'a Value) -> Option<&'a Value> {
    let mut current = follow(document, value)?;
    for _ in 0..MAX_CHAIN {
        match wrapped(current) {
            Some(inner) => current = follow(document, inner)?,
            None => return Some(current),
        }
    }
    None
}

/// The one schema that `schema` only wraps (see [`follow_wrappers`]).
pub fn wrapped(schema: &Value) -> Option<&Value> {
    let own_shape = ["type", "properties", "additionalProperties", "items"]
        .iter()
        .any(|key| schema.get(key).is_some());
    if own_shape {
        return None;
    }
    let wrappers: Vec<&Vec<Value>> = ["allOf", "anyOf", "oneOf"]
        .iter()
        .filter_map(|key| schema.get(key)?.as_array())
        .collect();
    let [members] = wrappers.as_slice() else {
        return None;
    };
    let first = members.first()?;
    if members.iter().all(|member| member == first) {
        return Some(first);
    }
    let mut substantial = members.iter().filter(|member| !is_annotation(member));
    match (substantial.next(), substantial.next()) {
        (Some(only), None) => Some(only),
        _ => None,
    }
}

/// Whether a schema only documents (a description, a title, examples) and
/// constrains nothing.
fn is_annotation(schema: &Value) -> bool {
    schema
        .as_object()
        .is_some_and(|object| object.keys().all(|key| is_documentation(key)))
}

/// Whether a schema keyword only documents the schema (a description, a
/// title, examples, an extension) and constrains nothing.
pub(crate) fn is_documentation(keyword: &str) -> bool {
    const DOCUMENTATION: &[&str] = &[
        "description",
        "title",
        "example",
        "examples",
        "deprecated",
        "readOnly",
        "writeOnly",
        "externalDocs",
        "xml",
    ];
    DOCUMENTATION.contains(&keyword) || keyword.starts_with("x-")
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
            // A schema may be kept anywhere OpenAPI gives no kind
            // (`#/components/enums/X`): loading warned, normalization hoists it.
            let nested = reference.as_str().is_some_and(|target| {
                let target = decoded(target);
                match kinds.get(target.as_ref()) {
                    Some(found) => found == kind,
                    None => {
                        *kind == walk::NodeKind::Schema
                            && resolve(&spec.json, &target).is_some_and(Value::is_object)
                    }
                }
            });
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
            spec.diagnostic(Code::InvalidReference, pointer, "`$ref` must be a string")
                .hint("write `$ref: '#/components/schemas/Name'`"),
        );
    };
    if !reference.starts_with("#/") {
        return Some(
            spec.diagnostic(Code::ExternalReference, pointer, format!("external reference `{reference}` is not supported"))
                .hint("copy the referenced definition into this file's `components` and use a `#/components/…` reference"),
        );
    }
    let prefix = format!("#/components/{kind}/");
    let in_place = reference
        .strip_prefix(&prefix)
        .is_some_and(|name| !name.is_empty() && !name.contains('/'));
    if !in_place && resolve(&spec.json, reference).is_some() {
        return Some(
            spec.diagnostic(Code::WrongReferenceKind,
                pointer,
                format!("`{reference}` is not a reference to `{prefix}<name>`, nor to an object of that kind elsewhere"),
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
            spec.diagnostic(
                Code::MissingReference,
                pointer,
                format!("`{reference}` does not exist"),
            )
            .hint(missing_hint(&spec.json, reference)),
        );
    };
    if follow(&spec.json, target).is_none() {
        return Some(
            spec.diagnostic(
                Code::ReferenceCycle,
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
pub(crate) fn missing_hint(document: &Value, reference: &str) -> String {
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

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn references_at_or_below_a_moved_pointer_follow_it_and_the_longest_match_wins() {
        let moves: BTreeMap<String, String> = [
            ("#/$defs/a", "#/components/schemas/A"),
            ("#/$defs/a/$defs/b", "#/components/schemas/B"),
            ("#/components/schemas/Old", "#/components/schemas/New"),
        ]
        .into_iter()
        .map(|(from, to)| (from.to_owned(), to.to_owned()))
        .collect();
        let mut document = json!({
            "x": {"$ref": "#/$defs/a"},
            "y": [{"$ref": "#/$defs/a/properties/id"}],
            "z": {"items": {"$ref": "#/$defs/a/$defs/b/properties/n"}},
            "old": {"$ref": "#/components/schemas/Old"},
            "longer": {"$ref": "#/components/schemas/Older"},
            "elsewhere": {"$ref": "#/$defs/ab"},
        });
        rewrite_references(&mut document, &moves);
        assert_eq!(
            document,
            json!({
                "x": {"$ref": "#/components/schemas/A"},
                "y": [{"$ref": "#/components/schemas/A/properties/id"}],
                "z": {"items": {"$ref": "#/components/schemas/B/properties/n"}},
                "old": {"$ref": "#/components/schemas/New"},
                "longer": {"$ref": "#/components/schemas/Older"},
                "elsewhere": {"$ref": "#/$defs/ab"},
            })
        );
    }
}
