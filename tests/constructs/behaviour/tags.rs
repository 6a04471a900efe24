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
fn a_type_no_operation_uses_is_there_by_default() {
    // Under `types-without-operations`, on by default (and a tag that
    // reaches `Place`, which it holds).
    let leaflet = tags::types::Leaflet::builder()
        .place(tags::types::Place::builder().town("Ghent"));
    let leaflet: tags::types::Leaflet = leaflet.try_into().expect("leaflet");
    assert_eq!(leaflet.printed, "never");
}

#[tokio::test]
async fn components_of_one_shape_are_one_type_under_both_names() {
    // `Kennel` (bookings) and `Place` (dogs) are both `{ town }`: one type.
    let kennel: tags::types::Kennel = tags::types::Place::builder()
        .town("Ghent")
        .try_into()
        .expect("kennel");
    let builder: tags::types::builder::Place = tags::types::builder::Kennel::default();
    let place: tags::types::Place = builder.town("Ghent").try_into().expect("place");
    assert_eq!(place, kennel);
    let server = httpmock::MockServer::start_async().await;
    let booking = tags::types::Booking::builder().id(3).kennel(kennel.clone());
    let booking: tags::types::Booking = booking.try_into().expect("booking");
    let listed = server.list_bookings(|_, then| {
        then.ok(&vec![booking]);
    });
    let bookings = client(&server).list_bookings().send().await.expect("bookings");
    assert_eq!(bookings[0].kennel.as_ref(), Some(&kennel));
    assert_eq!(bookings[0].kennel.as_ref().and_then(|kennel| kennel.town.as_deref()), Some("Ghent"));
    listed.assert();
}
