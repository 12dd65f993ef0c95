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
            .ok_or_else(|| format!("there is no page `content/{source}`")),
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
}
