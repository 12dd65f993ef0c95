//! The cold start of every page of the bundled guide stays within the budget
//! the README states: what a browser with an empty cache downloads on a first
//! visit, in requests and gzipped bytes. Same rules as
//! `bench/cold-start.py`, which reports the figures.
//!
//! A first visit fetches the HTML; each `<link rel="stylesheet">`,
//! `<link rel="icon">`, `<script src>` and `<img src>`; and what
//! `static/site.js` loads at start: the search script on a page with the
//! search box, and the calculator glue, its bindings and the wasm only on a
//! page with a calculator. The search index loads on a query, not here.

use std::collections::BTreeSet;
use std::io::Write;
use std::path::{Path, PathBuf};

use flate2::write::GzEncoder;
use flate2::Compression;

use crate::support::regionwise;

/// A page without a calculator: HTML + CSS + JS + icon. 40 KB since the
/// reading aids (navigation drawer, table of contents with scroll-spy, copy
/// buttons, glossary definitions on hover) came in: 30 KB before.
const PAGE_BUDGET: Budget = Budget {
    requests: 6,
    gzip_kb: 40,
};
/// A page with a calculator: the above plus the calculator bundle (≤ 150 KB).
const CALCULATOR_PAGE_BUDGET: Budget = Budget {
    requests: 9,
    gzip_kb: 190,
};

struct Budget {
    requests: usize,
    gzip_kb: usize,
}

/// The value of `name="…"` in one tag.
fn attr<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let needle = format!(" {name}=\"");
    let start = tag.find(&needle)? + needle.len();
    let len = tag[start..].find('"')?;
    Some(&tag[start..start + len])
}

/// Every `<NAME …>` opening tag in the page.
fn tags<'a>(html: &'a str, name: &str) -> Vec<&'a str> {
    let open = format!("<{name}");
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(i) = rest.find(&open) {
        let tag = &rest[i..];
        let end = tag.find('>').map_or(tag.len(), |e| e + 1);
        if tag[open.len()..].starts_with(|c: char| c.is_whitespace() || c == '>') {
            out.push(&tag[..end]);
        }
        rest = &tag[end..];
    }
    out
}

/// Whether some element has the attribute `name` (not just one starting so).
fn has_attr(html: &str, name: &str) -> bool {
    let needle = format!(" {name}");
    html.match_indices(&needle).any(|(i, _)| {
        html[i + needle.len()..].starts_with(|c: char| c == '>' || c == '=' || c.is_whitespace())
    })
}

/// Same-site paths a first visit fetches besides the HTML, without repeats.
fn references(html: &str) -> Vec<String> {
    let mut refs: Vec<String> = Vec::new();
    for tag in tags(html, "link") {
        let rel = attr(tag, "rel").unwrap_or("");
        if rel.split(' ').any(|r| r == "stylesheet" || r == "icon") {
            refs.extend(attr(tag, "href").map(str::to_string));
        }
    }
    for tag in tags(html, "script").into_iter().chain(tags(html, "img")) {
        refs.extend(attr(tag, "src").map(str::to_string));
    }
    let body = tags(html, "body").into_iter().next().unwrap_or("");
    let root = attr(body, "data-root").unwrap_or("");
    if has_attr(html, "data-search") {
        refs.extend(attr(body, "data-search-js").map(|p| format!("{root}{p}")));
    }
    if has_attr(html, "data-calc") {
        for key in ["data-calc-js", "data-calc-bindings", "data-calc-wasm"] {
            refs.extend(attr(body, key).map(|p| format!("{root}{p}")));
        }
    }
    let mut seen = BTreeSet::new();
    refs.retain(|r| !r.contains("://") && !r.starts_with("data:") && seen.insert(r.clone()));
    refs
}

fn gzip_len(bytes: &[u8]) -> usize {
    let mut enc = GzEncoder::new(Vec::new(), Compression::new(6));
    enc.write_all(bytes).expect("gzip");
    enc.finish().expect("gzip").len()
}

/// One page's first visit: (requests, gzipped bytes, missing files).
fn cold_start(page: &Path) -> (usize, usize, Vec<String>) {
    let html = std::fs::read_to_string(page).expect("page");
    let dir = page.parent().expect("page folder");
    let mut requests = 1;
    let mut gz = gzip_len(html.as_bytes());
    let mut missing = Vec::new();
    for r in references(&html) {
        requests += 1;
        let path = r.split(['#', '?']).next().unwrap_or(&r);
        match std::fs::read(dir.join(path)) {
            Ok(bytes) => gz += gzip_len(&bytes),
            Err(_) => missing.push(r),
        }
    }
    (requests, gz, missing)
}

fn built_guide(out: &Path) -> Vec<PathBuf> {
    regionwise()
        .args(["build", "--output"])
        .arg(out)
        .assert()
        .success();
    walkdir::WalkDir::new(out)
        .into_iter()
        .map(|e| e.expect("walk").into_path())
        .filter(|p| p.file_name().is_some_and(|n| n == "index.html"))
        // The print edition is the whole guide on one page, opened to print
        // it, not a page a reader lands on.
        .filter(|p| !p.ends_with("print/index.html"))
        .collect()
}

#[test]
fn every_page_of_the_guide_starts_within_its_budget() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    let pages = built_guide(&out);
    assert!(pages.len() > 10, "the guide has {} pages", pages.len());
    let mut over = Vec::new();
    let mut with_calculator = 0;
    for page in &pages {
        let html = std::fs::read_to_string(page).unwrap();
        let calc = has_attr(&html, "data-calc");
        with_calculator += usize::from(calc);
        let budget = if calc {
            &CALCULATOR_PAGE_BUDGET
        } else {
            &PAGE_BUDGET
        };
        let (requests, gz, missing) = cold_start(page);
        let name = page.strip_prefix(&out).unwrap().display();
        assert!(
            missing.is_empty(),
            "{name} references missing files: {missing:?}"
        );
        if requests > budget.requests || gz > budget.gzip_kb * 1024 {
            over.push(format!(
                "{name}: {requests} requests (budget {}), {:.1} KB gzipped (budget {} KB)",
                budget.requests,
                gz as f64 / 1024.0,
                budget.gzip_kb
            ));
        }
    }
    assert!(with_calculator > 0, "no page of the guide has a calculator");
    assert!(
        over.is_empty(),
        "over the cold-start budget:\n{}",
        over.join("\n")
    );
}

#[test]
fn the_calculator_bundle_loads_only_on_calculator_pages() {
    let plain = r#"<html><head><link rel="stylesheet" href="../site.1.css"><script src="../theme.1.js"></script></head>
<body data-root="../" data-search-js="search.1.js" data-calc-js="calc.1.js" data-calc-wasm="calc/m.wasm" data-calc-bindings="calc/m.js">
<div data-search></div><p>text</p></body></html>"#;
    assert_eq!(
        references(plain),
        ["../site.1.css", "../theme.1.js", "../search.1.js"]
    );
    let calc = plain.replace("<p>text</p>", r#"<form data-calc="cost"></form>"#);
    assert_eq!(
        references(&calc),
        [
            "../site.1.css",
            "../theme.1.js",
            "../search.1.js",
            "../calc.1.js",
            "../calc/m.js",
            "../calc/m.wasm"
        ]
    );
    let no_search_box = plain.replace("<div data-search></div>", "");
    assert_eq!(
        references(&no_search_box),
        ["../site.1.css", "../theme.1.js"]
    );
}
