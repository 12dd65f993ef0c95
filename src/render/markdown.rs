//! Markdown to HTML: pulldown-cmark events with a few named transforms —
//! heading ids and anchors, the table of contents, GitHub alerts as callouts,
//! highlighted code, scrollable tables and resolved internal links. The HTML
//! around those blocks comes from the theme's templates ([`Fragments`]).

use pulldown_cmark::{CodeBlockKind, CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use pulldown_cmark_escape::escape_html;
use serde::Serialize;

use super::fragments::CalloutKind;
use super::highlight::highlight;
use super::text::PageText;
use crate::error::Diagnostic;
use crate::parse::slug::{slugify, IdAllocator, IdTaken};

/// One entry of a page's table of contents (taken from the page's final
/// HTML, so headings drawn by shortcodes are in it too).
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
    pub words: usize,
    /// The text by heading, for the search index.
    pub text: PageText,
    /// Problems in the Markdown itself, at byte offsets of the text.
    pub errors: Vec<(usize, String)>,
    /// Template errors from the fragments (a broken partial).
    pub template_errors: Vec<Diagnostic>,
}

/// A block whose HTML the theme wraps around its content.
#[derive(Debug, Clone, Copy)]
pub enum Wrapped {
    /// The page's `number`-th table (its scrolling box needs a name of its own).
    Table { number: usize },
    /// A GitHub alert (`> [!TIP]`).
    Callout(CalloutKind),
}

/// The theme's HTML for the parts of Markdown that are not the text itself.
pub trait Fragments {
    /// The self-link after a heading's text.
    fn heading_anchor(&self, id: &str, title: &str) -> Result<String, Diagnostic>;
    /// A code block; `code` is highlighted, escaped HTML.
    fn code_block(&self, lang: &str, code: &str) -> Result<String, Diagnostic>;
    /// The HTML before and after a block's content.
    fn wrapper(&self, block: Wrapped) -> Result<(String, String), Diagnostic>;
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
pub fn render(
    text: &str,
    ids: &mut IdAllocator,
    links: &dyn LinkRewriter,
    fragments: &dyn Fragments,
) -> Markdown {
    let mut md = Markdown::default();
    let mut html = String::with_capacity(text.len() + text.len() / 2);
    let transform = Transform {
        iter: Parser::new_ext(text, options()).into_offset_iter(),
        pending: std::collections::VecDeque::new(),
        ids,
        links,
        fragments,
        md: &mut md,
        tables: 0,
        unlinked: Vec::new(),
        closers: Vec::new(),
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
    fragments: &'r dyn Fragments,
    md: &'r mut Markdown,
    /// Tables so far: each scrolling wrapper is a landmark and needs a
    /// name of its own.
    tables: usize,
    /// For each link open, whether it was unlinked (its end is dropped too).
    unlinked: Vec<bool>,
    /// The closing HTML of the wrappers open around the current event.
    closers: Vec<String>,
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
            Event::Start(Tag::BlockQuote(Some(kind))) => self.open(Wrapped::Callout(kind.into())),
            Event::End(TagEnd::BlockQuote(Some(_))) => self.close(),
            Event::Start(Tag::Table(a)) => {
                self.tables += 1;
                let open = self.open(Wrapped::Table {
                    number: self.tables,
                });
                self.pending.push_back(Event::Start(Tag::Table(a)));
                open
            }
            Event::End(TagEnd::Table) => {
                let close = self.close();
                self.pending.push_back(close);
                Event::End(TagEnd::Table)
            }
            Event::Text(t) => {
                self.md.words += t.split_whitespace().count();
                self.md.text.push(&t);
                match bind_units(&t) {
                    Some(bound) => Event::Text(bound.into()),
                    None => Event::Text(t),
                }
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

    /// A fragment's HTML, or nothing when its template failed (the error
    /// is reported with the page's others).
    fn fragment(&mut self, html: Result<String, Diagnostic>) -> String {
        html.unwrap_or_else(|e| {
            self.md.template_errors.push(e);
            String::new()
        })
    }

    /// Opens a wrapped block: its opening HTML now, its closing HTML when
    /// the block ends.
    fn open(&mut self, block: Wrapped) -> Event<'a> {
        let (open, close) = match self.fragments.wrapper(block) {
            Ok(halves) => halves,
            Err(e) => {
                self.md.template_errors.push(e);
                Default::default()
            }
        };
        self.closers.push(close);
        Event::Html(open.into())
    }

    fn close(&mut self) -> Event<'a> {
        Event::Html(self.closers.pop().unwrap_or_default().into())
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
        } else {
            self.md.text.end_line();
            self.md.text.push(&title);
            self.md.text.end_line();
        }
        let anchor = self.fragment(self.fragments.heading_anchor(&id, &title));
        self.pending.extend(inner);
        self.pending
            .push_back(Event::Html(format!(" {anchor}</{level}>\n").into()));
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
        let html = self.fragment(self.fragments.code_block(&lang, &highlight(&code, &lang)));
        Event::Html(html.into())
    }
}

