//! What a spec gets wrong without making a client impossible, resolved in
//! memory with a warning each.
//!
//! OpenAPI says examples and defaults SHOULD match their schemas, leaves
//! `format` open-ended and lets a schema omit `type`; real specs make use of
//! all of it. None of that changes what goes over the wire, so none of it
//! stops generation. Each resolution is deterministic and local to the node
//! it concerns (an edit elsewhere in the spec never changes it):
//!
//! | kind | resolution |
//! | --- | --- |
//! | `invalid-example` | the example is left out of the generated docs |
//! | `invalid-default` | the default is left out: the field has none |
//! | `invalid-enum-value` | the value is left out of the enum |
//! | `unknown-type` | `type: file` is binary data; any other unknown type is dropped (see `untyped-schema`) |
//! | `misplaced-format` | a `format` on an object, array or boolean is ignored |
//! | `untyped-schema` | a schema without `type` whose keywords imply one (`pattern` → string, `items` → array, …) gets it; with keywords of several types, they are dropped and the value is any JSON |
//! | `field-name-collision` | of two properties that become one Rust field (`_id`, `id`), the later is left out of the type |
//! | `composition-cycle` | a component that is one of its own parts (`Dog: {oneOf: [Cat, Dog]}`) loses the member that closes the loop |
//! | `composite-enum` | an enum listing arrays or objects is ignored: any value of the schema |
//! | `unsupported-not` | a `not` other than of listed values, `{}` or a boolean is ignored (values it excludes are accepted) |
//! | `null-without-nullable` | an `enum` listing `null` makes the schema `nullable` |
//! | `unsupported-pattern` | a `pattern` that is not an ECMA-262 regular expression (OpenAPI says it SHOULD be; `(?i)…`, possessive quantifiers) is left unchecked |
//! | `both-unions` | a schema with both `anyOf` and `oneOf` (the value must match both) becomes an `allOf` of the two |
//! | `enum-variant-collision` | a value repeated in an `enum` is listed once; values that become one Rust variant name (differing only in case) make the schema a plain string |

use std::collections::{BTreeMap, HashSet};

use serde_json::{Map, Value};

use crate::diagnostic::{Code, Diagnostic};
use crate::load::Spec;
use crate::load::schemas;
use crate::load::walk::{self, NodeKind};
use crate::normalize::names;

/// The six JSON types a schema's `type` may name in OpenAPI 3.0.
const SCHEMA_TYPES: &[&str] = &["string", "number", "integer", "boolean", "array", "object"];

/// Keywords that apply to one type only, and that type.
const TYPED_KEYWORDS: &[(&str, &str)] = &[
    ("minLength", "string"),
    ("maxLength", "string"),
    ("pattern", "string"),
    ("minimum", "number"),
    ("maximum", "number"),
    ("exclusiveMinimum", "number"),
    ("exclusiveMaximum", "number"),
    ("multipleOf", "number"),
    ("items", "array"),
    ("minItems", "array"),
    ("maxItems", "array"),
    ("uniqueItems", "array"),
];

/// Resolves, in `json` (the spec's document, not yet otherwise rewritten),
/// what [the module](self) lists; one warning per resolution.
pub fn repair(spec: &Spec, json: &mut Value) -> Vec<Diagnostic> {
    let mut warnings = Vec::new();
    edit_schemas(json, |pointer, schema| {
        schema_types(spec, pointer, schema, &mut warnings);
        formats(spec, pointer, schema, &mut warnings);
        untyped(spec, pointer, schema, &mut warnings);
        null_in_enum(spec, pointer, schema, &mut warnings);
        enum_variants(spec, pointer, schema, &mut warnings);
        field_names(spec, pointer, schema, &mut warnings);
        patterns(spec, pointer, schema, &mut warnings);
        both_unions(spec, pointer, schema, &mut warnings);
    });
    samples(spec, json, &mut warnings);
    composition_cycles(spec, json, &mut warnings);
    // After `samples`, which may empty the enum a `not` lists.
    edit_schemas(json, |pointer, schema| {
        unsupported_not(spec, pointer, schema, &mut warnings);
    });
    warnings
}

