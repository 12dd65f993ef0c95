//! `regionwise check`: everything `build` validates (without writing), the
//! review dates, and optionally the external links.
//!
//! Build errors and broken external links are errors (exit 1); pages due for
//! review are warnings, which fail the check only when asked (`--strict`),
//! because a stale page is a task for its owner, not a broken site.

pub mod external;

use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;

use crate::error::Diagnostics;
use crate::render::html;
use crate::review::{self, Date, Overdue};
use crate::site::{BuildOptions, RenderedSite, Site};

pub use external::Limits;

/// What to check.
#[derive(Debug, Clone)]
pub struct CheckOptions {
    /// The site folder; None checks the bundled guide.
    pub root: Option<PathBuf>,
    pub drafts: bool,
    /// Check links to other sites (needs the network).
    pub external: Option<Limits>,
    /// The day the review dates are measured against.
    pub today: Date,
}

/// An external link that did not answer with a success.
#[derive(Debug, Clone)]
pub struct BrokenLink {
    pub url: String,
    /// `file:line` of the pages that use it.
    pub used_in: Vec<String>,
    pub reason: String,
}

/// Everything the check found.
#[derive(Debug, Default)]
pub struct Report {
    pub pages: usize,
    pub errors: Diagnostics,
    pub broken_links: Vec<BrokenLink>,
    pub links_checked: usize,
    pub overdue: Vec<Overdue>,
    /// Ejected files whose bundled version changed since (warnings).
    pub upstream: Vec<crate::eject::Upstream>,
}

impl Report {
    pub fn error_count(&self) -> usize {
        self.errors.len() + self.broken_links.len()
    }

    pub fn warning_count(&self) -> usize {
        self.overdue.len() + self.upstream.len()
    }
}

/// Runs every check; never stops at the first problem. The site is loaded,
/// parsed and rendered once, as `build` does; the checks beyond the build
/// read what that run kept (the pages, their review dates, the lines their
/// links are written on).
pub fn check(opts: &CheckOptions) -> Report {
    let build = BuildOptions {
        root: opts.root.clone(),
        output: PathBuf::new(),
        base_url: None,
        drafts: opts.drafts,
        force: false,
    };
    let mut report = Report::default();
    if let Some(root) = &opts.root {
        match crate::eject::upgrade_report(root) {
            Ok(upstream) => report.upstream = upstream,
            Err(d) => report.errors.push(d),
        }
    }
    let loaded = match Site::load(&build, &mut ()) {
        Ok(loaded) => loaded,
        Err(diags) => {
            report.errors.extend(diags.0);
            return report;
        }
    };
    report.pages = loaded.site.library.pages.len();
    report.overdue = overdue_pages(&loaded.site, opts.today);
    let rendered = match loaded.render(&mut ()) {
        Ok(rendered) => rendered,
        Err(diags) => {
            report.errors.extend(diags.0);
            return report;
        }
    };
    if let Some(limits) = &opts.external {
        let uses = external_links(&rendered);
        report.links_checked = uses.len();
        let urls: Vec<String> = uses.keys().cloned().collect();
        for (url, outcome) in external::check_all(&urls, limits) {
            if let Err(reason) = outcome {
                let used_in = uses.get(&url).cloned().unwrap_or_default();
                report.broken_links.push(BrokenLink {
                    url,
                    used_in,
                    reason,
                });
            }
        }
    }
    report
}

fn overdue_pages(site: &Site, today: Date) -> Vec<Overdue> {
    let library = &site.library;
    library
        .reading_order
        .iter()
        .filter_map(|&id| {
            let page = &library.pages[id];
            // A site's bundled pages are reviewed upstream, and update with
            // the binary; only the bundled guide built alone reports them.
            if site.root.is_some() && page.origin == crate::load::Origin::Bundled {
                return None;
            }
            let file = page.display.display().to_string();
            review::overdue(
                &file,
                site.review_date(page),
                site.config.review.months,
                today,
            )
        })
        .collect()
}

/// Every `http(s)://` link or source in the built pages (not the site's own
/// absolute URLs), with the `file:line` of each place that writes it: the
/// lines render recorded, or the page's file alone for a link its template
/// writes.
fn external_links(rendered: &RenderedSite) -> BTreeMap<String, Vec<String>> {
    let library = &rendered.site.library;
    let own = rendered.site.config.base_url();
    let pages: HashMap<String, usize> = library
        .pages
        .iter()
        .map(|p| (format!("{}index.html", p.url), p.id))
        .collect();
    let mut uses: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for file in &rendered.files {
        let Some(&id) = pages.get(&file.path) else {
            continue;
        };
        let page = &library.pages[id];
        let written = &rendered.external_links[id];
        let html = String::from_utf8_lossy(&file.bytes);
        for url in attribute_urls(&html) {
            if !(url.starts_with("http://") || url.starts_with("https://")) || url.starts_with(&own)
            {
                continue;
            }
            let mut places: Vec<String> = written
                .iter()
                .filter(|link| link.url == url)
                .map(|link| link.location.to_string())
                .collect();
            if places.is_empty() {
                places.push(page.display.display().to_string());
            }
            let list = uses.entry(url).or_default();
            for place in places {
                if !list.contains(&place) {
                    list.push(place);
                }
            }
        }
    }
    uses
}

/// The values of `href="..."` and `src="..."` attributes, unescaped.
fn attribute_urls(html: &str) -> Vec<String> {
    ["href", "src"]
        .into_iter()
        .flat_map(|name| html::attribute_values(html, name))
        .map(|url| url.into_owned())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_link_and_source_urls() {
        let html = r#"<a href="https://a.io/x?y=1&amp;z=2">a</a><img src="http://b.io/i.png"><a href="../x/">"#;
        assert_eq!(
            attribute_urls(html),
            ["https://a.io/x?y=1&z=2", "../x/", "http://b.io/i.png"]
        );
    }
}
