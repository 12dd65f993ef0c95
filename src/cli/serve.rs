//! `regionwise serve` (not implemented yet).

use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct ServeArgs {}

pub fn run(_args: ServeArgs) -> ExitCode {
    eprintln!("error: `regionwise serve` is not implemented yet");
    ExitCode::FAILURE
}
