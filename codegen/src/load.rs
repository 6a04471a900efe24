//! Stage 1: YAML text → [`openapiv3::OpenAPI`], remembering where every node came from.
//!
//! The YAML is parsed once with positions (saphyr's `MarkedYaml`), converted to
//! JSON while recording a [`SourceMap`] from JSON pointer to line/column, and
//! then deserialized with a path-tracking deserializer so that a type error
//! deep in the document can be reported at its line.

use std::collections::BTreeMap;
use std::io::Read as _;
use std::path::{Path, PathBuf};

use openapiv3::OpenAPI;
use saphyr::{LoadableYamlNode, MarkedYaml, Scalar, YamlData};
use serde_json::{Map, Number, Value};

use crate::diagnostic::{Code, Diagnostic, Error, Location, escape_pointer_token};

mod from_2_0;
mod from_3_1;
mod keywords;
mod leniency;
mod narrow;
mod reference_kinds;
pub mod refs;
pub mod schemas;
mod slips;
pub mod walk;

/// A spec that parsed: its document and where each of its nodes is in the file.
#[derive(Debug, Clone)]
pub struct Spec {
    /// Path of the spec, relative to the workspace root (used in messages and headers).
    pub path: PathBuf,
    /// The parsed document.
    pub document: OpenAPI,
    /// The same document as plain JSON, for checks that follow JSON pointers.
    pub json: Value,
    /// Positions of the document's nodes.
    pub source_map: SourceMap,
    /// What loading resolved without stopping (see `load::keywords`).
    pub warnings: Vec<Diagnostic>,
}

impl Spec {
    /// The API's short name: the file stem (`specs/pepipost.yaml` → `pepipost`).
    pub fn name(&self) -> String {
        stem(&self.path)
    }

    /// This spec with its document replaced by `json` (a rewriting of it),
    /// decoded again; the positions stay those of the file.
    pub fn rewritten(&self, json: Value) -> Result<Spec, serde_json::Error> {
        Ok(Spec {
            path: self.path.clone(),
            document: serde_json::from_value(json.clone())?,
            json,
            source_map: self.source_map.clone(),
            warnings: Vec::new(),
        })
    }

    /// A diagnostic of kind `code` about the node at `pointer`, located in the
    /// file when possible. A pointer into a rewritten part of the document is
    /// reported as the pointer of what the user wrote.
    pub fn diagnostic(&self, code: Code, pointer: &str, message: impl Into<String>) -> Diagnostic {
        self.source_map
            .diagnostic(code, &self.path, pointer, message)
    }
}

