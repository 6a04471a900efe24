//! Each request media type goes out encoded as declared, with its own
//! `Content-Type`: JSON chosen among several types, form fields, text, raw
//! bytes of a declared binary type, and multipart forms with their boundary.

use httpmock::prelude::*;
use request_bodies::types::{Note, ReplaceNoteByFormBody};
use request_bodies::{Client, multipart};

#[tokio::test]
async fn json_is_chosen_among_several_media_types_and_merge_patch_keeps_its_type() {
    let server = MockServer::start_async().await;
    let client = Client::builder()
        .base_url(server.base_url())
        .build()
        .expect("client");
    let create = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/notes")
                .header("content-type", "application/json")
                .json_body(serde_json::json!({"text": "hi"}));
            then.status(201);
        })
        .await;
    let patch = server
        .mock_async(|when, then| {
            when.method(PATCH)
                .path("/notes/n1")
                .header("content-type", "application/merge-patch+json")
                .json_body(serde_json::json!({"text": "hey"}));
            then.status(204);
        })
        .await;
    let note = |text: &str| Note::builder().text(text);
    client
        .create_note()
        .body(note("hi"))
        .send()
        .await
        .expect("create");
    client
        .patch_note()
        .id("n1")
        .body(note("hey"))
        .send()
        .await
        .expect("patch");
    create.assert_async().await;
    patch.assert_async().await;
}

#[tokio::test]
async fn a_media_type_range_is_never_sent_as_the_content_type() {
    let server = MockServer::start_async().await;
    let client = Client::builder()
        .base_url(server.base_url())
        .build()
        .expect("client");
    let search = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/searches")
                .header("content-type", "application/json")
                .json_body(serde_json::json!({"text": "milk"}));
            then.status(204);
        })
        .await;
    client
        .search_notes()
        .body(Note::builder().text("milk"))
        .send()
        .await
        .expect("searched");
    search.assert_async().await;
}

#[tokio::test]
async fn form_text_and_binary_bodies_are_sent_as_declared() {
    let server = MockServer::start_async().await;
    let client = Client::builder()
        .base_url(server.base_url())
        .build()
        .expect("client");
    let form = server
        .mock_async(|when, then| {
            when.method(PUT)
                .path("/notes/n1/form")
                .header("content-type", "application/x-www-form-urlencoded")
                .form_urlencoded_tuple("text", "a b&c")
                .form_urlencoded_tuple("pinned", "true");
            then.status(204);
        })
        .await;
    let markdown = server
        .mock_async(|when, then| {
            when.method(PUT)
                .path("/notes/n1")
                .header("content-type", "text/markdown")
                .body("# Title");
            then.status(204);
        })
        .await;
    let image = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/images")
                .header("content-type", "image/jpeg")
                .body("JFIF\u{0}image");
            then.status(201);
        })
        .await;
    client
        .replace_note_by_form()
        .id("n1")
        .body(ReplaceNoteByFormBody::builder().text("a b&c").pinned(true))
        .send()
        .await
        .expect("form");
    client
        .replace_note_text()
        .id("n1")
        .body("# Title")
        .send()
        .await
        .expect("text");
    client
        .upload_image()
        .body(b"JFIF\0image".to_vec())
        .send()
        .await
        .expect("image");
    form.assert_async().await;
    markdown.assert_async().await;
    image.assert_async().await;
}

#[tokio::test]
async fn a_multipart_form_goes_out_with_its_boundary_and_parts() {
    let server = MockServer::start_async().await;
    let client = Client::builder()
        .base_url(server.base_url())
        .build()
        .expect("client");
    let upload = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/attachments")
                .header_matches(
                    "content-type",
                    "^multipart/form-data; boundary=[-0-9a-zA-Z]+$",
                )
                .body_includes(
                    "Content-Disposition: form-data; name=\"caption\"\r\n\r\nholiday\r\n",
                )
                .body_includes(
                    "Content-Disposition: form-data; name=\"file\"; filename=\"beach.jpg\"",
                )
                .body_includes("JPEGDATA");
            then.status(201);
        })
        .await;
    let form = multipart::Form::new().text("caption", "holiday").part(
        "file",
        multipart::Part::bytes(b"JPEGDATA".to_vec()).file_name("beach.jpg"),
    );
    client
        .upload_attachment()
        .body(form)
        .send()
        .await
        .expect("multipart upload");
    upload.assert_async().await;
}

#[tokio::test]
async fn an_upload_can_come_from_a_stream_and_a_download_goes_out_as_one() {
    let server = MockServer::start_async().await;
    let stored = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/blobs")
                .header("content-type", "application/octet-stream")
                .body("first chunk, second chunk");
            then.status(201);
        })
        .await;
    let client = Client::builder()
        .base_url(server.base_url())
        .build()
        .expect("client");
    // The file is never whole in memory: the body reads the stream as it goes.
    let chunks: Vec<Result<&'static str, std::io::Error>> =
        vec![Ok("first chunk, "), Ok("second chunk")];
    client
        .upload_blob()
        .body(reqwest::Body::wrap_stream(futures::stream::iter(chunks)))
        .send()
        .await
        .expect("streamed upload");
    stored.assert_async().await;
}
