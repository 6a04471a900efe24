//! Configuring and building a client.

use std::fmt;
use std::marker::PhantomData;
use std::time::Duration;

use reqwest::header::HeaderValue;

use crate::{
    ClientState, Credential, CredentialError, Credentials, RetryPolicy, SchemeKind, Security,
    ServerTemplate,
};

/// How long connecting may take, unless [`ClientBuilder::connect_timeout`] says otherwise.
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// How long a whole request may take, unless [`ClientBuilder::timeout`] says otherwise.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);

/// What a [`ClientBuilder`] needs of the client it builds. Each generated
/// crate implements it for its `Client`; there is no need to implement it
/// yourself.
pub trait BuildClient: Sized {
    /// The base URL used unless the builder is given another: the spec's
    /// first server, if it lists one.
    const DEFAULT_BASE_URL: Option<&'static str>;
    /// The default `User-Agent`: `<crate>/<version>`.
    const USER_AGENT: &'static str;
    /// Whether the client records a `tracing` span per request (the
    /// generated crate's own `tracing` feature).
    const TRACED: bool;
    /// The spec's security schemes and requirements; by default one bearer
    /// scheme that every request carries.
    const SECURITY: &'static Security = &Security::BEARER;
    /// The environment variable [`ClientBuilder::from_env`] reads the base
    /// URL from, when it is set.
    const BASE_URL_ENV: Option<&'static str> = None;
    /// The spec's first server, when its URL has variables.
    const SERVER: Option<&'static ServerTemplate> = None;

    /// The client made of `parts`, which the builder has checked.
    fn from_parts(parts: ClientParts) -> Self;
}

/// What a client is made of, as [`ClientBuilder::build`] hands it to
/// [`BuildClient::from_parts`]. Non-exhaustive, so that the runtime can
/// hand over more without breaking the clients already generated.
#[derive(Debug)]
#[non_exhaustive]
pub struct ClientParts {
    /// Scheme, host and optional path stem, without a trailing `/`.
    pub base_url: String,
    /// The HTTP client requests are sent through.
    pub http_client: reqwest::Client,
    /// What every request carries: credentials and retry policy.
    pub state: ClientState,
}

/// Configures a client `C`; generated crates name it `ClientBuilder` and
/// start it with `Client::builder()`.
pub struct ClientBuilder<C> {
    settings: Settings,
    client: PhantomData<fn() -> C>,
}

/// What a [`ClientBuilder`] has been told, whatever client it builds: the
/// builder's work happens on this type, so it is compiled once, here, not
/// again in every client crate that instantiates the generic builder.
#[derive(Clone)]
struct Settings {
    base_url: Option<String>,
    /// Whether `base_url` was given (else it is the spec's default).
    base_url_given: bool,
    server: Option<&'static ServerTemplate>,
    server_variables: Vec<(String, String)>,
    token: Option<String>,
    credentials: Vec<(String, Credential)>,
    connect_timeout: Duration,
    timeout: Duration,
    user_agent: String,
    http_client: Option<reqwest::Client>,
    retry: RetryPolicy,
}

// By hand: a derived impl would ask `C` to be `Clone` too.
impl<C> Clone for ClientBuilder<C> {
    fn clone(&self) -> Self {
        Self {
            settings: self.settings.clone(),
            client: PhantomData,
        }
    }
}

// By hand: a derived impl would ask `C` to be `Debug` too, and would show the token.
impl<C> fmt::Debug for ClientBuilder<C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let settings = &self.settings;
        f.debug_struct("ClientBuilder")
            .field("base_url", &settings.base_url)
            .field("server_variables", &settings.server_variables)
            .field("token", &settings.token.as_ref().map(|_| "[redacted]"))
            .field(
                "credentials",
                &settings
                    .credentials
                    .iter()
                    .map(|(scheme, _)| (scheme.as_str(), "[redacted]"))
                    .collect::<Vec<_>>(),
            )
            .field("connect_timeout", &settings.connect_timeout)
            .field("timeout", &settings.timeout)
            .field("user_agent", &settings.user_agent)
            .field(
                "http_client",
                &settings.http_client.as_ref().map(|_| "custom"),
            )
            .field("retry", &settings.retry)
            .finish()
    }
}

