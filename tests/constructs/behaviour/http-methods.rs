//! Each operation is sent with its own HTTP method, including the two that
//! reqwest has no shorthand for.

use http_methods::Client;
use httpmock::Method::{DELETE, GET, HEAD, OPTIONS, PATCH, POST, PUT, TRACE};
use httpmock::MockServer;

#[tokio::test]
async fn every_operation_goes_out_with_its_own_method() {
    let server = MockServer::start_async().await;
    let client = Client::builder()
        .base_url(server.base_url())
        .build()
        .expect("client");
    let mut mocks = Vec::new();
    for method in [GET, PUT, POST, DELETE, OPTIONS, HEAD, PATCH, TRACE] {
        mocks.push(
            server
                .mock_async(|when, then| {
                    when.method(method).path("/things");
                    then.status(204);
                })
                .await,
        );
    }
    client.get_things().send().await.expect("GET");
    client.put_things().send().await.expect("PUT");
    client.post_things().send().await.expect("POST");
    client.delete_things().send().await.expect("DELETE");
    client.options_things().send().await.expect("OPTIONS");
    client.head_things().send().await.expect("HEAD");
    client.patch_things().send().await.expect("PATCH");
    client.trace_things().send().await.expect("TRACE");
    for mock in &mocks {
        mock.assert_async().await;
    }
}
