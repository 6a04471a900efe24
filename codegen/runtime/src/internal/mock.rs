//! What the generated `mock` modules call: httpmock matchers for a request
//! as the client sends it, and answers as the client reads them.
//!
//! A generated `When` wrapper matches one operation's method and path, then
//! narrows to the parameters and body a test names; a `Then` wrapper answers
//! with a documented status and its typed body. Everything that depends on
//! how the client encodes a request (a path parameter percent-encoded, a
//! query parameter serialized item by item, a form body) lives here, once.

use httpmock::{Method, Then, When};
use serde::Serialize;

use super::{FormStyle, form_body, query_values};

/// Matches requests of `method` to a path of `template` (`/items/{id}`),
/// whatever the value of each of its parameters.
pub fn operation(when: When, method: Method, template: &str) -> When {
    when.method(method)
        .path_matches(path_pattern(template, None))
}

/// Matches requests whose path parameter `name` in `template` is `value`
/// (its `to_string()`), percent-encoded as the client sends it.
pub fn path_parameter(when: When, template: &str, name: &str, value: &str) -> When {
    let encoded = progenitor_client::encode_path(value);
    when.path_matches(path_pattern(template, Some((name, &encoded))))
}

/// The regular expression of the paths of `template`: its text literally,
/// each parameter one segment (or, for `fixed`, that parameter's value).
fn path_pattern(template: &str, fixed: Option<(&str, &str)>) -> regex::Regex {
    let mut pattern = String::from("^");
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        let Some(length) = rest[open..].find('}') else {
            break;
        };
        pattern.push_str(&regex::escape(&rest[..open]));
        let name = &rest[open + 1..open + length];
        match fixed {
            Some((fixed_name, value)) if fixed_name == name => {
                pattern.push_str(&regex::escape(value));
            }
            _ => pattern.push_str("[^/]*"),
        }
        rest = &rest[open + length + 1..];
    }
    pattern.push_str(&regex::escape(rest));
    pattern.push('$');
    // Every part of the pattern is escaped text or `[^/]*`: it always compiles.
    regex::Regex::new(&pattern).unwrap_or_else(|_| regex::Regex::new("$^").expect("valid"))
}

/// Matches requests whose query parameter `name` has `value`, serialized as
/// the client sends it (an array as one parameter per item).
pub fn query<T: Serialize + ?Sized>(when: When, name: &str, value: &T) -> When {
    query_values(value)
        .into_iter()
        .fold(when, |when, item| when.query_param(name, item))
}

/// Matches requests whose header `name` is `value` (its `to_string()`).
pub fn header(when: When, name: &str, value: &str) -> When {
    when.header(name, value)
}

/// Matches requests that send the cookie `name` with `value` (its `to_string()`).
pub fn cookie(when: When, name: &str, value: &str) -> When {
    when.cookie(name, value)
}

/// Matches requests whose JSON body is `value`.
pub fn json_body<T: Serialize + ?Sized>(when: When, value: &T) -> When {
    when.json_body_obj(value)
}

/// Matches requests whose `application/x-www-form-urlencoded` body is
/// `value` encoded as the client encodes it; a value that does not encode
/// matches nothing, as it could not be sent.
pub fn form<T: Serialize + ?Sized>(when: When, value: &T, encoding: &[(&str, FormStyle)]) -> When {
    match form_body(value, encoding) {
        Ok(body) => when.body(body),
        Err(_) => when.is_true(|_| false),
    }
}

/// Matches requests whose `multipart/form-data` body has the part `name`
/// (the boundary changes with every request, so the parts are matched by name).
pub fn multipart_part(when: When, name: &str) -> When {
    when.body_includes(format!("Content-Disposition: form-data; name=\"{name}\""))
}

/// Answers with `status` and `value` as a JSON body.
pub fn json<T: Serialize + ?Sized>(then: Then, status: u16, value: &T) -> Then {
    then.status(status)
        .header("content-type", "application/json")
        .json_body_obj(value)
}

/// Answers with `status` and no body.
pub fn status(then: Then, status: u16) -> Then {
    then.status(status)
}

/// `status`, which must be of `class` (`2` for `2XX`).
///
/// # Panics
///
/// When it is not: the test asks for a status the operation does not document.
pub fn in_class(status: u16, class: u16) -> u16 {
    assert_eq!(
        status / 100,
        class,
        "the status {status} is not one of {class}XX"
    );
    status
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_match_the_template_and_the_encoded_value() {
        let any = path_pattern("/v6/items/{id}.json", None);
        assert!(any.is_match("/v6/items/42.json"));
        assert!(!any.is_match("/v6/items/4/2.json"));
        assert!(!any.is_match("/v6/itemsX42.json"));
        let pattern = path_pattern("/a/{x}/b/{y}", Some(("y", "a%20b.c")));
        assert!(pattern.is_match("/a/1/b/a%20b.c"));
        assert!(!pattern.is_match("/a/1/b/a%20bXc"));
        assert!(path_pattern("/broken/{x", None).is_match("/broken/{x"));
    }
}
