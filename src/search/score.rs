//! Scores: for every word, the documents it occurs in and how well it
//! describes each: a weight for the title and for the headings it is in
//! (more for a short title or heading, which it says more of), plus BM25 on
//! the body. The browser multiplies in the word's rarity (idf) at query time.

use std::borrow::Cow;

use rayon::prelude::*;
use rustc_hash::FxHashMap;

use super::tokens::{for_each_word, for_each_word_joined, stem};
use super::Document;

/// Field weights: a word that is the title ("Cost") outranks one that is a
/// heading ("Calculator"), which outranks any number of mentions in the body
/// (BM25 stays below K1 + 1 = 2.2).
const TITLE_WEIGHT: f64 = 4.0;
const HEADING_WEIGHT: f64 = 2.4;
/// BM25 parameters for the body text.
const K1: f64 = 1.2;
const B: f64 = 0.75;
/// Scores are written as integers: score × this.
const SCORE_SCALE: f64 = 20.0;
/// Title and heading weights are kept in sixteenths while counting.
const UNIT: u32 = 16;
/// Headings count up to one and a half headings' worth, so they stay below
/// the title.
const MAX_HEADING: u32 = UNIT * 3 / 2;

/// Every term with its postings `[(doc, score)]`, sorted by term.
pub type Postings<'a> = Vec<(Cow<'a, str>, Vec<(u32, u32)>)>;

/// A word's presence in one document, by field: the title's and headings'
/// weights in [`UNIT`]s, and the number of times in the body.
#[derive(Default, Clone, Copy, Debug, PartialEq)]
struct Counts {
    title: u32,
    heading: u32,
    body: u32,
}

impl Counts {
    /// Packed into one u32 while the postings are gathered (the scores need
    /// the average document length, known only at the end): title (5 bits),
    /// headings (6 bits), body hits (21 bits).
    fn pack(self) -> u32 {
        (self.body.min(0x1f_ffff) << 11)
            | (self.heading.min(MAX_HEADING) << 5)
            | self.title.min(UNIT)
    }

    fn unpack(p: u32) -> Counts {
        Counts {
            title: p & 0x1f,
            heading: (p >> 5) & 0x3f,
            body: p >> 11,
        }
    }

    /// Two forms of one word in the same document ("replica", "replicas").
    fn add(self, other: Counts) -> Counts {
        Counts {
            title: self.title.max(other.title),
            heading: (self.heading + other.heading).min(MAX_HEADING),
            body: self.body + other.body,
        }
    }
}

/// The weight of each word of a title or heading of `words` distinct words,
/// in [`UNIT`]s: the whole weight for a one-word title, less the longer it is.
fn field_weight(words: usize) -> u32 {
    let w = f64::from(UNIT) / (words.max(1) as f64).sqrt();
    (w.round() as u32).clamp(1, UNIT)
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
    let mut list = by_stem(all);
    list.par_iter_mut().for_each(|(_, postings)| {
        for (doc, value) in postings.iter_mut() {
            *value = score(Counts::unpack(*value), lengths[*doc as usize], avg);
        }
    });
    list.par_sort_unstable_by(|a, b| a.0.cmp(&b.0));
    list
}

/// The words' postings gathered under their stems ("replicas" and
/// "replica" are one term), counts added where two forms share a document.
/// Each distinct word is stemmed once, not each occurrence.
fn by_stem<'a>(words: FxHashMap<Cow<'a, str>, Vec<(u32, u32)>>) -> Postings<'a> {
    let mut words: Vec<_> = words.into_iter().collect();
    let stems: Vec<Option<String>> = words
        .par_iter()
        .map(|(word, _)| match stem(word) {
            Cow::Borrowed(_) => None,
            Cow::Owned(s) => Some(s),
        })
        .collect();
    let mut terms: FxHashMap<Cow<'a, str>, Vec<(u32, u32)>> = FxHashMap::default();
    let mut merged = Vec::new();
    for ((word, list), stem) in words.drain(..).zip(stems) {
        let term = stem.map_or(word, Cow::Owned);
        match terms.get_mut(term.as_ref()) {
            Some(existing) => {
                existing.extend(list);
                merged.push(term);
            }
            None => {
                terms.insert(term, list);
            }
        }
    }
    for term in merged {
        if let Some(list) = terms.get_mut(term.as_ref()) {
            add_same_docs(list);
        }
    }
    terms.into_iter().collect()
}

