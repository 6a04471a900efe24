//! Stage 2: checks that a parsed spec is something the generator can turn into
//! a client, so that a mistake is reported at its line instead of surfacing as
//! a progenitor error (or assertion) with no position.
//!
//! Only what makes a correct client impossible is refused here: a `$ref`
//! that leads nowhere, an operation that cannot be called as written. What
//! OpenAPI merely advises against (examples that contradict their schemas,
//! unknown formats, names that collide in Rust) is resolved with a warning by
//! [`crate::normalize::repair`] and [`crate::normalize`].

use std::borrow::Cow;

use openapiv3::{
    Operation, Parameter, ParameterSchemaOrContent, PathStyle, QueryStyle, ReferenceOr, Response,
    StatusCode,
};

use crate::diagnostic::{Code, Diagnostic, Error, escape_pointer_token};
use crate::load::Spec;
use crate::load::refs;

/// Returns every problem found in `spec`, or `Ok` when it can be generated.
pub fn validate(spec: &Spec) -> Result<(), Error> {
    let mut diagnostics = refs::check(spec);
    diagnostics.extend(check_crate_version(spec));
    diagnostics.extend(check_type_crates(spec));

    for (path, item) in &spec.document.paths.paths {
        let path_pointer = format!("#/paths/{}", escape_pointer_token(path));
        let item = match item {
            ReferenceOr::Item(item) => item,
            // A path item may be a `$ref` to another (normalization copies
            // it in); one that leads nowhere is an error.
            ReferenceOr::Reference { reference } => {
                let target = refs::resolve(&spec.json, reference)
                    .and_then(|target| refs::follow(&spec.json, target));
                if !target.is_some_and(serde_json::Value::is_object) {
                    diagnostics.push(
                        spec.diagnostic(Code::PathItemReference,
                            &format!("{path_pointer}/$ref"),
                            format!("path `{path}` is a `$ref` to `{reference}`, which is not a path item"),
                        )
                        .hint("write the path item inline, or point the `$ref` at one"),
                    );
                }
                continue;
            }
        };
        for (method, operation) in item.iter() {
            let pointer = format!("{path_pointer}/{method}");
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

/// `info.x-crate-version` becomes the crate's `version` in `Cargo.toml`, so it
/// must be a version Cargo accepts (checked with the `semver` crate Cargo uses).
fn check_crate_version(spec: &Spec) -> Option<Diagnostic> {
    let pointer = "#/info/x-crate-version";
    let problem = match spec.document.info.extensions.get("x-crate-version")? {
        serde_json::Value::String(text) => semver::Version::parse(text).err().map(|error| {
            format!("`x-crate-version` `{text}` is not a semantic version: {error}")
        })?,
        other => format!(
            "`x-crate-version` must be a string, found {}",
            json_kind(other)
        ),
    };
    Some(
        spec.diagnostic(Code::InvalidExtension, pointer, problem)
            .hint("write the crate's version as Cargo needs it, e.g. `x-crate-version: \"0.2.0\"`"),
    )
}

/// The most group crates `info.x-type-crates` may ask for: each is a
/// crate to build, and beyond this many they cost more than they save.
pub const MAX_TYPE_CRATES: u64 = 64;

/// `info.x-type-crates` is how many crates the types are spread over
/// (see [`crate::emit::type_crates`]): a count, and a sensible one.
fn check_type_crates(spec: &Spec) -> Option<Diagnostic> {
    let value = spec.document.info.extensions.get("x-type-crates")?;
    let problem = match value.as_u64() {
        Some(count) if count <= MAX_TYPE_CRATES => return None,
        Some(count) => {
            format!("`x-type-crates` is {count}, more than the {MAX_TYPE_CRATES} it may be")
        }
        None => format!(
            "`x-type-crates` must be a whole number from 0 to {MAX_TYPE_CRATES}, found {}",
            match value {
                serde_json::Value::Number(number) => format!("the number {number}"),
                other => json_kind(other).to_owned(),
            }
        ),
    };
    Some(spec.diagnostic(Code::InvalidExtension, "#/info/x-type-crates", problem).hint(
        "write how many crates the types of a large API are spread over, e.g. `x-type-crates: 4`, or 0 for one crate",
    ))
}

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

/// A parameter the generated client cannot send as declared, and how
/// normalization resolves it (see [`crate::normalize::unsendable`]).
#[derive(Clone, Debug)]
pub struct ParameterProblem {
    /// The parameter's pointer, in its list (`#/paths/~1a/get/parameters/2`).
    pub pointer: String,
    /// What is wrong (located, without the resolution).
    pub diagnostic: Diagnostic,
    /// What generation does about it.
    pub resolution: Resolution,
}

/// How a [`ParameterProblem`] is resolved.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Resolution {
    /// A path parameter not marked required: it is required.
    Required,
    /// The value is a string the caller writes in the declared encoding
    /// (a JSON `content` parameter, a `pipeDelimited` list, a header object
    /// or list).
    AsText,
    /// OpenAPI defines no encoding the client can produce (a query object
    /// nesting objects): an optional parameter is left out, an operation
    /// that requires it is left out of the client.
    LeaveOut,
}

impl Resolution {
    /// The warning's code (an operation that requires a parameter left out
    /// is itself left out: [`Code::OperationLeftOut`]).
    pub fn code(self) -> Code {
        match self {
            Self::Required => Code::ParameterAsRequired,
            Self::AsText => Code::ParameterAsText,
            Self::LeaveOut => Code::ParameterLeftOut,
        }
    }
}

/// Every parameter of `spec` the client cannot send as declared.
pub fn parameter_problems(spec: &Spec) -> Vec<ParameterProblem> {
    let mut problems = Vec::new();
    for (path, item) in &spec.document.paths.paths {
        let ReferenceOr::Item(item) = item else {
            continue;
        };
        let path_pointer = format!("#/paths/{}", escape_pointer_token(path));
        check_parameters(spec, &path_pointer, &item.parameters, &mut problems);
        for (method, operation) in item.iter() {
            let pointer = format!("{path_pointer}/{method}");
            check_parameters(spec, &pointer, &operation.parameters, &mut problems);
        }
    }
    problems
}

/// Parameter kinds and styles the generated client can send.
fn check_parameters(
    spec: &Spec,
    pointer: &str,
    parameters: &[ReferenceOr<Parameter>],
    problems: &mut Vec<ParameterProblem>,
) {
    use Resolution::{AsText, LeaveOut, Required};
    for (index, parameter) in parameters.iter().enumerate() {
        let at = format!("{pointer}/parameters/{index}");
        let Some(parameter) = resolve_parameter(spec, parameter) else {
            continue; // A broken `$ref` is reported by the reference check.
        };
        let parameter = &*parameter;
        let data = parameter.parameter_data_ref();
        let name = &data.name;
        let query_object = match parameter {
            Parameter::Query {
                style: QueryStyle::Form,
                ..
            } => form_query_object_problem(spec, &at, name)
                .map(|(message, hint)| (message, hint, LeaveOut)),
            _ => None,
        };
        let problem = match parameter {
            Parameter::Query { .. } if query_object.is_some() => query_object,
            _ if is_list_of_objects(spec, &at) => Some((
                format!("parameter `{name}` is a list of objects, which no parameter style can send"),
                "send the objects in a request body, or list scalars".to_owned(),
                if matches!(parameter, Parameter::Query { .. }) { LeaveOut } else { AsText },
            )),
            Parameter::Query { .. } if is_composed_object(spec, &at) => Some((
                format!("query parameter `{name}` is an object only as one of several alternatives"),
                "a query object is sent one property per parameter: give it a single object schema, or make every alternative a scalar".to_owned(),
                LeaveOut,
            )),
            Parameter::Path { style, .. } if !matches!(style, PathStyle::Simple) => Some((
                format!("path parameter `{name}` uses a style other than `simple`"),
                "remove `style` (the default, `simple`, is the only one supported)".to_owned(),
                LeaveOut,
            )),
            Parameter::Query {
                style: QueryStyle::DeepObject,
                ..
            } if !is_flat_object(spec, &at) => Some((
                format!("query parameter `{name}` uses `deepObject` without being an object of scalars"),
                "OpenAPI defines `deepObject` for one level of properties; give it an object schema whose properties are not objects".to_owned(),
                LeaveOut,
            )),
            // progenitor repeats a list's name for each item, as `explode:
            // true` (the default) says; comma-joined items it cannot send.
            Parameter::Query {
                style: QueryStyle::Form,
                ..
            } if data.explode == Some(false) && is_schema_of(spec, &at, "array") => Some((
                format!("query parameter `{name}` is a list with `explode: false`"),
                "the client takes it as text: join the items with commas; or remove `explode: false` to send one parameter per item".to_owned(),
                AsText,
            )),
            Parameter::Query { style, .. }
                if !matches!(style, QueryStyle::Form | QueryStyle::DeepObject) =>
            {
                Some((
                    format!("query parameter `{name}` uses a style other than `form` or `deepObject`"),
                    "remove `style` (the default, `form`, sends arrays as repeated parameters)"
                        .to_owned(),
                    AsText,
                ))
            }
            // A query object is sent field by field (`form` style, exploded);
            // a path, header or cookie object has no such spelling in the client.
            Parameter::Header { .. } | Parameter::Path { .. } | Parameter::Cookie { .. }
                if is_schema_of(spec, &at, "object") =>
            {
                Some((
                    format!("parameter `{name}` is an object"),
                    "split it into one parameter per field".to_owned(),
                    AsText,
                ))
            }
            // progenitor writes a path, header or cookie value with `Display`,
            // which a list does not have.
            Parameter::Header { .. } | Parameter::Path { .. } | Parameter::Cookie { .. }
                if is_schema_of(spec, &at, "array") =>
            {
                Some((
                    format!("parameter `{name}` is a list"),
                    "the client takes it as text: join the items with commas, as the `simple` style does".to_owned(),
                    AsText,
                ))
            }
            _ if matches!(data.format, ParameterSchemaOrContent::Content(_)) => Some((
                format!("parameter `{name}` uses `content` instead of `schema`"),
                "describe the parameter with a `schema`".to_owned(),
                AsText,
            )),
            _ => None,
        };
        // Independent of the problems above, which may come on top.
        if matches!(parameter, Parameter::Path { .. }) && !data.required {
            problems.push(ParameterProblem {
                diagnostic: spec
                    .diagnostic(
                        Required.code(),
                        &at,
                        format!("path parameter `{name}` is not marked `required: true`"),
                    )
                    .hint("path parameters are always required: add `required: true`"),
                pointer: at.clone(),
                resolution: Required,
            });
        }
        if let Some((message, hint, resolution)) = problem {
            problems.push(ParameterProblem {
                diagnostic: spec.diagnostic(resolution.code(), &at, message).hint(hint),
                pointer: at,
                resolution,
            });
        }
    }
}

/// Why the `form` query parameter at `pointer`, an object with properties,
/// cannot be sent one property per parameter (`None` when it can, or is no such object).
fn form_query_object_problem(spec: &Spec, pointer: &str, name: &str) -> Option<(String, String)> {
    let parameter = spec
        .json
        .pointer(pointer.trim_start_matches('#'))
        .and_then(|parameter| refs::follow(&spec.json, parameter))?;
    let schema = refs::follow_wrappers(&spec.json, parameter.get("schema")?)?;
    let properties = schema
        .get("properties")
        .and_then(serde_json::Value::as_object)
        .filter(|properties| !properties.is_empty())?;
    if parameter.get("explode") == Some(&serde_json::Value::Bool(false)) {
        return Some((
            format!("query parameter `{name}` is an object with `explode: false`"),
            "remove `explode: false`: exploded, each property is sent as its own parameter"
                .to_owned(),
        ));
    }
    let nested = properties.iter().find(|(_, property)| {
        let property = refs::follow_wrappers(&spec.json, property).unwrap_or(property);
        property.get("type").and_then(serde_json::Value::as_str) == Some("object")
            || property.get("properties").is_some()
    })?;
    Some((
        format!(
            "query parameter `{name}` has the object property `{}`, which `form` style cannot send",
            nested.0
        ),
        "OpenAPI defines `form` objects for one level of properties; flatten the property into scalars".to_owned(),
    ))
}

/// The schema the parameter at `pointer` really has (references and
/// documenting wrappers followed).
fn parameter_schema<'a>(spec: &'a Spec, pointer: &str) -> Option<&'a serde_json::Value> {
    spec.json
        .pointer(pointer.trim_start_matches('#'))
        .and_then(|parameter| refs::follow(&spec.json, parameter))
        .and_then(|parameter| parameter.get("schema"))
        .and_then(|schema| refs::follow_wrappers(&spec.json, schema))
}

