//! What every request of a client carries besides its own parameters, and
//! how a request is sent with it.

use std::fmt;

use crate::{Credentials, RetryPolicy};

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
    credentials: Credentials,
    retry: RetryPolicy,
    traced: bool,
}

impl fmt::Debug for ClientState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientState")
            .field("credentials", &self.credentials)
            .field("retry", &self.retry)
            .finish()
    }
}

impl ClientState {
    /// The state of a client sending `credentials` as each operation
    /// requires, retrying as `retry` says, recording a `tracing` span per
    /// request when `traced`.
    pub(crate) fn new(credentials: Credentials, retry: RetryPolicy, traced: bool) -> Self {
        Self {
            credentials,
            retry,
            traced,
        }
    }

    /// The policy by which this client's requests are retried.
    pub fn retry_policy(&self) -> &RetryPolicy {
        &self.retry
    }

    /// Sends `request` (of the operation `operation_id`) with `http` and the
    /// credentials it requires, again as the retry policy allows, and bounds
    /// an error response's body to [`ERROR_BODY_LIMIT`](crate::ERROR_BODY_LIMIT)
    /// bytes. When a key went into the URL, errors do not show the URL.
    pub async fn execute(
        &self,
        http: &reqwest::Client,
        mut request: reqwest::Request,
        operation_id: &str,
    ) -> reqwest::Result<reqwest::Response> {
        let secret_in_url = self.credentials.apply(&mut request, operation_id);
        let outcome = match self
            .credentials
            .authorize(&mut request, operation_id, http)
            .await
        {
            Ok(tokens) => {
                let outcome = self.send(http, request, operation_id).await;
                if let Ok(response) = &outcome
                    && response.status() == reqwest::StatusCode::UNAUTHORIZED
                {
                    // The token was revoked or expired early: the next request fetches another.
                    for token in tokens {
                        token.forget().await;
                    }
                }
                outcome
            }
            Err(error) => Err(error),
        };
        if secret_in_url {
            outcome.map_err(reqwest::Error::without_url)
        } else {
            outcome
        }
    }

    async fn send(
        &self,
        http: &reqwest::Client,
        request: reqwest::Request,
        operation_id: &str,
    ) -> reqwest::Result<reqwest::Response> {
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
    use reqwest::header::AUTHORIZATION;

    use super::*;
    use crate::{Credential, Secret, Security};

    #[test]
    fn requests_can_be_sent_from_any_thread() {
        // Generated clients are used from multi-threaded runtimes: the
        // future of a request (token fetches included) must be `Send`.
        fn send<T: Send>(_: &T) {}
        let state = ClientState::default();
        let http = reqwest::Client::new();
        let request = http.get("http://127.0.0.1:9/").build().expect("request");
        send(&state.execute(&http, request, "any"));
    }

    fn bearer(token: &str) -> Credentials {
        Credentials::check(
            &Security::BEARER,
            [("bearer", &Credential::Secret(Secret::new(token)))],
        )
        .expect("valid")
    }

    #[test]
    fn debug_never_shows_the_credentials() {
        let state = ClientState::new(bearer("sk_live_secret"), RetryPolicy::NONE, false);
        let shown = format!("{state:?} {state:#?}");
        assert!(!shown.contains("sk_live_secret"), "{shown}");
        assert!(shown.contains("[redacted]"), "{shown}");
        assert!(shown.contains("max_attempts: 1"), "{shown}");
    }

    #[tokio::test]
    async fn a_key_in_the_url_never_shows_in_errors() {
        static QUERY: Security = Security {
            schemes: &[crate::Scheme {
                name: "key",
                kind: crate::SchemeKind::ApiKey {
                    location: crate::KeyLocation::Query,
                    name: "api_key",
                },
                env: &[],
            }],
            default: None,
            operations: &[],
        };
        let credentials = Credentials::check(
            &QUERY,
            [("key", &Credential::Secret(Secret::new("sk_query_secret")))],
        )
        .expect("valid");
        let state = ClientState::new(credentials, RetryPolicy::NONE, false);
        // Nothing listens on port 9 (discard) of this machine.
        let request = reqwest::Request::new(
            reqwest::Method::GET,
            "http://127.0.0.1:9/things".parse().expect("url"),
        );
        let error = state
            .execute(&reqwest::Client::new(), request, "listThings")
            .await
            .expect_err("no server");
        let shown = format!("{error} {error:?}");
        assert!(!shown.contains("sk_query_secret"), "{shown}");
    }

    #[test]
    fn requests_carry_the_credentials() {
        let state = ClientState::new(bearer("t0ken"), RetryPolicy::default(), false);
        let mut request = reqwest::Request::new(
            reqwest::Method::GET,
            "https://api.example.com/v1".parse().expect("url"),
        );
        state.credentials.apply(&mut request, "any");
        assert_eq!(request.headers()[AUTHORIZATION], "Bearer t0ken");

        let mut anonymous = reqwest::Request::new(
            reqwest::Method::GET,
            "https://api.example.com/v1".parse().expect("url"),
        );
        ClientState::default()
            .credentials
            .apply(&mut anonymous, "any");
        assert!(anonymous.headers().get(AUTHORIZATION).is_none());
    }
}
