//! A walk over the plain-JSON form of an OpenAPI 3.0 document that knows
//! what each object it meets is: a schema, a parameter, a media type, …
//!
//! Checks and rewrites read the document through this walk instead of by
//! key names, so that a schema *property* called `parameters`, `headers`,
//! `examples` or `$ref` is a property, and an `example` value holding a
//! `"$ref"` key is data.

use serde_json::Value;

use crate::diagnostic::escape_pointer_token;

/// The HTTP methods an OpenAPI path item may hold, in spec order.
pub const METHODS: &[&str] = &[
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// One operation of a document, where it stands.
pub struct OperationEntry<'a> {
    /// Its path template (`/items/{id}`).
    pub path: &'a str,
    /// Its method, lower case.
    pub method: &'static str,
    /// The path item that holds it (for the path-level parameters).
    pub item: &'a Value,
    /// The Operation Object.
    pub operation: &'a Value,
}

impl OperationEntry<'_> {
    /// Its JSON pointer (`#/paths/~1items~1{id}/get`).
    pub fn pointer(&self) -> String {
        format!(
            "#/paths/{}/{}",
            escape_pointer_token(self.path),
            self.method
        )
    }
}

/// The operations of `document` (under `paths`), by path in document order,
/// then by method in [`METHODS`] order.
pub fn operations(document: &Value) -> impl Iterator<Item = OperationEntry<'_>> {
    document
        .get("paths")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
        .flat_map(|(path, item)| {
            METHODS.iter().filter_map(move |method| {
                let operation = item
                    .get(*method)
                    .filter(|operation| operation.is_object())?;
                Some(OperationEntry {
                    path,
                    method,
                    item,
                    operation,
                })
            })
        })
}

/// What an object of the document is, from where it stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum NodeKind {
    /// A Path Item Object (under `paths`, a callback or `components/pathItems`).
    PathItem,
    /// An Operation Object.
    Operation,
    /// A Parameter Object.
    Parameter,
    /// A Request Body Object.
    RequestBody,
    /// A Response Object.
    Response,
    /// A Header Object.
    Header,
    /// A Media Type Object (a value of a `content` map).
    MediaType,
    /// A Schema Object, at any depth.
    Schema,
    /// An Example Object.
    Example,
    /// A Link Object.
    Link,
    /// A Callback Object.
    Callback,
    /// A Security Scheme Object.
    SecurityScheme,
}

impl NodeKind {
    /// The `components` section a `$ref` standing in for this kind of object
    /// must name (`#/components/<section>/<name>`); empty when not checked here.
    pub fn section(self) -> &'static str {
        match self {
            // Path items that are `$ref`s are reported by validation on their own.
            Self::PathItem | Self::Operation => "",
            Self::Parameter => "parameters",
            Self::RequestBody => "requestBodies",
            Self::Response => "responses",
            Self::Header => "headers",
            Self::MediaType => "",
            Self::Schema => "schemas",
            Self::Example => "examples",
            Self::Link => "links",
            Self::Callback => "callbacks",
            Self::SecurityScheme => "securitySchemes",
        }
    }
}

/// Every typed object of `document`, in document order, outer before inner.
/// A `$ref` object is met with the kind it stands for and not entered.
pub fn nodes(document: &Value) -> Vec<(NodeKind, String, &Value)> {
    let mut found = Vec::new();
    let mut pending: Vec<(NodeKind, String, &Value)> = Vec::new();
    let mut roots = Vec::new();
    for (path, item) in entries(document.get("paths")) {
        roots.push((
            NodeKind::PathItem,
            format!("#/paths/{}", escape_pointer_token(path)),
            item,
        ));
    }
    for (name, item) in entries(document.get("webhooks")) {
        roots.push((
            NodeKind::PathItem,
            format!("#/webhooks/{}", escape_pointer_token(name)),
            item,
        ));
    }
    if let Some(components) = document.get("components") {
        for (section, kind) in [
            ("schemas", NodeKind::Schema),
            ("responses", NodeKind::Response),
            ("parameters", NodeKind::Parameter),
            ("examples", NodeKind::Example),
            ("requestBodies", NodeKind::RequestBody),
            ("headers", NodeKind::Header),
            ("securitySchemes", NodeKind::SecurityScheme),
            ("links", NodeKind::Link),
            ("callbacks", NodeKind::Callback),
            ("pathItems", NodeKind::PathItem),
        ] {
            for (name, item) in entries(components.get(section)) {
                roots.push((
                    kind,
                    format!("#/components/{section}/{}", escape_pointer_token(name)),
                    item,
                ));
            }
        }
    }
    pending.extend(roots.into_iter().rev());
    while let Some((kind, pointer, value)) = pending.pop() {
        if !value.is_object() {
            continue;
        }
        let children = if value.get("$ref").is_some() && kind != NodeKind::Operation {
            Vec::new()
        } else {
            children(kind, &pointer, value)
        };
        found.push((kind, pointer, value));
        pending.extend(children.into_iter().rev());
    }
    found
}

