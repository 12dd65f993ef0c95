//! Glossary terms in the text. A term is defined where a page writes it as
//! `<dfn id="split-brain">Split brain</dfn>` (the glossary page does, one per
//! list item; `data-also="AZ"` adds other spellings). After every page is
//! rendered, the first mention of each term on every other page becomes a
//! link to its definition, with the definition itself in a tooltip shown on
//! hover and focus (`templates/partials/glossary_term.html`);
//! `data-link="no"` keeps a term everyone knows ("region") from being
//! linked. Mentions inside
//! headings, links, code, tables, figures, forms and navigation are left
//! alone.

use std::collections::HashSet;

use super::content::PageContent;
use super::html;
use super::links::href_between;
use super::templates::Templates;
use crate::error::{Diagnostics, Location};
use crate::parse::library::{Library, PageId};

/// One defined term.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Term {
    /// As defined: "Split brain".
    pub name: String,
    /// The page that defines it and the `<dfn>`'s id there.
    pub page: PageId,
    pub id: String,
    /// The definition's text (the rest of the list item), without links.
    pub definition: String,
    /// Every spelling to look for (lowercase unless an acronym).
    forms: Vec<Form>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct Form {
    text: String,
    /// Acronyms ("RPO") match in their case only.
    exact: bool,
}

/// Elements whose text is never linked.
const SKIP: &[&str] = &[
    "a",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "code",
    "pre",
    "script",
    "style",
    "dfn",
    "button",
    "label",
    "summary",
    "figcaption",
    "svg",
    "select",
    "option",
    "textarea",
    "table",
    "caption",
    "figure",
    "form",
    "nav",
    "abbr",
    "kbd",
];

/// Every term defined on any page, longest name first (so "leader
/// election" wins over "leader").
pub fn collect<'c>(contents: impl Iterator<Item = (PageId, &'c PageContent)>) -> Vec<Term> {
    let mut terms = Vec::new();
    for (page, content) in contents {
        let html = content.html.as_str();
        let mut rest = html;
        while let Some(i) = rest.find("<dfn ") {
            let tag_end = rest[i..].find('>').map_or(rest.len(), |e| i + e);
            let tag = &rest[i + 1..tag_end];
            let after = &rest[tag_end + 1..];
            let name_end = after.find("</dfn>").unwrap_or(0);
            let name = html::decode_entities(&strip_tags(&after[..name_end]))
                .trim()
                .to_string();
            let linked = html::attribute(tag, "data-link").as_deref() != Some("no");
            if let (Some(id), false, true) = (html::attribute(tag, "id"), name.is_empty(), linked) {
                let definition = definition_after(&after[name_end..]);
                let also = html::attribute(tag, "data-also").map(|a| a.into_owned());
                terms.push(Term {
                    forms: forms(&name, also.as_deref()),
                    name,
                    page,
                    id: id.into_owned(),
                    definition,
                });
            }
            rest = after;
        }
    }
    terms.sort_by_key(|t| std::cmp::Reverse(t.name.len()));
    terms
}

/// The definition: the text after the `</dfn>` to the end of its list
/// item, paragraph or description, without a closing "See …" pointer.
fn definition_after(html: &str) -> String {
    let end = ["</li>", "</p>", "</dd>"]
        .iter()
        .filter_map(|close| html.find(close))
        .min()
        .unwrap_or(html.len());
    let text = html::decode_entities(&strip_tags(&html[..end])).into_owned();
    let text = text.trim_start_matches("</dfn>");
    let text = text.trim_start_matches(|c: char| c == '.' || c == ':' || c.is_whitespace());
    let text = match text.find(" See ") {
        Some(i) => &text[..=i],
        None => text,
    };
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn strip_tags(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}

/// The spellings to look for: the name and its `data-also` list, with
/// hyphens and spaces interchangeable and a plural "s".
fn forms(name: &str, also: Option<&str>) -> Vec<Form> {
    let mut out: Vec<Form> = Vec::new();
    let names = std::iter::once(name).chain(also.into_iter().flat_map(|a| a.split(',')));
    for n in names.map(str::trim).filter(|n| !n.is_empty()) {
        let exact = n.len() <= 6
            && n.chars()
                .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit());
        let base = if exact {
            n.to_string()
        } else {
            n.to_ascii_lowercase()
        };
        for variant in [base.clone(), base.replace('-', " "), base.replace(' ', "-")] {
            for text in [variant.clone(), format!("{variant}s")] {
                if !out.iter().any(|f| f.text == text) {
                    out.push(Form { text, exact });
                }
            }
        }
    }
    out
}

