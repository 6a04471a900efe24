//! Stage 4: token stream → formatted Rust source with a `@generated` header.

use std::collections::{BTreeMap, BTreeSet};

use proc_macro2::{Delimiter, TokenStream, TokenTree};
use quote::quote;

use crate::diagnostic::{Code, Diagnostic, Error};
use crate::emit::aliases;
use crate::emit::builders;
use crate::emit::docs;
use crate::emit::error_accessors;
use crate::emit::evolution;
use crate::emit::features::{self, TagFeatures};
use crate::emit::notice::generated_notice;
use crate::emit::paths;
use crate::emit::redact;
use crate::emit::setters;
use crate::emit::syntax::{item_attrs, segment_names};
use crate::emit::type_crates;
use crate::emit::variant_case;
use crate::emit::wire;
use crate::load::Spec;
use crate::model::Api;

/// Parses `tokens` as a Rust file and pretty-prints it under a `//` header.
pub fn rust_file(spec: &Spec, tokens: TokenStream) -> Result<String, Error> {
    let body = print(spec, parse(spec, tokens)?)?;
    Ok(format!("// {}\n\n{body}", generated_notice(spec)))
}

/// Called with the syntax of each part of a client's `lib.rs` (its code,
/// its `types` module, whole or without its builders, the builders, the
/// mocks) once it is final, before it is printed: the union of what the
/// parts declare is what the file declares. The parts are printed apart,
/// some on threads of their own.
pub type Observer<'a> = &'a (dyn Fn(&syn::File) + Sync);

/// Where the final syntax of each part of a client's `lib.rs` goes: to
/// the observer, and to the printer unless only the observer wants it
/// (the review lists a crate's public API and never reads its text, and
/// printing is a sixth of generating a large client).
#[derive(Clone, Copy)]
pub struct Sink<'a> {
    observe: Observer<'a>,
    prints: bool,
}

impl<'a> Sink<'a> {
    /// Parts printed, and shown to `observe` first.
    pub fn printing(observe: Observer<'a>) -> Self {
        Self {
            observe,
            prints: true,
        }
    }

    /// Parts shown to `observe` only: the text of every part is empty.
    pub fn observing(observe: Observer<'a>) -> Self {
        Self {
            observe,
            prints: false,
        }
    }

    /// Whether the parts are printed.
    pub fn prints(self) -> bool {
        self.prints
    }

    /// Shows `file`, a part's final syntax, to the observer.
    fn observe(self, file: &syn::File) {
        (self.observe)(file);
    }

    /// `file` printed (see [`print`]), or nothing.
    fn print(self, spec: &Spec, file: syn::File) -> Result<String, Error> {
        match self.prints {
            true => print(spec, file),
            false => Ok(String::new()),
        }
    }

    /// `file` laid out (see [`layout`]), or nothing.
    fn layout(self, file: syn::File) -> String {
        match self.prints {
            true => layout(file),
            false => String::new(),
        }
    }

    /// `text` spaced out (see [`space_out`]), or nothing.
    pub fn space_out(self, spec: &Spec, text: String) -> Result<String, Error> {
        match self.prints {
            true => space_out(spec, text),
            false => Ok(String::new()),
        }
    }
}

/// progenitor's client code in two parts that are rendered side by side:
/// its `types` module, and the rest with an empty `types` module in its place.
pub struct ClientParts {
    /// The `pub mod types { … }` item (empty when progenitor emits none).
    pub types: TokenStream,
    /// Everything else, with `pub mod types {}` where the module was.
    pub rest: TokenStream,
}

/// Splits progenitor's output at its top-level `types` module, without parsing it.
pub fn split_types(tokens: TokenStream) -> ClientParts {
    let trees: Vec<TokenTree> = tokens.into_iter().collect();
    match split_module(&trees, "types") {
        None => ClientParts {
            types: TokenStream::new(),
            rest: trees.into_iter().collect(),
        },
        Some((types, rest)) => ClientParts {
            types: types.into_iter().collect(),
            rest: rest.into_iter().collect(),
        },
    }
}

