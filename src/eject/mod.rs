//! Ejected files: copies of bundled files (pages, data files, templates,
//! static files) that a site edits, each recorded in `regionwise.lock` with
//! the bundled version it came from. After an upgrade of the binary, the
//! upgrade report lists the copies whose bundled version changed, and
//! [`diff`] shows how; bundled files a site does not copy simply update.

pub mod lock;

use std::path::{Path, PathBuf};

use crate::error::Diagnostic;
use crate::load::{embedded, BUNDLED_PREFIX};
pub use lock::{sha256_hex, Entry, Lock, LOCK_FILE};

/// Why an eject, accept or diff could not be done (nothing was written).
#[derive(Debug, thiserror::Error)]
pub enum EjectError {
    #[error(
        "`{0}` is not a bundled file; `regionwise eject --list` lists them (a page as \
         `content/patterns/dr-ladder.md` or `patterns/dr-ladder.md`, a template as \
         `templates/page.html`)"
    )]
    NotBundled(String),
    #[error("{0} already exists; it was left as it is (it already overrides the bundled file; `regionwise eject --accept {1}` records the bundled version it follows)")]
    Exists(PathBuf, String),
    #[error("{0} has no regionwise.toml: run this in a site folder, or name one with --root")]
    NoSite(PathBuf),
    #[error("`{0}` is not text, so it cannot be compared after an upgrade; copy it into the site yourself")]
    NotText(String),
    #[error("{0} does not exist: there is nothing to accept (`regionwise eject {1}` copies it)")]
    NoCopy(PathBuf, String),
    #[error("`{0}` is not in regionwise.lock: it was not ejected (or the record was removed), so there is no ejected-from version to compare")]
    NotEjected(String),
    #[error("{0}")]
    Lock(Diagnostic),
    #[error("cannot write {path}: {reason}")]
    Io { path: PathBuf, reason: String },
}

/// Every bundled file, by its path in a site (`content/…`, `templates/…`,
/// `static/…`).
pub fn bundled_files() -> impl Iterator<Item = (&'static str, &'static [u8])> {
    embedded::GUIDE_CONTENT
        .iter()
        .chain(embedded::TEMPLATES)
        .chain(embedded::STATIC)
        .map(|(path, bytes)| (*path, *bytes))
}

/// The bundled file at a path in a site.
pub fn bundled(path: &str) -> Option<&'static [u8]> {
    bundled_files().find(|(p, _)| *p == path).map(|(_, b)| b)
}

/// A path as a user may write it (`patterns/dr-ladder.md`,
/// `content/patterns/dr-ladder.md`, `bundled:content/…` copied from a
/// message, `./templates/page.html`) as the bundled file's path.
pub fn resolve(arg: &str) -> Result<String, EjectError> {
    let clean = arg
        .trim()
        .trim_start_matches(BUNDLED_PREFIX)
        .trim_start_matches("./")
        .replace('\\', "/");
    let clean = clean.trim_start_matches('/');
    let candidates = [clean.to_string(), format!("content/{clean}")];
    candidates
        .into_iter()
        .find(|p| bundled(p).is_some())
        .ok_or_else(|| EjectError::NotBundled(arg.to_string()))
}

fn site(root: &Path) -> Result<(), EjectError> {
    if root.join("regionwise.toml").is_file() {
        Ok(())
    } else {
        Err(EjectError::NoSite(root.to_path_buf()))
    }
}

fn text_of(path: &str) -> Result<&'static str, EjectError> {
    let bytes = bundled(path).ok_or_else(|| EjectError::NotBundled(path.to_string()))?;
    std::str::from_utf8(bytes).map_err(|_| EjectError::NotText(path.to_string()))
}

fn io(path: &Path, e: &std::io::Error) -> EjectError {
    EjectError::Io {
        path: path.to_path_buf(),
        reason: e.to_string(),
    }
}

