//! Which pages an edit of one page's front matter changes: the rule `serve`
//! follows to render again those pages and no others.
//!
//! A page's HTML is its template applied to the context
//! `render::page::render` makes; a template (the site's own too) sees
//! nothing else. What that context holds of *other* pages:
//!
//! - `breadcrumb`: the titles of the section pages above the page, from
//!   the home page down (so the home page's title is on every other page).
//! - `prev` / `next`: the titles of the pages before and after it in
//!   reading order (depth-first; a section's pages, then its subsections,
//!   each by weight, then title).
//! - `nav`, the sidebar: the titles of the top-level pages and sections, on
//!   every page (and on `404.html` and `print/`): a whole-site dependency.
//!   On a page anywhere under a top-level section S, also S's own pages as
//!   `nav_window` picks them (all of them when S has at most 15, else the
//!   15 around the page, or S's first 15 on S's own page and on pages
//!   deeper down), then the titles of S's subsections. Pages deeper than
//!   S's own pages are never in a sidebar.
//! - `pages` / `subsections` (a section's own page): the title and
//!   description of each of its pages and subsections, in order.
//! - `site.*`: of the pages, only `site.last_reviewed` (the newest review
//!   date of any page: `reviewed`, `updated`, the git dates).
//! - `page.*`: the page's own front matter (`description` only in its own
//!   `<meta>` and lead, `extra` and `template` only there) and body.
//!
//! A page's body reads other pages only through its links (their URL,
//! whether they exist, are drafts or hidden; the anchors are checked after
//! every edit) and the glossary's terms (defined in bodies): never another
//! page's title, weight or description (no link text is made from a
//! title). Files made of every page: `print/` (each page's title,
//! description and body, in reading order), `sitemap.xml` (URLs in reading
//! order, `lastmod` from `updated` and `reviewed`), the search index
//! (titles, their sections' titles and bodies, in reading order; rebuilt
//! after every edit anyway) and `404.html` (the sidebar without an open
//! section, and the home page's and top-level sections' titles).
//!
//! So an edit renders again, beside the page itself, `print/` and the
//! search index:
//!
//! - `extra`, `template`: nothing else.
//! - `updated`, `reviewed`: `sitemap.xml`; everything when the site's last
//!   review date moves.
//! - `description`: its section's page (the listing).
//! - `title`, `weight`: its section's page; the pages whose previous or
//!   next page changed; `sitemap.xml`; for a page or subsection directly in
//!   a top-level section, the pages of that section whose sidebar window
//!   changed (every page of the section for a subsection). A title also:
//!   the pages before and after it, the pages whose sidebar window holds
//!   it, and for a section's page the pages below it (breadcrumbs).
//! - `title` or `weight` of the home page, a top-level page or section:
//!   everything (every breadcrumb, every sidebar).
//! - `draft`, `slug`: everything (the set of pages, or a URL every link to
//!   the page carries).

use std::collections::BTreeSet;

use crate::parse::front_matter::FrontMatter;
use crate::parse::library::{Library, PageId, SectionId};
use crate::render::page::nav_window;

/// Which fields of a page's front matter an edit changed, grouped by who
/// reads them (the fields not here, `extra` and `template`, only the page
/// itself reads).
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Changed {
    pub title: bool,
    pub weight: bool,
    pub description: bool,
    /// `updated` or `reviewed`.
    pub dates: bool,
    /// `draft` or `slug`: the pages in the build, or the page's URL.
    pub structure: bool,
}

impl Changed {
    pub fn between(old: &FrontMatter, new: &FrontMatter) -> Changed {
        // Every field named: a new one must be placed here.
        let FrontMatter {
            title,
            description,
            weight,
            draft,
            template: _,
            updated,
            reviewed,
            slug,
            extra: _,
        } = new;
        Changed {
            title: *title != old.title,
            weight: *weight != old.weight,
            description: *description != old.description,
            dates: *updated != old.updated || *reviewed != old.reviewed,
            structure: *draft != old.draft || *slug != old.slug,
        }
    }

    /// The page's place among its section's pages may change.
    pub fn order(&self) -> bool {
        self.title || self.weight
    }

    /// Whether another page (or the sitemap) reads a changed field.
    pub fn reaches_others(&self) -> bool {
        self.order() || self.description || self.dates || self.structure
    }

