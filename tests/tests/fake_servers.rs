//! Every client method end to end, over real TCP, against stateful fakes
//! that implement the vendors' documented semantics (`api_tests::fakes`).

use api_tests::fakes::infinipost::{Infinipost, PARTNER_KEY, PLAIN_KEY};
use api_tests::fakes::pepipost::{API_KEY, Pepipost};
use api_tests::spec_example;
use futures::TryStreamExt as _;
use serde_json::{Value, json};

const ACCOUNTS_EXAMPLE: &str =
    "/paths/~1v1~1partners~1accounts/get/responses/200/content/application~1json/example/accounts";

fn infinipost_client(base_url: &str, key: &str) -> infinipost::Client {
    infinipost::Client::from_bearer_token_with_base_url(base_url, key).expect("client builds")
}

fn pepipost_client(base_url: &str) -> pepipost::Client {
    pepipost::Client::builder()
        .base_url(base_url)
        .bearer_token(API_KEY)
        .retry_policy(pepipost::RetryPolicy::NONE)
        .build()
        .expect("client builds")
}

/// The status and `message()` of a typed error response.
fn infinipost_failure(
    error: infinipost::Error<infinipost::types::ErrorResponse>,
) -> (u16, Option<String>, Option<String>) {
    match error {
        infinipost::Error::ErrorResponse(response) => {
            let status = response.status().as_u16();
            let body = response.into_inner();
            (status, body.message(), body.code())
        }
        other => panic!("expected a typed error response, got {other:?}"),
    }
}

fn pepipost_failure(error: pepipost::Error<pepipost::types::ErrorResponse>) -> (u16, String) {
    match error {
        pepipost::Error::ErrorResponse(response) => {
            let status = response.status().as_u16();
            (status, response.into_inner().message().unwrap_or_default())
        }
        other => panic!("expected a typed error response, got {other:?}"),
    }
}

#[tokio::test]
async fn infinipost_lists_the_documented_accounts_of_the_requested_partner_user_only() {
    let Value::Array(accounts) = spec_example("infinipost", ACCOUNTS_EXAMPLE) else {
        panic!("the example holds an array of accounts");
    };
    let server = Infinipost::new()
        .with_accounts("user_abc123", accounts)
        .with_accounts("user_other", vec![])
        .start()
        .await;
    let client = infinipost_client(&server.base_url, PARTNER_KEY);

    let listed = client
        .list_accounts()
        .partner_user_id("user_abc123")
        .send()
        .await
        .expect("the partner key lists accounts")
        .into_inner()
        .accounts;
    assert_eq!(listed.len(), 2);
    assert_eq!(listed[0].username.as_deref(), Some("fashioncreator22"));
    assert_eq!(listed[0].status, infinipost::types::AccountStatus::Ready);
    // Until day 5 of the warm-up the username is null.
    assert_eq!(listed[1].username, None);
    assert_eq!(
        listed[1].status,
        infinipost::types::AccountStatus::PendingCreation
    );

    let other = client
        .list_accounts()
        .partner_user_id("user_other")
        .send()
        .await
        .expect("an empty list is a success");
    assert!(other.into_inner().accounts.is_empty());
}

#[tokio::test]
async fn infinipost_errors_decode_in_both_documented_shapes() {
    let server = Infinipost::new().start().await;

    // 401 nested: an invalid key.
    let error = infinipost_client(&server.base_url, "sk_test_not_a_key")
        .list_accounts()
        .partner_user_id("user_abc123")
        .send()
        .await
        .expect_err("an invalid key is refused");
    assert_eq!(
        infinipost_failure(error),
        (
            401,
            Some("The API key provided is invalid".to_owned()),
            Some("invalid_api_key".to_owned())
        )
    );

    // 401 nested: no key at all (a client built without a token).
    let anonymous = infinipost::Client::builder()
        .base_url(&server.base_url)
        .build()
        .expect("a client without a token builds");
    let error = anonymous
        .list_accounts()
        .partner_user_id("user_abc123")
        .send()
        .await
        .expect_err("a missing key is refused");
    assert_eq!(
        infinipost_failure(error),
        (
            401,
            Some("No API key provided".to_owned()),
            Some("unauthorized".to_owned())
        )
    );

    // 403 flat: a valid key without partner access.
    let error = infinipost_client(&server.base_url, PLAIN_KEY)
        .list_accounts()
        .partner_user_id("user_abc123")
        .send()
        .await
        .expect_err("a key without partner access is refused");
    assert_eq!(
        infinipost_failure(error),
        (
            403,
            Some("This API key does not have partner access".to_owned()),
            None
        )
    );

    // 400 flat: the client refuses to send without the required parameter, so
    // the server's answer to a request that lacks it is checked with an empty value.
    let client = infinipost_client(&server.base_url, PARTNER_KEY);
    let missing = client.list_accounts().send().await;
    assert!(
        matches!(missing, Err(infinipost::Error::InvalidRequest(ref why)) if why.contains("partner_user_id")),
        "{missing:?}"
    );
    let error = client
        .list_accounts()
        .partner_user_id("")
        .send()
        .await
        .expect_err("an empty partnerUserId is refused");
    assert_eq!(
        infinipost_failure(error),
        (400, Some("partnerUserId is required".to_owned()), None)
    );
}

