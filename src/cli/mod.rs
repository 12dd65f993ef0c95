//! Command-line interface: one module per subcommand, each a thin layer over
//! the library (the site pipeline, the models).

pub mod build;
pub mod calc;
pub mod check;
pub mod diff;
pub mod eject;
pub mod init;
pub mod serve;

use std::path::PathBuf;

use clap::{Parser, Subcommand};

/// regionwise: builds an architecture decision guide with live calculators.
#[derive(Debug, Parser)]
#[command(name = "regionwise", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build the site into a static folder (the bundled guide if no site is found).
    Build(build::BuildArgs),
    /// Validate everything the build validates, and more, without writing output.
    Check(check::CheckArgs),
    /// Build, serve on 127.0.0.1 and rebuild on change, with live reload.
    Serve(serve::ServeArgs),
    /// Scaffold a new site (an internal copy of the guide) in a folder.
    Init(init::InitArgs),
    /// Copy one bundled page, data file or template into the site to edit it,
    /// recording the version it came from (regionwise.lock).
    Eject(eject::EjectArgs),
    /// Show how the bundled version of an ejected file changed since it was ejected.
    Diff(diff::DiffArgs),
    /// Run one of the guide's models in the terminal (`regionwise calc --list`).
    Calc(calc::CalcArgs),
}

/// The options every command that reads a site takes.
#[derive(Debug, clap::Args)]
pub struct SiteArgs {
    /// The site folder (holding regionwise.toml). Default: the current folder
    /// if it has a regionwise.toml, else the bundled guide.
    #[arg(long)]
    pub root: Option<PathBuf>,
    /// Include pages marked `draft = true`.
    #[arg(long)]
    pub drafts: bool,
}

impl SiteArgs {
    /// `--root`, else the current folder when it has a regionwise.toml, else
    /// None (the bundled guide).
    pub fn root(&self) -> Option<PathBuf> {
        crate::site::find_root(self.root.as_deref())
    }
}
