//! The client-side search index: small files the browser loads on demand.
//!
//! Why an index of our own: search must work from a copied folder opened as
//! files (`file://`), where browsers refuse `fetch()`. So every index file is
//! a tiny script that hands its data to a global (`RegionwiseSearch.load`)
//! and `static/search.js` loads it with a `<script>` element, which both
//! `file://` and a `script-src 'self'` CSP allow.
//!
//! Why shards: one monolithic index grows with the site and every reader pays
//! for all of it. Here a query loads the manifest (a few hundred bytes per
//! thousand pages), the term shards its words fall in (~24 KB each) and the
//! document shards of the results it shows.
//!
//! Files, under `search/`:
//! - `index.js` — the manifest: document count, the first term of each term
//!   shard, the first document of each document shard, the stop words.
//! - `terms-N.HASH.js` — a run of sorted terms, each with its postings
//!   `[doc, score, doc, score, ...]` (doc ids delta-coded).
//! - `docs-N.HASH.js` — title, URL, section and text by heading of a run of
//!   documents: what a result shows (snippet, link to the heading).
//!
//! Shard names carry a content hash, so a CDN may cache them forever; only
//! `index.js` must be served with a short cache.

mod tokens;

use std::collections::HashMap;
use std::fmt::Write as _;

use rayon::prelude::*;
use serde::Serialize;

pub use tokens::{for_each_word, STOP_WORDS};

use crate::write::{assets::hashed_name, OutFile};

/// One page's searchable text.
pub struct Document<'a> {
    /// From the site root, e.g. `patterns/dr-ladder/` (`""` for the home page).
    pub url: &'a str,
    pub title: &'a str,
    /// The top-level section's title, shown next to a result.
    pub section: &'a str,
    /// Plain text with [`push_section_mark`] marks where H2/H3 headings start.
    pub text: &'a str,
}

/// Marks the start of a heading's section in a page's plain text, so results
/// can link to the heading where the words were found.
pub fn push_section_mark(text: &mut String, id: &str, title: &str) {
    text.push(SECTION_START);
    text.push_str(id);
    text.push(TITLE_START);
    text.push_str(title);
    text.push('\n');
}

const SECTION_START: char = '\u{1E}';
const TITLE_START: char = '\u{1F}';

/// Term shards are cut when their JSON passes this many bytes.
const TERM_SHARD_BYTES: usize = 24 * 1024;
/// Document shards are cut when their JSON passes this many bytes.
const DOC_SHARD_BYTES: usize = 32 * 1024;
/// Text kept per document for snippets; scoring uses all of it.
const SNIPPET_TEXT_BYTES: usize = 12 * 1024;

/// Field weights: a word in the title outranks one in a heading, which
/// outranks any number of mentions in the body.
const TITLE_WEIGHT: f64 = 3.0;
const HEADING_WEIGHT: f64 = 1.2;
/// BM25 parameters for the body text.
const K1: f64 = 1.2;
const B: f64 = 0.75;
/// Scores are written as integers: score × this.
const SCORE_SCALE: f64 = 20.0;

/// One heading's part of a page: what a result shows and links to.
#[derive(Debug, Serialize, PartialEq)]
struct Part {
    /// The heading's id (`""` for the text before the first heading).
    id: String,
    heading: String,
    text: String,
}

/// How often each word occurs in one document, by field.
#[derive(Default)]
struct DocTerms {
    counts: HashMap<String, Counts>,
    body_words: usize,
}

#[derive(Default, Clone, Copy)]
struct Counts {
    title: u32,
    heading: u32,
    body: u32,
}

/// The manifest, `search/index.js`.
#[derive(Serialize)]
struct Manifest<'a> {
    version: u32,
    docs: usize,
    /// First term of each term shard, sorted.
    terms: Vec<&'a str>,
    term_files: Vec<String>,
    /// First document id of each document shard.
    doc_starts: Vec<usize>,
    doc_files: Vec<String>,
    stop_words: &'static [&'static str],
}

/// The index files to write under `search/`.
pub fn build_index(docs: &[Document]) -> Vec<OutFile> {
    let parts: Vec<Vec<Part>> = docs.par_iter().map(|d| split_parts(d.text)).collect();
    let terms: Vec<DocTerms> = docs.par_iter().map(count_terms).collect();
    let postings = postings(&terms);

    let mut files = Vec::new();
    let (term_starts, term_files) = term_shards(&postings, &mut files);
    let (doc_starts, doc_files) = doc_shards(docs, parts, &mut files);
    let manifest = Manifest {
        version: 1,
        docs: docs.len(),
        terms: term_starts,
        term_files,
        doc_starts,
        doc_files,
        stop_words: STOP_WORDS,
    };
    files.push(OutFile::new(
        "search/index.js",
        script("index", &json(&manifest)),
    ));
    files
}

