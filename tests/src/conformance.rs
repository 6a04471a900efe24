//! The conformance run: each document's client crate generated into a
//! scratch workspace with its conformance program (`codegen::conformance_spec`,
//! judged by the `conformance-runtime` crate), built, and run against Prism
//! serving the same document (`--errors`: a request that breaks the
//! document is refused). Every call's outcome is collected; an operation
//! passes when each of its calls does.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

use crate::prism::Prism;
use crate::scratch::Scratch;
use crate::workspace_root;

/// A document to run.
#[derive(Clone, Debug)]
pub struct Document {
    /// The spec file (YAML or JSON).
    pub path: PathBuf,
    /// The crate it becomes.
    pub crate_name: String,
}

/// One call's outcome, as the program printed it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Call {
    /// The operation (`GET /items`).
    pub operation: String,
    /// Which of its calls, and how Prism answered it: from the document's
    /// examples or made up from its schemas (`static required 200`,
    /// `dynamic error 404`).
    pub call: String,
    /// `passed`, `rejected`, `undecoded`, `not-callable` or `failed`.
    pub outcome: String,
    /// The status and what was said, for the others.
    pub detail: String,
}

/// What the run found for one document.
#[derive(Clone, Debug, Default)]
pub struct DocumentRun {
    /// The crate.
    pub crate_name: String,
    /// The operations of its client: each one the program does not report
    /// (it stopped, or did not build) has failed.
    pub expected: Vec<String>,
    /// Every call, in the program's order.
    pub calls: Vec<Call>,
    /// Why nothing ran, when nothing did (the program does not build, say).
    pub failure: Option<String>,
}

/// How an operation went, from its calls.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Verdict {
    /// Every call passed.
    Passed,
    /// A call failed only where Prism is wrong: counted apart.
    Prism,
    /// A call failed.
    Failed,
}

impl DocumentRun {
    /// Operation → how its calls went.
    pub fn operations(&self) -> BTreeMap<&str, Verdict> {
        let mut operations: BTreeMap<&str, Verdict> = BTreeMap::new();
        for call in &self.calls {
            let verdict = match call.outcome.as_str() {
                "passed" => Verdict::Passed,
                "prism" => Verdict::Prism,
                _ => Verdict::Failed,
            };
            let worst = operations.entry(&call.operation).or_insert(verdict);
            *worst = (*worst).max(verdict);
        }
        for operation in &self.expected {
            operations.entry(operation).or_insert(Verdict::Failed);
        }
        operations
    }

    /// The calls that did not pass.
    pub fn failures(&self) -> impl Iterator<Item = &Call> {
        self.calls.iter().filter(|call| call.outcome != "passed")
    }
}

/// Runs `documents` with the Prism at `prism`, in the scratch workspace `name`.
///
/// # Panics
///
/// When the scratch workspace cannot be written or Prism does not start.
pub fn run(name: &str, prism: &Path, documents: &[Document]) -> Vec<DocumentRun> {
    let scratch = Scratch::new(name);
    let _ = std::fs::remove_dir_all(scratch.root.join("conformance"));
    let specs = scratch.root.join("specs");
    std::fs::create_dir_all(&specs).expect("specs folder");
    let mut runs = Vec::new();
    let mut ready = Vec::new();
    for document in documents {
        let mut run = DocumentRun {
            crate_name: document.crate_name.clone(),
            ..DocumentRun::default()
        };
        match write_document(&scratch, document) {
            Ok(operations) => {
                run.expected = operations;
                ready.push(runs.len());
            }
            Err(message) => run.failure = Some(message),
        }
        runs.push(run);
    }
    scratch.write_manifest_with_members(&["clients/*", "conformance/*"]);
    for index in ready {
        let document = &documents[index];
        let package = format!("conformance-{}", document.crate_name);
        let output = scratch.cargo_output(&["build", "--quiet", "--package", &package]);
        if !output.status.success() {
            let errors = String::from_utf8_lossy(&output.stderr);
            let first = errors
                .lines()
                .find(|line| line.starts_with("error"))
                .unwrap_or("it does not build");
            runs[index].failure = Some(format!("the program does not build: {first}"));
            continue;
        }
        let binary = scratch.target.join("debug").join(&package);
        for (mode, dynamic) in [("static", false), ("dynamic", true)] {
            let log = scratch
                .root
                .join(format!("{}.{mode}.prism.log", document.crate_name));
            let server = Prism::start(prism, &document.path, dynamic, log);
            let output = Command::new(&binary)
                .arg(&server.url)
                .output()
                .unwrap_or_else(|error| panic!("{}: {error}", binary.display()));
            drop(server);
            let stdout = String::from_utf8_lossy(&output.stdout);
            runs[index]
                .calls
                .extend(stdout.lines().filter_map(call).map(|mut call| {
                    call.call = format!("{mode} {}", call.call);
                    call
                }));
            if !output.status.success() {
                runs[index].failure = Some(format!(
                    "the program stopped: {}",
                    String::from_utf8_lossy(&output.stderr).trim()
                ));
                break;
            }
        }
    }
    runs
}

