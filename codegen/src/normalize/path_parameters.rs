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

use crate::diagnostic::{Code, Diagnostic, escape_pointer_token};
use crate::load::walk::METHODS;
use crate::load::{SourceMap, Spec, refs};
use crate::normalize::names;

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
    // path → (from, to), applied to each path at once.
    let mut renames: std::collections::BTreeMap<String, Vec<(String, String)>> =
        std::collections::BTreeMap::new();
    for (path, item) in paths {
        let path_level = declared_in(json, item.get("parameters"), true);
        let mut others: BTreeSet<String> = BTreeSet::new();
        let mut in_path: BTreeSet<String> = BTreeSet::new();
        for method in METHODS {
            let Some(operation) = item.get(*method) else {
                continue;
            };
            for (location, name) in
                path_level
                    .iter()
                    .chain(&declared_in(json, operation.get("parameters"), true))
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
                spec.diagnostic(Code::ParameterNameCollision,
                    &pointer,
                    format!("path parameter `{name}` and another parameter of `{path}` named `{name}` would both be the argument `{}`; the path parameter is called `{renamed}` in Rust (the URL is the same)", names::snake_case(name)),
                )
                .hint("give the path parameter a name of its own"),
            );
            renames
                .entry(path.clone())
                .or_default()
                .push((name.clone(), renamed));
        }
    }
    if renames.is_empty() {
        return;
    }
    // What declarations `$ref` is read from here, once for all renames.
    let document = json.clone();
    for (path, renamed) in renames {
        rename(&document, json, source_map, &path, &renamed);
    }
}

