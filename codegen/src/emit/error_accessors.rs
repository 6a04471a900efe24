//! One way to read an error body, whatever its shape.
//!
//! Vendors shape error bodies differently (Infinipost sends `{"error": "…"}`
//! or `{"error": {"code", "message"}}`; Pepipost `{"error": "…"}`). Each
//! component schema used as an error body gets `message()` and `code()`,
//! which look in the places such bodies put them, so callers need not match
//! on the body's shape.

use std::collections::BTreeSet;

use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;
use serde_json::Value;

use crate::emit::redact::type_name;

/// Type names of the component schemas that 4XX/5XX responses use as bodies.
pub fn error_body_types(document: &Value) -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    let mut responses: Vec<&Value> = Vec::new();
    for item in document
        .get("paths")
        .and_then(Value::as_object)
        .into_iter()
        .flat_map(|paths| paths.values())
    {
        for operation in item.as_object().into_iter().flat_map(|item| item.values()) {
            let Some(map) = operation.get("responses").and_then(Value::as_object) else {
                continue;
            };
            for (status, response) in map {
                if status.starts_with('4') || status.starts_with('5') || status == "default" {
                    responses
                        .push(crate::load::refs::follow(document, response).unwrap_or(response));
                }
            }
        }
    }
    for response in responses {
        for content in response
            .get("content")
            .and_then(Value::as_object)
            .into_iter()
            .flat_map(|c| c.values())
        {
            if let Some(reference) = content.pointer("/schema/$ref").and_then(Value::as_str)
                && let Some(name) = reference.strip_prefix("#/components/schemas/")
            {
                names.insert(type_name(name));
            }
        }
    }
    names
}

/// `message()` and `code()` for each error body type, which ask the runtime.
pub fn tokens(types: &BTreeSet<String>) -> TokenStream {
    let runtime = Ident::new(crate::emit::client::RUNTIME_CRATE, Span::call_site());
    let impls = types.iter().map(|name| {
        let ident = Ident::new(name, Span::call_site());
        quote! {
            impl types::#ident {
                /// The human-readable error message, from a flat `{"error": "…"}`, a
                /// nested `{"error": {"message": "…"}}` or a top-level `message`.
                pub fn message(&self) -> Option<String> {
                    #runtime::internal::error_message(self)
                }

                /// The machine-readable error code (`{"error": {"code": "…"}}` or a
                /// top-level `code`), when the server sent one.
                pub fn code(&self) -> Option<String> {
                    #runtime::internal::error_code(self)
                }
            }
        }
    });
    quote! {
        #(#impls)*
    }
}
