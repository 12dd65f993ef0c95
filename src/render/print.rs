//! The print edition: every page's body on one page (`print/`), in reading
//! order, as mdBook's print.html. Each page's HTML is rewritten to live
//! there: its ids get the page's prefix (`operations-cost--calculator`) so
//! they stay unique across the merged pages, links to other pages of the
//! guide point at their section inside the print page, links to files are
//! made relative to `print/`, headings move one level down (each page's
//! title is an h2 under the guide's h1), and calculators' assumptions are
//! open — their figures are the pre-rendered ones, next to the inputs
//! they were computed for.
//!
//! On paper a link is only as good as its printed address, so every link
//! that leaves the page it is on (another page, a calculator opened on
//! given inputs, a file, a source) prints its absolute address after it,
//! here and on each ordinary page ([`annotate`]): [`printed_address`] makes
//! it, and the build writes it in `data-print-url` only where the print
//! stylesheet cannot show the `href` itself (an absolute `http(s)` link
//! prints its `href`), which keeps pages small.

use std::collections::{HashMap, HashSet};

use serde::Serialize;

use super::content::PageContent;
use crate::parse::library::Library;

/// One page of the guide as the print template sees it.
#[derive(Debug, Serialize)]
pub struct PrintPage {
    /// The page's section id in the print page (also its ids' prefix).
    pub id: String,
    pub title: String,
    pub description: String,
    /// 0 for the home page, 1 for a top-level section or page, ...
    pub depth: usize,
    pub permalink: String,
    /// The page's body, rewritten for the print page.
    pub content: String,
}

/// Attributes whose values are element ids (space-separated lists for the
/// aria-* ones).
const ID_ATTRIBUTES: &[&str] = &[
    "id",
    "for",
    "headers",
    "aria-labelledby",
    "aria-describedby",
    "aria-controls",
    "aria-owns",
    "list",
    "form",
    "data-chart-id",
];

/// Every page in reading order, rewritten for the print page.
pub fn pages<'c>(
    lib: &Library,
    content: &dyn Fn(usize) -> Option<&'c PageContent>,
    base_url: &str,
) -> Vec<PrintPage> {
    let prefixes = prefixes(lib);
    lib.reading_order
        .iter()
        .filter_map(|&id| Some((id, content(id)?)))
        .map(|(id, body)| {
            let page = &lib.pages[id];
            let prefix = &prefixes[page.url.as_str()];
            let here = Here {
                url: page.url.as_str(),
                title: &page.front_matter.title,
                prefix,
                prefixes: &prefixes,
                base_url,
            };
            PrintPage {
                id: prefix.clone(),
                title: page.front_matter.title.clone(),
                description: page.front_matter.description.clone().unwrap_or_default(),
                depth: page.url.depth(),
                permalink: format!("{base_url}{}", page.url),
                content: rewrite(&body.html, &here),
            }
        })
        .collect()
}

/// A unique prefix per page URL: `operations-cost`, `home` for the root.
fn prefixes(lib: &Library) -> HashMap<String, String> {
    let mut taken = HashSet::new();
    let mut out = HashMap::new();
    for &id in &lib.reading_order {
        let url = lib.pages[id].url.as_str();
        let base = match url.trim_end_matches('/') {
            "" => "home".to_string(),
            path => path.replace('/', "-"),
        };
        let mut prefix = base.clone();
        let mut n = 1;
        while !taken.insert(prefix.clone()) {
            prefix = format!("{base}-{n}");
            n += 1;
        }
        out.insert(url.to_string(), prefix);
    }
    out
}

/// The page being rewritten.
struct Here<'a> {
    /// Its URL from the site root (`operations/cost/`).
    url: &'a str,
    /// Its title: named regions ("Table 1") get it, to stay unique.
    title: &'a str,
    prefix: &'a str,
    /// Every page's prefix by URL.
    prefixes: &'a HashMap<String, String>,
    /// The site's address with one trailing slash (`https://x.example/`),
    /// or `/` when `base_url` is not set: addresses then print from the
    /// site's root (`/operations/cost/?cost.regions=3`).
    base_url: &'a str,
}

/// Where a link goes from the print page.
#[derive(Debug, PartialEq)]
struct Link {
    href: String,
    /// The absolute address printed after a link that leaves the print
    /// page; `None` for a link inside it.
    address: Option<String>,
}

