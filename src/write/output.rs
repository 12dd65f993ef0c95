//! Safe output: refuse dangerous folders, stage, then swap.

use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::OutFile;
use crate::error::{Diagnostic, ErrorKind, Location};

fn unsafe_output(out: &Path, reason: &str) -> Diagnostic {
    Diagnostic::new(
        Location::default(),
        ErrorKind::UnsafeOutput {
            path: out.display().to_string(),
            reason: reason.to_string(),
        },
    )
}

/// An absolute, cleaned path, even for a folder that does not exist yet.
pub fn absolute(path: &Path) -> PathBuf {
    let abs = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir()
            .map(|d| d.join(path))
            .unwrap_or_else(|_| path.to_path_buf())
    };
    // Resolve symlinks for the part that exists.
    let mut existing = abs.clone();
    let mut tail = Vec::new();
    while !existing.exists() {
        match (existing.file_name(), existing.parent()) {
            (Some(name), Some(parent)) => {
                tail.push(name.to_os_string());
                existing = parent.to_path_buf();
            }
            _ => break,
        }
    }
    let mut resolved = existing.canonicalize().unwrap_or(existing);
    for part in tail.into_iter().rev() {
        if part == ".." {
            resolved.pop();
        } else if part != "." {
            resolved.push(part);
        }
    }
    resolved
}

/// Refuses an output folder that would destroy something the user cares
/// about: the site itself, its content, `/` or the home folder.
pub fn check_output_dir(root: Option<&Path>, out: &Path) -> Result<PathBuf, Diagnostic> {
    let out = absolute(out);
    if out.parent().is_none() {
        return Err(unsafe_output(&out, "that is the root of the file system"));
    }
    if let Some(home) = std::env::var_os("HOME").map(PathBuf::from) {
        if absolute(&home) == out {
            return Err(unsafe_output(&out, "that is your home folder"));
        }
    }
    if let Some(root) = root {
        let root = absolute(root);
        if out == root {
            return Err(unsafe_output(
                &out,
                "that is the site folder itself; use e.g. `--output public`",
            ));
        }
        if root.starts_with(&out) {
            return Err(unsafe_output(
                &out,
                "it contains the site folder, which the build would delete",
            ));
        }
        for dir in ["content", "templates", "static"] {
            if out.starts_with(root.join(dir)) {
                return Err(unsafe_output(
                    &out,
                    &format!("it is inside the site's {dir}/ folder"),
                ));
            }
        }
    }
    Ok(out)
}

/// Sibling names for the staging folder and the previous output.
fn siblings(out: &Path) -> (PathBuf, String) {
    let parent = out
        .parent()
        .map_or_else(|| PathBuf::from("."), Path::to_path_buf);
    let name = out
        .file_name()
        .map_or_else(|| "public".into(), |n| n.to_string_lossy().into_owned());
    (parent, name)
}

fn temp_name(name: &str, kind: &str, pid: u32) -> String {
    format!(".{name}.regionwise-{kind}-{pid}")
}

/// Removes staging folders left by builds that were killed, and restores an
/// output that was moved aside when the kill came mid-swap.
pub fn recover(out: &Path) {
    let (parent, name) = siblings(out);
    let Ok(entries) = std::fs::read_dir(&parent) else {
        return;
    };
    let prefix = format!(".{name}.regionwise-");
    for entry in entries.flatten() {
        let file_name = entry.file_name().to_string_lossy().into_owned();
        let Some(rest) = file_name.strip_prefix(&prefix) else {
            continue;
        };
        let Some((kind, pid)) = rest.split_once('-') else {
            continue;
        };
        let alive = pid
            .parse::<u32>()
            .is_ok_and(|p| p != std::process::id() && Path::new(&format!("/proc/{p}")).exists());
        if alive {
            continue;
        }
        let path = entry.path();
        if kind == "old" && !out.exists() {
            let _ = std::fs::rename(&path, out);
        } else {
            let _ = std::fs::remove_dir_all(&path);
        }
    }
}

/// Writes every file into a staging folder, then swaps it in for `out`.
pub fn write_site(out: &Path, files: &[OutFile]) -> Result<(), Diagnostic> {
    recover(out);
    let (parent, name) = siblings(out);
    std::fs::create_dir_all(&parent).map_err(|e| Diagnostic::io(&parent, &e))?;
    let pid = std::process::id();
    let staging = parent.join(temp_name(&name, "tmp", pid));
    if staging.exists() {
        std::fs::remove_dir_all(&staging).map_err(|e| Diagnostic::io(&staging, &e))?;
    }
    let result = write_all(&staging, files).and_then(|()| swap(&staging, out, &parent, &name, pid));
    if result.is_err() {
        let _ = std::fs::remove_dir_all(&staging);
    }
    result
}

fn write_all(staging: &Path, files: &[OutFile]) -> Result<(), Diagnostic> {
    let mut dirs: Vec<PathBuf> = files
        .iter()
        .filter_map(|f| staging.join(&f.path).parent().map(Path::to_path_buf))
        .collect();
    dirs.sort();
    dirs.dedup();
    std::fs::create_dir_all(staging).map_err(|e| Diagnostic::io(staging, &e))?;
    // One folder per page: creating them is a large part of writing a big
    // site, so it runs on every core too (create_dir_all tolerates a parent
    // made by another thread meanwhile).
    dirs.par_iter()
        .try_for_each(|dir| std::fs::create_dir_all(dir).map_err(|e| Diagnostic::io(dir, &e)))?;
    files.par_iter().try_for_each(|f| {
        let path = staging.join(&f.path);
        std::fs::write(&path, &f.bytes).map_err(|e| Diagnostic::io(&path, &e))
    })
}

fn swap(staging: &Path, out: &Path, parent: &Path, name: &str, pid: u32) -> Result<(), Diagnostic> {
    let old = parent.join(temp_name(name, "old", pid));
    let had_old = out.exists();
    if had_old {
        std::fs::rename(out, &old).map_err(|e| Diagnostic::io(out, &e))?;
    }
    if let Err(e) = std::fs::rename(staging, out) {
        if had_old {
            let _ = std::fs::rename(&old, out);
        }
        return Err(Diagnostic::io(out, &e));
    }
    if had_old {
        let _ = std::fs::remove_dir_all(&old);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_dangerous_outputs() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        assert!(check_output_dir(Some(root), root).is_err());
        assert!(check_output_dir(Some(root), &root.join("content/out")).is_err());
        assert!(check_output_dir(Some(root), root.parent().unwrap()).is_err());
        assert!(check_output_dir(None, Path::new("/")).is_err());
        assert!(check_output_dir(Some(root), &root.join("public")).is_ok());
    }

    #[test]
    fn swap_replaces_and_recovers() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        write_site(&out, &[OutFile::new("a/index.html", "one")]).unwrap();
        write_site(&out, &[OutFile::new("b.txt", "two")]).unwrap();
        assert!(!out.join("a").exists());
        assert_eq!(std::fs::read_to_string(out.join("b.txt")).unwrap(), "two");
        // A build killed mid-swap: output moved aside, staging left behind.
        std::fs::rename(&out, dir.path().join(".public.regionwise-old-999999")).unwrap();
        std::fs::create_dir(dir.path().join(".public.regionwise-tmp-999999")).unwrap();
        recover(&out);
        assert_eq!(std::fs::read_to_string(out.join("b.txt")).unwrap(), "two");
        let left: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(left.len(), 1);
    }
}