/// Copies a bundled file into the site and records its version. Refuses
/// to overwrite a file: the site's own files are never replaced.
pub fn eject(root: &Path, arg: &str) -> Result<String, EjectError> {
    site(root)?;
    let path = resolve(arg)?;
    let text = text_of(&path)?;
    let target = root.join(&path);
    if std::fs::symlink_metadata(&target).is_ok() {
        return Err(EjectError::Exists(target, path));
    }
    let mut lock = Lock::read(root).map_err(EjectError::Lock)?;
    lock.record(Entry::new(&path, text));
    if let Some(parent) = target.parent() {
        std::fs::create_dir_all(parent).map_err(|e| io(parent, &e))?;
    }
    // create_new: a file that appeared since the check above is not replaced.
    std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&target)
        .and_then(|mut f| std::io::Write::write_all(&mut f, text.as_bytes()))
        .map_err(|e| io(&target, &e))?;
    lock.write(root)
        .map_err(|e| io(&root.join(LOCK_FILE), &e))?;
    Ok(path)
}

/// Records the current bundled version as the one the site's copy follows
/// (after its owner took what they wanted of the upstream change); the
/// copy itself is left as it is.
pub fn accept(root: &Path, arg: &str) -> Result<String, EjectError> {
    site(root)?;
    let path = resolve(arg)?;
    let target = root.join(&path);
    if !target.is_file() {
        return Err(EjectError::NoCopy(target, path));
    }
    let text = text_of(&path)?;
    let mut lock = Lock::read(root).map_err(EjectError::Lock)?;
    lock.record(Entry::new(&path, text));
    lock.write(root)
        .map_err(|e| io(&root.join(LOCK_FILE), &e))?;
    Ok(path)
}

/// A unified diff of the upstream change under an ejected file: the bundled
/// text it was ejected from against the bundled text now. Empty when the
/// bundled file has not changed.
pub fn diff(root: &Path, arg: &str) -> Result<String, EjectError> {
    site(root)?;
    let lock = Lock::read(root).map_err(EjectError::Lock)?;
    let path = arg
        .trim()
        .trim_start_matches(BUNDLED_PREFIX)
        .trim_start_matches("./");
    let entry = lock
        .entry(path)
        .or_else(|| lock.entry(&format!("content/{path}")))
        .ok_or_else(|| EjectError::NotEjected(arg.to_string()))?;
    let now = bundled(&entry.path)
        .map(String::from_utf8_lossy)
        .unwrap_or_default();
    if sha256_hex(now.as_bytes()) == entry.sha256 {
        return Ok(String::new());
    }
    let new_label = match bundled(&entry.path) {
        Some(_) => format!("bundled in regionwise {}", env!("CARGO_PKG_VERSION")),
        None => format!(
            "removed from the guide bundled in regionwise {}",
            env!("CARGO_PKG_VERSION")
        ),
    };
    Ok(
        similar::TextDiff::from_lines(entry.upstream.as_str(), now.as_ref())
            .unified_diff()
            .context_radius(3)
            .header(
                &format!(
                    "a/{}\t(ejected from regionwise {}, sha256 {})",
                    entry.path,
                    entry.regionwise,
                    &entry.sha256[..12]
                ),
                &format!("b/{}\t({new_label})", entry.path),
            )
            .to_string(),
    )
}

/// An ejected file that needs a look after an upgrade.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Upstream {
    pub path: String,
    /// The version it was ejected from.
    pub from: String,
    pub change: Change,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    /// The bundled file changed since it was ejected.
    Changed,
    /// The bundled guide no longer has this file: the copy is the site's own now.
    Removed,
    /// The site's copy is gone, so the bundled version is used again; the
    /// record is left over.
    CopyMissing,
    /// A file of a site on the bundled guide that replaces a bundled one
    /// without a record (copied by hand): no upgrade can say whether it
    /// changed upstream.
    Untracked,
    /// What `patch` left next to a file it patched: the hunks that did not
    /// apply (`X.rej`), or the file as it was (`X.orig`). Not published.
    PatchLeftover,
}