impl<C: BuildClient> Default for ClientBuilder<C> {
    fn default() -> Self {
        Self::new()
    }
}

impl<C: BuildClient> ClientBuilder<C> {
    /// A builder with the client's defaults: its spec's first server, no
    /// token, [`DEFAULT_CONNECT_TIMEOUT`], [`DEFAULT_TIMEOUT`], its own
    /// user agent and [`RetryPolicy::default`].
    pub fn new() -> Self {
        Self {
            settings: Settings {
                base_url: C::DEFAULT_BASE_URL.map(str::to_owned),
                base_url_given: false,
                server: C::SERVER,
                server_variables: Vec::new(),
                token: None,
                credentials: Vec::new(),
                connect_timeout: DEFAULT_CONNECT_TIMEOUT,
                timeout: DEFAULT_TIMEOUT,
                user_agent: C::USER_AGENT.to_owned(),
                http_client: None,
                retry: RetryPolicy::default(),
            },
            client: PhantomData,
        }
    }

    /// Takes the credential of every security scheme whose environment
    /// variables (the [`Scheme::env`](crate::Scheme::env) the client
    /// declares) are set, and the base URL from the client's
    /// [`BuildClient::BASE_URL_ENV`] when that is set.
    ///
    /// # Errors
    ///
    /// [`ClientBuildError::MissingEnvironmentVariable`] when a basic
    /// scheme's user name is set without its password (or the other way
    /// round), or when no credential is set and the API requires one,
    /// naming the first variable of the first alternative it requires.
    pub fn from_env(self) -> Result<Self, ClientBuildError> {
        self.with_env_lookup(|name| std::env::var(name).ok())
    }

    /// [`ClientBuilder::from_env`] with `lookup` standing for the environment.
    fn with_env_lookup(
        mut self,
        lookup: impl Fn(&str) -> Option<String>,
    ) -> Result<Self, ClientBuildError> {
        self.settings
            .read_env(C::SECURITY, C::BASE_URL_ENV, &lookup)?;
        Ok(self)
    }

    /// Builds the client.
    ///
    /// # Errors
    ///
    /// [`ClientBuildError::MissingBaseUrl`] or [`ClientBuildError::InvalidBaseUrl`]
    /// for the base URL; [`ClientBuildError::InvalidToken`] when the token is
    /// empty or cannot be sent in an HTTP header;
    /// [`ClientBuildError::Credential`] when a credential names no scheme of
    /// the API, is of the wrong kind or cannot be sent;
    /// [`ClientBuildError::Http`] when the HTTP client cannot be initialised.
    pub fn build(self) -> Result<C, ClientBuildError> {
        self.settings
            .into_parts(C::TRACED, C::SECURITY)
            .map(C::from_parts)
    }
}

