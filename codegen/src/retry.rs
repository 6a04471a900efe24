//! The retry policy emitted into every client with hooks: exponential backoff
//! with jitter, `Retry-After` honoured, idempotent methods only.

use proc_macro2::TokenStream;
use quote::quote;

/// Tokens for `RetryPolicy`, its use in `ClientHooks::exec`, and helpers.
pub fn tokens() -> TokenStream {
    quote! {
        /// When and how often a failed request is sent again.
        ///
        /// A request is retried only when its method is idempotent (`GET`,
        /// `HEAD`, `PUT`, `DELETE`, `OPTIONS`, `TRACE`; never `POST` or
        /// `PATCH`), and only after a connection error, a timeout, or a `429`,
        /// `502`, `503` or `504` response. The wait before attempt *n* is
        /// `initial_delay * 2^(n-1)`, capped at `max_delay`, with full jitter;
        /// a `Retry-After` header (seconds or an HTTP date) replaces it, also
        /// capped at `max_delay`.
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub struct RetryPolicy {
            /// Attempts in all, the first included; `1` turns retries off.
            pub max_attempts: u32,
            /// The wait before the first retry, before jitter.
            pub initial_delay: ::std::time::Duration,
            /// The longest wait between two attempts.
            pub max_delay: ::std::time::Duration,
        }

        impl Default for RetryPolicy {
            /// Three attempts, waits from 200 ms up to 10 s.
            fn default() -> Self {
                Self {
                    max_attempts: 3,
                    initial_delay: ::std::time::Duration::from_millis(200),
                    max_delay: ::std::time::Duration::from_secs(10),
                }
            }
        }

        impl RetryPolicy {
            /// Never retry.
            pub const NONE: Self = Self {
                max_attempts: 1,
                initial_delay: ::std::time::Duration::ZERO,
                max_delay: ::std::time::Duration::ZERO,
            };

            /// The wait before attempt `attempt` (2 for the first retry), without `Retry-After`.
            fn backoff(&self, attempt: u32) -> ::std::time::Duration {
                let exponent = attempt.saturating_sub(2).min(30);
                let ceiling = self
                    .initial_delay
                    .saturating_mul(1u32 << exponent)
                    .min(self.max_delay);
                ceiling.mul_f64(::fastrand::f64())
            }
        }

        fn is_idempotent(method: &reqwest::Method) -> bool {
            matches!(
                *method,
                reqwest::Method::GET
                    | reqwest::Method::HEAD
                    | reqwest::Method::PUT
                    | reqwest::Method::DELETE
                    | reqwest::Method::OPTIONS
                    | reqwest::Method::TRACE
            )
        }

        fn is_retryable_status(status: reqwest::StatusCode) -> bool {
            matches!(status.as_u16(), 429 | 502 | 503 | 504)
        }

        /// The wait a `Retry-After` header asks for: delay-seconds or an HTTP date.
        fn retry_after(headers: &reqwest::header::HeaderMap) -> Option<::std::time::Duration> {
            let value = headers.get(reqwest::header::RETRY_AFTER)?.to_str().ok()?.trim();
            if let Ok(seconds) = value.parse::<u64>() {
                return Some(::std::time::Duration::from_secs(seconds));
            }
            let at = ::httpdate::parse_http_date(value).ok()?;
            Some(at.duration_since(::std::time::SystemTime::now()).unwrap_or_default())
        }

        /// Sends `request`, retrying as `policy` allows.
        async fn execute_with_retries(
            http: &reqwest::Client,
            policy: &RetryPolicy,
            request: reqwest::Request,
        ) -> reqwest::Result<reqwest::Response> {
            let retryable = is_idempotent(request.method());
            let mut attempt = 1;
            let mut pending = request;
            loop {
                // A body that cannot be cloned (a stream) can be sent only once.
                let spare = if retryable && attempt < policy.max_attempts {
                    pending.try_clone()
                } else {
                    None
                };
                let outcome = http.execute(pending).await;
                let Some(next) = spare else {
                    return outcome;
                };
                let wait = match &outcome {
                    Ok(response) if is_retryable_status(response.status()) => retry_after(response.headers())
                        .map(|wait| wait.min(policy.max_delay))
                        .unwrap_or_else(|| policy.backoff(attempt + 1)),
                    Ok(_) => return outcome,
                    Err(error) if error.is_connect() || error.is_timeout() || error.is_request() => {
                        policy.backoff(attempt + 1)
                    }
                    Err(_) => return outcome,
                };
                tokio::time::sleep(wait).await;
                attempt += 1;
                pending = next;
            }
        }
    }
}