impl Link {
    fn inside(href: String) -> Self {
        Link {
            href,
            address: None,
        }
    }
}

impl Here<'_> {
    fn id(&self, id: &str) -> String {
        format!("{}--{id}", self.prefix)
    }

    /// Where a link from this page goes in the print page.
    fn href(&self, href: &str) -> String {
        self.link(href).href
    }

    /// Where a link from this page goes in the print page, and the address
    /// to print after it when it leaves the page.
    fn link(&self, href: &str) -> Link {
        if href == "#top" {
            return Link::inside(format!("#{}", self.prefix));
        }
        if let Some(fragment) = href.strip_prefix('#') {
            return Link::inside(format!("#{}", self.id(fragment)));
        }
        let address = printed_address(self.url, href, self.base_url);
        if is_external(href) {
            return Link {
                href: href.to_string(),
                address,
            };
        }
        let (path, fragment) = match href.split_once('#') {
            Some((p, f)) => (p, Some(f)),
            None => (href, None),
        };
        let target = resolve(self.url, path);
        let page_url = target.strip_suffix("index.html").unwrap_or(&target);
        if let Some(prefix) = self.prefixes.get(page_url) {
            return Link::inside(match fragment {
                Some(f) if !f.is_empty() => format!("#{prefix}--{f}"),
                _ => format!("#{prefix}"),
            });
        }
        // A file of the site (an image, a download) or a page opened with a
        // query (a calculator on given inputs): from print/, on the site.
        let fragment = fragment.map(|f| format!("#{f}")).unwrap_or_default();
        Link {
            href: format!("../{target}{fragment}"),
            address,
        }
    }

    /// A file reference (`src`), from print/.
    fn src(&self, src: &str) -> String {
        if is_external(src) || src.starts_with('/') {
            src.to_string()
        } else {
            format!("../{}", resolve(self.url, src))
        }
    }
}

/// The absolute address printed after a link written as `href` on the page
/// at `page_url` (from the site root: `operations/cost/`), or `None` for a
/// link that stays on the page (`#…`, or the page itself) or has no address
/// to print (`data:`, `javascript:`). Another page, a calculator opened on
/// given inputs or a file of the site: under `base_url` (one trailing slash,
/// or `/` without a base URL: from the site's root), a page by its folder
/// as its permalink; another site: `http(s)` as written, an email address
/// without `mailto:`. `href` is an attribute value as written (escaped), and
/// so is the address.
pub fn printed_address(page_url: &str, href: &str, base_url: &str) -> Option<String> {
    if href.starts_with('#') {
        return None;
    }
    if href.starts_with("https://") || href.starts_with("http://") {
        return Some(href.to_string());
    }
    if let Some(mail) = href.strip_prefix("mailto:") {
        return Some(mail.to_string());
    }
    if href.starts_with("//") || has_scheme(href) {
        return None;
    }
    let (rest, fragment) = match href.find('#') {
        Some(i) => href.split_at(i),
        None => (href, ""),
    };
    let (path, query) = match rest.find('?') {
        Some(i) => rest.split_at(i),
        None => (rest, ""),
    };
    let base = escape(base_url);
    if let Some(from_root) = path.strip_prefix('/') {
        // From the host's root, whatever path the base URL has.
        let origin = base
            .split_once("://")
            .map(|(scheme, rest)| {
                let host = rest.split('/').next().unwrap_or(rest);
                format!("{scheme}://{host}")
            })
            .unwrap_or_default();
        return Some(format!("{origin}/{from_root}{query}{fragment}"));
    }
    let target = if path.is_empty() {
        page_url.to_string()
    } else {
        resolve(page_url, path)
    };
    // A page's address is its folder, as its permalink.
    let shown = match target.strip_suffix("index.html") {
        Some(dir) if dir.is_empty() || dir.ends_with('/') => dir,
        _ => target.as_str(),
    };
    if shown == page_url && query.is_empty() {
        return None;
    }
    Some(format!("{base}{shown}{query}{fragment}"))
}

/// Whether `href` starts with a URL scheme (`tel:`, `javascript:`): a colon
/// before any `/`, `?` or `#`.
fn has_scheme(href: &str) -> bool {
    let head = href.split(['/', '?', '#']).next().unwrap_or("");
    head.contains(':')
}

