//! The `regionwise` command line: one binary with the default theme, the
//! bundled guide and the compiled calculators embedded.

use std::process::ExitCode;

use clap::Parser;
use regionwise::cli::{Cli, Command};

/// mimalloc instead of glibc's malloc: glibc keeps each thread's freed
/// memory in that thread's arena, so `serve`'s search-index thread grew the
/// server by the index it rebuilt (bench/NOTES.md). Only this binary gets
/// it; the library, its tests and the wasm build keep the default.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

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
