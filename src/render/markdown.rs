//! Markdown to HTML: pulldown-cmark events with a few named transforms —
//! heading ids and anchors, the table of contents, GitHub alerts as callouts,
//! highlighted code, scrollable tables and resolved internal links.

use pulldown_cmark::{
    BlockQuoteKind, CodeBlockKind, CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd,
};
use pulldown_cmark_escape::{escape_href, escape_html};
use serde::Serialize;

use super::highlight::highlight;
use super::text::PageText;
use crate::parse::slug::{slugify, IdAllocator, IdTaken};

/// One entry of a page's table of contents.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct TocEntry {
    pub level: u8,
    pub id: String,
    pub title: String,
}

/// What rendering produced besides HTML.
#[derive(Debug, Default)]
pub struct Markdown {
    pub html: String,
    pub toc: Vec<TocEntry>,
    pub words: usize,
    /// The text by heading, for the search index.
    pub text: PageText,
    /// Problems in the Markdown itself, at byte offsets of the text.
    pub errors: Vec<(usize, String)>,
}

/// Rewrites a link destination; returns the href to write, or None to
/// write the link's text without the link (a hidden page's link in a
/// bundled page, `[guide] unlink_hidden`). It sees every link and image
/// with its byte offset in the text, and records what it needs (the page's
/// links, where they are written).
pub trait LinkRewriter {
    fn rewrite(&self, dest: &str, offset: usize) -> Option<String>;
}

/// The Markdown dialect (the shortcode parser reads code blocks with it too).
pub fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_GFM
        | Options::ENABLE_SMART_PUNCTUATION
}

/// Renders Markdown; `ids` is shared across the bodies of one page so ids stay
/// unique when block shortcodes render their bodies separately.
///
/// Events stream from the parser through [`Transform`] into the HTML writer:
/// only a heading's or a code block's own events are buffered, so memory
/// stays near the size of the text even for a very large page.
pub fn render(text: &str, ids: &mut IdAllocator, links: &dyn LinkRewriter) -> Markdown {
    let mut md = Markdown::default();
    let mut html = String::with_capacity(text.len() + text.len() / 2);
    let transform = Transform {
        iter: Parser::new_ext(text, options()).into_offset_iter(),
        pending: std::collections::VecDeque::new(),
        ids,
        links,
        md: &mut md,
        tables: 0,
        unlinked: Vec::new(),
    };
    pulldown_cmark::html::push_html(&mut html, transform);
    // An empty corner cell (`| | a | b |`) is not a header: as <th> it fails
    // accessibility checks (an empty header names nothing).
    if html.contains("<th></th>") {
        html = html.replace("<th></th>", "<td></td>");
    }
    md.html = alignment_classes(html);
    md
}

/// Column alignment as classes: pulldown-cmark writes inline `style`
/// attributes, which a strict CSP (`default-src 'self'`) blocks.
fn alignment_classes(html: String) -> String {
    if !html.contains(" style=\"text-align: ") {
        return html;
    }
    html.replace(" style=\"text-align: left\"", " class=\"align-left\"")
        .replace(" style=\"text-align: center\"", " class=\"align-center\"")
        .replace(" style=\"text-align: right\"", " class=\"align-right\"")
}

/// The named transforms, applied one event at a time.
struct Transform<'a, 'r> {
    iter: pulldown_cmark::OffsetIter<'a, pulldown_cmark::DefaultBrokenLinkCallback>,
    /// Events produced ahead of the writer (a heading's, a table's wrapper).
    pending: std::collections::VecDeque<Event<'a>>,
    ids: &'r mut IdAllocator,
    links: &'r dyn LinkRewriter,
    md: &'r mut Markdown,
    /// Tables so far: each scrolling wrapper is a landmark and needs a
    /// name of its own.
    tables: usize,
    /// For each link open, whether it was unlinked (its end is dropped too).
    unlinked: Vec<bool>,
}

impl<'a> Iterator for Transform<'a, '_> {
    type Item = Event<'a>;

    fn next(&mut self) -> Option<Event<'a>> {
        if let Some(e) = self.pending.pop_front() {
            return Some(e);
        }
        let (event, range) = self.iter.next()?;
        Some(self.transform(event, range.start))
    }
}

