//! Containment: a part of the spec the type or client generator cannot
//! take costs that part, never the API.
//!
//! When progenitor (or typify under it) refuses or panics on a normalized
//! spec, the parts responsible are found by halving and given up one at a
//! time, each with a warning naming it:
//!
//! - a component schema: first its defaults are left out
//!   (`unsupported-default`); if that is not enough, it stands for any JSON
//!   value (`untyped-fallback`), so every type naming it still compiles;
//! - an operation whose own inline schemas fail: it is left out of the
//!   client (`operation-left-out`).
//!
//! This runs only after a failure: a spec that generates costs nothing more.
//! Each fallback is a bug of the generator to fix, and is counted as one.

use openapiv3::{OpenAPI, ReferenceOr};
use serde_json::Value;

use super::{METHOD_NAMES, operation_slots, progenitor, settings};
use crate::diagnostic::{Code, Diagnostic, escape_pointer_token};
use crate::load::Spec;
use crate::load::walk::{self, NodeKind};

/// How many parts may be given up before the spec counts as beyond
/// containment (the original error is reported then).
const MAX_FALLBACKS: usize = 64;

/// `spec` with the parts progenitor cannot take given up, and a warning for
/// each; `None` when progenitor takes the whole spec (the failure is
/// elsewhere) or no such set of parts was found.
pub(super) fn contain(spec: &Spec) -> Option<(Spec, Vec<Diagnostic>)> {
    contain_with(spec, fails)
}

/// [`contain`], with `fails` saying whether a document fails to generate.
fn contain_with(spec: &Spec, fails: impl Fn(&OpenAPI) -> bool) -> Option<(Spec, Vec<Diagnostic>)> {
    let mut document = spec.document.clone();
    let mut json = spec.json.clone();
    let mut warnings = Vec::new();
    let mut bare = document.clone();
    bare.paths.paths.clear();
    // Component schemas first: with no operation, only they are generated.
    while fails(&bare) {
        let names: Vec<String> = bare.components.as_ref()?.schemas.keys().cloned().collect();
        let culprit = first_needed(&names, |given_up| {
            let mut trial = bare.clone();
            untype(&mut trial, given_up);
            !fails(&trial)
        })?;
        let name = names[culprit].clone();
        let pointer = format!("#/components/schemas/{}", escape_pointer_token(&name));
        let mut without_defaults = json.clone();
        let defaults = strip_defaults(&mut without_defaults, &pointer);
        let decoded = decode(&without_defaults);
        // The schemas before the culprit may be needed too; they stay given
        // up for this trial and are resolved in later rounds.
        let defaults_suffice = !defaults.is_empty()
            && decoded.as_ref().is_some_and(|decoded| {
                let mut trial = decoded.clone();
                trial.paths.paths.clear();
                untype(&mut trial, &names[..culprit]);
                !fails(&trial)
            });
        if defaults_suffice {
            json = without_defaults;
            document = decoded?;
            bare = document.clone();
            bare.paths.paths.clear();
            warnings.extend(defaults.into_iter().map(|default| {
                spec.diagnostic(Code::UnsupportedDefault,
                    &default,
                    "the generator cannot make this default; it is left out, and the field is optional",
                )
                .hint("check the default against its schema")
            }));
        } else {
            untype(&mut bare, std::slice::from_ref(&name));
            untype(&mut document, std::slice::from_ref(&name));
            if let Some(slot) = json.pointer_mut(&pointer[1..]) {
                *slot = untyped(slot);
            }
            warnings.push(
                spec.diagnostic(Code::UntypedFallback,
                    &pointer,
                    format!("the type generator cannot take schema `{name}`; its values are any JSON (`serde_json::Value`)"),
                )
                .hint("simplify this schema, or report it with the spec"),
            );
        }
        if warnings.len() > MAX_FALLBACKS {
            return None;
        }
    }
    // Then operations, each alone in the bare document when it fails.
    while fails(&document) {
        let operations = operations_of(&document);
        let culprit = first_needed(&operations, |left_out| {
            let mut trial = document.clone();
            remove_operations(&mut trial, left_out);
            !fails(&trial)
        })?;
        let (path, method) = operations[culprit].clone();
        remove_operations(
            &mut document,
            std::slice::from_ref(&(path.clone(), method.clone())),
        );
        let item_pointer = format!("/paths/{}", escape_pointer_token(&path));
        if let Some(item) = json
            .pointer_mut(&item_pointer)
            .and_then(Value::as_object_mut)
        {
            item.shift_remove(&method);
        }
        warnings.push(
            spec.diagnostic(
                Code::OperationLeftOut,
                &format!("#{item_pointer}/{method}"),
                format!(
                    "the generator cannot make operation `{} {path}`; it is left out of the client",
                    method.to_uppercase()
                ),
            )
            .hint("simplify the schemas of this operation, or report it with the spec"),
        );
        if warnings.len() > MAX_FALLBACKS {
            return None;
        }
    }
    if warnings.is_empty() {
        return None;
    }
    Some((spec.rewritten(json).ok()?, warnings))
}

