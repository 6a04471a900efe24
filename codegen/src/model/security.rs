//! How the API authenticates, from `components.securitySchemes`.

use openapiv3::{APIKeyLocation, ReferenceOr, SecurityScheme};
use serde_json::Value;

use crate::diagnostic::{Code, Diagnostic};
use crate::load::Spec;

/// Whether the API has a scheme that takes a bearer token.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Auth {
    /// A bearer, OAuth 2 or OpenID Connect scheme: the client gets the
    /// `from_bearer_token` constructors and `ClientBuilder::bearer_token`.
    Bearer,
    /// No scheme takes a bearer token (or the spec declares none).
    None,
}

/// Whether `spec` declares a scheme that takes a bearer token.
pub fn auth(spec: &Spec) -> Auth {
    if schemes(spec)
        .0
        .iter()
        .any(|scheme| matches!(scheme.kind, SchemeKind::Bearer | SchemeKind::OAuth { .. }))
    {
        Auth::Bearer
    } else {
        Auth::None
    }
}

/// The security schemes and the top-level requirement as declared, which
/// the review compares as wholes (any change can change what a call needs).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Declarations {
    /// `components.securitySchemes`, as written.
    pub schemes: Option<serde_json::Value>,
    /// The top-level `security` requirement, as written.
    pub requirement: Option<serde_json::Value>,
}

/// The security declarations of `spec`.
pub fn declarations(spec: &Spec) -> Declarations {
    Declarations {
        schemes: spec.json.pointer("/components/securitySchemes").cloned(),
        requirement: spec.json.get("security").cloned(),
    }
}

/// How one security scheme authenticates a request, as the runtime's
/// `SchemeKind` spells it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SchemeKind {
    /// `apiKey`: the key as the header, query parameter or cookie `name`.
    ApiKey {
        /// `header`, `query` or `cookie`.
        location: KeyLocation,
        /// The header, parameter or cookie name.
        name: String,
    },
    /// `http` `basic`.
    Basic,
    /// `http` `bearer`.
    Bearer,
    /// `oauth2` and `openIdConnect`: an access token, sent as a bearer
    /// token; with the token URL of an `oauth2` `clientCredentials` flow,
    /// which the client can fetch tokens from itself.
    OAuth {
        /// The `tokenUrl` of the `clientCredentials` flow, if there is one.
        client_credentials: Option<String>,
    },
    /// `http` with another scheme, as the spec spells it.
    Http(String),
}

/// Where an API key goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KeyLocation {
    /// A request header.
    Header,
    /// A query parameter.
    Query,
    /// A cookie.
    Cookie,
}

/// One entry of `components.securitySchemes`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Scheme {
    /// Its key in `securitySchemes`.
    pub name: String,
    /// How it authenticates.
    pub kind: SchemeKind,
    /// Its `description`.
    pub description: Option<String>,
    /// The `ClientBuilder` method that takes its credential.
    pub setter: String,
    /// The `ClientBuilder` method that takes a client id and secret, for an
    /// OAuth 2 scheme with a client credentials flow: `<setter>_client_credentials`.
    pub client_credentials_setter: Option<String>,
    /// The environment variables `from_env` reads its credential from: the
    /// user name's and the password's for `http` `basic`, one otherwise.
    pub env: Vec<String>,
}

/// A requirement: alternatives, each the scheme names that go together.
pub type Requirement = Vec<Vec<String>>;