fn new_subaccount(username: &str) -> pepipost::types::builder::CreateSubaccountRequest {
    pepipost::types::CreateSubaccountRequest::builder()
        .username(username.to_owned())
        .email(format!("{username}@example.com"))
        .password("Securepassword123".to_owned())
        .credit_type(pepipost::types::CreditType::OneTimeCredit)
}

async fn create(client: &pepipost::Client, username: &str) {
    client
        .create_subaccount()
        .body(new_subaccount(username))
        .send()
        .await
        .unwrap_or_else(|error| panic!("creating {username}: {error}"));
}

/// Every subaccount as (username, disabled), read with the paginating stream.
async fn listed(client: &pepipost::Client, page_size: u64) -> Vec<(String, bool)> {
    client
        .list_subaccounts_stream(pepipost::Paging::new(page_size))
        .map_ok(|item| {
            (
                item["username"].as_str().unwrap_or_default().to_owned(),
                item["disabled"].as_bool().unwrap_or_default(),
            )
        })
        .try_collect()
        .await
        .expect("every page decodes")
}

#[tokio::test]
async fn pepipost_create_update_delete_and_list_keep_the_documented_semantics() {
    let server = Pepipost::new().start().await;
    let client = pepipost_client(&server.base_url);

    create(&client, "alpha").await;
    create(&client, "beta").await;

    // Usernames are unique under the master account.
    let duplicate = client
        .create_subaccount()
        .body(new_subaccount("alpha"))
        .send()
        .await
        .expect_err("a duplicate username is refused");
    assert_eq!(
        pepipost_failure(duplicate),
        (400, "Invalid Parameters".to_owned())
    );

    // Disabling is visible in the list; enabling again too.
    client
        .update_subaccount()
        .username("beta")
        .body(pepipost::types::UpdateSubaccountRequest::builder().disabled(true))
        .send()
        .await
        .expect("beta is disabled");
    assert_eq!(
        listed(&client, 10).await,
        [("alpha".to_owned(), false), ("beta".to_owned(), true)]
    );
    client
        .update_subaccount()
        .username("beta")
        .body(pepipost::types::UpdateSubaccountRequest::builder().disabled(false))
        .send()
        .await
        .expect("beta is enabled");
    assert_eq!(
        listed(&client, 10).await,
        [("alpha".to_owned(), false), ("beta".to_owned(), false)]
    );

    // One page read directly: the typed list call with limit and offset.
    let page = client
        .list_subaccounts()
        .limit(1)
        .offset(1)
        .send()
        .await
        .expect("a page")
        .into_inner();
    assert_eq!(
        page.get("data"),
        Some(
            &json!([{"username": "beta", "email": "beta@example.com", "credit_type": "one_time_credit", "disabled": false}])
        )
    );

    // Deleting is permanent; deleting or updating an unknown subaccount is a 404.
    client
        .delete_subaccount()
        .username("alpha")
        .send()
        .await
        .expect("alpha is deleted");
    let again = client
        .delete_subaccount()
        .username("alpha")
        .send()
        .await
        .expect_err("alpha is gone");
    assert_eq!(
        pepipost_failure(again),
        (404, "Subaccount does not exists".to_owned())
    );
    let update = client
        .update_subaccount()
        .username("nobody")
        .body(pepipost::types::UpdateSubaccountRequest::builder().disabled(true))
        .send()
        .await
        .expect_err("nobody does not exist");
    assert_eq!(pepipost_failure(update).0, 404);
    assert_eq!(listed(&client, 10).await, [("beta".to_owned(), false)]);
}

#[tokio::test]
async fn pepipost_stream_walks_every_page_and_stops_at_the_last() {
    let server = Pepipost::new().start().await;
    let client = pepipost_client(&server.base_url);
    let usernames: Vec<String> = (0..27).map(|n| format!("sub{n:02}")).collect();
    for username in &usernames {
        create(&client, username).await;
    }
    let created = server.request_count();

    for page_size in [1, 5, 10, 27, 100] {
        let names: Vec<String> = listed(&client, page_size)
            .await
            .into_iter()
            .map(|(name, _)| name)
            .collect();
        assert_eq!(names, usernames, "page size {page_size}");
    }

    // Pages of 10 over 27 items: offsets 0, 10, 20 and no request after the short page.
    let before = server.request_count();
    let _ = listed(&client, 10).await;
    assert_eq!(server.request_count() - before, 3);
    let requests = server.requests().await;
    let offsets: Vec<Vec<(String, String)>> = requests[requests.len() - 3..]
        .iter()
        .map(api_tests::RecordedRequest::query_pairs)
        .collect();
    assert_eq!(
        offsets,
        [0, 10, 20].map(|offset| vec![
            ("limit".to_owned(), "10".to_owned()),
            ("offset".to_owned(), offset.to_string())
        ])
    );
    assert!(created >= 27);
}

