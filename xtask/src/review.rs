//! `cargo xtask diff`: every spec at a base revision against the working
//! tree, reviewed for the users of the generated crates.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use codegen::SpecVersion;
use codegen::review::{Class, CrateReport, report};

use crate::git;

/// How to print the review.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Plain text for a terminal.
    Text,
    /// Markdown for a pull-request comment.
    #[value(alias = "md")]
    Markdown,
    /// JSON for tools.
    Json,
    /// GitHub Actions annotations at the spec's lines.
    Github,
    /// JUnit XML for CI test reports.
    Junit,
}

/// When the command should fail.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum FailOn {
    /// A breaking change in any crate.
    Breaking,
    /// A breaking or behavioural change.
    #[value(alias = "behavioral")]
    Behavioural,
    /// Any change at all.
    Any,
    /// A crate whose version does not reflect its changes.
    Unbumped,
}

impl FailOn {
    fn trips(self, report: &CrateReport) -> bool {
        match self {
            Self::Breaking => report.worst_class() == Some(Class::Breaking),
            Self::Behavioural => report.worst_class() >= Some(Class::Behavioural),
            Self::Any => report.worst_class().is_some(),
            Self::Unbumped => !report.version_ok,
        }
    }
}

/// Runs the review and prints it; the exit code says whether `fail_on` tripped.
pub fn run(root: &Path, base: &str, format: Format, fail_on: Option<FailOn>) -> ExitCode {
    let reports = match reports(root, base) {
        Ok(reports) => reports,
        Err(message) => {
            eprintln!("{message}");
            return ExitCode::FAILURE;
        }
    };
    print!(
        "{}",
        match format {
            Format::Text => report::text(&reports),
            Format::Markdown => report::markdown(&reports),
            Format::Json => report::json(&reports),
            Format::Github => report::github(&reports),
            Format::Junit => report::junit(&reports),
        }
    );
    let tripped: Vec<&str> = fail_on
        .map(|fail_on| {
            reports
                .iter()
                .filter(|report| fail_on.trips(report))
                .map(|report| report.crate_name.as_str())
                .collect()
        })
        .unwrap_or_default();
    if tripped.is_empty() {
        ExitCode::SUCCESS
    } else {
        eprintln!("\n`--fail-on` tripped for: {}", tripped.join(", "));
        ExitCode::FAILURE
    }
}

fn reports(root: &Path, base: &str) -> Result<Vec<CrateReport>, String> {
    let commit = git::resolve(root, base)?;
    // Keyed by crate name, so a spec saved in another format (YAML to JSON)
    // is the same crate changed, not one removed and one added.
    let before = by_crate(git::specs_at(root, &commit)?);
    let after = by_crate(codegen::discover_specs(root).map_err(|error| error.to_string())?);
    let crates: BTreeSet<&String> = before.keys().chain(after.keys()).collect();
    let mut reports = Vec::new();
    let mut problems = Vec::new();
    for name in crates {
        let (base_path, head_path) = (before.get(name), after.get(name));
        let base_text = match base_path {
            Some(path) => Some(git::read_at(root, &commit, path)?),
            None => None,
        };
        let head_text = match head_path {
            Some(path) => Some(
                std::fs::read_to_string(root.join(path))
                    .map_err(|error| format!("cannot read {}: {error}", path.display()))?,
            ),
            None => None,
        };
        let path = head_path
            .or(base_path)
            .expect("a crate is on one side at least");
        let base_label = format!("{} at {base}", base_path.unwrap_or(path).display());
        let head_label = path.display().to_string();
        match codegen::review_spec(
            path,
            base_text
                .as_deref()
                .zip(base_path)
                .map(|(text, path)| SpecVersion {
                    path,
                    label: &base_label,
                    text,
                }),
            head_text
                .as_deref()
                .zip(head_path)
                .map(|(text, path)| SpecVersion {
                    path,
                    label: &head_label,
                    text,
                }),
        ) {
            Ok(report) => reports.push(report),
            Err(error) => problems.push(error.to_string()),
        }
    }
    if problems.is_empty() {
        Ok(reports)
    } else {
        Err(format!(
            "{}\n\nThe review needs both versions of every spec to generate.",
            problems.join("\n")
        ))
    }
}

/// The spec files by the crate each generates (its file stem).
fn by_crate(specs: Vec<PathBuf>) -> BTreeMap<String, PathBuf> {
    specs
        .into_iter()
        .map(|path| (codegen::stem(&path), path))
        .collect()
}
