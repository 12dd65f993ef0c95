//! Scores: for every word, the documents it occurs in and how well it
//! describes each (BM25 on the body, plus fixed weights for the title and
//! the headings).

use std::borrow::Cow;

use rayon::prelude::*;
use rustc_hash::FxHashMap;

use super::tokens::for_each_word;
use super::Document;

/// Field weights: a word in the title outranks one in a heading, which
/// outranks any number of mentions in the body.
const TITLE_WEIGHT: f64 = 3.0;
const HEADING_WEIGHT: f64 = 1.2;
/// BM25 parameters for the body text.
const K1: f64 = 1.2;
const B: f64 = 0.75;
/// Scores are written as integers: score × this.
const SCORE_SCALE: f64 = 20.0;

/// Every term with its postings `[(doc, score)]`, sorted by term.
pub type Postings<'a> = Vec<(Cow<'a, str>, Vec<(u32, u32)>)>;

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

/// Postings of a run of documents: term → [(doc, packed counts)], and the
/// body length of each document.
struct Chunk<'a> {
    postings: FxHashMap<Cow<'a, str>, Vec<(u32, u32)>>,
    lengths: Vec<u32>,
}

/// Every term with its postings `[(doc, score)]`, sorted by term.
///
/// Runs of documents are indexed in parallel, each into its own map, and
/// the maps merged in document order (cheap: one entry per distinct word per
/// run); the scores come last, once the average length is known.
pub fn postings<'a>(docs: &[Document<'a>]) -> Postings<'a> {
    let run = (docs.len() / (rayon::current_num_threads() * 4)).max(64);
    let chunks: Vec<Chunk<'a>> = docs
        .par_chunks(run)
        .enumerate()
        .map(|(i, chunk)| index_run(chunk, (i * run) as u32))
        .collect();
    let mut lengths = Vec::with_capacity(docs.len());
    let mut all: FxHashMap<Cow<'a, str>, Vec<(u32, u32)>> = FxHashMap::default();
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
        postings: FxHashMap::default(),
        lengths: Vec::with_capacity(docs.len()),
    };
    let mut counts: FxHashMap<Cow<'a, str>, Counts> = FxHashMap::default();
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
fn count_terms<'a>(doc: &Document<'a>, counts: &mut FxHashMap<Cow<'a, str>, Counts>) -> u32 {
    for_each_word(doc.title, |w| counts.entry(w).or_default().title += 1);
    let mut body_words = 0;
    for part in doc.parts {
        for_each_word(&part.heading, |w| counts.entry(w).or_default().heading += 1);
        for_each_word(&part.text, |w| {
            counts.entry(w).or_default().body += 1;
            body_words += 1;
        });
    }
    body_words
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::text::TextPart;

    #[test]
    fn title_outranks_body() {
        let a = [TextPart {
            text: "failover failover failover failover".into(),
            ..TextPart::default()
        }];
        let b = [TextPart {
            text: "How to run one.".into(),
            ..TextPart::default()
        }];
        let docs = [
            Document {
                url: "a/",
                title: "Replication",
                section: "",
                parts: &a,
            },
            Document {
                url: "b/",
                title: "Failover drills",
                section: "",
                parts: &b,
            },
        ];
        let postings = postings(&docs);
        let (_, list) = postings.iter().find(|(t, _)| t == "failover").unwrap();
        let score = |doc: u32| list.iter().find(|(d, _)| *d == doc).unwrap().1;
        assert!(score(1) > score(0), "{list:?}");
    }
}
