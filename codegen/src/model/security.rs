//! How the API authenticates, from `components.securitySchemes`.

use openapiv3::{APIKeyLocation, ReferenceOr, SecurityScheme};
use serde_json::Value;

use crate::load::Spec;

/// How the API authenticates, as far as the generated client supports it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Auth {
    /// `Authorization: Bearer <token>`.
    Bearer,
    /// The spec declares no security scheme.
    None,
}

/// The authentication the client must send, from `components.securitySchemes`.
///
/// `http` `bearer`, `oauth2` and `openIdConnect` all send
/// `Authorization: Bearer <token>`, which the client's constructors take.
/// Other schemes (`apiKey`, `http` `basic`) are valid and accepted; their
/// credentials go in the caller's own HTTP client
/// (`Client::new_with_client` with default headers).
pub fn auth(spec: &Spec) -> Auth {
    let Some(components) = &spec.document.components else {
        return Auth::None;
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
    if bearer { Auth::Bearer } else { Auth::None }
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
    /// `http` `bearer`, `oauth2`, `openIdConnect`.
    Bearer,
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
}

/// A requirement: alternatives, each the scheme names that go together.
pub type Requirement = Vec<Vec<String>>;

/// The spec's schemes, in spec order (`$ref`s to elsewhere are left out:
/// validation has refused those that lead nowhere).
pub fn schemes(spec: &Spec) -> Vec<Scheme> {
    let Some(components) = &spec.document.components else {
        return Vec::new();
    };
    components
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
                SecurityScheme::OAuth2 { description, .. }
                | SecurityScheme::OpenIDConnect { description, .. } => {
                    (SchemeKind::Bearer, description)
                }
            };
            Some(Scheme {
                name: name.clone(),
                kind,
                description: description.clone(),
            })
        })
        .collect()
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
        assert_eq!(kinds[6].1, SchemeKind::Bearer);
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
}
