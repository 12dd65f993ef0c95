//! Embeds the default theme, the bundled guide and the compiled calculator
//! into the binary, so an installed `regionwise` builds complete sites alone.
//!
//! The calculator part (building `wasm/` for wasm32 and generating its JS
//! bindings) lives in `build/wasm.rs`.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

#[path = "build/wasm.rs"]
mod wasm;

#[path = "src/review/git_log.rs"]
mod git_log;

fn main() {
    let manifest = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("set by cargo"));
    let out_dir = PathBuf::from(std::env::var("OUT_DIR").expect("set by cargo"));

    let mut code = String::new();
    embed_list(&mut code, "TEMPLATES", &manifest, "templates");
    embed_list(&mut code, "STATIC", &manifest, "static");
    embed_list(&mut code, "GUIDE_CONTENT", &manifest, "content");
    embed_guide_dates(&mut code, &manifest.join("content"));
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

/// Writes `pub static GUIDE_DATES` with the first and last commit date of
/// every file of the bundled guide: an installed binary has no repository to
/// ask, and review dates come from git (`review.from_git`). Empty when the
/// crate is built outside a git checkout.
fn embed_guide_dates(code: &mut String, content: &Path) {
    watch_git(content);
    writeln!(
        code,
        "/// First and last commit dates (`YYYY-MM-DD`) of the bundled guide's files,\n/// by path relative to `content/`, read by build.rs from git.\npub static GUIDE_DATES: &[(&str, &str, &str)] = &["
    )
    .expect("write to string");
    for (path, dates) in git_log::read(content) {
        writeln!(code, "    ({path:?}, {:?}, {:?}),", dates.first, dates.last)
            .expect("write to string");
    }
    code.push_str("];\n");
}

/// Reruns this script when a commit is made or the branch moves (the dates
/// change without any file under content/ changing): the files git updates
/// then are HEAD, the branch's ref and packed-refs.
fn watch_git(dir: &Path) {
    let git = |args: &[&str]| -> Option<String> {
        let out = std::process::Command::new("git")
            .arg("-C")
            .arg(dir)
            .args(args)
            .output()
            .ok()?;
        out.status
            .success()
            .then(|| String::from_utf8_lossy(&out.stdout).trim().to_string())
    };
    let mut refs = vec!["HEAD".to_string(), "packed-refs".to_string()];
    refs.extend(git(&["symbolic-ref", "-q", "HEAD"]));
    for name in refs {
        let Some(path) = git(&["rev-parse", "--git-path", &name]) else {
            continue;
        };
        let path = dir.join(path); // relative to `dir`, or already absolute
        if path.exists() {
            println!("cargo:rerun-if-changed={}", path.display());
        }
    }
}
