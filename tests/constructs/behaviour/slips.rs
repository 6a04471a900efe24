//! Slips read as meant: a path-level parameter written as one object is
//! the path's parameter, `content: []` is no body, and a media type written
//! `[]` is any JSON value.

use httpmock::prelude::*;
use slips::Client;

#[tokio::test]
async fn the_one_parameter_object_is_the_path_parameter_and_empty_lists_are_empty_maps() {
    let server = MockServer::start_async().await;
    let read = server
        .mock_async(|when, then| {
            when.method(GET).path("/carts/c1");
            then.status(200)
                .header("content-type", "application/json")
                .json_body(serde_json::json!({"items": 2}));
        })
        .await;
    let deleted = server
        .mock_async(|when, then| {
            when.method(DELETE).path("/carts/c1");
            then.status(204);
        })
        .await;
    let client = Client::builder()
        .base_url(server.base_url())
        .build()
        .expect("client");
    let cart = client.get_cart().id("c1").send().await.expect("read");
    assert_eq!(cart.into_inner(), serde_json::json!({"items": 2}));
    client.delete_cart().id("c1").send().await.expect("deleted");
    read.assert_async().await;
    deleted.assert_async().await;
}
