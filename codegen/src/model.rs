//! One typed model of the API, built once from a validated spec: what the
//! emitters and the review read instead of walking the document again.
//!
//! Generation builds it from the normalized spec (the types progenitor
//! names, the enums of several bodies); the review builds it from each
//! version as the user wrote it.

pub mod info;
pub mod instances;
pub mod json_schema;
pub mod operations;
pub mod pagination;
pub mod responses;
pub mod schemas;
pub mod security;
pub mod servers;
pub mod typing;

use std::collections::{BTreeMap, BTreeSet};

use indexmap::IndexMap;
use serde_json::Value;

use crate::diagnostic::{Error, escape_pointer_token};
use crate::load::Spec;
use crate::load::walk;
use crate::normalize::{Plan, names};

pub use operations::{Parameter, RequestBody, Response, ResponseClass};
pub use pagination::Pagination;
pub use schemas::{Component, Schema};
pub use security::Auth;
pub use servers::Server;
pub use servers::ServerVariable;

pub use crate::normalize::shapes::TypeAlias;
pub use crate::normalize::{
    Body, FormStyle, MultipartBody, MultipartField, PartKind, Status, Union, Variant, Wire,
};

/// The API as its generated crate presents it.
#[derive(Clone, Debug, PartialEq)]
pub struct Api {
    /// Title, versions, description.
    pub info: info::Info,
    /// The servers, in spec order; the first is the default base URL.
    pub servers: Vec<Server>,
    /// How requests authenticate.
    pub auth: Auth,
    /// The security schemes and requirement as declared.
    pub security: security::Declarations,
    /// The security schemes, in spec order.
    pub schemes: Vec<security::Scheme>,
    /// The document's `security`, for operations without their own.
    pub requirement: Option<security::Requirement>,
    /// The environment variable `Client::from_env` reads the base URL from.
    pub base_url_env: String,
    /// Every operation, by path in spec order, then by method in
    /// OpenAPI's order (`get`, `put`, `post`, …).
    pub operations: Vec<Operation>,
    /// The component schemas, by their names in the spec, in spec order.
    pub schemas: IndexMap<String, Component>,
    /// The types of the component schemas that error responses use as
    /// bodies: each gets `message()` and `code()`.
    pub error_body_types: BTreeSet<String>,
    /// Components generated as another of their shape.
    pub type_aliases: Vec<TypeAlias>,
}

/// One operation of the API.
#[derive(Clone, Debug, PartialEq)]
pub struct Operation {
    /// The HTTP method, lower case (`get`).
    pub method: String,
    /// The path template (`/v6/subaccounts/{username}`).
    pub path: String,
    /// Its `operationId` as the document writes it.
    pub operation_id: Option<String>,
    /// The client method that calls it.
    pub name: String,
    /// Its `summary`.
    pub summary: Option<String>,
    /// Its `tags`, in spec order, without blanks or repeats.
    pub tags: Vec<String>,
    /// Its parameters, path-level ones first.
    pub parameters: Vec<Parameter>,
    /// Its request body.
    pub request_body: Option<RequestBody>,
    /// Its documented responses, in spec order.
    pub responses: Vec<Response>,
    /// The Rust type of its error bodies (in `types`), if they have one.
    pub error_type: Option<String>,
    /// How to walk its pages, when the spec says it is paginated.
    pub pagination: Option<Pagination>,
    /// Its own `security`, when it has one.
    pub security: Option<security::Requirement>,
    /// How its request and responses are carried where progenitor's defaults
    /// do not serve (as normalization decided; the default for a spec as written).
    pub wire: Wire,
}

impl Operation {
    /// `GET /v1/partners/accounts`.
    pub fn label(&self) -> String {
        format!("{} {}", self.method.to_uppercase(), self.path)
    }

    /// Its JSON pointer in the spec.
    pub fn pointer(&self) -> String {
        format!(
            "#/paths/{}/{}",
            escape_pointer_token(&self.path),
            self.method
        )
    }

