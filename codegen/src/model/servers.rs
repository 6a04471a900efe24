//! The spec's `servers`: one constant each in the generated crate, the first
//! the default base URL.

use crate::diagnostic::Error;
use crate::load::Spec;

/// One entry of the spec's `servers`, ready to become a constant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Server {
    /// Name of the constant, SCREAMING_SNAKE_CASE.
    pub const_name: String,
    /// Absolute base URL.
    pub url: String,
    /// The spec's description of the server, if any.
    pub description: Option<String>,
}

/// The spec's servers, in spec order. Each becomes `servers::<NAME>`.
pub fn servers(spec: &Spec) -> Result<Vec<Server>, Error> {
    let mut servers = Vec::new();
    let mut diagnostics = Vec::new();
    for (index, server) in spec.document.servers.iter().enumerate() {
        let pointer = format!("#/servers/{index}");
        let url = with_default_variables(server);
        // A relative URL is relative to wherever the spec is served from,
        // which the client cannot know: such a server gets no constant, and
        // callers give the base URL themselves.
        if !(url.starts_with("https://") || url.starts_with("http://")) || url.contains('{') {
            continue;
        }
        let const_name = match server.extensions.get("x-rust-name") {
            Some(serde_json::Value::String(name)) => name.clone(),
            Some(_) => {
                diagnostics.push(
                    spec.diagnostic(
                        &format!("{pointer}/x-rust-name"),
                        "`x-rust-name` must be a string",
                    )
                    .hint("write a SCREAMING_SNAKE_CASE name such as `EU`"),
                );
                continue;
            }
            None => screaming_snake_from_host(&url),
        };
        if !is_screaming_snake(&const_name) {
            diagnostics.push(
                spec.diagnostic(
                    &format!("{pointer}/x-rust-name"),
                    format!("`{const_name}` is not a SCREAMING_SNAKE_CASE name"),
                )
                .hint("use upper-case letters, digits and underscores, starting with a letter"),
            );
            continue;
        }
        if servers
            .iter()
            .any(|known: &Server| known.const_name == const_name)
        {
            diagnostics.push(
                spec.diagnostic(
                    &pointer,
                    format!("two servers are both named `{const_name}`"),
                )
                .hint("give each server a distinct `x-rust-name`"),
            );
            continue;
        }
        servers.push(Server {
            const_name,
            url: url.trim_end_matches('/').to_owned(),
            description: server.description.clone(),
        });
    }
    if diagnostics.is_empty() {
        Ok(servers)
    } else {
        Err(Error::Spec(diagnostics))
    }
}

/// The server's URL with each `{variable}` replaced by the variable's default.
fn with_default_variables(server: &openapiv3::Server) -> String {
    let mut url = server.url.clone();
    for (name, variable) in server.variables.iter().flatten() {
        url = url.replace(&format!("{{{name}}}"), &variable.default);
    }
    url
}

/// `https://api.example.com` → `API_EXAMPLE_COM`.
fn screaming_snake_from_host(url: &str) -> String {
    let host = url
        .split("://")
        .nth(1)
        .unwrap_or(url)
        .split(['/', ':'])
        .next()
        .unwrap_or_default();
    let name: String = host
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_uppercase()
            } else {
                '_'
            }
        })
        .collect();
    if name.starts_with(|c: char| c.is_ascii_alphabetic()) {
        name
    } else {
        format!("SERVER_{name}")
    }
}

fn is_screaming_snake(name: &str) -> bool {
    name.starts_with(|c: char| c.is_ascii_uppercase())
        && name
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn server_names_come_from_the_host_when_the_spec_gives_none() {
        assert_eq!(
            screaming_snake_from_host("https://api.pepipost.com"),
            "API_PEPIPOST_COM"
        );
        assert_eq!(
            screaming_snake_from_host("http://127.0.0.1:8080/v1"),
            "SERVER_127_0_0_1"
        );
    }
}
