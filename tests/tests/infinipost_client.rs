//! The generated Infinipost client against a local HTTP server over real TCP.

use api_tests::{CannedResponse, LocalServer, spec_example};
use infinipost::types::{AccountStatus, ErrorDetail, ErrorResponseError};
use infinipost::{Client, Error};

const TOKEN: &str = "sk_test_4eC39HqLyjWDarjtT1zdp7dc";
const ACCOUNTS: &str = "/paths/~1v1~1partners~1accounts/get/responses";

fn client(server: &LocalServer) -> Client {
    Client::from_bearer_token_with_base_url(&server.base_url, TOKEN).expect("client builds")
}

#[tokio::test]
async fn list_accounts_sends_the_documented_request_and_decodes_the_documented_example() {
    let example = spec_example(
        "infinipost",
        &format!("{ACCOUNTS}/200/content/application~1json/example"),
    );
    let server = LocalServer::start(CannedResponse::json(200, &example)).await;

    let response = client(&server)
        .list_accounts()
        .partner_user_id("user_abc123")
        .send()
        .await
        .expect("the documented example decodes");

    let request = server.request().await;
    assert_eq!(request.method, "GET");
    assert_eq!(request.path, "/v1/partners/accounts");
    assert_eq!(
        request.query_pairs(),
        [("partnerUserId".to_owned(), "user_abc123".to_owned())]
    );
    assert_eq!(
        request.header("authorization"),
        Some(format!("Bearer {TOKEN}").as_str())
    );
    assert_eq!(request.header("accept"), Some("application/json"));
    assert_eq!(
        request.header("user-agent"),
        Some(api_tests::default_user_agent("infinipost").as_str())
    );
    assert!(request.body.is_empty());
    // Only what the spec describes goes on the wire (progenitor's Dropshot header is removed).
    assert_eq!(request.header("api-version"), None);

    assert_eq!(response.status(), 200);
    let accounts = response.into_inner().accounts;
    assert_eq!(accounts.len(), 2);
    assert_eq!(accounts[0].account_id, "acc_9n2x7yp0dg");
    assert_eq!(accounts[0].username.as_deref(), Some("fashioncreator22"));
    assert_eq!(accounts[0].status, AccountStatus::Ready);
    assert_eq!(
        accounts[0].created_at.to_rfc3339(),
        "2024-04-21T19:30:00+00:00"
    );
    // Before day 5 of the warm-up the username is null.
    assert_eq!(accounts[1].username, None);
    assert_eq!(accounts[1].status, AccountStatus::PendingCreation);
    assert_eq!(accounts[1].stripe_subscription_id, "sub_0987654321");
}

#[tokio::test]
async fn a_missing_partner_user_id_error_decodes_into_the_flat_error_shape() {
    let example = spec_example(
        "infinipost",
        &format!("{ACCOUNTS}/400/content/application~1json/example"),
    );
    let server = LocalServer::start(CannedResponse::json(400, &example)).await;

    let error = client(&server)
        .list_accounts()
        .partner_user_id("")
        .send()
        .await
        .expect_err("400 is an error");

    let Error::ErrorResponse(body) = error else {
        panic!("expected the typed error body, got {error:?}")
    };
    assert_eq!(body.status(), 400);
    let body = body.into_inner();
    assert_eq!(body.message().as_deref(), Some("partnerUserId is required"));
    assert_eq!(body.code(), None);
    assert_eq!(
        body.error,
        ErrorResponseError::String("partnerUserId is required".to_owned())
    );
}

#[tokio::test]
async fn an_invalid_key_error_decodes_into_the_nested_error_shape() {
    let example = spec_example(
        "infinipost",
        &format!("{ACCOUNTS}/401/content/application~1json/examples/invalid_key/value"),
    );
    let server = LocalServer::start(CannedResponse::json(401, &example)).await;

    let error = client(&server)
        .list_accounts()
        .partner_user_id("user_abc123")
        .send()
        .await
        .expect_err("401 is an error");

    let Error::ErrorResponse(body) = error else {
        panic!("expected the typed error body, got {error:?}")
    };
    assert_eq!(body.status(), 401);
    let body = body.into_inner();
    assert_eq!(
        body.message().as_deref(),
        Some("The API key provided is invalid")
    );
    assert_eq!(body.code().as_deref(), Some("invalid_api_key"));
    let ErrorResponseError::ErrorDetail(ErrorDetail { code, message, .. }) = body.error else {
        panic!("the structured form: {:?}", body.error);
    };
    assert_eq!(
        (code.as_str(), message.as_str()),
        ("invalid_api_key", "The API key provided is invalid")
    );
}

#[tokio::test]
async fn a_required_parameter_left_unset_fails_before_any_request_is_sent() {
    let client = Client::from_bearer_token_with_base_url("http://127.0.0.1:9", TOKEN)
        .expect("client builds");
    let error = client
        .list_accounts()
        .send()
        .await
        .expect_err("partnerUserId is required");
    assert!(matches!(error, Error::InvalidRequest(_)), "{error:?}");
}