impl<'a> Transform<'a, '_> {
    fn transform(&mut self, event: Event<'a>, offset: usize) -> Event<'a> {
        match event {
            Event::Start(Tag::Heading {
                level,
                id,
                classes,
                attrs,
            }) => self.heading(level, id, &classes, &attrs, offset),
            Event::Start(Tag::CodeBlock(kind)) => self.code_block(kind),
            Event::Start(Tag::BlockQuote(Some(kind))) => Event::Html(callout_open(kind).into()),
            Event::End(TagEnd::BlockQuote(Some(_))) => Event::Html("</div>\n".into()),
            Event::Start(Tag::Table(a)) => {
                self.pending.push_back(Event::Start(Tag::Table(a)));
                self.tables += 1;
                Event::Html(
                    format!(
                        "<div class=\"table-wrap\" tabindex=\"0\" role=\"region\" aria-label=\"Table {} (scrolls sideways)\">\n",
                        self.tables
                    )
                    .into(),
                )
            }
            Event::End(TagEnd::Table) => {
                self.pending.push_back(Event::Html("</div>\n".into()));
                Event::End(TagEnd::Table)
            }
            Event::Text(ref t) => {
                self.md.words += t.split_whitespace().count();
                self.md.text.push(t);
                event
            }
            // A task-list box is read-only; name its state for screen
            // readers (an unlabelled checkbox fails accessibility checks).
            Event::TaskListMarker(done) => {
                let (checked, label) = if done {
                    (" checked", "done")
                } else {
                    ("", "not done")
                };
                Event::Html(
                    format!("<input type=\"checkbox\" disabled{checked} aria-label=\"{label}\"> ")
                        .into(),
                )
            }
            Event::Code(ref t) => {
                self.md.text.push(t);
                event
            }
            // An author's raw HTML block is text too (and a `<dfn id>` in it
            // a search result of its own).
            Event::Html(ref h) => {
                super::html::text_into(h, &mut self.md.text);
                self.md.text.end_line();
                event
            }
            // A glossary term written `<dfn id="failover">Failover</dfn>`
            // is a search result of its own, like a heading.
            Event::InlineHtml(ref h) => {
                super::html::inline_into(h, &mut self.md.text);
                event
            }
            Event::SoftBreak | Event::HardBreak => {
                self.md.text.push(" ");
                event
            }
            Event::End(TagEnd::Paragraph)
            | Event::End(TagEnd::Item)
            | Event::End(TagEnd::TableHead)
            | Event::End(TagEnd::TableRow) => {
                self.md.text.end_line();
                event
            }
            // Cells apart, or the search index sees "standbycompute".
            Event::End(TagEnd::TableCell) => {
                self.md.text.end_cell();
                event
            }
            other => rewrite_link(other, offset, self.links, &mut self.unlinked),
        }
    }

    /// A heading: an id (explicit or slugged, unique on the page), a TOC
    /// entry, a part of the page's text and a self-link.
    fn heading(
        &mut self,
        level: HeadingLevel,
        id: Option<CowStr<'a>>,
        classes: &[CowStr<'a>],
        attrs: &[(CowStr<'a>, Option<CowStr<'a>>)],
        offset: usize,
    ) -> Event<'a> {
        let mut inner = Vec::new();
        for (e, r) in self.iter.by_ref() {
            if matches!(e, Event::End(TagEnd::Heading(_))) {
                break;
            }
            inner.push(rewrite_link(e, r.start, self.links, &mut self.unlinked));
        }
        let title = plain_text(&inner);
        let id = match id {
            Some(explicit) => {
                if let Err(taken) = self.ids.claim(&explicit) {
                    self.md.errors.push((offset, id_taken(&explicit, &taken)));
                }
                explicit.to_string()
            }
            None => self.ids.unique(&slugify(&title)),
        };
        if matches!(level, HeadingLevel::H2 | HeadingLevel::H3) {
            self.md.text.start_part(&id, &title);
            self.md.toc.push(TocEntry {
                level: level as u8,
                id: id.clone(),
                title: title.clone(),
            });
        } else {
            self.md.text.end_line();
            self.md.text.push(&title);
            self.md.text.end_line();
        }
        self.pending.extend(inner);
        self.pending
            .push_back(Event::Html(heading_close(level, &id, &title).into()));
        Event::Html(heading_open(level, &id, classes, attrs).into())
    }

    /// A fenced block, highlighted at build time.
    fn code_block(&mut self, kind: CodeBlockKind<'a>) -> Event<'a> {
        let lang = match &kind {
            CodeBlockKind::Fenced(info) => info.split_whitespace().next().unwrap_or("").to_string(),
            CodeBlockKind::Indented => String::new(),
        };
        let mut code = String::new();
        for (e, _) in self.iter.by_ref() {
            match e {
                Event::End(TagEnd::CodeBlock) => break,
                Event::Text(t) => code.push_str(&t),
                _ => {}
            }
        }
        Event::Html(code_block(&code, &lang).into())
    }
}

/// A link's destination mapped by `to`; where `to` gives `None` the link
/// is unlinked: its start and end become nothing, so its text stays as
/// plain text. `unlinked` holds, for each link open, whether it was. Other
/// events pass unchanged. Pages and data files' inline Markdown share it.
pub(crate) fn map_link<'a>(
    event: Event<'a>,
    unlinked: &mut Vec<bool>,
    to: impl FnOnce(CowStr<'a>) -> Option<CowStr<'a>>,
) -> Event<'a> {
    const NOTHING: Event<'static> = Event::InlineHtml(CowStr::Borrowed(""));
    match event {
        Event::Start(Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        }) => {
            let Some(dest_url) = to(dest_url) else {
                unlinked.push(true);
                return NOTHING;
            };
            unlinked.push(false);
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            })
        }
        Event::End(TagEnd::Link) => match unlinked.pop() {
            Some(true) => NOTHING,
            _ => Event::End(TagEnd::Link),
        },
        other => other,
    }
}

