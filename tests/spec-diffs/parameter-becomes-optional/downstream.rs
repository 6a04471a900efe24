//! A user's test that mocks the listing of a user held as a `String`: the
//! matcher must keep accepting a `&String` when the parameter becomes
//! optional (a generic `Into<Option<&str>>` would not).

use widgets::mock::MockServerExt as _;

/// Mocks the listing of `user`.
pub fn mock_listing(server: &httpmock::MockServer, user: &String) {
    server.list_accounts(|when, then| {
        when.partner_user_id(user);
        then.into_inner().status(200);
    });
}
