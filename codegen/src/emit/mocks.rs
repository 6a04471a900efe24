//! The `mock` module (cargo feature `mock`): typed
//! [httpmock](https://docs.rs/httpmock) helpers, one `When` and one `Then`
//! wrapper per operation and a method per operation on `MockServer`, from
//! the model and the types typify gave its operations.
//!
//! What a matcher does (a path parameter percent-encoded as the client sends
//! it, a query array item by item, a form encoded as the client encodes it)
//! is the runtime's (`client_runtime::internal::mock`); this module writes
//! only the signatures, which vary with the spec.
//!
//! A matcher has the same signature whether its parameter is required or
//! optional, and an optional one has `<name>_missing` besides: a parameter
//! that becomes optional adds a method instead of changing one.
//! `MockServerExt` is sealed, so that a method for a new operation is an
//! addition, not a break of someone's own implementation.

use std::collections::{BTreeMap, BTreeSet};

use proc_macro2::{Ident, Span, TokenStream};
use quote::{format_ident, quote};
use typify::TypeId;

use crate::emit::features::TagFeatures;
use crate::emit::runtime;
use crate::model::typing::{OperationTypes, ResponseBody, TypedBody, Typing};
use crate::model::{Api, Operation};
use crate::normalize::names;

/// The `mock` module of `api`, whose operations' types are in `typing`;
/// each operation's items gated by its tags' features when there are some.
pub fn module(api: &Api, typing: &Typing, features: Option<&TagFeatures>) -> TokenStream {
    let by_pointer: BTreeMap<&str, &OperationTypes> = typing
        .operations
        .iter()
        .map(|types| (types.pointer.as_str(), types))
        .collect();
    let mocked: Vec<Mocked<'_>> = api
        .operations
        .iter()
        .filter_map(|operation| {
            let types = by_pointer.get(operation.pointer().as_str())?;
            Some(Mocked {
                operation,
                types,
                gate: features.and_then(|features| features.gate_operation(&operation.name)),
            })
        })
        .collect();
    let wrappers = mocked.iter().map(|mocked| wrappers(mocked, typing));
    let declarations = mocked.iter().map(|mocked| {
        let (method, when, then, gate) = mocked.idents();
        let doc = format!(
            " Mocks `{}`: `config_fn` narrows the request with `When` and answers with `Then`.",
            mocked.operation.label()
        );
        quote! {
            #[doc = #doc]
            #gate
            fn #method<F>(&self, config_fn: F) -> ::httpmock::Mock<'_>
            where
                F: FnOnce(operations::#when, operations::#then);
        }
    });
    let implementations = mocked.iter().map(|mocked| {
        let (method, when, then, gate) = mocked.idents();
        quote! {
            #gate
            fn #method<F>(&self, config_fn: F) -> ::httpmock::Mock<'_>
            where
                F: FnOnce(operations::#when, operations::#then),
            {
                self.mock(|when, then| {
                    config_fn(operations::#when::new(when), operations::#then::new(then))
                })
            }
        }
    });
    quote! {
        /// Typed [httpmock](https://docs.rs/httpmock) helpers for testing code that
        /// uses this client without the network (cargo feature `mock`): one method
        /// per operation on `httpmock::MockServer` via [`mock::MockServerExt`].
        #[cfg(feature = "mock")]
        pub mod mock {
            pub mod operations {
                //! [`When`](::httpmock::When) and [`Then`](::httpmock::Then)
                //! wrappers for each operation. Each can be converted to
                //! its inner type with a call to `into_inner()`, to
                //! deviate from what the spec permits.

                // Types are named by their path from the crate's root; a
                // spec without schemas names none.
                #[allow(unused_imports)]
                use crate::*;

                #(#wrappers)*
            }

            /// An extension trait for [`MockServer`](::httpmock::MockServer) that
            /// adds a method for each operation: type-checked
            /// [`mock()`](::httpmock::MockServer::mock) calls. It is sealed: only
            /// `MockServer` implements it, so that a method for a new operation is
            /// not a breaking change.
            pub trait MockServerExt: sealed::Sealed {
                #(#declarations)*
            }

            impl MockServerExt for ::httpmock::MockServer {
                #(#implementations)*
            }

            mod sealed {
                /// Implemented for `httpmock::MockServer` only.
                pub trait Sealed {}
                impl Sealed for ::httpmock::MockServer {}
            }
        }
    }
}

/// An operation to mock, with its types and its feature gate.
struct Mocked<'a> {
    operation: &'a Operation,
    types: &'a OperationTypes,
    gate: Option<syn::Attribute>,
}

impl Mocked<'_> {
    /// Its `MockServerExt` method, its `When` and `Then` wrappers, and its gate.
    fn idents(&self) -> (Ident, Ident, Ident, Option<&syn::Attribute>) {
        let pascal = names::pascal(&self.operation.name);
        (
            Ident::new(&self.operation.name, Span::call_site()),
            format_ident!("{pascal}When"),
            format_ident!("{pascal}Then"),
            self.gate.as_ref(),
        )
    }
}

/// The `When` and `Then` wrappers of one operation, with their methods.
fn wrappers(mocked: &Mocked<'_>, typing: &Typing) -> TokenStream {
    let (_, when, then, gate) = mocked.idents();
    let operation = mocked.operation;
    let rt = runtime::crate_ident();
    let http_method = format_ident!("{}", operation.method.to_uppercase());
    let template = &operation.path;
    let label = operation.label();
    let when_doc = format!(" Narrows a mocked request of `{label}`.");
    let then_doc = format!(" The answer to a mocked request of `{label}`.");
    let new_when_doc = format!(" Matches any request of `{label}`.");
    let matchers = matchers(mocked, typing);
    let answers = answers(mocked.types, typing);
    quote! {
        #[doc = #when_doc]
        #gate
        pub struct #when(::httpmock::When);

        #gate
        impl #when {
            #[doc = #new_when_doc]
            pub fn new(inner: ::httpmock::When) -> Self {
                Self(::#rt::internal::mock::operation(
                    inner,
                    ::httpmock::Method::#http_method,
                    #template,
                ))
            }

            /// The httpmock `When` this wraps.
            pub fn into_inner(self) -> ::httpmock::When {
                self.0
            }

            #(#matchers)*
        }

        #[doc = #then_doc]
        #gate
        pub struct #then(::httpmock::Then);

        #gate
        impl #then {
            /// Wraps httpmock's `Then`.
            pub fn new(inner: ::httpmock::Then) -> Self {
                Self(inner)
            }

            /// The httpmock `Then` this wraps.
            pub fn into_inner(self) -> ::httpmock::Then {
                self.0
            }

            #(#answers)*
        }
    }
}

