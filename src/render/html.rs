//! Reading back HTML that the build wrote: entities, attribute values and
//! the text of a fragment. One scanner for render (ids, a shortcode's text),
//! search (through [`PageText`]) and `check` (link URLs).
//!
//! It reads the HTML this project writes (templates, pulldown-cmark and the
//! shortcodes: attributes in double quotes, no comments inside text that
//! matters), not arbitrary HTML from the web.

use std::borrow::Cow;

use super::text::PageText;

/// `&lt;`, `&amp;`, `&#39;`, `&#x2F;`, ... decoded; anything unknown is
/// left as it is.
pub fn decode_entities(s: &str) -> Cow<'_, str> {
    if !s.contains('&') {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        let decoded = rest
            .find(';')
            .filter(|&semi| semi <= 10)
            .and_then(|semi| entity(&rest[1..semi]).map(|c| (c, semi)));
        match decoded {
            Some((c, semi)) => {
                out.push(c);
                rest = &rest[semi + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    Cow::Owned(out)
}

/// The character an entity's name (between `&` and `;`) stands for.
fn entity(name: &str) -> Option<char> {
    let named = match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "nbsp" => '\u{a0}',
        _ => {
            let number = name.strip_prefix('#')?;
            let code = match number.strip_prefix(['x', 'X']) {
                Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                None => number.parse().ok()?,
            };
            return char::from_u32(code);
        }
    };
    Some(named)
}

/// `html` without its tags (entities left as they are): the text of a
/// heading or a definition written inline.
pub fn strip_tags(html: &str) -> String {
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

/// The value of `name="..."` in one opening tag, entities decoded.
pub fn attribute<'a>(tag: &'a str, name: &str) -> Option<Cow<'a, str>> {
    attribute_values(tag, name).next()
}

/// Every value of `name="..."` in `html`, in order, entities decoded. Only
/// whole attribute names count: `id` does not match `data-id`.
pub fn attribute_values<'a>(html: &'a str, name: &str) -> impl Iterator<Item = Cow<'a, str>> {
    let key = format!("{name}=\"");
    let mut rest = html;
    std::iter::from_fn(move || loop {
        let at = rest.find(&key)?;
        let whole = rest[..at]
            .chars()
            .next_back()
            .is_some_and(char::is_whitespace);
        let after = &rest[at + key.len()..];
        let end = after.find('"')?;
        rest = &after[end + 1..];
        if whole {
            return Some(decode_entities(&after[..end]));
        }
    })
}

/// The text of an HTML fragment (a shortcode's output) added to `text`:
/// tags dropped, blocks as lines, table cells apart, entities decoded, and
/// the contents of `<script>`, `<style>` and `<svg>` left out (data and
/// drawing, not prose; a chart's numbers are in the table after it).
///
/// An `<h2>`/`<h3>` with an id (a failure-mode card), or a `<dt>`/`<dfn>`
/// with one (a defined term), starts a part of its own, so search results
/// can link to it — unless it says `data-search-part="no"`.
pub fn text_into(html: &str, text: &mut PageText) {
    let mut rest = html;
    while let Some(lt) = rest.find('<') {
        text.push(&decode_entities(&rest[..lt]));
        let tag_end = rest[lt..].find('>').map_or(rest.len(), |i| lt + i + 1);
        let tag = Tag::new(&rest[lt..tag_end]);
        rest = &rest[tag_end..];
        if tag.closing {
            match tag.name.as_str() {
                "td" | "th" => text.end_cell(),
                "dt" => text.end_label(),
                name if is_block(name) => text.end_line(),
                name if is_inline(name) => {}
                _ => text.push(" "),
            }
            continue;
        }
        match tag.name.as_str() {
            "script" | "style" | "svg" => rest = after_close(rest, &tag.name).1,
            "h2" | "h3" | "dt" | "dfn" => {
                // `data-search-part="no"`: a heading for the table of
                // contents whose text stays in the section around it (a
                // calculator's title).
                let part = attribute(tag.raw, "data-search-part").as_deref() != Some("no");
                if let Some(id) = attribute(tag.raw, "id").filter(|_| part) {
                    let (inner, after) = after_close(rest, &tag.name);
                    let mut title = PageText::default();
                    text_into(inner, &mut title);
                    text.start_part(&id, &title.plain());
                    rest = after;
                }
            }
            "br" => text.end_line(),
            name if is_inline(name) || is_block(name) => {}
            _ => text.push(" "),
        }
    }
    text.push(&decode_entities(rest));
}

/// What the tags of an inline HTML snippet in Markdown do to the text: a
/// `<dfn id>` (or `<dt id>`) starts a term's part, named by the words up to
/// its closing tag. (Its text arrives separately, as Markdown text.)
pub fn inline_into(html: &str, text: &mut PageText) {
    let mut rest = html;
    while let Some(lt) = rest.find('<') {
        let tag_end = rest[lt..].find('>').map_or(rest.len(), |i| lt + i + 1);
        let tag = Tag::new(&rest[lt..tag_end]);
        rest = &rest[tag_end..];
        if !matches!(tag.name.as_str(), "dfn" | "dt") {
            continue;
        }
        if tag.closing {
            text.end_term();
        } else if let Some(id) = attribute(tag.raw, "id") {
            text.start_term(&id);
        }
    }
}