/// Links the first mention of each term on every page but its own.
pub fn link_terms<'c>(
    lib: &Library,
    contents: impl Iterator<Item = (PageId, &'c mut PageContent)>,
    terms: &[Term],
    templates: &Templates,
) -> Diagnostics {
    let mut diags = Diagnostics::default();
    if terms.is_empty() {
        return diags;
    }
    for (page_id, content) in contents {
        let page = &lib.pages[page_id];
        let location = Location::file(&page.display);
        let ranges = linkable(&content.html);
        let text = Text {
            html: &content.html,
            lower: content.html.to_ascii_lowercase(),
            ranges,
        };
        let mut found: Vec<(usize, usize, &Term)> = Vec::new();
        for term in terms.iter().filter(|t| t.page != page_id) {
            if let Some((start, end)) = first_mention(&text, term, &found) {
                found.push((start, end, term));
            }
        }
        found.sort_by_key(|&(start, ..)| std::cmp::Reverse(start));
        for (start, end, term) in found {
            let mut c = tera::Context::new();
            let tip = unique_id(&format!("term-{}", term.id), &content.ids);
            c.insert("text", &content.html[start..end]);
            c.insert("term", &term.name);
            c.insert("definition", &term.definition);
            c.insert(
                "href",
                &href_between(page, &lib.pages[term.page], Some(&term.id)),
            );
            c.insert("tip_id", &tip);
            match templates.render("partials/glossary_term.html", &c, Some(&location)) {
                Ok(html) => content.html.replace_range(start..end, html.trim_end()),
                Err(d) => {
                    diags.push(d);
                    break;
                }
            }
        }
    }
    diags
}

fn unique_id(id: &str, taken: &HashSet<String>) -> String {
    let mut candidate = id.to_string();
    let mut n = 1;
    while taken.contains(&candidate) {
        candidate = format!("{id}-{n}");
        n += 1;
    }
    candidate
}

/// The byte ranges of the page's text that may be linked: outside tags and
/// outside the elements in [`SKIP`].
fn linkable(html: &str) -> Vec<(usize, usize)> {
    let mut ranges = Vec::new();
    let mut skipping = 0usize;
    let mut pos = 0;
    while pos < html.len() {
        let Some(lt) = html[pos..].find('<').map(|i| pos + i) else {
            if skipping == 0 {
                ranges.push((pos, html.len()));
            }
            break;
        };
        if skipping == 0 && lt > pos {
            ranges.push((pos, lt));
        }
        let gt = html[lt..].find('>').map_or(html.len(), |i| lt + i + 1);
        let tag = &html[lt + 1..gt.saturating_sub(1).max(lt + 1)];
        let closing = tag.starts_with('/');
        let name: String = tag
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect::<String>()
            .to_ascii_lowercase();
        let self_closing = tag.ends_with('/');
        // An element's own tooltip (a term already linked) is skipped too.
        if SKIP.contains(&name.as_str()) && !self_closing {
            if closing {
                skipping = skipping.saturating_sub(1);
            } else {
                skipping += 1;
            }
        }
        pos = gt;
    }
    ranges
}

/// A page's HTML, lowercased once (ASCII only, so byte offsets agree), and
/// the ranges of it that may be linked.
struct Text<'a> {
    html: &'a str,
    lower: String,
    ranges: Vec<(usize, usize)>,
}