impl std::fmt::Display for Upstream {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let path = &self.path;
        match self.change {
            Change::Changed => write!(
                f,
                "{path}: the bundled version changed since you ejected it (from regionwise {}); \
                 `regionwise diff {path}` shows the change, and `regionwise eject --accept \
                 {path}` records it once your copy has what it needs",
                self.from
            ),
            Change::Removed => write!(
                f,
                "{path}: the bundled guide no longer has this file (ejected from regionwise {}); \
                 `regionwise diff {path}` shows what it was, and your copy is now a page of \
                 your own (remove its entry from regionwise.lock)",
                self.from
            ),
            Change::CopyMissing => write!(
                f,
                "{path}: recorded in regionwise.lock as ejected, but the file is gone, so the \
                 bundled version is used; remove its entry from regionwise.lock"
            ),
            Change::PatchLeftover => {
                let file = crate::load::patched_file(path).unwrap_or(path);
                if path.ends_with(".rej") {
                    write!(
                        f,
                        "{path}: left by `patch`: the hunks of the upstream change that did not \
                         apply to {file}; make those changes in {file} by hand, then delete \
                         {path} (it is not published)"
                    )
                } else {
                    write!(
                        f,
                        "{path}: left by `patch`: {file} as it was before the patch; delete it \
                         once {file} reads right (it is not published)"
                    )
                }
            }
            Change::Untracked => write!(
                f,
                "{path}: replaces a bundled file but is not in regionwise.lock, so no upgrade \
                 can tell you whether it changed upstream; `regionwise eject --accept {path}` \
                 records the bundled version your copy follows"
            ),
        }
    }
}

/// Every ejected file whose bundled version changed since it was ejected
/// (or that is no longer bundled, or whose copy is gone), and, for a site
/// on the bundled guide, every file that replaces a bundled one without a
/// record.
pub fn upgrade_report(root: &Path) -> Result<Vec<Upstream>, Diagnostic> {
    let lock = Lock::read(root)?;
    let mut report = changed(root, &lock);
    report.extend(patch_leftovers(root));
    let config = std::fs::read_to_string(root.join("regionwise.toml")).unwrap_or_default();
    if crate::config::Guide::peek(&config).extends_bundled() {
        report.extend(untracked(root, &lock));
    }
    Ok(report)
}

/// What `patch` left in the site's source folders next to the files it
/// patched (`regionwise diff PATH | patch -p1`).
fn patch_leftovers(root: &Path) -> Vec<Upstream> {
    let mut out = Vec::new();
    for dir in ["content", "templates", "static"] {
        let walk = walkdir::WalkDir::new(root.join(dir))
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'))
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file());
        for entry in walk {
            let Ok(rel) = entry.path().strip_prefix(root) else {
                continue;
            };
            let rel = rel.to_string_lossy().replace('\\', "/");
            let leftover =
                crate::load::patched_file(&rel).is_some_and(|file| root.join(file).is_file());
            if leftover {
                out.push(Upstream {
                    path: rel,
                    from: String::new(),
                    change: Change::PatchLeftover,
                });
            }
        }
    }
    out
}

/// The site's files that replace bundled ones without a record.
fn untracked(root: &Path, lock: &Lock) -> Vec<Upstream> {
    bundled_files()
        .filter(|(path, _)| lock.entry(path).is_none() && root.join(path).is_file())
        .map(|(path, _)| Upstream {
            path: path.to_string(),
            from: String::new(),
            change: Change::Untracked,
        })
        .collect()
}

