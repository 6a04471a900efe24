//! A user who sets the initial password of a new account.

use widgets::types::{CreateAccountRequest, Plan};

/// A request that opens an account with a password.
pub fn with_password(
    username: &str,
    password: &str,
) -> widgets::types::builder::CreateAccountRequest {
    CreateAccountRequest::builder()
        .username(username)
        .email("owner@example.com")
        .plan(Plan::Free)
        .password(password)
}
