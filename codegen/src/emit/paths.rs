//! Path parameters that cannot change which endpoint is called.
//!
//! progenitor percent-encodes path parameters (`/`, `?`, `#`, `%`, spaces and
//! non-ASCII included), but a parameter that is `.` or `..` survives encoding
//! (`%2E%2E` is still a dot segment to a URL parser), and URL parsing then
//! resolves it: `DELETE /v6/subaccounts/..` would become `DELETE /v6/`. The
//! generated calls are rewritten to go through the runtime's
//! `encode_path_segment`, which refuses such values (and empty ones) before
//! any request is sent.

use quote::ToTokens;
use syn::punctuated::Punctuated;
use syn::visit_mut::{self, VisitMut};
use syn::{Expr, Macro, Token};

/// Rewrites `encode_path(x)` inside `format!` calls to the runtime's
/// checked `encode_path_segment(x)?`.
pub fn guard_path_segments(file: &mut syn::File) {
    Rewriter.visit_file_mut(file);
}

struct Rewriter;

impl VisitMut for Rewriter {
    fn visit_macro_mut(&mut self, mac: &mut Macro) {
        if mac.path.is_ident("format") {
            let parser = Punctuated::<Expr, Token![,]>::parse_terminated;
            if let Ok(mut args) = mac.parse_body_with(parser) {
                let mut changed = false;
                for arg in args.iter_mut() {
                    if let Expr::Call(call) = arg
                        && let Expr::Path(function) = &*call.func
                        && function.path.is_ident("encode_path")
                    {
                        let inner = &call.args;
                        *arg = syn::parse_quote!(
                            ::client_runtime::internal::encode_path_segment(#inner)?
                        );
                        changed = true;
                    }
                }
                if changed {
                    mac.tokens = args.to_token_stream();
                }
            }
        }
        visit_mut::visit_macro_mut(self, mac);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encode_path_calls_in_format_become_checked() {
        let mut file: syn::File = syn::parse_str(
            r#"fn send() { let url = format!("{}/v6/subaccounts/{}", client.baseurl, encode_path(&username.to_string()),); }"#,
        )
        .unwrap();
        guard_path_segments(&mut file);
        let code = file.to_token_stream().to_string();
        assert!(
            code.contains(
                ":: client_runtime :: internal :: encode_path_segment (& username . to_string ()) ?"
            ),
            "{code}"
        );
    }
}
