//! Parameters: a query object in `form` style (exploded, the default) is
//! sent as one query parameter per property, so it becomes exactly that: one
//! parameter per property, each with its own setter.

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
        let resolved = crate::refs::follow(context.document, &parameter)
            .cloned()
            .unwrap_or_else(|| parameter.clone());
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
                if rewritten.len() != index {
                    context
                        .source_map
                        .record_move(format!("{pointer}/{}", rewritten.len()), at);
                }
                rewritten.push(parameter);
            }
        }
    }
    *list = rewritten;
}

/// The properties of an exploded `form` query object: (name, schema, required).
fn exploded_properties(document: &Value, parameter: &Value) -> Option<Vec<(String, Value, bool)>> {
    if parameter.get("in").and_then(Value::as_str) != Some("query")
        || parameter
            .get("style")
            .is_some_and(|style| style != &json!("form"))
        || parameter.get("explode") == Some(&Value::Bool(false))
    {
        return None;
    }
    let schema = crate::refs::follow(document, parameter.get("schema")?)?;
    let is_object = match schema.get("type").and_then(Value::as_str) {
        Some(typ) => typ == "object",
        None => schema.get("properties").is_some(),
    };
    let properties = schema.get("properties").and_then(Value::as_object)?;
    if !is_object || properties.is_empty() {
        return None;
    }
    let required_here = parameter.get("required") == Some(&Value::Bool(true));
    let required: Vec<&str> = schema
        .get("required")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .collect();
    Some(
        properties
            .iter()
            .map(|(name, property)| {
                (
                    name.clone(),
                    property.clone(),
                    required_here && required.contains(&name.as_str()),
                )
            })
            .collect(),
    )
}
