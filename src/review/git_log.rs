//! The dates each file under a folder was first and last committed, read
//! from `git log`. Used at run time for a site on disk (`review.from_git`)
//! and at compile time by `build.rs` for the guide embedded in the binary,
//! so this file needs nothing but std.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

/// When one file was first committed and when it was last changed
/// (`YYYY-MM-DD`, commit dates).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileDates {
    pub first: String,
    pub last: String,
}

/// The dates of every file under `dir`, by path relative to `dir` (`/`
/// separators). Empty when `dir` is not in a git repository or git is not
/// installed: dates then come from the front matter alone. One `git log`
/// for the whole folder, not one per file.
pub fn read(dir: &Path) -> BTreeMap<String, FileDates> {
    let output = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args([
            "log",
            "--format=%x00%cs",
            "--name-only",
            "--relative",
            "--no-renames",
            "--",
            ".",
        ])
        .output();
    match output {
        Ok(out) if out.status.success() => parse(&String::from_utf8_lossy(&out.stdout)),
        _ => BTreeMap::new(),
    }
}

/// Parses `git log --format=%x00%cs --name-only`: newest commit first, so a
/// file's first appearance is its last change and its final one its first
/// commit.
pub fn parse(log: &str) -> BTreeMap<String, FileDates> {
    let mut dates: BTreeMap<String, FileDates> = BTreeMap::new();
    let mut current = "";
    for line in log.lines() {
        if let Some(date) = line.strip_prefix('\0') {
            current = date.trim();
        } else if !line.trim().is_empty() && !current.is_empty() {
            dates
                .entry(line.trim().to_string())
                .and_modify(|d| d.first = current.to_string())
                .or_insert_with(|| FileDates {
                    first: current.to_string(),
                    last: current.to_string(),
                });
        }
    }
    dates
}
