//! A page's text as data: one part per heading, lines for blocks, cells
//! apart. Rendering fills it (Markdown, then the shortcodes' HTML through
//! [`super::html::text_into`]); the search index reads it.
//!
//! Whitespace is normalised as the text is added (one space between words,
//! one line break between blocks, nothing at either end), so a part holds
//! no more than the words and the separators a snippet needs.

use serde::Serialize;

/// One heading's part of a page: the text from the heading to the next.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct TextPart {
    /// The heading's id (`""` for the text before the first heading).
    pub id: String,
    pub heading: String,
    /// Lines (paragraphs, items, table rows) separated by `\n`; table cells
    /// by ` · `.
    pub text: String,
}

/// Between table cells: a snippet from a table then reads cell by cell, not
/// as one run of words.
pub const CELL_SEPARATOR: &str = " · ";

/// Builds a page's parts.
#[derive(Debug, Default)]
pub struct PageText {
    parts: Vec<TextPart>,
    /// The separator owed before the next word (the strongest one asked for).
    pending: Gap,
    /// Words go to the current part's heading (a defined term's name).
    naming: bool,
}

#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Gap {
    #[default]
    None,
    Space,
    Cell,
    Line,
}

impl PageText {
    /// Adds running text; any whitespace in it (line breaks too) is one
    /// space.
    pub fn push(&mut self, s: &str) {
        for (i, word) in s.split(char::is_whitespace).enumerate() {
            if i > 0 {
                self.gap(Gap::Space);
            }
            if !word.is_empty() {
                self.word(word);
            }
        }
    }

    /// Adds text whose `\n` are line ends (a part's text from [`finish`]).
    ///
    /// [`finish`]: PageText::finish
    pub fn push_lines(&mut self, s: &str) {
        for (i, line) in s.split('\n').enumerate() {
            if i > 0 {
                self.end_line();
            }
            self.push(line);
        }
    }

    /// Ends a line: a paragraph, an item, a table row.
    pub fn end_line(&mut self) {
        self.gap(Gap::Line);
    }

    /// Ends a table cell.
    pub fn end_cell(&mut self) {
        self.gap(Gap::Cell);
    }

    /// Ends a label ("Symptom" in a definition list): a colon, unless it
    /// already ends in punctuation, then a space.
    pub fn end_label(&mut self) {
        if let Some(part) = self.parts.last_mut() {
            let ends_open = part
                .text
                .chars()
                .next_back()
                .is_some_and(|c| c.is_alphanumeric() || c == ')');
            if ends_open && self.pending <= Gap::Space {
                part.text.push(':');
            }
        }
        self.gap(Gap::Space);
    }

    /// Starts a heading's part: a search result of its own, linking to
    /// `id`. Headings call it; so may anything else with an anchor a reader
    /// would want to land on (a defined term).
    pub fn start_part(&mut self, id: &str, heading: &str) {
        self.parts.push(TextPart {
            id: id.to_string(),
            heading: heading.to_string(),
            text: String::new(),
        });
        self.pending = Gap::None;
    }

    /// Starts the part of a term whose name follows, up to [`end_term`]
    /// (`<dfn id="failover">Failover</dfn>` in a page's Markdown).
    ///
    /// [`end_term`]: PageText::end_term
    pub fn start_term(&mut self, id: &str) {
        self.start_part(id, "");
        self.naming = true;
    }

    /// Ends a term's name: the words that follow are its text.
    pub fn end_term(&mut self) {
        self.naming = false;
        self.pending = Gap::None;
    }

    /// The parts; the text before the first heading only when it has any.
    pub fn finish(mut self) -> Vec<TextPart> {
        if self
            .parts
            .first()
            .is_some_and(|p| p.id.is_empty() && p.text.is_empty())
        {
            self.parts.remove(0);
        }
        self.parts
    }

    /// All the text on one line, e.g. a heading's title.
    pub fn plain(&self) -> String {
        let mut out = String::new();
        for part in &self.parts {
            for line in part.text.split('\n') {
                if !out.is_empty() {
                    out.push(' ');
                }
                out.push_str(line);
            }
        }
        out
    }

    fn gap(&mut self, gap: Gap) {
        self.pending = self.pending.max(gap);
    }

    fn word(&mut self, word: &str) {
        if self.parts.is_empty() {
            self.start_part("", "");
        }
        let pending = std::mem::take(&mut self.pending);
        let Some(part) = self.parts.last_mut() else {
            return;
        };
        if self.naming {
            if !part.heading.is_empty() && pending != Gap::None {
                part.heading.push(' ');
            }
            part.heading.push_str(word);
            return;
        }
        let text = &mut part.text;
        if text.is_empty() {
            // A defined term's text often starts after its punctuation
            // ("**Failover.** Moving ..."): a part never starts with it.
            let word = word.trim_start_matches(['.', ':', ';', ',', '—', '–']);
            text.push_str(word);
            return;
        }
        match pending {
            Gap::None => {}
            Gap::Space => text.push(' '),
            Gap::Cell => text.push_str(CELL_SEPARATOR),
            Gap::Line => text.push('\n'),
        }
        text.push_str(word);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whitespace_is_normalised_as_text_arrives() {
        let mut t = PageText::default();
        t.push("  Two \n regions,");
        t.push(" one");
        t.push("bill.");
        t.end_line();
        t.end_line();
        t.push("a");
        t.end_cell();
        t.push(" b ");
        t.end_cell();
        t.end_line();
        let parts = t.finish();
        assert_eq!(parts.len(), 1);
        assert_eq!(parts[0].text, "Two regions, onebill.\na · b");
    }

    #[test]
    fn labels_end_in_a_colon_on_the_line_they_label() {
        let mut t = PageText::default();
        t.push("Symptom ");
        t.end_label();
        t.push("Two writers.");
        t.end_line();
        t.push("Fix:");
        t.end_label();
        t.push("fence.");
        assert_eq!(t.finish()[0].text, "Symptom: Two writers.\nFix: fence.");
    }

    #[test]
    fn a_term_names_its_part() {
        let mut t = PageText::default();
        t.push("Intro.");
        t.end_line();
        t.start_term("split-brain");
        t.push("Split");
        t.push(" brain");
        t.end_term();
        t.push(". Two writers.");
        let parts = t.finish();
        assert_eq!(parts[1].heading, "Split brain");
        assert_eq!(parts[1].text, "Two writers.");
    }

    #[test]
    fn parts_follow_headings_and_an_empty_intro_is_dropped() {
        let mut t = PageText::default();
        t.end_line();
        t.start_part("why", "Why");
        t.push(". Because.");
        t.start_part("how", "How");
        let parts = t.finish();
        assert_eq!(
            parts,
            [
                TextPart {
                    id: "why".into(),
                    heading: "Why".into(),
                    text: "Because.".into()
                },
                TextPart {
                    id: "how".into(),
                    heading: "How".into(),
                    text: String::new()
                }
            ]
        );
    }

    #[test]
    fn lines_survive_a_second_pass() {
        let mut t = PageText::default();
        t.push_lines("a b\nc · d\n");
        t.push("e");
        assert_eq!(t.finish()[0].text, "a b\nc · d\ne");
    }
}