/// The spec's schemes, in spec order (`$ref`s to elsewhere are left out:
/// validation has refused those that lead nowhere), and the misuses of
/// `x-rust-name` on them.
pub fn schemes(spec: &Spec) -> (Vec<Scheme>, Vec<Diagnostic>) {
    let Some(components) = &spec.document.components else {
        return (Vec::new(), Vec::new());
    };
    let mut schemes: Vec<Scheme> = components
        .security_schemes
        .iter()
        .filter_map(|(name, scheme)| {
            let ReferenceOr::Item(scheme) = scheme else {
                return None;
            };
            let (kind, description) = match scheme {
                SecurityScheme::APIKey {
                    location,
                    name,
                    description,
                    ..
                } => (
                    SchemeKind::ApiKey {
                        location: match location {
                            APIKeyLocation::Header => KeyLocation::Header,
                            APIKeyLocation::Query => KeyLocation::Query,
                            APIKeyLocation::Cookie => KeyLocation::Cookie,
                        },
                        name: name.clone(),
                    },
                    description,
                ),
                SecurityScheme::HTTP {
                    scheme,
                    description,
                    ..
                } => (
                    if scheme.eq_ignore_ascii_case("basic") {
                        SchemeKind::Basic
                    } else if scheme.eq_ignore_ascii_case("bearer") {
                        SchemeKind::Bearer
                    } else {
                        SchemeKind::Http(scheme.clone())
                    },
                    description,
                ),
                SecurityScheme::OAuth2 {
                    description, flows, ..
                } => (
                    SchemeKind::OAuth {
                        client_credentials: flows
                            .client_credentials
                            .as_ref()
                            .map(|flow| flow.token_url.clone()),
                    },
                    description,
                ),
                SecurityScheme::OpenIDConnect { description, .. } => (
                    SchemeKind::OAuth {
                        client_credentials: None,
                    },
                    description,
                ),
            };
            Some(Scheme {
                name: name.clone(),
                kind,
                description: description.clone(),
                setter: String::new(),
                client_credentials_setter: None,
                env: Vec::new(),
            })
        })
        .collect();
    let diagnostics = name_setters_and_variables(spec, &mut schemes);
    (schemes, diagnostics)
}

/// The methods every generated `ClientBuilder` has (`client_runtime`'s
/// `client_builder!`), which no scheme's setter may take.
pub const BUILDER_METHODS: &[&str] = &[
    "new",
    "build",
    "base_url",
    "credential",
    "from_env",
    "from_env_vars",
    "bearer_token",
    "connect_timeout",
    "timeout",
    "user_agent",
    "http_client",
    "retry_policy",
    "default",
    "clone",
    "fmt",
];

/// The environment variable `from_env` reads the base URL from:
/// `<CRATE>_BASE_URL`.
pub fn base_url_env(spec: &Spec) -> String {
    format!("{}_BASE_URL", env_prefix(spec))
}

/// `<CRATE>`: the crate name in SCREAMING_SNAKE_CASE.
fn env_prefix(spec: &Spec) -> String {
    spec.name().replace('-', "_").to_uppercase()
}

