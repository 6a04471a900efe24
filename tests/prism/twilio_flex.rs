//! Twilio Flex v2 (`twilio.com/twilio_flex_v2.json`) on Prism: HTTP basic
//! credentials (account SID and auth token) and a form-encoded body.

use prism_behaviour::{assert_unauthorized, prism};
use twilio_flex::Client;
use twilio_flex::types::CreateWebChannelBody;

fn body() -> CreateWebChannelBody {
    CreateWebChannelBody::builder()
        .address_sid("IGaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")
        .chat_friendly_name("Support")
        .customer_friendly_name("Ada")
        .try_into()
        .expect("a complete body")
}

#[tokio::test]
async fn basic_credentials_and_a_form_body_pass_validation() {
    let client = Client::builder()
        .base_url(prism("twilio_flex"))
        .account_sid_auth_token("ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "auth-token")
        .build()
        .expect("client");
    let channel = client
        .create_web_channel()
        .body(body())
        .send()
        .await
        .expect("Prism accepts the request");
    assert_eq!(channel.status(), 201);
}

#[tokio::test]
async fn without_credentials_prism_refuses_the_request() {
    let client = Client::builder()
        .base_url(prism("twilio_flex"))
        .build()
        .expect("client");
    let error = client
        .create_web_channel()
        .body(body())
        .send()
        .await
        .expect_err("refused");
    assert_unauthorized(error.status(), &error);
}
