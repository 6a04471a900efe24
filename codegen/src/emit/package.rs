//! The non-Rust files of a generated crate: `Cargo.toml` and `README.md`.

use std::fmt::Write as _;

use toml_writer::ToTomlValue as _;

use crate::emit::builders;
use crate::emit::notice::{GENERATE_COMMAND, generated_notice};
use crate::load::Spec;
use crate::model::Api;

/// Crates the generated code may use, beyond those every client needs,
/// with the path prefix that reveals the use.
const OPTIONAL_DEPENDENCIES: &[(&str, &str)] = &[
    // The key of a websocket upgrade.
    ("base64", "::base64::"),
    ("chrono", "chrono::"),
    // The shared runtime: builder, retries, credentials, pagination, and the
    // helpers mended responses and mocks call.
    ("client-runtime", "client_runtime::"),
    ("futures", "futures::"),
    ("http", "::http::"),
    ("rand", "::rand::"),
    ("regress", "regress::"),
    ("tokio", "tokio::"),
    ("uuid", "uuid::"),
];

/// Crates every generated client depends on.
const REQUIRED_DEPENDENCIES: &[&str] = &["progenitor-client", "reqwest", "serde", "serde_json"];

/// `Cargo.toml` of the client crate; dependencies follow from what `lib_rs` uses,
/// dev-dependencies from whether the crate has an example.
pub fn manifest(spec: &Spec, api: &Api, lib_rs: &str, with_example: bool) -> String {
    let mut dependencies: Vec<&str> = REQUIRED_DEPENDENCIES.to_vec();
    dependencies.extend(
        OPTIONAL_DEPENDENCIES
            .iter()
            .filter(|(_, marker)| lib_rs.contains(marker))
            .map(|(name, _)| *name),
    );
    dependencies.sort_unstable();

    let mut out = String::new();
    let _ = writeln!(out, "# {}", generated_notice(spec));
    let _ = writeln!(out);
    let _ = writeln!(out, "[package]");
    let _ = writeln!(out, "name = \"{}\"", spec.name());
    let _ = writeln!(out, "version = \"{}\"", api.info.crate_version);
    let _ = writeln!(
        out,
        "description = {}",
        toml_string(&format!(
            "Typed async client for the {} (version {}).",
            api.info.title, api.info.version
        ))
    );
    let _ = writeln!(out, "readme = \"README.md\"");
    for key in ["edition", "rust-version", "license", "publish"] {
        let _ = writeln!(out, "{key}.workspace = true");
    }
    // Which generator wrote the crate, so a crate and the runtime it calls
    // (pinned by path and version in the workspace manifest) can be matched up.
    let _ = writeln!(out);
    let _ = writeln!(out, "[package.metadata.codegen]");
    let _ = writeln!(out, "generator-version = \"{}\"", env!("CARGO_PKG_VERSION"));
    let traced = lib_rs.contains("feature = \"tracing\"");
    let _ = writeln!(out);
    let _ = writeln!(out, "[dependencies]");
    for dependency in dependencies {
        if dependency == "reqwest" && lib_rs.contains("::reqwest::multipart") {
            let _ = writeln!(
                out,
                "reqwest = {{ workspace = true, features = [\"multipart\"] }}"
            );
        } else if dependency == "client-runtime"
            && lib_rs.contains("client_runtime::internal::MultipartBody")
        {
            let _ = writeln!(
                out,
                "client-runtime = {{ workspace = true, features = [\"multipart\"] }}"
            );
        } else {
            let _ = writeln!(out, "{dependency}.workspace = true");
        }
    }
    let mocked = lib_rs.contains("feature = \"mock\"");
    if mocked {
        let _ = writeln!(out, "httpmock = {{ workspace = true, optional = true }}");
        let _ = writeln!(out, "regex = {{ workspace = true, optional = true }}");
    }
    if with_example {
        let _ = writeln!(out);
        let _ = writeln!(out, "[dev-dependencies]");
        let _ = writeln!(
            out,
            "tokio = {{ workspace = true, features = [\"macros\", \"rt-multi-thread\"] }}"
        );
    }
    let built = lib_rs.contains(&format!("feature = \"{}\"", builders::FEATURE));
    if mocked || traced || built {
        let _ = writeln!(out);
        let _ = writeln!(out, "[features]");
    }
    if built {
        let _ = writeln!(
            out,
            "# Builders of the types only responses carry (`types::X::builder()`), to make them in tests."
        );
        let _ = writeln!(out, "{} = []", builders::FEATURE);
    }
    if mocked {
        let _ = writeln!(
            out,
            "# Typed httpmock helpers (`mock::MockServerExt`) for testing code that uses this client."
        );
        // Its responders take response values, which tests build.
        let implied = if built {
            format!(", \"{}\"", builders::FEATURE)
        } else {
            String::new()
        };
        let _ = writeln!(out, "mock = [\"dep:httpmock\", \"dep:regex\"{implied}]");
    }
    if traced {
        let _ = writeln!(
            out,
            "# A `tracing` span per request: operation id, status, duration, x-request-id."
        );
        let _ = writeln!(out, "tracing = [\"client-runtime/tracing\"]");
    }
    out
}