/// A link's or an image's destination rewritten; an unlinked link's start
/// and end become nothing, so its text stays as plain text.
fn rewrite_link<'a>(
    event: Event<'a>,
    offset: usize,
    links: &dyn LinkRewriter,
    unlinked: &mut Vec<bool>,
) -> Event<'a> {
    match event {
        Event::Start(Tag::Link { .. }) | Event::End(TagEnd::Link) => {
            map_link(event, unlinked, |dest| {
                links.rewrite(&dest, offset).map(CowStr::from)
            })
        }
        // Images too: `/img/a.png` must become relative like any link.
        Event::Start(Tag::Image {
            link_type,
            dest_url,
            title,
            id,
        }) => Event::Start(Tag::Image {
            link_type,
            // Only pages are unlinked; an image keeps what it was given.
            dest_url: CowStr::from(
                links
                    .rewrite(&dest_url, offset)
                    .unwrap_or_else(|| dest_url.to_string()),
            ),
            title,
            id,
        }),
        other => other,
    }
}

/// Why an author's `{#id}` cannot be used.
fn id_taken(id: &str, why: &IdTaken) -> String {
    match why {
        IdTaken::OnThePage => format!(
            "the heading id `{id}` is already used on this page (by a heading above, or one \
             made from a repeated title: those get -1, -2, …); choose another `{{#id}}`"
        ),
        IdTaken::ByTheTheme => format!(
            "the heading id `{id}` is used by the theme's templates (`id=\"{id}\"`), and an \
             id must be unique on the page; choose another `{{#id}}`"
        ),
    }
}

fn plain_text(events: &[Event]) -> String {
    let mut s = String::new();
    for e in events {
        if let Event::Text(t) | Event::Code(t) = e {
            s.push_str(t);
        }
    }
    s.trim().to_string()
}

