//! The generated Pepipost client against a local HTTP server over real TCP.

use api_tests::{CannedResponse, LocalServer, spec_example};
use pepipost::types::{CreateSubaccountRequest, CreditType, UpdateSubaccountRequest};
use pepipost::{Client, Error};
use serde_json::json;

const TOKEN: &str = "pepi_live_0123456789abcdef";
const SUBACCOUNTS: &str = "/paths/~1v6~1subaccounts";
const SUBACCOUNT: &str = "/paths/~1v6~1subaccounts~1{username}";

fn client(server: &LocalServer) -> Client {
    Client::from_bearer_token_with_base_url(&server.base_url, TOKEN).expect("client builds")
}

fn assert_authorized_json(request: &api_tests::RecordedRequest) {
    assert_eq!(
        request.header("authorization"),
        Some(format!("Bearer {TOKEN}").as_str())
    );
    assert_eq!(
        request.header("user-agent"),
        Some(api_tests::default_user_agent("pepipost").as_str())
    );
}

#[tokio::test]
async fn create_subaccount_sends_the_documented_body() {
    let example = spec_example(
        "pepipost",
        &format!("{SUBACCOUNTS}/post/requestBody/content/application~1json/example"),
    );
    let server = LocalServer::start(CannedResponse::json(200, &json!({"status": "success"}))).await;

    let response = client(&server)
        .create_subaccount()
        .body(
            CreateSubaccountRequest::builder()
                .username("subaccount1")
                .email("subaccount1@example.com")
                .password("securepassword123")
                .credit_type(CreditType::OneTimeCredit),
        )
        .send()
        .await
        .expect("2XX is success");
    assert_eq!(response.status(), 200);

    let request = server.request().await;
    assert_eq!(request.method, "POST");
    assert_eq!(request.path, "/v6/subaccounts");
    assert_eq!(request.query, None);
    assert_eq!(request.header("content-type"), Some("application/json"));
    assert_authorized_json(&request);
    assert_eq!(request.json(), example);
}

/// The builder as a user writes it: string literals and values for optional
/// fields, `set_…(None)` to clear one again.
#[tokio::test]
async fn builders_take_string_literals_and_values_and_can_clear_a_field() {
    let server = LocalServer::start(CannedResponse::json(200, &json!({"status": "success"}))).await;
    let request = pepipost::types::CreateSubaccountRequest::builder()
        .username("subaccount1")
        .email("subaccount1@example.com")
        .password("Securepassword123")
        .credit_type(pepipost::types::CreditType::OneTimeCredit);
    client(&server)
        .create_subaccount()
        .body(request)
        .send()
        .await
        .expect("2XX is success");
    assert_eq!(
        server.request().await.json(),
        json!({
            "username": "subaccount1",
            "email": "subaccount1@example.com",
            "password": "Securepassword123",
            "credit_type": "one_time_credit",
        })
    );

    let owned_name = String::from("subaccount2");
    let cleared = CreateSubaccountRequest::builder()
        .username(owned_name)
        .email("gone@example.com")
        .set_email(None)
        .set_password(Some("Securepassword123".to_owned()));
    let body = CreateSubaccountRequest::try_from(cleared).expect("valid");
    assert_eq!(body.username.as_deref(), Some("subaccount2"));
    assert_eq!(body.email, None);
    assert_eq!(body.password.as_deref(), Some("Securepassword123"));
}

#[tokio::test]
async fn update_subaccount_patches_the_named_subaccount() {
    let example = spec_example(
        "pepipost",
        &format!("{SUBACCOUNT}/patch/requestBody/content/application~1json/example"),
    );
    let server = LocalServer::start(CannedResponse::json(200, &json!({}))).await;

    client(&server)
        .update_subaccount()
        .username("subaccount1")
        .body(UpdateSubaccountRequest::builder().disabled(true))
        .send()
        .await
        .expect("2XX is success");

    let request = server.request().await;
    assert_eq!(request.method, "PATCH");
    assert_eq!(request.path, "/v6/subaccounts/subaccount1");
    assert_authorized_json(&request);
    assert_eq!(request.json(), example);
}

#[tokio::test]
async fn delete_subaccount_sends_delete_without_a_body() {
    let server = LocalServer::start(CannedResponse::empty(204)).await;

    let response = client(&server)
        .delete_subaccount()
        .username("subaccount1")
        .send()
        .await
        .expect("2XX is success");
    assert_eq!(response.status(), 204);

    let request = server.request().await;
    assert_eq!(request.method, "DELETE");
    assert_eq!(request.path, "/v6/subaccounts/subaccount1");
    assert!(request.body.is_empty());
    assert_authorized_json(&request);
}

#[tokio::test]
async fn list_subaccounts_sends_limit_and_offset_and_returns_the_body_as_json() {
    let page = json!({"data": [{"username": "subaccount1"}], "total": 1});
    let server = LocalServer::start(CannedResponse::json(200, &page)).await;

    let response = client(&server)
        .list_subaccounts()
        .limit(10)
        .offset(1)
        .send()
        .await
        .expect("2XX is success");

    let request = server.request().await;
    assert_eq!(request.method, "GET");
    assert_eq!(request.path, "/v6/subaccounts");
    let query = request.query_pairs();
    assert!(
        query.contains(&("limit".to_owned(), "10".to_owned())),
        "{query:?}"
    );
    assert!(
        query.contains(&("offset".to_owned(), "1".to_owned())),
        "{query:?}"
    );
    assert_eq!(query.len(), 2);
    assert_authorized_json(&request);

    let body: serde_json::Map<String, serde_json::Value> = response.into_inner().into();
    assert_eq!(serde_json::Value::Object(body), page);
}

#[tokio::test]
async fn an_unknown_subaccount_error_decodes_into_the_typed_error() {
    let example = spec_example(
        "pepipost",
        "/components/responses/NotFound/content/application~1json/example",
    );
    let server = LocalServer::start(CannedResponse::json(404, &example)).await;

    let error = client(&server)
        .delete_subaccount()
        .username("nobody")
        .send()
        .await
        .expect_err("404 is an error");

    let Error::ErrorResponse(body) = error else {
        panic!("expected the typed error body, got {error:?}")
    };
    assert_eq!(body.status(), 404);
    assert_eq!(
        body.into_inner().error.as_deref(),
        Some("Subaccount does not exists")
    );
}

#[test]
fn regional_servers_are_named_constants_and_the_first_is_the_default() {
    assert_eq!(Client::DEFAULT_BASE_URL, "https://api.pepipost.com");
    assert_eq!(
        pepipost::servers::NETCORE_EU,
        "https://apieu.netcorecloud.net"
    );
    assert_eq!(
        pepipost::servers::NETCORE_NON_EU,
        "https://emailapi.netcorecloud.net"
    );
}

#[test]
fn a_password_is_sent_but_never_shown_by_debug() {
    let request = CreateSubaccountRequest::try_from(
        CreateSubaccountRequest::builder()
            .username("subaccount1")
            .password("securepassword123"),
    )
    .expect("every field is optional");
    let debug = format!("{request:?}");
    assert!(!debug.contains("securepassword123"), "{debug}");
    assert!(debug.contains("password: \"[redacted]\""), "{debug}");
    assert!(debug.contains("subaccount1"), "{debug}");
    // Serialization, which is what goes on the wire, keeps it.
    assert!(
        serde_json::to_string(&request)
            .expect("json")
            .contains("securepassword123")
    );

    let builder = CreateSubaccountRequest::builder().password("securepassword123".to_owned());
    let debug = format!("{builder:?}");
    assert!(!debug.contains("securepassword123"), "{debug}");
}