/// ` data-print-url="…"` for a link to `href`, when it prints an address the
/// print stylesheet cannot take from `href` itself: it prints an absolute
/// `http(s)` `href` as it is.
fn push_print_url(out: &mut String, href: &str, address: Option<&str>) {
    if let Some(address) = address.filter(|a| *a != href) {
        out.push_str(" data-print-url=\"");
        out.push_str(address);
        out.push('"');
    }
}

/// A page's body for its own page: each link that leaves the page gets
/// the address printed after it (see the module's doc). `page_url` is the
/// page's URL from the site root, `base_url` as [`printed_address`] takes it.
pub fn annotate(html: &str, page_url: &str, base_url: &str) -> String {
    map_tags(html, &|tag| {
        let Some(attrs) = tag.strip_prefix("a ") else {
            return tag.to_string();
        };
        let Some(href) = attribute(attrs, "href") else {
            return tag.to_string();
        };
        let mut out = tag.to_string();
        let address = printed_address(page_url, href, base_url);
        push_print_url(&mut out, href, address.as_deref());
        out
    })
}

/// The value of `name="…"` in a tag's attributes.
fn attribute<'t>(attrs: &'t str, name: &str) -> Option<&'t str> {
    let needle = format!(" {name}=\"");
    let start = format!(" {attrs}").find(&needle)? + needle.len() - 1;
    let len = attrs[start..].find('"')?;
    Some(&attrs[start..start + len])
}

/// A link the print page keeps as written: another site (any scheme:
/// `https:`, `mailto:`, `tel:`, `data:`) or a path from the host's root.
fn is_external(href: &str) -> bool {
    href.starts_with('/') || has_scheme(href)
}

/// A relative path from the page at `base` (a folder URL) to a path from
/// the site root, with `..` and `.` resolved.
fn resolve(base: &str, relative: &str) -> String {
    let mut parts: Vec<&str> = base.split('/').filter(|p| !p.is_empty()).collect();
    for part in relative.split('/') {
        match part {
            ".." => {
                parts.pop();
            }
            "." | "" => {}
            p => parts.push(p),
        }
    }
    let mut out = parts.join("/");
    // `..` and `.` name a folder, as `../` and `./` do.
    let folder = relative.ends_with('/') || matches!(relative.rsplit('/').next(), Some("." | ".."));
    if folder && !out.is_empty() {
        out.push('/');
    }
    out
}

/// Rewrites a page's body for the print page (see the module's doc).
fn rewrite(html: &str, here: &Here) -> String {
    map_tags(html, &|tag| rewrite_tag(tag, here))
}

/// `html` with each tag's inside (`a href="x"`, `/p`) replaced by `f`'s;
/// comments and scripts' text are copied as they are.
fn map_tags(html: &str, f: &dyn Fn(&str) -> String) -> String {
    let mut out = String::with_capacity(html.len() + html.len() / 8);
    let mut rest = html;
    while let Some(lt) = rest.find('<') {
        out.push_str(&rest[..lt]);
        rest = &rest[lt..];
        if rest.starts_with("<!--") {
            let end = rest.find("-->").map_or(rest.len(), |e| e + 3);
            out.push_str(&rest[..end]);
            rest = &rest[end..];
            continue;
        }
        let Some(gt) = rest.find('>') else {
            break;
        };
        let tag = &rest[1..gt];
        out.push('<');
        out.push_str(&f(tag));
        out.push('>');
        rest = &rest[gt + 1..];
        if tag.starts_with("script") {
            let end = rest.find("</script>").unwrap_or(rest.len());
            out.push_str(&rest[..end]);
            rest = &rest[end..];
        }
    }
    out.push_str(rest);
    out
}

