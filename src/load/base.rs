//! The bundled guide as a base layer (`[guide] base = "bundled"`): its
//! `content/` merged under the site's own, as a union of two folders.
//!
//! A site file with the same path as a bundled one replaces it (an
//! override); every other site file adds to the guide (a new page, a new
//! section); `[guide] hide` leaves bundled pages out. Templates and static
//! files are merged the same way for every site (the default theme is
//! always under the site's own), so only `content/` is added here.

use std::collections::{BTreeMap, BTreeSet};

use super::embedded;
use super::files::{add_bundled_content, SiteFiles, SourceFile};
use crate::config::{array_item_line, key_line, Guide};
use crate::error::{Diagnostic, Diagnostics, ErrorKind, Location};
use crate::parse::paths::ContentPath;

/// The embedded files of a bundled guide, by path in the repository
/// (`content/patterns/dr-ladder.md`).
type Bundle = &'static [(&'static str, &'static [u8])];

/// Adds the bundled guide's content under the site's (`local`: the paths
/// under `content/` the site has), when its config asks for it.
pub fn merge(files: &mut SiteFiles, local: &BTreeSet<String>, diags: &mut Diagnostics) {
    merge_bundle(files, local, embedded::GUIDE_CONTENT, diags);
}

/// [`merge`] with the bundle as an argument: tests stand in a guide with
/// images next to its pages (the bundled one has none yet).
fn merge_bundle(
    files: &mut SiteFiles,
    local: &BTreeSet<String>,
    bundle: Bundle,
    diags: &mut Diagnostics,
) {
    let Some(config) = &files.config else {
        return;
    };
    // A config that does not parse is reported by the parse phase; until
    // then the site is taken as it is, without a base.
    let guide = Guide::peek(&config.text);
    if !guide.extends_bundled() {
        return;
    }
    let text = config.text.clone();
    let display = config.display.clone();
    let hide = match hide_list(&guide, &text, &display, bundle, local) {
        Ok(hide) => hide,
        Err(errors) => {
            diags.extend(errors.0);
            return;
        }
    };
    // Pages first: which of the other files a hidden page takes with it
    // depends on what the published pages link to.
    let hidden_pages: BTreeMap<String, usize> = bundled_pages(bundle)
        .filter(|rel| !local.contains(*rel))
        .filter_map(|rel| Some((rel.to_string(), hide.line_of(rel)?)))
        .collect();
    add_bundled_content(
        files,
        bundle,
        |rel| rel.ends_with(".md") && !local.contains(rel) && !hidden_pages.contains_key(rel),
        diags,
    );
    let hidden_files = hidden_files(bundle, &hide, &hidden_pages, &files.pages);
    add_bundled_content(
        files,
        bundle,
        |rel| !rel.ends_with(".md") && !local.contains(rel) && !hidden_files.contains_key(rel),
        diags,
    );
    files.unlink_hidden = guide.unlink_hidden;
    files.hidden = hidden_pages;
    files.hidden.extend(hidden_files);
}

/// The bundled guide's pages, by path under `content/`.
fn bundled_pages(bundle: Bundle) -> impl Iterator<Item = &'static str> {
    bundle
        .iter()
        .map(|(path, _)| path.trim_start_matches("content/"))
        .filter(|rel| rel.ends_with(".md"))
}