/// `count` documents that generated in the last directory sweep (its
/// `directory.tsv`, written by `../shared/real-world-specs/directory`)
/// drawn by `seed` from the directory, and a quarter as many from the
/// modern corpus.
///
/// # Errors
///
/// When the sweep's table cannot be read.
pub fn sampled(table: &Path, count: usize, seed: u64) -> Result<Vec<Document>, String> {
    let text = std::fs::read_to_string(table).map_err(|error| {
        format!(
            "{}: {error} (run ../shared/real-world-specs/directory first)",
            table.display()
        )
    })?;
    let (mut directory, mut modern) = (Vec::new(), Vec::new());
    for line in text.lines() {
        let fields: Vec<&str> = line.split('\t').collect();
        let [folder, path, crate_name, status, ..] = fields[..] else {
            continue;
        };
        if status != "generated" {
            continue;
        }
        let document = Document {
            path: Path::new(folder).join(path),
            crate_name: crate_name.replace('-', "_"),
        };
        match folder.contains("/modern") {
            true => modern.push(document),
            false => directory.push(document),
        }
    }
    let mut documents = crate::real_pairs::sample(directory, count, seed);
    documents.extend(crate::real_pairs::sample(modern, count.div_ceil(4), seed));
    Ok(documents)
}

/// Writes the client crate of `document` and its conformance package;
/// returns the operations the program calls.
fn write_document(scratch: &Scratch, document: &Document) -> Result<Vec<String>, String> {
    let extension = document
        .path
        .extension()
        .and_then(|extension| extension.to_str())
        .unwrap_or("json");
    let relative = PathBuf::from("specs").join(format!("{}.{extension}", document.crate_name));
    std::fs::copy(&document.path, scratch.root.join(&relative))
        .map_err(|error| format!("{}: {error}", document.path.display()))?;
    let first_line = |error: codegen::Error| {
        error
            .to_string()
            .lines()
            .next()
            .unwrap_or_default()
            .to_owned()
    };
    let generated = codegen::generate_spec(&scratch.root, &relative).map_err(first_line)?;
    for file in generated.files {
        write(&scratch.root.join(&file.path), &file.contents)?;
    }
    let program = codegen::conformance_spec(&scratch.root, &relative).map_err(first_line)?;
    let package = scratch.root.join("conformance").join(&document.crate_name);
    write(&package.join("src").join("main.rs"), &program.main_rs)?;
    write(&package.join("Cargo.toml"), &manifest(&document.crate_name))?;
    Ok(program.operations)
}

fn write(path: &Path, contents: &str) -> Result<(), String> {
    std::fs::create_dir_all(path.parent().unwrap_or(path))
        .and_then(|()| std::fs::write(path, contents))
        .map_err(|error| format!("{}: {error}", path.display()))
}

