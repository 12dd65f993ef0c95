//! A page's body: shortcodes expanded, Markdown rendered, links resolved.

use std::cell::RefCell;
use std::collections::HashSet;

use super::fragments::Theme;
use super::html;
use super::links::{self, Target};
use super::markdown::{self, LinkRewriter, TocEntry};
use super::shortcodes::{self, Env, Invocation};
use super::text::{PageText, TextPart};
use crate::error::{line_col, Diagnostic, Diagnostics, ErrorKind, Location};
use crate::parse::library::{Page, PageId};
use crate::parse::shortcode::{self as sc, Call, Node};
use crate::parse::slug::IdAllocator;

/// A link to another page's anchor, checked once every page is rendered.
#[derive(Debug, Clone)]
pub struct AnchorLink {
    pub target: PageId,
    pub anchor: String,
    pub location: Location,
}

/// A link to another site (or another scheme: `mailto:`), where it is
/// written: what `check --external` checks and reports.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExternalLink {
    /// As the browser reads it from the page's HTML.
    pub url: String,
    /// The line that writes it (a shortcode's call for links in its output).
    pub location: Location,
}

/// The rendered body of one page.
#[derive(Debug, Default)]
pub struct PageContent {
    pub html: String,
    pub toc: Vec<TocEntry>,
    /// Every `id` in the HTML: the anchors other pages may link to.
    pub ids: HashSet<String>,
    pub anchor_links: Vec<AnchorLink>,
    /// Links to other sites, in the order they are written.
    pub external_links: Vec<ExternalLink>,
    pub words: usize,
    /// The text by heading, for the search index (shared: `serve` hands
    /// it to the index's rebuild without a copy).
    pub text: std::sync::Arc<[TextPart]>,
}

impl PageContent {
    /// Drops what only the page's own template needs (its HTML and TOC)
    /// once the page is rendered.
    pub fn drop_html(&mut self) {
        self.html = String::new();
        self.toc = Vec::new();
    }
}

/// A page whose body did not render: its errors, and the links to other
/// pages' anchors found anyway (they are still checked, so one run reports
/// those too).
#[derive(Debug, Default)]
pub struct Failed {
    pub errors: Diagnostics,
    pub anchor_links: Vec<AnchorLink>,
}

const OPEN: char = '\u{E000}';
const CLOSE: char = '\u{E001}';

/// Renders a page's body; a page with any problem fails with all of them.
pub fn render(page: &Page, env: &Env) -> Result<PageContent, Failed> {
    let mut errors = Diagnostics::default();
    match render_into(page, env, &mut errors) {
        Some(content) if errors.is_empty() => Ok(content),
        Some(content) => Err(Failed {
            errors,
            anchor_links: content.anchor_links,
        }),
        None => Err(Failed {
            errors,
            anchor_links: Vec::new(),
        }),
    }
}

fn render_into(page: &Page, env: &Env, diags: &mut Diagnostics) -> Option<PageContent> {
    let body = page.body.as_str();
    let loc_at =
        |offset: usize| Location::at(&page.display, page.body_line + line_col(body, offset).0 - 1);
    let nodes = match sc::parse(body) {
        Ok(nodes) => nodes,
        Err(e) => {
            diags.push(Diagnostic::new(
                loc_at(e.offset),
                ErrorKind::Shortcode(e.message),
            ));
            return None;
        }
    };

    let links = PageLinks {
        env,
        page,
        lines: RefCell::new(None),
        found: RefCell::new(Vec::new()),
        external: RefCell::new(Vec::new()),
        errors: RefCell::new(Vec::new()),
    };
    let mut expander = Expander {
        page,
        env,
        links: &links,
        ids: RefCell::new(IdAllocator::with_reserved(
            env.templates.theme_ids().iter().cloned(),
        )),
        blocks: Vec::new(),
        diags,
        loc_at: &loc_at,
    };
    let mut marks = Vec::new();
    let text = expander.assemble(&nodes, &mut marks);
    let Expander { ids, blocks, .. } = expander;
    let mut ids = ids.into_inner();
    *links.lines.borrow_mut() = Some(LineMap::new(&text, marks, page.body_line));
    let page_location = Location::file(&page.display);
    let theme = Theme {
        templates: env.templates,
        location: &page_location,
    };
    let mut md = markdown::render(&text, &mut ids, &links, &theme);
    diags.extend(links.errors.take());
    diags.extend(std::mem::take(&mut md.template_errors));
    for (offset, message) in std::mem::take(&mut md.errors) {
        diags.push(Diagnostic::new(
            links.location(offset),
            ErrorKind::Markdown(message),
        ));
    }

    let mut html = substitute(&md.html, &blocks);
    let ids = collect_ids(&html);
    let toc = toc_from_html(&html);
    if let Err(d) = super::glossary::link_terms(page, env, &mut html, &ids) {
        diags.push(d);
    }
    Some(PageContent {
        toc,
        html,
        ids,
        anchor_links: links.found.take(),
        external_links: links.external.take(),
        words: md.words,
        text: compact(substitute_text(md.text, &blocks)),
    })
}