/// Calls `edit` on every schema object of `json`, outermost first.
pub(super) fn edit_schemas(json: &mut Value, mut edit: impl FnMut(&str, &mut Map<String, Value>)) {
    let pointers: Vec<String> = walk::nodes(json)
        .into_iter()
        .filter(|(kind, _, _)| *kind == NodeKind::Schema)
        .map(|(_, pointer, _)| pointer)
        .collect();
    for pointer in pointers {
        if let Some(schema) = json
            .pointer_mut(pointer.trim_start_matches('#'))
            .and_then(Value::as_object_mut)
        {
            edit(&pointer, schema);
        }
    }
}

/// `type` must name a JSON type: Swagger 2's `file` is binary data, anything
/// else is dropped.
fn schema_types(
    spec: &Spec,
    pointer: &str,
    schema: &mut Map<String, Value>,
    warnings: &mut Vec<Diagnostic>,
) {
    let Some(typ) = schema.get("type").cloned() else {
        return;
    };
    if typ
        .as_str()
        .is_some_and(|name| SCHEMA_TYPES.contains(&name))
    {
        return;
    }
    let resolution = if typ.as_str() == Some("file") {
        schema.insert("type".to_owned(), Value::String("string".to_owned()));
        schema.insert("format".to_owned(), Value::String("binary".to_owned()));
        "read as `type: string, format: binary` (binary data)"
    } else {
        schema.shift_remove("type");
        "ignored: the schema's other keywords decide its type"
    };
    warnings.push(
        spec.diagnostic(
            Code::UnknownType,
            &format!("{pointer}/type"),
            format!(
                "`type: {}` is not an OpenAPI 3.0 schema type; {resolution}",
                plain(&typ)
            ),
        )
        .hint(format!("use one of: {}", SCHEMA_TYPES.join(", "))),
    );
}

/// `format` annotates strings and numbers; on another type it says nothing.
fn formats(
    spec: &Spec,
    pointer: &str,
    schema: &mut Map<String, Value>,
    warnings: &mut Vec<Diagnostic>,
) {
    let typ = schema
        .get("type")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_owned();
    if !matches!(typ.as_str(), "object" | "array" | "boolean") {
        return;
    }
    let Some(format) = schema.shift_remove("format") else {
        return;
    };
    warnings.push(
        spec.diagnostic(
            Code::MisplacedFormat,
            &format!("{pointer}/format"),
            format!(
                "`format: {}` does not apply to `type: {typ}`; it is ignored",
                plain(&format)
            ),
        )
        .hint("remove `format`, or fix the `type`"),
    );
}

/// A `pattern` the generated client cannot compile (the `regress` crate,
/// ECMA-262, as typify and the client check it) is left unchecked.
fn patterns(
    spec: &Spec,
    pointer: &str,
    schema: &mut Map<String, Value>,
    warnings: &mut Vec<Diagnostic>,
) {
    let Some(Value::String(pattern)) = schema.get("pattern") else {
        return;
    };
    let Err(error) = regress::Regex::new(pattern) else {
        return;
    };
    warnings.push(
        spec.diagnostic(Code::UnsupportedPattern,
            &format!("{pointer}/pattern"),
            format!(
                "`{pattern}` is not an ECMA-262 regular expression ({error}); values are not checked against it"
            ),
        )
        .hint("write the pattern in the ECMA-262 dialect OpenAPI names (no inline flags such as `(?i)`)"),
    );
    schema.shift_remove("pattern");
}

