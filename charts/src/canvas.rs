//! A display list of marks in pixel coordinates, drawn by plotters' SVG
//! backend and finished into an accessible, theme-following SVG.
//!
//! Why a display list rather than plotters' `ChartBuilder`: the chart
//! builder lays out captions, legends and axis labels by measuring text, and
//! plotters measures text differently natively (an estimate) and in wasm32 (a
//! DOM element, which also traps outside a page). Every position here is an
//! integer computed by our own code, text included, so the same inputs give
//! byte-identical SVG on both targets.

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use plotters::style::FontTransform;

use crate::ink::{self, Ink};

/// The drawing size, in layout units. The SVG has no width or height
/// attribute: it scales to its column, and at 640 units wide text of 15–16
/// units stays legible from a phone to a desktop column.
pub const WIDTH: f64 = 640.0;
pub const HEIGHT: f64 = 360.0;

/// SVG user units per layout unit. plotters' coordinates are integers; four
/// of them per layout unit keep curves smooth where one would draw stairs.
/// The `viewBox` is therefore `0 0 2560 1440`.
pub const SCALE: f64 = 4.0;

/// Text sizes, in SVG user units.
pub const TICK: u32 = 16;
pub const LABEL: u32 = 17;

/// A point in layout units (640 × 360).
pub type Px = (f64, f64);

/// A point in SVG user units, rounded once, here.
type Fine = (i32, i32);

fn fine(v: f64) -> i32 {
    if v.is_finite() {
        libm::round(v * SCALE) as i32
    } else {
        0
    }
}

fn fine_point((x, y): Px) -> Fine {
    (fine(x), fine(y))
}

/// Where a text sits relative to its point (always vertically centred).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Anchor {
    Start,
    Middle,
    End,
}

#[derive(Debug, Clone, PartialEq)]
enum Mark {
    Rect {
        from: Fine,
        to: Fine,
        ink: Ink,
    },
    Line {
        points: Vec<Fine>,
        ink: Ink,
        width: u32,
    },
    Dot {
        at: Fine,
        radius: u32,
        ink: Ink,
    },
    Text(TextMark),
}

#[derive(Debug, Clone, PartialEq)]
struct TextMark {
    at: Fine,
    text: String,
    size: u32,
    anchor: Anchor,
    bold: bool,
    vertical: bool,
}

/// The marks of one chart, in drawing order.
#[derive(Debug, Default, Clone)]
pub struct Canvas {
    marks: Vec<Mark>,
}

impl Canvas {
    pub fn new() -> Self {
        Self::default()
    }

    /// A filled rectangle between two corners (in any order); nothing if it
    /// has no area.
    pub fn rect(&mut self, a: Px, b: Px, ink: Ink) {
        let (a, b) = (fine_point(a), fine_point(b));
        let from = (a.0.min(b.0), a.1.min(b.1));
        let to = (a.0.max(b.0), a.1.max(b.1));
        if to.0 > from.0 && to.1 > from.1 {
            self.marks.push(Mark::Rect { from, to, ink });
        }
    }

    /// A polyline `width` layout units wide; consecutive duplicate points
    /// are dropped, which keeps dense curves small.
    pub fn line(&mut self, points: impl IntoIterator<Item = Px>, ink: Ink, width: u32) {
        let mut kept: Vec<Fine> = Vec::new();
        for p in points.into_iter().map(fine_point) {
            if kept.last() != Some(&p) {
                kept.push(p);
            }
        }
        if kept.len() >= 2 {
            self.marks.push(Mark::Line {
                points: kept,
                ink,
                width: width * SCALE as u32,
            });
        }
    }

    pub fn dot(&mut self, at: Px, radius: u32, ink: Ink) {
        self.marks.push(Mark::Dot {
            at: fine_point(at),
            radius: radius * SCALE as u32,
            ink,
        });
    }

    /// Text centred vertically on `at`.
    pub fn text(&mut self, at: Px, text: impl Into<String>, size: u32, anchor: Anchor) {
        self.push_text(at, text.into(), size, anchor, false, false);
    }

