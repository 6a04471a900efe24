//! Keeps the generated requests to what the spec describes.
//!
//! progenitor adds an `api-version: <info.version>` header to every request,
//! a convention of Dropshot servers. The vendors here document no such
//! header, and a client must not send what the spec does not say, so the
//! statement that adds it is removed from the generated code.

use quote::ToTokens;
use syn::visit_mut::{self, VisitMut};
use syn::{Block, Expr, Local, Pat, Stmt};

/// The header progenitor adds on its own.
const DROPSHOT_VERSION_HEADER: &str = "\"api-version\"";

/// Removes every `header_map.append("api-version", …)` statement from `file`.
pub fn remove_undocumented_headers(file: &mut syn::File) {
    HeaderStripper.visit_file_mut(file);
}

struct HeaderStripper;

impl VisitMut for HeaderStripper {
    fn visit_block_mut(&mut self, block: &mut Block) {
        let before = block.stmts.len();
        block.stmts.retain(|stmt| !adds_version_header(stmt));
        if block.stmts.len() < before {
            drop_needless_mut(block);
        }
        visit_mut::visit_block_mut(self, block);
    }
}

/// Without the removed `append`, the header map may no longer be mutated;
/// a leftover `let mut` would trip the `unused_mut` lint in the client.
fn drop_needless_mut(block: &mut Block) {
    let still_mutated = block.stmts.iter().any(|stmt| {
        stmt.to_token_stream()
            .to_string()
            .contains("header_map . append")
    });
    if still_mutated {
        return;
    }
    for stmt in &mut block.stmts {
        if let Stmt::Local(Local {
            pat: Pat::Ident(binding),
            ..
        }) = stmt
            && binding.ident == "header_map"
        {
            binding.mutability = None;
        }
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
        assert!(code.contains("let mut header_map"), "{code}");
    }

    #[test]
    fn a_header_map_left_without_appends_loses_its_mut() {
        let mut file: syn::File = syn::parse_str(
            r#"fn send() {
                let mut header_map = HeaderMap::with_capacity(1usize);
                header_map.append(HeaderName::from_static("api-version"), HeaderValue::from_static("1"));
            }"#,
        )
        .unwrap();
        remove_undocumented_headers(&mut file);
        let code = file.to_token_stream().to_string();
        assert!(code.contains("let header_map"), "{code}");
    }
}
