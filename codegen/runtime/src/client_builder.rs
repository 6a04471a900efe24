//! The `ClientBuilder` of each generated crate.
//!
//! A generated crate needs a builder type of its own, so that it can add
//! setters named after its spec's security schemes (`.api_key(…)`,
//! `.basic_auth(user, password)`): Rust allows inherent methods only on a
//! crate's own types. This macro declares that type, wrapping the generic
//! [`ClientBuilder`](crate::ClientBuilder), with the methods every client
//! shares, so that they are written once, here.

/// Declares `pub struct ClientBuilder` for the generated `$client`, with the
/// builder methods every client has, the crate's `USER_AGENT`, the runtime's
/// types every client re-exports, and the hooks through which every request
/// of `$client` goes ([`ClientState::execute`]: credentials, retries, bounded
/// error bodies). `bearer` adds `bearer_token`, `from_env_vars` and
/// `$client::from_bearer_token_with_base_url`, for APIs with a bearer,
/// OAuth 2 or OpenID Connect scheme; `bearer, default_server` adds
/// `$client::from_bearer_token` too, for those whose spec names a server
/// (`$client::DEFAULT_BASE_URL`). Only generated code calls it.
///
/// [`ClientState::execute`]: crate::ClientState::execute
#[doc(hidden)]
#[macro_export]
macro_rules! client_builder {
    ($client:ident, bearer, default_server) => {
        $crate::client_builder!($client, bearer);

        // `ClientBuildError` as the crate re-exports it (below), as users see it.
        impl $client {
            /// Creates a client for [`Client::DEFAULT_BASE_URL`] that sends
            /// `Authorization: Bearer <token>` with every request.
            ///
            /// # Errors
            ///
            /// As [`ClientBuilder::build`].
            ///
            /// # Example
            ///
            /// ```no_run
            #[doc = concat!(" # fn main() -> Result<(), ", env!("CARGO_CRATE_NAME"), "::ClientBuildError> {")]
            #[doc = concat!(" let client = ", env!("CARGO_CRATE_NAME"), "::", stringify!($client), "::from_bearer_token(\"YOUR_API_KEY\")?;")]
            /// # let _ = client;
            /// # Ok(())
            /// # }
            /// ```
            pub fn from_bearer_token(token: &str) -> Result<Self, ClientBuildError> {
                Self::builder().bearer_token(token).build()
            }
        }
    };
    ($client:ident, bearer) => {
        $crate::client_builder!($client);

        impl $client {
            /// Creates a client for `base_url` (scheme, host and optional path
            /// stem) that sends `Authorization: Bearer <token>` with every request.
            ///
            /// # Errors
            ///
            /// As [`ClientBuilder::build`].
            pub fn from_bearer_token_with_base_url(
                base_url: &str,
                token: &str,
            ) -> Result<Self, ClientBuildError> {
                Self::builder().base_url(base_url).bearer_token(token).build()
            }
        }

        impl ClientBuilder {
            /// Authenticates requests with `Authorization: Bearer <token>`:
            /// the token of every bearer, OAuth 2 and OpenID Connect scheme of
            /// the API that was not given a credential of its own.
            pub fn bearer_token(self, token: impl Into<String>) -> Self {
                Self(self.0.bearer_token(token))
            }

            /// Takes the token from the environment variable `token_var`,
            /// which must be set, and the base URL from `base_url_var` when
            /// that is set.
            ///
            /// # Errors
            ///
            /// [`ClientBuildError::MissingEnvironmentVariable`] naming
            /// `token_var` when it is not set or not valid Unicode.
            // A builder step named like the constructor it serves, `Client::from_env`.
            #[allow(clippy::wrong_self_convention)]
            pub fn from_env_vars(
                self,
                token_var: &'static str,
                base_url_var: &'static str,
            ) -> Result<Self, $crate::ClientBuildError> {
                self.0.from_env_vars(token_var, base_url_var).map(Self)
            }
        }
    };
    ($client:ident) => {
        pub use $crate::{
            ClientBuildError, ClientState, Credential, DEFAULT_CONNECT_TIMEOUT, DEFAULT_TIMEOUT,
            ERROR_BODY_LIMIT, RetryPolicy, Secret,
        };

        /// `<crate>/<version>`: the default `User-Agent` of clients built by [`ClientBuilder`].
        pub const USER_AGENT: &str =
            concat!(env!("CARGO_PKG_NAME"), "/", env!("CARGO_PKG_VERSION"));

        // `ClientHooks`, `OperationInfo` and `ClientState` as the caller names
        // them (progenitor's output imports the first two, the crate
        // re-exports the third): the impl reads as the users of the crate see it.
        impl ClientHooks<ClientState> for $client {
            async fn exec(
                &self,
                request: ::reqwest::Request,
                info: &OperationInfo,
            ) -> ::reqwest::Result<::reqwest::Response> {
                self.inner
                    .execute(&self.client, request, info.operation_id)
                    .await
            }
        }

        /// Configures a [`Client`]: base URL, credentials, timeouts, user
        /// agent, retries or an HTTP client of your own. Start with
        /// [`Client::builder`]; `Debug` never shows a credential.
        #[derive(Clone, Debug, Default)]
        pub struct ClientBuilder($crate::ClientBuilder<$client>);

        impl ClientBuilder {
            /// A builder with the client's defaults: the spec's first server,
            /// no credentials, [`DEFAULT_CONNECT_TIMEOUT`], [`DEFAULT_TIMEOUT`],
            /// the crate's [`USER_AGENT`] and [`RetryPolicy::default`].
            pub fn new() -> Self {
                Self($crate::ClientBuilder::new())
            }

            /// Builds the client.
            ///
            /// # Errors
            ///
            /// [`ClientBuildError::MissingBaseUrl`] or
            /// [`ClientBuildError::InvalidBaseUrl`] for the base URL;
            /// [`ClientBuildError::InvalidToken`] or
            /// [`ClientBuildError::Credential`] for a credential that is
            /// empty, cannot be sent, or does not fit its scheme;
            /// [`ClientBuildError::Http`] when the HTTP client cannot be
            /// initialised.
            pub fn build(self) -> Result<$client, $crate::ClientBuildError> {
                self.0.build()
            }

            /// Sends requests to `base_url` (scheme, host and optional path stem).
            pub fn base_url(self, base_url: impl Into<String>) -> Self {
                Self(self.0.base_url(base_url))
            }

            /// Gives the credential of the security scheme named `scheme` (its
            /// key in the spec's `securitySchemes`); requests carry it as
            /// their operation's security requirement says. The setters named
            /// after the schemes do the same.
            pub fn credential(
                self,
                scheme: impl Into<String>,
                credential: $crate::Credential,
            ) -> Self {
                Self(self.0.credential(scheme, credential))
            }

            /// Takes the credential of every security scheme whose
            /// environment variables are set (see [`Client::from_env`]), and
            /// the base URL from its variable when that is set.
            ///
            /// # Errors
            ///
            /// [`ClientBuildError::MissingEnvironmentVariable`] when a user
            /// name is set without its password (or the other way round), or
            /// when no credential is set and the API requires one.
            #[allow(clippy::wrong_self_convention)]
            pub fn from_env(self) -> Result<Self, $crate::ClientBuildError> {
                self.0.from_env().map(Self)
            }

            /// How long connecting may take (default
            /// [`DEFAULT_CONNECT_TIMEOUT`]). Ignored with
            /// [`ClientBuilder::http_client`].
            pub fn connect_timeout(self, timeout: ::std::time::Duration) -> Self {
                Self(self.0.connect_timeout(timeout))
            }

            /// How long a whole request may take (default
            /// [`DEFAULT_TIMEOUT`]). Ignored with [`ClientBuilder::http_client`].
            pub fn timeout(self, timeout: ::std::time::Duration) -> Self {
                Self(self.0.timeout(timeout))
            }

            /// The `User-Agent` header (default [`USER_AGENT`]). Ignored
            /// with [`ClientBuilder::http_client`].
            pub fn user_agent(self, user_agent: impl Into<String>) -> Self {
                Self(self.0.user_agent(user_agent))
            }

            /// Sends requests through `http_client`, configured as you wish;
            /// the credentials are still added to every request.
            pub fn http_client(self, http_client: ::reqwest::Client) -> Self {
                Self(self.0.http_client(http_client))
            }

            /// When to send a failed request again (default
            /// [`RetryPolicy::default`]; [`RetryPolicy::NONE`] turns retries off).
            pub fn retry_policy(self, policy: $crate::RetryPolicy) -> Self {
                Self(self.0.retry_policy(policy))
            }
        }
    };
}

