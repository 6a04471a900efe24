//! OAuth 2 client credentials: an access token fetched from the spec's
//! `tokenUrl` with the caller's client id and secret, kept until it expires
//! and fetched again then (RFC 6749, section 4.4).

use std::fmt;
use std::sync::Arc;
use std::time::{Duration, Instant};

use base64::Engine as _;
use reqwest::header::{ACCEPT, AUTHORIZATION, CONTENT_TYPE, HeaderValue};
use serde::Deserialize;

use crate::Secret;

/// How long before its stated expiry a token is fetched again, so that it
/// does not expire on its way to the server.
const EXPIRY_MARGIN: Duration = Duration::from_secs(30);

/// A token endpoint and the client's credentials for it, with the token
/// last fetched. Clones share the token.
#[derive(Clone)]
pub(crate) struct TokenSource {
    /// As the spec gives it: absolute, or relative to the API's URL.
    token_url: &'static str,
    /// `Authorization: Basic …` of the client id and secret (section 2.3.1).
    client_authorization: HeaderValue,
    scopes: Vec<String>,
    cached: Arc<tokio::sync::Mutex<Option<Token>>>,
}

/// An access token and when to stop using it.
struct Token {
    header: HeaderValue,
    renew_at: Option<Instant>,
}

impl fmt::Debug for TokenSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TokenSource")
            .field("token_url", &self.token_url)
            .field("client", &"[redacted]")
            .field("scopes", &self.scopes)
            .finish()
    }
}

/// The token endpoint's answer (section 5.1); other fields are ignored.
#[derive(Deserialize)]
struct TokenResponse {
    access_token: String,
    #[serde(default)]
    expires_in: Option<u64>,
}

impl TokenSource {
    /// A source of tokens from `token_url` for `client_id` and
    /// `client_secret`, asking for `scopes` (none: the server's default).
    /// `None` when the id and secret cannot be sent in a header.
    pub(crate) fn new(
        token_url: &'static str,
        client_id: &str,
        client_secret: &Secret,
        scopes: &[String],
    ) -> Option<Self> {
        // Section 2.3.1: both are form-encoded before they are joined.
        let encode =
            |text: &str| form_urlencoded::byte_serialize(text.as_bytes()).collect::<String>();
        let pair = format!("{}:{}", encode(client_id), encode(client_secret.expose()));
        let encoded = base64::engine::general_purpose::STANDARD.encode(pair);
        let mut client_authorization = HeaderValue::try_from(format!("Basic {encoded}")).ok()?;
        client_authorization.set_sensitive(true);
        Some(Self {
            token_url,
            client_authorization,
            scopes: scopes.to_vec(),
            cached: Arc::default(),
        })
    }

    /// `Authorization: Bearer …` with the current token, fetched with
    /// `http` when there is none or it is about to expire; a relative token
    /// URL is resolved against `api_url`, the URL of the request it is for.
    ///
    /// # Errors
    ///
    /// When the token endpoint cannot be reached, answers with an error
    /// status, or answers with something other than a token.
    pub(crate) async fn authorization(
        &self,
        http: &reqwest::Client,
        api_url: &reqwest::Url,
    ) -> reqwest::Result<HeaderValue> {
        let mut cached = self.cached.lock().await;
        if let Some(token) = cached.as_ref()
            && token.renew_at.is_none_or(|at| Instant::now() < at)
        {
            return Ok(token.header.clone());
        }
        let token = self.fetch(http, api_url).await?;
        let header = token.header.clone();
        *cached = Some(token);
        Ok(header)
    }

    /// Forgets the current token, which the API refused: the next request
    /// fetches another.
    pub(crate) async fn forget(&self) {
        *self.cached.lock().await = None;
    }

    /// `grant_type=client_credentials` and the scopes, form-encoded. Made
    /// apart from [`TokenSource::fetch`]: the encoder is not `Send`, and
    /// must not live across an `await`.
    fn request_body(&self) -> String {
        let mut form = form_urlencoded::Serializer::new(String::new());
        form.append_pair("grant_type", "client_credentials");
        if !self.scopes.is_empty() {
            form.append_pair("scope", &self.scopes.join(" "));
        }
        form.finish()
    }