/// The typed objects directly inside `value`, a `kind` at `pointer`.
fn children<'a>(
    kind: NodeKind,
    pointer: &str,
    value: &'a Value,
) -> Vec<(NodeKind, String, &'a Value)> {
    let mut out = Vec::new();
    let one = |key: &str, kind: NodeKind, out: &mut Vec<_>| {
        if let Some(child) = value.get(key) {
            out.push((kind, format!("{pointer}/{key}"), child));
        }
    };
    let map = |key: &str, kind: NodeKind, out: &mut Vec<_>| {
        for (name, child) in entries(value.get(key)) {
            out.push((
                kind,
                format!("{pointer}/{key}/{}", escape_pointer_token(name)),
                child,
            ));
        }
    };
    let list = |key: &str, kind: NodeKind, out: &mut Vec<_>| {
        if let Some(Value::Array(items)) = value.get(key) {
            for (index, child) in items.iter().enumerate() {
                out.push((kind, format!("{pointer}/{key}/{index}"), child));
            }
        }
    };
    match kind {
        NodeKind::PathItem => {
            list("parameters", NodeKind::Parameter, &mut out);
            for method in METHODS {
                one(method, NodeKind::Operation, &mut out);
            }
        }
        NodeKind::Operation => {
            list("parameters", NodeKind::Parameter, &mut out);
            one("requestBody", NodeKind::RequestBody, &mut out);
            map("responses", NodeKind::Response, &mut out);
            map("callbacks", NodeKind::Callback, &mut out);
        }
        NodeKind::Callback => {
            for (expression, child) in entries(Some(value)) {
                out.push((
                    NodeKind::PathItem,
                    format!("{pointer}/{}", escape_pointer_token(expression)),
                    child,
                ));
            }
        }
        NodeKind::Parameter | NodeKind::Header => {
            one("schema", NodeKind::Schema, &mut out);
            map("content", NodeKind::MediaType, &mut out);
            map("examples", NodeKind::Example, &mut out);
        }
        NodeKind::RequestBody => map("content", NodeKind::MediaType, &mut out),
        NodeKind::Response => {
            map("headers", NodeKind::Header, &mut out);
            map("content", NodeKind::MediaType, &mut out);
            map("links", NodeKind::Link, &mut out);
        }
        NodeKind::MediaType => {
            one("schema", NodeKind::Schema, &mut out);
            map("examples", NodeKind::Example, &mut out);
            for (property, encoding) in entries(value.get("encoding")) {
                for (name, header) in entries(encoding.get("headers")) {
                    out.push((
                        NodeKind::Header,
                        format!(
                            "{pointer}/encoding/{}/headers/{}",
                            escape_pointer_token(property),
                            escape_pointer_token(name)
                        ),
                        header,
                    ));
                }
            }
        }
        NodeKind::Schema => {
            // `properties` is a map of names to schemas: a property may be
            // called anything, `$ref` and `x-…` included.
            if let Some(Value::Object(properties)) = value.get("properties") {
                for (name, child) in properties {
                    out.push((
                        NodeKind::Schema,
                        format!("{pointer}/properties/{}", escape_pointer_token(name)),
                        child,
                    ));
                }
            }
            for key in ["items", "additionalProperties", "not"] {
                one(key, NodeKind::Schema, &mut out);
            }
            for key in ["allOf", "oneOf", "anyOf"] {
                list(key, NodeKind::Schema, &mut out);
            }
        }
        NodeKind::Example | NodeKind::Link | NodeKind::SecurityScheme => {}
    }
    out
}

/// The entries of a map of named OpenAPI objects, without extensions (`x-…`).
pub(crate) fn entries(value: Option<&Value>) -> impl Iterator<Item = (&String, &Value)> {
    value
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
        .filter(|(key, _)| !key.starts_with("x-"))
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn schema_properties_named_like_openapi_keywords_are_schemas() {
        let document = json!({
            "paths": {"/a": {"get": {
                "parameters": [{"$ref": "#/components/parameters/P"}],
                "responses": {"200": {"description": "ok", "content": {"application/json": {
                    "schema": {"type": "object", "properties": {
                        "parameters": {"type": "array", "items": {"$ref": "#/components/schemas/S"}},
                        "$ref": {"type": "string"},
                        "headers": {"additionalProperties": {"$ref": "#/components/schemas/S"}}
                    }},
                    "example": {"$ref": "not a reference: data"}
                }}}}
            }}},
            "components": {"schemas": {"S": {"type": "string"}}, "parameters": {"P": {"name": "p", "in": "query"}}}
        });
        let kinds: Vec<(NodeKind, String)> = nodes(&document)
            .into_iter()
            .map(|(kind, pointer, _)| (kind, pointer))
            .collect();
        let of = |pointer: &str| {
            kinds
                .iter()
                .find(|(_, at)| at == pointer)
                .map(|(kind, _)| *kind)
        };
        let content = "#/paths/~1a/get/responses/200/content/application~1json";
        assert_eq!(
            of("#/paths/~1a/get/parameters/0"),
            Some(NodeKind::Parameter)
        );
        assert_eq!(
            of(&format!("{content}/schema/properties/parameters/items")),
            Some(NodeKind::Schema)
        );
        assert_eq!(
            of(&format!("{content}/schema/properties/$ref")),
            Some(NodeKind::Schema)
        );
        assert_eq!(
            of(&format!(
                "{content}/schema/properties/headers/additionalProperties"
            )),
            Some(NodeKind::Schema)
        );
        assert_eq!(of(&format!("{content}/example")), None, "examples are data");
        assert_eq!(of("#/components/parameters/P"), Some(NodeKind::Parameter));
    }
}
