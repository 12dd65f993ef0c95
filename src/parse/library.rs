//! The library: every page and section, their URLs, order and tree.
//!
//! A folder is a section; its `_index.md` is the section's own page. Pages are
//! ordered by weight, then title.

use std::collections::HashMap;
use std::path::PathBuf;

use rayon::prelude::*;

use super::front_matter::{self, FrontMatter};
use super::paths::{ContentPath, UrlPath};
use super::slug::validate_slug;
use crate::error::{Diagnostic, Diagnostics, ErrorKind, Location};
use crate::load::{Origin, SourceFile};

pub type PageId = usize;
pub type SectionId = usize;

/// A page or a section's own page.
#[derive(Debug, Clone)]
pub struct Page {
    pub id: PageId,
    /// Its file under `content/` (`patterns/dr-ladder.md`).
    pub source: ContentPath,
    /// Path shown in messages.
    pub display: PathBuf,
    pub front_matter: FrontMatter,
    pub body: String,
    /// Line of the body's first line in the file.
    pub body_line: usize,
    /// Where it is published (`patterns/dr-ladder/`; empty for home).
    pub url: UrlPath,
    /// The section this page belongs to (for a section's page: its parent).
    pub parent: Option<SectionId>,
    /// For a section's `_index.md`: that section.
    pub own_section: Option<SectionId>,
    /// The site's own file, or the bundled guide's.
    pub origin: Origin,
}

impl Page {
    pub fn is_section(&self) -> bool {
        self.own_section.is_some()
    }
}

/// A folder of pages.
#[derive(Debug, Clone)]
pub struct Section {
    pub id: SectionId,
    /// Its `_index.md` page (made up from the folder name when missing).
    pub page: PageId,
    /// Its folder under `content/` (`guide/`; empty for the root).
    pub dir: ContentPath,
    pub parent: Option<SectionId>,
    /// Ordered pages (not sections).
    pub pages: Vec<PageId>,
    /// Ordered subsections.
    pub subsections: Vec<SectionId>,
}

#[derive(Debug, Default)]
pub struct Library {
    pub pages: Vec<Page>,
    pub sections: Vec<Section>,
    by_source: HashMap<ContentPath, PageId>,
    by_url: HashMap<UrlPath, PageId>,
    /// Every other file the site publishes, by the path a link names
    /// (`img/logo.svg`, `site.css`) → its path in the output (fingerprinted
    /// for CSS and JS): set by the build before links are resolved.
    pub assets: HashMap<String, String>,
    /// Sources whose front matter failed to parse: links to them are not
    /// reported again as broken.
    pub failed: std::collections::HashSet<ContentPath>,
    /// Pages left out as drafts (built without `--drafts`), each with the
    /// draft section's `_index.md` that hides it (None when the page itself
    /// is a draft), so a link to one can say so.
    pub drafts: HashMap<ContentPath, Option<ContentPath>>,
    /// Bundled pages left out by `[guide] hide`, with the line of the
    /// entry in regionwise.toml that hides each, so a link to one can say so.
    pub hidden: HashMap<ContentPath, usize>,
    /// `[guide] unlink_hidden`: a link in a bundled page to a hidden page
    /// is written as its text rather than reported.
    pub unlink_hidden: bool,
    /// Folders of draft sections left out (`guide/`): their other files
    /// (images next to the pages) are left out too.
    pub draft_dirs: Vec<ContentPath>,
    /// Pages in reading order (depth-first), for prev/next and the sitemap.
    pub reading_order: Vec<PageId>,
    /// Each page's index in `reading_order` (None when not in it).
    reading_pos: Vec<Option<usize>>,
}

/// A folder while the library is built: its `_index.md` may come later, or
/// never (a page is made up for it).
struct Folder {
    dir: ContentPath,
    page: Option<PageId>,
}

impl Library {
    /// Frees every page's Markdown source once it is rendered (a build
    /// holds them to the end otherwise: ~70 MB at 10,000 pages).
    pub fn drop_bodies(&mut self) {
        for page in &mut self.pages {
            page.body = String::new();
        }
    }

    /// Builds the library from Markdown files, collecting every error.
    pub fn build(files: &[SourceFile], include_drafts: bool) -> Result<Library, Diagnostics> {
        let (lib, diags) = Self::build_partial(files, include_drafts);
        diags.into_result().map(|()| lib)
    }

