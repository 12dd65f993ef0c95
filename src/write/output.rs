//! Safe output: refuse folders that are not ours, stage, then swap.
//!
//! A build replaces its output folder as a whole, so it must be sure the
//! folder is its own: missing, empty, or written by an earlier build (the
//! [`MARKER`] manifest at its root lists every file that build wrote). Any
//! other folder is refused, and some never even with `--force`.

use std::collections::HashSet;
use std::path::{Component, Path, PathBuf};

use rayon::prelude::*;

use super::OutFile;
use crate::error::{Diagnostic, ErrorKind, Location};

/// The manifest every build writes at the output root: it marks the folder
/// as regionwise's and lists the files the build wrote.
pub const MARKER: &str = ".regionwise-output";

/// How many stray names a refusal lists before "and N more".
const NAMES_SHOWN: usize = 5;

fn unsafe_output(out: &Path, reason: &str) -> Diagnostic {
    Diagnostic::new(
        Location::default(),
        ErrorKind::UnsafeOutput {
            path: out.display().to_string(),
            reason: reason.to_string(),
        },
    )
}

/// An absolute, cleaned path with every symlink resolved, even for a folder
/// that does not exist yet (its missing part is taken as written).
pub fn absolute(path: &Path) -> PathBuf {
    let abs = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir()
            .map(|d| d.join(path))
            .unwrap_or_else(|_| path.to_path_buf())
    };
    // Component by component: what exists so far is canonical, so `..`
    // is its real parent even after a symlink.
    let mut resolved = PathBuf::new();
    for part in abs.components() {
        match part {
            Component::ParentDir => {
                resolved.pop();
            }
            Component::CurDir => {}
            other => {
                resolved.push(other);
                if let Ok(canonical) = resolved.canonicalize() {
                    resolved = canonical;
                }
            }
        }
    }
    resolved
}

/// What an output folder must never be, and whether `--force` was given.
/// All paths are canonical (symlinks resolved), so a folder reached through
/// a link is recognised.
#[derive(Debug, Clone, Default)]
pub struct Guard {
    /// The site folder (None for the bundled guide).
    pub root: Option<PathBuf>,
    /// The folders the site's sources are read from.
    pub sources: Vec<PathBuf>,
    pub home: Option<PathBuf>,
    pub cwd: Option<PathBuf>,
    /// Replace an unrelated non-empty folder (never one of the above).
    pub force: bool,
}

impl Guard {
    /// The guard for a build of `root`, with this process's `$HOME` and
    /// current folder, and the site's source folders as far as they are
    /// known before loading (content/, templates/, static/).
    pub fn new(root: Option<&Path>, force: bool) -> Guard {
        let root = root.map(absolute);
        let sources = root
            .iter()
            .flat_map(|r| ["content", "templates", "static"].map(|d| r.join(d)))
            .filter_map(|d| d.canonicalize().ok())
            .collect();
        Guard {
            root,
            sources,
            home: std::env::var_os("HOME")
                .filter(|h| !h.is_empty())
                .map(|h| absolute(Path::new(&h))),
            cwd: std::env::current_dir().ok().map(|d| absolute(&d)),
            force,
        }
    }

    /// Adds folders the load found sources in (targets of symbolic links).
    pub fn with_sources(mut self, dirs: &[PathBuf]) -> Guard {
        for d in dirs {
            let d = absolute(d);
            if !self.sources.contains(&d) {
                self.sources.push(d);
            }
        }
        self
    }

    /// The output folder as an absolute path, or why it must not be
    /// replaced. Nothing is touched either way.
    pub fn check(&self, out: &Path) -> Result<PathBuf, Diagnostic> {
        let out = absolute(out);
        self.never(&out)
            .map_err(|reason| unsafe_output(&out, &reason))?;
        self.ownership(&out)
            .map_err(|reason| unsafe_output(&out, &reason))?;
        Ok(out)
    }