    /// Bold text centred vertically on `at`.
    pub fn bold(&mut self, at: Px, text: impl Into<String>, size: u32, anchor: Anchor) {
        self.push_text(at, text.into(), size, anchor, true, false);
    }

    /// Text read bottom to top, centred on `at` (a y-axis title).
    pub fn vertical_text(&mut self, at: Px, text: impl Into<String>, size: u32) {
        self.push_text(at, text.into(), size, Anchor::Middle, false, true);
    }

    fn push_text(
        &mut self,
        at: Px,
        text: String,
        size: u32,
        anchor: Anchor,
        bold: bool,
        vertical: bool,
    ) {
        if !text.is_empty() {
            self.marks.push(Mark::Text(TextMark {
                at: fine_point(at),
                text: text.replace(['\n', '\r'], " "),
                size,
                anchor,
                bold,
                vertical,
            }));
        }
    }

    /// Draws the marks with plotters and finishes the SVG: no fixed size, a
    /// `viewBox`, `role="img"`, a `<title>` and `<desc>` the root points at,
    /// and theme colours in place of the sentinels.
    pub fn finish(&self, meta: &SvgMeta) -> String {
        let drawn = self.draw();
        let themed = ink::themed(&tighten_text(&drawn));
        let sized = clean_text_attributes(&themed, &self.text_sizes());
        replace_root(&sized, meta)
    }

    fn draw(&self) -> String {
        let mut buf = String::new();
        {
            let size = ((WIDTH * SCALE) as u32, (HEIGHT * SCALE) as u32);
            let area = SVGBackend::with_string(&mut buf, size).into_drawing_area();
            for mark in &self.marks {
                // Drawing into a String cannot fail; an error would only
                // lose one mark, never panic.
                let _ = draw_mark(&area, mark);
            }
            let _ = area.present();
        }
        buf
    }

    fn text_sizes(&self) -> Vec<u32> {
        let mut sizes: Vec<u32> = self
            .marks
            .iter()
            .filter_map(|m| match m {
                Mark::Text(t) => Some(t.size),
                _ => None,
            })
            .collect();
        sizes.sort_unstable();
        sizes.dedup();
        sizes
    }
}

type Area<'a> = DrawingArea<SVGBackend<'a>, plotters::coord::Shift>;
type DrawResult = Result<(), DrawingAreaErrorKind<std::io::Error>>;

fn draw_mark(area: &Area, mark: &Mark) -> DrawResult {
    match mark {
        Mark::Rect { from, to, ink } => {
            area.draw(&Rectangle::new([*from, *to], ink.sentinel().filled()))
        }
        Mark::Line { points, ink, width } => area.draw(&PathElement::new(
            points.clone(),
            ink.sentinel().stroke_width(*width),
        )),
        Mark::Dot { at, radius, ink } => {
            area.draw(&Circle::new(*at, *radius, ink.sentinel().filled()))
        }
        Mark::Text(t) => area.draw(&Text::new(t.text.as_str(), t.at, text_style(t))),
    }
}

/// plotters writes `font-size` as the given size divided by 1.24, so the
/// size asked for is scaled up here and the written value cleaned up in
/// [`clean_text_attributes`].
fn text_style(t: &TextMark) -> TextStyle<'static> {
    let style = if t.bold {
        FontStyle::Bold
    } else {
        FontStyle::Normal
    };
    let h = match t.anchor {
        Anchor::Start => HPos::Left,
        Anchor::Middle => HPos::Center,
        Anchor::End => HPos::Right,
    };
    let font = FontDesc::new(FontFamily::SansSerif, written_size(t.size) * 1.24, style);
    let font = if t.vertical {
        font.transform(FontTransform::Rotate270)
    } else {
        font
    };
    TextStyle {
        font,
        color: Ink::Text.sentinel().to_backend_color(),
        pos: Pos::new(h, VPos::Center),
    }
}

/// plotters writes a text's content on its own line; inline it, so no
/// stray whitespace can shift an end- or middle-anchored label.
fn tighten_text(svg: &str) -> String {
    let mut out = String::with_capacity(svg.len());
    let mut lines = svg.lines();
    while let Some(line) = lines.next() {
        out.push_str(line);
        if line.starts_with("<text ") && line.ends_with('>') {
            let content = lines.next().unwrap_or_default();
            let close = lines.next().unwrap_or_default();
            out.push_str(content);
            out.push_str(close);
        }
        out.push('\n');
    }
    out
}