    /// Whether every page depends on the change: a full build.
    pub fn whole_site(&self, lib: &Library, id: PageId) -> bool {
        if self.structure {
            return true;
        }
        // The home page's title is in every breadcrumb; a top-level page
        // or section is in every sidebar, in its order.
        let top_level = lib.pages[id]
            .parent
            .is_none_or(|s| lib.sections[s].parent.is_none());
        self.order() && top_level
    }
}

/// The order of the pages before an edit, to find whose neighbours and
/// sidebar windows it moved.
pub struct Before {
    reading_order: Vec<PageId>,
    /// Each section's pages, by section id.
    section_pages: Vec<Vec<PageId>>,
}

impl Before {
    pub fn capture(lib: &Library) -> Before {
        Before {
            reading_order: lib.reading_order.clone(),
            section_pages: lib.sections.iter().map(|s| s.pages.clone()).collect(),
        }
    }
}

/// The pages other than the edited ones that show what the edits changed,
/// given the library after the edits (`lib`) and `before` them (see the
/// module's table). The edited pages may be among them.
pub fn dependents(before: &Before, lib: &Library, edits: &[(PageId, Changed)]) -> BTreeSet<PageId> {
    let mut out = BTreeSet::new();
    for &(id, changed) in edits {
        let page = &lib.pages[id];
        if changed.order() || changed.description {
            // Its section's page lists its title and description.
            if let Some(s) = page.parent {
                out.insert(lib.sections[s].page);
            }
        }
        if changed.title {
            if let Some(section) = page.own_section {
                subtree(lib, section, &mut out);
            }
            if let Some(i) = lib.reading_position(id) {
                let order = &lib.reading_order;
                out.extend(i.checked_sub(1).map(|j| order[j]));
                out.extend(order.get(i + 1));
            }
        }
        if changed.order() {
            sidebars(before, lib, id, changed, &mut out);
        }
    }
    if edits.iter().any(|(_, c)| c.order()) {
        moved_neighbours(before, lib, &mut out);
    }
    out
}

/// The pages whose sidebar shows `id` (a page or subsection of a top-level
/// section), or whose sidebar window of that section's pages changed.
fn sidebars(
    before: &Before,
    lib: &Library,
    id: PageId,
    changed: Changed,
    out: &mut BTreeSet<PageId>,
) {
    let page = &lib.pages[id];
    let Some(top) = page.parent.filter(|&s| lib.sections[s].parent == Some(0)) else {
        // Deeper down: in no sidebar.
        return;
    };
    let mut below = BTreeSet::new();
    subtree(lib, top, &mut below);
    if page.is_section() {
        // A subsection: listed, in order, on every page under `top`.
        out.extend(below);
        return;
    }
    let (old, new) = (&before.section_pages[top], &lib.sections[top].pages);
    for x in below {
        let window = nav_window(new, x);
        if window != nav_window(old, x) || (changed.title && window.contains(&id)) {
            out.insert(x);
        }
    }
}

/// Every page in `section` and below it, its own page included.
fn subtree(lib: &Library, section: SectionId, out: &mut BTreeSet<PageId>) {
    let s = &lib.sections[section];
    out.insert(s.page);
    out.extend(&s.pages);
    for &sub in &s.subsections {
        subtree(lib, sub, out);
    }
}

