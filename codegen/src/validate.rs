//! Stage 2: checks that a parsed spec is something the generator can turn into
//! a client, so that a mistake is reported at its line instead of surfacing as
//! a progenitor error (or assertion) with no position.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use openapiv3::{
    Operation, Parameter, ParameterSchemaOrContent, PathStyle, QueryStyle, ReferenceOr, Response,
    StatusCode,
};

use crate::diagnostic::{Diagnostic, Error, escape_pointer_token};
use crate::load::Spec;
use crate::{refs, schemas};

/// Request body media types the generator can encode.
const SUPPORTED_REQUEST_TYPES: &[&str] = &[
    "application/json",
    "application/x-www-form-urlencoded",
    "application/octet-stream",
    "text/plain",
    "text/x-markdown",
];

/// Returns every problem found in `spec`, or `Ok` when it can be generated.
pub fn validate(spec: &Spec) -> Result<(), Error> {
    let mut diagnostics = refs::check(spec);
    diagnostics.extend(check_samples(spec));
    diagnostics.extend(check_schema_types(spec));
    let mut operation_ids: HashMap<&str, (String, String)> = HashMap::new();

    for (path, item) in &spec.document.paths.paths {
        let path_pointer = format!("#/paths/{}", escape_pointer_token(path));
        let item = match item {
            ReferenceOr::Item(item) => item,
            ReferenceOr::Reference { .. } => {
                diagnostics.push(
                    spec.diagnostic(&path_pointer, format!("path `{path}` is a $ref"))
                        .hint(
                            "write the path item inline; referenced path items are not supported",
                        ),
                );
                continue;
            }
        };
        check_parameters(spec, &path_pointer, &item.parameters, &mut diagnostics);
        for (method, operation) in item.iter() {
            let pointer = format!("{path_pointer}/{method}");
            check_parameters(spec, &pointer, &operation.parameters, &mut diagnostics);
            check_request_body(spec, &pointer, operation, &mut diagnostics);
            match operation.operation_id.as_deref() {
                None | Some("") => diagnostics.push(
                    spec.diagnostic(
                        &pointer,
                        format!(
                            "operation {} {path} has no operationId",
                            method.to_uppercase()
                        ),
                    )
                    .hint("add a snake_case `operationId`; it becomes the client method's name"),
                ),
                Some(id) if !is_method_name(id) => diagnostics.push(
                    spec.diagnostic(
                        &format!("{pointer}/operationId"),
                        format!("operationId `{id}` cannot become a Rust method name"),
                    )
                    .hint(
                        "use ASCII letters, digits and underscores, starting with a letter, \
                         and not a Rust keyword (e.g. `list_accounts`)",
                    ),
                ),
                Some(id) => {
                    let here = format!("{} {path}", method.to_uppercase());
                    if let Some((first, first_pointer)) =
                        operation_ids.insert(id, (here, pointer.clone()))
                    {
                        let line = spec
                            .source_map
                            .locate(&first_pointer)
                            .map(|location| format!(" (line {})", location.line))
                            .unwrap_or_default();
                        diagnostics.push(
                            spec.diagnostic(
                                &format!("{pointer}/operationId"),
                                format!("operationId `{id}` is already used by {first}{line}"),
                            )
                            .hint("operationIds must be unique; each becomes a method name"),
                        );
                    }
                }
            }
            check_path_parameters(
                spec,
                path,
                &pointer,
                &item.parameters,
                operation,
                &mut diagnostics,
            );
            check_response_bodies(spec, &pointer, operation, &mut diagnostics);
        }
    }

    if diagnostics.is_empty() {
        Ok(())
    } else {
        diagnostics.sort_by(|a, b| (a.location, &a.message).cmp(&(b.location, &b.message)));
        diagnostics.dedup();
        Err(Error::Spec(diagnostics))
    }
}

/// Whether `id` names a method the same way here and in progenitor: plain
/// ASCII words whose snake_case form is an identifier and not a keyword.
pub(crate) fn is_method_name(id: &str) -> bool {
    id.starts_with(|c: char| c.is_ascii_alphabetic())
        && id.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        && syn::parse_str::<syn::Ident>(&crate::lint::to_snake_case(id)).is_ok()
}

/// The six JSON types a schema's `type` may name in OpenAPI 3.0.
const SCHEMA_TYPES: &[&str] = &["string", "number", "integer", "boolean", "array", "object"];

