//! Every kind of credential goes on the wire where its scheme says, through
//! a builder setter named after the scheme, and only with the operations
//! whose `security` asks for it.

use httpmock::prelude::*;
use security_schemes::{Client, ClientBuildError};

fn client(server: &MockServer) -> Client {
    Client::builder()
        .base_url(server.base_url())
        .api_key_auth("h3ader-key")
        .query_key("qu3ry-key")
        .session("c00kie")
        .basic_auth("ada", "s3same")
        .token("t0k")
        .client_id("id-1")
        .client_secret("s3cret")
        .timeout_credential("t1meout")
        .build()
        .expect("client")
}

#[tokio::test]
async fn api_keys_go_in_their_header_query_parameter_or_cookie() {
    let server = MockServer::start_async().await;
    let header = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/header")
                .header("x-api-key", "h3ader-key")
                .header_missing("authorization")
                .query_param_missing("api_key");
            then.status(204);
        })
        .await;
    let query = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/query")
                .query_param("page", "2")
                .query_param("api_key", "qu3ry-key")
                .header_missing("x-api-key");
            then.status(204);
        })
        .await;
    let cookie = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/cookie")
                .cookie("theme", "dark")
                .cookie("SESSION", "c00kie");
            then.status(204);
        })
        .await;
    let client = client(&server);
    client.by_header().send().await.expect("header");
    client.by_query().page(2).send().await.expect("query");
    client
        .by_cookie()
        .theme("dark")
        .send()
        .await
        .expect("cookie");
    header.assert_async().await;
    query.assert_async().await;
    cookie.assert_async().await;
}

#[tokio::test]
async fn http_schemes_fill_the_authorization_header() {
    let server = MockServer::start_async().await;
    // base64("ada:s3same")
    let basic = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/basic")
                .header("authorization", "Basic YWRhOnMzc2FtZQ==");
            then.status(204);
        })
        .await;
    let token = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/token")
                .header("authorization", "Token t0k");
            then.status(204);
        })
        .await;
    let client = client(&server);
    client.by_basic().send().await.expect("basic");
    client.by_token().send().await.expect("token");
    basic.assert_async().await;
    token.assert_async().await;
}

#[tokio::test]
async fn schemes_required_together_go_together_and_alternatives_take_the_first_given() {
    let server = MockServer::start_async().await;
    let pair = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/pair")
                .header("x-client-id", "id-1")
                .header("x-client-secret", "s3cret")
                .header_missing("x-api-key");
            then.status(204);
        })
        .await;
    // No bearer token was given: the second alternative, basic, is sent.
    let either = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/either")
                .header("authorization", "Basic YWRhOnMzc2FtZQ==");
            then.status(204);
        })
        .await;
    let renamed = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/timeout")
                .header("x-timeout-key", "t1meout");
            then.status(204);
        })
        .await;
    let public = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/public")
                .header_missing("authorization")
                .header_missing("x-api-key")
                .header_missing("x-client-id")
                .query_param_missing("api_key")
                .header_missing("cookie");
            then.status(204);
        })
        .await;
    let client = client(&server);
    client.by_pair().send().await.expect("pair");
    client.by_either().send().await.expect("either");
    client
        .by_timeout_key()
        .send()
        .await
        .expect("renamed setter");
    client.public().send().await.expect("public");
    pair.assert_async().await;
    either.assert_async().await;
    renamed.assert_async().await;
    public.assert_async().await;

    let with_bearer = Client::builder()
        .base_url(server.base_url())
        .bearer("b3arer")
        .basic_auth("ada", "s3same")
        .build()
        .expect("client");
    let bearer = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/either")
                .header("authorization", "Bearer b3arer");
            then.status(204);
        })
        .await;
    with_bearer.by_either().send().await.expect("bearer");
    bearer.assert_async().await;
}

#[test]
fn secrets_never_show_and_bad_ones_are_refused_by_name() {
    let server_url = "http://127.0.0.1:9";
    let builder = Client::builder()
        .base_url(server_url)
        .api_key_auth("h3ader-key")
        .basic_auth("ada", "s3same");
    let client = builder.clone().build().expect("client");
    for shown in [format!("{builder:?}"), format!("{client:?}")] {
        assert!(
            !shown.contains("h3ader-key") && !shown.contains("s3same"),
            "{shown}"
        );
    }
    let error = Client::builder()
        .base_url(server_url)
        .api_key_auth("line\nbreak")
        .build()
        .expect_err("a key with a line break cannot be sent");
    let message = error.to_string();
    assert!(
        message.contains("ApiKeyAuth") && !message.contains("line"),
        "{message}"
    );
}

#[test]
fn from_env_names_the_variable_of_the_scheme_the_api_requires() {
    // The test environment sets none of the client's variables.
    match Client::from_env() {
        Err(ClientBuildError::MissingEnvironmentVariable(var)) => {
            assert_eq!(var, "SECURITY_SCHEMES_API_KEY_AUTH")
        }
        other => panic!("{other:?}"),
    }
}
