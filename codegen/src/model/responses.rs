//! Which types error bodies decode into, from the operations' responses.

use std::collections::BTreeSet;

use super::operations::Response;

/// The error responses whose bodies progenitor decodes (`4XX`, `5XX`,
/// `default`; not those of per-status enum variants).
fn decoded_errors(responses: &[Response]) -> impl Iterator<Item = &Response> {
    responses.iter().filter(|response| {
        let status = response.status.as_str();
        (status.starts_with('4') || status.starts_with('5') || status == "default")
            && !response.in_variant
    })
}

/// The type of a response's body when it is a component schema.
fn component_type(response: &Response) -> Option<&str> {
    let schema = response.schema.as_ref()?;
    schema.reference.as_ref()?;
    Some(schema.rust_type.as_str())
}

/// Type names of the component schemas that error responses use as bodies.
pub fn error_body_types<'a>(responses: impl Iterator<Item = &'a [Response]>) -> BTreeSet<String> {
    responses
        .flat_map(decoded_errors)
        .filter_map(component_type)
        .map(str::to_owned)
        .collect()
}

/// The Rust type of an operation's error bodies (validation guarantees one).
pub(super) fn error_type(responses: &[Response]) -> Option<String> {
    decoded_errors(responses)
        .find_map(component_type)
        .map(str::to_owned)
}
