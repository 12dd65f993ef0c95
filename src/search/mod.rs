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

use std::borrow::Cow;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use rayon::prelude::*;
use serde::Serialize;

pub use tokens::{for_each_word, STOP_WORDS};

use crate::write::OutFile;

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

/// The text of an HTML fragment (a shortcode's output) for the index: tags
/// dropped, block ends as line breaks, the usual entities decoded, and the
/// contents of `<script>`, `<style>` and `<svg>` left out (data and drawing,
/// not prose; a chart's numbers are in the table after it).
pub fn html_to_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len() / 2);
    let mut rest = html;
    while let Some(lt) = rest.find('<') {
        out.push_str(&decode_entities(&rest[..lt]));
        let tag_end = rest[lt..].find('>').map_or(rest.len(), |i| lt + i + 1);
        let tag = &rest[lt..tag_end];
        rest = &rest[tag_end..];
        let name: String = tag
            .trim_start_matches('<')
            .chars()
            .take_while(char::is_ascii_alphanumeric)
            .collect::<String>()
            .to_ascii_lowercase();
        // A heading with an id inside a shortcode's HTML (a failure-mode
        // card) starts a section of its own, so results can link to it.
        if matches!(name.as_str(), "h2" | "h3") {
            if let Some(id) = attribute(tag, "id") {
                let close = format!("</{name}");
                let end = rest.find(&close).unwrap_or(rest.len());
                let title = html_to_text(&rest[..end]);
                out.push('\n');
                push_section_mark(&mut out, &id, title.trim());
                rest = &rest[end..];
                rest = rest.find('>').map_or("", |i| &rest[i + 1..]);
                continue;
            }
        }
        if matches!(name.as_str(), "script" | "style" | "svg") {
            let close = format!("</{name}");
            let skip = rest.find(&close).unwrap_or(rest.len());
            rest = &rest[skip..];
            rest = rest.find('>').map_or("", |i| &rest[i + 1..]);
        }
        if is_inline(&name) {
            continue;
        }
        let line_break = (tag.starts_with("</") && is_block(&name)) || name == "br";
        out.push(if line_break { '\n' } else { ' ' });
    }
    out.push_str(&decode_entities(rest));
    out
}

/// The value of `name="..."` in an opening tag, entities decoded.
fn attribute(tag: &str, name: &str) -> Option<String> {
    let key = format!(" {name}=\"");
    let start = tag.find(&key)? + key.len();
    let end = tag[start..].find('"')? + start;
    Some(decode_entities(&tag[start..end]).into_owned())
}

/// Tags inside a line of text: no space, or `<span>8 min</span>:` would
/// read "8 min :".
fn is_inline(name: &str) -> bool {
    matches!(
        name,
        "span"
            | "a"
            | "strong"
            | "em"
            | "b"
            | "i"
            | "code"
            | "abbr"
            | "small"
            | "mark"
            | "time"
            | "data"
            | "sub"
            | "sup"
            | "output"
    )
}

fn is_block(name: &str) -> bool {
    matches!(
        name,
        "p" | "div"
            | "li"
            | "tr"
            | "table"
            | "section"
            | "figure"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "dd"
            | "dt"
            | "dl"
            | "ul"
            | "ol"
            | "form"
            | "fieldset"
            | "caption"
    )
}

fn decode_entities(s: &str) -> std::borrow::Cow<'_, str> {
    if !s.contains('&') {
        return std::borrow::Cow::Borrowed(s);
    }
    std::borrow::Cow::Owned(
        s.replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&quot;", "\"")
            .replace("&#39;", "'")
            .replace("&nbsp;", " ")
            .replace("&amp;", "&"),
    )
}

const SECTION_START: char = '\u{1E}';
const TITLE_START: char = '\u{1F}';

/// Term shards are cut when their JSON passes this many bytes.
const TERM_SHARD_BYTES: usize = 24 * 1024;
/// Document shards are cut when their JSON passes this many bytes.
const DOC_SHARD_BYTES: usize = 32 * 1024;
/// Text kept for snippets, per heading part and per document (scoring uses
/// all of it). Enough for a snippet near the top of each part; it keeps the
/// index for 10,000 pages to tens of megabytes instead of a copy of the site.
const PART_TEXT_BYTES: usize = 480;
const DOC_TEXT_BYTES: usize = 3 * 1024;
/// Every heading keeps at least this much text past the page's budget, so a
/// result never shows a clipped word as its snippet.
const MIN_PART_TEXT_BYTES: usize = 160;

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

