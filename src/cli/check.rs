//! `regionwise check` (not implemented yet).

use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct CheckArgs {}

pub fn run(_args: CheckArgs) -> ExitCode {
    eprintln!("error: `regionwise check` is not implemented yet");
    ExitCode::FAILURE
}
