//! A large client's `types` module spread over crates of its own, so that
//! no one rustc process holds every type: on a 2-core machine the crates
//! check side by side, and each needs a fraction of the memory (visma.net's
//! 490 operations: 4.4 GB and 56 s as one crate, 1.3 GB and 36 s spread).
//!
//! Where a type goes follows the per-tag features that gate it (the
//! conditions [`crate::emit::features`] decided for it, as data, not its
//! printed `#[cfg]`): a type one tag reaches goes to that tag's group crate
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
use syn::visit_mut::VisitMut as _;
use syn::{Item, ItemMod, Visibility};

use crate::emit::features::{Condition, TagFeatures, WITHOUT_OPERATIONS};

/// The types (structs, enums, aliases) of the `types` module from which
/// it is spread by default, and per group crate. With their impls and
/// builders a type is some 160 lines (visma.net: 2,756 types in 450,000
/// lines), so this is about 100,000 lines of the module, of which about
/// half are types one tag reaches: a group crate holds some 50,000 lines.
/// Below it, a crate checks in seconds and under a gigabyte, and one crate
/// is simpler.
pub const TYPES_PER_GROUP: usize = 600;

/// The most group crates a `types` module is spread over by default:
/// beyond it, each crate's own cost outweighs what a smaller one saves.
pub const MAX_GROUPS: usize = 64;

/// How many group crates a `types` module of `types` types is spread
/// over: `requested` (the spec's `info.x-type-crates`; 0 keeps one crate),
/// or one per [`TYPES_PER_GROUP`] types from that many on.
pub fn group_count(requested: Option<usize>, types: usize) -> usize {
    match requested {
        Some(count) => count,
        None if types < TYPES_PER_GROUP => 0,
        None => types.div_ceil(TYPES_PER_GROUP).min(MAX_GROUPS),
    }
}

/// How many types (structs, enums, aliases) `module` defines.
pub fn type_count(module: &ItemMod) -> usize {
    module
        .content
        .iter()
        .flat_map(|(_, items)| items)
        .filter(|item| definition_name(item).is_some())
        .count()
}

/// Which crate each type went to, for its builder: what the builders,
/// rendered on a thread of their own, need to follow their types.
#[derive(Clone, Debug)]
pub struct Placement {
    crate_name: String,
    /// Type name → crate suffix.
    crates: BTreeMap<String, String>,
    /// Crate suffix → the suffixes of the crates it depends on, for each crate.
    depends_on: BTreeMap<String, Vec<String>>,
}

impl Placement {
    /// The `builder` module (`module`, typify's builders) for each crate,
    /// by suffix: the builders of its types; `None` when a builder is
    /// about no type.
    pub fn builder_modules(&self, mut module: ItemMod) -> Option<BTreeMap<String, ItemMod>> {
        let (_, items) = module.content.take()?;
        let defined: BTreeSet<String> = self.crates.keys().cloned().collect();
        let mut uses = Vec::new();
        let mut by_crate: BTreeMap<&str, Vec<Item>> = BTreeMap::new();
        for item in items {
            if matches!(item, Item::Use(_)) {
                uses.push(item);
                continue;
            }
            let subject = subject(&item, &defined)?;
            let suffix = self.crates.get(&subject).map_or(SHARED, String::as_str);
            by_crate.entry(suffix).or_default().push(item);
        }
        Some(
            self.depends_on
                .iter()
                .map(|(suffix, depends_on)| {
                    let items = by_crate.remove(suffix.as_str()).unwrap_or_default();
                    let module =
                        builder_module(&module, &uses, &self.crate_name, depends_on, items);
                    (suffix.clone(), module)
                })
                .collect(),
        )
    }
}

