//! Scratch workspaces under `target/` for crates generated from specs that
//! are not the project's own (the construct corpus, real documents tried
//! against Prism): this workspace's dependency versions and lock file, the
//! generated crates under `clients/`, and a package of behaviour tests, one
//! test file per generated crate, named after it.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::workspace_root;

/// A scratch workspace at `root`, built into `target`.
pub struct Scratch {
    /// The workspace's folder (`target/constructs`).
    pub root: PathBuf,
    /// Its target folder, which scratch workspaces share so that their
    /// dependencies are built once.
    pub target: PathBuf,
}

impl Scratch {
    /// The scratch workspace `name` under this workspace's target folder,
    /// with its generated crates removed.
    ///
    /// # Panics
    ///
    /// When the folder cannot be made.
    pub fn new(name: &str) -> Self {
        let target = std::env::var_os("CARGO_TARGET_DIR")
            .map(PathBuf::from)
            .unwrap_or_else(|| workspace_root().join("target"));
        let root = target.join(name);
        let _ = std::fs::remove_dir_all(root.join("clients"));
        std::fs::create_dir_all(&root).expect("scratch folder");
        Self {
            root,
            target: target.join("constructs").join("target"),
        }
    }

    /// Writes the workspace manifest (members: the generated crates and
    /// the behaviour package) and this workspace's lock file.
    ///
    /// # Panics
    ///
    /// When they cannot be written.
    pub fn write_manifest(&self) {
        self.write_manifest_with_members(&["clients/*", "behaviour"]);
    }

    /// Writes the workspace manifest with `members` and this workspace's
    /// lock file.
    ///
    /// # Panics
    ///
    /// When they cannot be written.
    pub fn write_manifest_with_members(&self, members: &[&str]) {
        std::fs::write(self.root.join("Cargo.toml"), manifest(members)).expect("manifest");
        std::fs::copy(
            workspace_root().join("Cargo.lock"),
            self.root.join("Cargo.lock"),
        )
        .expect("lock file");
    }

    /// Copies the test files of `source` into the package `behaviour` of
    /// the scratch workspace, each depending on the generated crate it is
    /// named after (with `features`), and returns their names. A `lib.rs`
    /// there is not a test: it becomes the package's library, the helpers
    /// its tests share.
    ///
    /// # Panics
    ///
    /// When the files cannot be read or written.
    pub fn write_behaviour_package(
        &self,
        package: &str,
        source: &Path,
        features: &[&str],
    ) -> Vec<String> {
        let folder = self.root.join("behaviour");
        let _ = std::fs::remove_dir_all(&folder);
        std::fs::create_dir_all(folder.join("tests")).expect("behaviour folder");
        std::fs::create_dir_all(folder.join("src")).expect("behaviour src");
        let library = source.join("lib.rs");
        if library.is_file() {
            std::fs::copy(&library, folder.join("src/lib.rs")).expect("copy lib.rs");
        } else {
            std::fs::write(folder.join("src/lib.rs"), "").expect("lib.rs");
        }
        let mut names = Vec::new();
        let entries = std::fs::read_dir(source)
            .unwrap_or_else(|error| panic!("{}: {error}", source.display()));
        for entry in entries {
            let path = entry.expect("entry").path();
            if path.extension().is_some_and(|extension| extension == "rs") && path != library {
                let name = path
                    .file_stem()
                    .expect("stem")
                    .to_string_lossy()
                    .into_owned();
                std::fs::copy(&path, folder.join("tests").join(format!("{name}.rs")))
                    .expect("copy");
                names.push(name);
            }
        }
        names.sort();
        let manifest = behaviour_manifest(package, &names, features);
        std::fs::write(folder.join("Cargo.toml"), manifest).expect("manifest");
        names
    }

    /// Runs cargo in the workspace with `envs`, failing the test with its
    /// output.
    ///
    /// # Panics
    ///
    /// When cargo fails (with `what` and its output) or does not start.
    pub fn cargo(&self, args: &[&str], envs: &[(String, String)], what: &str) {
        let output = self
            .command(args)
            // Users compile these crates too: a warning in generated code fails.
            .env("RUSTFLAGS", "-D warnings")
            .envs(envs.iter().map(|(key, value)| (key, value)))
            .output()
            .expect("cargo runs");
        assert!(
            output.status.success(),
            "{what}:\n{}\n{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
    }
}

impl Scratch {
    /// Runs cargo in the workspace as a user would (warnings allowed), and
    /// returns its output whatever its status.
    ///
    /// # Panics
    ///
    /// When cargo does not start.
    pub fn cargo_output(&self, args: &[&str]) -> std::process::Output {
        self.command(args).output().expect("cargo runs")
    }

    fn command(&self, args: &[&str]) -> Command {
        let mut command =
            Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned()));
        command
            .args(args)
            .current_dir(&self.root)
            .env("CARGO_TARGET_DIR", &self.target);
        command
    }
}

/// The manifest of a behaviour test package: each test file depends on
/// the generated crate it is named after.
fn behaviour_manifest(package: &str, tests: &[String], features: &[&str]) -> String {
    let mut manifest = format!(
        "[package]\nname = \"{package}\"\nversion = \"0.0.0\"\nedition.workspace = true\npublish = false\n\n[dev-dependencies]\n"
    );
    let features: Vec<String> = features
        .iter()
        .map(|feature| format!("{feature:?}"))
        .collect();
    for name in tests {
        manifest.push_str(&format!(
            "{name} = {{ path = \"../clients/{name}\", features = [{}] }}\n",
            features.join(", ")
        ));
    }
    manifest.push_str(
        "futures.workspace = true\nhttpmock.workspace = true\nreqwest.workspace = true\nserde_json.workspace = true\ntokio = { workspace = true, features = [\"macros\", \"rt-multi-thread\"] }\n",
    );
    manifest
}

/// This workspace's manifest with `members` as its only members; of its
/// own crates, only the runtime the generated crates call stays a
/// dependency, by absolute path.
fn manifest(members: &[&str]) -> String {
    let root = workspace_root();
    let manifest = std::fs::read_to_string(root.join("Cargo.toml")).expect("manifest");
    codegen::emit::package::standalone_workspace(
        &manifest,
        &root.join("codegen").join("runtime"),
        members,
    )
}
