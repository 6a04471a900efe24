//! Each documented status of an operation with several bodies decodes into
//! its own variant; the method names and types are those the spec implies.

use httpmock::prelude::*;
use responses::types::{
    CreateWidgetError, CreateWidgetSuccess, ExportWidgetSuccess, GetWidgetSuccess, Widget,
};
use responses::{Client, Error, types};
use serde_json::json;

fn widget() -> Widget {
    Widget::builder()
        .id("w1")
        .size(3)
        .try_into()
        .expect("complete")
}

#[tokio::test]
async fn each_success_status_decodes_into_its_variant() {
    let server = MockServer::start_async().await;
    let client = Client::builder()
        .base_url(server.base_url())
        .build()
        .expect("client");
    for (id, status, body, expected) in [
        (
            "a",
            200,
            Some(json!({"id": "w1", "size": 3})),
            CreateWidgetSuccess::Ok(widget()),
        ),
        (
            "b",
            201,
            Some(json!({"location": "/widgets/b"})),
            CreateWidgetSuccess::Created(
                responses::types::CreateWidgetCreated::builder()
                    .location("/widgets/b")
                    .try_into()
                    .expect("complete"),
            ),
        ),
        ("c", 202, None, CreateWidgetSuccess::Accepted),
    ] {
        let mock = server
            .mock_async(|when, then| {
                when.method(POST)
                    .path("/widgets")
                    .json_body_includes(json!({"id": id}).to_string());
                let then = then.status(status);
                if let Some(body) = body {
                    then.json_body(body);
                }
            })
            .await;
        let response = client
            .create_widget()
            .body(Widget::builder().id(id))
            .send()
            .await
            .unwrap_or_else(|error| panic!("status {status}: {error}"));
        assert_eq!(response.status().as_u16(), status);
        assert_eq!(response.into_inner(), expected, "status {status}");
        mock.assert_async().await;
    }
}

/// The status and body of the documented error `create_widget` answers for `id`.
async fn error_of(client: &Client, id: &str) -> (u16, CreateWidgetError) {
    let request = client.create_widget().body(Widget::builder().id(id));
    match request.send().await {
        Err(Error::ErrorResponse(response)) => (response.status().as_u16(), response.into_inner()),
        other => panic!("{id}: expected a documented error, got {other:?}"),
    }
}

#[tokio::test]
async fn each_error_status_decodes_into_its_variant_whatever_its_json_flavour() {
    let server = MockServer::start_async().await;
    let client = Client::builder()
        .base_url(server.base_url())
        .build()
        .expect("client");
    server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/widgets")
                .json_body_includes(r#"{"id":"bad"}"#);
            then.status(400)
                .header("content-type", "application/problem+json")
                .body(r#"{"title":"bad id","status":400}"#);
        })
        .await;
    server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/widgets")
                .json_body_includes(r#"{"id":"anon"}"#);
            then.status(401)
                .header("content-type", "text/plain")
                .body("sign in");
        })
        .await;
    server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/widgets")
                .json_body_includes(r#"{"id":"fast"}"#);
            then.status(429)
                .header("content-type", "application/vnd.example.rate+json")
                .body(r#"{"retry_after_seconds":7}"#);
        })
        .await;

    let (status, body) = error_of(&client, "bad").await;
    assert_eq!(status, 400);
    let CreateWidgetError::BadRequest(problem) = body else {
        panic!("400 decoded as {body:?}")
    };
    assert_eq!(problem.title.as_deref(), Some("bad id"));
    assert_eq!(
        error_of(&client, "anon").await.1,
        CreateWidgetError::Unauthorized(b"sign in".to_vec())
    );
    let (_, body) = error_of(&client, "fast").await;
    let CreateWidgetError::TooManyRequests(limited) = body else {
        panic!("429 decoded as {body:?}")
    };
    assert_eq!(limited.retry_after_seconds, Some(7));
}