/// A crate's `builder` module: `empty`'s attributes, `uses`, and `items`
/// with the builders of the crates it depends on in scope.
fn builder_module(
    empty: &ItemMod,
    uses: &[Item],
    crate_name: &str,
    depends_on: &[String],
    items: Vec<Item>,
) -> ItemMod {
    let mut module = empty.clone();
    let mut inner: Vec<Item> = Vec::new();
    if !items.is_empty() {
        inner.extend(depends_on.iter().map(|suffix| {
            let dependency = format_ident!("{}", crate_ident(crate_name, suffix));
            syn::parse_quote!(use #dependency::builder::*;)
        }));
        inner.extend(uses.iter().cloned());
    }
    inner.extend(items);
    module.content = Some((Default::default(), inner));
    module
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
    /// Which crate each type went to.
    pub placement: Placement,
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

/// An item of the module, with the type it is about and what it names.
struct Entry {
    /// The type it defines or implements something for.
    subject: String,
    item: Item,
    /// The module's types it names, but its subject.
    names: BTreeSet<String>,
    /// The functions of `defaults` it calls or names.
    defaults: BTreeSet<String>,
}

/// The module's items, sorted by what they are about.
struct Sorted {
    /// `use` items, which every crate repeats.
    uses: Vec<Item>,
    /// The other top-level items.
    items: Vec<Entry>,
    /// The `builder` module: its items by type.
    builder: Option<SubModule>,
    /// The `error` module, which the shared crate keeps.
    error: Option<Item>,
    /// The `defaults` module (serde's defaults of fields): its functions
    /// by name, of which each crate keeps those it uses.
    defaults: Option<(ItemMod, Vec<(String, Item)>)>,
}

/// A module inside `types`, apart from its items.
struct SubModule {
    /// The module with no items.
    empty: ItemMod,
    /// Its `use` items.
    uses: Vec<Item>,
    /// Its other items.
    items: Vec<Entry>,
}

/// `module` (the client's `types`) spread over `groups` group crates and
/// the shared one, for the client `crate_name` with the features `tags`,
/// each type placed by its condition in `conditions` (none: every feature
/// compiles it); the module back when it cannot be or would gain nothing
/// (an item that is not a public type or an impl of one, no type only one
/// tag reaches).
pub fn spread(
    mut module: ItemMod,
    crate_name: &str,
    tags: &TagFeatures,
    conditions: &BTreeMap<String, Condition>,
    groups: usize,
) -> Result<Spread, Box<ItemMod>> {
    let tag_names: BTreeSet<&str> = tags
        .features()
        .iter()
        .map(|feature| feature.name.as_str())
        .collect();
    let home_of = |name: &str| home(conditions.get(name), &tag_names);
    if groups == 0 || !spreadable(&module, home_of) {
        return Err(Box::new(module));
    }
    let items = module
        .content
        .take()
        .map(|(_, items)| items)
        .unwrap_or_default();
    let sorted = sort(items);
    let mut homes: BTreeMap<String, Home> = BTreeMap::new();
    for entry in &sorted.items {
        if definition_name(&entry.item).is_some() {
            homes.insert(entry.subject.clone(), home_of(&entry.subject));
        }
    }
    settle(&sorted, &mut homes);
    let group_of = pack(&sorted, &homes, groups);
    let without_operations = WITHOUT_OPERATIONS.trim_start_matches("types-");
    let suffix_of = |home: Home| -> String {
        match home {
            Home::Shared => SHARED.to_owned(),
            Home::Tag(tag) => (group_of[tag] + 1).to_string(),
            Home::WithoutOperations => without_operations.to_owned(),
        }
    };
    let groups_used: BTreeSet<usize> = group_of.values().copied().collect();
    let mut suffixes = vec![SHARED.to_owned()];
    suffixes.extend(groups_used.iter().map(|group| (group + 1).to_string()));
    if homes.values().any(|home| *home == Home::WithoutOperations) {
        suffixes.push(without_operations.to_owned());
    }
    let place = |name: &str| suffix_of(homes.get(name).copied().unwrap_or(Home::Shared));

    let Sorted {
        uses,
        items,
        builder,
        error,
        defaults,
    } = sorted;
    let mut parts: BTreeMap<String, Part> = suffixes
        .iter()
        .map(|suffix| (suffix.clone(), Part::default()))
        .collect();
    for entry in items {
        parts
            .entry(place(&entry.subject))
            .or_default()
            .add(entry, false);
    }
    let builder = builder.map(|SubModule { empty, uses, items }| {
        for entry in items {
            parts
                .entry(place(&entry.subject))
                .or_default()
                .add(entry, true);
        }
        (empty, uses)
    });
    let crates = suffixes
        .iter()
        .map(|suffix| {
            let depends_on: Vec<String> = if suffix == SHARED {
                Vec::new()
            } else if suffix == without_operations {
                suffixes[..suffixes.len() - 1].to_vec()
            } else {
                vec![SHARED.to_owned()]
            };
            let part = parts.remove(suffix).unwrap_or_default();
            let dependencies: Vec<syn::Ident> = depends_on
                .iter()
                .map(|suffix| format_ident!("{}", crate_ident(crate_name, suffix)))
                .collect();
            let mut file: syn::File = syn::parse_quote! {
                #( use #dependencies::*; )*
            };
            file.items.extend(uses.iter().cloned());
            if let Some((module, functions)) = &defaults {
                let used: Vec<Item> = functions
                    .iter()
                    .filter(|(name, _)| part.defaults.contains(name))
                    .map(|(_, function)| function.clone())
                    .collect();
                if !used.is_empty() {
                    let mut module = module.clone();
                    // Private: each crate has its own, which the client's
                    // glob re-exports would find ambiguous.
                    module.vis = Visibility::Inherited;
                    module.content = Some((Default::default(), used));
                    file.items.push(Item::Mod(module));
                }
            }
            file.items.extend(part.items);
            if suffix == SHARED {
                file.items.extend(error.iter().cloned());
            }
            if let Some((module, builder_uses)) = &builder {
                file.items.push(Item::Mod(builder_module(
                    module,
                    builder_uses,
                    crate_name,
                    &depends_on,
                    part.builders,
                )));
            }
            TypeCrate {
                suffix: suffix.clone(),
                file,
                depends_on,
            }
        })
        .collect::<Vec<_>>();
    let placement = Placement {
        crate_name: crate_name.to_owned(),
        crates: homes
            .keys()
            .map(|name| (name.clone(), place(name)))
            .collect(),
        depends_on: crates
            .iter()
            .map(|type_crate| (type_crate.suffix.clone(), type_crate.depends_on.clone()))
            .collect(),
    };
    Ok(Spread {
        module: facade(
            module,
            crate_name,
            builder.is_some(),
            defaults.map(|(empty, _)| empty),
            error,
            &suffixes,
        ),
        crates,
        placement,
    })
}

/// The suffix of the crate of the types several groups reach.
const SHARED: &str = "shared";

/// What one crate gets.
#[derive(Default)]
struct Part {
    items: Vec<Item>,
    builders: Vec<Item>,
    /// The functions of `defaults` its items use.
    defaults: BTreeSet<String>,
}

impl Part {
    fn add(&mut self, entry: Entry, builder: bool) {
        self.defaults.extend(entry.defaults);
        if builder {
            self.builders.push(entry.item);
        } else {
            self.items.push(entry.item);
        }
    }
}

/// Whether `module` can be spread: every item is about a public type of
/// the module (not a function, a private type, an impl of another crate's
/// type: moved to another crate, those could not be reached as before),
/// and some type is reached by one tag alone.
fn spreadable<'a>(module: &ItemMod, home_of: impl Fn(&str) -> Home<'a>) -> bool {
    let Some((_, items)) = &module.content else {
        return false;
    };
    let defined: BTreeSet<String> = items.iter().filter_map(definition_name).collect();
    let about_a_type = |item: &Item| subject(item, &defined).is_some();
    let sortable = items.iter().all(|item| match item {
        Item::Use(_) => true,
        Item::Mod(inner) if inner.ident == "error" => true,
        Item::Mod(inner) if inner.ident == "defaults" => inner
            .content
            .iter()
            .flat_map(|(_, items)| items)
            .all(|item| matches!(item, Item::Fn(_))),
        Item::Mod(inner) if inner.ident == "builder" => inner
            .content
            .iter()
            .flat_map(|(_, items)| items)
            .all(|item| matches!(item, Item::Use(_)) || about_a_type(item)),
        _ => about_a_type(item),
    });
    sortable
        && items.iter().any(|item| {
            definition_name(item).is_some_and(|name| matches!(home_of(&name), Home::Tag(_)))
        })
}

/// The module's items by the type each is about (see [`spreadable`]).
fn sort(items: Vec<Item>) -> Sorted {
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
            Item::Use(_) => sorted.uses.push(item),
            Item::Mod(inner) if inner.ident == "error" => sorted.error = Some(Item::Mod(inner)),
            Item::Mod(mut inner) if inner.ident == "defaults" => {
                let functions = inner
                    .content
                    .take()
                    .into_iter()
                    .flat_map(|(_, items)| items)
                    .filter_map(|item| match item {
                        Item::Fn(function) => {
                            Some((function.sig.ident.to_string(), Item::Fn(function)))
                        }
                        _ => None,
                    })
                    .collect();
                inner.content = Some((Default::default(), Vec::new()));
                sorted.defaults = Some((inner, functions));
            }
            Item::Mod(mut inner) if inner.ident == "builder" => {
                let mut uses = Vec::new();
                let mut entries = Vec::new();
                for item in inner
                    .content
                    .take()
                    .into_iter()
                    .flat_map(|(_, items)| items)
                {
                    match item {
                        Item::Use(_) => uses.push(item),
                        _ => entries.push(entry(item, &defined)),
                    }
                }
                inner.content = Some((Default::default(), Vec::new()));
                sorted.builder = Some(SubModule {
                    empty: inner,
                    uses,
                    items: entries,
                });
            }
            _ => sorted.items.push(entry(item, &defined)),
        }
    }
    sorted
}

