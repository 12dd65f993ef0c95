//! The client-side search index: small files the browser loads on demand.
//!
//! Why an index of our own: search must work from a copied folder opened as
//! files (`file://`), where browsers refuse `fetch()`. So every index file is
//! a tiny script that hands its data to a global (`RegionwiseSearch.load`)
//! and `static/search.js` loads it with a `<script>` element, which both
//! `file://` and a `script-src 'self'` CSP allow.
//!
//! Why shards: one monolithic index grows with the site and every reader pays
//! for all of it. Here a query loads the manifest (the first term of each
//! term shard), the term shards its words fall in (~24 KB each) and the
//! document shards of the results it shows (four documents each);
//! `bench/search-payload.mjs` measures what that comes to.
//!
//! Files, under `search/`:
//! - `index.js` — the manifest: document count, the first term of each term
//!   shard, the first document of each document shard, the stop words.
//! - `terms-N.HASH.js` — a run of sorted terms with their postings.
//! - `docs-N.HASH.js` — what results show, for four documents.
//!
//! The jobs, by file: [`tokens`] (words), [`score`] (postings and scores),
//! [`text`] (snippet text), [`shards`] (the files). Rendering hands over
//! each page's text as [`TextPart`]s; nothing here reads HTML.

mod score;
mod shards;
mod text;
mod tokens;

use serde::Serialize;

pub use tokens::{for_each_word, STOP_WORDS};

use crate::render::text::TextPart;
use crate::write::OutFile;

/// One page's searchable text.
pub struct Document<'a> {
    /// From the site root, e.g. `patterns/dr-ladder/` (`""` for the home page).
    pub url: &'a str,
    pub title: &'a str,
    /// The top-level section's title, shown next to a result.
    pub section: &'a str,
    /// The text by heading.
    pub parts: &'a [TextPart],
}

/// The manifest, `search/index.js`.
#[derive(Serialize)]
struct Manifest<'a> {
    version: u32,
    docs: usize,
    /// In every shard's name: `terms-N.HASH.js`, `docs-N.HASH.js`.
    hash: String,
    /// First term of each term shard, sorted.
    terms: Vec<&'a str>,
    /// Document `i` is in document shard `i / docs_per_shard`.
    docs_per_shard: usize,
    stop_words: &'static [&'static str],
}

/// The index files to write under `search/`.
pub fn build_index(docs: &[Document]) -> Vec<OutFile> {
    let files = std::sync::Mutex::new(Vec::new());
    let put = |f: OutFile| -> Result<(), ()> {
        files.lock().map_err(|_| ())?.push(f);
        Ok(())
    };
    let _ = write_index(docs, &put);
    let mut files = files.into_inner().unwrap_or_default();
    files.sort_by(|a, b| a.path.cmp(&b.path));
    files
}

/// Makes the index files under `search/` and hands each to `put` as it is
/// made, so the shards of a large site are never all held at once.
pub fn write_index<E: Send>(
    docs: &[Document],
    put: &(impl Fn(OutFile) -> Result<(), E> + Sync),
) -> Result<(), E> {
    let postings = score::postings(docs);
    let snippets: Vec<Vec<text::Snippet>> = docs.iter().map(|d| text::snippets(d.parts)).collect();
    let shards = shards::Shards::new(&postings, docs, &snippets);
    let hash = shards.hash();
    let manifest = Manifest {
        version: 2,
        docs: docs.len(),
        hash: hash.clone(),
        terms: shards.term_starts.clone(),
        docs_per_shard: shards::DOCS_PER_SHARD,
        stop_words: STOP_WORDS,
    };
    let index = OutFile::new(
        "search/index.js",
        shards::script("index", &shards::json(&manifest)),
    );
    shards.put_all(&hash, put)?;
    put(index)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file<'f>(files: &'f [OutFile], prefix: &str) -> &'f str {
        let f = files
            .iter()
            .find(|f| f.path.starts_with(prefix))
            .expect("file");
        std::str::from_utf8(&f.bytes).expect("utf-8")
    }

    fn intro(text: &str) -> Vec<TextPart> {
        vec![TextPart {
            text: text.into(),
            ..TextPart::default()
        }]
    }

    #[test]
    fn writes_manifest_and_shards_as_scripts() {
        let parts = intro("Welcome to the guide to regions.");
        let docs = [Document {
            url: "",
            title: "Home",
            section: "Guide",
            parts: &parts,
        }];
        let files = build_index(&docs);
        let manifest = file(&files, "search/index.js");
        assert!(manifest.starts_with("RegionwiseSearch.load(\"index\",{"));
        assert!(manifest.contains("\"docs\":1"));
        let terms = file(&files, "search/terms-0.");
        assert!(terms.contains("\"region\":[0,"), "{terms}");
        assert!(!terms.contains("\"the\""));
        let docs_file = file(&files, "search/docs-0.");
        assert!(
            docs_file.contains("[\"Home\",\"index.html\",\"Guide\",[[\"\",\"\",\"Welcome"),
            "{docs_file}"
        );
    }

    #[test]
    fn shards_split_large_indexes() {
        let parts: Vec<Vec<TextPart>> = (0..400)
            .map(|i| {
                intro(&format!(
                    "page{i} unique{i} words about regions and failover {i}"
                ))
            })
            .collect();
        let titles: Vec<String> = (0..400).map(|i| format!("Page {i}")).collect();
        let urls: Vec<String> = (0..400).map(|i| format!("p{i}/")).collect();
        let docs: Vec<Document> = (0..400)
            .map(|i| Document {
                url: &urls[i],
                title: &titles[i],
                section: "Guide",
                parts: &parts[i],
            })
            .collect();
        let files = build_index(&docs);
        let shards = files
            .iter()
            .filter(|f| f.path.starts_with("search/terms-"))
            .count();
        assert!(shards > 1, "{shards}");
        assert!(files.iter().all(|f| f.bytes.len() < 64 * 1024));
    }
}
