//! An operation that answers JSON or an event stream decodes the JSON.

use events_beside_json::Client;
use events_beside_json::types::CreateCompletionBody;
use httpmock::prelude::*;

#[tokio::test]
async fn send_decodes_the_json_answer() {
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.method(POST).path("/completions");
            then.status(200)
                .header("content-type", "application/json")
                .json_body(serde_json::json!({"text": "done"}));
        })
        .await;
    let client = Client::builder()
        .base_url(server.base_url())
        .build()
        .expect("client");
    let completion = client
        .create_completion()
        .body(CreateCompletionBody::builder().prompt("hi"))
        .send()
        .await
        .expect("completed")
        .into_inner();
    assert_eq!(completion.text, "done");
}
