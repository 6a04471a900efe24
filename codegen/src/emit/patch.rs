//! Carries out each operation's [`Wire`] on progenitor's output: the
//! response enums and their decoding by status, the request `Content-Type`
//! really sent, and the documentation of the chosen request media type.

use std::collections::BTreeMap;

use proc_macro2::{Ident, Span, TokenStream};
use quote::{ToTokens, quote};
use syn::visit_mut::{self, VisitMut};
use syn::{Expr, ImplItem, Item, Pat, parse_quote};

use crate::model::{Api, Body, Status, Union, Wire};
use crate::normalize::names;

/// The response enums of the operations, for progenitor's `types` module (`file`).
pub fn apply_to_types(file: &mut syn::File, api: &Api) {
    let unions = unions(api);
    for item in &mut file.items {
        if let Item::Mod(module) = item
            && module.ident == "types"
            && let Some((_, items)) = &mut module.content
        {
            items.extend(unions.iter().map(|union| union_item(union)));
        }
    }
}

fn unions(api: &Api) -> Vec<&Union> {
    api.operations
        .iter()
        .flat_map(|operation| operation.wire.success.iter().chain(&operation.wire.failure))
        .collect()
}

/// The operations whose wire is not progenitor's default, by method name.
fn rewired(api: &Api) -> impl Iterator<Item = (&str, &Wire)> {
    api.operations
        .iter()
        .filter(|operation| operation.wire != Wire::default())
        .map(|operation| (operation.name.as_str(), &operation.wire))
}

/// Applies the operations' wire to the generated client `file` but its
/// `types` module (see [`apply_to_types`]).
pub fn apply(file: &mut syn::File, api: &Api) {
    SpecificStatusesFirst.visit_file_mut(file);
    MethodsByName.visit_file_mut(file);
    allow_unused_type_imports(file);
    if rewired(api).next().is_none() {
        return;
    }
    for item in &mut file.items {
        let Item::Mod(module) = item else { continue };
        let Some((_, items)) = &mut module.content else {
            continue;
        };
        if module.ident == "builder" {
            let builders: BTreeMap<String, &Wire> = rewired(api)
                .map(|(method, wire)| (names::pascal(method), wire))
                .collect();
            for item in items.iter_mut() {
                patch_builder(item, &builders);
            }
        }
    }
    for item in &mut file.items {
        if let Item::Impl(block) = item
            && block.trait_.is_none()
            && block.self_ty.to_token_stream().to_string() == "Client"
        {
            document_methods(block, api);
        }
    }
}

