//! NASA's Astronomy Picture of the Day (`nasa.gov/apod.json`) on Prism: the
//! API key goes in the query, as its `apiKey` scheme says.

use nasa_apod::Client;
use prism_behaviour::{assert_unauthorized, prism};

#[tokio::test]
async fn the_key_in_the_query_and_the_parameters_pass_validation() {
    let client = Client::builder()
        .base_url(prism("nasa_apod"))
        .api_key("DEMO_KEY")
        .build()
        .expect("client");
    let pictures = client
        .get_apod()
        .date("2026-01-01")
        .hd(true)
        .send()
        .await
        .expect("Prism accepts the request");
    assert_eq!(pictures.status(), 200);
}

#[tokio::test]
async fn without_the_key_prism_refuses_the_request() {
    let client = Client::builder()
        .base_url(prism("nasa_apod"))
        .build()
        .expect("client");
    let error = client.get_apod().send().await.expect_err("refused");
    assert_unauthorized(error.status(), &error);
}
