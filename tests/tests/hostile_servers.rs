//! Servers that misbehave: each case ends in a typed error within a bounded
//! time, never in a panic or a hang.

use std::time::{Duration, Instant};

use api_tests::{CannedResponse, LocalServer};
use infinipost::{Client, Error, RetryPolicy};

/// Loose on purpose (shared machine): it catches hangs, not slowness.
const BOUND: Duration = Duration::from_secs(10);

async fn list_accounts_against(
    responses: Vec<CannedResponse>,
) -> (Error<infinipost::types::ErrorResponse>, Duration) {
    let server = LocalServer::scripted(responses).await;
    let client = Client::builder()
        .base_url(&server.base_url)
        .bearer_token("sk_test_hostile")
        .retry_policy(RetryPolicy::NONE)
        .timeout(Duration::from_secs(5))
        .build()
        .expect("client builds");
    let started = Instant::now();
    let error = client
        .list_accounts()
        .partner_user_id("u")
        .send()
        .await
        .expect_err("a hostile answer is an error");
    (error, started.elapsed())
}

fn json_body(status: u16, body: &str) -> CannedResponse {
    CannedResponse {
        status,
        content_type: Some("application/json"),
        headers: Vec::new(),
        body: body.as_bytes().to_vec(),
    }
}

#[tokio::test]
async fn truncated_json_is_an_invalid_payload() {
    let (error, elapsed) =
        list_accounts_against(vec![json_body(200, r#"{"accounts": [{"accountId": "acc_"#)]).await;
    assert!(
        matches!(error, Error::InvalidResponsePayload(..)),
        "{error:?}"
    );
    assert!(elapsed < BOUND);
}

#[tokio::test]
async fn fields_of_the_wrong_type_are_an_invalid_payload() {
    let (error, elapsed) = list_accounts_against(vec![json_body(200, r#"{"accounts": 5}"#)]).await;
    assert!(
        matches!(error, Error::InvalidResponsePayload(..)),
        "{error:?}"
    );
    assert!(elapsed < BOUND);
}

#[tokio::test]
async fn an_empty_200_body_is_an_invalid_payload() {
    let (error, elapsed) = list_accounts_against(vec![json_body(200, "")]).await;
    assert!(
        matches!(error, Error::InvalidResponsePayload(..)),
        "{error:?}"
    );
    assert!(elapsed < BOUND);
}

#[tokio::test]
async fn a_five_megabyte_body_of_garbage_is_an_invalid_payload() {
    let garbage = "x".repeat(5 * 1024 * 1024);
    let (error, elapsed) = list_accounts_against(vec![json_body(200, &garbage)]).await;
    assert!(
        matches!(error, Error::InvalidResponsePayload(..)),
        "{error:?}"
    );
    assert!(elapsed < BOUND);
}

#[tokio::test]
async fn an_html_error_page_keeps_its_status_and_headers() {
    let page = CannedResponse {
        status: 502,
        content_type: Some("text/html"),
        headers: vec![("x-request-id", "edge-7".to_owned())],
        body: b"<html><body><h1>502 Bad Gateway</h1></body></html>".to_vec(),
    };
    let (error, elapsed) = list_accounts_against(vec![page]).await;
    let Error::UnexpectedResponse(response) = error else {
        panic!("an undocumented status is an unexpected response, got {error:?}")
    };
    assert_eq!(response.status(), 502);
    assert_eq!(response.headers()["x-request-id"], "edge-7");
    assert!(response.text().await.expect("body").contains("Bad Gateway"));
    assert!(elapsed < BOUND);
}

#[tokio::test]
async fn a_documented_status_with_an_html_body_is_an_invalid_payload() {
    let page = CannedResponse {
        status: 403,
        content_type: Some("text/html"),
        headers: Vec::new(),
        body: b"<html>Forbidden</html>".to_vec(),
    };
    let (error, elapsed) = list_accounts_against(vec![page]).await;
    assert!(
        matches!(error, Error::InvalidResponsePayload(..)),
        "{error:?}"
    );
    assert!(elapsed < BOUND);
}

#[tokio::test]
async fn a_connection_closed_without_an_answer_is_a_communication_error() {
    let (error, elapsed) = list_accounts_against(vec![CannedResponse::hang_up()]).await;
    assert!(matches!(error, Error::CommunicationError(_)), "{error:?}");
    assert!(elapsed < BOUND);
}

#[tokio::test]
async fn a_huge_html_error_page_is_kept_as_a_bounded_prefix() {
    let mut body = b"<html><body><h1>502 Bad Gateway</h1>".to_vec();
    body.resize(5 * 1024 * 1024, b'.');
    let page = CannedResponse {
        status: 502,
        content_type: Some("text/html"),
        headers: vec![("x-request-id", "edge-8".to_owned())],
        body,
    };
    let (error, elapsed) = list_accounts_against(vec![page]).await;
    let Error::UnexpectedResponse(response) = error else {
        panic!("an undocumented status is an unexpected response, got {error:?}")
    };
    assert_eq!(response.status(), 502);
    assert_eq!(response.headers()["x-request-id"], "edge-8");
    assert_eq!(response.headers()["content-type"], "text/html");
    let kept = response.bytes().await.expect("the prefix is readable");
    assert_eq!(kept.len(), infinipost::ERROR_BODY_LIMIT);
    assert!(kept.starts_with(b"<html><body><h1>502 Bad Gateway</h1>"));
    assert!(elapsed < BOUND);
}

#[tokio::test]
async fn a_huge_documented_error_body_is_an_invalid_payload_holding_only_the_prefix() {
    let mut body = br#"{"error": ""#.to_vec();
    body.resize(5 * 1024 * 1024, b'a');
    body.extend_from_slice(br#""}"#);
    let (error, elapsed) = list_accounts_against(vec![json_body(
        403,
        std::str::from_utf8(&body).expect("ASCII"),
    )])
    .await;
    let Error::InvalidResponsePayload(kept, _) = error else {
        panic!("a cut error body does not decode, got {error:?}")
    };
    assert_eq!(kept.len(), infinipost::ERROR_BODY_LIMIT);
    assert!(elapsed < BOUND);
}

#[tokio::test]
async fn a_connection_reset_is_a_communication_error() {
    let (error, elapsed) = list_accounts_against(vec![CannedResponse::reset()]).await;
    let Error::CommunicationError(cause) = &error else {
        panic!("a reset is a communication error, got {error:?}")
    };
    // The cause is kept for the caller: the reset itself, as the OS reported it.
    let mut causes =
        std::iter::successors(Some(cause as &(dyn std::error::Error + 'static)), |error| {
            error.source()
        });
    assert!(
        causes.any(|error| error
            .downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::ConnectionReset)),
        "{error:?}"
    );
    assert!(elapsed < BOUND);
}