/// A fast hasher for the index's word maps (FxHash): the default SipHash
/// guards against hash flooding, which an author's own text cannot mount,
/// and costs several times more on millions of short words.
#[derive(Default, Clone, Copy)]
struct Fx(u64);

impl Hasher for Fx {
    fn write(&mut self, bytes: &[u8]) {
        for chunk in bytes.chunks(8) {
            let mut word = [0u8; 8];
            word[..chunk.len()].copy_from_slice(chunk);
            self.add(u64::from_le_bytes(word));
        }
    }
    fn write_u8(&mut self, b: u8) {
        self.add(u64::from(b));
    }
    fn write_usize(&mut self, n: usize) {
        self.add(n as u64);
    }
    fn finish(&self) -> u64 {
        self.0
    }
}

impl Fx {
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

type FxMap<K, V> = HashMap<K, V, BuildHasherDefault<Fx>>;

/// How often a word occurs in one document, by field.
#[derive(Default, Clone, Copy)]
struct Counts {
    title: u32,
    heading: u32,
    body: u32,
}

impl Counts {
    /// Packed into one u32 while the postings are gathered (the scores need
    /// the average document length, known only at the end): title hit (1
    /// bit), heading hits up to 2 (2 bits), body hits (29 bits).
    fn pack(self) -> u32 {
        (self.body.min(0x1fff_ffff) << 3) | (self.heading.min(2) << 1) | self.title.min(1)
    }

    fn unpack(p: u32) -> Counts {
        Counts {
            title: p & 1,
            heading: (p >> 1) & 3,
            body: p >> 3,
        }
    }
}

/// Every term with its postings `[(doc, score)]`.
type Postings<'a> = Vec<(Cow<'a, str>, Vec<(u32, u32)>)>;

/// Postings of a run of documents: term → [(doc, packed counts)], and the
/// body length of each document.
struct Chunk<'a> {
    postings: FxMap<Cow<'a, str>, Vec<(u32, u32)>>,
    lengths: Vec<u32>,
}

/// The manifest, `search/index.js`.
#[derive(Serialize)]
struct Manifest<'a> {
    version: u32,
    docs: usize,
    /// First term of each term shard, sorted.
    terms: Vec<&'a str>,
    /// The hash in each term shard's name: `terms-N.HASH.js`.
    term_hashes: Vec<String>,
    /// First document id of each document shard.
    doc_starts: Vec<usize>,
    /// The hash in each document shard's name: `docs-N.HASH.js`.
    doc_hashes: Vec<String>,
    stop_words: &'static [&'static str],
}

/// The index files to write under `search/`.
pub fn build_index(docs: &[Document]) -> Vec<OutFile> {
    let parts: Vec<Vec<Part>> = docs.par_iter().map(|d| split_parts(d.text)).collect();
    let postings = postings(docs);

    let mut files = Vec::new();
    let (term_starts, term_hashes) = term_shards(&postings, &mut files);
    let (doc_starts, doc_hashes) = doc_shards(docs, parts, &mut files);
    let manifest = Manifest {
        version: 1,
        docs: docs.len(),
        terms: term_starts,
        term_hashes,
        doc_starts,
        doc_hashes,
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
    let mut budget = DOC_TEXT_BYTES;
    for (i, chunk) in text.split(SECTION_START).enumerate() {
        let (id, heading, body) = match (i, chunk.split_once(TITLE_START)) {
            (0, _) | (_, None) => ("", "", chunk),
            (_, Some((id, rest))) => {
                let (heading, body) = rest.split_once('\n').unwrap_or((rest, ""));
                (id, heading, body)
            }
        };
        let cap = PART_TEXT_BYTES.min(budget.max(MIN_PART_TEXT_BYTES));
        let mut text = collapse_whitespace(body, cap);
        truncate(&mut text, cap);
        budget = budget.saturating_sub(text.len());
        if i == 0 && text.is_empty() {
            continue;
        }
        // Every heading is kept, even past the text budget: results can
        // still link to it.
        parts.push(Part {
            id: id.to_string(),
            heading: heading.to_string(),
            text,
        });
    }
    parts
}

/// Whitespace runs become one space; stops once past `max` bytes.
fn collapse_whitespace(s: &str, max: usize) -> String {
    let mut out = String::with_capacity(s.len().min(max + 64));
    for word in s.split_whitespace() {
        if out.len() > max {
            break;
        }
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

/// Every term with its postings `[(doc, score)]`, sorted by term.
///
/// Runs of documents are indexed in parallel, each into its own map, and
/// the maps merged in document order (cheap: one entry per distinct word per
/// run); the scores come last, once the average length is known.
fn postings<'a>(docs: &[Document<'a>]) -> Postings<'a> {
    let run = (docs.len() / (rayon::current_num_threads() * 4)).max(64);
    let chunks: Vec<Chunk<'a>> = docs
        .par_chunks(run)
        .enumerate()
        .map(|(i, chunk)| index_run(chunk, (i * run) as u32))
        .collect();
    let mut lengths = Vec::with_capacity(docs.len());
    let mut all: FxMap<Cow<'a, str>, Vec<(u32, u32)>> = FxMap::default();
    for chunk in chunks {
        lengths.extend(chunk.lengths);
        for (term, list) in chunk.postings {
            match all.get_mut(term.as_ref()) {
                Some(existing) => existing.extend(list),
                None => {
                    all.insert(term, list);
                }
            }
        }
    }
    let total: u64 = lengths.iter().map(|&n| u64::from(n)).sum();
    let avg = (total as f64 / lengths.len().max(1) as f64).max(1.0);
    let mut list: Postings<'a> = all.into_iter().collect();
    list.par_iter_mut().for_each(|(_, postings)| {
        for (doc, value) in postings.iter_mut() {
            *value = score(Counts::unpack(*value), lengths[*doc as usize], avg);
        }
    });
    list.par_sort_unstable_by(|a, b| a.0.cmp(&b.0));
    list
}

