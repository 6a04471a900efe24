//! Parameters go out as their style says: a `deepObject` query object as
//! `name[property]=value`, cookie parameters together in one `Cookie` header,
//! a nullable header as a plain one, and the generated mocks match them the
//! same way.

use httpmock::prelude::*;
use parameters::Client;
use parameters::mock::MockServerExt;
use parameters::types::SearchTheme;

#[tokio::test]
async fn deep_objects_and_cookies_are_sent_as_their_style_says() {
    let server = MockServer::start_async().await;
    let client = Client::builder()
        .base_url(server.base_url())
        .build()
        .expect("client");
    let search = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/search")
                .query_param("page[size]", "20")
                .query_param("page[after]", "k9")
                .header("if-match", "e-1")
                .header("cookie", "SESSIONID=s3cr3t; theme=dark");
            then.status(204);
        })
        .await;
    client
        .search()
        .page_size(20)
        .page_after("k9")
        .if_match("e-1")
        .sessionid("s3cr3t")
        .theme(SearchTheme::Dark)
        .send()
        .await
        .expect("search");
    search.assert_async().await;

    let only_session = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/search")
                .query_param("page[size]", "5")
                .query_param_missing("page[after]")
                .header("cookie", "SESSIONID=abc");
            then.status(204);
        })
        .await;
    client
        .search()
        .page_size(5)
        .sessionid("abc")
        .send()
        .await
        .expect("search without the optional parts");
    only_session.assert_async().await;
}

#[tokio::test]
async fn the_generated_mocks_match_cookies_as_cookies() {
    let server = MockServer::start_async().await;
    let client = Client::builder()
        .base_url(server.base_url())
        .build()
        .expect("client");
    let mock = server.search(|when, then| {
        when.page_size(7).sessionid("abc").theme(SearchTheme::Light);
        then.no_content();
    });
    client
        .search()
        .page_size(7)
        .sessionid("abc")
        .theme(SearchTheme::Light)
        .send()
        .await
        .expect("matched by the typed mock");
    mock.assert_async().await;
}

#[tokio::test]
async fn the_generated_mocks_match_a_path_parameter_as_the_client_encodes_it() {
    let server = MockServer::start_async().await;
    let client = Client::builder()
        .base_url(server.base_url())
        .build()
        .expect("client");
    // Characters a regular expression or a URL would read as syntax.
    let name = "a b+(c)?.";
    let exact = server.get_file(|when, then| {
        when.file(name);
        then.no_content();
    });
    let other = server.get_file(|when, then| {
        when.file("a b+(c)?x");
        then.no_content();
    });
    client
        .get_file()
        .file(name)
        .send()
        .await
        .expect("matched by the typed mock");
    exact.assert_async().await;
    assert_eq!(other.calls_async().await, 0);
}