/// Whether the parameter at `pointer` is an array whose items are objects.
fn is_list_of_objects(spec: &Spec, pointer: &str) -> bool {
    let Some(schema) = parameter_schema(spec, pointer) else {
        return false;
    };
    let Some(items) = schema
        .get("items")
        .and_then(|items| refs::follow_wrappers(&spec.json, items))
    else {
        return false;
    };
    items.get("type").and_then(serde_json::Value::as_str) == Some("object")
        || items.get("properties").is_some()
        || items.get("additionalProperties").is_some()
}

/// Whether the parameter at `pointer` has an object schema whose
/// properties are none of them objects (what `deepObject` can send).
fn is_flat_object(spec: &Spec, pointer: &str) -> bool {
    let Some(schema) = parameter_schema(spec, pointer) else {
        return false;
    };
    let Some(properties) = schema
        .get("properties")
        .and_then(serde_json::Value::as_object)
    else {
        return false;
    };
    !properties.is_empty()
        && properties.values().all(|property| {
            let property = refs::follow_wrappers(&spec.json, property).unwrap_or(property);
            property.get("type").and_then(serde_json::Value::as_str) != Some("object")
                && property.get("properties").is_none()
        })
}

/// Whether the parameter at `pointer` is an object only through a
/// composition of several schemas (`oneOf: [A, B]` with an object among
/// them), which no query style can send.
fn is_composed_object(spec: &Spec, pointer: &str) -> bool {
    let Some(schema) = parameter_schema(spec, pointer) else {
        return false;
    };
    let composed = ["allOf", "anyOf", "oneOf"]
        .iter()
        .any(|key| schema.get(key).is_some());
    let own_object = schema.get("type").and_then(serde_json::Value::as_str) == Some("object")
        || schema.get("properties").is_some()
        || schema.get("additionalProperties").is_some();
    composed && !own_object && is_schema_of(spec, pointer, "object")
}