/// Renames the path parameters of `path` (`from` → `to`): in the template
/// (which keeps its place among the paths) and in each declaration.
fn rename(
    document: &Value,
    json: &mut Value,
    source_map: &mut SourceMap,
    path: &str,
    renamed: &[(String, String)],
) {
    let Some(paths) = json.get_mut("paths").and_then(Value::as_object_mut) else {
        return;
    };
    let new_path = renamed.iter().fold(path.to_owned(), |path, (from, to)| {
        path.replace(&format!("{{{from}}}"), &format!("{{{to}}}"))
    });
    let old: Map<String, Value> = std::mem::take(paths);
    for (key, mut item) in old {
        if key == path {
            for (from, to) in renamed {
                rename_declarations(document, &mut item, from, to);
            }
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

/// Makes every path template agree with its path parameters, with a
/// warning for each change:
///
/// - a template holding a query string (`/search?q={q}`) loses it, and each
///   `{name}` there is a query parameter (declared as one, or added as a
///   required string);
/// - a `{name}` of the template that no parameter declares is declared, a
///   required string (the template says the value is there);
/// - a declared path parameter the template lacks is left out (there is
///   nowhere to put its value).
pub fn match_templates(
    spec: &Spec,
    json: &mut Value,
    source_map: &mut SourceMap,
    warnings: &mut Vec<Diagnostic>,
) {
    let Some(paths) = json.get("paths").and_then(Value::as_object) else {
        return;
    };
    let keys: Vec<String> = paths.keys().cloned().collect();
    let document = json.clone();
    let mut moved: Vec<(String, String)> = Vec::new();
    for path in keys {
        let pointer = format!("#/paths/{}", escape_pointer_token(&path));
        let (template, query) = match path.split_once('?') {
            Some((template, query)) => (template.to_owned(), Some(query.to_owned())),
            None => (path.clone(), None),
        };
        let in_query: Vec<String> = query
            .iter()
            .flat_map(|query| template_names(query))
            .collect();
        if query.is_some() {
            warnings.push(
                spec.diagnostic(
                    Code::QueryInPath,
                    &pointer,
                    format!(
                        "the path `{path}` holds a query string; the path is `{template}`, and {}",
                        match in_query.as_slice() {
                            [] => "nothing is sent for it".to_owned(),
                            [one] => format!("`{one}` is sent as a query parameter"),
                            many => format!("`{}` are sent as query parameters", many.join("`, `")),
                        }
                    ),
                )
                .hint(
                    "write the path without `?…` and declare the query parameters with `in: query`",
                ),
            );
        }
        let in_template = template_names(&template);
        let Some(item) = json
            .pointer_mut(&format!("/paths/{}", escape_pointer_token(&path)))
            .and_then(Value::as_object_mut)
        else {
            continue;
        };
        if let Some(list) = item.get_mut("parameters").and_then(Value::as_array_mut) {
            let known: Vec<&String> = in_template.iter().chain(&in_query).collect();
            let mut context = Leaving {
                spec,
                document: &document,
                source_map: &mut *source_map,
                warnings: &mut *warnings,
            };
            context.leave_out_extra(list, &format!("{pointer}/parameters"), &known, &template);
        }
        let path_level = declared_in(&document, item.get("parameters"), false);
        for method in METHODS {
            let Some(operation) = item.get_mut(*method).and_then(Value::as_object_mut) else {
                continue;
            };
            let operation_pointer = format!("{pointer}/{method}");
            let own = declared_in(&document, operation.get("parameters"), false);
            let declared: Vec<(String, String)> = path_level.iter().chain(&own).cloned().collect();
            let had_list = operation.contains_key("parameters");
            let list = operation
                .entry("parameters")
                .or_insert_with(|| Value::Array(Vec::new()));
            let Some(list) = list.as_array_mut() else {
                continue;
            };
            let list_pointer = format!("{operation_pointer}/parameters");
            // What the query string names becomes a query parameter.
            for name in &in_query {
                let is = |location: &str| declared.iter().any(|(l, n)| l == location && n == name);
                if is("query") {
                    continue;
                }
                if is("path") {
                    for parameter in list.iter_mut() {
                        if parameter.get("name").and_then(Value::as_str) == Some(name)
                            && parameter.get("in").and_then(Value::as_str) == Some("path")
                        {
                            parameter["in"] = Value::String("query".to_owned());
                        }
                    }
                    continue;
                }
                list.push(serde_json::json!({"name": name, "in": "query", "required": true, "schema": {"type": "string"}}));
            }
            for name in &in_template {
                let is_declared = declared.iter().any(|(l, n)| l == "path" && n == name);
                if is_declared {
                    continue;
                }
                warnings.push(
                    spec.diagnostic(Code::UndeclaredPathParameter,
                        &operation_pointer,
                        format!("path parameter `{name}` appears in `{path}` but is not declared; it is a required string"),
                    )
                    .hint(format!("declare it under `parameters` with `in: path`, `name: {name}` and `required: true`")),
                );
                list.push(serde_json::json!({"name": name, "in": "path", "required": true, "schema": {"type": "string"}}));
            }
            let known: Vec<&String> = in_template.iter().chain(&in_query).collect();
            let mut context = Leaving {
                spec,
                document: &document,
                source_map: &mut *source_map,
                warnings: &mut *warnings,
            };
            context.leave_out_extra(list, &list_pointer, &known, &template);
            if !had_list && list.is_empty() {
                operation.shift_remove("parameters");
            }
        }
        if template != path {
            moved.push((path, template));
        }
    }
    if moved.is_empty() {
        return;
    }
    let Some(paths) = json.get_mut("paths").and_then(Value::as_object_mut) else {
        return;
    };
    let old: Map<String, Value> = std::mem::take(paths);
    for (key, item) in old {
        match moved.iter().find(|(from, _)| *from == key) {
            // Two templates that become one path keep the first.
            Some((from, to)) if !paths.contains_key(to) => {
                source_map.record_move(
                    format!("#/paths/{}", escape_pointer_token(to)),
                    format!("#/paths/{}", escape_pointer_token(from)),
                );
                paths.insert(to.clone(), item);
            }
            Some(_) => {}
            None => {
                paths.insert(key, item);
            }
        }
    }
}

/// What leaving out a declared path parameter needs.
struct Leaving<'a> {
    spec: &'a Spec,
    document: &'a Value,
    source_map: &'a mut SourceMap,
    warnings: &'a mut Vec<Diagnostic>,
}

impl Leaving<'_> {
    /// Removes from `list` (at `list_pointer`) the path parameters whose
    /// names are not `known` (the template's), with a warning each; later
    /// entries move up, and the source map learns where they were written.
    fn leave_out_extra(
        &mut self,
        list: &mut Vec<Value>,
        list_pointer: &str,
        known: &[&String],
        template: &str,
    ) {
        let name_of = |parameter: &Value| -> Option<String> {
            let parameter = refs::follow(self.document, parameter).unwrap_or(parameter);
            (parameter.get("in").and_then(Value::as_str) == Some("path"))
                .then(|| parameter.get("name").and_then(Value::as_str))
                .flatten()
                .map(str::to_owned)
        };
        let extra: Vec<(usize, String)> = list
            .iter()
            .enumerate()
            .filter_map(|(index, parameter)| Some((index, name_of(parameter)?)))
            .filter(|(_, name)| !known.contains(&name))
            .collect();
        for (index, name) in extra.into_iter().rev() {
            list.remove(index);
            self.warnings.push(
                self.spec
                    .diagnostic(Code::UndeclaredPathParameter,
                        &format!("{list_pointer}/{index}"),
                        format!("path parameter `{name}` is declared but `{template}` has no `{{{name}}}`; it is left out"),
                    )
                    .hint("remove the parameter or add it to the path template"),
            );
            for later in index..list.len() {
                self.source_map.record_move(
                    format!("{list_pointer}/{later}"),
                    format!("{list_pointer}/{}", later + 1),
                );
            }
        }
    }
}

/// The `{name}`s of a path template (or query string), in order.
fn template_names(template: &str) -> Vec<String> {
    template
        .split('{')
        .skip(1)
        .filter_map(|rest| rest.split_once('}').map(|(name, _)| name.to_owned()))
        .collect()
}

/// `(in, name)` of each parameter of a list; with `form_properties`, also
/// `("query", property)` for each property of a query object in `form`
/// style, which is sent (and gets a setter) one property per parameter.
fn declared_in(
    document: &Value,
    list: Option<&Value>,
    form_properties: bool,
) -> Vec<(String, String)> {
    let parameters = list
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|parameter| refs::follow(document, parameter));
    let mut found = Vec::new();
    for parameter in parameters {
        let (Some(location), Some(name)) = (
            parameter.get("in").and_then(Value::as_str),
            parameter.get("name").and_then(Value::as_str),
        ) else {
            continue;
        };
        found.push((location.to_owned(), name.to_owned()));
        let form = parameter.get("style").is_none_or(|style| style == "form");
        if form_properties && location == "query" && form {
            let properties = parameter
                .get("schema")
                .and_then(|schema| refs::follow_wrappers(document, schema))
                .and_then(|schema| schema.get("properties"))
                .and_then(Value::as_object);
            for property in properties.into_iter().flat_map(|map| map.keys()) {
                found.push(("query".to_owned(), property.clone()));
            }
        }
    }
    found
}

