//! Words as the index sees them. `static/search.js` splits a query the same
//! way (lower case, runs of letters and digits, no one-letter words, no stop
//! words), and reads the stop words from the manifest so the two never drift.

/// Words too common to help find a page; left out of the index, which keeps
/// the largest posting lists out of the shards.
pub const STOP_WORDS: &[&str] = &[
    "an", "and", "are", "as", "at", "be", "by", "for", "from", "has", "in", "is", "it", "its",
    "of", "on", "or", "that", "the", "this", "to", "was", "were", "will", "with",
];

/// Longer runs are almost always hashes or URLs nobody types.
const MAX_WORD_CHARS: usize = 40;

/// Calls `f` with every indexable word of `text`, lower-cased.
pub fn for_each_word(text: &str, mut f: impl FnMut(&str)) {
    let mut word = String::new();
    let mut chars = 0;
    let mut flush = |word: &mut String, chars: &mut usize| {
        if *chars >= 2 && *chars <= MAX_WORD_CHARS && !is_stop_word(word) {
            f(word);
        }
        word.clear();
        *chars = 0;
    };
    for c in text.chars() {
        if c.is_alphanumeric() {
            word.extend(c.to_lowercase());
            chars += 1;
        } else if !word.is_empty() {
            flush(&mut word, &mut chars);
        }
    }
    if !word.is_empty() {
        flush(&mut word, &mut chars);
    }
}

fn is_stop_word(word: &str) -> bool {
    STOP_WORDS.binary_search(&word).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<String> {
        let mut out = Vec::new();
        for_each_word(text, |w| out.push(w.to_string()));
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
    fn stop_words_are_sorted_for_binary_search() {
        let mut sorted = STOP_WORDS.to_vec();
        sorted.sort_unstable();
        assert_eq!(sorted, STOP_WORDS);
    }
}