/// Whether the parameter at `pointer` has an object schema (`type: object`,
/// or properties without a `type`), directly or as an alternative of a
/// `oneOf`/`anyOf`/`allOf`. Compositions of scalars and enums are not objects.
/// Whether the schema of the parameter at `pointer` is of `kind` (`object`
/// or `array`), through references and compositions.
fn is_schema_of(spec: &Spec, pointer: &str, kind: &str) -> bool {
    let Some(schema) = spec
        .json
        .pointer(pointer.trim_start_matches('#'))
        .and_then(|parameter| refs::follow(&spec.json, parameter))
        .and_then(|parameter| parameter.get("schema"))
    else {
        return false;
    };
    let mut pending = vec![(schema, 0usize)];
    while let Some((schema, depth)) = pending.pop() {
        let Some(schema) = refs::follow(&spec.json, schema) else {
            continue;
        };
        let implied = match kind {
            "object" => ["properties", "additionalProperties"].as_slice(),
            _ => ["items"].as_slice(),
        };
        match schema.get("type").and_then(serde_json::Value::as_str) {
            Some(found) if found == kind => return true,
            Some(_) => continue,
            None if implied.iter().any(|key| schema.get(*key).is_some()) => return true,
            None => {}
        }
        if depth > 16 {
            continue;
        }
        for key in ["allOf", "oneOf", "anyOf"] {
            if let Some(serde_json::Value::Array(members)) = schema.get(key) {
                pending.extend(members.iter().map(|member| (member, depth + 1)));
            }
        }
    }
    false
}

