//! Heap profile of one `build`, with dhat-rs as the allocator: the peak, and
//! which allocation sites hold the bytes at that moment. Not part of the
//! binary; bench/NOTES.md summarises what it found.
//!
//! ```sh
//! CARGO_PROFILE_RELEASE_DEBUG=line-tables-only \
//!   cargo run --release --example heap_profile -- SITE_DIR OUTPUT_DIR [dhat-heap.json]
//! python3 bench/heap-summary.py dhat-heap.json   # bytes at the peak, by site and by pipeline step
//! ```
//!
//! The JSON also opens in dhat's viewer (`dh_view.html` from valgrind).

use std::path::PathBuf;
use std::process::ExitCode;

use regionwise::site::{self, BuildOptions};

#[global_allocator]
static ALLOC: dhat::Alloc = dhat::Alloc;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(root), Some(output)) = (args.first(), args.get(1)) else {
        eprintln!("usage: heap_profile SITE_DIR OUTPUT_DIR [dhat-heap.json]");
        return ExitCode::from(2);
    };
    let json = args.get(2).map_or("dhat-heap.json", String::as_str);
    let profiler = dhat::Profiler::builder().file_name(json).build();
    let opts = BuildOptions {
        root: Some(PathBuf::from(root)),
        output: PathBuf::from(output),
        base_url: None,
        drafts: false,
        force: false,
    };
    let result = site::build(&opts);
    let stats = dhat::HeapStats::get();
    drop(profiler);
    match result {
        Ok(report) => {
            println!(
                "built {} pages ({} files); heap peak {:.1} MB, {} allocations ({:.1} MB in all)",
                report.pages,
                report.files,
                stats.max_bytes as f64 / 1e6,
                stats.total_blocks,
                stats.total_bytes as f64 / 1e6
            );
            ExitCode::SUCCESS
        }
        Err(diags) => {
            eprintln!("{diags}");
            ExitCode::FAILURE
        }
    }
}
