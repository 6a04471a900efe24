//! Mutation fuzzing of the whole pipeline (load → validate → generate →
//! render) on the stable toolchain.
//!
//! Inputs are the real specs and the broken-spec corpus, mutated at the text
//! level (lines deleted, duplicated, swapped, re-indented, truncated; YAML
//! syntax and OpenAPI fragments spliced in) and at the document level (a node
//! replaced, removed or retyped, then written back as JSON, which is YAML).
//! Every input must end in `Ok` or in diagnostics; a panic, an abort or an
//! "internal error" diagnostic fails the run and prints the seed to replay.
//!
//! Knobs: `FUZZ_CASES` (default 4,000) runs that many inputs, the same ones
//! on every machine, so the CI pass is deterministic; `FUZZ_SECONDS` runs for
//! a time instead (long local runs); `FUZZ_SEED` picks the first seed.

use std::path::Path;
use std::time::{Duration, Instant};

use api_tests::workspace_root;
use serde_json::Value;

/// Fragments that exercise the parser and the validator when spliced in.
const FRAGMENTS: &[&str] = &[
    "- ",
    ": ",
    "{",
    "}",
    "[",
    "]",
    "&anchor ",
    "*anchor",
    "!!binary ",
    "'",
    "\"",
    "\t",
    "#",
    "---",
    "$ref: '#/components/schemas/Missing'",
    "$ref: 'other.yaml#/x'",
    "$ref: '#/components/schemas/Account'",
    "type: object",
    "type: array",
    "type: integer",
    "nullable: true",
    "enum: [1, a, null]",
    "default: {}",
    "example: 7",
    "in: cookie",
    "in: path",
    "style: deepObject",
    "required: false",
    "operationId: list_accounts",
    "oneOf: [{type: string}, {type: integer}]",
    "allOf: [{$ref: '#/components/schemas/ErrorResponse'}]",
    "additionalProperties: false",
    "format: date-time",
    "'4XX': {description: x, content: {text/plain: {schema: {type: string}}}}",
    "application/xml: {schema: {type: string}}",
    "/x/{id}: {get: {operationId: x, responses: {'200': {description: ok}}}}",
];

/// A small, fast, reproducible generator (xorshift64*).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, bound: usize) -> usize {
        if bound == 0 {
            0
        } else {
            (self.next() % bound as u64) as usize
        }
    }
}

fn seeds() -> Vec<String> {
    let root = workspace_root();
    let mut seeds = Vec::new();
    for dir in ["specs", "tests/broken-specs", "tests/constructs"] {
        let mut paths: Vec<_> = std::fs::read_dir(root.join(dir))
            .expect("seed directory")
            .map(|entry| entry.expect("entry").path())
            .collect();
        paths.sort();
        for path in paths {
            if let Ok(text) = std::fs::read_to_string(&path) {
                seeds.push(text);
            }
        }
    }
    seeds
}

fn mutate_text(rng: &mut Rng, text: &str) -> String {
    let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
    for _ in 0..=rng.below(4) {
        let len = lines.len().max(1);
        let at = rng.below(len);
        match rng.below(8) {
            0 if !lines.is_empty() => {
                let count = 1 + rng.below(4);
                let end = (at + count).min(lines.len());
                lines.drain(at..end);
            }
            1 if !lines.is_empty() => {
                let line = lines[at].clone();
                lines.insert(at, line);
            }
            2 if !lines.is_empty() => {
                let other = rng.below(lines.len());
                lines.swap(at, other);
            }
            3 if !lines.is_empty() => {
                let line = &mut lines[at];
                if rng.below(2) == 0 {
                    line.insert_str(0, "  ");
                } else {
                    *line = line.trim_start_matches(' ').to_owned();
                }
            }
            4 if !lines.is_empty() => {
                let line = &mut lines[at];
                let cut = rng.below(line.len() + 1);
                if line.is_char_boundary(cut) {
                    line.insert_str(cut, FRAGMENTS[rng.below(FRAGMENTS.len())]);
                }
            }
            5 => {
                let indent = " ".repeat(2 * rng.below(6));
                lines.insert(
                    at.min(lines.len()),
                    format!("{indent}{}", FRAGMENTS[rng.below(FRAGMENTS.len())]),
                );
            }
            6 => lines.truncate(at),
            _ => {
                if let Some(line) = lines.get_mut(at) {
                    let cut = rng.below(line.len() + 1);
                    if line.is_char_boundary(cut) {
                        line.truncate(cut);
                    }
                }
            }
        }
    }
    lines.join("\n") + "\n"
}

