//! Swagger 2.0 → OpenAPI 3.0, in memory, before the document is decoded.
//!
//! Vendors still publish Swagger 2.0. Every 2.0 construct has a 3.0 spelling
//! with the same meaning on the wire; this module rewrites the document into
//! it and records each node it moves in the [`SourceMap`], so diagnostics
//! still name the line the user wrote:
//!
//! - `host`, `basePath` and `schemes` become `servers` (one per scheme, `https`
//!   first; without a `host`, the `basePath` alone, a relative server);
//! - `definitions`, `parameters`, `responses` and `securityDefinitions` move
//!   under `components` (every `$ref` follows them);
//! - a `body` parameter becomes the `requestBody`, in each media type the
//!   operation `consumes`; `formData` parameters become the properties of one
//!   object schema, sent as `multipart/form-data` or
//!   `application/x-www-form-urlencoded` as `consumes` says (multipart when it
//!   is silent and a parameter is a `file`);
//! - the other parameters' type keywords move into a `schema`, and
//!   `collectionFormat` becomes `style`/`explode`;
//! - a response `schema` is served in each media type the operation
//!   `produces` (`application/json` when nothing is declared), with its
//!   `examples` by media type;
//! - schemas: `type: file` is binary, `x-nullable` is `nullable`, a
//!   `discriminator` naming a property becomes a discriminator object;
//! - `basic` security is HTTP basic, `oauth2` flows take their 3.0 names.

use std::collections::BTreeMap;
use std::path::Path;

use serde_json::{Map, Value, json};

use super::{SourceMap, refs};
use crate::diagnostic::{Code, Diagnostic, escape_pointer_token};

/// The version the translated document declares.
const TRANSLATED_VERSION: &str = "3.0.3";

/// The media type assumed where a document declares none.
const JSON: &str = "application/json";

/// Keywords of a 2.0 non-body parameter (and of its `items`, and of a
/// response header) that describe its value: they move into `schema`.
const VALUE_KEYWORDS: &[&str] = &[
    "type",
    "format",
    "items",
    "default",
    "maximum",
    "exclusiveMaximum",
    "minimum",
    "exclusiveMinimum",
    "maxLength",
    "minLength",
    "pattern",
    "maxItems",
    "minItems",
    "uniqueItems",
    "enum",
    "multipleOf",
    "x-nullable",
];

/// Rewrites a 2.0 document into its 3.0 form; returns what it could only
/// approximate, as warnings.
pub(super) fn translate(
    path: &Path,
    document: &mut Value,
    source_map: &mut SourceMap,
) -> Vec<Diagnostic> {
    let Some(root) = document.as_object_mut() else {
        return Vec::new();
    };
    let mut translator = Translator {
        path,
        source_map,
        consumes: media_types(root.get("consumes")),
        produces: media_types(root.get("produces")),
        shared_parameters: root
            .get("parameters")
            .and_then(Value::as_object)
            .cloned()
            .unwrap_or_default(),
        warnings: Vec::new(),
    };
    translator.document(root);
    refs::rewrite_references(document, &moved_sections());
    translator.warnings
}

/// Where each 2.0 section that `$ref`s name lives in 3.0.
fn moved_sections() -> BTreeMap<String, String> {
    [
        ("#/definitions", "#/components/schemas"),
        ("#/parameters", "#/components/parameters"),
        ("#/responses", "#/components/responses"),
    ]
    .into_iter()
    .map(|(from, to)| (from.to_owned(), to.to_owned()))
    .collect()
}

/// A `consumes` or `produces` list; `None` when absent (inherit), so that an
/// explicit empty list still overrides.
fn media_types(value: Option<&Value>) -> Option<Vec<String>> {
    let list = value?.as_array()?;
    Some(
        list.iter()
            .filter_map(Value::as_str)
            .map(str::to_owned)
            .collect(),
    )
}

struct Translator<'a> {
    path: &'a Path,
    source_map: &'a mut SourceMap,
    /// The document's `consumes`, for operations without their own.
    consumes: Option<Vec<String>>,
    /// The document's `produces`, for operations without their own.
    produces: Option<Vec<String>>,
    /// The document's `parameters`, as written: a `body` or `formData`
    /// parameter an operation names becomes part of its request body.
    shared_parameters: Map<String, Value>,
    warnings: Vec<Diagnostic>,
}

