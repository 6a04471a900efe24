//! Code generation speed: each real spec end to end (load → validate →
//! generate → format → compare with the committed files), each document of
//! the public corpus in `../shared/real-world-specs/` when it is beside the
//! workspace, and synthetic specs of 10, 100 and 1,000 operations and of
//! about 1 MB, for scaling.
//!
//! `cargo bench -p api-tests --bench codegen`; `cargo xtask bench` runs it
//! and reports time per operation and the growth exponent in BENCHMARKS.md.

use std::path::Path;
use std::time::Duration;

use api_tests::{synthetic, workspace_root};
use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};

/// The allocator `cargo xtask` uses, so that these figures are the command's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn real_specs(c: &mut Criterion) {
    let root = workspace_root();
    let mut group = c.benchmark_group("codegen");
    for api in ["infinipost", "pepipost"] {
        let spec = Path::new("specs").join(format!("{api}.yaml"));
        group.bench_function(api, |b| {
            b.iter(|| {
                let files = codegen::generate_spec(&root, &spec)
                    .expect("the spec generates")
                    .files;
                codegen::write::plan(&root, files).expect("the clients can be compared")
            });
        });
    }
    group.finish();
}

/// The public specs measured by `../shared/real-world-specs/measure`, read
/// where they are (they are data to run, not part of this repository).
fn real_world(c: &mut Criterion) {
    let dir = workspace_root().join("../shared/real-world-specs");
    let Ok(entries) = std::fs::read_dir(&dir) else {
        eprintln!(
            "{} is not there: real-world documents skipped",
            dir.display()
        );
        return;
    };
    let mut documents: Vec<_> = entries
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|path| codegen::is_spec_file(path))
        .collect();
    documents.sort();
    let mut group = c.benchmark_group("real-world");
    for document in documents {
        let (Some(name), Ok(text)) = (document.file_name(), std::fs::read_to_string(&document))
        else {
            continue;
        };
        let name = name.to_string_lossy().into_owned();
        let path = Path::new("specs").join(&name);
        group.bench_function(name.as_str(), |b| {
            b.iter(|| codegen::generate_text(&path, &text).expect("the document generates"));
        });
    }
    group.finish();
}

fn scaling(c: &mut Criterion) {
    let mut group = c.benchmark_group("scaling");
    // Large inputs take seconds per run: fewer, longer samples.
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(20));
    let one_megabyte = synthetic::operations_for_size(1 << 20);
    let mut sizes = serde_json::Map::new();
    for operations in [10, 100, 1_000, one_megabyte] {
        let text = synthetic::spec(operations);
        sizes.insert(operations.to_string(), text.len().into());
        let path = Path::new("specs/synthetic.yaml");
        group.throughput(Throughput::Elements(operations as u64));
        group.bench_with_input(BenchmarkId::from_parameter(operations), &text, |b, text| {
            b.iter(|| codegen::generate_text(path, text).expect("the synthetic spec generates"));
        });
    }
    group.finish();
    // For the report: the size of each synthetic spec.
    let dir = workspace_root().join("target").join("benchmarks");
    let written = std::fs::create_dir_all(&dir).and_then(|()| {
        std::fs::write(
            dir.join("scaling-sizes.json"),
            serde_json::Value::Object(sizes).to_string(),
        )
    });
    if let Err(error) = written {
        eprintln!("could not write target/benchmarks/scaling-sizes.json: {error}");
    }
}

criterion_group!(benches, real_specs, real_world, scaling);
criterion_main!(benches);
