//! When a failed request is sent again, and how long to wait first.

use std::time::{Duration, SystemTime};

use reqwest::header::{HeaderMap, RETRY_AFTER};
use reqwest::{Method, StatusCode};

/// When and how often a failed request is sent again.
///
/// A request is retried only when its method is idempotent (`GET`, `HEAD`,
/// `PUT`, `DELETE`, `OPTIONS`, `TRACE`; never `POST` or `PATCH`), and only
/// after a connection error, a timeout, or a `429`, `502`, `503` or `504`
/// response. The wait before attempt *n* is `initial_delay * 2^(n-2)`,
/// capped at `max_delay`, with full jitter; a `Retry-After` header (seconds
/// or an HTTP date) replaces it, also capped at `max_delay`.
///
/// ```
/// use std::time::Duration;
///
/// use client_runtime::RetryPolicy;
///
/// let patient = RetryPolicy {
///     max_attempts: 5,
///     max_delay: Duration::from_secs(30),
///     ..RetryPolicy::default()
/// };
/// assert_eq!(patient.initial_delay, Duration::from_millis(200));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Attempts in all, the first included; `1` turns retries off.
    pub max_attempts: u32,
    /// The wait before the first retry, before jitter.
    pub initial_delay: Duration,
    /// The longest wait between two attempts.
    pub max_delay: Duration,
}

impl Default for RetryPolicy {
    /// Three attempts, waits from 200 ms up to 10 s.
    fn default() -> Self {
        Self {
            max_attempts: 3,
            initial_delay: Duration::from_millis(200),
            max_delay: Duration::from_secs(10),
        }
    }
}

impl RetryPolicy {
    /// Never retry.
    pub const NONE: Self = Self {
        max_attempts: 1,
        initial_delay: Duration::ZERO,
        max_delay: Duration::ZERO,
    };

    /// The most the wait before attempt `attempt` (2 for the first retry) can
    /// be without `Retry-After`; the wait itself is drawn below it.
    fn backoff_ceiling(&self, attempt: u32) -> Duration {
        let exponent = attempt.saturating_sub(2).min(30);
        self.initial_delay
            .saturating_mul(1u32 << exponent)
            .min(self.max_delay)
    }

    /// The wait before attempt `attempt`: full jitter below the ceiling, so
    /// that clients failing together do not retry together.
    fn backoff(&self, attempt: u32) -> Duration {
        self.backoff_ceiling(attempt).mul_f64(fastrand::f64())
    }

    /// How long to wait before sending again after attempt `attempt` ended
    /// in `outcome`, or `None` when the outcome is final.
    fn wait_after(
        &self,
        attempt: u32,
        outcome: &reqwest::Result<reqwest::Response>,
    ) -> Option<Duration> {
        match outcome {
            Ok(response) if is_retryable_status(response.status()) => Some(
                retry_after(response.headers(), SystemTime::now())
                    .map(|wait| wait.min(self.max_delay))
                    .unwrap_or_else(|| self.backoff(attempt + 1)),
            ),
            Err(error) if error.is_connect() || error.is_timeout() || error.is_request() => {
                Some(self.backoff(attempt + 1))
            }
            _ => None,
        }
    }
}

/// Methods that can be sent twice with the effect of once (RFC 9110, 9.2.2).
fn is_idempotent(method: &Method) -> bool {
    matches!(
        *method,
        Method::GET | Method::HEAD | Method::PUT | Method::DELETE | Method::OPTIONS | Method::TRACE
    )
}

/// Statuses that say "try again later" rather than "this request is wrong".
fn is_retryable_status(status: StatusCode) -> bool {
    matches!(status.as_u16(), 429 | 502 | 503 | 504)
}

/// The wait a `Retry-After` header asks for at `now`: delay-seconds or an
/// HTTP date (any of the three forms RFC 9110 allows); a date in the past
/// asks for none.
fn retry_after(headers: &HeaderMap, now: SystemTime) -> Option<Duration> {
    let value = headers.get(RETRY_AFTER)?.to_str().ok()?.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let at = httpdate::parse_http_date(value).ok()?;
    Some(at.duration_since(now).unwrap_or_default())
}

