//! What progenitor does not emit, generated from the spec with `quote`:
//! a constant per server URL and bearer-token constructors driven by the
//! spec's `securitySchemes`.

use openapiv3::{ReferenceOr, SecurityScheme};
use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

use crate::diagnostic::Error;
use crate::load::Spec;

/// One entry of the spec's `servers`, ready to become a constant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Server {
    /// Name of the constant, SCREAMING_SNAKE_CASE.
    pub const_name: String,
    /// Absolute base URL.
    pub url: String,
    /// The spec's description of the server, if any.
    pub description: Option<String>,
}

/// How the API authenticates, as far as the generated client supports it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Auth {
    /// `Authorization: Bearer <token>`.
    Bearer,
    /// The spec declares no security scheme.
    None,
}

/// The spec's servers, in spec order. Each becomes `servers::<NAME>`.
pub fn servers(spec: &Spec) -> Result<Vec<Server>, Error> {
    let mut servers = Vec::new();
    let mut diagnostics = Vec::new();
    for (index, server) in spec.document.servers.iter().enumerate() {
        let pointer = format!("#/servers/{index}");
        let url = with_default_variables(server);
        // A relative URL is relative to wherever the spec is served from,
        // which the client cannot know: such a server gets no constant, and
        // callers give the base URL themselves.
        if !(url.starts_with("https://") || url.starts_with("http://")) || url.contains('{') {
            continue;
        }
        let const_name = match server.extensions.get("x-rust-name") {
            Some(serde_json::Value::String(name)) => name.clone(),
            Some(_) => {
                diagnostics.push(
                    spec.diagnostic(
                        &format!("{pointer}/x-rust-name"),
                        "`x-rust-name` must be a string",
                    )
                    .hint("write a SCREAMING_SNAKE_CASE name such as `EU`"),
                );
                continue;
            }
            None => screaming_snake_from_host(&url),
        };
        if !is_screaming_snake(&const_name) {
            diagnostics.push(
                spec.diagnostic(
                    &format!("{pointer}/x-rust-name"),
                    format!("`{const_name}` is not a SCREAMING_SNAKE_CASE name"),
                )
                .hint("use upper-case letters, digits and underscores, starting with a letter"),
            );
            continue;
        }
        if servers
            .iter()
            .any(|known: &Server| known.const_name == const_name)
        {
            diagnostics.push(
                spec.diagnostic(
                    &pointer,
                    format!("two servers are both named `{const_name}`"),
                )
                .hint("give each server a distinct `x-rust-name`"),
            );
            continue;
        }
        servers.push(Server {
            const_name,
            url: url.trim_end_matches('/').to_owned(),
            description: server.description.clone(),
        });
    }
    if diagnostics.is_empty() {
        Ok(servers)
    } else {
        Err(Error::Spec(diagnostics))
    }
}

/// The server's URL with each `{variable}` replaced by the variable's default.
fn with_default_variables(server: &openapiv3::Server) -> String {
    let mut url = server.url.clone();
    for (name, variable) in server.variables.iter().flatten() {
        url = url.replace(&format!("{{{name}}}"), &variable.default);
    }
    url
}

/// The authentication the client must send, from `components.securitySchemes`.
///
/// `http` `bearer`, `oauth2` and `openIdConnect` all send
/// `Authorization: Bearer <token>`, which the client's constructors take.
/// Other schemes (`apiKey`, `http` `basic`) are valid and accepted; their
/// credentials go in the caller's own HTTP client
/// (`Client::new_with_client` with default headers).
pub fn auth(spec: &Spec) -> Result<Auth, Error> {
    let Some(components) = &spec.document.components else {
        return Ok(Auth::None);
    };
    let bearer = components.security_schemes.values().any(|scheme| {
        matches!(
            scheme,
            ReferenceOr::Item(SecurityScheme::HTTP { scheme, .. }) if scheme.eq_ignore_ascii_case("bearer")
        ) || matches!(
            scheme,
            ReferenceOr::Item(SecurityScheme::OAuth2 { .. } | SecurityScheme::OpenIDConnect { .. })
        )
    });
    Ok(if bearer { Auth::Bearer } else { Auth::None })
}