/// A `body` or `formData` parameter of one operation, with where it was written.
struct BodyParameter {
    pointer: String,
    parameter: Value,
}

impl Translator<'_> {
    fn document(&mut self, root: &mut Map<String, Value>) {
        root.remove("swagger");
        root.insert("openapi".to_owned(), json!(TRANSLATED_VERSION));
        let servers = servers(root);
        if !servers.is_empty() {
            root.insert("servers".to_owned(), Value::Array(servers));
        }
        for keyword in ["host", "basePath", "schemes", "consumes", "produces"] {
            root.remove(keyword);
        }

        let mut components = Map::new();
        if let Some(Value::Object(mut definitions)) = root.remove("definitions") {
            definitions.values_mut().for_each(schema_tree);
            components.insert("schemas".to_owned(), Value::Object(definitions));
            self.source_map
                .record_move("#/components/schemas", "#/definitions");
        }
        if let Some(Value::Object(parameters)) = root.remove("parameters") {
            self.source_map
                .record_move("#/components/parameters", "#/parameters");
            let mut kept = Map::new();
            for (name, mut parameter) in parameters {
                // A shared body or form parameter has no 3.0 component of
                // its kind; it is copied into each operation that names it.
                if is_body_or_form(&parameter) {
                    continue;
                }
                let pointer = format!("#/components/parameters/{}", escape_pointer_token(&name));
                self.parameter(&mut parameter, &pointer);
                kept.insert(name, parameter);
            }
            if !kept.is_empty() {
                components.insert("parameters".to_owned(), Value::Object(kept));
            }
        }
        if let Some(Value::Object(mut responses)) = root.remove("responses") {
            self.source_map
                .record_move("#/components/responses", "#/responses");
            let produces = self.produces.clone();
            for (name, response) in responses.iter_mut() {
                let pointer = format!("#/components/responses/{}", escape_pointer_token(name));
                self.response(response, &pointer, produces.as_deref());
            }
            components.insert("responses".to_owned(), Value::Object(responses));
        }
        if let Some(Value::Object(mut schemes)) = root.remove("securityDefinitions") {
            for scheme in schemes.values_mut() {
                security_scheme(scheme);
            }
            components.insert("securitySchemes".to_owned(), Value::Object(schemes));
            self.source_map
                .record_move("#/components/securitySchemes", "#/securityDefinitions");
        }
        if !components.is_empty() {
            root.insert("components".to_owned(), Value::Object(components));
        }

        let paths = root.entry("paths").or_insert_with(|| json!({}));
        for (path, item) in paths.as_object_mut().into_iter().flatten() {
            let pointer = format!("#/paths/{}", escape_pointer_token(path));
            self.path_item(item, &pointer);
        }
    }

    fn path_item(&mut self, item: &mut Value, pointer: &str) {
        let Some(item) = item.as_object_mut() else {
            return;
        };
        // Body and form parameters declared for the whole path belong to
        // each operation's request body; the others stay shared.
        let mut shared_bodies = Vec::new();
        if let Some(parameters) = item.get_mut("parameters") {
            shared_bodies = self.parameter_list(parameters, &format!("{pointer}/parameters"));
        }
        for (method, operation) in item.iter_mut() {
            if !is_method(method) {
                continue;
            }
            let pointer = format!("{pointer}/{method}");
            self.operation(operation, &pointer, &shared_bodies);
        }
    }

    fn operation(&mut self, operation: &mut Value, pointer: &str, shared: &[BodyParameter]) {
        let Some(operation) = operation.as_object_mut() else {
            return;
        };
        let consumes = media_types(operation.get("consumes")).or_else(|| self.consumes.clone());
        let produces = media_types(operation.get("produces")).or_else(|| self.produces.clone());
        for keyword in ["consumes", "produces", "schemes"] {
            operation.remove(keyword);
        }

        let mut own = Vec::new();
        if let Some(parameters) = operation.get_mut("parameters") {
            own = self.parameter_list(parameters, &format!("{pointer}/parameters"));
        }
        // An operation's own parameter replaces a path's of the same name.
        let inherited: Vec<BodyParameter> = shared
            .iter()
            .filter(|inherited| {
                !own.iter()
                    .any(|mine| same_parameter(&mine.parameter, &inherited.parameter))
            })
            .map(|inherited| BodyParameter {
                pointer: inherited.pointer.clone(),
                parameter: inherited.parameter.clone(),
            })
            .collect();
        let mut bodies = own;
        bodies.extend(inherited);
        if operation
            .get("parameters")
            .and_then(Value::as_array)
            .is_some_and(Vec::is_empty)
        {
            operation.remove("parameters");
        }
        if let Some(body) = self.request_body(&bodies, pointer, consumes.as_deref()) {
            operation.insert("requestBody".to_owned(), body);
        }

        if let Some(responses) = operation
            .get_mut("responses")
            .and_then(Value::as_object_mut)
        {
            for (status, response) in responses.iter_mut() {
                let pointer = format!("{pointer}/responses/{}", escape_pointer_token(status));
                self.response(response, &pointer, produces.as_deref());
            }
        }
    }

    /// Translates the non-body parameters of a list in place and takes the
    /// `body` and `formData` ones out (a `$ref` to a shared one included),
    /// returning those.
    fn parameter_list(&mut self, parameters: &mut Value, pointer: &str) -> Vec<BodyParameter> {
        let Some(list) = parameters.as_array_mut() else {
            return Vec::new();
        };
        let mut bodies = Vec::new();
        let mut kept = Vec::new();
        for (index, parameter) in std::mem::take(list).into_iter().enumerate() {
            let written = format!("{pointer}/{index}");
            match self.shared_body(&parameter) {
                Some((name, shared)) => bodies.push(BodyParameter {
                    pointer: format!("#/parameters/{}", escape_pointer_token(&name)),
                    parameter: shared,
                }),
                None if is_body_or_form(&parameter) => bodies.push(BodyParameter {
                    pointer: written,
                    parameter,
                }),
                None => kept.push((index, parameter)),
            }
        }
        for (position, (index, mut parameter)) in kept.into_iter().enumerate() {
            let now = format!("{pointer}/{position}");
            if position != index {
                self.source_map
                    .record_move(now.clone(), format!("{pointer}/{index}"));
            }
            self.parameter(&mut parameter, &now);
            list.push(parameter);
        }
        bodies
    }

    /// The shared `body` or `formData` parameter a `$ref` names, with its name.
    fn shared_body(&self, parameter: &Value) -> Option<(String, Value)> {
        let reference = parameter.get("$ref")?.as_str()?;
        let name = refs::decoded(reference)
            .strip_prefix("#/parameters/")?
            .replace("~1", "/")
            .replace("~0", "~");
        let shared = self.shared_parameters.get(&name)?;
        is_body_or_form(shared).then(|| (name, shared.clone()))
    }

    /// A non-body parameter (or a header): its value keywords move into `schema`.
    fn parameter(&mut self, parameter: &mut Value, pointer: &str) {
        let Some(object) = parameter.as_object_mut() else {
            return;
        };
        if object.contains_key("$ref") || object.contains_key("schema") {
            if let Some(schema) = object.get_mut("schema") {
                schema_tree(schema);
            }
            return;
        }
        let location = object.get("in").and_then(Value::as_str).map(str::to_owned);
        let collection = object.remove("collectionFormat");
        let schema = value_schema(object);
        let is_array = schema.get("type").and_then(Value::as_str) == Some("array");
        object.insert("schema".to_owned(), schema);
        self.source_map
            .record_move(format!("{pointer}/schema"), pointer.to_owned());
        if location.as_deref() != Some("query") {
            object.remove("allowEmptyValue");
        }
        if !is_array {
            return;
        }
        let format = collection
            .as_ref()
            .and_then(Value::as_str)
            .unwrap_or("csv")
            .to_owned();
        match (location.as_deref(), format.as_str()) {
            // 3.0's default for a query array is one `name=value` per item.
            (Some("query"), "multi") => {}
            (Some("query"), "ssv") => set_style(object, "spaceDelimited"),
            (Some("query"), "pipes") => set_style(object, "pipeDelimited"),
            (Some("query"), other) => {
                if other == "tsv" {
                    self.tsv_warning(&format!("{pointer}/collectionFormat"));
                }
                set_style(object, "form");
            }
            // Path and header values are comma-separated in both versions.
            (_, "csv" | "multi") => {}
            (_, other) => {
                self.warnings.push(
                    self.source_map.diagnostic(
                        Code::CollectionFormat,
                        self.path,
                        &format!("{pointer}/collectionFormat"),
                        format!(
                            "`collectionFormat: {other}` has no OpenAPI 3.0 form outside a query; the values are sent comma-separated"
                        ),
                    ),
                );
            }
        }
    }

    fn tsv_warning(&mut self, pointer: &str) {
        self.warnings.push(
            self.source_map
                .diagnostic(
                    Code::CollectionFormat,
                    self.path,
                    pointer,
                    "`collectionFormat: tsv` has no OpenAPI 3.0 form; the values are sent comma-separated",
                )
                .hint("use `csv`, `ssv`, `pipes` or `multi`"),
        );
    }

    /// The 3.0 request body of an operation's `body` and `formData` parameters.
    fn request_body(
        &mut self,
        parameters: &[BodyParameter],
        operation: &str,
        consumes: Option<&[String]>,
    ) -> Option<Value> {
        let consumes = consumes.unwrap_or_default();
        if let Some(body) = parameters
            .iter()
            .find(|body| body.parameter.get("in") == Some(&json!("body")))
        {
            return Some(self.body(body, operation, consumes));
        }
        let fields: Vec<&BodyParameter> = parameters
            .iter()
            .filter(|form| form.parameter.get("in") == Some(&json!("formData")))
            .collect();
        if fields.is_empty() {
            return None;
        }
        Some(self.form(&fields, operation, consumes))
    }

    /// A `body` parameter: its schema in each media type consumed.
    fn body(&mut self, body: &BodyParameter, operation: &str, consumes: &[String]) -> Value {
        let pointer = format!("{operation}/requestBody");
        self.source_map
            .record_move(pointer.clone(), body.pointer.clone());
        let mut schema = body.parameter.get("schema").cloned().unwrap_or(json!({}));
        schema_tree(&mut schema);
        let consumed: Vec<&str> = consumes
            .iter()
            .map(String::as_str)
            .filter(|media| !is_form(media))
            .collect();
        let consumed = if consumed.is_empty() {
            vec![JSON]
        } else {
            consumed
        };
        let mut content = Map::new();
        for media in consumed {
            content.insert(media.to_owned(), json!({ "schema": schema }));
            self.source_map.record_move(
                format!("{pointer}/content/{}/schema", escape_pointer_token(media)),
                format!("{}/schema", body.pointer),
            );
        }
        let mut request = Map::new();
        copy_keys(&body.parameter, &mut request, |key| {
            key == "description" || key == "required" || key.starts_with("x-")
        });
        if let Some(name) = body.parameter.get("name") {
            request
                .entry("x-codegen-request-body-name")
                .or_insert(name.clone());
        }
        request.insert("content".to_owned(), Value::Object(content));
        Value::Object(request)
    }

    /// `formData` parameters: one object schema, a property each.
    fn form(&mut self, fields: &[&BodyParameter], operation: &str, consumes: &[String]) -> Value {
        let pointer = format!("{operation}/requestBody");
        // The body as a whole is where its first field was written; each
        // property, recorded after, where its own was.
        if let Some(first) = fields.first() {
            self.source_map
                .record_move(pointer.clone(), first.pointer.clone());
        }
        let mut declared: Vec<&str> = consumes
            .iter()
            .map(String::as_str)
            .filter(|media| is_form(media))
            .collect();
        if declared.is_empty() {
            let has_file = fields
                .iter()
                .any(|field| field.parameter.get("type") == Some(&json!("file")));
            declared.push(if has_file {
                "multipart/form-data"
            } else {
                "application/x-www-form-urlencoded"
            });
        }
        let mut properties = Map::new();
        let mut required = Vec::new();
        let mut encoding = Map::new();
        for field in fields {
            let Some(name) = field.parameter.get("name").and_then(Value::as_str) else {
                continue;
            };
            let mut parameter = field.parameter.as_object().cloned().unwrap_or_default();
            let collection = parameter.remove("collectionFormat");
            let mut schema = value_schema(&mut parameter);
            if let (Some(description), Some(object)) =
                (parameter.get("description"), schema.as_object_mut())
            {
                object.insert("description".to_owned(), description.clone());
            }
            if schema.get("type") == Some(&json!("array")) {
                let explode = collection.as_ref().and_then(Value::as_str) == Some("multi");
                encoding.insert(
                    name.to_owned(),
                    json!({ "style": "form", "explode": explode }),
                );
            }
            if parameter.get("required") == Some(&json!(true)) {
                required.push(json!(name));
            }
            properties.insert(name.to_owned(), schema);
            for media in &declared {
                self.source_map.record_move(
                    format!(
                        "{pointer}/content/{}/schema/properties/{}",
                        escape_pointer_token(media),
                        escape_pointer_token(name)
                    ),
                    field.pointer.clone(),
                );
            }
        }
        let mut schema = json!({ "type": "object", "properties": properties });
        if !required.is_empty() {
            schema["required"] = Value::Array(required.clone());
        }
        let mut content = Map::new();
        for media in declared {
            let mut media_type = json!({ "schema": schema });
            if !encoding.is_empty() && media.starts_with("application/x-www-form-urlencoded") {
                media_type["encoding"] = Value::Object(encoding.clone());
            }
            content.insert(media.to_owned(), media_type);
        }
        json!({ "required": !required.is_empty(), "content": content })
    }

    /// A response: its schema in each media type produced, its headers'
    /// value keywords in a `schema`.
    fn response(&mut self, response: &mut Value, pointer: &str, produces: Option<&[String]>) {
        let Some(object) = response.as_object_mut() else {
            return;
        };
        if object.contains_key("$ref") {
            return;
        }
        object.entry("description").or_insert_with(|| json!(""));
        if let Some(headers) = object.get_mut("headers").and_then(Value::as_object_mut) {
            for (name, header) in headers.iter_mut() {
                let pointer = format!("{pointer}/headers/{}", escape_pointer_token(name));
                if let Some(header) = header.as_object_mut() {
                    let schema = value_schema(header);
                    header.insert("schema".to_owned(), schema);
                    header.remove("collectionFormat");
                    self.source_map
                        .record_move(format!("{pointer}/schema"), pointer.clone());
                }
            }
        }
        let examples = object.remove("examples");
        let Some(mut schema) = object.remove("schema") else {
            return;
        };
        schema_tree(&mut schema);
        let is_file = schema.get("type") == Some(&json!("string"))
            && schema.get("format") == Some(&json!("binary"));
        let mut produced: Vec<String> = produces.map(<[String]>::to_vec).unwrap_or_default();
        if produced.is_empty() {
            produced.push(
                if is_file {
                    "application/octet-stream"
                } else {
                    JSON
                }
                .to_owned(),
            );
        }
        let mut content = Map::new();
        for media in &produced {
            let mut media_type = json!({ "schema": schema });
            self.source_map.record_move(
                format!("{pointer}/content/{}/schema", escape_pointer_token(media)),
                format!("{pointer}/schema"),
            );
            if let Some(example) = examples.as_ref().and_then(|examples| examples.get(media)) {
                media_type["example"] = example.clone();
                self.source_map.record_move(
                    format!("{pointer}/content/{}/example", escape_pointer_token(media)),
                    format!("{pointer}/examples/{}", escape_pointer_token(media)),
                );
            }
            content.insert(media.clone(), media_type);
        }
        object.insert("content".to_owned(), Value::Object(content));
    }
}

