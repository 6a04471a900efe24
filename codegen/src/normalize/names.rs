//! Method names for operations: any `operationId` string becomes a snake_case
//! Rust method (as progenitor names them), and an operation without one gets
//! a name derived from its method and path.

use heck::{ToPascalCase, ToSnakeCase};

/// Names the client already uses for its own methods: an operation named so
/// gets `_operation` after it instead of clashing with them. (Not a trailing
/// `_`, as keywords get: progenitor's snake-casing drops it again, and the
/// method would be the client's own.)
const RESERVED: &[&str] = &[
    "new",
    "new_with_client",
    "baseurl",
    "client",
    "inner",
    "api_version",
    "builder",
    "from_env",
    "from_bearer_token",
    "from_bearer_token_with_base_url",
];

/// The method name for `operation_id`, or `None` when it has no letters or
/// digits to build one from.
///
/// `listAccounts`, `list-accounts`, `list.accounts` and `list accounts` all
/// become `list_accounts`; a name starting with a digit gets an `op_` prefix,
/// a Rust keyword a trailing `_`, and a name the client reserves `_operation`.
pub fn method_name(operation_id: &str) -> Option<String> {
    let words: String = operation_id
        .chars()
        .filter(|c| *c != '\'')
        .map(|c| if c.is_alphanumeric() { c } else { '-' })
        .collect();
    let mut name = words.to_snake_case();
    if syn::parse_str::<syn::Ident>(&format!("x{name}")).is_err() {
        // Letters Rust identifiers do not accept: keep the ASCII ones only.
        name = words
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
            .collect::<String>()
            .to_snake_case();
    }
    if name.is_empty() {
        return None;
    }
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name.insert_str(0, "op_");
    }
    if RESERVED.contains(&name.as_str()) {
        name.push_str("_operation");
    } else if syn::parse_str::<syn::Ident>(&name).is_err() {
        name.push('_');
    }
    Some(name)
}

/// `name`, or `name` with the first number from 2 that `taken` does not
/// hold; the name chosen is then taken.
pub fn unique(taken: &mut std::collections::BTreeSet<String>, name: String) -> String {
    let chosen = if taken.contains(&name) {
        (2..)
            .map(|n| format!("{name}{n}"))
            .find(|candidate| !taken.contains(candidate))
            .unwrap_or(name)
    } else {
        name
    };
    taken.insert(chosen.clone());
    chosen
}

/// The snake_case form of a plain name (a parameter, a property): the words
/// heck finds, joined by `_`, as progenitor and typify name them.
pub fn snake_case(name: &str) -> String {
    name.to_snake_case()
}

/// Whether `id` names a method the same way here and in progenitor: plain
/// ASCII words whose snake_case form is an identifier and not a keyword.
pub fn is_plain_method_name(id: &str) -> bool {
    id.starts_with(|c: char| c.is_ascii_alphabetic())
        && id.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        && syn::parse_str::<syn::Ident>(&snake_case(id)).is_ok()
}

/// The name of an operation without an `operationId`, from its method and
/// path: `POST /emails/{email_id}/cancel` → `post_emails_email_id_cancel`.
pub fn derived_method_name(method: &str, path: &str) -> String {
    method_name(&format!("{method} {path}")).unwrap_or_else(|| method.to_owned())
}

/// The type name progenitor gives the builder of method `name`, and our
/// prefix for the types of that operation.
pub fn pascal(name: &str) -> String {
    name.to_pascal_case()
}

/// typify's name for a component schema (and for a string enum's variant):
/// the words of `name` in PascalCase, as heck splits them, characters an
/// identifier cannot hold read as word breaks, `X` in front when it would
/// start with a digit, `_` after a keyword. The emitters must use exactly
/// the names typify gives, or they name types that do not exist.
pub fn type_name(name: &str) -> String {
    typify_identifier(name, |words| words.to_pascal_case(), "X")
}

/// typify's name for a struct field (and progenitor's for a parameter):
/// as [`type_name`], in snake_case with `x` in front of a digit (`_id` and
/// `id` are both `id`).
pub fn field_name(name: &str) -> String {
    typify_identifier(name, |words| words.to_snake_case(), "x")
}

/// progenitor's name for a parameter of an operation (its builder's setter,
/// its mock's matcher): as [`field_name`], with `_` in front of a digit.
pub fn parameter_name(name: &str) -> String {
    typify_identifier(name, |words| words.to_snake_case(), "_")
}