/// One tag's inside (`h2 id="x" class="y"`, `/h2`): its name moved a
/// heading level down, its id attributes prefixed, its links resolved.
fn rewrite_tag(tag: &str, here: &Here) -> String {
    let name_end = tag.find(char::is_whitespace).unwrap_or(tag.len());
    let (name, attrs) = tag.split_at(name_end);
    let mut out = demote(name);
    if name == "details" && attrs.contains("class=\"calc-assumptions\"") {
        out.push_str(" open");
    }
    let region = attrs.contains("role=\"region\"");
    let mut address = None;
    let mut rest = attrs;
    while let Some(eq) = rest.find("=\"") {
        let before = &rest[..eq];
        let attr = before
            .rsplit(|c: char| c.is_whitespace())
            .next()
            .unwrap_or("");
        let value_start = eq + 2;
        let Some(len) = rest[value_start..].find('"') else {
            break;
        };
        let value = &rest[value_start..value_start + len];
        out.push_str(before);
        out.push_str("=\"");
        if region && attr == "aria-label" {
            out.push_str(value);
            out.push_str(", ");
            out.push_str(&escape(here.title));
        } else if name == "a" && attr == "href" {
            let link = here.link(value);
            out.push_str(&link.href);
            address = link.address.map(|a| (link.href, a));
        } else {
            out.push_str(&rewrite_value(attr, value, here));
        }
        out.push('"');
        rest = &rest[value_start + len + 1..];
    }
    if let Some((href, address)) = address {
        push_print_url(&mut out, &href, Some(&address));
    }
    out.push_str(rest);
    out
}

fn escape(text: &str) -> String {
    let mut out = String::new();
    // Writing into a String cannot fail.
    let _ = pulldown_cmark_escape::escape_html(&mut out, text);
    out
}

fn rewrite_value(attr: &str, value: &str, here: &Here) -> String {
    if ID_ATTRIBUTES.contains(&attr) {
        let ids: Vec<String> = value.split_whitespace().map(|id| here.id(id)).collect();
        return ids.join(" ");
    }
    match attr {
        "href" | "xlink:href" => here.href(value),
        "src" => here.src(value),
        _ if value.contains("url(#") => value.replace("url(#", &format!("url(#{}--", here.prefix)),
        _ => value.to_string(),
    }
}

