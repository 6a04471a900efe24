//! The public surface of a generated crate, one stable line per item, read
//! from its syntax tree: what users of the crate can name and call.
//!
//! Lines are sorted, so the listing does not depend on the order items are
//! emitted in, and a changed item shows up as one removed and one added line.
//! Items behind cargo features carry them as a prefix: `[feature mock] `,
//! `[feature pets | store] ` (any of them), `[feature builders & (pets |
//! store)] ` (each clause). The crate's features themselves are lines too
//! (`cargo feature pets (default)`: [`feature_lines`]).

use std::collections::BTreeSet;

use quote::ToTokens;

use crate::emit::package::CargoFeature;
use syn::{
    Attribute, Fields, FnArg, ImplItem, Item, ReturnType, Signature, TraitItem, Type, Visibility,
};

/// Every public item of `source` (a crate's `lib.rs`), as sorted lines rooted at `crate_name`.
///
/// # Errors
///
/// When `source` is not valid Rust.
pub fn public_api(crate_name: &str, source: &str) -> Result<Vec<String>, syn::Error> {
    let file = syn::parse_file(source)?;
    Ok(lines_of(crate_name, &file.items)?.into_iter().collect())
}

/// The lines of [`public_api`] that `items`, at the root of the crate
/// `crate_name`, declare: for a file read as syntax, or for each part of
/// one while it is generated (the union of the parts' lines is the file's).
///
/// # Errors
///
/// When a call of the runtime's `client_builder!` does not expand.
pub fn lines_of(crate_name: &str, items: &[Item]) -> Result<BTreeSet<String>, syn::Error> {
    let mut lines = BTreeSet::new();
    let root = Scope {
        path: crate_name.replace('-', "_"),
        gate: Gate::default(),
    };
    collect_expanding_runtime_macros(items, &root, &mut lines)?;
    Ok(lines)
}

/// The runtime's `client_builder!` macro, whose expansion is part of every
/// generated crate's public surface: read from the macro's own source, so
/// that the listing follows the runtime as it changes.
const CLIENT_BUILDER_MACRO: &str = include_str!("../../runtime/src/client_builder.rs");

/// [`collect`], with every call of the runtime's `client_builder!` read as
/// the items it declares.
fn collect_expanding_runtime_macros(
    items: &[Item],
    scope: &Scope,
    lines: &mut BTreeSet<String>,
) -> Result<(), syn::Error> {
    for item in items {
        match item {
            Item::Macro(call)
                if call.ident.is_none()
                    && call
                        .mac
                        .path
                        .segments
                        .last()
                        .is_some_and(|segment| segment.ident == "client_builder") =>
            {
                let body = client_builder_expansion(&call.mac.tokens)?;
                let file: syn::File = syn::parse2(body)?;
                collect_expanding_runtime_macros(&file.items, scope, lines)?;
            }
            _ => collect_item(item, scope, lines),
        }
    }
    Ok(())
}

