//! Slips whose meaning is evident, read as meant before the document is
//! decoded, with a warning each (`slip`):
//!
//! - an empty list where OpenAPI has a map (`content: []`,
//!   `"application/json": []`, `properties: []`): what a serializer writes for
//!   an empty associative array (PHP's `json_encode` does), read as `{}`;
//! - `parameters` written as one parameter object instead of a list of them,
//!   read as a list of one;
//! - an `info` without `version` (or `title`), read as an empty string: the
//!   client does not send it.
//!
//! None of these changes what a correct document means; each only spares the
//! user a refusal over something every reader understands.

use std::path::Path;

use serde_json::{Map, Value, json};

use super::SourceMap;
use super::walk::{self, NodeKind};
use crate::diagnostic::{Code, Diagnostic};

/// The keys of each kind of object whose value is a map in OpenAPI 3.0.
fn map_keys(kind: NodeKind) -> &'static [&'static str] {
    match kind {
        NodeKind::Operation => &["responses", "callbacks"],
        NodeKind::Parameter | NodeKind::Header => &["content", "examples"],
        NodeKind::RequestBody => &["content"],
        NodeKind::Response => &["headers", "content", "links"],
        NodeKind::MediaType => &["examples", "encoding"],
        NodeKind::Schema => &["properties"],
        _ => &[],
    }
}

/// The keys whose value is a map of objects that may each be written `[]`.
fn map_of_objects(kind: NodeKind) -> &'static [&'static str] {
    match kind {
        NodeKind::Parameter | NodeKind::Header | NodeKind::RequestBody | NodeKind::Response => {
            &["content"]
        }
        _ => &[],
    }
}

/// Repairs the slips of `json`; one warning each, located through `source_map`.
pub fn repair(path: &Path, json: &mut Value, source_map: &SourceMap) -> Vec<Diagnostic> {
    let mut found: Vec<(String, Fix)> = Vec::new();
    if let Some(root) = json.as_object() {
        for key in ["paths", "components"] {
            if is_empty_list(root.get(key)) {
                found.push((format!("#/{key}"), Fix::EmptyMap));
            }
        }
        if let Some(Value::Object(components)) = root.get("components") {
            for (section, value) in components {
                if is_empty_list(Some(value)) {
                    found.push((format!("#/components/{section}"), Fix::EmptyMap));
                }
            }
        }
    }
    for (kind, pointer, value) in walk::nodes(json) {
        for key in map_keys(kind) {
            if is_empty_list(value.get(*key)) {
                found.push((format!("{pointer}/{key}"), Fix::EmptyMap));
            }
        }
        for key in map_of_objects(kind) {
            for (name, entry) in value
                .get(*key)
                .and_then(Value::as_object)
                .into_iter()
                .flatten()
            {
                if is_empty_list(Some(entry)) {
                    let name = crate::diagnostic::escape_pointer_token(name);
                    found.push((format!("{pointer}/{key}/{name}"), Fix::EmptyMap));
                }
            }
        }
        if matches!(kind, NodeKind::PathItem | NodeKind::Operation)
            && value.get("parameters").is_some_and(Value::is_object)
        {
            found.push((format!("{pointer}/parameters"), Fix::OneParameter));
        }
    }
    let mut warnings: Vec<Diagnostic> = found
        .into_iter()
        .filter_map(|(pointer, fix)| {
            let slot = json.pointer_mut(&pointer[1..])?;
            let message = match fix {
                Fix::EmptyMap => {
                    *slot = json!({});
                    "an empty list where OpenAPI has a map; read as an empty map"
                }
                Fix::OneParameter => {
                    *slot = Value::Array(vec![slot.take()]);
                    "`parameters` is one parameter object, not a list; read as a list of one"
                }
            };
            Some(warning(path, source_map, &pointer, message, fix.hint()))
        })
        .collect();
    warnings.extend(info(path, json, source_map));
    warnings
}

/// The two kinds of slip found by the walk.
#[derive(Clone, Copy)]
enum Fix {
    EmptyMap,
    OneParameter,
}

