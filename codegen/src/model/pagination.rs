//! Offset-paginated list operations, declared in the spec with an
//! `x-pagination` extension on the operation:
//!
//! ```yaml
//! x-pagination:
//!   limit: limit        # query parameter carrying the page size
//!   offset: offset      # query parameter carrying the position
//!   offsetUnit: items   # `items` (offset counts items) or `pages` (offset numbers pages)
//!   firstOffset: 0      # the offset of the first page
//!   items: data         # optional: the response property holding the page's items
//! ```

use serde_json::Value;

use crate::diagnostic::{Code, Diagnostic, escape_pointer_token};
use crate::load::Spec;

/// The extension key on an operation.
const EXTENSION: &str = "x-pagination";

/// An operation's `x-pagination` settings, checked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pagination {
    /// The query parameter carrying the page size.
    pub limit: String,
    /// The query parameter carrying the position.
    pub offset: String,
    /// Whether the offset numbers pages (else it counts items).
    pub counts_pages: bool,
    /// The offset of the first page.
    pub first_offset: u64,
    /// The response property holding a page's items, when the spec names one.
    pub items: Option<String>,
}

/// The `x-pagination` settings of the operation `method` at `path` (whose
/// path item is `item`), if it declares any, or a diagnostic for their misuse.
pub(super) fn pagination(
    spec: &Spec,
    path: &str,
    method: &str,
    item: &Value,
    operation: &Value,
) -> Result<Option<Pagination>, Box<Diagnostic>> {
    let Some(extension) = operation.get(EXTENSION) else {
        return Ok(None);
    };
    let pointer = format!(
        "#/paths/{}/{method}/{EXTENSION}",
        escape_pointer_token(path)
    );
    parse(spec, &pointer, method, item, operation, extension).map(Some)
}

fn parse(
    spec: &Spec,
    pointer: &str,
    method: &str,
    item: &Value,
    operation: &Value,
    extension: &Value,
) -> Result<Pagination, Box<Diagnostic>> {
    let fail = |at: &str, message: String, hint: &str| {
        Box::new(
            spec.diagnostic(Code::InvalidExtension, &format!("{pointer}{at}"), message)
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
    Ok(Pagination {
        limit,
        offset,
        counts_pages,
        first_offset,
        items,
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
