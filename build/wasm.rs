//! Builds the calculator: `wasm/` for wasm32, then its JS bindings.
//! (Filled in by the calculators work; until then nothing is embedded.)

use std::path::{Path, PathBuf};

/// Returns (file name, path) of each calculator file to embed.
pub fn build_calculator(_manifest: &Path, _out_dir: &Path) -> Vec<(String, PathBuf)> {
    Vec::new()
}
