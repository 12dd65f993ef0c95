//! A page through its template: each page gets a small context of its own
//! (its content, its nav, its neighbours), never the whole site tree.

use std::collections::BTreeMap;

use serde::Serialize;

use super::content::PageContent;
use super::links::{href_between, root_prefix};
use super::markdown::TocEntry;
use super::Env;
use crate::error::{Diagnostic, Location};
use crate::parse::library::{Library, Page};

/// Site-wide values every template sees.
#[derive(Debug, Default, Serialize)]
pub struct SiteVars {
    pub title: String,
    pub description: String,
    pub language: String,
    pub base_url: String,
    pub logo: Option<String>,
    pub accent_color: Option<String>,
    pub footer: Option<String>,
    pub search: bool,
    /// The search script, when search is on and its script exists.
    pub search_js: Option<String>,
    /// The calculator glue, when the calculator was compiled in.
    pub calc_js: Option<String>,
    /// The compiled calculator: its wasm module and wasm-bindgen's JS
    /// bindings (fingerprinted paths from the root), which calc.js loads.
    pub calc_wasm: Option<String>,
    pub calc_bindings: Option<String>,
    /// Fingerprinted asset paths by logical name (`site.css`), from the root.
    pub assets: BTreeMap<String, String>,
    /// The newest review date of any page (`YYYY-MM-DD`): when the site as a
    /// whole was last reviewed.
    pub last_reviewed: Option<String>,
    /// Whether the build makes the print edition (`print/`).
    pub print: bool,
}

#[derive(Debug, Serialize)]
struct Link {
    title: String,
    href: String,
}

#[derive(Debug, Serialize)]
struct NavItem {
    title: String,
    href: String,
    current: bool,
    open: bool,
    children: Vec<NavItem>,
}

#[derive(Debug, Serialize)]
struct Listing {
    title: String,
    description: String,
    href: String,
    /// The address printed after the link (see [`super::print`]).
    print_url: Option<String>,
}

#[derive(Debug, Serialize)]
struct PageVars<'a> {
    title: &'a str,
    description: &'a str,
    content: &'a str,
    toc: &'a [TocEntry],
    /// From the site root, e.g. `patterns/dr-ladder/`.
    path: &'a str,
    permalink: String,
    source: String,
    updated: Option<&'a str>,
    reviewed: Option<&'a str>,
    /// The first commit of the page's file (with `review.from_git`).
    published: Option<&'a str>,
    edit_url: Option<String>,
    extra: &'a serde_json::Map<String, serde_json::Value>,
    words: usize,
    reading_minutes: usize,
    is_section: bool,
    is_home: bool,
    has_calculator: bool,
}

/// Renders one page to its final HTML.
pub fn render(env: &Env, page: &Page, content: &PageContent) -> Result<String, Diagnostic> {
    let (config, lib) = (env.config, env.library);
    let dates = env.dates.get(page.source.as_str());
    let fm = &page.front_matter;
    let root = root_prefix(page);
    let mut c = tera::Context::new();
    c.insert("site", env.vars);
    c.insert("root", &root);
    let source = format!("content/{}", page.source);
    let base_url = config.base_url();
    // Printed, each link that leaves the page shows its address.
    let body = super::print::annotate(&content.html, page.url.as_str(), &base_url);
    c.insert(
        "page",
        &PageVars {
            title: &fm.title,
            description: fm.description.as_deref().unwrap_or(""),
            content: &body,
            toc: &content.toc,
            path: page.url.as_str(),
            permalink: format!("{base_url}{}", page.url),
            // A bundled page of a site that extends the guide has no file
            // in the site's repository to edit.
            edit_url: config
                .edit_url
                .as_ref()
                .filter(|_| page.origin == crate::load::Origin::Local)
                .map(|u| u.replace("{path}", &source)),
            source,
            updated: fm.updated.as_deref(),
            reviewed: fm.reviewed.as_deref().or(dates.map(|d| d.last.as_str())),
            published: dates.map(|d| d.first.as_str()),
            extra: &fm.extra,
            words: content.words,
            reading_minutes: content.words.div_ceil(220).max(1),
            is_section: page.is_section(),
            is_home: page.url.is_home(),
            has_calculator: content.html.contains("data-calc=\""),
        },
    );
    c.insert("breadcrumb", &breadcrumb(page, lib));
    let (prev, next) = neighbours(page, lib);
    c.insert("prev", &prev);
    c.insert("next", &next);
    c.insert(
        "nav",
        &nav(lib, Some(page), &|p: &Page| href_between(page, p, None)),
    );
    if let Some(s) = page.own_section {
        let section = &lib.sections[s];
        let listing = |p: &Page| {
            let href = href_between(page, p, None);
            Listing {
                title: p.front_matter.title.clone(),
                description: p.front_matter.description.clone().unwrap_or_default(),
                print_url: super::print::printed_address(page.url.as_str(), &href, &base_url),
                href,
            }
        };
        let pages: Vec<Listing> = section
            .pages
            .iter()
            .map(|&id| listing(&lib.pages[id]))
            .collect();
        let subsections: Vec<Listing> = section
            .subsections
            .iter()
            .map(|&sid| listing(&lib.pages[lib.sections[sid].page]))
            .collect();
        c.insert("pages", &pages);
        c.insert("subsections", &subsections);
    }
    let template = match &fm.template {
        Some(t) => t.clone(),
        None if page.url.is_home() => "index.html".to_string(),
        None if page.is_section() => "section.html".to_string(),
        None => "page.html".to_string(),
    };
    let location = Location::file(&page.display);
    env.templates.render(&template, &c, Some(&location))
}

