//! The `client-runtime` crate as generated code names it.

use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

/// The type progenitor stores in every `Client` (its "inner" value); the
/// hooks read the credentials and the retry policy from it.
pub const CLIENT_STATE_TYPE: &str = "ClientState";

/// The crate the generated code's runtime behaviour comes from, as code names it.
pub const RUNTIME_CRATE: &str = "client_runtime";

/// [`RUNTIME_CRATE`] as an identifier, for `quote!`.
pub fn crate_ident() -> Ident {
    Ident::new(RUNTIME_CRATE, Span::call_site())
}

/// The `&[(property, FormStyle)]` a form body is encoded with, as the
/// runtime's `form_body` takes it.
pub fn form_styles(encoding: &[(String, crate::normalize::FormStyle)]) -> TokenStream {
    let runtime = crate_ident();
    let styles = encoding.iter().map(|(property, style)| {
        let style = match style {
            crate::normalize::FormStyle::Form { explode } => quote!(Form { explode: #explode }),
            crate::normalize::FormStyle::SpaceDelimited => quote!(SpaceDelimited),
            crate::normalize::FormStyle::PipeDelimited => quote!(PipeDelimited),
            crate::normalize::FormStyle::DeepObject => quote!(DeepObject),
        };
        quote!((#property, #runtime::internal::FormStyle::#style))
    });
    quote!(&[#(#styles),*])
}