/// The item `mod <name> { … }` among `trees` (with its visibility and outer
/// attributes) and the trees around it with `pub mod <name> {}` in its place.
fn split_module(trees: &[TokenTree], name: &str) -> Option<(Vec<TokenTree>, Vec<TokenTree>)> {
    let is_ident = |tree: Option<&TokenTree>, word: &str| matches!(tree, Some(TokenTree::Ident(ident)) if ident == word);
    let index = (0..trees.len()).find(|&index| {
        is_ident(trees.get(index), "mod")
            && is_ident(trees.get(index + 1), name)
            && matches!(trees.get(index + 2), Some(TokenTree::Group(group)) if group.delimiter() == Delimiter::Brace)
    })?;
    // The item starts at its visibility and outer attributes (`#` `[…]` pairs).
    let mut start = index;
    if is_ident(trees.get(start.wrapping_sub(1)), "pub") {
        start -= 1;
    }
    while start >= 2
        && matches!(&trees[start - 1], TokenTree::Group(group) if group.delimiter() == Delimiter::Bracket)
        && matches!(&trees[start - 2], TokenTree::Punct(punct) if punct.as_char() == '#')
    {
        start -= 2;
    }
    let ident = proc_macro2::Ident::new(name, proc_macro2::Span::call_site());
    let mut rest: Vec<TokenTree> = trees[..start].to_vec();
    rest.extend(quote!(
        pub mod #ident {}
    ));
    rest.extend(trees[index + 3..].iter().cloned());
    Some((trees[start..index + 3].to_vec(), rest))
}

