//! The index as files: term shards, document shards and their names.
//!
//! Every file is a script, `RegionwiseSearch.load("terms/3", {...});`, not
//! JSON, so it loads from `file://` too. Shards are cut by size, so a query
//! loads a few small files whatever the size of the site, and named by a
//! hash of their content, so a CDN may cache them forever.

use serde::Serialize;

use super::score::Postings;
use super::text::Snippet;
use super::Document;
use crate::write::assets::content_hash;
use crate::write::OutFile;

/// Term shards are cut when their JSON passes this many bytes.
const TERM_SHARD_BYTES: usize = 24 * 1024;
/// Document shards are cut when their JSON passes this many bytes.
const DOC_SHARD_BYTES: usize = 32 * 1024;

/// Where the shards of one kind start, and their names' hashes.
#[derive(Default)]
pub struct Shards<T> {
    /// The first term (or document id) of each shard.
    pub starts: Vec<T>,
    /// The hash in each shard's name: `terms-N.HASH.js`.
    pub hashes: Vec<String>,
}

/// Writes the term shards: sorted terms, each with its postings
/// `[doc, score, doc, score, ...]` (doc ids delta-coded).
pub fn term_shards<'p>(postings: &'p Postings<'_>, files: &mut Vec<OutFile>) -> Shards<&'p str> {
    let mut shards = Shards::default();
    let mut body = String::new();
    for (term, list) in postings {
        if body.is_empty() {
            shards.starts.push(term.as_ref());
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
            flush("terms", &mut body, '}', files, &mut shards.hashes);
        }
    }
    if !body.is_empty() {
        flush("terms", &mut body, '}', files, &mut shards.hashes);
    }
    shards
}

/// Writes the document shards: title, URL, section and the snippet text by
/// heading of a run of documents — what a result shows.
pub fn doc_shards(
    docs: &[Document],
    snippets: Vec<Vec<Snippet>>,
    files: &mut Vec<OutFile>,
) -> Shards<usize> {
    let mut shards = Shards::default();
    let mut body = String::new();
    for (id, (doc, parts)) in docs.iter().zip(snippets).enumerate() {
        if body.is_empty() {
            shards.starts.push(id);
        }
        body.push(if body.is_empty() { '[' } else { ',' });
        let url = format!("{}index.html", doc.url);
        body.push_str(&json(&(doc.title, url, doc.section, parts)));
        if body.len() >= DOC_SHARD_BYTES {
            flush("docs", &mut body, ']', files, &mut shards.hashes);
        }
    }
    if !body.is_empty() {
        flush("docs", &mut body, ']', files, &mut shards.hashes);
    }
    shards
}

/// Closes a shard's JSON, wraps it in its loader call and names it by the
/// content hash the site's other fingerprinted files use.
fn flush(
    kind: &str,
    body: &mut String,
    close: char,
    files: &mut Vec<OutFile>,
    hashes: &mut Vec<String>,
) {
    body.push(close);
    let n = hashes.len();
    let bytes = script(&format!("{kind}/{n}"), body);
    let hash = content_hash(bytes.as_bytes());
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

/// `RegionwiseSearch.load("terms/3", {...});`
pub fn script(key: &str, json_body: &str) -> String {
    format!("RegionwiseSearch.load({},{json_body});\n", json(&key))
}

pub fn json<T: Serialize + ?Sized>(value: &T) -> String {
    // Serialising strings, numbers and vectors of them cannot fail.
    serde_json::to_string(value).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_print_as_fmt_would() {
        for n in [0, 7, 10, 4_294_967_295] {
            let mut s = String::new();
            push_u32(&mut s, n);
            assert_eq!(s, n.to_string());
        }
    }

    #[test]
    fn shard_names_carry_the_content_hash() {
        let mut files = Vec::new();
        let mut hashes = Vec::new();
        let mut body = String::from("{\"a\":[0,1]");
        flush("terms", &mut body, '}', &mut files, &mut hashes);
        let expected = content_hash(&files[0].bytes);
        assert_eq!(files[0].path, format!("search/terms-0.{expected}.js"));
        assert_eq!(hashes, [expected]);
        assert!(body.is_empty());
    }
}