/// `anyOf` beside `oneOf`: a value matches one of the `oneOf` members and
/// at least one of the `anyOf` members, which is what an `allOf` of the two
/// says in the form the type generator reads.
fn both_unions(
    spec: &Spec,
    pointer: &str,
    schema: &mut Map<String, Value>,
    warnings: &mut Vec<Diagnostic>,
) {
    if !(schema.contains_key("anyOf") && schema.contains_key("oneOf")) {
        return;
    }
    let mut all_of = match schema.shift_remove("allOf") {
        Some(Value::Array(members)) => members,
        _ => Vec::new(),
    };
    for keyword in ["anyOf", "oneOf"] {
        if let Some(members) = schema.shift_remove(keyword) {
            let mut member = Map::new();
            member.insert(keyword.to_owned(), members);
            all_of.push(Value::Object(member));
        }
    }
    schema.insert("allOf".to_owned(), Value::Array(all_of));
    warnings.push(
        spec.diagnostic(
            Code::BothUnions,
            &format!("{pointer}/oneOf"),
            "a schema with both `anyOf` and `oneOf` is read as an `allOf` of the two",
        )
        .hint("write `allOf: [{anyOf: […]}, {oneOf: […]}]`, or keep one of them"),
    );
}

/// A schema without `type` gets the one its keywords imply.
fn untyped(
    spec: &Spec,
    pointer: &str,
    schema: &mut Map<String, Value>,
    warnings: &mut Vec<Diagnostic>,
) {
    // Beside a composition or a reference the keywords constrain the composed type.
    let composed = ["$ref", "allOf", "oneOf", "anyOf"]
        .iter()
        .any(|key| schema.contains_key(*key));
    if schema.contains_key("type") || composed {
        return;
    }
    let mut implied: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for (keyword, typ) in TYPED_KEYWORDS {
        if schema.contains_key(*keyword) {
            implied.entry(typ).or_default().push(keyword);
        }
    }
    if implied.is_empty() {
        // An enum of one kind of value, and null, is a nullable value of that
        // kind; the spec says so plainly, but typify reads the untyped form as
        // an enum of values that do not fit it. Typed in silence.
        let nullable_enum_kind = schema
            .get("enum")
            .and_then(Value::as_array)
            .filter(|values| values.iter().any(Value::is_null))
            .and_then(|values| single_kind(values));
        if let Some(typ) = nullable_enum_kind
            && !schema.contains_key("format")
        {
            schema.insert("type".to_owned(), Value::String(typ.to_owned()));
            schema.insert("nullable".to_owned(), Value::Bool(true));
            return;
        }
        let Some(format) = schema
            .get("format")
            .and_then(Value::as_str)
            .map(str::to_owned)
        else {
            return;
        };
        // Integers and strings both have formats: the enum's values, when it
        // has some, tell which; else the format's usual type does.
        let typ = match schema.get("enum").and_then(Value::as_array) {
            Some(values) => single_kind(values),
            None => Some(match format.as_str() {
                "int32" | "int64" => "integer",
                "float" | "double" => "number",
                _ => "string",
            }),
        };
        let message = match typ {
            Some(typ) => {
                schema.insert("type".to_owned(), Value::String(typ.to_owned()));
                format!(
                    "this schema has `format: {format}` but no `type`; it is read as `type: {typ}`"
                )
            }
            None => {
                schema.shift_remove("format");
                format!(
                    "this schema has `format: {format}` but no `type`, and enum values of several types; the format is ignored"
                )
            }
        };
        warnings.push(
            spec.diagnostic(Code::UntypedSchema, pointer, message)
                .hint("add the `type` the format applies to"),
        );
        return;
    }
    let (message, hint) = if let [(typ, keywords)] = implied.iter().collect::<Vec<_>>().as_slice() {
        // An integer format narrows `number` keywords to integers.
        let typ = match (*typ, schema.get("format").and_then(Value::as_str)) {
            (&"number", Some("int32" | "int64")) => "integer",
            (typ, _) => typ,
        };
        schema.insert("type".to_owned(), Value::String(typ.to_owned()));
        (
            format!(
                "this schema has `{}` but no `type`; it is read as `type: {typ}`",
                keywords.join("`, `")
            ),
            format!("add `type: {typ}`"),
        )
    } else {
        let keywords: Vec<&str> = implied.values().flatten().copied().collect();
        for keyword in &keywords {
            schema.shift_remove(*keyword);
        }
        schema.shift_remove("format");
        (
            format!(
                "this schema has keywords of several types (`{}`) and no `type`; they are ignored and the value is any JSON",
                keywords.join("`, `")
            ),
            "add the `type` the keywords apply to".to_owned(),
        )
    };
    warnings.push(
        spec.diagnostic(Code::UntypedSchema, pointer, message)
            .hint(hint),
    );
}

