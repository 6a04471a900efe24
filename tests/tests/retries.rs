//! Retries, counted on a local server that fails a scripted number of times.

use std::time::{Duration, Instant};

use api_tests::{CannedResponse, LocalServer, spec_example};
use infinipost::RetryPolicy;
use serde_json::json;

const TOKEN: &str = "sk_test_retries";

/// Short waits keep the tests fast; the policy's shape is what is under test.
const QUICK: RetryPolicy = RetryPolicy {
    max_attempts: 3,
    initial_delay: Duration::from_millis(10),
    max_delay: Duration::from_millis(50),
};

fn accounts() -> CannedResponse {
    let example = spec_example(
        "infinipost",
        "/paths/~1v1~1partners~1accounts/get/responses/200/content/application~1json/example",
    );
    CannedResponse::json(200, &example)
}

fn infinipost(server: &LocalServer, policy: RetryPolicy) -> infinipost::Client {
    infinipost::Client::builder()
        .base_url(&server.base_url)
        .bearer_token(TOKEN)
        .retry_policy(policy)
        .build()
        .expect("client builds")
}

#[tokio::test]
async fn a_get_is_retried_after_503_and_502_until_it_succeeds() {
    let server = LocalServer::scripted(vec![
        CannedResponse::empty(503),
        CannedResponse::empty(502),
        accounts(),
    ])
    .await;
    let response = infinipost(&server, QUICK)
        .list_accounts()
        .partner_user_id("user_abc123")
        .send()
        .await
        .expect("the third attempt succeeds");
    assert_eq!(response.into_inner().accounts.len(), 2);
    let requests = server.requests().await;
    assert_eq!(requests.len(), 3);
    assert!(
        requests
            .iter()
            .all(|r| r.header("authorization") == Some("Bearer sk_test_retries"))
    );
}

#[tokio::test]
async fn attempts_stop_at_the_configured_maximum() {
    let server = LocalServer::scripted(vec![CannedResponse::empty(504); 4]).await;
    let error = infinipost(&server, QUICK)
        .list_accounts()
        .partner_user_id("u")
        .send()
        .await
        .expect_err("every attempt fails");
    assert_eq!(error.status().map(|s| s.as_u16()), Some(504));
    assert_eq!(server.requests().await.len(), 3);
}

#[tokio::test]
async fn retries_can_be_turned_off() {
    let server = LocalServer::scripted(vec![CannedResponse::empty(503), accounts()]).await;
    let error = infinipost(&server, RetryPolicy::NONE)
        .list_accounts()
        .partner_user_id("u")
        .send()
        .await
        .expect_err("no second attempt");
    assert_eq!(error.status().map(|s| s.as_u16()), Some(503));
    assert_eq!(server.requests().await.len(), 1);
}

#[tokio::test]
async fn a_post_is_never_retried() {
    let server = LocalServer::scripted(vec![
        CannedResponse::empty(503),
        CannedResponse::json(200, &json!({})),
    ])
    .await;
    let client = pepipost::Client::builder()
        .base_url(&server.base_url)
        .bearer_token(TOKEN)
        .retry_policy(pepipost::RetryPolicy {
            max_attempts: 5,
            initial_delay: Duration::from_millis(1),
            max_delay: Duration::from_millis(1),
        })
        .build()
        .expect("client builds");
    let error = client
        .create_subaccount()
        .body(pepipost::types::CreateSubaccountRequest::builder().username("a".to_owned()))
        .send()
        .await
        .expect_err("a POST is sent once");
    assert_eq!(error.status().map(|s| s.as_u16()), Some(503));
    assert_eq!(server.requests().await.len(), 1);
}

/// How long a GET takes when the first answer is `status` with `Retry-After: value`.
async fn time_to_success_after(status: u16, retry_after: String) -> Duration {
    let server = LocalServer::scripted(vec![
        CannedResponse::empty(status).with_header("Retry-After", retry_after),
        accounts(),
    ])
    .await;
    let policy = RetryPolicy {
        max_delay: Duration::from_secs(5),
        ..QUICK
    };
    let started = Instant::now();
    infinipost(&server, policy)
        .list_accounts()
        .partner_user_id("u")
        .send()
        .await
        .expect("the retry succeeds");
    let waited = started.elapsed();
    assert_eq!(server.requests().await.len(), 2);
    waited
}

