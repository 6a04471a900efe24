//! The spec-review corpus: `tests/spec-diffs/<case>/{before,after}.yaml`,
//! one pair per change class. Each case asserts its class and the version bump
//! it needs, and snapshots the text and JSON reports a reviewer would read.

use api_tests::spec_diffs::{cases, review};
use codegen::review::bump::Bump;
use codegen::review::{Class, report};

/// Every case with the most severe class it must report (`None`: no change)
/// and the bump it must require.
const CASES: &[(&str, Option<Class>, Bump)] = &[
    ("operation-added", Some(Class::NonBreaking), Bump::Minor),
    ("operation-removed", Some(Class::Breaking), Bump::Major),
    ("operation-id-renamed", Some(Class::Breaking), Bump::Major),
    ("path-changed", Some(Class::Behavioural), Bump::Minor),
    ("http-method-changed", Some(Class::Behavioural), Bump::Minor),
    (
        "optional-query-parameter-added",
        Some(Class::NonBreaking),
        Bump::Minor,
    ),
    (
        "required-query-parameter-added",
        Some(Class::Breaking),
        Bump::Major,
    ),
    ("parameter-removed", Some(Class::Breaking), Bump::Major),
    (
        "parameter-becomes-required",
        Some(Class::Breaking),
        Bump::Major,
    ),
    // The typed mock matcher keeps its signature and gains `…_missing()`: an addition.
    (
        "parameter-becomes-optional",
        Some(Class::NonBreaking),
        Bump::Minor,
    ),
    // The same for a header: a `&String` still goes to `x_tenant(…)`.
    (
        "header-parameter-becomes-optional",
        Some(Class::NonBreaking),
        Bump::Minor,
    ),
    ("parameter-type-changed", Some(Class::Breaking), Bump::Major),
    (
        "parameter-moved-to-header",
        Some(Class::Behavioural),
        Bump::Minor,
    ),
    (
        "request-property-added-optional",
        Some(Class::NonBreaking),
        Bump::Minor,
    ),
    (
        "request-property-added-required",
        Some(Class::Breaking),
        Bump::Major,
    ),
    (
        "request-property-removed",
        Some(Class::Breaking),
        Bump::Major,
    ),
    (
        "request-property-becomes-optional",
        Some(Class::Breaking),
        Bump::Major,
    ),
    (
        "response-property-added",
        Some(Class::NonBreaking),
        Bump::Minor,
    ),
    (
        "response-property-removed",
        Some(Class::Breaking),
        Bump::Major,
    ),
    (
        "response-property-becomes-nullable",
        Some(Class::Breaking),
        Bump::Major,
    ),
    (
        "response-property-becomes-required",
        Some(Class::Breaking),
        Bump::Major,
    ),
    ("property-type-changed", Some(Class::Breaking), Bump::Major),
    (
        "format-changed-same-rust-type",
        Some(Class::Behavioural),
        Bump::Minor,
    ),
    (
        "format-changed-new-rust-type",
        Some(Class::Breaking),
        Bump::Major,
    ),
    (
        "response-enum-value-added",
        Some(Class::NonBreaking),
        Bump::Minor,
    ),
    (
        "request-enum-value-added",
        Some(Class::NonBreaking),
        Bump::Minor,
    ),
    (
        "shared-enum-value-added",
        Some(Class::Behavioural),
        Bump::Minor,
    ),
    ("enum-value-removed", Some(Class::Breaking), Bump::Major),
    // The types derive no order, so the order of the values is not API:
    // the code changes (the variants move), the API does not.
    (
        "enum-values-reordered",
        Some(Class::NonBreaking),
        Bump::Patch,
    ),
    ("error-status-added", Some(Class::Behavioural), Bump::Minor),
    // Its typed mock responder (`then.forbidden(…)`) disappears.
    ("error-status-removed", Some(Class::Breaking), Bump::Major),
    (
        "success-body-type-changed",
        Some(Class::Breaking),
        Bump::Major,
    ),
    ("server-added", Some(Class::NonBreaking), Bump::Minor),
    ("server-removed", Some(Class::Breaking), Bump::Major),
    (
        "default-server-url-changed",
        Some(Class::Behavioural),
        Bump::Minor,
    ),
    ("security-removed", Some(Class::Breaking), Bump::Major),
    (
        "security-scheme-added",
        Some(Class::NonBreaking),
        Bump::Minor,
    ),
    (
        "api-key-header-renamed",
        Some(Class::Behavioural),
        Bump::Minor,
    ),
    (
        "security-requirement-changed",
        Some(Class::Behavioural),
        Bump::Minor,
    ),
    ("documentation-only", Some(Class::NonBreaking), Bump::Patch),
    ("schema-added", Some(Class::NonBreaking), Bump::Minor),
    // The field becomes a checked newtype.
    ("constraint-added", Some(Class::Breaking), Bump::Major),
    ("constraint-changed", Some(Class::Behavioural), Bump::Minor),
    ("pagination-added", Some(Class::NonBreaking), Bump::Minor),
    (
        "breaking-change-with-version-bump",
        Some(Class::Breaking),
        Bump::Major,
    ),
    ("nothing-changed", None, Bump::None),
    // The filter reuses `AccountStatus`, which requests now use: it closes.
    (
        "infinipost-adds-suspended-and-a-status-filter",
        Some(Class::Breaking),
        Bump::Major,
    ),
    (
        "pepipost-email-optional-and-a-409",
        Some(Class::Breaking),
        Bump::Major,
    ),
];

#[test]
fn every_case_has_an_expectation() {
    let on_disk = cases();
    let mut listed: Vec<String> = CASES.iter().map(|(name, ..)| (*name).to_owned()).collect();
    listed.sort();
    assert_eq!(on_disk, listed);
    assert!(CASES.len() >= 25);
}

#[test]
fn each_change_is_classified_for_the_rust_client_with_the_bump_it_needs() {
    let mut wrong = Vec::new();
    for (case, class, bump) in CASES {
        let report = review(case);
        if report.worst_class() != *class || report.required_bump != *bump {
            wrong.push(format!(
                "{case}: expected {class:?}/{bump}, got {:?}/{}\n{}",
                report.worst_class(),
                report.required_bump,
                report::text(std::slice::from_ref(&report))
            ));
        }
        let unbumped = *bump > Bump::None && case != &"breaking-change-with-version-bump";
        assert_eq!(
            report.version_ok,
            !unbumped,
            "{case}: version verdict\n{}",
            report::text(std::slice::from_ref(&report))
        );
        insta::assert_snapshot!(
            format!("{case}-text"),
            report::text(std::slice::from_ref(&report))
        );
        insta::assert_snapshot!(
            format!("{case}-json"),
            report::json(std::slice::from_ref(&report))
        );
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn every_change_names_the_rust_items_it_affects() {
    for (case, ..) in CASES {
        let report = review(case);
        for change in &report.changes {
            let documentation_only = change.summary.contains("documentation only")
                || change.summary.contains("security schemes");
            assert!(
                documentation_only || !change.rust_items.is_empty(),
                "{case}: `{}` names no Rust item",
                change.summary
            );
        }
    }
}