/// The tokens `client_builder!(arguments)` expands to: the body of the arm
/// whose pattern has as many arguments, with `$client` and `$crate` replaced.
fn client_builder_expansion(
    arguments: &proc_macro2::TokenStream,
) -> Result<proc_macro2::TokenStream, syn::Error> {
    use proc_macro2::{TokenStream, TokenTree};
    let given: Vec<TokenTree> = arguments.clone().into_iter().collect();
    let client = given.first().cloned();
    let count = |tokens: &TokenStream| {
        tokens.clone().into_iter().filter(|t| !matches!(t, TokenTree::Punct(p) if p.as_char() == ',' || p.as_char() == '$' || p.as_char() == ':')).count()
    };
    let source = syn::parse_file(CLIENT_BUILDER_MACRO)?;
    let rules = source
        .items
        .iter()
        .find_map(|item| match item {
            Item::Macro(rules)
                if rules
                    .ident
                    .as_ref()
                    .is_some_and(|ident| ident == "client_builder") =>
            {
                Some(rules.mac.tokens.clone())
            }
            _ => None,
        })
        .ok_or_else(|| {
            syn::Error::new(
                proc_macro2::Span::call_site(),
                "the runtime has no `client_builder!`",
            )
        })?;
    let rules: Vec<TokenTree> = rules.into_iter().collect();
    // Each arm: `(pattern) => { body }` and a `;`. A pattern `$client:ident`
    // counts two tokens besides the punctuation; the call's own `Client` one.
    let wanted = count(arguments) + 1;
    for arm in rules.windows(4) {
        let [
            TokenTree::Group(pattern),
            TokenTree::Punct(eq),
            TokenTree::Punct(gt),
            TokenTree::Group(body),
        ] = arm
        else {
            continue;
        };
        if eq.as_char() != '=' || gt.as_char() != '>' || count(&pattern.stream()) != wanted {
            continue;
        }
        let client = client.clone().unwrap_or_else(|| {
            TokenTree::Ident(proc_macro2::Ident::new(
                "Client",
                proc_macro2::Span::call_site(),
            ))
        });
        return Ok(substitute(body.stream(), &client));
    }
    Err(syn::Error::new(
        proc_macro2::Span::call_site(),
        "no arm of `client_builder!` fits the call",
    ))
}

/// `tokens` with `$crate` as `client_runtime` and `$client` (any other
/// `$name`) as `client`, at every depth.
fn substitute(
    tokens: proc_macro2::TokenStream,
    client: &proc_macro2::TokenTree,
) -> proc_macro2::TokenStream {
    use proc_macro2::{Group, TokenTree};
    let mut out = Vec::new();
    let mut tokens = tokens.into_iter().peekable();
    while let Some(token) = tokens.next() {
        match (&token, tokens.peek()) {
            (TokenTree::Punct(dollar), Some(TokenTree::Ident(name))) if dollar.as_char() == '$' => {
                out.push(if name == "crate" {
                    TokenTree::Ident(proc_macro2::Ident::new("client_runtime", name.span()))
                } else {
                    client.clone()
                });
                tokens.next();
            }
            (TokenTree::Group(group), _) => {
                let mut inner = Group::new(group.delimiter(), substitute(group.stream(), client));
                inner.set_span(group.span());
                out.push(TokenTree::Group(inner));
            }
            _ => out.push(token),
        }
    }
    out.into_iter().collect()
}

/// Where items are declared: their module path and the features gating them.
#[derive(Clone)]
struct Scope {
    path: String,
    gate: Gate,
}

impl Scope {
    fn line(&self, text: String) -> String {
        self.gate.prefix(text)
    }

    fn nested(&self, name: &str, attrs: &[Attribute]) -> Scope {
        Scope {
            path: format!("{}::{name}", self.path),
            gate: self.gate.and(attrs),
        }
    }
}

fn collect(items: &[Item], scope: &Scope, lines: &mut BTreeSet<String>) {
    for item in items {
        collect_item(item, scope, lines);
    }
}

/// The names a `pub use` tree makes public, each with the path it stands
/// for: `a::{B, C as D}` → `(B, a::B)`, `(D, a::C)`; a glob is named `*`.
fn reexports(tree: &syn::UseTree, prefix: String, names: &mut Vec<(String, String)>) {
    match tree {
        syn::UseTree::Path(path) => {
            reexports(&path.tree, format!("{prefix}{}::", path.ident), names);
        }
        syn::UseTree::Name(name) => {
            names.push((name.ident.to_string(), format!("{prefix}{}", name.ident)))
        }
        syn::UseTree::Rename(rename) => names.push((
            rename.rename.to_string(),
            format!("{prefix}{}", rename.ident),
        )),
        syn::UseTree::Glob(_) => names.push(("*".to_owned(), format!("{prefix}*"))),
        syn::UseTree::Group(group) => {
            for tree in &group.items {
                reexports(tree, prefix.clone(), names);
            }
        }
    }
}