    /// Whether its error bodies are one type with `message()` and `code()`.
    pub fn has_error_accessors(&self, api: &Api) -> bool {
        let mut bodies = self
            .responses
            .iter()
            .filter(|response| {
                response.class == ResponseClass::Error && response.status != "default"
            })
            .map(|response| {
                response
                    .schema
                    .as_ref()
                    .filter(|schema| schema.reference.is_some())
                    .map(|schema| schema.rust_type.as_str())
            });
        let Some(Some(first)) = bodies.next() else {
            return false;
        };
        bodies.all(|body| body == Some(first)) && api.error_body_types.contains(first)
    }
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

    /// The operation the client calls `name`.
    pub fn operation(&self, name: &str) -> Option<&Operation> {
        self.operations
            .iter()
            .find(|operation| operation.name == name)
    }

    /// Whether an operation answers with an event stream.
    pub fn streams_events(&self) -> bool {
        self.operations
            .iter()
            .any(|operation| operation.wire.events.is_some())
    }

    /// Type name → wire names of its secret properties, for the types that have some.
    pub fn secrets(&self) -> BTreeMap<String, BTreeSet<String>> {
        self.schemas
            .values()
            .filter(|component| !component.secret_properties.is_empty())
            .map(|component| {
                (
                    component.type_name.clone(),
                    component.secret_properties.clone(),
                )
            })
            .collect()
    }

    /// Type names of the string enums only responses use (kept open).
    pub fn response_only_enums(&self) -> BTreeSet<String> {
        self.schemas
            .values()
            .filter(|component| component.is_response_only_enum())
            .map(|component| component.type_name.clone())
            .collect()
    }
}

/// The model of `spec`, which must be validated, as normalization left it
/// with its `plan` (the names and the wire it decided), or as the user wrote
/// it with an empty plan (the names derived as normalization would, the
/// wire as progenitor's defaults).
///
/// # Errors
///
/// Every misuse of the extensions the model reads (`x-rust-name` on
/// servers and security schemes, `x-pagination` on operations), located,
/// all together.
pub fn build(spec: &Spec, plan: &Plan) -> Result<Api, Error> {
    let mut diagnostics = Vec::new();
    let servers = match servers::servers(spec) {
        Ok(servers) => servers,
        Err(Error::Spec(found)) => {
            diagnostics.extend(found);
            Vec::new()
        }
        Err(other) => return Err(other),
    };
    let (schemes, misnamed) = security::schemes(spec);
    diagnostics.extend(misnamed);
    let mut servers = servers;
    // Only the default server's variables have setters; the other servers
    // are constants, their variables at their defaults.
    for server in servers.iter_mut().skip(1) {
        server.variables.clear();
    }
    if let Some(default) = servers.first_mut() {
        let taken: Vec<&str> = security::BUILDER_METHODS
            .iter()
            .copied()
            .chain(schemes.iter().map(|scheme| scheme.setter.as_str()))
            .collect();
        servers::name_setters(default, &taken);
    }
    let document = &spec.json;
    let mut operations = Vec::new();
    for entry in walk::operations(document) {
        let walk::OperationEntry {
            path,
            method,
            item,
            operation,
        } = entry;
        let text = |key: &str| {
            operation
                .get(key)
                .and_then(Value::as_str)
                .map(str::to_owned)
        };
        let operation_id = text("operationId");
        let planned = plan.operations.get(&entry.pointer());
        let name = match planned {
            Some(planned) => planned.name.clone(),
            // As normalization names an operation without collisions.
            None => operation_id
                .as_deref()
                .filter(|id| !id.trim().is_empty())
                .and_then(names::method_name)
                .unwrap_or_else(|| names::derived_method_name(method, path)),
        };
        let pagination = match pagination::pagination(spec, path, method, item, operation) {
            Ok(pagination) => pagination,
            Err(diagnostic) => {
                diagnostics.push(*diagnostic);
                None
            }
        };
        let responses = operations::responses(document, operation);
        operations.push(Operation {
            method: method.to_owned(),
            path: path.to_owned(),
            operation_id,
            name,
            summary: text("summary"),
            tags: tags(operation),
            parameters: operations::parameters(document, item, operation),
            request_body: operations::request_body(document, operation),
            error_type: responses::error_type(&responses),
            responses,
            pagination,
            security: security::requirement(operation.get("security")),
            wire: planned
                .map(|planned| planned.wire.clone())
                .unwrap_or_default(),
        });
    }
    if !diagnostics.is_empty() {
        return Err(Error::Spec(diagnostics));
    }
    let error_body_types = responses::error_body_types(
        operations
            .iter()
            .map(|operation| operation.responses.as_slice()),
    );
    Ok(Api {
        info: info::info(spec),
        servers,
        auth: security::auth(spec),
        security: security::declarations(spec),
        schemes,
        requirement: security::requirement(document.get("security")),
        base_url_env: security::base_url_env(spec),
        operations,
        schemas: schemas::components(document),
        error_body_types,
        type_aliases: plan.type_aliases.clone(),
    })
}

