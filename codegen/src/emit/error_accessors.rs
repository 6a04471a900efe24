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

/// Adds `message()` and `code()` for each of `types` to the `types` module
/// of `file` (where they are compiled with the type).
pub fn add_to_types(file: &mut syn::File, types: &BTreeSet<String>) {
    if types.is_empty() {
        return;
    }
    let tokens = tokens(types);
    let Ok(accessors) = syn::parse2::<syn::File>(tokens) else {
        return;
    };
    for item in &mut file.items {
        if let syn::Item::Mod(module) = item
            && module.ident == "types"
            && let Some((_, items)) = &mut module.content
        {
            items.extend(accessors.items);
            return;
        }
    }
}

/// `message()` and `code()` for each error body type, which ask the runtime.
fn tokens(types: &BTreeSet<String>) -> TokenStream {
    let runtime = crate::emit::runtime::crate_ident();
    let impls = types.iter().map(|name| {
        let ident = Ident::new(name, Span::call_site());
        quote! {
            impl #ident {
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
