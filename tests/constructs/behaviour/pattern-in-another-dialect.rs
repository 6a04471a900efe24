//! A `pattern` in another regex dialect is left unchecked: values the
//! pattern meant to allow (and any others) are sent and decoded, while an
//! ECMA-262 pattern beside it is still checked.

use httpmock::prelude::*;
use pattern_in_another_dialect::Client;
use pattern_in_another_dialect::types::{Key, KeyLabel};

#[tokio::test]
async fn values_are_not_checked_against_a_foreign_pattern() {
    let server = MockServer::start_async().await;
    let read = server
        .mock_async(|when, then| {
            when.method(GET).path("/keys/ABCDEF12");
            then.status(200)
                .header("content-type", "application/json")
                .json_body(serde_json::json!({"id": "ABC", "label": "ok"}));
        })
        .await;
    let client = Client::builder()
        .base_url(server.base_url())
        .build()
        .expect("client");
    let key = client
        .get_key()
        .id("ABCDEF12")
        .send()
        .await
        .expect("read")
        .into_inner();
    read.assert_async().await;
    assert_eq!(key.id, "ABC");
    assert!("ABC".parse::<KeyLabel>().is_err(), "the ECMA-262 pattern still holds");
    assert!(Key::try_from(Key::builder().id("anything at all")).is_ok());
}
