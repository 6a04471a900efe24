//! The security schemes a spec declares, the credentials a caller gives for
//! them, and which of those a request carries.
//!
//! A generated crate declares its spec's `components.securitySchemes` and
//! `security` requirements as a [`Security`] constant; the caller gives
//! credentials to the builder, by scheme; each request then carries the
//! credentials of the first alternative of its operation's requirement that
//! the caller has given all of (see [`Credentials::chosen`]). Secrets are kept as sensitive header values
//! or in [`Secret`]s, and no `Debug` or error shows them.

use std::collections::BTreeMap;
use std::fmt;

use base64::Engine as _;
use reqwest::header::{AUTHORIZATION, COOKIE, HeaderName, HeaderValue};

use crate::oauth::TokenSource;

/// Where an `apiKey` scheme's key travels.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KeyLocation {
    /// A request header of the scheme's name.
    Header,
    /// A query parameter of the scheme's name.
    Query,
    /// A cookie of the scheme's name, in the `Cookie` header.
    Cookie,
}

/// How a security scheme authenticates a request.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SchemeKind {
    /// `type: apiKey`: the key, as is, in the header, query parameter or
    /// cookie named `name`.
    ApiKey {
        /// Where the key goes.
        location: KeyLocation,
        /// The header, query parameter or cookie name.
        name: &'static str,
    },
    /// `type: http, scheme: basic`: `Authorization: Basic <base64(user:password)>`.
    Basic,
    /// `type: http, scheme: bearer`, `oauth2` and `openIdConnect`:
    /// `Authorization: Bearer <token>`.
    Bearer,
    /// `type: oauth2` with a `clientCredentials` flow: a token given as is,
    /// or fetched from `token_url` with a client id and secret
    /// ([`Credential::ClientCredentials`]); sent as `Authorization: Bearer <token>`.
    OAuth2 {
        /// The flow's `tokenUrl`: absolute, or relative to the API's URL.
        token_url: &'static str,
    },
    /// `type: http` with another scheme (`digest`, `hoba`, …):
    /// `Authorization: <scheme> <credentials>`, the credentials as given.
    Http {
        /// The scheme's name as the spec spells it.
        scheme: &'static str,
    },
}

/// One entry of the spec's `components.securitySchemes`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Scheme {
    /// Its key in `securitySchemes`, by which requirements name it.
    pub name: &'static str,
    /// How it authenticates.
    pub kind: SchemeKind,
    /// The environment variables `from_env` reads its credential from: the
    /// user name's and the password's for `http` `basic`; the token's, the
    /// client id's and the client secret's for [`SchemeKind::OAuth2`]; one
    /// otherwise.
    pub env: &'static [&'static str],
}

/// A security requirement: alternatives, any one of which suffices, each
/// the schemes (by name) that must all be sent. `&[]` (the spec's
/// `security: []`) sends nothing; an empty alternative (`{}`) allows a
/// request without credentials.
pub type Requirement = &'static [&'static [&'static str]];

/// What a spec says about security, as a generated crate declares it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Security {
    /// The spec's security schemes.
    pub schemes: &'static [Scheme],
    /// The document's `security`, for the operations without their own;
    /// `None` when the spec has none, in which case every credential the
    /// caller gave is sent.
    pub default: Option<Requirement>,
    /// The operations with a `security` of their own, sorted by operation id.
    pub operations: &'static [(&'static str, Requirement)],
}

impl Security {
    /// A spec without security schemes: the caller's bearer token, if any,
    /// goes with every request.
    pub const BEARER: Self = Self {
        schemes: &[Scheme {
            name: "bearer",
            kind: SchemeKind::Bearer,
            env: &[],
        }],
        default: None,
        operations: &[],
    };

    /// The scheme named `name`.
    pub fn scheme(&self, name: &str) -> Option<&Scheme> {
        self.schemes.iter().find(|scheme| scheme.name == name)
    }

    /// Whether the spec lets a client call without any credential: no
    /// scheme, no requirement, or a requirement with an empty alternative
    /// (or `security: []`) for the document and every operation's own.
    pub fn allows_anonymous(&self) -> bool {
        let anonymous = |requirement: Requirement| {
            requirement.is_empty() || requirement.iter().any(|alternative| alternative.is_empty())
        };
        self.schemes.is_empty()
            || (self.default.is_none_or(anonymous)
                && self.operations.iter().all(|(_, own)| anonymous(own)))
    }