/// Where a parameter is matched: the order of the `When` methods.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Place {
    /// By its position in the path template.
    Path(usize),
    Query,
    Header,
    Cookie,
}

/// The `When` methods of an operation: one per parameter (and one for
/// "absent" per optional parameter), then the body's.
fn matchers(mocked: &Mocked<'_>, typing: &Typing) -> Vec<TokenStream> {
    let rt = runtime::crate_ident();
    let operation = mocked.operation;
    let template = &operation.path;
    let mut parameters: Vec<(Place, &crate::model::typing::TypedParameter)> = mocked
        .types
        .parameters
        .iter()
        .filter_map(|parameter| {
            let place = match parameter.location.as_str() {
                "path" => Place::Path(
                    template
                        .find(&format!("{{{}}}", parameter.name))
                        .unwrap_or(usize::MAX),
                ),
                "query" => Place::Query,
                "header" if operation.wire.cookies.contains(&parameter.name) => Place::Cookie,
                "header" => Place::Header,
                _ => return None,
            };
            Some((place, parameter))
        })
        .collect();
    // Stable: parameters of one place stay in the order of their names.
    parameters.sort_by_key(|(place, _)| *place);

    // Path, header and cookie values are sent as their `to_string()` (a
    // constrained string reaches `String`'s through `Deref`), so they are
    // matched as that; a string is already its text.
    let mut taken: BTreeSet<String> = ["new", "into_inner"].map(str::to_owned).into();
    let mut methods = Vec::new();
    for (place, parameter) in parameters {
        let Some(value_type) = parameter_type(typing, &parameter.type_id) else {
            continue;
        };
        let wire_name = &parameter.name;
        let text = if is_string(typing, &parameter.type_id) {
            quote!(value)
        } else {
            quote!(&value.to_string())
        };
        let name = names::unique(&mut taken, names::parameter_name(wire_name));
        let method = Ident::new(&name, Span::call_site());
        let (present, absent, doc) = match place {
            Place::Path(_) => (
                quote!(::#rt::internal::mock::path_parameter(self.0, #template, #wire_name, #text)),
                None,
                format!(" Matches a request whose path parameter `{wire_name}` is `value`."),
            ),
            Place::Query => (
                quote!(::#rt::internal::mock::query(self.0, #wire_name, &value)),
                Some(quote!(self.0.query_param_missing(#wire_name))),
                format!(" Matches a request whose query parameter `{wire_name}` is `value`."),
            ),
            Place::Header => (
                quote!(::#rt::internal::mock::header(self.0, #wire_name, #text)),
                Some(quote!(self.0.header_missing(#wire_name))),
                format!(" Matches a request whose header `{wire_name}` is `value`."),
            ),
            Place::Cookie => (
                quote!(::#rt::internal::mock::cookie(self.0, #wire_name, #text)),
                Some(quote!(self.0.cookie_missing(#wire_name))),
                format!(" Matches a request that sends the cookie `{wire_name}` as `value`."),
            ),
        };
        methods.push(quote! {
            #[doc = #doc]
            pub fn #method(self, value: #value_type) -> Self {
                Self(#present)
            }
        });
        if let Some(absent) = absent.filter(|_| !parameter.required) {
            let base = name.trim_start_matches("r#").trim_end_matches('_');
            let missing = names::unique(&mut taken, format!("{base}_missing"));
            let missing = Ident::new(&missing, Span::call_site());
            let doc = format!(" Matches a request without `{wire_name}`.");
            methods.push(quote! {
                #[doc = #doc]
                pub fn #missing(self) -> Self {
                    Self(#absent)
                }
            });
        }
    }
    if let Some(body) = body_matcher(mocked, typing, &mut taken) {
        methods.push(body);
    }
    methods
}

/// The `When` method of the request body: JSON or a form of its type, the
/// names of a multipart body's parts, raw text or bytes.
fn body_matcher(
    mocked: &Mocked<'_>,
    typing: &Typing,
    taken: &mut BTreeSet<String>,
) -> Option<TokenStream> {
    let rt = runtime::crate_ident();
    let wire = &mocked.operation.wire;
    let body = mocked.types.body.as_ref()?;
    if wire.multipart.is_some() {
        let name = Ident::new(&names::unique(taken, "part".to_owned()), Span::call_site());
        return Some(quote! {
            /// Matches a request whose `multipart/form-data` body has the part `name`.
            pub fn #name(self, name: &str) -> Self {
                Self(::#rt::internal::mock::multipart_part(self.0, name))
            }
        });
    }
    let name = Ident::new(&names::unique(taken, "body".to_owned()), Span::call_site());
    Some(match body {
        TypedBody::Typed(type_id) => {
            let value_type = parameter_type(typing, type_id)?;
            match &wire.form {
                Some(encoding) => {
                    let styles = runtime::form_styles(encoding);
                    quote! {
                        /// Matches a request whose form body is `value`, encoded as the client encodes it.
                        pub fn #name(self, value: #value_type) -> Self {
                            Self(::#rt::internal::mock::form(self.0, &value, #styles))
                        }
                    }
                }
                None => quote! {
                    /// Matches a request whose JSON body is `value`.
                    pub fn #name(self, value: #value_type) -> Self {
                        Self(::#rt::internal::mock::json_body(self.0, &value))
                    }
                },
            }
        }
        TypedBody::Raw(media_type) if media_type.starts_with("text/") => quote! {
            /// Matches a request whose body is the text `value`.
            pub fn #name(self, value: String) -> Self {
                Self(self.0.body(value))
            }
        },
        TypedBody::Raw(_) => quote! {
            /// Matches a request whose body is `value` as JSON.
            pub fn #name(self, value: ::serde_json::Value) -> Self {
                Self(self.0.json_body(value))
            }
        },
    })
}

/// The `Then` methods of an operation: one per documented response, named
/// after its status (`not_found`, `success` for `2XX`, `default_response`),
/// and `success` for any `2XX` when the spec documents no success.
fn answers(types: &OperationTypes, typing: &Typing) -> Vec<TokenStream> {
    let rt = runtime::crate_ident();
    let mut taken: BTreeSet<String> = ["new", "into_inner"].map(str::to_owned).into();
    let mut succeeds = false;
    let mut answers = Vec::new();
    let mut answer = |status: &str, body: Option<&ResponseBody>| {
        let (value_param, value_type) = match body {
            Some(ResponseBody::Json(type_id)) => match parameter_type(typing, type_id) {
                Some(value_type) => (true, value_type),
                None => (true, quote!(::serde_json::Value)),
            },
            Some(ResponseBody::Raw) | None => (true, quote!(::serde_json::Value)),
            Some(ResponseBody::Upgrade | ResponseBody::None) => (false, TokenStream::new()),
        };
        let (name, status_param, status_value, doc) = match status_kind(status) {
            StatusKind::Code(code) => (
                http::StatusCode::from_u16(code)
                    .ok()
                    .and_then(|status| status.canonical_reason())
                    .map_or_else(|| format!("status_{code}"), names::field_name),
                TokenStream::new(),
                quote!(#code),
                format!(" Answers `{code}`"),
            ),
            StatusKind::Class(class) => (
                match class {
                    1 => "informational",
                    2 => "success",
                    3 => "redirect",
                    4 => "client_error",
                    _ => "server_error",
                }
                .to_owned(),
                quote!(status: u16,),
                quote!(::#rt::internal::mock::in_class(status, #class)),
                format!(" Answers `status`, which must be a `{class}XX`"),
            ),
            StatusKind::Default => (
                "default_response".to_owned(),
                quote!(status: u16,),
                quote!(status),
                " Answers `status`, for the spec's `default` response".to_owned(),
            ),
        };
        let method = Ident::new(&names::unique(&mut taken, name), Span::call_site());
        answers.push(if value_param {
            let doc = format!("{doc}, with `value` as its JSON body.");
            quote! {
                #[doc = #doc]
                pub fn #method(self, #status_param value: #value_type) -> Self {
                    Self(::#rt::internal::mock::json(self.0, #status_value, &value))
                }
            }
        } else {
            let doc = format!("{doc}, without a body.");
            quote! {
                #[doc = #doc]
                pub fn #method(self, #status_param) -> Self {
                    Self(::#rt::internal::mock::status(self.0, #status_value))
                }
            }
        });
    };
    for response in &types.responses {
        let kind = status_kind(&response.status);
        succeeds |= matches!(
            kind,
            StatusKind::Default | StatusKind::Code(100..=299) | StatusKind::Class(2)
        );
        answer(&response.status, Some(&response.body));
    }
    if !succeeds {
        answer("2XX", None);
    }
    answers
}

/// A response's status as the spec writes it.
#[derive(Clone, Copy)]
enum StatusKind {
    Code(u16),
    Class(u16),
    Default,
}

fn status_kind(status: &str) -> StatusKind {
    if let Ok(code) = status.parse() {
        return StatusKind::Code(code);
    }
    match status.as_bytes() {
        [class @ b'1'..=b'5', b'X' | b'x', b'X' | b'x'] => {
            StatusKind::Class(u16::from(class - b'0'))
        }
        _ => StatusKind::Default,
    }
}

/// How a method takes a value of the type `type_id` (`&str`, `i64`,
/// `&types::Pet`).
fn parameter_type(typing: &Typing, type_id: &TypeId) -> Option<TokenStream> {
    typing
        .space
        .get_type(type_id)
        .ok()
        .map(|found| found.parameter_ident())
}

/// Whether the type `type_id` is a plain `String` (taken as `&str`).
fn is_string(typing: &Typing, type_id: &TypeId) -> bool {
    typing
        .space
        .get_type(type_id)
        .is_ok_and(|found| matches!(found.details(), typify::TypeDetails::String))
}