fn index_run<'a>(docs: &[Document<'a>], first: u32) -> Chunk<'a> {
    let mut chunk = Chunk {
        postings: FxMap::default(),
        lengths: Vec::with_capacity(docs.len()),
    };
    let mut counts: FxMap<Cow<'a, str>, Counts> = FxMap::default();
    for (i, doc) in docs.iter().enumerate() {
        chunk.lengths.push(count_terms(doc, &mut counts));
        for (term, c) in counts.drain() {
            chunk
                .postings
                .entry(term)
                .or_default()
                .push((first + i as u32, c.pack()));
        }
    }
    chunk
}

/// Counts a document's words into `counts`; returns its body length.
fn count_terms<'a>(doc: &Document<'a>, counts: &mut FxMap<Cow<'a, str>, Counts>) -> u32 {
    for_each_word(doc.title, |w| bump(counts, w).title += 1);
    let mut body_words = 0;
    for (i, chunk) in doc.text.split(SECTION_START).enumerate() {
        let body = match (i, chunk.split_once(TITLE_START)) {
            (0, _) | (_, None) => chunk,
            (_, Some((_, rest))) => {
                let (heading, body) = rest.split_once('\n').unwrap_or((rest, ""));
                for_each_word(heading, |w| bump(counts, w).heading += 1);
                body
            }
        };
        for_each_word(body, |w| {
            bump(counts, w).body += 1;
            body_words += 1;
        });
    }
    body_words
}

/// The counts of `word`, added on first sight (one lookup when present).
fn bump<'m, 'a>(map: &'m mut FxMap<Cow<'a, str>, Counts>, word: Cow<'a, str>) -> &'m mut Counts {
    map.entry(word).or_default()
}

/// A word's score in a document: title, then headings, then BM25 on the body.
fn score(c: Counts, length: u32, avg: f64) -> u32 {
    let norm = K1 * (1.0 - B + B * f64::from(length) / avg);
    let body = f64::from(c.body);
    let score = TITLE_WEIGHT * f64::from(c.title)
        + HEADING_WEIGHT * f64::from(c.heading)
        + body * (K1 + 1.0) / (body + norm);
    (score * SCORE_SCALE).round().max(1.0) as u32
}

/// Writes the term shards; returns the first term and the hash of each.
fn term_shards<'p>(
    postings: &'p Postings<'_>,
    files: &mut Vec<OutFile>,
) -> (Vec<&'p str>, Vec<String>) {
    let mut starts = Vec::new();
    let mut hashes = Vec::new();
    let mut body = String::new();
    for (term, list) in postings {
        if body.is_empty() {
            starts.push(term.as_ref());
        }
        body.push(if body.is_empty() { '{' } else { ',' });
        body.push_str(&json(term));
        body.push_str(":[");
        let mut last = 0;
        for (i, (doc, score)) in list.iter().enumerate() {
            if i > 0 {
                body.push(',');
            }
            push_u32(&mut body, doc - last);
            body.push(',');
            push_u32(&mut body, *score);
            last = *doc;
        }
        body.push(']');
        if body.len() >= TERM_SHARD_BYTES {
            flush_shard("terms", &mut body, '}', files, &mut hashes);
        }
    }
    if !body.is_empty() {
        flush_shard("terms", &mut body, '}', files, &mut hashes);
    }
    (starts, hashes)
}

