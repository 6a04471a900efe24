//! What a user of the `widgets` crate writes, the way its README and docs
//! show: every spec-review case of `widgets` checks that this still
//! compiles against the crate generated from its `after.yaml` unless the
//! review calls the change breaking. It touches the API's surface the way
//! real code does: builders, setters given borrowed and owned values,
//! fields read, patterns with `..`, `match`es with a wildcard, typed mocks
//! fed a `&String`, errors matched by kind.

use widgets::mock::MockServerExt as _;
use widgets::types::{Account, AccountList, AccountStatus, CreateAccountRequest, ErrorResponse};
use widgets::{Client, Error};

/// A client for the sandbox, from a token the caller holds.
pub fn sandbox(token: String) -> Client {
    Client::builder()
        .base_url(widgets::servers::SANDBOX)
        .bearer_auth(token)
        .build()
        .expect("a valid base URL")
}

/// The names of a user's active accounts, one page at a time.
pub async fn active_names(
    client: &Client,
    user: &String,
    page: i64,
) -> Result<Vec<String>, Error<ErrorResponse>> {
    let list: AccountList = client
        .list_accounts()
        .partner_user_id(user)
        .limit(50)
        .offset(page * 50)
        .send()
        .await?
        .into_inner();
    Ok(list
        .accounts
        .into_iter()
        .filter(|account| account.status == AccountStatus::Active)
        .map(|account| account.name)
        .collect())
}

/// One line about an account.
pub fn describe(account: &Account) -> String {
    let Account {
        id,
        username,
        status,
        created_at,
        ..
    } = account;
    let state = match status {
        AccountStatus::Pending => "pending",
        AccountStatus::Active => "active",
        AccountStatus::Cancelled => "cancelled",
        _ => "other",
    };
    let since = created_at.map(|time| time.to_rfc3339()).unwrap_or_default();
    format!(
        "{id} {} {state} {since}",
        username.as_deref().unwrap_or("-")
    )
}

/// Opens an account; the error's message when the API refuses.
pub async fn open(client: &Client, username: &str, email: String) -> Result<Account, String> {
    let request = CreateAccountRequest::builder()
        .username(username)
        .email(email)
        .plan(widgets::types::Plan::Pro);
    match client.create_account().body(request).send().await {
        Ok(created) => Ok(created.into_inner()),
        Err(Error::ErrorResponse(refusal)) => {
            Err(refusal.into_inner().message().unwrap_or_default())
        }
        Err(other) => Err(other.to_string()),
    }
}

/// Closes an account for good.
pub async fn close(client: &Client, id: &String) -> Result<(), Error<ErrorResponse>> {
    client.delete_account().id(id).send().await?;
    Ok(())
}

/// A mock of the first page of `user`'s accounts, for the user's own tests.
pub fn mock_first_page(server: &httpmock::MockServer, user: &String, accounts: Vec<Account>) {
    let page: AccountList = AccountList::builder()
        .accounts(accounts)
        .try_into()
        .expect("complete");
    server.list_accounts(|when, then| {
        when.partner_user_id(user).limit(50).offset(0);
        then.ok(&page);
    });
}

/// An account for the user's tests.
pub fn test_account(id: &str) -> Account {
    Account::builder()
        .id(id)
        .name("Test")
        .username("test")
        .status(AccountStatus::Active)
        .try_into()
        .expect("complete")
}