#[tokio::test]
async fn retry_after_in_seconds_is_honoured() {
    let waited = time_to_success_after(429, "1".to_owned()).await;
    assert!(waited >= Duration::from_millis(950), "{waited:?}");
    assert!(waited < Duration::from_secs(5), "{waited:?}");
}

#[tokio::test]
async fn retry_after_as_an_http_date_is_honoured() {
    let at = chrono::Utc::now() + chrono::Duration::seconds(2);
    let waited =
        time_to_success_after(503, at.format("%a, %d %b %Y %H:%M:%S GMT").to_string()).await;
    // The date has one-second resolution: at least one second must have passed.
    assert!(waited >= Duration::from_millis(950), "{waited:?}");
    assert!(waited < Duration::from_secs(5), "{waited:?}");
}

#[tokio::test]
async fn retry_after_in_the_obsolete_date_forms_is_honoured() {
    // RFC 9110 §5.6.7: recipients must also accept RFC 850 and asctime dates.
    for format in ["%A, %d-%b-%y %H:%M:%S GMT", "%a %b %e %H:%M:%S %Y"] {
        let at = chrono::Utc::now() + chrono::Duration::seconds(2);
        let waited = time_to_success_after(503, at.format(format).to_string()).await;
        assert!(waited >= Duration::from_millis(950), "{format}: {waited:?}");
        assert!(waited < Duration::from_secs(5), "{format}: {waited:?}");
    }
}

#[tokio::test]
async fn retry_after_is_capped_by_the_maximum_delay() {
    let server = LocalServer::scripted(vec![
        CannedResponse::empty(503).with_header("Retry-After", "3600"),
        accounts(),
    ])
    .await;
    let started = Instant::now();
    infinipost(&server, QUICK)
        .list_accounts()
        .partner_user_id("u")
        .send()
        .await
        .expect("the retry succeeds");
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "{:?}",
        started.elapsed()
    );
}

#[tokio::test]
async fn a_refused_connection_is_retried_then_reported() {
    // Bind and drop a listener: its port now refuses connections.
    let port = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
        listener.local_addr().expect("address").port()
    };
    let client = infinipost::Client::builder()
        .base_url(format!("http://127.0.0.1:{port}"))
        .bearer_token(TOKEN)
        .retry_policy(QUICK)
        .build()
        .expect("client builds");
    let started = Instant::now();
    let error = client
        .list_accounts()
        .partner_user_id("u")
        .send()
        .await
        .expect_err("nothing listens");
    assert!(
        matches!(error, infinipost::Error::CommunicationError(_)),
        "{error:?}"
    );
    // Two waits of at most 50 ms: well under a second.
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "{:?}",
        started.elapsed()
    );
}

/// The clients share one runtime: a program using both configures them with
/// one policy value and handles their build errors with one function, which
/// compiles only because `infinipost::RetryPolicy` is `pepipost::RetryPolicy`
/// (and likewise `ClientBuildError`).
#[test]
fn one_policy_and_one_build_error_type_serve_both_clients() {
    use infinipost::ClientInfo as _;

    fn describe(error: &infinipost::ClientBuildError) -> String {
        error.to_string()
    }
    let policy: infinipost::RetryPolicy = pepipost::RetryPolicy {
        max_attempts: 5,
        ..QUICK
    };
    let infinipost = infinipost::Client::builder()
        .bearer_token(TOKEN)
        .retry_policy(policy)
        .build()
        .expect("client builds");
    let pepipost = pepipost::Client::builder()
        .bearer_token(TOKEN)
        .retry_policy(policy)
        .build()
        .expect("client builds");
    assert_eq!(infinipost.inner().retry_policy(), &policy);
    assert_eq!(pepipost.inner().retry_policy(), &policy);

    let error: pepipost::ClientBuildError = pepipost::Client::builder()
        .base_url("not a url")
        .bearer_token(TOKEN)
        .build()
        .expect_err("the base URL is checked");
    assert!(describe(&error).contains("not a url"), "{error}");
}
