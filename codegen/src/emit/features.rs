//! One Cargo feature per tag, so that a user of a few endpoints of a large
//! API compiles only those.
//!
//! Each tag the operations carry becomes a feature (`Pet Store` →
//! `pet-store`), operations without a tag share one more (`untagged`), and
//! all are on by default. An operation is compiled when any of its tags'
//! features is on: its client method, its builder, its pagination stream,
//! its multipart body and its mocks. A type of `types` is compiled when a
//! feature whose operations reach it is on (it and everything it reaches
//! are gated alike). A type no operation reaches (GitHub describes 5,067,
//! mostly webhook payloads, that none of its operations send or return) has
//! a feature of its own, [`WITHOUT_OPERATIONS`], also on by default, and
//! needs the features of what it holds as well: without it, one tag of
//! GitHub compiled 70 % of the crate's types.
//!
//! An API with fewer than two such features gets none: one feature gating
//! everything would only be a switch that turns the crate off.

use std::collections::{BTreeMap, BTreeSet};

use proc_macro2::TokenStream;
use quote::quote;
use syn::visit::Visit;
use syn::{Item, parse_quote};

use crate::emit::builders::self_name;
use crate::emit::reach::TypeGraph;
use crate::emit::syntax::item_attrs;
use crate::model::Api;

/// The feature of the operations without a tag (`untagged-2` and so on
/// when a tag takes the name).
pub const UNTAGGED: &str = "untagged";

/// The feature of the types no operation reaches. Declared whenever the
/// tags are, even when there is no such type, so that a spec change does
/// not take away a feature users name.
pub const WITHOUT_OPERATIONS: &str = "types-without-operations";

/// Names a tag's feature cannot take: the crate's other features, and its
/// dependencies (which name implicit features in some manifests).
const RESERVED: &[&str] = &[
    "default",
    WITHOUT_OPERATIONS,
    "mock",
    "builders",
    "tracing",
    "base64",
    "chrono",
    "client-runtime",
    "futures",
    "http",
    "httpmock",
    "progenitor-client",
    "rand",
    "regex",
    "regress",
    "reqwest",
    "serde",
    "serde_json",
    "tokio",
    "uuid",
];

/// One per-tag feature.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Feature {
    /// Its name in `Cargo.toml`.
    pub name: String,
    /// The tag it stands for; `None` for the operations without one.
    pub tag: Option<String>,
    /// How many operations it compiles.
    pub operations: usize,
}

/// The per-tag features of an API and which operations each compiles.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TagFeatures {
    features: Vec<Feature>,
    by_operation: BTreeMap<String, BTreeSet<String>>,
}

impl TagFeatures {
    /// The features of `api`'s tags, in the order the tags first appear;
    /// `None` when there would be fewer than two.
    pub fn of(api: &Api) -> Option<Self> {
        let operations: Vec<(String, Vec<String>)> = api
            .operations
            .iter()
            .map(|operation| (operation.name.clone(), operation.tags.clone()))
            .collect();
        Self::from_operations(&operations)
    }

    /// [`TagFeatures::of`] the operations' client methods and tags.
    pub(crate) fn from_operations(operations: &[(String, Vec<String>)]) -> Option<Self> {
        let mut taken: BTreeSet<String> = RESERVED.iter().map(|name| (*name).to_owned()).collect();
        let mut features: Vec<Feature> = Vec::new();
        let mut by_tag: BTreeMap<&str, String> = BTreeMap::new();
        for tag in operations.iter().flat_map(|(_, tags)| tags) {
            if !by_tag.contains_key(tag.as_str()) {
                let name = unique(&slug(tag), &mut taken);
                by_tag.insert(tag, name.clone());
                features.push(Feature {
                    name,
                    tag: Some(tag.clone()),
                    operations: 0,
                });
            }
        }
        let untagged = operations
            .iter()
            .any(|(_, tags)| tags.is_empty())
            .then(|| unique(UNTAGGED, &mut taken));
        if let Some(name) = &untagged {
            features.push(Feature {
                name: name.clone(),
                tag: None,
                operations: 0,
            });
        }
        if features.len() < 2 {
            return None;
        }
        let by_operation: BTreeMap<String, BTreeSet<String>> = operations
            .iter()
            .map(|(method, tags)| {
                let names = match &untagged {
                    Some(name) if tags.is_empty() => [name.clone()].into(),
                    _ => tags
                        .iter()
                        .filter_map(|tag| by_tag.get(tag.as_str()).cloned())
                        .collect(),
                };
                (method.clone(), names)
            })
            .collect();
        for feature in &mut features {
            feature.operations = by_operation
                .values()
                .filter(|names| names.contains(&feature.name))
                .count();
        }
        Some(Self {
            features,
            by_operation,
        })
    }

