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
        // A relative URL is relative to wherever the spec is served from,
        // which the client cannot know: such a server gets no constant, and
        // callers give the base URL themselves.
        let Some(url) = spec
            .json
            .pointer(&pointer[1..])
            .and_then(crate::normalize::servers::absolute_url)
        else {
            continue;
        };
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
            None => crate::normalize::names::server_const_name(&url),
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
        // Normalization names every server apart (`normalize::servers`); a
        // spec read as written (the review) keeps the first of a name.
        if servers
            .iter()
            .any(|known: &Server| known.const_name == const_name)
        {
            continue;
        }
        servers.push(Server {
            const_name,
            url,
            description: server.description.clone(),
        });
    }
    if diagnostics.is_empty() {
        Ok(servers)
    } else {
        Err(Error::Spec(diagnostics))
    }
}

fn is_screaming_snake(name: &str) -> bool {
    name.starts_with(|c: char| c.is_ascii_uppercase())
        && name
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_')
}
