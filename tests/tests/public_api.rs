//! The public API of each generated client, one line per item, as an insta
//! snapshot: a spec edit that changes what users can name shows up as a
//! readable diff. The snapshot records the crate's version, and a change of
//! the API fails here unless the version grew as semver requires.

use api_tests::{crate_version, workspace_root};
use codegen::review::bump::Version;
use codegen::review::surface;

const CLIENTS: &[&str] = &["infinipost", "pepipost"];

fn public_api(api: &str) -> Vec<String> {
    let lib_rs =
        std::fs::read_to_string(workspace_root().join(format!("clients/{api}/src/lib.rs")))
            .expect("the client's lib.rs");
    codegen::review::public_api::public_api(api, &lib_rs).expect("generated code parses")
}

/// The version and lines of the last accepted snapshot, if there is one.
fn accepted(api: &str) -> Option<(String, Vec<String>)> {
    let path = workspace_root().join(format!("tests/tests/snapshots/public_api__{api}.snap"));
    let text = std::fs::read_to_string(path).ok()?;
    // insta's header is a front-matter block between two `---` lines.
    let body = text.splitn(3, "---\n").nth(2)?;
    let mut lines = body.lines();
    let version = lines.next()?.strip_prefix("version: ")?.to_owned();
    Some((version, lines.map(str::to_owned).collect()))
}

#[test]
fn public_api_changes_come_with_the_version_bump_semver_requires() {
    for api in CLIENTS {
        let (version, lines) = (crate_version(api), public_api(api));
        if let Some((accepted_version, accepted_lines)) = accepted(api) {
            let change = surface::compare(&accepted_lines, &lines);
            let required = Version::parse(&accepted_version)
                .expect("the snapshot's version parses")
                .bumped(change.bump);
            let current = Version::parse(&version).expect("the crate's version parses");
            assert!(
                current >= required,
                "the public API of `{api}` changed ({} bump: {} lines removed or changed, {} added) \
                 but its version is {version}; set `info.x-crate-version` in specs/{api}.yaml to \
                 {required} or later and regenerate (`cargo xtask diff` explains the change)",
                change.bump,
                change.removed.len(),
                change.added.len()
            );
        }
        insta::assert_snapshot!(*api, format!("version: {version}\n{}", lines.join("\n")));
    }
}

#[test]
fn the_listing_holds_what_users_call() {
    let pepipost = public_api("pepipost");
    for expected in [
        "pub fn pepipost::Client::from_env() -> Result<Self, ClientBuildError>",
        "pub fn pepipost::Client::create_subaccount(&self) -> builder::CreateSubaccount<'_>",
        "pub use pepipost::ERROR_BODY_LIMIT = client_runtime::ERROR_BODY_LIMIT",
        "pub struct pepipost::ClientBuilder(_)",
        "pub fn pepipost::ClientBuilder::api_key(self, secret: impl Into<Secret>) -> Self",
        "pub fn pepipost::ClientBuilder::timeout(self, timeout: ::std::time::Duration) -> Self",
        "#[non_exhaustive] pub enum pepipost::types::CreditType",
    ] {
        assert!(
            pepipost.iter().any(|line| line == expected),
            "missing `{expected}`"
        );
    }
    assert!(
        !pepipost.iter().any(|line| line.contains("error_field")),
        "private helpers are not public API"
    );
}