fn heading_open(
    level: HeadingLevel,
    id: &str,
    classes: &[CowStr],
    attrs: &[(CowStr, Option<CowStr>)],
) -> String {
    let mut s = format!("<{level} id=\"");
    let _ = escape_html(&mut s, id);
    s.push('"');
    if !classes.is_empty() {
        s.push_str(" class=\"");
        let joined: Vec<&str> = classes.iter().map(|c| c.as_ref()).collect();
        let _ = escape_html(&mut s, &joined.join(" "));
        s.push('"');
    }
    for (k, v) in attrs {
        s.push(' ');
        let _ = escape_html(&mut s, k);
        if let Some(v) = v {
            s.push_str("=\"");
            let _ = escape_html(&mut s, v);
            s.push('"');
        }
    }
    s.push('>');
    s
}

fn heading_close(level: HeadingLevel, id: &str, title: &str) -> String {
    let mut s = String::from(" <a class=\"anchor\" href=\"#");
    let _ = escape_href(&mut s, id);
    s.push_str("\" aria-label=\"Link to this section: ");
    let _ = escape_html(&mut s, title);
    s.push_str(&format!("\">#</a></{level}>\n"));
    s
}

fn code_block(code: &str, lang: &str) -> String {
    let mut s = String::from("<pre class=\"code\"");
    if !lang.is_empty() {
        s.push_str(" data-lang=\"");
        let _ = escape_html(&mut s, lang);
        s.push('"');
    }
    s.push_str(" tabindex=\"0\"><code>");
    s.push_str(&highlight(code, lang));
    s.push_str("</code></pre>\n");
    s
}