fn breadcrumb(page: &Page, lib: &Library) -> Vec<Link> {
    let Some(parent) = page.parent else {
        return Vec::new();
    };
    lib.ancestors(parent)
        .into_iter()
        .map(|s| {
            let p = &lib.pages[lib.sections[s].page];
            Link {
                title: p.front_matter.title.clone(),
                href: href_between(page, p, None),
            }
        })
        .collect()
}

fn neighbours(page: &Page, lib: &Library) -> (Option<Link>, Option<Link>) {
    let Some(i) = lib.reading_position(page.id) else {
        return (None, None);
    };
    let link = |id: usize| {
        let p = &lib.pages[id];
        Link {
            title: p.front_matter.title.clone(),
            href: href_between(page, p, None),
        }
    };
    let prev = i.checked_sub(1).map(|j| link(lib.reading_order[j]));
    let next = lib.reading_order.get(i + 1).map(|&j| link(j));
    (prev, next)
}

/// The sidebar: top-level pages and sections; the section holding the
/// current page (none on the 404 and print pages) is open and lists its
/// pages and subsections. `href` writes a link to a page from where the
/// sidebar is shown.
fn nav(lib: &Library, current: Option<&Page>, href: &dyn Fn(&Page) -> String) -> Vec<NavItem> {
    let root = lib.root();
    let open_chain = current
        .and_then(|page| page.own_section.or(page.parent))
        .map(|s| lib.ancestors(s))
        .unwrap_or_default();
    let current_id = current.map(|p| p.id);
    let item = |p: &Page, children: Vec<NavItem>, open: bool| NavItem {
        title: p.front_matter.title.clone(),
        href: href(p),
        current: Some(p.id) == current_id,
        open,
        children,
    };
    let mut items: Vec<NavItem> = root
        .pages
        .iter()
        .map(|&id| item(&lib.pages[id], Vec::new(), false))
        .collect();
    for &sid in &root.subsections {
        let section = &lib.sections[sid];
        let open = open_chain.contains(&sid);
        let children = if open {
            let mut kids: Vec<NavItem> = nav_window(&section.pages, current_id.unwrap_or(0))
                .iter()
                .map(|&id| item(&lib.pages[id], Vec::new(), false))
                .collect();
            if kids.len() < section.pages.len() {
                let index = &lib.pages[section.page];
                kids.push(NavItem {
                    title: format!("All {} pages", section.pages.len()),
                    href: href(index),
                    current: false,
                    open: false,
                    children: Vec::new(),
                });
            }
            kids.extend(section.subsections.iter().map(|&sub| {
                let open = open_chain.contains(&sub);
                item(&lib.pages[lib.sections[sub].page], Vec::new(), open)
            }));
            kids
        } else {
            Vec::new()
        };
        items.push(item(&lib.pages[section.page], children, open));
    }
    items
}

/// A section lists at most this many of its pages in the sidebar.
const NAV_MAX_PAGES: usize = 15;