/// `item` with what it is about and what it names, among `defined`.
fn entry(mut item: Item, defined: &BTreeSet<String>) -> Entry {
    // Checked by `spreadable`: every item has one.
    let subject = subject(&item, defined).unwrap_or_default();
    let mut names = Names {
        defined,
        names: BTreeSet::new(),
        defaults: BTreeSet::new(),
    };
    names.visit_item_mut(&mut item);
    names.names.remove(&subject);
    Entry {
        subject,
        item,
        names: names.names,
        defaults: names.defaults,
    }
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
    if item.items.iter().any(|inner| {
        matches!(inner, syn::ImplItem::Fn(function) if matches!(function.vis, Visibility::Restricted(_)))
    }) {
        return None; // `pub(crate)`: reached from the client crate, perhaps.
    }
    let local = |ty: &syn::Type| match ty {
        syn::Type::Path(path) if path.qself.is_none() => {
            let segments = super::syntax::segment_names(&path.path);
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

/// Where a type compiled under `condition` goes: the features it names,
/// in any clause, decide.
fn home<'a>(condition: Option<&Condition>, tags: &BTreeSet<&'a str>) -> Home<'a> {
    let features: BTreeSet<&str> = condition
        .into_iter()
        .flatten()
        .flatten()
        .map(String::as_str)
        .collect();
    if features.contains(WITHOUT_OPERATIONS) {
        return Home::WithoutOperations;
    }
    let mut named = tags.iter().filter(|tag| features.contains(**tag));
    match (named.next(), named.next()) {
        (Some(tag), None) => Home::Tag(tag),
        _ => Home::Shared,
    }
}

/// What an item names: the module's types (`defined`) among its
/// identifiers, and the functions of `defaults` in its paths
/// (`defaults::x()`) and its attributes' literals
/// (`#[serde(default = "defaults::x")]`).
struct Names<'a> {
    defined: &'a BTreeSet<String>,
    names: BTreeSet<String>,
    defaults: BTreeSet<String>,
}