    /// Folders no build may replace, `--force` or not.
    fn never(&self, out: &Path) -> Result<(), String> {
        if out.parent().is_none() {
            return Err("that is the root of the file system".into());
        }
        if let Some(home) = &self.home {
            if out == home {
                return Err("that is your home folder".into());
            }
            if home.starts_with(out) {
                return Err("it contains your home folder".into());
            }
        }
        if let Some(root) = &self.root {
            if out == root {
                return Err("that is the site folder itself; use e.g. `--output public`".into());
            }
            if root.starts_with(out) {
                return Err("it contains the site folder, which the build would delete".into());
            }
        }
        for source in &self.sources {
            let name = self.shown(source);
            if source.starts_with(out) {
                return Err(format!(
                    "it holds the site's sources ({name}), which the build would delete"
                ));
            }
            if out.starts_with(source) {
                return Err(format!(
                    "it is inside the site's {name} folder, which the build reads"
                ));
            }
        }
        Ok(())
    }

    /// A source folder as the user knows it: `content/` inside the site.
    fn shown(&self, dir: &Path) -> String {
        match self.root.as_ref().and_then(|r| dir.strip_prefix(r).ok()) {
            Some(rel) if !rel.as_os_str().is_empty() => format!("{}/", rel.display()),
            _ => format!("`{}`", dir.display()),
        }
    }

    /// Whether the folder is ours to replace: missing, empty, or written by
    /// a build and holding nothing else; any other folder only with `--force`.
    fn ownership(&self, out: &Path) -> Result<(), String> {
        let meta = match std::fs::symlink_metadata(out) {
            Ok(meta) => meta,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
            Err(e) => return Err(format!("cannot look at it: {e}")),
        };
        if !meta.is_dir() {
            return Err("it is a file, not a folder; give a folder for the site".into());
        }
        if self.force {
            return Ok(());
        }
        if self.cwd.as_deref() == Some(out) {
            return Err(
                "it is the current folder, which the build would replace as a whole; \
                        use e.g. `--output public`"
                    .into(),
            );
        }
        let strays = strays(out).map_err(|e| format!("cannot read it: {e}"))?;
        match strays {
            Strays::None => Ok(()),
            Strays::NotOurs(names) => Err(format!(
                "it is not empty and was not written by regionwise (it holds {}); build into a \
                 new or empty folder, or pass --force to replace it and everything in it",
                list(&names)
            )),
            Strays::Added(names) => Err(format!(
                "an earlier build wrote it, but it now also holds files that build did not \
                 write ({}); move them out, or pass --force to delete them with the rest",
                list(&names)
            )),
        }
    }
}

/// `a`, `b` and 3 more.
fn list(names: &[String]) -> String {
    let shown: Vec<String> = names
        .iter()
        .take(NAMES_SHOWN)
        .map(|n| format!("`{n}`"))
        .collect();
    match names.len().saturating_sub(NAMES_SHOWN) {
        0 => shown.join(", "),
        more => format!("{} and {more} more", shown.join(", ")),
    }
}

/// What an existing folder holds besides an earlier build's files.
enum Strays {
    /// Empty, or exactly an earlier build's files.
    None,
    /// No manifest: not a build's output at all (some of its names).
    NotOurs(Vec<String>),
    /// A build's output with files added since (their paths).
    Added(Vec<String>),
}

fn strays(out: &Path) -> std::io::Result<Strays> {
    let mut names: Vec<String> = std::fs::read_dir(out)?
        .map(|e| e.map(|e| e.file_name().to_string_lossy().into_owned()))
        .collect::<Result<_, _>>()?;
    if names.is_empty() {
        return Ok(Strays::None);
    }
    let Ok(manifest) = std::fs::read_to_string(out.join(MARKER)) else {
        names.sort();
        return Ok(Strays::NotOurs(names));
    };
    let listed = parse_manifest(&manifest);
    let mut folders: HashSet<&str> = HashSet::new();
    for path in &listed {
        let mut p = path.as_str();
        while let Some(i) = p.rfind('/') {
            p = &p[..i];
            if !folders.insert(p) {
                break;
            }
        }
    }
    let mut added = Vec::new();
    for entry in walkdir::WalkDir::new(out).min_depth(1).sort_by_file_name() {
        let entry = entry.map_err(std::io::Error::other)?;
        let rel = entry
            .path()
            .strip_prefix(out)
            .unwrap_or(entry.path())
            .to_string_lossy()
            .replace('\\', "/");
        let ours = if entry.file_type().is_dir() {
            folders.contains(rel.as_str())
        } else {
            rel == MARKER || listed.contains(&rel)
        };
        if !ours {
            added.push(rel);
        }
    }
    Ok(if added.is_empty() {
        Strays::None
    } else {
        // A stray folder's contents need not be listed one by one.
        let mut shown: Vec<String> = Vec::new();
        for path in added {
            if !shown.iter().any(|d| path.starts_with(&format!("{d}/"))) {
                shown.push(path);
            }
        }
        Strays::Added(shown)
    })
}

