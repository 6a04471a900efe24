//! Adyen's Data Protection API (`adyen.com/DataProtectionService.json`,
//! OpenAPI 3.1) on Prism: an operation that takes basic credentials or an
//! API key header, either one alone.

use adyen_data_protection::Client;
use adyen_data_protection::types::SubjectErasureByPspReferenceRequest;
use prism_behaviour::{assert_unauthorized, prism};

fn request() -> SubjectErasureByPspReferenceRequest {
    SubjectErasureByPspReferenceRequest::builder()
        .merchant_account("TestMerchant")
        .psp_reference("9915520502347613")
        .force_erasure(true)
        .try_into()
        .expect("a complete request")
}

#[tokio::test]
async fn either_alternative_of_the_requirement_passes_validation() {
    for client in [
        Client::builder().basic_auth("ws@Company.Test", "password"),
        Client::builder().api_key_auth("AQE...key"),
    ] {
        let client = client
            .base_url(prism("adyen_data_protection"))
            .build()
            .expect("client");
        let erased = client
            .post_request_subject_erasure()
            .body(request())
            .send()
            .await
            .expect("Prism accepts the request");
        assert_eq!(erased.status(), 200);
    }
}

#[tokio::test]
async fn without_credentials_prism_answers_the_documented_401() {
    let client = Client::builder()
        .base_url(prism("adyen_data_protection"))
        .build()
        .expect("client");
    let error = client
        .post_request_subject_erasure()
        .body(request())
        .send()
        .await
        .expect_err("refused");
    assert_unauthorized(error.status(), &error);
}
