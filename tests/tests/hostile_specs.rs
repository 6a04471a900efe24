//! Hostile spec files end in a clear diagnostic within bounded time, and
//! within bounded memory by construction: at most 256 MiB + 1 byte of a file
//! is ever read, YAML alias expansion has a node budget, indentation is
//! capped at 512 columns and nesting at 128 levels before any recursive stage.
//!
//! The time bound asserted here is deliberately loose (debug build, shared
//! machine): it catches a hang or an exponential blow-up, not a slowdown.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

const TIME_BOUND: Duration = Duration::from_secs(20);

struct ScratchSpec {
    root: PathBuf,
}

impl ScratchSpec {
    fn new(name: &str, contents: &[u8]) -> Self {
        let root = std::env::temp_dir().join(format!("hostile-{name}-{}", std::process::id()));
        std::fs::create_dir_all(root.join("specs")).expect("scratch dir");
        std::fs::write(root.join("specs").join(format!("{name}.yaml")), contents).expect("write");
        Self { root }
    }
}

impl Drop for ScratchSpec {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.root);
    }
}

/// Generates the hostile spec and returns its diagnostic and how long it took.
fn diagnose(name: &str, contents: &[u8]) -> (String, Duration) {
    let scratch = ScratchSpec::new(name, contents);
    let started = Instant::now();
    let outcome = codegen::generate_spec(
        &scratch.root,
        &Path::new("specs").join(format!("{name}.yaml")),
    );
    let elapsed = started.elapsed();
    match outcome {
        Ok(_) => panic!("{name} generated a client"),
        Err(error) => (error.to_string(), elapsed),
    }
}

fn assert_diagnosed(name: &str, contents: &[u8], expected: &str) {
    let (message, elapsed) = diagnose(name, contents);
    assert!(message.contains(expected), "{name}: {message}");
    assert!(
        message.starts_with(&format!("specs/{name}.yaml")),
        "{name}: {message}"
    );
    assert!(elapsed < TIME_BOUND, "{name} took {elapsed:?}");
}

#[test]
fn empty_binary_and_non_yaml_files() {
    assert_diagnosed("empty", b"", "the file is empty");
    assert_diagnosed("binary", &[0xff, 0xfe, 0x00, 0x01, 0x9c], "not valid UTF-8");
    assert_diagnosed("prose", b"This is not: a spec: at all\n", "invalid YAML");
}

#[test]
fn a_billion_laughs_alias_bomb() {
    let mut bomb = String::from(
        "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\nx-a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n",
    );
    for level in 1..10u8 {
        let (name, previous) = ((b'a' + level) as char, (b'a' + level - 1) as char);
        bomb.push_str(&format!(
            "x-{name}: &{name} [{}]\n",
            vec![format!("*{previous}"); 9].join(", ")
        ));
    }
    assert_diagnosed("bomb", bomb.as_bytes(), "alias expansion exceeded");
}

#[test]
fn ten_thousand_levels_of_nesting() {
    let sequences = format!("openapi: 3.0.3\nx-deep:\n  {}1\n", "- ".repeat(10_000));
    assert_diagnosed(
        "deep-sequences",
        sequences.as_bytes(),
        "more than 512 is not accepted",
    );

    // Ten thousand indented levels would be a 50 MB file; a thousand show the same guard.
    let mut block = String::from("openapi: 3.0.3\nx-deep:\n");
    for level in 1..=1_000 {
        block.push_str(&" ".repeat(level));
        block.push_str("a:\n");
    }
    assert_diagnosed(
        "deep-block",
        block.as_bytes(),
        "more than 512 is not accepted",
    );

    let flow = format!(
        "openapi: 3.0.3\nx-deep: {}{}\n",
        "[".repeat(10_000),
        "]".repeat(10_000)
    );
    assert_diagnosed("deep-flow", flow.as_bytes(), "invalid YAML");

    let json = format!(
        "{{\"openapi\": \"3.0.3\", \"x\": {}1{}}}",
        "{\"a\": ".repeat(10_000),
        "}".repeat(10_000)
    );
    assert_diagnosed("deep-json", json.as_bytes(), "invalid YAML");
}

#[test]
fn a_file_larger_than_any_published_spec() {
    let mut big =
        b"openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\nx-padding: \"".to_vec();
    big.resize(300 * 1024 * 1024, b'a');
    big.extend_from_slice(b"\"\n");
    assert_diagnosed("big", &big, "larger than 256 MiB");
}