/// The manifest: a comment, then one output path per line (`%`, CR and LF
/// percent-encoded so any file name fits on a line).
fn manifest<'a>(paths: impl Iterator<Item = &'a str>) -> String {
    let mut s = String::from(
        "# regionwise output folder: every build replaces this folder as a whole.\n\
         # Builds refuse a folder without this file, or holding files not listed\n\
         # here (regionwise build --force replaces it anyway).\n",
    );
    let mut paths: Vec<&str> = paths.collect();
    paths.sort_unstable();
    for p in paths {
        s.push_str(
            &p.replace('%', "%25")
                .replace('\n', "%0A")
                .replace('\r', "%0D"),
        );
        s.push('\n');
    }
    s
}

fn parse_manifest(text: &str) -> HashSet<String> {
    text.lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty())
        .map(|l| {
            l.replace("%0A", "\n")
                .replace("%0D", "\r")
                .replace("%25", "%")
        })
        .collect()
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

/// A build's claim on its staging folder and moved-aside output: a lock
/// file beside them (`.NAME.regionwise-lock-PID`), locked for as long as
/// the build runs. The operating system drops the lock when the process
/// ends, however it ends, so another build can tell a live build's folders
/// from a killed one's on any system (no process table, no pid reuse).
struct Claim {
    file: std::fs::File,
    path: PathBuf,
}

impl Claim {
    /// Makes and locks this process's lock file.
    fn take(parent: &Path, name: &str, pid: u32) -> std::io::Result<Claim> {
        let path = parent.join(temp_name(name, "lock", pid));
        loop {
            let file = std::fs::File::create(&path)?;
            match file.try_lock() {
                // Another build's recover may have removed the file between
                // its creation and the lock (it looked unlocked): make it again.
                Ok(()) if path.exists() => return Ok(Claim { file, path }),
                Ok(()) => {}
                // A recover holds it while it checks: it lets go at once.
                Err(std::fs::TryLockError::WouldBlock) => {
                    std::thread::sleep(std::time::Duration::from_millis(5))
                }
                Err(std::fs::TryLockError::Error(e)) => return Err(e),
            }
        }
    }

    /// The claim of build `pid` when that build is gone: its lock file is
    /// missing, or its lock could be taken (and is held until dropped).
    /// None while the build runs.
    fn of_gone(parent: &Path, name: &str, pid: u32) -> Option<Option<Claim>> {
        let path = parent.join(temp_name(name, "lock", pid));
        let file = match std::fs::File::open(&path) {
            Ok(file) => file,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Some(None),
            Err(_) => return None,
        };
        match file.try_lock() {
            Ok(()) => Some(Some(Claim { file, path })),
            Err(_) => None,
        }
    }
}

impl Drop for Claim {
    fn drop(&mut self) {
        // Removed while still locked; the lock goes with the handle.
        let _ = std::fs::remove_file(&self.path);
        let _ = self.file.unlock();
    }
}

