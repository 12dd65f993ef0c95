//! Glossary terms in the text. A term is defined where a page writes it as
//! `<dfn id="split-brain">Split brain</dfn>` (the glossary page does, one per
//! list item; `data-also="AZ"` adds other spellings). After every page is
//! rendered, the first mention of each term on every other page becomes a
//! link to its definition, with the definition itself in a tooltip shown on
//! hover and focus (`templates/partials/glossary_term.html`);
//! `data-link="no"` keeps a term everyone knows ("region") from being
//! linked. The terms are read from the pages' sources when the site loads,
//! so each page links its mentions as it renders, alone or with the others
//! (as `serve` renders an edited page). Mentions inside
//! headings, links, code, tables, figures, forms and navigation are left
//! alone.

use std::collections::HashSet;

use super::html;
use super::links::href_between;
use super::Env;
use crate::error::{Diagnostic, Location};
use crate::parse::library::{Library, Page, PageId};

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

/// Every term defined on any page (a `<dfn id>` in its Markdown, outside
/// code blocks), longest name first (so "leader election" wins over
/// "leader"). The definition is the rest of the line.
pub fn collect(lib: &Library) -> Vec<Term> {
    let mut terms: Vec<Term> = lib
        .pages
        .iter()
        .flat_map(|p| defined_in(&p.body, p.id))
        .collect();
    terms.sort_by_key(|t| std::cmp::Reverse(t.name.len()));
    terms
}

/// The terms a page's Markdown defines, in order (an edit that changes
/// them changes other pages too).
pub fn defined_in(markdown: &str, page: PageId) -> Vec<Term> {
    if !markdown.contains("<dfn ") {
        return Vec::new();
    }
    let mut terms = Vec::new();
    let mut fenced = false;
    for line in markdown.lines() {
        let t = line.trim_start();
        if t.starts_with("```") || t.starts_with("~~~") {
            fenced = !fenced;
        }
        if fenced || !line.contains("<dfn ") {
            continue;
        }
        terms.extend(terms_in_line(line, page));
    }
    terms
}

/// The terms a line of Markdown defines.
fn terms_in_line(line: &str, page: PageId) -> Vec<Term> {
    let mut terms = Vec::new();
    let mut rest = line;
    while let Some(i) = rest.find("<dfn ") {
        let tag_end = rest[i..].find('>').map_or(rest.len(), |e| i + e);
        let tag = &rest[i + 1..tag_end];
        let after = rest.get(tag_end + 1..).unwrap_or("");
        let name_end = after.find("</dfn>").unwrap_or(0);
        let name = html::decode_entities(&html::strip_tags(&after[..name_end]))
            .trim()
            .to_string();
        let linked = html::attribute(tag, "data-link").as_deref() != Some("no");
        if let (Some(id), false, true) = (html::attribute(tag, "id"), name.is_empty(), linked) {
            let also = html::attribute(tag, "data-also").map(|a| a.into_owned());
            let forms = forms(&name, also.as_deref());
            let mut definition = definition(&after[name_end..]);
            // "(AZ). One or more…": the spelled-out form goes with the name.
            let mut name = name;
            if let Some(end) = definition.strip_prefix('(').and_then(|d| d.find(").")) {
                name = format!("{name} ({})", &definition[1..=end]);
                definition = definition[end + 3..].trim_start().to_string();
            }
            terms.push(Term {
                forms,
                name,
                page,
                id: id.into_owned(),
                definition,
            });
        }
        rest = after;
    }
    terms
}