/// The enum of a union, for `types`.
fn union_item(union: &Union) -> Item {
    let name = Ident::new(&union.type_name, Span::call_site());
    let doc = &union.doc;
    let variants = union.variants.iter().map(|variant| {
        let ident = Ident::new(&variant.name, Span::call_site());
        let statuses: Vec<String> = variant
            .statuses
            .iter()
            .map(|status| match status {
                Status::Code(code) => code.to_string(),
                Status::Range(range) => format!("{range}XX"),
            })
            .collect();
        let mut doc = if variant.name == "Default" {
            "Any other status (the spec's `default` response)".to_owned()
        } else {
            format!("Status {}", statuses.join(", "))
        };
        if !variant.description.is_empty() {
            doc.push_str(": ");
            doc.push_str(&variant.description);
        }
        let doc = format!(" {}", doc.trim_end_matches('.'));
        let payload = match &variant.body {
            Body::Json(type_name) => {
                let ty: syn::Type =
                    syn::parse_str(type_name).unwrap_or_else(|_| parse_quote!(::serde_json::Value));
                quote!((#ty))
            }
            Body::Empty => TokenStream::new(),
            Body::Bytes => quote!((::std::vec::Vec<u8>)),
        };
        quote! {
            #[doc = #doc]
            #ident #payload
        }
    });
    let doc = format!(" {doc}");
    // A status the API documents later is a new variant: users' matches
    // have a wildcard arm already, so it is not a breaking change.
    parse_quote! {
        #[doc = #doc]
        #[derive(Clone, Debug, PartialEq)]
        #[non_exhaustive]
        pub enum #name {
            #(#variants,)*
        }
    }
}

/// Rewrites `send` of the builder of each planned operation, and the body
/// of the builders whose operation sends multipart.
fn patch_builder(item: &mut Item, builders: &BTreeMap<String, &Wire>) {
    if let Item::Struct(builder) = item {
        if builders
            .get(&builder.ident.to_string())
            .is_some_and(|operation| operation.multipart.is_some())
        {
            MultipartPatcher.visit_item_struct_mut(builder);
        }
        return;
    }
    let Item::Impl(block) = item else { return };
    let self_name = match &*block.self_ty {
        syn::Type::Path(path) => path.path.segments.last().map(|s| s.ident.to_string()),
        _ => None,
    };
    let Some(operation) = self_name.and_then(|name| builders.get(&name).copied()) else {
        return;
    };
    if operation.multipart.is_some() {
        MultipartPatcher.visit_item_impl_mut(block);
    }
    let mut added = Vec::new();
    for impl_item in &mut block.items {
        if let ImplItem::Fn(function) = impl_item
            && function.sig.ident == "send"
        {
            SendPatcher { operation }.visit_impl_item_fn_mut(function);
            // After `SendPatcher`, which gives `send` its error enum.
            if let Some(event_type) = &operation.events {
                added.extend(send_events(function, event_type));
            }
            if operation.text {
                added.extend(send_text(function));
            }
            if let Some(encoding) = &operation.form {
                FormPatcher { encoding }.visit_impl_item_fn_mut(function);
            }
            if !operation.cookies.is_empty() {
                send_cookies(function, &operation.cookies);
            }
        }
    }
    block.items.extend(added);
}

/// `send_text`, beside the `send` of an operation whose success response
/// is text: the body read whole as a `String`.
fn send_text(send: &syn::ImplItemFn) -> Option<ImplItem> {
    let error = send_error_type(send)?;
    let runtime = crate::emit::runtime::crate_ident();
    Some(parse_quote! {
        /// Sends the request and reads the text answer whole, as a `String`
        /// (bytes that are not UTF-8 become U+FFFD); `send` gives it as
        /// bytes as they arrive.
        pub async fn send_text(self) -> Result<ResponseValue<String>, #error> {
            #runtime::internal::text_body(self.send().await?).await
        }
    })
}

/// The error type of `send`'s `Result`.
fn send_error_type(send: &syn::ImplItemFn) -> Option<&syn::GenericArgument> {
    let syn::ReturnType::Type(_, output) = &send.sig.output else {
        return None;
    };
    let syn::Type::Path(result) = &**output else {
        return None;
    };
    let syn::PathArguments::AngleBracketed(arguments) = &result.path.segments.last()?.arguments
    else {
        return None;
    };
    arguments.args.iter().nth(1)
}

/// `send_events`, beside the `send` of an operation whose success response
/// is `text/event-stream`: the body as a stream of events whose data decode
/// into `event_type`. `None` when `send` does not have the shape it expects.
fn send_events(send: &syn::ImplItemFn, event_type: &str) -> Option<ImplItem> {
    let error = send_error_type(send)?;
    let event_type: syn::Type = syn::parse_str(event_type).ok()?;
    let runtime = crate::emit::runtime::crate_ident();
    let doc = format!(
        " Sends the request and reads the `text/event-stream` answer as it arrives: a stream of events whose `data` decode into [`{}`], ending with the body or at a `data: {}` event. An event whose data does not decode is an `Err(EventError::Decode)` item, and the stream goes on.",
        event_type.to_token_stream().to_string().replace(' ', ""),
        "[DONE]"
    );
    Some(parse_quote! {
        #[doc = #doc]
        pub async fn send_events(self) -> Result<#runtime::EventStream<#event_type>, #error> {
            let response = self.send().await?;
            Ok(#runtime::internal::events(response.into_inner().into_inner()))
        }
    })
}