/// Whether progenitor refuses or panics on `document` (for the client), or
/// typify on its operations' types (for the mocks).
fn fails(document: &OpenAPI) -> bool {
    progenitor(&settings(), document).is_err()
        || serde_json::to_value(document)
            .map_or(true, |json| crate::model::typing::types(&json).is_err())
}

/// The index `k` such that giving up `items[..=k]` makes the test pass and
/// giving up `items[..k]` does not: the first part the failure needs, in
/// about log2(n) trials. `None` when giving up all of them does not help.
fn first_needed<T>(items: &[T], passes_without: impl Fn(&[T]) -> bool) -> Option<usize> {
    if items.is_empty() || !passes_without(items) {
        return None;
    }
    // Invariant: giving up items[..high] passes; giving up items[..low] fails.
    let (mut low, mut high) = (0, items.len());
    while high - low > 1 {
        let middle = low + (high - low) / 2;
        if passes_without(&items[..middle]) {
            high = middle;
        } else {
            low = middle;
        }
    }
    Some(high - 1)
}

/// Makes the named component schemas any JSON value.
fn untype(document: &mut OpenAPI, names: &[String]) {
    let Some(components) = document.components.as_mut() else {
        return;
    };
    for name in names {
        if let Some(schema) = components.schemas.get_mut(name) {
            let description = schema
                .as_item()
                .and_then(|schema| schema.schema_data.description.clone());
            let mut any = openapiv3::Schema {
                schema_data: Default::default(),
                schema_kind: openapiv3::SchemaKind::Any(Default::default()),
            };
            any.schema_data.description = description;
            *schema = ReferenceOr::Item(any);
        }
    }
}

/// A schema that accepts any JSON value, keeping `schema`'s description.
fn untyped(schema: &Value) -> Value {
    match schema.get("description") {
        Some(description) => serde_json::json!({ "description": description }),
        None => serde_json::json!({}),
    }
}

/// Removes every `default` inside the schema at `pointer`; their pointers.
fn strip_defaults(json: &mut Value, pointer: &str) -> Vec<String> {
    let found: Vec<String> = walk::nodes(json)
        .into_iter()
        .filter(|(kind, at, schema)| {
            *kind == NodeKind::Schema
                && schema.get("default").is_some()
                && at
                    .strip_prefix(pointer)
                    .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
        })
        .map(|(_, at, _)| at)
        .collect();
    for at in &found {
        if let Some(schema) = json.pointer_mut(&at[1..]).and_then(Value::as_object_mut) {
            schema.shift_remove("default");
        }
    }
    found
        .into_iter()
        .map(|at| format!("{at}/default"))
        .collect()
}

/// Every operation of `document`, as (path, method), in document order.
fn operations_of(document: &OpenAPI) -> Vec<(String, String)> {
    document
        .paths
        .paths
        .iter()
        .filter_map(|(path, item)| Some((path, item.as_item()?)))
        .flat_map(|(path, item)| {
            item.iter()
                .map(move |(method, _)| (path.clone(), method.to_owned()))
        })
        .collect()
}

