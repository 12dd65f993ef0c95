//! `regionwise build`.

use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct BuildArgs {}

pub fn run(_args: BuildArgs) -> ExitCode {
    eprintln!("error: not implemented yet");
    ExitCode::FAILURE
}
