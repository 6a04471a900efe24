//! Which items of the `types` module an operation reaches: the types its
//! builder names, and what their fields and variants name in turn. The
//! builders (which types requests carry) and the per-tag features (which
//! types a tag needs) both read it.

use std::collections::{BTreeMap, BTreeSet};

use proc_macro2::{Delimiter, TokenStream, TokenTree};
use quote::ToTokens;
use syn::Item;

/// The structs and enums of a `types` module, each with the other items of
/// the module its fields or variants name.
pub struct TypeGraph {
    edges: BTreeMap<String, BTreeSet<String>>,
}

impl TypeGraph {
    /// The graph of the `types` module of `file` (empty without one).
    ///
    /// Every identifier of an item's fields or variants that is also an
    /// item's name counts as an edge: a variant named like a type makes an
    /// edge too many, which only compiles a type more often than needed.
    pub fn of(file: &syn::File) -> Self {
        let items = type_items(file);
        let names: BTreeSet<String> = items.iter().map(|(name, _)| name.clone()).collect();
        let edges = items
            .into_iter()
            .map(|(name, item)| {
                let mut idents = BTreeSet::new();
                identifiers(&item, &mut idents);
                idents.retain(|ident| names.contains(ident) && *ident != name);
                (name, idents)
            })
            .collect();
        Self { edges }
    }

    /// The names of the module's structs and enums.
    pub fn names(&self) -> impl Iterator<Item = &String> {
        self.edges.keys()
    }

    /// The items the fields or variants of `name` name.
    pub fn neighbours(&self, name: &str) -> impl Iterator<Item = &String> {
        self.edges.get(name).into_iter().flatten()
    }

    /// `roots` and every item they reach.
    pub fn reached(&self, roots: impl IntoIterator<Item = String>) -> BTreeSet<String> {
        let mut reached = BTreeSet::new();
        let mut pending: Vec<String> = roots.into_iter().collect();
        while let Some(name) = pending.pop() {
            if reached.insert(name.clone()) {
                pending.extend(self.edges.get(&name).into_iter().flatten().cloned());
            }
        }
        reached
    }
}

/// For each operation builder in the top-level `builder` module of
/// `client` (progenitor's, by struct name), the `types` items its struct
/// and its `impl`s name: parameters, body, responses and errors.
pub fn operation_roots(client: &TokenStream) -> BTreeMap<String, BTreeSet<String>> {
    let mut roots: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let Some(module) = module_body(client, "builder") else {
        return roots;
    };
    let trees: Vec<TokenTree> = module.into_iter().collect();
    // The item being read: its name once known, and whether its header
    // (up to the body) is still being read.
    let mut owner: Option<String> = None;
    let mut header = false;
    let mut depth = 0usize; // of `<…>` in the header
    for (index, tree) in trees.iter().enumerate() {
        match tree {
            TokenTree::Ident(ident) if ident == "struct" || ident == "impl" => {
                owner = None;
                header = true;
                depth = 0;
            }
            // `impl Trait for X`: the item is X.
            TokenTree::Ident(ident) if header && ident == "for" => owner = None,
            TokenTree::Ident(ident) if header && owner.is_none() && depth == 0 => {
                let lifetime = index > 0
                    && matches!(&trees[index - 1], TokenTree::Punct(punct) if punct.as_char() == '\'');
                let path_continues = matches!(trees.get(index + 1), Some(TokenTree::Punct(punct)) if punct.as_char() == ':');
                if !lifetime && !path_continues {
                    owner = Some(ident.to_string());
                }
            }
            TokenTree::Punct(punct) if header && punct.as_char() == '<' => depth += 1,
            TokenTree::Punct(punct) if header && punct.as_char() == '>' => {
                depth = depth.saturating_sub(1)
            }
            TokenTree::Group(group) => {
                if group.delimiter() == Delimiter::Brace
                    || group.delimiter() == Delimiter::Parenthesis
                {
                    header = false;
                }
                if let Some(owner) = &owner {
                    named_types(&group.stream(), roots.entry(owner.clone()).or_default());
                }
            }
            _ => {}
        }
    }
    roots
}

/// The body of the top-level `mod <name> { … }` of `tokens`.
fn module_body(tokens: &TokenStream, name: &str) -> Option<TokenStream> {
    let trees: Vec<TokenTree> = tokens.clone().into_iter().collect();
    trees.windows(3).find_map(|window| match window {
        [
            TokenTree::Ident(keyword),
            TokenTree::Ident(ident),
            TokenTree::Group(group),
        ] if keyword == "mod" && ident == name && group.delimiter() == Delimiter::Brace => {
            Some(group.stream())
        }
        _ => None,
    })
}

