//! A large client's `types` module spread over crates of its own, so that
//! no one rustc process holds every type: on a 2-core machine the crates
//! check side by side, and each needs a fraction of the memory (visma.net's
//! 490 operations: 4.4 GB and 56 s as one crate, 1.3 GB and 36 s spread).
//!
//! Where a type goes follows the per-tag features that gate it, read back
//! from its `#[cfg]`: a type one tag reaches goes to that tag's group crate
//! (tags are packed into groups of about equal size), a type several reach
//! to the shared crate, a type no operation reaches to a crate of its own
//! that may use all the others. Its impls and builder go with it. What an
//! item names must be in its crate or one it depends on; a type named
//! across groups moves to the shared crate until that holds. The client
//! crate's `types` module re-exports them all, so every path users write
//! (`types::Pet`, `types::builder::Pet`) stays as it was.

use std::collections::{BTreeMap, BTreeSet};

use proc_macro2::TokenStream;
use quote::{ToTokens, format_ident};
use syn::{Item, ItemMod, Visibility};

use crate::emit::features::{TagFeatures, WITHOUT_OPERATIONS};

/// The lines of the `types` module from which it is spread by default,
/// and per group crate: about half of a large module is types one tag
/// reaches, so a group crate holds some 50,000 lines. Below it, a crate
/// checks in seconds and under a gigabyte, and one crate is simpler.
pub const LINES_PER_GROUP: usize = 100_000;

/// How many group crates the `types` module of `lines` lines is spread
/// over: `requested` (the spec's `info.x-type-crates`; 0 keeps one crate),
/// or one per [`LINES_PER_GROUP`] lines from that many on.
pub fn group_count(requested: Option<usize>, lines: usize) -> usize {
    match requested {
        Some(count) => count,
        None if lines < LINES_PER_GROUP => 0,
        None => lines.div_ceil(LINES_PER_GROUP),
    }
}

/// One crate of a spread `types` module.
pub struct TypeCrate {
    /// What tells it apart: `shared`, `1`, `2`, …, `without-operations`.
    pub suffix: String,
    /// Its `lib.rs` items (under inner attributes the renderer adds).
    pub file: syn::File,
    /// The suffixes of the type crates it depends on.
    pub depends_on: Vec<String>,
}

/// A `types` module spread over crates, and what takes its place.
pub struct Spread {
    /// The client crate's new `types` module: re-exports of the crates.
    pub module: ItemMod,
    /// The crates, shared first.
    pub crates: Vec<TypeCrate>,
}

/// The Rust name of the type crate `suffix` of the client `crate_name`.
pub fn crate_ident(crate_name: &str, suffix: &str) -> String {
    format!("{}_types_{}", crate_name, suffix).replace('-', "_")
}

/// Where a type goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Home<'a> {
    Shared,
    Tag(&'a str),
    WithoutOperations,
}

impl Home<'_> {
    /// Whether an item at `self` may name an item at `other`.
    fn sees(self, other: Home<'_>) -> bool {
        match (self, other) {
            (Home::WithoutOperations, _) | (_, Home::Shared) => true,
            (Home::Tag(a), Home::Tag(b)) => a == b,
            _ => false,
        }
    }
}

/// The module's items, sorted by what they are about.
struct Sorted {
    /// `use` items, which every crate repeats.
    uses: Vec<Item>,
    /// The other top-level items, each with the type it is about.
    items: Vec<(String, Item)>,
    /// The `builder` module: its items by type.
    builder: Option<SubModule>,
    /// The `error` module, which the shared crate keeps.
    error: Option<Item>,
    /// The `defaults` module (serde's defaults of fields): its functions
    /// by name, of which each crate keeps those it uses.
    defaults: Option<SubModule>,
}

/// A module inside `types`, apart from its items.
struct SubModule {
    /// The module with no items.
    empty: ItemMod,
    /// Its `use` items.
    uses: Vec<Item>,
    /// Its other items, each with the name of what it is about.
    items: Vec<(String, Item)>,
}

