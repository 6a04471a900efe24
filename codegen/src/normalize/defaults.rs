//! Defaults typify cannot generate, left out.
//!
//! typify turns a schema's `default` into a function producing that value,
//! and checks the value against the Rust type it made (a struct's fields, a
//! set without duplicates, an integer within its type's range) more strictly
//! than JSON Schema does; a default it refuses stops generation
//! ("value does not conform to the given schema"), without saying which. A
//! default is a convenience, not part of the wire: when typify refuses one,
//! generation is tried again without the defaults of composite values
//! (objects, arrays, references, compositions), then without any, each
//! left-out default a warning. A field without a default is optional instead.

use serde_json::Value;

use crate::diagnostic::{Code, Diagnostic};
use crate::load::Spec;
use crate::load::walk::{self, NodeKind};

/// How far [`leave_out`] goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reach {
    /// Defaults of anything but a plain string, number, integer or boolean.
    Composite,
    /// Every default.
    All,
}

/// Whether a generator error is typify refusing a default.
pub fn is_refused_default(error: &crate::diagnostic::Error) -> bool {
    match error {
        crate::diagnostic::Error::Spec(diagnostics) => diagnostics.iter().any(|diagnostic| {
            diagnostic
                .message
                .contains("value does not conform to the given schema")
        }),
        crate::diagnostic::Error::Io { .. } => false,
    }
}

/// `spec` (normalized) with the defaults `reach` covers left out, and a
/// warning for each.
pub fn leave_out(
    spec: &Spec,
    reach: Reach,
) -> Result<(Spec, Vec<Diagnostic>), crate::diagnostic::Error> {
    let mut json = spec.json.clone();
    let pointers: Vec<String> = walk::nodes(&spec.json)
        .into_iter()
        .filter(|(kind, _, schema)| {
            *kind == NodeKind::Schema
                && schema.get("default").is_some()
                && (reach == Reach::All || !is_plain_scalar(schema))
        })
        .map(|(_, pointer, _)| pointer)
        .collect();
    let mut warnings = Vec::new();
    for pointer in pointers {
        if let Some(schema) = json
            .pointer_mut(&pointer[1..])
            .and_then(Value::as_object_mut)
        {
            schema.shift_remove("default");
            warnings.push(
                spec.diagnostic(Code::UnsupportedDefault,
                    &format!("{pointer}/default"),
                    "the generator cannot make this default; it is left out, and the field is optional",
                )
                .hint("check the default against its schema (property names, value ranges, duplicates in a set)"),
            );
        }
    }
    let without = spec.rewritten(json).map_err(|error| {
        Diagnostic::new(
            Code::Internal,
            &spec.path,
            format!("internal error: the spec without defaults does not decode: {error}"),
        )
    })?;
    Ok((without, warnings))
}

fn is_plain_scalar(schema: &Value) -> bool {
    let composed = ["$ref", "allOf", "oneOf", "anyOf", "not"]
        .iter()
        .any(|key| schema.get(key).is_some());
    !composed
        && matches!(
            schema.get("type").and_then(Value::as_str),
            Some("string" | "number" | "integer" | "boolean")
        )
}