/// The servers `host`, `basePath` and `schemes` describe.
fn servers(root: &Map<String, Value>) -> Vec<Value> {
    let base_path = root
        .get("basePath")
        .and_then(Value::as_str)
        .unwrap_or("")
        .trim_end_matches('/');
    let Some(host) = root.get("host").and_then(Value::as_str) else {
        return if base_path.is_empty() {
            Vec::new()
        } else {
            vec![json!({ "url": base_path })]
        };
    };
    let mut schemes: Vec<&str> = root
        .get("schemes")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .filter(|scheme| matches!(*scheme, "https" | "http"))
        .collect();
    // The default scheme is the one the description was fetched with,
    // which a client cannot know; HTTPS is the safe guess.
    if schemes.is_empty() {
        schemes.push("https");
    }
    schemes.sort_by_key(|scheme| *scheme != "https");
    schemes.dedup();
    schemes
        .into_iter()
        .map(|scheme| json!({ "url": format!("{scheme}://{host}{base_path}") }))
        .collect()
}

/// 2.0 security schemes in their 3.0 form.
fn security_scheme(scheme: &mut Value) {
    let Some(object) = scheme.as_object_mut() else {
        return;
    };
    match object.get("type").and_then(Value::as_str) {
        Some("basic") => {
            object.insert("type".to_owned(), json!("http"));
            object.insert("scheme".to_owned(), json!("basic"));
        }
        Some("oauth2") => {
            let flow_name = match object.remove("flow").as_ref().and_then(Value::as_str) {
                Some("implicit") => "implicit",
                Some("password") => "password",
                Some("application") => "clientCredentials",
                _ => "authorizationCode",
            };
            let mut flow = Map::new();
            for key in ["authorizationUrl", "tokenUrl"] {
                if let Some(url) = object.remove(key) {
                    flow.insert(key.to_owned(), url);
                }
            }
            flow.insert(
                "scopes".to_owned(),
                object.remove("scopes").unwrap_or_else(|| json!({})),
            );
            object.insert("flows".to_owned(), json!({ flow_name: flow }));
        }
        _ => {}
    }
}