fn json_kind(value: &serde_json::Value) -> &'static str {
    match value {
        serde_json::Value::Null => "null",
        serde_json::Value::Bool(_) => "boolean",
        serde_json::Value::Number(_) => "number",
        serde_json::Value::String(_) => "string",
        serde_json::Value::Array(_) => "array",
        serde_json::Value::Object(_) => "object",
    }
}

/// Keywords that only make sense with a `type`; without one the generator stops.
const TYPED_KEYWORDS: &[&str] = &[
    "format",
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "multipleOf",
    "minLength",
    "maxLength",
    "pattern",
    "items",
    "minItems",
    "maxItems",
    "uniqueItems",
];

/// `type` must name a JSON type, and enum values must become distinct Rust
/// variants (the generator stops on either).
fn check_schema_types(spec: &Spec) -> Vec<Diagnostic> {
    let mut diagnostics = Vec::new();
    for (pointer, schema) in schemas::all_schemas(&spec.json) {
        if let Some(typ) = schema.get("type")
            && !typ
                .as_str()
                .is_some_and(|name| SCHEMA_TYPES.contains(&name))
        {
            diagnostics.push(
                spec.diagnostic(
                    &format!("{pointer}/type"),
                    format!("`type: {typ}` is not a schema type"),
                )
                .hint(format!("use one of: {}", SCHEMA_TYPES.join(", "))),
            );
        }
        if let (Some(typ @ ("object" | "array" | "boolean")), Some(format)) = (
            schema.get("type").and_then(serde_json::Value::as_str),
            schema.get("format"),
        ) {
            diagnostics.push(
                spec.diagnostic(
                    &format!("{pointer}/format"),
                    format!("`format: {format}` does not apply to `type: {typ}`"),
                )
                .hint("remove `format`, or fix the `type`"),
            );
        }
        if schema.get("type").is_none()
            && schema.get("$ref").is_none()
            && let Some(keyword) = TYPED_KEYWORDS
                .iter()
                .find(|key| schema.get(**key).is_some())
        {
            diagnostics.push(
                spec.diagnostic(&pointer, format!("this schema has `{keyword}` but no `type`"))
                    .hint("add the `type` the keyword applies to (`string`, `integer`, `number` or `array`)"),
            );
        }
        let Some(serde_json::Value::Array(values)) = schema.get("enum") else {
            continue;
        };
        if schema.get("type").is_none() {
            let kinds: BTreeSet<&str> = values
                .iter()
                .filter(|v| !v.is_null())
                .map(json_kind)
                .collect();
            if kinds.len() > 1 {
                diagnostics.push(
                    spec.diagnostic(
                        &format!("{pointer}/enum"),
                        format!(
                            "enum values of different kinds ({}) without a `type`",
                            kinds.into_iter().collect::<Vec<_>>().join(", ")
                        ),
                    )
                    .hint("give the schema a `type` and make every value of that type"),
                );
            }
        }
        let mut seen: HashMap<String, usize> = HashMap::new();
        for (index, value) in values.iter().enumerate() {
            // Values that differ only in case or punctuation become the same variant name.
            let key = match value {
                serde_json::Value::String(text) => text
                    .chars()
                    .filter(char::is_ascii_alphanumeric)
                    .collect::<String>()
                    .to_ascii_lowercase(),
                other => other.to_string(),
            };
            if let Some(first) = seen.insert(key, index) {
                diagnostics.push(
                    spec.diagnostic(&format!("{pointer}/enum/{index}"), format!("enum value {value} repeats enum value {} as a Rust variant name", values[first]))
                        .hint("remove the duplicate, or make the values differ by more than case and punctuation"),
                );
            }
        }
    }
    diagnostics
}

/// Examples, defaults and enum values must conform to their schemas: the
/// generator turns defaults and enums into code, and examples document it.
fn check_samples(spec: &Spec) -> Vec<Diagnostic> {
    schemas::samples(&spec.json)
        .into_iter()
        .filter_map(|sample| {
            let problem = schemas::conforms(&spec.json, sample.schema, sample.value).err()?;
            Some(
                spec.diagnostic(
                    &sample.pointer,
                    format!("invalid {}: {problem}", sample.kind),
                )
                .hint(format!(
                    "make the {} match its schema, or fix the schema",
                    sample.kind
                )),
            )
        })
        .collect()
}