impl Settings {
    /// Reads the credentials and base URL [`ClientBuilder::from_env`] takes.
    fn read_env(
        &mut self,
        security: &'static Security,
        base_url_var: Option<&'static str>,
        lookup: &dyn Fn(&str) -> Option<String>,
    ) -> Result<(), ClientBuildError> {
        let missing = ClientBuildError::MissingEnvironmentVariable;
        let mut found = Vec::new();
        for scheme in security.schemes {
            let credential = match (scheme.kind, scheme.env) {
                (SchemeKind::Basic, [user_var, password_var]) => {
                    match (lookup(user_var), lookup(password_var)) {
                        (Some(user), Some(password)) => Credential::Basic {
                            user,
                            password: password.into(),
                        },
                        (Some(_), None) => return Err(missing(password_var)),
                        (None, Some(_)) => return Err(missing(user_var)),
                        (None, None) => continue,
                    }
                }
                (SchemeKind::OAuth2 { .. }, [token_var, id_var, secret_var]) => {
                    match (lookup(id_var), lookup(secret_var), lookup(token_var)) {
                        (Some(client_id), Some(client_secret), _) => {
                            Credential::ClientCredentials {
                                client_id,
                                client_secret: client_secret.into(),
                                scopes: Vec::new(),
                            }
                        }
                        (Some(_), None, None) => return Err(missing(secret_var)),
                        (None, Some(_), None) => return Err(missing(id_var)),
                        (_, _, Some(token)) => Credential::Secret(token.into()),
                        (None, None, None) => continue,
                    }
                }
                (_, [var, ..]) => match lookup(var) {
                    Some(secret) => Credential::Secret(secret.into()),
                    None => continue,
                },
                _ => continue,
            };
            found.push((scheme.name.to_owned(), credential));
        }
        if found.is_empty() && !security.allows_anonymous() {
            let wanted = security
                .default
                .into_iter()
                .chain(security.operations.iter().map(|(_, own)| *own))
                .flat_map(|requirement| requirement.iter())
                .flat_map(|alternative| alternative.iter())
                .filter_map(|name| security.scheme(name))
                .chain(security.schemes)
                .find_map(|scheme| scheme.env.first());
            if let Some(var) = wanted {
                return Err(missing(var));
            }
        }
        for (scheme, credential) in found {
            self.credentials.retain(|(given, _)| *given != scheme);
            self.credentials.push((scheme, credential));
        }
        if let Some(base_url) = base_url_var.and_then(lookup) {
            self.base_url = Some(base_url);
            self.base_url_given = true;
        }
        Ok(())
    }

    /// The checked parts of a client, for [`ClientBuilder::build`].
    fn into_parts(
        self,
        traced: bool,
        security: &'static Security,
    ) -> Result<ClientParts, ClientBuildError> {
        let base_url = match self.server {
            Some(server) if !self.base_url_given && !self.server_variables.is_empty() => server
                .url_with(&self.server_variables)
                .map_err(ClientBuildError::UnknownServerVariable)?,
            _ => self.base_url.ok_or(ClientBuildError::MissingBaseUrl)?,
        };
        let parsed = reqwest::Url::parse(&base_url)
            .map_err(|_| ClientBuildError::InvalidBaseUrl(base_url.clone()))?;
        if !matches!(parsed.scheme(), "http" | "https") {
            return Err(ClientBuildError::InvalidBaseUrl(base_url));
        }
        let credentials = credentials(security, self.token, self.credentials)?;
        let http_client = match self.http_client {
            Some(http_client) => http_client,
            None => reqwest::Client::builder()
                .user_agent(self.user_agent)
                .connect_timeout(self.connect_timeout)
                .timeout(self.timeout)
                .build()
                .map_err(ClientBuildError::Http)?,
        };
        Ok(ClientParts {
            base_url: base_url.trim_end_matches('/').to_owned(),
            http_client,
            state: ClientState::new(credentials, self.retry, traced),
        })
    }
}

impl<C> ClientBuilder<C> {
    /// Sends requests to `base_url` (scheme, host and optional path stem).
    pub fn base_url(mut self, base_url: impl Into<String>) -> Self {
        self.settings.base_url = Some(base_url.into());
        self.settings.base_url_given = true;
        self
    }

    /// Sets the variable `name` of the spec's first server (the generated
    /// setters named after the variables call it). A base URL given with
    /// [`ClientBuilder::base_url`] takes precedence over the server.
    pub fn server_variable(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.settings
            .server_variables
            .push((name.into(), value.into()));
        self
    }

    /// Authenticates requests with `Authorization: Bearer <token>`: the
    /// token of every bearer, OAuth 2 and OpenID Connect scheme of the API.
    pub fn bearer_token(mut self, token: impl Into<String>) -> Self {
        self.settings.token = Some(token.into());
        self
    }

    /// Gives the credential of the API's security scheme named `scheme` (its
    /// key in the spec's `securitySchemes`); requests carry it as their
    /// operation's security requirement says.
    pub fn credential(mut self, scheme: impl Into<String>, credential: Credential) -> Self {
        let scheme = scheme.into();
        self.settings
            .credentials
            .retain(|(given, _)| *given != scheme);
        self.settings.credentials.push((scheme, credential));
        self
    }

