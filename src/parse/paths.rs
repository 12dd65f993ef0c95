//! The two frames a page's path is written in, as types: where its source
//! is under `content/` ([`ContentPath`]) and where it is published
//! ([`UrlPath`]). Each knows its own folder arithmetic, so no caller splits
//! strings at `/` by hand, and a function's signature says which frame a
//! path is in.

use std::borrow::Borrow;
use std::fmt;

use serde::Serialize;

/// A path under `content/`, `/`-separated, never starting with `/`: a file
/// (`guide/first.md`) or a folder, which ends in `/` (`guide/`; the content
/// root is the empty path).
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(transparent)]
pub struct ContentPath(String);

impl ContentPath {
    /// A path as the loader read it (relative to `content/`, with `/`).
    pub fn new(path: impl Into<String>) -> ContentPath {
        ContentPath(path.into())
    }

    /// Resolves `.` and `..`; climbing above `content/` is an error.
    pub fn normalise(path: &str) -> Result<ContentPath, String> {
        let mut parts: Vec<&str> = Vec::new();
        for seg in path.split('/') {
            match seg {
                "" | "." => {}
                ".." => {
                    if parts.pop().is_none() {
                        return Err(format!("`{path}` climbs above the content folder"));
                    }
                }
                s => parts.push(s),
            }
        }
        Ok(ContentPath(parts.join("/")))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The folder the path is in, with its trailing `/` (`guide/`), or
    /// empty at the root; a folder's own path for a folder.
    pub fn dir(&self) -> ContentPath {
        ContentPath(self.0[..self.name_start()].to_string())
    }

    /// The file name without `.md` (`first`, `_index`); empty for a folder.
    pub fn stem(&self) -> &str {
        let name = &self.0[self.name_start()..];
        name.strip_suffix(".md").unwrap_or(name)
    }

    /// A folder's own name (`deep` for `guide/deep/`); empty at the root.
    pub fn folder_name(&self) -> &str {
        let trimmed = self.0.trim_end_matches('/');
        trimmed.rsplit('/').next().unwrap_or("")
    }

    /// The folder holding this one (`guide/` for `guide/deep/` or
    /// `guide/first.md`); None at the root.
    pub fn parent(&self) -> Option<ContentPath> {
        if self.0.is_empty() {
            return None;
        }
        let trimmed = self.0.trim_end_matches('/');
        Some(ContentPath(match trimmed.rfind('/') {
            Some(i) => trimmed[..=i].to_string(),
            None => String::new(),
        }))
    }

    /// Every folder from this one's up to the root (`a/b/`, `a/`, ``).
    pub fn ancestors(&self) -> impl Iterator<Item = ContentPath> {
        std::iter::successors(Some(self.dir()), ContentPath::parent)
    }

    /// Whether `self` is this folder or inside it.
    pub fn is_in(&self, folder: &ContentPath) -> bool {
        self.0.starts_with(folder.as_str())
    }

    /// A folder's `_index.md`.
    pub fn index(&self) -> ContentPath {
        ContentPath(format!("{}_index.md", self.dir()))
    }

    /// A path written in this file (`../b.md`, `img/x.png`), from its folder,
    /// `.` and `..` resolved.
    pub fn join_relative(&self, path: &str) -> Result<ContentPath, String> {
        ContentPath::normalise(&format!("{}{path}", self.dir()))
    }

    /// Where the name starts: after the last `/`, ignoring a folder's
    /// trailing one.
    fn name_start(&self) -> usize {
        if self.0.ends_with('/') {
            return self.0.len();
        }
        self.0.rfind('/').map_or(0, |i| i + 1)
    }
}

impl fmt::Display for ContentPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl Borrow<str> for ContentPath {
    fn borrow(&self) -> &str {
        &self.0
    }
}

/// Where a page is published: from the site root, without a leading `/`,
/// ending in `/` (`patterns/dr-ladder/`); empty for the home page. The page
/// itself is its `index.html`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(transparent)]
pub struct UrlPath(String);

impl UrlPath {
    /// A folder of the content as a URL (`guide/`).
    pub fn of_folder(dir: &ContentPath) -> UrlPath {
        UrlPath(dir.as_str().to_string())
    }

    /// A page in `dir` published under `slug` (`guide/` + `first` →
    /// `guide/first/`).
    pub fn of_page(dir: &ContentPath, slug: &str) -> UrlPath {
        UrlPath(format!("{dir}{slug}/"))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn is_home(&self) -> bool {
        self.0.is_empty()
    }

    /// How many folders deep the page's `index.html` is.
    pub fn depth(&self) -> usize {
        self.0.matches('/').count()
    }

    /// `../` repeated to climb from this page's folder to the site root.
    pub fn to_root(&self) -> String {
        "../".repeat(self.depth())
    }

    /// The relative href to this page's `index.html` from the page at
    /// `from` (relative, so the site works under any subpath and opened as
    /// files).
    pub fn href_from(&self, from: &UrlPath) -> String {
        format!("{}{}index.html", from.to_root(), self.0)
    }
}

impl fmt::Display for UrlPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl Borrow<str> for UrlPath {
    fn borrow(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn path(s: &str) -> ContentPath {
        ContentPath::new(s)
    }

    #[test]
    fn files_and_folders_know_their_folder_and_name() {
        assert_eq!(path("guide/first.md").dir(), path("guide/"));
        assert_eq!(path("guide/first.md").stem(), "first");
        assert_eq!(path("_index.md").dir(), path(""));
        assert_eq!(path("_index.md").stem(), "_index");
        assert_eq!(path("a/b/").dir(), path("a/b/"));
        assert_eq!(path("a/b/").stem(), "");
        assert_eq!(path("a/b/").folder_name(), "b");
        assert_eq!(path("a/b/").parent(), Some(path("a/")));
        assert_eq!(path("a/").parent(), Some(path("")));
        assert_eq!(path("").parent(), None);
        assert_eq!(path("a/b/c.md").parent(), Some(path("a/b/")));
        let up: Vec<ContentPath> = path("a/b/c.md").ancestors().collect();
        assert_eq!(up, [path("a/b/"), path("a/"), path("")]);
        assert_eq!(path("a/b/").index(), path("a/b/_index.md"));
        assert!(path("a/b/c.md").is_in(&path("a/")));
        assert!(!path("ab/c.md").is_in(&path("a/")));
    }

    #[test]
    fn relative_paths_resolve_from_the_files_folder_and_stay_inside() {
        let from = path("a/deep/y.md");
        assert_eq!(from.join_relative("../x.md"), Ok(path("a/x.md")));
        assert_eq!(from.join_relative("./z.md"), Ok(path("a/deep/z.md")));
        assert_eq!(from.join_relative("../../b/z.md"), Ok(path("b/z.md")));
        assert!(from.join_relative("../../../etc.md").is_err());
        assert_eq!(ContentPath::normalise("a//./b/../c"), Ok(path("a/c")));
        assert!(ContentPath::normalise("..").is_err());
    }

    #[test]
    fn hrefs_climb_to_the_root_and_down() {
        let home = UrlPath::default();
        let page = UrlPath::of_page(&path("a/"), "x");
        assert_eq!(page.as_str(), "a/x/");
        assert_eq!(page.depth(), 2);
        assert_eq!(page.to_root(), "../../");
        assert_eq!(home.href_from(&page), "../../index.html");
        assert_eq!(page.href_from(&home), "a/x/index.html");
        assert_eq!(
            UrlPath::of_folder(&path("b/")).href_from(&page),
            "../../b/index.html"
        );
        assert!(home.is_home() && !page.is_home());
    }
}