/// Response status codes and ranges must be HTTP's, and every response must exist.
fn check_response_bodies(
    spec: &Spec,
    pointer: &str,
    operation: &Operation,
    diagnostics: &mut Vec<Diagnostic>,
) {
    // `openapiv3` reads `default: null` as no default; it is a response
    // without even a description.
    if spec
        .json
        .pointer(&format!("{}/responses/default", &pointer[1..]))
        .is_some_and(serde_json::Value::is_null)
    {
        diagnostics.push(
            spec.diagnostic(
                Code::EmptyResponse,
                &format!("{pointer}/responses/default"),
                "response `default` is empty",
            )
            .hint("give it at least a `description`, or remove it"),
        );
    }
    for (status, response) in &operation.responses.responses {
        let label = status_label(status);
        let response_pointer = format!("{pointer}/responses/{label}");
        if resolve_response(spec, response).is_none() {
            diagnostics.push(
                spec.diagnostic(
                    Code::MissingReference,
                    &response_pointer,
                    format!("response {label} refers to a response that does not exist"),
                )
                .hint("define it under `components/responses` or fix the $ref"),
            );
        }
        match status {
            StatusCode::Code(code) if !(100..=599).contains(code) => diagnostics.push(
                spec.diagnostic(
                    Code::InvalidStatus,
                    &response_pointer,
                    format!("`{code}` is not an HTTP status code"),
                )
                .hint("use a code from 100 to 599, a range such as `4XX`, or `default`"),
            ),
            StatusCode::Range(range) if !(1..=5).contains(range) => diagnostics.push(
                spec.diagnostic(
                    Code::InvalidStatus,
                    &response_pointer,
                    format!("`{range}XX` is not an HTTP status range"),
                )
                .hint("use `1XX` to `5XX`"),
            ),
            _ => {}
        }
    }
}

