//! The text a result shows: each heading's part, cut to what a snippet
//! needs (scoring reads all of it).

use serde::Serialize;

use crate::render::text::TextPart;

/// Text kept for snippets, per heading part and per document. Enough for a
/// snippet near the top of each part; it keeps the index for 10,000 pages
/// to tens of megabytes instead of a copy of the site.
const PART_TEXT_BYTES: usize = 480;
const DOC_TEXT_BYTES: usize = 3 * 1024;
/// Every heading keeps at least this much text past the page's budget, so a
/// result never shows a clipped word as its snippet.
const MIN_PART_TEXT_BYTES: usize = 160;

/// One heading's part as a result shows it: `[id, heading, text]`.
#[derive(Debug, Serialize, PartialEq)]
pub struct Snippet<'a>(pub &'a str, pub &'a str, pub &'a str);

/// The parts of a page, their text capped for snippets. Every heading is
/// kept, even past the page's text budget: results can still link to it.
pub fn snippets(parts: &[TextPart]) -> Vec<Snippet<'_>> {
    let mut budget = DOC_TEXT_BYTES;
    parts
        .iter()
        .map(|p| {
            let cap = PART_TEXT_BYTES.min(budget.max(MIN_PART_TEXT_BYTES));
            let text = cut(&p.text, cap);
            budget = budget.saturating_sub(text.len());
            Snippet(&p.id, &p.heading, text)
        })
        .collect()
}

/// `s` cut to at most `max` bytes at a space or line break (whole words).
fn cut(s: &str, max: usize) -> &str {
    if s.len() <= max {
        return s;
    }
    let mut end = max;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    let end = s[..end].rfind([' ', '\n']).unwrap_or(end);
    s[..end].trim_end_matches(['·', ' '])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn part(id: &str, text: &str) -> TextPart {
        TextPart {
            id: id.into(),
            heading: id.to_uppercase(),
            text: text.into(),
        }
    }

    #[test]
    fn late_parts_keep_whole_words_past_the_page_budget() {
        let long = format!("Whatever happens {}", "word ".repeat(2000).trim_end());
        let parts: Vec<TextPart> = (0..12).map(|i| part(&format!("s{i}"), &long)).collect();
        let snippets = snippets(&parts);
        assert_eq!(snippets.len(), 12);
        for s in &snippets {
            assert!(s.2.starts_with("Whatever happens"), "{:?}", s.2);
            assert!(s.2.len() <= PART_TEXT_BYTES);
            assert!(
                s.2.split(' ')
                    .all(|w| w == "Whatever" || w == "happens" || w == "word"),
                "{:?}",
                s.2
            );
        }
        let total: usize = snippets.iter().map(|s| s.2.len()).sum();
        assert!(total < DOC_TEXT_BYTES + 12 * MIN_PART_TEXT_BYTES, "{total}");
    }

    #[test]
    fn cuts_on_char_and_word_boundaries() {
        assert_eq!(cut("aé bé cé", 5), "aé");
        assert_eq!(cut("a · b · c", 6), "a");
        assert_eq!(cut("short", 50), "short");
    }
}
