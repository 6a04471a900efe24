//! WebScraping.AI (`webscraping.ai.json`, OpenAPI 3.1) on Prism: the API key
//! in the query, an HTML answer read as text with the operation's typed
//! errors, and a JSON answer.

use prism_behaviour::{assert_unauthorized, prism};
use webscraping_ai::Client;

fn client() -> Client {
    Client::builder()
        .base_url(prism("webscraping_ai"))
        .api_key("key")
        .build()
        .expect("client")
}

#[tokio::test]
async fn a_page_reads_as_text() {
    let page = client()
        .get_html()
        .url("https://example.com")
        .js(false)
        .send_text()
        .await
        .expect("Prism accepts the request");
    assert_eq!(page.status(), 200);
    assert!(page.into_inner().contains("Example Domain"));
}

#[tokio::test]
async fn the_account_decodes() {
    let account = client()
        .account()
        .send()
        .await
        .expect("Prism accepts the request");
    assert_eq!(account.status(), 200);
}

#[tokio::test]
async fn without_the_key_prism_refuses_the_request() {
    let client = Client::builder()
        .base_url(prism("webscraping_ai"))
        .build()
        .expect("client");
    let error = client
        .get_html()
        .url("https://example.com")
        .send_text()
        .await
        .expect_err("refused");
    assert_unauthorized(error.status(), &error);
}
