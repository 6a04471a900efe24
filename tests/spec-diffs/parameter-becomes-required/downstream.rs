//! A user's test that mocks a request without `limit`: the matcher of an
//! absent parameter goes away when the parameter becomes required.

use widgets::mock::MockServerExt as _;

/// Mocks the listing a client sends without a page size.
pub fn mock_without_a_page_size(server: &httpmock::MockServer) {
    server.list_accounts(|when, then| {
        when.partner_user_id("user").limit_missing();
        then.into_inner().status(200);
    });
}
