//! The `client-runtime` crate as generated code names it.

use proc_macro2::{Ident, Span};

/// The type progenitor stores in every `Client` (its "inner" value); the
/// hooks read the credentials and the retry policy from it.
pub const CLIENT_STATE_TYPE: &str = "ClientState";

/// The crate the generated code's runtime behaviour comes from, as code names it.
pub const RUNTIME_CRATE: &str = "client_runtime";

/// [`RUNTIME_CRATE`] as an identifier, for `quote!`.
pub fn crate_ident() -> Ident {
    Ident::new(RUNTIME_CRATE, Span::call_site())
}
