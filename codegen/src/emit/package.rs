//! The non-Rust files of a generated crate: `Cargo.toml` and `README.md`.

use std::fmt::Write as _;

use toml_writer::ToTomlValue as _;

use crate::emit::builders;
use crate::emit::example::first_callable_operation;
use crate::emit::features::{self, TagFeatures};
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

/// `Cargo.toml` of the client crate; dependencies follow from what `lib_rs` uses
/// and the crates its types are spread over (`type_crates`, by suffix),
/// dev-dependencies from whether the crate has an example.
pub fn manifest(
    spec: &Spec,
    api: &Api,
    lib_rs: &str,
    with_example: bool,
    type_crates: &[&str],
) -> String {
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
    let _ = writeln!(out);
    let _ = writeln!(out, "[dependencies]");
    dependency_lines(&mut out, lib_rs);
    for suffix in type_crates {
        type_crate_dependency(&mut out, spec, api, suffix, &format!("types/{suffix}"));
    }
    // Every client has its typed mocks (`emit::mocks`).
    let _ = writeln!(out, "httpmock = {{ workspace = true, optional = true }}");
    if with_example {
        let _ = writeln!(out);
        let _ = writeln!(out, "[dev-dependencies]");
        let _ = writeln!(
            out,
            "tokio = {{ workspace = true, features = [\"macros\", \"rt-multi-thread\"] }}"
        );
    }
    let tags = TagFeatures::of(api);
    if let (Some(tags), Some(callable)) = (
        &tags,
        with_example
            .then(|| first_callable_operation(api))
            .flatten(),
    ) {
        let required = tags
            .of_operation(&callable.operation_id)
            .into_iter()
            .flatten();
        let _ = writeln!(out);
        let _ = writeln!(out, "[[example]]");
        let _ = writeln!(out, "name = \"{}\"", crate::emit::example::name(spec));
        let _ = writeln!(out, "required-features = [{}]", quoted(required));
    }
    let _ = writeln!(out);
    let _ = writeln!(out, "[features]");
    let features = cargo_features(spec, api, type_crates);
    if tags.is_some() {
        let defaults = features
            .iter()
            .filter(|feature| feature.default)
            .map(|feature| &feature.name);
        let _ = writeln!(out, "default = [{}]", quoted(defaults));
    }
    for feature in &features {
        for line in &feature.comment {
            let _ = writeln!(out, "# {line}");
        }
        let _ = writeln!(out, "{} = [{}]", feature.name, quoted(&feature.enables));
    }
    out
}

/// The `[dependencies]` lines of a crate whose code is `lib_rs`: the
/// crates every client needs and those its code names.
fn dependency_lines(out: &mut String, lib_rs: &str) {
    let mut dependencies: Vec<&str> = REQUIRED_DEPENDENCIES.to_vec();
    dependencies.extend(
        OPTIONAL_DEPENDENCIES
            .iter()
            .filter(|(_, marker)| lib_rs.contains(marker))
            .map(|(name, _)| *name),
    );
    dependencies.sort_unstable();
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
}

/// A cargo feature of a client crate, as its manifest declares it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CargoFeature {
    /// Its name.
    pub name: String,
    /// Whether it is on by default.
    pub default: bool,
    /// What it turns on (features of this and other crates, optional dependencies).
    pub enables: Vec<String>,
    /// The comment lines above it.
    pub comment: Vec<String>,
}

