//! The variables of the spec's first server are builder setters, with the
//! spec's defaults; a variable with an `enum` takes a type of its own.

use httpmock::prelude::*;
use server_variable_setters::{Client, ClientInfo as _, servers};

#[tokio::test]
async fn the_setters_fill_in_the_server_url() {
    let server = MockServer::start_async().await;
    let things = server
        .mock_async(|when, then| {
            when.method(GET).path("/v2/things");
            then.status(200).json_body(serde_json::json!(["a"]));
        })
        .await;
    let client = Client::builder()
        .host("127.0.0.1")
        .port(server.port().to_string())
        .version(servers::Version::V2)
        .build()
        .expect("client");
    assert_eq!(client.baseurl(), &server.url("/v2"));
    let listed = client.list_things().send().await.expect("listed");
    assert_eq!(listed.into_inner(), ["a"]);
    things.assert_async().await;
}

#[test]
fn variables_keep_the_spec_s_defaults() {
    assert_eq!(servers::Version::default(), servers::Version::V1);
    assert_eq!(servers::Version::V2.as_str(), "v2");
    assert_eq!(servers::Version::V2.to_string(), "v2");
    let client = Client::builder().host("10.0.0.1").build().expect("client");
    assert_eq!(client.baseurl(), "http://10.0.0.1:80/v1");
    let default = Client::builder().build().expect("client");
    assert_eq!(default.baseurl(), "http://api.example.test:80/v1");
    assert_eq!(Client::DEFAULT_BASE_URL, "http://api.example.test:80/v1");
    assert_eq!(servers::EU_EXAMPLE_TEST, "https://eu.example.test");
}
