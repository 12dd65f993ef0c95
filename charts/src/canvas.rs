//! A display list of marks in pixel coordinates, written out as an
//! accessible, theme-following SVG.
//!
//! Every position is an integer computed by our own code, text included
//! (nothing measures text: widths are estimated by [`text_width`] for layout
//! decisions only), and every byte of the SVG is written here, so the same
//! inputs give byte-identical SVG natively and in wasm32. Four element kinds
//! cover every chart: `<rect>`, `<polyline>`, `<circle>` and `<text>`.

use std::fmt::Write as _;

use crate::ink::Ink;

/// The wide drawing's size, in layout units. The SVG has no width or height
/// attribute: it scales to its column, and at 640 units wide text of 16–17
/// units stays legible in a desktop column.
pub const WIDTH: f64 = 640.0;
pub const HEIGHT: f64 = 360.0;

/// The narrow drawing's width: a phone's column (about 320–360 px) shows it
/// near its natural size, so 15-unit text stays about 14 px. Its height is
/// whatever the chart needs once legends and labels are wrapped.
pub const NARROW_WIDTH: f64 = 340.0;

/// The two layouts of every chart: for a page column, and for a phone (or
/// any box narrower than about 30rem), where the wide one would shrink its
/// text to 8 px or be cut off. The page shows the one that fits its box.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Variant {
    Wide,
    Narrow,
}

impl Variant {
    /// The frame a chart is laid out in.
    pub fn frame(self) -> Frame {
        match self {
            Self::Wide => Frame {
                width: WIDTH,
                height: HEIGHT,
                tick: TICK,
                label: LABEL,
            },
            Self::Narrow => Frame {
                width: NARROW_WIDTH,
                height: HEIGHT,
                tick: NARROW_TICK,
                label: NARROW_LABEL,
            },
        }
    }
}

/// A drawing's size and text sizes, in layout units.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Frame {
    pub width: f64,
    /// The wide charts are 360 high; a narrow chart sets its own.
    pub height: f64,
    /// Tick labels, legends, notes.
    pub tick: u32,
    /// Row labels and values.
    pub label: u32,
}

/// SVG user units per layout unit. Coordinates are written as integers; four
/// of them per layout unit keep curves smooth where one would draw stairs.
/// The `viewBox` is therefore `0 0 2560 1440`.
pub const SCALE: f64 = 4.0;

/// Text sizes, in layout units, of the wide and the narrow drawing.
pub const TICK: u32 = 16;
pub const LABEL: u32 = 17;
pub const NARROW_TICK: u32 = 15;
pub const NARROW_LABEL: u32 = 16;

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

/// The marks of one chart, in drawing order, in its frame.
#[derive(Debug, Clone)]
pub struct Canvas {
    marks: Vec<Mark>,
    frame: Frame,
}

impl Default for Canvas {
    fn default() -> Self {
        Self::new()
    }
}

impl Canvas {
    /// A wide canvas (640 × 360).
    pub fn new() -> Self {
        Self::for_variant(Variant::Wide)
    }

    pub fn for_variant(variant: Variant) -> Self {
        Self {
            marks: Vec::new(),
            frame: variant.frame(),
        }
    }

    pub fn frame(&self) -> Frame {
        self.frame
    }

    /// Sets the drawing's height (a narrow chart, once laid out).
    pub fn set_height(&mut self, height: f64) {
        self.frame.height = height;
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

    /// The SVG: a root that scales (a `viewBox`, no width or height),
    /// `role="img"` with a `<title>` and `<desc>` it points at, then one
    /// element per mark, in drawing order.
    pub fn finish(&self, meta: &SvgMeta) -> String {
        let mut svg = root(meta, self.frame);
        for mark in &self.marks {
            write_mark(&mut svg, mark);
        }
        svg.push_str("</svg>\n");
        svg
    }
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

/// The root element, with the chart's title and description.
fn root(meta: &SvgMeta, frame: Frame) -> String {
    let id = meta.id;
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {w} {h}\" \
         class=\"rw-chart\" data-kind=\"{kind}\" role=\"img\" \
         aria-labelledby=\"{id}-title\" aria-describedby=\"{id}-desc\" \
         font-family=\"system-ui, sans-serif\">\n\
         <title id=\"{id}-title\">{title}</title>\n\
         <desc id=\"{id}-desc\">{desc}</desc>\n",
        w = fine(frame.width),
        h = fine(frame.height),
        kind = escape(meta.kind),
        title = escape(meta.title),
        desc = escape(meta.desc),
    )
}

fn write_mark(svg: &mut String, mark: &Mark) {
    // Writing into a String cannot fail.
    let _ = match mark {
        Mark::Rect { from, to, ink } => writeln!(
            svg,
            "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" {} stroke=\"none\"/>",
            from.0,
            from.1,
            to.0 - from.0,
            to.1 - from.1,
            ink.fill()
        ),
        Mark::Line { points, ink, width } => {
            let _ = write!(
                svg,
                "<polyline fill=\"none\" {} stroke-width=\"{width}\" points=\"",
                ink.stroke()
            );
            for (x, y) in points {
                let _ = write!(svg, "{x},{y} ");
            }
            writeln!(svg, "\"/>")
        }
        Mark::Dot { at, radius, ink } => writeln!(
            svg,
            "<circle cx=\"{}\" cy=\"{}\" r=\"{radius}\" {} stroke=\"none\" stroke-width=\"1\"/>",
            at.0,
            at.1,
            ink.fill()
        ),
        Mark::Text(t) => {
            let anchor = match t.anchor {
                Anchor::Start => "start",
                Anchor::Middle => "middle",
                Anchor::End => "end",
            };
            let (x, y) = t.at;
            let _ = write!(
                svg,
                "<text x=\"{x}\" y=\"{y}\" dy=\"0.5ex\" text-anchor=\"{anchor}\" font-size=\"{}\" {}",
                t.size * SCALE as u32,
                Ink::Text.fill()
            );
            if t.bold {
                svg.push_str(" font-weight=\"bold\"");
            }
            if t.vertical {
                let _ = write!(svg, " transform=\"rotate(270, {x}, {y})\"");
            }
            writeln!(svg, ">{}</text>", escape(&t.text))
        }
    };
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
/// into the SVG): about 0.56 em a character in a sans-serif face,
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
