//! Path and query values arrive intact: one path segment per path parameter,
//! whatever it contains, and query values with `&` and `=` unharmed.

use api_tests::{CannedResponse, LocalServer, decode_path_segment, spec_example};
use serde_json::json;

const TOKEN: &str = "sk_test_encoding";

#[tokio::test]
async fn a_username_with_reserved_and_non_ascii_characters_stays_one_path_segment() {
    let username = "a/b?c#d%e f✓..";
    let server = LocalServer::start(CannedResponse::json(200, &json!({}))).await;
    let client =
        pepipost::Client::from_bearer_token_with_base_url(&server.base_url, TOKEN).expect("client");
    client
        .delete_subaccount()
        .username(username)
        .send()
        .await
        .expect("deleted");

    let request = server.request().await;
    let segments: Vec<&str> = request.path.trim_start_matches('/').split('/').collect();
    assert_eq!(segments.len(), 3, "{}", request.path);
    assert_eq!(segments[..2], ["v6", "subaccounts"]);
    assert_eq!(decode_path_segment(segments[2]), username);
    assert_eq!(request.query, None, "`?` must not start a query");
}

#[tokio::test]
async fn dot_segments_and_empty_usernames_are_refused_before_sending() {
    // Nothing listens here: a request that went out would fail to connect instead.
    let client = pepipost::Client::from_bearer_token_with_base_url("http://127.0.0.1:9", TOKEN)
        .expect("client");
    for username in ["..", ".", ""] {
        let error = client
            .delete_subaccount()
            .username(username)
            .send()
            .await
            .expect_err("refused");
        assert!(
            matches!(error, pepipost::Error::InvalidRequest(_)),
            "{username:?}: {error:?}"
        );
    }
}

#[tokio::test]
async fn a_partner_user_id_with_ampersands_and_equals_signs_arrives_intact() {
    let partner_user_id = "user&admin=true a+b/é";
    let example = spec_example(
        "infinipost",
        "/paths/~1v1~1partners~1accounts/get/responses/200/content/application~1json/example",
    );
    let server = LocalServer::start(CannedResponse::json(200, &example)).await;
    let client = infinipost::Client::from_bearer_token_with_base_url(&server.base_url, TOKEN)
        .expect("client");
    client
        .list_accounts()
        .partner_user_id(partner_user_id)
        .send()
        .await
        .expect("listed");

    let request = server.request().await;
    assert_eq!(
        request.query_pairs(),
        [("partnerUserId".to_owned(), partner_user_id.to_owned())]
    );
}
