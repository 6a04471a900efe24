//! Parameters whose schemas combine alternatives carry one value: the one
//! given, as its own type serializes it, whichever alternative it is.

use httpmock::prelude::*;
use parameter_alternatives::Client;
use parameter_alternatives::types::{ListThingsLimit, ListThingsMode, ListThingsXTrace};

#[tokio::test]
async fn each_alternative_is_sent_as_the_value_it_holds() {
    let server = MockServer::start_async().await;
    let client = Client::builder()
        .base_url(server.base_url())
        .build()
        .expect("client");
    let numbers = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/things")
                .query_param("limit", "5")
                .query_param("page", "2")
                .query_param("owner", "ada")
                .query_param("mode", "fast")
                .query_param("color", "red")
                .header("x-trace", "true");
            then.status(204);
        })
        .await;
    client
        .list_things()
        .limit(ListThingsLimit::Integer(
            std::num::NonZeroU64::new(5).expect("not zero"),
        ))
        .page(std::num::NonZeroU32::new(2).expect("not zero"))
        .owner("ada")
        .mode(ListThingsMode::Fast)
        .color("red")
        .x_trace(ListThingsXTrace::Boolean(true))
        .send()
        .await
        .expect("listed");
    numbers.assert_async().await;

    let words = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/things")
                .query_param("limit", "all")
                .query_param_missing("page")
                .query_param("mode", "thorough")
                .header("x-trace", "span-7");
            then.status(204);
        })
        .await;
    client
        .list_things()
        .limit("all")
        .mode(ListThingsMode::Thorough)
        .x_trace(ListThingsXTrace::String("span-7".to_owned()))
        .send()
        .await
        .expect("listed");
    words.assert_async().await;
}

#[tokio::test]
async fn a_body_keeps_the_referenced_schema_as_written() {
    let server = MockServer::start_async().await;
    let client = Client::builder()
        .base_url(server.base_url())
        .build()
        .expect("client");
    let select = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/things")
                .json_body(serde_json::json!({ "limit": "all" }));
            then.status(204);
        })
        .await;
    client
        .select_things()
        .body(parameter_alternatives::types::Selection::builder().limit(
            parameter_alternatives::types::Limit::String(
                parameter_alternatives::types::LimitString::All,
            ),
        ))
        .send()
        .await
        .expect("selected");
    select.assert_async().await;
}
