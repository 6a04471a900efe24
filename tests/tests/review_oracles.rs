//! The review (`cargo xtask diff`) checked against the two judges of a
//! breaking change in Rust, on every case of the spec-review corpus
//! (`tests/spec-diffs/`): rustc, which compiles user programs against both
//! sides of each case, and cargo-semver-checks, whose lints compare the
//! two generated crates. Where either finds a break, the review must say
//! breaking; where the review finds a break in the Rust API, a program
//! shows it.
//!
//! rustc runs here, with every `cargo test`. cargo-semver-checks takes
//! minutes to install and seconds per case, so its test is ignored by
//! default: `cargo xtask semver-oracle` installs it and runs that test.

use std::collections::BTreeMap;

use api_tests::oracle::{self, Required, Side};
use api_tests::spec_diffs::{cases, review};
use codegen::review::bump::Bump;

#[test]
fn a_program_stops_compiling_only_where_the_review_says_breaking() {
    let cases = cases();
    let before = Side::generate("before", &cases);
    let after = Side::generate("after", &cases);
    let broken_before = before.broken_programs();
    assert!(
        broken_before.is_empty(),
        "downstream programs must compile against the `before` side:\n{}",
        listing(&broken_before)
    );
    let broken_after = after.broken_programs();
    let mut disagreements = Vec::new();
    let mut checked = 0;
    for case in &cases {
        if oracle::programs(case).is_empty() {
            continue;
        }
        checked += 1;
        let review = review(case);
        match broken_after.get(case) {
            Some(errors) if review.required_bump != Bump::Major => disagreements.push(format!(
                "{case}: a program stops compiling, but the review does not call the change breaking:\n{errors}"
            )),
            // A break of the Rust API (not only of the wire: a new required
            // parameter fails at run time) is one rustc must see.
            None if review.public_api.bump == Bump::Major => disagreements.push(format!(
                "{case}: the public API difference is breaking, but every program still compiles: \
                 give the case a downstream.rs that shows the break"
            )),
            _ => {}
        }
    }
    assert!(checked >= 40, "only {checked} cases have programs");
    assert!(disagreements.is_empty(), "{}", disagreements.join("\n\n"));
}

#[test]
#[ignore = "needs cargo-semver-checks; `cargo xtask semver-oracle` installs it and runs this"]
fn cargo_semver_checks_finds_no_break_the_review_calls_compatible() {
    let Some(binary) = oracle::semver_checks_binary() else {
        panic!(
            "no cargo-semver-checks: run `cargo xtask semver-oracle`, or set CARGO_SEMVER_CHECKS"
        );
    };
    let cases = cases();
    let before = Side::generate("before", &cases);
    let after = Side::generate("after", &cases);
    let mut table = vec![format!(
        "{:<48} {:<8} cargo-semver-checks",
        "case", "review"
    )];
    let mut disagreements = Vec::new();
    for case in &cases {
        let bump = review(case).required_bump;
        let (required, report) = oracle::semver_checks(&binary, &before, &after, case);
        table.push(format!("{case:<48} {:<8} {required:?}", bump.to_string()));
        let agrees = match required {
            Required::Major => bump == Bump::Major,
            Required::Minor => bump >= Bump::Minor,
            Required::Nothing => true,
        };
        if !agrees {
            disagreements.push(format!("{case}: the review asks {bump}\n{report}"));
        }
    }
    println!("{}", table.join("\n"));
    assert!(disagreements.is_empty(), "{}", disagreements.join("\n\n"));
}

fn listing(broken: &BTreeMap<String, String>) -> String {
    broken
        .iter()
        .map(|(case, errors)| format!("{case}:\n{errors}"))
        .collect::<Vec<_>>()
        .join("\n")
}
