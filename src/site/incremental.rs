//! Rebuilding after an edit, for `serve`: what one saved file can change.
//!
//! A full build keeps what a rebuild needs ([`Live`]: the site with every
//! page's Markdown, and each page's body without its HTML). When the only
//! files that changed are pages of the site's own, those pages are
//! rendered again, and with them the pages that show what changed in
//! their front matter, by the rule in [`super::affected`] (none when only
//! their bodies changed: a page's HTML depends on its own body and on the
//! library, never on another page's body). Links to their anchors are
//! checked again across the site, the print edition and (when the order
//! or dates changed) the sitemap are made again, and the search index,
//! which every body feeds, is rebuilt from the pages' shared search text
//! ([`SearchInput`]), off the path of the edit. Anything else (a change
//! the rule says every page shows, a new, renamed or deleted page, a
//! template, data, config or static file, an edit that fails) is a full
//! build, whose errors are the ones the user sees.
//!
//! `tests/testsuite/incremental.rs` proves the result equal, byte for byte, to a full
//! build over a scripted series of edits.

use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use super::affected::{self, Before, Changed};
use super::{BuildOptions, Collect, Contents, Rendered, Site};
use crate::error::Diagnostics;
use crate::load::files::{self, Origin};
use crate::parse::front_matter::FrontMatter;
use crate::parse::library::{Library, PageId, SectionId};
use crate::render::content::PageContent;
use crate::render::glossary;
use crate::render::text::TextPart;
use crate::write::OutFile;

/// A built site's output, by path, as `serve` holds it.
pub type Output = HashMap<String, Arc<[u8]>>;

/// What a rebuild keeps between edits.
pub struct Live {
    site: Site,
    contents: Contents,
}

/// What an edit needs.
pub enum Change {
    /// These files rendered again (the search index follows, see
    /// [`Live::search_input`]).
    Pages { files: Vec<OutFile>, scope: Scope },
    /// A full build ([`Live::build`]).
    Full,
}

/// How far an edit that was not a full build reached.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// The edited pages alone (their bodies, or front matter no other
    /// page shows), with the files made of every page.
    Pages,
    /// The edited pages and `others` pages that show what changed in their
    /// front matter (see [`affected`]).
    Related { others: usize },
}

/// A page's file as saved: what the library holds of it.
struct Edit {
    id: PageId,
    front_matter: FrontMatter,
    body: String,
    body_line: usize,
}

impl Live {
    /// A full build in memory: the state to rebuild from, and every file.
    pub fn build(opts: &BuildOptions) -> Result<(Live, Vec<OutFile>), Diagnostics> {
        let sink = Collect::default();
        let Rendered { site, contents, .. } =
            Site::load(opts, &mut ())?.render_into(&sink, &mut ())?;
        Ok((Live { site, contents }, sink.into_files()))
    }

    /// Renders again the pages an edit of `changed` (paths relative to the
    /// site folder) affects, when the edit allows it; the state then holds
    /// the edit. `Full` leaves the state as it was (to be replaced).
    pub fn update(&mut self, changed: &[PathBuf]) -> Change {
        let Some(root) = self.site.root.clone() else {
            return Change::Full;
        };
        let mut edits = Vec::with_capacity(changed.len());
        for path in changed {
            match self.page_edit(&root, path) {
                Some(edit) => edits.push(edit),
                None => return Change::Full,
            }
        }
        let lib = &self.site.library;
        // A glossary term defined, renamed or removed links (or unlinks)
        // its mentions on other pages.
        let terms_change = edits.iter().any(|e| {
            glossary::defined_in(&e.body, e.id) != glossary::defined_in(&lib.pages[e.id].body, e.id)
        });
        let fields: Vec<(PageId, Changed)> = edits
            .iter()
            .map(|e| {
                (
                    e.id,
                    Changed::between(&lib.pages[e.id].front_matter, &e.front_matter),
                )
            })
            .collect();
        if terms_change || fields.iter().any(|(id, c)| c.whole_site(lib, *id)) {
            return Change::Full;
        }
        let before = Before::capture(lib);
        // The sections whose order an edit may change.
        let sections: Vec<SectionId> = fields
            .iter()
            .filter(|(_, c)| c.order())
            .filter_map(|&(id, _)| lib.pages[id].parent)
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        // Applied in place; an edit that fails puts back what it replaced,
        // for the full build.
        let previous: Vec<Edit> = edits.into_iter().map(|e| self.apply(e)).collect();
        if !sections.is_empty() {
            self.site.library.reorder(&sections);
        }
        match self.render_edit(&fields, &before) {
            Some(change) => change,
            None => self.undo(previous, &sections),
        }
    }