#[test]
fn the_default_constructor_targets_the_first_server_in_the_spec() {
    assert_eq!(Client::DEFAULT_BASE_URL, "https://api.infinipost.co");
    assert_eq!(infinipost::servers::PRODUCTION, Client::DEFAULT_BASE_URL);
    let client = Client::from_bearer_token(TOKEN).expect("client builds");
    assert_eq!(progenitor_base_url(&client), "https://api.infinipost.co");
}

#[test]
fn tokens_that_cannot_be_sent_are_rejected_without_echoing_them() {
    for bad in ["", "sk_test_\nInjected: header"] {
        let error = Client::from_bearer_token(bad).expect_err("rejected");
        assert!(matches!(error, infinipost::ClientBuildError::InvalidToken));
        assert!(!error.to_string().contains("Injected"));
    }
}

#[test]
fn debug_output_of_the_client_does_not_contain_the_token() {
    let client = Client::from_bearer_token(TOKEN).expect("client builds");
    let debug = format!("{client:?}");
    assert!(!debug.contains(TOKEN), "{debug}");
}

fn progenitor_base_url(client: &Client) -> &str {
    use infinipost::ClientInfo;
    client.baseurl()
}

#[tokio::test]
async fn a_caller_supplied_http_client_still_sends_the_token() {
    let example = spec_example(
        "infinipost",
        &format!("{ACCOUNTS}/200/content/application~1json/example"),
    );
    let server = LocalServer::start(CannedResponse::json(200, &example)).await;
    let http = infinipost_reqwest_client();
    let client = Client::builder()
        .base_url(&server.base_url)
        .bearer_token(TOKEN)
        .http_client(http)
        .build()
        .expect("client builds");

    client
        .list_accounts()
        .partner_user_id("user_abc123")
        .send()
        .await
        .expect("decodes");
    let request = server.request().await;
    assert_eq!(
        request.header("authorization"),
        Some(format!("Bearer {TOKEN}").as_str())
    );
    assert_eq!(request.header("user-agent"), Some("my-app/2.0"));
}

fn infinipost_reqwest_client() -> reqwest::Client {
    reqwest::Client::builder()
        .user_agent("my-app/2.0")
        .build()
        .expect("reqwest client")
}

#[tokio::test]
async fn a_server_that_never_answers_fails_within_the_configured_timeout() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let base_url = format!("http://{}", listener.local_addr().expect("address"));
    // Accept the connection and hold it open without ever answering.
    let silent = tokio::spawn(async move {
        let (socket, _) = listener.accept().await.expect("accept");
        tokio::time::sleep(std::time::Duration::from_secs(30)).await;
        drop(socket);
    });
    let client = Client::builder()
        .base_url(base_url)
        .bearer_token(TOKEN)
        .timeout(std::time::Duration::from_millis(300))
        .build()
        .expect("client builds");

    let started = std::time::Instant::now();
    let error = client
        .list_accounts()
        .partner_user_id("u")
        .send()
        .await
        .expect_err("times out");
    assert!(matches!(error, Error::CommunicationError(_)), "{error:?}");
    assert!(
        started.elapsed() < std::time::Duration::from_secs(5),
        "{:?}",
        started.elapsed()
    );
    silent.abort();
}

#[test]
fn the_builder_and_its_errors_never_show_the_token() {
    let builder = Client::builder().bearer_token(TOKEN);
    let debug = format!("{builder:?}");
    assert!(!debug.contains(TOKEN), "{debug}");
    assert!(debug.contains("[redacted]"), "{debug}");

    let error = Client::builder()
        .base_url("not a url")
        .bearer_token(TOKEN)
        .build()
        .expect_err("bad URL");
    assert_eq!(
        error.to_string(),
        "`not a url` is not an absolute http(s) URL"
    );
}

#[test]
fn from_env_names_the_missing_variable() {
    if std::env::var_os("INFINIPOST_API_KEY").is_some() {
        return; // A real key in the environment: nothing to assert about its absence.
    }
    let error = Client::from_env().expect_err("no key in the environment");
    assert_eq!(
        error.to_string(),
        "the environment variable `INFINIPOST_API_KEY` is not set"
    );
}

#[tokio::test]
async fn a_status_the_spec_does_not_know_and_unknown_fields_still_decode() {
    let body = serde_json::json!({"accounts": [{
        "accountId": "acc_new",
        "name": "New",
        "username": "new",
        "status": "suspended",
        "phoneId": "p",
        "stripeSubscriptionId": "sub",
        "createdAt": "2026-11-23T10:00:00Z",
        "region": "eu"
    }]});
    let server = LocalServer::start(CannedResponse::json(200, &body)).await;
    let accounts = client(&server)
        .list_accounts()
        .partner_user_id("u")
        .send()
        .await
        .expect("an unknown status does not fail the response")
        .into_inner()
        .accounts;
    assert_eq!(
        accounts[0].status,
        AccountStatus::Unknown("suspended".to_owned())
    );
    assert_eq!(accounts[0].status.to_string(), "suspended");
    assert_eq!(
        serde_json::to_value(&accounts[0].status).expect("json"),
        "suspended"
    );
}
