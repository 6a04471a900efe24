//! How the API authenticates, from `components.securitySchemes`.

use openapiv3::{ReferenceOr, SecurityScheme};

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