/// `module` (the client's `types`) spread over `groups` group crates and
/// the shared one, for the client `crate_name` with the features `tags`;
/// `None` when it cannot be or would gain nothing (an item that is not a
/// public type or an impl of one, no type only one tag reaches).
pub fn spread(
    module: &ItemMod,
    crate_name: &str,
    tags: &TagFeatures,
    groups: usize,
) -> Option<Spread> {
    if groups == 0 {
        return None;
    }
    let sorted = sort(module)?;
    let tag_names: BTreeSet<&str> = tags
        .features()
        .iter()
        .map(|feature| feature.name.as_str())
        .collect();
    let mut homes: BTreeMap<String, Home> = BTreeMap::new();
    for (name, item) in &sorted.items {
        if let Some(attrs) = definition_attrs(item) {
            homes.insert(name.clone(), home(attrs, &tag_names));
        }
    }
    settle(&sorted, &mut homes);
    let group_of = pack(&sorted, &homes, groups)?;
    let suffix_of = |home: Home| -> String {
        match home {
            Home::Shared => "shared".to_owned(),
            Home::Tag(tag) => (group_of[tag] + 1).to_string(),
            Home::WithoutOperations => WITHOUT_OPERATIONS.trim_start_matches("types-").to_owned(),
        }
    };
    let groups_used: BTreeSet<usize> = group_of.values().copied().collect();
    let mut suffixes = vec!["shared".to_owned()];
    suffixes.extend(groups_used.iter().map(|group| (group + 1).to_string()));
    if homes.values().any(|home| *home == Home::WithoutOperations) {
        suffixes.push(suffix_of(Home::WithoutOperations));
    }
    let place = |name: &str| suffix_of(homes.get(name).copied().unwrap_or(Home::Shared));
    let mut by_crate: BTreeMap<String, (Vec<Item>, Vec<Item>)> = BTreeMap::new();
    for (name, item) in &sorted.items {
        by_crate
            .entry(place(name))
            .or_default()
            .0
            .push(item.clone());
    }
    if let Some(builder) = &sorted.builder {
        for (name, item) in &builder.items {
            by_crate
                .entry(place(name))
                .or_default()
                .1
                .push(item.clone());
        }
    }
    let crates = suffixes
        .iter()
        .map(|suffix| {
            let depends_on: Vec<String> = match suffix.as_str() {
                "shared" => Vec::new(),
                _ if *suffix == suffix_of(Home::WithoutOperations) => {
                    suffixes[..suffixes.len() - 1].to_vec()
                }
                _ => vec!["shared".to_owned()],
            };
            let (items, builders) = by_crate.remove(suffix).unwrap_or_default();
            let file = crate_file(
                crate_name,
                &sorted,
                &depends_on,
                items,
                builders,
                suffix == "shared",
            );
            TypeCrate {
                suffix: suffix.clone(),
                file,
                depends_on,
            }
        })
        .collect::<Vec<_>>();
    Some(Spread {
        module: facade(module, crate_name, &sorted, &suffixes),
        crates,
    })
}

/// The module's items by the type each is about; `None` when an item is
/// about no public type of the module (a function, a private type, an
/// impl of another crate's type): moved to another crate, it could not be
/// reached as before.
fn sort(module: &ItemMod) -> Option<Sorted> {
    let (_, items) = module.content.as_ref()?;
    let defined: BTreeSet<String> = items.iter().filter_map(definition_name).collect();
    let mut sorted = Sorted {
        uses: Vec::new(),
        items: Vec::new(),
        builder: None,
        error: None,
        defaults: None,
    };
    for item in items {
        match item {
            Item::Use(_) => sorted.uses.push(item.clone()),
            Item::Mod(inner) if inner.ident == "error" => sorted.error = Some(item.clone()),
            Item::Mod(inner) if inner.ident == "defaults" => {
                let (_, inner_items) = inner.content.as_ref()?;
                let functions = inner_items
                    .iter()
                    .map(|item| match item {
                        Item::Fn(function) => Some((function.sig.ident.to_string(), item.clone())),
                        _ => None,
                    })
                    .collect::<Option<Vec<_>>>()?;
                let mut empty = inner.clone();
                empty.content = Some((Default::default(), Vec::new()));
                sorted.defaults = Some(SubModule {
                    empty,
                    uses: Vec::new(),
                    items: functions,
                });
            }
            Item::Mod(inner) if inner.ident == "builder" => {
                let (_, inner_items) = inner.content.as_ref()?;
                let mut uses = Vec::new();
                let mut about = Vec::new();
                for item in inner_items {
                    match item {
                        Item::Use(_) => uses.push(item.clone()),
                        _ => about.push((subject(item, &defined)?, item.clone())),
                    }
                }
                let mut empty = inner.clone();
                empty.content = Some((Default::default(), Vec::new()));
                sorted.builder = Some(SubModule {
                    empty,
                    uses,
                    items: about,
                });
            }
            _ => sorted.items.push((subject(item, &defined)?, item.clone())),
        }
    }
    Some(sorted)
}