/// Removes staging folders left by builds that were killed, and restores an
/// output that was moved aside when the kill came mid-swap. A folder whose
/// build still runs (its lock is held) is left alone.
pub fn recover(out: &Path) {
    let (parent, name) = siblings(out);
    let Ok(entries) = std::fs::read_dir(&parent) else {
        return;
    };
    let prefix = format!(".{name}.regionwise-");
    // What each other build left, by its pid.
    let mut by_build: std::collections::BTreeMap<u32, Vec<(String, PathBuf)>> = Default::default();
    for entry in entries.flatten() {
        let file_name = entry.file_name().to_string_lossy().into_owned();
        let Some((kind, pid)) = file_name
            .strip_prefix(&prefix)
            .and_then(|rest| rest.split_once('-'))
        else {
            continue;
        };
        if let Ok(pid) = pid.parse::<u32>() {
            if pid != std::process::id() {
                by_build
                    .entry(pid)
                    .or_default()
                    .push((kind.to_string(), entry.path()));
            }
        }
    }
    for (pid, folders) in by_build {
        let Some(_claim) = Claim::of_gone(&parent, &name, pid) else {
            continue;
        };
        // The lock file goes when the claim is dropped.
        for (kind, path) in folders {
            if kind == "lock" {
                continue;
            }
            if kind == "old" && !out.exists() {
                let _ = std::fs::rename(&path, out);
            } else {
                let _ = std::fs::remove_dir_all(&path);
            }
        }
    }
}

/// Writes every file (and the manifest) into a staging folder, then swaps
/// it in for `out`; returns how many files the output holds. Errors name
/// the file's final path, never the staging folder.
pub fn write_site(out: &Path, files: &[OutFile]) -> Result<usize, Diagnostic> {
    let staging = Staging::begin(out)?;
    staging.make_dirs(files)?;
    files.par_iter().try_for_each(|f| staging.put(f))?;
    staging.finish()
}

/// A build's staging folder, written into as files are made (every core
/// at once) and swapped in for the output by [`Staging::finish`]. Dropped
/// unfinished (a failed build), it is removed and the output is untouched.
pub struct Staging {
    out: PathBuf,
    parent: PathBuf,
    name: String,
    pid: u32,
    dir: PathBuf,
    /// Every path written, for the manifest.
    written: std::sync::Mutex<Vec<String>>,
    finished: bool,
    _claim: Claim,
}

impl Staging {
    /// Claims the output's staging folder (clearing up after killed builds)
    /// and creates it empty.
    pub fn begin(out: &Path) -> Result<Staging, Diagnostic> {
        let (parent, name) = siblings(out);
        std::fs::create_dir_all(&parent).map_err(|e| cannot_write(&parent, &e))?;
        let pid = std::process::id();
        let claim = Claim::take(&parent, &name, pid).map_err(|e| cannot_write(&parent, &e))?;
        recover(out);
        let dir = parent.join(temp_name(&name, "tmp", pid));
        if dir.exists() {
            std::fs::remove_dir_all(&dir).map_err(|e| cannot_write(&dir, &e))?;
        }
        std::fs::create_dir_all(&dir).map_err(|e| cannot_write(out, &e))?;
        Ok(Staging {
            out: out.to_path_buf(),
            parent,
            name,
            pid,
            dir,
            written: Default::default(),
            finished: false,
            _claim: claim,
        })
    }

    /// Creates the folders of many files at once, on every core (a large
    /// part of writing a big site; create_dir_all tolerates a parent made
    /// by another thread meanwhile).
    pub fn make_dirs(&self, files: &[OutFile]) -> Result<(), Diagnostic> {
        let mut dirs: Vec<PathBuf> = files
            .iter()
            .filter_map(|f| self.dir.join(&f.path).parent().map(Path::to_path_buf))
            .collect();
        dirs.sort();
        dirs.dedup();
        dirs.par_iter().try_for_each(|dir| {
            std::fs::create_dir_all(dir).map_err(|e| self.cannot_write(dir, &e))
        })
    }

    /// Writes one file (and its folder when it is missing).
    pub fn put(&self, f: &OutFile) -> Result<(), Diagnostic> {
        let path = self.dir.join(&f.path);
        let written = match std::fs::write(&path, &f.bytes) {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => path
                .parent()
                .map_or(Err(e), std::fs::create_dir_all)
                .and_then(|()| std::fs::write(&path, &f.bytes)),
            other => other,
        };
        written.map_err(|e| self.cannot_write(&path, &e))?;
        self.written
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .push(f.path.clone());
        Ok(())
    }