    /// What `operation_id` requires: its own requirement, else the document's.
    pub fn requirement(&self, operation_id: &str) -> Option<Requirement> {
        match self
            .operations
            .binary_search_by(|(id, _)| (*id).cmp(operation_id))
        {
            Ok(index) => Some(self.operations[index].1),
            Err(_) => self.default,
        }
    }
}

/// A secret the caller gives: kept out of `Debug` and `Display`.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    /// Wraps `value`.
    pub fn new(value: impl Into<String>) -> Self {
        Self(value.into())
    }

    /// The secret itself, to send.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[redacted]")
    }
}

impl From<String> for Secret {
    fn from(value: String) -> Self {
        Self(value)
    }
}

impl From<&str> for Secret {
    fn from(value: &str) -> Self {
        Self(value.to_owned())
    }
}

/// What the caller gives for one scheme.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Credential {
    /// A key, a token or `http` credentials, sent as the scheme says.
    Secret(Secret),
    /// A user name and password, for `http` `basic`.
    Basic {
        /// The user name (not secret, but sent encoded with the password).
        user: String,
        /// The password.
        password: Secret,
    },
    /// A client id and secret, for an OAuth 2 scheme with a client
    /// credentials flow: the client fetches an access token from the flow's
    /// token URL before the first request that needs one, keeps it until
    /// shortly before it expires (or until the API answers `401`), then
    /// fetches another.
    ClientCredentials {
        /// The client id.
        client_id: String,
        /// The client secret.
        client_secret: Secret,
        /// The scopes to ask for; none asks for the server's default.
        scopes: Vec<String>,
    },
}

/// Why credentials cannot be used as given. No variant shows a secret.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum CredentialError {
    /// The spec declares no scheme of this name.
    UnknownScheme(String),
    /// A user name and password for a scheme that is not `http` `basic`,
    /// a single secret for one that is, or client credentials for a scheme
    /// without a client credentials flow.
    WrongKind(&'static str),
    /// The secret is empty, or holds characters an HTTP header cannot carry
    /// (a line break).
    Invalid(&'static str),
    /// A bearer token was given, and the API declares no bearer, OAuth 2 or
    /// OpenID Connect scheme to send it for.
    NoBearerScheme,
}

impl fmt::Display for CredentialError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::UnknownScheme(name) => {
                write!(f, "the API declares no security scheme named `{name}`")
            }
            Self::WrongKind(name) => write!(
                f,
                "the credential given for `{name}` is not of the kind the scheme takes (a user name and password for `http` `basic`, a secret otherwise)"
            ),
            Self::NoBearerScheme => f.write_str(
                "a bearer token was given, but the API declares no bearer, OAuth 2 or OpenID Connect security scheme",
            ),
            Self::Invalid(name) => write!(
                f,
                "the credential for `{name}` is empty or contains characters not allowed in an HTTP request"
            ),
        }
    }
}

impl std::error::Error for CredentialError {}

/// One checked credential, ready to go on a request.
#[derive(Clone)]
enum Ready {
    /// A whole header value (`Authorization: …`, or an `apiKey` header).
    Header(HeaderName, HeaderValue),
    /// A query parameter.
    Query(&'static str, Secret),
    /// A cookie.
    Cookie(&'static str, Secret),
    /// An OAuth 2 access token, fetched when a request needs it.
    OAuth(TokenSource),
}

/// The caller's credentials, checked against a spec's [`Security`], and the
/// requirement each request must meet.
#[derive(Clone)]
pub struct Credentials {
    security: &'static Security,
    by_scheme: BTreeMap<&'static str, Ready>,
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let given: Vec<(&str, &str)> = self
            .by_scheme
            .keys()
            .map(|name| (*name, "[redacted]"))
            .collect();
        f.debug_map().entries(given).finish()
    }
}

impl Default for Credentials {
    fn default() -> Self {
        Self::none(&Security::BEARER)
    }
}

impl Credentials {
    /// No credentials, for the schemes of `security`.
    pub fn none(security: &'static Security) -> Self {
        Self {
            security,
            by_scheme: BTreeMap::new(),
        }
    }