/// The cargo features of the client crate of `api`, whose types are
/// spread over `type_crates` (by suffix): one per tag and one for the
/// types no operation uses when the API has per-tag features (all on by
/// default), then the response builders, the mocks and tracing.
pub fn cargo_features(spec: &Spec, api: &Api, type_crates: &[&str]) -> Vec<CargoFeature> {
    // A feature of the client turns on the same feature of each type crate.
    let forwarded = |name: &str| -> Vec<String> {
        type_crates
            .iter()
            .map(|suffix| format!("{}/{name}", type_crate_ident(spec, suffix)))
            .collect()
    };
    let mut features = Vec::new();
    if let Some(tags) = TagFeatures::of(api) {
        let mut heading = Some(
            "One feature per tag of the API: its operations (client methods, builders, mocks) and the types they use.",
        );
        for feature in tags.features() {
            let what = match &feature.tag {
                Some(tag) => format!("tagged {}", toml_string(tag)),
                None => "without a tag".to_owned(),
            };
            let count = feature.operations;
            let plural = if count == 1 { "" } else { "s" };
            features.push(CargoFeature {
                name: feature.name.clone(),
                default: true,
                enables: forwarded(&feature.name),
                comment: heading
                    .take()
                    .map(str::to_owned)
                    .into_iter()
                    .chain([format!("{count} operation{plural} {what}.")])
                    .collect(),
            });
        }
        features.push(CargoFeature {
            name: features::WITHOUT_OPERATIONS.to_owned(),
            default: true,
            enables: forwarded(features::WITHOUT_OPERATIONS),
            comment: vec![
                "The types no operation uses (webhook payloads, say), with what they hold."
                    .to_owned(),
            ],
        });
    }
    // Declared even when every builder is compiled anyway, so that a spec
    // change that gates none does not take away a feature users name.
    features.push(CargoFeature {
        name: builders::FEATURE.to_owned(),
        default: false,
        enables: forwarded(builders::FEATURE),
        comment: vec![
            "Builders of the types only responses carry (`types::X::builder()`), to make them in tests."
                .to_owned(),
        ],
    });
    // Its responders take response values, which tests build.
    features.push(CargoFeature {
        name: "mock".to_owned(),
        default: false,
        enables: vec![
            "dep:httpmock".to_owned(),
            "client-runtime/mock".to_owned(),
            builders::FEATURE.to_owned(),
        ],
        comment: vec![
            "Typed httpmock helpers (`mock::MockServerExt`) for testing code that uses this client."
                .to_owned(),
        ],
    });
    // Every client's builder traces when it is on (`BuildClient::TRACED`).
    features.push(CargoFeature {
        name: "tracing".to_owned(),
        default: false,
        enables: vec!["client-runtime/tracing".to_owned()],
        comment: vec![
            "A `tracing` span per request: operation id, status, duration, x-request-id."
                .to_owned(),
        ],
    });
    features
}

/// The `[dependencies]` line of the type crate `suffix`, at `path`; with
/// the version too, as crates.io needs of a path dependency.
fn type_crate_dependency(out: &mut String, spec: &Spec, api: &Api, suffix: &str, path: &str) {
    let _ = writeln!(
        out,
        "{} = {{ path = {}, version = \"{}\" }}",
        type_crate_ident(spec, suffix),
        toml_string(path),
        api.info.crate_version
    );
}

/// The package name of the client's type crate `suffix`.
fn type_crate_ident(spec: &Spec, suffix: &str) -> String {
    crate::emit::type_crates::crate_ident(&spec.name(), suffix)
}

/// `Cargo.toml` of the type crate `suffix` of the client: its
/// dependencies (`depends_on`: other type crates, by suffix; the rest
/// from what `lib_rs` uses), and the client's features that gate types,
/// which the client crate turns on.
pub fn type_crate_manifest(
    spec: &Spec,
    api: &Api,
    suffix: &str,
    depends_on: &[String],
    lib_rs: &str,
) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# {}", generated_notice(spec));
    let _ = writeln!(out);
    let _ = writeln!(out, "[package]");
    let _ = writeln!(out, "name = \"{}\"", type_crate_ident(spec, suffix));
    let _ = writeln!(out, "version = \"{}\"", api.info.crate_version);
    let _ = writeln!(
        out,
        "description = {}",
        toml_string(&format!(
            "Part of the types of the `{}` client, which re-exports them.",
            spec.name()
        ))
    );
    for key in ["edition", "rust-version", "license", "publish"] {
        let _ = writeln!(out, "{key}.workspace = true");
    }
    let _ = writeln!(out);
    let _ = writeln!(out, "[dependencies]");
    dependency_lines(&mut out, lib_rs);
    for dependency in depends_on {
        type_crate_dependency(&mut out, spec, api, dependency, &format!("../{dependency}"));
    }
    let _ = writeln!(out);
    let _ = writeln!(out, "[features]");
    let _ = writeln!(
        out,
        "# Set by the client crate's features of the same names."
    );
    let tags = TagFeatures::of(api);
    let names = tags
        .iter()
        .flat_map(|tags| tags.features())
        .map(|feature| feature.name.as_str())
        .chain([features::WITHOUT_OPERATIONS, builders::FEATURE]);
    for name in names {
        let forwarded: Vec<String> = depends_on
            .iter()
            .map(|dependency| format!("{}/{name}", type_crate_ident(spec, dependency)))
            .collect();
        let _ = writeln!(out, "{name} = [{}]", quoted(forwarded));
    }
    out
}

