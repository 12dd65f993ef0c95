//! `regionwise check`: everything `build` validates (without writing), the
//! review dates, and optionally the external links.
//!
//! Build errors and broken external links are errors (exit 1); pages due for
//! review are warnings, which fail the check only when asked (`--strict`),
//! because a stale page is a task for its owner, not a broken site.

pub mod external;

use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;

use crate::config::Config;
use crate::error::Diagnostics;
use crate::load;
use crate::parse::library::Library;
use crate::render::html;
use crate::review::{self, Date, Overdue};
use crate::site::{self, BuildOptions, RenderedSite};

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
}

impl Report {
    pub fn error_count(&self) -> usize {
        self.errors.len() + self.broken_links.len()
    }
}

/// Runs every check; never stops at the first problem.
pub fn check(opts: &CheckOptions) -> Report {
    let build = BuildOptions {
        root: opts.root.clone(),
        output: PathBuf::new(),
        base_url: None,
        drafts: opts.drafts,
        force: false,
    };
    let mut report = Report::default();
    let rendered = match site::render_site(&build, &mut ()) {
        Ok(r) => Some(r),
        Err(diags) => {
            report.errors = diags;
            None
        }
    };
    let Some((config, library)) = load_library(opts) else {
        return report;
    };
    report.pages = library.pages.len();
    report.overdue = overdue_pages(opts, &config, &library);
    if let (Some(limits), Some(rendered)) = (&opts.external, &rendered) {
        let uses = external_links(rendered, &library);
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

/// The config and pages, for the checks beyond the build (they are parsed
/// again: cheap next to rendering, and it keeps the build pipeline simple).
fn load_library(opts: &CheckOptions) -> Option<(Config, Library)> {
    let files = load::load_site(opts.root.as_deref()).ok()?;
    let file = files.config.as_ref()?;
    let config = Config::parse(&file.text, &file.display).ok()?;
    let library = Library::build(&files.pages, opts.drafts).ok()?;
    Some((config, library))
}

fn overdue_pages(opts: &CheckOptions, config: &Config, library: &Library) -> Vec<Overdue> {
    let git = match config.review.from_git {
        true => review::content_dates(opts.root.as_deref()),
        false => Default::default(),
    };
    library
        .reading_order
        .iter()
        .filter_map(|&id| {
            let page = &library.pages[id];
            let fm = &page.front_matter;
            let date = review::review_date(
                fm.reviewed.as_deref(),
                git.get(&page.source).map(|d| d.last.as_str()),
                fm.updated.as_deref(),
            );
            let file = page.display.display().to_string();
            review::overdue(&file, date, config.review.months, opts.today)
        })
        .collect()
}

/// Every `http(s)://` link or source in the built pages (not the site's own
/// absolute URLs), with the `file:line` of each page that uses it.
fn external_links(rendered: &RenderedSite, library: &Library) -> BTreeMap<String, Vec<String>> {
    let own = rendered.config.base_url();
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
        let html = String::from_utf8_lossy(&file.bytes);
        for url in attribute_urls(&html) {
            if !(url.starts_with("http://") || url.starts_with("https://")) || url.starts_with(&own)
            {
                continue;
            }
            let line = page
                .body
                .find(url.as_str())
                .map(|at| page.body_line + page.body[..at].matches('\n').count());
            let place = match line {
                Some(line) => format!("{}:{line}", page.display.display()),
                None => page.display.display().to_string(),
            };
            let list = uses.entry(url).or_default();
            if !list.contains(&place) {
                list.push(place);
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
