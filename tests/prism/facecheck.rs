//! FaceCheck.ID (`facecheck.id.json`) on Prism: an `apiKey` in the
//! `Authorization` header, a typed multipart body with several files, and
//! JSON bodies, query parameters and answers.

use facecheck::Client;
use facecheck::multipart::{FilePart, PostApiUploadPicBody};
use facecheck::types::SearchData;
use prism_behaviour::{assert_unauthorized, prism};

fn client() -> Client {
    Client::builder()
        .base_url(prism("facecheck"))
        .bearer("a-jwt-token")
        .build()
        .expect("client")
}

#[tokio::test]
async fn files_in_a_typed_multipart_body_pass_validation() {
    let body = PostApiUploadPicBody::new()
        .id_search("search-1")
        .images(vec![
            FilePart::bytes(b"\xff\xd8\xff\xe0JPEG".to_vec())
                .file_name("face.jpg")
                .content_type("image/jpeg"),
            FilePart::bytes(b"\x89PNG".to_vec()).file_name("face.png"),
        ]);
    let answer = client()
        .post_api_upload_pic()
        .body(body)
        .send()
        .await
        .expect("Prism accepts the upload");
    assert_eq!(answer.status(), 200);
}

#[tokio::test]
async fn the_key_in_the_header_passes_validation_and_the_answer_decodes() {
    let info = client()
        .post_api_info()
        .send()
        .await
        .expect("Prism accepts the request");
    assert_eq!(info.status(), 200);
}

#[tokio::test]
async fn a_json_body_and_query_parameters_pass_validation() {
    let search = SearchData::builder()
        .id_search("search-1")
        .with_progress(true)
        .demo(true)
        .try_into()
        .expect("a complete body");
    let results = client()
        .post_api_search()
        .body::<SearchData>(search)
        .send()
        .await
        .expect("Prism accepts the search");
    assert_eq!(results.status(), 200);
    let deleted = client()
        .post_api_delete_pic()
        .id_search("search-1")
        .id_pic("picture-2")
        .send()
        .await
        .expect("Prism accepts the deletion");
    assert_eq!(deleted.status(), 200);
}

#[tokio::test]
async fn without_the_key_prism_refuses_the_request() {
    let client = Client::builder()
        .base_url(prism("facecheck"))
        .build()
        .expect("client");
    let error = client.post_api_info().send().await.expect_err("refused");
    assert_unauthorized(error.status(), &error);
}