/// The bundled files other than pages and data files (images, downloads)
/// that `[guide] hide` leaves out with their pages, by path under
/// `content/`, with the line of the entry that hides each: every file
/// under a hidden folder, and the files a hidden page links to (or keeps
/// in its own folder, `patterns/dr-ladder/`) that no published page
/// (`published`: the site's own and the bundled ones kept) links to.
fn hidden_files(
    bundle: Bundle,
    hide: &HideList,
    hidden_pages: &BTreeMap<String, usize>,
    published: &[SourceFile],
) -> BTreeMap<String, usize> {
    let files = bundle
        .iter()
        .map(|(path, _)| path.trim_start_matches("content/"))
        .filter(|rel| !rel.ends_with(".md") && !rel.starts_with("data/"));
    let mut out = BTreeMap::new();
    let mut candidates = BTreeMap::new();
    let linked: BTreeMap<String, usize> = hidden_pages
        .iter()
        .flat_map(|(page, line)| {
            let text = bundle
                .iter()
                .find(|(path, _)| path.trim_start_matches("content/") == page)
                .map(|(_, bytes)| String::from_utf8_lossy(bytes))
                .unwrap_or_default();
            linked_files(page, &text)
                .into_iter()
                .map(move |file| (file, *line))
        })
        .collect();
    for rel in files {
        if let Some(line) = hide.folder_line_of(rel) {
            out.insert(rel.to_string(), line);
        } else if let Some(line) = linked
            .get(rel)
            .copied()
            .or_else(|| own_folder(rel, hidden_pages))
        {
            candidates.insert(rel, line);
        }
    }
    // Keep a candidate that a published page links to too (the file name
    // in the text first: most pages never mention it).
    for page in published {
        let named: Vec<&str> = candidates
            .keys()
            .filter(|rel| page.text.contains(file_name(rel)))
            .copied()
            .collect();
        if named.is_empty() {
            continue;
        }
        let links = linked_files(&page.rel, &page.text);
        candidates.retain(|rel, _| !links.iter().any(|l| l == rel));
    }
    out.extend(
        candidates
            .into_iter()
            .map(|(rel, line)| (rel.to_string(), line)),
    );
    out
}

/// The line hiding the page whose own folder holds `rel`
/// (`patterns/dr-ladder/map.svg` belongs to `patterns/dr-ladder.md`).
fn own_folder(rel: &str, hidden_pages: &BTreeMap<String, usize>) -> Option<usize> {
    hidden_pages.iter().find_map(|(page, line)| {
        let folder = format!("{}/", page.strip_suffix(".md")?);
        rel.starts_with(&folder).then_some(*line)
    })
}

fn file_name(rel: &str) -> &str {
    rel.rsplit('/').next().unwrap_or(rel)
}

/// The files of `content/` a page links to (Markdown links and images, and
/// `src`/`href` in its HTML), by path under `content/`. Pages (`.md`),
/// other hosts and anchors are left out.
fn linked_files(page: &str, text: &str) -> Vec<String> {
    use pulldown_cmark::{Event, Parser, Tag};
    let mut dests: Vec<String> = Vec::new();
    for event in Parser::new(text) {
        match event {
            Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) => {
                dests.push(dest_url.to_string());
            }
            Event::Html(html) | Event::InlineHtml(html) => dests.extend(html_urls(&html)),
            _ => {}
        }
    }
    let from = ContentPath::new(page);
    dests
        .iter()
        .filter_map(|dest| {
            let path = dest.split(['#', '?']).next()?;
            if path.is_empty() || path.ends_with(".md") || crate::render::links::is_external(path) {
                return None;
            }
            let resolved = match path.strip_prefix('/') {
                Some(rooted) => ContentPath::normalise(rooted),
                None => from.join_relative(path),
            };
            resolved.ok().map(|p| p.as_str().to_string())
        })
        .collect()
}

/// The values of `src="…"` and `href="…"` in a piece of HTML.
fn html_urls(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    for attr in ["src=", "href="] {
        let mut rest = html;
        while let Some(at) = rest.find(attr) {
            rest = &rest[at + attr.len()..];
            let Some(quote) = rest.chars().next().filter(|c| *c == '"' || *c == '\'') else {
                continue;
            };
            let value = &rest[1..];
            if let Some(end) = value.find(quote) {
                out.push(value[..end].to_string());
            }
        }
    }
    out
}

/// `[guide] hide`, checked: each entry is a bundled page
/// (`patterns/dr-ladder.md`) or a folder of them (`patterns/`).
struct HideList(Vec<(String, usize)>);

impl HideList {
    /// The line of the entry that hides the page `rel`, if one does.
    fn line_of(&self, rel: &str) -> Option<usize> {
        if !rel.ends_with(".md") {
            return None;
        }
        self.0
            .iter()
            .find(|(entry, _)| covers(entry, rel))
            .map(|(_, line)| *line)
    }

