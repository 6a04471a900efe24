//! `application/x-www-form-urlencoded` bodies encoded as the spec's
//! `encoding` object says: each property in `form` style (exploded or not),
//! `spaceDelimited`, `pipeDelimited` or `deepObject`, nested objects and
//! arrays at any depth in brackets (`metadata[plan][tier]=gold`,
//! `expand[]=customer`, `items[0][price]=p_1`), as the large payment APIs
//! expect.

use serde::Serialize;
use serde_json::Value;

/// How one property of a form body is encoded: its `encoding` entry's
/// `style` and `explode`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FormStyle {
    /// `style: form` (the default): exploded, an array is one pair per item
    /// and an object one pair per property; otherwise one pair with the
    /// values joined by commas (an object's as `key,value,…`).
    Form {
        /// `explode` (default `true` for `form`).
        explode: bool,
    },
    /// `style: spaceDelimited`: an array's items joined by spaces.
    SpaceDelimited,
    /// `style: pipeDelimited`: an array's items joined by `|`.
    PipeDelimited,
    /// `style: deepObject`: an object's properties as `name[property]`, at
    /// any depth; an array's items as `name[]`, or `name[index]` when they
    /// are objects or arrays.
    DeepObject,
}

/// `body` (a struct or map) as a form body: each property encoded with
/// its style in `encoding`, or exploded `form` style when it has none;
/// null values left out.
///
/// # Errors
///
/// When `body` does not serialize to an object.
pub fn form_body<T: Serialize + ?Sized>(
    body: &T,
    encoding: &[(&str, FormStyle)],
) -> Result<String, String> {
    let value = serde_json::to_value(body).map_err(|error| error.to_string())?;
    let Value::Object(properties) = value else {
        return Err("a form body must be an object".to_owned());
    };
    let mut pairs = Vec::new();
    for (name, value) in &properties {
        let style = encoding
            .iter()
            .find(|(property, _)| property == name)
            .map_or(FormStyle::Form { explode: true }, |(_, style)| *style);
        property(&mut pairs, name, value, style);
    }
    let mut form = form_urlencoded::Serializer::new(String::new());
    form.extend_pairs(pairs);
    Ok(form.finish())
}

/// The pairs of one top-level property.
fn property(pairs: &mut Vec<(String, String)>, name: &str, value: &Value, style: FormStyle) {
    let delimiter = match style {
        FormStyle::Form { explode: false } => Some(","),
        FormStyle::SpaceDelimited => Some(" "),
        FormStyle::PipeDelimited => Some("|"),
        FormStyle::Form { explode: true } | FormStyle::DeepObject => None,
    };
    match (value, style, delimiter) {
        (Value::Array(items), _, Some(delimiter)) if items.iter().all(is_scalar) => {
            let joined: Vec<String> = items.iter().filter_map(scalar).collect();
            pairs.push((name.to_owned(), joined.join(delimiter)));
        }
        (Value::Object(fields), _, Some(delimiter)) if fields.values().all(is_scalar) => {
            let joined: Vec<String> = fields
                .iter()
                .filter_map(|(key, value)| Some(format!("{key}{delimiter}{}", scalar(value)?)))
                .collect();
            pairs.push((name.to_owned(), joined.join(delimiter)));
        }
        (Value::Array(items), FormStyle::Form { explode: true }, _) => {
            for (index, item) in items.iter().enumerate() {
                match scalar(item) {
                    Some(text) => pairs.push((name.to_owned(), text)),
                    None => nested(pairs, &format!("{name}[{index}]"), item),
                }
            }
        }
        // Exploded form style spreads an object's properties over the form.
        (Value::Object(fields), FormStyle::Form { explode: true }, _) => {
            for (key, value) in fields {
                nested(pairs, key, value);
            }
        }
        _ => nested(pairs, name, value),
    }
}