    /// The features, in the order their tags first appear (`untagged` last).
    pub fn features(&self) -> &[Feature] {
        &self.features
    }

    /// The features that compile the operation the client calls `method`.
    pub fn of_operation(&self, method: &str) -> Option<&BTreeSet<String>> {
        self.by_operation.get(method)
    }

    /// `#[cfg(…)]` for an item of the operation the client calls `method`;
    /// `None` when every feature compiles it (or it is no operation's).
    pub fn gate_operation(&self, method: &str) -> Option<syn::Attribute> {
        self.of_operation(method).and_then(|names| self.gate(names))
    }

    /// `#[cfg(…)]` for an item that any of `features` compiles; `None` when
    /// they are all of them (the item is always compiled).
    pub fn gate(&self, features: &BTreeSet<String>) -> Option<syn::Attribute> {
        (features.len() < self.features.len()).then(|| cfg(&[features]))
    }

    /// The condition of each type of `graph` that not every feature needs:
    /// the features whose operations reach it, from `roots` (the types each
    /// operation names, by client method). A type no operation reaches
    /// needs [`WITHOUT_OPERATIONS`] and what it names: all of their
    /// conditions.
    pub fn type_conditions(
        &self,
        graph: &TypeGraph,
        roots: &BTreeMap<String, BTreeSet<String>>,
    ) -> BTreeMap<String, Condition> {
        let mut reached_by: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for feature in &self.features {
            let feature_roots = self
                .by_operation
                .iter()
                .filter(|(_, names)| names.contains(&feature.name))
                .filter_map(|(method, _)| roots.get(method))
                .flatten()
                .cloned();
            for name in graph.reached(feature_roots) {
                reached_by
                    .entry(name)
                    .or_default()
                    .insert(feature.name.clone());
            }
        }
        let unreached: Vec<String> = graph
            .names()
            .filter(|name| !reached_by.contains_key(*name))
            .cloned()
            .collect();
        let mut conditions: BTreeMap<String, Condition> = reached_by
            .into_iter()
            .filter(|(_, features)| features.len() < self.features.len())
            .map(|(name, features)| (name, vec![features]))
            .collect();
        let without_operations: BTreeSet<String> = [WITHOUT_OPERATIONS.to_owned()].into();
        // Each round passes conditions one step further along chains of
        // unreached types; a chain is at most as long as there are types.
        for _ in 0..=unreached.len() {
            let mut changed = false;
            for name in &unreached {
                let clauses: Vec<&BTreeSet<String>> = std::iter::once(&without_operations)
                    .chain(
                        graph
                            .neighbours(name)
                            .filter_map(|other| conditions.get(other))
                            .flatten(),
                    )
                    .collect();
                let condition = narrowest(clauses);
                let old = conditions.get(name).cloned().unwrap_or_default();
                if condition != old {
                    changed = true;
                    if condition.is_empty() {
                        conditions.remove(name);
                    } else {
                        conditions.insert(name.clone(), condition);
                    }
                }
            }
            if !changed {
                break;
            }
        }
        conditions
    }
}

/// What compiles an item: for each clause, any one of its features.
pub type Condition = Vec<BTreeSet<String>>;

/// `clauses` without repeats and without those a narrower one implies, sorted.
pub fn narrowest(mut clauses: Vec<&BTreeSet<String>>) -> Condition {
    clauses.sort();
    clauses.dedup();
    clauses
        .iter()
        .filter(|clause| {
            !clauses
                .iter()
                .any(|other| other != *clause && other.is_subset(clause))
        })
        .map(|clause| (*clause).clone())
        .collect()
}

