//! Responses: one success type and one error type per operation, as
//! progenitor needs, without losing what the spec documents.
//!
//! - `default` is the error response when the operation lists a success
//!   status (it becomes `4XX` and `5XX`, the statuses it stands for), and the
//!   success response when it is the only one (it becomes `2XX`).
//! - `application/*+json` (`application/problem+json`, vendor types) is JSON;
//!   a JSON media type without a schema is any JSON value.
//! - When the success (or error) responses have different bodies, including
//!   a body beside no body, each keeps its own: the operation gets an enum
//!   with one variant per documented status ([`super::Union`]), which
//!   [`crate::emit::patch`] decodes by status. progenitor sees those responses
//!   without content; the original content is kept under
//!   [`UNION_CONTENT_KEY`] for the stages that read schema usage.

use serde_json::{Map, Value};

use super::media::{essence, is_json};
use super::{Body, Context, Status, Union, Variant, Wire, inline_reference, names};
use crate::diagnostic::escape_pointer_token;

/// Where a response that became an enum variant keeps its original content.
pub const UNION_CONTENT_KEY: &str = "x-codegen-union-content";

/// Rewrites the responses of `operation` and records its enums in `wire`.
pub fn normalize(context: &mut Context<'_>, operation: &mut Map<String, Value>, wire: &mut Wire) {
    // progenitor reads a Dropshot websocket's `default` response as its 101.
    if operation.contains_key("x-dropshot-websocket") {
        return;
    }
    let Some(responses) = operation
        .get_mut("responses")
        .and_then(Value::as_object_mut)
    else {
        return;
    };
    let pointer = format!("{}/responses", context.pointer);
    for (status, response) in responses.iter_mut() {
        let at = format!("{pointer}/{}", escape_pointer_token(status));
        inline_reference(context, response, &at);
        if let Some(content) = response.get_mut("content").and_then(Value::as_object_mut) {
            normalize_content(context, content, &format!("{at}/content"));
        }
    }

    // progenitor answers a 101 with the upgraded connection and cannot
    // combine that with a decoded response: beside another success the
    // client takes the ordinary response, and a 101 is an unexpected status.
    if responses.contains_key("101")
        && responses
            .keys()
            .any(|status| status != "101" && is_success(status))
    {
        responses.shift_remove("101");
    }
    let default_is_error = responses.keys().any(|status| is_success(status));
    let mut ordered: Vec<(String, Value)> = std::mem::take(responses).into_iter().collect();
    // `default` stands for the statuses the spec does not list.
    let mut default_origin = None;
    if let Some(index) = ordered.iter().position(|(status, _)| status == "default") {
        let (_, response) = ordered.remove(index);
        let replacements: Vec<&str> = if default_is_error {
            vec!["4XX", "5XX"]
        } else {
            vec!["2XX"]
        };
        for range in replacements {
            if ordered
                .iter()
                .any(|(status, _)| status.eq_ignore_ascii_case(range))
            {
                continue;
            }
            context
                .source_map
                .record_move(format!("{pointer}/{range}"), format!("{pointer}/default"));
            ordered.push((range.to_owned(), response.clone()));
            default_origin.get_or_insert_with(Vec::new).push(range);
        }
    }
    // Exact codes before ranges: progenitor matches them in this order.
    ordered.sort_by_key(|(status, _)| is_range(status));
    *responses = ordered.into_iter().collect();

    let default_ranges = default_origin.unwrap_or_default();
    for failure in [false, true] {
        let members: Vec<String> = responses
            .keys()
            .filter(|status| {
                if failure {
                    is_error(status)
                } else {
                    is_success(status)
                }
            })
            .cloned()
            .collect();
        let mut kinds: Vec<String> = members
            .iter()
            .map(|status| kind_of(&responses[status]))
            .collect();
        kinds.sort();
        kinds.dedup();
        if kinds.len() < 2 {
            continue;
        }
        let union = build_union(
            context,
            responses,
            &members,
            &default_ranges,
            &pointer,
            failure,
        );
        if failure {
            wire.failure = Some(union);
        } else {
            wire.success = Some(union);
        }
    }
    if wire.success.is_none() {
        wire.events = event_type(context, responses, &pointer);
        wire.text = wire.events.is_none() && answers_text(responses);
    }
}

/// Whether a success response's body is text (`text/plain`, `text/csv`,
/// …) and none is JSON.
fn answers_text(responses: &Map<String, Value>) -> bool {
    let media_types = || {
        responses
            .iter()
            .filter(|(status, _)| is_success(status))
            .filter_map(|(_, response)| response.get("content")?.as_object())
            .flat_map(|content| content.keys())
    };
    media_types().any(|key| essence(key).starts_with("text/"))
        && !media_types().any(|key| is_json(key))
}