/// An enum listing `null` in a schema that is not `nullable` means the value
/// may be null; it is read so.
fn null_in_enum(
    spec: &Spec,
    pointer: &str,
    schema: &mut Map<String, Value>,
    warnings: &mut Vec<Diagnostic>,
) {
    let lists_null = schema
        .get("enum")
        .and_then(Value::as_array)
        .is_some_and(|values| values.iter().any(Value::is_null));
    if !lists_null || schema.get("nullable") == Some(&Value::Bool(true)) {
        return;
    }
    schema.insert("nullable".to_owned(), Value::Bool(true));
    warnings.push(
        spec.diagnostic(Code::NullWithoutNullable,
            &format!("{pointer}/enum"),
            "`null` is listed in `enum`, but the schema is not `nullable`; it is read as `nullable: true`",
        )
        .hint("add `nullable: true`, or remove `null` from the enum"),
    );
}

/// `not` only excludes values; typify turns it into a type for the forms
/// it knows (a boolean, an empty schema, a list of values to deny) and
/// stops on any other. The client does not check what other forms exclude,
/// so they are ignored.
fn unsupported_not(
    spec: &Spec,
    pointer: &str,
    schema: &mut Map<String, Value>,
    warnings: &mut Vec<Diagnostic>,
) {
    let Some(excluded) = schema.get("not") else {
        return;
    };
    let supported = match excluded {
        Value::Bool(_) => true,
        Value::Object(excluded) => {
            let denies_values = excluded.get("enum").is_some_and(Value::is_array)
                && excluded.get("type").is_none_or(|typ| typ.is_string())
                && excluded.keys().all(|key| {
                    key == "enum" || key == "type" || crate::load::refs::is_documentation(key)
                });
            let permissive = excluded
                .keys()
                .all(|key| crate::load::refs::is_documentation(key));
            denies_values || permissive
        }
        _ => false,
    };
    if supported {
        return;
    }
    schema.shift_remove("not");
    warnings.push(
        spec.diagnostic(Code::UnsupportedNot,
            &format!("{pointer}/not"),
            "the client cannot check what this `not` excludes (only listed values or everything); it is ignored",
        )
        .hint("exclude values with `not: {enum: [...]}`, or describe the rule in `description`"),
    );
}

/// A keyword's value as written in YAML: a string without quotes.
fn plain(value: &Value) -> String {
    value
        .as_str()
        .map_or_else(|| value.to_string(), str::to_owned)
}

/// Properties must become distinct struct fields: typify names them in
/// snake_case, so `_id` beside `id` (or `userId` beside `user_id`) would be
/// one field twice; so would a name `required` lists without a property
/// (`id` beside the property `Id`). The later one is left out of the struct
/// (and out of `required`); a closed object is opened so that a value
/// carrying it still decodes.
fn field_names(
    spec: &Spec,
    pointer: &str,
    schema: &mut Map<String, Value>,
    warnings: &mut Vec<Diagnostic>,
) {
    let Some(Value::Object(properties)) = schema.get("properties") else {
        return;
    };
    // A required name without a property is a field too (of any type).
    let required_only: Vec<String> = schema
        .get("required")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .filter(|name| !properties.contains_key(*name))
        .map(str::to_owned)
        .collect();
    let mut seen: BTreeMap<String, String> = BTreeMap::new();
    let mut clashing: Vec<(String, String)> = Vec::new();
    for name in properties.keys().chain(&required_only) {
        let field = names::field_name(name);
        match seen.get(&field) {
            Some(first) if first != name => clashing.push((name.clone(), first.clone())),
            Some(_) => {}
            None => {
                seen.insert(field, name.clone());
            }
        }
    }
    if clashing.is_empty() {
        return;
    }
    for (name, first) in &clashing {
        let at = if required_only.contains(name) {
            format!("{pointer}/required")
        } else {
            format!(
                "{pointer}/properties/{}",
                crate::diagnostic::escape_pointer_token(name)
            )
        };
        if let Some(Value::Object(properties)) = schema.get_mut("properties") {
            properties.shift_remove(name);
        }
        if let Some(Value::Array(required)) = schema.get_mut("required") {
            required.retain(|value| value.as_str() != Some(name.as_str()));
        }
        warnings.push(
            spec.diagnostic(Code::FieldNameCollision,
                &at,
                format!(
                    "properties `{first}` and `{name}` would both be the field `{}`; `{name}` is left out of the type",
                    names::field_name(name)
                ),
            )
            .hint("give the properties names that differ by more than case and punctuation"),
        );
    }
    if schema.get("additionalProperties") == Some(&Value::Bool(false)) {
        schema.shift_remove("additionalProperties");
    }
}

