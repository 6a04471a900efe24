//! A user's test that mocks the documented 403 of the listing.

use widgets::mock::MockServerExt as _;
use widgets::types::ErrorResponse;

/// Mocks a refused listing.
pub fn mock_forbidden(server: &httpmock::MockServer, error: &ErrorResponse) {
    server.list_accounts(|when, then| {
        when.partner_user_id("user");
        then.forbidden(error);
    });
}