/// The name of the public type `item` defines.
fn definition_name(item: &Item) -> Option<String> {
    let (ident, vis) = match item {
        Item::Struct(item) => (&item.ident, &item.vis),
        Item::Enum(item) => (&item.ident, &item.vis),
        Item::Type(item) => (&item.ident, &item.vis),
        _ => return None,
    };
    matches!(vis, Visibility::Public(_)).then(|| ident.to_string())
}

/// The attributes of `item` when it defines a type.
fn definition_attrs(item: &Item) -> Option<&[syn::Attribute]> {
    match item {
        Item::Struct(item) => Some(&item.attrs),
        Item::Enum(item) => Some(&item.attrs),
        Item::Type(item) => Some(&item.attrs),
        _ => None,
    }
}

/// The type of `defined` that `item` is about: the type it defines, or
/// the type an impl is for (`X`, `super::X`), or else the first of the
/// trait's type arguments that is one (`From<X> for Vec<Y>`).
fn subject(item: &Item, defined: &BTreeSet<String>) -> Option<String> {
    if let Some(name) = definition_name(item) {
        return Some(name);
    }
    let Item::Impl(item) = item else {
        return None;
    };
    if item
        .items
        .iter()
        .any(|inner| matches!(inner, syn::ImplItem::Fn(function) if matches!(function.vis, Visibility::Restricted(_))))
    {
        return None; // `pub(crate)`: reached from the client crate, perhaps.
    }
    let local = |ty: &syn::Type| match ty {
        syn::Type::Path(path) if path.qself.is_none() => {
            let segments: Vec<String> = path
                .path
                .segments
                .iter()
                .map(|segment| segment.ident.to_string())
                .collect();
            match segments.as_slice() {
                [name] | [_, name] if segments.len() == 1 || segments[0] == "super" => {
                    defined.contains(name).then(|| name.clone())
                }
                _ => None,
            }
        }
        _ => None,
    };
    if let Some(name) = local(&item.self_ty) {
        return Some(name);
    }
    let (trait_path, _) = item.trait_.as_ref()?;
    trait_path
        .segments
        .iter()
        .find_map(|segment| match &segment.arguments {
            syn::PathArguments::AngleBracketed(arguments) => {
                arguments.args.iter().find_map(|argument| match argument {
                    syn::GenericArgument::Type(ty) => local(ty),
                    _ => None,
                })
            }
            _ => None,
        })
}

/// Where a type gated by `attrs` goes.
fn home<'a>(attrs: &[syn::Attribute], tags: &BTreeSet<&'a str>) -> Home<'a> {
    let mut features = BTreeSet::new();
    for attr in attrs.iter().filter(|attr| attr.path().is_ident("cfg")) {
        literals(&attr.meta.to_token_stream(), &mut features);
    }
    if features.contains(WITHOUT_OPERATIONS) {
        return Home::WithoutOperations;
    }
    let mut named = tags.iter().filter(|tag| features.contains(**tag));
    match (named.next(), named.next()) {
        (Some(tag), None) => Home::Tag(tag),
        _ => Home::Shared,
    }
}

/// The string literals of `tokens` (in `cfg`, the features named).
fn literals(tokens: &TokenStream, out: &mut BTreeSet<String>) {
    for tree in tokens.clone() {
        match tree {
            proc_macro2::TokenTree::Literal(literal) => {
                if let Ok(syn::Lit::Str(text)) =
                    syn::parse2::<syn::Lit>(literal.into_token_stream())
                {
                    out.insert(text.value());
                }
            }
            proc_macro2::TokenTree::Group(group) => literals(&group.stream(), out),
            _ => {}
        }
    }
}