/// The one schema type every non-null value has, if there is one.
fn single_kind(values: &[Value]) -> Option<&'static str> {
    let mut kinds = values
        .iter()
        .filter(|value| !value.is_null())
        .map(|value| match value {
            Value::Bool(_) => "boolean",
            Value::Number(number) if number.is_f64() => "number",
            Value::Number(_) => "integer",
            Value::String(_) => "string",
            Value::Array(_) => "array",
            _ => "object",
        });
    let first = kinds.next()?;
    kinds.all(|kind| kind == first).then_some(first)
}

/// Enum values must become distinct Rust variants: typify names them in
/// PascalCase (then, on a clash, with the elided characters spelled `X`).
fn enum_variants(
    spec: &Spec,
    pointer: &str,
    schema: &mut Map<String, Value>,
    warnings: &mut Vec<Diagnostic>,
) {
    let Some(Value::Array(values)) = schema.get_mut("enum") else {
        return;
    };
    let mut seen = HashSet::new();
    let mut index = 0;
    let mut removed = Vec::new();
    values.retain(|value| {
        let first = seen.insert(value.to_string());
        if !first {
            removed.push((index, value.clone()));
        }
        index += 1;
        first
    });
    for (index, value) in removed {
        warnings.push(
            spec.diagnostic(
                Code::EnumVariantCollision,
                &format!("{pointer}/enum/{index}"),
                format!("enum value {value} is listed twice; it is kept once"),
            )
            .hint("remove the repeated value"),
        );
    }
    // typify turns enums of scalars into Rust enums; a listed array or
    // object has no variant to become.
    if let Some(Value::Array(values)) = schema.get("enum")
        && values
            .iter()
            .any(|value| value.is_array() || value.is_object())
    {
        schema.shift_remove("enum");
        warnings.push(
            spec.diagnostic(Code::CompositeEnum,
                &format!("{pointer}/enum"),
                "enum values that are arrays or objects; the enum is ignored, and any value of the schema is accepted",
            )
            .hint("list scalar values, or describe the allowed values with a schema"),
        );
    }
    if !schema.contains_key("type")
        && let Some(Value::Array(values)) = schema.get("enum")
        && single_kind(values).is_none()
        && values.iter().any(|value| !value.is_null())
    {
        schema.shift_remove("enum");
        warnings.push(
            spec.diagnostic(Code::EnumVariantCollision,
                &format!("{pointer}/enum"),
                "enum values of several types without a `type`; the enum is ignored and the value is any JSON",
            )
            .hint("give the schema a `type` and make every value of that type"),
        );
        return;
    }
    let Some(Value::Array(values)) = schema.get("enum") else {
        return;
    };
    let strings: Vec<&str> = values.iter().filter_map(Value::as_str).collect();
    if strings.len() < 2 || variant_names_are_distinct(&strings) {
        return;
    }
    let clash = first_clash(&strings);
    schema.shift_remove("enum");
    warnings.push(
        spec.diagnostic(Code::EnumVariantCollision,
            &format!("{pointer}/enum"),
            format!("enum values {clash} become the same Rust variant name; the schema is read as a plain string"),
        )
        .hint("make the values differ by more than case and punctuation"),
    );
}

