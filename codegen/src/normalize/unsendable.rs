//! Parameters the client cannot send as declared, resolved with a warning
//! each (found by [`crate::validate::parameter_problems`]):
//!
//! - a path parameter not marked `required` is required (it is in the path);
//! - a parameter whose encoding OpenAPI defines but the client does not
//!   produce (`content: application/json`, `pipeDelimited`, a header object
//!   or list)
//!   is a string the caller writes in that encoding;
//! - a parameter OpenAPI defines no encoding for (a query object nesting
//!   objects, `deepObject` on an array) is left out when optional; an
//!   operation that requires one is left out of the client, which could not
//!   call it correctly, and the rest of the API is generated.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Value, json};

use crate::diagnostic::{Code, Diagnostic};
use crate::load::walk::METHODS;
use crate::load::{SourceMap, Spec, refs};
use crate::validate::{Resolution, parameter_problems};

/// Applies the resolutions to `json` (the spec's document, before any
/// path or list is moved), recording shifted list entries in `source_map`.
pub fn resolve(
    spec: &Spec,
    json: &mut Value,
    source_map: &mut SourceMap,
    warnings: &mut Vec<Diagnostic>,
) {
    let mut removals: BTreeMap<String, BTreeSet<usize>> = BTreeMap::new();
    let mut operations_left_out: BTreeSet<String> = BTreeSet::new();
    for problem in parameter_problems(spec) {
        let Some((list, index)) = problem.pointer.rsplit_once('/') else {
            continue;
        };
        let Ok(index) = index.parse::<usize>() else {
            continue;
        };
        let Some(declared) = json
            .pointer(&problem.pointer[1..])
            .and_then(|parameter| refs::follow(json, parameter))
            .cloned()
        else {
            continue;
        };
        let diagnostic = problem.diagnostic;
        let message = diagnostic.message.clone();
        let (resolution, code) = match problem.resolution {
            Resolution::Required => {
                let mut copy = declared;
                copy["required"] = json!(true);
                replace(json, &problem.pointer, copy);
                ("it is treated as required", diagnostic.code)
            }
            Resolution::AsText => {
                let mut copy = declared;
                if let Some(object) = copy.as_object_mut() {
                    for key in ["content", "style", "explode"] {
                        object.shift_remove(key);
                    }
                    object.insert("schema".to_owned(), json!({"type": "string"}));
                }
                replace(json, &problem.pointer, copy);
                (
                    "it is taken as a string, which the caller writes in the declared encoding",
                    diagnostic.code,
                )
            }
            Resolution::LeaveOut if declared.get("required") != Some(&Value::Bool(true)) => {
                removals.entry(list.to_owned()).or_default().insert(index);
                ("the parameter is left out of the client", diagnostic.code)
            }
            Resolution::LeaveOut => {
                operations_left_out.extend(operations_of(json, list));
                (
                    "the operation requires it, and is left out of the client",
                    Code::OperationLeftOut,
                )
            }
        };
        warnings.push(Diagnostic {
            code,
            message: format!("{message}; {resolution}"),
            ..diagnostic
        });
    }
    for operation in &operations_left_out {
        if let Some((item, method)) = operation.rsplit_once('/')
            && let Some(item) = json.pointer_mut(&item[1..]).and_then(Value::as_object_mut)
        {
            item.shift_remove(method);
        }
    }
    for (list, indices) in removals {
        let inside_removed = operations_left_out
            .iter()
            .any(|operation| list.starts_with(&format!("{operation}/")));
        if inside_removed {
            continue;
        }
        remove_entries(json, source_map, &list, &indices);
    }
}

/// The operations a parameter list serves: its operation, or every
/// operation of a path item for the item's own list.
fn operations_of(json: &Value, list: &str) -> Vec<String> {
    let owner = list.trim_end_matches("/parameters");
    let is_item = owner.matches('/').count() == 2; // `#/paths/<path>`
    if !is_item {
        return vec![owner.to_owned()];
    }
    let item = json.pointer(&owner[1..]);
    METHODS
        .iter()
        .filter(|method| item.and_then(|item| item.get(**method)).is_some())
        .map(|method| format!("{owner}/{method}"))
        .collect()
}

fn replace(json: &mut Value, pointer: &str, value: Value) {
    if let Some(slot) = json.pointer_mut(&pointer[1..]) {
        *slot = value;
    }
}

/// Removes `indices` from the array at `list`; each later entry moves up,
/// and the source map learns where it was written.
fn remove_entries(
    json: &mut Value,
    source_map: &mut SourceMap,
    list: &str,
    indices: &BTreeSet<usize>,
) {
    let Some(items) = json.pointer_mut(&list[1..]).and_then(Value::as_array_mut) else {
        return;
    };
    let original_len = items.len();
    let mut index = 0;
    items.retain(|_| {
        let keep = !indices.contains(&index);
        index += 1;
        keep
    });
    let kept: Vec<usize> = (0..original_len)
        .filter(|index| !indices.contains(index))
        .collect();
    for (now, was) in kept.into_iter().enumerate() {
        if now != was {
            source_map.record_move(format!("{list}/{now}"), format!("{list}/{was}"));
        }
    }
}