/// Gives each scheme its setter and its environment variables,
/// `<CRATE>_<SETTER>` (`_USERNAME` and `_PASSWORD` after it for basic; it,
/// `_CLIENT_ID` and `_CLIENT_SECRET` after it for OAuth client credentials).
/// The setter is the scheme's `x-rust-name` when it has one, else its name
/// in snake_case (`_credential` after a name the builder has or a keyword,
/// a number after a name another scheme took). Both depend on the scheme
/// alone, so that adding a scheme to the spec renames nothing users
/// already call or set. Returns the misuses of `x-rust-name`.
fn name_setters_and_variables(spec: &Spec, schemes: &mut [Scheme]) -> Vec<Diagnostic> {
    let prefix = env_prefix(spec);
    let mut diagnostics = Vec::new();
    let mut setters: std::collections::BTreeSet<String> = std::collections::BTreeSet::new();
    let mut variables = std::collections::BTreeSet::from([base_url_env(spec)]);
    // Chosen names first: a derived name gives way to them.
    let chosen: Vec<Option<String>> = schemes
        .iter()
        .map(|scheme| {
            let pointer = format!(
                "#/components/securitySchemes/{}/x-rust-name",
                crate::diagnostic::escape_pointer_token(&scheme.name)
            );
            let name = spec.json.pointer(&pointer[1..])?;
            match chosen_setter(name) {
                Ok(name) if setters.insert(name.clone()) => Some(name),
                Ok(name) => {
                    diagnostics.push(
                        spec.diagnostic(Code::SecuritySchemeCollision, &pointer, format!("another security scheme is already named `{name}`"))
                            .hint("give each security scheme a distinct `x-rust-name`"),
                    );
                    None
                }
                Err(message) => {
                    diagnostics.push(spec.diagnostic(Code::InvalidExtension, &pointer, message).hint(
                        "write a snake_case method name such as `api_key`, not one the builder has (`timeout`, `build`, …)",
                    ));
                    None
                }
            }
        })
        .collect();
    for (scheme, chosen) in schemes.iter_mut().zip(chosen) {
        scheme.setter = match chosen {
            Some(name) => name,
            None => {
                let mut base = crate::normalize::names::method_name(&scheme.name)
                    .unwrap_or_else(|| "scheme".to_owned());
                let trimmed = base.trim_end_matches('_');
                if base.ends_with('_') || BUILDER_METHODS.contains(&trimmed) {
                    base = format!("{trimmed}_credential");
                }
                crate::normalize::names::unique(&mut setters, base)
            }
        };
        let stem = format!("{prefix}_{}", scheme.setter.to_uppercase());
        let wanted = match &scheme.kind {
            SchemeKind::Basic => vec![format!("{stem}_USERNAME"), format!("{stem}_PASSWORD")],
            SchemeKind::OAuth {
                client_credentials: Some(_),
            } => {
                scheme.client_credentials_setter = Some(crate::normalize::names::unique(
                    &mut setters,
                    format!("{}_client_credentials", scheme.setter),
                ));
                vec![
                    stem.clone(),
                    format!("{stem}_CLIENT_ID"),
                    format!("{stem}_CLIENT_SECRET"),
                ]
            }
            _ => vec![stem],
        };
        scheme.env = wanted
            .into_iter()
            .map(|name| crate::normalize::names::unique(&mut variables, name))
            .collect();
    }
    diagnostics
}

/// An `x-rust-name` of a security scheme, if it can name its setter.
fn chosen_setter(name: &Value) -> Result<String, String> {
    let Value::String(name) = name else {
        return Err("`x-rust-name` must be a string".to_owned());
    };
    let snake = name.starts_with(|c: char| c.is_ascii_lowercase())
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
    if !snake || syn::parse_str::<syn::Ident>(name).is_err() {
        return Err(format!("`{name}` is not a snake_case method name"));
    }
    if BUILDER_METHODS.contains(&name.as_str()) {
        return Err(format!(
            "`{name}` is already a method of the client's builder"
        ));
    }
    Ok(name.clone())
}

