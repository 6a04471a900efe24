//! What progenitor does not emit, generated from the spec with `quote`:
//! a constant per server URL and bearer-token constructors driven by the
//! spec's `securitySchemes`.

use openapiv3::{ReferenceOr, SecurityScheme};
use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

use crate::diagnostic::{Error, escape_pointer_token};
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
        if !(server.url.starts_with("https://") || server.url.starts_with("http://"))
            || server.url.contains('{')
        {
            diagnostics.push(
                spec.diagnostic(&format!("{pointer}/url"), format!("server URL `{}` is not an absolute http(s) URL", server.url))
                    .hint("use a full URL such as `https://api.example.com`; server variables are not supported"),
            );
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
            None => screaming_snake_from_host(&server.url),
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
            url: server.url.trim_end_matches('/').to_owned(),
            description: server.description.clone(),
        });
    }
    if diagnostics.is_empty() {
        Ok(servers)
    } else {
        Err(Error::Spec(diagnostics))
    }
}

/// The authentication the client must send, from `components.securitySchemes`.
pub fn auth(spec: &Spec) -> Result<Auth, Error> {
    let Some(components) = &spec.document.components else {
        return Ok(Auth::None);
    };
    let mut auth = Auth::None;
    let mut diagnostics = Vec::new();
    for (name, scheme) in &components.security_schemes {
        let pointer = format!(
            "#/components/securitySchemes/{}",
            escape_pointer_token(name)
        );
        match scheme {
            ReferenceOr::Item(SecurityScheme::HTTP { scheme, .. })
                if scheme.eq_ignore_ascii_case("bearer") =>
            {
                auth = Auth::Bearer;
            }
            _ => diagnostics.push(
                spec.diagnostic(
                    &pointer,
                    format!("security scheme `{name}` is not supported"),
                )
                .hint("the generated clients support `type: http` with `scheme: bearer`"),
            ),
        }
    }
    if diagnostics.is_empty() {
        Ok(auth)
    } else {
        Err(Error::Spec(diagnostics))
    }
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

fn bearer_tokens(crate_name: &str, default_server: Option<&Server>) -> TokenStream {
    let crate_ident = Ident::new(&crate_name.replace('-', "_"), Span::call_site());
    let default_constructor = default_server.map(|server| {
        let ident = Ident::new(&server.const_name, Span::call_site());
        let default_doc = format!(
            " The base URL used by [`Client::from_bearer_token`]: the first server in the spec, <{}>.",
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
                Self::from_bearer_token_with_base_url(Self::DEFAULT_BASE_URL, token)
            }
        }
    });

    quote! {
        /// `<crate>/<version>`, sent as the `User-Agent` by clients built with a bearer token.
        pub const USER_AGENT: &str = concat!(env!("CARGO_PKG_NAME"), "/", env!("CARGO_PKG_VERSION"));

        /// How long connecting, and then a whole request, may take before it fails.
        const DEFAULT_TIMEOUT: ::std::time::Duration = ::std::time::Duration::from_secs(15);

        impl Client {
            #default_constructor

            /// Creates a client for `base_url` (scheme, host and optional path
            /// stem) that sends `Authorization: Bearer <token>` with every request.
            ///
            /// The header is marked sensitive, so the token is not shown by
            /// `Debug` output of the client or its requests.
            ///
            /// # Errors
            ///
            /// [`ClientBuildError::InvalidToken`] when the token is empty or cannot be
            /// sent in an HTTP header; [`ClientBuildError::Http`] when the HTTP client
            /// cannot be initialised.
            pub fn from_bearer_token_with_base_url(
                base_url: &str,
                token: &str,
            ) -> Result<Self, ClientBuildError> {
                if token.is_empty() {
                    return Err(ClientBuildError::InvalidToken);
                }
                let mut authorization = reqwest::header::HeaderValue::try_from(format!("Bearer {token}"))
                    .map_err(|_| ClientBuildError::InvalidToken)?;
                authorization.set_sensitive(true);
                let mut headers = reqwest::header::HeaderMap::new();
                headers.insert(reqwest::header::AUTHORIZATION, authorization);
                let http = reqwest::Client::builder()
                    .default_headers(headers)
                    .user_agent(USER_AGENT)
                    .connect_timeout(DEFAULT_TIMEOUT)
                    .timeout(DEFAULT_TIMEOUT)
                    .build()
                    .map_err(ClientBuildError::Http)?;
                Ok(Self::new_with_client(base_url, http))
            }
        }

        /// Why a [`Client`] could not be built.
        #[derive(Debug)]
        #[non_exhaustive]
        pub enum ClientBuildError {
            /// The token is empty or holds characters that cannot appear in an
            /// HTTP header, such as a line break. The token itself is never shown.
            InvalidToken,
            /// The HTTP client could not be initialised (for example, TLS setup failed).
            Http(reqwest::Error),
        }

        impl ::std::fmt::Display for ClientBuildError {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                match self {
                    Self::InvalidToken => f.write_str(
                        "invalid API token: it is empty or contains characters not allowed in an HTTP header",
                    ),
                    Self::Http(_) => f.write_str("the HTTP client could not be initialised"),
                }
            }
        }

        impl ::std::error::Error for ClientBuildError {
            fn source(&self) -> Option<&(dyn ::std::error::Error + 'static)> {
                match self {
                    Self::InvalidToken => None,
                    Self::Http(error) => Some(error),
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