    /// Takes the token from the environment variable `token_var`, which
    /// must be set, and the base URL from `base_url_var` when that is set.
    ///
    /// # Errors
    ///
    /// [`ClientBuildError::MissingEnvironmentVariable`] naming `token_var`
    /// when it is not set or not valid Unicode.
    pub fn from_env_vars(
        self,
        token_var: &'static str,
        base_url_var: &'static str,
    ) -> Result<Self, ClientBuildError> {
        let token = std::env::var(token_var)
            .map_err(|_| ClientBuildError::MissingEnvironmentVariable(token_var))?;
        let builder = self.bearer_token(token);
        Ok(match std::env::var(base_url_var) {
            Ok(base_url) => builder.base_url(base_url),
            Err(_) => builder,
        })
    }

    /// How long connecting may take (default [`DEFAULT_CONNECT_TIMEOUT`]).
    /// Ignored with [`ClientBuilder::http_client`].
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.settings.connect_timeout = timeout;
        self
    }

    /// How long a whole request may take (default [`DEFAULT_TIMEOUT`]).
    /// Ignored with [`ClientBuilder::http_client`].
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.settings.timeout = timeout;
        self
    }

    /// The `User-Agent` header (default `<crate>/<version>` of the client's
    /// crate). Ignored with [`ClientBuilder::http_client`].
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.settings.user_agent = user_agent.into();
        self
    }

    /// Sends requests through `http_client`, configured as you wish; the
    /// token is still added to every request.
    pub fn http_client(mut self, http_client: reqwest::Client) -> Self {
        self.settings.http_client = Some(http_client);
        self
    }

    /// When to send a failed request again (default [`RetryPolicy::default`];
    /// [`RetryPolicy::NONE`] turns retries off).
    pub fn retry_policy(mut self, policy: RetryPolicy) -> Self {
        self.settings.retry = policy;
        self
    }
}

/// The credentials given, checked against `security`: the bearer `token`
/// goes to every bearer scheme that was not given a credential of its own.
fn credentials(
    security: &'static Security,
    token: Option<String>,
    mut given: Vec<(String, Credential)>,
) -> Result<Credentials, ClientBuildError> {
    if let Some(token) = token {
        if token.is_empty() || HeaderValue::try_from(format!("Bearer {token}")).is_err() {
            return Err(ClientBuildError::InvalidToken);
        }
        let bearer: Vec<&str> = security
            .schemes
            .iter()
            .filter(|scheme| takes_bearer_token(scheme.kind))
            .map(|scheme| scheme.name)
            .filter(|name| given.iter().all(|(scheme, _)| scheme != name))
            .collect();
        if bearer.is_empty() && security.schemes.iter().all(|s| !takes_bearer_token(s.kind)) {
            return Err(ClientBuildError::Credential(
                CredentialError::UnknownScheme("(any bearer token scheme)".to_owned()),
            ));
        }
        for name in bearer {
            given.push((
                name.to_owned(),
                Credential::Secret(crate::Secret::new(token.clone())),
            ));
        }
    }
    Credentials::check(
        security,
        given
            .iter()
            .map(|(scheme, credential)| (scheme.as_str(), credential)),
    )
    .map_err(ClientBuildError::Credential)
}

/// Whether a scheme takes a bearer token as is.
fn takes_bearer_token(kind: SchemeKind) -> bool {
    matches!(kind, SchemeKind::Bearer | SchemeKind::OAuth2 { .. })
}

/// Why a client could not be built. No variant ever shows the token.
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
    /// A server variable was set that the spec's first server does not declare.
    UnknownServerVariable(String),
    /// A credential names no security scheme of the API, is of the wrong
    /// kind for its scheme, or cannot be sent.
    Credential(CredentialError),
    /// The HTTP client could not be initialised (for example, TLS setup failed).
    Http(reqwest::Error),
}

