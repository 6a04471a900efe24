//! The spec's `servers`: one constant each in the generated crate, the first
//! the default base URL.

use crate::diagnostic::{Code, Error};
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
    /// The URL as written, with `{name}` for each of [`Server::variables`].
    pub template: String,
    /// The variables its URL uses that have a default, in spec order.
    pub variables: Vec<ServerVariable>,
}

/// A `{variable}` of a server URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServerVariable {
    /// Its name in the URL.
    pub name: String,
    /// Its `default`.
    pub default: String,
    /// Its `enum` (with the default, which OpenAPI says it must hold), or
    /// empty when any value goes.
    pub values: Vec<String>,
    /// Its `description`.
    pub description: Option<String>,
    /// The `ClientBuilder` method that sets it (set by [`name_setters`]).
    pub setter: String,
    /// The type of its values in the `servers` module, when it has an `enum`.
    pub type_name: Option<String>,
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
                        Code::InvalidExtension,
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
                    Code::InvalidExtension,
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
        let template = server.url.trim_end_matches('/').to_owned();
        let variables = variables(&template, server);
        servers.push(Server {
            const_name,
            url,
            description: server.description.clone(),
            template,
            variables,
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

/// The variables `template` uses, in spec order, with their values.
fn variables(template: &str, server: &openapiv3::Server) -> Vec<ServerVariable> {
    let mut type_names = std::collections::BTreeSet::new();
    server
        .variables
        .iter()
        .flatten()
        .filter(|(name, _)| template.contains(&format!("{{{name}}}")))
        .map(|(name, variable)| {
            let mut values = variable.enumeration.clone();
            if !values.is_empty() && !values.contains(&variable.default) {
                values.insert(0, variable.default.clone());
            }
            let mut seen = std::collections::BTreeSet::new();
            values.retain(|value| seen.insert(value.clone()));
            let type_name = (!values.is_empty()).then(|| {
                crate::normalize::names::unique(
                    &mut type_names,
                    crate::normalize::names::type_name(name),
                )
            });
            ServerVariable {
                name: name.clone(),
                default: variable.default.clone(),
                values,
                description: variable.description.clone(),
                setter: String::new(),
                type_name,
            }
        })
        .collect()
}

/// Names the setters of `server`'s variables: each variable's name in
/// snake_case, with `_variable` after a name the builder or a security
/// scheme (`taken`) has, or a keyword, and a number after a name another
/// variable took.
pub fn name_setters(server: &mut Server, taken: &[&str]) {
    let mut setters: std::collections::BTreeSet<String> =
        taken.iter().map(|name| (*name).to_owned()).collect();
    for variable in &mut server.variables {
        let mut base = crate::normalize::names::method_name(&variable.name)
            .unwrap_or_else(|| "server".to_owned());
        let trimmed = base.trim_end_matches('_').to_owned();
        if base.ends_with('_') || setters.contains(&trimmed) {
            base = format!("{trimmed}_variable");
        }
        variable.setter = crate::normalize::names::unique(&mut setters, base);
    }
}
