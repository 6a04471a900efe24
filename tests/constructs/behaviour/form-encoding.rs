//! A form body follows its media type's `encoding`: deep objects nest in
//! brackets at any depth, arrays of them are indexed, a `deepObject` array
//! of strings repeats `name[]`, and `explode: false` joins with commas.

use std::collections::HashMap;

use form_encoding::Client;
use form_encoding::types::{CreatePaymentBody, CreatePaymentBodyItemsItem};
use httpmock::prelude::*;

#[tokio::test]
async fn nested_properties_are_encoded_as_the_encoding_object_says() {
    let server = MockServer::start_async().await;
    let created = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/payments")
                .header("content-type", "application/x-www-form-urlencoded")
                .form_urlencoded_tuple("amount", "2000")
                .form_urlencoded_tuple("description", "two & more")
                .form_urlencoded_tuple("metadata[order][id]", "o-1")
                .form_urlencoded_tuple("expand[]", "customer")
                .form_urlencoded_tuple("items[0][price]", "p_1")
                .form_urlencoded_tuple("items[0][quantity]", "2")
                .form_urlencoded_tuple("tags", "a,b");
            then.status(204);
        })
        .await;
    let client = Client::builder()
        .base_url(server.base_url())
        .build()
        .expect("client");
    let body = CreatePaymentBody::builder()
        .amount(2000)
        .description("two & more")
        .metadata(HashMap::from([(
            "order".to_owned(),
            HashMap::from([("id".to_owned(), "o-1".to_owned())]),
        )]))
        .expand(vec!["customer".to_owned()])
        .items(vec![
            CreatePaymentBodyItemsItem::builder()
                .price("p_1")
                .quantity(2)
                .try_into()
                .expect("item"),
        ])
        .tags(vec!["a".to_owned(), "b".to_owned()]);
    client
        .create_payment()
        .body(body)
        .send()
        .await
        .expect("created");
    created.assert_async().await;
}

#[tokio::test]
async fn the_typed_mock_matches_the_form_body_the_client_sends() {
    use form_encoding::mock::MockServerExt as _;

    let server = MockServer::start_async().await;
    let body = || {
        CreatePaymentBody::builder()
            .amount(500)
            .expand(vec!["customer".to_owned()])
    };
    let expected: CreatePaymentBody = body().try_into().expect("a complete body");
    let created = server.create_payment(|when, then| {
        when.body(&expected);
        then.no_content();
    });
    let client = Client::builder()
        .base_url(server.base_url())
        .build()
        .expect("client");
    client
        .create_payment()
        .body(body())
        .send()
        .await
        .expect("the mock matches");
    created.assert_async().await;
}
