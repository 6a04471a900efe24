//! An OAuth 2 client credentials flow: the client fetches a token from the
//! spec's token URL with the client id and secret, once, and sends it as a
//! bearer token with the operations that ask for the scheme.

use httpmock::prelude::*;
use oauth_client_credentials::{Client, Credential};
use serde_json::json;

#[tokio::test]
async fn a_token_is_fetched_with_the_client_credentials_and_reused() {
    let server = MockServer::start_async().await;
    let tokens = server
        .mock_async(|when, then| {
            // base64("app:s3cret")
            when.method(POST)
                .path("/oauth/token")
                .header("authorization", "Basic YXBwOnMzY3JldA==")
                .body("grant_type=client_credentials");
            then.status(200).json_body(
                json!({"access_token": "t0ken", "token_type": "Bearer", "expires_in": 3600}),
            );
        })
        .await;
    let things = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/api/things")
                .header("authorization", "Bearer t0ken");
            then.status(200).json_body(json!(["a", "b"]));
        })
        .await;
    let status = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/api/status")
                .header("x-key", "k3y")
                .header_missing("authorization");
            then.status(204);
        })
        .await;
    let client = Client::builder()
        .base_url(server.url("/api"))
        .oauth_client_credentials("app", "s3cret")
        .key("k3y")
        .build()
        .expect("client");
    for _ in 0..2 {
        let listed = client.list_things().send().await.expect("listed");
        assert_eq!(listed.into_inner(), ["a", "b"]);
    }
    client.status().send().await.expect("status");
    tokens.assert_calls_async(1).await;
    things.assert_calls_async(2).await;
    status.assert_async().await;
    assert!(!format!("{client:?}").contains("s3cret"));
}

#[tokio::test]
async fn scopes_and_a_token_given_as_is() {
    let server = MockServer::start_async().await;
    let tokens = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/oauth/token")
                .body("grant_type=client_credentials&scope=things.read");
            then.status(200)
                .json_body(json!({"access_token": "sc0ped"}));
        })
        .await;
    let scoped = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/api/things")
                .header("authorization", "Bearer sc0ped");
            then.status(200).json_body(json!([]));
        })
        .await;
    let client = Client::builder()
        .base_url(server.url("/api"))
        .credential(
            "oauth",
            Credential::ClientCredentials {
                client_id: "app".to_owned(),
                client_secret: "s3cret".into(),
                scopes: vec!["things.read".to_owned()],
            },
        )
        .build()
        .expect("client");
    client.list_things().send().await.expect("listed");
    tokens.assert_async().await;
    scoped.assert_async().await;

    let given = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/api/things")
                .header("authorization", "Bearer g1ven");
            then.status(200).json_body(json!([]));
        })
        .await;
    let client = Client::builder()
        .base_url(server.url("/api"))
        .oauth("g1ven")
        .build()
        .expect("client");
    client.list_things().send().await.expect("listed");
    given.assert_async().await;
}

#[tokio::test]
async fn a_refused_client_is_a_communication_error_without_the_secret() {
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.method(POST).path("/oauth/token");
            then.status(401)
                .json_body(json!({"error": "invalid_client"}));
        })
        .await;
    let client = Client::builder()
        .base_url(server.url("/api"))
        .oauth_client_credentials("app", "s3cret")
        .build()
        .expect("client");
    let error = client.list_things().send().await.expect_err("no token");
    assert!(
        matches!(&error, oauth_client_credentials::Error::CommunicationError(e) if e.status().map(|status| status.as_u16()) == Some(401)),
        "{error:?}"
    );
    assert!(!format!("{error} {error:?}").contains("s3cret"));
}
