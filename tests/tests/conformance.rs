//! The committed clients against Prism serving their own specs: every
//! operation called through the typed API, every documented status asked
//! for, each answer decoded (see `api_tests::conformance`).

use api_tests::conformance::{self, Document};
use api_tests::prism::installed;
use api_tests::workspace_root;

#[test]
fn the_committed_clients_conform_to_their_specs_served_by_prism() {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| workspace_root().join("target"));
    let (prism, ..) = installed(&target);
    if !prism.exists() {
        let how = format!(
            "needs Prism at {} (`npm install --prefix target/prism @stoplight/prism-cli`); `.ci/run` installs it",
            prism.display()
        );
        assert!(std::env::var_os("REQUIRE_PRISM").is_none(), "{how}");
        eprintln!("skipped: {how}");
        return;
    }
    let documents: Vec<Document> = ["infinipost", "pepipost"]
        .into_iter()
        .map(|name| Document {
            path: workspace_root().join("specs").join(format!("{name}.yaml")),
            crate_name: name.to_owned(),
        })
        .collect();
    let runs = conformance::run("conformance-committed", &prism, &documents);
    let summary = conformance::summary(&runs);
    println!("{summary}");
    assert!(
        runs.iter().all(|run| run.failure.is_none()
            && run.failures().next().is_none()
            && !run.calls.is_empty()),
        "{summary}"
    );
}

/// `cargo xtask conformance --sample N --seed S` runs this: N documents of
/// the last directory sweep and N/4 of the modern corpus.
#[test]
#[ignore = "minutes per document; `cargo xtask conformance` runs it"]
fn conformance_on_a_sample_of_real_documents() {
    let number = |name: &str, default: usize| {
        std::env::var(name)
            .ok()
            .and_then(|value| value.parse().ok())
            .unwrap_or(default)
    };
    let (count, seed) = (
        number("CONFORMANCE_SAMPLE", 4),
        number("CONFORMANCE_SEED", 1),
    );
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| workspace_root().join("target"));
    let (prism, ..) = installed(&target);
    assert!(prism.exists(), "no Prism at {}", prism.display());
    let table = target.join("real-world-specs").join("directory.tsv");
    let documents =
        conformance::sampled(&table, count, seed as u64).unwrap_or_else(|error| panic!("{error}"));
    let started = std::time::Instant::now();
    let runs = conformance::run("conformance-sample", &prism, &documents);
    println!(
        "{}\n{} documents drawn (seed {seed}) in {:.0} s",
        conformance::summary(&runs),
        documents.len(),
        started.elapsed().as_secs_f64()
    );
}
