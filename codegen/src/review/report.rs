//! The review as text (terminal), Markdown (a pull-request comment) or JSON (tools).

use std::fmt::Write as _;

use super::bump::Bump;
use super::{CrateReport, Status};

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