    /// Builds what can be built: pages whose front matter fails are left out
    /// (and remembered in `failed`), so later phases can still report their
    /// own errors in the same run.
    pub fn build_partial(files: &[SourceFile], include_drafts: bool) -> (Library, Diagnostics) {
        let mut lib = Library::default();
        let mut diags = Diagnostics::default();
        let mut parsed = Vec::new();
        // Front matter is parsed in parallel (most of this phase for a large
        // site); pages are added in file order after.
        let splits: Vec<_> = files
            .par_iter()
            .map(|file| {
                front_matter::split(file)
                    .map(|split| (split.front_matter, split.body.to_string(), split.body_line))
            })
            .collect();
        for (file, split) in files.iter().zip(splits) {
            let rel = ContentPath::new(file.rel.as_str());
            match split {
                Ok((front_matter, body, body_line)) => {
                    if front_matter.draft && !include_drafts {
                        if rel.stem() == "_index" {
                            lib.draft_dirs.push(rel.dir());
                        }
                        lib.drafts.insert(rel, None);
                        continue;
                    }
                    parsed.push((file, rel, front_matter, body, body_line));
                }
                Err(d) => {
                    lib.failed.insert(rel);
                    diags.push(d);
                }
            }
        }
        // A draft section hides everything under it.
        parsed.retain(|(_, rel, ..)| match lib.draft_section_of(rel.as_str()) {
            Some(section) => {
                lib.drafts.insert(rel.clone(), Some(section));
                false
            }
            None => true,
        });
        // Sections first, so every page finds its parent.
        parsed.sort_by_key(|(_, rel, ..)| rel.stem() != "_index");
        let mut folders = Vec::new();
        for (file, rel, fm, body, body_line) in parsed {
            if let Err(d) = lib.add(&mut folders, file, rel, fm, body, body_line) {
                diags.push(d);
            }
        }
        lib.ensure_root(folders);
        lib.link_tree();
        lib.check_urls(&mut diags);
        for page in &lib.pages {
            lib.by_url.entry(page.url.clone()).or_insert(page.id);
        }
        lib.order();
        (lib, diags)
    }

    /// The `_index.md` of the outermost draft section that holds `rel`
    /// (a file under `content/`), if any. The home page's draft flag hides
    /// only the home page.
    pub fn draft_section_of(&self, rel: &str) -> Option<ContentPath> {
        let rel = ContentPath::new(rel);
        self.draft_dirs
            .iter()
            .filter(|dir| !dir.as_str().is_empty() && rel.is_in(dir))
            .filter(|dir| rel != dir.index())
            .min_by_key(|dir| dir.as_str().len())
            .map(ContentPath::index)
    }

    /// The page at a URL path (`guide/first/`, `""` for the home page).
    pub fn page_by_url(&self, url: &str) -> Option<&Page> {
        self.by_url.get(url).map(|&id| &self.pages[id])
    }

    pub fn page_by_source(&self, source: &str) -> Option<&Page> {
        self.by_source.get(source).map(|&id| &self.pages[id])
    }

    pub fn root(&self) -> &Section {
        &self.sections[0]
    }

    fn add(
        &mut self,
        folders: &mut Vec<Folder>,
        file: &SourceFile,
        rel: ContentPath,
        fm: FrontMatter,
        body: String,
        body_line: usize,
    ) -> Result<(), Diagnostic> {
        let bad_slug = |msg: String| {
            Diagnostic::new(Location::at(&file.display, 1), ErrorKind::FrontMatter(msg))
        };
        if let Some(slug) = &fm.slug {
            validate_slug(slug).map_err(bad_slug)?;
        }
        let (dir, stem) = (rel.dir(), rel.stem());
        for segment in dir.as_str().split('/').filter(|s| !s.is_empty()) {
            validate_slug(segment).map_err(|_| {
                Diagnostic::new(
                    Location::file(&file.display),
                    ErrorKind::Path(format!(
                        "the folder name `{segment}` cannot be used in a URL; use letters, digits, `-` and `_`"
                    )),
                )
            })?;
        }
        let id = self.pages.len();
        let (url, own_section) = if stem == "_index" {
            let section = ensure_folder(folders, &dir);
            folders[section].page = Some(id);
            (UrlPath::of_folder(&dir), Some(section))
        } else {
            let slug = fm.slug.clone().unwrap_or_else(|| stem.to_string());
            validate_slug(&slug).map_err(|_| {
                Diagnostic::new(
                    Location::file(&file.display),
                    ErrorKind::Path(format!(
                        "the file name `{stem}.md` cannot be used in a URL; rename it or set `slug`"
                    )),
                )
            })?;
            (UrlPath::of_page(&dir, &slug), None)
        };
        self.by_source.insert(rel.clone(), id);
        self.pages.push(Page {
            id,
            source: rel,
            display: file.display.clone(),
            front_matter: fm,
            body,
            body_line,
            url,
            parent: None,
            own_section,
            origin: file.origin,
        });
        Ok(())
    }

