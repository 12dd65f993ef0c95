//! Watches a site folder and rebuilds when its sources change.
//!
//! Only `regionwise.toml`, `content/`, `templates/` and `static/` are
//! watched (never `public/`, `target/` or `.git/`, which change during a
//! build or a commit). Events are debounced: an editor's save is often
//! several events (write, rename, chmod), and one rebuild covers them all.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{channel, Receiver, RecvTimeoutError};
use std::sync::Arc;
use std::time::{Duration, Instant};

use notify::{EventKind, RecommendedWatcher, RecursiveMode, Watcher};

use super::{LiveSite, Outcome, ServeError};

/// Quiet time after the last event before rebuilding.
const QUIET: Duration = Duration::from_millis(15);
/// A steady stream of events still rebuilds this often.
const MAX_WAIT: Duration = Duration::from_millis(250);
const SOURCE_DIRS: [&str; 3] = ["content", "templates", "static"];

/// Starts watching `root` on a thread of its own.
pub fn spawn(root: &Path, site: Arc<LiveSite>) -> Result<(), ServeError> {
    let (tx, rx) = channel();
    let mut watcher = notify::recommended_watcher(tx).map_err(|e| watch_error(root, &e))?;
    watcher
        .watch(root, RecursiveMode::NonRecursive)
        .map_err(|e| watch_error(root, &e))?;
    for dir in SOURCE_DIRS {
        let path = root.join(dir);
        if path.is_dir() {
            watcher
                .watch(&path, RecursiveMode::Recursive)
                .map_err(|e| watch_error(&path, &e))?;
        }
    }
    let root = root.to_path_buf();
    std::thread::spawn(move || run(&root, watcher, &rx, &site));
    Ok(())
}

fn watch_error(path: &Path, e: &notify::Error) -> ServeError {
    ServeError::Watch {
        path: path.display().to_string(),
        reason: e.to_string(),
    }
}

type Events = Receiver<notify::Result<notify::Event>>;

fn run(root: &Path, mut watcher: RecommendedWatcher, rx: &Events, site: &LiveSite) {
    loop {
        let Ok(first) = rx.recv() else { return };
        let mut changed = Vec::new();
        collect(root, first, &mut changed, &mut watcher);
        let deadline = Instant::now() + MAX_WAIT;
        while Instant::now() < deadline {
            match rx.recv_timeout(QUIET) {
                Ok(event) => collect(root, event, &mut changed, &mut watcher),
                Err(RecvTimeoutError::Timeout) => break,
                Err(RecvTimeoutError::Disconnected) => return,
            }
        }
        if changed.is_empty() {
            continue;
        }
        changed.sort();
        changed.dedup();
        report(&changed, &site.rebuild_after(&changed));
    }
}

/// Adds the event's relevant paths (relative to the root) to `changed`, and
/// starts watching a source folder created after `serve` started.
fn collect(
    root: &Path,
    event: notify::Result<notify::Event>,
    changed: &mut Vec<PathBuf>,
    watcher: &mut RecommendedWatcher,
) {
    let Ok(event) = event else { return };
    if matches!(event.kind, EventKind::Access(_)) {
        return;
    }
    for path in event.paths {
        let Ok(rel) = path.strip_prefix(root) else {
            continue;
        };
        if !is_source(rel) {
            continue;
        }
        if rel.components().count() == 1 && path.is_dir() {
            let _ = watcher.watch(&path, RecursiveMode::Recursive);
        }
        changed.push(rel.to_path_buf());
    }
}

/// A file the build reads: regionwise.toml or anything in the source
/// folders, except editors' hidden, backup and swap files.
pub fn is_source(rel: &Path) -> bool {
    let mut parts = rel.iter().filter_map(|p| p.to_str());
    let Some(top) = parts.next() else {
        return false;
    };
    if top == "regionwise.toml" {
        return rel.components().count() == 1;
    }
    if !SOURCE_DIRS.contains(&top) {
        return false;
    }
    let name = rel.file_name().and_then(|n| n.to_str()).unwrap_or("");
    let scratch = name.starts_with('.')
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name == "4913";
    !scratch
        && !rel
            .iter()
            .any(|p| p.to_str().is_some_and(|s| s.starts_with('.')))
}

fn report(changed: &[PathBuf], outcome: &Outcome) {
    let what = match changed {
        [one] => one.display().to_string(),
        many => format!("{} files", many.len()),
    };
    match outcome {
        Outcome::Built { pages, took } => eprintln!(
            "Rebuilt {pages} page{} in {:.0} ms ({what} changed)",
            if *pages == 1 { "" } else { "s" },
            took.as_secs_f64() * 1000.0
        ),
        Outcome::Failed { errors, took } => eprint!(
            "Rebuild failed in {:.0} ms ({what} changed); still serving the last good build:\n{errors}",
            took.as_secs_f64() * 1000.0
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sources_and_scratch_files() {
        for yes in [
            "regionwise.toml",
            "content/a.md",
            "templates/page.html",
            "static/x/logo.svg",
        ] {
            assert!(is_source(Path::new(yes)), "{yes}");
        }
        for no in [
            "public/index.html",
            "content/.a.md.swp",
            "content/a.md~",
            "content/.git/x",
            "target/x",
            "notes.toml",
            "content/4913",
        ] {
            assert!(!is_source(Path::new(no)), "{no}");
        }
    }
}