/// The pages of the open section the sidebar lists: all of them in a small
/// section; in a large one, those around the current page (the rest are one
/// click away on the section's page). Listing a 1,000-page section on each of
/// its pages would make every page ~100 KB and the build quadratic.
pub(crate) fn nav_window(pages: &[usize], current: usize) -> &[usize] {
    if pages.len() <= NAV_MAX_PAGES {
        return pages;
    }
    let at = pages.iter().position(|&id| id == current).unwrap_or(0);
    let start = at
        .saturating_sub(NAV_MAX_PAGES / 2)
        .min(pages.len() - NAV_MAX_PAGES);
    &pages[start..start + NAV_MAX_PAGES]
}

/// The base URL's path (`/guide/` for `https://example.com/guide/`): the
/// 404 page is served at any depth, so its links start from there.
fn base_path(base: String) -> String {
    base.split_once("://")
        .and_then(|(_, rest)| rest.find('/').map(|i| rest[i..].to_string()))
        .unwrap_or(base)
}

/// What `base.html` reads of `page` on a page that is not a content page.
#[derive(Debug, Serialize)]
struct ChromeVars<'a> {
    title: &'a str,
    description: &'a str,
    permalink: String,
    toc: [TocEntry; 0],
    has_calculator: bool,
    is_home: bool,
}

/// A context for a page outside the content (404, print) with the full
/// layout: header, search, the sidebar from `root`.
fn chrome_context(env: &Env, root: &str, page: ChromeVars) -> tera::Context {
    let lib = env.library;
    let mut c = tera::Context::new();
    c.insert("site", env.vars);
    c.insert("root", root);
    c.insert("page", &page);
    c.insert(
        "nav",
        &nav(lib, None, &|p: &Page| format!("{root}{}index.html", p.url)),
    );
    let sections: Vec<Link> = std::iter::once(lib.root().page)
        .chain(lib.root().subsections.iter().map(|&s| lib.sections[s].page))
        .map(|id| Link {
            title: lib.pages[id].front_matter.title.clone(),
            href: format!("{root}{}index.html", lib.pages[id].url),
        })
        .collect();
    c.insert("sections", &sections);
    c
}

/// The page for missing URLs, with the full layout (search included). It is
/// served at any depth, so its links start from the base URL's path rather
/// than being relative: set `base_url` to where the site is deployed.
pub fn render_404(env: &Env) -> Result<String, Diagnostic> {
    let root = base_path(env.config.base_url());
    let c = chrome_context(
        env,
        &root,
        ChromeVars {
            title: "Page not found",
            description: "There is no page at this address.",
            permalink: format!("{}404.html", env.config.base_url()),
            toc: [],
            has_calculator: false,
            is_home: false,
        },
    );
    env.templates.render("404.html", &c, None)
}

/// The whole guide on one page, in reading order (`print/`), for printing
/// or saving as a PDF: see [`super::print`]. `content` gives each page's
/// rendered body.
pub fn render_print<'c>(
    env: &Env,
    content: &dyn Fn(usize) -> Option<&'c PageContent>,
) -> Result<String, Diagnostic> {
    let mut c = chrome_context(
        env,
        "../",
        ChromeVars {
            title: "The whole guide",
            description: &env.vars.description,
            permalink: format!("{}print/", env.config.base_url()),
            toc: [],
            has_calculator: false,
            is_home: false,
        },
    );
    c.insert(
        "pages",
        &super::print::pages(env.library, content, &env.config.base_url()),
    );
    env.templates.render("print.html", &c, None)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nav_window_lists_small_sections_whole_and_large_ones_around_the_page() {
        let small: Vec<usize> = (0..NAV_MAX_PAGES).collect();
        assert_eq!(nav_window(&small, 3), &small[..]);
        let large: Vec<usize> = (100..1100).collect();
        let w = nav_window(&large, 600);
        assert_eq!(w.len(), NAV_MAX_PAGES);
        assert!(w.contains(&600));
        assert_eq!(w[NAV_MAX_PAGES / 2], 600);
        // At the ends the window stays full instead of centring.
        assert_eq!(nav_window(&large, 100)[0], 100);
        assert_eq!(*nav_window(&large, 1099).last().unwrap(), 1099);
        // The section's own page is not among its pages: the first ones show.
        assert_eq!(nav_window(&large, 5)[0], 100);
    }
}
