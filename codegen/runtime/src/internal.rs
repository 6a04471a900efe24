//! What only generated code calls. Not part of the API users rely on: it
//! changes with the generator, which regenerates its callers.

use progenitor_client::{Error, ResponseValue};

pub use crate::error_body::{error_code, error_message};
pub use crate::events::events;
pub use crate::form::{FormStyle, form_body};
#[cfg(feature = "multipart")]
pub use crate::multipart::MultipartBody;
pub use crate::pagination::paginate;

#[cfg(feature = "mock")]
pub mod mock;

/// Wraps a decoded response body in the variant its status is documented
/// with, keeping status and headers.
pub fn response_variant<T, U>(
    value: ResponseValue<T>,
    variant: impl FnOnce(T) -> U,
) -> ResponseValue<U> {
    let status = value.status();
    let headers = value.headers().clone();
    ResponseValue::new(variant(value.into_inner()), status, headers)
}

/// The body of `value` (a response read as bytes) as text, with its status
/// and headers; bytes that are not UTF-8 become U+FFFD.
///
/// # Errors
///
/// [`Error::ResponseBodyError`] when the body cannot be read to its end.
pub async fn text_body<E>(
    value: ResponseValue<progenitor_client::ByteStream>,
) -> Result<ResponseValue<String>, Error<E>> {
    use futures::TryStreamExt as _;
    let status = value.status();
    let headers = value.headers().clone();
    let mut bytes = Vec::new();
    let mut body = value.into_inner().into_inner();
    while let Some(chunk) = body.try_next().await.map_err(Error::ResponseBodyError)? {
        bytes.extend_from_slice(&chunk);
    }
    let text = String::from_utf8(bytes)
        .unwrap_or_else(|error| String::from_utf8_lossy(error.as_bytes()).into_owned());
    Ok(ResponseValue::new(text, status, headers))
}

/// Reads a response's body as bytes and wraps them in the variant its status
/// is documented with.
///
/// # Errors
///
/// When the body cannot be read.
pub async fn bytes_variant<U>(
    response: reqwest::Response,
    variant: impl FnOnce(Vec<u8>) -> U,
) -> reqwest::Result<ResponseValue<U>> {
    let status = response.status();
    let headers = response.headers().clone();
    let bytes = response.bytes().await?.to_vec();
    Ok(ResponseValue::new(variant(bytes), status, headers))
}

/// Percent-encodes one path parameter, refusing values that would not stay
/// one path segment once the URL is parsed: empty, `.` and `..` (a URL
/// parser resolves `%2E%2E` like `..`, so `DELETE /items/..` would call
/// `DELETE /`).
///
/// # Errors
///
/// [`Error::InvalidRequest`] for such a value, before anything is sent.
// The error is the one every operation returns; boxing it here would not shrink that.
#[allow(clippy::result_large_err)]
pub fn encode_path_segment<E>(segment: &str) -> Result<String, Error<E>> {
    if segment.is_empty() || segment == "." || segment == ".." {
        return Err(Error::InvalidRequest(format!(
            "`{segment}` cannot be sent as a path parameter: it would change the path"
        )));
    }
    Ok(progenitor_client::encode_path(segment))
}

/// The query values a mocked request's parameter is matched against: its
/// serialized form, one per item for an array.
pub fn query_values<T: serde::Serialize + ?Sized>(value: &T) -> Vec<String> {
    fn text(value: &serde_json::Value) -> String {
        match value {
            serde_json::Value::String(text) => text.clone(),
            other => other.to_string(),
        }
    }
    match serde_json::to_value(value) {
        Ok(serde_json::Value::Array(items)) => items.iter().map(text).collect(),
        Ok(value) => vec![text(&value)],
        Err(_) => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn path_segments_stay_one_segment() {
        assert_eq!(
            encode_path_segment::<()>("a/b?c#d e").expect("encoded"),
            "a%2Fb%3Fc%23d%20e"
        );
        assert_eq!(encode_path_segment::<()>("...").expect("encoded"), "...");
        for segment in ["", ".", ".."] {
            let error = encode_path_segment::<()>(segment).expect_err(segment);
            assert!(
                error.to_string().contains("would change the path"),
                "{error}"
            );
        }
    }

    #[test]
    fn query_values_are_serialized_forms_item_by_item() {
        assert_eq!(query_values("a b"), ["a b"]);
        assert_eq!(query_values(&7), ["7"]);
        assert_eq!(query_values(&["x", "y"]), ["x", "y"]);
        assert_eq!(query_values(&true), ["true"]);
    }
}