/// The crate a spec file generates: its file stem (`specs/pepipost.yaml` → `pepipost`).
pub fn stem(path: &Path) -> String {
    path.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// JSON pointer (`#/paths/~1v1~1x`) → position of that node in the file.
///
/// Stages that rewrite the document in memory (the OpenAPI 3.1 translation,
/// normalization) move nodes; they record each move as an alias so that a
/// pointer into the rewritten document still finds the user's line.
#[derive(Debug, Clone, Default)]
pub struct SourceMap {
    positions: BTreeMap<String, Location>,
    /// Pointer in the rewritten document → (when the move was recorded,
    /// pointer in the file). A translated 2.0 document records a move per
    /// parameter and response, so a lookup costs one probe per `/` of the
    /// pointer rather than one per move.
    moves: std::collections::HashMap<String, (usize, String)>,
}

impl SourceMap {
    /// The position of the node at `pointer`, or of its nearest ancestor that has one.
    pub fn locate(&self, pointer: &str) -> Option<Location> {
        let original = self.original(pointer);
        let mut pointer = original.as_str();
        loop {
            if let Some(location) = self.positions.get(pointer) {
                return Some(*location);
            }
            pointer = &pointer[..pointer.rfind('/')?];
        }
    }

    /// Where the node now at `pointer` was written in the file, following recorded moves.
    pub fn original(&self, pointer: &str) -> String {
        // Each recorded origin is already a pointer into the file, so the
        // newest move that covers `pointer` is the only one to apply.
        let mut newest: Option<(usize, usize, &str)> = None;
        let mut end = pointer.len();
        loop {
            if let Some((order, moved_from)) = self.moves.get(&pointer[..end])
                && newest.is_none_or(|(newest_order, ..)| *order > newest_order)
            {
                newest = Some((*order, end, moved_from));
            }
            match pointer[..end].rfind('/') {
                Some(slash) => end = slash,
                None => break,
            }
        }
        match newest {
            Some((_, end, moved_from)) => format!("{moved_from}{}", &pointer[end..]),
            None => pointer.to_owned(),
        }
    }

    /// A diagnostic of kind `code` in `file` about the node at `pointer`,
    /// located and named as the user wrote it.
    pub fn diagnostic(
        &self,
        code: Code,
        file: &Path,
        pointer: &str,
        message: impl Into<String>,
    ) -> Diagnostic {
        Diagnostic::new(code, file, message)
            .at(self.locate(pointer))
            .pointer(self.original(pointer))
    }

    /// Records that the subtree written at `from` now lives at `to`.
    pub fn record_move(&mut self, to: impl Into<String>, from: impl Into<String>) {
        let from = self.original(&from.into());
        let order = self.moves.len();
        self.moves.insert(to.into(), (order, from));
    }
}

/// Reads and parses the spec at `root/relative`.
pub fn load_spec(root: &Path, relative: &Path) -> Result<Spec, Error> {
    let absolute = root.join(relative);
    // Read at most one byte past the limit: a huge file costs no more memory than that.
    let mut bytes = Vec::new();
    std::fs::File::open(&absolute)
        .and_then(|file| file.take(MAX_SPEC_BYTES as u64 + 1).read_to_end(&mut bytes))
        .map_err(|error| Error::io(relative, error))?;
    let text = String::from_utf8(bytes).map_err(|error| {
        Diagnostic::new(
            Code::NotUtf8,
            relative,
            format!(
                "the file is not valid UTF-8 (invalid byte at offset {})",
                error.utf8_error().valid_up_to()
            ),
        )
        .hint("save the spec as UTF-8")
    })?;
    parse_spec(relative, &text)
}

/// Parses spec text; `path` is only used to name the file in diagnostics.
pub fn parse_spec(path: &Path, text: &str) -> Result<Spec, Error> {
    check_size_and_indentation(path, text)?;
    let lenient: Option<(String, Vec<usize>)>;
    let (documents, lenient_lines) = match MarkedYaml::load_from_str(text) {
        Ok(documents) => (documents, &[][..]),
        // JSON is YAML, except for a few things YAML forbids (tabs as
        // indentation): a JSON file that YAML cannot read is read as JSON,
        // with positions for its errors but not for its nodes.
        Err(_) if is_json(path) => return parse_json(path, text),
        Err(error) => {
            // Read as the common readers read it, when that is what failed.
            lenient = leniency::indent_flow_closers(text);
            match lenient
                .as_ref()
                .map(|(rewritten, moved)| (MarkedYaml::load_from_str(rewritten), moved.as_slice()))
            {
                Some((Ok(documents), moved)) => (documents, moved),
                _ => {
                    let marker = error.marker();
                    return Err(Diagnostic::new(
                        Code::InvalidYaml,
                        path,
                        format!("invalid YAML: {}", error.info()),
                    )
                    .at(Some(position(marker.line(), marker.col())))
                    .hint(yaml_hint(error.info()))
                    .into());
                }
            }
        }
    };
    let root = match documents.as_slice() {
        [root] => root,
        [] => {
            return Err(
                Diagnostic::new(Code::EmptyDocument, path, "the file is empty")
                    .hint("a spec starts with `openapi: 3.0.3`")
                    .into(),
            );
        }
        [_, second, ..] => {
            return Err(Diagnostic::new(
                Code::SeveralDocuments,
                path,
                "the file holds more than one YAML document",
            )
            .at(Some(start_of(second)))
            .hint("keep one OpenAPI document per file")
            .into());
        }
    };

    if let Some(deep) = deeper_than(root, MAX_DEPTH) {
        return Err(Diagnostic::new(
            Code::TooLarge,
            path,
            format!("the document nests deeper than {MAX_DEPTH} levels"),
        )
        .at(Some(start_of(deep)))
        .hint("a real spec nests a few dozen levels at most; flatten it with `$ref`s")
        .into());
    }

    let mut converter = Converter {
        path,
        source_map: SourceMap::default(),
        diagnostics: Vec::new(),
    };
    let json = converter.convert(root, "#");
    if !converter.diagnostics.is_empty() {
        return Err(Error::Spec(converter.diagnostics));
    }
    let mut spec = from_json(path, json, converter.source_map)?;
    spec.warnings.extend(lenient_lines.iter().map(|line| {
        Diagnostic::new(
            Code::YamlLeniency,
            path,
            "this `}` or `]` closes a flow collection at its key's indentation, which YAML forbids; read as PyYAML and libyaml read it",
        )
        .at(Some(Location { line: *line, column: 1 }))
        .hint("indent the closing bracket past its key")
    }));
    Ok(spec)
}

/// Whether the file is named as a JSON document.
fn is_json(path: &Path) -> bool {
    path.extension()
        .is_some_and(|extension| extension == "json")
}

/// Reads a `.json` spec that the YAML reader refused.
fn parse_json(path: &Path, text: &str) -> Result<Spec, Error> {
    let json: Value = serde_json::from_str(text).map_err(|error| {
        Diagnostic::new(Code::InvalidJson, path, format!("invalid JSON: {error}"))
            .at(Some(Location {
                line: error.line().max(1),
                column: error.column().max(1),
            }))
            .hint("check the brackets, commas and quoting here")
    })?;
    let mut source_map = SourceMap::default();
    source_map
        .positions
        .insert("#".to_owned(), Location { line: 1, column: 1 });
    from_json(path, json, source_map)
}

/// Parts of a document that describe what the API does on its own (calls it
/// makes back, events it sends) rather than what a client sends: accepted,
/// and left out before decoding, since `openapiv3` reads some of them more
/// strictly than OpenAPI allows (a `$ref` to a callback).
fn drop_unused_parts(json: &mut Value) {
    if let Some(components) = json.get_mut("components").and_then(Value::as_object_mut) {
        components.remove("callbacks");
    }
    for item in json
        .get_mut("paths")
        .and_then(Value::as_object_mut)
        .into_iter()
        .flat_map(|paths| paths.values_mut())
    {
        for operation in item
            .as_object_mut()
            .into_iter()
            .flat_map(|item| item.values_mut())
        {
            if let Some(operation) = operation.as_object_mut() {
                operation.remove("callbacks");
            }
        }
    }
}

/// The document from its JSON form: the version checked, then decoded.
fn from_json(path: &Path, mut json: Value, mut source_map: SourceMap) -> Result<Spec, Error> {
    if !json.is_object() {
        return Err(
            Diagnostic::new(Code::InvalidDocument, path, "the document is not a mapping")
                .at(source_map.locate("#"))
                .hint("a spec is a YAML mapping that starts with `openapi: 3.0.3`")
                .into(),
        );
    }
    let version = check_version(path, &json, &source_map).map_err(|diagnostic| *diagnostic)?;
    let mut warnings = slips::repair(path, &mut json, &source_map);
    match version {
        Version::V2_0 => {
            warnings.extend(from_2_0::translate(path, &mut json, &mut source_map));
            // Definitions, responses and bodies are walked as 3.0 objects
            // only once translated.
            warnings.extend(slips::repair(path, &mut json, &source_map));
        }
        Version::V3_0 => {}
        Version::V3_1 => from_3_1::translate(&mut json, &mut source_map),
    }
    drop_unused_parts(&mut json);
    warnings.extend(keywords::drop_mistyped(path, &mut json, &source_map));
    // After the mistyped keywords are gone: a `$ref` into one of them leads nowhere.
    warnings.extend(reference_kinds::read_as_needed(
        path,
        &mut json,
        &source_map,
    ));

    let document: OpenAPI = serde_path_to_error::deserialize(&json).map_err(|error| {
        // openapiv3's `#[serde(flatten)]` extension maps hide the path below
        // most objects; look for the innermost object that fails on its own.
        let (pointer, message) = narrow::innermost_failure(&json)
            .unwrap_or_else(|| (pointer_of(error.path()), error.inner().to_string()));
        Diagnostic::new(
            Code::InvalidDocument,
            path,
            format!("not a valid OpenAPI 3.0 document: {message}"),
        )
            .at(source_map.locate(&pointer))
            .pointer(pointer)
            .hint("compare this object with the OpenAPI 3.0.3 specification (https://spec.openapis.org/oas/v3.0.3)")
    })?;

    Ok(Spec {
        path: path.to_path_buf(),
        document,
        json,
        source_map,
        warnings,
    })
}

/// The largest spec accepted: well above what vendors publish (Microsoft
/// Graph's beta description is 47 MB, GitHub's 13 MB); the limit bounds the
/// time and memory spent on a file that is not a spec at all.
pub const MAX_SPEC_BYTES: usize = 256 * 1024 * 1024;

/// The deepest indentation accepted, in columns. Block nesting needs at least
/// one column per level, so this bounds the nesting the YAML parser sees
/// (its recursion would otherwise overflow the stack on a crafted file).
pub const MAX_INDENT_COLUMNS: usize = 512;

fn check_size_and_indentation(path: &Path, text: &str) -> Result<(), Error> {
    if text.len() > MAX_SPEC_BYTES {
        return Err(Diagnostic::new(
            Code::TooLarge,
            path,
            format!(
                "the file is larger than {} MiB, the most a spec may be",
                MAX_SPEC_BYTES / (1024 * 1024)
            ),
        )
        .hint("split the spec, or check that this file is really an OpenAPI spec")
        .into());
    }
    for (index, line) in text.lines().enumerate() {
        let indent = block_indent(line);
        if indent > MAX_INDENT_COLUMNS {
            return Err(Diagnostic::new(
                Code::TooLarge,
                path,
                format!("this line is indented {indent} columns; more than {MAX_INDENT_COLUMNS} is not accepted"),
            )
            .at(Some(Location { line: index + 1, column: 1 }))
            .hint("a real spec nests a few dozen levels at most; flatten it with `$ref`s")
            .into());
        }
    }
    Ok(())
}

/// Leading spaces plus the width of leading `- ` / `? ` block markers.
fn block_indent(line: &str) -> usize {
    let bytes = line.as_bytes();
    let mut column = 0;
    while column < bytes.len() {
        match (bytes[column], bytes.get(column + 1)) {
            (b' ', _) => column += 1,
            (b'-' | b'?', Some(b' ')) => column += 2,
            _ => break,
        }
    }
    column
}

/// A suggestion for the most common YAML mistakes.
fn yaml_hint(info: &str) -> &'static str {
    if info.contains("tab") {
        "indent with spaces; YAML does not allow tabs for indentation"
    } else if info.contains("alias") {
        "write the content out instead of expanding anchors and aliases this much"
    } else if info.contains("duplicate") || info.contains("duplicated") {
        "each key may appear once per mapping; merge or rename the repeated key"
    } else {
        "check the indentation and quoting here; a value containing `: ` or starting with `{`, `[`, `*`, `&` or `!` needs quotes"
    }
}

