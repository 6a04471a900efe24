//! A user who passes the tenant, held as a `String`, to the request and to
//! the typed mock: both must keep compiling when the header becomes
//! optional.

use widgets::Client;
use widgets::mock::MockServerExt as _;

/// Lists the accounts of `user` in `tenant`.
pub async fn list(client: &Client, tenant: &String, user: &str) -> usize {
    client
        .list_accounts()
        .x_tenant(tenant)
        .partner_user_id(user)
        .send()
        .await
        .map(|page| page.into_inner().accounts.len())
        .unwrap_or_default()
}

/// Mocks the listing of `user` in `tenant`.
pub fn mock_listing(server: &httpmock::MockServer, tenant: &String, user: &str) {
    server.list_accounts(|when, then| {
        when.x_tenant(tenant).partner_user_id(user);
        then.into_inner().status(200);
    });
}
