//! What progenitor does not emit around its `Client`: a constant per server,
//! the builder with a setter per security scheme (and server variable), the
//! constructors, and the glue that hands every request to the
//! `client-runtime` crate.

use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

use crate::model::security::{KeyLocation, Requirement, Scheme, SchemeKind};
use crate::model::{Api, Auth, Server};

/// Tokens for the server constants, the builder and the constructors (and,
/// when an operation streams events, the runtime's event types).
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
    let variable_types = crate::emit::server_variables::types(api);
    let servers_module = (!servers.is_empty()).then(|| {
        quote! {
            /// Base URLs of the servers this API is served from, as listed in the spec.
            pub mod servers {
                #(#server_consts)*
                #variable_types
            }
        }
    });

    let runtime_items = runtime_tokens(crate_name, api);
    let runtime = crate::emit::runtime::crate_ident();
    let event_types = api.streams_events().then(|| {
        quote! {
            pub use #runtime::{END_OF_STREAM, Event, EventError, EventStream};
        }
    });

    quote! {
        #servers_module
        #runtime_items
        #event_types
    }
}

/// What ties progenitor's `Client` to the runtime: the runtime's types
/// re-exported under the crate's name, the runtime's builder and hooks
/// (`client_builder!`) with a setter per security scheme, and the
/// constructors named after the spec.
fn runtime_tokens(crate_name: &str, api: &Api) -> TokenStream {
    let default_server: Option<&Server> = api.servers.first();
    let runtime = crate::emit::runtime::crate_ident();
    let security = security(api);
    let crate_ident = Ident::new(&crate_name.replace('-', "_"), Span::call_site());
    let base_url_var = &api.base_url_env;
    let default_base_url = match default_server {
        Some(server) => {
            let ident = Ident::new(&server.const_name, Span::call_site());
            quote!(Some(servers::#ident))
        }
        None => quote!(None),
    };
    let default_base_url_const = default_server.map(|server| {
        let ident = Ident::new(&server.const_name, Span::call_site());
        let default_doc = format!(
            " The base URL used unless another is given: the first server in the spec, <{}>.",
            server.url
        );
        quote! {
            #[doc = #default_doc]
            pub const DEFAULT_BASE_URL: &'static str = servers::#ident;
        }
    });
    // The constructors every bearer client has are the runtime's.
    let builder_macro = match (api.auth == Auth::Bearer, default_server.is_some()) {
        (true, true) => quote!(#runtime::client_builder!(Client, bearer, default_server);),
        (true, false) => quote!(#runtime::client_builder!(Client, bearer);),
        (false, _) => quote!(#runtime::client_builder!(Client);),
    };
    let setters = api.schemes.iter().map(setter);
    let variable_setters = crate::emit::server_variables::setters(api);
    let server_template = crate::emit::server_variables::template(api);
    let from_env_doc = from_env_doc(api);
    let credentials: String = example_schemes(api)
        .into_iter()
        .map(|scheme| format!("     {}\n", example_credential(scheme)))
        .collect();
    let builder_example = format!(
        " ```no_run\n # fn main() -> Result<(), {crate_ident}::ClientBuildError> {{\n use std::time::Duration;\n\n let client = {crate_ident}::Client::builder()\n{credentials}     .timeout(Duration::from_secs(30))\n     .build()?;\n # let _ = client;\n # Ok(())\n # }}\n ```"
    );

    quote! {
        #builder_macro

        impl #runtime::BuildClient for Client {
            const DEFAULT_BASE_URL: Option<&'static str> = #default_base_url;
            const USER_AGENT: &'static str = USER_AGENT;
            const TRACED: bool = cfg!(feature = "tracing");
            const BASE_URL_ENV: Option<&'static str> = Some(#base_url_var);
            #security
            #server_template

            fn from_parts(parts: #runtime::ClientParts) -> Self {
                Self { baseurl: parts.base_url, client: parts.http_client, inner: parts.state }
            }
        }

        impl Client {
            #default_base_url_const

            #[doc = #from_env_doc]
            ///
            /// # Errors
            ///
            /// [`ClientBuildError::MissingEnvironmentVariable`] naming the
            /// variable when a credential the API requires is not set;
            /// otherwise as [`ClientBuildError`].
            pub fn from_env() -> Result<Self, ClientBuildError> {
                Self::builder().from_env()?.build()
            }

            /// Starts configuring a client: base URL, credentials, timeouts,
            /// user agent or an HTTP client of your own.
            ///
            /// # Example
            ///
            #[doc = #builder_example]
            pub fn builder() -> ClientBuilder {
                ClientBuilder::new()
            }
        }

        impl ClientBuilder {
            #(#setters)*
            #variable_setters
        }
    }
}

/// The documentation of `Client::from_env`: which variable holds what.
fn from_env_doc(api: &Api) -> String {
    let mut doc = String::from(" Creates a client from the environment");
    let credentials: Vec<String> = api
        .schemes
        .iter()
        .map(|scheme| match scheme.env.as_slice() {
            [user, password] => format!("`{user}` and `{password}` for `{}`", scheme.name),
            [var] => format!("`{var}` for `{}`", scheme.name),
            [var, id_var, secret_var] => format!(
                "`{var}`, or `{id_var}` and `{secret_var}`, for `{}`",
                scheme.name
            ),
            _ => String::new(),
        })
        .collect();
    if !credentials.is_empty() {
        doc.push_str(": the credentials of the schemes whose variables are set (");
        doc.push_str(&credentials.join(", "));
        doc.push_str(") and,");
    } else {
        doc.push_str(": ");
    }
    doc.push_str(&format!(
        " when set, the base URL from `{}`.",
        api.base_url_env
    ));
    doc
}

/// The builder method that takes a scheme's credential.
fn setter(scheme: &Scheme) -> TokenStream {
    let method = Ident::new(&scheme.setter, Span::call_site());
    let name = &scheme.name;
    let how = match &scheme.kind {
        SchemeKind::ApiKey { location, name } => match location {
            KeyLocation::Header => format!("the API key, sent as the `{name}` header"),
            KeyLocation::Query => format!(
                "the API key, sent as the `{name}` query parameter (errors then never show the URL)"
            ),
            KeyLocation::Cookie => format!("the API key, sent as the `{name}` cookie"),
        },
        SchemeKind::Basic => {
            "the user name and password, sent as `Authorization: Basic …`".to_owned()
        }
        SchemeKind::Bearer => "the token, sent as `Authorization: Bearer <token>`".to_owned(),
        SchemeKind::OAuth { .. } => {
            "an access token, sent as `Authorization: Bearer <token>`".to_owned()
        }
        SchemeKind::Http(scheme) => {
            format!("the credentials, sent as `Authorization: {scheme} <credentials>`")
        }
    };
    let mut doc = format!(" Authenticates with the `{name}` security scheme: {how}.");
    if let Some(description) = scheme
        .description
        .as_deref()
        .map(str::trim)
        .filter(|d| !d.is_empty())
    {
        doc.push_str("\n\n ");
        doc.push_str(&description.replace('\n', "\n "));
    }
    match scheme.env.as_slice() {
        [user, password] => doc.push_str(&format!(
            "\n\n [`Client::from_env`] reads them from `{user}` and `{password}`."
        )),
        [var] => doc.push_str(&format!("\n\n [`Client::from_env`] reads it from `{var}`.")),
        [var, id_var, secret_var] => doc.push_str(&format!(
            "\n\n [`Client::from_env`] reads it from `{var}`, or a client id and secret from `{id_var}` and `{secret_var}`."
        )),
        _ => {}
    }
    let client_credentials = match (&scheme.kind, &scheme.client_credentials_setter) {
        (
            SchemeKind::OAuth {
                client_credentials: Some(token_url),
            },
            Some(method),
        ) => {
            let method = Ident::new(method, Span::call_site());
            let doc = format!(
                " Authenticates with the `{name}` security scheme's client credentials flow: the client fetches an access token from <{token_url}> with `client_id` and `client_secret` before the first request that needs one, keeps it until shortly before it expires (or until the API answers `401`), then fetches another. It asks for no scope (the server's default); [`ClientBuilder::credential`] with [`Credential::ClientCredentials`] names scopes."
            );
            Some(quote! {
                #[doc = #doc]
                pub fn #method(self, client_id: impl Into<String>, client_secret: impl Into<Secret>) -> Self {
                    self.credential(#name, Credential::ClientCredentials {
                        client_id: client_id.into(),
                        client_secret: client_secret.into(),
                        scopes: Vec::new(),
                    })
                }
            })
        }
        _ => None,
    };
    let setter = match scheme.kind {
        SchemeKind::Basic => quote! {
            #[doc = #doc]
            pub fn #method(self, user: impl Into<String>, password: impl Into<Secret>) -> Self {
                self.credential(#name, Credential::Basic { user: user.into(), password: password.into() })
            }
        },
        _ => quote! {
            #[doc = #doc]
            pub fn #method(self, secret: impl Into<Secret>) -> Self {
                self.credential(#name, Credential::Secret(secret.into()))
            }
        },
    };
    quote! {
        #setter
        #client_credentials
    }
}

/// The schemes examples give credentials for: the first alternative of the
/// document's requirement that names any, else the first scheme.
pub fn example_schemes(api: &Api) -> Vec<&Scheme> {
    let by_name = |name: &String| api.schemes.iter().find(|scheme| scheme.name == *name);
    api.requirement
        .iter()
        .flatten()
        .find(|alternative| !alternative.is_empty())
        .map(|alternative| alternative.iter().filter_map(by_name).collect())
        .filter(|schemes: &Vec<&Scheme>| !schemes.is_empty())
        .unwrap_or_else(|| api.schemes.first().into_iter().collect())
}

/// The builder calls of [`example_schemes`], as code.
pub fn example_credentials(api: &Api) -> TokenStream {
    example_schemes(api)
        .into_iter()
        .map(example_credential)
        .collect::<String>()
        .parse()
        .unwrap_or_default()
}

/// A call of a scheme's setter with a placeholder credential, for examples.
pub fn example_credential(scheme: &Scheme) -> String {
    match scheme.kind {
        SchemeKind::Basic => format!(".{}(\"YOUR_USER_NAME\", \"YOUR_PASSWORD\")", scheme.setter),
        SchemeKind::OAuth { .. } => format!(".{}(\"YOUR_ACCESS_TOKEN\")", scheme.setter),
        _ => format!(".{}(\"YOUR_API_KEY\")", scheme.setter),
    }
}

/// Removes progenitor's `Client::new` and `Client::new_with_client` from a
/// client with bearer auth, whose builder is then the one way to make it:
/// they took a bare [`CLIENT_STATE_TYPE`](crate::emit::runtime::CLIENT_STATE_TYPE) (a client without credentials),
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
    let runtime = crate::emit::runtime::crate_ident();
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
            SchemeKind::Bearer | SchemeKind::OAuth { client_credentials: None } => quote!(Bearer),
            SchemeKind::OAuth { client_credentials: Some(token_url) } => quote!(OAuth2 { token_url: #token_url }),
            SchemeKind::Http(scheme) => quote!(Http { scheme: #scheme }),
        };
        let env = &scheme.env;
        quote!(#runtime::Scheme { name: #name, kind: #runtime::SchemeKind::#kind, env: &[#(#env),*] })
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