#[tokio::test]
async fn a_body_next_to_no_body_and_untyped_bodies_decode_by_status() {
    let server = MockServer::start_async().await;
    let client = Client::builder()
        .base_url(server.base_url())
        .build()
        .expect("client");
    server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/widgets/full")
                .query_param("_response", "full");
            then.status(200).json_body(json!({"id": "w1", "size": 3}));
        })
        .await;
    server
        .mock_async(|when, then| {
            when.method(GET).path("/widgets/empty");
            then.status(204);
        })
        .await;
    let full = client
        .get_widget()
        .id("full")
        .response("full")
        .send()
        .await
        .expect("200");
    assert_eq!(full.into_inner(), GetWidgetSuccess::Ok(widget()));
    let empty = client.get_widget().id("empty").send().await.expect("204");
    assert_eq!(empty.into_inner(), GetWidgetSuccess::NoContent);

    server
        .mock_async(|when, then| {
            when.method(GET).path("/widgets/csv/export");
            then.status(200)
                .header("content-type", "text/csv")
                .body("id,size\nw1,3\n");
        })
        .await;
    server
        .mock_async(|when, then| {
            when.method(GET).path("/widgets/part/export");
            then.status(206).json_body(json!({"partial": true}));
        })
        .await;
    server
        .mock_async(|when, then| {
            when.method(GET).path("/widgets/other/export");
            then.status(203);
        })
        .await;
    let csv = client.export_widget().id("csv").send().await.expect("200");
    assert_eq!(
        csv.into_inner(),
        ExportWidgetSuccess::Ok(b"id,size\nw1,3\n".to_vec())
    );
    let part = client.export_widget().id("part").send().await.expect("206");
    let ExportWidgetSuccess::PartialContent(value) = part.into_inner() else {
        panic!("206 is not PartialContent")
    };
    assert_eq!(
        serde_json::to_value(value).expect("json"),
        json!({"partial": true})
    );
    let other = client
        .export_widget()
        .id("other")
        .send()
        .await
        .expect("203");
    assert_eq!(other.into_inner(), ExportWidgetSuccess::Status2xx);
}

#[tokio::test]
async fn default_is_the_error_beside_a_success_and_the_success_alone() {
    let server = MockServer::start_async().await;
    let client = Client::builder()
        .base_url(server.base_url())
        .build()
        .expect("client");
    server
        .mock_async(|when, then| {
            when.method(GET).path("/widgets");
            then.status(500)
                .header("content-type", "application/problem+json")
                .body(r#"{"title":"down"}"#);
        })
        .await;
    server
        .mock_async(|when, then| {
            when.method(DELETE).path("/widgets/w1");
            then.status(200).json_body(json!({"id": "w1", "size": 3}));
        })
        .await;
    match client.list_widgets().send().await {
        Err(Error::ErrorResponse(response)) => {
            assert_eq!(response.status().as_u16(), 500);
            assert_eq!(response.into_inner().title.as_deref(), Some("down"));
        }
        other => panic!("expected the default error, got {other:?}"),
    }
    let deleted = client
        .delete_widget()
        .id("w1")
        .send()
        .await
        .expect("default success");
    assert_eq!(deleted.into_inner(), widget());
}

#[tokio::test]
async fn a_text_answer_reads_as_a_string() {
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.method(GET).path("/widgets/w1/readme");
            then.status(200)
                .header("content-type", "text/plain; charset=utf-8")
                .body("Größe: 3 ✓\n");
        })
        .await;
    let client = Client::builder()
        .base_url(server.base_url())
        .build()
        .expect("client");
    let readme = client
        .get_widget_readme()
        .id("w1")
        .send_text()
        .await
        .expect("text");
    assert_eq!(readme.status(), 200);
    assert_eq!(readme.into_inner(), "Größe: 3 ✓\n");
}

#[tokio::test]
async fn a_text_answer_keeps_the_typed_errors_of_its_operation() {
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.method(GET).path("/widgets/w2/readme");
            then.status(404)
                .header("content-type", "application/problem+json")
                .json_body(serde_json::json!({"title": "no such widget", "status": 404}));
        })
        .await;
    let client = Client::builder()
        .base_url(server.base_url())
        .build()
        .expect("client");
    let error = client
        .get_widget_readme()
        .id("w2")
        .send_text()
        .await
        .expect_err("not found");
    match error {
        Error::ErrorResponse(response) => match response.into_inner() {
            types::GetWidgetReadmeError::NotFound(problem) => {
                assert_eq!(problem.title.as_deref(), Some("no such widget"));
            }
            other => panic!("expected the 404 variant, got {other:?}"),
        },
        other => panic!("expected a documented error, got {other:?}"),
    }
}