    /// Checks `given` (scheme name → credential) against `security`.
    ///
    /// # Errors
    ///
    /// A [`CredentialError`] for the first credential that names no scheme,
    /// is of the wrong kind, or cannot be sent.
    pub fn check<'a>(
        security: &'static Security,
        given: impl IntoIterator<Item = (&'a str, &'a Credential)>,
    ) -> Result<Self, CredentialError> {
        let mut by_scheme = BTreeMap::new();
        for (name, credential) in given {
            let scheme = security
                .scheme(name)
                .ok_or_else(|| CredentialError::UnknownScheme(name.to_owned()))?;
            by_scheme.insert(scheme.name, ready(scheme, credential)?);
        }
        Ok(Self {
            security,
            by_scheme,
        })
    }

    /// Whether any credential was given.
    pub fn is_empty(&self) -> bool {
        self.by_scheme.is_empty()
    }

    /// The schemes whose credentials go with a request of `operation_id`:
    /// those of the first alternative of its requirement that was given in
    /// full; when none was, those given of any scheme the requirement names
    /// (so that the server, not the client, says what is missing); every
    /// scheme given when the spec states no requirement; none for
    /// `security: []`.
    pub fn chosen(&self, operation_id: &str) -> Vec<&'static str> {
        let Some(requirement) = self.security.requirement(operation_id) else {
            return self.by_scheme.keys().copied().collect();
        };
        let given = |name: &&str| self.by_scheme.contains_key(name);
        if let Some(full) = requirement
            .iter()
            .find(|alternative| !alternative.is_empty() && alternative.iter().all(given))
        {
            return full.to_vec();
        }
        let mut named: Vec<&'static str> = requirement
            .iter()
            .flat_map(|alternative| alternative.iter().copied())
            .filter(given)
            .collect();
        named.sort_unstable();
        named.dedup();
        named
    }

    /// Adds to `request` the credentials its operation calls for. Returns
    /// whether a secret went into the URL, which errors must then not show.
    pub fn apply(&self, request: &mut reqwest::Request, operation_id: &str) -> bool {
        let mut in_url = false;
        for name in self.chosen(operation_id) {
            match self.by_scheme.get(name) {
                Some(Ready::Header(header, value)) => {
                    request.headers_mut().insert(header.clone(), value.clone());
                }
                Some(Ready::Query(parameter, secret)) => {
                    request
                        .url_mut()
                        .query_pairs_mut()
                        .append_pair(parameter, secret.expose());
                    in_url = true;
                }
                Some(Ready::Cookie(cookie, secret)) => add_cookie(request, cookie, secret),
                Some(Ready::OAuth(_)) | None => {}
            }
        }
        in_url
    }

    /// Adds to `request` the OAuth 2 access tokens its operation calls for,
    /// fetching them with `http` when needed. Returns their sources, which
    /// must forget their tokens if the API refuses the request (`401`).
    ///
    /// # Errors
    ///
    /// As the token endpoint's exchange.
    pub(crate) async fn authorize(
        &self,
        request: &mut reqwest::Request,
        operation_id: &str,
        http: &reqwest::Client,
    ) -> reqwest::Result<Vec<TokenSource>> {
        let mut used = Vec::new();
        for name in self.chosen(operation_id) {
            if let Some(Ready::OAuth(source)) = self.by_scheme.get(name) {
                let header = source.authorization(http, request.url()).await?;
                request.headers_mut().insert(AUTHORIZATION, header);
                used.push(source.clone());
            }
        }
        Ok(used)
    }
}