/// The manifest of the conformance package of `crate_name`: the client
/// with every feature, the shared judge, and what the types it names use.
fn manifest(crate_name: &str) -> String {
    let runtime = workspace_root().join("tests").join("conformance");
    format!(
        "[package]\nname = \"conformance-{crate_name}\"\nversion = \"0.0.0\"\nedition.workspace = true\npublish = false\n\n\
         [[bin]]\nname = \"conformance-{crate_name}\"\npath = \"src/main.rs\"\n\n\
         [dependencies]\n{crate_name} = {{ path = \"../../clients/{crate_name}\" }}\n\
         conformance-runtime = {{ path = {:?} }}\n\
         chrono.workspace = true\nreqwest.workspace = true\nserde_json.workspace = true\n\
         tokio = {{ workspace = true, features = [\"macros\", \"rt\"] }}\nuuid.workspace = true\n",
        runtime.display().to_string()
    )
}

/// A call from a line the program printed.
fn call(line: &str) -> Option<Call> {
    let value: Value = serde_json::from_str(line).ok()?;
    let text = |key: &str| {
        value
            .get(key)
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned()
    };
    let status = value
        .get("status")
        .and_then(Value::as_u64)
        .map(|status| format!("{status}: "))
        .unwrap_or_default();
    let (operation, detail) = (text("operation"), text("detail"));
    let mut outcome = text("outcome");
    // A path key with a fragment (`/#X-Amz-Target=…`, how the directory
    // tells AWS's operations on one path apart) is a route Prism cannot
    // match: the fragment never reaches a server.
    if outcome == "rejected"
        && operation.contains('#')
        && (detail.contains("NO_PATH_MATCHED_ERROR") || detail.contains("NO_METHOD_MATCHED_ERROR"))
    {
        outcome = "prism".to_owned();
    }
    Some(Call {
        operation,
        call: text("call"),
        outcome,
        detail: format!("{status}{detail}"),
    })
}

/// The run summed up: operations passed of operations tried, documents
/// passing in full, and the failures by kind.
pub fn summary(runs: &[DocumentRun]) -> String {
    let mut tried = 0;
    let mut passed = 0;
    let mut apart = 0;
    let mut whole = 0;
    let mut kinds: BTreeMap<String, usize> = BTreeMap::new();
    let mut lines = Vec::new();
    for run in runs {
        let operations = run.operations();
        let count = |wanted: Verdict| {
            operations
                .values()
                .filter(|verdict| **verdict == wanted)
                .count()
        };
        let (ok, prism) = (count(Verdict::Passed), count(Verdict::Prism));
        let counted = operations.len() - prism;
        tried += counted;
        passed += ok;
        apart += prism;
        if let Some(failure) = &run.failure {
            *kinds.entry("document".to_owned()).or_default() += 1;
            lines.push(format!("{}: {failure}", run.crate_name));
        } else if ok == counted {
            whole += 1;
        }
        lines.push(format!(
            "{}: {ok} of {counted} operations pass ({prism} apart: Prism's)",
            run.crate_name
        ));
        for call in run.failures() {
            *kinds.entry(call.outcome.clone()).or_default() += 1;
            lines.push(format!(
                "  {} ({}): {} {}",
                call.operation,
                call.call,
                call.outcome,
                call.detail.chars().take(300).collect::<String>()
            ));
        }
    }
    let kinds: Vec<String> = kinds
        .iter()
        .map(|(kind, count)| format!("{kind} {count}"))
        .collect();
    format!(
        "{}\n\n{passed} of {tried} operations pass ({apart} more left out: Prism's); {whole} of {} documents pass in full; failed calls by kind: {}",
        lines.join("\n"),
        runs.len(),
        if kinds.is_empty() {
            "none".to_owned()
        } else {
            kinds.join(", ")
        }
    )
}
