//! `regionwise diff PATH`: the upstream change under an ejected file, as a
//! unified diff (the bundled version it was ejected from → the bundled
//! version now), to apply to the site's copy.

use std::path::PathBuf;
use std::process::ExitCode;

use crate::eject;

#[derive(Debug, clap::Args)]
pub struct DiffArgs {
    /// The ejected file, as `regionwise check` names it
    /// (`content/patterns/dr-ladder.md`).
    pub path: String,
    /// The site folder (holding regionwise.toml). Default: the current folder.
    #[arg(long)]
    pub root: Option<PathBuf>,
}

pub fn run(args: DiffArgs) -> ExitCode {
    let root = args.root.unwrap_or_else(|| PathBuf::from("."));
    match eject::diff(&root, &args.path) {
        Ok(diff) if diff.is_empty() => {
            eprintln!(
                "{}: the bundled version is the one regionwise.lock records for your copy \
                 (ejected or accepted): nothing changed upstream.",
                args.path
            );
            ExitCode::SUCCESS
        }
        Ok(diff) => {
            // A closed pipe (`| head`) is not an error of the diff.
            let _ = std::io::Write::write_all(&mut std::io::stdout().lock(), diff.as_bytes());
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}