/// `credential` for `scheme`, checked and ready to send.
fn ready(scheme: &Scheme, credential: &Credential) -> Result<Ready, CredentialError> {
    let invalid = || CredentialError::Invalid(scheme.name);
    let header = |value: String| {
        let mut value = HeaderValue::try_from(value).map_err(|_| invalid())?;
        value.set_sensitive(true);
        Ok::<_, CredentialError>(value)
    };
    match (scheme.kind, credential) {
        (SchemeKind::Basic, Credential::Basic { user, password }) => {
            let encoded = base64::engine::general_purpose::STANDARD
                .encode(format!("{user}:{}", password.expose()));
            Ok(Ready::Header(
                AUTHORIZATION,
                header(format!("Basic {encoded}"))?,
            ))
        }
        (
            SchemeKind::OAuth2 { token_url },
            Credential::ClientCredentials {
                client_id,
                client_secret,
                scopes,
            },
        ) => TokenSource::new(token_url, client_id, client_secret, scopes)
            .map(Ready::OAuth)
            .ok_or_else(invalid),
        (SchemeKind::Basic, Credential::Secret(_))
        | (_, Credential::Basic { .. })
        | (_, Credential::ClientCredentials { .. }) => Err(CredentialError::WrongKind(scheme.name)),
        (kind, Credential::Secret(secret)) => {
            let value = secret.expose();
            if value.is_empty() || value.contains(['\r', '\n']) {
                return Err(invalid());
            }
            match kind {
                SchemeKind::Bearer | SchemeKind::OAuth2 { .. } => Ok(Ready::Header(
                    AUTHORIZATION,
                    header(format!("Bearer {value}"))?,
                )),
                SchemeKind::Http { scheme: http } => Ok(Ready::Header(
                    AUTHORIZATION,
                    header(format!("{http} {value}"))?,
                )),
                SchemeKind::ApiKey { location, name } => match location {
                    KeyLocation::Header => Ok(Ready::Header(
                        HeaderName::try_from(name).map_err(|_| invalid())?,
                        header(value.to_owned())?,
                    )),
                    KeyLocation::Query => Ok(Ready::Query(name, secret.clone())),
                    KeyLocation::Cookie => {
                        if value.contains([';', ',', ' ', '"']) {
                            return Err(invalid());
                        }
                        Ok(Ready::Cookie(name, secret.clone()))
                    }
                },
                SchemeKind::Basic => Err(CredentialError::WrongKind(scheme.name)),
            }
        }
    }
}

