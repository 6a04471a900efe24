//! The review as text (terminal), Markdown (a pull-request comment), JSON
//! (tools), GitHub Actions annotations at the spec's lines, or JUnit XML (CI
//! test reports).

use std::fmt::Write as _;

use quick_junit::{NonSuccessKind, Report, TestCase, TestCaseStatus, TestSuite};

use super::bump::Bump;
use super::{Class, CrateReport, Status};

/// Most public API lines a text or Markdown report lists per side; JSON has all.
const LISTED_API_LINES: usize = 200;

/// A plain-text report, one block per crate.
pub fn text(reports: &[CrateReport]) -> String {
    let mut out = String::new();
    for report in reports {
        let _ = writeln!(
            out,
            "{} ({}): {}",
            report.crate_name,
            report.spec,
            status(report)
        );
        if report.status == Status::Unchanged {
            continue;
        }
        let _ = writeln!(out, "  version: {}", version_line(report));
        for change in &report.changes {
            let _ = writeln!(out, "  {:<13}{}", change.class.label(), change.summary);
            if !change.rust_items.is_empty() {
                let _ = writeln!(out, "  {:<13}→ {}", "", change.rust_items.join(", "));
            }
        }
        let api = &report.public_api;
        if !api.removed.is_empty() || !api.added.is_empty() {
            let _ = writeln!(
                out,
                "  public API of the generated crate: {} removed, {} added",
                api.removed.len(),
                api.added.len()
            );
            for line in api_lines(&api.removed, &api.added) {
                let _ = writeln!(out, "    {line}");
            }
        }
    }
    out
}

/// A Markdown report for a pull-request comment.
pub fn markdown(reports: &[CrateReport]) -> String {
    let mut out = String::from("# Spec review\n");
    for report in reports {
        let _ = writeln!(out, "\n## `{}` ({})\n", report.crate_name, report.spec);
        if report.status == Status::Unchanged {
            let _ = writeln!(out, "Unchanged.");
            continue;
        }
        let _ = writeln!(
            out,
            "**{}.** Version: {}.\n",
            status(report),
            version_line(report)
        );
        if !report.changes.is_empty() {
            let _ = writeln!(out, "| class | change | Rust items |");
            let _ = writeln!(out, "| --- | --- | --- |");
            for change in &report.changes {
                let items: Vec<String> = change
                    .rust_items
                    .iter()
                    .map(|item| format!("`{}`", cell(item)))
                    .collect();
                let _ = writeln!(
                    out,
                    "| **{}** | {} | {} |",
                    change.class.label(),
                    cell(&change.summary),
                    items.join(", ")
                );
            }
        }
        let api = &report.public_api;
        if !api.removed.is_empty() || !api.added.is_empty() {
            let _ = writeln!(
                out,
                "\n<details><summary>Public API of the generated crate: {} removed, {} added</summary>\n\n```diff",
                api.removed.len(),
                api.added.len()
            );
            for line in api_lines(&api.removed, &api.added) {
                let _ = writeln!(out, "{line}");
            }
            let _ = writeln!(out, "```\n\n</details>");
        }
    }
    out
}

/// The reports as pretty JSON: `{"crates": [...]}`.
pub fn json(reports: &[CrateReport]) -> String {
    let value = serde_json::json!({ "crates": reports });
    serde_json::to_string_pretty(&value).unwrap_or_default() + "\n"
}

/// GitHub Actions workflow commands: one annotation per change at its line of
/// the spec (`error` for breaking, `warning` for behavioural, `notice` for the
/// rest), and an `error` where the crate's version is not bumped as the
/// changes need. GitHub shows them on the pull request's diff.
pub fn github(reports: &[CrateReport]) -> String {
    let mut out = String::new();
    for report in reports {
        let crate_name = &report.crate_name;
        for change in &report.changes {
            let level = match change.class {
                Class::Breaking => "error",
                Class::Behavioural => "warning",
                Class::NonBreaking => "notice",
            };
            let mut message = change.summary.clone();
            if !change.rust_items.is_empty() {
                let _ = write!(message, "\nRust: {}", change.rust_items.join(", "));
            }
            annotate(
                &mut out,
                level,
                report,
                change.line,
                &format!(
                    "{crate_name}: {} change ({} bump)",
                    change.class.label(),
                    change.bump
                ),
                &message,
            );
        }
        let api = &report.public_api;
        let listed_breaking = report
            .changes
            .iter()
            .any(|change| change.class == Class::Breaking);
        if api.bump == Bump::Major && !listed_breaking {
            annotate(
                &mut out,
                "error",
                report,
                None,
                &format!("{crate_name}: public API changed"),
                &format!(
                    "the generated crate's public API changes incompatibly ({} removed or changed, {} added)",
                    api.removed.len(),
                    api.added.len()
                ),
            );
        }
        if report.status == Status::Added {
            annotate(
                &mut out,
                "notice",
                report,
                None,
                &format!("{crate_name}: new crate"),
                "a new client crate is generated from this spec",
            );
        }
        if !report.version_ok {
            annotate(
                &mut out,
                "error",
                report,
                report.version_line,
                &format!("{crate_name}: version not bumped"),
                &version_line(report),
            );
        }
    }
    out
}

