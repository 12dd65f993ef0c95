//! Words as the index sees them. `static/search.js` splits a query the same
//! way (lower case, runs of letters and digits, no one-letter words, no stop
//! words), and reads the stop words from the manifest so the two never drift.

use std::borrow::Cow;

/// Words too common to help find a page; left out of the index, which keeps
/// the largest posting lists out of the shards.
pub const STOP_WORDS: &[&str] = &[
    "an", "and", "are", "as", "at", "be", "by", "for", "from", "has", "in", "is", "it", "its",
    "of", "on", "or", "that", "the", "this", "to", "was", "were", "will", "with",
];

/// Longer runs are almost always hashes or URLs nobody types.
const MAX_WORD_CHARS: usize = 40;

/// Calls `f` with every indexable word of `text`, lower-cased.
///
/// Hot: it sees every word of every page. Words that are already lower-case
/// ASCII (most of them) are handed over as borrowed slices of `text`, so they
/// can also be kept as map keys without an allocation.
pub fn for_each_word<'a>(text: &'a str, mut f: impl FnMut(Cow<'a, str>)) {
    let mut start = usize::MAX;
    let mut chars = 0;
    let mut plain = true;
    for (i, c) in text.char_indices() {
        if c.is_alphanumeric() {
            if start == usize::MAX {
                start = i;
                chars = 0;
                plain = true;
            }
            chars += 1;
            plain &= c.is_ascii_lowercase() || c.is_ascii_digit();
        } else if start != usize::MAX {
            emit(&text[start..i], chars, plain, &mut f);
            start = usize::MAX;
        }
    }
    if start != usize::MAX {
        emit(&text[start..], chars, plain, &mut f);
    }
}

fn emit<'a>(word: &'a str, chars: usize, plain: bool, f: &mut impl FnMut(Cow<'a, str>)) {
    if !(2..=MAX_WORD_CHARS).contains(&chars) {
        return;
    }
    let word = if plain {
        Cow::Borrowed(word)
    } else {
        Cow::Owned(word.chars().flat_map(char::to_lowercase).collect())
    };
    if !is_stop_word(&word) {
        f(word);
    }
}

fn is_stop_word(word: &str) -> bool {
    matches!(
        word,
        "an" | "and"
            | "are"
            | "as"
            | "at"
            | "be"
            | "by"
            | "for"
            | "from"
            | "has"
            | "in"
            | "is"
            | "it"
            | "its"
            | "of"
            | "on"
            | "or"
            | "that"
            | "the"
            | "this"
            | "to"
            | "was"
            | "were"
            | "will"
            | "with"
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
            words("The RPO of active-active is 0 s; Zürich's p99."),
            ["rpo", "active", "active", "zürich", "p99"]
        );
    }

    #[test]
    fn the_stop_list_and_the_matcher_agree() {
        for w in STOP_WORDS {
            assert!(is_stop_word(w), "{w}");
        }
        assert_eq!(words(&STOP_WORDS.join(" ")), Vec::<String>::new());
        assert!(!is_stop_word("region"));
    }
}