/// `value` under `prefix`, objects and arrays in brackets.
fn nested(pairs: &mut Vec<(String, String)>, prefix: &str, value: &Value) {
    match value {
        Value::Null => {}
        Value::Object(fields) => {
            for (key, value) in fields {
                nested(pairs, &format!("{prefix}[{key}]"), value);
            }
        }
        Value::Array(items) if items.iter().all(is_scalar) => {
            for item in items.iter().filter_map(scalar) {
                pairs.push((format!("{prefix}[]"), item));
            }
        }
        Value::Array(items) => {
            for (index, item) in items.iter().enumerate() {
                nested(pairs, &format!("{prefix}[{index}]"), item);
            }
        }
        _ => {
            if let Some(text) = scalar(value) {
                pairs.push((prefix.to_owned(), text));
            }
        }
    }
}

fn is_scalar(value: &Value) -> bool {
    !matches!(value, Value::Object(_) | Value::Array(_))
}

/// A string, number or boolean as the form carries it; `None` for null
/// and for objects and arrays.
fn scalar(value: &Value) -> Option<String> {
    match value {
        Value::String(text) => Some(text.clone()),
        Value::Number(number) => Some(number.to_string()),
        Value::Bool(flag) => Some(flag.to_string()),
        Value::Null | Value::Object(_) | Value::Array(_) => None,
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    /// The pairs of `body`, sorted: property order follows serde_json's map.
    fn decoded(body: &str) -> Vec<(String, String)> {
        let mut pairs: Vec<(String, String)> = form_urlencoded::parse(body.as_bytes())
            .map(|(key, value)| (key.into_owned(), value.into_owned()))
            .collect();
        pairs.sort();
        pairs
    }

    fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter()
            .map(|(key, value)| ((*key).to_owned(), (*value).to_owned()))
            .collect()
    }

    #[test]
    fn deep_objects_nest_at_any_depth_in_brackets() {
        let body = json!({
            "amount": 2000,
            "metadata": {"order": "o-1", "plan": {"tier": "gold"}},
            "expand": ["customer", "invoice"],
            "items": [{"price": "p_1", "quantity": 2}],
            "note": null,
        });
        let encoding = [
            ("metadata", FormStyle::DeepObject),
            ("expand", FormStyle::DeepObject),
            ("items", FormStyle::DeepObject),
        ];
        let body = form_body(&body, &encoding).expect("encodes");
        assert_eq!(
            decoded(&body),
            pairs(&[
                ("amount", "2000"),
                ("expand[]", "customer"),
                ("expand[]", "invoice"),
                ("items[0][price]", "p_1"),
                ("items[0][quantity]", "2"),
                ("metadata[order]", "o-1"),
                ("metadata[plan][tier]", "gold"),
            ])
        );
        assert!(body.contains("metadata%5Bplan%5D%5Btier%5D=gold"), "{body}");
    }

    #[test]
    fn form_styles_explode_or_join() {
        let body = json!({"tags": ["a b", "c"], "ids": [1, 2], "pipes": [true, false], "color": {"R": 100}});
        let encoding = [
            ("ids", FormStyle::Form { explode: false }),
            ("pipes", FormStyle::PipeDelimited),
            ("color", FormStyle::Form { explode: false }),
        ];
        assert_eq!(
            decoded(&form_body(&body, &encoding).expect("encodes")),
            pairs(&[
                ("color", "R,100"),
                ("ids", "1,2"),
                ("pipes", "true|false"),
                ("tags", "a b"),
                ("tags", "c"),
            ])
        );
        // Exploded form style spreads an object's properties.
        let spread = form_body(&json!({"color": {"R": 100}}), &[]).expect("encodes");
        assert_eq!(decoded(&spread), pairs(&[("R", "100")]));
    }

    #[test]
    fn a_body_that_is_not_an_object_is_refused() {
        assert!(form_body(&json!([1, 2]), &[]).is_err());
        assert!(form_body(&"text", &[]).is_err());
    }
}