/// Tokens for the server constants and the authenticated constructors.
pub fn tokens(crate_name: &str, servers: &[Server], auth: Auth) -> TokenStream {
    let server_consts = servers.iter().map(|server| {
        let ident = Ident::new(&server.const_name, Span::call_site());
        let url = &server.url;
        let doc = match &server.description {
            Some(description) => format!("{}: <{url}>", description.trim_end_matches('.')),
            None => format!("<{url}>"),
        };
        quote! {
            #[doc = #doc]
            pub const #ident: &str = #url;
        }
    });
    let servers_module = (!servers.is_empty()).then(|| {
        quote! {
            /// Base URLs of the servers this API is served from, as listed in the spec.
            pub mod servers {
                #(#server_consts)*
            }
        }
    });

    let auth_items = (auth == Auth::Bearer).then(|| bearer_tokens(crate_name, servers.first()));

    quote! {
        #servers_module
        #auth_items
    }
}

/// The type progenitor stores in every `Client` (its "inner" value) when the
/// API uses bearer auth; the hooks read the credentials from it.
pub const CLIENT_STATE_TYPE: &str = "ClientState";

fn bearer_tokens(crate_name: &str, default_server: Option<&Server>) -> TokenStream {
    let retry = crate::retry::tokens();
    let error_body = crate::error_body::tokens();
    let crate_ident = Ident::new(&crate_name.replace('-', "_"), Span::call_site());
    let env_prefix = crate_name.replace('-', "_").to_uppercase();
    let token_var = format!("{env_prefix}_API_KEY");
    let base_url_var = format!("{env_prefix}_BASE_URL");
    let from_env_doc = format!(
        " Creates a client from the environment: the token from `{token_var}` and, when set, the base URL from `{base_url_var}`."
    );
    let builder_base_url = match default_server {
        Some(server) => {
            let ident = Ident::new(&server.const_name, Span::call_site());
            quote!(Some(servers::#ident.to_owned()))
        }
        None => quote!(None),
    };
    let default_constructor = default_server.map(|server| {
        let ident = Ident::new(&server.const_name, Span::call_site());
        let default_doc = format!(
            " The base URL used unless another is given: the first server in the spec, <{}>.",
            server.url
        );
        let example = format!(
            " ```no_run\n # fn main() -> Result<(), {crate_ident}::ClientBuildError> {{\n let client = {crate_ident}::Client::from_bearer_token(\"YOUR_API_KEY\")?;\n # let _ = client;\n # Ok(())\n # }}\n ```"
        );
        quote! {
            #[doc = #default_doc]
            pub const DEFAULT_BASE_URL: &'static str = servers::#ident;

            /// Creates a client for [`Client::DEFAULT_BASE_URL`] that sends
            /// `Authorization: Bearer <token>` with every request.
            ///
            /// # Errors
            ///
            /// [`ClientBuildError::InvalidToken`] when the token is empty or cannot be
            /// sent in an HTTP header; [`ClientBuildError::Http`] when the HTTP client
            /// cannot be initialised.
            ///
            /// # Example
            ///
            #[doc = #example]
            pub fn from_bearer_token(token: &str) -> Result<Self, ClientBuildError> {
                Self::builder().bearer_token(token).build()
            }
        }
    });
    let builder_example = format!(
        " ```no_run\n # fn main() -> Result<(), {crate_ident}::ClientBuildError> {{\n use std::time::Duration;\n\n let client = {crate_ident}::Client::builder()\n     .bearer_token(\"YOUR_API_KEY\")\n     .timeout(Duration::from_secs(30))\n     .build()?;\n # let _ = client;\n # Ok(())\n # }}\n ```"
    );

    quote! {
        /// `<crate>/<version>`: the default `User-Agent` of clients built by [`ClientBuilder`].
        pub const USER_AGENT: &str = concat!(env!("CARGO_PKG_NAME"), "/", env!("CARGO_PKG_VERSION"));

        /// How long connecting may take, unless [`ClientBuilder::connect_timeout`] says otherwise.
        pub const DEFAULT_CONNECT_TIMEOUT: ::std::time::Duration = ::std::time::Duration::from_secs(10);

        /// How long a whole request may take, unless [`ClientBuilder::timeout`] says otherwise.
        pub const DEFAULT_TIMEOUT: ::std::time::Duration = ::std::time::Duration::from_secs(30);

        /// What every request of a [`Client`] carries besides its own parameters.
        ///
        /// The credentials are kept here rather than in the HTTP client's
        /// default headers, so that they are sent even through an HTTP client
        /// supplied with [`ClientBuilder::http_client`]. `Debug` never shows them.
        #[derive(Clone, Default)]
        pub struct ClientState {
            authorization: Option<reqwest::header::HeaderValue>,
            retry: RetryPolicy,
        }

        impl ::std::fmt::Debug for ClientState {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.debug_struct("ClientState")
                    .field("authorization", &self.authorization.as_ref().map(|_| "[redacted]"))
                    .field("retry", &self.retry)
                    .finish()
            }
        }

        #retry

        #error_body

        impl ClientHooks<ClientState> for Client {
            async fn pre<E>(
                &self,
                request: &mut reqwest::Request,
                _info: &OperationInfo,
            ) -> ::std::result::Result<(), Error<E>> {
                if let Some(authorization) = &self.inner.authorization {
                    request
                        .headers_mut()
                        .insert(reqwest::header::AUTHORIZATION, authorization.clone());
                }
                Ok(())
            }

            async fn exec(
                &self,
                request: reqwest::Request,
                info: &OperationInfo,
            ) -> reqwest::Result<reqwest::Response> {
                #[cfg(feature = "tracing")]
                {
                    let response =
                        traced(info, execute_with_retries(&self.client, &self.inner.retry, request)).await?;
                    bound_error_body(response).await
                }
                #[cfg(not(feature = "tracing"))]
                {
                    let _ = info;
                    let response = execute_with_retries(&self.client, &self.inner.retry, request).await?;
                    bound_error_body(response).await
                }
            }
        }

        /// Runs one request (with its retries) inside a `tracing` span named after
        /// the operation; records the outcome on the span.
        #[cfg(feature = "tracing")]
        async fn traced(
            info: &OperationInfo,
            exchange: impl ::std::future::Future<Output = reqwest::Result<reqwest::Response>>,
        ) -> reqwest::Result<reqwest::Response> {
            use tracing::Instrument as _;
            let span = tracing::info_span!(
                "http_request",
                operation_id = info.operation_id,
                status = tracing::field::Empty,
                duration_ms = tracing::field::Empty,
                request_id = tracing::field::Empty,
            );
            let started = ::std::time::Instant::now();
            let outcome = exchange.instrument(span.clone()).await;
            span.record("duration_ms", started.elapsed().as_millis() as u64);
            match &outcome {
                Ok(response) => {
                    span.record("status", response.status().as_u16());
                    if let Some(id) = response.headers().get("x-request-id").and_then(|v| v.to_str().ok()) {
                        span.record("request_id", id);
                    }
                    tracing::debug!(parent: &span, status = response.status().as_u16(), "response received");
                }
                Err(error) => tracing::debug!(parent: &span, %error, "request failed"),
            }
            outcome
        }

        impl Client {
            #default_constructor

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

            #[doc = #from_env_doc]
            ///
            /// # Errors
            ///
            /// [`ClientBuildError::MissingEnvironmentVariable`] naming the variable
            /// when the token is not set; otherwise as [`ClientBuildError`].
            pub fn from_env() -> Result<Self, ClientBuildError> {
                let token = ::std::env::var(#token_var)
                    .map_err(|_| ClientBuildError::MissingEnvironmentVariable(#token_var))?;
                let mut builder = Self::builder().bearer_token(token);
                if let Ok(base_url) = ::std::env::var(#base_url_var) {
                    builder = builder.base_url(base_url);
                }
                builder.build()
            }

            /// Starts configuring a client: base URL, token, timeouts, user agent
            /// or an HTTP client of your own.
            ///
            /// # Example
            ///
            #[doc = #builder_example]
            pub fn builder() -> ClientBuilder {
                ClientBuilder {
                    base_url: #builder_base_url,
                    token: None,
                    connect_timeout: DEFAULT_CONNECT_TIMEOUT,
                    timeout: DEFAULT_TIMEOUT,
                    user_agent: USER_AGENT.to_owned(),
                    http_client: None,
                    retry: RetryPolicy::default(),
                }
            }
        }

        /// Configures a [`Client`]; start with [`Client::builder`].
        #[derive(Clone)]
        pub struct ClientBuilder {
            base_url: Option<String>,
            token: Option<String>,
            connect_timeout: ::std::time::Duration,
            timeout: ::std::time::Duration,
            user_agent: String,
            http_client: Option<reqwest::Client>,
            retry: RetryPolicy,
        }

        impl ::std::fmt::Debug for ClientBuilder {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.debug_struct("ClientBuilder")
                    .field("base_url", &self.base_url)
                    .field("token", &self.token.as_ref().map(|_| "[redacted]"))
                    .field("connect_timeout", &self.connect_timeout)
                    .field("timeout", &self.timeout)
                    .field("user_agent", &self.user_agent)
                    .field("http_client", &self.http_client.as_ref().map(|_| "custom"))
                    .field("retry", &self.retry)
                    .finish()
            }
        }

        impl ClientBuilder {
            /// Sends requests to `base_url` (scheme, host and optional path stem).
            pub fn base_url(mut self, base_url: impl Into<String>) -> Self {
                self.base_url = Some(base_url.into());
                self
            }

            /// Authenticates every request with `Authorization: Bearer <token>`.
            pub fn bearer_token(mut self, token: impl Into<String>) -> Self {
                self.token = Some(token.into());
                self
            }

            /// How long connecting may take (default [`DEFAULT_CONNECT_TIMEOUT`]).
            /// Ignored with [`ClientBuilder::http_client`].
            pub fn connect_timeout(mut self, timeout: ::std::time::Duration) -> Self {
                self.connect_timeout = timeout;
                self
            }

            /// How long a whole request may take (default [`DEFAULT_TIMEOUT`]).
            /// Ignored with [`ClientBuilder::http_client`].
            pub fn timeout(mut self, timeout: ::std::time::Duration) -> Self {
                self.timeout = timeout;
                self
            }

            /// The `User-Agent` header (default [`USER_AGENT`]).
            /// Ignored with [`ClientBuilder::http_client`].
            pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
                self.user_agent = user_agent.into();
                self
            }

            /// Sends requests through `http_client`, configured as you wish; the
            /// token is still added to every request.
            pub fn http_client(mut self, http_client: reqwest::Client) -> Self {
                self.http_client = Some(http_client);
                self
            }

            /// When to send a failed request again (default [`RetryPolicy::default`];
            /// [`RetryPolicy::NONE`] turns retries off).
            pub fn retry_policy(mut self, policy: RetryPolicy) -> Self {
                self.retry = policy;
                self
            }

            /// Builds the client.
            ///
            /// # Errors
            ///
            /// [`ClientBuildError::MissingBaseUrl`] or [`ClientBuildError::InvalidBaseUrl`]
            /// for the base URL; [`ClientBuildError::InvalidToken`] when the token is
            /// empty or cannot be sent in an HTTP header; [`ClientBuildError::Http`]
            /// when the HTTP client cannot be initialised.
            pub fn build(self) -> Result<Client, ClientBuildError> {
                let base_url = self.base_url.ok_or(ClientBuildError::MissingBaseUrl)?;
                let parsed = reqwest::Url::parse(&base_url)
                    .map_err(|_| ClientBuildError::InvalidBaseUrl(base_url.clone()))?;
                if !matches!(parsed.scheme(), "http" | "https") {
                    return Err(ClientBuildError::InvalidBaseUrl(base_url));
                }
                let authorization = match self.token {
                    None => None,
                    Some(token) if token.is_empty() => return Err(ClientBuildError::InvalidToken),
                    Some(token) => {
                        let mut value = reqwest::header::HeaderValue::try_from(format!("Bearer {token}"))
                            .map_err(|_| ClientBuildError::InvalidToken)?;
                        value.set_sensitive(true);
                        Some(value)
                    }
                };
                let http_client = match self.http_client {
                    Some(http_client) => http_client,
                    None => reqwest::Client::builder()
                        .user_agent(self.user_agent)
                        .connect_timeout(self.connect_timeout)
                        .timeout(self.timeout)
                        .build()
                        .map_err(ClientBuildError::Http)?,
                };
                let base_url = base_url.trim_end_matches('/');
                Ok(Client::new_with_client(
                    base_url,
                    http_client,
                    ClientState {
                        authorization,
                        retry: self.retry,
                    },
                ))
            }
        }

        /// Why a [`Client`] could not be built. No variant ever shows the token.
        #[derive(Debug)]
        #[non_exhaustive]
        pub enum ClientBuildError {
            /// The token is empty or holds characters that cannot appear in an
            /// HTTP header, such as a line break.
            InvalidToken,
            /// No base URL was given and the spec lists no server.
            MissingBaseUrl,
            /// The base URL is not an absolute `http` or `https` URL.
            InvalidBaseUrl(String),
            /// A required environment variable is not set (or not valid Unicode).
            MissingEnvironmentVariable(&'static str),
            /// The HTTP client could not be initialised (for example, TLS setup failed).
            Http(reqwest::Error),
        }

        impl ::std::fmt::Display for ClientBuildError {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                match self {
                    Self::InvalidToken => f.write_str(
                        "invalid API token: it is empty or contains characters not allowed in an HTTP header",
                    ),
                    Self::MissingBaseUrl => f.write_str("no base URL was given"),
                    Self::InvalidBaseUrl(url) => write!(f, "`{url}` is not an absolute http(s) URL"),
                    Self::MissingEnvironmentVariable(name) => {
                        write!(f, "the environment variable `{name}` is not set")
                    }
                    Self::Http(_) => f.write_str("the HTTP client could not be initialised"),
                }
            }
        }

        impl ::std::error::Error for ClientBuildError {
            fn source(&self) -> Option<&(dyn ::std::error::Error + 'static)> {
                match self {
                    Self::Http(error) => Some(error),
                    _ => None,
                }
            }
        }
    }
}

/// `https://api.example.com` → `API_EXAMPLE_COM`.
fn screaming_snake_from_host(url: &str) -> String {
    let host = url
        .split("://")
        .nth(1)
        .unwrap_or(url)
        .split(['/', ':'])
        .next()
        .unwrap_or_default();
    let name: String = host
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_uppercase()
            } else {
                '_'
            }
        })
        .collect();
    if name.starts_with(|c: char| c.is_ascii_alphabetic()) {
        name
    } else {
        format!("SERVER_{name}")
    }
}

fn is_screaming_snake(name: &str) -> bool {
    name.starts_with(|c: char| c.is_ascii_uppercase())
        && name
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn server_names_come_from_the_host_when_the_spec_gives_none() {
        assert_eq!(
            screaming_snake_from_host("https://api.pepipost.com"),
            "API_PEPIPOST_COM"
        );
        assert_eq!(
            screaming_snake_from_host("http://127.0.0.1:8080/v1"),
            "SERVER_127_0_0_1"
        );
    }
}
