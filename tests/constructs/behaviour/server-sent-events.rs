//! A `text/event-stream` response is a stream of typed events: each `data`
//! decoded into the spec's type, multi-line data and comments handled, the
//! `[DONE]` sentinel ending the stream, a bad event an error item.

use futures::{StreamExt as _, TryStreamExt as _};
use httpmock::prelude::*;
use server_sent_events::types::{Chunk, StreamCompletionBody, WatchEvent, WatchEventKind};
use server_sent_events::{Client, Event, EventError};

fn client(server: &MockServer) -> Client {
    Client::builder()
        .base_url(server.base_url())
        .build()
        .expect("client")
}

#[tokio::test]
async fn chunks_arrive_as_typed_events_until_the_end_sentinel() {
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.method(POST).path("/completions").json_body(serde_json::json!({"prompt": "hi"}));
            then.status(200)
                .header("content-type", "text/event-stream")
                .body(": keep-alive\n\nid: 1\ndata: {\"text\": \"Hel\"}\n\ndata: {\"text\":\ndata: \"lo\"}\n\ndata: [DONE]\n\n");
        })
        .await;
    let events = client(&server)
        .stream_completion()
        .body(StreamCompletionBody::builder().prompt("hi"))
        .send_events()
        .await
        .expect("stream");
    let events: Vec<Event<Chunk>> = events.try_collect().await.expect("events");
    let texts: Vec<&str> = events
        .iter()
        .map(|event| event.data.text.as_str())
        .collect();
    assert_eq!(texts, ["Hel", "lo"]);
    assert_eq!(events[0].id, "1");
    assert_eq!(events[0].event, "message");
}

#[tokio::test]
async fn an_inline_schema_gets_its_type_and_a_bad_event_is_an_item() {
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.method(GET).path("/watch");
            then.status(200)
                .header("content-type", "text/event-stream")
                .body("event: change\ndata: {\"kind\": \"created\", \"id\": \"a\"}\n\ndata: {\"kind\": \"exploded\"}\n\ndata: {\"kind\": \"deleted\", \"id\": null}\n\n");
        })
        .await;
    let mut events = client(&server).watch().send_events().await.expect("stream");
    let first: Event<WatchEvent> = events.next().await.expect("item").expect("event");
    assert_eq!(first.event, "change");
    assert_eq!(first.data.kind, WatchEventKind::Created);
    assert!(matches!(
        events.next().await,
        Some(Err(EventError::Decode { ref data, .. })) if data.contains("exploded")
    ));
    let third = events.next().await.expect("item").expect("event");
    assert_eq!(
        (third.data.kind, third.data.id),
        (WatchEventKind::Deleted, None)
    );
    assert!(events.next().await.is_none());
}

#[tokio::test]
async fn without_a_schema_events_are_json_values_and_errors_stay_typed() {
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.method(GET).path("/raw");
            then.status(200).body("data: [1, 2]\n\n");
        })
        .await;
    server
        .mock_async(|when, then| {
            when.method(POST).path("/completions");
            then.status(400)
                .json_body(serde_json::json!({"error": "empty prompt"}));
        })
        .await;
    let client = client(&server);
    let values: Vec<serde_json::Value> = client
        .raw()
        .send_events()
        .await
        .expect("stream")
        .map_ok(|event| event.data)
        .try_collect()
        .await
        .expect("events");
    assert_eq!(values, [serde_json::json!([1, 2])]);
    // `send` gives the same body as bytes, read as they arrive.
    let mut bytes = Vec::new();
    let mut body = client.raw().send().await.expect("body").into_inner();
    while let Some(chunk) = body.try_next().await.expect("chunk") {
        bytes.extend_from_slice(&chunk);
    }
    assert_eq!(bytes, b"data: [1, 2]\n\n");
    let refused = client
        .stream_completion()
        .body(StreamCompletionBody::builder().prompt(""))
        .send_events()
        .await;
    match refused {
        Err(server_sent_events::Error::ErrorResponse(error)) => {
            assert_eq!(error.status(), 400);
            assert_eq!(error.into_inner().error.as_deref(), Some("empty prompt"));
        }
        Err(other) => panic!("{other:?}"),
        Ok(_) => panic!("a 400 is an error"),
    }
}
