//! The Rust types of the API, asked of typify: its component schemas,
//! translated to JSON Schema ([`super::json_schema`]), in one `TypeSpace`
//! configured as the client's `types` module is (builders, `PartialEq`).
//!
//! This is where type names come from: typify's own, not a prediction of
//! them. It is built beside the pipeline, which still takes its types from
//! progenitor's run of typify; `codegen/tests/typing.rs` holds that the two
//! give the same `types` module.

use std::panic::{AssertUnwindSafe, catch_unwind};

use serde_json::Value;
use typify::{TypeSpace, TypeSpaceSettings, UnknownPolicy};

use super::json_schema::to_json_schema;

/// The settings of the client's `types` module: the module's name (for
/// paths between types), builders for every struct, `PartialEq` on every
/// type, and crates named by `x-rust-type` generated rather than used.
pub fn settings() -> TypeSpaceSettings {
    let mut settings = TypeSpaceSettings::default();
    settings
        .with_type_mod("types")
        .with_struct_builder(true)
        .with_derive("PartialEq".to_owned())
        .with_unknown_crates(UnknownPolicy::default());
    settings
}

/// The `TypeSpace` of the component schemas of `document` (normalized
/// OpenAPI 3.0 JSON), in their order.
///
/// # Errors
///
/// typify's refusal, or its panic, as a message.
pub fn component_types(document: &Value) -> Result<TypeSpace, String> {
    let schemas: Vec<(String, schemars::schema::Schema)> = document
        .pointer("/components/schemas")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
        .map(|(name, schema)| (name.clone(), to_json_schema(schema)))
        .collect();
    let mut space = TypeSpace::new(&settings());
    match catch_unwind(AssertUnwindSafe(|| space.add_ref_types(schemas))) {
        Ok(Ok(())) => Ok(space),
        Ok(Err(error)) => Err(format!("typify refuses the component schemas: {error}")),
        Err(_) => Err("typify panics on the component schemas".to_owned()),
    }
}