fn callout_open(kind: BlockQuoteKind) -> String {
    let (class, title) = match kind {
        BlockQuoteKind::Note => ("note", "Note"),
        BlockQuoteKind::Tip => ("tip", "Tip"),
        BlockQuoteKind::Important => ("important", "Important"),
        BlockQuoteKind::Warning => ("warning", "Warning"),
        BlockQuoteKind::Caution => ("caution", "Caution"),
    };
    format!("<div class=\"callout callout-{class}\" role=\"note\">\n<p class=\"callout-title\">{title}</p>\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Same;
    impl LinkRewriter for Same {
        fn rewrite(&self, dest: &str, _: usize) -> Option<String> {
            (!dest.starts_with("@/hidden")).then(|| format!("R({dest})"))
        }
    }

    /// Checks that the rendered HTML contains each of `parts`.
    fn assert_has(m: &Markdown, parts: &[&str]) {
        for part in parts {
            assert!(m.html.contains(part), "no {part} in {}", m.html);
        }
    }

    fn md(text: &str) -> Markdown {
        render(text, &mut IdAllocator::default(), &Same)
    }

    #[test]
    fn headings_get_ids_anchors_and_toc() {
        let m = md("## Setup\n\n## Setup\n\n### Deep `dive` {#custom}\n");
        assert_has(
            &m,
            &[
                "<h2 id=\"setup\">Setup <a class=\"anchor\" href=\"#setup\"",
                "<h2 id=\"setup-1\">",
                "<h3 id=\"custom\">Deep <code>dive</code>",
            ],
        );
        assert_eq!(
            m.toc.iter().map(|t| t.id.as_str()).collect::<Vec<_>>(),
            ["setup", "setup-1", "custom"]
        );
        assert_eq!(m.toc[2].title, "Deep dive");
    }

    #[test]
    fn explicit_ids_that_collide_are_errors_not_renamed() {
        let m = md("## Setup\n\n## Setup\n\n## Other {#setup-1}\n");
        assert_eq!(m.errors.len(), 1, "{:?}", m.errors);
        let (offset, message) = &m.errors[0];
        assert_eq!(*offset, "## Setup\n\n## Setup\n\n".len());
        assert!(message.contains("`setup-1` is already used"), "{message}");
        let mut ids = IdAllocator::with_reserved(["main".to_string()]);
        let m = render("## Main\n\n## Intro {#main}\n", &mut ids, &Same);
        assert_has(&m, &["<h2 id=\"main-1\">"]);
        assert!(
            m.errors[0].1.contains("used by the theme"),
            "{:?}",
            m.errors
        );
    }

    #[test]
    fn alerts_become_callouts() {
        let m = md("> [!WARNING]\n> Mind the TTL.\n");
        assert_has(
            &m,
            &[
                "<div class=\"callout callout-warning\" role=\"note\">",
                "Mind the TTL.",
            ],
        );
        assert!(!m.html.contains("blockquote"));
    }

    #[test]
    fn aligned_columns_use_classes_not_inline_styles() {
        let m = md("| a | b | c |\n|:--|:-:|--:|\n| 1 | 2 | 3 |\n");
        assert!(!m.html.contains("style="), "{}", m.html);
        assert_has(
            &m,
            &[
                "<td class=\"align-right\">3</td>",
                "<th class=\"align-center\">b</th>",
            ],
        );
    }

    #[test]
    fn tables_scroll() {
        let m = md("| a | b |\n|---|---|\n| 1 | 2 |\n");
        assert!(
            m.html.starts_with("<div class=\"table-wrap\""),
            "{}",
            m.html
        );
        assert_has(&m, &["</table>\n</div>"]);
    }

    #[test]
    fn code_is_highlighted_and_escaped() {
        let m = md("```hcl\nresource \"x\" \"<y>\" {}\n```\n");
        assert_has(&m, &["data-lang=\"hcl\"", "tok-k", "&lt;y&gt;"]);
    }

    #[test]
    fn an_unlinked_link_keeps_its_text() {
        let m = md(
            "See [the *cells* page](@/hidden.md#x) and [cost](@/cost.md).\n\n\
                    ## About [cells](@/hidden.md)\n",
        );
        assert_has(
            &m,
            &[
                "<p>See the <em>cells</em> page and <a href=\"R(@/cost.md)\">cost</a>.</p>",
                "<h2 id=\"about-cells\">About cells <a",
            ],
        );
    }

    #[test]
    fn links_are_rewritten_at_their_offsets() {
        struct Seen(std::cell::RefCell<Vec<(String, usize)>>);
        impl LinkRewriter for Seen {
            fn rewrite(&self, dest: &str, offset: usize) -> Option<String> {
                self.0.borrow_mut().push((dest.to_string(), offset));
                Some(format!("R({dest})"))
            }
        }
        let text = "See [cost](@/cost.md#x) and\n[web](https://e.com) ![i](/a.png).";
        let seen = Seen(Default::default());
        let m = render(text, &mut IdAllocator::default(), &seen);
        assert_has(&m, &["href=\"R(@/cost.md#x)\"", "src=\"R(/a.png)\""]);
        let seen = seen.0.into_inner();
        let at = |s: &str| text.find(s).unwrap();
        assert_eq!(
            seen,
            [
                ("@/cost.md#x".to_string(), at("[cost]")),
                ("https://e.com".to_string(), at("[web]")),
                ("/a.png".to_string(), at("![i]"))
            ]
        );
    }

    #[test]
    fn raw_text_is_escaped() {
        let m = md("a <b> & \"c\"");
        // Inline HTML is CommonMark: it passes through.
        assert_has(&m, &["<b>"]);
        let m = md("5 < 6 & 7");
        assert_has(&m, &["5 &lt; 6 &amp; 7"]);
    }

    #[test]
    fn text_comes_by_heading_with_lines_and_cells() {
        let m = md("Intro *text*.\n\n## Setup\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n#### Small\n\n<dl><dt id=\"rpo\">RPO</dt><dd>Data lost.</dd></dl>\n");
        let parts = m.text.finish();
        let got: Vec<(&str, &str, &str)> = parts
            .iter()
            .map(|p| (p.id.as_str(), p.heading.as_str(), p.text.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                ("", "", "Intro text."),
                ("setup", "Setup", "a · b\n1 · 2\nSmall"),
                ("rpo", "RPO", "Data lost."),
            ]
        );
        let m = md("- <dfn id=\"failover\">Failover</dfn>. Moving service.\n- Other.\n");
        let parts = m.text.finish();
        assert_eq!(
            (parts[0].id.as_str(), parts[0].heading.as_str()),
            ("failover", "Failover")
        );
        assert_eq!(parts[0].text, "Moving service.\nOther.");
    }

    #[test]
    fn footnotes_tasklists_strikethrough() {
        let m = md("a[^1] ~~b~~\n\n- [x] done\n\n[^1]: note\n");
        assert_has(&m, &["<del>b</del>", "type=\"checkbox\"", "footnote"]);
    }
}
