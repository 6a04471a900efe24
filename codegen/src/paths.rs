//! Path parameters that cannot change which endpoint is called.
//!
//! progenitor percent-encodes path parameters (`/`, `?`, `#`, `%`, spaces and
//! non-ASCII included), but a parameter that is `.` or `..` survives encoding
//! (`%2E%2E` is still a dot segment to a URL parser), and URL parsing then
//! resolves it: `DELETE /v6/subaccounts/..` would become `DELETE /v6/`. The
//! generated calls are rewritten to go through `encode_path_segment`, which
//! refuses such values (and empty ones) before any request is sent.

use proc_macro2::TokenStream;
use quote::{ToTokens, quote};
use syn::punctuated::Punctuated;
use syn::visit_mut::{self, VisitMut};
use syn::{Expr, Macro, Token};

/// Rewrites `encode_path(x)` inside `format!` calls to
/// `super::encode_path_segment(x)?`; returns whether anything was rewritten.
pub fn guard_path_segments(file: &mut syn::File) -> bool {
    let mut rewriter = Rewriter { rewritten: false };
    rewriter.visit_file_mut(file);
    rewriter.rewritten
}

/// The checked encoder the rewritten calls use; emit it when [`guard_path_segments`] returned true.
pub fn tokens() -> TokenStream {
    quote! {
        /// Percent-encodes one path parameter. Refuses values that would not stay one
        /// path segment once the URL is parsed: empty, `.` and `..`.
        // The error is the one every operation returns; boxing it here would not shrink that.
        #[allow(clippy::result_large_err)]
        fn encode_path_segment<E>(segment: &str) -> ::std::result::Result<String, Error<E>> {
            if segment.is_empty() || segment == "." || segment == ".." {
                return Err(Error::InvalidRequest(format!(
                    "`{segment}` cannot be sent as a path parameter: it would change the path"
                )));
            }
            Ok(encode_path(segment))
        }
    }
}

struct Rewriter {
    rewritten: bool,
}

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
                        *arg = syn::parse_quote!(super::encode_path_segment(#inner)?);
                        changed = true;
                    }
                }
                if changed {
                    mac.tokens = args.to_token_stream();
                    self.rewritten = true;
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
        assert!(guard_path_segments(&mut file));
        let code = file.to_token_stream().to_string();
        assert!(
            code.contains("super :: encode_path_segment (& username . to_string ()) ?"),
            "{code}"
        );
    }
}
