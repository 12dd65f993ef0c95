//! Reading a site folder into memory.

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use walkdir::WalkDir;

use super::embedded;
use crate::error::{line_col, Diagnostic, Diagnostics, ErrorKind, Location};

/// Where a file of the site comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Origin {
    /// The site folder on disk.
    #[default]
    Local,
    /// Embedded in the binary: the default theme, the compiled calculator
    /// and the bundled guide (built alone, or as a site's base layer).
    /// Shown as `bundled:content/…` in messages.
    Bundled,
}

/// How messages name a file embedded in the binary (`bundled:content/_index.md`):
/// a path that says it is not in the site folder.
pub const BUNDLED_PREFIX: &str = "bundled:";

/// The display path of an embedded file, by its path in the repository.
pub fn bundled_display(path: &str) -> PathBuf {
    PathBuf::from(format!("{BUNDLED_PREFIX}{path}"))
}

/// A text file of the site: `rel` is its path relative to its folder
/// (`content/`, `templates/`...), `display` the path shown in messages.
#[derive(Debug, Clone)]
pub struct SourceFile {
    pub rel: String,
    pub display: PathBuf,
    pub text: String,
    pub origin: Origin,
}

#[cfg(test)]
impl SourceFile {
    /// A content page of the site's own, as the loader reads
    /// `content/REL` (for tests across the pipeline).
    pub fn local(rel: &str, text: impl Into<String>) -> SourceFile {
        SourceFile {
            rel: rel.to_string(),
            display: format!("content/{rel}").into(),
            text: text.into(),
            origin: Origin::Local,
        }
    }
}

/// A file copied to the output as is.
#[derive(Debug, Clone)]
pub struct StaticFile {
    pub rel: String,
    /// Where it came from, for messages (`static/logo.svg`,
    /// `content/guide/diagram.png`, `bundled:static/site.css`).
    pub display: PathBuf,
    /// Borrowed from the binary for the theme's and the bundled guide's
    /// files (305 KB of wasm among them): nothing is copied per build.
    pub bytes: Cow<'static, [u8]>,
    pub origin: Origin,
}

/// Everything the pipeline reads, in memory: one merged set of files, each
/// with its [`Origin`] (the site's own, or embedded in the binary).
#[derive(Debug, Default)]
pub struct SiteFiles {
    /// The site folder on disk; None for the bundled guide built from the
    /// binary alone.
    pub root: Option<PathBuf>,
    pub config: Option<SourceFile>,
    /// Markdown pages, by path relative to `content/`, sorted: the site's
    /// own, and with `[guide] base = "bundled"` the bundled guide's pages
    /// that the site neither overrides nor hides.
    pub pages: Vec<SourceFile>,
    /// `content/data/*.toml` and `*.json` (merged like the pages).
    pub data: Vec<SourceFile>,
    /// Templates by name (`page.html`, `shortcodes/callout.html`): the
    /// embedded defaults, replaced by the site's files of the same name.
    pub templates: BTreeMap<String, SourceFile>,
    /// Static files by path: embedded defaults, replaced by the site's, plus
    /// non-Markdown files in `content/` (images next to their page).
    pub statics: BTreeMap<String, StaticFile>,
    /// Every folder the site's sources were read from, canonical (the
    /// source folders and the targets of symbolic links in them): the
    /// output may never be one of these, inside one, or hold one.
    pub source_dirs: Vec<PathBuf>,
    /// Bundled pages left out by `[guide] hide`, and the files (images)
    /// left out with them, by path under `content/`, with the line of the
    /// entry in regionwise.toml that hides each: a link to one says so.
    pub hidden: BTreeMap<String, usize>,
    /// `[guide] unlink_hidden`: links in bundled files to hidden pages
    /// are written as their text.
    pub unlink_hidden: bool,
}

/// Loads a site: from `root` when given, else the bundled guide.
pub fn load_site(root: Option<&Path>) -> Result<SiteFiles, Diagnostics> {
    let mut files = SiteFiles::default();
    let mut diags = Diagnostics::default();
    load_embedded_theme(&mut files, &mut diags);
    match root {
        Some(root) => load_from_disk(root, &mut files, &mut diags),
        None => load_bundled_guide(&mut files, &mut diags),
    }
    files.pages.sort_by(|a, b| a.rel.cmp(&b.rel));
    files.data.sort_by(|a, b| a.rel.cmp(&b.rel));
    diags.into_result().map(|()| files)
}