/// `README.md` of the client crate, which is also its crate documentation:
/// what it is, the usage guide, its servers and operations.
/// When the types are spread over crates of their own (`type_crates`, by
/// suffix), it says so.
pub fn readme(spec: &Spec, api: &Api, type_crates: &[&str]) -> String {
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
    let _ = writeln!(
        out,
        "`{}` (which `mock` turns on) adds the builders of the types only responses carry \
             (`types::X::builder()`), to make such values in tests; the types requests carry \
             always have theirs.",
        builders::FEATURE
    );

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

    let tags = TagFeatures::of(api);
    if let Some(tags) = &tags {
        let _ = writeln!(out);
        let _ = writeln!(out, "## Features by tag");
        let _ = writeln!(out);
        let _ = writeln!(
            out,
            "Each tag of the API is a Cargo feature, all on by default. To compile only the operations \
             you call (and the types they use), turn the defaults off and name their tags' features:"
        );
        let _ = writeln!(out);
        let _ = writeln!(out, "```toml");
        let _ = writeln!(
            out,
            "{name} = {{ path = \"…\", default-features = false, features = [\"{}\"] }}",
            tags.features()[0].name
        );
        let _ = writeln!(out, "```");
        let _ = writeln!(out);
        let _ = writeln!(out, "| feature | tag | operations |");
        let _ = writeln!(out, "| --- | --- | --- |");
        for feature in tags.features() {
            let tag = match &feature.tag {
                Some(tag) => format!("`{}`", tag.replace('|', "\\|").replace('`', "'")),
                None => "(none)".to_owned(),
            };
            let _ = writeln!(
                out,
                "| `{}` | {tag} | {} |",
                feature.name, feature.operations
            );
        }
        let _ = writeln!(out);
        let _ = writeln!(
            out,
            "`{}`, also on by default, compiles the types no operation uses (webhook payloads, say).",
            features::WITHOUT_OPERATIONS
        );
    }
    if !type_crates.is_empty() {
        let _ = writeln!(out);
        let _ = writeln!(
            out,
            "The types are spread over {} crates of their own (`types/` beside this crate's `src/`: \
             one per group of tags, `shared` for those several groups use, `without-operations`), \
             so that they compile side by side and no compiler process holds them all. This crate \
             re-exports them as `types` and turns their features on with its own: use them as \
             `{}::types`, not through those crates.",
            type_crates.len(),
            spec.name().replace('-', "_")
        );
    }

    let _ = writeln!(out);
    let _ = writeln!(out, "## Operations");
    let _ = writeln!(out);
    match &tags {
        Some(_) => {
            let _ = writeln!(out, "| method | HTTP | summary | features |");
            let _ = writeln!(out, "| --- | --- | --- | --- |");
        }
        None => {
            let _ = writeln!(out, "| method | HTTP | summary |");
            let _ = writeln!(out, "| --- | --- | --- |");
        }
    }
    for operation in &api.operations {
        let features = tags
            .as_ref()
            .and_then(|tags| tags.of_operation(&operation.name))
            .map(|names| {
                let names: Vec<String> = names.iter().map(|name| format!("`{name}`")).collect();
                format!(" {} |", names.join(", "))
            })
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "| `Client::{}` | `{}` | {} |{features}",
            operation.name,
            operation.label(),
            operation.summary.as_deref().unwrap_or_default()
        );
    }
    out
}

/// A workspace manifest for generated crates kept outside this workspace
/// (scratch builds, benchmarks): `workspace_manifest` (this workspace's,
/// whose dependency versions they use) with `members` as its members,
/// `client-runtime` at `runtime`, and the other path dependencies left out.
pub fn standalone_workspace(
    workspace_manifest: &str,
    runtime: &std::path::Path,
    members: &[&str],
) -> String {
    workspace_manifest
        .lines()
        .filter_map(|line| {
            if line.starts_with("members") {
                Some(format!("members = {members:?}"))
            } else if line.contains("path = \"codegen/runtime\"") {
                Some(line.replace(
                    "path = \"codegen/runtime\"",
                    &format!("path = {:?}", runtime.display().to_string()),
                ))
            } else if line.contains("path = ") {
                None
            } else {
                Some(line.to_owned())
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// `"a", "b"`: `names` as the items of a TOML array.
fn quoted(names: impl IntoIterator<Item = impl AsRef<str>>) -> String {
    names
        .into_iter()
        .map(|name| toml_string(name.as_ref()))
        .collect::<Vec<_>>()
        .join(", ")
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
