//! `regionwise eject PATH`: copy one bundled file into the site to edit it,
//! recording the bundled version it came from (regionwise.lock).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use crate::eject::{self, Lock};

#[derive(Debug, clap::Args)]
pub struct EjectArgs {
    /// The bundled file: a page (`patterns/dr-ladder.md` or
    /// `content/patterns/dr-ladder.md`), a data file (`content/data/rtt.toml`),
    /// a template (`templates/page.html`) or a static file (`static/site.css`).
    #[arg(required_unless_present = "list")]
    pub path: Option<String>,
    /// The site folder (holding regionwise.toml). Default: the current folder.
    #[arg(long)]
    pub root: Option<PathBuf>,
    /// Keep your copy and record the current bundled version as the one it
    /// follows (once it has what it needs of an upstream change).
    #[arg(long, conflicts_with = "list")]
    pub accept: bool,
    /// List the bundled files, marking those this site ejected, overrides or
    /// hides (with the line of the `[guide] hide` entry).
    #[arg(long)]
    pub list: bool,
}

pub fn run(args: EjectArgs) -> ExitCode {
    let root = args.root.clone().unwrap_or_else(|| PathBuf::from("."));
    if args.list {
        return list(&root);
    }
    let arg = args.path.as_deref().unwrap_or_default();
    let result = if args.accept {
        eject::accept(&root, arg).map(|path| {
            println!(
                "Recorded the bundled {path} of regionwise {} as the version your copy follows.",
                env!("CARGO_PKG_VERSION")
            );
        })
    } else {
        eject::eject(&root, arg).map(|path| {
            println!(
                "Ejected {path} (recorded in {}): edit it; `regionwise check` tells you when a \
                 new regionwise changes the bundled version.",
                eject::LOCK_FILE
            );
            // A copied page is the site's own now: its review date is too.
            if path.ends_with(".md") {
                println!(
                    "It is your page now: once you have checked it, set `reviewed = \
                     \"YYYY-MM-DD\"` in its front matter (until then `regionwise check` warns \
                     that it was never reviewed, and `check --strict` fails)."
                );
            }
        })
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

fn list(root: &std::path::Path) -> ExitCode {
    use std::io::Write as _;
    // The marks need the lock file and `[guide] hide`; a problem with
    // either is said, and the list is printed anyway (an error about a hide
    // entry points here to find the right path).
    let lock = Lock::read(root).unwrap_or_else(|d| {
        eprintln!(
            "warning: {d}\n  (the list cannot say which files you ejected until it is fixed)"
        );
        Lock::default()
    });
    let hidden = hidden(root);
    let mut out = std::io::stdout().lock();
    for (path, _) in eject::bundled_files() {
        let mark = mark(path, &lock, &hidden, root);
        // A closed pipe (`| head`) ends the list.
        if writeln!(out, "{path}{mark}").is_err() {
            break;
        }
    }
    ExitCode::SUCCESS
}

/// What the site does with a bundled file: ejected (recorded in the lock
/// file), overridden (a copy without a record), or hidden by the
/// `[guide] hide` entry at a line of regionwise.toml.
fn mark(path: &str, lock: &Lock, hidden: &BTreeMap<String, usize>, root: &Path) -> String {
    if lock.entry(path).is_some() {
        "  (ejected)".into()
    } else if root.join(path).is_file() {
        "  (overridden)".into()
    } else if let Some(line) = path
        .strip_prefix("content/")
        .and_then(|rel| hidden.get(rel))
    {
        format!("  (hidden: regionwise.toml:{line})")
    } else {
        String::new()
    }
}

/// The bundled files `[guide] hide` leaves out (pages, and the files they
/// take with them), by path under `content/`, as the build computes them.
fn hidden(root: &Path) -> BTreeMap<String, usize> {
    if !root.join("regionwise.toml").is_file() {
        return BTreeMap::new();
    }
    match crate::load::load_site(Some(root)) {
        Ok(files) => files.hidden,
        Err(diags) => {
            for d in &diags.0 {
                eprintln!("warning: {d}");
            }
            eprintln!("  (the list cannot say which pages are hidden until this is fixed)");
            BTreeMap::new()
        }
    }
}