/// The first whole-word mention of the term in the linkable text that does
/// not overlap a mention already taken.
fn first_mention(
    page: &Text,
    term: &Term,
    taken: &[(usize, usize, &Term)],
) -> Option<(usize, usize)> {
    let mut best: Option<(usize, usize)> = None;
    for &(start, end) in &page.ranges {
        if best.is_some_and(|(b, _)| b < start) {
            break;
        }
        let text = &page.html[start..end];
        let lower = &page.lower[start..end];
        for form in &term.forms {
            let hay = if form.exact { text } else { lower };
            let mut from = 0;
            while let Some(i) = hay[from..].find(&form.text) {
                let s = from + i;
                let e = s + form.text.len();
                let word_before = text[..s].chars().next_back().is_some_and(is_word_char);
                let word_after = text[e..].chars().next().is_some_and(is_word_char);
                let overlaps = taken
                    .iter()
                    .any(|&(ts, te, _)| start + s < te && start + e > ts);
                if !word_before && !word_after && !overlaps {
                    let candidate = (start + s, start + e);
                    if best.is_none_or(|b| {
                        candidate.0 < b.0 || (candidate.0 == b.0 && candidate.1 > b.1)
                    }) {
                        best = Some(candidate);
                    }
                    break;
                }
                from = e;
            }
        }
    }
    best
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '-' || c == '_'
}

#[cfg(test)]
mod tests {
    use super::*;

    fn content(html: &str) -> PageContent {
        PageContent {
            html: html.to_string(),
            ..Default::default()
        }
    }

    #[test]
    fn terms_come_from_dfn_with_their_definitions() {
        let pages = [
            content("<p>Nothing here.</p>"),
            content("<ul><li><dfn id=\"split-brain\">Split brain</dfn>. Two regions both act as primary. See <a href=\"x\">patterns</a>.</li>\
                <li><dfn id=\"rpo\" data-also=\"recovery point objective\">RPO</dfn> (recovery point objective). Data you may lose.</li></ul>"),
        ];
        let terms = collect(pages.iter().enumerate());
        assert_eq!(terms.len(), 2);
        let split = terms.iter().find(|t| t.id == "split-brain").unwrap();
        assert_eq!(split.name, "Split brain");
        assert_eq!(split.page, 1);
        assert_eq!(split.definition, "Two regions both act as primary.");
        let rpo = terms.iter().find(|t| t.id == "rpo").unwrap();
        assert!(rpo.forms.iter().any(|f| f.text == "RPO" && f.exact));
        assert!(rpo
            .forms
            .iter()
            .any(|f| f.text == "recovery point objective" && !f.exact));
    }

    #[test]
    fn first_mentions_outside_headings_links_and_code() {
        let html = "<h2 id=\"a\">Split brain</h2><p>See <a href=\"#\">split brain</a> and <code>split-brain</code>; \
            then Split-brain happens, and split brains again. RPOs and rpo.</p>";
        let defining = content(
            "<li><dfn id=\"split-brain\">Split brain</dfn>. X.</li><li><dfn id=\"rpo\">RPO</dfn>. Y.</li>",
        );
        let terms = collect(std::iter::once((0, &defining)));
        let text = |html| Text {
            html,
            lower: html.to_ascii_lowercase(),
            ranges: linkable(html),
        };
        let page = text(html);
        let split = terms.iter().find(|t| t.id == "split-brain").unwrap();
        let (s, e) = first_mention(&page, split, &[]).unwrap();
        assert_eq!(&html[s..e], "Split-brain");
        let rpo = terms.iter().find(|t| t.id == "rpo").unwrap();
        let (s, e) = first_mention(&page, rpo, &[]).unwrap();
        assert_eq!(&html[s..e], "RPOs", "acronyms match in their case only");
        assert!(first_mention(&text("<p>splitbrain</p>"), split, &[]).is_none());
    }
}