#[tokio::test]
async fn pepipost_stream_with_an_exact_multiple_stops_on_the_empty_page() {
    let server = Pepipost::new().start().await;
    let client = pepipost_client(&server.base_url);
    for n in 0..25 {
        create(&client, &format!("sub{n:02}")).await;
    }
    let before = server.request_count();
    assert_eq!(listed(&client, 5).await.len(), 25);
    // Five full pages, then one empty page tells the stream it is done.
    assert_eq!(server.request_count() - before, 6);
}

#[tokio::test]
async fn a_page_numbered_server_is_walked_once_the_convention_is_set() {
    // A server numbering pages from 1 (the other reading of the vendor's `offset=1`).
    let all: Vec<Value> = (0..12)
        .map(|n| json!({ "username": format!("p{n}") }))
        .collect();
    let server = api_tests::LocalServer::serve(move |request| {
        let query = request.query_pairs();
        let number = |name: &str| {
            query
                .iter()
                .find(|(key, _)| key == name)
                .and_then(|(_, value)| value.parse::<usize>().ok())
                .unwrap_or(0)
        };
        let (limit, page) = (number("limit"), number("offset"));
        let items: Vec<Value> = all
            .iter()
            .skip(page.saturating_sub(1) * limit)
            .take(limit)
            .cloned()
            .collect();
        api_tests::CannedResponse::json(200, &json!({ "subaccounts": items }))
    })
    .await;
    let client = pepipost_client(&server.base_url);
    let paging = pepipost::Paging::new(5).offsets(pepipost::OffsetConvention::Pages { first: 1 });
    let names: Vec<Value> = client
        .list_subaccounts_stream(paging)
        .try_collect()
        .await
        .expect("pages decode");
    assert_eq!(names.len(), 12);
    assert_eq!(names[11]["username"], "p11");

    // Walked with the default (item count) convention, the same server sends
    // page 5 for offset 5: a gap, but never an endless loop.
    let default_walk: Vec<Value> = client
        .list_subaccounts_stream(pepipost::Paging::new(5))
        .try_collect()
        .await
        .expect("pages decode");
    assert!(default_walk.len() < 12);
}

#[tokio::test]
async fn a_server_ignoring_the_offset_ends_the_stream_with_an_error() {
    let server = api_tests::LocalServer::serve(|_| {
        api_tests::CannedResponse::json(
            200,
            &json!({ "data": [{"username": "same"}, {"username": "again"}] }),
        )
    })
    .await;
    let client = pepipost_client(&server.base_url);
    let walk: Result<Vec<Value>, _> = client
        .list_subaccounts_stream(pepipost::Paging::new(2))
        .try_collect()
        .await;
    assert!(
        matches!(walk, Err(pepipost::Error::InvalidResponsePayload(..))),
        "{walk:?}"
    );
    assert_eq!(server.request_count(), 2);
}

/// What Prism answers for Pepipost's list, whose body the vendor does not
/// document (a free-form object): `{}`. An empty object holds no items and
/// ends the stream; an object with content but no list is an error that
/// carries the page.
#[tokio::test]
async fn an_empty_object_page_ends_the_stream_and_a_page_without_a_list_is_an_error() {
    let server =
        api_tests::LocalServer::serve(|_| api_tests::CannedResponse::json(200, &json!({}))).await;
    let client = pepipost_client(&server.base_url);
    let items: Vec<Value> = client
        .list_subaccounts_stream(pepipost::Paging::new(10))
        .try_collect()
        .await
        .expect("an empty page ends the stream");
    assert!(items.is_empty());
    assert_eq!(server.request_count(), 1);

    let server = api_tests::LocalServer::serve(|_| {
        api_tests::CannedResponse::json(200, &json!({ "message": "no subaccounts" }))
    })
    .await;
    let client = pepipost_client(&server.base_url);
    let walk: Result<Vec<Value>, _> = client
        .list_subaccounts_stream(pepipost::Paging::new(10))
        .try_collect()
        .await;
    match walk {
        Err(pepipost::Error::InvalidResponsePayload(page, _)) => {
            assert_eq!(&page[..], br#"{"message":"no subaccounts"}"#);
        }
        other => panic!("expected the page back in an error, got {other:?}"),
    }
}

#[tokio::test]
async fn pages_without_a_list_and_a_zero_page_size_are_errors_not_panics() {
    let server = api_tests::LocalServer::serve(|_| {
        api_tests::CannedResponse::json(200, &json!({ "a": [1], "b": [2] }))
    })
    .await;
    let client = pepipost_client(&server.base_url);
    let ambiguous: Result<Vec<Value>, _> = client
        .list_subaccounts_stream(pepipost::Paging::new(10))
        .try_collect()
        .await;
    assert!(
        matches!(ambiguous, Err(pepipost::Error::InvalidResponsePayload(..))),
        "{ambiguous:?}"
    );
    let zero: Result<Vec<Value>, _> = client
        .list_subaccounts_stream(pepipost::Paging::new(0))
        .try_collect()
        .await;
    assert!(
        matches!(zero, Err(pepipost::Error::InvalidRequest(_))),
        "{zero:?}"
    );
}
