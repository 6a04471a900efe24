//! The bearer token goes where the spec's `security` asks for it: with the
//! document's requirement, never with a public operation (`security: []`),
//! and with an operation where it is optional when the caller has one.

use httpmock::prelude::*;
use security_requirements::Client;

fn client(server: &MockServer, token: Option<&str>) -> Client {
    let builder = Client::builder().base_url(server.base_url());
    match token {
        Some(token) => builder.bearer_token(token),
        None => builder,
    }
    .build()
    .expect("client")
}

#[tokio::test]
async fn each_operation_carries_the_credentials_its_requirement_names() {
    let server = MockServer::start_async().await;
    let authorized = server
        .mock_async(|when, then| {
            when.method(GET)
                .path_matches("^/(private|optional)$")
                .header("authorization", "Bearer t0ken");
            then.status(204);
        })
        .await;
    let public = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/public")
                .header_missing("authorization");
            then.status(204);
        })
        .await;
    let with_token = client(&server, Some("t0ken"));
    with_token.get_private().send().await.expect("private");
    with_token.get_optional().send().await.expect("optional");
    with_token.get_public().send().await.expect("public");
    authorized.assert_calls_async(2).await;
    public.assert_async().await;
}

#[tokio::test]
async fn an_optional_requirement_lets_a_caller_without_credentials_through() {
    let server = MockServer::start_async().await;
    let anonymous = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/optional")
                .header_missing("authorization");
            then.status(204);
        })
        .await;
    client(&server, None)
        .get_optional()
        .send()
        .await
        .expect("optional");
    anonymous.assert_async().await;
}
