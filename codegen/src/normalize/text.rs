//! Documentation text as rustdoc takes it.
//!
//! Descriptions and summaries become doc comments, and rustdoc refuses a
//! carriage return that does not end a line (`bare CR not allowed in
//! doc-comment`), which specs written on Windows or pasted from a web form
//! carry. Every line break becomes `\n`, in memory; nothing else changes.

use serde_json::Value;

use crate::load::walk;

/// The keys whose text becomes documentation.
const DOCUMENTATION: &[&str] = &["description", "summary", "title"];

/// Turns `\r\n` and lone `\r` into `\n` in the documentation of every
/// object of `json` and of its `info`.
pub fn line_breaks(json: &mut Value) {
    let mut pointers: Vec<String> = walk::nodes(json)
        .into_iter()
        .filter(|(_, _, object)| has_carriage_return(object))
        .map(|(_, pointer, _)| pointer)
        .collect();
    pointers.push("#/info".to_owned());
    for pointer in pointers {
        let Some(object) = json
            .pointer_mut(&pointer[1..])
            .and_then(Value::as_object_mut)
        else {
            continue;
        };
        for key in DOCUMENTATION {
            if let Some(Value::String(text)) = object.get_mut(*key)
                && text.contains('\r')
            {
                *text = text.replace("\r\n", "\n").replace('\r', "\n");
            }
        }
    }
}

fn has_carriage_return(object: &Value) -> bool {
    DOCUMENTATION.iter().any(|key| {
        object
            .get(*key)
            .and_then(Value::as_str)
            .is_some_and(|text| text.contains('\r'))
    })
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn carriage_returns_in_documentation_become_line_feeds_and_data_is_kept() {
        let mut document = json!({
            "info": {"title": "T", "description": "a\r\nb"},
            "paths": {"/a": {"get": {
                "summary": "one\rtwo",
                "responses": {"200": {"description": "ok\r\n", "content": {"application/json": {
                    "schema": {"type": "string", "description": "x\ry", "example": "keep\r"}
                }}}}
            }}}
        });
        line_breaks(&mut document);
        assert_eq!(document["info"]["description"], json!("a\nb"));
        let get = &document["paths"]["/a"]["get"];
        assert_eq!(get["summary"], json!("one\ntwo"));
        assert_eq!(get["responses"]["200"]["description"], json!("ok\n"));
        let schema = &get["responses"]["200"]["content"]["application/json"]["schema"];
        assert_eq!(schema["description"], json!("x\ny"));
        assert_eq!(schema["example"], json!("keep\r"), "examples are data");
    }
}
