//! A user who takes the username of a request as the `String` it was (a
//! borrow would still work: the checked newtype derefs to `String`).

use widgets::types::CreateAccountRequest;

/// The username, owned, for a log record.
pub fn username(request: &CreateAccountRequest) -> String {
    request.username.clone()
}