/// Moves to the shared crate every type named from a crate that cannot
/// see where it is, until none is.
fn settle<'a>(sorted: &Sorted, homes: &mut BTreeMap<String, Home<'a>>) {
    let mut names: BTreeMap<&str, BTreeSet<String>> = BTreeMap::new();
    let builder_items = sorted.builder.iter().flat_map(|builder| &builder.items);
    for (subject, item) in sorted.items.iter().chain(builder_items) {
        let mut idents = BTreeSet::new();
        crate::emit::reach::identifiers(&item.to_token_stream(), &mut idents);
        idents.retain(|ident| homes.contains_key(ident) && ident != subject);
        names.entry(subject).or_default().extend(idents);
    }
    let mut pending: Vec<&str> = names.keys().copied().collect();
    while let Some(name) = pending.pop() {
        let from = homes.get(name).copied().unwrap_or(Home::Shared);
        for named in names.get(name).into_iter().flatten() {
            let to = homes[named];
            if !from.sees(to) {
                homes.insert(named.clone(), Home::Shared);
                // What it names must now be seen from the shared crate.
                if let Some((key, _)) = names.get_key_value(named.as_str()) {
                    pending.push(key);
                }
            }
        }
    }
}

/// Each tag with types of its own, to a group (from 0): the tags with the
/// most items first, each to the group with fewest so far. `None` when
/// no tag has a type of its own.
fn pack<'a>(
    sorted: &Sorted,
    homes: &BTreeMap<String, Home<'a>>,
    groups: usize,
) -> Option<BTreeMap<&'a str, usize>> {
    let mut weights: BTreeMap<&str, usize> = BTreeMap::new();
    let builder_items = sorted.builder.iter().flat_map(|builder| &builder.items);
    for (subject, _) in sorted.items.iter().chain(builder_items) {
        if let Some(Home::Tag(tag)) = homes.get(subject) {
            *weights.entry(tag).or_default() += 1;
        }
    }
    if weights.is_empty() {
        return None;
    }
    let mut order: Vec<(&str, usize)> = weights.into_iter().collect();
    order.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    let mut loads = vec![0usize; groups];
    let mut group_of = BTreeMap::new();
    for (tag, weight) in order {
        let lightest = (0..groups)
            .min_by_key(|&group| (loads[group], group))
            .unwrap_or(0);
        loads[lightest] += weight;
        group_of.insert(tag, lightest);
    }
    Some(group_of)
}