/// Expands a page's shortcode calls into placeholders and their HTML.
struct Expander<'a, 'd> {
    page: &'a Page,
    env: &'a Env<'a>,
    links: &'a PageLinks<'a>,
    /// Element ids, shared by the page's headings, its block bodies and the
    /// elements shortcodes number (calculators, charts).
    ids: RefCell<IdAllocator>,
    /// The rendered calls; placeholder `n` stands for `blocks[n]`.
    blocks: Vec<String>,
    diags: &'d mut Diagnostics,
    loc_at: &'a dyn Fn(usize) -> Location,
}

impl Expander<'_, '_> {
    /// Builds the Markdown text with a placeholder for each call, rendering
    /// the calls (block bodies first). `marks` records, at each placeholder,
    /// how many source lines the call spanned, for line numbers later.
    fn assemble(&mut self, nodes: &[Node], marks: &mut Vec<(usize, usize)>) -> String {
        let source = self.page.body.as_str();
        let mut text = String::new();
        for node in nodes {
            match node {
                Node::Text(t) => text.push_str(t),
                Node::Call(call) => {
                    let html = self.run_call(call);
                    let n = self.blocks.len();
                    self.blocks.push(html.unwrap_or_default());
                    let skipped = source[call.offset..call.end.min(source.len())]
                        .matches('\n')
                        .count();
                    text.push(OPEN);
                    text.push_str(&n.to_string());
                    text.push(CLOSE);
                    marks.push((text.len(), skipped));
                }
            }
        }
        text
    }

    /// Renders one call (its body first, for a block call); an error is
    /// recorded at the call's line.
    fn run_call(&mut self, call: &Call) -> Option<String> {
        let location = (self.loc_at)(call.offset);
        let body_html = call.body.as_ref().map(|body| {
            let text = self.assemble(body, &mut Vec::new());
            let links = self.links.at_fixed_line(location.clone());
            let theme = Theme {
                templates: self.env.templates,
                location: &location,
            };
            let md = markdown::render(&text, &mut self.ids.borrow_mut(), &links, &theme);
            self.diags.extend(md.template_errors);
            for (_, message) in md.errors {
                self.diags.push(Diagnostic::new(
                    location.clone(),
                    ErrorKind::Markdown(message),
                ));
            }
            substitute(&md.html, &self.blocks)
        });
        let inv = Invocation {
            name: &call.name,
            args: &call.args,
            body: body_html.as_deref(),
            page: self.page,
            location: &location,
            env: self.env,
            ids: &self.ids,
        };
        match shortcodes::call(&inv) {
            Ok(html) => {
                self.links.external_in(&html, &location);
                Some(html)
            }
            Err(e) => {
                self.diags.push(e.located(&location));
                None
            }
        }
    }
}

/// A piece of text with placeholders: plain text, or the index of a call.
enum Piece<'a> {
    Text(&'a str),
    Call(usize),
}

/// Splits text at the placeholders `OPEN n CLOSE`.
fn pieces(text: &str) -> impl Iterator<Item = Piece<'_>> {
    let mut rest = text;
    let mut call_next = None;
    std::iter::from_fn(move || {
        if let Some(n) = call_next.take() {
            return Some(Piece::Call(n));
        }
        if rest.is_empty() {
            return None;
        }
        let found = rest
            .find(OPEN)
            .and_then(|start| rest[start..].find(CLOSE).map(|len| (start, start + len)));
        let Some((start, end)) = found else {
            let all = rest;
            rest = "";
            return Some(Piece::Text(all));
        };
        let head = &rest[..start];
        let n = rest[start + OPEN.len_utf8()..end]
            .parse()
            .unwrap_or(usize::MAX);
        rest = &rest[end + CLOSE.len_utf8()..];
        call_next = Some(n);
        Some(Piece::Text(head))
    })
}

/// The search text without the spare capacity it grew with: it is held
/// until the index is built.
fn compact(mut parts: Vec<TextPart>) -> std::sync::Arc<[TextPart]> {
    for part in &mut parts {
        part.text.shrink_to_fit();
    }
    parts.into()
}

