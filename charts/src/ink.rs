//! Colours that follow the page's theme.
//!
//! plotters' SVG backend writes literal `#RRGGBB` colours, but a chart must
//! take its colours from CSS (`currentColor`, `var(--chart-1)`, ...) so that it
//! follows light and dark mode. Each [`Ink`] is therefore drawn in a sentinel
//! colour no chart would choose (`#0102xx`) and [`themed`] swaps every
//! sentinel attribute for its CSS form once plotters is done.
//!
//! Series and grid colours are written as a light-theme colour plus a
//! `data-fill` / `data-stroke` hook that the stylesheet maps to the theme's
//! variables (`.rw-chart [data-fill="1"] { fill: var(--chart-1) }`): a strict
//! CSP (`default-src 'self'`) blocks inline `style` attributes, and CSS
//! variables do not work in presentation attributes.

use plotters::style::RGBColor;

/// What a mark is painted with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ink {
    /// Text, axes and ticks: the surrounding text colour.
    Text,
    /// Grid lines: `var(--chart-grid)`.
    Grid,
    /// A data series: `var(--chart-1)` … `var(--chart-4)`.
    Series(u8),
    /// A reference line (an RTO, a budget, an SLA): dashed, in the text colour.
    Marker,
}

/// Light-theme fallbacks, so an SVG opened on its own (an export, a file
/// viewer) still has colours; in the page the theme's variables win.
const FALLBACK: [&str; 4] = ["#0b5cad", "#b35900", "#1a7f37", "#8250df"];
const GRID_FALLBACK: &str = "#d0d7de";

/// Every ink, in sentinel order.
const ALL: [Ink; 7] = [
    Ink::Text,
    Ink::Grid,
    Ink::Marker,
    Ink::Series(1),
    Ink::Series(2),
    Ink::Series(3),
    Ink::Series(4),
];

impl Ink {
    /// The sentinel colour plotters draws this ink in.
    pub fn sentinel(self) -> RGBColor {
        RGBColor(0x01, 0x02, self.code())
    }

    fn code(self) -> u8 {
        match self {
            Ink::Text => 1,
            Ink::Grid => 2,
            Ink::Marker => 3,
            Ink::Series(n) => 3 + n.clamp(1, 4),
        }
    }

    /// The attribute(s) that replace `fill="#sentinel"`.
    fn fill(self) -> String {
        match self {
            Ink::Text | Ink::Marker => "fill=\"currentColor\"".to_owned(),
            other => format!(
                "fill=\"{}\" data-fill=\"{}\"",
                other.fallback(),
                other.hook()
            ),
        }
    }

    /// The attribute(s) that replace `stroke="#sentinel"`.
    fn stroke(self) -> String {
        match self {
            Ink::Text => "stroke=\"currentColor\"".to_owned(),
            Ink::Marker => "stroke=\"currentColor\" stroke-dasharray=\"20 14\"".to_owned(),
            other => format!(
                "stroke=\"{}\" data-stroke=\"{}\"",
                other.fallback(),
                other.hook()
            ),
        }
    }

    /// The light-theme colour, for an SVG seen outside the page.
    fn fallback(self) -> &'static str {
        match self {
            Ink::Series(n) => FALLBACK[usize::from(n.clamp(1, 4) - 1)],
            Ink::Grid | Ink::Text | Ink::Marker => GRID_FALLBACK,
        }
    }

    /// The value of the `data-fill` / `data-stroke` hook the stylesheet
    /// colours (`1`..`4` for series, `grid`).
    fn hook(self) -> String {
        match self {
            Ink::Series(n) => n.clamp(1, 4).to_string(),
            Ink::Grid | Ink::Text | Ink::Marker => "grid".to_owned(),
        }
    }
}

/// Replaces every sentinel colour plotters wrote with its CSS form, and drops
/// the `opacity="1"` plotters writes on every element.
pub fn themed(svg: &str) -> String {
    let mut out = svg.replace(" opacity=\"1\"", "");
    for ink in ALL {
        let hex = {
            let RGBColor(r, g, b) = ink.sentinel();
            format!("#{r:02X}{g:02X}{b:02X}")
        };
        out = out
            .replace(&format!("fill=\"{hex}\""), &ink.fill())
            .replace(&format!("stroke=\"{hex}\""), &ink.stroke());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentinels_are_distinct() {
        let mut codes: Vec<u8> = ALL.iter().map(|i| i.code()).collect();
        codes.dedup();
        assert_eq!(codes.len(), ALL.len());
    }

    #[test]
    fn sentinels_become_css() {
        let svg = "<rect opacity=\"1\" fill=\"#010204\" stroke=\"none\"/><polyline fill=\"none\" stroke=\"#010203\"/><text fill=\"#010201\"/>";
        assert_eq!(
            themed(svg),
            "<rect fill=\"#0b5cad\" data-fill=\"1\" stroke=\"none\"/><polyline fill=\"none\" stroke=\"currentColor\" stroke-dasharray=\"20 14\"/><text fill=\"currentColor\"/>"
        );
    }
}
