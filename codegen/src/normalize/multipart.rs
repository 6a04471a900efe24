//! The typed struct of a `multipart/form-data` body: one field per property
//! of its schema, a file (`format: binary`) as the runtime's `FilePart`, an
//! array of files as several, any other value as the Rust type it needs
//! (a component's type, a type made of an inline object or enum, a string,
//! a number), and the part's content type from the media type's `encoding`.

use std::collections::BTreeSet;

use serde_json::Value;

use super::names;
use super::{Context, MultipartBody, MultipartField, PartKind};
use crate::diagnostic::escape_pointer_token;
use crate::load::refs::follow;

/// The struct of the multipart body `media` (at `pointer`, the media type
/// object), named after the operation; without fields when the schema lists
/// no properties.
pub fn plan(context: &mut Context<'_>, media: &Value, pointer: &str) -> MultipartBody {
    let mut taken = BTreeSet::new();
    let type_name = format!("{}Body", names::pascal(context.method_name));
    let Some((schema, schema_pointer)) = body_schema(context.document, media, pointer) else {
        return MultipartBody {
            type_name,
            fields: Vec::new(),
        };
    };
    let required = crate::load::schemas::required_properties(schema);
    // The constructor is `new`: a property of that name gets another.
    taken.insert("new".to_owned());
    let mut fields = Vec::new();
    let properties = schema.get("properties").and_then(Value::as_object);
    for (part, property) in properties.into_iter().flatten() {
        let resolved = follow(context.document, property).unwrap_or(property);
        // The server sends these; a request leaves them out.
        if resolved.get("readOnly") == Some(&Value::Bool(true)) {
            continue;
        }
        let kind = if is_file(context.document, resolved) {
            PartKind::File
        } else if resolved
            .get("items")
            .is_some_and(|items| is_file(context.document, items))
        {
            PartKind::Files
        } else {
            let hint = format!(
                "{}{}",
                names::pascal(context.method_name),
                names::type_name(part)
            );
            let from = format!("{schema_pointer}/properties/{}", escape_pointer_token(part));
            PartKind::Value(rust_type(context, property, &hint, &from))
        };
        let doc = resolved
            .get("description")
            .or_else(|| property.get("description"))
            .and_then(Value::as_str)
            .map(str::to_owned);
        fields.push(MultipartField {
            part: part.clone(),
            field: names::unique(&mut taken, names::field_name(part)),
            doc,
            required: required.contains(&part.as_str()),
            kind,
            content_type: encoded_type(media, part),
        });
    }
    MultipartBody { type_name, fields }
}

/// The body's object schema and its pointer: the media type's own, or the
/// component it refers to.
fn body_schema<'a>(
    document: &'a Value,
    media: &'a Value,
    pointer: &str,
) -> Option<(&'a Value, String)> {
    let schema = media.get("schema")?;
    let schema_pointer = match schema.get("$ref").and_then(Value::as_str) {
        Some(reference) if reference.starts_with('#') => reference.to_owned(),
        Some(_) => return None,
        None => format!("{pointer}/schema"),
    };
    let schema = follow(document, schema)?;
    schema.get("properties")?.as_object()?;
    Some((schema, schema_pointer))
}

/// Whether `schema` is a file: binary (`format: binary` or `byte`, or 3.1's
/// `contentMediaType`, which loading turned into `binary`) or Swagger's
/// `type: file`.
fn is_file(document: &Value, schema: &Value) -> bool {
    let schema = follow(document, schema).unwrap_or(schema);
    matches!(
        schema.get("format").and_then(Value::as_str),
        Some("binary" | "byte")
    ) || schema.get("type").and_then(Value::as_str) == Some("file")
        || schema.get("contentMediaType").is_some()
}

/// The Rust type of a value part: a component's type, a string, a number
/// or a boolean as such, an array as a `Vec` of its items' type, any JSON
/// value without a schema, and any other inline schema (an object, an enum,
/// a composition) as a new component named `hint`, made from `from`.
fn rust_type(context: &mut Context<'_>, schema: &Value, hint: &str, from: &str) -> String {
    if let Some(reference) = schema.get("$ref").and_then(Value::as_str) {
        return match reference.strip_prefix("#/components/schemas/") {
            Some(name) if !name.contains('/') => {
                format!("crate::types::{}", names::type_name(name))
            }
            // A reference `references` did not turn into a component.
            _ => "::serde_json::Value".to_owned(),
        };
    }
    let plain = |key: &str| schema.get(key).is_none();
    let simple = plain("enum")
        && plain("properties")
        && plain("additionalProperties")
        && plain("allOf")
        && plain("anyOf")
        && plain("oneOf")
        && plain("const");
    match schema.get("type").and_then(Value::as_str) {
        Some("string") if simple => return "::std::string::String".to_owned(),
        Some("integer") if simple => return "i64".to_owned(),
        Some("number") if simple => return "f64".to_owned(),
        Some("boolean") if simple => return "bool".to_owned(),
        Some("array") if simple => {
            let item = match schema.get("items") {
                Some(items) => rust_type(
                    context,
                    items,
                    &format!("{hint}Item"),
                    &format!("{from}/items"),
                ),
                None => "::serde_json::Value".to_owned(),
            };
            return format!("::std::vec::Vec<{item}>");
        }
        None if simple && plain("items") => return "::serde_json::Value".to_owned(),
        _ => {}
    }
    let name = context.fresh_type_name(hint);
    context
        .hoisted
        .push((name.clone(), schema.clone(), from.to_owned()));
    format!("crate::types::{}", names::type_name(&name))
}

/// The content type `encoding` gives the part `part`, when it names one
/// concrete type (not a list, not a wildcard).
fn encoded_type(media: &Value, part: &str) -> Option<String> {
    let content_type = media
        .get("encoding")?
        .get(part)?
        .get("contentType")?
        .as_str()?
        .trim();
    let essence = content_type.split(';').next().unwrap_or_default().trim();
    let concrete = essence.split('/').count() == 2
        && essence.split('/').all(|name| {
            !name.is_empty()
                && name
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "!#$&-^_.+".contains(c))
        });
    concrete.then(|| content_type.to_owned())
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::encoded_type;

    #[test]
    fn only_one_concrete_content_type_is_kept_from_encoding() {
        let media = json!({"encoding": {
            "photo": {"contentType": "image/png"},
            "doc": {"contentType": "application/json; charset=utf-8"},
            "thumbs": {"contentType": "image/png, image/jpeg"},
            "any": {"contentType": "image/*"},
            "bad": {"contentType": "not a type"},
            "styled": {"style": "form"},
        }});
        assert_eq!(encoded_type(&media, "photo").as_deref(), Some("image/png"));
        assert_eq!(
            encoded_type(&media, "doc").as_deref(),
            Some("application/json; charset=utf-8")
        );
        for part in ["thumbs", "any", "bad", "styled", "missing"] {
            assert_eq!(encoded_type(&media, part), None, "{part}");
        }
    }
}
