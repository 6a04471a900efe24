//! What every request of a client carries besides its own parameters, and
//! how a request is sent with it.

use std::fmt;

use reqwest::header::{AUTHORIZATION, HeaderValue};

use crate::RetryPolicy;

/// What every request of a client carries besides its own parameters: the
/// credentials and the [`RetryPolicy`].
///
/// Generated clients keep it as their inner value and send every request
/// through [`ClientState::execute`] from their `ClientHooks`. The credentials are kept here rather than in the HTTP
/// client's default headers, so that they are sent even through an HTTP
/// client supplied with [`ClientBuilder::http_client`](crate::ClientBuilder::http_client).
/// `Debug` never shows them.
#[derive(Clone, Default)]
pub struct ClientState {
    authorization: Option<HeaderValue>,
    retry: RetryPolicy,
    traced: bool,
}

impl fmt::Debug for ClientState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientState")
            .field(
                "authorization",
                &self.authorization.as_ref().map(|_| "[redacted]"),
            )
            .field("retry", &self.retry)
            .finish()
    }
}

impl ClientState {
    /// The state of a client sending `authorization` (already marked
    /// sensitive) with every request, retrying as `retry` says, recording a
    /// `tracing` span per request when `traced`.
    pub(crate) fn new(
        authorization: Option<HeaderValue>,
        retry: RetryPolicy,
        traced: bool,
    ) -> Self {
        Self {
            authorization,
            retry,
            traced,
        }
    }

    /// The policy by which this client's requests are retried.
    pub fn retry_policy(&self) -> &RetryPolicy {
        &self.retry
    }

    /// Adds the credentials to `request`.
    fn authorize(&self, request: &mut reqwest::Request) {
        if let Some(authorization) = &self.authorization {
            request
                .headers_mut()
                .insert(AUTHORIZATION, authorization.clone());
        }
    }

    /// Sends `request` (of the operation `operation_id`) with `http` and the
    /// credentials, again as the retry policy allows, and bounds an error
    /// response's body to [`ERROR_BODY_LIMIT`](crate::ERROR_BODY_LIMIT) bytes.
    pub async fn execute(
        &self,
        http: &reqwest::Client,
        mut request: reqwest::Request,
        operation_id: &str,
    ) -> reqwest::Result<reqwest::Response> {
        self.authorize(&mut request);
        // Each branch makes the exchange future where it awaits it: made
        // once before the branch and handed on, it was copied per request.
        #[cfg(feature = "tracing")]
        if let Some(span) = self
            .traced
            .then(|| crate::trace::span(operation_id))
            .flatten()
        {
            let exchange = crate::retry::send_with_retries(http, &self.retry, request);
            let response = crate::trace::traced(span, exchange).await?;
            return crate::error_body::bound_error_body(response).await;
        }
        #[cfg(not(feature = "tracing"))]
        let _ = (operation_id, self.traced); // Only spans name the operation.
        let response = crate::retry::send_with_retries(http, &self.retry, request).await?;
        crate::error_body::bound_error_body(response).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_never_shows_the_credentials() {
        let mut value = HeaderValue::from_static("Bearer sk_live_secret");
        value.set_sensitive(true);
        let state = ClientState::new(Some(value), RetryPolicy::NONE, false);
        let shown = format!("{state:?} {state:#?}");
        assert!(!shown.contains("sk_live_secret"), "{shown}");
        assert!(shown.contains("[redacted]"), "{shown}");
        assert!(shown.contains("max_attempts: 1"), "{shown}");
    }

    #[test]
    fn requests_carry_the_credentials() {
        let state = ClientState::new(
            Some(HeaderValue::from_static("Bearer t0ken")),
            RetryPolicy::default(),
            false,
        );
        let mut request = reqwest::Request::new(
            reqwest::Method::GET,
            "https://api.example.com/v1".parse().expect("url"),
        );
        state.authorize(&mut request);
        assert_eq!(request.headers()[AUTHORIZATION], "Bearer t0ken");

        let mut anonymous = reqwest::Request::new(
            reqwest::Method::GET,
            "https://api.example.com/v1".parse().expect("url"),
        );
        ClientState::default().authorize(&mut anonymous);
        assert!(anonymous.headers().get(AUTHORIZATION).is_none());
    }
}