/// Calls `found` with the body of every `struct … { … }` in `tokens`.
pub fn struct_fields(tokens: &TokenStream, found: &mut impl FnMut(&TokenStream)) {
    let trees: Vec<TokenTree> = tokens.clone().into_iter().collect();
    let mut in_struct = false;
    for tree in &trees {
        match tree {
            TokenTree::Ident(ident) if ident == "struct" => in_struct = true,
            TokenTree::Group(group) => {
                if in_struct && group.delimiter() == Delimiter::Brace {
                    found(&group.stream());
                    in_struct = false;
                } else {
                    struct_fields(&group.stream(), found);
                }
            }
            TokenTree::Punct(punct) if punct.as_char() == ';' => in_struct = false,
            _ => {}
        }
    }
}

/// Adds `X` of every `types :: X` and `types :: builder :: X` in `tokens`.
pub fn named_types(tokens: &TokenStream, out: &mut BTreeSet<String>) {
    let trees: Vec<TokenTree> = tokens.clone().into_iter().collect();
    let is_ident = |index: usize, word: &str| matches!(trees.get(index), Some(TokenTree::Ident(ident)) if ident == word);
    let is_path_separator = |index: usize| {
        matches!(trees.get(index), Some(TokenTree::Punct(punct)) if punct.as_char() == ':')
            && matches!(trees.get(index + 1), Some(TokenTree::Punct(punct)) if punct.as_char() == ':')
    };
    for (index, tree) in trees.iter().enumerate() {
        if let TokenTree::Group(group) = tree {
            named_types(&group.stream(), out);
            continue;
        }
        if !is_ident(index, "types") || !is_path_separator(index + 1) {
            continue;
        }
        let mut name = index + 3;
        if is_ident(name, "builder") && is_path_separator(name + 1) {
            name += 3;
        }
        if let Some(TokenTree::Ident(ident)) = trees.get(name) {
            out.insert(ident.to_string());
        }
    }
}

/// The structs, enums and aliases of the `types` module, by name, with
/// their fields, variants or aliased type (their attributes left out: only the types inside lead anywhere).
fn type_items(file: &syn::File) -> Vec<(String, TokenStream)> {
    let mut out = Vec::new();
    for item in &file.items {
        let Item::Mod(module) = item else { continue };
        if module.ident != "types" {
            continue;
        }
        for inner in module.content.iter().flat_map(|(_, items)| items) {
            match inner {
                Item::Struct(item) => {
                    out.push((item.ident.to_string(), item.fields.to_token_stream()))
                }
                Item::Enum(item) => {
                    out.push((item.ident.to_string(), item.variants.to_token_stream()))
                }
                Item::Type(item) => out.push((item.ident.to_string(), item.ty.to_token_stream())),
                _ => {}
            }
        }
    }
    out
}

/// Adds every identifier of `tokens` to `out`.
pub(crate) fn identifiers(tokens: &TokenStream, out: &mut BTreeSet<String>) {
    for tree in tokens.clone() {
        match tree {
            TokenTree::Ident(ident) => {
                out.insert(ident.to_string());
            }
            TokenTree::Group(group) => identifiers(&group.stream(), out),
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use quote::quote;

    #[test]
    fn each_operation_builder_names_its_own_types() {
        let client = quote! {
            impl Client { pub fn list_pets(&self) -> builder::ListPets<'_> { builder::ListPets::new(self) } }
            pub mod builder {
                use super::types;
                pub struct ListPets<'a> { client: &'a super::Client, kind: Result<Option<types::Kind>, String> }
                impl<'a> ListPets<'a> {
                    pub async fn send(self) -> Result<ResponseValue<Vec<types::Pet>>, Error<types::Problem>> { todo!() }
                }
                pub struct AddPet<'a> { body: Result<types::builder::NewPet, String> }
                impl<'a> AddPet<'a> { pub fn body<V>(self, value: V) -> Self where V: TryInto<types::NewPet> { todo!() } }
            }
        };
        let roots = operation_roots(&client);
        let names = |operation: &str| roots[operation].iter().cloned().collect::<Vec<_>>();
        assert_eq!(roots.len(), 2, "{roots:?}");
        assert_eq!(names("ListPets"), ["Kind", "Pet", "Problem"]);
        assert_eq!(names("AddPet"), ["NewPet"]);
    }
}