/// Adds `name=secret` to the request's `Cookie` header, after the cookies
/// it already has.
fn add_cookie(request: &mut reqwest::Request, name: &str, secret: &Secret) {
    let pair = format!("{name}={}", secret.expose());
    let cookie = match request
        .headers()
        .get(COOKIE)
        .and_then(|value| value.to_str().ok())
    {
        Some(existing) if !existing.is_empty() => format!("{existing}; {pair}"),
        _ => pair,
    };
    if let Ok(mut value) = HeaderValue::try_from(cookie) {
        value.set_sensitive(true);
        request.headers_mut().insert(COOKIE, value);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A spec like many vendors': a key header, a key in the query, basic
    /// auth, a session cookie and OAuth; a client id and secret needed
    /// together; one public operation, one with its own choice.
    static SECURITY: Security = Security {
        schemes: &[
            Scheme {
                name: "ApiKeyAuth",
                kind: SchemeKind::ApiKey {
                    location: KeyLocation::Header,
                    name: "X-API-Key",
                },
                env: &[],
            },
            Scheme {
                name: "query_key",
                kind: SchemeKind::ApiKey {
                    location: KeyLocation::Query,
                    name: "api_key",
                },
                env: &[],
            },
            Scheme {
                name: "basic",
                kind: SchemeKind::Basic,
                env: &[],
            },
            Scheme {
                name: "session",
                kind: SchemeKind::ApiKey {
                    location: KeyLocation::Cookie,
                    name: "SESSION",
                },
                env: &[],
            },
            Scheme {
                name: "oauth",
                kind: SchemeKind::Bearer,
                env: &[],
            },
            Scheme {
                name: "client_id",
                kind: SchemeKind::ApiKey {
                    location: KeyLocation::Header,
                    name: "X-Client-Id",
                },
                env: &[],
            },
        ],
        default: Some(&[&["oauth"], &["ApiKeyAuth", "client_id"]]),
        operations: &[
            ("getPublic", &[]),
            ("optionalAuth", &[&[], &["basic"]]),
            ("search", &[&["query_key"], &["session"]]),
        ],
    };

    fn request(url: &str) -> reqwest::Request {
        reqwest::Request::new(reqwest::Method::GET, url.parse().expect("url"))
    }

    fn secret(value: &str) -> Credential {
        Credential::Secret(Secret::new(value))
    }

    fn given(pairs: &[(&'static str, Credential)]) -> Credentials {
        Credentials::check(&SECURITY, pairs.iter().map(|(name, c)| (*name, c))).expect("valid")
    }

    #[test]
    fn the_first_alternative_given_in_full_is_sent() {
        let both = given(&[("ApiKeyAuth", secret("k1")), ("client_id", secret("c1"))]);
        let mut sent = request("https://api.example.com/a");
        assert!(!both.apply(&mut sent, "listThings"));
        assert_eq!(sent.headers()["x-api-key"], "k1");
        assert_eq!(sent.headers()["x-client-id"], "c1");
        assert!(sent.headers().get(AUTHORIZATION).is_none());

        let half = given(&[
            ("ApiKeyAuth", secret("k1")),
            (
                "basic",
                Credential::Basic {
                    user: "u".to_owned(),
                    password: Secret::new("p"),
                },
            ),
        ]);
        let mut sent = request("https://api.example.com/a");
        half.apply(&mut sent, "listThings");
        assert_eq!(
            sent.headers()["x-api-key"],
            "k1",
            "without a whole alternative, what the requirement names is sent"
        );
        assert!(
            sent.headers().get(AUTHORIZATION).is_none(),
            "and nothing else"
        );

        let all = given(&[
            ("ApiKeyAuth", secret("k1")),
            ("client_id", secret("c1")),
            ("oauth", secret("t0ken")),
        ]);
        let mut sent = request("https://api.example.com/a");
        all.apply(&mut sent, "listThings");
        assert_eq!(sent.headers()[AUTHORIZATION], "Bearer t0ken");
        assert!(
            sent.headers().get("x-api-key").is_none(),
            "one alternative only"
        );
    }

    #[test]
    fn operations_follow_their_own_requirement() {
        let all = given(&[
            ("oauth", secret("t0ken")),
            (
                "basic",
                Credential::Basic {
                    user: "ada".to_owned(),
                    password: Secret::new("pw"),
                },
            ),
            ("query_key", secret("q k&")),
            ("session", secret("s1")),
        ]);
        let mut public = request("https://api.example.com/p");
        all.apply(&mut public, "getPublic");
        assert!(public.headers().is_empty(), "`security: []` sends nothing");

        let mut optional = request("https://api.example.com/o");
        all.apply(&mut optional, "optionalAuth");
        assert_eq!(optional.headers()[AUTHORIZATION], "Basic YWRhOnB3");
        let mut anonymous = request("https://api.example.com/o");
        given(&[]).apply(&mut anonymous, "optionalAuth");
        assert!(anonymous.headers().is_empty());

        let mut search = request("https://api.example.com/s?q=1");
        assert!(all.apply(&mut search, "search"), "a key in the URL");
        assert_eq!(search.url().query(), Some("q=1&api_key=q+k%26"));
        let mut by_cookie = request("https://api.example.com/s");
        by_cookie
            .headers_mut()
            .insert(COOKIE, HeaderValue::from_static("lang=en"));
        given(&[("session", secret("s1"))]).apply(&mut by_cookie, "search");
        assert_eq!(by_cookie.headers()[COOKIE], "lang=en; SESSION=s1");
    }

    #[test]
    fn without_a_requirement_every_credential_given_is_sent() {
        static OPEN: Security = Security {
            schemes: &[Scheme {
                name: "token",
                kind: SchemeKind::Http { scheme: "Token" },
                env: &[],
            }],
            default: None,
            operations: &[],
        };
        let credentials = Credentials::check(&OPEN, [("token", &secret("abc"))]).expect("valid");
        let mut sent = request("https://api.example.com/");
        credentials.apply(&mut sent, "anything");
        assert_eq!(sent.headers()[AUTHORIZATION], "Token abc");
    }

    #[test]
    fn wrong_credentials_are_refused_without_showing_them() {
        let cases = [
            ("nope", secret("s3cret"), "no security scheme named `nope`"),
            ("basic", secret("s3cret"), "not of the kind"),
            (
                "oauth",
                Credential::Basic {
                    user: "u".to_owned(),
                    password: Secret::new("s3cret"),
                },
                "not of the kind",
            ),
            ("oauth", secret("s3cret\n"), "not allowed"),
            ("oauth", secret(""), "empty"),
            ("session", secret("s3cret; x=1"), "not allowed"),
        ];
        for (name, credential, expected) in cases {
            let error = Credentials::check(&SECURITY, [(name, &credential)]).expect_err("refused");
            let shown = format!("{error} {error:?}");
            assert!(shown.contains(expected), "{shown}");
            assert!(!shown.contains("s3cret"), "{shown}");
        }
    }

    #[test]
    fn debug_names_the_schemes_given_and_hides_the_secrets() {
        let credentials = given(&[
            ("oauth", secret("t0ken-secret")),
            ("query_key", secret("q-secret")),
        ]);
        let shown = format!("{credentials:?} {:?}", Secret::new("plain-secret"));
        assert!(
            shown.contains("oauth") && shown.contains("query_key"),
            "{shown}"
        );
        assert!(!shown.contains("q-secret"), "{shown}");
        assert!(
            !shown.contains("t0ken") && !shown.contains("plain"),
            "{shown}"
        );
    }
}