/// A type crate's items: what its dependencies export in scope, its types
/// and impls, the error module (in the shared crate) and its builders.
fn crate_file(
    crate_name: &str,
    sorted: &Sorted,
    depends_on: &[String],
    items: Vec<Item>,
    builders: Vec<Item>,
    shared: bool,
) -> syn::File {
    let dependencies: Vec<syn::Ident> = depends_on
        .iter()
        .map(|suffix| format_ident!("{}", crate_ident(crate_name, suffix)))
        .collect();
    let mut file: syn::File = syn::parse_quote! {
        #( use #dependencies::*; )*
    };
    file.items.extend(sorted.uses.iter().cloned());
    if let Some(defaults) = &sorted.defaults {
        let mut mentions = Mentions::default();
        for item in items.iter().chain(&builders) {
            mentions.read(&item.to_token_stream());
        }
        let used: Vec<Item> = defaults
            .items
            .iter()
            .filter(|(name, _)| mentions.names(name))
            .map(|(_, function)| function.clone())
            .collect();
        if !used.is_empty() {
            let mut module = defaults.empty.clone();
            // Private: each crate has its own, which the client's glob
            // re-exports would find ambiguous.
            module.vis = Visibility::Inherited;
            module.content = Some((Default::default(), used));
            file.items.push(Item::Mod(module));
        }
    }
    file.items.extend(items);
    if shared {
        file.items.extend(sorted.error.iter().cloned());
    }
    if let Some(builder) = &sorted.builder {
        let mut module = builder.empty.clone();
        let mut inner: Vec<Item> = dependencies
            .iter()
            .map(|dependency| syn::parse_quote!(use #dependency::builder::*;))
            .collect();
        inner.extend(builder.uses.iter().cloned());
        inner.extend(builders);
        module.content = Some((Default::default(), inner));
        file.items.push(Item::Mod(module));
    }
    file
}

/// The identifiers and string literals of a crate's items: what tells
/// which functions of `defaults` it calls (`defaults::x()`) or names
/// (`#[serde(default = "defaults::x")]`).
#[derive(Default)]
struct Mentions {
    /// `x` of every `defaults::x` path, in code or in a literal.
    called: BTreeSet<String>,
}

impl Mentions {
    fn read(&mut self, tokens: &TokenStream) {
        use proc_macro2::TokenTree;
        let trees: Vec<TokenTree> = tokens.clone().into_iter().collect();
        let colon = |index: usize| matches!(trees.get(index), Some(TokenTree::Punct(punct)) if punct.as_char() == ':');
        for (index, tree) in trees.iter().enumerate() {
            match tree {
                TokenTree::Ident(ident)
                    if ident == "defaults" && colon(index + 1) && colon(index + 2) =>
                {
                    if let Some(TokenTree::Ident(function)) = trees.get(index + 3) {
                        self.called.insert(function.to_string());
                    }
                }
                TokenTree::Literal(literal) => {
                    let text = literal.to_string();
                    for (_, after) in text
                        .match_indices("defaults::")
                        .map(|(at, _)| text.split_at(at + "defaults::".len()))
                    {
                        let end = after
                            .find(|c: char| !(c.is_alphanumeric() || c == '_'))
                            .unwrap_or(after.len());
                        self.called.insert(after[..end].to_owned());
                    }
                }
                TokenTree::Group(group) => self.read(&group.stream()),
                _ => {}
            }
        }
    }

    /// Whether the function `name` of `defaults` is used.
    fn names(&self, name: &str) -> bool {
        self.called.contains(name)
    }
}

/// The client crate's `types` module in place of `module`: its attributes
/// and docs, and the type crates' items re-exported, builders and errors
/// in modules of the same names.
fn facade(module: &ItemMod, crate_name: &str, sorted: &Sorted, suffixes: &[String]) -> ItemMod {
    let idents: Vec<syn::Ident> = suffixes
        .iter()
        .map(|suffix| format_ident!("{}", crate_ident(crate_name, suffix)))
        .collect();
    let shared = &idents[0];
    let mut items: Vec<Item> = idents
        .iter()
        .map(|ident| syn::parse_quote!(pub use #ident::*;))
        .collect();
    if let Some(builder) = &sorted.builder {
        let mut builder = builder.empty.clone();
        builder.content = Some((
            Default::default(),
            idents
                .iter()
                .map(|ident| syn::parse_quote!(pub use #ident::builder::*;))
                .collect(),
        ));
        items.push(Item::Mod(builder));
    }
    if let Some(defaults) = &sorted.defaults {
        // Its functions are private to each crate; the module stays a name.
        items.push(Item::Mod(defaults.empty.clone()));
    }
    if let Some(Item::Mod(error)) = &sorted.error {
        let mut error = error.clone();
        error.content = Some((
            Default::default(),
            vec![syn::parse_quote!(pub use #shared::error::*;)],
        ));
        items.push(Item::Mod(error));
    }
    let mut facade = module.clone();
    facade.content = Some((Default::default(), items));
    facade
}

#[cfg(test)]
mod tests {
    use super::*;
    use syn::parse_quote;

    fn tags() -> TagFeatures {
        let operations = [("a", "pets"), ("b", "store"), ("c", "users")]
            .map(|(method, tag)| (method.to_owned(), vec![tag.to_owned()]));
        TagFeatures::from_operations(&operations).expect("three features")
    }

    /// The names of the types (structs, enums, aliases) in `file` and its
    /// `builder` module, as `name` and `builder::name`.
    fn names(file: &syn::File) -> Vec<String> {
        let mut out = Vec::new();
        for item in &file.items {
            match item {
                Item::Mod(module) if module.ident == "builder" || module.ident == "defaults" => {
                    for inner in module.content.iter().flat_map(|(_, items)| items) {
                        let name = match inner {
                            Item::Fn(function) => Some(function.sig.ident.to_string()),
                            _ => definition_name(inner),
                        };
                        if let Some(name) = name {
                            out.push(format!("{}::{name}", module.ident));
                        }
                    }
                }
                _ => out.extend(definition_name(item)),
            }
        }
        out
    }

    fn module() -> ItemMod {
        parse_quote! {
            #[allow(clippy::all)]
            pub mod types {
                use serde::Serialize;
                #[cfg(feature = "pets")]
                pub struct Pet { pub owner: Owner, #[serde(default = "defaults::pet_kind")] pub kind: Kind }
                impl Pet { pub fn builder() -> builder::Pet { Default::default() } }
                impl ::std::convert::From<Pet> for ::std::vec::Vec<Owner> { }
                pub struct Owner { pub name: String }
                pub struct Kind;
                #[cfg(feature = "store")]
                pub struct Order { pub id: i64, pub item: Item }
                // Only the store reaches it, but the users' `Account` names it too.
                #[cfg(feature = "store")]
                pub struct Item { pub id: i64 }
                #[cfg(feature = "users")]
                pub struct Account { pub last: Item }
                #[cfg(any(feature = "pets", feature = "store"))]
                pub struct Tag { pub name: String }
                #[cfg(all(feature = "types-without-operations", feature = "pets"))]
                pub struct Flyer { pub pet: Pet }
                pub mod builder {
                    #[cfg(feature = "pets")]
                    pub struct Pet { owner: Result<super::Owner, String> }
                    impl ::std::convert::TryFrom<Pet> for super::Pet { }
                    pub struct Owner { name: Result<String, String> }
                }
                pub mod defaults {
                    pub(super) fn pet_kind() -> super::Kind { super::Kind }
                    pub(super) fn order_id() -> i64 { 1 }
                }
                pub mod error {
                    pub struct ConversionError;
                }
            }
        }
    }

    #[test]
    fn each_type_goes_where_the_features_that_reach_it_say_with_its_impls_and_builder() {
        let spread = spread(&module(), "pet-store", &tags(), 2).expect("spreads");
        let crates: BTreeMap<&str, &TypeCrate> = spread
            .crates
            .iter()
            .map(|type_crate| (type_crate.suffix.as_str(), type_crate))
            .collect();
        assert_eq!(
            crates.keys().copied().collect::<Vec<_>>(),
            ["1", "2", "shared", "without-operations"]
        );
        let shared = &crates["shared"];
        assert_eq!(
            names(&shared.file),
            ["Owner", "Kind", "Item", "Tag", "builder::Owner"],
            "one tag's type that another tag's names is shared"
        );
        assert!(
            shared
                .file
                .to_token_stream()
                .to_string()
                .contains("ConversionError")
        );
        let pets = crates
            .values()
            .find(|type_crate| names(&type_crate.file).contains(&"Pet".to_owned()))
            .expect("a crate holds Pet");
        assert_eq!(
            names(&pets.file),
            ["defaults::pet_kind", "Pet", "builder::Pet"],
            "the builder and the default go with the type"
        );
        let pets_code = pets.file.to_token_stream().to_string();
        assert_eq!(pets_code.matches("impl").count(), 3, "{pets_code}");
        assert_eq!(pets.depends_on, ["shared"]);
        let without = &crates["without-operations"];
        assert_eq!(names(&without.file), ["Flyer"]);
        assert_eq!(without.depends_on, ["shared", "1", "2"]);
        let facade = spread.module.to_token_stream().to_string();
        for ident in [
            "pet_store_types_shared",
            "pet_store_types_1",
            "pet_store_types_without_operations",
        ] {
            assert!(
                facade.contains(&format!("pub use {ident} :: * ;")),
                "{facade}"
            );
            assert!(
                facade.contains(&format!("pub use {ident} :: builder :: * ;")),
                "{facade}"
            );
        }
        assert!(
            facade.starts_with("# [allow (clippy :: all)] pub mod types"),
            "{facade}"
        );
    }

    #[test]
    fn a_module_with_more_than_types_and_their_impls_is_not_spread() {
        let mut with_function = module();
        if let Some((_, items)) = &mut with_function.content {
            items.push(parse_quote!(
                fn helper() {}
            ));
        }
        assert!(spread(&with_function, "pet-store", &tags(), 2).is_none());
        assert!(spread(&module(), "pet-store", &tags(), 0).is_none());
    }

    #[test]
    fn large_modules_are_spread_by_default_and_the_spec_decides_when_it_says() {
        assert_eq!(group_count(None, LINES_PER_GROUP - 1), 0);
        assert_eq!(group_count(None, 450_000), 5);
        assert_eq!(group_count(Some(0), 450_000), 0);
        assert_eq!(group_count(Some(2), 10), 2);
    }
}