    async fn fetch(
        &self,
        http: &reqwest::Client,
        api_url: &reqwest::Url,
    ) -> reqwest::Result<Token> {
        let body = self.request_body();
        let fetched_at = Instant::now();
        // A URL `join` refuses is sent as is, and reqwest reports it.
        let token_url = api_url
            .join(self.token_url)
            .map_or_else(|_| self.token_url.to_owned(), String::from);
        let answer: TokenResponse = http
            .post(token_url)
            .header(AUTHORIZATION, self.client_authorization.clone())
            .header(CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(ACCEPT, "application/json")
            .body(body)
            .send()
            .await?
            .error_for_status()?
            .json()
            .await?;
        let mut header = match HeaderValue::try_from(format!("Bearer {}", answer.access_token)) {
            Ok(header) => header,
            // A token no header can carry is as good as none: the API answers 401.
            Err(_) => HeaderValue::from_static("Bearer"),
        };
        header.set_sensitive(true);
        let renew_at = answer.expires_in.map(|seconds| {
            let lifetime = Duration::from_secs(seconds);
            fetched_at + lifetime.saturating_sub(EXPIRY_MARGIN.min(lifetime / 2))
        });
        Ok(Token { header, renew_at })
    }
}

#[cfg(test)]
mod tests {
    use httpmock::prelude::*;
    use serde_json::json;

    use crate::{ClientState, Credential, Credentials, RetryPolicy, Scheme, SchemeKind, Security};

    static OAUTH: Security = Security {
        schemes: &[Scheme {
            name: "oauth",
            kind: SchemeKind::OAuth2 {
                token_url: "/oauth/token",
            },
            env: &[],
        }],
        default: Some(&[&["oauth"]]),
        operations: &[],
    };

    fn client_state(scopes: &[&str]) -> ClientState {
        let credential = Credential::ClientCredentials {
            client_id: "my client".to_owned(),
            client_secret: "s3cret".into(),
            scopes: scopes.iter().map(|scope| (*scope).to_owned()).collect(),
        };
        let credentials = Credentials::check(&OAUTH, [("oauth", &credential)]).expect("valid");
        ClientState::new(credentials, RetryPolicy::NONE, false)
    }

    async fn call(state: &ClientState, server: &MockServer) -> reqwest::Result<reqwest::Response> {
        let http = reqwest::Client::new();
        let request = http.get(server.url("/things")).build().expect("request");
        state.execute(&http, request, "listThings").await
    }

    fn token_endpoint<'a>(
        server: &'a MockServer,
        token: &str,
        expires_in: u64,
    ) -> httpmock::Mock<'a> {
        server.mock(|when, then| {
            // base64("my+client:s3cret"): the id form-encoded first (RFC 6749, 2.3.1).
            when.method(POST)
                .path("/oauth/token")
                .header("authorization", "Basic bXkrY2xpZW50OnMzY3JldA==")
                .header("content-type", "application/x-www-form-urlencoded")
                .body("grant_type=client_credentials&scope=read+write");
            then.status(200).json_body(
                json!({"access_token": token, "token_type": "Bearer", "expires_in": expires_in}),
            );
        })
    }

    #[tokio::test]
    async fn a_token_is_fetched_once_and_sent_until_it_expires() {
        let server = MockServer::start_async().await;
        let tokens = token_endpoint(&server, "t0ken", 3600);
        let api = server.mock(|when, then| {
            when.method(GET)
                .path("/things")
                .header("authorization", "Bearer t0ken");
            then.status(204);
        });
        let state = client_state(&["read", "write"]);
        for _ in 0..2 {
            assert_eq!(call(&state, &server).await.expect("sent").status(), 204);
        }
        tokens.assert_calls(1);
        api.assert_calls(2);
        assert!(!format!("{state:?}").contains("s3cret"));
    }

    #[tokio::test]
    async fn an_expired_or_refused_token_is_fetched_again() {
        let server = MockServer::start_async().await;
        // Expires at once: every request fetches a token.
        let tokens = token_endpoint(&server, "short", 0);
        let api = server.mock(|when, then| {
            when.method(GET)
                .path("/things")
                .header("authorization", "Bearer short");
            then.status(204);
        });
        let state = client_state(&["read", "write"]);
        call(&state, &server).await.expect("sent");
        call(&state, &server).await.expect("sent");
        tokens.assert_calls(2);
        api.assert_calls(2);

        let server = MockServer::start_async().await;
        let tokens = token_endpoint(&server, "revoked", 3600);
        let refused = server.mock(|when, then| {
            when.method(GET).path("/things");
            then.status(401);
        });
        let state = client_state(&["read", "write"]);
        call(&state, &server).await.expect("answered");
        call(&state, &server).await.expect("answered");
        tokens.assert_calls(2);
        refused.assert_calls(2);
    }

    #[tokio::test]
    async fn a_token_endpoint_that_refuses_the_client_fails_the_request() {
        let server = MockServer::start_async().await;
        server.mock(|when, then| {
            when.method(POST).path("/oauth/token");
            then.status(401)
                .json_body(json!({"error": "invalid_client"}));
        });
        let api = server.mock(|when, then| {
            when.method(GET).path("/things");
            then.status(204);
        });
        let error = call(&client_state(&[]), &server)
            .await
            .expect_err("no token");
        assert_eq!(error.status(), Some(reqwest::StatusCode::UNAUTHORIZED));
        assert!(!format!("{error:?}").contains("s3cret"));
        api.assert_calls(0);
    }
}