/// Whether typify can name every string value of an enum distinctly.
fn variant_names_are_distinct(values: &[&str]) -> bool {
    let unique = |names: Vec<String>| names.iter().collect::<HashSet<_>>().len() == names.len();
    unique(values.iter().map(|value| names::type_name(value)).collect())
        || unique(
            values
                .iter()
                .map(|value| {
                    names::type_name(&value.replace(
                        |c: char| c == '_' || !unicode_ident::is_xid_continue(c),
                        "X",
                    ))
                })
                .collect(),
        )
}

/// The first two values that share a variant name, for the message.
fn first_clash(values: &[&str]) -> String {
    let mut seen: BTreeMap<String, &str> = BTreeMap::new();
    for value in values {
        if let Some(first) = seen.insert(names::type_name(value), value) {
            return format!("\"{first}\" and \"{value}\"");
        }
    }
    values.join(", ")
}

/// A component that is (through `allOf`, `oneOf` or `anyOf`, directly or
/// by way of other components) one of its own parts describes no value:
/// typify recurses into it for ever. The member that closes the loop is left out.
fn composition_cycles(spec: &Spec, json: &mut Value, warnings: &mut Vec<Diagnostic>) {
    let names: Vec<String> = json
        .pointer("/components/schemas")
        .and_then(Value::as_object)
        .map(|schemas| schemas.keys().cloned().collect())
        .unwrap_or_default();
    for name in names {
        let root = format!(
            "#/components/schemas/{}",
            crate::diagnostic::escape_pointer_token(&name)
        );
        // Each pass removes one member; a schema has finitely many.
        for _ in 0..64 {
            let Some(member) = member_closing_cycle(json, &root) else {
                break;
            };
            warnings.push(
                spec.diagnostic(Code::CompositionCycle,
                    &member,
                    format!("`{name}` is one of its own parts (through `allOf`, `oneOf` or `anyOf`); this member is left out"),
                )
                .hint("a schema cannot be an alternative or a part of itself; refer to it from a property instead"),
            );
            remove(json, &member);
            // A composition left with no member says nothing.
            if let Some((list, _)) = member.rsplit_once('/')
                && json
                    .pointer(&list[1..])
                    .and_then(Value::as_array)
                    .is_some_and(Vec::is_empty)
            {
                remove(json, list);
            }
        }
    }
}

/// The pointer of a composition member, reachable from the schema at
/// `root` through compositions only, that refers back to `root`.
fn member_closing_cycle(json: &Value, root: &str) -> Option<String> {
    let mut visited: HashSet<String> = HashSet::new();
    let mut pending: Vec<String> = vec![root.to_owned()];
    while let Some(pointer) = pending.pop() {
        if !visited.insert(pointer.clone()) {
            continue;
        }
        let schema = json.pointer(pointer.strip_prefix('#')?)?;
        for key in ["allOf", "oneOf", "anyOf"] {
            let Some(Value::Array(members)) = schema.get(key) else {
                continue;
            };
            for (index, member) in members.iter().enumerate() {
                let at = format!("{pointer}/{key}/{index}");
                match member.get("$ref").and_then(Value::as_str) {
                    Some(target) if target == root => return Some(at),
                    Some(target) if target.starts_with("#/") => pending.push(target.to_owned()),
                    Some(_) => {}
                    None => pending.push(at),
                }
            }
        }
    }
    None
}

/// Examples, defaults and enum values must conform to their schemas; one
/// that does not is left out.
fn samples(spec: &Spec, json: &mut Value, warnings: &mut Vec<Diagnostic>) {
    let mut removals: Vec<String> = Vec::new();
    for sample in schemas::samples(json) {
        let Err(problem) = schemas::conforms(json, sample.schema, sample.value) else {
            continue;
        };
        let (code, resolution) = match sample.kind {
            "default" => (
                Code::InvalidDefault,
                "it is left out: the field has no default",
            ),
            "enum value" => (Code::InvalidEnumValue, "it is left out of the enum"),
            _ => (Code::InvalidExample, "it is left out of the documentation"),
        };
        warnings.push(
            spec.diagnostic(
                code,
                &sample.pointer,
                format!("invalid {}: {problem}; {resolution}", sample.kind),
            )
            .hint(format!(
                "make the {} match its schema, or fix the schema",
                sample.kind
            )),
        );
        removals.push(sample.pointer);
    }
    // Later array entries first, so earlier indices stay valid.
    removals.sort_by(|a, b| b.cmp(a));
    removals.sort_by_key(|pointer| std::cmp::Reverse(index_of(pointer)));
    for pointer in removals {
        remove(json, &pointer);
    }
}

