//! Internal links: `@/path/page.md#anchor` (from the content root) or relative
//! `../page.md`, resolved to relative URLs so the site works under any subpath
//! and from a copied folder.

use crate::parse::library::{Library, Page, PageId};
use crate::parse::paths::ContentPath;

/// What a link in Markdown points at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// Another host, or a scheme like `mailto:`: left as written.
    External,
    /// A page whose front matter failed to parse: left as written and not
    /// reported again (its own error is enough).
    Unchecked,
    /// An anchor on the same page.
    SamePage { anchor: String },
    /// A page of the site, maybe with a query (`?x=1`, kept) and an anchor
    /// (checked).
    Page {
        id: PageId,
        anchor: Option<String>,
        query: Option<String>,
    },
    /// A file the site publishes (an image next to the page, a file in
    /// static/), with the href that reaches it from the page.
    Asset { href: String },
    /// A page `[guide] hide` leaves out, linked from a bundled page of a
    /// site that sets `[guide] unlink_hidden`: the link's text stays, the
    /// link goes.
    Unlinked,
}

/// The file a link is written in: the page that shows it, or a data file
/// the page renders (a failure-mode card's text). Whether that file is
/// bundled decides `[guide] unlink_hidden`, and its path is the file to
/// eject to edit the link.
#[derive(Debug, Clone, Copy)]
pub struct WrittenIn<'a> {
    /// Its path under `content/` (`patterns/dr-ladder.md`,
    /// `data/failure_modes.toml`).
    pub rel: &'a str,
    pub origin: crate::load::Origin,
}

impl<'a> WrittenIn<'a> {
    pub fn page(page: &'a Page) -> Self {
        WrittenIn {
            rel: page.source.as_str(),
            origin: page.origin,
        }
    }
}

/// Resolves `dest` as written in the page `from`. Every local link must
/// reach something the build writes: `.md` links (`@/` from the content
/// root, or relative to the file) a page; other paths (`/` from the site
/// root, or relative to the file's folder in `content/`) a page's URL or a
/// published file. A query is kept; an anchor is checked later.
pub fn resolve(lib: &Library, from: &Page, dest: &str) -> Result<Target, String> {
    resolve_written(lib, from, dest, WrittenIn::page(from))
}

/// [`resolve`] for a link shown on `from` but written in another file
/// (a data file): relative paths are still the page's, but a hidden
/// target is judged by, and its fix names, the file it is written in.
pub fn resolve_written(
    lib: &Library,
    from: &Page,
    dest: &str,
    written: WrittenIn,
) -> Result<Target, String> {
    if is_external(dest) {
        return Ok(Target::External);
    }
    if let Some(anchor) = dest.strip_prefix('#') {
        return Ok(Target::SamePage {
            anchor: anchor.to_string(),
        });
    }
    let (rest, anchor) = match dest.split_once('#') {
        Some((p, a)) => (p, Some(a.to_string())),
        None => (dest, None),
    };
    let (path, query) = match rest.split_once('?') {
        Some((p, q)) => (p, Some(q.to_string())),
        None => (rest, None),
    };
    let source = if let Some(p) = path.strip_prefix("@/") {
        Some(ContentPath::normalise(p)?)
    } else if path.ends_with(".md") && !path.starts_with('/') {
        Some(from.source.join_relative(path)?)
    } else {
        None
    };
    match source {
        // Already reported where its front matter failed.
        Some(source) if lib.failed.contains(&source) => Ok(Target::Unchecked),
        Some(source) => lib
            .page_by_source(source.as_str())
            .map(|p| Target::Page {
                id: p.id,
                anchor,
                query,
            })
            .map_or_else(|| missing_page(lib, written, &source), Ok),
        None if path.is_empty() => Ok(Target::Asset {
            href: dest.to_string(),
        }),
        None => resolve_path(lib, from, written, path, query, anchor),
    }
}

/// A path that is not a `.md` file: a page's URL or a published file.
fn resolve_path(
    lib: &Library,
    from: &Page,
    written: WrittenIn,
    path: &str,
    query: Option<String>,
    anchor: Option<String>,
) -> Result<Target, String> {
    let clean = match path.strip_prefix('/') {
        Some(rooted) => ContentPath::normalise(rooted),
        None => from.source.join_relative(path),
    }
    .map_err(|_| format!("`{path}` climbs above the site root"))?;
    let clean = clean.as_str();
    let page_url = match clean.strip_suffix("index.html") {
        Some(dir) if dir.is_empty() || dir.ends_with('/') => dir.to_string(),
        _ if clean.is_empty() => String::new(),
        _ => format!("{clean}/"),
    };
    if let Some(page) = lib.page_by_url(&page_url) {
        return Ok(Target::Page {
            id: page.id,
            anchor,
            query,
        });
    }
    match lib.assets.get(clean) {
        Some(out) => Ok(Target::Asset {
            href: format!(
                "{}{out}{}{}",
                from.url.to_root(),
                query.map_or(String::new(), |q| format!("?{q}")),
                anchor_suffix(&anchor)
            ),
        }),
        None => match hidden_at_url(lib, &page_url).or_else(|| hidden_file(lib, clean)) {
            Some((source, line)) => hidden_page(lib, written, source, line),
            None => Err(format!(
                "there is no page or file `/{clean}` in the site (link a page by its source, \
             `@/….md`; a file must be in `static/`, or in `content/` next to the page)"
            )),
        },
    }
}