/// Moves the value keywords of a 2.0 parameter, items object or header
/// into a 3.0 schema.
fn value_schema(object: &mut Map<String, Value>) -> Value {
    let mut schema = Map::new();
    for keyword in VALUE_KEYWORDS {
        if let Some(value) = object.remove(*keyword) {
            schema.insert((*keyword).to_owned(), value);
        }
    }
    if let Some(Value::Object(items)) = schema.get_mut("items") {
        items.remove("collectionFormat");
    }
    let mut schema = Value::Object(schema);
    schema_tree(&mut schema);
    schema
}

/// Translates a schema and every schema inside it.
fn schema_tree(schema: &mut Value) {
    let mut pending = vec![schema];
    while let Some(schema) = pending.pop() {
        let Some(object) = schema.as_object_mut() else {
            continue;
        };
        schema_keywords(object);
        for (keyword, value) in object.iter_mut() {
            match keyword.as_str() {
                "items" | "additionalProperties" | "not" => pending.push(value),
                "allOf" | "anyOf" | "oneOf" => {
                    pending.extend(value.as_array_mut().into_iter().flatten());
                }
                "properties" => {
                    pending.extend(value.as_object_mut().into_iter().flatten().map(|(_, v)| v))
                }
                _ => {}
            }
        }
    }
}