/// The OpenAPI versions read: 2.0 and 3.1 are translated to 3.0 before decoding.
enum Version {
    V2_0,
    V3_0,
    V3_1,
}

/// Rejects documents that are not Swagger 2.0 or OpenAPI 3.0.x or 3.1.x
/// before their shape is checked, because another version fails decoding
/// with a far less helpful message.
fn check_version(
    path: &Path,
    json: &Value,
    source_map: &SourceMap,
) -> Result<Version, Box<Diagnostic>> {
    let version = match (json.get("openapi"), json.get("swagger")) {
        (Some(Value::String(version)), _) => version.clone(),
        (Some(other), _) => other.to_string(),
        (None, Some(swagger)) if is_swagger_2(swagger) => return Ok(Version::V2_0),
        (None, Some(swagger)) => {
            return Err(Diagnostic::new(
                Code::UnsupportedVersion,
                path,
                format!(
                    "this is a Swagger {swagger} document; only Swagger 2.0 and OpenAPI 3.0.x and 3.1.x are supported"
                ),
            )
            .at(source_map.locate("#/swagger"))
            .pointer("#/swagger")
            .hint("convert the document to OpenAPI 3.0.3 or 3.1.1")
            .into());
        }
        (None, None) => {
            return Err(Diagnostic::new(
                Code::UnsupportedVersion,
                path,
                "missing `openapi` version field",
            )
            .at(source_map.locate("#"))
            .pointer("#")
            .hint("add `openapi: 3.0.3` at the top of the file")
            .into());
        }
    };
    if version.starts_with("3.0.") {
        return Ok(Version::V3_0);
    }
    if version.starts_with("3.1.") {
        return Ok(Version::V3_1);
    }
    Err(Diagnostic::new(
        Code::UnsupportedVersion,
        path,
        format!(
            "OpenAPI version {version} is not supported; only 3.0.x and 3.1.x (and Swagger 2.0) are"
        ),
    )
    .at(source_map.locate("#/openapi"))
    .pointer("#/openapi")
    .hint("write the spec as OpenAPI 3.0.3 or 3.1.1")
    .into())
}