/// The recorded files that need a look.
fn changed(root: &Path, lock: &Lock) -> Vec<Upstream> {
    lock.ejected
        .iter()
        .filter_map(|entry| {
            let change = if !root.join(&entry.path).exists() {
                Change::CopyMissing
            } else {
                match bundled(&entry.path) {
                    None => Change::Removed,
                    Some(now) if sha256_hex(now) != entry.sha256 => Change::Changed,
                    Some(_) => return None,
                }
            };
            Some(Upstream {
                path: entry.path.clone(),
                from: entry.regionwise.clone(),
                change,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_resolve_as_written_in_messages_and_docs() {
        for arg in [
            "patterns/dr-ladder.md",
            "content/patterns/dr-ladder.md",
            "bundled:content/patterns/dr-ladder.md",
            "./content/patterns/dr-ladder.md",
        ] {
            assert_eq!(resolve(arg).unwrap(), "content/patterns/dr-ladder.md");
        }
        assert_eq!(
            resolve("templates/page.html").unwrap(),
            "templates/page.html"
        );
        assert!(matches!(
            resolve("patterns/nope.md"),
            Err(EjectError::NotBundled(_))
        ));
        assert!(resolve("../Cargo.toml").is_err());
    }

    #[test]
    fn eject_copies_records_and_never_overwrites() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::write(root.join("regionwise.toml"), "title = \"T\"\n").unwrap();
        let path = eject(root, "patterns/dr-ladder.md").unwrap();
        let copy = std::fs::read(root.join(&path)).unwrap();
        assert_eq!(copy, bundled(&path).unwrap());
        let lock = Lock::read(root).unwrap();
        assert_eq!(lock.entry(&path).unwrap().sha256, sha256_hex(&copy));
        assert!(upgrade_report(root).unwrap().is_empty());
        assert_eq!(diff(root, &path).unwrap(), "");

        std::fs::write(root.join(&path), "mine").unwrap();
        assert!(matches!(eject(root, &path), Err(EjectError::Exists(..))));
        assert_eq!(std::fs::read_to_string(root.join(&path)).unwrap(), "mine");
    }

    #[test]
    fn an_upstream_change_is_reported_and_diffed() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::write(root.join("regionwise.toml"), "title = \"T\"\n").unwrap();
        let path = eject(root, "templates/page.html").unwrap();
        // An older bundled version: the current one with its first line changed.
        let now = std::str::from_utf8(bundled(&path).unwrap()).unwrap();
        let (first, rest) = now.split_once('\n').unwrap();
        let old = format!("{first} old\n{rest}");
        let mut lock = Lock::read(root).unwrap();
        lock.record(Entry::new(&path, &old));
        lock.write(root).unwrap();

        let report = upgrade_report(root).unwrap();
        assert_eq!(report.len(), 1);
        assert_eq!(report[0].change, Change::Changed);
        let d = diff(root, &path).unwrap();
        assert!(d.contains(&format!("-{first} old\n+{first}\n")), "{d}");
        assert!(d.starts_with("--- a/templates/page.html\t(ejected from regionwise"));

        accept(root, &path).unwrap();
        assert!(upgrade_report(root).unwrap().is_empty());
    }

    #[test]
    fn a_copy_without_a_record_is_reported_on_a_site_on_the_bundled_guide() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("templates")).unwrap();
        std::fs::write(root.join("templates/page.html"), "mine").unwrap();
        std::fs::write(root.join("regionwise.toml"), "title = \"T\"\n").unwrap();
        assert!(upgrade_report(root).unwrap().is_empty(), "not on the base");
        std::fs::write(
            root.join("regionwise.toml"),
            "title = \"T\"\n[guide]\nbase = \"bundled\"\n",
        )
        .unwrap();
        let report = upgrade_report(root).unwrap();
        assert_eq!(report.len(), 1);
        assert_eq!(report[0].change, Change::Untracked);
        assert_eq!(report[0].path, "templates/page.html");
        accept(root, "templates/page.html").unwrap();
        assert!(upgrade_report(root).unwrap().is_empty());
        assert_eq!(
            std::fs::read_to_string(root.join("templates/page.html")).unwrap(),
            "mine"
        );
    }
}