/// Parameter kinds and styles the generated client can send.
fn check_parameters(
    spec: &Spec,
    pointer: &str,
    parameters: &[ReferenceOr<Parameter>],
    diagnostics: &mut Vec<Diagnostic>,
) {
    for (index, parameter) in parameters.iter().enumerate() {
        let at = format!("{pointer}/parameters/{index}");
        let Some(parameter) = resolve_parameter(spec, parameter) else {
            continue; // A broken `$ref` is reported by the reference check.
        };
        let data = parameter.parameter_data_ref();
        let name = &data.name;
        let problem = match parameter {
            Parameter::Cookie { .. } => Some((
                format!("cookie parameter `{name}` is not supported"),
                "send it as a header parameter, or leave it out of the spec".to_owned(),
            )),
            Parameter::Path { style, .. } if !matches!(style, PathStyle::Simple) => Some((
                format!("path parameter `{name}` uses a style other than `simple`"),
                "remove `style` (the default, `simple`, is the only one supported)".to_owned(),
            )),
            Parameter::Path { .. } if !data.required => Some((
                format!("path parameter `{name}` is not marked `required: true`"),
                "path parameters are always required: add `required: true`".to_owned(),
            )),
            Parameter::Query { style, .. } if !matches!(style, QueryStyle::Form) => Some((
                format!("query parameter `{name}` uses a style other than `form`"),
                "remove `style` (the default, `form`, is the only one supported)".to_owned(),
            )),
            Parameter::Query { .. } | Parameter::Header { .. } | Parameter::Path { .. }
                if is_object_schema(spec, &at) =>
            {
                Some((
                    format!("parameter `{name}` is an object"),
                    "split it into one parameter per field".to_owned(),
                ))
            }
            _ if matches!(data.format, ParameterSchemaOrContent::Content(_)) => Some((
                format!("parameter `{name}` uses `content` instead of `schema`"),
                "describe the parameter with a `schema`".to_owned(),
            )),
            _ => None,
        };
        if let Some((message, hint)) = problem {
            diagnostics.push(spec.diagnostic(&at, message).hint(hint));
        }
    }
}

/// Whether the parameter at `pointer` has an object-like schema (an explicit
/// `type: object`, or properties or composition without a `type`), which
/// the generator cannot send as a query or header value.
fn is_object_schema(spec: &Spec, pointer: &str) -> bool {
    let object_like =
        |schema: &serde_json::Value| match schema.get("type").and_then(serde_json::Value::as_str) {
            Some(typ) => typ == "object",
            None => [
                "properties",
                "additionalProperties",
                "allOf",
                "oneOf",
                "anyOf",
            ]
            .iter()
            .any(|key| schema.get(key).is_some()),
        };
    spec.json
        .pointer(pointer.trim_start_matches('#'))
        .and_then(|parameter| refs::follow(&spec.json, parameter))
        .and_then(|parameter| parameter.get("schema"))
        .and_then(|schema| refs::follow(&spec.json, schema))
        .is_some_and(object_like)
}

/// One request body media type, of a kind the generator can encode, with a schema.
fn check_request_body(
    spec: &Spec,
    pointer: &str,
    operation: &Operation,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let Some(body) = &operation.request_body else {
        return;
    };
    let Some(body) = resolve(spec, body, "requestBodies", |components| {
        &components.request_bodies
    }) else {
        return;
    };
    let at = format!("{pointer}/requestBody/content");
    if body.content.len() > 1 {
        let types: Vec<&str> = body.content.keys().map(String::as_str).collect();
        diagnostics.push(
            spec.diagnostic(
                &at,
                format!(
                    "the request body offers {} media types ({})",
                    types.len(),
                    types.join(", ")
                ),
            )
            .hint("keep exactly one media type per request body"),
        );
    }
    for (media_type, content) in &body.content {
        let media_at = format!("{at}/{}", escape_pointer_token(media_type));
        let essence = media_type.split(';').next().unwrap_or_default().trim();
        if !SUPPORTED_REQUEST_TYPES.contains(&essence) {
            diagnostics.push(
                spec.diagnostic(
                    &media_at,
                    format!("request body media type `{media_type}` is not supported"),
                )
                .hint(format!(
                    "use one of: {}",
                    SUPPORTED_REQUEST_TYPES.join(", ")
                )),
            );
        }
        check_media_type(spec, &media_at, media_type, content, diagnostics);
    }
}

