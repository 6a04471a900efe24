//! Component schemas whose Rust names collide, renamed.
//!
//! typify names a component after its key in PascalCase, so `string` and
//! `String`, or `user_id` and `UserId`, would be one type defined twice.
//! OpenAPI allows both keys; the later one is renamed in memory (its key
//! and every `$ref` to it) with a number (`User2`), with a warning. The
//! first in document order keeps its name.
//!
//! A component named like a type or trait of Rust's prelude (`String`,
//! `Default`, `Option`) would hide it from the code typify writes around it
//! (`impl TryFrom<String>`, `Default::default()`): it is numbered too.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Map, Value};

use crate::diagnostic::{Code, Diagnostic, escape_pointer_token};
use crate::load::{SourceMap, Spec, refs};
use crate::normalize::names;

/// The names of Rust's prelude (edition 2021 and later) that live where
/// type names do, and that generated code writes without a path.
const PRELUDE: &[&str] = &[
    "AsMut",
    "AsRef",
    "Box",
    "Clone",
    "Copy",
    "Default",
    "DoubleEndedIterator",
    "Drop",
    "Eq",
    "Err",
    "ExactSizeIterator",
    "Extend",
    "Fn",
    "FnMut",
    "FnOnce",
    "From",
    "FromIterator",
    "Into",
    "IntoIterator",
    "Iterator",
    "None",
    "Ok",
    "Option",
    "Ord",
    "PartialEq",
    "PartialOrd",
    "Result",
    "Send",
    "Sized",
    "Some",
    "String",
    "Sync",
    "ToOwned",
    "ToString",
    "TryFrom",
    "TryInto",
    "Unpin",
    "Vec",
];

/// Renames, in `json`, the component schemas whose Rust name an earlier one
/// has, or Rust's prelude has.
pub fn rename_colliding(
    spec: &Spec,
    json: &mut Value,
    source_map: &mut SourceMap,
    warnings: &mut Vec<Diagnostic>,
) {
    let Some(schemas) = json
        .pointer("/components/schemas")
        .and_then(Value::as_object)
    else {
        return;
    };
    let keys: BTreeSet<&String> = schemas.keys().collect();
    let mut taken: BTreeSet<String> = PRELUDE.iter().map(|name| (*name).to_owned()).collect();
    let mut renames: Vec<(String, String)> = Vec::new();
    for key in schemas.keys() {
        let rust = names::type_name(key);
        let prelude = PRELUDE.contains(&rust.as_str());
        if !prelude && taken.insert(rust.clone()) {
            continue;
        }
        let Some(renamed) = free_key(key, |candidate| keys.contains(candidate), &mut taken) else {
            continue;
        };
        warnings.push(
            spec.diagnostic(Code::TypeNameCollision,
                &format!("#/components/schemas/{}", escape_pointer_token(key)),
                if prelude {
                    format!(
                        "`{key}` would hide Rust's own `{rust}` from the generated code; it is named `{}`",
                        names::type_name(&renamed)
                    )
                } else {
                    format!(
                        "component schemas would share the Rust name `{rust}`; `{key}` is named `{}`",
                        names::type_name(&renamed)
                    )
                },
            )
            .hint(if prelude {
                "give the schema a more specific name"
            } else {
                "give the schemas names that differ by more than case and punctuation"
            }),
        );
        renames.push((key.clone(), renamed));
    }
    apply(json, source_map, &renames);
}

/// `spec` (normalized) with the components renamed whose Rust name typify
/// gives another of its types as well (`shadowed`): a schema inside another,
/// which typify names after where it stands (the property `links` of
/// `Order`, merged from the parts of an `allOf`: `OrderLinks`), would be
/// defined beside the component `orderLinks` under one name. The component
/// is numbered (`orderLinks2`), with a warning.
///
/// # Errors
///
/// When the renamed document does not decode (a bug).
pub fn rename_shadowed(
    spec: &Spec,
    shadowed: &BTreeSet<String>,
) -> Result<(Spec, Vec<Diagnostic>), crate::diagnostic::Error> {
    let mut json = spec.json.clone();
    let mut source_map = spec.source_map.clone();
    let keys: Vec<String> = json
        .pointer("/components/schemas")
        .and_then(Value::as_object)
        .map(|schemas| schemas.keys().cloned().collect())
        .unwrap_or_default();
    let mut taken: BTreeSet<String> = keys.iter().map(|key| names::type_name(key)).collect();
    taken.extend(shadowed.iter().cloned());
    let mut renames = Vec::new();
    let mut warnings = Vec::new();
    for key in &keys {
        let rust = names::type_name(key);
        if !shadowed.contains(&rust) {
            continue;
        }
        let Some(renamed) = free_key(key, |candidate| keys.contains(candidate), &mut taken) else {
            continue;
        };
        warnings.push(
            spec.diagnostic(
                Code::TypeNameCollision,
                &format!("#/components/schemas/{}", escape_pointer_token(key)),
                format!(
                    "the type generator gives the name `{rust}` to a schema inside another too (named after where it stands); `{key}` is named `{}`",
                    names::type_name(&renamed)
                ),
            )
            .hint("a property's own type is named after its object and the property (`Pet` and `owner`: `PetOwner`); give the schema a name apart from those"),
        );
        renames.push((key.clone(), renamed));
    }
    apply(&mut json, &mut source_map, &renames);
    let mut renamed = spec.rewritten(json).map_err(|error| {
        Diagnostic::new(
            Code::Internal,
            &spec.path,
            format!("internal error: the spec with renamed components does not decode: {error}"),
        )
    })?;
    renamed.source_map = source_map;
    Ok((renamed, warnings))
}

/// `key` with the first number from 2 that names neither a component
/// (`exists`) nor a type `taken` holds; its type name is then taken.
fn free_key(
    key: &str,
    exists: impl Fn(&String) -> bool,
    taken: &mut BTreeSet<String>,
) -> Option<String> {
    let renamed = (2..)
        .map(|n| format!("{key}{n}"))
        .find(|candidate| !exists(candidate) && !taken.contains(&names::type_name(candidate)))?;
    taken.insert(names::type_name(&renamed));
    Some(renamed)
}

/// Renames the component schemas `renames` lists (from, to) in `json`: their
/// keys, in place, and every `$ref` to them.
fn apply(json: &mut Value, source_map: &mut SourceMap, renames: &[(String, String)]) {
    if renames.is_empty() {
        return;
    }
    if let Some(schemas) = json
        .pointer_mut("/components/schemas")
        .and_then(Value::as_object_mut)
    {
        let old: Map<String, Value> = std::mem::take(schemas);
        for (key, schema) in old {
            match renames.iter().find(|(from, _)| *from == key) {
                Some((from, to)) => {
                    source_map.record_move(
                        format!("#/components/schemas/{}", escape_pointer_token(to)),
                        format!("#/components/schemas/{}", escape_pointer_token(from)),
                    );
                    schemas.insert(to.clone(), schema);
                }
                None => {
                    schemas.insert(key, schema);
                }
            }
        }
    }
    let moves: BTreeMap<String, String> = renames
        .iter()
        .map(|(from, to)| {
            (
                format!("#/components/schemas/{}", escape_pointer_token(from)),
                format!("#/components/schemas/{}", escape_pointer_token(to)),
            )
        })
        .collect();
    refs::rewrite_references(json, &moves);
}
