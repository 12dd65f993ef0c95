//! `regionwise init DIR [--copy | --bare]`: scaffold a site folder that
//! builds as is.

use std::path::PathBuf;
use std::process::ExitCode;

use crate::init::{self, Kind};

#[derive(Debug, clap::Args)]
pub struct InitArgs {
    /// The folder to create (must be new or empty).
    pub dir: PathBuf,
    /// A full copy of the bundled guide's content instead of building on it
    /// (each file recorded in regionwise.lock, so upgrades still say which
    /// changed upstream).
    #[arg(long, conflicts_with = "bare")]
    pub copy: bool,
    /// A minimal skeleton (home page, one section, one page) without the
    /// bundled guide.
    #[arg(long)]
    pub bare: bool,
}

pub fn run(args: InitArgs) -> ExitCode {
    let kind = match (args.copy, args.bare) {
        (true, _) => Kind::Copy,
        (_, true) => Kind::Bare,
        _ => Kind::Base,
    };
    match init::init(&args.dir, kind) {
        Ok(files) => {
            let dir = args.dir.display();
            println!("Created {dir} ({} files).", files.len());
            if kind == Kind::Base {
                println!(
                    "It builds on the guide bundled in regionwise: your pages are in {dir}/content/,\n\
                     and `regionwise eject PATH --root {dir}` copies a bundled page to edit."
                );
            }
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