    /// Writes the manifest and swaps the staging folder in for the output;
    /// returns how many files the output holds.
    pub fn finish(mut self) -> Result<usize, Diagnostic> {
        let paths = std::mem::take(self.written.get_mut().unwrap_or_else(|p| p.into_inner()));
        let marker = OutFile::new(MARKER, manifest(paths.iter().map(String::as_str)));
        self.put(&marker)?;
        swap(&self.dir, &self.out, &self.parent, &self.name, self.pid)?;
        self.finished = true;
        Ok(paths.len() + 1)
    }

    fn cannot_write(&self, path: &Path, e: &std::io::Error) -> Diagnostic {
        cannot_write(&final_path(&self.dir, &self.out, path), e)
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.finished {
            let _ = std::fs::remove_dir_all(&self.dir);
        }
    }
}

fn cannot_write(path: &Path, e: &std::io::Error) -> Diagnostic {
    Diagnostic::new(Location::file(path), ErrorKind::Write(e.to_string()))
}

/// Where a path in the staging folder ends up once swapped in.
fn final_path(staging: &Path, out: &Path, path: &Path) -> PathBuf {
    match path.strip_prefix(staging) {
        Ok(rel) if rel.as_os_str().is_empty() => out.to_path_buf(),
        Ok(rel) => out.join(rel),
        Err(_) => path.to_path_buf(),
    }
}