/// The hidden bundled page a URL (`patterns/dr-ladder/`) would have been
/// published at (the bundled guide sets no slugs).
fn hidden_at_url<'a>(lib: &'a Library, url: &str) -> Option<(&'a ContentPath, usize)> {
    let dir = url.trim_end_matches('/');
    let candidates = [format!("{dir}.md"), format!("{dir}/_index.md")];
    lib.hidden
        .iter()
        .find(|(source, _)| {
            candidates
                .iter()
                .any(|c| c.trim_start_matches('/') == source.as_str())
        })
        .map(|(source, line)| (source, *line))
}

/// A bundled file (an image) left out with the pages `[guide] hide` hides.
fn hidden_file<'a>(lib: &'a Library, path: &str) -> Option<(&'a ContentPath, usize)> {
    lib.hidden
        .get_key_value(path)
        .map(|(source, line)| (source, *line))
}

/// Why a page is not in the build: a draft, or no such file (or a hidden
/// page, whose links a site may have unlinked).
fn missing_page(lib: &Library, written: WrittenIn, source: &ContentPath) -> Result<Target, String> {
    Err(match lib.drafts.get(source) {
        Some(None) => format!(
            "`content/{source}` is a draft, left out of this build (build with --drafts to \
             include it, or remove the link until it is published)"
        ),
        Some(Some(section)) => format!(
            "`content/{source}` is in the draft section `content/{section}`, left out of this \
             build (build with --drafts to include it, or remove the link until it is published)"
        ),
        None => match lib.hidden.get(source) {
            Some(line) => return hidden_page(lib, written, source, *line),
            None => format!("there is no page `content/{source}`"),
        },
    })
}

/// A link to a bundled page (or file) hidden by `[guide] hide`: unlinked in
/// a bundled file (a page, or a data file a page shows) when the site asks
/// for it, else an error that says what to do.
fn hidden_page(
    lib: &Library,
    written: WrittenIn,
    source: &ContentPath,
    line: usize,
) -> Result<Target, String> {
    let bundled = written.origin == crate::load::Origin::Bundled;
    if bundled && lib.unlink_hidden {
        return Ok(Target::Unlinked);
    }
    let remove = if bundled {
        let this = if written.rel.ends_with(".md") {
            "page"
        } else {
            "data file"
        };
        format!(
            "set `unlink_hidden = true` under `[guide]` to keep the text of every link in a \
             bundled page to a hidden one without the link, or remove this link from your \
             copy of this {this} (`regionwise eject content/{}` makes one)",
            written.rel
        )
    } else {
        "remove the link".to_string()
    };
    let (what, undo) = if source.as_str().ends_with(".md") {
        ("a bundled page", "stop hiding the page")
    } else {
        (
            "a bundled file left out with the pages",
            "stop hiding the pages it belongs to",
        )
    };
    Err(format!(
        "`content/{source}` is {what} hidden by `[guide] hide` \
         (regionwise.toml:{line}); {remove}, or {undo}"
    ))
}

fn anchor_suffix(anchor: &Option<String>) -> String {
    anchor.as_ref().map_or(String::new(), |a| format!("#{a}"))
}

/// Another host (`https://`, `//host`) or another scheme (`mailto:`).
pub fn is_external(dest: &str) -> bool {
    if dest.starts_with("//") {
        return true;
    }
    match dest.find(':') {
        Some(i) => {
            let scheme = &dest[..i];
            !scheme.is_empty()
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
                && !dest[..i].contains('/')
        }
        None => false,
    }
}

/// `../` repeated to climb from a page's folder to the site root.
pub fn root_prefix(from: &Page) -> String {
    from.url.to_root()
}

/// The relative href from one page to another (with `index.html`, so links
/// also work from a folder opened as files).
pub fn href_between(from: &Page, to: &Page, anchor: Option<&str>) -> String {
    href_with_query(from, to, None, anchor)
}

