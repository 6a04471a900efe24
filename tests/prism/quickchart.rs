//! QuickChart (`quickchart.io.json`) on Prism: images downloaded as bytes,
//! from query parameters and from a JSON body.

use futures::TryStreamExt as _;
use prism_behaviour::prism;
use quickchart::Client;
use quickchart::types::{PostChartBody, PostQrBody};

fn client() -> Client {
    Client::builder()
        .base_url(prism("quickchart"))
        .build()
        .expect("client")
}

/// The body of a download, read to its end.
async fn read(body: quickchart::ByteStream) -> Vec<u8> {
    let chunks: Vec<_> = body
        .into_inner()
        .try_collect()
        .await
        .expect("the body reads");
    chunks.concat()
}

#[tokio::test]
async fn a_qr_code_from_query_parameters_downloads() {
    let image = client()
        .get_qr()
        .text("https://example.com")
        .width(200)
        .margin(2)
        .format("png")
        .send()
        .await
        .expect("Prism accepts the request");
    assert_eq!(image.status(), 200);
    let bytes = read(image.into_inner()).await;
    assert!(!bytes.is_empty());
}

#[tokio::test]
async fn a_qr_code_from_a_json_body_downloads() {
    let body = PostQrBody::builder()
        .text("hello")
        .format("svg")
        .try_into()
        .expect("a complete body");
    let image = client()
        .post_qr()
        .body::<PostQrBody>(body)
        .send()
        .await
        .expect("Prism accepts the request");
    assert_eq!(image.status(), 200);
    assert!(!read(image.into_inner()).await.is_empty());
}

#[tokio::test]
async fn a_chart_from_query_parameters_and_from_a_json_body_downloads() {
    let image = client()
        .get_chart()
        .chart("{type:'bar',data:{labels:['a','b'],datasets:[{data:[1,2]}]}}")
        .width(500)
        .height(300)
        .format("png")
        .background_color("white")
        .send()
        .await
        .expect("Prism accepts the request");
    assert_eq!(image.status(), 200);
    assert!(!read(image.into_inner()).await.is_empty());
    let chart =
        serde_json::json!({"type": "bar", "data": {"labels": ["a"], "datasets": [{"data": [1]}]}});
    let body = PostChartBody::builder()
        .chart(chart.as_object().expect("an object").clone())
        .width(500)
        .try_into()
        .expect("a complete body");
    let image = client()
        .post_chart()
        .body::<PostChartBody>(body)
        .send()
        .await
        .expect("Prism accepts the request");
    assert_eq!(image.status(), 200);
    assert!(!read(image.into_inner()).await.is_empty());
}
