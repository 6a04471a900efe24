//! Stage 3: a validated spec → the files of its client crate, in memory.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::PathBuf;

use proc_macro2::TokenStream;
use progenitor_impl::{GenerationSettings, Generator, InterfaceStyle, TagStyle};
use quote::quote;

use crate::diagnostic::{Diagnostic, Error};
use crate::extras;
use crate::load::Spec;
use crate::package;
use crate::render;
use crate::validate::validate;

/// A file to be written, with its path relative to the workspace root.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GeneratedFile {
    /// Path relative to the workspace root, e.g. `clients/pepipost/src/lib.rs`.
    pub path: PathBuf,
    /// Exact contents.
    pub contents: String,
}

/// Where the client for `spec` lives, relative to the workspace root.
pub fn client_dir(spec: &Spec) -> PathBuf {
    PathBuf::from("clients").join(spec.name())
}

/// Validates `spec` and generates its client crate: `Cargo.toml`, `README.md`, `src/lib.rs`.
pub fn generate_client(spec: &Spec) -> Result<Vec<GeneratedFile>, Error> {
    check_crate_name(spec)?;
    validate(spec)?;
    let servers = extras::servers(spec)?;
    let auth = extras::auth(spec)?;

    let progenitor_tokens = run_progenitor(spec)?;
    let extra_tokens = extras::tokens(&spec.name(), &servers, auth);
    let crate_doc = crate_doc(spec);
    let lib_rs = render::rust_file(
        spec,
        quote! {
            #![doc = #crate_doc]
            #![forbid(unsafe_code)]
            #![warn(missing_docs)]

            #progenitor_tokens
            #extra_tokens
        },
    )?;

    let dir = client_dir(spec);
    Ok(vec![
        GeneratedFile {
            path: dir.join("Cargo.toml"),
            contents: package::manifest(spec, &lib_rs),
        },
        GeneratedFile {
            path: dir.join("README.md"),
            contents: package::readme(spec, &servers, auth),
        },
        GeneratedFile {
            path: dir.join("src").join("lib.rs"),
            contents: lib_rs,
        },
    ])
}

/// Runs progenitor, turning its errors (and, defensively, its panics) into diagnostics.
fn run_progenitor(spec: &Spec) -> Result<TokenStream, Error> {
    let mut settings = GenerationSettings::new();
    settings
        .with_interface(InterfaceStyle::Builder)
        .with_tag(TagStyle::Merged)
        .with_derive("PartialEq");
    let outcome = catch_unwind(AssertUnwindSafe(|| {
        Generator::new(&settings).generate_tokens(&spec.document)
    }));
    match outcome {
        Ok(Ok(tokens)) => Ok(tokens),
        Ok(Err(error)) => {
            Err(Diagnostic::new(&spec.path, format!("cannot generate a client: {error}")).into())
        }
        Err(panic) => {
            let reason = panic_message(&*panic);
            Err(Diagnostic::new(
                &spec.path,
                format!("internal error: the generator crashed on this spec: {reason}"),
            )
            .hint("the spec uses something the generator does not support; please report it with the spec")
            .into())
        }
    }
}

/// The crate-level documentation, from the spec's `info`.
fn crate_doc(spec: &Spec) -> String {
    let info = &spec.document.info;
    let mut doc = format!(
        "Typed async client for the {} (API version {}).\n\nGenerated from `{}` by `{}`.",
        info.title,
        info.version,
        spec.path.display(),
        render::GENERATE_COMMAND
    );
    if let Some(description) = &info.description {
        doc.push_str("\n\n");
        doc.push_str(description.trim_end());
    }
    doc.push_str(
        "\n\nStart with [`Client`]: each operation is a method returning a builder; \
         set its parameters and call `send().await`.",
    );
    doc
}

/// The file stem becomes the crate name, so it must be one.
fn check_crate_name(spec: &Spec) -> Result<(), Error> {
    let name = spec.name();
    let valid = name.starts_with(|c: char| c.is_ascii_lowercase())
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_');
    if valid {
        Ok(())
    } else {
        Err(Diagnostic::new(
            &spec.path,
            format!("`{name}` cannot be a crate name; the spec's file name becomes the client crate's name"),
        )
        .hint("rename the spec to lower-case letters, digits, `-` and `_`, e.g. `specs/my-api.yaml`")
        .into())
    }
}

/// The message a panic was raised with.
pub(crate) fn panic_message(panic: &(dyn std::any::Any + Send)) -> &str {
    panic
        .downcast_ref::<String>()
        .map(String::as_str)
        .or_else(|| panic.downcast_ref::<&str>().copied())
        .unwrap_or("unknown reason")
}
