//! A `tracing` span per request (cargo feature `tracing`, used by the
//! clients whose own `tracing` feature is on).

use std::future::Future;
use std::time::Instant;

use tracing::Instrument as _;

/// The span of one request (with its retries), named `http_request` and
/// carrying the operation id; `None` when nobody listens (no subscriber, or
/// one that filters the span out), so that such a request reads no clock
/// and keeps no span.
pub(crate) fn span(operation_id: &str) -> Option<tracing::Span> {
    // One atomic load when no subscriber wants `INFO` (or any subscriber
    // at all), where making a disabled span would cost a callsite check.
    if !tracing::level_enabled!(tracing::Level::INFO) {
        return None;
    }
    let span = tracing::info_span!(
        "http_request",
        operation_id,
        status = tracing::field::Empty,
        duration_ms = tracing::field::Empty,
        request_id = tracing::field::Empty,
    );
    (!span.is_disabled()).then_some(span)
}

/// Runs one request (with its retries) inside `span` and records status,
/// duration and the server's `x-request-id` on it.
pub(crate) async fn traced(
    span: tracing::Span,
    exchange: impl Future<Output = reqwest::Result<reqwest::Response>>,
) -> reqwest::Result<reqwest::Response> {
    let started = Instant::now();
    let outcome = exchange.instrument(span.clone()).await;
    span.record(
        "duration_ms",
        u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX),
    );
    match &outcome {
        Ok(response) => {
            span.record("status", response.status().as_u16());
            if let Some(id) = response
                .headers()
                .get("x-request-id")
                .and_then(|value| value.to_str().ok())
            {
                span.record("request_id", id);
            }
            tracing::debug!(parent: &span, status = response.status().as_u16(), "response received");
        }
        Err(error) => tracing::debug!(parent: &span, %error, "request failed"),
    }
    outcome
}