/// Leaves out, with a warning, each parameter (not in the path) whose Rust
/// name an earlier parameter of the operation has: `maxResults` beside
/// `MaxResults` are both `max_results`, and a server reads one of them
/// (progenitor's setters take one value per name). An operation that
/// requires the one left out is left out of the client.
pub fn leave_out_colliding(
    spec: &Spec,
    json: &mut Value,
    source_map: &mut SourceMap,
    warnings: &mut Vec<Diagnostic>,
) {
    let Some(paths) = json.get("paths").and_then(Value::as_object) else {
        return;
    };
    // (list pointer, index) to remove; operations to leave out.
    let mut removals: Vec<(String, usize)> = Vec::new();
    let mut operations: Vec<String> = Vec::new();
    for (path, item) in paths {
        let item_pointer = format!("#/paths/{}", escape_pointer_token(path));
        let entries = |list: Option<&Value>, pointer: String| -> Vec<(String, usize, Value)> {
            list.and_then(Value::as_array)
                .into_iter()
                .flatten()
                .enumerate()
                .filter_map(|(index, parameter)| {
                    Some((
                        pointer.clone(),
                        index,
                        refs::follow(json, parameter)?.clone(),
                    ))
                })
                .collect()
        };
        let path_level = entries(item.get("parameters"), format!("{item_pointer}/parameters"));
        for method in METHODS {
            let Some(operation) = item.get(*method) else {
                continue;
            };
            let operation_pointer = format!("{item_pointer}/{method}");
            let own = entries(
                operation.get("parameters"),
                format!("{operation_pointer}/parameters"),
            );
            let key = |parameter: &Value| {
                (
                    parameter
                        .get("in")
                        .and_then(Value::as_str)
                        .unwrap_or("")
                        .to_owned(),
                    parameter
                        .get("name")
                        .and_then(Value::as_str)
                        .unwrap_or("")
                        .to_owned(),
                )
            };
            // An operation's own declaration overrides the path item's.
            let effective = path_level
                .iter()
                .filter(|(_, _, parameter)| {
                    own.iter().all(|(_, _, mine)| key(mine) != key(parameter))
                })
                .chain(&own);
            let mut seen: BTreeSet<String> = BTreeSet::new();
            for (list, index, parameter) in effective {
                let (location, name) = key(parameter);
                if location == "path" || seen.insert(names::field_name(&name)) {
                    continue;
                }
                let required = parameter.get("required") == Some(&Value::Bool(true));
                let resolution = if required {
                    operations.push(operation_pointer.clone());
                    "the operation requires it, and is left out of the client"
                } else {
                    removals.push((list.clone(), *index));
                    "it is left out"
                };
                warnings.push(
                    spec.diagnostic(Code::ParameterNameCollision,
                        &format!("{list}/{index}"),
                        format!(
                            "parameter `{name}` would be the argument `{}`, which an earlier parameter of the operation is; {resolution}",
                            names::field_name(&name)
                        ),
                    )
                    .hint("give each parameter a name that differs by more than case and punctuation"),
                );
            }
        }
    }
    removals.sort();
    removals.dedup();
    for (list, index) in removals.into_iter().rev() {
        if operations
            .iter()
            .any(|operation| list.starts_with(&format!("{operation}/")))
        {
            continue;
        }
        if let Some(items) = json.pointer_mut(&list[1..]).and_then(Value::as_array_mut)
            && index < items.len()
        {
            items.remove(index);
            for later in index..items.len() {
                source_map.record_move(format!("{list}/{later}"), format!("{list}/{}", later + 1));
            }
        }
    }
    for operation in operations {
        if let Some((item, method)) = operation.rsplit_once('/')
            && let Some(item) = json.pointer_mut(&item[1..]).and_then(Value::as_object_mut)
        {
            item.shift_remove(method);
        }
    }
}