fn status_label(status: &StatusCode) -> String {
    match status {
        StatusCode::Code(code) => code.to_string(),
        StatusCode::Range(range) => format!("{range}XX"),
    }
}

/// What a `ReferenceOr` stands for: the item itself, the component named by
/// `#/components/<kind>/<name>` (one hop), or the object of that kind any
/// other local reference points at (decoded from the document). `None` for
/// a broken reference, which the reference check reports.
fn resolve<'a, T: Clone + serde::de::DeserializeOwned>(
    spec: &'a Spec,
    item: &'a ReferenceOr<T>,
    kind: &str,
    section: impl FnOnce(&'a openapiv3::Components) -> &'a indexmap::IndexMap<String, ReferenceOr<T>>,
) -> Option<Cow<'a, T>> {
    let reference = match item {
        ReferenceOr::Item(item) => return Some(Cow::Borrowed(item)),
        ReferenceOr::Reference { reference } => reference,
    };
    if let Some(name) = reference.strip_prefix(&format!("#/components/{kind}/")) {
        let component =
            spec.document.components.as_ref().and_then(|components| {
                section(components).get(name).and_then(ReferenceOr::as_item)
            });
        if let Some(component) = component {
            return Some(Cow::Borrowed(component));
        }
    }
    let target =
        refs::resolve(&spec.json, reference).and_then(|target| refs::follow(&spec.json, target))?;
    serde_json::from_value(target.clone()).ok().map(Cow::Owned)
}

fn resolve_response<'a>(
    spec: &'a Spec,
    response: &'a ReferenceOr<Response>,
) -> Option<Cow<'a, Response>> {
    resolve(spec, response, "responses", |components| {
        &components.responses
    })
}

fn resolve_parameter<'a>(
    spec: &'a Spec,
    parameter: &'a ReferenceOr<Parameter>,
) -> Option<Cow<'a, Parameter>> {
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
            "{HEAD}  /a:\n    $ref: '#/components/pathItems/A'\n  /b:\n    get:\n      parameters: [{{$ref: '#/components/parameters/C'}}]\n      responses: {{'999': {{description: ok}}}}\n"
        );
        let problems = problems(&text);
        assert_eq!(problems.len(), 3, "{problems:#?}");
        assert!(problems[0].contains(
            "path `/a` is a `$ref` to `#/components/pathItems/A`, which is not a path item"
        ));
        assert!(problems[1].contains("`#/components/parameters/C` does not exist"));
        assert!(problems[2].contains("`999` is not an HTTP status code"));
    }

    #[test]
    fn several_bodies_operations_without_ids_and_other_media_types_are_valid() {
        let text = format!(
            "{HEAD}  /a:\n    post:\n      requestBody:\n        content:\n          image/png: {{}}\n          application/xml: {{schema: {{type: object}}}}\n      responses:\n        '200': {{description: ok, content: {{application/json: {{schema: {{type: string}}}}}}}}\n        '204': {{description: none}}\n        '400':\n          description: bad\n          content: {{application/problem+json: {{schema: {{type: string}}}}}}\n        default:\n          description: other\n          content: {{application/json: {{}}}}\n"
        );
        assert_eq!(problems(&text), Vec::<String>::new());
    }
}