/// The 2.0 spellings of one schema's own keywords.
fn schema_keywords(object: &mut Map<String, Value>) {
    if object.get("type") == Some(&json!("file")) {
        object.insert("type".to_owned(), json!("string"));
        object.insert("format".to_owned(), json!("binary"));
    }
    if object.remove("x-nullable") == Some(json!(true)) {
        object.insert("nullable".to_owned(), json!(true));
    }
    if let Some(Value::String(property)) = object.get("discriminator") {
        let property = property.clone();
        object.insert(
            "discriminator".to_owned(),
            json!({ "propertyName": property }),
        );
    }
}

fn set_style(object: &mut Map<String, Value>, style: &str) {
    object.insert("style".to_owned(), json!(style));
    object.insert("explode".to_owned(), json!(false));
}

fn copy_keys(from: &Value, to: &mut Map<String, Value>, keep: impl Fn(&str) -> bool) {
    for (key, value) in from.as_object().into_iter().flatten() {
        if keep(key) {
            to.insert(key.clone(), value.clone());
        }
    }
}

fn is_body_or_form(parameter: &Value) -> bool {
    matches!(
        parameter.get("in").and_then(Value::as_str),
        Some("body" | "formData")
    )
}

fn is_form(media: &str) -> bool {
    media.starts_with("multipart/form-data")
        || media.starts_with("application/x-www-form-urlencoded")
}