/// A body's media type needs a schema, and the generator has no use for `encoding`.
fn check_media_type(
    spec: &Spec,
    pointer: &str,
    media_type: &str,
    content: &openapiv3::MediaType,
    diagnostics: &mut Vec<Diagnostic>,
) {
    if content.schema.is_none() {
        diagnostics.push(
            spec.diagnostic(pointer, format!("media type `{media_type}` has no schema"))
                .hint("add a `schema` describing the body (`{}` accepts any JSON)"),
        );
    }
    if !content.encoding.is_empty() {
        diagnostics.push(
            spec.diagnostic(
                &format!("{pointer}/encoding"),
                format!("media type `{media_type}` has an `encoding`, which is not supported"),
            )
            .hint("remove `encoding`"),
        );
    }
}

/// Every `{name}` in the path template needs a declared path parameter, and the reverse.
fn check_path_parameters(
    spec: &Spec,
    path: &str,
    pointer: &str,
    path_level: &[ReferenceOr<Parameter>],
    operation: &Operation,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let in_template: BTreeSet<&str> = path
        .split('{')
        .skip(1)
        .filter_map(|rest| rest.split_once('}').map(|(name, _)| name))
        .collect();
    let declared: BTreeSet<String> = path_level
        .iter()
        .chain(&operation.parameters)
        .filter_map(|parameter| resolve_parameter(spec, parameter))
        .filter_map(|parameter| match parameter {
            Parameter::Path { parameter_data, .. } => Some(parameter_data.name.clone()),
            _ => None,
        })
        .collect();
    for missing in in_template.iter().filter(|name| !declared.contains(**name)) {
        diagnostics.push(
            spec.diagnostic(
                pointer,
                format!("path parameter `{missing}` appears in `{path}` but is not declared"),
            )
            .hint(format!(
                "declare it under `parameters` with `in: path`, `name: {missing}` and `required: true`"
            )),
        );
    }
    for extra in declared
        .iter()
        .filter(|name| !in_template.contains(name.as_str()))
    {
        diagnostics.push(
            spec.diagnostic(
                pointer,
                format!("path parameter `{extra}` is declared but `{path}` has no `{{{extra}}}`"),
            )
            .hint("remove the parameter or add it to the path template"),
        );
    }
}

/// The generator gives each operation one success type and one error type.
fn check_response_bodies(
    spec: &Spec,
    pointer: &str,
    operation: &Operation,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let mut success: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut failure: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let responses = operation
        .responses
        .responses
        .iter()
        .map(|(status, response)| (status_label(status), Some(status), response))
        .chain(
            operation
                .responses
                .default
                .iter()
                .map(|response| ("default".to_owned(), None, response)),
        );
    for (label, status, response) in responses {
        let Some(response) = resolve_response(spec, response) else {
            diagnostics.push(
                spec.diagnostic(
                    &format!("{pointer}/responses/{label}"),
                    format!("response {label} refers to a response that does not exist"),
                )
                .hint("define it under `components/responses` or fix the $ref"),
            );
            continue;
        };
        let response_pointer = format!("{pointer}/responses/{label}");
        if let Some(StatusCode::Code(code)) = status
            && !(100..=599).contains(code)
        {
            diagnostics.push(
                spec.diagnostic(
                    &response_pointer,
                    format!("`{code}` is not an HTTP status code"),
                )
                .hint("use a code from 100 to 599, a range such as `4XX`, or `default`"),
            );
        }
        if let Some(StatusCode::Range(range)) = status
            && !(1..=5).contains(range)
        {
            diagnostics.push(
                spec.diagnostic(
                    &response_pointer,
                    format!("`{range}XX` is not an HTTP status range"),
                )
                .hint("use `1XX` to `5XX`"),
            );
        }
        for (media_type, content) in &response.content {
            let media_pointer = format!(
                "{response_pointer}/content/{}",
                escape_pointer_token(media_type)
            );
            check_media_type(spec, &media_pointer, media_type, content, diagnostics);
        }
        let body = body_signature(response);
        let (is_success, is_error) = match status {
            None => (true, true),
            Some(StatusCode::Code(code)) => (
                (200..300).contains(code) || *code == 101,
                (400..600).contains(code),
            ),
            Some(StatusCode::Range(range)) => (*range == 2, (4..=5).contains(range)),
        };
        if is_success {
            success.entry(body.clone()).or_default().push(label.clone());
        }
        if is_error {
            failure.entry(body).or_default().push(label);
        }
    }
    for (kind, bodies) in [("success", success), ("error", failure)] {
        if bodies.len() > 1 {
            let groups: Vec<String> = bodies.values().map(|labels| labels.join("/")).collect();
            diagnostics.push(
                spec.diagnostic(
                    &format!("{pointer}/responses"),
                    format!(
                        "{kind} responses have {} different bodies ({}); the generated client needs one {kind} type per operation",
                        bodies.len(),
                        groups.join(" vs ")
                    ),
                )
                .hint(format!("give every {kind} response of this operation the same schema $ref (or no body)")),
            );
        }
    }
}