    /// The line of the folder entry (`reference/`) holding the file `rel`.
    fn folder_line_of(&self, rel: &str) -> Option<usize> {
        self.0
            .iter()
            .find(|(entry, _)| entry.ends_with('/') && rel.starts_with(entry.as_str()))
            .map(|(_, line)| *line)
    }
}

/// Whether a hide entry covers a page: the page itself, or a folder
/// (`patterns/`) holding it.
fn covers(entry: &str, rel: &str) -> bool {
    entry == rel || (entry.ends_with('/') && rel.starts_with(entry))
}

/// The entries, each checked: it names a bundled page or a folder of them,
/// and not a page the site replaces with its own (that page would be built
/// anyway, so the entry would silently do nothing).
fn hide_list(
    guide: &Guide,
    text: &str,
    display: &std::path::Path,
    bundle: Bundle,
    local: &BTreeSet<String>,
) -> Result<HideList, Diagnostics> {
    let mut diags = Diagnostics::default();
    let mut list = Vec::new();
    for (i, entry) in guide.hide.iter().enumerate() {
        // The entry's line; the list's as a fallback (the text parsed, so
        // one of them is found).
        let line = array_item_line(text, &["guide", "hide"], i)
            .or_else(|| key_line(text, &["guide", "hide"]));
        let name = entry.strip_prefix("content/").unwrap_or(entry);
        let problem = if !bundled_pages(bundle).any(|rel| covers(name, rel)) {
            format!(
                "`[guide] hide`: `{entry}` names no bundled page; write a page's path under \
                 content/ (`patterns/dr-ladder.md`) or a folder of pages (`patterns/`); \
                 `regionwise eject --list` lists the bundled files"
            )
        } else if local.contains(name) {
            format!(
                "`[guide] hide`: `{entry}` is hidden, but this site has its own \
                 content/{name}, which replaces the bundled page and is built; remove the \
                 entry, or delete your copy (and its entry in regionwise.lock) to hide the page"
            )
        } else {
            list.push((name.to_string(), line.unwrap_or(1)));
            continue;
        };
        let location = match line {
            Some(line) => Location::at(display, line),
            None => Location::file(display),
        };
        diags.push(Diagnostic::new(location, ErrorKind::Config(problem)));
    }
    diags.into_result().map(|()| HideList(list))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_cover_a_page_or_a_folder() {
        assert!(covers("patterns/dr-ladder.md", "patterns/dr-ladder.md"));
        assert!(covers("patterns/", "patterns/dr-ladder.md"));
        assert!(!covers("patterns", "patterns/dr-ladder.md"));
        assert!(!covers("pat", "patterns/dr-ladder.md"));
    }

    /// A bundled guide with images next to its pages: one in a page's own
    /// folder, one only a page links to (from HTML), one two pages share,
    /// one in a section.
    static BUNDLE: Bundle = &[
        ("content/_index.md", b"+++\ntitle = \"Home\"\n+++\n"),
        ("content/guide/_index.md", b"+++\ntitle = \"Guide\"\n+++\n"),
        (
            "content/guide/a.md",
            b"+++\ntitle = \"A\"\n+++\n![map](a/map.svg) ![s](shared.png)\n\n\
              <img src=\"only-a.png\" alt=\"\">\n[b](b.md) [x](https://example.com/x.png)\n",
        ),
        ("content/guide/a/map.svg", b"<svg/>"),
        ("content/guide/only-a.png", b"png"),
        ("content/guide/shared.png", b"png"),
        (
            "content/guide/b.md",
            b"+++\ntitle = \"B\"\n+++\n![s](/guide/shared.png)\n",
        ),
        ("content/guide/unlinked.png", b"png"),
        (
            "content/ref/_index.md",
            b"+++\ntitle = \"Ref\"\n+++\n![d](diagram.png)\n",
        ),
        ("content/ref/diagram.png", b"png"),
        ("content/data/rows.toml", b"x = 1\n"),
    ];

    fn page(rel: &str, text: &str) -> SourceFile {
        SourceFile::local(rel, text)
    }

    /// The site merged over [`BUNDLE`] with `hide` (a TOML array) and the
    /// site's own pages.
    fn merged(hide: &str, own: &[SourceFile]) -> Result<SiteFiles, Diagnostics> {
        let mut files = SiteFiles {
            config: Some(page(
                "regionwise.toml",
                &format!("title = \"T\"\n\n[guide]\nbase = \"bundled\"\nhide = {hide}\n"),
            )),
            pages: own.to_vec(),
            ..SiteFiles::default()
        };
        let local = own.iter().map(|p| p.rel.clone()).collect();
        let mut diags = Diagnostics::default();
        merge_bundle(&mut files, &local, BUNDLE, &mut diags);
        diags.into_result().map(|()| files)
    }

    fn published(files: &SiteFiles) -> Vec<&str> {
        files.statics.keys().map(String::as_str).collect()
    }

    #[test]
    fn a_hidden_page_takes_the_files_only_it_links_to_and_its_own_folder() {
        let files = merged(r#"["guide/a.md"]"#, &[]).unwrap();
        assert_eq!(
            published(&files),
            ["guide/shared.png", "guide/unlinked.png", "ref/diagram.png"]
        );
        assert_eq!(files.hidden.get("guide/a.md"), Some(&5));
        assert_eq!(files.hidden.get("guide/a/map.svg"), Some(&5));
        assert_eq!(files.hidden.get("guide/only-a.png"), Some(&5));
        assert!(!files.hidden.contains_key("guide/shared.png"));
        assert_eq!(files.data.len(), 1);
    }

    #[test]
    fn a_hidden_folder_takes_every_file_in_it() {
        let files = merged("[\n  \"guide/b.md\",\n  \"ref/\",\n]", &[]).unwrap();
        assert_eq!(
            published(&files),
            [
                "guide/a/map.svg",
                "guide/only-a.png",
                "guide/shared.png",
                "guide/unlinked.png"
            ]
        );
        assert_eq!(files.hidden.get("ref/diagram.png"), Some(&7));
        assert_eq!(files.hidden.get("ref/_index.md"), Some(&7));
        assert_eq!(files.hidden.get("guide/b.md"), Some(&6));
        let pages: Vec<&str> = files.pages.iter().map(|p| p.rel.as_str()).collect();
        assert_eq!(pages, ["_index.md", "guide/_index.md", "guide/a.md"]);
    }

    #[test]
    fn a_file_a_published_page_links_to_stays() {
        let own = page(
            "ours/map.md",
            "+++\ntitle = \"Ours\"\n+++\nSee ![it](../guide/only-a.png).\n",
        );
        let files = merged(r#"["guide/a.md"]"#, &[own]).unwrap();
        assert!(published(&files).contains(&"guide/only-a.png"));
        assert!(!published(&files).contains(&"guide/a/map.svg"));
    }

    #[test]
    fn hiding_a_page_the_site_replaces_is_an_error_at_its_line() {
        let own = page("guide/a.md", "+++\ntitle = \"Mine\"\n+++\n");
        let e = merged("[\n  \"ref/\",\n  \"guide/a.md\",\n]", &[own]).unwrap_err();
        assert_eq!(e.0.len(), 1);
        assert_eq!(e.0[0].location.line, Some(7));
        let msg = e.0[0].to_string();
        assert!(
            msg.contains("this site has its own content/guide/a.md"),
            "{msg}"
        );
    }

    #[test]
    fn linked_files_resolve_from_the_page_and_skip_pages_and_hosts() {
        let text = "![a](img/a.png?v=1) [b](../b.md) [c](/c.pdf#p2) [d](https://x.org/d.png) \
                    <a href='e.zip'>e</a> [f](#top)";
        assert_eq!(
            linked_files("guide/page.md", text),
            ["guide/img/a.png", "c.pdf", "guide/e.zip"]
        );
    }
}