/// The type the events of a `text/event-stream` success response decode
/// into: its schema's component, a new component made of its inline
/// schema, or any JSON value without a schema.
fn event_type(
    context: &mut Context<'_>,
    responses: &Map<String, Value>,
    pointer: &str,
) -> Option<String> {
    // `send` decodes the JSON answer then, and has no body left to stream.
    if events_beside_json(responses).is_some() {
        return None;
    }
    let (status, key, media) = responses
        .iter()
        .filter(|(status, _)| is_success(status))
        .find_map(|(status, response)| {
            let (key, media) = response
                .get("content")?
                .as_object()?
                .iter()
                .find(|(key, _)| essence(key) == "text/event-stream")?;
            Some((status, key, media))
        })?;
    let Some(schema) = media.get("schema").filter(|schema| schema.is_object()) else {
        return Some("::serde_json::Value".to_owned());
    };
    if let Some(name) = schema
        .get("$ref")
        .and_then(Value::as_str)
        .and_then(|reference| reference.strip_prefix("#/components/schemas/"))
        && schema.as_object().is_some_and(|object| object.len() == 1)
    {
        return Some(format!(
            "types::{}",
            crate::normalize::names::type_name(name)
        ));
    }
    let name = context.fresh_type_name(&format!(
        "{}Event",
        crate::normalize::names::pascal(context.method_name)
    ));
    context.hoisted.push((
        name.clone(),
        schema.clone(),
        format!(
            "{pointer}/{}/content/{}/schema",
            escape_pointer_token(status),
            escape_pointer_token(key)
        ),
    ));
    Some(format!(
        "types::{}",
        crate::normalize::names::type_name(&name)
    ))
}

/// The status of a success response that answers `text/event-stream` while
/// a success response (it or another) answers JSON: `send` decodes the JSON,
/// so the events are not offered as a stream.
pub fn events_beside_json(responses: &Map<String, Value>) -> Option<&str> {
    let success = || {
        responses
            .iter()
            .filter(|(status, _)| is_success(status))
            .filter_map(|(status, response)| Some((status, response.get("content")?.as_object()?)))
    };
    let answers_json =
        success().any(|(_, content)| content.keys().any(|key| is_progenitor_json(key)));
    if !answers_json {
        return None;
    }
    success()
        .find(|(_, content)| {
            content
                .keys()
                .any(|key| essence(key) == "text/event-stream")
        })
        .map(|(status, _)| status.as_str())
}

/// Media types progenitor decodes as JSON keep their key; other JSON types
/// are renamed, JSON without a schema gets the schema of any value, and
/// `encoding` (which only multipart uses) is dropped.
fn normalize_content(context: &mut Context<'_>, content: &mut Map<String, Value>, pointer: &str) {
    let has_plain_json = content.keys().any(|key| is_progenitor_json(key));
    if !has_plain_json
        && let Some(key) = content.keys().find(|key| is_json(key)).cloned()
        && let Some(media) = content.remove(&key)
    {
        context.source_map.record_move(
            format!("{pointer}/application~1json"),
            format!("{pointer}/{}", escape_pointer_token(&key)),
        );
        content.insert("application/json".to_owned(), media);
    }
    for (key, media) in content.iter_mut() {
        let Some(media) = media.as_object_mut() else {
            continue;
        };
        media.remove("encoding");
        // `schema: null` decodes as no schema.
        if is_json(key) && media.get("schema").is_none_or(Value::is_null) {
            media.insert("schema".to_owned(), Value::Object(Map::new()));
        }
    }
}

/// The JSON media types progenitor recognises itself.
fn is_progenitor_json(media_type: &str) -> bool {
    media_type == "application/json" || media_type.starts_with("application/json;")
}

fn is_range(status: &str) -> bool {
    status.len() == 3 && status[1..].eq_ignore_ascii_case("XX")
}

fn parse_status(status: &str) -> Option<Status> {
    if is_range(status) {
        status[..1].parse().ok().map(Status::Range)
    } else {
        status.parse().ok().map(Status::Code)
    }
}

/// Whether `status` is a success progenitor decodes (101, 2XX).
pub(crate) fn is_success(status: &str) -> bool {
    match parse_status(status) {
        Some(Status::Code(code)) => code == 101 || (200..300).contains(&code),
        Some(Status::Range(range)) => range == 2,
        None => false,
    }
}

fn is_error(status: &str) -> bool {
    match parse_status(status) {
        Some(Status::Code(code)) => (400..600).contains(&code),
        Some(Status::Range(range)) => (4..=5).contains(&range),
        None => false,
    }
}

/// What progenitor would make of the response's body, as a comparable key.
fn kind_of(response: &Value) -> String {
    let content = response.get("content").and_then(Value::as_object);
    match content {
        None => "empty".to_owned(),
        Some(content) if content.is_empty() => "empty".to_owned(),
        Some(content) => match content.iter().find(|(key, _)| is_progenitor_json(key)) {
            Some((_, media)) => format!(
                "json {}",
                media
                    .get("schema")
                    .map(Value::to_string)
                    .unwrap_or_default()
            ),
            None => "bytes".to_owned(),
        },
    }
}