fn load_embedded_theme(files: &mut SiteFiles, diags: &mut Diagnostics) {
    for (path, bytes) in embedded::TEMPLATES {
        let rel = path.trim_start_matches("templates/").to_string();
        if let Some(file) = decode(&rel, bundled_display(path), Origin::Bundled, bytes, diags) {
            files.templates.insert(rel, file);
        }
    }
    for (path, bytes) in embedded::STATIC {
        let rel = path.trim_start_matches("static/").to_string();
        files.statics.insert(
            rel.clone(),
            StaticFile {
                rel,
                display: bundled_display(path),
                bytes: Cow::Borrowed(bytes),
                origin: Origin::Bundled,
            },
        );
    }
    // The compiled calculator (wasm + its JS glue) ships like a theme asset,
    // under `calc/`, and is fingerprinted like one.
    for (name, bytes) in embedded::CALCULATOR {
        let rel = format!("calc/{name}");
        files.statics.insert(
            rel.clone(),
            StaticFile {
                display: bundled_display(&rel),
                rel,
                bytes: Cow::Borrowed(bytes),
                origin: Origin::Bundled,
            },
        );
    }
}

fn load_bundled_guide(files: &mut SiteFiles, diags: &mut Diagnostics) {
    files.config = decode(
        "regionwise.toml",
        bundled_display("regionwise.toml"),
        Origin::Bundled,
        embedded::GUIDE_CONFIG,
        diags,
    );
    add_bundled_content(files, embedded::GUIDE_CONTENT, |_| true, diags);
}

/// Adds the files of a bundled guide's `content/` (`bundle`: the embedded
/// one, or a test's) that `keep` accepts (by path under `content/`).
pub(super) fn add_bundled_content(
    files: &mut SiteFiles,
    bundle: &'static [(&'static str, &'static [u8])],
    keep: impl Fn(&str) -> bool,
    diags: &mut Diagnostics,
) {
    for (path, bytes) in bundle {
        let rel = path.trim_start_matches("content/");
        if keep(rel) {
            let file = ContentFile {
                rel,
                display: bundled_display(path),
                origin: Origin::Bundled,
                bytes: Cow::Borrowed(bytes),
            };
            classify_content(files, file, diags);
        }
    }
}

fn load_from_disk(root: &Path, files: &mut SiteFiles, diags: &mut Diagnostics) {
    files.root = Some(root.to_path_buf());
    let disk = Disk::new(root);
    let config_path = root.join("regionwise.toml");
    let config = match disk.check_link(&config_path) {
        Err(msg) => Err(msg),
        Ok(()) => std::fs::read(&config_path).map_err(|e| {
            format!("{e} (a site folder needs a regionwise.toml; `regionwise init DIR` makes one)")
        }),
    };
    match config {
        Ok(bytes) => {
            files.config = decode(
                "regionwise.toml",
                "regionwise.toml".into(),
                Origin::Local,
                &bytes,
                diags,
            )
        }
        Err(msg) => diags.push(Diagnostic::new(
            Location::file("regionwise.toml"),
            ErrorKind::Io(msg),
        )),
    }
    let mut content = BTreeSet::new();
    for (rel, display, bytes) in site_files(disk.walk("content", &mut files.source_dirs, diags)) {
        let file = ContentFile {
            rel: &rel,
            display,
            origin: Origin::Local,
            bytes: Cow::Owned(bytes),
        };
        classify_content(files, file, diags);
        content.insert(rel);
    }
    for (rel, display, bytes) in disk.walk("templates", &mut files.source_dirs, diags) {
        if let Some(file) = decode(&rel, display, Origin::Local, &bytes, diags) {
            files.templates.insert(rel, file);
        }
    }
    for (rel, display, bytes) in site_files(disk.walk("static", &mut files.source_dirs, diags)) {
        // The folder's notes (`init` writes them), not a file of the site.
        if rel == "README.md" {
            continue;
        }
        insert_static(files, rel, display, Origin::Local, Cow::Owned(bytes), diags);
    }
    super::base::merge(files, &content, diags);
}

/// The files of a folder without what `patch` leaves next to a file it
/// patched (`dr-ladder.md.orig`, `dr-ladder.md.rej`): never published;
/// the upgrade report lists them until they are dealt with.
fn site_files(walked: Vec<(String, PathBuf, Vec<u8>)>) -> Vec<(String, PathBuf, Vec<u8>)> {
    let names: BTreeSet<String> = walked.iter().map(|(rel, _, _)| rel.clone()).collect();
    walked
        .into_iter()
        .filter(|(rel, _, _)| patched_file(rel).is_none_or(|file| !names.contains(file)))
        .collect()
}