/// `swagger: "2.0"`, also as the number YAML reads from an unquoted `2.0`.
fn is_swagger_2(version: &Value) -> bool {
    match version {
        Value::String(text) => text == "2.0" || text == "2",
        Value::Number(number) => number.as_f64() == Some(2.0),
        _ => false,
    }
}

/// How deep a document may nest. Real specs stay far below; the limit keeps
/// the recursive stages (conversion, decoding, generation) within the stack.
pub const MAX_DEPTH: usize = 128;

/// The first node found deeper than `limit`, searched without recursion.
fn deeper_than<'a, 'input>(
    root: &'a MarkedYaml<'input>,
    limit: usize,
) -> Option<&'a MarkedYaml<'input>> {
    let mut pending = vec![(root, 0usize)];
    while let Some((node, depth)) = pending.pop() {
        if depth > limit {
            return Some(node);
        }
        match &node.data {
            YamlData::Sequence(items) => pending.extend(items.iter().map(|item| (item, depth + 1))),
            YamlData::Mapping(entries) => {
                for (key, value) in entries {
                    pending.push((key, depth + 1));
                    pending.push((value, depth + 1));
                }
            }
            YamlData::Tagged(_, inner) => pending.push((inner, depth + 1)),
            _ => {}
        }
    }
    None
}