fn status_label(status: &StatusCode) -> String {
    match status {
        StatusCode::Code(code) => code.to_string(),
        StatusCode::Range(range) => format!("{range}XX"),
    }
}

/// A comparable description of a response's body: media types and schemas.
fn body_signature(response: &Response) -> String {
    let content: BTreeMap<&String, String> = response
        .content
        .iter()
        .map(|(media_type, content)| {
            let schema = serde_json::to_string(&content.schema).unwrap_or_default();
            (media_type, schema)
        })
        .collect();
    format!("{content:?}")
}

/// What a `ReferenceOr` stands for: the item itself, or the component named by
/// `#/components/<kind>/<name>` (one hop; broken references are reported elsewhere).
fn resolve<'a, T>(
    spec: &'a Spec,
    item: &'a ReferenceOr<T>,
    kind: &str,
    section: impl FnOnce(&'a openapiv3::Components) -> &'a indexmap::IndexMap<String, ReferenceOr<T>>,
) -> Option<&'a T> {
    match item {
        ReferenceOr::Item(item) => Some(item),
        ReferenceOr::Reference { reference } => {
            let name = reference.strip_prefix(&format!("#/components/{kind}/"))?;
            section(spec.document.components.as_ref()?)
                .get(name)?
                .as_item()
        }
    }
}

fn resolve_response<'a>(
    spec: &'a Spec,
    response: &'a ReferenceOr<Response>,
) -> Option<&'a Response> {
    resolve(spec, response, "responses", |components| {
        &components.responses
    })
}

fn resolve_parameter<'a>(
    spec: &'a Spec,
    parameter: &'a ReferenceOr<Parameter>,
) -> Option<&'a Parameter> {
    resolve(spec, parameter, "parameters", |components| {
        &components.parameters
    })
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::load::parse_spec;

    fn problems(text: &str) -> Vec<String> {
        let spec = parse_spec(Path::new("specs/t.yaml"), text).unwrap();
        match validate(&spec) {
            Ok(()) => Vec::new(),
            Err(Error::Spec(diagnostics)) => diagnostics.iter().map(ToString::to_string).collect(),
            Err(other) => panic!("{other}"),
        }
    }

    const HEAD: &str = "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths:\n";

    #[test]
    fn every_problem_in_a_spec_is_reported_together() {
        let text = format!(
            "{HEAD}  /a/{{id}}:\n    get:\n      responses: {{'200': {{description: ok}}}}\n  /b:\n    get:\n      operationId: x\n      responses: {{'200': {{description: ok}}}}\n    post:\n      operationId: x\n      responses: {{'200': {{description: ok}}}}\n"
        );
        let problems = problems(&text);
        assert_eq!(problems.len(), 3, "{problems:#?}");
        assert!(problems[0].contains("has no operationId"));
        assert!(problems[1].contains("`id` appears in `/a/{id}` but is not declared"));
        assert!(
            problems[2].starts_with("specs/t.yaml:12:20: error: operationId `x` is already used")
        );
    }

    #[test]
    fn two_error_bodies_in_one_operation_are_rejected() {
        let text = format!(
            "{HEAD}  /a:\n    get:\n      operationId: a\n      responses:\n        '200': {{description: ok}}\n        '400':\n          description: bad\n          content: {{application/json: {{schema: {{type: string}}}}}}\n        '500':\n          description: bad\n          content: {{application/json: {{schema: {{type: integer}}}}}}\n"
        );
        let problems = problems(&text);
        assert_eq!(problems.len(), 1, "{problems:#?}");
        assert!(
            problems[0].contains("error responses have 2 different bodies"),
            "{}",
            problems[0]
        );
        assert!(
            problems[0].contains("400") && problems[0].contains("500"),
            "{}",
            problems[0]
        );
    }
}