/// A definition as plain text: the Markdown after the `</dfn>`, without
/// links' targets and emphasis, and without a closing "See …" pointer.
fn definition(markdown: &str) -> String {
    let text = markdown.trim_start_matches("</dfn>");
    let text = match text.find("<dfn ") {
        Some(i) => &text[..i],
        None => text,
    };
    let mut plain = String::with_capacity(text.len());
    let mut rest = text;
    // `[words](target)` → words
    while let Some(open) = rest.find('[') {
        plain.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match after.find("](").and_then(|close| {
            after[close + 2..]
                .find(')')
                .map(|end| (close, close + 2 + end + 1))
        }) {
            Some((close, end)) => {
                plain.push_str(&after[..close]);
                rest = &after[end..];
            }
            None => {
                plain.push('[');
                rest = after;
            }
        }
    }
    plain.push_str(rest);
    let plain = html::strip_tags(&plain).replace(['*', '`'], "");
    let plain = html::decode_entities(&plain).into_owned();
    let plain = plain.trim_start_matches(|c: char| c == '.' || c == ':' || c.is_whitespace());
    let plain = match plain.find(" See ") {
        Some(i) => &plain[..=i],
        None => plain,
    };
    plain.split_whitespace().collect::<Vec<_>>().join(" ")
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

/// Links the first mention of each term in a page's HTML (not on the
/// page that defines it). `ids` are the page's ids (a tooltip's must differ).
pub fn link_terms(
    page: &Page,
    env: &Env,
    html: &mut String,
    ids: &HashSet<String>,
) -> Result<(), Diagnostic> {
    if env.terms.iter().all(|t| t.page == page.id) {
        return Ok(());
    }
    let text = Text {
        html: html.as_str(),
        lower: html.to_ascii_lowercase(),
        ranges: linkable(html),
    };
    let mut found: Vec<(usize, usize, &Term)> = Vec::new();
    for term in env.terms.iter().filter(|t| t.page != page.id) {
        if let Some((start, end)) = first_mention(&text, term, &found) {
            found.push((start, end, term));
        }
    }
    found.sort_by_key(|&(start, ..)| std::cmp::Reverse(start));
    let location = Location::file(&page.display);
    for (start, end, term) in found {
        let mut c = tera::Context::new();
        c.insert("text", &html[start..end]);
        c.insert("term", &term.name);
        c.insert("definition", &term.definition);
        c.insert(
            "href",
            &href_between(page, &env.library.pages[term.page], Some(&term.id)),
        );
        c.insert("tip_id", &unique_id(&format!("term-{}", term.id), ids));
        let linked = env
            .templates
            .render("partials/glossary_term.html", &c, Some(&location))?;
        html.replace_range(start..end, linked.trim_end());
    }
    Ok(())
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

    #[test]
    fn terms_come_from_dfn_with_their_definitions() {
        let terms = terms_in_line(
            "- <dfn id=\"split-brain\">Split brain</dfn>. Two regions **both** act as primary. See [patterns](@/p.md#x).",
            3,
        );
        assert_eq!(terms.len(), 1);
        assert_eq!(terms[0].name, "Split brain");
        assert_eq!(terms[0].page, 3);
        assert_eq!(terms[0].definition, "Two regions both act as primary.");
        let rpo = &terms_in_line(
            "- <dfn id=\"rpo\" data-also=\"recovery point objective\">RPO</dfn> (recovery point objective). Data you may [lose](x.md).",
            0,
        )[0];
        assert_eq!(rpo.name, "RPO (recovery point objective)");
        assert_eq!(rpo.definition, "Data you may lose.");
        assert!(rpo.forms.iter().any(|f| f.text == "RPO" && f.exact));
        assert!(rpo
            .forms
            .iter()
            .any(|f| f.text == "recovery point objective" && !f.exact));
        assert!(
            terms_in_line("- <dfn id=\"region\" data-link=\"no\">Region</dfn>. X.", 0).is_empty()
        );
    }

    #[test]
    fn first_mentions_outside_headings_links_and_code() {
        let html = "<h2 id=\"a\">Split brain</h2><p>See <a href=\"#\">split brain</a> and <code>split-brain</code>; \
            then Split-brain happens, and split brains again. RPOs and rpo.</p>";
        let mut terms = terms_in_line("<dfn id=\"split-brain\">Split brain</dfn>. X.", 0);
        terms.extend(terms_in_line("<dfn id=\"rpo\">RPO</dfn>. Y.", 0));
        let text = |html| Text {
            html,
            lower: html.to_ascii_lowercase(),
            ranges: linkable(html),
        };
        let page = text(html);
        let (s, e) = first_mention(&page, &terms[0], &[]).unwrap();
        assert_eq!(&html[s..e], "Split-brain");
        let (s, e) = first_mention(&page, &terms[1], &[]).unwrap();
        assert_eq!(&html[s..e], "RPOs", "acronyms match in their case only");
        assert!(first_mention(&text("<p>splitbrain</p>"), &terms[0], &[]).is_none());
    }
}