/// The pages whose previous or next page is another than before.
fn moved_neighbours(before: &Before, lib: &Library, out: &mut BTreeSet<PageId>) {
    let neighbours = |order: &[PageId], i: usize| {
        (
            i.checked_sub(1).map(|j| order[j]),
            order.get(i + 1).copied(),
        )
    };
    let mut was = vec![None; lib.pages.len()];
    for (i, &id) in before.reading_order.iter().enumerate() {
        was[id] = Some(neighbours(&before.reading_order, i));
    }
    for (i, &id) in lib.reading_order.iter().enumerate() {
        if was[id] != Some(neighbours(&lib.reading_order, i)) {
            out.insert(id);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::SourceFile;

    fn library(pages: &[(&str, &str)]) -> Library {
        let files: Vec<SourceFile> = pages
            .iter()
            .map(|(rel, fm)| SourceFile::local(rel, format!("+++\n{fm}\n+++\nText.\n")))
            .collect();
        Library::build(&files, false).unwrap()
    }

    fn id(lib: &Library, rel: &str) -> PageId {
        lib.page_by_source(rel).unwrap().id
    }

    fn retitle(lib: &mut Library, rel: &str, title: &str) -> (PageId, Changed) {
        let page = id(lib, rel);
        let old = lib.pages[page].front_matter.clone();
        lib.pages[page].front_matter.title = title.into();
        let changed = Changed::between(&old, &lib.pages[page].front_matter);
        let parent = lib.pages[page].parent.unwrap();
        lib.reorder(&[parent]);
        (page, changed)
    }

    fn sources(lib: &Library, ids: &BTreeSet<PageId>) -> Vec<String> {
        ids.iter()
            .map(|&i| lib.pages[i].source.to_string())
            .collect()
    }

    /// A top-level section of 30 pages `a/p00.md`… and one subsection.
    fn big() -> Library {
        let mut pages = vec![
            ("_index.md".to_string(), "title = \"Home\"".to_string()),
            ("a/_index.md".into(), "title = \"A\"".into()),
            ("a/sub/_index.md".into(), "title = \"Sub\"".into()),
            ("a/sub/deep.md".into(), "title = \"Deep\"".into()),
        ];
        pages.extend((0..30).map(|i| (format!("a/p{i:02}.md"), format!("title = \"P{i:02}\""))));
        let refs: Vec<(&str, &str)> = pages
            .iter()
            .map(|(a, b)| (a.as_str(), b.as_str()))
            .collect();
        library(&refs)
    }

    #[test]
    fn fields_are_told_apart() {
        let old = FrontMatter {
            title: "A".into(),
            ..FrontMatter::default()
        };
        let mut new = old.clone();
        new.extra.insert("k".into(), 1.into());
        new.template = Some("x.html".into());
        assert_eq!(Changed::between(&old, &new), Changed::default());
        new.description = Some("D".into());
        new.reviewed = Some("2025-01-01".into());
        let c = Changed::between(&old, &new);
        assert!(c.description && c.dates && !c.order() && !c.structure);
        new.slug = Some("s".into());
        assert!(Changed::between(&old, &new).structure);
    }

    #[test]
    fn top_level_titles_are_whole_site_and_deeper_ones_are_not() {
        let lib = big();
        let title = Changed {
            title: true,
            ..Changed::default()
        };
        for whole in ["_index.md", "a/_index.md"] {
            assert!(title.whole_site(&lib, id(&lib, whole)), "{whole}");
        }
        for narrow in ["a/p05.md", "a/sub/_index.md", "a/sub/deep.md"] {
            assert!(!title.whole_site(&lib, id(&lib, narrow)), "{narrow}");
        }
        let description = Changed {
            description: true,
            ..Changed::default()
        };
        assert!(!description.whole_site(&lib, id(&lib, "a/_index.md")));
    }

    #[test]
    fn a_title_in_the_middle_of_a_large_section_reaches_its_window() {
        let mut lib = big();
        let before = Before::capture(&lib);
        // P15 keeps its place: its section's page, and the pages whose
        // window holds it (the 15 around it, and the last 15 of 30 pages
        // share the window ending the section); itself too.
        let edit = retitle(&mut lib, "a/p15.md", "P15 renamed");
        let got = sources(&lib, &dependents(&before, &lib, &[edit]));
        let mut want: Vec<String> = (8..30).map(|i| format!("a/p{i:02}.md")).collect();
        want.push("a/_index.md".into());
        want.sort();
        assert_eq!(got, want);
    }

    #[test]
    fn a_title_that_moves_a_page_reaches_the_windows_it_left_and_entered() {
        let mut lib = big();
        let before = Before::capture(&lib);
        // P29 moves to the front: the first window (shown on the first
        // pages, the section's page and the pages below it) and the last
        // change; a window in the middle slides with its page, the same.
        let edit = retitle(&mut lib, "a/p29.md", "A first");
        let got = dependents(&before, &lib, &[edit]);
        for reached in [
            "a/p00.md",
            "a/p06.md",
            "a/p28.md",
            "a/sub/deep.md",
            "a/_index.md",
        ] {
            assert!(got.contains(&id(&lib, reached)), "{reached}");
        }
        assert!(!got.contains(&id(&lib, "a/p10.md")));
        assert!(!got.contains(&id(&lib, "_index.md")));
    }

    #[test]
    fn a_subsection_title_is_on_every_page_of_its_section() {
        let mut lib = big();
        let before = Before::capture(&lib);
        let edit = retitle(&mut lib, "a/sub/_index.md", "Sub renamed");
        let got = dependents(&before, &lib, &[edit]);
        assert_eq!(got.len(), lib.pages.len() - 1, "all but the home page");
        assert!(!got.contains(&id(&lib, "_index.md")));
    }
}
