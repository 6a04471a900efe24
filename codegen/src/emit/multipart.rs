//! The `multipart` module: reqwest's form types, and for each operation
//! whose `multipart/form-data` schema lists its parts, a struct of them
//! (`UploadPhotoBody`) built with `new(required parts)` and a setter per
//! optional one, which becomes the form the operation sends. Encoding each
//! part is the runtime's (`client_runtime::internal::MultipartBody`).

use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;
use syn::parse_quote;

use crate::model::{Api, MultipartBody, MultipartField, PartKind};

/// The module, when an operation sends a multipart body.
pub fn module(api: &Api) -> Option<syn::Item> {
    let bodies: Vec<(&String, &MultipartBody)> = api
        .operations
        .iter()
        .filter_map(|operation| Some((&operation.name, operation.wire.multipart.as_ref()?)))
        .collect();
    if bodies.is_empty() {
        return None;
    }
    let typed: Vec<TokenStream> = bodies
        .iter()
        .filter(|(_, body)| !body.fields.is_empty())
        .map(|(method, body)| body_struct(method, body))
        .collect();
    let runtime_types = (!typed.is_empty()).then(|| {
        quote! {
            pub use ::client_runtime::{FilePart, MultipartError};
        }
    });
    Some(parse_quote! {
        /// The `multipart/form-data` bodies of the operations that send one:
        /// a struct of each body's parts, or a [`Form`](crate::multipart::Form) of your own.
        pub mod multipart {
            pub use ::reqwest::multipart::{Form, Part};
            #runtime_types
            #(#typed)*
        }
    })
}

/// The struct of one body, its constructor and setters, and its conversion
/// into a [`reqwest::multipart::Form`].
fn body_struct(method: &str, body: &MultipartBody) -> TokenStream {
    let name = ident(&body.type_name);
    let doc = format!(
        " The `multipart/form-data` body of [`Client::{method}`](crate::Client::{method}): pass it to the builder's `body`."
    );
    let fields = body.fields.iter().map(|field| {
        let ident = ident(&field.field);
        let ty = field_type(field);
        let doc = field_doc(field);
        quote! {
            #[doc = #doc]
            pub #ident: #ty
        }
    });
    let required: Vec<&MultipartField> =
        body.fields.iter().filter(|field| field.required).collect();
    let arguments = required.iter().map(|field| {
        let ident = ident(&field.field);
        let ty = argument_type(field);
        quote!(#ident: #ty)
    });
    let initial = body.fields.iter().map(|field| {
        let ident = ident(&field.field);
        match (field.required, &field.kind) {
            (true, PartKind::Value(ty)) if is_string(ty) => quote!(#ident: #ident.into()),
            (true, _) => quote!(#ident),
            (false, PartKind::Files) => quote!(#ident: ::std::vec::Vec::new()),
            (false, _) => quote!(#ident: ::std::option::Option::None),
        }
    });
    let new_doc = if required.is_empty() {
        " A body without parts; add them with the setters.".to_owned()
    } else {
        let names: Vec<String> = required
            .iter()
            .map(|field| format!("`{}`", field.part))
            .collect();
        format!(
            " A body with the required parts ({}); add the others with the setters.",
            names.join(", ")
        )
    };
    let setters = body
        .fields
        .iter()
        .filter(|field| !field.required)
        .map(setter);
    let parts = body.fields.iter().map(|field| {
        let ident = ident(&field.field);
        let part = &field.part;
        let content_type = match &field.content_type {
            Some(content_type) => quote!(::std::option::Option::Some(#content_type)),
            None => quote!(::std::option::Option::None),
        };
        match (&field.kind, field.required) {
            (PartKind::File, true) => {
                quote!(let form = form.file(#part, body.#ident, #content_type)?;)
            }
            (PartKind::File, false) => quote! {
                let form = match body.#ident {
                    ::std::option::Option::Some(file) => form.file(#part, file, #content_type)?,
                    ::std::option::Option::None => form,
                };
            },
            (PartKind::Files, _) => {
                quote!(let form = form.files(#part, body.#ident, #content_type)?;)
            }
            (PartKind::Value(_), _) => {
                quote!(let form = form.value(#part, &body.#ident, #content_type)?;)
            }
        }
    });
    // Without required parts, `new` is the default (as clippy asks).
    let derives = if required.is_empty() {
        quote!(#[derive(Debug, Default)])
    } else {
        quote!(#[derive(Debug)])
    };
    quote! {
        #[doc = #doc]
        #derives
        #[non_exhaustive]
        pub struct #name {
            #(#fields,)*
        }

        impl #name {
            #[doc = #new_doc]
            pub fn new(#(#arguments),*) -> Self {
                Self {
                    #(#initial,)*
                }
            }

            #(#setters)*
        }

        impl ::std::convert::TryFrom<#name> for Form {
            type Error = MultipartError;

            fn try_from(body: #name) -> ::std::result::Result<Self, Self::Error> {
                let form = ::client_runtime::internal::MultipartBody::new();
                #(#parts)*
                ::std::result::Result::Ok(form.finish())
            }
        }
    }
}

/// The setter of an optional part.
fn setter(field: &MultipartField) -> TokenStream {
    let ident = ident(&field.field);
    let doc = format!(" Sets the part `{}`.", field.part);
    let ty = argument_type(field);
    let value = match &field.kind {
        PartKind::Files => quote!(value),
        PartKind::Value(ty) if is_string(ty) => quote!(::std::option::Option::Some(value.into())),
        _ => quote!(::std::option::Option::Some(value)),
    };
    quote! {
        #[doc = #doc]
        #[must_use]
        pub fn #ident(mut self, value: #ty) -> Self {
            self.#ident = #value;
            self
        }
    }
}

/// The field's documentation: the property's description, and how the
/// part is sent.
fn field_doc(field: &MultipartField) -> String {
    let mut doc = format!(" The part `{}`", field.part);
    match &field.content_type {
        Some(content_type) => doc.push_str(&format!(" (sent as `{content_type}`)")),
        None if matches!(field.kind, PartKind::Files) => doc.push_str(" (one part per file)"),
        None => {}
    }
    doc.push('.');
    if let Some(description) = &field.doc {
        doc.push_str("\n\n");
        doc.push_str(description.trim_end());
    }
    doc.replace('\n', "\n ")
}

/// The field's type: a file, files, or the value's type, in an `Option`
/// unless required (files are a `Vec` that may stay empty).
fn field_type(field: &MultipartField) -> TokenStream {
    let inner = value_type(field);
    match (&field.kind, field.required) {
        (PartKind::Files, _) | (_, true) => inner,
        (_, false) => quote!(::std::option::Option<#inner>),
    }
}

/// What the constructor or setter takes: the value's type (any string-like
/// value for a string).
fn argument_type(field: &MultipartField) -> TokenStream {
    match &field.kind {
        PartKind::Value(ty) if is_string(ty) => {
            quote!(impl ::std::convert::Into<::std::string::String>)
        }
        _ => value_type(field),
    }
}

fn value_type(field: &MultipartField) -> TokenStream {
    match &field.kind {
        PartKind::File => quote!(FilePart),
        PartKind::Files => quote!(::std::vec::Vec<FilePart>),
        PartKind::Value(ty) => syn::parse_str(ty).unwrap_or_else(|_| quote!(::serde_json::Value)),
    }
}

fn is_string(ty: &str) -> bool {
    ty == "::std::string::String"
}

fn ident(name: &str) -> Ident {
    // Field names come from `names::field_name`, which makes identifiers.
    syn::parse_str(name).unwrap_or_else(|_| Ident::new("part", Span::call_site()))
}