/// [`href_between`] with a query (`?x=1`) before the anchor.
pub fn href_with_query(
    from: &Page,
    to: &Page,
    query: Option<&str>,
    anchor: Option<&str>,
) -> String {
    let mut href = to.url.href_from(&from.url);
    if let Some(q) = query {
        href.push('?');
        href.push_str(q);
    }
    if let Some(a) = anchor {
        href.push('#');
        href.push_str(a);
    }
    href
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::SourceFile;

    fn lib() -> Library {
        let src = |rel: &str| SourceFile {
            rel: rel.into(),
            display: rel.into(),
            text: "+++\ntitle = \"T\"\n+++\n".into(),
            origin: crate::load::Origin::Local,
        };
        Library::build(
            &[
                src("_index.md"),
                src("a/_index.md"),
                src("a/x.md"),
                src("b/y.md"),
            ],
            false,
        )
        .unwrap()
    }

    #[test]
    fn resolves_forms() {
        let mut lib = lib();
        lib.assets.insert("img/a.png".into(), "img/a.png".into());
        lib.assets.insert("a/d.svg".into(), "a/d.svg".into());
        lib.assets
            .insert("site.css".into(), "site.0123456789.css".into());
        let x = lib.page_by_source("a/x.md").unwrap();
        let y = lib.page_by_source("b/y.md").unwrap().id;
        let page = |anchor: Option<&str>, query: Option<&str>| Target::Page {
            id: y,
            anchor: anchor.map(Into::into),
            query: query.map(Into::into),
        };
        let asset = |href: &str| Target::Asset { href: href.into() };
        assert_eq!(resolve(&lib, x, "https://e.com").unwrap(), Target::External);
        assert_eq!(resolve(&lib, x, "mailto:a@b").unwrap(), Target::External);
        assert_eq!(
            resolve(&lib, x, "@/b/y.md#s").unwrap(),
            page(Some("s"), None)
        );
        assert_eq!(resolve(&lib, x, "../b/y.md").unwrap(), page(None, None));
        assert_eq!(
            resolve(&lib, x, "../b/y.md?x=1#a").unwrap(),
            page(Some("a"), Some("x=1"))
        );
        // Paths: a page's URL, or a published file.
        assert_eq!(resolve(&lib, x, "/b/y/").unwrap(), page(None, None));
        assert_eq!(
            resolve(&lib, x, "/b/y/index.html#k").unwrap(),
            page(Some("k"), None)
        );
        assert_eq!(
            resolve(&lib, x, "/img/a.png").unwrap(),
            asset("../../img/a.png")
        );
        assert_eq!(
            resolve(&lib, x, "d.svg?v=2").unwrap(),
            asset("../../a/d.svg?v=2")
        );
        assert_eq!(
            resolve(&lib, x, "/site.css").unwrap(),
            asset("../../site.0123456789.css")
        );
        for missing in ["/b/nope/", "/img/b.png", "b.png", "@/nope.md"] {
            let e = resolve(&lib, x, missing).unwrap_err();
            assert!(e.contains("there is no page"), "{missing}: {e}");
        }
        assert!(resolve(&lib, x, "../../../etc.md").is_err());
        assert!(resolve(&lib, x, "../../x.png")
            .unwrap_err()
            .contains("climbs above"));
    }

    #[test]
    fn a_link_to_a_file_left_out_with_hidden_pages_says_which_entry() {
        let mut lib = lib();
        lib.hidden.insert(ContentPath::new("ref/diagram.png"), 7);
        lib.hidden.insert(ContentPath::new("ref/x.md"), 7);
        let x = lib.page_by_source("a/x.md").unwrap();
        let e = resolve(&lib, x, "../ref/diagram.png").unwrap_err();
        assert_eq!(
            e,
            "`content/ref/diagram.png` is a bundled file left out with the pages hidden by \
             `[guide] hide` (regionwise.toml:7); remove the link, or stop hiding the pages it \
             belongs to"
        );
        let e = resolve(&lib, x, "@/ref/x.md").unwrap_err();
        assert!(
            e.starts_with("`content/ref/x.md` is a bundled page hidden by"),
            "{e}"
        );
    }

    #[test]
    fn hrefs_are_relative() {
        let lib = lib();
        let x = lib.page_by_source("a/x.md").unwrap();
        let y = lib.page_by_source("b/y.md").unwrap();
        let home = lib.page_by_source("_index.md").unwrap();
        assert_eq!(href_between(x, y, Some("k")), "../../b/y/index.html#k");
        assert_eq!(href_between(x, home, None), "../../index.html");
        assert_eq!(href_between(home, x, None), "a/x/index.html");
    }

    /// Where `href`, written in `from`'s page, lands from the output folder;
    /// None when it climbs above it.
    fn land(from: &Page, href: &str) -> Option<String> {
        let path = href.split(['#', '?']).next().unwrap_or("");
        let mut parts: Vec<&str> = from
            .url
            .as_str()
            .split('/')
            .filter(|s| !s.is_empty())
            .collect();
        for seg in path.split('/') {
            match seg {
                "" | "." => {}
                ".." => {
                    parts.pop()?;
                }
                s => parts.push(s),
            }
        }
        Some(parts.join("/"))
    }

    /// A URL path is safe to join to the output folder: relative, no `.`
    /// or `..`, no empty segment, ends in `/` (or is empty for home).
    fn safe_url(url: &str) -> bool {
        url.is_empty()
            || (url.ends_with('/')
                && url[..url.len() - 1]
                    .split('/')
                    .all(|s| crate::parse::slug::validate_slug(s).is_ok()))
    }

    mod props {
        use super::*;
        use crate::parse::slug::slugify;
        use proptest::prelude::*;

        /// Random sites: up to 12 Markdown files in up to three levels of
        /// folders, names from any text made URL-safe, some with a `slug`.
        fn site() -> impl Strategy<Value = Vec<SourceFile>> {
            let name = any::<String>().prop_map(|s| slugify(&s));
            let file = (
                prop::collection::vec(name.clone(), 0..3),
                prop_oneof![name.clone(), Just("_index".to_string())],
                prop::option::of(name),
            );
            prop::collection::vec(file, 0..12).prop_map(|files| {
                let mut out = vec![SourceFile {
                    rel: "_index.md".into(),
                    display: "content/_index.md".into(),
                    text: "+++\ntitle = \"Home\"\n+++\n".into(),
                    origin: crate::load::Origin::Local,
                }];
                for (dirs, stem, slug) in files {
                    let mut rel: String = dirs.iter().map(|d| format!("{d}/")).collect();
                    rel.push_str(&stem);
                    rel.push_str(".md");
                    if out.iter().any(|f| f.rel == rel) {
                        continue;
                    }
                    let slug = slug.map_or(String::new(), |s| format!("slug = '{s}'\n"));
                    out.push(SourceFile::local(
                        &rel,
                        format!("+++\ntitle = \"T\"\n{slug}+++\n"),
                    ));
                }
                out
            })
        }

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(200))]

            /// Every page URL stays inside the output folder, every href
            /// between two pages lands on the target's index.html without
            /// climbing out, and building twice (in any file order) gives
            /// the same URLs and hrefs.
            #[test]
            fn urls_and_hrefs_stay_inside_and_are_stable(files in site()) {
                let Ok(lib) = Library::build(&files, false) else {
                    // Only two files on one URL may fail a site of safe names.
                    let err = Library::build(&files, false).err().unwrap().to_string();
                    prop_assert!(err.contains("same URL"), "{}", err);
                    return Ok(());
                };
                let mut reversed = files.clone();
                reversed.reverse();
                let again = Library::build(&reversed, false).unwrap();
                for from in &lib.pages {
                    prop_assert!(safe_url(from.url.as_str()), "unsafe URL {:?}", from.url);
                    let twin = again.page_by_source(from.source.as_str()).unwrap();
                    prop_assert_eq!(&twin.url, &from.url);
                    for to in &lib.pages {
                        let href = href_between(from, to, Some("a"));
                        prop_assert!(!href.starts_with('/'), "absolute href {}", href);
                        let landed = land(from, &href);
                        prop_assert_eq!(landed, Some(format!("{}index.html", to.url)));
                        let twin_to = again.page_by_source(to.source.as_str()).unwrap();
                        prop_assert_eq!(href_between(twin, twin_to, Some("a")), href);
                    }
                }
            }

            /// Whatever a link says, what it resolves to stays inside the
            /// output folder; internal `.md` links land on their page.
            #[test]
            fn resolved_links_never_escape(dest in "(@/|/|\\.\\./|\\./|[a-z]/|#|\\?|\\.md|x){0,10}") {
                let lib = lib();
                for from in &lib.pages {
                    match resolve(&lib, from, &dest) {
                        Ok(Target::Page { id, anchor, query }) => {
                            let to = &lib.pages[id];
                            let href = href_with_query(from, to, query.as_deref(), anchor.as_deref());
                            prop_assert_eq!(land(from, &href), Some(format!("{}index.html", to.url)));
                        }
                        Ok(Target::Asset { href }) => {
                            prop_assert!(!href.starts_with('/'), "{} → {}", dest, href);
                            prop_assert!(land(from, &href).is_some(), "{} → {} escapes", dest, href);
                        }
                        Ok(Target::SamePage { .. } | Target::External | Target::Unchecked | Target::Unlinked) | Err(_) => {}
                    }
                }
            }
        }
    }
}
