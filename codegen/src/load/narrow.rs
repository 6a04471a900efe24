//! Finds the innermost part of a document that fails to decode on its own.
//!
//! Deserializing the whole document reports the path only down to the first
//! object with flattened fields; decoding the known OpenAPI objects one by
//! one, innermost first, pins the error to the object that is actually wrong.

use openapiv3::{
    Header, Info, Operation, Parameter, PathItem, ReferenceOr, RequestBody, Response, Responses,
    Schema, SecurityScheme, Server,
};
use serde::de::DeserializeOwned;
use serde_json::Value;

use super::pointer_of;
use crate::diagnostic::escape_pointer_token;

use super::walk::METHODS;

/// The pointer and message of the innermost failing object, if one fails on its own.
pub(super) fn innermost_failure(document: &Value) -> Option<(String, String)> {
    paths(document)
        .or_else(|| components(document))
        .or_else(|| each_in(document, "#", "servers", check::<Server>))
        .or_else(|| member(document, "#", "info").and_then(|(p, v)| check::<Info>(&p, v)))
}

fn paths(document: &Value) -> Option<(String, String)> {
    let paths = document.get("paths")?.as_object()?;
    for (path, item) in paths.iter().filter(|(path, _)| !path.starts_with("x-")) {
        let item_pointer = format!("#/paths/{}", escape_pointer_token(path));
        for method in METHODS {
            let Some((pointer, operation)) = member(item, &item_pointer, method) else {
                continue;
            };
            let failure = each_in(operation, &pointer, "parameters", check_ref::<Parameter>)
                .or_else(|| {
                    member(operation, &pointer, "requestBody")
                        .and_then(|(p, v)| check_ref::<RequestBody>(&p, v))
                })
                .or_else(|| responses(operation, &pointer))
                .or_else(|| check::<Operation>(&pointer, operation));
            if failure.is_some() {
                return failure;
            }
        }
        let failure = each_in(item, &item_pointer, "parameters", check_ref::<Parameter>)
            .or_else(|| check_ref::<PathItem>(&item_pointer, item));
        if failure.is_some() {
            return failure;
        }
    }
    None
}

fn responses(operation: &Value, operation_pointer: &str) -> Option<(String, String)> {
    let (pointer, responses) = member(operation, operation_pointer, "responses")?;
    if let Some(map) = responses.as_object() {
        for (status, response) in map.iter().filter(|(status, _)| !status.starts_with("x-")) {
            let response_pointer = format!("{pointer}/{}", escape_pointer_token(status));
            if let Some(failure) = check_ref::<Response>(&response_pointer, response) {
                return Some(failure);
            }
        }
    }
    check::<Responses>(&pointer, responses)
}

fn components(document: &Value) -> Option<(String, String)> {
    let (pointer, components) = member(document, "#", "components")?;
    entries(components, &pointer, "schemas", check_ref::<Schema>)
        .or_else(|| entries(components, &pointer, "responses", check_ref::<Response>))
        .or_else(|| entries(components, &pointer, "parameters", check_ref::<Parameter>))
        .or_else(|| {
            entries(
                components,
                &pointer,
                "requestBodies",
                check_ref::<RequestBody>,
            )
        })
        .or_else(|| entries(components, &pointer, "headers", check_ref::<Header>))
        .or_else(|| {
            entries(
                components,
                &pointer,
                "securitySchemes",
                check_ref::<SecurityScheme>,
            )
        })
}

type Check = fn(&str, &Value) -> Option<(String, String)>;

fn member<'a>(value: &'a Value, pointer: &str, key: &str) -> Option<(String, &'a Value)> {
    let child = value.get(key)?;
    Some((format!("{pointer}/{}", escape_pointer_token(key)), child))
}

fn each_in(value: &Value, pointer: &str, key: &str, check: Check) -> Option<(String, String)> {
    let (pointer, list) = member(value, pointer, key)?;
    list.as_array()?
        .iter()
        .enumerate()
        .find_map(|(index, item)| check(&format!("{pointer}/{index}"), item))
}

fn entries(value: &Value, pointer: &str, key: &str, check: Check) -> Option<(String, String)> {
    let (pointer, map) = member(value, pointer, key)?;
    map.as_object()?
        .iter()
        .find_map(|(name, item)| check(&format!("{pointer}/{}", escape_pointer_token(name)), item))
}

/// Like [`check`] for `ReferenceOr<T>`, but reports `T`'s own error instead
/// of "did not match any variant" when the value is not a `$ref`.
fn check_ref<T: DeserializeOwned>(pointer: &str, value: &Value) -> Option<(String, String)> {
    match value.get("$ref") {
        Some(Value::String(_)) => None,
        Some(_) => Some((
            format!("{pointer}/$ref"),
            "`$ref` must be a string".to_owned(),
        )),
        None => check::<T>(pointer, value).or_else(|| check::<ReferenceOr<T>>(pointer, value)),
    }
}

fn check<T: DeserializeOwned>(pointer: &str, value: &Value) -> Option<(String, String)> {
    match serde_path_to_error::deserialize::<_, T>(value) {
        Ok(_) => None,
        Err(error) => {
            let inner = pointer_of(error.path());
            let suffix = inner.trim_start_matches('#');
            Some((format!("{pointer}{suffix}"), error.inner().to_string()))
        }
    }
}
