//! The client-side search index (filled in by the reader-features work).

use crate::write::OutFile;

/// One page's searchable text.
pub struct Document<'a> {
    pub url: &'a str,
    pub title: &'a str,
    pub section: &'a str,
    pub headings: Vec<&'a str>,
    pub text: &'a str,
}

/// The index files to write under `search/`.
pub fn build_index(_docs: &[Document]) -> Vec<OutFile> {
    Vec::new()
}
