//! Every enum variant in UpperCamelCase.
//!
//! typify spells the values `+1` and `-1` out as `plus1` and `minus1`, and
//! skips the case conversion it gives every other value. GitHub's reactions
//! are such an enum, and its crate warned `non_camel_case_types` once per
//! enum (an error under `-D warnings`). [`crate::normalize::names::type_name`]
//! names these variants `Plus1` and `Minus1`, as the review prints them,
//! and this pass makes the code say the same: the variant and every path to
//! it (`Self::plus1` in its impls, `Enum::plus1` anywhere) are renamed.

use std::collections::{BTreeMap, BTreeSet};

use syn::visit_mut::{self, VisitMut};
use syn::{Ident, Item};

use crate::emit::builders::self_name;

/// Renames the variants of `file`'s enums that start in lower case (the
/// first letter made upper case), and every path to them in `file`. A
/// variant whose new name another variant of its enum already has is left
/// as it is, so no enum gains two variants of one name.
pub fn pascal_case_variants(file: &mut syn::File) {
    let mut renamed = BTreeMap::new();
    rename_variants(&mut file.items, &mut renamed);
    if renamed.is_empty() {
        return;
    }
    VariantPaths {
        renamed: &renamed,
        impl_of: Vec::new(),
    }
    .visit_file_mut(file);
}

/// For each enum name, its renamed variants (old name → new name).
type Renamed = BTreeMap<String, BTreeMap<String, String>>;

fn rename_variants(items: &mut [Item], renamed: &mut Renamed) {
    for item in items {
        match item {
            Item::Enum(item) => {
                let taken: BTreeSet<String> =
                    item.variants.iter().map(|v| v.ident.to_string()).collect();
                for variant in &mut item.variants {
                    let old = variant.ident.to_string();
                    let Some(new) = upper_camel(&old) else {
                        continue;
                    };
                    if taken.contains(&new) {
                        continue;
                    }
                    variant.ident = Ident::new(&new, variant.ident.span());
                    renamed
                        .entry(item.ident.to_string())
                        .or_default()
                        .insert(old, new);
                }
            }
            Item::Mod(module) => {
                if let Some((_, items)) = &mut module.content {
                    rename_variants(items, renamed);
                }
            }
            _ => {}
        }
    }
}

/// `name` with its first letter upper case, when it starts lower case.
fn upper_camel(name: &str) -> Option<String> {
    let mut chars = name.chars();
    let first = chars.next()?;
    first
        .is_lowercase()
        .then(|| first.to_uppercase().chain(chars).collect())
}

struct VariantPaths<'a> {
    renamed: &'a Renamed,
    /// The type of each `impl` block the visitor is in, innermost last.
    impl_of: Vec<Option<String>>,
}

impl VisitMut for VariantPaths<'_> {
    fn visit_item_impl_mut(&mut self, block: &mut syn::ItemImpl) {
        self.impl_of.push(self_name(block));
        visit_mut::visit_item_impl_mut(self, block);
        self.impl_of.pop();
    }

    fn visit_path_mut(&mut self, path: &mut syn::Path) {
        for index in 1..path.segments.len() {
            let owner = path.segments[index - 1].ident.to_string();
            let owner = if owner == "Self" {
                match self.impl_of.last() {
                    Some(Some(name)) => name.clone(),
                    _ => continue,
                }
            } else {
                owner
            };
            let segment = &mut path.segments[index];
            if let Some(new) = self
                .renamed
                .get(&owner)
                .and_then(|variants| variants.get(&segment.ident.to_string()))
            {
                segment.ident = Ident::new(new, segment.ident.span());
            }
        }
        visit_mut::visit_path_mut(self, path);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use quote::ToTokens;

    fn renamed(source: &str) -> String {
        let mut file: syn::File = syn::parse_str(source).unwrap();
        pascal_case_variants(&mut file);
        file.into_token_stream().to_string()
    }

    #[test]
    fn spelled_out_variants_and_the_paths_to_them_become_upper_camel_case() {
        let out = renamed(
            r#"
            pub mod types {
                pub enum Reaction { plus1, minus1, Laugh }
                impl Reaction {
                    fn text(&self) -> &str {
                        match *self { Self::plus1 => "+1", Self::minus1 => "-1", Self::Laugh => "laugh" }
                    }
                }
                fn elsewhere() -> Reaction { Reaction::plus1 }
            }
            "#,
        );
        assert!(!out.contains("plus1") && !out.contains("minus1"), "{out}");
        assert!(
            out.contains("enum Reaction { Plus1 , Minus1 , Laugh }"),
            "{out}"
        );
        assert!(out.contains("Self :: Plus1 =>"), "{out}");
        assert!(out.contains("Reaction :: Plus1 }"), "{out}");
    }

    #[test]
    fn other_paths_fields_and_clashing_variants_are_left_alone() {
        let out = renamed(
            r#"
            pub enum Vote { plus1, Plus1 }
            pub enum Reaction { plus1 }
            pub struct Counts { pub plus1: u32 }
            impl Counts { fn f(&self) -> u32 { self.plus1 + Self::plus1() } fn plus1() -> u32 { 1 } }
            fn g() -> Vote { Vote::plus1 }
            "#,
        );
        assert!(out.contains("enum Vote { plus1 , Plus1 }"), "{out}");
        assert!(out.contains("Vote :: plus1"), "{out}");
        assert!(out.contains("enum Reaction { Plus1 }"), "{out}");
        assert!(out.contains("self . plus1 + Self :: plus1 ()"), "{out}");
        assert!(out.contains("pub plus1 : u32"), "{out}");
    }
}