impl Names<'_> {
    /// What `tokens` (an attribute's or a macro's, which the syntax tree
    /// leaves unparsed) name.
    fn read_tokens(&mut self, tokens: TokenStream) {
        for tree in tokens {
            match tree {
                proc_macro2::TokenTree::Ident(ident) => self.visit_ident_mut(&mut ident.clone()),
                proc_macro2::TokenTree::Literal(literal) => {
                    let text = literal.to_string();
                    for (at, _) in text.match_indices("defaults::") {
                        let after = &text[at + "defaults::".len()..];
                        let end = after
                            .find(|c: char| !(c.is_alphanumeric() || c == '_'))
                            .unwrap_or(after.len());
                        self.defaults.insert(after[..end].to_owned());
                    }
                }
                proc_macro2::TokenTree::Group(group) => self.read_tokens(group.stream()),
                proc_macro2::TokenTree::Punct(_) => {}
            }
        }
    }
}

impl syn::visit_mut::VisitMut for Names<'_> {
    fn visit_ident_mut(&mut self, ident: &mut syn::Ident) {
        let name = ident.to_string();
        if self.defined.contains(&name) {
            self.names.insert(name);
        }
    }

    fn visit_path_mut(&mut self, path: &mut syn::Path) {
        let segments: Vec<&syn::PathSegment> = path.segments.iter().collect();
        for pair in segments.windows(2) {
            if pair[0].ident == "defaults" {
                self.defaults.insert(pair[1].ident.to_string());
            }
        }
        syn::visit_mut::visit_path_mut(self, path);
    }

    fn visit_attribute_mut(&mut self, attr: &mut syn::Attribute) {
        // Docs name nothing; `serde` attributes name defaults in literals.
        if !attr.path().is_ident("doc") {
            self.read_tokens(attr.meta.to_token_stream());
        }
    }

    fn visit_macro_mut(&mut self, mac: &mut syn::Macro) {
        self.read_tokens(mac.tokens.clone());
    }
}