/// The operation's `tags` (strings, trimmed), each once, in spec order.
fn tags(operation: &Value) -> Vec<String> {
    let mut tags: Vec<String> = Vec::new();
    for tag in operation
        .get("tags")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .map(str::trim)
        .filter(|tag| !tag.is_empty())
    {
        if !tags.iter().any(|seen| seen == tag) {
            tags.push(tag.to_owned());
        }
    }
    tags
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::load::parse_spec;
    use crate::normalize::normalize;

    fn model(text: &str) -> Result<Api, Vec<String>> {
        let spec = parse_spec(Path::new("specs/shop.yaml"), text).expect("parses");
        let normalized = normalize(&spec).expect("normalizes");
        build(&normalized.spec, &normalized.plan).map_err(|error| match error {
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
    fn the_plan_is_folded_into_the_operations_it_concerns() {
        // Two operations normalization names apart, one answering several
        // error bodies, one sending a form: the model carries the names and
        // the wire normalization decided, on the operation itself.
        let api = model(
            r##"openapi: 3.0.3
info: {title: Shop, version: 1.0.0}
paths:
  /a:
    get:
      operationId: fetch
      responses:
        '200': {description: ok}
        '400': {description: bad, content: {application/json: {schema: {type: string}}}}
        '500': {description: broken, content: {application/json: {schema: {type: integer}}}}
  /b:
    post:
      operationId: Fetch
      requestBody:
        content: {application/x-www-form-urlencoded: {schema: {type: object, properties: {q: {type: string}}}}}
      responses:
        '204': {description: done}
"##,
        )
        .expect("model");
        let names: Vec<&str> = api.operations.iter().map(|o| o.name.as_str()).collect();
        assert_eq!(names, ["fetch", "post_b"]);
        let failure = api.operations[0].wire.failure.as_ref().expect("error enum");
        assert_eq!(failure.type_name, "FetchError");
        assert_eq!(failure.variants.len(), 2);
        assert_eq!(api.operations[0].wire.form, None);
        assert!(api.operations[1].wire.form.is_some());
        assert_eq!(api.operations[1].wire.failure, None);
    }

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

    const ORDERS: &str = r##"openapi: 3.0.3
info: {title: Orders, version: '2', description: Orders and tokens., x-crate-version: 1.4.0}
paths:
  /orders/{id}:
    parameters:
      - {name: id, in: path, required: true, schema: {type: string}}
      - {name: trace, in: header, schema: {type: string}}
    put:
      operationId: replaceOrder
      parameters:
        - $ref: '#/components/parameters/Trace'
      requestBody:
        $ref: '#/components/requestBodies/Order'
      responses:
        '200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/Order'}}}}
        '404':
          description: missing
          content: {application/json: {schema: {$ref: '#/components/schemas/Problem'}, example: {error: no such order}}}
        default: {description: other, content: {application/json: {schema: {$ref: '#/components/schemas/Problem'}}}}
    delete:
      operationId: dropOrder
      responses:
        default: {description: done}
components:
  parameters:
    Trace: {name: trace, in: header, required: true, example: abc, schema: {type: string, minLength: 3}}
  requestBodies:
    Order:
      required: true
      content:
        application/json: {schema: {$ref: '#/components/schemas/Order'}}
        application/xml: {schema: {type: string}}
  schemas:
    Order:
      type: object
      required: [state]
      properties:
        state: {$ref: '#/components/schemas/State'}
        token: {type: string, writeOnly: true}
        card: {$ref: '#/components/schemas/Pin'}
        lines: {type: array, items: {type: integer, format: int32}}
    Pin: {type: string, format: password}
    State: {type: string, enum: [open, shipped]}
    Reason: {type: string, enum: [lost, late]}
    Problem:
      type: object
      properties: {error: {type: string}, reason: {$ref: '#/components/schemas/Reason'}}
