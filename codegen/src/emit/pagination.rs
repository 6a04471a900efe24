//! Streams over offset-paginated list operations, declared in the spec with
//! an `x-pagination` extension on the operation:
//!
//! ```yaml
//! x-pagination:
//!   limit: limit        # query parameter carrying the page size
//!   offset: offset      # query parameter carrying the position
//!   offsetUnit: items   # `items` (offset counts items) or `pages` (offset numbers pages)
//!   firstOffset: 0      # the offset of the first page
//!   items: data         # optional: the response property holding the page's items
//! ```
//!
//! Each such operation gets a `<operation_id>_stream(Paging)` method that
//! yields every item across pages and stops at the first short page.

use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;
use serde_json::Value;

use crate::diagnostic::{Diagnostic, Error, escape_pointer_token};
use crate::emit::redact::type_name;
use crate::load::Spec;

/// The extension key on an operation.
const EXTENSION: &str = "x-pagination";

/// One operation declared paginated, with its settings checked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Paginated {
    operation_id: String,
    limit: String,
    offset: String,
    counts_pages: bool,
    first_offset: u64,
    items: Option<String>,
    error_type: Option<String>,
}

impl Paginated {
    /// The operation's `operationId`.
    pub fn operation_id(&self) -> String {
        self.operation_id.clone()
    }
}

/// Every operation with `x-pagination`, or a diagnostic for each misuse.
pub fn paginated_operations(spec: &Spec) -> Result<Vec<Paginated>, Error> {
    let mut found = Vec::new();
    let mut diagnostics = Vec::new();
    let Some(paths) = spec.json.get("paths").and_then(Value::as_object) else {
        return Ok(found);
    };
    for (path, item) in paths {
        for (method, operation) in item.as_object().into_iter().flatten() {
            let Some(extension) = operation.get(EXTENSION) else {
                continue;
            };
            let pointer = format!(
                "#/paths/{}/{method}/{EXTENSION}",
                escape_pointer_token(path)
            );
            match parse(spec, &pointer, method, item, operation, extension) {
                Ok(paginated) => found.push(paginated),
                Err(diagnostic) => diagnostics.push(*diagnostic),
            }
        }
    }
    if diagnostics.is_empty() {
        Ok(found)
    } else {
        Err(Error::Spec(diagnostics))
    }
}

fn parse(
    spec: &Spec,
    pointer: &str,
    method: &str,
    item: &Value,
    operation: &Value,
    extension: &Value,
) -> Result<Paginated, Box<Diagnostic>> {
    let fail = |at: &str, message: String, hint: &str| {
        Box::new(
            spec.diagnostic(&format!("{pointer}{at}"), message)
                .hint(hint),
        )
    };
    if method != "get" {
        return Err(fail(
            "",
            format!("`{EXTENSION}` on a {} operation", method.to_uppercase()),
            "only GET operations can be paginated: walking pages must be safe to repeat",
        ));
    }
    let Some(settings) = extension.as_object() else {
        return Err(fail(
            "",
            format!("`{EXTENSION}` must be a mapping"),
            "give `limit`, `offset`, `offsetUnit` and `firstOffset`",
        ));
    };
    let known = ["limit", "offset", "offsetUnit", "firstOffset", "items"];
    if let Some(unknown) = settings.keys().find(|key| !known.contains(&key.as_str())) {
        return Err(fail(
            &format!("/{}", escape_pointer_token(unknown)),
            format!("unknown `{EXTENSION}` setting `{unknown}`"),
            "the settings are limit, offset, offsetUnit, firstOffset and items",
        ));
    }
    let text = |key: &str| -> Result<String, Box<Diagnostic>> {
        match settings.get(key) {
            Some(Value::String(value)) if !value.is_empty() => Ok(value.clone()),
            _ => Err(fail(
                &format!("/{key}"),
                format!("`{EXTENSION}.{key}` must be a non-empty string"),
                "name the query parameter (or, for `items`, the response property)",
            )),
        }
    };
    let limit = text("limit")?;
    let offset = text("offset")?;
    for (key, name) in [("limit", &limit), ("offset", &offset)] {
        if !has_integer_query_parameter(spec, item, operation, name)
            || !crate::normalize::names::is_plain_method_name(name)
        {
            return Err(fail(
                &format!("/{key}"),
                format!(
                    "`{name}` is not an integer query parameter of this operation with a plain name"
                ),
                "declare it under `parameters` with `in: query` and `type: integer`; name it with ASCII letters, digits and underscores",
            ));
        }
    }
    let counts_pages = match settings.get("offsetUnit").and_then(Value::as_str) {
        Some("items") => false,
        Some("pages") => true,
        _ => {
            return Err(fail(
                "/offsetUnit",
                format!("`{EXTENSION}.offsetUnit` must be `items` or `pages`"),
                "`items`: the offset counts items; `pages`: it numbers pages",
            ));
        }
    };
    let Some(first_offset) = settings.get("firstOffset").and_then(Value::as_u64) else {
        return Err(fail(
            "/firstOffset",
            format!("`{EXTENSION}.firstOffset` must be a non-negative integer"),
            "the offset of the first page, usually 0 or 1",
        ));
    };
    let items = match settings.get("items") {
        None => None,
        Some(_) => Some(text("items")?),
    };
    Ok(Paginated {
        operation_id: operation
            .get("operationId")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned(),
        limit,
        offset,
        counts_pages,
        first_offset,
        items,
        error_type: error_type(&spec.json, operation),
    })
}

