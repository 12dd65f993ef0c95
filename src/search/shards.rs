//! The index as files: term shards, document shards and their names.
//!
//! Every file is a script, `RegionwiseSearch.load("terms/3", {...});`, not
//! JSON, so it loads from `file://` too. Term shards are cut by size and
//! document shards hold a fixed number of documents, so a query loads a few
//! small files whatever the size of the site, and the manifest needs no list
//! of document shards. Every shard's name carries one hash of the whole
//! index (`terms-3.HASH.js`), so a CDN may cache shards forever while the
//! manifest stays short: a per-shard hash would cost it 11 bytes a shard,
//! and adding one page shifts most shards anyway.

use rayon::prelude::*;
use serde::Serialize;

use super::score::Postings;
use super::text::Snippet;
use super::Document;
use crate::write::assets::content_hash;
use crate::write::OutFile;

/// Term shards are cut when their JSON passes this many bytes.
const TERM_SHARD_BYTES: usize = 24 * 1024;
/// Documents per document shard: a result list of ten loads at most ten
/// shards, so they are small (a few KB gzipped each).
pub const DOCS_PER_SHARD: usize = 4;

/// The term shards' scripts before they are named, and what the document
/// shards are made from (they are made twice, once to hash and once to
/// write, rather than all held at once: 2,500 files at 10,000 pages).
pub struct Shards<'p, 'd> {
    /// The first term of each term shard.
    pub term_starts: Vec<&'p str>,
    terms: Vec<String>,
    docs: &'d [Document<'d>],
    snippets: &'d [Vec<Snippet<'d>>],
}

impl<'p, 'd> Shards<'p, 'd> {
    /// The term shards: sorted terms, each with its postings `[doc, score,
    /// doc, score, ...]` (doc ids delta-coded); and the document shards: the
    /// title, URL, section and snippet text by heading of each document.
    pub fn new(
        postings: &'p Postings<'_>,
        docs: &'d [Document<'d>],
        snippets: &'d [Vec<Snippet<'d>>],
    ) -> Self {
        let (term_starts, terms) = term_shards(postings);
        Shards {
            term_starts,
            terms,
            docs,
            snippets,
        }
    }

    /// The hash in every shard's name: of the hashes of every shard, term
    /// shards first.
    pub fn hash(&self) -> String {
        let hashes: Vec<String> = self
            .terms
            .par_iter()
            .map(|s| content_hash(s.as_bytes()))
            .chain(doc_shards(self.docs, self.snippets).map(|(_, s)| content_hash(s.as_bytes())))
            .collect();
        content_hash(hashes.concat().as_bytes())
    }

    /// Hands each file under `search/` to `put` as it is made, on every
    /// core.
    pub fn put_all<E: Send>(
        self,
        hash: &str,
        put: &(impl Fn(OutFile) -> Result<(), E> + Sync),
    ) -> Result<(), E> {
        let named = |kind: &str, n: usize, script: String| {
            OutFile::new(format!("search/{kind}-{n}.{hash}.js"), script)
        };
        let Shards {
            terms,
            docs,
            snippets,
            ..
        } = self;
        terms
            .into_par_iter()
            .enumerate()
            .try_for_each(|(n, script)| put(named("terms", n, script)))?;
        doc_shards(docs, snippets).try_for_each(|(n, script)| put(named("docs", n, script)))
    }

    /// The files under `search/`, and the hash in their names.
    #[cfg(test)]
    pub fn into_files(self) -> (String, Vec<OutFile>) {
        let hash = self.hash();
        let files = std::sync::Mutex::new(Vec::new());
        let put = |f: OutFile| -> Result<(), ()> {
            files.lock().map_err(|_| ())?.push(f);
            Ok(())
        };
        let _ = self.put_all(&hash, &put);
        let mut files = files.into_inner().unwrap_or_default();
        // Term shards first, each kind by number.
        let order = |f: &OutFile| {
            let name = f.path.trim_start_matches("search/");
            let (kind, rest) = name.split_once('-').unwrap_or((name, ""));
            let n: usize = rest
                .split('.')
                .next()
                .and_then(|n| n.parse().ok())
                .unwrap_or(0);
            (kind != "terms", n)
        };
        files.sort_by_key(order);
        (hash, files)
    }
}

/// The document shards, numbered, made on every core.
fn doc_shards<'d>(
    docs: &'d [Document<'d>],
    snippets: &'d [Vec<Snippet<'d>>],
) -> impl IndexedParallelIterator<Item = (usize, String)> + 'd {
    docs.par_chunks(DOCS_PER_SHARD)
        .zip(snippets.par_chunks(DOCS_PER_SHARD))
        .enumerate()
        .map(|(n, (docs, snippets))| (n, doc_shard(n, docs, snippets)))
}

fn term_shards<'p>(postings: &'p Postings<'_>) -> (Vec<&'p str>, Vec<String>) {
    let mut starts = Vec::new();
    let mut shards = Vec::new();
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
            shards.push(close("terms", &mut body, '}', shards.len()));
        }
    }
    if !body.is_empty() {
        shards.push(close("terms", &mut body, '}', shards.len()));
    }
    (starts, shards)
}

fn doc_shard(n: usize, docs: &[Document], snippets: &[Vec<Snippet>]) -> String {
    let entries: Vec<String> = docs
        .iter()
        .zip(snippets)
        .map(|(doc, parts)| {
            let url = format!("{}index.html", doc.url);
            json(&(doc.title, url, doc.section, parts))
        })
        .collect();
    let mut body = format!("[{}", entries.join(","));
    close("docs", &mut body, ']', n)
}

/// Closes a shard's JSON and wraps it in its loader call.
fn close(kind: &str, body: &mut String, end: char, n: usize) -> String {
    body.push(end);
    let script = script(&format!("{kind}/{n}"), body);
    body.clear();
    script
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
    use crate::render::text::TextPart;

    #[test]
    fn numbers_print_as_fmt_would() {
        for n in [0, 7, 10, 4_294_967_295] {
            let mut s = String::new();
            push_u32(&mut s, n);
            assert_eq!(s, n.to_string());
        }
    }

    #[test]
    fn names_carry_one_hash_of_the_whole_index() {
        let parts = vec![TextPart::default()];
        let docs: Vec<Document> = (0..DOCS_PER_SHARD + 1)
            .map(|_| Document {
                url: "a/",
                title: "A",
                section: "",
                parts: &parts,
            })
            .collect();
        let snippets: Vec<Vec<Snippet>> = docs.iter().map(|_| Vec::new()).collect();
        let postings: Postings = vec![("a".into(), vec![(0, 1), (3, 2)])];
        let (hash, files) = Shards::new(&postings, &docs, &snippets).into_files();
        let names: Vec<&str> = files.iter().map(|f| f.path.as_str()).collect();
        assert_eq!(
            names,
            [
                format!("search/terms-0.{hash}.js"),
                format!("search/docs-0.{hash}.js"),
                format!("search/docs-1.{hash}.js"),
            ]
        );
        let terms = std::str::from_utf8(&files[0].bytes).unwrap();
        assert_eq!(
            terms,
            "RegionwiseSearch.load(\"terms/0\",{\"a\":[0,1,3,2]});\n"
        );
        let changed: Postings = vec![("a".into(), vec![(0, 1), (3, 3)])];
        let (other, _) = Shards::new(&changed, &docs, &snippets).into_files();
        assert_ne!(hash, other, "any change renames every shard");
    }
}