/// Moves to the shared crate every type named from a crate that cannot
/// see where it is, until none is; and a type whose serde defaults build
/// another type (a struct expression, which Rust refuses across crates for
/// a `#[non_exhaustive]` struct) moves with that type to the shared crate,
/// unless both already live in one crate.
fn settle<'a>(sorted: &Sorted, homes: &mut BTreeMap<String, Home<'a>>) {
    let mut names: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    let builder_items = sorted.builder.iter().flat_map(|builder| &builder.items);
    for entry in sorted.items.iter().chain(builder_items) {
        names
            .entry(&entry.subject)
            .or_default()
            .extend(entry.names.iter().map(String::as_str));
    }
    let built = built_by_defaults(sorted);
    let mut pending: Vec<&str> = names.keys().copied().collect();
    loop {
        while let Some(name) = pending.pop() {
            let from = homes.get(name).copied().unwrap_or(Home::Shared);
            for named in names.get(name).into_iter().flatten() {
                let Some(to) = homes.get(*named).copied() else {
                    continue;
                };
                if !from.sees(to) {
                    homes.insert((*named).to_owned(), Home::Shared);
                    // What it names must now be seen from the shared crate.
                    pending.push(named);
                }
            }
        }
        for (subject, built) in &built {
            let home = homes.get(*subject).copied();
            for other in built {
                if homes.get(*other).copied() != home {
                    for moved in [*subject, *other] {
                        if homes.insert(moved.to_owned(), Home::Shared) != Some(Home::Shared) {
                            pending.push(moved);
                        }
                    }
                }
            }
        }
        if pending.is_empty() {
            return;
        }
    }
}

/// For each type, the other types its serde default functions build with
/// a struct expression.
fn built_by_defaults(sorted: &Sorted) -> BTreeMap<&str, BTreeSet<&str>> {
    let Some((_, functions)) = &sorted.defaults else {
        return BTreeMap::new();
    };
    let defined: BTreeSet<&str> = sorted
        .items
        .iter()
        .map(|entry| entry.subject.as_str())
        .collect();
    let by_function: BTreeMap<&str, BTreeSet<&str>> = functions
        .iter()
        .map(|(name, function)| {
            let mut structs = StructExpressions::default();
            syn::visit::Visit::visit_item(&mut structs, function);
            let built = structs
                .names
                .into_iter()
                .filter_map(|name| defined.get(name.as_str()).copied())
                .collect();
            (name.as_str(), built)
        })
        .collect();
    let mut built: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for entry in &sorted.items {
        for function in &entry.defaults {
            for other in by_function.get(function.as_str()).into_iter().flatten() {
                if *other != entry.subject {
                    built
                        .entry(entry.subject.as_str())
                        .or_default()
                        .insert(*other);
                }
            }
        }
    }
    built
}

/// The last segment of every struct expression's path.
#[derive(Default)]
struct StructExpressions {
    names: BTreeSet<String>,
}

impl<'ast> syn::visit::Visit<'ast> for StructExpressions {
    fn visit_expr_struct(&mut self, expression: &'ast syn::ExprStruct) {
        if let Some(last) = expression.path.segments.last() {
            self.names.insert(last.ident.to_string());
        }
        syn::visit::visit_expr_struct(self, expression);
    }
}

