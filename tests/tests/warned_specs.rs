//! The corpus in `tests/warned-specs/`: specs that break a rule OpenAPI
//! only advises (an example that contradicts its schema, an unknown format,
//! names that collide in Rust). Each must generate a client, with warnings
//! that name the line and say how each problem was resolved; the text is
//! pinned by an insta snapshot. The generated crates are compiled with the
//! construct corpus (`tests/tests/constructs.rs`).

use std::path::Path;

use api_tests::workspace_root;

fn corpus() -> Vec<String> {
    api_tests::yaml_corpus("tests/warned-specs")
}

#[test]
fn every_warned_spec_generates_with_located_warnings_that_state_their_resolution() {
    let root = workspace_root().join("tests");
    for name in corpus() {
        let relative = Path::new("warned-specs").join(&name);
        let generated = codegen::generate_spec(&root, &relative)
            .unwrap_or_else(|error| panic!("{name} was refused:\n{error}"));
        assert!(
            !generated.warnings.is_empty(),
            "{name} generated without a warning"
        );
        for warning in &generated.warnings {
            assert!(
                warning.is_warning() && warning.location.is_some(),
                "{warning}"
            );
        }
        let stem = name.trim_end_matches(".yaml").to_owned();
        insta::assert_snapshot!(
            stem,
            codegen::diagnostic::summarize_warnings(&generated.warnings)
        );
    }
}

#[test]
fn warnings_beyond_a_handful_of_one_kind_are_counted_not_printed() {
    let mut spec = String::from(
        "openapi: 3.0.3\ninfo: {title: Many, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n",
    );
    for index in 0..40 {
        spec.push_str(&format!("    S{index}: {{type: integer, example: 'no'}}\n"));
    }
    let generated = codegen::generate_text(Path::new("specs/many.yaml"), &spec)
        .unwrap_or_else(|error| panic!("{error}"));
    assert_eq!(generated.warnings.len(), 40);
    let summary = codegen::diagnostic::summarize_warnings(&generated.warnings);
    let lines: Vec<&str> = summary.lines().collect();
    assert_eq!(
        lines
            .iter()
            .filter(|line| line.contains(": warning["))
            .count(),
        codegen::diagnostic::WARNINGS_SHOWN_PER_KIND + 1,
        "{summary}"
    );
    assert_eq!(
        lines.last(),
        Some(&"specs/many.yaml: warning[invalid-example]: … and 35 more of this kind")
    );
}