/// Sends `request` with `http`, again as `policy` allows.
pub(crate) async fn send_with_retries(
    http: &reqwest::Client,
    policy: &RetryPolicy,
    request: reqwest::Request,
) -> reqwest::Result<reqwest::Response> {
    if policy.max_attempts <= 1 || !is_idempotent(request.method()) {
        return http.execute(request).await;
    }
    let mut attempt = 1;
    let mut pending = request;
    loop {
        // A body that cannot be cloned (a stream) can be sent only once.
        let spare = if attempt < policy.max_attempts {
            pending.try_clone()
        } else {
            None
        };
        let outcome = http.execute(pending).await;
        let Some(next) = spare else {
            return outcome;
        };
        let Some(wait) = policy.wait_after(attempt, &outcome) else {
            return outcome;
        };
        tokio::time::sleep(wait).await;
        attempt += 1;
        pending = next;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn response(status: u16, retry_after: Option<&str>) -> reqwest::Result<reqwest::Response> {
        let mut response = http::Response::new(Vec::<u8>::new());
        *response.status_mut() = StatusCode::from_u16(status).expect("status");
        if let Some(value) = retry_after {
            response
                .headers_mut()
                .insert(RETRY_AFTER, value.parse().expect("header"));
        }
        Ok(reqwest::Response::from(response))
    }

    #[test]
    fn waits_double_from_the_initial_delay_up_to_the_cap() {
        let policy = RetryPolicy {
            max_attempts: 10,
            initial_delay: Duration::from_millis(100),
            max_delay: Duration::from_millis(500),
        };
        let ceilings: Vec<u128> = (2..=6)
            .map(|attempt| policy.backoff_ceiling(attempt).as_millis())
            .collect();
        assert_eq!(ceilings, [100, 200, 400, 500, 500]);
        // Far-out attempts neither overflow nor exceed the cap.
        assert_eq!(policy.backoff_ceiling(u32::MAX), Duration::from_millis(500));
    }

    #[test]
    fn waits_are_jittered_below_the_ceiling() {
        let policy = RetryPolicy::default();
        let waits: Vec<Duration> = (0..64).map(|_| policy.backoff(3)).collect();
        assert!(waits.iter().all(|wait| *wait <= Duration::from_millis(400)));
        let first = waits[0];
        assert!(waits.iter().any(|wait| *wait != first), "no jitter");
    }

    #[test]
    fn retry_after_in_seconds_and_as_a_date() {
        let now = httpdate::parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT").expect("date");
        let headers = |value: &str| {
            let mut headers = HeaderMap::new();
            headers.insert(RETRY_AFTER, value.parse().expect("header"));
            headers
        };
        assert_eq!(
            retry_after(&headers(" 7 "), now),
            Some(Duration::from_secs(7))
        );
        for form in [
            "Sun, 06 Nov 1994 08:49:40 GMT",
            "Sunday, 06-Nov-94 08:49:40 GMT",
            "Sun Nov  6 08:49:40 1994",
        ] {
            assert_eq!(
                retry_after(&headers(form), now),
                Some(Duration::from_secs(3)),
                "{form}"
            );
        }
        assert_eq!(
            retry_after(&headers("Sun, 06 Nov 1994 08:00:00 GMT"), now),
            Some(Duration::ZERO)
        );
        assert_eq!(retry_after(&headers("soon"), now), None);
        assert_eq!(retry_after(&HeaderMap::new(), now), None);
    }

    #[test]
    fn only_try_again_later_statuses_are_retried() {
        let policy = RetryPolicy::default();
        for status in [429, 502, 503, 504] {
            assert!(policy.wait_after(1, &response(status, None)).is_some());
        }
        for status in [200, 204, 400, 401, 404, 409, 500, 501] {
            assert_eq!(policy.wait_after(1, &response(status, None)), None);
        }
    }

    #[test]
    fn retry_after_replaces_the_backoff_but_not_the_cap() {
        let policy = RetryPolicy::default();
        assert_eq!(
            policy.wait_after(1, &response(503, Some("2"))),
            Some(Duration::from_secs(2))
        );
        assert_eq!(
            policy.wait_after(1, &response(429, Some("3600"))),
            Some(policy.max_delay)
        );
    }

    #[test]
    fn only_idempotent_methods_are_retried() {
        for method in [Method::GET, Method::HEAD, Method::PUT, Method::DELETE] {
            assert!(is_idempotent(&method), "{method}");
        }
        for method in [Method::POST, Method::PATCH] {
            assert!(!is_idempotent(&method), "{method}");
        }
    }
}