/// The text with each shortcode's output as text too, so numbers in the
/// prose (`{{ figure() }}`) and tables from data files are searchable (and
/// headings in it start parts of their own).
fn substitute_text(text: PageText, blocks: &[String]) -> Vec<TextPart> {
    let parts = text.finish();
    if !parts.iter().any(|p| p.text.contains(OPEN)) {
        return parts;
    }
    let mut out = PageText::default();
    for part in parts {
        if !part.id.is_empty() {
            out.start_part(&part.id, &part.heading);
        }
        for piece in pieces(&part.text) {
            match piece {
                Piece::Text(t) => out.push_lines(t),
                Piece::Call(n) => {
                    if let Some(block) = blocks.get(n) {
                        html::text_into(block, &mut out);
                    }
                }
            }
        }
    }
    out.finish()
}

/// Puts rendered calls back: a call alone in a paragraph replaces the
/// paragraph (block HTML must not sit inside `<p>`).
fn substitute(html: &str, blocks: &[String]) -> String {
    if !html.contains(OPEN) {
        return html.to_string();
    }
    let mut out = String::with_capacity(html.len());
    let mut drop_close_p = false;
    let mut iter = pieces(html).peekable();
    while let Some(piece) = iter.next() {
        match piece {
            Piece::Text(mut t) => {
                if std::mem::take(&mut drop_close_p) {
                    t = t.strip_prefix("</p>").unwrap_or(t);
                }
                out.push_str(t);
            }
            Piece::Call(n) => {
                let block = blocks.get(n).map_or("", String::as_str);
                let closes = matches!(iter.peek(), Some(Piece::Text(t)) if t.starts_with("</p>"));
                if out.ends_with("<p>") && closes {
                    out.truncate(out.len() - 3);
                    drop_close_p = true;
                }
                out.push_str(block);
            }
        }
    }
    out
}

/// The page's table of contents: its h2 and h3 headings with ids, in
/// order, wherever they came from — the Markdown, a block shortcode's body,
/// or a shortcode's own template (a calculator's title, failure-mode cards).
fn toc_from_html(html: &str) -> Vec<TocEntry> {
    let mut toc = Vec::new();
    let mut rest = html;
    while let Some(i) = rest.find("<h") {
        rest = &rest[i + 2..];
        let level = match rest.as_bytes().first() {
            Some(b'2') => 2,
            Some(b'3') => 3,
            _ => continue,
        };
        let Some(tag_end) = rest.find('>') else { break };
        let tag = &rest[1..tag_end];
        let close = format!("</h{level}>");
        let Some(end) = rest.find(&close) else { break };
        let inner = &rest[tag_end + 1..end];
        rest = &rest[end..];
        let Some(id) = html::attribute(tag, "id").map(|id| id.into_owned()) else {
            continue;
        };
        let title = heading_text(inner);
        if !title.is_empty() {
            toc.push(TocEntry { level, id, title });
        }
    }
    toc
}

/// A heading's text: its HTML without tags and without its self-link.
fn heading_text(inner: &str) -> String {
    let without_anchor = match inner.find("<a class=\"anchor\"") {
        Some(i) => match inner[i..].find("</a>") {
            Some(len) => format!("{}{}", &inner[..i], &inner[i + len + 4..]),
            None => inner[..i].to_string(),
        },
        None => inner.to_string(),
    };
    html::decode_entities(&html::strip_tags(&without_anchor))
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Every `id="..."` in rendered HTML.
fn collect_ids(html: &str) -> HashSet<String> {
    html::attribute_values(html, "id")
        .map(|id| id.into_owned())
        .collect()
}

/// Maps offsets in the assembled Markdown back to lines of the file.
struct LineMap {
    newlines: Vec<usize>,
    marks: Vec<(usize, usize)>,
    base: usize,
}

impl LineMap {
    fn new(text: &str, marks: Vec<(usize, usize)>, base: usize) -> Self {
        let newlines = text.match_indices('\n').map(|(i, _)| i).collect();
        LineMap {
            newlines,
            marks,
            base,
        }
    }

    fn line(&self, offset: usize) -> usize {
        let before = self.newlines.partition_point(|&p| p < offset);
        let skipped: usize = self
            .marks
            .iter()
            .take_while(|(p, _)| *p <= offset)
            .map(|(_, n)| n)
            .sum();
        self.base + before + skipped
    }
}

/// Resolves the links of one page while its Markdown renders.
struct PageLinks<'a> {
    env: &'a Env<'a>,
    page: &'a Page,
    lines: RefCell<Option<LineMap>>,
    found: RefCell<Vec<AnchorLink>>,
    external: RefCell<Vec<ExternalLink>>,
    errors: RefCell<Vec<Diagnostic>>,
}