/// Replaces, removes or retypes one node of the document, keeping it valid YAML.
fn mutate_document(rng: &mut Rng, document: &mut Value) {
    // Pick a node by walking down immutably, then edit it through its pointer.
    let mut pointer = String::new();
    let mut current = &*document;
    for _ in 0..rng.below(9) {
        let (token, child) = match current {
            Value::Object(map) if !map.is_empty() => {
                let (key, child) = map.iter().nth(rng.below(map.len())).expect("non-empty");
                (key.replace('~', "~0").replace('/', "~1"), child)
            }
            Value::Array(items) if !items.is_empty() => {
                let index = rng.below(items.len());
                (index.to_string(), &items[index])
            }
            _ => break,
        };
        pointer.push('/');
        pointer.push_str(&token);
        current = child;
    }
    let Some(node) = document.pointer_mut(&pointer) else {
        return;
    };
    let replacement = match rng.below(9) {
        0 => Value::Null,
        1 => Value::Bool(true),
        2 => Value::from(-1),
        3 => Value::from("#/components/schemas/Missing"),
        4 => Value::Array(vec![node.clone(), node.clone()]),
        5 => serde_json::json!({"$ref": "#/components/schemas/ErrorResponse"}),
        6 => serde_json::json!({"type": "object", "properties": {"x": node.clone()}}),
        7 => match node {
            Value::Object(map) if !map.is_empty() => {
                let key = map
                    .keys()
                    .nth(rng.below(map.len()))
                    .cloned()
                    .unwrap_or_default();
                map.remove(&key);
                return;
            }
            _ => Value::Object(Default::default()),
        },
        _ => Value::from(FRAGMENTS[rng.below(FRAGMENTS.len())]),
    };
    *node = replacement;
}

#[test]
fn mutated_specs_end_in_ok_or_diagnostics_never_in_a_crash() {
    let seconds = std::env::var("FUZZ_SECONDS")
        .ok()
        .and_then(|value| value.parse().ok());
    let cases = env_number("FUZZ_CASES", 4_000);
    let budget = Duration::from_secs(seconds.unwrap_or(u64::MAX / 4));
    let first_seed = env_number("FUZZ_SEED", 0x5eed_cafe);
    let seeds = seeds();
    let documents: Vec<Value> = seeds
        .iter()
        .filter_map(|text| codegen::load::parse_spec(Path::new("seed.yaml"), text).ok())
        .map(|spec| spec.json)
        .collect();
    assert!(documents.len() >= 2, "the real specs parse");

    let started = Instant::now();
    let (mut runs, mut generated, mut diagnosed) = (0u64, 0u64, 0u64);
    while started.elapsed() < budget && (seconds.is_some() || runs < cases) {
        let seed = first_seed.wrapping_add(runs);
        let mut rng = Rng(seed | 1);
        let input = if rng.below(2) == 0 {
            let seed_text = &seeds[rng.below(seeds.len())];
            mutate_text(&mut rng, seed_text)
        } else {
            let index = rng.below(documents.len());
            let mut document = documents[index].clone();
            for _ in 0..=rng.below(3) {
                mutate_document(&mut rng, &mut document);
            }
            serde_json::to_string_pretty(&document).expect("JSON")
        };
        // A stack overflow aborts the process before any assertion can
        // name the input: with FUZZ_LAST_INPUT set, each input is written
        // there first, so the one that aborted is left behind.
        if let Ok(path) = std::env::var("FUZZ_LAST_INPUT") {
            std::fs::write(&path, format!("# FUZZ_SEED={seed}\n{input}"))
                .expect("FUZZ_LAST_INPUT is writable");
        }
        match codegen::generate_text(Path::new("specs/fuzzed.yaml"), &input) {
            Ok(_) => generated += 1,
            Err(error) => {
                let message = error.to_string();
                assert!(
                    !message.contains("internal error"),
                    "FUZZ_SEED={seed} produced an internal error:\n{message}\n--- input ---\n{input}"
                );
                diagnosed += 1;
            }
        }
        runs += 1;
    }
    println!(
        "fuzz: {runs} inputs in {:?}: {generated} generated, {diagnosed} diagnosed",
        started.elapsed()
    );
    assert!(runs > 0);
}

fn env_number(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|value| value.parse().ok())
        .unwrap_or(default)
}