impl fmt::Display for ClientBuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::InvalidToken => f.write_str(
                "invalid API token: it is empty or contains characters not allowed in an HTTP header",
            ),
            Self::MissingBaseUrl => f.write_str("no base URL was given"),
            Self::InvalidBaseUrl(url) => write!(f, "`{url}` is not an absolute http(s) URL"),
            Self::MissingEnvironmentVariable(name) => {
                write!(f, "the environment variable `{name}` is not set")
            }
            Self::UnknownServerVariable(name) => {
                write!(f, "the API's server has no variable `{name}`")
            }
            Self::Credential(error) => error.fmt(f),
            Self::Http(_) => f.write_str("the HTTP client could not be initialised"),
        }
    }
}

impl std::error::Error for ClientBuildError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::Http(error) => Some(error),
            Self::Credential(error) => Some(error),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A client of the shape generated ones have.
    #[derive(Debug)]
    struct Client {
        base_url: String,
        state: ClientState,
    }

    impl BuildClient for Client {
        const DEFAULT_BASE_URL: Option<&'static str> = Some("https://api.example.com/v1/");
        const USER_AGENT: &'static str = "example/1.2.3";
        const TRACED: bool = false;

        fn from_parts(parts: ClientParts) -> Self {
            Self {
                base_url: parts.base_url,
                state: parts.state,
            }
        }
    }

    /// A client whose spec lists no server.
    struct Serverless;

    impl BuildClient for Serverless {
        const DEFAULT_BASE_URL: Option<&'static str> = None;
        const USER_AGENT: &'static str = "serverless/0.1.0";
        const TRACED: bool = false;

        fn from_parts(_: ClientParts) -> Self {
            Self
        }
    }

    #[test]
    fn the_spec_server_is_the_default_base_url_without_its_trailing_slash() {
        let client = ClientBuilder::<Client>::new().build().expect("client");
        assert_eq!(client.base_url, "https://api.example.com/v1");
        let elsewhere = ClientBuilder::<Client>::new()
            .base_url("http://127.0.0.1:8080")
            .build()
            .expect("client");
        assert_eq!(elsewhere.base_url, "http://127.0.0.1:8080");
    }

    #[test]
    fn base_urls_must_be_absolute_http_urls() {
        assert!(matches!(
            ClientBuilder::<Serverless>::new().build(),
            Err(ClientBuildError::MissingBaseUrl)
        ));
        for url in ["api.example.com", "ftp://api.example.com", ""] {
            let error = ClientBuilder::<Client>::new().base_url(url).build();
            assert!(
                matches!(&error, Err(ClientBuildError::InvalidBaseUrl(given)) if given == url),
                "{url}: {error:?}"
            );
        }
    }

    #[test]
    fn tokens_must_fit_in_a_header_and_are_never_shown() {
        for token in ["", "line\nbreak"] {
            let error = ClientBuilder::<Client>::new().bearer_token(token).build();
            assert!(
                matches!(error, Err(ClientBuildError::InvalidToken)),
                "{token:?}"
            );
        }
        let builder = ClientBuilder::<Client>::new().bearer_token("sk_live_secret");
        assert!(!format!("{builder:?}").contains("sk_live_secret"));
        let client = builder.build().expect("client");
        assert!(!format!("{client:?}").contains("sk_live_secret"));
        let error = ClientBuilder::<Client>::new()
            .bearer_token("sk_live_secret\n")
            .build()
            .expect_err("invalid");
        assert!(!format!("{error} {error:?}").contains("sk_live_secret"));
    }

    /// A client whose spec declares an API key header and basic auth.
    #[derive(Debug)]
    struct Keyed {
        state: ClientState,
    }

    impl BuildClient for Keyed {
        const DEFAULT_BASE_URL: Option<&'static str> = Some("https://api.example.com");
        const USER_AGENT: &'static str = "keyed/0.1.0";
        const TRACED: bool = false;
        const SECURITY: &'static Security = &Security {
            schemes: &[
                crate::Scheme {
                    name: "ApiKeyAuth",
                    kind: SchemeKind::ApiKey {
                        location: crate::KeyLocation::Header,
                        name: "X-API-Key",
                    },
                    env: &[],
                },
                crate::Scheme {
                    name: "basic",
                    kind: SchemeKind::Basic,
                    env: &[],
                },
            ],
            default: None,
            operations: &[],
        };

        fn from_parts(parts: ClientParts) -> Self {
            Self { state: parts.state }
        }
    }

    #[test]
    fn credentials_are_given_by_scheme_and_checked_against_the_spec() {
        let client = ClientBuilder::<Keyed>::new()
            .credential("ApiKeyAuth", Credential::Secret("first".into()))
            .credential("ApiKeyAuth", Credential::Secret("k3y-secret".into()))
            .build()
            .expect("client");
        let shown = format!("{:?}", client.state);
        assert!(shown.contains("ApiKeyAuth"), "{shown}");
        assert!(!shown.contains("k3y-secret"), "{shown}");

        let unknown = ClientBuilder::<Keyed>::new()
            .credential("OAuth", Credential::Secret("t".into()))
            .build()
            .expect_err("no such scheme");
        assert!(unknown.to_string().contains("`OAuth`"), "{unknown}");
        let no_bearer = ClientBuilder::<Keyed>::new()
            .bearer_token("t0ken-secret")
            .build()
            .expect_err("no bearer scheme");
        assert!(
            matches!(no_bearer, ClientBuildError::Credential(_)),
            "{no_bearer:?}"
        );
        assert!(!format!("{no_bearer} {no_bearer:?}").contains("t0ken-secret"));
    }

    /// A client whose API needs an API key, or basic credentials.
    #[derive(Debug)]
    struct FromEnv {
        base_url: String,
        state: ClientState,
    }

    impl BuildClient for FromEnv {
        const DEFAULT_BASE_URL: Option<&'static str> = Some("https://api.example.com");
        const USER_AGENT: &'static str = "env/0.1.0";
        const TRACED: bool = false;
        const BASE_URL_ENV: Option<&'static str> = Some("ENV_BASE_URL");
        const SECURITY: &'static Security = &Security {
            schemes: &[
                crate::Scheme {
                    name: "basic",
                    kind: SchemeKind::Basic,
                    env: &["ENV_BASIC_USERNAME", "ENV_BASIC_PASSWORD"],
                },
                crate::Scheme {
                    name: "key",
                    kind: SchemeKind::ApiKey {
                        location: crate::KeyLocation::Header,
                        name: "X-Key",
                    },
                    env: &["ENV_KEY"],
                },
            ],
            default: Some(&[&["key"], &["basic"]]),
            operations: &[("ping", &[])],
        };

        fn from_parts(parts: ClientParts) -> Self {
            Self {
                base_url: parts.base_url,
                state: parts.state,
            }
        }
    }

    fn from_env(vars: &[(&str, &str)]) -> Result<FromEnv, ClientBuildError> {
        let lookup = |name: &str| {
            vars.iter()
                .find(|(var, _)| *var == name)
                .map(|(_, value)| (*value).to_owned())
        };
        ClientBuilder::<FromEnv>::new()
            .with_env_lookup(lookup)?
            .build()
    }

    #[test]
    fn from_env_reads_each_scheme_s_variables_and_the_base_url() {
        let client = from_env(&[("ENV_KEY", "k3y"), ("ENV_BASE_URL", "http://127.0.0.1:9")])
            .expect("client");
        assert_eq!(client.base_url, "http://127.0.0.1:9");
        assert!(format!("{:?}", client.state).contains("\"key\""));
        let both = from_env(&[
            ("ENV_KEY", "k3y"),
            ("ENV_BASIC_USERNAME", "ada"),
            ("ENV_BASIC_PASSWORD", "pa55"),
        ])
        .expect("client");
        let shown = format!("{:?}", both.state);
        assert!(shown.contains("basic") && shown.contains("key"), "{shown}");
        assert!(!shown.contains("pa55"), "{shown}");
    }

    #[test]
    fn from_env_names_the_variable_that_is_missing() {
        let missing = |vars: &[(&str, &str)]| match from_env(vars) {
            Err(ClientBuildError::MissingEnvironmentVariable(var)) => var,
            other => panic!("{other:?}"),
        };
        assert_eq!(
            missing(&[("ENV_BASIC_USERNAME", "ada")]),
            "ENV_BASIC_PASSWORD"
        );
        assert_eq!(
            missing(&[("ENV_BASIC_PASSWORD", "pa55")]),
            "ENV_BASIC_USERNAME"
        );
        // The document asks for the key first.
        assert_eq!(missing(&[]), "ENV_KEY");
    }

    #[test]
    fn from_env_requires_a_credential_only_when_the_api_does() {
        struct Required;
        impl BuildClient for Required {
            const DEFAULT_BASE_URL: Option<&'static str> = Some("https://api.example.com");
            const USER_AGENT: &'static str = "required/0.1.0";
            const TRACED: bool = false;
            const SECURITY: &'static Security = &Security {
                schemes: &[crate::Scheme {
                    name: "key",
                    kind: SchemeKind::Bearer,
                    env: &["REQUIRED_API_KEY"],
                }],
                default: Some(&[&["key"]]),
                operations: &[],
            };
            fn from_parts(_: ClientParts) -> Self {
                Self
            }
        }
        let error = ClientBuilder::<Required>::new()
            .with_env_lookup(|_| None)
            .expect_err("required");
        assert!(error.to_string().contains("REQUIRED_API_KEY"), "{error}");
    }

    /// A client whose spec's first server has variables.
    #[derive(Debug)]
    struct Regional {
        base_url: String,
    }

    impl BuildClient for Regional {
        const DEFAULT_BASE_URL: Option<&'static str> = Some("https://eu.api.example.com/v2");
        const USER_AGENT: &'static str = "regional/0.1.0";
        const TRACED: bool = false;
        const SERVER: Option<&'static ServerTemplate> = Some(&ServerTemplate {
            url: "https://{region}.api.example.com/{version}",
            variables: &[("region", "eu"), ("version", "v2")],
        });

        fn from_parts(parts: ClientParts) -> Self {
            Self {
                base_url: parts.base_url,
            }
        }
    }

    #[test]
    fn server_variables_fill_the_spec_s_server_unless_a_base_url_is_given() {
        let base_url = |builder: ClientBuilder<Regional>| builder.build().map(|c| c.base_url);
        assert_eq!(
            base_url(ClientBuilder::new()).expect("client"),
            "https://eu.api.example.com/v2"
        );
        assert_eq!(
            base_url(ClientBuilder::new().server_variable("region", "us")).expect("client"),
            "https://us.api.example.com/v2"
        );
        assert_eq!(
            base_url(
                ClientBuilder::new()
                    .server_variable("region", "us")
                    .base_url("http://127.0.0.1:9")
            )
            .expect("client"),
            "http://127.0.0.1:9"
        );
        assert!(matches!(
            base_url(ClientBuilder::new().server_variable("zone", "b")),
            Err(ClientBuildError::UnknownServerVariable(name)) if name == "zone"
        ));
        assert!(matches!(
            base_url(ClientBuilder::new().server_variable("region", "not a host")),
            Err(ClientBuildError::InvalidBaseUrl(_))
        ));
    }

    #[test]
    fn the_retry_policy_reaches_the_client() {
        let client = ClientBuilder::<Client>::new()
            .retry_policy(RetryPolicy::NONE)
            .build()
            .expect("client");
        assert_eq!(*client.state.retry_policy(), RetryPolicy::NONE);
    }

    #[test]
    fn a_missing_token_variable_is_named() {
        let error = ClientBuilder::<Client>::new()
            .from_env_vars(
                "CLIENT_RUNTIME_TEST_UNSET_TOKEN",
                "CLIENT_RUNTIME_TEST_UNSET_URL",
            )
            .expect_err("unset");
        assert!(
            error
                .to_string()
                .contains("CLIENT_RUNTIME_TEST_UNSET_TOKEN"),
            "{error}"
        );
    }
}
