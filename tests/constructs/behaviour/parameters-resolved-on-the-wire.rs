//! Parameters that generation resolved with a warning still reach the
//! server as the spec means: a path `id` beside a query `id` (renamed in
//! Rust, not on the wire), a query string written into a path template, an
//! undeclared path parameter, a JSON `content` header given as text, and a
//! query object no style can send left out while the rest of the operation
//! works.

use httpmock::prelude::*;
use parameters_resolved_on_the_wire::Client;

#[tokio::test]
async fn resolved_parameters_go_out_as_the_spec_means() {
    let server = MockServer::start_async().await;
    let client = Client::builder()
        .base_url(server.base_url())
        .build()
        .expect("client");
    let thing = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/things/t-1")
                .query_param("id", "7")
                .header("x-filter", r#"{"colour":"red"}"#);
            then.status(204);
        })
        .await;
    client
        .get_thing()
        .id_path("t-1")
        .id(7)
        .x_filter(r#"{"colour":"red"}"#)
        .send()
        .await
        .expect("get_thing");
    thing.assert_async().await;

    let search = server
        .mock_async(|when, then| {
            when.method(GET).path("/search").query_param("q", "bolts");
            then.status(204);
        })
        .await;
    client.search().q("bolts").send().await.expect("search");
    search.assert_async().await;

    let parts = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/items/i-9/parts")
                .query_param("limit", "5");
            then.status(204);
        })
        .await;
    client
        .list_parts()
        .item("i-9")
        .limit(5)
        .send()
        .await
        .expect("list_parts");
    parts.assert_async().await;
}