fn build_union(
    context: &mut Context<'_>,
    responses: &mut Map<String, Value>,
    members: &[String],
    default_ranges: &[&str],
    pointer: &str,
    failure: bool,
) -> Union {
    let operation = names::pascal(context.method_name);
    let type_name = context.fresh_type_name(&format!(
        "{operation}{}",
        if failure { "Error" } else { "Success" }
    ));
    let mut variants: Vec<Variant> = Vec::new();
    for status in members {
        let response = &responses[status];
        let from_default = default_ranges
            .iter()
            .any(|range| range.eq_ignore_ascii_case(status));
        let name = if from_default {
            "Default".to_owned()
        } else {
            variant_name(status)
        };
        let Some(parsed) = parse_status(status) else {
            continue;
        };
        if let Some(existing) = variants.iter_mut().find(|variant| variant.name == name) {
            existing.statuses.push(parsed);
            continue;
        }
        let body = match kind_of(response).as_str() {
            "empty" => Body::Empty,
            "bytes" => Body::Bytes,
            _ => {
                let at = format!("{pointer}/{}", escape_pointer_token(status));
                Body::Json(json_type(
                    context,
                    response,
                    &format!("{operation}{name}"),
                    &at,
                ))
            }
        };
        let description = response
            .get("description")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .trim()
            .to_owned();
        variants.push(Variant {
            name,
            statuses: vec![parsed],
            body,
            description,
        });
    }
    for status in members {
        if let Some(response) = responses.get_mut(status).and_then(Value::as_object_mut)
            && let Some(content) = response.remove("content")
        {
            response.insert(UNION_CONTENT_KEY.to_owned(), content);
        }
    }
    let doc = format!(
        "The documented {} responses of [`Client::{}`](crate::Client::{}), one variant per status.",
        if failure { "error" } else { "success" },
        context.method_name,
        context.method_name,
    );
    Union {
        type_name,
        doc,
        variants,
    }
}

/// The Rust type of a JSON response body: its component's, or a new
/// component made of the inline schema.
fn json_type(context: &mut Context<'_>, response: &Value, base: &str, pointer: &str) -> String {
    let Some((key, media)) = response
        .get("content")
        .and_then(Value::as_object)
        .and_then(|content| content.iter().find(|(key, _)| is_progenitor_json(key)))
    else {
        return "()".to_owned();
    };
    let schema = media
        .get("schema")
        .cloned()
        .unwrap_or(Value::Object(Map::new()));
    if let Some(name) = schema
        .get("$ref")
        .and_then(Value::as_str)
        .and_then(|reference| reference.strip_prefix("#/components/schemas/"))
        && schema.as_object().is_some_and(|object| object.len() == 1)
    {
        return crate::normalize::names::type_name(name);
    }
    let name = context.fresh_type_name(base);
    context.hoisted.push((
        name.clone(),
        schema,
        format!("{pointer}/content/{}/schema", escape_pointer_token(key)),
    ));
    crate::normalize::names::type_name(&name)
}

/// `Ok`, `Created`, `NotFound`… for the common codes; `Status418` or
/// `Status4xx` otherwise.
fn variant_name(status: &str) -> String {
    let phrase = match parse_status(status) {
        Some(Status::Code(code)) => reason_phrase(code).map(str::to_owned),
        Some(Status::Range(range)) => return format!("Status{range}xx"),
        None => None,
    };
    phrase.unwrap_or_else(|| format!("Status{status}"))
}

/// The standard reason phrase of `code` as a Rust variant name.
fn reason_phrase(code: u16) -> Option<&'static str> {
    Some(match code {
        101 => "SwitchingProtocols",
        200 => "Ok",
        201 => "Created",
        202 => "Accepted",
        203 => "NonAuthoritativeInformation",
        204 => "NoContent",
        205 => "ResetContent",
        206 => "PartialContent",
        207 => "MultiStatus",
        400 => "BadRequest",
        401 => "Unauthorized",
        402 => "PaymentRequired",
        403 => "Forbidden",
        404 => "NotFound",
        405 => "MethodNotAllowed",
        406 => "NotAcceptable",
        408 => "RequestTimeout",
        409 => "Conflict",
        410 => "Gone",
        412 => "PreconditionFailed",
        413 => "PayloadTooLarge",
        415 => "UnsupportedMediaType",
        422 => "UnprocessableEntity",
        423 => "Locked",
        428 => "PreconditionRequired",
        429 => "TooManyRequests",
        500 => "InternalServerError",
        501 => "NotImplemented",
        502 => "BadGateway",
        503 => "ServiceUnavailable",
        504 => "GatewayTimeout",
        _ => return None,
    })
}