/// Writes the document shards; returns the first document and the hash of
/// each.
fn doc_shards(
    docs: &[Document],
    parts: Vec<Vec<Part>>,
    files: &mut Vec<OutFile>,
) -> (Vec<usize>, Vec<String>) {
    let mut starts = Vec::new();
    let mut hashes = Vec::new();
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
            flush_shard("docs", &mut body, ']', files, &mut hashes);
        }
    }
    if !body.is_empty() {
        flush_shard("docs", &mut body, ']', files, &mut hashes);
    }
    (starts, hashes)
}

/// Closes a shard's JSON, wraps it in its loader call and names it by a
/// hash of its content (std's SipHash: fast, and stable enough for names).
fn flush_shard(
    kind: &str,
    body: &mut String,
    close: char,
    files: &mut Vec<OutFile>,
    hashes: &mut Vec<String>,
) {
    body.push(close);
    let n = hashes.len();
    let bytes = script(&format!("{kind}/{n}"), body);
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    hasher.write(bytes.as_bytes());
    let hash = format!("{:010x}", hasher.finish() & 0xff_ffff_ffff);
    files.push(OutFile::new(format!("search/{kind}-{n}.{hash}.js"), bytes));
    hashes.push(hash);
    body.clear();
}

/// Appends a number without going through `fmt` (millions of postings).
fn push_u32(out: &mut String, mut n: u32) {
    let mut digits = [0u8; 10];
    let mut i = digits.len();
    loop {
        i -= 1;
        digits[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    for &d in &digits[i..] {
        out.push(char::from(d));
    }
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

    #[test]
    fn headings_in_shortcode_html_start_sections() {
        let text = html_to_text(
            "<section class=\"card\"><h3 id=\"split-brain-title\">Split <em>brain</em></h3><dl><dt>Symptom</dt><dd>Two writers.</dd></dl></section>",
        );
        let parts = split_parts(&text);
        let part = parts
            .iter()
            .find(|p| p.id == "split-brain-title")
            .expect("a section");
        assert_eq!(part.heading, "Split brain");
        assert!(part.text.contains("Two writers."), "{:?}", part.text);
    }

    #[test]
    fn late_sections_keep_whole_words_past_the_page_budget() {
        let long = "word ".repeat(2000);
        let sections: Vec<(String, String, String)> = (0..12)
            .map(|i| {
                (
                    format!("s{i}"),
                    format!("Section {i}"),
                    format!("Whatever happens {long}"),
                )
            })
            .collect();
        let refs: Vec<(&str, &str, &str)> = sections
            .iter()
            .map(|(a, b, c)| (a.as_str(), b.as_str(), c.as_str()))
            .collect();
        let parts = split_parts(&marked("", &refs));
        assert_eq!(parts.len(), 12);
        for p in &parts {
            assert!(p.text.starts_with("Whatever happens"), "{:?}", p.text);
            assert!(
                p.text
                    .split(' ')
                    .all(|w| w == "Whatever" || w == "happens" || w == "word"),
                "{:?}",
                p.text
            );
        }
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
        let postings = postings(&docs);
        let (_, list) = postings.iter().find(|(t, _)| t == "failover").unwrap();
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
    fn html_fragments_become_text() {
        let html = "<div class=\"t\"><table><tr><th>line</th><td><span>$7,200</span> &amp; more</td></tr></table>\
                    <script type=\"application/json\">{\"x\":1}</script><svg><text>9</text></svg><p>after</p></div>";
        let text = collapse_whitespace(&html_to_text(html), 1000);
        assert_eq!(text, "line $7,200 & more after");
    }

    #[test]
    fn truncates_on_char_boundary() {
        let mut s = "aé bé cé".to_string();
        truncate(&mut s, 5);
        assert_eq!(s, "aé");
    }
}