/// Splits marked plain text into heading parts, whitespace collapsed, text
/// capped for snippets.
fn split_parts(text: &str) -> Vec<Part> {
    let mut parts = Vec::new();
    let mut budget = SNIPPET_TEXT_BYTES;
    for (i, chunk) in text.split(SECTION_START).enumerate() {
        let (id, heading, body) = match (i, chunk.split_once(TITLE_START)) {
            (0, _) | (_, None) => ("", "", chunk),
            (_, Some((id, rest))) => {
                let (heading, body) = rest.split_once('\n').unwrap_or((rest, ""));
                (id, heading, body)
            }
        };
        let mut text = collapse_whitespace(body);
        truncate(&mut text, budget);
        budget -= text.len();
        if i == 0 && text.is_empty() {
            continue;
        }
        parts.push(Part {
            id: id.to_string(),
            heading: heading.to_string(),
            text,
        });
    }
    parts
}

fn collapse_whitespace(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for word in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// Cuts `s` to at most `max` bytes at a word boundary.
fn truncate(s: &mut String, max: usize) {
    if s.len() <= max {
        return;
    }
    let mut end = max;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    let end = s[..end].rfind(' ').unwrap_or(end);
    s.truncate(end);
}

fn count_terms(doc: &Document) -> DocTerms {
    let mut t = DocTerms::default();
    for_each_word(doc.title, |w| entry(&mut t.counts, w).title += 1);
    for (i, chunk) in doc.text.split(SECTION_START).enumerate() {
        let body = match (i, chunk.split_once(TITLE_START)) {
            (0, _) | (_, None) => chunk,
            (_, Some((_, rest))) => {
                let (heading, body) = rest.split_once('\n').unwrap_or((rest, ""));
                for_each_word(heading, |w| entry(&mut t.counts, w).heading += 1);
                body
            }
        };
        let mut n = 0;
        for_each_word(body, |w| {
            entry(&mut t.counts, w).body += 1;
            n += 1;
        });
        t.body_words += n;
    }
    t
}

fn entry<'m>(map: &'m mut HashMap<String, Counts>, word: &str) -> &'m mut Counts {
    if !map.contains_key(word) {
        map.insert(word.to_string(), Counts::default());
    }
    map.get_mut(word).expect("inserted above")
}

/// Every term with its postings, sorted by term.
fn postings(terms: &[DocTerms]) -> Vec<(&str, Vec<(u32, u32)>)> {
    let total: usize = terms.iter().map(|t| t.body_words).sum();
    let avg = (total as f64 / terms.len().max(1) as f64).max(1.0);
    let mut map: HashMap<&str, Vec<(u32, u32)>> = HashMap::new();
    for (doc, t) in terms.iter().enumerate() {
        let norm = K1 * (1.0 - B + B * t.body_words as f64 / avg);
        for (word, c) in &t.counts {
            let body = f64::from(c.body);
            let score = TITLE_WEIGHT * f64::from(c.title.min(1))
                + HEADING_WEIGHT * f64::from(c.heading.min(2))
                + body * (K1 + 1.0) / (body + norm);
            let score = (score * SCORE_SCALE).round().max(1.0) as u32;
            map.entry(word.as_str())
                .or_default()
                .push((doc as u32, score));
        }
    }
    let mut list: Vec<(&str, Vec<(u32, u32)>)> = map.into_iter().collect();
    list.par_sort_unstable_by(|a, b| a.0.cmp(b.0));
    list
}