impl Fix {
    fn hint(self) -> &'static str {
        match self {
            Self::EmptyMap => "write `{}`, or leave the key out",
            Self::OneParameter => "write `parameters` as a list: `- name: …`",
        }
    }
}

/// An `info` without `title` or `version`: an empty string.
fn info(path: &Path, json: &mut Value, source_map: &SourceMap) -> Vec<Diagnostic> {
    let Some(info) = json.get_mut("info").and_then(Value::as_object_mut) else {
        return Vec::new();
    };
    let missing: Vec<&str> = ["title", "version"]
        .into_iter()
        .filter(|key| missing_text(info, key))
        .collect();
    missing
        .into_iter()
        .map(|key| {
            info.insert(key.to_owned(), json!(""));
            warning(
                path,
                source_map,
                "#/info",
                &format!("`info` has no `{key}`; read as an empty string"),
                &format!("add `{key}:` to `info`"),
            )
        })
        .collect()
}

fn missing_text(info: &Map<String, Value>, key: &str) -> bool {
    matches!(info.get(key), None | Some(Value::Null))
}

fn is_empty_list(value: Option<&Value>) -> bool {
    matches!(value, Some(Value::Array(items)) if items.is_empty())
}

fn warning(
    path: &Path,
    source_map: &SourceMap,
    pointer: &str,
    message: &str,
    hint: &str,
) -> Diagnostic {
    source_map
        .diagnostic(Code::Slip, path, pointer, message)
        .hint(hint)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn repaired(mut document: Value) -> (Value, Vec<String>) {
        let warnings = repair(
            Path::new("specs/t.json"),
            &mut document,
            &SourceMap::default(),
        );
        let pointers = warnings
            .into_iter()
            .map(|warning| warning.pointer.unwrap_or_default())
            .collect();
        (document, pointers)
    }

    #[test]
    fn empty_lists_where_maps_belong_are_empty_maps() {
        let (document, pointers) = repaired(json!({
            "info": {"title": "t", "version": "1"},
            "paths": {"/a": {"get": {"responses": {
                "200": {"description": "", "content": {"application/json": []}},
                "204": {"description": "", "content": []},
            }}}},
            "components": {"schemas": {"A": {"type": "object", "properties": []}}, "examples": []},
        }));
        assert_eq!(
            document["paths"]["/a"]["get"]["responses"]["200"]["content"]["application/json"],
            json!({})
        );
        assert_eq!(
            document["paths"]["/a"]["get"]["responses"]["204"]["content"],
            json!({})
        );
        assert_eq!(
            document["components"]["schemas"]["A"]["properties"],
            json!({})
        );
        assert_eq!(document["components"]["examples"], json!({}));
        assert_eq!(pointers.len(), 4, "{pointers:?}");
    }

    #[test]
    fn one_parameter_object_is_a_list_of_one() {
        let parameter = json!({"name": "q", "in": "query", "schema": {"type": "string"}});
        let (document, pointers) = repaired(json!({
            "info": {"title": "t", "version": "1"},
            "paths": {"/a": {"get": {"parameters": parameter.clone(), "responses": {}}}},
        }));
        assert_eq!(
            document["paths"]["/a"]["get"]["parameters"],
            json!([parameter])
        );
        assert_eq!(pointers, ["#/paths/~1a/get/parameters"]);
    }

    #[test]
    fn a_missing_info_version_is_an_empty_string() {
        let (document, pointers) = repaired(json!({"info": {"title": "t"}, "paths": {}}));
        assert_eq!(document["info"]["version"], json!(""));
        assert_eq!(pointers, ["#/info"]);
    }

    #[test]
    fn lists_that_are_lists_in_openapi_are_left_alone() {
        let original = json!({
            "info": {"title": "t", "version": "1"},
            "paths": {"/a": {"get": {"parameters": [], "tags": [], "responses": {}}}},
            "components": {"schemas": {"A": {"required": [], "enum": []}}},
        });
        let (document, pointers) = repaired(original.clone());
        assert_eq!(document, original);
        assert!(pointers.is_empty());
    }
}