fn collect_item(item: &Item, scope: &Scope, lines: &mut BTreeSet<String>) {
    let gated = |attrs: &[Attribute]| Scope {
        gate: scope.gate.and(attrs),
        ..scope.clone()
    };
    match item {
        Item::Mod(module) if is_public(&module.vis) => {
            let inner = scope.nested(&module.ident.to_string(), &module.attrs);
            lines.insert(inner.line(format!("pub mod {}", inner.path)));
            if let Some((_, items)) = &module.content {
                collect(items, &inner, lines);
            }
        }
        Item::Struct(item) if is_public(&item.vis) => {
            let scope = gated(&item.attrs);
            let name = format!("{}::{}", scope.path, item.ident);
            let generics = tokens(&item.generics);
            derived_impls(&item.attrs, &name, &scope, lines);
            match &item.fields {
                Fields::Named(fields) => {
                    let exhaustive = exhaustiveness(&item.attrs);
                    lines.insert(scope.line(format!("{exhaustive}pub struct {name}{generics}")));
                    for field in fields.named.iter().filter(|field| is_public(&field.vis)) {
                        if let Some(ident) = &field.ident {
                            lines.insert(
                                scope
                                    .line(format!("pub {name}::{ident}: {}", type_text(&field.ty))),
                            );
                        }
                    }
                }
                Fields::Unnamed(fields) => {
                    let fields: Vec<String> = fields
                        .unnamed
                        .iter()
                        .map(|field| match field.vis {
                            Visibility::Public(_) => format!("pub {}", type_text(&field.ty)),
                            _ => "_".to_owned(),
                        })
                        .collect();
                    lines.insert(scope.line(format!(
                        "pub struct {name}{generics}({})",
                        fields.join(", ")
                    )));
                }
                Fields::Unit => {
                    lines.insert(scope.line(format!("pub struct {name}{generics}")));
                }
            }
        }
        Item::Enum(item) if is_public(&item.vis) => {
            let scope = gated(&item.attrs);
            let name = format!("{}::{}", scope.path, item.ident);
            derived_impls(&item.attrs, &name, &scope, lines);
            let exhaustive = exhaustiveness(&item.attrs);
            lines.insert(scope.line(format!(
                "{exhaustive}pub enum {name}{}",
                tokens(&item.generics)
            )));
            let numbers = discriminants(item);
            for (variant, number) in item.variants.iter().zip(numbers) {
                let fields = match &variant.fields {
                    Fields::Named(fields) => format!(
                        " {{ {} }}",
                        fields
                            .named
                            .iter()
                            .map(|field| format!(
                                "{}: {}",
                                field
                                    .ident
                                    .as_ref()
                                    .map(ToString::to_string)
                                    .unwrap_or_default(),
                                type_text(&field.ty)
                            ))
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                    Fields::Unnamed(fields) => format!(
                        "({})",
                        fields
                            .unnamed
                            .iter()
                            .map(|field| type_text(&field.ty))
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                    Fields::Unit => String::new(),
                };
                let number = number
                    .map(|number| format!(" = {number}"))
                    .unwrap_or_default();
                lines.insert(scope.line(format!("{name}::{}{fields}{number}", variant.ident)));
            }
        }
        Item::Fn(item) if is_public(&item.vis) => {
            let scope = gated(&item.attrs);
            lines.insert(scope.line(signature(&scope.path, &item.sig)));
        }
        Item::Const(item) if is_public(&item.vis) => {
            let scope = gated(&item.attrs);
            lines.insert(scope.line(typed("const", &scope.path, &item.ident, &item.ty)));
        }
        Item::Static(item) if is_public(&item.vis) => {
            let scope = gated(&item.attrs);
            lines.insert(scope.line(typed("static", &scope.path, &item.ident, &item.ty)));
        }
        Item::Type(item) if is_public(&item.vis) => {
            let scope = gated(&item.attrs);
            lines.insert(scope.line(format!(
                "pub type {}::{}{} = {}",
                scope.path,
                item.ident,
                tokens(&item.generics),
                type_text(&item.ty)
            )));
        }
        Item::Use(item) if is_public(&item.vis) => {
            let scope = gated(&item.attrs);
            let mut names = Vec::new();
            reexports(&item.tree, String::new(), &mut names);
            for (name, source) in names {
                lines.insert(scope.line(format!("pub use {}::{name} = {source}", scope.path)));
            }
        }
        Item::Trait(item) if is_public(&item.vis) => {
            let scope = gated(&item.attrs);
            let name = format!("{}::{}", scope.path, item.ident);
            // A trait with a supertrait named `Sealed` (in a private module)
            // cannot be implemented outside the crate: it may gain methods.
            let sealed = item.supertraits.iter().any(|bound| {
                matches!(bound, syn::TypeParamBound::Trait(supertrait)
                    if supertrait.path.segments.last().is_some_and(|segment| segment.ident == "Sealed"))
            });
            let sealed = if sealed { "#[sealed] " } else { "" };
            lines.insert(scope.line(format!(
                "{sealed}pub trait {name}{}",
                tokens(&item.generics)
            )));
            for member in &item.items {
                if let TraitItem::Fn(method) = member {
                    lines.insert(scope.line(signature(&name, &method.sig)));
                }
            }
        }
        Item::Impl(item) => {
            let scope = gated(&item.attrs);
            let self_type = qualified(&scope.path, &item.self_ty);
            match &item.trait_ {
                Some((trait_path, _)) => {
                    lines.insert(scope.line(format!(
                        "impl{} {} for {self_type}",
                        tokens(&item.generics),
                        squeeze(&trait_path.to_token_stream().to_string())
                    )));
                }
                None => {
                    for member in &item.items {
                        match member {
                            ImplItem::Fn(method) if is_public(&method.vis) => {
                                lines.insert(scope.line(signature(&self_type, &method.sig)));
                            }
                            ImplItem::Const(constant) if is_public(&constant.vis) => {
                                lines.insert(scope.line(typed(
                                    "const",
                                    &self_type,
                                    &constant.ident,
                                    &constant.ty,
                                )));
                            }
                            _ => {}
                        }
                    }
                }
            }
        }
        _ => {}
    }
}

/// `pub <keyword> <owner>::<name>: <type>`, for constants and statics.
fn typed(keyword: &str, owner: &str, name: &syn::Ident, ty: &Type) -> String {
    format!("pub {keyword} {owner}::{name}: {}", type_text(ty))
}

/// `pub fn <owner>::<name>(<inputs>) -> <output>`, with `async`/`const` kept.
fn signature(owner: &str, sig: &Signature) -> String {
    let inputs: Vec<String> = sig
        .inputs
        .iter()
        .map(|input| match input {
            FnArg::Receiver(receiver) => squeeze(&receiver.to_token_stream().to_string()),
            FnArg::Typed(typed) => format!(
                "{}: {}",
                squeeze(&typed.pat.to_token_stream().to_string()),
                type_text(&typed.ty)
            ),
        })
        .collect();
    let output = match &sig.output {
        ReturnType::Default => String::new(),
        ReturnType::Type(_, ty) => format!(" -> {}", type_text(ty)),
    };
    let mut qualifiers = [
        sig.constness.map(|_| "const "),
        sig.asyncness.map(|_| "async "),
    ]
    .into_iter()
    .flatten()
    .collect::<String>();
    let safety = tokens(&sig.safety);
    if !safety.is_empty() {
        qualifiers.push_str(&safety);
        qualifiers.push(' ');
    }
    let where_clause = sig
        .generics
        .where_clause
        .as_ref()
        .map(|clause| format!(" {}", tokens(clause)))
        .unwrap_or_default();
    format!(
        "pub {qualifiers}fn {owner}::{}{}({}){output}{where_clause}",
        sig.ident,
        tokens(&sig.generics),
        inputs.join(", ")
    )
}

/// The implementing type, qualified by the module unless it is a path already.
fn qualified(module: &str, ty: &Type) -> String {
    let text = type_text(ty);
    let (reference, name) = match text.strip_prefix('&') {
        Some(name) => ("&", name),
        None => ("", text.as_str()),
    };
    if name.contains("::") {
        text
    } else {
        format!("{reference}{module}::{name}")
    }
}

fn type_text(ty: &Type) -> String {
    squeeze(&ty.to_token_stream().to_string())
}

fn tokens(node: &impl ToTokens) -> String {
    squeeze(&node.to_token_stream().to_string())
}

/// Token text in the spacing people write: `& 'a str` → `&'a str`, `Vec < T >` → `Vec<T>`.
fn squeeze(text: &str) -> String {
    let mut out = text.to_owned();
    for (from, to) in [
        (" :: ", "::"),
        (":: ", "::"),
        (" ::", "::"),
        (" < ", "<"),
        ("< ", "<"),
        (" <", "<"),
        (" >", ">"),
        ("& ", "&"),
        (" ,", ","),
        ("( ", "("),
        (" )", ")"),
        ("' ", "'"),
        ("# [", "#["),
        ("! [", "!["),
        (" ; ", "; "),
        (",>", ">"),
        (",)", ")"),
        (", >", ">"),
        (", )", ")"),
    ] {
        while out.contains(from) {
            out = out.replace(from, to);
        }
    }
    // `T: ::std::…` lost the space after its colon to the `::` rules; `->`
    // the one before it.
    out = out
        .replace(" : ", ": ")
        .replace(":::", ": ::")
        .replace("->", " -> ");
    while out.contains("  ") {
        out = out.replace("  ", " ");
    }
    // A where clause's trailing comma.
    out.trim_end_matches(',').to_owned()
}

fn is_public(visibility: &Visibility) -> bool {
    matches!(visibility, Visibility::Public(_))
}

fn has_attribute(attrs: &[Attribute], name: &str) -> bool {
    attrs.iter().any(|attr| attr.path().is_ident(name))
}

/// `#[non_exhaustive] ` or nothing, the prefix of a struct's or enum's line.
fn exhaustiveness(attrs: &[Attribute]) -> &'static str {
    if has_attribute(attrs, "non_exhaustive") {
        "#[non_exhaustive] "
    } else {
        ""
    }
}

/// The trait implementations `#[derive(…)]` gives the type `name`, listed
/// as the `impl` lines written by hand would be: users rely on a derived
/// `Copy` or `Ord` as much as on any method.
fn derived_impls(attrs: &[Attribute], name: &str, scope: &Scope, lines: &mut BTreeSet<String>) {
    for attr in attrs.iter().filter(|attr| attr.path().is_ident("derive")) {
        let Ok(paths) = attr.parse_args_with(
            syn::punctuated::Punctuated::<syn::Path, syn::Token![,]>::parse_terminated,
        ) else {
            continue;
        };
        for path in paths {
            lines.insert(scope.line(format!(
                "impl {} for {name}",
                squeeze(&path.to_token_stream().to_string())
            )));
        }
    }
}

/// A crate's cargo features, one line each: `cargo feature pets
/// (default)`, or without `(default)` when off by default.
pub fn feature_lines(features: &[CargoFeature]) -> impl Iterator<Item = String> {
    features.iter().map(|feature| match feature.default {
        true => format!("cargo feature {} (default)", feature.name),
        false => format!("cargo feature {}", feature.name),
    })
}

/// [`feature_lines`] of the cargo features `manifest` declares: what the
/// model's features must come to once written.
#[cfg(test)]
pub fn cargo_features(manifest: &str) -> Vec<String> {
    let mut in_features = false;
    let mut names: Vec<&str> = Vec::new();
    let mut defaults: Vec<&str> = Vec::new();
    for line in manifest.lines().map(str::trim) {
        if line.starts_with('[') {
            in_features = line == "[features]";
            continue;
        }
        let Some((name, value)) = line.split_once(" = ").filter(|_| in_features) else {
            continue;
        };
        if name == "default" {
            defaults = value.split('"').skip(1).step_by(2).collect();
        } else {
            names.push(name);
        }
    }
    names
        .into_iter()
        .map(|name| match defaults.contains(&name) {
            true => format!("cargo feature {name} (default)"),
            false => format!("cargo feature {name}"),
        })
        .collect()
}

/// The features an item needs, from its and its modules' `#[cfg(…)]`: all
/// of the clauses, each met by any one of its features.
#[derive(Clone, Default)]
struct Gate {
    clauses: Vec<BTreeSet<String>>,
}

impl Gate {
    /// This gate and those of `attrs`.
    fn and(&self, attrs: &[Attribute]) -> Gate {
        let mut clauses = self.clauses.clone();
        for attr in attrs.iter().filter(|attr| attr.path().is_ident("cfg")) {
            if let Ok(predicate) = attr.parse_args::<syn::Meta>() {
                feature_clauses(&predicate, &mut clauses);
            }
        }
        let narrowest = crate::emit::features::narrowest(clauses.iter().collect());
        Gate { clauses: narrowest }
    }

    /// `[feature a & (b | c)] text`, or `text` when ungated.
    fn prefix(&self, text: String) -> String {
        if self.clauses.is_empty() {
            return text;
        }
        let several = self.clauses.len() > 1;
        let clauses: Vec<String> = self
            .clauses
            .iter()
            .map(|clause| {
                let any = clause.iter().cloned().collect::<Vec<_>>().join(" | ");
                if several && clause.len() > 1 {
                    format!("({any})")
                } else {
                    any
                }
            })
            .collect();
        format!("[feature {}] {text}", clauses.join(" & "))
    }
}

/// Adds the clauses of a `cfg` predicate over features: `feature = "a"`,
/// `any(…)` of features, `all(…)` of those. Other predicates gate nothing
/// a feature turns on, and are left out.
fn feature_clauses(predicate: &syn::Meta, clauses: &mut Vec<BTreeSet<String>>) {
    let nested = |list: &syn::MetaList| {
        list.parse_args_with(
            syn::punctuated::Punctuated::<syn::Meta, syn::Token![,]>::parse_terminated,
        )
        .map(|items| items.into_iter().collect::<Vec<_>>())
        .unwrap_or_default()
    };
    match predicate {
        syn::Meta::NameValue(pair) if pair.path.is_ident("feature") => {
            if let Some(name) = feature_name(pair) {
                clauses.push([name].into());
            }
        }
        syn::Meta::List(list) if list.path.is_ident("all") => {
            for item in nested(list) {
                feature_clauses(&item, clauses);
            }
        }
        syn::Meta::List(list) if list.path.is_ident("any") => {
            let mut any = BTreeSet::new();
            for item in nested(list) {
                match &item {
                    syn::Meta::NameValue(pair) if pair.path.is_ident("feature") => {
                        any.extend(feature_name(pair));
                    }
                    // A condition this listing does not model: not a feature gate.
                    _ => return,
                }
            }
            if !any.is_empty() {
                clauses.push(any);
            }
        }
        _ => {}
    }
}

fn feature_name(pair: &syn::MetaNameValue) -> Option<String> {
    match &pair.value {
        syn::Expr::Lit(syn::ExprLit {
            lit: syn::Lit::Str(name),
            ..
        }) => Some(name.value()),
        _ => None,
    }
}

/// The discriminant of each variant of `item` when users can cast it to a
/// number (every variant without fields): the one it is given, or one more
/// than the variant before it (from 0). A change of one is a breaking change
/// (`as` casts give another number), as cargo-semver-checks judges it.
fn discriminants(item: &syn::ItemEnum) -> Vec<Option<String>> {
    let castable = item
        .variants
        .iter()
        .all(|variant| matches!(variant.fields, Fields::Unit));
    if !castable {
        return vec![None; item.variants.len()];
    }
    let mut next: Option<i128> = Some(0);
    item.variants
        .iter()
        .map(|variant| {
            let number = match &variant.discriminant {
                Some((_, expression)) => {
                    let text = tokens(expression);
                    next = text.replace('_', "").parse::<i128>().ok();
                    next.map_or(text, |number| number.to_string())
                }
                None => next.map_or_else(|| "?".to_owned(), |number| number.to_string()),
            };
            next = next.and_then(|number| number.checked_add(1));
            Some(number)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn items_carry_every_feature_gate_around_them() {
        let source = r#"
            pub mod types {
                #[cfg(any(feature = "store", feature = "pets"))]
                pub struct Pet;
                pub mod builder {
                    #[cfg(feature = "pets")]
                    #[cfg(feature = "builders")]
                    pub struct Pet;
                    #[cfg(all(feature = "builders", any(feature = "pets", feature = "store")))]
                    pub struct Order;
                }
            }
        "#;
        let lines = public_api("demo", source).expect("parses");
        assert!(
            lines.contains(&"[feature pets | store] pub struct demo::types::Pet".to_owned()),
            "{lines:#?}"
        );
        assert!(
            lines.contains(
                &"[feature builders & pets] pub struct demo::types::builder::Pet".to_owned()
            ),
            "{lines:#?}"
        );
        assert!(
            lines.contains(
                &"[feature builders & (pets | store)] pub struct demo::types::builder::Order"
                    .to_owned()
            ),
            "{lines:#?}"
        );
    }

    #[test]
    fn the_manifest_s_features_are_lines_too() {
        let manifest = "[package]\nname = \"demo\"\n\n[features]\ndefault = [\"pets\", \"store\"]\n# Pets.\npets = []\nstore = []\nmock = [\"dep:httpmock\"]\n";
        assert_eq!(
            cargo_features(manifest),
            [
                "cargo feature pets (default)",
                "cargo feature store (default)",
                "cargo feature mock"
            ]
        );
    }

    #[test]
    fn lists_public_items_with_their_signatures_and_skips_private_ones() {
        let source = r#"
            pub mod types {
                pub struct Account { pub id: String, secret: String }
                #[non_exhaustive]
                pub enum Status { Ready, Unknown(String) }
                struct Hidden;
            }
            pub struct Client { baseurl: String }
            impl Client {
                pub fn list(&self, limit: Option<&str>) -> Vec<types::Account> { todo!() }
                fn private(&self) {}
            }
            impl std::fmt::Debug for Client { fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result { todo!() } }
            #[cfg(feature = "mock")]
            pub mod mock { pub trait MockServerExt { fn list(&self); } }
        "#;
        let lines = public_api("demo", source).unwrap();
        assert_eq!(
            lines,
            [
                "[feature mock] pub fn demo::mock::MockServerExt::list(&self)",
                "[feature mock] pub mod demo::mock",
                "[feature mock] pub trait demo::mock::MockServerExt",
                "impl std::fmt::Debug for demo::Client",
                "pub demo::types::Account::id: String",
                "pub fn demo::Client::list(&self, limit: Option<&str>) -> Vec<types::Account>",
                "pub mod demo::types",
                "pub struct demo::Client",
                "pub struct demo::types::Account",
                "#[non_exhaustive] pub enum demo::types::Status",
                "demo::types::Status::Ready",
                "demo::types::Status::Unknown(String)",
            ]
            .into_iter()
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect::<Vec<_>>()
        );
    }

    #[test]
    fn reexports_are_listed_one_name_each_with_what_they_stand_for() {
        let source = r#"
            pub use runtime::{RetryPolicy, builder::{ClientBuilder as Builder}, errors::*};
            use runtime::Private;
        "#;
        assert_eq!(
            public_api("demo", source).unwrap(),
            [
                "pub use demo::* = runtime::errors::*",
                "pub use demo::Builder = runtime::builder::ClientBuilder",
                "pub use demo::RetryPolicy = runtime::RetryPolicy",
            ]
        );
    }
}