/// Sorts postings by document and adds up the counts of each document.
fn add_same_docs(list: &mut Vec<(u32, u32)>) {
    list.sort_unstable_by_key(|&(doc, _)| doc);
    list.dedup_by(|later, kept| {
        if later.0 != kept.0 {
            return false;
        }
        kept.1 = Counts::unpack(kept.1).add(Counts::unpack(later.1)).pack();
        true
    });
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
    for_each_field_word(doc.title, |w, weight| {
        let c = counts.entry(w).or_default();
        c.title = c.title.max(weight);
    });
    let mut body_words = 0;
    for part in doc.parts {
        for_each_field_word(&part.heading, |w, weight| {
            let c = counts.entry(w).or_default();
            c.heading = c.heading.max(weight);
        });
        for_each_word(&part.text, |w| {
            counts.entry(w).or_default().body += 1;
            body_words += 1;
        });
    }
    body_words
}

/// Each distinct word of a title or heading, with its [`field_weight`]
/// (by the number of words it has, not counting the joined forms of its
/// compounds: "Multi-region, decided" has three).
fn for_each_field_word<'a>(text: &'a str, mut f: impl FnMut(Cow<'a, str>, u32)) {
    let mut words = Vec::new();
    let mut length = 0;
    for_each_word_joined(text, |w, joined| {
        length += usize::from(!joined);
        words.push(w);
    });
    words.sort_unstable();
    words.dedup();
    let weight = field_weight(length.min(words.len()));
    for w in words {
        f(w, weight);
    }
}

/// A word's score in a document: title, then headings, then BM25 on the body.
fn score(c: Counts, length: u32, avg: f64) -> u32 {
    let unit = f64::from(UNIT);
    let norm = K1 * (1.0 - B + B * f64::from(length) / avg);
    let body = f64::from(c.body);
    let score = TITLE_WEIGHT * f64::from(c.title) / unit
        + HEADING_WEIGHT * f64::from(c.heading) / unit
        + body * (K1 + 1.0) / (body + norm);
    (score * SCORE_SCALE).round().max(1.0) as u32
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::text::TextPart;

    fn parts(sections: &[(&str, &str)]) -> Vec<TextPart> {
        sections
            .iter()
            .map(|(heading, text)| TextPart {
                id: heading.to_lowercase(),
                heading: heading.to_string(),
                text: text.to_string(),
            })
            .collect()
    }

    fn documents<'a>(docs: &'a [(&'a str, Vec<TextPart>)]) -> Vec<Document<'a>> {
        docs.iter()
            .map(|(title, parts)| Document {
                url: "",
                title,
                section: "",
                parts,
            })
            .collect()
    }

    /// Each document's score for `term`, by document.
    fn scores(docs: &[(&str, Vec<TextPart>)], term: &str) -> Vec<u32> {
        let docs = documents(docs);
        let postings = postings(&docs);
        let list = postings
            .iter()
            .find(|(t, _)| t == term)
            .map(|(_, l)| l.clone())
            .unwrap_or_default();
        (0..docs.len() as u32)
            .map(|d| list.iter().find(|(doc, _)| *doc == d).map_or(0, |p| p.1))
            .collect()
    }

    #[test]
    fn forms_of_a_word_share_one_term_and_add_up() {
        let docs = [(
            "Replication",
            parts(&[("", "replicas replica replicating")]),
        )];
        let postings = postings(&documents(&docs));
        let terms: Vec<&str> = postings.iter().map(|(t, _)| t.as_ref()).collect();
        assert_eq!(terms, ["replic", "replica"]);

        let title = Counts {
            title: UNIT,
            ..Counts::default()
        };
        let body = Counts {
            body: 1,
            heading: 3,
            ..Counts::default()
        };
        let mut list = vec![(0, title.pack()), (1, body.pack()), (0, body.pack())];
        add_same_docs(&mut list);
        assert_eq!(list.len(), 2);
        assert_eq!(Counts::unpack(list[0].1), title.add(body));
        assert_eq!(Counts::unpack(list[1].1), body);
    }

    #[test]
    fn title_outranks_heading_outranks_body() {
        let many = "failover ".repeat(20);
        let docs = [
            ("Replication", parts(&[("", &many)])),
            ("Failover drills", parts(&[("", "How to run one.")])),
            ("Drills", parts(&[("Failover", "How to run one.")])),
        ];
        let s = scores(&docs, "failov");
        assert!(s[1] > s[2] && s[2] > s[0], "{s:?}");
    }

    #[test]
    fn a_short_title_says_more_than_a_long_one() {
        let text = parts(&[("", "what it costs")]);
        let docs = [
            ("Cost", text.clone()),
            ("Multi-region cost, decided in one page", text.clone()),
        ];
        let s = scores(&docs, "cost");
        assert!(s[0] > s[1], "{s:?}");
    }

    #[test]
    fn packing_keeps_every_field() {
        let c = Counts {
            title: UNIT,
            heading: MAX_HEADING,
            body: 123_456,
        };
        assert_eq!(Counts::unpack(c.pack()), c);
        assert_eq!(field_weight(1), UNIT);
        assert_eq!(field_weight(4), UNIT / 2);
    }
}
