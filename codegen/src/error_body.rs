//! Bounds the bodies of error responses, so that an error value never holds
//! more than a fixed prefix of what a misbehaving server sent (an HTML error
//! page, a runaway stream) and reading it cannot exhaust memory.

use proc_macro2::TokenStream;
use quote::quote;

/// Tokens for `ERROR_BODY_LIMIT` and `bound_error_body`, used by `ClientHooks::exec`.
pub fn tokens() -> TokenStream {
    quote! {
        /// The most bytes of a `4xx`/`5xx` response body a client keeps. Longer
        /// bodies are cut to this prefix before decoding, so an
        /// [`Error::UnexpectedResponse`] (status, headers and body) or an
        /// [`Error::InvalidResponsePayload`] for an error status never holds more.
        pub const ERROR_BODY_LIMIT: usize = 64 * 1024;

        /// Reads at most [`ERROR_BODY_LIMIT`] bytes of an error response's body and
        /// returns the response with that prefix as its body; other responses pass
        /// through untouched.
        async fn bound_error_body(mut response: reqwest::Response) -> reqwest::Result<reqwest::Response> {
            let status = response.status();
            if !(status.is_client_error() || status.is_server_error()) {
                return Ok(response);
            }
            let mut prefix = Vec::new();
            while prefix.len() < ERROR_BODY_LIMIT {
                let Some(chunk) = response.chunk().await? else {
                    break;
                };
                let room = ERROR_BODY_LIMIT - prefix.len();
                prefix.extend_from_slice(&chunk[..chunk.len().min(room)]);
            }
            let kept = prefix.len();
            let mut bounded = ::http::Response::new(prefix);
            *bounded.status_mut() = status;
            *bounded.version_mut() = response.version();
            *bounded.headers_mut() = ::std::mem::take(response.headers_mut());
            if let Some(length) = bounded.headers_mut().get_mut(reqwest::header::CONTENT_LENGTH) {
                *length = reqwest::header::HeaderValue::from(kept);
            }
            Ok(reqwest::Response::from(bounded))
        }
    }
}
