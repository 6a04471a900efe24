//! `$ref`s that name the wrong kind of object work as their targets plainly
//! mean: a response read as the request body, a request body as the
//! response, the schema a response holds, a schema kept under
//! `components/enums`, and a schema that does not exist as any JSON value.

use httpmock::prelude::*;
use reference_to_another_kind::types::{EnumsDatatype, Model};
use reference_to_another_kind::{Client, Error};

fn client(server: &MockServer) -> Client {
    Client::builder()
        .base_url(server.base_url())
        .build()
        .expect("client")
}

#[tokio::test]
async fn the_borrowed_body_and_response_carry_the_model() {
    let server = MockServer::start_async().await;
    let stored = server
        .mock_async(|when, then| {
            when.method(PUT)
                .path("/models/m1")
                .json_body(serde_json::json!({"name": "m1", "datatype": "fp16", "tokenizer": {"any": [1]}}));
            then.status(200)
                .header("content-type", "application/json")
                .json_body(serde_json::json!({"name": "m1", "datatype": "int32"}));
        })
        .await;
    let model = client(&server)
        .put_model()
        .name("m1")
        .body(
            Model::builder()
                .name("m1")
                .datatype(EnumsDatatype::Fp16)
                .tokenizer(serde_json::json!({"any": [1]})),
        )
        .send()
        .await
        .expect("stored")
        .into_inner();
    stored.assert_async().await;
    assert_eq!(model.datatype, Some(EnumsDatatype::Int32));
}

#[tokio::test]
async fn the_schema_a_response_holds_types_the_error() {
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.method(PUT).path("/models/gone");
            then.status(404)
                .header("content-type", "application/json")
                .json_body(serde_json::json!({"detail": "no model gone"}));
        })
        .await;
    let result = client(&server)
        .put_model()
        .name("gone")
        .body(Model::builder().name("gone"))
        .send()
        .await;
    match result {
        Err(Error::ErrorResponse(error)) => {
            assert_eq!(error.into_inner().detail.as_deref(), Some("no model gone"));
        }
        other => panic!("expected the documented 404, got {other:?}"),
    }
}