impl PageLinks<'_> {
    fn location(&self, offset: usize) -> Location {
        match &*self.lines.borrow() {
            Some(map) => Location::at(&self.page.display, map.line(offset)),
            None => Location::file(&self.page.display),
        }
    }

    fn at_fixed_line(&self, location: Location) -> FixedLine<'_> {
        FixedLine {
            links: self,
            location,
        }
    }

    /// The links to other sites in a shortcode's output, at its call.
    fn external_in(&self, html: &str, location: &Location) {
        let urls = ["href", "src"]
            .into_iter()
            .flat_map(|name| html::attribute_values(html, name))
            .filter(|url| links::is_external(url));
        self.external
            .borrow_mut()
            .extend(urls.map(|url| ExternalLink {
                url: url.into_owned(),
                location: location.clone(),
            }));
    }

    fn rewrite_at(&self, dest: &str, location: Location) -> Option<String> {
        let lib = self.env.library;
        Some(match links::resolve(lib, self.page, dest) {
            Ok(Target::Unlinked) => return None,
            Ok(Target::External) => {
                self.external.borrow_mut().push(ExternalLink {
                    url: as_written(dest),
                    location,
                });
                dest.to_string()
            }
            Ok(Target::Unchecked) => dest.to_string(),
            Ok(Target::Asset { href }) => href,
            Ok(Target::SamePage { anchor }) => {
                self.found.borrow_mut().push(AnchorLink {
                    target: self.page.id,
                    anchor: anchor.clone(),
                    location,
                });
                format!("#{anchor}")
            }
            Ok(Target::Page { id, anchor, query }) => {
                if let Some(a) = &anchor {
                    self.found.borrow_mut().push(AnchorLink {
                        target: id,
                        anchor: a.clone(),
                        location,
                    });
                }
                links::href_with_query(
                    self.page,
                    &lib.pages[id],
                    query.as_deref(),
                    anchor.as_deref(),
                )
            }
            Err(reason) => {
                self.errors.borrow_mut().push(Diagnostic::new(
                    location,
                    ErrorKind::BrokenLink {
                        target: dest.to_string(),
                        reason,
                    },
                ));
                dest.to_string()
            }
        })
    }
}

/// A Markdown link's destination as the browser reads it from the HTML
/// (pulldown-cmark percent-encodes some characters when it writes it).
fn as_written(dest: &str) -> String {
    let mut href = String::with_capacity(dest.len());
    let _ = pulldown_cmark_escape::escape_href(&mut href, dest);
    html::decode_entities(&href).into_owned()
}

impl LinkRewriter for PageLinks<'_> {
    fn rewrite(&self, dest: &str, offset: usize) -> Option<String> {
        self.rewrite_at(dest, self.location(offset))
    }
}

/// Links inside a block shortcode's body are reported at the call's line.
struct FixedLine<'a> {
    links: &'a PageLinks<'a>,
    location: Location,
}

impl LinkRewriter for FixedLine<'_> {
    fn rewrite(&self, dest: &str, _offset: usize) -> Option<String> {
        self.links.rewrite_at(dest, self.location.clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn substitute_block_and_inline() {
        let blocks = vec!["<div>B</div>".to_string(), "$7,200".to_string()];
        let html = format!("<p>{OPEN}0{CLOSE}</p>\n<p>Cost {OPEN}1{CLOSE} a month</p>");
        assert_eq!(
            substitute(&html, &blocks),
            "<div>B</div>\n<p>Cost $7,200 a month</p>"
        );
    }

    #[test]
    fn toc_lists_headings_from_markdown_and_shortcodes() {
        let html = "<h2 id=\"a\">Cost &amp; <code>time</code> <a class=\"anchor\" href=\"#a\">#</a></h2>\n\
            <form><h3 class=\"calc-title\" id=\"calc-1-title\">Cost calculator</h3></form>\n\
            <h4 id=\"deep\">Too deep</h4><h3>No id</h3><section><h3 id=\"card-title\">A card</h3></section>";
        let toc = toc_from_html(html);
        let got: Vec<(u8, &str, &str)> = toc
            .iter()
            .map(|t| (t.level, t.id.as_str(), t.title.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                (2, "a", "Cost & time"),
                (3, "calc-1-title", "Cost calculator"),
                (3, "card-title", "A card")
            ]
        );
    }

    #[test]
    fn ids_are_collected() {
        let ids = collect_ids("<h2 id=\"a\">x</h2><div id=\"b&amp;c\">");
        assert!(ids.contains("a") && ids.contains("b&c"));
    }

    #[test]
    fn line_map_counts_skipped_newlines() {
        let text = format!("a\n{OPEN}0{CLOSE}\nb\n");
        let marks = vec![(2 + OPEN.len_utf8() + 1 + CLOSE.len_utf8(), 2)];
        let map = LineMap::new(&text, marks, 5);
        assert_eq!(map.line(0), 5);
        assert_eq!(map.line(text.find('b').unwrap()), 5 + 2 + 2);
    }
}