    /// The sections: every folder with an `_index.md`, and the folders
    /// (with their ancestors) that only hold pages, each with a page made up
    /// from its name when it has no `_index.md`.
    fn ensure_root(&mut self, mut folders: Vec<Folder>) {
        ensure_folder(&mut folders, &ContentPath::default());
        let dirs: Vec<ContentPath> = self
            .pages
            .iter()
            .filter(|p| !p.is_section())
            .map(|p| p.source.dir())
            .collect();
        for dir in dirs {
            for folder in dir.ancestors() {
                ensure_folder(&mut folders, &folder);
            }
        }
        for (id, folder) in folders.into_iter().enumerate() {
            let page = match folder.page {
                Some(page) => page,
                None => self.made_up_page(&folder.dir, id),
            };
            self.sections.push(Section {
                id,
                page,
                dir: folder.dir,
                parent: None,
                pages: Vec::new(),
                subsections: Vec::new(),
            });
        }
    }

    /// The page of a folder without an `_index.md`: titled after the folder.
    fn made_up_page(&mut self, dir: &ContentPath, section: SectionId) -> PageId {
        let name = dir.folder_name();
        let title = if name.is_empty() {
            "Home".to_string()
        } else {
            title_case(name)
        };
        let id = self.pages.len();
        let source = dir.index();
        self.pages.push(Page {
            id,
            source: source.clone(),
            display: PathBuf::from(format!("content/{source}")),
            front_matter: FrontMatter {
                title,
                ..FrontMatter::default()
            },
            body: String::new(),
            body_line: 1,
            url: UrlPath::of_folder(dir),
            parent: None,
            own_section: Some(section),
            origin: Origin::Local,
        });
        self.by_source.insert(source, id);
        id
    }

    fn link_tree(&mut self) {
        let dirs: HashMap<ContentPath, SectionId> = self
            .sections
            .iter()
            .map(|s| (s.dir.clone(), s.id))
            .collect();
        for s in 1..self.sections.len() {
            let parent = self.sections[s]
                .dir
                .parent()
                .and_then(|dir| dirs.get(&dir).copied());
            self.sections[s].parent = parent;
            if let Some(p) = parent {
                self.sections[p].subsections.push(s);
            }
        }
        for page in &mut self.pages {
            match page.own_section {
                Some(s) => page.parent = self.sections[s].parent,
                None => {
                    page.parent = dirs.get(&page.source.dir()).copied();
                    if let Some(p) = page.parent {
                        self.sections[p].pages.push(page.id);
                    }
                }
            }
        }
    }

    fn check_urls(&self, diags: &mut Diagnostics) {
        let mut seen: HashMap<&str, &Page> = HashMap::new();
        for page in &self.pages {
            if let Some(other) = seen.insert(page.url.as_str(), page) {
                diags.push(Diagnostic::new(
                    Location::file(&page.display),
                    ErrorKind::DuplicateUrl {
                        url: format!("/{}", page.url),
                        other: other.display.display().to_string(),
                    },
                ));
            }
        }
    }

    fn order(&mut self) {
        let all: Vec<SectionId> = (0..self.sections.len()).collect();
        self.reorder(&all);
    }

    /// Sorts these sections' pages and subsections again (after a title or
    /// weight changed) and recomputes the reading order. Ties keep the
    /// order the pages were added in (their ids), so sorting again gives
    /// what a fresh library gives.
    pub fn reorder(&mut self, sections: &[SectionId]) {
        let key = |p: &Page| (p.front_matter.weight, p.front_matter.title.to_lowercase());
        for &s in sections {
            let mut pages = std::mem::take(&mut self.sections[s].pages);
            pages.sort_by_cached_key(|&id| (key(&self.pages[id]), id));
            self.sections[s].pages = pages;
            let mut subs = std::mem::take(&mut self.sections[s].subsections);
            subs.sort_by_cached_key(|&id| (key(&self.pages[self.sections[id].page]), id));
            self.sections[s].subsections = subs;
        }
        let mut order = Vec::with_capacity(self.pages.len());
        self.walk(0, &mut order);
        self.reading_pos = vec![None; self.pages.len()];
        for (i, &id) in order.iter().enumerate() {
            self.reading_pos[id] = Some(i);
        }
        self.reading_order = order;
    }

    /// Where a page is in `reading_order`, without a search.
    pub fn reading_position(&self, id: PageId) -> Option<usize> {
        self.reading_pos.get(id).copied().flatten()
    }

    fn walk(&self, section: SectionId, out: &mut Vec<PageId>) {
        let s = &self.sections[section];
        out.push(s.page);
        out.extend(&s.pages);
        for &sub in &s.subsections {
            self.walk(sub, out);
        }
    }