/// `h2` → `h3` (and `/h2` → `/h3`): a page's headings sit one level below
/// its title in the print page. h6 stays h6.
fn demote(name: &str) -> String {
    let (slash, bare) = match name.strip_prefix('/') {
        Some(b) => ("/", b),
        None => ("", name),
    };
    match bare.as_bytes() {
        [b'h' | b'H', d @ b'1'..=b'5'] => format!("{slash}h{}", (d - b'0' + 1)),
        _ => name.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn here<'a>(prefixes: &'a HashMap<String, String>) -> Here<'a> {
        Here {
            url: "operations/cost/",
            title: "Cost",
            prefix: "operations-cost",
            prefixes,
            base_url: "https://guide.example/docs/",
        }
    }

    fn prefixes() -> HashMap<String, String> {
        [
            ("", "home"),
            ("operations/cost/", "operations-cost"),
            ("patterns/dr-ladder/", "patterns-dr-ladder"),
        ]
        .into_iter()
        .map(|(u, p)| (u.to_string(), p.to_string()))
        .collect()
    }

    #[test]
    fn ids_and_references_are_prefixed() {
        let p = prefixes();
        let html = "<h2 id=\"bill\">Bill <a class=\"anchor\" href=\"#bill\">#</a></h2>\
            <label for=\"f\">F</label><input id=\"f\" aria-describedby=\"f-help f-error\">\
            <svg aria-labelledby=\"t\"><title id=\"t\">T</title><rect clip-path=\"url(#c)\"/></svg>";
        let out = rewrite(html, &here(&p));
        assert!(out.starts_with("<h3 id=\"operations-cost--bill\">Bill <a class=\"anchor\" href=\"#operations-cost--bill\">#</a></h3>"), "{out}");
        assert!(out.contains("for=\"operations-cost--f\""), "{out}");
        assert!(
            out.contains("aria-describedby=\"operations-cost--f-help operations-cost--f-error\""),
            "{out}"
        );
        assert!(out.contains("<title id=\"operations-cost--t\">"), "{out}");
        assert!(
            out.contains("clip-path=\"url(#operations-cost--c)\""),
            "{out}"
        );
    }

    #[test]
    fn named_regions_get_the_page_title() {
        let p = prefixes();
        let out = rewrite(
            "<div class=\"table-wrap\" role=\"region\" aria-label=\"Table 1\">",
            &here(&p),
        );
        assert!(out.contains("aria-label=\"Table 1, Cost\""), "{out}");
    }

    #[test]
    fn links_to_pages_point_inside_the_print_page() {
        let p = prefixes();
        let h = here(&p);
        assert_eq!(
            h.href("../../patterns/dr-ladder/index.html#warm-standby"),
            "#patterns-dr-ladder--warm-standby"
        );
        assert_eq!(
            h.href("../../patterns/dr-ladder/index.html"),
            "#patterns-dr-ladder"
        );
        assert_eq!(h.href("../../index.html"), "#home");
        assert_eq!(
            h.href("https://aws.amazon.com/x"),
            "https://aws.amazon.com/x"
        );
        assert_eq!(h.href("../../img/a.png"), "../img/a.png");
        assert_eq!(h.src("diagram.svg"), "../operations/cost/diagram.svg");
        assert_eq!(h.href("#top"), "#operations-cost");
    }

    #[test]
    fn links_that_leave_the_print_page_carry_their_address() {
        let p = prefixes();
        let html = "<p><a href=\"https://aws.amazon.com/x?a=1&amp;b=2\">AWS</a> \
            <a href=\"../../operations/cost/index.html?cost.regions=3&amp;cost.compute=5#calculator\">the cost calculator</a> \
            <a href=\"../../patterns/dr-ladder/index.html#warm-standby\">warm standby</a> \
            <a class=\"anchor\" href=\"#bill\"></a> <a href=\"../../files/plan.pdf\">plan</a> \
            <a href=\"mailto:sre@example.com\">mail</a> <a href=\"data:text/plain,x\">x</a></p>";
        let out = rewrite(html, &here(&p));
        assert_eq!(
            out,
            "<p><a href=\"https://aws.amazon.com/x?a=1&amp;b=2\">AWS</a> \
            <a href=\"../operations/cost/index.html?cost.regions=3&amp;cost.compute=5#calculator\" \
            data-print-url=\"https://guide.example/docs/operations/cost/?cost.regions=3&amp;cost.compute=5#calculator\">the cost calculator</a> \
            <a href=\"#patterns-dr-ladder--warm-standby\">warm standby</a> \
            <a class=\"anchor\" href=\"#operations-cost--bill\"></a> \
            <a href=\"../files/plan.pdf\" data-print-url=\"https://guide.example/docs/files/plan.pdf\">plan</a> \
            <a href=\"mailto:sre@example.com\" data-print-url=\"sre@example.com\">mail</a> <a href=\"data:text/plain,x\">x</a></p>"
        );
    }

    #[test]
    fn an_ordinary_page_prints_the_address_of_each_link_that_leaves_it() {
        let html = "<p><a href=\"https://aws.amazon.com/x?a=1&amp;b=2\">AWS</a> \
            <a href=\"index.html?cost.regions=3&amp;cost.compute=5#calculator\">these numbers</a> \
            <a class=\"term-link\" href=\"../../reference/glossary/index.html#rpo\" aria-describedby=\"term-rpo\">RPO</a> \
            <a href=\"../../index.html\">home</a> <a class=\"anchor\" href=\"#bill\"></a> \
            <a href=\"index.html#bill\">above</a> <a href=\"../../files/plan.pdf\">plan</a> \
            <a href=\"mailto:sre@example.com\">mail</a> <a href=\"data:text/plain,x\">x</a> <a id=\"n\">no href</a></p>\
            <script type=\"application/json\">{\"a\":\"<a href=\\\"../x/\\\">\"}</script>";
        let out = annotate(html, "operations/cost/", "https://guide.example/docs/");
        assert_eq!(
            out,
            "<p><a href=\"https://aws.amazon.com/x?a=1&amp;b=2\">AWS</a> \
            <a href=\"index.html?cost.regions=3&amp;cost.compute=5#calculator\" \
            data-print-url=\"https://guide.example/docs/operations/cost/?cost.regions=3&amp;cost.compute=5#calculator\">these numbers</a> \
            <a class=\"term-link\" href=\"../../reference/glossary/index.html#rpo\" aria-describedby=\"term-rpo\" \
            data-print-url=\"https://guide.example/docs/reference/glossary/#rpo\">RPO</a> \
            <a href=\"../../index.html\" data-print-url=\"https://guide.example/docs/\">home</a> <a class=\"anchor\" href=\"#bill\"></a> \
            <a href=\"index.html#bill\">above</a> \
            <a href=\"../../files/plan.pdf\" data-print-url=\"https://guide.example/docs/files/plan.pdf\">plan</a> \
            <a href=\"mailto:sre@example.com\" data-print-url=\"sre@example.com\">mail</a> <a href=\"data:text/plain,x\">x</a> <a id=\"n\">no href</a></p>\
            <script type=\"application/json\">{\"a\":\"<a href=\\\"../x/\\\">\"}</script>"
        );
    }

    #[test]
    fn printed_addresses() {
        let at = |href| printed_address("operations/cost/", href, "/");
        assert_eq!(at("../../").as_deref(), Some("/"));
        assert_eq!(
            at("../availability/index.html").as_deref(),
            Some("/operations/availability/")
        );
        assert_eq!(
            at("?cost.regions=2").as_deref(),
            Some("/operations/cost/?cost.regions=2")
        );
        assert_eq!(
            at("diagram.svg").as_deref(),
            Some("/operations/cost/diagram.svg")
        );
        assert_eq!(at("index.html"), None);
        assert_eq!(at("#x"), None);
        assert_eq!(at("tel:+4412345"), None);
        assert_eq!(at("javascript:void(0)"), None);
        let under = |href| printed_address("a/", href, "https://x.example/guide/");
        assert_eq!(
            under("/feed.xml").as_deref(),
            Some("https://x.example/feed.xml")
        );
        assert_eq!(
            under("http://y.example/").as_deref(),
            Some("http://y.example/")
        );
    }

    #[test]
    fn odd_hrefs_print_the_address_a_browser_would_open() {
        let at = |href| printed_address("operations/cost/", href, "https://x.example/");
        // A folder written without its slash is still the folder.
        assert_eq!(at("."), None);
        assert_eq!(at("./"), None);
        assert_eq!(at("..").as_deref(), Some("https://x.example/operations/"));
        assert_eq!(
            at("..?a=1").as_deref(),
            Some("https://x.example/operations/?a=1")
        );
        assert_eq!(at("../../..").as_deref(), Some("https://x.example/"));
        assert_eq!(at("../../../../").as_deref(), Some("https://x.example/"));
        assert_eq!(at(""), None);
        assert_eq!(
            at("?q").as_deref(),
            Some("https://x.example/operations/cost/?q")
        );
        assert_eq!(at("//cdn.example/x"), None);
        assert_eq!(
            at("a b/é.pdf").as_deref(),
            Some("https://x.example/operations/cost/a b/é.pdf")
        );
    }

    #[test]
    fn links_with_another_scheme_stay_as_written_in_the_print_page() {
        let p = prefixes();
        let h = here(&p);
        assert_eq!(h.href("tel:+4412345"), "tel:+4412345");
        assert_eq!(h.href("javascript:void(0)"), "javascript:void(0)");
        assert_eq!(h.href("//cdn.example/x"), "//cdn.example/x");
        assert_eq!(
            h.src("data:image/png;base64,AA"),
            "data:image/png;base64,AA"
        );
        assert_eq!(h.href(".."), "../operations/");
    }

    #[test]
    fn without_a_base_url_addresses_start_at_the_site_root() {
        let p = prefixes();
        let h = Here {
            base_url: "/",
            ..here(&p)
        };
        assert_eq!(
            h.link("../../index.html?recommend.users=30000#pick-your-row"),
            Link {
                href: "../index.html?recommend.users=30000#pick-your-row".into(),
                address: Some("/?recommend.users=30000#pick-your-row".into()),
            }
        );
    }

    #[test]
    fn scripts_comments_and_assumptions() {
        let p = prefixes();
        let html = "<!-- id=\"x\" --><script type=\"application/json\">{\"a\":\"<b id=\\\"y\\\">\"}</script>\
            <details class=\"calc-assumptions\"><summary>A</summary></details><details class=\"chart-data\">";
        let out = rewrite(html, &here(&p));
        assert!(out.starts_with("<!-- id=\"x\" --><script type=\"application/json\">{\"a\":\"<b id=\\\"y\\\">\"}</script>"), "{out}");
        assert!(
            out.contains("<details open class=\"calc-assumptions\">"),
            "{out}"
        );
        assert!(out.contains("<details class=\"chart-data\">"), "{out}");
    }

    #[test]
    fn paths_resolve() {
        assert_eq!(resolve("a/b/", "../../c/index.html"), "c/index.html");
        assert_eq!(resolve("a/b/", "./x.png"), "a/b/x.png");
        assert_eq!(resolve("", "a/"), "a/");
    }
}