fn swap(staging: &Path, out: &Path, parent: &Path, name: &str, pid: u32) -> Result<(), Diagnostic> {
    let old = parent.join(temp_name(name, "old", pid));
    let had_old = out.exists();
    if had_old {
        std::fs::rename(out, &old).map_err(|e| cannot_write(out, &e))?;
    }
    if let Err(e) = std::fs::rename(staging, out) {
        if had_old {
            let _ = std::fs::rename(&old, out);
        }
        return Err(cannot_write(out, &e));
    }
    if had_old {
        let _ = std::fs::remove_dir_all(&old);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A guard for a site in `dir/site`, with its home in `dir/home/me`
    /// and the current folder `dir`.
    fn guard(dir: &Path, force: bool) -> Guard {
        let site = dir.join("site");
        for d in ["site/content", "site/static", "home/me"] {
            std::fs::create_dir_all(dir.join(d)).unwrap();
        }
        let mut g = Guard::new(Some(&site), force);
        g.home = Some(absolute(&dir.join("home/me")));
        g.cwd = Some(absolute(dir));
        g
    }

    fn reason(g: &Guard, out: &Path) -> String {
        match g.check(out) {
            Ok(_) => "ok".into(),
            Err(d) => d.to_string(),
        }
    }

    #[test]
    fn never_replaces_the_site_home_root_or_sources_even_forced() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path();
        for force in [false, true] {
            let g = guard(dir, force);
            let site = dir.join("site");
            for (out, why) in [
                (site.clone(), "the site folder itself"),
                (dir.to_path_buf(), "contains your home folder"),
                (dir.join("home"), "contains your home folder"),
                (dir.join("home/me"), "your home folder"),
                (site.join("content"), "holds the site's sources (content/)"),
                (
                    site.join("content/out"),
                    "inside the site's content/ folder",
                ),
                (
                    site.join("static/x/.."),
                    "holds the site's sources (static/)",
                ),
                (PathBuf::from("/"), "root of the file system"),
            ] {
                let r = reason(&g, &out);
                assert!(r.contains(why), "{} (force {force}): {r}", out.display());
            }
        }
    }

    #[test]
    fn sources_are_compared_through_symlinks() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path();
        let g = guard(dir, true);
        std::os::unix::fs::symlink(dir.join("site/content"), dir.join("alias")).unwrap();
        let r = reason(&g, &dir.join("alias"));
        assert!(r.contains("holds the site's sources"), "{r}");
        // A folder the load found sources in through a link.
        std::fs::create_dir_all(dir.join("site/shared")).unwrap();
        let g = g.with_sources(&[dir.join("site/shared")]);
        let r = reason(&g, &dir.join("site/shared"));
        assert!(r.contains("holds the site's sources (shared/)"), "{r}");
    }

    #[test]
    fn replaces_only_what_is_ours_unless_forced() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path();
        let g = guard(dir, false);
        let out = dir.join("site/public");
        assert_eq!(reason(&g, &out), "ok", "a missing folder");
        std::fs::create_dir_all(&out).unwrap();
        assert_eq!(reason(&g, &out), "ok", "an empty folder");
        std::fs::write(out.join("taxes.txt"), "mine").unwrap();
        let r = reason(&g, &out);
        assert!(
            r.contains("not written by regionwise (it holds `taxes.txt`)"),
            "{r}"
        );
        assert_eq!(reason(&guard(dir, true), &out), "ok", "--force");
        let file = out.join("taxes.txt");
        let r = reason(&guard(dir, true), &file);
        assert!(r.contains("is a file, not a folder"), "{r}");
        let r = reason(&g, dir);
        assert!(r.contains("home folder"), "{r}");
        let notes = dir.join("notes");
        std::fs::create_dir_all(&notes).unwrap();
        let mut here = g.clone();
        here.cwd = Some(absolute(&notes));
        let r = reason(&here, &notes);
        assert!(r.contains("the current folder"), "{r}");
    }

    #[test]
    fn a_built_folder_is_ours_until_someone_adds_files() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path();
        let g = guard(dir, false);
        let out = dir.join("site/public");
        let files = [
            OutFile::new("index.html", "home"),
            OutFile::new("odd%\nname/index.html", "x"),
        ];
        write_site(&out, &files).unwrap();
        assert_eq!(reason(&g, &out), "ok");
        std::fs::create_dir_all(out.join(".git/objects")).unwrap();
        std::fs::write(out.join(".git/objects/a"), "x").unwrap();
        std::fs::write(out.join("CNAME"), "x").unwrap();
        let r = reason(&g, &out);
        assert!(r.contains("(`.git`, `CNAME`)"), "{r}");
        assert_eq!(reason(&guard(dir, true), &out), "ok");
    }

    #[test]
    fn swap_replaces_and_recovers() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        write_site(&out, &[OutFile::new("a/index.html", "one")]).unwrap();
        write_site(&out, &[OutFile::new("b.txt", "two")]).unwrap();
        assert!(!out.join("a").exists());
        assert_eq!(std::fs::read_to_string(out.join("b.txt")).unwrap(), "two");
        // A build killed mid-swap: output moved aside, staging left behind,
        // its lock file too (unlocked: the process is gone).
        std::fs::rename(&out, dir.path().join(".public.regionwise-old-999999")).unwrap();
        std::fs::create_dir(dir.path().join(".public.regionwise-tmp-999999")).unwrap();
        std::fs::write(dir.path().join(".public.regionwise-lock-999999"), "").unwrap();
        recover(&out);
        assert_eq!(std::fs::read_to_string(out.join("b.txt")).unwrap(), "two");
        let left: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(left.len(), 1, "{left:?}");
    }

    #[test]
    fn a_running_builds_folders_are_left_alone() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        // Another build (pid 999998) holds its lock and is staging.
        let claim = Claim::take(dir.path(), "public", 999_998).unwrap();
        let staging = dir.path().join(".public.regionwise-tmp-999998");
        std::fs::create_dir(&staging).unwrap();
        write_site(&out, &[OutFile::new("a.txt", "mine")]).unwrap();
        assert!(
            staging.exists(),
            "a live build's staging folder was removed"
        );
        // Killed: its lock is gone with it, its files stay; the next build
        // clears them up.
        claim.file.unlock().unwrap();
        std::mem::forget(claim);
        write_site(&out, &[OutFile::new("a.txt", "again")]).unwrap();
        let left: Vec<_> = std::fs::read_dir(dir.path()).unwrap().flatten().collect();
        assert_eq!(left.len(), 1, "{left:?}");
    }
}
