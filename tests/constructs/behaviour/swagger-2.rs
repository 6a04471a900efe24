//! A Swagger 2.0 description works on the wire as its OpenAPI 3.0
//! translation says: `collectionFormat` decides how arrays are sent, a
//! `body` parameter is the JSON body, `formData` parameters are a form or a
//! multipart body (a `file` a file part), `securityDefinitions` are the
//! builder's credential setters, shared `parameters` and `responses` are
//! read where they are named, `type: file` answers are bytes, and
//! `x-nullable` makes a field accept `null`.

use futures::TryStreamExt as _;
use httpmock::prelude::*;
use swagger_2::multipart::{FilePart, UploadPhotoBody};
use swagger_2::types::{Pet, RenamePetBody};
use swagger_2::{Client, Error};

fn client(server: &MockServer) -> Client {
    Client::builder()
        .base_url(server.base_url())
        .key("k-1")
        .basic("ann", "s3cret")
        .oauth("t0ken")
        .build()
        .expect("client")
}

#[test]
fn the_servers_come_from_host_base_path_and_schemes() {
    assert_eq!(swagger_2::servers::API_EXAMPLE_COM, "https://api.example.com/v1");
    assert_eq!(Client::DEFAULT_BASE_URL, "https://api.example.com/v1");
}

#[tokio::test]
async fn query_arrays_follow_their_collection_format_and_the_key_is_sent() {
    let server = MockServer::start_async().await;
    let listed = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/pets")
                .header("x-api-key", "k-1")
                .header("x-trace", "a,b")
                .query_param("page_size", "20")
                .query_param("tags", "red")
                .query_param("tags", "blue")
                .query_param("ids", "1,2")
                .query_param("colours", "red|green");
            then.status(200)
                .header("content-type", "application/json")
                .header("x-total", "2")
                .json_body(serde_json::json!([
                    {"name": "Rex", "kind": "dog", "owner": null},
                    {"name": "Tom", "kind": "cat", "owner": "Ann"}
                ]));
        })
        .await;
    let pets = client(&server)
        .list_pets()
        .page_size(20)
        .tags(vec!["red".to_owned(), "blue".to_owned()])
        // `csv`, `pipes` and a header list are text the caller joins (a
        // warning says so).
        .ids("1,2")
        .colours("red|green")
        .x_trace("a,b")
        .send()
        .await
        .expect("listed");
    listed.assert_async().await;
    assert_eq!(pets.headers()["x-total"], "2");
    let pets = pets.into_inner();
    assert_eq!(pets[0].owner, None);
    assert_eq!(pets[1].owner.as_deref(), Some("Ann"));
}

#[tokio::test]
async fn the_body_parameter_is_the_json_body_with_basic_credentials() {
    let server = MockServer::start_async().await;
    let created = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/pets")
                .header("authorization", "Basic YW5uOnMzY3JldA==")
                .header("content-type", "application/json")
                .json_body(serde_json::json!({"name": "Rex", "kind": "dog"}));
            then.status(201)
                .header("content-type", "application/json")
                .json_body(serde_json::json!({"name": "Rex", "kind": "dog"}));
        })
        .await;
    let pet = client(&server)
        .create_pet()
        .body(Pet::builder().name("Rex").kind("dog"))
        .send()
        .await
        .expect("created")
        .into_inner();
    created.assert_async().await;
    assert_eq!(pet.name, "Rex");
}

#[tokio::test]
async fn a_shared_response_is_the_typed_error_and_oauth_sends_its_token() {
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/pets/p%201")
                .header("authorization", "Bearer t0ken");
            then.status(404)
                .header("content-type", "application/json")
                .json_body(serde_json::json!({"message": "no pet p 1"}));
        })
        .await;
    match client(&server).get_pet().id("p 1").send().await {
        Err(Error::ErrorResponse(error)) => {
            assert_eq!(error.status(), 404);
            assert_eq!(error.into_inner().message.as_deref(), Some("no pet p 1"));
        }
        other => panic!("expected the documented 404, got {other:?}"),
    }
}

#[tokio::test]
async fn form_data_parameters_are_a_form_body() {
    let server = MockServer::start_async().await;
    let renamed = server
        .mock_async(|when, then| {
            when.method(PUT)
                .path("/pets/p1")
                .header("content-type", "application/x-www-form-urlencoded")
                .form_urlencoded_tuple("name", "Rexy")
                .form_urlencoded_tuple("nicknames", "R,Rx");
            then.status(204);
        })
        .await;
    client(&server)
        .rename_pet()
        .id("p1")
        .body(
            RenamePetBody::builder()
                .name("Rexy")
                .nicknames(vec!["R".to_owned(), "Rx".to_owned()]),
        )
        .send()
        .await
        .expect("renamed");
    renamed.assert_async().await;
}

#[tokio::test]
async fn a_file_parameter_is_a_file_part_and_a_file_answer_is_bytes() {
    let server = MockServer::start_async().await;
    let uploaded = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/pets/p1/photo")
                .header_matches("content-type", "^multipart/form-data; boundary=")
                .body_includes("Content-Disposition: form-data; name=\"photo\"; filename=\"rex.png\"\r\nContent-Type: image/png\r\n\r\nPNG")
                .body_includes("Content-Disposition: form-data; name=\"caption\"\r\n\r\nRex");
            then.status(204);
        })
        .await;
    let downloaded = server
        .mock_async(|when, then| {
            when.method(GET).path("/pets/p1/photo");
            then.status(200)
                .header("content-type", "image/png")
                .body("PNG");
        })
        .await;
    let client = client(&server);
    let photo = FilePart::bytes(b"PNG".to_vec())
        .file_name("rex.png")
        .content_type("image/png");
    client
        .upload_photo()
        .id("p1")
        .body(UploadPhotoBody::new(photo).caption("Rex"))
        .send()
        .await
        .expect("uploaded");
    uploaded.assert_async().await;
    let bytes = client
        .download_photo()
        .id("p1")
        .send()
        .await
        .expect("downloaded")
        .into_inner_stream()
        .map_ok(|chunk| chunk.to_vec())
        .try_concat()
        .await
        .expect("the body");
    downloaded.assert_async().await;
    assert_eq!(&bytes[..], b"PNG");
}
