//! The `regionwise` command line: one binary with the default theme, the
//! bundled guide and the compiled calculators embedded.

use std::process::ExitCode;

use clap::Parser;
use regionwise::cli::{Cli, Command};

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Build(args) => regionwise::cli::build::run(args),
        Command::Check(args) => regionwise::cli::check::run(args),
        Command::Serve(args) => regionwise::cli::serve::run(args),
        Command::Init(args) => regionwise::cli::init::run(args),
        Command::Eject(args) => regionwise::cli::eject::run(args),
        Command::Diff(args) => regionwise::cli::diff::run(args),
        Command::Calc(args) => regionwise::cli::calc::run(args),
    }
}
