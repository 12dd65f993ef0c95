//! `regionwise calc MODEL [--field value]... [--json]` (filled by the models work).

use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct CalcArgs {}

pub fn run(_args: CalcArgs) -> ExitCode {
    eprintln!("error: `regionwise calc` is not implemented yet");
    ExitCode::FAILURE
}
