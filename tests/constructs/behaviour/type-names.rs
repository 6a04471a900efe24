//! Schemas that typify would give one name (a title naming another type, a
//! nullable union, a nullable object titled with its own name, an inline
//! object named like a component) decode into types with their own fields.

use httpmock::prelude::*;
use serde_json::json;
use type_names::Client;
use type_names::types::{Book, ItemInner, Shelf, ShelfLabel, ShelfVote};

/// Serves `body` as shelf `id` and returns the shelf the client decodes,
/// checking the client asked for exactly that shelf.
async fn shelf_served_as(id: &str, body: serde_json::Value) -> Shelf {
    let server = MockServer::start_async().await;
    let client = Client::builder()
        .base_url(server.base_url())
        .build()
        .expect("client");
    let path = format!("/shelves/{id}");
    let mock = server
        .mock_async(|when, then| {
            when.method(GET).path(path);
            then.status(200).json_body(body);
        })
        .await;
    let shelf = client
        .get_shelf()
        .id(id)
        .send()
        .await
        .expect("the shelf decodes")
        .into_inner();
    mock.assert_async().await;
    shelf
}

#[tokio::test]
async fn each_schema_decodes_into_its_own_type_whatever_its_title() {
    let shelf = shelf_served_as(
        "s1",
        json!({
            "id": "s1",
            "front": {"pages": 320},
            "owner": null,
            "first": {"isbn": "978-0"},
            "label": {"text": "Fiction"},
            "spine": {"colour": "red"},
        }),
    )
    .await;
    let front = shelf.front.0.expect("a book in front");
    assert_eq!(front.pages, 320);
    assert!(shelf.owner.0.is_none());
    let Some(ItemInner::Book(Book { isbn, .. })) = shelf.first.0 else {
        panic!("the first item is a book: {:?}", shelf.first);
    };
    assert_eq!(isbn, "978-0");
    assert_eq!(shelf.spine.colour, "red");
    let label: &ShelfLabel = &shelf.label;
    assert_eq!(label.text, "Fiction");
}

#[tokio::test]
async fn a_null_union_decodes_as_none() {
    let shelf = shelf_served_as(
        "s2",
        json!({
            "id": "s2",
            "front": null,
            "owner": {"name": "Ada"},
            "first": null,
            "label": {"text": "Empty"},
            "spine": {"colour": "blue"},
        }),
    )
    .await;
    assert!(shelf.front.0.is_none());
    assert!(shelf.first.0.is_none());
    assert_eq!(shelf.owner.0.expect("an owner").name, "Ada");
}

#[tokio::test]
async fn the_values_plus_one_and_minus_one_are_upper_camel_case_variants() {
    let shelf = shelf_served_as(
        "s3",
        json!({
            "id": "s3", "front": null, "owner": null, "first": null,
            "label": {"text": "Votes"}, "spine": {"colour": "green"},
            "vote": "-1",
        }),
    )
    .await;
    assert_eq!(shelf.vote, Some(ShelfVote::Minus1));
    assert_eq!(ShelfVote::Plus1.to_string(), "+1");
    assert_eq!("+1".parse::<ShelfVote>().ok(), Some(ShelfVote::Plus1));
    assert_eq!(
        serde_json::to_value(ShelfVote::Minus1).expect("serializes"),
        json!("-1")
    );
}
