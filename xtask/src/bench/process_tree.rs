//! Runs a command and samples the resident memory of it and every process
//! it starts: a build that runs several rustc processes side by side needs
//! their sum, which `/usr/bin/time` (the largest process alone) does not
//! give. Linux only (`/proc`).

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

/// How often the processes are sampled: a rustc process that checks a
/// large crate lives for seconds, and its memory grows over that time.
const INTERVAL: Duration = Duration::from_millis(50);

/// What a command cost.
pub struct Usage {
    /// Wall seconds.
    pub seconds: f64,
    /// Peak resident memory of the command and its descendants together, in bytes.
    pub peak_bytes: u64,
    /// Peak resident memory of the largest single process, in bytes.
    pub largest_bytes: u64,
}

/// Runs `command` to its end; `Err` when it cannot start or fails.
pub fn run(mut command: Command) -> Result<Usage, String> {
    if !Path::new("/proc/self/status").exists() {
        return Err("no /proc here: process memory cannot be sampled".to_owned());
    }
    let start = Instant::now();
    let mut child = command
        .spawn()
        .map_err(|error| format!("cannot run {command:?}: {error}"))?;
    let (mut peak_bytes, mut largest_bytes) = (0, 0);
    let status = loop {
        if let Some(status) = child.try_wait().map_err(|error| error.to_string())? {
            break status;
        }
        let (total, largest) = tree_resident_bytes(child.id());
        peak_bytes = peak_bytes.max(total);
        largest_bytes = largest_bytes.max(largest);
        std::thread::sleep(INTERVAL);
    };
    if !status.success() {
        return Err(format!("{command:?} failed: {status}"));
    }
    Ok(Usage {
        seconds: start.elapsed().as_secs_f64(),
        peak_bytes,
        largest_bytes,
    })
}

/// The resident bytes of `root` and its descendants: together, and the largest.
fn tree_resident_bytes(root: u32) -> (u64, u64) {
    let mut children: BTreeMap<u32, Vec<u32>> = BTreeMap::new();
    for (pid, parent) in processes() {
        children.entry(parent).or_default().push(pid);
    }
    let (mut total, mut largest) = (0, 0);
    let mut pending = vec![root];
    while let Some(pid) = pending.pop() {
        pending.extend(children.get(&pid).into_iter().flatten());
        let bytes = resident_bytes(pid).unwrap_or(0);
        total += bytes;
        largest = largest.max(bytes);
    }
    (total, largest)
}

/// Every process as (pid, parent pid), from `/proc/<pid>/stat`.
fn processes() -> Vec<(u32, u32)> {
    let Ok(entries) = std::fs::read_dir("/proc") else {
        return Vec::new();
    };
    entries
        .filter_map(|entry| {
            let pid: u32 = entry.ok()?.file_name().to_str()?.parse().ok()?;
            let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
            // The command name, in parentheses, may hold spaces: the
            // fields that follow start after its last `)`.
            let (_, fields) = stat.rsplit_once(')')?;
            let parent = fields.split_whitespace().nth(1)?.parse().ok()?;
            Some((pid, parent))
        })
        .collect()
}

/// `VmRSS` of `pid`, in bytes (gone processes have none).
fn resident_bytes(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|line| line.starts_with("VmRSS:"))?;
    let kilobytes: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kilobytes * 1024)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_command_and_the_processes_it_starts_are_measured_together() {
        // Two children, each holding about 60 MB for a while, side by side.
        let mut command = Command::new("sh");
        command.args([
            "-c",
            "python3 -c 'import time; b = bytearray(60_000_000); time.sleep(1)' & \
             python3 -c 'import time; b = bytearray(60_000_000); time.sleep(1)' & wait",
        ]);
        let usage = run(command).expect("runs");
        assert!(usage.largest_bytes >= 60_000_000, "{}", usage.largest_bytes);
        assert!(usage.peak_bytes >= 120_000_000, "{}", usage.peak_bytes);
        assert!(usage.seconds >= 1.0);
    }

    #[test]
    fn a_failing_command_is_an_error() {
        assert!(run(Command::new("false")).is_err());
    }
}
