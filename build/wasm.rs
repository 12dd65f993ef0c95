//! Builds the calculator: `wasm/` for wasm32, then its JS bindings, so that
//! `cargo build` on a fresh machine embeds a working calculator with no
//! hand-installed tool.
//!
//! Steps (the README's "Calculators" section has the why):
//! 1. make sure the `wasm32-unknown-unknown` target is installed (a toolchain
//!    file alone does not install it when `RUSTUP_AUTO_INSTALL=0`);
//! 2. run a nested `cargo build -p regionwise-wasm --profile wasm` with its own
//!    target dir (sharing the outer one deadlocks on its lock) and without the
//!    outer build's flags and wrappers (clippy's driver, coverage flags);
//! 3. generate the JS glue with `wasm-bindgen-cli-support` as a library, at
//!    the exact version of the `wasm-bindgen` crate, so no CLI is needed.
//!
//! `REGIONWISE_SKIP_WASM=1` skips all of it (for clippy, rust-analyzer, quick
//! checks): nothing is embedded and sites build with pre-rendered calculators.

use std::path::{Path, PathBuf};
use std::process::Command;

const TARGET: &str = "wasm32-unknown-unknown";
const CRATE: &str = "regionwise-wasm";
/// The module's file stem, from the crate name.
const STEM: &str = "regionwise_wasm";

/// Environment of the outer build that must not leak into the nested one.
const CLEARED_ENV: [&str; 6] = [
    "CARGO_ENCODED_RUSTFLAGS",
    "RUSTFLAGS",
    "CARGO_TARGET_DIR",
    "CARGO_BUILD_TARGET",
    "RUSTC_WRAPPER",
    "RUSTC_WORKSPACE_WRAPPER",
];

/// Returns (file name, path) of each calculator file to embed: the wasm
/// module and its JS glue; empty when skipped.
pub fn build_calculator(manifest: &Path, out_dir: &Path) -> Vec<(String, PathBuf)> {
    println!("cargo:rerun-if-env-changed=REGIONWISE_SKIP_WASM");
    for watched in ["wasm", "models", "charts", "Cargo.toml", "Cargo.lock"] {
        println!(
            "cargo:rerun-if-changed={}",
            manifest.join(watched).display()
        );
    }
    if skip_requested() {
        println!(
            "cargo:warning=REGIONWISE_SKIP_WASM is set: the calculators are not compiled in \
             (pages show their pre-rendered results only)"
        );
        return Vec::new();
    }
    ensure_target();
    let module = compile(manifest);
    bindgen(&module, &out_dir.join("calc"))
}

fn skip_requested() -> bool {
    std::env::var("REGIONWISE_SKIP_WASM").is_ok_and(|v| !v.is_empty() && v != "0")
}

/// Adds the wasm32 target through rustup when it is missing. Without rustup
/// (a distro toolchain) the nested build reports what is missing itself.
fn ensure_target() {
    let Ok(list) = Command::new("rustup")
        .args(["target", "list", "--installed"])
        .output()
    else {
        return;
    };
    let installed = String::from_utf8_lossy(&list.stdout);
    if installed.lines().any(|l| l.trim() == TARGET) {
        return;
    }
    let status = Command::new("rustup")
        .args(["target", "add", TARGET])
        .status();
    if !status.is_ok_and(|s| s.success()) {
        panic!("`rustup target add {TARGET}` failed; install the target, or set REGIONWISE_SKIP_WASM=1 to build without calculators");
    }
}

/// Runs the nested cargo build and returns the path of the compiled module.
fn compile(manifest: &Path) -> PathBuf {
    let target_dir = manifest.join("target").join("wasm-build");
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_string());
    let mut cmd = Command::new(cargo);
    cmd.current_dir(manifest)
        .args([
            "build",
            "-p",
            CRATE,
            "--profile",
            "wasm",
            "--target",
            TARGET,
        ])
        .arg("--manifest-path")
        .arg(manifest.join("Cargo.toml"))
        .arg("--target-dir")
        .arg(&target_dir);
    for var in CLEARED_ENV {
        cmd.env_remove(var);
    }
    let status = cmd.status();
    if !status.is_ok_and(|s| s.success()) {
        panic!("building the calculator (`cargo build -p {CRATE} --target {TARGET}`) failed; see above, or set REGIONWISE_SKIP_WASM=1 to build without calculators");
    }
    target_dir
        .join(TARGET)
        .join("wasm")
        .join(format!("{STEM}.wasm"))
}

/// Generates the `--target web` glue next to the processed module. The glue's
/// `init()` is always handed the module's (fingerprinted) URL by calc.js.
fn bindgen(module: &Path, dir: &Path) -> Vec<(String, PathBuf)> {
    let mut bindgen = wasm_bindgen_cli_support::Bindgen::new();
    let generated = bindgen
        .input_path(module)
        .web(true)
        .map(|b| {
            b.omit_default_module_path(false)
                .typescript(false)
                .remove_producers_section(true)
                .remove_name_section(true)
        })
        .and_then(|b| b.generate(dir));
    if let Err(e) = generated {
        panic!("generating the calculator's JS bindings failed: {e:#}");
    }
    [format!("{STEM}_bg.wasm"), format!("{STEM}.js")]
        .into_iter()
        .map(|name| {
            let path = dir.join(&name);
            (name, path)
        })
        .collect()
}
