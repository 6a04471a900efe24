//! Builders where users need them.
//!
//! typify gives every struct of `types` a builder. Requests need them (every
//! struct is `#[non_exhaustive]`, so a builder is the way to make one), but
//! on most APIs the majority of types only ever arrive in responses: users
//! read them and never build them, except to feed typed mocks in their
//! tests. Those builders, most of a large crate's code, are compiled only
//! with the `builders` feature, which `mock` turns on.

use std::collections::BTreeSet;

use proc_macro2::TokenStream;
use syn::{Item, parse_quote};

use crate::emit::reach;

/// The feature that compiles the builders of the types requests do not carry.
pub const FEATURE: &str = "builders";

/// The names of `types` items that requests carry, directly: those named
/// (`types::X`, `types::builder::X`) in the fields of the structs of
/// `client` (progenitor's operation builders hold the parameters and the
/// body of a request) and in `extra` (the types of multipart parts).
pub fn request_roots<'a>(
    client: &TokenStream,
    extra: impl IntoIterator<Item = &'a str>,
) -> BTreeSet<String> {
    let mut roots = BTreeSet::new();
    reach::struct_fields(client, &mut |fields| reach::named_types(fields, &mut roots));
    for text in extra {
        if let Ok(tokens) = text.parse::<TokenStream>() {
            reach::named_types(&tokens, &mut roots);
        }
    }
    roots
}

/// `roots` and every item of the `types` module of `file` they reach
/// through the types of their fields and variants.
pub fn request_types(file: &syn::File, roots: BTreeSet<String>) -> BTreeSet<String> {
    reach::TypeGraph::of(file).reached(roots)
}

/// Puts the builders of the types outside `request_types` behind
/// [`FEATURE`]: in `types`, their `X::builder()`; in `types::builder`,
/// their struct and its `impl`s.
pub fn gate_response_builders(file: &mut syn::File, request_types: &BTreeSet<String>) {
    for item in &mut file.items {
        let Item::Mod(module) = item else { continue };
        if module.ident != "types" {
            continue;
        }
        for inner in module.content.iter_mut().flat_map(|(_, items)| items) {
            match inner {
                Item::Impl(block) if is_builder_constructor(block) => {
                    let name = self_name(block);
                    gate(&mut block.attrs, name, request_types);
                }
                // typify's default-value functions serve serde and the
                // builders: one only a gated builder calls is unused without
                // the feature.
                Item::Mod(defaults) if defaults.ident == "defaults" => {
                    defaults.attrs.push(parse_quote!(#[allow(dead_code)]));
                }
                Item::Mod(builders) if builders.ident == "builder" => {
                    for item in builders.content.iter_mut().flat_map(|(_, items)| items) {
                        match item {
                            Item::Struct(item) => {
                                let name = Some(item.ident.to_string());
                                gate(&mut item.attrs, name, request_types);
                            }
                            Item::Impl(block) => {
                                let name = self_name(block);
                                gate(&mut block.attrs, name, request_types);
                            }
                            // An alias's builder is its target's.
                            Item::Type(item) => {
                                let name = type_path_name(&item.ty);
                                gate(&mut item.attrs, name, request_types);
                            }
                            _ => {}
                        }
                    }
                }
                _ => {}
            }
        }
    }
}

fn gate(attrs: &mut Vec<syn::Attribute>, name: Option<String>, keep: &BTreeSet<String>) {
    if name.is_some_and(|name| !keep.contains(&name)) {
        let feature = FEATURE;
        attrs.push(parse_quote!(#[cfg(feature = #feature)]));
    }
}

/// `impl X { pub fn builder() -> builder::X { … } }`, typify's way in.
fn is_builder_constructor(block: &syn::ItemImpl) -> bool {
    block.trait_.is_none()
        && matches!(block.items.as_slice(), [syn::ImplItem::Fn(function)] if function.sig.ident == "builder")
}

/// The last segment of the type an `impl` is for (`super::X` → `X`).
pub(crate) fn self_name(block: &syn::ItemImpl) -> Option<String> {
    type_path_name(&block.self_ty)
}

/// The last identifier of a type written as a path (`X` of `super::X`).
fn type_path_name(ty: &syn::Type) -> Option<String> {
    match ty {
        syn::Type::Path(path) => path
            .path
            .segments
            .last()
            .map(|segment| segment.ident.to_string()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use quote::{ToTokens, quote};

    #[test]
    fn requests_reach_their_field_types_and_nothing_else() {
        let client = quote! {
            pub mod builder {
                pub struct CreateThing<'a> {
                    client: &'a super::Client,
                    body: Result<types::builder::NewThing, String>,
                    kind: Result<Option<types::Kind>, String>,
                }
                impl<'a> CreateThing<'a> {
                    pub async fn send(self) -> Result<ResponseValue<types::Thing>, Error<()>> { todo!() }
                }
            }
        };
        let roots = request_roots(&client, ["::std::vec::Vec<types::Part>"]);
        assert_eq!(
            roots.into_iter().collect::<Vec<_>>(),
            ["Kind", "NewThing", "Part"]
        );
        let types: syn::File = parse_quote! {
            pub mod types {
                pub struct NewThing { pub owner: Owner, pub tags: Vec<Tag> }
                pub struct Owner { pub name: String }
                pub struct Tag(pub String);
                pub enum Kind { A, B }
                pub struct Part { pub id: String }
                pub struct Thing { pub owner: Owner, pub history: Vec<Event> }
                pub struct Event { pub at: String }
            }
        };
        let reached = request_types(
            &types,
            ["Kind", "NewThing", "Part"].map(str::to_owned).into(),
        );
        assert_eq!(
            reached.into_iter().collect::<Vec<_>>(),
            ["Kind", "NewThing", "Owner", "Part", "Tag"]
        );
    }

    #[test]
    fn only_the_builders_of_other_types_are_gated() {
        let mut file: syn::File = parse_quote! {
            pub mod types {
                pub struct Thing { pub id: String }
                impl Thing { pub fn builder() -> builder::Thing { Default::default() } }
                pub struct NewThing { pub id: String }
                impl NewThing { pub fn builder() -> builder::NewThing { Default::default() } }
                pub mod builder {
                    pub struct Thing { id: Result<String, String> }
                    impl Default for Thing { fn default() -> Self { todo!() } }
                    impl ::std::convert::TryFrom<Thing> for super::Thing { type Error = (); fn try_from(_: Thing) -> Result<Self, ()> { todo!() } }
                    pub struct NewThing { id: Result<String, String> }
                }
            }
        };
        gate_response_builders(&mut file, &["NewThing".to_owned()].into());
        let text = file.to_token_stream().to_string();
        assert_eq!(
            text.matches("cfg (feature = \"builders\")").count(),
            4,
            "{text}"
        );
        assert!(!text.contains("cfg (feature = \"builders\")] pub struct NewThing"));
    }
}
