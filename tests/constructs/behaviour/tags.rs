//! Per-tag features: each tag's operations, with the default features, on
//! the wire as any other; the untagged operation and the one whose tag
//! name was taken answer under their own features.

use tags::Client;
use tags::mock::MockServerExt;

fn client(server: &httpmock::MockServer) -> Client {
    Client::builder()
        .base_url(&server.base_url())
        .bearer_token("secret-token")
        .build()
        .expect("client")
}

#[tokio::test]
async fn an_operation_under_two_tags_is_one_method() {
    let server = httpmock::MockServer::start_async().await;
    let dog: tags::types::Dog = tags::types::Dog::builder().id(7).try_into().expect("dog");
    let admitted = server.admit_dog(|when, then| {
        when.body(&dog);
        then.created(&dog);
    });
    let answer = client(&server)
        .admit_dog()
        .body(tags::types::Dog::builder().id(7))
        .send()
        .await
        .expect("admitted");
    assert_eq!(answer.id, 7);
    admitted.assert();
}

#[tokio::test]
async fn the_untagged_operation_and_the_renamed_tag_are_there_by_default() {
    let server = httpmock::MockServer::start_async().await;
    let ping = server.ping(|_, then| {
        then.ok(&tags::types::PingResponse::builder().ok(true).try_into().expect("ping"));
    });
    let rehearsal = server.start_mock_run(|_, then| {
        then.accepted();
    });
    let client = client(&server);
    assert_eq!(client.ping().send().await.expect("pong").ok, Some(true));
    client.start_mock_run().send().await.expect("started");
    ping.assert();
    rehearsal.assert();
}

#[test]
fn a_type_no_operation_uses_is_always_there() {
    let leaflet = tags::types::Leaflet::builder()
        .place(tags::types::Place::builder().town("Ghent"));
    let leaflet: tags::types::Leaflet = leaflet.try_into().expect("leaflet");
    assert_eq!(leaflet.printed, "never");
}
