//! Internal links: `@/path/page.md#anchor` (from the content root) or relative
//! `../page.md`, resolved to relative URLs so the site works under any subpath
//! and from a copied folder.

use crate::parse::library::{Library, Page, PageId};

/// What a link in Markdown points at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// Another host, or a scheme like `mailto:`: left as written.
    External,
    /// An anchor on the same page.
    SamePage { anchor: String },
    /// A page of the site, maybe with an anchor.
    Page { id: PageId, anchor: Option<String> },
    /// Any other path (an image, a file in static/): made relative to the
    /// page when written from the root (`/img/x.png`).
    Asset { href: String },
}

/// Resolves `dest` as written in the page `from`.
pub fn resolve(lib: &Library, from: &Page, dest: &str) -> Result<Target, String> {
    if is_external(dest) {
        return Ok(Target::External);
    }
    if let Some(anchor) = dest.strip_prefix('#') {
        return Ok(Target::SamePage {
            anchor: anchor.to_string(),
        });
    }
    let (path, anchor) = match dest.split_once('#') {
        Some((p, a)) => (p, Some(a.to_string())),
        None => (dest, None),
    };
    let source = if let Some(p) = path.strip_prefix("@/") {
        Some(normalise(p)?)
    } else if path.ends_with(".md") && !path.starts_with('/') {
        let dir = from.source.rfind('/').map_or("", |i| &from.source[..=i]);
        Some(normalise(&format!("{dir}{path}"))?)
    } else {
        None
    };
    match source {
        // Already reported where its front matter failed.
        Some(source) if lib.failed.contains(&source) => Ok(Target::External),
        Some(source) => lib
            .page_by_source(&source)
            .map(|p| Target::Page { id: p.id, anchor })
            .ok_or_else(|| missing_page(lib, &source)),
        None => {
            // Where the href lands from the site root: it must not climb out.
            let landing = match path.strip_prefix('/') {
                Some(rooted) => rooted.to_string(),
                None => format!("{}{path}", from.url),
            };
            if normalise(landing.split('?').next().unwrap_or("")).is_err() {
                return Err(format!("`{path}` climbs above the site root"));
            }
            Ok(Target::Asset {
                href: match path.strip_prefix('/') {
                    Some(rooted) => {
                        format!("{}{rooted}{}", root_prefix(from), anchor_suffix(&anchor))
                    }
                    None => dest.to_string(),
                },
            })
        }
    }
}

/// Why a page is not in the build: a draft, or no such file.
fn missing_page(lib: &Library, source: &str) -> String {
    match lib.drafts.get(source) {
        Some(None) => format!(
            "`content/{source}` is a draft, left out of this build (build with --drafts to \
             include it, or remove the link until it is published)"
        ),
        Some(Some(section)) => format!(
            "`content/{source}` is in the draft section `content/{section}`, left out of this \
             build (build with --drafts to include it, or remove the link until it is published)"
        ),
        None => format!("there is no page `content/{source}`"),
    }
}

fn anchor_suffix(anchor: &Option<String>) -> String {
    anchor.as_ref().map_or(String::new(), |a| format!("#{a}"))
}

fn is_external(dest: &str) -> bool {
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

/// Resolves `.` and `..` segments; `..` above the content root is an error.
fn normalise(path: &str) -> Result<String, String> {
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
    Ok(parts.join("/"))
}

/// `../` repeated to climb from a page's folder to the site root.
pub fn root_prefix(from: &Page) -> String {
    "../".repeat(from.depth())
}

/// The relative href from one page to another (with `index.html`, so links
/// also work from a folder opened as files).
pub fn href_between(from: &Page, to: &Page, anchor: Option<&str>) -> String {
    let mut href = root_prefix(from);
    href.push_str(&to.url);
    href.push_str("index.html");
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
        let lib = lib();
        let x = lib.page_by_source("a/x.md").unwrap();
        let y = lib.page_by_source("b/y.md").unwrap().id;
        assert_eq!(resolve(&lib, x, "https://e.com").unwrap(), Target::External);
        assert_eq!(resolve(&lib, x, "mailto:a@b").unwrap(), Target::External);
        assert_eq!(
            resolve(&lib, x, "@/b/y.md#s").unwrap(),
            Target::Page {
                id: y,
                anchor: Some("s".into())
            }
        );
        assert_eq!(
            resolve(&lib, x, "../b/y.md").unwrap(),
            Target::Page {
                id: y,
                anchor: None
            }
        );
        assert_eq!(
            resolve(&lib, x, "/img/a.png").unwrap(),
            Target::Asset {
                href: "../../img/a.png".into()
            }
        );
        assert!(resolve(&lib, x, "@/nope.md")
            .unwrap_err()
            .contains("content/nope.md"));
        assert!(resolve(&lib, x, "../../../etc.md").is_err());
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
        let mut parts: Vec<&str> = from.url.split('/').filter(|s| !s.is_empty()).collect();
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
                }];
                for (dirs, stem, slug) in files {
                    let mut rel: String = dirs.iter().map(|d| format!("{d}/")).collect();
                    rel.push_str(&stem);
                    rel.push_str(".md");
                    if out.iter().any(|f| f.rel == rel) {
                        continue;
                    }
                    let slug = slug.map_or(String::new(), |s| format!("slug = '{s}'\n"));
                    out.push(SourceFile {
                        display: format!("content/{rel}").into(),
                        rel,
                        text: format!("+++\ntitle = \"T\"\n{slug}+++\n"),
                    });
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
                    prop_assert!(safe_url(&from.url), "unsafe URL {:?}", from.url);
                    let twin = again.page_by_source(&from.source).unwrap();
                    prop_assert_eq!(&twin.url, &from.url);
                    for to in &lib.pages {
                        let href = href_between(from, to, Some("a"));
                        prop_assert!(!href.starts_with('/'), "absolute href {}", href);
                        let landed = land(from, &href);
                        prop_assert_eq!(landed, Some(format!("{}index.html", to.url)));
                        let twin_to = again.page_by_source(&to.source).unwrap();
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
                        Ok(Target::Page { id, anchor }) => {
                            let to = &lib.pages[id];
                            let href = href_between(from, to, anchor.as_deref());
                            prop_assert_eq!(land(from, &href), Some(format!("{}index.html", to.url)));
                        }
                        Ok(Target::Asset { href }) => {
                            prop_assert!(!href.starts_with('/'), "{} → {}", dest, href);
                            prop_assert!(land(from, &href).is_some(), "{} → {} escapes", dest, href);
                        }
                        Ok(Target::SamePage { .. } | Target::External) | Err(_) => {}
                    }
                }
            }
        }
    }
}
