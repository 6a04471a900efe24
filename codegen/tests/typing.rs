//! The model's types (`codegen::model::typing`, typify asked directly, with
//! the schemas translated by `model::json_schema`) against the types the
//! pipeline takes today from progenitor's run of typify: the same `types`
//! module, on every spec the project keeps and on the shared real-world
//! documents. `TYPING_CORPUS=<folder>` runs the comparison over every
//! document below a folder (the public API directory, say) and prints how
//! many agree.

use std::path::{Path, PathBuf};

use codegen::model::typing;
use progenitor_impl::Generator;

/// How the two `types` modules of one spec compare.
#[derive(Debug, PartialEq, Eq)]
enum Comparison {
    Same,
    /// What differs: the first differing stretch of the printed tokens.
    Different(String),
    /// The spec does not generate, or its components alone fail in either.
    Skipped(String),
}

fn compare(path: &Path, text: &str) -> Comparison {
    let spec = match codegen::load::parse_spec(path, text)
        .and_then(|spec| codegen::validate::validate(&spec).map(|()| spec))
        .and_then(|spec| codegen::normalize::normalize(&spec))
    {
        Ok(normalized) => normalized.spec,
        Err(error) => return Comparison::Skipped(first_line(&error.to_string())),
    };
    let settings = codegen::generate::settings();
    let progenitor = |document: &openapiv3::OpenAPI| match std::panic::catch_unwind(|| {
        Generator::new(&settings).generate_tokens(document)
    }) {
        Ok(Ok(tokens)) => Some(tokens.to_string()),
        _ => None,
    };
    // The components alone, then with the operations' own types.
    let mut bare = spec.document.clone();
    bare.paths.paths.clear();
    let (Some(components), Some(whole)) = (progenitor(&bare), progenitor(&spec.document)) else {
        return Comparison::Skipped("progenitor fails on the spec".to_owned());
    };
    let ours = match typing::component_types(&spec.json) {
        Ok(space) => space.to_stream().to_string(),
        Err(error) => return Comparison::Different(error),
    };
    if !components.contains(&ours) {
        return difference(&ours, &components);
    }
    let ours = match typing::types(&spec.json) {
        Ok(typing) => typing.space.to_stream().to_string(),
        Err(error) => return Comparison::Different(error),
    };
    if !whole.contains(&ours) {
        return difference(&ours, &whole);
    }
    Comparison::Same
}

fn difference(ours: &str, progenitor: &str) -> Comparison {
    // Ours against progenitor's, from where ours starts in theirs, to the
    // first character that differs.
    let anchor: String = ours.chars().take(60).collect();
    let theirs = progenitor
        .find(&anchor)
        .map_or(progenitor, |start| &progenitor[start..]);
    let at = ours
        .char_indices()
        .zip(theirs.chars())
        .find(|((_, a), b)| a != b)
        .map_or(ours.len().min(theirs.len()), |((index, _), _)| index);
    let from = ours[..at].chars().count().saturating_sub(120);
    Comparison::Different(format!(
        "ours: …{}…\nprogenitor's: …{}…",
        excerpt(ours, from),
        excerpt(theirs, from)
    ))
}

fn excerpt(text: &str, from: usize) -> String {
    text.chars().skip(from).take(240).collect()
}

fn first_line(text: &str) -> String {
    text.lines().next().unwrap_or_default().to_owned()
}

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("the workspace")
        .to_path_buf()
}

/// The spec files below `folder` (recursively).
fn specs_below(folder: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let Ok(entries) = std::fs::read_dir(folder) else {
        return found;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            found.extend(specs_below(&path));
        } else if codegen::is_spec_file(&path) {
            found.push(path);
        }
    }
    found.sort();
    found
}

fn compare_all(files: &[PathBuf]) -> (usize, Vec<String>, usize) {
    let (mut same, mut different, mut skipped) = (0, Vec::new(), 0);
    for file in files {
        let Ok(text) = std::fs::read_to_string(file) else {
            continue;
        };
        // Each document is read under a crate name of its own.
        let name = PathBuf::from(format!(
            "specs/typing.{}",
            file.extension().and_then(|e| e.to_str()).unwrap_or("yaml")
        ));
        match compare(&name, &text) {
            Comparison::Same => same += 1,
            Comparison::Different(what) => different.push(format!("{}:\n{what}", file.display())),
            Comparison::Skipped(_) => skipped += 1,
        }
    }
    (same, different, skipped)
}

#[test]
fn the_models_types_are_progenitors_types() {
    let root = root();
    let mut files = Vec::new();
    for folder in ["specs", "tests/constructs", "tests/warned-specs"] {
        files.extend(specs_below(&root.join(folder)));
    }
    let shared = root.join("../shared/real-world-specs");
    files.extend(
        std::fs::read_dir(&shared)
            .into_iter()
            .flatten()
            .flatten()
            .map(|entry| entry.path())
            .filter(|path| codegen::is_spec_file(path)),
    );
    let (same, different, skipped) = compare_all(&files);
    println!(
        "{same} the same, {} different, {skipped} skipped",
        different.len()
    );
    assert!(different.is_empty(), "{}", different.join("\n\n"));
    assert!(same >= 50, "only {same} specs compared");
}

#[test]
#[ignore = "a corpus: TYPING_CORPUS=<folder> cargo test -p codegen --test typing -- --ignored"]
fn the_models_types_on_a_corpus() {
    let Some(folder) = std::env::var_os("TYPING_CORPUS") else {
        return;
    };
    let files = specs_below(Path::new(&folder));
    let (same, different, skipped) = compare_all(&files);
    for line in different.iter().take(20) {
        println!("{line}\n");
    }
    println!(
        "{same} the same, {} different, {skipped} skipped, of {}",
        different.len(),
        files.len()
    );
}

#[test]
#[ignore = "debugging aid: TYPING_SPEC=<file> names the component typify refuses"]
fn the_component_typify_refuses() {
    let Some(file) = std::env::var_os("TYPING_SPEC") else {
        return;
    };
    let text = std::fs::read_to_string(&file).expect("reads");
    let path = PathBuf::from(&file);
    let spec = codegen::load::parse_spec(&path, &text)
        .and_then(|spec| codegen::normalize::normalize(&spec))
        .expect("normalizes")
        .spec;
    let mut json = spec.json.clone();
    let names: Vec<String> = json
        .pointer("/components/schemas")
        .and_then(serde_json::Value::as_object)
        .map(|schemas| schemas.keys().cloned().collect())
        .unwrap_or_default();
    for name in names {
        let original = json["components"]["schemas"][&name].clone();
        json["components"]["schemas"][&name] = serde_json::json!({});
        if typing::component_types(&json).is_ok() {
            println!(
                "{name}: {}",
                serde_json::to_string(&original).unwrap_or_default()
            );
            json["components"]["schemas"][&name] = original;
        }
    }
}
