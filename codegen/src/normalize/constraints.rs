//! Constraints that constrain nothing.
//!
//! `minLength: 0` holds for every string, and specs write it often (as a
//! form field's "may be empty"). typify turns it into a check
//! `value.chars().count() < 0usize`, which rustc warns is useless: a
//! warning in every build of the generated crate. The keyword is dropped in
//! memory, silently: it is valid, and dropping it changes nothing a value
//! may be.

use serde_json::Value;

use super::repair::edit_schemas;

/// Drops `minLength: 0` from every schema of `json`.
pub fn drop_vacuous(json: &mut Value) {
    edit_schemas(json, |_, schema| {
        if schema.get("minLength").and_then(Value::as_u64) == Some(0) {
            schema.remove("minLength");
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn only_a_zero_minimum_length_goes() {
        let mut document = json!({
            "openapi": "3.0.3",
            "info": {"title": "t", "version": "1"},
            "paths": {},
            "components": {"schemas": {
                "Note": {"type": "string", "minLength": 0, "maxLength": 10},
                "Code": {"type": "string", "minLength": 2}
            }}
        });
        drop_vacuous(&mut document);
        assert_eq!(
            document["components"]["schemas"],
            json!({
                "Note": {"type": "string", "maxLength": 10},
                "Code": {"type": "string", "minLength": 2}
            })
        );
    }
}