    /// The files an applied edit changes, or None when one fails (or the
    /// edit turns out to change every page).
    fn render_edit(&mut self, fields: &[(PageId, Changed)], before: &Before) -> Option<Change> {
        let dates = fields.iter().any(|(_, c)| c.dates);
        // The site's last review date is on every page's context.
        if dates && self.site.last_reviewed().map(|d| d.to_string()) != self.site.vars.last_reviewed
        {
            return None;
        }
        let mut files = Vec::with_capacity(fields.len() + 2);
        for &(id, _) in fields {
            let mut content = self.site.render_content(id).ok()?;
            files.push(self.site.render_page(id, &content).ok()?);
            self.drop_html(&mut content);
            self.contents.set(id, Ok(content));
        }
        let reach = fields.iter().any(|(_, c)| c.reaches_others());
        let others: Vec<PageId> = if reach {
            affected::dependents(before, &self.site.library, fields)
                .into_iter()
                .filter(|id| !fields.iter().any(|(edited, _)| edited == id))
                .collect()
        } else {
            Vec::new()
        };
        files.extend(self.render_others(&others)?);
        if !self.contents.check_anchors(&self.site.library).is_empty() {
            return None;
        }
        // The print edition holds every page's body and title.
        if self.site.vars.print {
            files.push(self.site.print_edition(&self.contents).ok()?);
        }
        if dates || fields.iter().any(|(_, c)| c.order()) {
            files.push(self.site.sitemap());
        }
        let scope = match others.len() {
            0 => Scope::Pages,
            others => Scope::Related { others },
        };
        Some(Change::Pages { files, scope })
    }

    /// Pages whose bodies did not change, through their templates again
    /// (on every core: a section's page may have hundreds below it).
    fn render_others(&self, ids: &[PageId]) -> Option<Vec<OutFile>> {
        ids.par_iter()
            .map(|&id| {
                // Kept for the print edition; else rendered again (the
                // same body: no other page's front matter is in it).
                let page = |content: &PageContent| self.site.render_page(id, content).ok();
                match self.contents.get(id).filter(|_| self.site.vars.print) {
                    Some(content) => page(content),
                    None => page(&self.site.render_content(id).ok()?),
                }
            })
            .collect()
    }

    /// Puts an edit's page in the library; returns what it replaced.
    fn apply(&mut self, edit: Edit) -> Edit {
        let page = &mut self.site.library.pages[edit.id];
        Edit {
            id: edit.id,
            front_matter: std::mem::replace(&mut page.front_matter, edit.front_matter),
            body: std::mem::replace(&mut page.body, edit.body),
            body_line: std::mem::replace(&mut page.body_line, edit.body_line),
        }
    }

    /// Drops a body's HTML, unless the print edition needs it again.
    fn drop_html(&self, content: &mut PageContent) {
        if !self.site.vars.print {
            content.drop_html();
        }
    }

    /// Puts back the pages of an edit that turned out to need a full
    /// build (whose errors the user will see), their order and contents.
    fn undo(&mut self, previous: Vec<Edit>, sections: &[SectionId]) -> Change {
        let ids: Vec<PageId> = previous.iter().map(|e| e.id).collect();
        for edit in previous {
            self.apply(edit);
        }
        if !sections.is_empty() {
            self.site.library.reorder(sections);
        }
        for id in ids {
            let content = self.site.render_content(id);
            let content = content.map(|mut c| {
                self.drop_html(&mut c);
                c
            });
            self.contents.set(id, content);
        }
        Change::Full
    }

    /// The page at `path` as saved, when the library can take it as an
    /// edit: the file is a page of the library read from this path (not a
    /// link, not a page of the bundled guide underneath), and its front
    /// matter parses.
    fn page_edit(&self, root: &Path, path: &Path) -> Option<Edit> {
        let rel = path.to_str()?.strip_prefix("content/")?;
        if !rel.ends_with(".md") {
            return None;
        }
        let full = root.join(path);
        if !std::fs::symlink_metadata(&full).ok()?.file_type().is_file() {
            return None;
        }
        let page = self
            .site
            .library
            .pages
            .iter()
            .find(|p| p.source.as_str() == rel && p.display == path)?;
        if page.origin != Origin::Local {
            return None;
        }
        let bytes = std::fs::read(&full).ok()?;
        let file = files::decode_one(rel, page.display.clone(), &bytes, Origin::Local).ok()?;
        let split = crate::parse::front_matter::split(&file).ok()?;
        Some(Edit {
            id: page.id,
            front_matter: split.front_matter,
            body: split.body.to_string(),
            body_line: split.body_line,
        })
    }

