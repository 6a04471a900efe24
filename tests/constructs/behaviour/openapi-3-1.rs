//! A client from an OpenAPI 3.1 spec reads and sends what the 3.1 schemas
//! describe: null beside a type, unions with null, const, tuples, `$defs`,
//! references with siblings, and operations from `components/pathItems`.

use httpmock::prelude::*;
use openapi_3_1::types::{Colour, GadgetKind, GadgetReading, NewGadget, Size};
use openapi_3_1::{Client, Error};
use serde_json::json;

const TOKEN: &str = "token-3-1";

fn gadget_json() -> serde_json::Value {
    json!({
        "id": "g-1",
        "kind": "gadget",
        "name": null,
        "nickname": null,
        "colour": "red",
        "size": "small",
        "weight": 12,
        "position": [1.5, -2.0],
        "reading": "n/a",
        "extra": {"anything": [1, 2]},
        "tags": {"room": "kitchen"},
        "history": [{"at": "2026-01-02T03:04:05Z", "by": {"name": "ada"}}],
    })
}

#[tokio::test]
async fn a_3_1_body_decodes_into_the_types_its_schemas_describe() {
    let server = MockServer::start_async().await;
    let client =
        Client::from_bearer_token_with_base_url(&server.base_url(), TOKEN).expect("client");
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/gadgets/g-1")
                .query_param("revision", "3")
                .header("authorization", format!("Bearer {TOKEN}"));
            then.status(200).json_body(gadget_json());
        })
        .await;
    let gadget = client
        .get_gadget()
        .gadget_id("g-1")
        .revision(std::num::NonZeroU64::new(3).expect("non-zero"))
        .send()
        .await
        .expect("get")
        .into_inner();
    mock.assert_async().await;
    assert_eq!(gadget.kind, GadgetKind::Gadget);
    assert_eq!(gadget.name, None);
    assert_eq!(gadget.nickname, None);
    assert_eq!(gadget.colour, Some(Colour::Red));
    assert_eq!(gadget.size, Size::Small);
    assert_eq!(gadget.weight.map(|grams| grams.get()), Some(12));
    assert_eq!(gadget.position, vec![1.5, -2.0]);
    assert!(
        matches!(gadget.reading, Some(GadgetReading::String(ref text)) if text.as_str() == "n/a")
    );
    assert_eq!(gadget.tags.get("room").map(String::as_str), Some("kitchen"));
    let change = &gadget.history[0];
    assert_eq!(change.at.to_rfc3339(), "2026-01-02T03:04:05+00:00");
    assert_eq!(
        change.by.as_ref().and_then(|person| person.name.as_deref()),
        Some("ada")
    );
    // What was read is written back unchanged.
    assert_eq!(
        serde_json::to_value(&gadget).expect("serializes")["position"],
        json!([1.5, -2.0])
    );
}

#[tokio::test]
async fn operations_of_a_referenced_path_item_and_3_1_errors_work() {
    let server = MockServer::start_async().await;
    let client =
        Client::from_bearer_token_with_base_url(&server.base_url(), TOKEN).expect("client");
    let create = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/gadgets")
                .json_body(json!({"name": "lamp", "size": "large"}));
            then.status(201).json_body(gadget_json());
        })
        .await;
    server
        .mock_async(|when, then| {
            when.method(GET).path("/gadgets/missing");
            then.status(404)
                .header("content-type", "application/problem+json")
                .body(r#"{"title":"no such gadget","status":404}"#);
        })
        .await;
    let created = client
        .create_gadget()
        .body(NewGadget::builder().name("lamp").size(Size::Large))
        .send()
        .await
        .expect("create");
    assert_eq!(created.status().as_u16(), 201);
    create.assert_async().await;
    match client.get_gadget().gadget_id("missing").send().await {
        Err(Error::ErrorResponse(problem)) => {
            assert_eq!(
                problem.into_inner().title.as_deref(),
                Some("no such gadget")
            );
        }
        other => panic!("expected the 404 problem, got {other:?}"),
    }
}
