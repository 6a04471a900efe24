//! One typed model of the API, built once from the normalized spec after
//! validation: what the emitters read instead of walking the document
//! again.

pub mod pagination;
pub mod responses;
pub mod security;
pub mod servers;

use std::collections::BTreeSet;

use serde_json::Value;

use crate::diagnostic::Error;
use crate::load::Spec;

pub use pagination::Pagination;
pub use security::Auth;
pub use servers::Server;

/// The API as its generated crate presents it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Api {
    /// The servers, in spec order; the first is the default base URL.
    pub servers: Vec<Server>,
    /// How requests authenticate.
    pub auth: Auth,
    /// Every operation, in spec order.
    pub operations: Vec<Operation>,
    /// The types of the component schemas that error responses use as
    /// bodies: each gets `message()` and `code()`.
    pub error_body_types: BTreeSet<String>,
}

/// One operation of the API.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Operation {
    /// The HTTP method, lower case as the spec writes it (`get`).
    pub method: String,
    /// The path template (`/v6/subaccounts/{username}`).
    pub path: String,
    /// The client method that calls it.
    pub name: String,
    /// The Rust type of its error bodies (in `types`), if they have one.
    pub error_type: Option<String>,
    /// How to walk its pages, when the spec says it is paginated.
    pub pagination: Option<Pagination>,
}

impl Api {
    /// The paginated operations, with their settings.
    pub fn paginated(&self) -> impl Iterator<Item = (&Operation, &Pagination)> {
        self.operations.iter().filter_map(|operation| {
            operation
                .pagination
                .as_ref()
                .map(|pagination| (operation, pagination))
        })
    }
}

/// The model of `spec`, which must be validated and normalized (every
/// operation has its method name as `operationId`).
///
/// # Errors
///
/// Every misuse of the extensions the model reads (`x-rust-name` on
/// servers, `x-pagination` on operations), located, all together.
pub fn build(spec: &Spec) -> Result<Api, Error> {
    let mut diagnostics = Vec::new();
    let servers = match servers::servers(spec) {
        Ok(servers) => servers,
        Err(Error::Spec(found)) => {
            diagnostics.extend(found);
            Vec::new()
        }
        Err(other) => return Err(other),
    };
    let mut operations = Vec::new();
    for (path, item) in spec
        .json
        .get("paths")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
    {
        for (method, operation) in item.as_object().into_iter().flatten() {
            let Some(name) = operation.get("operationId").and_then(Value::as_str) else {
                // Not an operation: `parameters`, `summary`, extensions.
                continue;
            };
            let pagination = match pagination::pagination(spec, path, method, item, operation) {
                Ok(pagination) => pagination,
                Err(diagnostic) => {
                    diagnostics.push(*diagnostic);
                    None
                }
            };
            operations.push(Operation {
                method: method.clone(),
                path: path.clone(),
                name: name.to_owned(),
                error_type: responses::error_type(&spec.json, operation),
                pagination,
            });
        }
    }
    if !diagnostics.is_empty() {
        return Err(Error::Spec(diagnostics));
    }
    Ok(Api {
        servers,
        auth: security::auth(spec),
        operations,
        error_body_types: responses::error_body_types(&spec.json),
    })
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::load::parse_spec;
    use crate::normalize::normalize;

    fn model(text: &str) -> Result<Api, Vec<String>> {
        let spec = parse_spec(Path::new("specs/shop.yaml"), text).expect("parses");
        let normalized = normalize(&spec).expect("normalizes").spec;
        build(&normalized).map_err(|error| match error {
            Error::Spec(diagnostics) => diagnostics.iter().map(ToString::to_string).collect(),
            other => vec![other.to_string()],
        })
    }

    const SHOP: &str = r##"openapi: 3.0.3
info: {title: Shop, version: 1.0.0}
servers:
  - url: https://api.shop.example
  - url: https://eu.shop.example
    x-rust-name: EU
components:
  securitySchemes:
    key: {type: http, scheme: bearer}
  schemas:
    Problem:
      type: object
      properties: {error: {type: string}}
paths:
  /items:
    get:
      operationId: listItems
      parameters:
        - {name: limit, in: query, schema: {type: integer}}
        - {name: offset, in: query, schema: {type: integer}}
      x-pagination: {limit: limit, offset: offset, offsetUnit: pages, firstOffset: 1}
      responses:
        '200': {description: ok, content: {application/json: {schema: {type: array, items: {type: string}}}}}
        '404': {description: gone, content: {application/json: {schema: {$ref: '#/components/schemas/Problem'}}}}
    post:
      responses:
        '201': {description: created}
"##;

    #[test]
    fn operations_servers_and_auth_are_read_once_in_spec_order() {
        let api = model(SHOP).expect("model");
        assert_eq!(api.auth, Auth::Bearer);
        let servers: Vec<&str> = api.servers.iter().map(|s| s.const_name.as_str()).collect();
        assert_eq!(servers, ["API_SHOP_EXAMPLE", "EU"]);
        let operations: Vec<(&str, &str, &str)> = api
            .operations
            .iter()
            .map(|o| (o.method.as_str(), o.path.as_str(), o.name.as_str()))
            .collect();
        assert_eq!(
            operations,
            [
                ("get", "/items", "list_items"),
                ("post", "/items", "post_items")
            ]
        );
        assert_eq!(api.operations[0].error_type.as_deref(), Some("Problem"));
        assert_eq!(api.operations[1].error_type, None);
        assert!(api.error_body_types.contains("Problem"));
        let paginated: Vec<(&str, &Pagination)> = api
            .paginated()
            .map(|(operation, pagination)| (operation.name.as_str(), pagination))
            .collect();
        assert_eq!(
            paginated,
            [(
                "list_items",
                &Pagination {
                    limit: "limit".to_owned(),
                    offset: "offset".to_owned(),
                    counts_pages: true,
                    first_offset: 1,
                    items: None,
                }
            )]
        );
    }

    #[test]
    fn misused_extensions_are_reported_together() {
        let broken = SHOP
            .replace("x-rust-name: EU", "x-rust-name: eu")
            .replace("offsetUnit: pages", "offsetUnit: chapters");
        let problems = model(&broken).expect_err("two misuses");
        assert_eq!(problems.len(), 2, "{problems:?}");
        assert!(
            problems[0].contains("`eu` is not a SCREAMING_SNAKE_CASE name"),
            "{problems:?}"
        );
        assert!(
            problems[1].contains("offsetUnit` must be `items` or `pages`"),
            "{problems:?}"
        );
    }
}
