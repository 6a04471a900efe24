//! Distinct constant names for the spec's servers.
//!
//! Each absolute server URL becomes a constant named after its host. A spec
//! may list one host twice (`http` and `https`, or two paths on one host);
//! OpenAPI allows it, so the later server gets a longer name, written into the
//! document as its `x-rust-name` (which the model reads), with a warning.

use serde_json::Value;

use crate::diagnostic::{Code, Diagnostic};
use crate::load::Spec;
use crate::normalize::names;

/// Gives every server of `json` whose constant name another server already
/// takes an `x-rust-name` of its own: the host with the path, then with the
/// scheme, then numbered. The first server keeps its name.
pub fn name_servers(spec: &Spec, json: &mut Value, warnings: &mut Vec<Diagnostic>) {
    let Some(Value::Array(servers)) = json.get_mut("servers") else {
        return;
    };
    let mut taken: Vec<String> = Vec::new();
    for (index, server) in servers.iter_mut().enumerate() {
        let Some(url) = absolute_url(server) else {
            continue;
        };
        let written = server.get("x-rust-name");
        let name = match written {
            Some(Value::String(name)) => name.clone(),
            // A misused `x-rust-name` is the model's error to report.
            Some(_) => continue,
            None => names::server_const_name(&url),
        };
        if !taken.contains(&name) {
            taken.push(name);
            continue;
        }
        let [with_path, with_scheme] = names::server_const_name_fallbacks(&url);
        let Some(renamed) = [with_path, with_scheme.clone()]
            .into_iter()
            .chain((2..).map(|n| format!("{with_scheme}_{n}")))
            .find(|candidate| !taken.contains(candidate))
        else {
            continue;
        };
        let pointer = format!("#/servers/{index}");
        warnings.push(
            spec.diagnostic(
                Code::ServerNameCollision,
                &pointer,
                format!(
                    "two servers are both named `{name}`; this one (`{url}`) is named `{renamed}`"
                ),
            )
            .hint("give each server a distinct `x-rust-name`, or list each URL once"),
        );
        if let Some(object) = server.as_object_mut() {
            object.insert("x-rust-name".to_owned(), Value::String(renamed.clone()));
        }
        taken.push(renamed);
    }
}

/// The server's URL with its variables' defaults and no trailing `/`,
/// when that is absolute.
pub(crate) fn absolute_url(server: &Value) -> Option<String> {
    let mut url = server.get("url")?.as_str()?.to_owned();
    for (name, variable) in server
        .get("variables")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
    {
        if let Some(default) = variable.get("default").and_then(Value::as_str) {
            url = url.replace(&format!("{{{name}}}"), default);
        }
    }
    let absolute =
        (url.starts_with("https://") || url.starts_with("http://")) && !url.contains('{');
    absolute.then(|| url.trim_end_matches('/').to_owned())
}
