//! A typed multipart body goes out part by part as its schema and
//! `encoding` say: files with their file name and content type (in memory
//! or streamed), text, numbers and booleans as text, enums as their value,
//! objects as JSON, arrays as one part per item, absent parts left out.

use std::collections::HashMap;

use httpmock::prelude::*;
use multipart_bodies::multipart::{FilePart, UploadPhotoBody};
use multipart_bodies::types::{Album, UploadPhotoLocation, UploadPhotoVisibility};
use multipart_bodies::{Client, Error};

fn client(server: &MockServer) -> Client {
    Client::builder()
        .base_url(server.base_url())
        .build()
        .expect("client")
}

/// The text of one part: its headers, a blank line, its content.
fn part(name: &str, headers: &str, content: &str) -> String {
    format!("Content-Disposition: form-data; name=\"{name}\"{headers}\r\n\r\n{content}\r\n")
}

#[tokio::test]
async fn every_part_goes_out_encoded_as_its_schema_says() {
    let server = MockServer::start_async().await;
    let expected = [
        part(
            "photo",
            "; filename=\"beach.png\"\r\nContent-Type: image/png",
            "PNGDATA",
        ),
        part("caption", "", "At the beach"),
        part("rating", "", "5"),
        part("public", "", "true"),
        part("tags", "", "sea"),
        part("tags", "", "sun"),
        part("visibility", "", "friends"),
        part(
            "location",
            "\r\nContent-Type: application/json",
            "{\"lat\":43.5,\"lon\":7.25}",
        ),
        part(
            "album",
            "\r\nContent-Type: application/json",
            "{\"name\":\"Summer\",\"year\":2026}",
        ),
        part(
            "thumbnails",
            "; filename=\"small.jpg\"\r\nContent-Type: image/jpeg",
            "SMALL",
        ),
        part(
            "thumbnails",
            "; filename=\"thumbnails\"\r\nContent-Type: application/octet-stream",
            "STREAMED",
        ),
        part(
            "settings",
            "\r\nContent-Type: application/json",
            "{\"filter\":\"sepia\"}",
        ),
    ];
    let upload = server
        .mock_async(|when, then| {
            let mut when = when.method(POST).path("/photos").header_matches(
                "content-type",
                "^multipart/form-data; boundary=[-0-9a-zA-Z]+$",
            );
            for part in &expected {
                when = when.body_includes(part.as_str());
            }
            then.status(201).json_body(serde_json::json!({"id": "p1"}));
        })
        .await;
    let photo = FilePart::bytes(b"PNGDATA".to_vec()).file_name("beach.png");
    let streamed = FilePart::stream(futures::stream::iter([Ok::<_, std::io::Error>(
        b"STREAMED".to_vec(),
    )]));
    let body = UploadPhotoBody::new(photo, "At the beach")
        .rating(5)
        .public(true)
        .tags(vec!["sea".to_owned(), "sun".to_owned()])
        .visibility(UploadPhotoVisibility::Friends)
        .location(
            UploadPhotoLocation::builder()
                .lat(43.5)
                .lon(7.25)
                .try_into()
                .expect("complete"),
        )
        .album(
            Album::builder()
                .name("Summer")
                .year(2026)
                .try_into()
                .expect("complete"),
        )
        .thumbnails(vec![
            FilePart::bytes(b"SMALL".to_vec())
                .file_name("small.jpg")
                .content_type("image/jpeg"),
            streamed,
        ])
        .settings(HashMap::from([("filter".to_owned(), "sepia".to_owned())]).into());
    let stored = client(&server)
        .upload_photo()
        .body(body)
        .send()
        .await
        .expect("uploaded");
    assert_eq!(stored.id.as_deref(), Some("p1"));
    upload.assert_async().await;
}

#[tokio::test]
async fn parts_left_unset_are_not_sent() {
    let server = MockServer::start_async().await;
    let upload = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/photos")
                .body_includes(part("caption", "", "Only this"))
                .body_includes("name=\"photo\"; filename=\"photo\"")
                .body_excludes("name=\"rating\"")
                .body_excludes("name=\"tags\"")
                .body_excludes("name=\"thumbnails\"")
                .body_excludes("name=\"type\"");
            then.status(201).json_body(serde_json::json!({}));
        })
        .await;
    let body = UploadPhotoBody::new(FilePart::bytes(Vec::new()), "Only this");
    client(&server)
        .upload_photo()
        .body(body)
        .send()
        .await
        .expect("uploaded");
    upload.assert_async().await;
}

#[tokio::test]
async fn a_bad_content_type_is_an_invalid_request_naming_the_part() {
    let server = MockServer::start_async().await;
    let upload = server
        .mock_async(|when, then| {
            when.method(POST).path("/photos");
            then.status(201);
        })
        .await;
    let photo = FilePart::bytes(b"PNG".to_vec()).content_type("not a media type");
    let error = client(&server)
        .upload_photo()
        .body(UploadPhotoBody::new(photo, "Broken"))
        .send()
        .await
        .expect_err("refused before sending");
    match error {
        Error::InvalidRequest(message) => {
            assert!(message.contains("`photo`"), "{message}");
            assert!(message.contains("not a media type"), "{message}");
        }
        other => panic!("expected an invalid request, got {other:?}"),
    }
    upload.assert_calls_async(0).await;
}

#[tokio::test]
async fn a_property_named_like_the_constructor_gets_another_setter_name() {
    let server = MockServer::start_async().await;
    let replace = server
        .mock_async(|when, then| {
            when.method(PUT)
                .path("/documents")
                .body_includes(part("new", "", "yes"));
            then.status(204);
        })
        .await;
    let body = multipart_bodies::multipart::ReplaceDocumentBody::new().new2("yes");
    client(&server)
        .replace_document()
        .body(body)
        .send()
        .await
        .expect("replaced");
    replace.assert_async().await;
}

#[tokio::test]
async fn the_typed_mock_matches_a_multipart_body_by_its_parts() {
    use multipart_bodies::mock::MockServerExt as _;
    use multipart_bodies::types::UploadPhotoResponse;

    let server = MockServer::start_async().await;
    let stored: UploadPhotoResponse = UploadPhotoResponse::builder()
        .id("p9")
        .try_into()
        .expect("complete");
    let upload = server.upload_photo(|when, then| {
        when.part("photo").part("caption");
        then.created(&stored);
    });
    let body = UploadPhotoBody::new(FilePart::bytes(b"PNG".to_vec()), "Hi");
    let answer = client(&server)
        .upload_photo()
        .body(body)
        .send()
        .await
        .expect("the mock matches");
    assert_eq!(answer.id.as_deref(), Some("p9"));
    upload.assert_async().await;
}