#[cfg(test)]
mod tests {
    // Not every delegated method is called, nor every re-export of the
    // macro used, here.
    #![allow(dead_code, unused_imports)]

    use progenitor_client::{ClientHooks, ClientInfo, OperationInfo};

    use crate::{BuildClient, ClientParts, KeyLocation, Scheme, SchemeKind, Security};

    /// Shaped as progenitor's `Client`, which the macro's hooks use.
    #[derive(Debug)]
    pub struct Client {
        baseurl: String,
        client: reqwest::Client,
        inner: ClientState,
    }

    impl BuildClient for Client {
        const DEFAULT_BASE_URL: Option<&'static str> = Some("https://api.example.com");
        const USER_AGENT: &'static str = "example/1.0.0";
        const TRACED: bool = false;
        const SECURITY: &'static Security = &Security {
            schemes: &[
                Scheme {
                    name: "key",
                    kind: SchemeKind::ApiKey {
                        location: KeyLocation::Header,
                        name: "X-Key",
                    },
                    env: &["EXAMPLE_KEY"],
                },
                Scheme {
                    name: "token",
                    kind: SchemeKind::Bearer,
                    env: &["EXAMPLE_TOKEN"],
                },
            ],
            default: None,
            operations: &[],
        };

        fn from_parts(parts: ClientParts) -> Self {
            Self {
                baseurl: parts.base_url,
                client: parts.http_client,
                inner: parts.state,
            }
        }
    }

    impl ClientInfo<ClientState> for Client {
        fn api_version() -> &'static str {
            "1.0.0"
        }

        fn baseurl(&self) -> &str {
            &self.baseurl
        }

        fn client(&self) -> &reqwest::Client {
            &self.client
        }

        fn inner(&self) -> &ClientState {
            &self.inner
        }
    }

    crate::client_builder!(Client, bearer, default_server);

    impl Client {
        const DEFAULT_BASE_URL: &'static str = "https://api.example.com";

        fn builder() -> ClientBuilder {
            ClientBuilder::new()
        }
    }

    #[test]
    fn the_generated_builder_hands_everything_to_the_runtime_builder() {
        let builder = ClientBuilder::new()
            .base_url("http://127.0.0.1:1/")
            .credential("key", Credential::Secret("k3y-secret".into()))
            .bearer_token("t0ken-secret")
            .timeout(std::time::Duration::from_secs(1))
            .retry_policy(crate::RetryPolicy::NONE);
        let shown = format!("{builder:?}");
        assert!(!shown.contains("secret"), "{shown}");
        let client = builder.clone().build().expect("client");
        assert_eq!(client.baseurl, "http://127.0.0.1:1");
        assert_eq!(*client.inner.retry_policy(), crate::RetryPolicy::NONE);
        let shown = format!("{:?}", client.inner);
        assert!(shown.contains("key") && shown.contains("token"), "{shown}");
        assert!(
            ClientBuilder::default()
                .credential("nope", Credential::Secret("s".into()))
                .build()
                .is_err()
        );
    }

    #[test]
    fn the_bearer_constructors_send_the_token_to_the_base_url_given_or_the_default() {
        let client = Client::from_bearer_token("t0ken").expect("client");
        assert_eq!(client.baseurl, Client::DEFAULT_BASE_URL);
        let client = Client::from_bearer_token_with_base_url("http://127.0.0.1:1/v2/", "t0ken")
            .expect("client");
        assert_eq!(client.baseurl, "http://127.0.0.1:1/v2");
        assert!(matches!(
            Client::from_bearer_token_with_base_url("not a url", "t0ken"),
            Err(ClientBuildError::InvalidBaseUrl { .. })
        ));
    }
}
