//! Responses keep decoding when the API grows.
//!
//! A string enum that appears only in responses gets an extra
//! `Unknown(String)` variant (deserialized with `#[serde(untagged)]`), so a
//! value added by the vendor later (a new account `status`, say) decodes into
//! it instead of failing the whole response. Enums that requests use stay
//! closed: sending an unknown value is a mistake to catch at compile time.
//! Unknown object fields are already ignored by the generated types. Every
//! value enum and every struct of `types` is `#[non_exhaustive]`, so a new
//! value or property is not a breaking change, no type derives an order
//! that a new value would shuffle, and the discriminants of closed value
//! enums follow from their names, not their places.

use std::collections::BTreeSet;

use crate::emit::builders::self_name;
use syn::visit_mut::{self, VisitMut};
use syn::{
    Expr, ImplItem, Item, ItemEnum, ItemImpl, Meta, Path, Token, parse_quote,
    punctuated::Punctuated,
};

/// The items of the `types` module of `file` (not its `builder` module).
fn type_items(file: &mut syn::File) -> impl Iterator<Item = &mut Item> {
    file.items
        .iter_mut()
        .filter_map(|item| match item {
            Item::Mod(module) if module.ident == "types" => module.content.as_mut(),
            _ => None,
        })
        .flat_map(|(_, items)| items.iter_mut())
}

fn has_attribute(attrs: &[syn::Attribute], name: &str) -> bool {
    attrs.iter().any(|attr| attr.path().is_ident(name))
}