/// `README.md` of the client crate, which is also its crate documentation:
/// what it is, the usage guide, its servers and operations.
pub fn readme(spec: &Spec, api: &Api, lib_rs: &str) -> String {
    let servers = &api.servers;
    let info = &api.info;
    // A heading ends at the line break: a title written over several lines
    // is joined into one.
    let title = info.title.split_whitespace().collect::<Vec<_>>().join(" ");
    let name = spec.name();
    let mut out = String::new();
    let _ = writeln!(out, "<!-- {} -->", generated_notice(spec));
    let _ = writeln!(out);
    let _ = writeln!(out, "# `{name}`: {title}");
    let _ = writeln!(out);
    let _ = writeln!(
        out,
        "Typed async Rust client for the {title} (API version {}), generated from [`{}`](../../{}) by `{GENERATE_COMMAND}`.",
        info.version,
        spec.path.display(),
        spec.path.display()
    );
    if let Some(description) = &info.description {
        let _ = writeln!(out);
        let _ = writeln!(out, "{}", description.trim_end());
    }

    let _ = writeln!(out);
    out.push_str(&crate::emit::guide::sections(spec, api));
    let _ = writeln!(
        out,
        "Cargo features: `mock` adds the typed httpmock helpers (`mock::MockServerExt`); \
         `tracing` adds a span per request (operation id, status, duration, `x-request-id`)."
    );
    if lib_rs.contains(&format!("feature = \"{}\"", builders::FEATURE)) {
        let _ = writeln!(
            out,
            "`{}` (which `mock` turns on) adds the builders of the types only responses carry \
             (`types::X::builder()`), to make such values in tests; the types requests carry \
             always have theirs.",
            builders::FEATURE
        );
    }

    if !servers.is_empty() {
        let _ = writeln!(out);
        let _ = writeln!(out, "## Servers");
        let _ = writeln!(out);
        let _ = writeln!(out, "| constant | URL | description |");
        let _ = writeln!(out, "| --- | --- | --- |");
        for server in servers {
            let _ = writeln!(
                out,
                "| `servers::{}` | <{}> | {} |",
                server.const_name,
                server.url,
                server.description.as_deref().unwrap_or("")
            );
        }
    }

    let _ = writeln!(out);
    let _ = writeln!(out, "## Operations");
    let _ = writeln!(out);
    let _ = writeln!(out, "| method | HTTP | summary |");
    let _ = writeln!(out, "| --- | --- | --- |");
    for operation in &api.operations {
        let _ = writeln!(
            out,
            "| `Client::{}` | `{}` | {} |",
            operation.name,
            operation.label(),
            operation.summary.as_deref().unwrap_or_default()
        );
    }
    out
}

/// `text` as a one-line TOML basic string, whatever characters it holds
/// (quotes, backslashes, newlines and other control characters escaped).
fn toml_string(text: &str) -> String {
    toml_writer::TomlStringBuilder::new(text)
        .as_basic()
        .to_toml_value()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn manifest_strings_escape_what_toml_basic_strings_cannot_hold() {
        assert_eq!(toml_string("plain"), r#""plain""#);
        assert_eq!(
            toml_string("a \"b\" \\ c\nd\te\u{7f}"),
            r#""a \"b\" \\ c\nd\te\u007F""#
        );
    }
}