    /// What the search index is made from, owned, so it can be rebuilt on
    /// another thread while the next edit is applied.
    pub fn search_input(&self) -> Option<SearchInput> {
        self.site
            .config
            .search
            .enabled
            .then(|| SearchInput(search_docs(&self.site.library, &self.contents)))
    }
}

/// One page's entry in the search index.
pub struct SearchDoc {
    pub url: String,
    pub title: String,
    /// Its top-level section's title ("" for the site's own pages).
    pub section: String,
    pub parts: Arc<[TextPart]>,
}

/// Every page's entry, in reading order.
pub struct SearchInput(Vec<SearchDoc>);

impl SearchInput {
    /// The index files (`search/…`), each made shared as it is made (not
    /// all held twice, as bytes and as their shared copy).
    pub fn build(&self) -> Vec<(String, Arc<[u8]>)> {
        let files = std::sync::Mutex::new(Vec::new());
        let put = |f: OutFile| -> Result<(), ()> {
            let shared = Arc::from(f.bytes);
            files.lock().map_err(|_| ())?.push((f.path, shared));
            Ok(())
        };
        let _ = crate::search::write_index(&documents(&self.0), &put);
        files.into_inner().unwrap_or_default()
    }
}

/// The pages' search entries, in reading order.
pub fn search_docs(library: &Library, contents: &Contents) -> Vec<SearchDoc> {
    library
        .reading_order
        .iter()
        .map(|&id| {
            let p = &library.pages[id];
            SearchDoc {
                url: p.url.as_str().to_string(),
                title: p.front_matter.title.clone(),
                // The section a result is in; the root (the site itself)
                // would only repeat the site's title.
                section: p
                    .parent
                    .filter(|&s| library.sections[s].parent.is_some())
                    .map_or(String::new(), |s| {
                        library.pages[library.sections[s].page]
                            .front_matter
                            .title
                            .clone()
                    }),
                parts: contents
                    .get(id)
                    .map_or_else(|| Arc::from([]), |c| Arc::clone(&c.text)),
            }
        })
        .collect()
}

/// The entries as the search module takes them.
pub fn documents(docs: &[SearchDoc]) -> Vec<crate::search::Document<'_>> {
    docs.iter()
        .map(|d| crate::search::Document {
            url: &d.url,
            title: &d.title,
            section: &d.section,
            parts: &d.parts,
        })
        .collect()
}

/// An output as a map.
pub fn output(files: Vec<OutFile>) -> Output {
    files
        .into_iter()
        .map(|f| (f.path, Arc::from(f.bytes)))
        .collect()
}

/// `out` with these files replaced (the others shared).
pub fn with_files(out: &Output, files: Vec<OutFile>) -> Output {
    let mut next = out.clone();
    next.extend(files.into_iter().map(|f| (f.path, Arc::from(f.bytes))));
    next
}

/// `out` with a new search index in place of the old one (its shards are
/// named by their contents, so the old ones go).
pub fn with_search(out: &Output, index: Vec<(String, Arc<[u8]>)>) -> Output {
    let mut next: Output = out
        .iter()
        .filter(|(path, _)| !is_search_index(path))
        .map(|(path, bytes)| (path.clone(), Arc::clone(bytes)))
        .collect();
    next.extend(index);
    next
}

/// A file of the search index: `search/index.js`, `search/terms-N.HASH.js`,
/// `search/docs-N.HASH.js` (a static file elsewhere under `search/` stays).
fn is_search_index(path: &str) -> bool {
    let Some(name) = path.strip_prefix("search/") else {
        return false;
    };
    name == "index.js"
        || (name.ends_with(".js")
            && ["terms-", "docs-"].iter().any(|kind| {
                name.strip_prefix(kind)
                    .and_then(|rest| rest.split('.').next())
                    .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
            }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_index_is_replaced() {
        for yes in [
            "search/index.js",
            "search/terms-0.abc.js",
            "search/docs-12.abc.js",
        ] {
            assert!(is_search_index(yes), "{yes}");
        }
        for no in [
            "search.js",
            "search/logo.svg",
            "search/terms-x.js",
            "x/search/index.js",
        ] {
            assert!(!is_search_index(no), "{no}");
        }
    }
}