/// Turns the marked YAML tree into JSON, recording each node's position.
struct Converter<'a> {
    path: &'a Path,
    source_map: SourceMap,
    diagnostics: Vec<Diagnostic>,
}

impl Converter<'_> {
    fn convert(&mut self, node: &MarkedYaml<'_>, pointer: &str) -> Value {
        self.source_map
            .positions
            .insert(pointer.to_owned(), start_of(node));
        match &node.data {
            YamlData::Value(scalar) => self.scalar(scalar, node, pointer),
            YamlData::Representation(text, ..) => Value::String(text.to_string()),
            YamlData::Sequence(items) => Value::Array(
                items
                    .iter()
                    .enumerate()
                    .map(|(index, item)| self.convert(item, &format!("{pointer}/{index}")))
                    .collect(),
            ),
            YamlData::Mapping(entries) => {
                let mut object = Map::new();
                for (key, value) in entries {
                    let Some(key_text) = self.key(key, pointer) else {
                        continue;
                    };
                    let child = format!("{pointer}/{}", escape_pointer_token(&key_text));
                    let is_collection =
                        matches!(value.data, YamlData::Mapping(_) | YamlData::Sequence(_));
                    let value = self.convert(value, &child);
                    // A collection starts on the line after its key; the key is where a reader looks.
                    if is_collection {
                        self.source_map.positions.insert(child, start_of(key));
                    }
                    object.insert(key_text, value);
                }
                Value::Object(object)
            }
            YamlData::Tagged(_, inner) => self.convert(inner, pointer),
            YamlData::Alias(_) | YamlData::BadValue => {
                self.error(node, pointer, "this YAML value cannot be read");
                Value::Null
            }
        }
    }

    fn scalar(&mut self, scalar: &Scalar<'_>, node: &MarkedYaml<'_>, pointer: &str) -> Value {
        match scalar {
            Scalar::Null => Value::Null,
            Scalar::Boolean(value) => Value::Bool(*value),
            Scalar::Integer(value) => Value::Number((*value).into()),
            Scalar::FloatingPoint(value) => match Number::from_f64(value.into_inner()) {
                Some(number) => Value::Number(number),
                None => {
                    self.error(
                        node,
                        pointer,
                        "NaN and infinite numbers cannot appear in a spec",
                    );
                    Value::Null
                }
            },
            Scalar::String(text) => Value::String(text.to_string()),
        }
    }

    /// JSON object keys are strings; YAML lets `200:` be an integer key.
    fn key(&mut self, key: &MarkedYaml<'_>, pointer: &str) -> Option<String> {
        match &key.data {
            YamlData::Value(Scalar::String(text)) => Some(text.to_string()),
            YamlData::Value(Scalar::Integer(value)) => Some(value.to_string()),
            YamlData::Value(Scalar::Boolean(value)) => Some(value.to_string()),
            YamlData::Value(Scalar::FloatingPoint(value)) => Some(value.to_string()),
            YamlData::Value(Scalar::Null) => Some("null".to_owned()),
            YamlData::Representation(text, ..) => Some(text.to_string()),
            _ => {
                self.error(key, pointer, "mapping keys must be plain scalars");
                None
            }
        }
    }

    fn error(&mut self, node: &MarkedYaml<'_>, pointer: &str, message: &str) {
        self.diagnostics.push(
            Diagnostic::new(Code::InvalidYaml, self.path, message)
                .at(Some(start_of(node)))
                .pointer(pointer),
        );
    }
}

