//! The corpus of broken specs in `tests/broken-specs/`: each one must end in
//! a precise diagnostic (never a crash, never an internal error), and the
//! exact text is pinned by an insta snapshot.

use std::path::Path;

use api_tests::workspace_root;

fn corpus() -> Vec<String> {
    api_tests::yaml_corpus("tests/broken-specs")
}

#[test]
fn the_corpus_covers_at_least_thirty_mistakes() {
    assert!(corpus().len() >= 30, "{} broken specs", corpus().len());
}

#[test]
fn every_broken_spec_gets_a_precise_diagnostic() {
    let root = workspace_root().join("tests");
    for name in corpus() {
        let relative = Path::new("broken-specs").join(&name);
        let message = match codegen::generate_spec(&root, &relative) {
            Ok(_) => panic!("{name} generated a client, but it is broken"),
            Err(error) => error.to_string(),
        };
        assert!(
            message.starts_with(&format!("broken-specs/{name}")),
            "{name}: the diagnostic must name the file: {message}"
        );
        assert!(!message.contains("internal error"), "{name}: {message}");
        let stem = name.trim_end_matches(".yaml").to_owned();
        insta::assert_snapshot!(stem, message);
    }
}