fn remove_operations(document: &mut OpenAPI, operations: &[(String, String)]) {
    for (path, method) in operations {
        let Some(ReferenceOr::Item(item)) = document.paths.paths.get_mut(path) else {
            continue;
        };
        if let Some(slot) = METHOD_NAMES.iter().position(|name| name == method) {
            *operation_slots(item)[slot] = None;
        }
    }
}

fn decode(json: &Value) -> Option<OpenAPI> {
    serde_json::from_value(json.clone()).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    const SPEC: &str = r##"openapi: 3.0.3
info: {title: t, version: '1'}
paths:
  /a:
    get:
      operationId: get_a
      parameters:
        - {name: q, in: query, schema: {type: string, format: poison}}
      responses: {'204': {description: none}}
    post:
      operationId: post_a
      responses: {'204': {description: none}}
components:
  schemas:
    Fine: {type: object, properties: {bad: {$ref: '#/components/schemas/Bad'}}}
    Bad: {type: object, description: the bad one, properties: {x: {type: string, format: poison}}}
    Defaulted: {type: object, properties: {n: {type: integer, default: 7, format: poison}}}
"##;

    /// A stand-in for a generator that cannot take the format `poison`
    /// anywhere in the document.
    fn poisoned(document: &OpenAPI) -> bool {
        serde_json::to_string(document)
            .expect("serializes")
            .contains("poison")
    }

    #[test]
    fn schemas_are_untyped_and_operations_left_out_until_the_rest_generates() {
        let spec = crate::load::parse_spec(std::path::Path::new("specs/t.yaml"), SPEC).unwrap();
        // `Defaulted` fails through its default alone.
        let (contained, warnings) = contain_with(&spec, |document| {
            let text = serde_json::to_string(document).expect("serializes");
            let mut without = document.clone();
            if let Some(components) = without.components.as_mut() {
                components.schemas.shift_remove("Defaulted");
            }
            text.contains("\"default\":7") || poisoned(&without)
        })
        .expect("contained");
        let kinds: Vec<(&str, &str)> = warnings
            .iter()
            .map(|warning| {
                (
                    warning.code.name(),
                    warning.pointer.as_deref().unwrap_or_default(),
                )
            })
            .collect();
        assert_eq!(
            kinds,
            [
                (
                    "unsupported-default",
                    "#/components/schemas/Defaulted/properties/n/default"
                ),
                ("untyped-fallback", "#/components/schemas/Bad"),
                ("operation-left-out", "#/paths/~1a/get"),
            ]
        );
        assert_eq!(
            contained.json["components"]["schemas"]["Bad"],
            serde_json::json!({"description": "the bad one"})
        );
        assert!(contained.json["paths"]["/a"].get("get").is_none());
        assert!(contained.json["paths"]["/a"].get("post").is_some());
        assert!(
            contained.document.paths.paths["/a"]
                .as_item()
                .unwrap()
                .get
                .is_none()
        );
        assert_eq!(warnings[1].location.map(|at| at.line), Some(16));
    }

    #[test]
    fn a_spec_that_generates_has_nothing_to_contain() {
        let spec = crate::load::parse_spec(std::path::Path::new("specs/t.yaml"), SPEC).unwrap();
        assert!(contain_with(&spec, |_| false).is_none());
        assert!(
            contain_with(&spec, |_| true).is_none(),
            "a failure no part causes"
        );
    }

    #[test]
    fn the_first_needed_part_is_found_by_halving() {
        let items: Vec<usize> = (0..100).collect();
        let trials = std::cell::Cell::new(0);
        let needed = first_needed(&items, |given_up| {
            trials.set(trials.get() + 1);
            given_up.contains(&37)
        });
        assert_eq!(needed, Some(37));
        assert!(trials.get() <= 9, "{} trials", trials.get());
        assert_eq!(first_needed(&items, |_| false), None);
        assert_eq!(first_needed::<usize>(&[], |_| true), None);
    }
}
