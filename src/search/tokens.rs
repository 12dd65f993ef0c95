//! Words as the index sees them. `static/search.js` reads a query by the
//! same rules, and a shared corpus (`tests/fixtures/search/`) run through
//! both proves they agree, script by script:
//!
//! 1. A word is a run of letters, digits and combining marks (Unicode
//!    Alphabetic, Numeric and Mark: a Devanagari virama or a vowel sign is
//!    inside a word, not between two).
//! 2. Each word is lower-cased on its own (Unicode rules, final sigma too).
//! 3. Words joined by hyphens count as their parts *and* as one word:
//!    "split-brain" is found by "split brain" and by "splitbrain".
//! 4. Two to 40 characters, and not a stop word.
//! 5. Words of the letters a–z become their stem (Snowball English, the
//!    Porter2 algorithm): "replicas" → "replica", "outages" → "outag",
//!    "replicating" → "replic". Other words are kept as they are.

use std::borrow::Cow;

use rust_stemmers::{Algorithm, Stemmer};
use unicode_properties::{GeneralCategoryGroup, UnicodeGeneralCategory};

/// Words too common to tell pages apart: left out of the index (which keeps
/// the longest posting lists out of the shards) and out of queries, so a
/// question ("how much does a second region cost") is searched by the words
/// that matter. The client reads this list from the manifest.
pub const STOP_WORDS: &[&str] = &[
    "about", "after", "all", "also", "am", "an", "and", "any", "are", "as", "at", "be", "been",
    "being", "both", "but", "by", "can", "could", "did", "do", "does", "doing", "each", "for",
    "from", "had", "has", "have", "having", "he", "her", "here", "his", "how", "if", "in", "into",
    "is", "it", "its", "me", "much", "my", "nor", "not", "of", "on", "or", "our", "she", "should",
    "so", "some", "such", "than", "that", "the", "their", "them", "then", "there", "these", "they",
    "this", "those", "to", "too", "very", "was", "we", "were", "what", "when", "where", "which",
    "while", "who", "whom", "why", "will", "with", "would", "you", "your",
];

/// Longer runs are almost always hashes or URLs nobody types.
const MAX_WORD_CHARS: usize = 40;

/// Hyphens that join the parts of a compound ("split-brain"); an en dash
/// ("5–30 s") does not.
fn is_hyphen(c: char) -> bool {
    matches!(c, '-' | '\u{2010}' | '\u{2011}')
}

/// Letters, digits and combining marks (`[\p{Alphabetic}\p{N}\p{M}]` in
/// JavaScript).
fn is_word_char(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphanumeric()
    } else {
        c.is_alphanumeric() || c.general_category_group() == GeneralCategoryGroup::Mark
    }
}

/// Calls `f` with every indexable word of `text`, lower-cased, before
/// stemming (the index stems each distinct word once; see [`stem`]). The
/// parts of a compound come first, then the joined word.
///
/// Hot: it sees every word of every page. Words that are already lower-case
/// ASCII (most of them) are handed over as borrowed slices of `text`, so they
/// can be kept as map keys without an allocation.
pub fn for_each_word<'a>(text: &'a str, mut f: impl FnMut(Cow<'a, str>)) {
    for_each_word_joined(text, |w, _| f(w));
}

/// [`for_each_word`], telling which words are a compound's joined form.
pub fn for_each_word_joined<'a>(text: &'a str, mut f: impl FnMut(Cow<'a, str>, bool)) {
    let mut compound: Vec<&'a str> = Vec::new();
    let mut runs = runs(text).peekable();
    while let Some((start, end)) = runs.next() {
        let word = &text[start..end];
        emit(lower(word), &mut |w| f(w, false));
        let joined_to_next = runs.peek().is_some_and(|&(next, _)| {
            let gap = &text[end..next];
            gap.chars().count() == 1 && gap.starts_with(is_hyphen)
        });
        if joined_to_next || !compound.is_empty() {
            compound.push(word);
        }
        if !joined_to_next && compound.len() > 1 {
            let joined: String = compound.concat();
            emit(lower(&joined).into_owned().into(), &mut |w| f(w, true));
        }
        if !joined_to_next {
            compound.clear();
        }
    }
}

/// Every index term of `text` in order: [`for_each_word`], then [`stem`].
/// What the shared corpus test compares with `static/search.js`.
#[cfg(test)]
fn terms(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for_each_word(text, |w| out.push(stem(&w).into_owned()));
    out
}

/// The stem of a lower-case word (Snowball English), for words of the
/// letters a–z; any other word is its own stem.
pub fn stem(word: &str) -> Cow<'_, str> {
    if word.len() < 3 || !word.bytes().all(|b| b.is_ascii_lowercase()) {
        return Cow::Borrowed(word);
    }
    Stemmer::create(Algorithm::English).stem(word)
}

/// Byte ranges of the runs of word characters.
fn runs(text: &str) -> impl Iterator<Item = (usize, usize)> + '_ {
    let mut chars = text.char_indices().peekable();
    std::iter::from_fn(move || {
        let (start, _) = chars.by_ref().find(|&(_, c)| is_word_char(c))?;
        let mut end = text.len();
        while let Some(&(i, c)) = chars.peek() {
            if !is_word_char(c) {
                end = i;
                break;
            }
            chars.next();
        }
        Some((start, end))
    })
}

/// The word in lower case, borrowed when it already is (ASCII fast path).
fn lower(word: &str) -> Cow<'_, str> {
    if word
        .bytes()
        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
    {
        Cow::Borrowed(word)
    } else {
        Cow::Owned(word.to_lowercase())
    }
}

