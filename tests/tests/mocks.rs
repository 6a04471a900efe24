//! The `mock` feature, used the way a downstream crate would: its own code
//! under test talks to an httpmock server through the typed helpers.

use httpmock::MockServer;
use infinipost::mock::MockServerExt as _;
use infinipost::types::{
    Account, AccountList, AccountStatus, ErrorDetail, ErrorResponse, ErrorResponseError,
};

/// Downstream code under test: the usernames of a customer's ready accounts.
async fn ready_usernames(
    client: &infinipost::Client,
    customer: &str,
) -> Result<Vec<String>, String> {
    let accounts = client
        .list_accounts()
        .partner_user_id(customer)
        .send()
        .await
        .map_err(|error| match error {
            infinipost::Error::ErrorResponse(body) => {
                body.into_inner().message().unwrap_or_default()
            }
            other => other.to_string(),
        })?
        .into_inner()
        .accounts;
    Ok(accounts
        .into_iter()
        .filter(|account| account.status == AccountStatus::Ready)
        .filter_map(|account| account.username)
        .collect())
}

// The types are `#[non_exhaustive]` (a property the API adds later must
// not break this code): values are built with their builders.
fn account(id: &str, username: Option<&str>, status: AccountStatus) -> Account {
    Account::builder()
        .account_id(id)
        .name(id)
        .set_username(username.map(str::to_owned))
        .status(status)
        .phone_id("p")
        .stripe_subscription_id("s")
        .created_at(
            "2024-04-21T19:30:00Z"
                .parse::<chrono::DateTime<chrono::Utc>>()
                .expect("date"),
        )
        .try_into()
        .expect("every required field is set")
}

#[tokio::test]
async fn downstream_code_is_tested_against_typed_mocks() {
    let server = MockServer::start_async().await;
    let list: AccountList = AccountList::builder()
        .accounts(vec![
            account("a", Some("ready_one"), AccountStatus::Ready),
            account("b", None, AccountStatus::WarmingUp),
        ])
        .try_into()
        .expect("complete");
    let mock = server.list_accounts(|when, then| {
        when.partner_user_id("user_abc123");
        then.ok(&list);
    });
    let client =
        infinipost::Client::from_bearer_token_with_base_url(&server.base_url(), "sk_test_mock")
            .expect("client");

    assert_eq!(
        ready_usernames(&client, "user_abc123").await,
        Ok(vec!["ready_one".to_owned()])
    );
    mock.assert_async().await;
}

#[tokio::test]
async fn typed_mocks_answer_documented_errors_too() {
    let server = MockServer::start_async().await;
    let detail: ErrorDetail = ErrorDetail::builder()
        .code("invalid_api_key")
        .message("The API key provided is invalid")
        .try_into()
        .expect("complete");
    let denied: ErrorResponse = ErrorResponse::builder()
        .error(ErrorResponseError::ErrorDetail(detail))
        .try_into()
        .expect("complete");
    server.list_accounts(|when, then| {
        when.partner_user_id("u");
        then.unauthorized(&denied);
    });
    let client = infinipost::Client::from_bearer_token_with_base_url(&server.base_url(), "bad")
        .expect("client");
    assert_eq!(
        ready_usernames(&client, "u").await,
        Err("The API key provided is invalid".to_owned())
    );
}

#[tokio::test]
async fn pepipost_mocks_cover_operations_without_a_documented_body() {
    use pepipost::mock::MockServerExt as _;
    let server = MockServer::start_async().await;
    let mock = server.delete_subaccount(|when, then| {
        when.username("subaccount1");
        then.success(204);
    });
    let client =
        pepipost::Client::from_bearer_token_with_base_url(&server.base_url(), "k").expect("client");
    client
        .delete_subaccount()
        .username("subaccount1")
        .send()
        .await
        .expect("deleted");
    mock.assert_async().await;
}
