//! A user who builds a request, reads it back and matches it: a new
//! optional property must not break any of it.

use widgets::types::{CreateAccountRequest, Plan};

/// A request for a free account.
pub fn free(username: &str, email: &str) -> CreateAccountRequest {
    CreateAccountRequest::builder()
        .username(username)
        .email(email)
        .plan(Plan::Free)
        .try_into()
        .expect("complete")
}

/// Whether a request pays.
pub fn pays(request: &CreateAccountRequest) -> bool {
    let CreateAccountRequest { plan, .. } = request;
    *plan != Plan::Free
}
