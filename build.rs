//! Embeds the default theme, the bundled guide and the compiled calculator
//! into the binary, so an installed `regionwise` builds complete sites alone.
//!
//! The calculator part (building `wasm/` for wasm32 and generating its JS
//! bindings) lives in `build/wasm.rs`.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

#[path = "build/wasm.rs"]
mod wasm;

fn main() {
    let manifest = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("set by cargo"));
    let out_dir = PathBuf::from(std::env::var("OUT_DIR").expect("set by cargo"));

    let mut code = String::new();
    embed_list(&mut code, "TEMPLATES", &manifest, "templates");
    embed_list(&mut code, "STATIC", &manifest, "static");
    embed_list(&mut code, "GUIDE_CONTENT", &manifest, "content");
    let config = manifest.join("regionwise.toml");
    println!("cargo:rerun-if-changed={}", config.display());
    writeln!(
        code,
        "/// The bundled guide's regionwise.toml.\npub static GUIDE_CONFIG: &[u8] = include_bytes!({:?});",
        config.display().to_string()
    )
    .expect("write to string");

    let calculator = wasm::build_calculator(&manifest, &out_dir);
    writeln!(
        code,
        "/// The compiled calculator (wasm + JS glue), by file name; empty when\n/// the wasm build was skipped.\npub static CALCULATOR: &[(&str, &[u8])] = &["
    )
    .expect("write to string");
    for (name, path) in &calculator {
        writeln!(
            code,
            "    ({name:?}, include_bytes!({:?})),",
            path.display().to_string()
        )
        .expect("write to string");
    }
    code.push_str("];\n");

    std::fs::write(out_dir.join("embedded.rs"), code).expect("write embedded.rs");
}

/// Writes `pub static NAME: &[(&str, &[u8])]` with every file under `dir`.
fn embed_list(code: &mut String, name: &str, manifest: &Path, dir: &str) {
    let base = manifest.join(dir);
    println!("cargo:rerun-if-changed={}", base.display());
    let mut files = Vec::new();
    collect(&base, &mut files);
    files.sort();
    writeln!(
        code,
        "/// Embedded files under `{dir}/`.\npub static {name}: &[(&str, &[u8])] = &["
    )
    .expect("write to string");
    for path in files {
        let rel = path
            .strip_prefix(manifest)
            .expect("under manifest")
            .to_string_lossy()
            .replace('\\', "/");
        writeln!(
            code,
            "    ({rel:?}, include_bytes!({:?})),",
            path.display().to_string()
        )
        .expect("write to string");
    }
    code.push_str("];\n");
}

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let hidden = entry.file_name().to_string_lossy().starts_with('.');
        if hidden {
            continue;
        }
        if path.is_dir() {
            collect(&path, out);
        } else {
            out.push(path);
        }
    }
}
