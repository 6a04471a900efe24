//! Error responses: their bodies kept to a bounded prefix, and the message
//! and code read out of them whatever their shape.

use reqwest::header::{CONTENT_LENGTH, HeaderValue};
use serde_json::Value;

/// The most bytes of a `4xx`/`5xx` response body a client keeps.
///
/// Longer bodies are cut to this prefix before decoding, so an
/// [`Error::UnexpectedResponse`](progenitor_client::Error::UnexpectedResponse)
/// (status, headers and body) or an
/// [`Error::InvalidResponsePayload`](progenitor_client::Error::InvalidResponsePayload)
/// for an error status never holds more, and a misbehaving server (an HTML
/// error page, a runaway stream) cannot exhaust memory.
pub const ERROR_BODY_LIMIT: usize = 64 * 1024;

/// Reads at most [`ERROR_BODY_LIMIT`] bytes of an error response's body and
/// returns the response with that prefix as its body; other responses pass
/// through untouched, unread.
pub(crate) async fn bound_error_body(
    mut response: reqwest::Response,
) -> reqwest::Result<reqwest::Response> {
    let status = response.status();
    if !(status.is_client_error() || status.is_server_error()) {
        return Ok(response);
    }
    let mut prefix = Vec::new();
    while prefix.len() < ERROR_BODY_LIMIT {
        let Some(chunk) = response.chunk().await? else {
            break;
        };
        let room = ERROR_BODY_LIMIT - prefix.len();
        prefix.extend_from_slice(&chunk[..chunk.len().min(room)]);
    }
    let kept = prefix.len();
    let mut bounded = http::Response::new(prefix);
    *bounded.status_mut() = status;
    *bounded.version_mut() = response.version();
    *bounded.headers_mut() = std::mem::take(response.headers_mut());
    if let Some(length) = bounded.headers_mut().get_mut(CONTENT_LENGTH) {
        *length = HeaderValue::from(kept);
    }
    Ok(reqwest::Response::from(bounded))
}

/// The human-readable message of an error body: a flat `{"error": "…"}`, a
/// nested `{"error": {"message": "…"}}` or a top-level `message`.
pub fn error_message<T: serde::Serialize>(body: &T) -> Option<String> {
    error_field(body, "message")
}

/// The machine-readable code of an error body (`{"error": {"code": "…"}}` or
/// a top-level `code`), when the server sent one.
pub fn error_code<T: serde::Serialize>(body: &T) -> Option<String> {
    error_field(body, "code")
}

/// Finds `field` in an error body of any of the usual shapes.
fn error_field<T: serde::Serialize>(body: &T, field: &str) -> Option<String> {
    let value = serde_json::to_value(body).ok()?;
    let nested = value.get("error");
    let found = match (field, nested) {
        ("message", Some(Value::String(message))) => Some(message.clone()),
        (_, Some(nested)) => nested.get(field).and_then(Value::as_str).map(str::to_owned),
        _ => None,
    };
    found.or_else(|| value.get(field).and_then(Value::as_str).map(str::to_owned))
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn response(status: u16, body: Vec<u8>) -> reqwest::Response {
        let length = body.len();
        let mut response = http::Response::new(body);
        *response.status_mut() = reqwest::StatusCode::from_u16(status).expect("status");
        response
            .headers_mut()
            .insert(CONTENT_LENGTH, HeaderValue::from(length));
        reqwest::Response::from(response)
    }

    #[tokio::test]
    async fn error_bodies_are_cut_to_the_limit() {
        let bounded = bound_error_body(response(500, vec![b'x'; ERROR_BODY_LIMIT * 3]))
            .await
            .expect("bounded");
        assert_eq!(bounded.status(), 500);
        assert_eq!(
            bounded.headers()[CONTENT_LENGTH],
            ERROR_BODY_LIMIT.to_string().as_str()
        );
        assert_eq!(bounded.bytes().await.expect("body").len(), ERROR_BODY_LIMIT);
    }

    #[tokio::test]
    async fn short_error_bodies_and_success_bodies_are_kept_whole() {
        let short = bound_error_body(response(404, b"{\"error\":\"gone\"}".to_vec()))
            .await
            .expect("bounded");
        assert_eq!(short.bytes().await.expect("body"), "{\"error\":\"gone\"}");
        let large = vec![b'y'; ERROR_BODY_LIMIT * 2];
        let success = bound_error_body(response(200, large.clone()))
            .await
            .expect("untouched");
        assert_eq!(success.bytes().await.expect("body"), large);
    }

    #[test]
    fn message_and_code_are_found_in_every_usual_shape() {
        let flat = json!({"error": "invalid key"});
        assert_eq!(error_message(&flat).as_deref(), Some("invalid key"));
        assert_eq!(error_code(&flat), None);

        let nested = json!({"error": {"code": "rate_limited", "message": "slow down"}});
        assert_eq!(error_message(&nested).as_deref(), Some("slow down"));
        assert_eq!(error_code(&nested).as_deref(), Some("rate_limited"));

        let top = json!({"code": "E42", "message": "no such account"});
        assert_eq!(error_message(&top).as_deref(), Some("no such account"));
        assert_eq!(error_code(&top).as_deref(), Some("E42"));

        assert_eq!(error_message(&json!({"detail": "?"})), None);
        assert_eq!(error_message(&json!([1, 2])), None);
    }
}
