//! The project's own rules on top of validity: what makes a spec produce a
//! client that is pleasant to use and to read. Run by `cargo xtask lint`.
//!
//! Lint is strict where generation is lenient: every warning generation
//! would give (an example that contradicts its schema, an unknown format,
//! names that collide in Rust; see [`crate::normalize::repair`]) is a lint
//! finding, so the project's own specs stay warning-free.

use openapiv3::ReferenceOr;
use serde_json::Value;

use crate::diagnostic::{Code, Diagnostic, Error, escape_pointer_token};
use crate::load::Spec;
use crate::load::refs;
use crate::load::schemas;
use crate::normalize::names;
use crate::validate;

/// Validates `spec`, then applies the lint rules; every finding is returned together.
pub fn lint(spec: &Spec) -> Result<(), Error> {
    validate::validate(spec)?;
    let mut findings = crate::normalize::normalize(spec)?.warnings;
    findings.extend(operation_rules(spec));
    findings.extend(undocumented_properties(spec));
    if findings.is_empty() {
        Ok(())
    } else {
        findings.sort_by(|a, b| (a.location, &a.message).cmp(&(b.location, &b.message)));
        Err(Error::Spec(findings))
    }
}

/// Summary, description, error responses and a snake_case operationId per operation.
fn operation_rules(spec: &Spec) -> Vec<Diagnostic> {
    let mut findings = Vec::new();
    for (path, item) in &spec.document.paths.paths {
        let ReferenceOr::Item(item) = item else {
            continue;
        };
        for (method, operation) in item.iter() {
            let pointer = format!("#/paths/{}/{method}", escape_pointer_token(path));
            let name = format!("{} {path}", method.to_uppercase());
            if operation.summary.as_deref().is_none_or(str::is_empty) {
                findings.push(
                    spec.diagnostic(
                        Code::MissingSummary,
                        &pointer,
                        format!("operation {name} has no summary"),
                    )
                    .hint("add a one-line `summary`; it heads the method's documentation"),
                );
            }
            if operation.description.as_deref().is_none_or(str::is_empty) {
                findings.push(
                    spec.diagnostic(Code::MissingDescription, &pointer, format!("operation {name} has no description"))
                        .hint("add a `description` (from the vendor's documentation) of what the operation does"),
                );
            }
            let declares_errors = operation.responses.default.is_some()
                || operation
                    .responses
                    .responses
                    .keys()
                    .any(|status| match status {
                        openapiv3::StatusCode::Code(code) => *code >= 400,
                        openapiv3::StatusCode::Range(range) => *range >= 4,
                    });
            if !declares_errors {
                findings.push(
                    spec.diagnostic(Code::NoErrorResponses, &format!("{pointer}/responses"), format!("operation {name} declares no error responses"))
                        .hint("declare the documented 4XX/5XX responses so the client decodes them into typed errors"),
                );
            }
            if let Some(id) = &operation.operation_id
                && !is_snake_case(id)
            {
                findings.push(
                    spec.diagnostic(
                        Code::OperationIdCase,
                        &format!("{pointer}/operationId"),
                        format!("operationId `{id}` is not snake_case"),
                    )
                    .hint(format!(
                        "rename it to `{}`, the method name it becomes",
                        names::method_name(id).unwrap_or_else(|| names::snake_case(id))
                    )),
                );
            }
        }
    }
    findings
}

/// Every property has a description, its own or that of the schema it references.
fn undocumented_properties(spec: &Spec) -> Vec<Diagnostic> {
    let mut findings = Vec::new();
    for (pointer, schema) in schemas::all_schemas(&spec.json) {
        let Some(properties) = schema.get("properties").and_then(Value::as_object) else {
            continue;
        };
        for (name, property) in properties {
            let documented = refs::follow(&spec.json, property)
                .into_iter()
                .chain(Some(property))
                .any(|schema| {
                    schema
                        .get("description")
                        .and_then(Value::as_str)
                        .is_some_and(|d| !d.trim().is_empty())
                });
            if !documented {
                let at = format!("{pointer}/properties/{}", escape_pointer_token(name));
                findings.push(
                    spec.diagnostic(
                        Code::UndocumentedProperty,
                        &at,
                        format!("property `{name}` has no description"),
                    )
                    .hint("add a `description`; it becomes the field's documentation"),
                );
            }
        }
    }
    findings
}

fn is_snake_case(id: &str) -> bool {
    id.starts_with(|c: char| c.is_ascii_lowercase())
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        && !id.contains("__")
        && !id.ends_with('_')
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::load::parse_spec;

    #[test]
    fn each_rule_reports_with_its_position() {
        let text = "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths:\n  /a:\n    get:\n      operationId: getThing\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema:\n                type: object\n                properties:\n                  id:\n                    type: string\n";
        let spec = parse_spec(Path::new("specs/t.yaml"), text).unwrap();
        let Err(Error::Spec(findings)) = lint(&spec) else {
            panic!("expected findings")
        };
        let messages: Vec<String> = findings.iter().map(ToString::to_string).collect();
        assert_eq!(messages.len(), 5, "{messages:#?}");
        assert!(messages[0].starts_with(
            "specs/t.yaml:5:5: lint[missing-description]: operation GET /a has no description"
        ));
        assert!(messages[1].starts_with(
            "specs/t.yaml:5:5: lint[missing-summary]: operation GET /a has no summary"
        ));
        assert!(messages[2].starts_with(
            "specs/t.yaml:6:20: lint[operation-id-case]: operationId `getThing` is not snake_case"
        ));
        assert!(messages[2].contains("rename it to `get_thing`"));
        assert!(messages[3].starts_with(
            "specs/t.yaml:7:7: lint[no-error-responses]: operation GET /a declares no error responses"
        ));
        assert!(messages[4].starts_with(
            "specs/t.yaml:15:19: lint[undocumented-property]: property `id` has no description"
        ));
    }
}