/// The file a `patch` leftover (`X.orig`, `X.rej`) belongs to, by its name.
pub fn patched_file(rel: &str) -> Option<&str> {
    rel.strip_suffix(".orig")
        .or_else(|| rel.strip_suffix(".rej"))
        .filter(|file| !file.is_empty() && !file.ends_with('/'))
}

/// Adds a file to publish; the site's own files replace the theme's, but
/// two of the site's files on one output path is an error naming both.
fn insert_static(
    files: &mut SiteFiles,
    rel: String,
    display: PathBuf,
    origin: Origin,
    bytes: Cow<'static, [u8]>,
    diags: &mut Diagnostics,
) {
    if let Some(other) = files.statics.get(&rel) {
        if other.origin == Origin::Local {
            if origin == Origin::Bundled {
                return; // the site's own file wins
            }
            diags.push(Diagnostic::new(
                Location::file(&display),
                ErrorKind::DuplicateUrl {
                    url: format!("/{rel}"),
                    other: other.display.display().to_string(),
                },
            ));
            return;
        }
    }
    files.statics.insert(
        rel.clone(),
        StaticFile {
            rel,
            display,
            bytes,
            origin,
        },
    );
}

/// A file of `content/` as read, before it is sorted.
struct ContentFile<'a> {
    rel: &'a str,
    display: PathBuf,
    origin: Origin,
    bytes: Cow<'static, [u8]>,
}

/// Sorts a content file into pages, data or colocated static files.
fn classify_content(files: &mut SiteFiles, file: ContentFile<'_>, diags: &mut Diagnostics) {
    let ContentFile {
        rel,
        display,
        origin,
        bytes,
    } = file;
    let is_data = rel.starts_with("data/") && (rel.ends_with(".toml") || rel.ends_with(".json"));
    if rel.ends_with(".md") {
        if let Some(f) = decode(rel, display, origin, &bytes, diags) {
            files.pages.push(f);
        }
    } else if is_data {
        if let Some(f) = decode(rel, display, origin, &bytes, diags) {
            files.data.push(f);
        }
    } else if !rel.starts_with("data/") {
        insert_static(files, rel.to_string(), display, origin, bytes, diags);
    }
}

/// A site folder on disk. Paths in messages are relative to `root`; every
/// file the build reads must resolve inside `canonical`, so a symbolic link
/// to `~/.ssh` is an error rather than a published file.
struct Disk<'a> {
    root: &'a Path,
    canonical: PathBuf,
}

impl<'a> Disk<'a> {
    fn new(root: &'a Path) -> Self {
        let canonical = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
        Disk { root, canonical }
    }

    /// Where a symbolic link leads, when that is inside the site folder.
    fn link_target(&self, path: &Path) -> Result<PathBuf, String> {
        let target = path.canonicalize().map_err(|e| e.to_string())?;
        if target.starts_with(&self.canonical) {
            Ok(target)
        } else {
            Err(format!(
                "this is a symbolic link to `{}`, which is outside the site folder; the build \
                 reads only files inside it (copy the file into the site, or point the link \
                 inside it)",
                target.display()
            ))
        }
    }

    /// Ok for a path that is not a symbolic link or links inside the site.
    fn check_link(&self, path: &Path) -> Result<(), String> {
        let is_link = std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink());
        if is_link && path.exists() {
            self.link_target(path).map(|_| ())
        } else {
            Ok(())
        }
    }

    /// Every file under `root/dir`, as (path relative to dir with `/`,
    /// display path relative to root, bytes). Hidden files and folders are
    /// skipped; symbolic links are followed when they stay inside the site
    /// (their targets are added to `source_dirs`), and a loop, a dangling
    /// link or a link out of the site is an error.
    fn walk(
        &self,
        dir: &str,
        source_dirs: &mut Vec<PathBuf>,
        diags: &mut Diagnostics,
    ) -> Vec<(String, PathBuf, Vec<u8>)> {
        let base = self.root.join(dir);
        if std::fs::symlink_metadata(&base).is_err() {
            return Vec::new();
        }
        if let Ok(canonical) = base.canonicalize() {
            source_dirs.push(canonical);
        }
        let mut paths = Vec::new();
        let mut walker = WalkDir::new(&base)
            .follow_links(true)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|e| e.depth() == 0 || !is_hidden(e.file_name()));
        while let Some(entry) = walker.next() {
            let entry = match entry {
                Ok(e) => e,
                Err(e) => {
                    diags.push(walk_error(self.root, dir, &e));
                    continue;
                }
            };
            if entry.path_is_symlink() {
                match self.link_target(entry.path()) {
                    Ok(target) if entry.file_type().is_dir() => source_dirs.push(target),
                    Ok(target) => source_dirs.extend(target.parent().map(Path::to_path_buf)),
                    Err(msg) => {
                        diags.push(Diagnostic::new(
                            Location::file(relative(self.root, entry.path())),
                            ErrorKind::Io(msg),
                        ));
                        if entry.file_type().is_dir() {
                            walker.skip_current_dir();
                        }
                        continue;
                    }
                }
            }
            if entry.file_type().is_file() {
                paths.push(entry.into_path());
            }
        }
        // Reading is most of the load phase for a large site: do it in
        // parallel, keeping the walk's order.
        let read: Vec<_> = paths.par_iter().map(std::fs::read).collect();
        let mut out = Vec::with_capacity(paths.len());
        for (path, bytes) in paths.iter().zip(read) {
            let display = relative(self.root, path);
            match bytes {
                Ok(bytes) => {
                    let rel = relative(&base, path).to_string_lossy().replace('\\', "/");
                    out.push((rel, display, bytes));
                }
                Err(e) => diags.push(Diagnostic::io(&display, &e)),
            }
        }
        out
    }
}