/// A `security` list (of the document or an operation) as alternatives of
/// scheme names, in spec order; scopes play no part in what is sent.
/// `None` when there is no list.
pub fn requirement(security: Option<&Value>) -> Option<Requirement> {
    let list = security?.as_array()?;
    Some(
        list.iter()
            .map(|alternative| {
                alternative
                    .as_object()
                    .map(|schemes| schemes.keys().cloned().collect())
                    .unwrap_or_default()
            })
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::load::parse_spec;

    #[test]
    fn every_kind_of_scheme_is_read_in_spec_order() {
        let spec = parse_spec(
            Path::new("specs/keys.yaml"),
            r#"openapi: 3.0.3
info: {title: Keys, version: '1'}
paths: {}
security: [{key: []}, {id: [], secret: []}]
components:
  securitySchemes:
    key: {type: apiKey, in: header, name: X-API-Key, description: The account key.}
    id: {type: apiKey, in: query, name: client_id}
    secret: {type: apiKey, in: cookie, name: SECRET}
    basic: {type: http, scheme: Basic}
    token: {type: http, scheme: bearer}
    digest: {type: http, scheme: digest}
    oauth: {type: oauth2, flows: {clientCredentials: {tokenUrl: 'https://a.example/token', scopes: {}}}}
"#,
        )
        .expect("parses");
        let kinds: Vec<(String, SchemeKind)> = schemes(&spec)
            .0
            .into_iter()
            .map(|scheme| (scheme.name, scheme.kind))
            .collect();
        let header = |name: &str| SchemeKind::ApiKey {
            location: KeyLocation::Header,
            name: name.to_owned(),
        };
        assert_eq!(kinds[0], ("key".to_owned(), header("X-API-Key")));
        assert_eq!(
            kinds[2].1,
            SchemeKind::ApiKey {
                location: KeyLocation::Cookie,
                name: "SECRET".to_owned()
            }
        );
        assert_eq!(kinds[3].1, SchemeKind::Basic);
        assert_eq!(kinds[4].1, SchemeKind::Bearer);
        assert_eq!(kinds[5].1, SchemeKind::Http("digest".to_owned()));
        assert_eq!(
            kinds[6].1,
            SchemeKind::OAuth {
                client_credentials: Some("https://a.example/token".to_owned())
            }
        );
        let top = requirement(spec.json.get("security"));
        assert_eq!(
            top,
            Some(vec![
                vec!["key".to_owned()],
                vec!["id".to_owned(), "secret".to_owned()]
            ])
        );
        assert_eq!(requirement(Some(&serde_json::json!([]))), Some(vec![]));
        assert_eq!(requirement(None), None);
    }

    #[test]
    fn setters_and_variables_are_named_after_each_scheme_alone() {
        let text = r#"openapi: 3.0.3
info: {title: Keys, version: '1'}
paths: {}
components:
  securitySchemes:
    ApiKeyAuth: {type: apiKey, in: header, name: X-API-Key}
    basicAuth: {type: http, scheme: basic}
    timeout: {type: apiKey, in: query, name: t}
    type: {type: http, scheme: bearer}
    api-key-auth: {type: apiKey, in: cookie, name: c}
    chosen: {type: http, scheme: bearer, x-rust-name: partner_key}
"#;
        let spec = parse_spec(Path::new("specs/my-api.yaml"), text).expect("parses");
        let (schemes, diagnostics) = schemes(&spec);
        assert!(diagnostics.is_empty(), "{diagnostics:?}");
        let named: Vec<(&str, &str, Vec<&str>)> = schemes
            .iter()
            .map(|scheme| {
                (
                    scheme.name.as_str(),
                    scheme.setter.as_str(),
                    scheme.env.iter().map(String::as_str).collect(),
                )
            })
            .collect();
        assert_eq!(
            named,
            [
                ("ApiKeyAuth", "api_key_auth", vec!["MY_API_API_KEY_AUTH"]),
                (
                    "basicAuth",
                    "basic_auth",
                    vec!["MY_API_BASIC_AUTH_USERNAME", "MY_API_BASIC_AUTH_PASSWORD"]
                ),
                (
                    "timeout",
                    "timeout_credential",
                    vec!["MY_API_TIMEOUT_CREDENTIAL"]
                ),
                ("type", "type_credential", vec!["MY_API_TYPE_CREDENTIAL"]),
                (
                    "api-key-auth",
                    "api_key_auth2",
                    vec!["MY_API_API_KEY_AUTH2"]
                ),
                ("chosen", "partner_key", vec!["MY_API_PARTNER_KEY"]),
            ]
        );
        // Adding a scheme renames none of the others.
        let grown = format!("{text}    another: {{type: http, scheme: bearer}}\n");
        let grown = parse_spec(Path::new("specs/my-api.yaml"), &grown).expect("parses");
        let (more, _) = super::schemes(&grown);
        assert_eq!(more[..schemes.len()], schemes[..]);
    }

    #[test]
    fn the_builder_methods_setters_avoid_are_those_of_the_runtime_builder() {
        let source = include_str!("../../runtime/src/client_builder.rs");
        let declared: Vec<&str> = source
            .split("pub fn ")
            .skip(1)
            .filter_map(|rest| rest.split('(').next())
            .collect();
        assert!(declared.len() >= 10, "{declared:?}");
        // The macro's constructors of the client itself, not of its builder.
        let constructors = ["from_bearer_token", "from_bearer_token_with_base_url"];
        for method in declared
            .into_iter()
            .filter(|method| !constructors.contains(method))
        {
            assert!(
                BUILDER_METHODS.contains(&method),
                "`{method}` is missing from BUILDER_METHODS"
            );
        }
    }
}
