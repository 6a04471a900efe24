//! Secrets in generated types never appear in `Debug` output.
//!
//! A property the spec marks `format: password` or `writeOnly: true` is a
//! secret. typify derives `Debug` for the struct holding it (and for that
//! struct's builder); this pass replaces the derive with an implementation
//! that prints `[redacted]` for the secret fields and everything else as usual.

use std::collections::{BTreeMap, BTreeSet};

use syn::visit_mut::{self, VisitMut};
use syn::{
    Fields, Item, ItemMod, ItemStruct, Meta, Path, Token, parse_quote, punctuated::Punctuated,
};

use crate::emit::docs::serde_rename;

/// Type name → Rust names of its secret fields, as found in the types
/// themselves; their builders hide the same fields.
pub type SecretFields = BTreeMap<String, BTreeSet<String>>;

/// Replaces derived `Debug` with a redacting one on the structs holding
/// secrets: the types in `file` (by `secrets`, their properties' wire names)
/// and the builders in it (by the fields found in the types, here or in
/// `known`, when the builders are rendered apart). Returns the fields found.
pub fn redact_secrets(
    file: &mut syn::File,
    secrets: &BTreeMap<String, BTreeSet<String>>,
    known: SecretFields,
) -> SecretFields {
    if secrets.is_empty() {
        return known;
    }
    let mut redactor = Redactor {
        secrets,
        secret_fields: known,
    };
    redactor.visit_file_mut(file);
    redactor.secret_fields
}

struct Redactor<'a> {
    /// Type name → wire names of its secret properties.
    secrets: &'a BTreeMap<String, BTreeSet<String>>,
    /// Type name → Rust field names found secret in the type itself (builders reuse them).
    secret_fields: SecretFields,
}

impl VisitMut for Redactor<'_> {
    fn visit_item_mod_mut(&mut self, module: &mut ItemMod) {
        // Types first, then their builders: the builder pass needs the field names.
        let is_builder_module = module.ident == "builder";
        if let Some((_, items)) = &mut module.content {
            let mut impls = Vec::new();
            for item in items.iter_mut() {
                if let Item::Struct(item) = item
                    && let Some(redacted) = self.redacted_fields(item, is_builder_module)
                    && remove_debug_derive(item)
                {
                    impls.push(redacting_debug(item, &redacted));
                }
            }
            items.extend(impls);
        }
        visit_mut::visit_item_mod_mut(self, module);
    }
}

impl Redactor<'_> {
    /// The Rust names of `item`'s secret fields, if it has any.
    fn redacted_fields(&mut self, item: &ItemStruct, is_builder: bool) -> Option<BTreeSet<String>> {
        let name = item.ident.to_string();
        let Fields::Named(fields) = &item.fields else {
            return None;
        };
        let found: BTreeSet<String> = if is_builder {
            self.secret_fields.get(&name)?.clone()
        } else {
            let wire_names = self.secrets.get(&name)?;
            let found: BTreeSet<String> = fields
                .named
                .iter()
                .filter_map(|field| {
                    let ident = field.ident.as_ref()?.to_string();
                    let wire = serde_rename(&field.attrs).unwrap_or_else(|| ident.clone());
                    wire_names.contains(&wire).then_some(ident)
                })
                .collect();
            self.secret_fields.insert(name, found.clone());
            found
        };
        (!found.is_empty()).then_some(found)
    }
}

fn redacting_debug(item: &ItemStruct, redacted: &BTreeSet<String>) -> Item {
    let ident = &item.ident;
    let name = ident.to_string();
    let fields = match &item.fields {
        Fields::Named(fields) => fields
            .named
            .iter()
            .filter_map(|field| field.ident.as_ref())
            .collect(),
        _ => Vec::new(),
    };
    let entries = fields.iter().map(|field| {
        let label = field.to_string();
        if redacted.contains(&label) {
            quote::quote!(.field(#label, &"[redacted]"))
        } else {
            quote::quote!(.field(#label, &self.#field))
        }
    });
    parse_quote! {
        impl ::std::fmt::Debug for #ident {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.debug_struct(#name) #(#entries)* .finish()
            }
        }
    }
}

/// Drops `Debug` from `#[derive(…)]`; returns whether it was there.
fn remove_debug_derive(item: &mut ItemStruct) -> bool {
    let mut removed = false;
    for attr in item
        .attrs
        .iter_mut()
        .filter(|attr| attr.path().is_ident("derive"))
    {
        let Ok(paths) = attr.parse_args_with(Punctuated::<Path, Token![,]>::parse_terminated)
        else {
            continue;
        };
        let kept: Punctuated<Path, Token![,]> = paths
            .into_iter()
            .filter(|path| {
                let is_debug = path
                    .segments
                    .last()
                    .is_some_and(|segment| segment.ident == "Debug");
                removed |= is_debug;
                !is_debug
            })
            .collect();
        attr.meta = Meta::List(parse_quote!(derive(#kept)));
    }
    removed
}