/// A text size in SVG user units.
fn written_size(size: u32) -> f64 {
    f64::from(size) * SCALE
}

/// Writes each text size as the whole number it is, and drops the
/// per-element font family (the root sets it once).
fn clean_text_attributes(svg: &str, sizes: &[u32]) -> String {
    let mut out = svg.replace(" font-family=\"sans-serif\"", "");
    for &size in sizes {
        let wanted = written_size(size);
        let written = wanted * 1.24 / 1.24;
        out = out.replace(
            &format!("font-size=\"{written}\""),
            &format!("font-size=\"{wanted}\""),
        );
    }
    out
}

/// What the root element says about the chart.
#[derive(Debug, Clone)]
pub struct SvgMeta<'a> {
    /// Prefix of the `<title>` and `<desc>` ids (`{id}-title`, `{id}-desc`).
    pub id: &'a str,
    /// The chart kind, as `data-kind`.
    pub kind: &'a str,
    pub title: &'a str,
    pub desc: &'a str,
}

/// Swaps plotters' root element (fixed width and height) for one that scales
/// and is labelled.
fn replace_root(svg: &str, meta: &SvgMeta) -> String {
    let body = svg.split_once('\n').map_or("", |(_, rest)| rest);
    let id = meta.id;
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {w} {h}\" \
         class=\"rw-chart\" data-kind=\"{kind}\" role=\"img\" \
         aria-labelledby=\"{id}-title\" aria-describedby=\"{id}-desc\" \
         font-family=\"system-ui, sans-serif\">\n\
         <title id=\"{id}-title\">{title}</title>\n\
         <desc id=\"{id}-desc\">{desc}</desc>\n{body}",
        w = WIDTH * SCALE,
        h = HEIGHT * SCALE,
        kind = escape(meta.kind),
        title = escape(meta.title),
        desc = escape(meta.desc),
    )
}

/// Escapes text for XML content and attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            other => out.push(other),
        }
    }
    out
}

/// An estimate of a text's width, for layout decisions only (never written
/// into the SVG by plotters): about 0.56 em a character in a sans-serif face,
/// a little more in bold. Deliberately generous, so estimated gaps are real.
pub fn text_width(text: &str, size: u32, bold: bool) -> f64 {
    let em = if bold { 0.62 } else { 0.56 };
    text.chars().count() as f64 * f64::from(size) * em
}

#[cfg(test)]
mod tests {
    use super::*;

    fn meta() -> SvgMeta<'static> {
        SvgMeta {
            id: "t",
            kind: "cost",
            title: "A <title>",
            desc: "D & d",
        }
    }

    #[test]
    fn root_is_scalable_and_labelled() {
        let mut c = Canvas::new();
        c.rect((0.0, 0.0), (10.0, 10.0), Ink::Series(1));
        c.text((5.0, 5.0), "Hi", LABEL, Anchor::End);
        let svg = c.finish(&meta());
        let root = svg.lines().next().unwrap();
        assert!(!root.contains("width="), "{root}");
        assert!(root.contains("viewBox=\"0 0 2560 1440\""));
        assert!(svg.contains("<title id=\"t-title\">A &lt;title&gt;</title>"));
        assert!(svg.contains("<desc id=\"t-desc\">D &amp; d</desc>"));
        assert!(
            svg.contains(&format!("font-size=\"{}\"", LABEL * 4)),
            "{svg}"
        );
        assert!(svg.contains("text-anchor=\"end\""));
        assert!(!svg.contains("#0102"), "{svg}");
        assert!(svg.trim_end().ends_with("</svg>"));
    }

    #[test]
    fn empty_marks_are_skipped() {
        let mut c = Canvas::new();
        c.rect((5.0, 5.0), (5.0, 9.0), Ink::Grid);
        c.line([(1.0, 1.0), (1.0, 1.0)], Ink::Text, 1);
        c.text((0.0, 0.0), "", TICK, Anchor::Start);
        assert!(c.marks.is_empty());
    }
}
