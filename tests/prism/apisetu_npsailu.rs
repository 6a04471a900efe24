//! An API Setu certificate service (`apisetu.gov.in/npsailu.json`) on
//! Prism: two `apiKey` headers required together, a JSON body, and a PDF
//! answer read as a stream of bytes.

use apisetu_npsailu::Client;
use apisetu_npsailu::types::NdcerBody;
use futures::TryStreamExt as _;
use prism_behaviour::{assert_unauthorized, prism};

fn body() -> NdcerBody {
    serde_json::from_value(serde_json::json!({
        "txnId": "f7f1469c-29b0-4325-9dfc-c567200a70f7",
        "format": "pdf",
        "certificateParameters": {"appid": "YU54ERS98"},
    }))
    .expect("a valid body")
}

#[tokio::test]
async fn both_keys_and_a_json_body_pass_validation_and_the_pdf_streams() {
    let client = Client::builder()
        .base_url(prism("apisetu_npsailu"))
        .api_key("key")
        .client_id("client")
        .build()
        .expect("client");
    let certificate = client
        .ndcer()
        .body(body())
        .send()
        .await
        .expect("Prism accepts the request");
    assert_eq!(certificate.status(), 200);
    let content_type = certificate
        .headers()
        .get("content-type")
        .and_then(|value| value.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    assert!(
        content_type.starts_with("application/pdf"),
        "{content_type}"
    );
    let chunks: Vec<_> = certificate
        .into_inner()
        .into_inner()
        .try_collect()
        .await
        .expect("the body reads");
    assert!(chunks.iter().map(|chunk| chunk.len()).sum::<usize>() > 0);
}

#[tokio::test]
async fn one_key_of_the_two_is_refused() {
    let client = Client::builder()
        .base_url(prism("apisetu_npsailu"))
        .api_key("key")
        .build()
        .expect("client");
    let Err(error) = client.ndcer().body(body()).send().await else {
        panic!("Prism should refuse a request with one of its two keys");
    };
    assert_unauthorized(error.status(), &error);
}
