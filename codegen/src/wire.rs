//! Keeps the generated requests to what the spec describes.
//!
//! progenitor adds an `api-version: <info.version>` header to every request,
//! a convention of Dropshot servers. The vendors here document no such
//! header, and a client must not send what the spec does not say, so the
//! statement that adds it is removed from the generated code.

use quote::ToTokens;
use syn::visit_mut::{self, VisitMut};
use syn::{Block, Expr, Stmt};

/// The header progenitor adds on its own.
const DROPSHOT_VERSION_HEADER: &str = "\"api-version\"";

/// Removes every `header_map.append("api-version", …)` statement from `file`.
pub fn remove_undocumented_headers(file: &mut syn::File) {
    HeaderStripper.visit_file_mut(file);
}

struct HeaderStripper;

impl VisitMut for HeaderStripper {
    fn visit_block_mut(&mut self, block: &mut Block) {
        block.stmts.retain(|stmt| !adds_version_header(stmt));
        visit_mut::visit_block_mut(self, block);
    }
}

fn adds_version_header(stmt: &Stmt) -> bool {
    let Stmt::Expr(Expr::MethodCall(call), _) = stmt else {
        return false;
    };
    call.method == "append"
        && call.args.first().is_some_and(|name| {
            name.to_token_stream()
                .to_string()
                .contains(DROPSHOT_VERSION_HEADER)
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_api_version_header_is_removed_and_other_headers_stay() {
        let mut file: syn::File = syn::parse_str(
            r#"fn send() {
                let mut header_map = HeaderMap::with_capacity(2usize);
                header_map.append(HeaderName::from_static("api-version"), HeaderValue::from_static("1"));
                header_map.append(HeaderName::from_static("x-trace"), value);
            }"#,
        )
        .unwrap();
        remove_undocumented_headers(&mut file);
        let code = file.to_token_stream().to_string();
        assert!(!code.contains("api-version"), "{code}");
        assert!(code.contains("x-trace"), "{code}");
    }
}