/// progenitor's `builder` module imports `types`, which goes unused when no
/// builder takes or returns a type (a spec without schemas, or whose only
/// typed parameter was left out); the warning would reach users.
fn allow_unused_type_imports(file: &mut syn::File) {
    for item in &mut file.items {
        if let Item::Mod(module) = item
            && module.ident == "builder"
            && !uses_types(module)
        {
            module.attrs.push(parse_quote!(#[allow(unused_imports)]));
        }
    }
}

/// Whether anything in `module` but its `use` items names `types`.
fn uses_types(module: &syn::ItemMod) -> bool {
    module.content.as_ref().is_some_and(|(_, items)| {
        items
            .iter()
            .filter(|item| !matches!(item, Item::Use(_)))
            .any(|item| {
                item.to_token_stream()
                    .into_iter()
                    .any(|token| mentions_types(&token))
            })
    })
}

fn mentions_types(token: &proc_macro2::TokenTree) -> bool {
    match token {
        proc_macro2::TokenTree::Ident(ident) => ident == "types",
        proc_macro2::TokenTree::Group(group) => group
            .stream()
            .into_iter()
            .any(|token| mentions_types(&token)),
        _ => false,
    }
}

/// Sends the cookie parameters, which progenitor was given as headers of
/// the same name, as one `Cookie: a=1; b=2` header.
fn send_cookies(function: &mut syn::ImplItemFn, cookies: &[String]) {
    let binds = |stmt: &syn::Stmt, name: &str| {
        matches!(stmt, syn::Stmt::Local(syn::Local { pat, .. })
            if pat.to_token_stream().to_string().ends_with(name))
    };
    let stmts = &mut function.block.stmts;
    let (Some(map), Some(request)) = (
        stmts.iter().position(|stmt| binds(stmt, "header_map")),
        stmts.iter().position(|stmt| binds(stmt, "request")),
    ) else {
        return;
    };
    if request < map {
        return;
    }
    stmts.insert(
        request,
        parse_quote! {
            if !cookie_jar.is_empty() {
                header_map.append(::reqwest::header::COOKIE, cookie_jar.join("; ").try_into()?);
            }
        },
    );
    stmts.insert(
        map + 1,
        parse_quote!(let mut cookie_jar: ::std::vec::Vec<::std::string::String> = ::std::vec::Vec::new();),
    );
    CookieAppends { cookies }.visit_block_mut(&mut function.block);
}

/// Turns `header_map.append("<cookie>", value.to_string().try_into()?)` into
/// `cookie_jar.push(format!("<cookie>={}", value))`.
struct CookieAppends<'a> {
    cookies: &'a [String],
}

impl VisitMut for CookieAppends<'_> {
    fn visit_expr_mut(&mut self, expr: &mut Expr) {
        if let Expr::MethodCall(call) = expr
            && call.method == "append"
            && call.receiver.to_token_stream().to_string() == "header_map"
            && let (Some(Expr::Lit(name)), Some(Expr::Try(value))) =
                (call.args.first(), call.args.get(1))
            && let syn::Lit::Str(name) = &name.lit
            && self.cookies.contains(&name.value())
            && let Expr::MethodCall(try_into) = &*value.expr
            && let Expr::MethodCall(to_string) = &*try_into.receiver
        {
            let value = &to_string.receiver;
            let pattern = format!("{}={{}}", name.value());
            *expr = parse_quote!(cookie_jar.push(::std::format!(#pattern, #value)));
            return;
        }
        visit_mut::visit_expr_mut(self, expr);
    }
}

/// Puts the arms for single statuses before those for ranges in every
/// match on a response status: progenitor may emit `200..=299` before
/// `206`, which would make the `206` response unreachable.
/// progenitor builds each request with the `reqwest::Client` method named
/// after the HTTP method, and reqwest has none for `OPTIONS` and `TRACE`:
/// those are built with `request(Method::…, url)`.
struct MethodsByName;

impl VisitMut for MethodsByName {
    fn visit_expr_method_call_mut(&mut self, call: &mut syn::ExprMethodCall) {
        visit_mut::visit_expr_method_call_mut(self, call);
        let method = match call.method.to_string().as_str() {
            "options" => quote!(OPTIONS),
            "trace" => quote!(TRACE),
            _ => return,
        };
        let on_http_client = matches!(&*call.receiver, Expr::Field(field)
            if matches!(&field.member, syn::Member::Named(name) if name == "client"));
        if !on_http_client || call.args.len() != 1 {
            return;
        }
        let url = &call.args[0];
        call.method = Ident::new("request", call.method.span());
        call.args = parse_quote!(::reqwest::Method::#method, #url);
    }
}

struct SpecificStatusesFirst;

impl VisitMut for SpecificStatusesFirst {
    fn visit_expr_match_mut(&mut self, matched: &mut syn::ExprMatch) {
        let shadowed = matched.arms.iter().enumerate().any(|(index, arm)| {
            let Some(Status::Code(code)) = arm_status(&arm.pat) else {
                return false;
            };
            matched.arms[..index]
                .iter()
                .any(|earlier| arm_status(&earlier.pat) == Some(Status::Range(code / 100)))
        });
        if shadowed
            && matched
                .expr
                .to_token_stream()
                .to_string()
                .contains("as_u16")
        {
            // A stable sort: codes, then ranges, then the catch-all, each in
            // the order progenitor wrote them.
            matched.arms.sort_by_key(|arm| match &arm.pat {
                Pat::Lit(_) => 0,
                Pat::Range(_) => 1,
                _ => 2,
            });
        }
        visit_mut::visit_expr_match_mut(self, matched);
    }
}

/// Turns a builder's raw body (`reqwest::Body`, sent with a fixed
/// `multipart/form-data` type, which lacks the boundary) into a
/// `reqwest::multipart::Form`, which reqwest sends with its boundary.
struct MultipartPatcher;

impl VisitMut for MultipartPatcher {
    fn visit_impl_item_fn_mut(&mut self, function: &mut syn::ImplItemFn) {
        if function.sig.ident == "body" {
            // Keeps why a typed body could not become a form (a file's
            // content type that is not a media type), which progenitor's
            // setter drops.
            let attrs = &function.attrs;
            *function = parse_quote! {
                #(#attrs)*
                pub fn body<B>(mut self, value: B) -> Self
                where
                    B: ::std::convert::TryInto<::reqwest::multipart::Form>,
                    B::Error: ::std::fmt::Display,
                {
                    self.body = value
                        .try_into()
                        .map_err(|error| format!("the multipart body could not be built: {error}"));
                    self
                }
            };
            return;
        }
        visit_mut::visit_impl_item_fn_mut(self, function);
    }

    fn visit_type_path_mut(&mut self, path: &mut syn::TypePath) {
        let segments = super::syntax::segment_names(&path.path);
        if segments == ["reqwest", "Body"] {
            *path = parse_quote!(::reqwest::multipart::Form);
            return;
        }
        visit_mut::visit_type_path_mut(self, path);
    }

    fn visit_expr_mut(&mut self, expr: &mut Expr) {
        if let Expr::MethodCall(call) = expr {
            // reqwest sets the multipart type with its boundary; any other
            // `Content-Type` would be sent beside it.
            if call.method == "header"
                && call
                    .args
                    .first()
                    .is_some_and(|name| name.to_token_stream().to_string().contains("CONTENT_TYPE"))
            {
                let receiver = (*call.receiver).clone();
                *expr = receiver;
                self.visit_expr_mut(expr);
                return;
            }
            if call.method == "body" && call.args.to_token_stream().to_string() == "body" {
                call.method = Ident::new("multipart", call.method.span());
            }
        }
        if let Expr::Lit(literal) = expr
            && let syn::Lit::Str(text) = &literal.lit
            && text.value().contains("`reqwest::Body`")
        {
            let value = text
                .value()
                .replace("`reqwest::Body`", "`reqwest::multipart::Form`");
            literal.lit = parse_quote!(#value);
        }
        visit_mut::visit_expr_mut(self, expr);
    }
}

/// Sends a form body through the runtime's encoder, which follows the
/// media type's `encoding` (deep objects, arrays, delimiters), instead of
/// progenitor's `form_urlencoded`, which fails on anything nested.
struct FormPatcher<'a> {
    encoding: &'a [(String, crate::normalize::FormStyle)],
}

impl VisitMut for FormPatcher<'_> {
    fn visit_expr_mut(&mut self, expr: &mut Expr) {
        visit_mut::visit_expr_mut(self, expr);
        let Expr::Try(tried) = expr else { return };
        let Expr::MethodCall(call) = &*tried.expr else {
            return;
        };
        if call.method != "form_urlencoded" || call.args.len() != 1 {
            return;
        }
        let runtime = crate::emit::runtime::crate_ident();
        let styles = crate::emit::runtime::form_styles(self.encoding);
        let (receiver, body) = (&call.receiver, &call.args[0]);
        *expr = parse_quote! {
            #receiver
                .header(
                    ::reqwest::header::CONTENT_TYPE,
                    ::reqwest::header::HeaderValue::from_static("application/x-www-form-urlencoded"),
                )
                .body(#runtime::internal::form_body(#body, #styles).map_err(Error::InvalidRequest)?)
        };
    }
}

struct SendPatcher<'a> {
    operation: &'a Wire,
}

impl VisitMut for SendPatcher<'_> {
    fn visit_type_mut(&mut self, ty: &mut syn::Type) {
        if let syn::Type::Path(path) = ty
            && let Some(last) = path.path.segments.last_mut()
            && let syn::PathArguments::AngleBracketed(arguments) = &mut last.arguments
            && let Some(syn::GenericArgument::Type(inner)) = arguments.args.first_mut()
            && matches!(inner, syn::Type::Tuple(tuple) if tuple.elems.is_empty())
        {
            let union = match last.ident.to_string().as_str() {
                "ResponseValue" => self.operation.success.as_ref(),
                "Error" => self.operation.failure.as_ref(),
                _ => None,
            };
            if let Some(union) = union {
                let name = Ident::new(&union.type_name, Span::call_site());
                *inner = parse_quote!(types::#name);
                return;
            }
        }
        visit_mut::visit_type_mut(self, ty);
    }

    fn visit_expr_mut(&mut self, expr: &mut Expr) {
        match expr {
            Expr::Match(matched)
                if matched
                    .expr
                    .to_token_stream()
                    .to_string()
                    .contains("as_u16") =>
            {
                // progenitor names the response `_response` when a
                // parameter takes `response`: the arms use its name.
                let response = innermost_receiver(&matched.expr)
                    .unwrap_or_else(|| Ident::new("response", Span::call_site()));
                for arm in &mut matched.arms {
                    let Some(status) = arm_status(&arm.pat) else {
                        continue;
                    };
                    if let Some(body) = self.decode(status, &response) {
                        *arm.body = body;
                    }
                }
            }
            Expr::MethodCall(call) if call.method == "json" => {
                if let Some(content_type) = &self.operation.content_type {
                    let receiver = &call.receiver;
                    *call.receiver = parse_quote! {
                        #receiver.header(
                            ::reqwest::header::CONTENT_TYPE,
                            ::reqwest::header::HeaderValue::from_static(#content_type),
                        )
                    };
                }
            }
            Expr::Lit(literal) => {
                if let (Some(content_type), syn::Lit::Str(text)) =
                    (&self.operation.content_type, &literal.lit)
                    && matches!(
                        text.value().as_str(),
                        "application/octet-stream" | "text/plain"
                    )
                {
                    literal.lit = parse_quote!(#content_type);
                }
            }
            _ => {}
        }
        visit_mut::visit_expr_mut(self, expr);
    }
}

impl SendPatcher<'_> {
    /// The arm body decoding `status` (of the `reqwest::Response` named
    /// `response`) into its union variant, if it has one.
    fn decode(&self, status: Status, response: &Ident) -> Option<Expr> {
        for (union, failure) in [
            (self.operation.success.as_ref(), false),
            (self.operation.failure.as_ref(), true),
        ] {
            let Some(union) = union else { continue };
            let Some(variant) = union
                .variants
                .iter()
                .find(|variant| variant.statuses.contains(&status))
            else {
                continue;
            };
            let name = Ident::new(&union.type_name, Span::call_site());
            let ident = Ident::new(&variant.name, Span::call_site());
            let constructor = quote!(types::#name::#ident);
            let value: Expr = match (&variant.body, failure) {
                (Body::Json(type_name), false) => {
                    let ty: syn::Type = syn::parse_str(&format!("types::{type_name}")).ok()?;
                    return Some(parse_quote! {
                        ResponseValue::<#ty>::from_response(#response)
                            .await
                            .map(|value| ::client_runtime::internal::response_variant(value, #constructor))
                    });
                }
                (Body::Json(type_name), true) => {
                    let ty: syn::Type = syn::parse_str(&format!("types::{type_name}")).ok()?;
                    parse_quote! {
                        ::client_runtime::internal::response_variant(
                            ResponseValue::<#ty>::from_response(#response).await?,
                            #constructor,
                        )
                    }
                }
                (Body::Empty, _) => parse_quote! {
                    ::client_runtime::internal::response_variant(ResponseValue::empty(#response), |()| #constructor)
                },
                (Body::Bytes, _) => parse_quote! {
                    ::client_runtime::internal::bytes_variant(#response, #constructor).await?
                },
            };
            return Some(if failure {
                parse_quote!(Err(Error::ErrorResponse(#value)))
            } else {
                parse_quote!(Ok(#value))
            });
        }
        None
    }
}

/// The variable a chain of method calls starts from (`_response` in
/// `_response.status().as_u16()`).
fn innermost_receiver(expr: &Expr) -> Option<Ident> {
    match expr {
        Expr::MethodCall(call) => innermost_receiver(&call.receiver),
        Expr::Path(path) => path.path.get_ident().cloned(),
        _ => None,
    }
}

/// The status an arm of progenitor's `match` on the status code stands for:
/// `200u16` or a whole range `200..=299`.
fn arm_status(pattern: &Pat) -> Option<Status> {
    let number = |expr: &Expr| match expr {
        Expr::Lit(syn::ExprLit {
            lit: syn::Lit::Int(int),
            ..
        }) => int.base10_parse::<u16>().ok(),
        _ => None,
    };
    match pattern {
        Pat::Lit(literal) => {
            let syn::Lit::Int(int) = &literal.lit else {
                return None;
            };
            int.base10_parse::<u16>().ok().map(Status::Code)
        }
        Pat::Range(range) => {
            let start = range.start.as_deref().and_then(number)?;
            Some(Status::Range(start / 100))
        }
        _ => None,
    }
}

/// Adds the wire's notes to the documentation of the client's methods.
fn document_methods(block: &mut syn::ItemImpl, api: &Api) {
    let wires: BTreeMap<&str, &Wire> = rewired(api).collect();
    for impl_item in &mut block.items {
        let ImplItem::Fn(function) = impl_item else {
            continue;
        };
        let Some(operation) = wires.get(function.sig.ident.to_string().as_str()) else {
            continue;
        };
        let mut notes = Vec::new();
        if let Some(note) = &operation.body_note {
            notes.push(note.clone());
        }
        for (union, what) in [
            (&operation.success, "success"),
            (&operation.failure, "error"),
        ] {
            if let Some(union) = union {
                notes.push(format!(
                    "Each documented {what} status decodes into its own variant of [`types::{}`].",
                    union.type_name
                ));
            }
        }
        for note in notes {
            let line = format!(" {note}");
            function.attrs.push(parse_quote!(#[doc = ""]));
            function.attrs.push(parse_quote!(#[doc = #line]));
        }
    }
}
