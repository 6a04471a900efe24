//! The variables of the spec's first server (`https://{region}.example.com`):
//! a type per variable with an `enum` in the `servers` module, a builder
//! setter per variable, and the template the runtime fills in.

use std::collections::BTreeSet;

use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

use crate::model::{Api, ServerVariable};
use crate::normalize::names;

/// The enums of the default server's variables, for the `servers` module.
pub fn types(api: &Api) -> TokenStream {
    let Some(server) = api.servers.first() else {
        return TokenStream::new();
    };
    server
        .variables
        .iter()
        .filter_map(|variable| {
            let type_name = Ident::new(variable.type_name.as_deref()?, Span::call_site());
            let variants = variants(variable);
            let doc = format!(
                " The values of `{{{}}}` in the default server's URL, <{}>{}",
                variable.name,
                server.template,
                description(variable)
            );
            let declared = variants.iter().map(|(ident, value)| {
                let default = (*value == variable.default.as_str()).then(|| quote!(#[default]));
                let doc = format!(" `{value}`");
                quote! {
                    #[doc = #doc]
                    #default
                    #ident
                }
            });
            let arms = variants
                .iter()
                .map(|(ident, value)| quote!(Self::#ident => #value));
            Some(quote! {
                #[doc = #doc]
                #[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
                #[non_exhaustive]
                pub enum #type_name {
                    #(#declared,)*
                }

                impl #type_name {
                    /// The value as the URL carries it.
                    pub fn as_str(&self) -> &'static str {
                        match self {
                            #(#arms,)*
                        }
                    }
                }

                impl ::std::fmt::Display for #type_name {
                    fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                        f.write_str(self.as_str())
                    }
                }
            })
        })
        .collect()
}

/// `const SERVER` of `BuildClient`, when the default server has variables.
pub fn template(api: &Api) -> TokenStream {
    let Some(server) = api
        .servers
        .first()
        .filter(|server| !server.variables.is_empty())
    else {
        return TokenStream::new();
    };
    let runtime = crate::emit::runtime::crate_ident();
    let url = &server.template;
    let variables = server.variables.iter().map(|variable| {
        let (name, default) = (&variable.name, &variable.default);
        quote!((#name, #default))
    });
    quote! {
        const SERVER: Option<&'static #runtime::ServerTemplate> = Some(&#runtime::ServerTemplate {
            url: #url,
            variables: &[#(#variables),*],
        });
    }
}

/// The builder setters of the default server's variables.
pub fn setters(api: &Api) -> TokenStream {
    let Some(server) = api.servers.first() else {
        return TokenStream::new();
    };
    server
        .variables
        .iter()
        .map(|variable| {
            let method = Ident::new(&variable.setter, Span::call_site());
            let name = &variable.name;
            let doc = format!(
                " Sets `{{{name}}}` in the default server's URL, <{}> (default `{}`){}\n\n A base URL given with [`ClientBuilder::base_url`] takes precedence.",
                server.template,
                variable.default,
                description(variable)
            );
            match &variable.type_name {
                Some(type_name) => {
                    let type_name = Ident::new(type_name, Span::call_site());
                    quote! {
                        #[doc = #doc]
                        pub fn #method(self, value: servers::#type_name) -> Self {
                            Self(self.0.server_variable(#name, value.as_str()))
                        }
                    }
                }
                None => quote! {
                    #[doc = #doc]
                    pub fn #method(self, value: impl Into<String>) -> Self {
                        Self(self.0.server_variable(#name, value))
                    }
                },
            }
        })
        .collect()
}

/// Each value of `variable` with its variant: typify's spelling of the
/// value, numbered when two values spell alike.
fn variants(variable: &ServerVariable) -> Vec<(Ident, &str)> {
    let mut taken = BTreeSet::new();
    variable
        .values
        .iter()
        .map(|value| {
            let name = names::unique(&mut taken, names::type_name(value));
            (Ident::new(&name, Span::call_site()), value.as_str())
        })
        .collect()
}

/// `: <description>.` or `.`.
fn description(variable: &ServerVariable) -> String {
    match variable.description.as_deref().map(str::trim) {
        Some(text) if !text.is_empty() => {
            format!(": {}", text.trim_end_matches('.').replace('\n', "\n ")) + "."
        }
        _ => ".".to_owned(),
    }
}