fn is_method(key: &str) -> bool {
    matches!(
        key,
        "get" | "put" | "post" | "delete" | "options" | "head" | "patch"
    )
}

/// Two parameters are the same when their name and location are.
fn same_parameter(a: &Value, b: &Value) -> bool {
    a.get("name") == b.get("name") && a.get("in") == b.get("in")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::parse_spec;

    const DOCUMENT: &str = r##"swagger: "2.0"
info: {title: Files, version: "1"}
host: api.example.com
basePath: /v2/
schemes: [http, https]
consumes: [application/json]
produces: [application/json]
securityDefinitions:
  basic: {type: basic}
  key: {type: apiKey, name: X-Key, in: header}
  code:
    type: oauth2
    flow: accessCode
    authorizationUrl: https://example.com/authorize
    tokenUrl: https://example.com/token
    scopes: {read: Read}
  machine: {type: oauth2, flow: application, tokenUrl: https://example.com/token}
parameters:
  Limit: {name: limit, in: query, type: integer, format: int32, default: 10}
  Body: {name: pet, in: body, required: true, schema: {$ref: "#/definitions/Pet"}}
responses:
  NotFound: {description: missing, schema: {$ref: "#/definitions/Error"}}
paths:
  /pets/{id}:
    parameters:
      - {name: id, in: path, required: true, type: string}
    put:
      operationId: put_pet
      parameters:
        - $ref: "#/parameters/Body"
        - {name: tags, in: query, type: array, items: {type: string}, collectionFormat: multi}
        - {name: ids, in: header, type: array, items: {type: integer}}
        - {name: colours, in: query, type: array, items: {type: string}, collectionFormat: pipes}
        - $ref: "#/parameters/Limit"
      responses:
        "200":
          description: ok
          schema: {$ref: "#/definitions/Pet"}
          headers: {X-Rate: {type: integer, description: left}}
          examples: {application/json: {name: Rex}}
        "404": {$ref: "#/responses/NotFound"}
  /pets/{id}/photo:
    post:
      operationId: upload
      consumes: [multipart/form-data]
      produces: [image/png]
      parameters:
        - {name: id, in: path, required: true, type: string}
        - {name: file, in: formData, type: file, required: true}
        - {name: note, in: formData, type: string, description: a note}
      responses:
        "200": {description: the photo, schema: {type: file}}
definitions:
  Pet:
    type: object
    discriminator: kind
    required: [name, kind]
    properties:
      name: {type: string}
      kind: {type: string}
      owner: {type: string, x-nullable: true}
  Error: {type: object, properties: {message: {type: string}}}
"##;

    fn translated() -> crate::load::Spec {
        parse_spec(Path::new("specs/t.yaml"), DOCUMENT).expect("the 2.0 document loads")
    }

    #[test]
    fn servers_components_and_security_take_their_3_0_places() {
        let spec = translated();
        let json = &spec.json;
        assert_eq!(json["openapi"], "3.0.3");
        assert_eq!(
            json["servers"],
            json!([{"url": "https://api.example.com/v2"}, {"url": "http://api.example.com/v2"}])
        );
        let schemes = &json["components"]["securitySchemes"];
        assert_eq!(schemes["basic"], json!({"type": "http", "scheme": "basic"}));
        assert_eq!(
            schemes["key"],
            json!({"type": "apiKey", "name": "X-Key", "in": "header"})
        );
        assert_eq!(
            schemes["code"]["flows"]["authorizationCode"]["tokenUrl"],
            "https://example.com/token"
        );
        assert_eq!(
            schemes["machine"]["flows"]["clientCredentials"]["scopes"],
            json!({})
        );
        let pet = &json["components"]["schemas"]["Pet"];
        assert_eq!(pet["discriminator"], json!({"propertyName": "kind"}));
        assert_eq!(pet["properties"]["owner"]["nullable"], json!(true));
        assert_eq!(
            json["components"]["parameters"]["Limit"]["schema"],
            json!({"type": "integer", "format": "int32", "default": 10})
        );
        assert!(json["components"]["parameters"].get("Body").is_none());
    }

    #[test]
    fn bodies_parameters_and_responses_take_their_3_0_forms() {
        let spec = translated();
        let put = &spec.json["paths"]["/pets/{id}"]["put"];
        assert_eq!(
            put["requestBody"]["content"]["application/json"]["schema"],
            json!({"$ref": "#/components/schemas/Pet"})
        );
        assert_eq!(put["requestBody"]["required"], json!(true));
        let parameters = put["parameters"].as_array().unwrap();
        assert_eq!(
            parameters.len(),
            4,
            "the body is no parameter: {parameters:#?}"
        );
        assert_eq!(parameters[0]["schema"]["items"], json!({"type": "string"}));
        assert!(
            parameters[0].get("style").is_none(),
            "multi is 3.0's default"
        );
        assert!(
            parameters[1].get("style").is_none(),
            "a header is comma-separated"
        );
        assert_eq!(parameters[2]["style"], "pipeDelimited");
        assert_eq!(
            parameters[3],
            json!({"$ref": "#/components/parameters/Limit"})
        );
        let ok = &put["responses"]["200"];
        assert_eq!(
            ok["content"]["application/json"]["example"],
            json!({"name": "Rex"})
        );
        assert_eq!(
            ok["headers"]["X-Rate"]["schema"],
            json!({"type": "integer"})
        );
        assert_eq!(
            put["responses"]["404"],
            json!({"$ref": "#/components/responses/NotFound"})
        );
        assert_eq!(
            spec.json["components"]["responses"]["NotFound"]["content"]["application/json"]["schema"],
            json!({"$ref": "#/components/schemas/Error"})
        );

        let upload = &spec.json["paths"]["/pets/{id}/photo"]["post"];
        let form = &upload["requestBody"]["content"]["multipart/form-data"]["schema"];
        assert_eq!(
            form["properties"]["file"],
            json!({"type": "string", "format": "binary"})
        );
        assert_eq!(form["properties"]["note"]["description"], "a note");
        assert_eq!(form["required"], json!(["file"]));
        assert_eq!(
            upload["responses"]["200"]["content"]["image/png"]["schema"],
            json!({"type": "string", "format": "binary"})
        );
    }

    #[test]
    fn moved_nodes_are_located_where_they_were_written() {
        let spec = translated();
        let line_of = |pointer: &str| spec.source_map.locate(pointer).map(|at| at.line);
        let line_written = |needle: &str| {
            DOCUMENT
                .lines()
                .position(|line| line.contains(needle))
                .map(|index| index + 1)
        };
        assert_eq!(
            line_of("#/components/schemas/Pet/properties/owner"),
            line_written("owner: {type")
        );
        assert_eq!(
            spec.source_map
                .original("#/paths/~1pets~1{id}/put/parameters/2/schema/items"),
            "#/paths/~1pets~1{id}/put/parameters/3/items"
        );
        assert_eq!(
            spec.source_map
                .original("#/paths/~1pets~1{id}/put/requestBody/content/application~1json/schema"),
            "#/parameters/Body/schema"
        );
        assert_eq!(
            spec.source_map.original(
                "#/paths/~1pets~1{id}~1photo/post/requestBody/content/multipart~1form-data/schema/properties/note/type"
            ),
            "#/paths/~1pets~1{id}~1photo/post/parameters/2/type"
        );
        assert_eq!(
            line_of("#/paths/~1pets~1{id}/put/responses/200/content/application~1json/schema"),
            line_written("          schema: {$ref")
        );
        assert_eq!(
            line_of("#/components/securitySchemes/key"),
            line_written("key: {type: apiKey")
        );
    }

    #[test]
    fn a_tsv_collection_is_sent_comma_separated_with_a_warning() {
        let text = "swagger: '2.0'\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      parameters: [{name: q, in: query, type: array, items: {type: string}, collectionFormat: tsv}]\n      responses: {'204': {description: none}}\n";
        let spec = parse_spec(Path::new("specs/t.yaml"), text).unwrap();
        let [warning] = &spec.warnings[..] else {
            panic!("expected one warning: {:#?}", spec.warnings)
        };
        assert_eq!(warning.code, Code::CollectionFormat);
        assert_eq!(warning.location.map(|at| at.line), Some(6));
        assert_eq!(
            spec.json["paths"]["/a"]["get"]["parameters"][0]["style"],
            "form"
        );
        assert_eq!(
            spec.json["paths"]["/a"]["get"]["parameters"][0]["explode"],
            false
        );
    }
}
