//! `regionwise init DIR [--bare]`: scaffold a site folder that builds as is.

use std::path::PathBuf;
use std::process::ExitCode;

use crate::init::{self, Kind};

#[derive(Debug, clap::Args)]
pub struct InitArgs {
    /// The folder to create (must be new or empty).
    pub dir: PathBuf,
    /// A minimal skeleton (home page, one section, one page) instead of a
    /// copy of the bundled guide.
    #[arg(long)]
    pub bare: bool,
}

pub fn run(args: InitArgs) -> ExitCode {
    let kind = if args.bare { Kind::Bare } else { Kind::Guide };
    match init::init(&args.dir, kind) {
        Ok(files) => {
            let dir = args.dir.display();
            println!("Created {dir} ({} files).", files.len());
            println!("Next: edit {dir}/regionwise.toml and {dir}/content/, then");
            println!("  regionwise serve --root {dir}    # live preview on 127.0.0.1");
            println!("  regionwise build --root {dir}    # the site into {dir}/public");
            println!("  regionwise check --root {dir}    # links, content, review dates");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}
