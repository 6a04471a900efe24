//! Types spread over crates of their own are used through the client's
//! `types` module as if they were its own: built, sent, decoded with
//! their defaults, and mocked.

use httpmock::prelude::*;
use serde_json::json;
use type_crates::Client;
use type_crates::mock::MockServerExt;
use type_crates::types::{Book, BookFormat, Card, Loan, Member, Newsletter, Shelf, builder};

fn client(server: &MockServer) -> Client {
    Client::builder()
        .base_url(server.base_url())
        .bearer_token("secret-token")
        .build()
        .expect("client")
}

#[tokio::test]
async fn a_request_built_from_a_group_crates_type_is_sent_and_its_answer_decoded_with_defaults() {
    let server = MockServer::start_async().await;
    let added = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/books")
                .json_body(json!({"isbn": "978-1", "format": "audio", "shelf": {"row": 3}}));
            then.status(201).json_body(json!({"isbn": "978-1", "shelf": {}}));
        })
        .await;
    let book = client(&server)
        .add_book()
        .body(
            Book::builder()
                .isbn("978-1")
                .format(BookFormat::Audio)
                .shelf(Shelf::builder().row(3)),
        )
        .send()
        .await
        .expect("the book is added")
        .into_inner();
    added.assert_async().await;
    // The answer left out the format and the shelf's row: their defaults,
    // which live in the crates that hold the types, fill them in.
    assert_eq!(book.format, BookFormat::Paper);
    assert_eq!(book.shelf.map(|shelf| shelf.row), Some(1));
}

#[tokio::test]
async fn a_mock_answers_with_a_type_of_another_crate() {
    let server = MockServer::start_async().await;
    let loan: Loan = builder::Loan::default()
        .book(type_crates::types::LoanedBook::builder())
        .days(7)
        .try_into()
        .expect("a loan");
    let lent = server.lend(|when, then| {
        when.body(&loan);
        then.created(&loan);
    });
    let answer = client(&server)
        .lend()
        .body(loan.clone())
        .send()
        .await
        .expect("lent")
        .into_inner();
    lent.assert();
    assert_eq!(answer, loan);
}

#[test]
fn a_default_built_of_a_type_of_another_crate_fills_the_field() {
    let loan: Loan = serde_json::from_value(serde_json::json!({"book": {}})).expect("a loan");
    assert_eq!(loan.desk.name, "Front desk");
    assert_eq!(loan.days, 14);
}

#[test]
fn a_type_no_operation_reaches_holds_types_of_every_other_crate() {
    let member: Member = Member::builder()
        .id("m1")
        .card(Card::builder().favourite(Shelf::builder().row(2)))
        .try_into()
        .expect("a member");
    let newsletter: Newsletter = Newsletter::builder()
        .featured(Book::builder().isbn("978-2"))
        .members(vec![member])
        .try_into()
        .expect("a newsletter");
    assert_eq!(
        serde_json::to_value(&newsletter).expect("serializes"),
        json!({
            "featured": {"isbn": "978-2", "format": "paper"},
            "members": [{"id": "m1", "card": {"favourite": {"row": 2}}}],
        })
    );
    let missing: Result<Member, type_crates::types::error::ConversionError> =
        Member::builder().try_into();
    assert!(missing.is_err(), "a member needs an id");
}