fn has_integer_query_parameter(spec: &Spec, item: &Value, operation: &Value, name: &str) -> bool {
    [item, operation]
        .into_iter()
        .filter_map(|owner| owner.get("parameters").and_then(Value::as_array))
        .flatten()
        .filter_map(|parameter| crate::load::refs::follow(&spec.json, parameter))
        .any(|parameter| {
            parameter.get("in").and_then(Value::as_str) == Some("query")
                && parameter.get("name").and_then(Value::as_str) == Some(name)
                && parameter
                    .get("schema")
                    .and_then(|schema| crate::load::refs::follow(&spec.json, schema))
                    .and_then(|schema| schema.get("type"))
                    .and_then(Value::as_str)
                    == Some("integer")
        })
}

/// The Rust type of the operation's error bodies (validation guarantees one).
fn error_type(document: &Value, operation: &Value) -> Option<String> {
    let responses = operation.get("responses")?.as_object()?;
    responses
        .iter()
        .filter(|(status, _)| {
            status.starts_with('4') || status.starts_with('5') || *status == "default"
        })
        .filter_map(|(_, response)| crate::load::refs::follow(document, response))
        .filter_map(|response| response.get("content")?.as_object())
        .flat_map(|content| content.values())
        .find_map(|media| {
            let reference = media.pointer("/schema/$ref")?.as_str()?;
            Some(type_name(reference.strip_prefix("#/components/schemas/")?))
        })
}

/// The runtime's paging types re-exported (when any operation is paginated)
/// and one `<operation_id>_stream` method per paginated operation.
pub fn tokens(operations: &[Paginated]) -> TokenStream {
    if operations.is_empty() {
        return TokenStream::new();
    }
    let runtime = Ident::new(crate::emit::client::RUNTIME_CRATE, Span::call_site());
    let methods = operations.iter().map(method_tokens);
    quote! {
        pub use #runtime::{OffsetConvention, Paging};

        impl Client {
            #(#methods)*
        }
    }
}

fn method_tokens(operation: &Paginated) -> TokenStream {
    let method = crate::normalize::names::snake_case(&operation.operation_id);
    let list = Ident::new(&method, Span::call_site());
    let stream = Ident::new(&format!("{method}_stream"), Span::call_site());
    let limit = Ident::new(
        &crate::normalize::names::snake_case(&operation.limit),
        Span::call_site(),
    );
    let offset = Ident::new(
        &crate::normalize::names::snake_case(&operation.offset),
        Span::call_site(),
    );
    let error = match &operation.error_type {
        Some(name) => {
            let ident = Ident::new(name, Span::call_site());
            quote!(types::#ident)
        }
        None => quote!(()),
    };
    let runtime = Ident::new(crate::emit::client::RUNTIME_CRATE, Span::call_site());
    let first = operation.first_offset;
    let (convention, convention_doc) = if operation.counts_pages {
        (
            quote!(OffsetConvention::Pages { first: #first }),
            format!("numbers pages, the first being {first}"),
        )
    } else {
        (
            quote!(OffsetConvention::Items { first: #first }),
            format!("counts items, the first page starting at {first}"),
        )
    };
    let items = match &operation.items {
        Some(field) => quote!(Some(#field)),
        None => quote!(None),
    };
    let where_items = match &operation.items {
        Some(field) => format!("the items are the `{field}` array of each page"),
        None => "the items are the page itself when it is an array, else the page's only array-valued property".to_owned(),
    };
    let doc = format!(
        " Every item of [`Client::{list}`], page after page: sends `{}` = page size and `{}` = the page's offset, \
         and stops after the first page with fewer items than the page size.\n\n \
         By the spec the offset {convention_doc} ([`OffsetConvention`]); [`Paging::offsets`] overrides it. \
         {where_items}. Each item is yielded as JSON. A page of another shape, or the same page twice in a row \
         (a server ignoring the offset), ends the stream with [`Error::InvalidResponsePayload`].",
        operation.limit, operation.offset
    );
    quote! {
        #[doc = #doc]
        pub fn #stream(
            &self,
            paging: Paging,
        ) -> futures::stream::BoxStream<'_, Result<::serde_json::Value, Error<#error>>> {
            #runtime::internal::paginate(paging, #convention, #items, move |limit, offset| {
                self.#list().#limit(limit).#offset(offset).send()
            })
        }
    }
}