"##;

    #[test]
    fn operations_carry_parameters_bodies_and_classified_responses() {
        let api = model(ORDERS).expect("model");
        assert_eq!(api.info.crate_version, "1.4.0");
        assert_eq!(api.info.description.as_deref(), Some("Orders and tokens."));
        let replace = api.operation("replace_order").expect("replace_order");
        assert_eq!(replace.operation_id.as_deref(), Some("replace_order"));
        // Path-level parameters first; the operation's own `trace` (a
        // followed `$ref`) replaces the path item's.
        let parameters: Vec<(&str, &str, bool)> = replace
            .parameters
            .iter()
            .map(|p| (p.name.as_str(), p.location.as_str(), p.required))
            .collect();
        assert_eq!(
            parameters,
            [("id", "path", true), ("trace", "header", true)]
        );
        let trace = &replace.parameters[1];
        assert_eq!(trace.example, Some(Value::from("abc")));
        let schema = trace.schema.as_ref().expect("schema");
        assert_eq!(schema.rust_type, "constrained string newtype");
        assert_eq!(schema.constraints.get("minLength"), Some(&Value::from(3)));

        let body = replace.request_body.as_ref().expect("body");
        assert!(body.required);
        // Generation sees the one media type the client sends; the review
        // sees the spec as written.
        assert_eq!(body.media_types, ["application/json"]);
        let spec = parse_spec(Path::new("specs/orders.yaml"), ORDERS).expect("parses");
        let as_written = build(&spec, &Plan::default()).expect("model as written");
        let written = as_written
            .operation("replace_order")
            .expect("replace_order");
        assert_eq!(written.operation_id.as_deref(), Some("replaceOrder"));
        assert_eq!(
            written.request_body.as_ref().expect("body").media_types,
            ["application/json", "application/xml"]
        );
        let body_schema = body.schema.as_ref().expect("schema");
        assert_eq!(body_schema.reference.as_deref(), Some("Order"));
        assert_eq!(body_schema.rust_type, "Order");

        // `default` beside a success is the error (generation sees it as
        // the `4XX` and `5XX` it stands for).
        let classes: Vec<(&str, ResponseClass)> = written
            .responses
            .iter()
            .map(|r| (r.status.as_str(), r.class))
            .collect();
        assert_eq!(
            classes,
            [
                ("200", ResponseClass::Success),
                ("404", ResponseClass::Error),
                ("default", ResponseClass::Error)
            ]
        );
        assert_eq!(
            replace.responses[1].example,
            Some(serde_json::json!({"error": "no such order"}))
        );
        assert!(replace.has_error_accessors(&api));
        // `default` alone is the success; no error body, no accessors.
        let drop = as_written.operation("drop_order").expect("drop_order");
        assert_eq!(drop.responses[0].class, ResponseClass::Success);
        assert!(!drop.has_error_accessors(&as_written));
    }

    #[test]
    fn schemas_know_their_side_their_secrets_and_which_enums_stay_open() {
        let api = model(ORDERS).expect("model");
        let side = |name: &str| {
            let component = &api.schemas[name];
            (component.request_side, component.response_side)
        };
        // Reached through a request body and a response, transitively.
        assert_eq!(side("Order"), (true, true));
        assert_eq!(side("State"), (true, true));
        assert_eq!(side("Reason"), (false, true));
        assert_eq!(side("Problem"), (false, true));
        assert_eq!(
            api.response_only_enums().into_iter().collect::<Vec<_>>(),
            ["Reason"]
        );
        // `writeOnly` inline, `format: password` behind a `$ref`.
        let secrets = api.secrets();
        assert_eq!(secrets.len(), 1, "{secrets:?}");
        assert_eq!(
            secrets["Order"].iter().collect::<Vec<_>>(),
            ["card", "token"]
        );
        let order = &api.schemas["Order"].schema;
        assert_eq!(order.rust_type, "struct");
        assert!(order.required.contains("state"));
        assert_eq!(
            order.properties["lines"].rust_type, "Vec<i32>",
            "arrays carry their item type"
        );
        assert!(api.schemas["State"].schema.is_string_enum());
    }
}
