//! `regionwise eject PATH`: copy one bundled file into the site to edit it,
//! recording the bundled version it came from (regionwise.lock).

use std::path::PathBuf;
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
    /// List the bundled files (and which ones this site ejected).
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
    let lock = Lock::read(root).unwrap_or_default();
    let mut out = std::io::stdout().lock();
    for (path, _) in eject::bundled_files() {
        let mark = if lock.entry(path).is_some() {
            "  (ejected)"
        } else if root.join(path).is_file() {
            "  (overridden)"
        } else {
            ""
        };
        // A closed pipe (`| head`) ends the list.
        if writeln!(out, "{path}{mark}").is_err() {
            break;
        }
    }
    ExitCode::SUCCESS
}