/// The name an operation's own type is given: the operation's method
/// name and what the type is (`list_items` and `status`: `ListItemsStatus`;
/// `body`, `response`), in PascalCase, `_` in front where it would not start
/// an identifier.
pub fn operation_type_name(method: &str, part: &str) -> String {
    typify_identifier(
        &format!("{method}-{part}"),
        |words| words.to_pascal_case(),
        "_",
    )
}

/// typify's identifier rule: `case` applied to the words of `name`, with
/// `prefix` where the result would not start an identifier and `_` after a keyword.
fn typify_identifier(name: &str, case: impl Fn(&str) -> String, prefix: &str) -> String {
    let words = match name {
        // typify spells these two out, so that they do not both become `1`
        // (in lower case, which `emit::variant_case` corrects).
        "+1" => "plus1".to_owned(),
        "-1" => "minus1".to_owned(),
        _ => name
            .replace('\'', "")
            .replace(|c: char| !unicode_ident::is_xid_continue(c), "-"),
    };
    let cased = case(&words);
    let cased = match cased.chars().next() {
        None => prefix.to_owned(),
        Some(c) if unicode_ident::is_xid_start(c) => cased,
        Some(_) => format!("{prefix}{cased}"),
    };
    if syn::parse_str::<syn::Ident>(&cased).is_ok() {
        cased
    } else {
        format!("{cased}_")
    }
}

/// The constant a server URL becomes: its host in SCREAMING_SNAKE_CASE
/// (`https://api.example.com/v2` → `API_EXAMPLE_COM`).
pub fn server_const_name(url: &str) -> String {
    let host = url
        .split("://")
        .nth(1)
        .unwrap_or(url)
        .split(['/', ':'])
        .next()
        .unwrap_or_default();
    screaming_snake(host, "SERVER")
}

/// Longer constant names for a server URL, for when [`server_const_name`]
/// is taken by another server: with the path (`API_EXAMPLE_COM_V2`), then
/// with the scheme as well (`API_EXAMPLE_COM_HTTP`).
pub fn server_const_name_fallbacks(url: &str) -> [String; 2] {
    let (scheme, rest) = url.split_once("://").unwrap_or(("", url));
    let rest = rest.trim_end_matches('/');
    let with_path = screaming_snake(rest, "SERVER");
    let with_scheme = format!("{with_path}_{}", screaming_snake(scheme, "SERVER"));
    [with_path, with_scheme]
}

/// `text` upper-cased with every run of other characters as one `_`,
/// prefixed with `prefix_` unless it starts with a letter.
fn screaming_snake(text: &str, prefix: &str) -> String {
    let name = text
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|word| !word.is_empty())
        .collect::<Vec<_>>()
        .join("_")
        .to_ascii_uppercase();
    if name.starts_with(|c: char| c.is_ascii_alphabetic()) {
        name
    } else if name.is_empty() {
        prefix.to_owned()
    } else {
        format!("{prefix}_{name}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn server_names_come_from_the_host_then_the_path_then_the_scheme() {
        assert_eq!(
            server_const_name("https://api.pepipost.com"),
            "API_PEPIPOST_COM"
        );
        assert_eq!(
            server_const_name("http://127.0.0.1:8080/v1"),
            "SERVER_127_0_0_1"
        );
        assert_eq!(
            server_const_name_fallbacks("http://api.example.com/v2/"),
            ["API_EXAMPLE_COM_V2", "API_EXAMPLE_COM_V2_HTTP"]
        );
    }

    #[test]
    fn any_operation_id_becomes_a_snake_case_method() {
        for (id, method) in [
            ("list_accounts", "list_accounts"),
            ("listAccounts", "list_accounts"),
            ("key.get", "key_get"),
            ("header-arg", "header_arg"),
            ("list-data-sets", "list_data_sets"),
            ("find pet by id", "find_pet_by_id"),
            ("getHTTPStatus", "get_http_status"),
            ("Pets/List", "pets_list"),
            ("2fa-enable", "op_2fa_enable"),
            ("type", "type_"),
            ("new", "new_operation"),
            ("builder", "builder_operation"),
            ("client", "client_operation"),
        ] {
            assert_eq!(method_name(id).as_deref(), Some(method), "{id}");
        }
        assert_eq!(method_name("!!!"), None);
        assert_eq!(method_name(""), None);
    }

    #[test]
    fn an_operation_without_an_id_is_named_after_its_method_and_path() {
        assert_eq!(
            derived_method_name("post", "/emails/{email_id}/cancel"),
            "post_emails_email_id_cancel"
        );
        assert_eq!(derived_method_name("get", "/"), "get");
        assert_eq!(
            derived_method_name("get", "/v1/users/{userId}/repos"),
            "get_v1_users_user_id_repos"
        );
    }
}
