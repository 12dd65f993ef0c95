//! `regionwise init` (not implemented yet).

use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct InitArgs {}

pub fn run(_args: InitArgs) -> ExitCode {
    eprintln!("error: `regionwise init` is not implemented yet");
    ExitCode::FAILURE
}
