//! Request bodies: one media type, in a form progenitor can send.
//!
//! When a request body offers several media types, the client sends the
//! first of: JSON (`application/json`, `application/*+json`), form
//! (`application/x-www-form-urlencoded`), plain text, any other type; the
//! method's documentation says which and what else the API accepts.
//!
//! - `application/*+json` is serialized as JSON and sent with its own type;
//! - `text/*` is a string sent with its own type;
//! - `multipart/form-data` is a `reqwest::multipart::Form` (progenitor has no
//!   multipart bodies), which the caller builds or gets from the typed
//!   struct of the schema's parts (see [`super::multipart`]);
//! - any other type (`application/octet-stream`, `image/png`, `application/pdf`)
//!   is bytes the caller provides, sent with that type.

use serde_json::{Map, Value, json};

use super::media::{essence, is_json};
use super::{Context, Wire, inline_reference};

/// Rewrites the request body of `operation`; returns `wire` with what the
/// client must send differently.
pub fn normalize(
    context: &mut Context<'_>,
    operation: &mut Map<String, Value>,
    mut wire: Wire,
) -> Wire {
    let Some(body) = operation.get_mut("requestBody") else {
        return wire;
    };
    let pointer = format!("{}/requestBody", context.pointer);
    inline_reference(context, body, &pointer);
    let Some(content) = body.get_mut("content").and_then(Value::as_object_mut) else {
        return wire;
    };
    let Some(chosen) = content
        .keys()
        .min_by_key(|media_type| preference(media_type))
        .cloned()
    else {
        return wire;
    };
    if content.len() > 1 {
        let others: Vec<String> = content
            .keys()
            .filter(|key| **key != chosen)
            .map(|key| format!("`{key}`"))
            .collect();
        wire.body_note = Some(format!(
            "The request body is sent as `{chosen}`; the API also accepts {}.",
            others.join(", ")
        ));
    }
    let Some(mut media) = content.remove(&chosen) else {
        return wire;
    };
    let essence = essence(&chosen);
    if Kind::of(&essence) == Kind::Multipart {
        let media_pointer = format!(
            "{pointer}/content/{}",
            crate::diagnostic::escape_pointer_token(&chosen)
        );
        let body = super::multipart::plan(context, &media, &media_pointer);
        let sentence = if body.fields.is_empty() {
            "The request body is `multipart/form-data`: pass a [`Form`](crate::multipart::Form)."
                .to_owned()
        } else {
            format!(
                "The request body is `multipart/form-data`: pass a [`{0}`](crate::multipart::{0}), or a [`Form`](crate::multipart::Form) of your own.",
                body.type_name
            )
        };
        wire.multipart = Some(body);
        wire.body_note = Some(match wire.body_note.take() {
            Some(note) => format!("{sentence} {note}"),
            None => sentence,
        });
    }
    content.clear();
    let (key, send_as) = match Kind::of(&essence) {
        Kind::Json => {
            ensure_schema(&mut media, json!({}));
            // A range says which types the API takes; the body goes out as
            // the one every JSON API takes.
            let exact = essence == "application/json" || essence.contains('*');
            ("application/json", (!exact).then(|| chosen.clone()))
        }
        Kind::Form => {
            wire.form = Some(form_encoding(media.get("encoding")));
            ensure_schema(&mut media, json!({"type": "object"}));
            ("application/x-www-form-urlencoded", None)
        }
        Kind::Text => {
            set_schema(&mut media, json!({"type": "string"}));
            let exact = essence == "text/plain" || essence.contains('*');
            ("text/plain", (!exact).then(|| chosen.clone()))
        }
        Kind::Bytes | Kind::Multipart => {
            set_schema(&mut media, json!({"type": "string", "format": "binary"}));
            let exact = essence == "application/octet-stream"
                || chosen.contains('*')
                || wire.multipart.is_some();
            ("application/octet-stream", (!exact).then(|| chosen.clone()))
        }
    };
    if let Some(media) = media.as_object_mut() {
        media.remove("encoding");
    }
    context.source_map.record_move(
        format!(
            "{pointer}/content/{}",
            crate::diagnostic::escape_pointer_token(key)
        ),
        format!(
            "{pointer}/content/{}",
            crate::diagnostic::escape_pointer_token(&chosen)
        ),
    );
    content.insert(key.to_owned(), media);
    wire.content_type = send_as;
    wire
}

/// The style of each property a form body's `encoding` names, in spec order.
fn form_encoding(encoding: Option<&Value>) -> Vec<(String, super::FormStyle)> {
    use super::FormStyle;
    encoding
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
        .map(|(property, entry)| {
            let style = entry.get("style").and_then(Value::as_str).unwrap_or("form");
            let explode = entry.get("explode").and_then(Value::as_bool);
            let style = match style {
                "deepObject" => FormStyle::DeepObject,
                "spaceDelimited" => FormStyle::SpaceDelimited,
                "pipeDelimited" => FormStyle::PipeDelimited,
                // `form`, and styles that are not for forms (`matrix`, …).
                _ => FormStyle::Form {
                    explode: explode.unwrap_or(true),
                },
            };
            (property.clone(), style)
        })
        .collect()
}

/// How a media type is encoded by the client.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Kind {
    Json,
    Form,
    Multipart,
    Text,
    Bytes,
}

impl Kind {
    fn of(essence: &str) -> Self {
        if is_json(essence) {
            Self::Json
        } else if essence == "application/x-www-form-urlencoded" {
            Self::Form
        } else if essence == "multipart/form-data" {
            Self::Multipart
        } else if essence.starts_with("text/") {
            Self::Text
        } else {
            Self::Bytes
        }
    }
}

/// The order in which media types are chosen: by kind, then a concrete
/// type before a range (`application/*+json` is no type to send), plain
/// `application/json` first among JSON types, then by name.
fn preference(media_type: &str) -> (Kind, bool, bool, String) {
    let essence = essence(media_type);
    (
        Kind::of(&essence),
        essence.contains('*'),
        essence != "application/json",
        essence,
    )
}

/// Gives a media type without a schema the schema `default`.
fn ensure_schema(media: &mut Value, default: Value) {
    if let Some(media) = media.as_object_mut()
        && media.get("schema").is_none_or(Value::is_null)
    {
        media.insert("schema".to_owned(), default);
    }
}

/// Replaces the schema by the one progenitor requires for raw bodies,
/// keeping its description.
fn set_schema(media: &mut Value, mut schema: Value) {
    let Some(media) = media.as_object_mut() else {
        return;
    };
    if let Some(description) = media
        .get("schema")
        .and_then(|schema| schema.get("description"))
        .cloned()
        && let Some(schema) = schema.as_object_mut()
    {
        schema.insert("description".to_owned(), description);
    }
    media.insert("schema".to_owned(), schema);
}

#[cfg(test)]
mod tests {
    use super::preference;

    #[test]
    fn plain_json_is_chosen_and_a_range_comes_last() {
        let mut offered = vec![
            "application/*+json",
            "text/json",
            "application/merge-patch+json",
            "application/json",
            "multipart/form-data",
        ];
        offered.sort_by_key(|media_type| preference(media_type));
        assert_eq!(
            offered,
            [
                "application/json",
                "application/merge-patch+json",
                "text/json",
                "application/*+json",
                "multipart/form-data",
            ]
        );
    }
}
