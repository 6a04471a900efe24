//! Builder setters that take what a user would pass.
//!
//! typify's builder setter for an optional field takes
//! `T: TryInto<Option<X>>`, so `.username("subaccount1")` does not compile:
//! nothing converts a `&str` into an `Option<String>`. Each such setter now
//! takes the value itself (`T: TryInto<X>`: a `&str` or a `String` for a
//! string, the enum for an enum) and sets the field, and a `set_<field>`
//! setter beside it keeps the `Option` form, to set or clear the field with
//! `None` (the convention of AWS's Rust SDK builders).

use proc_macro2::Span;
use quote::ToTokens;
use syn::visit_mut::{self, VisitMut};
use syn::{
    Expr, GenericArgument, ImplItem, Item, PathArguments, Type, WherePredicate, parse_quote,
};

/// Rewrites the setters of optional fields in `types::builder` of `file`.
pub fn accept_plain_values(file: &mut syn::File) {
    for item in &mut file.items {
        let Item::Mod(types) = item else { continue };
        if types.ident != "types" {
            continue;
        }
        for item in types.content.iter_mut().flat_map(|(_, items)| items) {
            let Item::Mod(builder) = item else { continue };
            if builder.ident != "builder" {
                continue;
            }
            for item in builder.content.iter_mut().flat_map(|(_, items)| items) {
                if let Item::Impl(block) = item
                    && block.trait_.is_none()
                {
                    rewrite_block(block);
                }
            }
        }
    }
}

/// The names of the methods of `block`, for picking a new one that is free.
pub(crate) fn method_names(block: &syn::ItemImpl) -> Vec<String> {
    block
        .items
        .iter()
        .filter_map(|item| match item {
            ImplItem::Fn(function) => Some(function.sig.ident.to_string()),
            _ => None,
        })
        .collect()
}