/// Writes the term shards; returns the first term of each and its file.
fn term_shards<'a>(
    postings: &[(&'a str, Vec<(u32, u32)>)],
    files: &mut Vec<OutFile>,
) -> (Vec<&'a str>, Vec<String>) {
    let mut starts = Vec::new();
    let mut names = Vec::new();
    let mut body = String::new();
    for (term, list) in postings {
        if body.is_empty() {
            starts.push(*term);
        }
        body.push(if body.is_empty() { '{' } else { ',' });
        body.push_str(&json(term));
        body.push_str(":[");
        let mut last = 0;
        for (i, (doc, score)) in list.iter().enumerate() {
            if i > 0 {
                body.push(',');
            }
            let _ = write!(body, "{},{score}", doc - last);
            last = *doc;
        }
        body.push(']');
        if body.len() >= TERM_SHARD_BYTES {
            flush_shard("terms", &mut body, '}', files, &mut names);
        }
    }
    if !body.is_empty() {
        flush_shard("terms", &mut body, '}', files, &mut names);
    }
    (starts, names)
}

/// Writes the document shards; returns the first document of each and its
/// file.
fn doc_shards(
    docs: &[Document],
    parts: Vec<Vec<Part>>,
    files: &mut Vec<OutFile>,
) -> (Vec<usize>, Vec<String>) {
    let mut starts = Vec::new();
    let mut names = Vec::new();
    let mut body = String::new();
    for (id, (doc, parts)) in docs.iter().zip(parts).enumerate() {
        if body.is_empty() {
            starts.push(id);
        }
        body.push(if body.is_empty() { '[' } else { ',' });
        let url = format!("{}index.html", doc.url);
        let parts: Vec<(String, String, String)> = parts
            .into_iter()
            .map(|p| (p.id, p.heading, p.text))
            .collect();
        body.push_str(&json(&(doc.title, url, doc.section, parts)));
        if body.len() >= DOC_SHARD_BYTES {
            flush_shard("docs", &mut body, ']', files, &mut names);
        }
    }
    if !body.is_empty() {
        flush_shard("docs", &mut body, ']', files, &mut names);
    }
    (starts, names)
}

/// Closes a shard's JSON, wraps it in its loader call and names it by hash.
fn flush_shard(
    kind: &str,
    body: &mut String,
    close: char,
    files: &mut Vec<OutFile>,
    names: &mut Vec<String>,
) {
    body.push(close);
    let n = names.len();
    let bytes = script(&format!("{kind}/{n}"), body);
    let name = hashed_name(&format!("search/{kind}-{n}.js"), bytes.as_bytes());
    names.push(name.trim_start_matches("search/").to_string());
    files.push(OutFile::new(name, bytes));
    body.clear();
}

/// `RegionwiseSearch.load("terms/3", {...});` — a script, not JSON, so it
/// loads from `file://` too.
fn script(key: &str, json_body: &str) -> String {
    format!("RegionwiseSearch.load({},{json_body});\n", json(&key))
}

fn json<T: Serialize + ?Sized>(value: &T) -> String {
    // Serialising strings, numbers and vectors of them cannot fail.
    serde_json::to_string(value).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc<'a>(url: &'a str, title: &'a str, text: &'a str) -> Document<'a> {
        Document {
            url,
            title,
            section: "Guide",
            text,
        }
    }

    fn marked(intro: &str, sections: &[(&str, &str, &str)]) -> String {
        let mut t = intro.to_string();
        for (id, title, body) in sections {
            push_section_mark(&mut t, id, title);
            t.push_str(body);
        }
        t
    }

    fn file<'f>(files: &'f [OutFile], prefix: &str) -> &'f str {
        let f = files
            .iter()
            .find(|f| f.path.starts_with(prefix))
            .expect("file");
        std::str::from_utf8(&f.bytes).expect("utf-8")
    }

    #[test]
    fn parts_follow_headings() {
        let text = marked(
            "Intro  text\n",
            &[("why", "Why", "Because.\n"), ("how", "How", "")],
        );
        let parts = split_parts(&text);
        assert_eq!(parts.len(), 3);
        assert_eq!(parts[0].text, "Intro text");
        assert_eq!(
            (parts[1].id.as_str(), parts[1].heading.as_str()),
            ("why", "Why")
        );
        assert_eq!(parts[1].text, "Because.");
        assert_eq!(parts[2].text, "");
    }

    #[test]
    fn title_outranks_body() {
        let a_text = "failover failover failover failover";
        let docs = [
            doc("a/", "Replication", a_text),
            doc("b/", "Failover drills", "How to run one."),
        ];
        let terms: Vec<_> = docs.iter().map(count_terms).collect();
        let postings = postings(&terms);
        let (_, list) = postings.iter().find(|(t, _)| *t == "failover").unwrap();
        let score = |doc: u32| list.iter().find(|(d, _)| *d == doc).unwrap().1;
        assert!(score(1) > score(0), "{list:?}");
    }

    #[test]
    fn writes_manifest_and_shards_as_scripts() {
        let docs = [doc("", "Home", "Welcome to the guide to regions.")];
        let files = build_index(&docs);
        let manifest = file(&files, "search/index.js");
        assert!(manifest.starts_with("RegionwiseSearch.load(\"index\",{"));
        assert!(manifest.contains("\"docs\":1"));
        let terms = file(&files, "search/terms-0.");
        assert!(terms.contains("\"regions\":[0,"), "{terms}");
        assert!(!terms.contains("\"the\""));
        let docs_file = file(&files, "search/docs-0.");
        assert!(docs_file.contains("[\"Home\",\"index.html\",\"Guide\""));
    }

    #[test]
    fn shards_split_large_indexes() {
        let texts: Vec<String> = (0..400)
            .map(|i| format!("page{i} unique{i} words about regions and failover {i}"))
            .collect();
        let titles: Vec<String> = (0..400).map(|i| format!("Page {i}")).collect();
        let urls: Vec<String> = (0..400).map(|i| format!("p{i}/")).collect();
        let docs: Vec<Document> = (0..400)
            .map(|i| doc(&urls[i], &titles[i], &texts[i]))
            .collect();
        let files = build_index(&docs);
        let shards = files
            .iter()
            .filter(|f| f.path.starts_with("search/terms-"))
            .count();
        assert!(shards > 1, "{shards}");
        assert!(files.iter().all(|f| f.bytes.len() < 64 * 1024));
    }

    #[test]
    fn truncates_on_char_boundary() {
        let mut s = "aé bé cé".to_string();
        truncate(&mut s, 5);
        assert_eq!(s, "aé");
    }
}
