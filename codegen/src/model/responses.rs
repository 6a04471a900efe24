//! What the responses of operations decode into, as far as emitters need it.

use std::collections::BTreeSet;

use serde_json::Value;

use crate::load::refs;
use crate::normalize::names::type_name;

/// Type names of the component schemas that 4XX/5XX responses use as bodies.
pub fn error_body_types(document: &Value) -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    let mut responses: Vec<&Value> = Vec::new();
    for item in document
        .get("paths")
        .and_then(Value::as_object)
        .into_iter()
        .flat_map(|paths| paths.values())
    {
        for operation in item.as_object().into_iter().flat_map(|item| item.values()) {
            let Some(map) = operation.get("responses").and_then(Value::as_object) else {
                continue;
            };
            for (status, response) in map {
                if status.starts_with('4') || status.starts_with('5') || status == "default" {
                    responses.push(refs::follow(document, response).unwrap_or(response));
                }
            }
        }
    }
    for response in responses {
        for content in response
            .get("content")
            .and_then(Value::as_object)
            .into_iter()
            .flat_map(|c| c.values())
        {
            if let Some(reference) = content.pointer("/schema/$ref").and_then(Value::as_str)
                && let Some(name) = reference.strip_prefix("#/components/schemas/")
            {
                names.insert(type_name(name));
            }
        }
    }
    names
}

/// The Rust type of the operation's error bodies (validation guarantees one).
pub(super) fn error_type(document: &Value, operation: &Value) -> Option<String> {
    let responses = operation.get("responses")?.as_object()?;
    responses
        .iter()
        .filter(|(status, _)| {
            status.starts_with('4') || status.starts_with('5') || *status == "default"
        })
        .filter_map(|(_, response)| refs::follow(document, response))
        .filter_map(|response| response.get("content")?.as_object())
        .flat_map(|content| content.values())
        .find_map(|media| {
            let reference = media.pointer("/schema/$ref")?.as_str()?;
            Some(type_name(reference.strip_prefix("#/components/schemas/")?))
        })
}