fn rewrite_block(block: &mut syn::ItemImpl) {
    let existing = method_names(block);
    let mut items = Vec::with_capacity(block.items.len() * 2);
    for item in std::mem::take(&mut block.items) {
        let ImplItem::Fn(mut function) = item else {
            items.push(item);
            continue;
        };
        let name = function.sig.ident.to_string();
        let clearer = format!("set_{name}");
        if existing.contains(&clearer) || !takes_value_directly(&mut function) {
            items.push(ImplItem::Fn(function));
            continue;
        }
        let mut optional = function.clone();
        restore_option_bound(&mut optional);
        optional.sig.ident = syn::Ident::new(&clearer, Span::call_site());
        let doc = format!(" Sets `{name}`, or clears it with `None`.");
        optional.attrs.retain(|attr| !attr.path().is_ident("doc"));
        optional.attrs.insert(0, parse_quote!(#[doc = #doc]));
        items.push(ImplItem::Fn(function));
        items.push(ImplItem::Fn(optional));
    }
    block.items = items;
}

/// If `function`'s value bound is `TryInto<Option<X>>`, makes it `TryInto<X>`
/// and wraps the converted value in `Some`; whether it did.
fn takes_value_directly(function: &mut syn::ImplItemFn) -> bool {
    let Some(where_clause) = &mut function.sig.generics.where_clause else {
        return false;
    };
    let mut rewritten = false;
    for predicate in &mut where_clause.predicates {
        let WherePredicate::Type(predicate) = predicate else {
            continue;
        };
        for bound in &mut predicate.bounds {
            let syn::TypeParamBound::Trait(bound) = bound else {
                continue;
            };
            let Some(last) = bound.path.segments.last_mut() else {
                continue;
            };
            if last.ident != "TryInto" {
                continue;
            }
            let PathArguments::AngleBracketed(arguments) = &mut last.arguments else {
                continue;
            };
            if let Some(GenericArgument::Type(target)) = arguments.args.first_mut()
                && let Some(inner) = option_inner(target)
            {
                *target = inner;
                rewritten = true;
            }
        }
    }
    if rewritten {
        WrapInSome { done: false }.visit_block_mut(&mut function.block);
    }
    rewritten
}

/// Undoes [`takes_value_directly`] on a copy: the bound is `TryInto<Option<X>>` again.
fn restore_option_bound(function: &mut syn::ImplItemFn) {
    if let Some(where_clause) = &mut function.sig.generics.where_clause {
        for predicate in &mut where_clause.predicates {
            let WherePredicate::Type(predicate) = predicate else {
                continue;
            };
            for bound in &mut predicate.bounds {
                if let syn::TypeParamBound::Trait(bound) = bound
                    && let Some(last) = bound.path.segments.last_mut()
                    && last.ident == "TryInto"
                    && let PathArguments::AngleBracketed(arguments) = &mut last.arguments
                    && let Some(GenericArgument::Type(target)) = arguments.args.first_mut()
                {
                    *target = parse_quote!(::std::option::Option<#target>);
                }
            }
        }
    }
    UnwrapSome.visit_block_mut(&mut function.block);
}

/// `X` of a type written `Option<X>` (with or without its path).
fn option_inner(ty: &Type) -> Option<Type> {
    let Type::Path(path) = ty else { return None };
    let last = path.path.segments.last()?;
    if last.ident != "Option" {
        return None;
    }
    let PathArguments::AngleBracketed(arguments) = &last.arguments else {
        return None;
    };
    match arguments.args.first()? {
        GenericArgument::Type(inner) => Some(inner.clone()),
        _ => None,
    }
}

/// `value.try_into()` → `value.try_into().map(Some)`, once.
struct WrapInSome {
    done: bool,
}

impl VisitMut for WrapInSome {
    fn visit_expr_mut(&mut self, expr: &mut Expr) {
        if self.done {
            return;
        }
        if let Expr::MethodCall(call) = expr
            && call.method == "try_into"
            && call.receiver.to_token_stream().to_string() == "value"
        {
            *expr = parse_quote!(#call.map(::std::option::Option::Some));
            self.done = true;
            return;
        }
        visit_mut::visit_expr_mut(self, expr);
    }
}

/// Removes the `.map(Some)` that [`WrapInSome`] added.
struct UnwrapSome;

impl VisitMut for UnwrapSome {
    fn visit_expr_mut(&mut self, expr: &mut Expr) {
        if let Expr::MethodCall(call) = expr
            && call.method == "map"
            && call.args.to_token_stream().to_string() == ":: std :: option :: Option :: Some"
        {
            let receiver = (*call.receiver).clone();
            *expr = receiver;
            return;
        }
        visit_mut::visit_expr_mut(self, expr);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_optional_field_gets_a_value_setter_and_an_option_setter() {
        let mut file: syn::File = syn::parse_str(
            r#"pub mod types { pub mod builder { impl Thing {
                pub fn name<T>(mut self, value: T) -> Self
                where
                    T: ::std::convert::TryInto<::std::option::Option<::std::string::String>>,
                    T::Error: ::std::fmt::Display,
                {
                    self.name = value.try_into().map_err(|e| format!("bad name: {e}"));
                    self
                }
                pub fn id<T>(mut self, value: T) -> Self
                where
                    T: ::std::convert::TryInto<::std::string::String>,
                    T::Error: ::std::fmt::Display,
                {
                    self.id = value.try_into().map_err(|e| format!("bad id: {e}"));
                    self
                }
            } } }"#,
        )
        .unwrap();
        accept_plain_values(&mut file);
        let code = file.to_token_stream().to_string();
        assert!(
            code.contains("pub fn name < T > (mut self , value : T) -> Self where T : :: std :: convert :: TryInto < :: std :: string :: String >"),
            "{code}"
        );
        assert!(
            code.contains("self . name = value . try_into () . map (:: std :: option :: Option :: Some) . map_err"),
            "{code}"
        );
        assert!(
            code.contains("pub fn set_name < T > (mut self , value : T) -> Self where T : :: std :: convert :: TryInto < :: std :: option :: Option < :: std :: string :: String > >"),
            "{code}"
        );
        assert!(
            code.contains("self . name = value . try_into () . map_err"),
            "{code}"
        );
        // A required field keeps its one setter.
        assert!(!code.contains("set_id"), "{code}");
    }
}
