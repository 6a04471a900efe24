//! Path parameters renamed where their Rust names would collide.
//!
//! OpenAPI identifies a parameter by its name *and* location, so
//! `/things/{id}` may take a path `id` and a query `id`; in Rust both
//! would be the argument `id`. A path parameter's name never goes over the
//! wire (its value replaces `{id}` in the path), so it is the one renamed:
//! `{id}` becomes `{id_path}` in the template and in every declaration of
//! the path item, with a warning. A query, header or cookie name is what the
//! server reads, and stays.

use std::collections::BTreeSet;

use serde_json::{Map, Value};

use crate::diagnostic::{Diagnostic, escape_pointer_token};
use crate::load::{SourceMap, Spec, refs};
use crate::normalize::{METHODS, names};

/// Renames, in `json`, the path parameters whose Rust name another
/// parameter of the same operation has.
pub fn rename_colliding(
    spec: &Spec,
    json: &mut Value,
    source_map: &mut SourceMap,
    warnings: &mut Vec<Diagnostic>,
) {
    let Some(paths) = json.get("paths").and_then(Value::as_object) else {
        return;
    };
    let mut renames: Vec<(String, String, String)> = Vec::new(); // (path, from, to)
    for (path, item) in paths {
        let declared = |list: Option<&Value>| -> Vec<(String, String)> {
            list.and_then(Value::as_array)
                .into_iter()
                .flatten()
                .filter_map(|parameter| refs::follow(json, parameter))
                .filter_map(|parameter| {
                    Some((
                        parameter.get("in")?.as_str()?.to_owned(),
                        parameter.get("name")?.as_str()?.to_owned(),
                    ))
                })
                .collect()
        };
        let path_level = declared(item.get("parameters"));
        let mut others: BTreeSet<String> = BTreeSet::new();
        let mut in_path: BTreeSet<String> = BTreeSet::new();
        for method in METHODS {
            let Some(operation) = item.get(*method) else {
                continue;
            };
            for (location, name) in path_level
                .iter()
                .chain(&declared(operation.get("parameters")))
            {
                if location == "path" {
                    in_path.insert(name.clone());
                } else {
                    others.insert(names::snake_case(name));
                }
            }
        }
        for name in &in_path {
            if !others.contains(&names::snake_case(name)) {
                continue;
            }
            let taken = |candidate: &str| {
                others.contains(&names::snake_case(candidate))
                    || in_path.iter().any(|other| other == candidate)
            };
            let Some(renamed) = std::iter::once(format!("{name}_path"))
                .chain((2..).map(|n| format!("{name}_path{n}")))
                .find(|candidate| !taken(candidate))
            else {
                continue;
            };
            let pointer = format!("#/paths/{}", escape_pointer_token(path));
            warnings.push(
                spec.diagnostic(
                    &pointer,
                    format!("path parameter `{name}` and another parameter of `{path}` named `{name}` would both be the argument `{}`; the path parameter is called `{renamed}` in Rust (the URL is the same)", names::snake_case(name)),
                )
                .hint("give the path parameter a name of its own")
                .warning("parameter-name-collision"),
            );
            renames.push((path.clone(), name.clone(), renamed));
        }
    }
    for (path, from, to) in renames {
        rename(json, source_map, &path, &from, &to);
    }
}

/// Renames path parameter `from` of `path` to `to`: in the template (which
/// keeps its place among the paths) and in each declaration.
fn rename(json: &mut Value, source_map: &mut SourceMap, path: &str, from: &str, to: &str) {
    let document = json.clone();
    let Some(paths) = json.get_mut("paths").and_then(Value::as_object_mut) else {
        return;
    };
    let new_path = path.replace(&format!("{{{from}}}"), &format!("{{{to}}}"));
    let old: Map<String, Value> = std::mem::take(paths);
    for (key, mut item) in old {
        if key == path {
            rename_declarations(&document, &mut item, from, to);
            source_map.record_move(
                format!("#/paths/{}", escape_pointer_token(&new_path)),
                format!("#/paths/{}", escape_pointer_token(path)),
            );
            paths.insert(new_path.clone(), item);
        } else {
            paths.insert(key, item);
        }
    }
}

fn rename_declarations(document: &Value, item: &mut Value, from: &str, to: &str) {
    let mut lists: Vec<&mut Value> = Vec::new();
    let Some(item) = item.as_object_mut() else {
        return;
    };
    for (key, value) in item.iter_mut() {
        if key == "parameters" {
            lists.push(value);
        } else if METHODS.contains(&key.as_str())
            && let Some(list) = value.get_mut("parameters")
        {
            lists.push(list);
        }
    }
    for parameter in lists.into_iter().filter_map(Value::as_array_mut).flatten() {
        let Some(resolved) = refs::follow(document, parameter) else {
            continue;
        };
        let is_it = resolved.get("in").and_then(Value::as_str) == Some("path")
            && resolved.get("name").and_then(Value::as_str) == Some(from);
        if is_it {
            // A referenced declaration may serve other paths: this one gets a copy.
            let mut copy = resolved.clone();
            copy["name"] = Value::String(to.to_owned());
            *parameter = copy;
        }
    }
}