/// Each tag with types of its own, to a group (from 0): the tags with the
/// most items first, each to the group with fewest so far.
fn pack<'a>(
    sorted: &Sorted,
    homes: &BTreeMap<String, Home<'a>>,
    groups: usize,
) -> BTreeMap<&'a str, usize> {
    // The types and their impls, not their builders: the builders may be
    // rendered apart (and a type's builder is about as large as it).
    let mut weights: BTreeMap<&str, usize> = BTreeMap::new();
    for entry in &sorted.items {
        if let Some(Home::Tag(tag)) = homes.get(&entry.subject) {
            *weights.entry(tag).or_default() += 1;
        }
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
    group_of
}

/// The client crate's `types` module in place of `module` (emptied): its
/// attributes and docs, and the type crates' items re-exported, builders
/// (when `builder`) and errors in modules of the same names (`defaults`
/// and `error`: those modules emptied).
fn facade(
    mut module: ItemMod,
    crate_name: &str,
    builder: bool,
    defaults: Option<ItemMod>,
    error: Option<Item>,
    suffixes: &[String],
) -> ItemMod {
    let idents: Vec<syn::Ident> = suffixes
        .iter()
        .map(|suffix| format_ident!("{}", crate_ident(crate_name, suffix)))
        .collect();
    let shared = &idents[0];
    let mut items: Vec<Item> = idents
        .iter()
        .map(|ident| syn::parse_quote!(pub use #ident::*;))
        .collect();
    if builder {
        items.push(syn::parse_quote! {
            /// Builders of the types, from the crates they are spread over.
            pub mod builder {
                #( pub use #idents::builder::*; )*
            }
        });
    }
    if let Some(defaults) = defaults {
        // Its functions are private to each crate; the module stays a name.
        items.push(Item::Mod(defaults));
    }
    if let Some(Item::Mod(mut error)) = error {
        error.content = Some((
            Default::default(),
            vec![syn::parse_quote!(pub use #shared::error::*;)],
        ));
        items.push(Item::Mod(error));
    }
    module.content = Some((Default::default(), items));
    module
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

    /// What features decided for the types of [`module`]: the module
    /// carries no `#[cfg]`, so that placement can follow nothing else.
    fn conditions() -> BTreeMap<String, Condition> {
        let clause = |features: &[&str]| -> BTreeSet<String> {
            features
                .iter()
                .map(|feature| (*feature).to_owned())
                .collect()
        };
        [
            ("Pet", vec![clause(&["pets"])]),
            ("Order", vec![clause(&["store"])]),
            ("Item", vec![clause(&["store"])]),
            ("Account", vec![clause(&["users"])]),
            ("Tag", vec![clause(&["pets", "store"])]),
            (
                "Flyer",
                vec![clause(&[WITHOUT_OPERATIONS]), clause(&["pets"])],
            ),
        ]
        .into_iter()
        .map(|(name, condition)| (name.to_owned(), condition))
        .collect()
    }

    fn module() -> ItemMod {
        parse_quote! {
            #[allow(clippy::all)]
            pub mod types {
                use serde::Serialize;
                pub struct Pet { pub owner: Owner, #[serde(default = "defaults::pet_kind")] pub kind: Kind }
                impl Pet { pub fn builder() -> builder::Pet { Default::default() } }
                impl ::std::convert::From<Pet> for ::std::vec::Vec<Owner> { }
                pub struct Owner { pub name: String }
                pub struct Kind;
                pub struct Order { pub id: i64, pub item: Item }
                // Only the store reaches it, but the users' `Account` names it too.
                pub struct Item { pub id: i64 }
                pub struct Account { pub last: Item }
                pub struct Tag { pub name: String }
                pub struct Flyer { pub pet: Pet }
                pub mod builder {
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
        let Ok(spread) = spread(module(), "pet-store", &tags(), &conditions(), 2) else {
            panic!("spreads")
        };
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
        assert!(spread(with_function, "pet-store", &tags(), &conditions(), 2).is_err());
        assert!(spread(module(), "pet-store", &tags(), &conditions(), 0).is_err());
    }

    #[test]
    fn large_modules_are_spread_by_default_and_the_spec_decides_when_it_says() {
        assert_eq!(group_count(None, TYPES_PER_GROUP - 1), 0);
        assert_eq!(group_count(None, 2_756), 5);
        assert_eq!(group_count(None, 100_000), MAX_GROUPS);
        assert_eq!(group_count(Some(0), 2_756), 0);
        assert_eq!(group_count(Some(2), 10), 2);
    }
}