/// `#[cfg(…)]` that holds when, for each of `clauses`, one of its features is on.
pub fn cfg(clauses: &[&BTreeSet<String>]) -> syn::Attribute {
    let clause = |features: &BTreeSet<String>| -> TokenStream {
        let names = features.iter();
        match features.len() {
            1 => quote!(#(feature = #names)*),
            _ => quote!(any(#(feature = #names),*)),
        }
    };
    let clauses: Vec<TokenStream> = clauses.iter().map(|features| clause(features)).collect();
    match clauses.as_slice() {
        [one] => parse_quote!(#[cfg(#one)]),
        _ => parse_quote!(#[cfg(all(#(#clauses),*))]),
    }
}

/// The feature name of a tag: lower-case ASCII letters and digits, other
/// runs of characters as one `-` (`Pet Store` → `pet-store`); `tag` when
/// nothing is left.
fn slug(tag: &str) -> String {
    let mut out = String::new();
    for character in tag.chars() {
        if character.is_ascii_alphanumeric() {
            out.push(character.to_ascii_lowercase());
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    if out.is_empty() {
        "tag".to_owned()
    } else {
        out
    }
}

/// `base`, or `base-2`, `base-3`, … : the first not in `taken` (then taken).
fn unique(base: &str, taken: &mut BTreeSet<String>) -> String {
    let mut name = base.to_owned();
    let mut counter = 2;
    while taken.contains(&name) {
        name = format!("{base}-{counter}");
        counter += 1;
    }
    taken.insert(name.clone());
    name
}

/// Gates each item of the client file that belongs to operations: in
/// `impl Client` blocks, each operation's method and its pagination stream
/// (`<method>_stream`); in modules, each operation's builder (`builder::X`)
/// and multipart body (`multipart::XBody`), with their `impl`s.
pub fn gate_operations(file: &mut syn::File, features: &TagFeatures, api: &Api) {
    let mut methods: BTreeMap<String, &str> = BTreeMap::new();
    let mut items: BTreeMap<String, &str> = BTreeMap::new();
    for operation in &api.operations {
        let method = operation.name.as_str();
        methods.insert(method.to_owned(), method);
        if operation.pagination.is_some() {
            methods.insert(format!("{method}_stream"), method);
        }
        items.insert(crate::normalize::names::pascal(method), method);
        if let Some(body) = &operation.wire.multipart {
            items.insert(body.type_name.clone(), method);
        }
    }
    for item in &mut file.items {
        match item {
            Item::Impl(block)
                if block.trait_.is_none() && self_name(block).as_deref() == Some("Client") =>
            {
                for member in &mut block.items {
                    if let syn::ImplItem::Fn(function) = member
                        && let Some(attr) = methods
                            .get(&function.sig.ident.to_string())
                            .and_then(|method| features.gate_operation(method))
                    {
                        function.attrs.push(attr);
                    }
                }
            }
            Item::Mod(module) => {
                let mut gated = false;
                for inner in module.content.iter_mut().flat_map(|(_, items)| items) {
                    let mut names = LocalNames::default();
                    match &*inner {
                        Item::Struct(item) => names.0.push(item.ident.to_string()),
                        Item::Impl(block) => {
                            names.visit_type(&block.self_ty);
                            if let Some((path, _)) = &block.trait_ {
                                names.visit_path(path);
                            }
                        }
                        _ => continue,
                    }
                    let Some(attr) = names
                        .0
                        .iter()
                        .find_map(|name| items.get(name))
                        .and_then(|method| features.gate_operation(method))
                    else {
                        continue;
                    };
                    if let Some(attrs) = item_attrs(inner) {
                        attrs.push(attr);
                        gated = true;
                    }
                }
                // With some operations off, some of the module's imports
                // serve nothing.
                if gated {
                    module.attrs.push(parse_quote!(#[allow(unused_imports)]));
                }
            }
            _ => {}
        }
    }
}

/// Gates the items of the `types` module (and of its `builder` and
/// `defaults` modules) by `conditions` (type name → the features that
/// compile it): a type by its own; an `impl` or a function by those of the
/// types its header or signature names, all of which it needs.
pub fn gate_types(file: &mut syn::File, conditions: &BTreeMap<String, Condition>) {
    if conditions.is_empty() {
        return;
    }
    for item in &mut file.items {
        if let Item::Mod(module) = item
            && module.ident == "types"
        {
            // Some of its imports serve only gated items.
            module.attrs.push(parse_quote!(#[allow(unused_imports)]));
            gate_type_items(
                module.content.iter_mut().flat_map(|(_, items)| items),
                conditions,
            );
        }
    }
}

fn gate_type_items<'a>(
    items: impl Iterator<Item = &'a mut Item>,
    conditions: &BTreeMap<String, Condition>,
) {
    for item in items {
        let mut names = LocalNames::default();
        match &*item {
            Item::Struct(item) => names.0.push(item.ident.to_string()),
            Item::Enum(item) => names.0.push(item.ident.to_string()),
            Item::Type(item) => names.0.push(item.ident.to_string()),
            Item::Impl(block) => {
                names.visit_type(&block.self_ty);
                if let Some((path, _)) = &block.trait_ {
                    names.visit_path(path);
                }
            }
            Item::Fn(function) => names.visit_signature(&function.sig),
            Item::Mod(_) => {}
            _ => continue,
        }
        if let Item::Mod(module) = item {
            if let Some((_, inner)) = &mut module.content {
                gate_type_items(inner.iter_mut(), conditions);
            }
            continue;
        }
        let clauses: Vec<&BTreeSet<String>> = names
            .0
            .iter()
            .filter_map(|name| conditions.get(name))
            .flatten()
            .collect();
        let narrowest = narrowest(clauses);
        if narrowest.is_empty() {
            continue;
        }
        if let Some(attrs) = item_attrs(item) {
            attrs.push(cfg(&narrowest.iter().collect::<Vec<_>>()));
        }
    }
}

/// The last identifiers of the paths visited that name something of the
/// module or its parent (`X`, `super::X`, `builder::X`, `types::X`), not
/// of another crate (`::std::fmt::Display`).
#[derive(Default)]
struct LocalNames(Vec<String>);

impl<'ast> Visit<'ast> for LocalNames {
    fn visit_path(&mut self, path: &'ast syn::Path) {
        if path.leading_colon.is_none()
            && let Some((last, before)) = path.segments.iter().collect::<Vec<_>>().split_last()
            && before.iter().all(|segment| {
                ["super", "self", "crate", "builder", "types"]
                    .iter()
                    .any(|word| segment.ident == word)
            })
        {
            self.0.push(last.ident.to_string());
        }
        syn::visit::visit_path(self, path);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn features(tags: &[(&str, &[&str])]) -> TagFeatures {
        let names: Vec<(String, Vec<String>)> = tags
            .iter()
            .map(|(method, tags)| {
                (
                    (*method).to_owned(),
                    tags.iter().map(|tag| (*tag).to_owned()).collect(),
                )
            })
            .collect();
        TagFeatures::from_operations(&names).expect("two features or more")
    }

    #[test]
    fn tags_become_distinct_feature_names_in_order_of_appearance() {
        let tags = features(&[
            ("a", &["Pet Store"]),
            ("b", &["pet-store!"]),
            ("c", &["Mock"]),
            ("d", &["猫"]),
            ("e", &[]),
            ("f", &["untagged"]),
        ]);
        let names: Vec<&str> = tags.features().iter().map(|f| f.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "pet-store",
                "pet-store-2",
                "mock-2",
                "tag",
                "untagged",
                "untagged-2"
            ]
        );
        assert_eq!(
            tags.of_operation("e")
                .map(|set| set.iter().collect::<Vec<_>>()),
            Some(vec![&"untagged-2".to_owned()])
        );
    }

    #[test]
    fn one_feature_alone_is_none() {
        let names = vec![("a".to_owned(), vec!["pets".to_owned()])];
        assert_eq!(TagFeatures::from_operations(&names), None);
    }

    #[test]
    fn a_type_is_gated_by_the_features_reaching_it_and_an_unreached_one_by_its_own_and_what_it_holds()
     {
        let tags = features(&[("list_pets", &["pets"]), ("list_orders", &["store"])]);
        let file: syn::File = parse_quote! {
            pub mod types {
                pub struct Pet { pub owner: Owner }
                pub struct Owner { pub name: String }
                pub struct Order { pub pet: Pet }
                pub struct Leaflet { pub owner: Owner }
                pub struct Note { pub text: String }
                pub struct Flyer { pub order: Order, pub note: Note }
            }
        };
        let roots: BTreeMap<String, BTreeSet<String>> = [
            ("list_pets".to_owned(), ["Pet".to_owned()].into()),
            ("list_orders".to_owned(), ["Order".to_owned()].into()),
        ]
        .into();
        let conditions = tags.type_conditions(&TypeGraph::of(&file), &roots);
        let of = |name: &str| {
            conditions.get(name).map(|clauses| {
                clauses
                    .iter()
                    .map(|clause| clause.iter().cloned().collect::<Vec<_>>().join("|"))
                    .collect::<Vec<_>>()
            })
        };
        // Reached by both features: always compiled.
        assert_eq!(of("Pet"), None);
        assert_eq!(of("Owner"), None);
        assert_eq!(of("Order"), Some(vec!["store".to_owned()]));
        // No operation reaches them: their own feature, and what they hold.
        assert_eq!(of("Leaflet"), Some(vec![WITHOUT_OPERATIONS.to_owned()]));
        assert_eq!(of("Note"), Some(vec![WITHOUT_OPERATIONS.to_owned()]));
        assert_eq!(
            of("Flyer"),
            Some(vec!["store".to_owned(), WITHOUT_OPERATIONS.to_owned()])
        );
    }

    #[test]
    fn impls_and_builders_follow_their_types() {
        let mut file: syn::File = parse_quote! {
            pub mod types {
                pub struct Order { pub id: i64 }
                impl ::std::fmt::Display for Order { }
                impl ::std::convert::From<Order> for ::std::vec::Vec<u8> { }
                pub mod builder {
                    pub struct Order { id: Result<i64, String> }
                    impl ::std::convert::TryFrom<Order> for super::Order { }
                }
                pub mod defaults {
                    pub(super) fn order() -> super::Order { todo!() }
                }
            }
        };
        let conditions = [("Order".to_owned(), vec![["store".to_owned()].into()])].into();
        gate_types(&mut file, &conditions);
        let text = quote!(#file).to_string();
        assert_eq!(
            text.matches("cfg (feature = \"store\")").count(),
            6,
            "{text}"
        );
    }
}