/// One workflow command; `line` none annotates the file as a whole.
fn annotate(
    out: &mut String,
    level: &str,
    report: &CrateReport,
    line: Option<usize>,
    title: &str,
    message: &str,
) {
    let _ = write!(out, "::{level} file={}", escape_property(&report.spec));
    if let Some(line) = line {
        let _ = write!(out, ",line={line}");
    }
    let _ = writeln!(
        out,
        ",title={}::{}",
        escape_property(title),
        escape_data(message)
    );
}

/// A workflow command's message: `%`, CR and LF escaped, as GitHub reads them.
fn escape_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// A workflow command's property value: the message escapes, and `:` and `,`.
fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

/// JUnit XML, which CI systems show as test results: a suite per crate, a
/// test case per change (a breaking change fails), one for the version (a
/// version that is not bumped fails), one for an unchanged crate.
pub fn junit(reports: &[CrateReport]) -> String {
    let mut junit = Report::new("spec review");
    for report in reports {
        let mut suite = TestSuite::new(report.crate_name.as_str());
        let case = |name: String, failure: Option<(&str, String)>| {
            let status = match failure {
                None => TestCaseStatus::success(),
                Some((kind, message)) => {
                    let mut status = TestCaseStatus::non_success(NonSuccessKind::Failure);
                    status.set_type(kind).set_message(message);
                    status
                }
            };
            let mut case = TestCase::new(name, status);
            case.set_classname(format!("{} ({})", report.crate_name, report.spec));
            case
        };
        if report.status == Status::Unchanged {
            suite.add_test_case(case("unchanged".to_owned(), None));
        }
        for change in &report.changes {
            let mut name = format!("{}: {}", change.class.label(), change.summary);
            if let Some(line) = change.line {
                let _ = write!(name, " ({}:{line})", report.spec);
            }
            let failure = (change.class == Class::Breaking).then(|| {
                (
                    "breaking",
                    format!(
                        "needs a {} bump; Rust: {}",
                        change.bump,
                        change.rust_items.join(", ")
                    ),
                )
            });
            suite.add_test_case(case(name, failure));
        }
        if report.status != Status::Unchanged {
            let failure = (!report.version_ok).then(|| ("version", version_line(report)));
            suite.add_test_case(case(format!("version: {}", version_line(report)), failure));
        }
        junit.add_test_suite(suite);
    }
    junit.to_string().unwrap_or_default()
}

fn status(report: &CrateReport) -> String {
    match report.status {
        Status::Unchanged => "unchanged".to_owned(),
        Status::Added => "new crate".to_owned(),
        Status::Removed => "removed".to_owned(),
        Status::Changed => match report.worst_class() {
            Some(class) => format!(
                "{} change, needs a {} bump",
                class.label(),
                report.required_bump
            ),
            None => format!("changed, needs a {} bump", report.required_bump),
        },
    }
}

fn version_line(report: &CrateReport) -> String {
    let base = report.base_version.as_deref().unwrap_or("none");
    let head = report.head_version.as_deref().unwrap_or("none");
    if report.status == Status::Removed {
        return format!("{base} was the last version: the crate is no longer generated");
    }
    match (&report.required_version, report.required_bump) {
        (_, Bump::None) | (None, _) => format!("{base} → {head}"),
        (Some(required), bump) => {
            let verdict = if report.version_ok {
                "ok".to_owned()
            } else {
                format!("NOT BUMPED: set `info.x-crate-version` to {required} or later")
            };
            format!("{base} → {head} (a {bump} change needs at least {required}): {verdict}")
        }
    }
}

fn api_lines(removed: &[String], added: &[String]) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    for (sign, side) in [("-", removed), ("+", added)] {
        lines.extend(
            side.iter()
                .take(LISTED_API_LINES)
                .map(|line| format!("{sign} {line}")),
        );
        if side.len() > LISTED_API_LINES {
            lines.push(format!(
                "{sign} … and {} more",
                side.len() - LISTED_API_LINES
            ));
        }
    }
    lines
}

/// Text safe inside a Markdown table cell.
fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace('\n', " ")
}
