//! One match arm per way of answering, not per status.
//!
//! progenitor matches a response's status with an arm per documented
//! status, and the arms of the statuses that decode alike (every error
//! status into `Error::ErrorResponse` of one type, say) are the same code,
//! an `.await` each: on a large API, thousands of copies that the compiler
//! turns into as many states of each `send` future. Neighbouring arms with
//! the same body and no guard become one arm matching any of their
//! patterns (`400u16 | 401u16 | 404u16`), which, the arms being next to
//! each other, matches exactly what the first of them did.

use quote::ToTokens;
use syn::visit_mut::{self, VisitMut};
use syn::{Arm, ExprMatch, Pat, PatOr};

/// Merges the neighbouring arms with the same body of every `match` in `file`.
pub fn merge_identical_arms(file: &mut syn::File) {
    Merger.visit_file_mut(file);
}

struct Merger;

impl VisitMut for Merger {
    fn visit_expr_match_mut(&mut self, node: &mut ExprMatch) {
        visit_mut::visit_expr_match_mut(self, node);
        let arms = std::mem::take(&mut node.arms);
        let mut merged: Vec<(Arm, String)> = Vec::with_capacity(arms.len());
        for arm in arms {
            let body = arm.body.to_token_stream().to_string();
            if let Some((last, last_body)) = merged.last_mut()
                && *last_body == body
                && mergeable(last)
                && mergeable(&arm)
            {
                let mut cases = PatOr {
                    attrs: Vec::new(),
                    leading_vert: None,
                    cases: syn::punctuated::Punctuated::new(),
                };
                for pat in [
                    std::mem::replace(&mut last.pat, Pat::Verbatim(Default::default())),
                    arm.pat,
                ] {
                    match pat {
                        Pat::Or(or) => cases.cases.extend(or.cases),
                        other => cases.cases.push(other),
                    }
                }
                last.pat = Pat::Or(cases);
                continue;
            }
            merged.push((arm, body));
        }
        node.arms = merged.into_iter().map(|(arm, _)| arm).collect();
    }
}

/// An arm whose pattern binds nothing (literals, ranges, or-patterns of
/// those) and that has no guard: joining it to another changes no meaning.
fn mergeable(arm: &Arm) -> bool {
    fn plain(pat: &Pat) -> bool {
        match pat {
            Pat::Lit(_) | Pat::Range(_) => true,
            Pat::Or(or) => or.cases.iter().all(plain),
            _ => false,
        }
    }
    arm.attrs.is_empty() && plain(&arm.pat)
}

#[cfg(test)]
mod tests {
    use super::*;
    use syn::parse_quote;

    #[test]
    fn neighbouring_arms_that_answer_alike_become_one() {
        let mut file: syn::File = parse_quote! {
            async fn send(response: Response) -> Result<Value, Error> {
                match response.status().as_u16() {
                    200..=299 => ok(response).await,
                    400u16 => Err(Error::ErrorResponse(decode(response).await?)),
                    401u16 => Err(Error::ErrorResponse(decode(response).await?)),
                    404u16 => Err(Error::ErrorResponse(decode(response).await?)),
                    409u16 => Err(Error::Conflict(decode(response).await?)),
                    500u16 => Err(Error::ErrorResponse(decode(response).await?)),
                    _ => Err(Error::UnexpectedResponse(response)),
                }
            }
        };
        merge_identical_arms(&mut file);
        let text = prettyplease::unparse(&file);
        assert!(text.contains("400u16 | 401u16 | 404u16 =>"), "{text}");
        // Not across an arm that answers otherwise: the order of arms is kept.
        assert!(text.contains("500u16 =>"), "{text}");
        assert_eq!(text.matches("=>").count(), 5, "{text}");
    }

    #[test]
    fn arms_that_bind_or_guard_stay_apart() {
        let mut file: syn::File = parse_quote! {
            fn f(x: Option<u16>) -> u16 {
                match x {
                    Some(n) if n > 3 => 1,
                    Some(_) => 1,
                    None => 1,
                }
            }
        };
        merge_identical_arms(&mut file);
        assert_eq!(prettyplease::unparse(&file).matches("=>").count(), 3);
    }
}
