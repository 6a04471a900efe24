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

/// The crate the generated code's runtime behaviour comes from, as code names it.
pub const RUNTIME_CRATE: &str = "client_runtime";

/// The client's bearer-auth surface: the runtime's types re-exported under
/// the crate's name, the hooks and builder glue that tie progenitor's
/// `Client` to the runtime, and the constructors named after the spec.
fn bearer_tokens(crate_name: &str, default_server: Option<&Server>) -> TokenStream {
    let runtime = Ident::new(RUNTIME_CRATE, Span::call_site());
    let crate_ident = Ident::new(&crate_name.replace('-', "_"), Span::call_site());
    let env_prefix = crate_name.replace('-', "_").to_uppercase();
    let token_var = format!("{env_prefix}_API_KEY");
    let base_url_var = format!("{env_prefix}_BASE_URL");
    let from_env_doc = format!(
        " Creates a client from the environment: the token from `{token_var}` and, when set, the base URL from `{base_url_var}`."
    );
    let default_base_url = match default_server {
        Some(server) => {
            let ident = Ident::new(&server.const_name, Span::call_site());
            quote!(Some(servers::#ident))
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
            /// As [`ClientBuilder::build`].
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
        pub use #runtime::{
            ClientBuildError, ClientState, DEFAULT_CONNECT_TIMEOUT, DEFAULT_TIMEOUT, ERROR_BODY_LIMIT,
            RetryPolicy,
        };

        /// Configures a [`Client`]: base URL, token, timeouts, user agent, retries
        /// or an HTTP client of your own. Start with [`Client::builder`].
        pub type ClientBuilder = #runtime::ClientBuilder<Client>;

        /// `<crate>/<version>`: the default `User-Agent` of clients built by [`ClientBuilder`].
        pub const USER_AGENT: &str = concat!(env!("CARGO_PKG_NAME"), "/", env!("CARGO_PKG_VERSION"));

        impl #runtime::BuildClient for Client {
            const DEFAULT_BASE_URL: Option<&'static str> = #default_base_url;
            const USER_AGENT: &'static str = USER_AGENT;
            const TRACED: bool = cfg!(feature = "tracing");

            fn from_parts(parts: #runtime::ClientParts) -> Self {
                Self { baseurl: parts.base_url, client: parts.http_client, inner: parts.state }
            }
        }

        impl ClientHooks<ClientState> for Client {
            async fn exec(
                &self,
                request: reqwest::Request,
                info: &OperationInfo,
            ) -> reqwest::Result<reqwest::Response> {
                self.inner.execute(&self.client, request, info.operation_id).await
            }
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
                Self::builder().from_env_vars(#token_var, #base_url_var)?.build()
            }

            /// Starts configuring a client: base URL, token, timeouts, user agent
            /// or an HTTP client of your own.
            ///
            /// # Example
            ///
            #[doc = #builder_example]
            pub fn builder() -> ClientBuilder {
                ClientBuilder::new()
            }
        }
    }
}

/// Removes progenitor's `Client::new` and `Client::new_with_client` from a
/// client with bearer auth, whose builder is then the one way to make it:
/// they took a bare [`CLIENT_STATE_TYPE`] (a client without credentials),
/// skipped the base URL check and the builder's timeouts, and `new` panics
/// when the HTTP client cannot be initialised.
pub fn remove_unchecked_constructors(file: &mut syn::File) {
    let unchecked = |item: &syn::ImplItem| {
        matches!(item, syn::ImplItem::Fn(function)
            if function.sig.ident == "new" || function.sig.ident == "new_with_client")
    };
    file.items.retain_mut(|item| {
        let syn::Item::Impl(block) = item else {
            return true;
        };
        if block.trait_.is_some() || !block.items.iter().any(unchecked) {
            return true;
        }
        block.items.retain(|item| !unchecked(item));
        !block.items.is_empty()
    });
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