/// The `types` module of [`ClientParts::types`] in two parts, to be rendered
/// side by side: the module with `pub mod builder {}` in place of its
/// `builder` module, and that module (typify's builders, most of the code),
/// wrapped in a bare `pub mod types`; the module unchanged as the error when
/// it has no builders.
pub fn split_builders(types: TokenStream) -> Result<(TokenStream, TokenStream), TokenStream> {
    let mut trees: Vec<TokenTree> = types.clone().into_iter().collect();
    let Some(TokenTree::Group(body)) = trees.last() else {
        return Err(types);
    };
    let inner: Vec<TokenTree> = body.stream().into_iter().collect();
    let Some((builders, rest)) = split_module(&inner, "builder") else {
        return Err(types);
    };
    let mut body = proc_macro2::Group::new(Delimiter::Brace, rest.into_iter().collect());
    body.set_span(proc_macro2::Span::call_site());
    trees.pop();
    trees.push(TokenTree::Group(body));
    let builders: TokenStream = builders.into_iter().collect();
    Ok((
        trees.into_iter().collect(),
        quote!(pub mod types { #builders }),
    ))
}

/// What the builders of the `types` module need from the rest of it.
pub struct TypesFacts {
    /// The secret fields the builders must hide.
    pub secret_fields: redact::SecretFields,
    /// The types requests carry, whose builders are always compiled.
    pub request_types: BTreeSet<String>,
    /// The per-tag features that compile each type not always compiled.
    pub conditions: BTreeMap<String, features::Condition>,
    /// Which crate each type went to, when the types are spread.
    pub placement: Option<type_crates::Placement>,
}

/// The `types` module, laid out: in one piece, or spread over crates.
pub struct TypesText {
    /// The module for the client crate.
    pub module: String,
    /// The crates the types are spread over (none when they are not).
    pub crates: Vec<TypeCrateFile>,
}

/// What gating the `types` module by tag needs: the API's per-tag
/// features, and the `types` items each operation names (by client method).
pub struct TypeGating {
    /// The per-tag features.
    pub features: TagFeatures,
    /// Client method → the `types` items its builder and multipart parts name.
    pub roots: BTreeMap<String, BTreeSet<String>>,
}

/// The client's `types` module from [`ClientParts::types`], with the model's
/// response enums, redaction and evolution applied, and the builders of
/// the types no request carries (`request_roots`, see
/// [`builders::request_roots`]) behind their feature, formatted; spread
/// over crates of their own when `spread` allows it and it is large or
/// the spec asks (see [`type_crates`]).
pub fn types_module(
    spec: &Spec,
    api: &Api,
    tokens: TokenStream,
    request_roots: BTreeSet<String>,
    gating: Option<TypeGating>,
    spread: bool,
    sink: Sink<'_>,
) -> Result<TypesText, Error> {
    let mut file = parse(spec, tokens)?;
    let facts = mend_types(api, &mut file, request_roots, gating);
    builders::gate_response_builders(&mut file, &facts.request_types);
    let (file, crates, _) = spread_file(spec, api, file, &facts.conditions, spread);
    sink.observe(&file);
    let crates = crates
        .into_iter()
        .map(|type_crate| type_crate_file(spec, type_crate, |spec, file| sink.print(spec, file)))
        .collect::<Result<Vec<_>, Error>>()?;
    Ok(TypesText {
        module: sink.print(spec, file)?,
        crates,
    })
}

/// The `types` module but its builders (the first part of [`split_builders`]),
/// mended as [`types_module`] does and laid out, spread as it spreads
/// (each crate with `pub mod builder {}` for its builders); `found`
/// receives what the builders need as soon as it is known.
#[allow(clippy::too_many_arguments)]
pub fn types_without_builders(
    spec: &Spec,
    api: &Api,
    tokens: TokenStream,
    request_roots: BTreeSet<String>,
    gating: Option<TypeGating>,
    spread: bool,
    found: impl FnOnce(TypesFacts),
    sink: Sink<'_>,
) -> Result<TypesText, Error> {
    let mut file = parse(spec, tokens)?;
    let mut facts = mend_types(api, &mut file, request_roots, gating);
    builders::gate_response_builders(&mut file, &facts.request_types);
    let (file, crates, placement) = spread_file(spec, api, file, &facts.conditions, spread);
    facts.placement = placement;
    found(facts);
    sink.observe(&file);
    let crates = crates
        .into_iter()
        .map(|type_crate| type_crate_file(spec, type_crate, |_, file| Ok(sink.layout(file))))
        .collect::<Result<Vec<_>, Error>>()?;
    Ok(TypesText {
        module: sink.layout(file),
        crates,
    })
}

/// The builders (the second part of [`split_builders`]), mended and laid
/// out, as one module or, when the types are spread, one per crate;
/// `facts` waits for what [`types_without_builders`] found.
pub fn builders(
    spec: &Spec,
    api: &Api,
    tokens: TokenStream,
    facts: impl FnOnce() -> Option<TypesFacts>,
    sink: Sink<'_>,
) -> Result<BuildersText, Error> {
    let mut file = parse(spec, tokens)?;
    setters::accept_plain_values(&mut file);
    aliases::add(&mut file, &api.type_aliases);
    let facts = facts().ok_or_else(|| {
        Diagnostic::new(
            Code::Internal,
            &spec.path,
            "internal error: the types were not rendered, so their builders cannot be",
        )
    })?;
    let secrets = api.secrets();
    if !secrets.is_empty() {
        redact::redact_secrets(&mut file, &secrets, facts.secret_fields);
    }
    // In the order `types_module` gates them, for the same bytes.
    features::gate_types(&mut file, &facts.conditions);
    builders::gate_response_builders(&mut file, &facts.request_types);
    let Some(placement) = facts.placement else {
        sink.observe(&file);
        return Ok(BuildersText::Whole(sink.layout(file)));
    };
    // `pub mod types { pub mod builder { … } }`: the builder module.
    let module = file.items.into_iter().find_map(|item| match item {
        syn::Item::Mod(types) => types.content.and_then(|(_, items)| {
            items.into_iter().find_map(|item| match item {
                syn::Item::Mod(builder) if builder.ident == "builder" => Some(builder),
                _ => None,
            })
        }),
        _ => None,
    });
    let by_crate = module.and_then(|module| placement.builder_modules(module)).ok_or_else(|| {
        Diagnostic::new(Code::Internal,
            &spec.path,
            "internal error: the builders do not follow their types into the crates they are spread over",
        )
    })?;
    Ok(BuildersText::ByCrate(
        by_crate
            .into_iter()
            .map(|(suffix, module)| {
                let mut file: syn::File = syn::parse_quote!();
                file.items.push(syn::Item::Mod(module));
                (suffix, sink.layout(file))
            })
            .collect(),
    ))
}

/// The builders, laid out.
pub enum BuildersText {
    /// `pub mod types { pub mod builder { … } }`.
    Whole(String),
    /// Each crate's `pub mod builder { … }`, by suffix, when the types are spread.
    ByCrate(BTreeMap<String, String>),
}

/// The `types` module from its two laid-out parts, formatted as
/// [`types_module`] formats the whole.
pub fn join_builders(
    spec: &Spec,
    types: TypesText,
    builders: BuildersText,
    sink: Sink<'_>,
) -> Result<TypesText, Error> {
    if !sink.prints() {
        return Ok(types);
    }
    let misfit = || {
        Error::from(Diagnostic::new(
            Code::Internal,
            &spec.path,
            "internal error: the builders do not fit back into the types module",
        ))
    };
    match builders {
        BuildersText::Whole(builders) => {
            const PLACEHOLDER: &str = "\n    pub mod builder {}\n";
            let inner = builders
                .split_once("pub mod types {\n")
                .and_then(|(_, inner)| inner.rsplit_once("}\n"))
                .map(|(inner, _)| inner);
            let (Some(inner), Some((before, after))) =
                (inner, types.module.split_once(PLACEHOLDER))
            else {
                return Err(misfit());
            };
            Ok(TypesText {
                module: space_out(spec, format!("{before}\n{inner}{after}"))?,
                crates: types.crates,
            })
        }
        BuildersText::ByCrate(mut builders) => {
            // Each crate's placeholder, as `layout` prints it.
            const PLACEHOLDER: &str = "#[rustfmt::skip]\npub mod builder {}\n";
            let crates = types
                .crates
                .into_iter()
                .map(|type_crate| {
                    let module = builders.remove(&type_crate.suffix).ok_or_else(misfit)?;
                    let (before, after) = type_crate
                        .lib_rs
                        .split_once(PLACEHOLDER)
                        .ok_or_else(misfit)?;
                    Ok(TypeCrateFile {
                        lib_rs: space_out(spec, format!("{before}{module}{after}"))?,
                        ..type_crate
                    })
                })
                .collect::<Result<Vec<_>, Error>>()?;
            Ok(TypesText {
                module: space_out(spec, types.module)?,
                crates,
            })
        }
    }
}

/// The types module of `file` (the module alone) spread over crates when
/// `spread` allows it and the spec asks or the module is large: the
/// client's module in its place, the crates, and which crate each type
/// went to; `file` and no crates otherwise.
fn spread_file(
    spec: &Spec,
    api: &Api,
    mut file: syn::File,
    conditions: &BTreeMap<String, features::Condition>,
    spread: bool,
) -> (
    syn::File,
    Vec<type_crates::TypeCrate>,
    Option<type_crates::Placement>,
) {
    let tags = match TagFeatures::of(api) {
        Some(tags) if spread => tags,
        _ => return (file, Vec::new(), None),
    };
    let Some(index) = file
        .items
        .iter()
        .position(|item| matches!(item, syn::Item::Mod(module) if module.ident == "types"))
    else {
        return (file, Vec::new(), None);
    };
    let syn::Item::Mod(module) = file.items.remove(index) else {
        return (file, Vec::new(), None);
    };
    let groups = type_crates::group_count(api.info.type_crates, type_crates::type_count(&module));
    match type_crates::spread(module, &spec.name(), &tags, conditions, groups) {
        Ok(spread) => {
            file.items.insert(index, syn::Item::Mod(spread.module));
            (file, spread.crates, Some(spread.placement))
        }
        Err(module) => {
            file.items.insert(index, syn::Item::Mod(*module));
            (file, Vec::new(), None)
        }
    }
}

/// A type crate's `lib.rs`, with its inner attributes, printed by `print`
/// and under the `//` header.
fn type_crate_file(
    spec: &Spec,
    type_crate: type_crates::TypeCrate,
    print: impl Fn(&Spec, syn::File) -> Result<String, Error>,
) -> Result<TypeCrateFile, Error> {
    let name = spec.name();
    let summary = format!(
        "Types of the `{name}` client (crate `{}` of those they are spread over, \
         so that each compiles on its own): use them as `{}::types`.",
        type_crate.suffix,
        name.replace('-', "_"),
    );
    // The functions of `defaults` its items use may be left unused by the
    // features that are off; the docs link to the client crate's items,
    // which this crate cannot name (they resolve where the client
    // re-exports them).
    let mut file: syn::File = syn::parse_quote! {
        #![doc = #summary]
        #![forbid(unsafe_code)]
        #![allow(clippy::all, dead_code, unused_imports)]
        #![allow(rustdoc::broken_intra_doc_links)]
    };
    file.items = type_crate.file.items;
    Ok(TypeCrateFile {
        suffix: type_crate.suffix,
        depends_on: type_crate.depends_on,
        lib_rs: format!("// {}\n\n{}", generated_notice(spec), print(spec, file)?),
    })
}
/// What [`types_module`] does to the parsed module before formatting
/// (the error bodies' accessors added, the types gated by tag when
/// `gating` says how); returns the secret fields found in the types, the
/// types requests carry (`request_roots` and what they reach), and the
/// features of the gated types.
fn mend_types(
    api: &Api,
    file: &mut syn::File,
    request_roots: BTreeSet<String>,
    gating: Option<TypeGating>,
) -> TypesFacts {
    let request_types = builders::request_types(file, request_roots);
    crate::emit::patch::apply_to_types(file, api);
    variant_case::pascal_case_variants(file);
    aliases::add(file, &api.type_aliases);
    error_accessors::add_to_types(file, &api.error_body_types);

    setters::accept_plain_values(file);
    let found = redact::redact_secrets(file, &api.secrets(), redact::SecretFields::new());
    evolution::open_enums(file, &api.response_only_enums());
    evolution::mark_type_enums_non_exhaustive(file);
    evolution::pin_enum_discriminants(file);
    evolution::mark_type_structs_non_exhaustive(file);
    evolution::drop_ordering_derives(file);
    // Last, so that every item added above is gated with its type.
    let conditions = match gating {
        Some(gating) => {
            let graph = crate::emit::reach::TypeGraph::of(file);
            let conditions = gating.features.type_conditions(&graph, &gating.roots);
            features::gate_types(file, &conditions);
            conditions
        }
        None => BTreeMap::new(),
    };
    TypesFacts {
        secret_fields: found,
        request_types,
        conditions,
        placement: None,
    }
}

/// The client's `lib.rs` without its `types` module, which is rendered
/// apart and put in its place by [`ClientFile::with_types`].
pub struct ClientFile {
    before_types: String,
    after_types: String,
}

impl ClientFile {
    /// The whole file, with the formatted `types` module in its place.
    pub fn with_types(self, types: &str) -> String {
        format!("{}{types}{}", self.before_types, self.after_types)
    }
}

/// The client's `lib.rs` under its `//` header: `tokens` (holding
/// [`ClientParts::rest`]) with the model's wire carried out (and the builder as the
/// one constructor), formatted around the place of the
/// `types` module.
pub fn client_file(
    spec: &Spec,
    api: &Api,
    tokens: TokenStream,
    sink: Sink<'_>,
) -> Result<ClientFile, Error> {
    let mut file = parse(spec, tokens)?;
    crate::emit::patch::apply(&mut file, api);
    file.items.extend(crate::emit::multipart::module(api));
    if let Some(tags) = TagFeatures::of(api) {
        features::gate_operations(&mut file, &tags, api);
    }
    crate::emit::client::remove_unchecked_constructors(&mut file);
    wire::remove_undocumented_headers(&mut file);
    paths::guard_path_segments(&mut file);
    crate::emit::status_arms::merge_identical_arms(&mut file);
    sink.observe(&file);
    let placeholder = file.items.iter().position(|item| {
        matches!(item, syn::Item::Mod(module) if module.ident == "types"
            && module.content.as_ref().is_some_and(|(_, items)| items.is_empty()))
    });
    let header = format!("// {}\n\n", generated_notice(spec));
    Ok(match placeholder {
        Some(index) => {
            let after = file.items.split_off(index + 1);
            file.items.pop();
            let mut rest: syn::File = syn::parse_quote!();
            rest.items = after;
            ClientFile {
                before_types: header + &sink.print(spec, file)?,
                after_types: format!("\n{}", sink.print(spec, rest)?),
            }
        }
        None => ClientFile {
            before_types: header + &sink.print(spec, file)?,
            after_types: String::new(),
        },
    })
}

/// Tokens printed by [`TokenStream`]'s `Display` (to cross a thread), read back.
pub fn reparse(spec: &Spec, text: &str) -> Result<TokenStream, Error> {
    text.parse().map_err(|error| {
        Diagnostic::new(
            Code::Internal,
            &spec.path,
            format!("internal error: generated tokens do not read back: {error}"),
        )
        .into()
    })
}

fn parse(spec: &Spec, tokens: TokenStream) -> Result<syn::File, Error> {
    syn::parse2(tokens).map_err(|error| {
        Diagnostic::new(
            Code::Internal,
            &spec.path,
            format!("internal error: the generated code does not parse as Rust: {error}"),
        )
        .hint("this is a bug in codegen; please report it with the spec")
        .into()
    })
}

/// The `mock` module ([`crate::emit::mocks`]), formatted to follow
/// [`client_file`]'s code.
pub fn mock_module(spec: &Spec, tokens: TokenStream, sink: Sink<'_>) -> Result<String, Error> {
    let file: syn::File = syn::parse2(tokens).map_err(|error| {
        Diagnostic::new(
            Code::Internal,
            &spec.path,
            format!("internal error: the generated mocks do not parse as Rust: {error}"),
        )
        .hint("this is a bug in codegen; please report it with the spec")
    })?;
    sink.observe(&file);
    sink.print(spec, file)
}

/// A crate of a spread `types` module, rendered.
pub struct TypeCrateFile {
    /// What tells it apart (see [`type_crates::TypeCrate::suffix`]).
    pub suffix: String,
    /// The suffixes of the type crates it uses.
    pub depends_on: Vec<String>,
    /// Its `lib.rs`.
    pub lib_rs: String,
}

/// Documents, marks and prints a generated file's items.
fn print(spec: &Spec, file: syn::File) -> Result<String, Error> {
    space_out(spec, layout(file))
}

/// Documents and marks a generated file's items and prints them, without
/// the blank lines [`space_out`] adds.
fn layout(mut file: syn::File) -> String {
    docs::tidy(&mut file);
    // The layout is prettyplease's, not rustfmt's: keep `cargo fmt` from
    // rewriting generated files (which would then fail the drift check).
    // Outer `#[rustfmt::skip]` per item is the stable way to say so.
    let is_skip = |attr: &syn::Attribute| segment_names(attr.path()) == ["rustfmt", "skip"];
    for item in &mut file.items {
        if let Some(attrs) = item_attrs(item) {
            // A module laid out before, read back, is marked already.
            if !attrs.iter().any(is_skip) {
                attrs.push(syn::parse_quote!(#[rustfmt::skip]));
            }
        }
    }
    prettyplease::unparse(&file)
}

/// A blank line after each closing brace of an item, for readability.
pub fn space_out(spec: &Spec, text: String) -> Result<String, Error> {
    progenitor_impl::space_out_items(text).map_err(|error| {
        Diagnostic::new(
            Code::Internal,
            &spec.path,
            format!("internal error while laying out the code: {error}"),
        )
        .into()
    })
}
