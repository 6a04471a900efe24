//! What progenitor does not emit around its `Client`: a constant per server
//! and, with bearer auth, the constructors and the glue that hands every
//! request to the `client-runtime` crate.

use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

use crate::model::security::{KeyLocation, Requirement, SchemeKind};
use crate::model::{Api, Auth, Server};

/// Tokens for the server constants and the authenticated constructors.
pub fn tokens(crate_name: &str, api: &Api) -> TokenStream {
    let servers = &api.servers;
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

    let auth_items = (api.auth == Auth::Bearer).then(|| bearer_tokens(crate_name, api));

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
fn bearer_tokens(crate_name: &str, api: &Api) -> TokenStream {
    let default_server: Option<&Server> = api.servers.first();
    let runtime = Ident::new(RUNTIME_CRATE, Span::call_site());
    let security = security(api);
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
            #security

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

/// The `SECURITY` constant of `BuildClient`: the spec's schemes, its
/// requirement and the operations (by method name, sorted) with their own.
fn security(api: &Api) -> TokenStream {
    let runtime = Ident::new(RUNTIME_CRATE, Span::call_site());
    let schemes = api.schemes.iter().map(|scheme| {
        let name = &scheme.name;
        let kind = match &scheme.kind {
            SchemeKind::ApiKey { location, name } => {
                let location = match location {
                    KeyLocation::Header => quote!(Header),
                    KeyLocation::Query => quote!(Query),
                    KeyLocation::Cookie => quote!(Cookie),
                };
                quote!(ApiKey { location: #runtime::KeyLocation::#location, name: #name })
            }
            SchemeKind::Basic => quote!(Basic),
            SchemeKind::Bearer => quote!(Bearer),
            SchemeKind::Http(scheme) => quote!(Http { scheme: #scheme }),
        };
        quote!(#runtime::Scheme { name: #name, kind: #runtime::SchemeKind::#kind })
    });
    let default = match &api.requirement {
        Some(requirement) => {
            let requirement = requirement_tokens(requirement);
            quote!(Some(#requirement))
        }
        None => quote!(None),
    };
    let mut own: Vec<(&str, &Requirement)> = api
        .operations
        .iter()
        .filter_map(|operation| Some((operation.name.as_str(), operation.security.as_ref()?)))
        .collect();
    own.sort_by_key(|(name, _)| *name);
    let operations = own.iter().map(|(name, requirement)| {
        let requirement = requirement_tokens(requirement);
        quote!((#name, #requirement))
    });
    quote! {
        const SECURITY: &'static #runtime::Security = &#runtime::Security {
            schemes: &[#(#schemes),*],
            default: #default,
            operations: &[#(#operations),*],
        };
    }
}

fn requirement_tokens(requirement: &Requirement) -> TokenStream {
    let alternatives = requirement.iter().map(|alternative| {
        let names = alternative.iter();
        quote!(&[#(#names),*])
    });
    quote!(&[#(#alternatives),*])
}