/// An element's inner HTML up to its closing tag, and what follows that tag.
fn after_close<'a>(rest: &'a str, name: &str) -> (&'a str, &'a str) {
    let close = format!("</{name}");
    let end = rest.find(&close).unwrap_or(rest.len());
    let after = rest[end..].find('>').map_or("", |i| &rest[end + i + 1..]);
    (&rest[..end], after)
}

/// One tag: its lower-case name and whether it closes an element.
struct Tag<'a> {
    raw: &'a str,
    name: String,
    closing: bool,
}

impl<'a> Tag<'a> {
    fn new(raw: &'a str) -> Self {
        let inner = raw.trim_start_matches('<');
        let closing = inner.starts_with('/');
        let name = inner
            .trim_start_matches('/')
            .chars()
            .take_while(char::is_ascii_alphanumeric)
            .map(|c| c.to_ascii_lowercase())
            .collect();
        Tag { raw, name, closing }
    }
}

/// Tags inside a line of text: no space, or `<span>8 min</span>:` would
/// read "8 min :".
fn is_inline(name: &str) -> bool {
    matches!(
        name,
        "span"
            | "a"
            | "strong"
            | "em"
            | "b"
            | "i"
            | "code"
            | "abbr"
            | "small"
            | "mark"
            | "time"
            | "data"
            | "sub"
            | "sup"
            | "output"
            | "dfn"
            | "del"
            | "kbd"
    )
}

/// Tags that end a line of text (a paragraph, an item, a row).
fn is_block(name: &str) -> bool {
    matches!(
        name,
        "p" | "div"
            | "li"
            | "tr"
            | "table"
            | "thead"
            | "tbody"
            | "section"
            | "figure"
            | "figcaption"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "dd"
            | "dt"
            | "dl"
            | "ul"
            | "ol"
            | "form"
            | "fieldset"
            | "legend"
            | "caption"
            | "label"
            | "pre"
            | "blockquote"
            | "details"
            | "summary"
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::text::TextPart;

    #[test]
    fn tags_are_stripped_and_entities_kept() {
        assert_eq!(
            strip_tags("Cost &amp; <code class=\"x\">time</code><br/>!"),
            "Cost &amp; time!"
        );
    }

    #[test]
    fn entities_decode_once_and_leave_unknown_ones() {
        assert_eq!(
            decode_entities("a &amp;lt; b &lt; &#39;c&#x2F; &nbsp;&bogus; & d"),
            "a &lt; b < 'c/ \u{a0}&bogus; & d"
        );
        assert!(matches!(decode_entities("plain"), Cow::Borrowed(_)));
    }

    #[test]
    fn attributes_match_whole_names() {
        let html = r#"<a data-href="x" href="https://a.io/?y=1&amp;z=2">a</a><img src="b.png"><h2 id="c&amp;d">"#;
        assert_eq!(
            attribute_values(html, "href").collect::<Vec<_>>(),
            ["https://a.io/?y=1&z=2"]
        );
        assert_eq!(attribute(html, "src").as_deref(), Some("b.png"));
        assert_eq!(attribute_values(html, "id").collect::<Vec<_>>(), ["c&d"]);
    }

    fn parts(html: &str) -> Vec<TextPart> {
        let mut text = PageText::default();
        text_into(html, &mut text);
        text.finish()
    }

    #[test]
    fn fragments_become_lines_and_cells() {
        let html = "<div class=\"t\"><table><tr><th>line</th><td><span>$7,200</span> &amp; more</td></tr></table>\
                    <script type=\"application/json\">{\"x\":1}</script><svg><text>9</text></svg><p>after <b>it</b>.</p></div>";
        let parts = parts(html);
        assert_eq!(parts.len(), 1);
        assert_eq!(parts[0].text, "line · $7,200 & more\nafter it.");
    }

    #[test]
    fn closing_inline_tags_add_no_space() {
        let parts = parts("from <span class=\"figure\">12 min 30 s</span>. Going");
        assert_eq!(parts[0].text, "from 12 min 30 s. Going");
    }

    #[test]
    fn a_heading_marked_not_a_part_stays_in_its_section() {
        let parts = parts(
            "<h2 id=\"calc\">Calculator</h2><h3 id=\"c1-title\" data-search-part=\"no\">Cost calculator</h3><p>Inputs.</p>",
        );
        assert_eq!(parts.len(), 1, "{parts:?}");
        assert_eq!(parts[0].id, "calc");
        assert!(parts[0].text.contains("Cost calculator"), "{parts:?}");
    }

    #[test]
    fn headings_and_terms_with_ids_start_parts() {
        let parts = parts(
            "<section><h3 id=\"split-brain\">Split <em>brain</em></h3><dl><dt>Symptom</dt><dd>Two writers.</dd></dl></section>\
             <dl><dt id=\"rpo\"><dfn>RPO</dfn></dt><dd>Data you may lose.</dd></dl>",
        );
        let ids: Vec<(&str, &str)> = parts
            .iter()
            .map(|p| (p.id.as_str(), p.heading.as_str()))
            .collect();
        assert_eq!(ids, [("split-brain", "Split brain"), ("rpo", "RPO")]);
        assert_eq!(parts[0].text, "Symptom: Two writers.");
        assert_eq!(parts[1].text, "Data you may lose.");
    }
}
