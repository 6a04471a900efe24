//! What an operation takes and answers: parameters, request body, responses.

use serde_json::Value;

use super::schemas::Schema;
use crate::load::refs;
use crate::normalize::responses::{UNION_CONTENT_KEY, is_success};

/// One parameter of an operation (path-level ones included).
#[derive(Clone, Debug, PartialEq)]
pub struct Parameter {
    /// Its name on the wire.
    pub name: String,
    /// `path`, `query`, `header` or `cookie`.
    pub location: String,
    /// Whether calls must set it.
    pub required: bool,
    /// Its schema, when it has one.
    pub schema: Option<Schema>,
    /// The parameter's own `example`.
    pub example: Option<Value>,
}

/// The request body of an operation.
#[derive(Clone, Debug, PartialEq)]
pub struct RequestBody {
    /// Whether calls must send it.
    pub required: bool,
    /// Its media types, in spec order.
    pub media_types: Vec<String>,
    /// The schema of the first media type that has one.
    pub schema: Option<Schema>,
}

/// Whether a documented response is a success or an error for the client.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ResponseClass {
    /// `Ok` of the call (1XX–3XX, and `default` when nothing else succeeds).
    Success,
    /// `Error::ErrorResponse` (4XX, 5XX, and `default` beside a success).
    Error,
}

/// One documented response of an operation.
#[derive(Clone, Debug, PartialEq)]
pub struct Response {
    /// The status as the spec writes it (`200`, `4XX`, `default`).
    pub status: String,
    /// Success or error.
    pub class: ResponseClass,
    /// Its media types, in spec order.
    pub media_types: Vec<String>,
    /// The schema of the first media type that has one.
    pub schema: Option<Schema>,
    /// Its body decodes into a variant of the operation's per-status enum
    /// (normalization set it aside), not through progenitor.
    pub in_variant: bool,
    /// The example of its JSON body (`example`, or the first of
    /// `examples`), when progenitor decodes that body itself.
    pub example: Option<Value>,
}

impl Response {
    /// The status code, when it is a single code.
    pub fn code(&self) -> Option<u16> {
        self.status.parse().ok()
    }
}

/// The parameters of the operation `operation` in the path item `item`:
/// the item's, then the operation's, which replace those of the same name
/// and location.
pub fn parameters(document: &Value, item: &Value, operation: &Value) -> Vec<Parameter> {
    let mut found: Vec<Parameter> = Vec::new();
    for owner in [item, operation] {
        for value in owner
            .get("parameters")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            let Some(parameter) = refs::follow(document, value) else {
                continue;
            };
            let text = |key: &str| parameter.get(key).and_then(Value::as_str);
            let Some(name) = text("name") else {
                continue;
            };
            let parameter = Parameter {
                name: name.to_owned(),
                location: text("in").unwrap_or_default().to_owned(),
                required: parameter.get("required") == Some(&Value::Bool(true)),
                schema: parameter
                    .get("schema")
                    .map(|schema| Schema::read(document, schema)),
                example: parameter.get("example").cloned(),
            };
            found.retain(|known| {
                known.name != parameter.name || known.location != parameter.location
            });
            found.push(parameter);
        }
    }
    found
}

/// The request body of `operation`, following a reference to `components/requestBodies`.
pub fn request_body(document: &Value, operation: &Value) -> Option<RequestBody> {
    let body = operation.get("requestBody")?;
    let body = refs::follow(document, body).unwrap_or(body);
    let (media_types, schema) = content(document, body.get("content"));
    Some(RequestBody {
        required: body.get("required") == Some(&Value::Bool(true)),
        media_types,
        schema,
    })
}

/// The documented responses of `operation`, in spec order.
pub fn responses(document: &Value, operation: &Value) -> Vec<Response> {
    let Some(responses) = operation.get("responses").and_then(Value::as_object) else {
        return Vec::new();
    };
    let any_success = responses.keys().any(|status| is_success(status));
    responses
        .iter()
        .map(|(status, response)| {
            let response = refs::follow(document, response).unwrap_or(response);
            // A response that became an enum variant keeps its content aside.
            let held = response
                .get("content")
                .or_else(|| response.get(UNION_CONTENT_KEY));
            let (media_types, schema) = content(document, held);
            // Only a body progenitor decodes has an example to mock: the
            // body of an enum variant stays aside.
            let example = response
                .pointer("/content/application~1json")
                .and_then(|media| {
                    media.get("example").cloned().or_else(|| {
                        media
                            .get("examples")?
                            .as_object()?
                            .values()
                            .next()?
                            .get("value")
                            .cloned()
                    })
                });
            Response {
                status: status.clone(),
                class: class_of(status, any_success),
                media_types,
                schema,
                in_variant: response.get("content").is_none() && held.is_some(),
                example,
            }
        })
        .collect()
}

/// A status's class; `default` is an error only beside a success status.
fn class_of(status: &str, any_success: bool) -> ResponseClass {
    match status {
        "default" if any_success => ResponseClass::Error,
        "default" => ResponseClass::Success,
        _ if status.starts_with('4') || status.starts_with('5') => ResponseClass::Error,
        _ => ResponseClass::Success,
    }
}

/// The media types of a `content` map and the first schema among them.
fn content(document: &Value, content: Option<&Value>) -> (Vec<String>, Option<Schema>) {
    let Some(content) = content.and_then(Value::as_object) else {
        return (Vec::new(), None);
    };
    let schema = content
        .values()
        .find_map(|media| media.get("schema"))
        .map(|schema| Schema::read(document, schema));
    (content.keys().cloned().collect(), schema)
}