fn emit<'a>(word: Cow<'a, str>, f: &mut impl FnMut(Cow<'a, str>)) {
    let chars = if word.is_ascii() {
        word.len()
    } else {
        word.chars().count()
    };
    if (2..=MAX_WORD_CHARS).contains(&chars) && !is_stop_word(&word) {
        f(word);
    }
}

/// [`STOP_WORDS`] as a `match`, which the compiler turns into a few length
/// and byte tests (hot: every word of every page; a test keeps the two
/// lists equal).
fn is_stop_word(word: &str) -> bool {
    matches!(
        word,
        "about"
            | "after"
            | "all"
            | "also"
            | "am"
            | "an"
            | "and"
            | "any"
            | "are"
            | "as"
            | "at"
            | "be"
            | "been"
            | "being"
            | "both"
            | "but"
            | "by"
            | "can"
            | "could"
            | "did"
            | "do"
            | "does"
            | "doing"
            | "each"
            | "for"
            | "from"
            | "had"
            | "has"
            | "have"
            | "having"
            | "he"
            | "her"
            | "here"
            | "his"
            | "how"
            | "if"
            | "in"
            | "into"
            | "is"
            | "it"
            | "its"
            | "me"
            | "much"
            | "my"
            | "nor"
            | "not"
            | "of"
            | "on"
            | "or"
            | "our"
            | "she"
            | "should"
            | "so"
            | "some"
            | "such"
            | "than"
            | "that"
            | "the"
            | "their"
            | "them"
            | "then"
            | "there"
            | "these"
            | "they"
            | "this"
            | "those"
            | "to"
            | "too"
            | "very"
            | "was"
            | "we"
            | "were"
            | "what"
            | "when"
            | "where"
            | "which"
            | "while"
            | "who"
            | "whom"
            | "why"
            | "will"
            | "with"
            | "would"
            | "you"
            | "your"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<String> {
        let mut out = Vec::new();
        for_each_word(text, |w| out.push(w.into_owned()));
        out
    }

    #[test]
    fn splits_lowercases_and_drops_stop_words() {
        assert_eq!(
            words("The RPO of a standby is 0 s; Zürich's p99."),
            ["rpo", "standby", "zürich", "p99"]
        );
    }

    #[test]
    fn compounds_count_as_parts_and_as_one_word() {
        assert_eq!(
            words("split-brain, us-east-1 and 5–30 s"),
            [
                "split",
                "brain",
                "splitbrain",
                "us",
                "east",
                "useast1",
                "30"
            ]
        );
        assert_eq!(words("a - b -c"), Vec::<String>::new());
    }

    #[test]
    fn marks_stay_inside_words() {
        // Devanagari: the virama (U+094D) and the vowel sign are marks.
        assert_eq!(words("नमस्ते दुनिया"), ["नमस्ते", "दुनिया"]);
        // Each word is lower-cased alone: a final sigma stays final.
        assert_eq!(words("ΟΔΟΣ ΣΟΦΙΑ"), ["οδο\u{3c2}", "σοφια"]);
    }

    #[test]
    fn stems_english_words_only() {
        assert_eq!(stem("replicas"), "replica");
        assert_eq!(stem("replicating"), "replic");
        assert_eq!(stem("replication"), "replic");
        assert_eq!(stem("outages"), stem("outage"));
        assert_eq!(stem("failovers"), stem("failover"));
        assert_eq!(stem("p99s"), "p99s");
        assert_eq!(stem("zürich"), "zürich");
        assert_eq!(
            terms("Replicating replicas: split-brain"),
            ["replic", "replica", "split", "brain", "splitbrain"]
        );
    }

    /// The corpus's lines (comments left out) with their terms, one line
    /// of JSON each, so a change reads as a diff of the lines it affects.
    fn corpus_terms(corpus: &str) -> String {
        let lines: Vec<String> = corpus
            .lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
            .map(|l| serde_json::to_string(&(l, terms(l))).expect("json"))
            .collect();
        let stop = serde_json::to_string(STOP_WORDS).expect("json");
        format!(
            "{{\"stop_words\": {stop},\n\"lines\": [\n{}\n]}}\n",
            lines.join(",\n")
        )
    }

    /// `tests/browser/tokens.test.mjs` checks `static/search.js` against the
    /// same file, so the two tokenizers agree on every line of the corpus.
    #[test]
    fn the_shared_corpus_splits_as_recorded() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/search");
        let corpus = std::fs::read_to_string(format!("{dir}/corpus.txt")).expect("corpus");
        let actual = corpus_terms(&corpus);
        let path = format!("{dir}/terms.json");
        if std::env::var_os("UPDATE_SEARCH_CORPUS").is_some() {
            std::fs::write(&path, &actual).expect("write terms.json");
        }
        let expected = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            expected == actual,
            "{path} differs from the tokenizer's output; if the change is \
             intended, rerun with UPDATE_SEARCH_CORPUS=1 and review the diff"
        );
    }

    #[test]
    fn the_stop_list_and_the_matcher_agree() {
        assert!(STOP_WORDS.windows(2).all(|w| w[0] < w[1]));
        assert!(STOP_WORDS.iter().all(|w| is_stop_word(w)));
        let two_letters = (b'a'..=b'z')
            .flat_map(|a| (b'a'..=b'z').map(move |b| String::from_utf8(vec![a, b]).unwrap()));
        let matched = two_letters
            .chain(["about", "should", "having", "region", "abouts"].map(String::from))
            .filter(|w| is_stop_word(w))
            .count();
        let short = STOP_WORDS.iter().filter(|w| w.len() == 2).count();
        assert_eq!(matched, short + 3);
        assert!(STOP_WORDS.iter().all(|w| w.len() <= 6));
        assert_eq!(words(&STOP_WORDS.join(" ")), Vec::<String>::new());
        assert_eq!(words("region"), ["region"]);
    }
}