    /// The sections from the root down to (and including) `section`.
    pub fn ancestors(&self, section: SectionId) -> Vec<SectionId> {
        let mut chain = vec![section];
        let mut cur = section;
        while let Some(p) = self.sections[cur].parent {
            chain.push(p);
            cur = p;
        }
        chain.reverse();
        chain
    }
}

/// The folder's index in `folders`, added (without a page) if new.
fn ensure_folder(folders: &mut Vec<Folder>, dir: &ContentPath) -> SectionId {
    if folders.is_empty() && !dir.as_str().is_empty() {
        ensure_folder(folders, &ContentPath::default());
    }
    if let Some(i) = folders.iter().position(|f| &f.dir == dir) {
        return i;
    }
    folders.push(Folder {
        dir: dir.clone(),
        page: None,
    });
    folders.len() - 1
}

fn title_case(name: &str) -> String {
    let words: Vec<String> = name
        .split(['-', '_'])
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut c = w.chars();
            c.next()
                .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
                .unwrap_or_default()
        })
        .collect();
    words.join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn src(rel: &str, fm: &str) -> SourceFile {
        SourceFile::local(rel, format!("+++\n{fm}\n+++\nbody\n"))
    }

    #[test]
    fn tree_urls_and_order() {
        let lib = Library::build(
            &[
                src("_index.md", "title = \"Home\""),
                src("b/_index.md", "title = \"B\"\nweight = 2"),
                src("a/_index.md", "title = \"A\"\nweight = 1"),
                src("a/z.md", "title = \"Z\"\nweight = 1"),
                src("a/y.md", "title = \"Y\"\nweight = 1"),
                src("a/x.md", "title = \"X\"\nweight = 2\nslug = \"ex\""),
                src("top.md", "title = \"Top\""),
            ],
            false,
        )
        .unwrap();
        let urls: Vec<&str> = lib
            .reading_order
            .iter()
            .map(|&p| lib.pages[p].url.as_str())
            .collect();
        assert_eq!(urls, ["", "top/", "a/", "a/y/", "a/z/", "a/ex/", "b/"]);
        for (i, &id) in lib.reading_order.iter().enumerate() {
            assert_eq!(lib.reading_position(id), Some(i));
        }
    }

    #[test]
    fn missing_index_is_made_up() {
        let lib = Library::build(&[src("deep/dive/page.md", "title = \"P\"")], false).unwrap();
        let titles: Vec<&str> = lib
            .reading_order
            .iter()
            .map(|&p| lib.pages[p].front_matter.title.as_str())
            .collect();
        assert_eq!(titles, ["Home", "Deep", "Dive", "P"]);
    }

    #[test]
    fn drafts_are_left_out() {
        let lib = Library::build(&[src("d.md", "title = \"D\"\ndraft = true")], false).unwrap();
        assert!(lib.page_by_source("d.md").is_none());
        let lib = Library::build(&[src("d.md", "title = \"D\"\ndraft = true")], true).unwrap();
        assert!(lib.page_by_source("d.md").is_some());
    }

    #[test]
    fn a_draft_section_hides_everything_in_it() {
        let files = [
            src("_index.md", "title = \"Home\""),
            src("guide/_index.md", "title = \"G\"\ndraft = true"),
            src("guide/a.md", "title = \"A\""),
            src("guide/deep/b.md", "title = \"B\""),
            src("other.md", "title = \"O\""),
        ];
        let lib = Library::build(&files, false).unwrap();
        let urls: Vec<&str> = lib
            .reading_order
            .iter()
            .map(|&p| lib.pages[p].url.as_str())
            .collect();
        assert_eq!(urls, ["", "other/"]);
        assert_eq!(lib.drafts["guide/_index.md"], None);
        assert_eq!(
            lib.drafts["guide/deep/b.md"]
                .as_ref()
                .map(ContentPath::as_str),
            Some("guide/_index.md")
        );
        let lib = Library::build(&files, true).unwrap();
        assert_eq!(
            lib.pages.len(),
            6,
            "with --drafts: all pages and the made-up deep/ section"
        );
    }

    #[test]
    fn duplicate_urls_are_errors() {
        let e = Library::build(
            &[
                src("a.md", "title = \"A\""),
                src("a/_index.md", "title = \"A2\""),
            ],
            false,
        )
        .unwrap_err();
        assert!(e.to_string().contains("same URL `/a/`"), "{e}");
    }

    #[test]
    fn traversal_slugs_are_errors() {
        let e =
            Library::build(&[src("a.md", "title = \"A\"\nslug = \"../x\"")], false).unwrap_err();
        assert!(e.to_string().contains("slug"), "{e}");
    }
}
