//! Markdown to HTML: pulldown-cmark events with a few named transforms —
//! heading ids and anchors, the table of contents, GitHub alerts as callouts,
//! highlighted code, scrollable tables and resolved internal links.

use pulldown_cmark::{
    BlockQuoteKind, CodeBlockKind, CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd,
};
use pulldown_cmark_escape::{escape_href, escape_html};
use serde::Serialize;

use super::highlight::highlight;
use crate::parse::slug::{slugify, IdAllocator};

/// One entry of a page's table of contents.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct TocEntry {
    pub level: u8,
    pub id: String,
    pub title: String,
}

/// A link found in the Markdown, for checking once every page is known.
#[derive(Debug, Clone)]
pub struct LinkUse {
    pub dest: String,
    /// Byte offset in the rendered Markdown text.
    pub offset: usize,
}

/// What rendering produced besides HTML.
#[derive(Debug, Default)]
pub struct Markdown {
    pub html: String,
    pub toc: Vec<TocEntry>,
    pub links: Vec<LinkUse>,
    pub words: usize,
    pub text: String,
}

/// Rewrites a link destination; returns the href to write.
pub trait LinkRewriter {
    fn rewrite(&self, dest: &str, offset: usize) -> String;
}

fn options() -> Options {
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
pub fn render(text: &str, ids: &mut IdAllocator, links: &dyn LinkRewriter) -> Markdown {
    let mut md = Markdown::default();
    let mut events: Vec<Event> = Vec::new();
    let mut iter = Parser::new_ext(text, options())
        .into_offset_iter()
        .peekable();
    while let Some((event, range)) = iter.next() {
        match event {
            Event::Start(Tag::Heading {
                level,
                id,
                classes,
                attrs,
            }) => {
                let mut inner = Vec::new();
                for (e, r) in iter.by_ref() {
                    if matches!(e, Event::End(TagEnd::Heading(_))) {
                        break;
                    }
                    inner.push(rewrite_link(e, r.start, links, &mut md));
                }
                let title = plain_text(&inner);
                let id = match id {
                    Some(explicit) => ids.unique(&explicit),
                    None => ids.unique(&slugify(&title)),
                };
                if matches!(level, HeadingLevel::H2 | HeadingLevel::H3) {
                    crate::search::push_section_mark(&mut md.text, &id, &title);
                    md.toc.push(TocEntry {
                        level: level as u8,
                        id: id.clone(),
                        title: title.clone(),
                    });
                }
                events.push(Event::Html(
                    heading_open(level, &id, &classes, &attrs).into(),
                ));
                events.extend(inner);
                events.push(Event::Html(heading_close(level, &id, &title).into()));
            }
            Event::Start(Tag::CodeBlock(kind)) => {
                let lang = match &kind {
                    CodeBlockKind::Fenced(info) => {
                        info.split_whitespace().next().unwrap_or("").to_string()
                    }
                    CodeBlockKind::Indented => String::new(),
                };
                let mut code = String::new();
                for (e, _) in iter.by_ref() {
                    match e {
                        Event::End(TagEnd::CodeBlock) => break,
                        Event::Text(t) => code.push_str(&t),
                        _ => {}
                    }
                }
                events.push(Event::Html(code_block(&code, &lang).into()));
            }
            Event::Start(Tag::BlockQuote(Some(kind))) => {
                events.push(Event::Html(callout_open(kind).into()));
            }
            Event::End(TagEnd::BlockQuote(Some(_))) => {
                events.push(Event::Html("</div>\n".into()));
            }
            Event::Start(Tag::Table(a)) => {
                events.push(Event::Html(
                    "<div class=\"table-wrap\" tabindex=\"0\" role=\"region\" aria-label=\"Table (scrolls sideways)\">\n".into(),
                ));
                events.push(Event::Start(Tag::Table(a)));
            }
            Event::End(TagEnd::Table) => {
                events.push(Event::End(TagEnd::Table));
                events.push(Event::Html("</div>\n".into()));
            }
            Event::Text(ref t) => {
                md.words += t.split_whitespace().count();
                md.text.push_str(t);
                events.push(event);
            }
            // A task-list box is read-only; name its state for screen
            // readers (an unlabelled checkbox fails accessibility checks).
            Event::TaskListMarker(done) => {
                let (checked, label) = if done {
                    (" checked", "done")
                } else {
                    ("", "not done")
                };
                events.push(Event::Html(
                    format!("<input type=\"checkbox\" disabled{checked} aria-label=\"{label}\"> ")
                        .into(),
                ));
            }
            Event::Code(ref t) => {
                md.text.push_str(t);
                events.push(event);
            }
            Event::SoftBreak | Event::HardBreak => {
                md.text.push(' ');
                events.push(event);
            }
            Event::End(TagEnd::Paragraph) | Event::End(TagEnd::Item) => {
                md.text.push('\n');
                events.push(event);
            }
            other => events.push(rewrite_link(other, range.start, links, &mut md)),
        }
    }
    pulldown_cmark::html::push_html(&mut md.html, events.into_iter());
    md
}

fn rewrite_link<'a>(
    event: Event<'a>,
    offset: usize,
    links: &dyn LinkRewriter,
    md: &mut Markdown,
) -> Event<'a> {
    match event {
        Event::Start(Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        }) => {
            md.links.push(LinkUse {
                dest: dest_url.to_string(),
                offset,
            });
            let href = links.rewrite(&dest_url, offset);
            Event::Start(Tag::Link {
                link_type,
                dest_url: CowStr::from(href),
                title,
                id,
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
            dest_url: CowStr::from(links.rewrite(&dest_url, offset)),
            title,
            id,
        }),
        other => other,
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
        fn rewrite(&self, dest: &str, _: usize) -> String {
            format!("R({dest})")
        }
    }

    fn md(text: &str) -> Markdown {
        render(text, &mut IdAllocator::default(), &Same)
    }

    #[test]
    fn headings_get_ids_anchors_and_toc() {
        let m = md("## Setup\n\n## Setup\n\n### Deep `dive` {#custom}\n");
        assert!(
            m.html
                .contains("<h2 id=\"setup\">Setup <a class=\"anchor\" href=\"#setup\""),
            "{}",
            m.html
        );
        assert!(m.html.contains("<h2 id=\"setup-1\">"), "{}", m.html);
        assert!(
            m.html.contains("<h3 id=\"custom\">Deep <code>dive</code>"),
            "{}",
            m.html
        );
        assert_eq!(
            m.toc.iter().map(|t| t.id.as_str()).collect::<Vec<_>>(),
            ["setup", "setup-1", "custom"]
        );
        assert_eq!(m.toc[2].title, "Deep dive");
    }

    #[test]
    fn alerts_become_callouts() {
        let m = md("> [!WARNING]\n> Mind the TTL.\n");
        assert!(
            m.html
                .contains("<div class=\"callout callout-warning\" role=\"note\">"),
            "{}",
            m.html
        );
        assert!(m.html.contains("Mind the TTL."));
        assert!(!m.html.contains("blockquote"));
    }

    #[test]
    fn tables_scroll() {
        let m = md("| a | b |\n|---|---|\n| 1 | 2 |\n");
        assert!(
            m.html.starts_with("<div class=\"table-wrap\""),
            "{}",
            m.html
        );
        assert!(m.html.contains("</table>\n</div>"), "{}", m.html);
    }

    #[test]
    fn code_is_highlighted_and_escaped() {
        let m = md("```hcl\nresource \"x\" \"<y>\" {}\n```\n");
        assert!(m.html.contains("data-lang=\"hcl\""));
        assert!(m.html.contains("tok-k"));
        assert!(m.html.contains("&lt;y&gt;"));
    }

    #[test]
    fn links_are_rewritten_and_recorded() {
        let m = md("See [cost](@/cost.md#x) and [web](https://e.com).");
        assert!(m.html.contains("href=\"R(@/cost.md#x)\""), "{}", m.html);
        assert_eq!(m.links.len(), 2);
        assert_eq!(m.links[0].dest, "@/cost.md#x");
    }

    #[test]
    fn raw_text_is_escaped() {
        let m = md("a <b> & \"c\"");
        assert!(
            m.html.contains("<b>"),
            "inline HTML is CommonMark: {}",
            m.html
        );
        let m = md("5 < 6 & 7");
        assert!(m.html.contains("5 &lt; 6 &amp; 7"), "{}", m.html);
    }

    #[test]
    fn footnotes_tasklists_strikethrough() {
        let m = md("a[^1] ~~b~~\n\n- [x] done\n\n[^1]: note\n");
        assert!(m.html.contains("<del>b</del>"));
        assert!(m.html.contains("type=\"checkbox\""));
        assert!(m.html.contains("footnote"));
    }
}