fn start_of(node: &MarkedYaml<'_>) -> Location {
    position(node.span.start.line(), node.span.start.col())
}

/// saphyr counts lines from 1 and columns from 0; editors count both from 1.
fn position(line: usize, col: usize) -> Location {
    Location {
        line: line.max(1),
        column: col + 1,
    }
}

/// The JSON pointer of a deserialization error's path.
pub(crate) fn pointer_of(path: &serde_path_to_error::Path) -> String {
    let mut pointer = String::from("#");
    for segment in path.iter() {
        match segment {
            serde_path_to_error::Segment::Seq { index } => {
                pointer.push('/');
                pointer.push_str(&index.to_string());
            }
            serde_path_to_error::Segment::Map { key } => {
                pointer.push('/');
                pointer.push_str(&escape_pointer_token(key));
            }
            serde_path_to_error::Segment::Enum { .. } | serde_path_to_error::Segment::Unknown => {}
        }
    }
    pointer
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Spec, Error> {
        parse_spec(Path::new("specs/test.yaml"), text)
    }

    fn diagnostics(text: &str) -> Vec<Diagnostic> {
        match parse(text) {
            Err(Error::Spec(diagnostics)) => diagnostics,
            other => panic!("expected diagnostics, got {other:?}"),
        }
    }

    const MINIMAL: &str = "openapi: 3.0.3\ninfo:\n  title: T\n  version: '1'\npaths: {}\n";

    #[test]
    fn a_minimal_document_loads_and_maps_pointers_to_lines() {
        let spec = parse(MINIMAL).unwrap();
        assert_eq!(spec.document.info.title, "T");
        assert_eq!(
            spec.source_map.locate("#/info/title"),
            Some(Location {
                line: 3,
                column: 10
            })
        );
        // A pointer below a known node falls back to that node.
        assert_eq!(
            spec.source_map.locate("#/info/title/x/y"),
            Some(Location {
                line: 3,
                column: 10
            })
        );
    }

    #[test]
    fn a_yaml_syntax_error_names_line_and_column() {
        let [diagnostic] = &diagnostics("openapi: 3.0.3\ninfo: [unclosed\n")[..] else {
            panic!("expected one diagnostic")
        };
        assert!(diagnostic.message.starts_with("invalid YAML"));
        assert!(diagnostic.location.is_some());
    }

    #[test]
    fn a_wrongly_typed_field_is_reported_at_its_line() {
        let text = "openapi: 3.0.3\ninfo:\n  title: T\n  version: '1'\npaths:\n  /x:\n    get:\n      responses: 7\n";
        let [diagnostic] = &diagnostics(text)[..] else {
            panic!("expected one diagnostic")
        };
        assert_eq!(
            diagnostic.pointer.as_deref(),
            Some("#/paths/~1x/get/responses")
        );
        assert_eq!(diagnostic.location.map(|l| l.line), Some(8));
        assert!(
            diagnostic.message.contains("invalid type"),
            "{}",
            diagnostic.message
        );
    }

    #[test]
    fn versions_other_than_3_0_and_3_1_are_rejected_with_a_clear_message() {
        let [diagnostic] = &diagnostics(&MINIMAL.replace("3.0.3", "4.0.0"))[..] else {
            panic!("expected one diagnostic")
        };
        assert_eq!(
            diagnostic.to_string(),
            "specs/test.yaml:1:10: error[unsupported-version]: OpenAPI version 4.0.0 is not supported; only 3.0.x and 3.1.x (and Swagger 2.0) are\n  at #/openapi\n  hint: write the spec as OpenAPI 3.0.3 or 3.1.1"
        );
        assert!(parse(&MINIMAL.replace("3.0.3", "3.1.1")).is_ok());
    }

    #[test]
    fn empty_and_non_mapping_files_are_errors_not_panics() {
        assert_eq!(diagnostics("")[0].message, "the file is empty");
        assert_eq!(
            diagnostics("- a\n- b\n")[0].message,
            "the document is not a mapping"
        );
    }

    #[test]
    fn absurd_nesting_is_rejected_before_it_can_exhaust_the_stack() {
        let mut text = String::from("openapi: 3.0.3\nx-deep:\n");
        for level in 1..=5000 {
            text.push_str(&" ".repeat(level));
            text.push_str("a:\n");
        }
        let [diagnostic] = &diagnostics(&text)[..] else {
            panic!("expected one diagnostic")
        };
        assert_eq!(
            diagnostic.location,
            Some(Location {
                line: 515,
                column: 1
            })
        );
        assert!(diagnostic.message.contains("indented 513 columns"));

        let sequences = format!("openapi: 3.0.3\nx-deep:\n  {}1\n", "- ".repeat(300));
        assert!(diagnostics(&sequences)[0].message.contains("more than 512"));

        let flow = format!(
            "openapi: 3.0.3\nx-deep: {}{}\n",
            "[".repeat(10_000),
            "]".repeat(10_000)
        );
        assert!(diagnostics(&flow)[0].message.contains("invalid YAML"));

        let moderate = format!(
            "openapi: 3.0.3\nx-deep: {}{}\n",
            "[".repeat(200),
            "]".repeat(200)
        );
        assert!(
            diagnostics(&moderate)[0]
                .message
                .contains("nests deeper than 128 levels")
        );
    }

    #[test]
    fn a_flow_closer_at_its_key_indentation_is_read_with_a_warning() {
        let text = "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    P:\n      example: {\n        \"80/tcp\": {}\n      }\n";
        let spec = parse(text).expect("read leniently");
        assert_eq!(
            spec.json["components"]["schemas"]["P"]["example"],
            serde_json::json!({"80/tcp": {}})
        );
        let [warning] = &spec.warnings[..] else {
            panic!("{:#?}", spec.warnings)
        };
        assert_eq!(warning.code, Code::YamlLeniency);
        assert_eq!(warning.location.map(|at| at.line), Some(9));
        assert_eq!(
            spec.source_map
                .locate("#/components/schemas/P/example/80~1tcp"),
            Some(Location { line: 8, column: 9 })
        );
        // What no common reader reads stays an error.
        assert!(
            diagnostics("openapi: 3.0.3\ninfo: [unclosed\n")[0]
                .message
                .starts_with("invalid YAML")
        );
    }

    #[test]
    fn duplicate_keys_are_rejected() {
        let text = "openapi: 3.0.3\nopenapi: 3.0.3\n";
        assert!(diagnostics(text)[0].message.contains("invalid YAML"));
    }
}
