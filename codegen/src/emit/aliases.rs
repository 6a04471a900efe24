//! The names of components generated as another of their shape.
//!
//! [`crate::normalize::shapes`] generates components of one shape as one
//! type; each other name becomes a `pub type` alias of it, in `types` and,
//! for its builder, in `types::builder`. An alias is written only where its
//! type is defined and its name is free (typify may have given it to an
//! inline type once the component left), so it never defines a name twice
//! or names what does not exist.

use std::collections::BTreeSet;

use syn::{Ident, Item, parse_quote};

use crate::normalize::shapes::TypeAlias;

/// Adds `aliases` to the `types` module of `file` and to its `builder`
/// module, each beside a type of its target's name.
pub fn add(file: &mut syn::File, aliases: &[TypeAlias]) {
    if aliases.is_empty() {
        return;
    }
    for item in &mut file.items {
        if let Item::Mod(module) = item
            && module.ident == "types"
            && let Some((_, items)) = &mut module.content
        {
            add_to(items, aliases, false);
            for item in items.iter_mut() {
                if let Item::Mod(builders) = item
                    && builders.ident == "builder"
                    && let Some((_, items)) = &mut builders.content
                {
                    add_to(items, aliases, true);
                }
            }
        }
    }
}

fn add_to(items: &mut Vec<Item>, aliases: &[TypeAlias], builders: bool) {
    let mut defined: BTreeSet<String> = BTreeSet::new();
    let mut named: BTreeSet<String> = BTreeSet::new();
    for item in items.iter() {
        match item {
            Item::Struct(item) => {
                defined.insert(item.ident.to_string());
                named.insert(item.ident.to_string());
            }
            Item::Enum(item) => {
                defined.insert(item.ident.to_string());
                named.insert(item.ident.to_string());
            }
            Item::Type(item) => {
                named.insert(item.ident.to_string());
            }
            Item::Mod(item) => {
                named.insert(item.ident.to_string());
            }
            _ => {}
        }
    }
    for alias in aliases {
        if !defined.contains(&alias.target) || !named.insert(alias.name.clone()) {
            continue;
        }
        let (Ok(name), Ok(target)) = (
            syn::parse_str::<Ident>(&alias.name),
            syn::parse_str::<Ident>(&alias.target),
        ) else {
            continue;
        };
        let doc = if builders {
            format!("Builder for [`super::{name}`], which is [`{target}`].")
        } else {
            let own = alias
                .doc
                .as_deref()
                .map(|doc| format!("{}\n\n", doc.trim_end()))
                .unwrap_or_default();
            format!(
                "{own}The spec's `{name}` has the shape of [`{target}`]: it is that type, under its own name."
            )
        };
        items.push(parse_quote! {
            #[doc = #doc]
            pub type #name = #target;
        });
    }
}