/// A walk error in words: a link loop, a dangling link, or the OS's reason.
fn walk_error(root: &Path, dir: &str, e: &walkdir::Error) -> Diagnostic {
    let path = e
        .path()
        .map(|p| relative(root, p))
        .unwrap_or_else(|| dir.into());
    let dangling = e
        .path()
        .filter(|p| !p.exists())
        .and_then(|p| std::fs::read_link(p).ok());
    let msg = if e.loop_ancestor().is_some() {
        "symbolic link loop: this link points back to a folder that contains it".to_string()
    } else if let Some(target) = dangling {
        format!(
            "this is a symbolic link to `{}`, which does not exist",
            target.display()
        )
    } else {
        e.io_error()
            .map_or_else(|| e.to_string(), |io| io.to_string())
    };
    Diagnostic::new(Location::file(path), ErrorKind::Io(msg))
}

fn is_hidden(name: &std::ffi::OsStr) -> bool {
    name.to_str().is_some_and(|s| s.starts_with('.'))
}

fn relative(base: &Path, path: &Path) -> PathBuf {
    path.strip_prefix(base).unwrap_or(path).to_path_buf()
}

/// Decodes UTF-8 text: strips a BOM, turns CRLF into LF, and reports invalid
/// bytes with their line and column.
/// One file read again on its own (`serve`, after an edit), decoded as
/// the load decodes it.
pub fn decode_one(
    rel: &str,
    display: PathBuf,
    bytes: &[u8],
    origin: Origin,
) -> Result<SourceFile, Diagnostics> {
    let mut diags = Diagnostics::default();
    decode(rel, display, origin, bytes, &mut diags).ok_or(diags)
}

fn decode(
    rel: &str,
    display: PathBuf,
    origin: Origin,
    bytes: &[u8],
    diags: &mut Diagnostics,
) -> Option<SourceFile> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(text) => Some(SourceFile {
            rel: rel.to_string(),
            display,
            text: normalise_newlines(text),
            origin,
        }),
        Err(e) => {
            let valid = &bytes[..e.valid_up_to()];
            // The valid prefix is UTF-8 by definition.
            let prefix = String::from_utf8_lossy(valid);
            let (line, column) = line_col(&prefix, prefix.len());
            diags.push(Diagnostic::new(
                Location::at(display, line).with_column(column),
                ErrorKind::InvalidUtf8 { column },
            ));
            None
        }
    }
}

fn normalise_newlines(text: &str) -> String {
    if text.contains('\r') {
        text.replace("\r\n", "\n").replace('\r', "\n")
    } else {
        text.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decode_strips_bom_and_crlf() {
        let mut d = Diagnostics::default();
        let f = decode(
            "a.md",
            "a.md".into(),
            Origin::Local,
            b"\xEF\xBB\xBFa\r\nb\r\n",
            &mut d,
        )
        .unwrap();
        assert_eq!(f.text, "a\nb\n");
        assert!(d.is_empty());
    }

    #[test]
    fn decode_reports_line_of_bad_byte() {
        let mut d = Diagnostics::default();
        assert!(decode("a.md", "a.md".into(), Origin::Local, b"ok\nab\xFFc", &mut d).is_none());
        assert_eq!(d.0[0].location.line, Some(2));
        assert_eq!(d.0[0].location.column, Some(3));
    }
}