/// Marks every value enum of the `types` module (one unit variant per value,
/// plus `Unknown` when open) `#[non_exhaustive]`, so that a value the spec
/// adds later is a new variant that does not break users' `match`es: adding
/// an enum value is then a minor change for the crate's version. Enums for
/// `oneOf` alternatives stay exhaustive: callers match on their shapes.
pub fn mark_type_enums_non_exhaustive(file: &mut syn::File) {
    for item in type_items(file) {
        if let Item::Enum(item) = item
            && is_value_enum(item)
            && !has_attribute(&item.attrs, "non_exhaustive")
        {
            item.attrs.push(parse_quote!(#[non_exhaustive]));
        }
    }
}

/// Gives every variant of each fieldless enum of the `types` module (a
/// closed value enum) a discriminant that follows from its name alone, so
/// that values the spec inserts or reorders later leave the others' numbers
/// as they were: users may cast these enums (`as i32`), and with implicit
/// discriminants a new value in the middle renumbered every value after it,
/// a breaking change. The number is the FNV-1a hash of the variant's name in
/// `0..2^31` (the next free one on the rare collision within an enum).
pub fn pin_enum_discriminants(file: &mut syn::File) {
    for item in type_items(file) {
        let Item::Enum(item) = item else { continue };
        let fieldless = item.variants.iter().all(|variant| {
            matches!(variant.fields, syn::Fields::Unit) && variant.discriminant.is_none()
        });
        if !fieldless || item.variants.is_empty() {
            continue;
        }
        let mut taken = BTreeSet::new();
        for variant in &mut item.variants {
            let mut number = fnv1a(&variant.ident.to_string()) & 0x7fff_ffff;
            while !taken.insert(number) {
                number = (number + 1) & 0x7fff_ffff;
            }
            let literal = syn::LitInt::new(&number.to_string(), proc_macro2::Span::call_site());
            variant.discriminant = Some((Default::default(), parse_quote!(#literal)));
        }
    }
}

/// The 32-bit FNV-1a hash of `text`: stable across platforms, versions and runs.
fn fnv1a(text: &str) -> u32 {
    text.bytes().fold(0x811c_9dc5, |hash, byte| {
        (hash ^ u32::from(byte)).wrapping_mul(0x0100_0193)
    })
}

/// Marks every struct with named fields in the `types` module
/// `#[non_exhaustive]`: a property the spec adds later is then a new field
/// that no user's struct literal or exhaustive pattern names, so adding it
/// is a minor change. Users build these values with their builders
/// (`types::X::builder()`), and read them through their public fields.
pub fn mark_type_structs_non_exhaustive(file: &mut syn::File) {
    for item in type_items(file) {
        if let Item::Struct(item) = item
            && matches!(item.fields, syn::Fields::Named(_))
            && !has_attribute(&item.attrs, "non_exhaustive")
        {
            item.attrs.push(parse_quote!(#[non_exhaustive]));
        }
    }
}

/// Removes `PartialOrd` and `Ord` from the derives of the `types` module.
/// A derived order follows declaration order, which for these types is the
/// spec's order of enum values and properties: a value inserted in the
/// middle of an enum would silently reorder the values users sort or keep
/// in a `BTreeMap`, a breaking change no version number could announce.
/// OpenAPI gives these values no order, so the types claim none; `Eq` and
/// `Hash` stay, for `HashMap` keys and sets.
pub fn drop_ordering_derives(file: &mut syn::File) {
    for item in type_items(file) {
        let attrs = match item {
            Item::Enum(item) => &mut item.attrs,
            Item::Struct(item) => &mut item.attrs,
            _ => continue,
        };
        remove_derives(attrs, &["PartialOrd", "Ord"]);
    }
}

/// Removes the derives named `names` from `attrs`.
fn remove_derives(attrs: &mut [syn::Attribute], names: &[&str]) {
    for attr in attrs
        .iter_mut()
        .filter(|attr| attr.path().is_ident("derive"))
    {
        if let Ok(paths) = attr.parse_args_with(Punctuated::<Path, Token![,]>::parse_terminated) {
            let kept: Punctuated<Path, Token![,]> = paths
                .into_iter()
                .filter(|path| {
                    path.segments
                        .last()
                        .is_none_or(|segment| !names.iter().any(|name| segment.ident == name))
                })
                .collect();
            attr.meta = Meta::List(parse_quote!(derive(#kept)));
        }
    }
}

fn is_value_enum(item: &ItemEnum) -> bool {
    item.variants.iter().all(|variant| {
        matches!(variant.fields, syn::Fields::Unit)
            || variant.attrs.iter().any(|attr| {
                attr.path().is_ident("serde")
                    && attr
                        .parse_args::<syn::Ident>()
                        .is_ok_and(|arg| arg == "untagged")
            })
    })
}

/// Adds the `Unknown(String)` variant to the named enums and to their
/// `Display` (`UnknownValue(String)` where a listed value already is `Unknown`).
pub fn open_enums(file: &mut syn::File, names: &BTreeSet<String>) {
    if !names.is_empty() {
        Opener {
            names,
            catch_all: std::collections::BTreeMap::new(),
        }
        .visit_file_mut(file);
    }
}

struct Opener<'a> {
    names: &'a BTreeSet<String>,
    /// Enum name → the name its catch-all variant got.
    catch_all: std::collections::BTreeMap<String, syn::Ident>,
}

impl VisitMut for Opener<'_> {
    fn visit_item_mut(&mut self, item: &mut Item) {
        match item {
            Item::Enum(item) if self.names.contains(&item.ident.to_string()) => {
                let variant = open_enum(item);
                self.catch_all.insert(item.ident.to_string(), variant);
            }
            Item::Impl(item) if self.is_display_of_open_enum(item) => {
                let variant = self_name(item)
                    .and_then(|name| self.catch_all.get(&name).cloned())
                    .unwrap_or_else(|| parse_quote!(Unknown));
                add_display_arm(item, &variant);
            }
            _ => {}
        }
        visit_mut::visit_item_mut(self, item);
    }
}

impl Opener<'_> {
    fn is_display_of_open_enum(&self, item: &ItemImpl) -> bool {
        let is_display = item
            .trait_
            .as_ref()
            .and_then(|(path, _)| path.segments.last())
            .is_some_and(|segment| segment.ident == "Display");
        is_display && self_name(item).is_some_and(|name| self.names.contains(&name))
    }
}

/// Adds the catch-all variant to `item`, returning its name.
fn open_enum(item: &mut ItemEnum) -> syn::Ident {
    // A `String` payload cannot be `Copy`.
    remove_derives(&mut item.attrs, &["Copy"]);
    let taken = |name: &str| item.variants.iter().any(|variant| variant.ident == name);
    let name = ["Unknown", "UnknownValue", "UnlistedValue"]
        .into_iter()
        .find(|name| !taken(name))
        .unwrap_or("UnlistedValue_");
    let variant = syn::Ident::new(name, proc_macro2::Span::call_site());
    item.variants.push(parse_quote! {
        /// A value this version of the spec does not list (the API has grown); the raw string is kept.
        #[serde(untagged)]
        #variant(::std::string::String)
    });
    variant
}

fn add_display_arm(item: &mut ItemImpl, variant: &syn::Ident) {
    for impl_item in &mut item.items {
        let ImplItem::Fn(function) = impl_item else {
            continue;
        };
        for stmt in &mut function.block.stmts {
            if let syn::Stmt::Expr(Expr::Match(matched), _) = stmt {
                matched
                    .arms
                    .push(parse_quote!(Self::#variant(ref value) => f.write_str(value),));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The discriminants `pin_enum_discriminants` gives the enums of `module`, by variant.
    fn discriminants(module: syn::File) -> Vec<(String, String)> {
        let mut file = module;
        pin_enum_discriminants(&mut file);
        let mut found = Vec::new();
        for item in type_items(&mut file) {
            if let Item::Enum(item) = item {
                for variant in &item.variants {
                    let number = variant
                        .discriminant
                        .as_ref()
                        .map(|(_, expr)| quote::ToTokens::to_token_stream(expr).to_string());
                    found.push((variant.ident.to_string(), number.unwrap_or_default()));
                }
            }
        }
        found
    }

    #[test]
    fn a_value_keeps_its_number_when_others_are_inserted_or_reordered() {
        let before = discriminants(parse_quote! {
            pub mod types { pub enum Status { Active, Closed } }
        });
        let after = discriminants(parse_quote! {
            pub mod types { pub enum Status { Pending, Closed, Active } }
        });
        let number = |found: &[(String, String)], name: &str| {
            found
                .iter()
                .find(|(variant, _)| variant == name)
                .map(|(_, number)| number.clone())
                .expect("the variant")
        };
        for name in ["Active", "Closed"] {
            assert_eq!(number(&before, name), number(&after, name));
            assert!(!number(&before, name).is_empty());
        }
        assert_ne!(number(&after, "Pending"), number(&after, "Active"));
    }

    #[test]
    fn enums_with_data_or_numbers_of_their_own_are_left_as_they_are() {
        let found = discriminants(parse_quote! {
            pub mod types {
                pub enum Pet { Cat(Cat), Dog }
                pub enum Code { A = 1, B = 2 }
            }
        });
        let pinned: Vec<&(String, String)> = found
            .iter()
            .filter(|(variant, number)| variant != "A" && variant != "B" && !number.is_empty())
            .collect();
        assert!(pinned.is_empty(), "{pinned:?}");
    }
}
