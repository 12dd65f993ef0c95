//! Colours that follow the page's theme.
//!
//! A chart takes its colours from CSS (`currentColor`, `var(--chart-1)`, ...)
//! so that it follows light and dark mode. Text, axes and reference lines
//! are `currentColor`.
//!
//! Series and grid colours are written as a light-theme colour plus a
//! `data-fill` / `data-stroke` hook that the stylesheet maps to the theme's
//! variables (`.rw-chart [data-fill="1"] { fill: var(--chart-1) }`): a strict
//! CSP (`default-src 'self'`) blocks inline `style` attributes, and CSS
//! variables do not work in presentation attributes.

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

impl Ink {
    /// The fill attribute(s) of a mark in this ink.
    pub(crate) fn fill(self) -> String {
        match self {
            Ink::Text | Ink::Marker => "fill=\"currentColor\"".to_owned(),
            other => format!(
                "fill=\"{}\" data-fill=\"{}\"",
                other.fallback(),
                other.hook()
            ),
        }
    }

    /// The stroke attribute(s) of a mark in this ink.
    pub(crate) fn stroke(self) -> String {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inks_become_css() {
        assert_eq!(Ink::Series(1).fill(), "fill=\"#0b5cad\" data-fill=\"1\"");
        assert_eq!(
            Ink::Marker.stroke(),
            "stroke=\"currentColor\" stroke-dasharray=\"20 14\""
        );
        assert_eq!(Ink::Text.fill(), "fill=\"currentColor\"");
        assert_eq!(
            Ink::Grid.stroke(),
            "stroke=\"#d0d7de\" data-stroke=\"grid\""
        );
        assert_eq!(Ink::Series(9).stroke(), Ink::Series(4).stroke());
    }
}
