//! `sitemap.xml` and `robots.txt`: the only places absolute URLs are needed.

use pulldown_cmark_escape::escape_html;

use crate::parse::library::{Library, Page};

/// Every page in reading order; `lastmod` says when a page last changed
/// (`YYYY-MM-DD`), where that is known.
pub fn sitemap(lib: &Library, base_url: &str, lastmod: impl Fn(&Page) -> Option<String>) -> String {
    let mut s = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
    for &id in &lib.reading_order {
        let page = &lib.pages[id];
        s.push_str("  <url><loc>");
        let _ = escape_html(&mut s, &format!("{base_url}{}", page.url));
        s.push_str("</loc>");
        if let Some(date) = lastmod(page) {
            s.push_str("<lastmod>");
            let _ = escape_html(&mut s, &date);
            s.push_str("</lastmod>");
        }
        s.push_str("</url>\n");
    }
    s.push_str("</urlset>\n");
    s
}

pub fn robots(base_url: &str) -> String {
    format!("User-agent: *\nAllow: /\nSitemap: {base_url}sitemap.xml\n")
}
