//! Parameters, rewritten into what progenitor sends:
//!
//! - a query object in `form` style (exploded, the default) is sent as one
//!   query parameter per property, so it becomes exactly that: one parameter
//!   per property, each with its own setter;
//! - a query object in `deepObject` style is sent as `name[property]=value`,
//!   so it becomes one parameter per property named that way;
//! - a cookie parameter becomes a header parameter of the same name, which
//!   the plan's `cookies` turn back into one `Cookie` header when sending;
//! - a schema combining several alternatives (`anyOf`, or repeated members
//!   of `oneOf`/`allOf`) becomes a `oneOf` of its distinct members: a
//!   parameter carries one value, and typify would otherwise make `anyOf` a
//!   struct of optional parts, which progenitor cannot take as an optional
//!   parameter;
//! - a path, header or cookie parameter whose schema is `nullable` is not:
//!   there is no `null` on the wire there (an absent optional parameter is
//!   not sent), and progenitor cannot write an `Option` into a header.

use serde_json::{Map, Value, json};

use super::Context;

/// Splits the query objects among `parameters` (a path item's or an operation's).
pub fn normalize(context: &mut Context<'_>, parameters: &mut Value, pointer: &str) {
    let Some(list) = parameters.as_array_mut() else {
        return;
    };
    let mut rewritten = Vec::with_capacity(list.len());
    for (index, parameter) in std::mem::take(list).into_iter().enumerate() {
        let at = format!("{pointer}/{index}");
        let resolved = crate::load::refs::follow(context.document, &parameter)
            .cloned()
            .unwrap_or_else(|| parameter.clone());
        let (parameter, resolved, unnulled) = match without_null(&resolved) {
            Some(fixed) => (fixed.clone(), fixed, true),
            None => (parameter, resolved, false),
        };
        if resolved.get("in").and_then(Value::as_str) == Some("cookie") {
            let mut header = resolved;
            header["in"] = json!("header");
            context
                .source_map
                .record_move(format!("{pointer}/{}", rewritten.len()), at);
            rewritten.push(header);
            continue;
        }
        let simplified = resolved
            .get("schema")
            .and_then(|schema| alternatives(context.document, schema))
            .map(|schema| {
                let mut simplified = resolved.clone();
                simplified["schema"] = schema;
                simplified
            });
        let resolved = simplified.clone().unwrap_or(resolved);
        match exploded_properties(context.document, &resolved) {
            Some(split) => {
                for (name, schema, required) in split {
                    context.source_map.record_move(
                        format!("{pointer}/{}", rewritten.len()),
                        format!(
                            "{at}/schema/properties/{}",
                            crate::diagnostic::escape_pointer_token(&name)
                        ),
                    );
                    let mut parameter = Map::new();
                    parameter.insert("name".to_owned(), Value::String(name));
                    parameter.insert("in".to_owned(), json!("query"));
                    parameter.insert("required".to_owned(), Value::Bool(required));
                    if let Some(description) = schema.get("description").cloned() {
                        parameter.insert("description".to_owned(), description);
                    }
                    parameter.insert("schema".to_owned(), schema);
                    rewritten.push(Value::Object(parameter));
                }
            }
            None => {
                if rewritten.len() != index || simplified.is_some() || unnulled {
                    context
                        .source_map
                        .record_move(format!("{pointer}/{}", rewritten.len()), at);
                }
                rewritten.push(simplified.unwrap_or(parameter));
            }
        }
    }
    *list = rewritten;
}

/// A path, header or cookie parameter without the `nullable` of its own
/// schema; `None` for any other parameter.
fn without_null(parameter: &Value) -> Option<Value> {
    let location = parameter.get("in")?.as_str()?;
    let nullable = parameter.pointer("/schema/nullable") == Some(&Value::Bool(true));
    if !(nullable && matches!(location, "path" | "header" | "cookie")) {
        return None;
    }
    let mut fixed = parameter.clone();
    fixed
        .get_mut("schema")?
        .as_object_mut()?
        .shift_remove("nullable");
    Some(fixed)
}

/// The cookie parameters among `parameters` (a path item's or an operation's), by name.
pub fn cookie_names(document: &Value, parameters: Option<&Value>) -> Vec<String> {
    parameters
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|parameter| crate::load::refs::follow(document, parameter))
        .filter(|parameter| parameter.get("in").and_then(Value::as_str) == Some("cookie"))
        .filter_map(|parameter| parameter.get("name")?.as_str().map(str::to_owned))
        .collect()
}

/// `schema` (followed through `$ref`s) as a `oneOf` of its distinct
/// alternatives, when it combines several with `anyOf` or repeats members
/// of `oneOf`/`allOf`; `None` when it needs no change.
fn alternatives(document: &Value, schema: &Value) -> Option<Value> {
    let target = crate::load::refs::follow(document, schema)?;
    let mut changed = false;
    let mut simplified = target.clone();
    let object = simplified.as_object_mut()?;
    for keyword in ["anyOf", "oneOf", "allOf"] {
        let Some(Value::Array(members)) = object.get_mut(keyword) else {
            continue;
        };
        let mut distinct: Vec<Value> = Vec::with_capacity(members.len());
        for member in members.drain(..) {
            if !distinct.contains(&member) {
                distinct.push(member);
            }
        }
        changed |= distinct.len() != target[keyword].as_array().map_or(0, Vec::len);
        *members = distinct;
    }
    if let Some(Value::Array(members)) = object.get("anyOf")
        && members.len() > 1
        && !object.contains_key("oneOf")
    {
        let members = object.remove("anyOf")?;
        object.insert("oneOf".to_owned(), members);
        changed = true;
    }
    changed.then_some(simplified)
}

/// The properties of a query object sent one per parameter, `form` style
/// exploded or `deepObject`: (parameter name, schema, required).
/// `schema` without wrappers that only document it.
fn unwrapped(schema: &Value) -> &Value {
    let mut current = schema;
    while let Some(inner) = crate::load::refs::wrapped(current) {
        current = inner;
    }
    current
}

fn exploded_properties(document: &Value, parameter: &Value) -> Option<Vec<(String, Value, bool)>> {
    let style = parameter
        .get("style")
        .and_then(Value::as_str)
        .unwrap_or("form");
    let deep = style == "deepObject";
    if parameter.get("in").and_then(Value::as_str) != Some("query")
        || !(style == "form" || deep)
        || (!deep && parameter.get("explode") == Some(&Value::Bool(false)))
    {
        return None;
    }
    let outer = parameter
        .get("name")
        .and_then(Value::as_str)
        .unwrap_or_default();
    let schema = crate::load::refs::follow_wrappers(document, parameter.get("schema")?)?;
    let is_object = match schema.get("type").and_then(Value::as_str) {
        Some(typ) => typ == "object",
        None => schema.get("properties").is_some(),
    };
    let properties = schema.get("properties").and_then(Value::as_object)?;
    if !is_object || properties.is_empty() {
        return None;
    }
    let required_here = parameter.get("required") == Some(&Value::Bool(true));
    let required = crate::load::schemas::required_properties(schema);
    Some(
        properties
            .iter()
            .map(|(name, property)| {
                (
                    if deep {
                        format!("{outer}[{name}]")
                    } else {
                        name.clone()
                    },
                    // A parameter's own description documents it; what
                    // only documents the property is left behind.
                    unwrapped(property).clone(),
                    required_here && required.contains(&name.as_str()),
                )
            })
            .collect(),
    )
}
