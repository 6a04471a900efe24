//! The Swagger 2.0 petstore (`@readme/oas-examples`' `2.0/json/petstore.json`,
//! of the modern corpus) on Prism, which reads 2.0 as written: an `apiKey`
//! header and an OAuth 2 implicit flow from `securityDefinitions`, a `body`
//! parameter, `formData` as a form and as multipart with a `file`, and a
//! `multi` query list, each sent as the client's 3.0 translation says.

use prism_behaviour::{assert_unauthorized, prism};
use swagger_petstore::multipart::{FilePart, UploadFileBody};
use swagger_petstore::types::{FindPetsByStatusStatusItem, Pet, UpdatePetWithFormBody};
use swagger_petstore::{Client, Error};

fn client() -> Client {
    Client::builder()
        .base_url(prism("swagger_petstore"))
        .api_key("special-key")
        .petstore_auth("an-access-token")
        .build()
        .expect("client")
}

/// Prism answers a request it accepts with a documented status (here the
/// only one documented, `405`), and one that breaks the document with 422
/// (or 401 without credentials).
fn assert_documented<T, E: std::fmt::Debug>(
    result: Result<swagger_petstore::ResponseValue<T>, Error<E>>,
) {
    let status = match result {
        Ok(answer) => answer.status().as_u16(),
        Err(error) => error
            .status()
            .map(|status| status.as_u16())
            .unwrap_or_else(|| panic!("{error}")),
    };
    assert_eq!(status, 405, "Prism answers the documented status");
}

#[tokio::test]
async fn the_api_key_header_passes_validation_and_the_pet_decodes() {
    let pet = client()
        .get_pet_by_id()
        .pet_id(7)
        .send()
        .await
        .expect("Prism accepts the request and the answer decodes");
    assert_eq!(pet.status(), 200);
}

#[tokio::test]
async fn a_multi_query_list_passes_validation_and_the_pets_decode() {
    let pets = client()
        .find_pets_by_status()
        .status(vec![
            FindPetsByStatusStatusItem::Available,
            FindPetsByStatusStatusItem::Sold,
        ])
        .send()
        .await
        .expect("Prism accepts the list");
    assert_eq!(pets.status(), 200);
}

#[tokio::test]
async fn a_body_parameter_passes_validation() {
    let pet: Pet = Pet::builder()
        .name("Rex")
        .photo_urls(vec!["https://example.com/rex.png".to_owned()])
        .try_into()
        .expect("a complete pet");
    assert_documented(client().add_pet().body(pet).send().await);
}

#[tokio::test]
async fn form_data_passes_validation_as_a_form_and_as_multipart() {
    assert_documented(
        client()
            .update_pet_with_form()
            .pet_id(7)
            .body(UpdatePetWithFormBody::builder().name("Rexy").status("sold"))
            .send()
            .await,
    );
    let uploaded = client()
        .upload_file()
        .pet_id(7)
        .body(
            UploadFileBody::new()
                .additional_metadata("a photo")
                .file(FilePart::bytes(b"\x89PNG".to_vec()).file_name("rex.png")),
        )
        .send()
        .await
        .expect("Prism accepts the upload and the answer decodes");
    assert_eq!(uploaded.status(), 200);
}

#[tokio::test]
async fn without_the_key_prism_refuses() {
    let bare = Client::builder()
        .base_url(prism("swagger_petstore"))
        .build()
        .expect("client");
    let error = bare
        .get_pet_by_id()
        .pet_id(7)
        .send()
        .await
        .expect_err("no credentials");
    assert_unauthorized(error.status(), &error);
}
