//! NASA's Astronomy Picture of the Day (`nasa.gov/apod.json`) on Prism: the
//! API key goes in the query, as its `apiKey` scheme says.

use nasa_apod::Client;

fn prism() -> String {
    std::env::var("PRISM_URL_NASA_APOD").expect("tests/tests/prism.rs starts Prism")
}

#[tokio::test]
async fn the_key_in_the_query_and_the_parameters_pass_validation() {
    let client = Client::builder()
        .base_url(prism())
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
    let client = Client::builder().base_url(prism()).build().expect("client");
    let error = client.get_apod().send().await.expect_err("refused");
    assert_eq!(
        error.status().map(|status| status.as_u16()),
        Some(401),
        "{error}"
    );
}