/// Units a number is kept on one line with ("2 h 48 min", "99.99 %").
const UNITS: &[&str] = &[
    "%", "ms", "µs", "s", "min", "h", "d", "km", "KB", "MB", "GB", "TB", "PB", "×",
];

/// Joins numbers to their units with no-break spaces, so a narrow table
/// cell never shows "99.999 / %" or "2 h / 48 / min". None when the text
/// has nothing to join (the common case: no allocation).
fn bind_units(text: &str) -> Option<String> {
    if !text.contains(' ') || !text.bytes().any(|b| b.is_ascii_digit()) {
        return None;
    }
    let words: Vec<&str> = text.split(' ').collect();
    let is_unit = |w: &str| {
        let w = w.trim_end_matches(|c: char| ",.;:)!?".contains(c));
        UNITS.contains(&w)
    };
    let ends_with_digit = |w: &str| w.chars().last().is_some_and(|c| c.is_ascii_digit());
    let starts_with_digit = |w: &str| w.chars().next().is_some_and(|c| c.is_ascii_digit());
    let mut out = String::with_capacity(text.len() + 8);
    let mut changed = false;
    for (i, word) in words.iter().enumerate() {
        if i > 0 {
            let before = words[i - 1];
            // "2 h" (a number, then its unit) and "h 48" (a unit that
            // follows a number, then the next part of the same quantity).
            let join = (ends_with_digit(before) && is_unit(word))
                || (i >= 2
                    && ends_with_digit(words[i - 2])
                    && is_unit(before)
                    && !before.ends_with(|c: char| ",.;:)!?".contains(c))
                    && starts_with_digit(word));
            changed |= join;
            out.push(if join { '\u{a0}' } else { ' ' });
        }
        out.push_str(word);
    }
    changed.then_some(out)
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

    /// Renders with the default theme's fragments.
    fn render_with(text: &str, ids: &mut IdAllocator) -> Markdown {
        let templates = crate::render::fragments::tests::default_theme();
        let location = crate::error::Location::file("content/a.md");
        let theme = crate::render::fragments::Theme {
            templates: &templates,
            location: &location,
        };
        let m = render(text, ids, &Same, &theme);
        assert!(m.template_errors.is_empty(), "{:?}", m.template_errors);
        m
    }

    fn md(text: &str) -> Markdown {
        render_with(text, &mut IdAllocator::default())
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
        assert!(
            m.html
                .contains("aria-label=\"Link to this section: Deep dive\""),
            "{}",
            m.html
        );
    }

    #[test]
    fn explicit_ids_that_collide_are_errors_not_renamed() {
        let m = md("## Setup\n\n## Setup\n\n## Other {#setup-1}\n");
        assert_eq!(m.errors.len(), 1, "{:?}", m.errors);
        let (offset, message) = &m.errors[0];
        assert_eq!(*offset, "## Setup\n\n## Setup\n\n".len());
        assert!(message.contains("`setup-1` is already used"), "{message}");
        let mut ids = IdAllocator::with_reserved(["main".to_string()]);
        let m = render_with("## Main\n\n## Intro {#main}\n", &mut ids);
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
        let templates = crate::render::fragments::tests::default_theme();
        let location = crate::error::Location::file("content/a.md");
        let theme = crate::render::fragments::Theme {
            templates: &templates,
            location: &location,
        };
        let m = render(text, &mut IdAllocator::default(), &seen, &theme);
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
    fn numbers_stay_with_their_units() {
        let m = md("RTO 2 h 48 min, at 99.99 % and 5 regions; 3 h, 4 s.");
        assert!(
            m.html.contains(
                "RTO 2\u{a0}h\u{a0}48\u{a0}min, at 99.99\u{a0}% and 5 regions; 3\u{a0}h, 4\u{a0}s."
            ),
            "{}",
            m.html
        );
        // The search text keeps ordinary spaces.
        let text = m.text.finish();
        assert!(text[0].text.contains("2 h 48 min"), "{:?}", text);
        assert_eq!(bind_units("no numbers here"), None);
        assert_eq!(bind_units("between 2 and 3"), None);
    }

    #[test]
    fn footnotes_tasklists_strikethrough() {
        let m = md("a[^1] ~~b~~\n\n- [x] done\n\n[^1]: note\n");
        assert_has(&m, &["<del>b</del>", "type=\"checkbox\"", "footnote"]);
    }
}
