//! A user who reads back the address of a request before sending it.

use widgets::types::CreateAccountRequest;

/// The domain the request's address belongs to.
pub fn domain(request: &CreateAccountRequest) -> &str {
    request.email.rsplit('@').next().unwrap_or_default()
}