/// The array index a pointer ends with, if any.
fn index_of(pointer: &str) -> Option<usize> {
    pointer.rsplit('/').next()?.parse().ok()
}

/// Removes the node at `pointer` from its object or array.
fn remove(json: &mut Value, pointer: &str) {
    let pointer = pointer.trim_start_matches('#');
    let Some((parent, token)) = pointer.rsplit_once('/') else {
        return;
    };
    let token = token.replace("~1", "/").replace("~0", "~");
    match json.pointer_mut(parent) {
        Some(Value::Object(map)) => {
            map.shift_remove(&token);
        }
        Some(Value::Array(items)) => {
            if let Ok(index) = token.parse::<usize>()
                && index < items.len()
            {
                items.remove(index);
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use serde_json::json;

    use super::*;
    use crate::load::parse_spec;

    /// The schema `S` after repair, and the warnings as printed.
    fn repaired(schema: &str) -> (Value, Vec<String>) {
        let text = format!(
            "openapi: 3.0.3\ninfo: {{title: T, version: '1'}}\npaths: {{}}\ncomponents:\n  schemas:\n    S: {schema}\n"
        );
        let spec = parse_spec(Path::new("specs/t.yaml"), &text).unwrap();
        let mut json = spec.json.clone();
        let warnings = repair(&spec, &mut json);
        (
            json["components"]["schemas"]["S"].clone(),
            warnings.iter().map(ToString::to_string).collect(),
        )
    }

    #[test]
    fn a_required_name_without_a_property_that_would_be_a_property_s_field_is_left_out() {
        let (schema, warnings) =
            repaired("{type: object, required: [id, size], properties: {Id: {type: string}}}");
        assert_eq!(schema["required"], json!(["size"]));
        assert_eq!(schema["properties"], json!({"Id": {"type": "string"}}));
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        assert!(
            warnings[0].contains("properties `Id` and `id` would both be the field `id`"),
            "{warnings:?}"
        );
    }

    #[test]
    fn a_wrong_example_or_default_is_left_out_with_a_warning_at_its_line() {
        let (schema, warnings) =
            repaired("{type: integer, example: 'ten', default: 'one', minimum: 0}");
        assert_eq!(schema, json!({"type": "integer", "minimum": 0}));
        assert_eq!(
            warnings,
            [
                "specs/t.yaml:6:33: warning[invalid-example]: invalid example: the value is a string, but the schema says `type: integer`; it is left out of the documentation\n  at #/components/schemas/S/example\n  hint: make the example match its schema, or fix the schema",
                "specs/t.yaml:6:49: warning[invalid-default]: invalid default: the value is a string, but the schema says `type: integer`; it is left out: the field has no default\n  at #/components/schemas/S/default\n  hint: make the default match its schema, or fix the schema",
            ]
        );
    }

    #[test]
    fn enum_values_of_the_wrong_type_are_dropped_and_repeated_ones_kept_once() {
        let (schema, warnings) = repaired("{type: string, enum: [a, 1, b, a, 2]}");
        assert_eq!(schema, json!({"type": "string", "enum": ["a", "b"]}));
        assert_eq!(warnings.len(), 3, "{warnings:#?}");
        assert!(warnings[0].contains("enum value \"a\" is listed twice"));
        assert!(warnings[1].contains("warning[invalid-enum-value]"));
    }

    #[test]
    fn enum_values_that_typify_names_apart_are_kept_and_clashing_ones_make_a_string() {
        // typify names `+1`/`-1` `Plus1`/`Minus1`, and `a1`/`a_1` `A1`/`AX1`.
        for values in [json!(["+1", "-1", "a"]), json!(["a1", "a_1"])] {
            let (schema, warnings) = repaired(&format!("{{type: string, enum: {values}}}"));
            assert_eq!(schema["enum"], values);
            assert_eq!(warnings, Vec::<String>::new());
        }
        let (schema, warnings) = repaired("{type: string, enum: [active, ACTIVE]}");
        assert_eq!(schema, json!({"type": "string"}));
        assert!(
            warnings[0].contains("enum values \"active\" and \"ACTIVE\" become the same Rust variant name; the schema is read as a plain string"),
            "{warnings:#?}"
        );
    }

    #[test]
    fn a_not_the_generator_cannot_express_is_ignored() {
        let (schema, warnings) =
            repaired("{type: object, not: {type: object, properties: {x: {}}}}");
        assert_eq!(schema, json!({"type": "object"}));
        assert!(
            warnings[0].contains("warning[unsupported-not]"),
            "{warnings:#?}"
        );
        for kept in [
            "{not: {enum: [a, b]}}",
            "{not: {type: string, enum: [a]}}",
            "{not: {}}",
        ] {
            let (schema, warnings) = repaired(kept);
            assert!(schema.get("not").is_some(), "{kept}");
            assert_eq!(warnings, Vec::<String>::new(), "{kept}");
        }
    }

    #[test]
    fn null_listed_in_an_enum_makes_the_schema_nullable() {
        let (schema, warnings) = repaired("{type: string, enum: [a, null]}");
        assert_eq!(
            schema,
            json!({"type": "string", "enum": ["a", null], "nullable": true})
        );
        assert!(
            warnings[0].contains("warning[null-without-nullable]"),
            "{warnings:#?}"
        );
        let (schema, warnings) = repaired("{enum: [a, null]}");
        assert_eq!(
            schema,
            json!({"enum": ["a", null], "type": "string", "nullable": true})
        );
        assert_eq!(
            warnings,
            Vec::<String>::new(),
            "a nullable enum without a type"
        );
    }

    #[test]
    fn schemas_without_a_type_get_the_one_their_keywords_imply() {
        assert_eq!(
            repaired("{pattern: '^a'}").0,
            json!({"pattern": "^a", "type": "string"})
        );
        assert_eq!(
            repaired("{minimum: 1, format: int64}").0,
            json!({"minimum": 1, "format": "int64", "type": "integer"})
        );
        assert_eq!(
            repaired("{items: {type: string}}").0["type"],
            json!("array")
        );
        let (schema, warnings) = repaired("{pattern: '^a', minItems: 1, description: d}");
        assert_eq!(schema, json!({"description": "d"}), "any JSON value");
        assert!(warnings[0].contains("keywords of several types"));
    }

    #[test]
    fn unknown_types_and_misplaced_formats_are_read_as_what_they_mean() {
        assert_eq!(
            repaired("{type: file}").0,
            json!({"type": "string", "format": "binary"})
        );
        assert_eq!(
            repaired("{type: any, description: d}").0,
            json!({"description": "d"})
        );
        let (schema, warnings) = repaired("{type: object, format: map}");
        assert_eq!(schema, json!({"type": "object"}));
        assert!(warnings[0].contains("warning[misplaced-format]"));
    }

    #[test]
    fn a_schema_that_is_one_of_its_own_alternatives_loses_that_member() {
        // A fuzzer finding: typify recursed until the stack overflowed.
        let text = "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    Cat: {type: object}\n    Dog:\n      type: object\n      oneOf: [{$ref: '#/components/schemas/Cat'}, {allOf: [{$ref: '#/components/schemas/Dog'}]}]\n";
        let spec = parse_spec(Path::new("specs/t.yaml"), text).unwrap();
        let mut json = spec.json.clone();
        let warnings = repair(&spec, &mut json);
        assert_eq!(
            json["components"]["schemas"]["Dog"]["oneOf"],
            json!([{"$ref": "#/components/schemas/Cat"}, {}])
        );
        assert!(
            warnings[0]
                .to_string()
                .contains("warning[composition-cycle]: `Dog` is one of its own parts"),
            "{warnings:?}"
        );
    }
}
