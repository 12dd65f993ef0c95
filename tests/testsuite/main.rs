//! The integration tests, one binary (as mdBook's and ripgrep's are): one
//! link of the library instead of one per test file, and one set of helpers
//! ([`support`]). Each module tests one area through the real binary or the
//! library's public API:
//!
//! - `build`, `chart_shortcode`, `calculators`: the fixture sites, their HTML
//!   (snapshots in `tests/snapshots/`) and the main error paths;
//! - `reliability`: the invalid-site corpus (`tests/invalid/`), generated
//!   extremes, a killed build, serve under load, the fuzz bodies on stable;
//! - `init_check`, `ownership`, `serve`, `nginx`, `cli_calc`: the commands;
//! - `incremental`: `serve`'s rebuild after each edit equals a full build;
//! - `internal_copy`: a site on the bundled guide, `eject`, the upgrade report;
//! - `guide`, `cold_start`, `docs`: the bundled guide and the docs stay true.
//!
//! `cargo test --test testsuite MODULE::` runs one area.

mod support;

mod build;
mod calculators;
mod chart_shortcode;
mod cli_calc;
mod cold_start;
mod docs;
mod guide;
mod incremental;
mod init_check;
mod internal_copy;
mod nginx;
mod ownership;
mod reliability;
mod serve;

/// New integration tests join this binary as a module: a file directly
/// under `tests/` would be linked as a binary of its own again.
#[test]
fn integration_tests_live_in_the_testsuite() {
    let stray: Vec<String> = std::fs::read_dir(support::repo().join("tests"))
        .expect("tests/")
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|name| name.ends_with(".rs"))
        .collect();
    assert!(
        stray.is_empty(),
        "move {stray:?} into tests/testsuite/ as a module (mod NAME; in main.rs, helpers from support.rs)"
    );
}
