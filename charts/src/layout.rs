//! Pieces every chart shares: the plot's rectangle and its axes, grid lines
//! with tick labels, legend entries, the case of a label's first letter.

use crate::canvas::{text_width, Anchor, Canvas};
use crate::ink::Ink;
use crate::scale::Axis;

/// Gap kept between neighbouring tick labels, in SVG units.
const LABEL_GAP: f64 = 12.0;

/// A tick: its value and its label.
pub type Tick = (f64, String);

/// Where a line chart's plot sits in its frame. `wide` is the layout with
/// room beside the plot (the y axis named beside it, a key inside it).
#[derive(Debug, Clone, Copy)]
pub struct Plot {
    pub left: f64,
    pub right: f64,
    pub top: f64,
    pub bottom: f64,
    pub wide: bool,
}

impl Plot {
    /// The narrow layout: `left` of the frame, 16 short of its right edge.
    pub fn narrow(width: f64, left: f64, top: f64, height: f64) -> Self {
        Self {
            left,
            right: width - 16.0,
            top,
            bottom: top + height,
            wide: false,
        }
    }

    /// Both axes' grids with their labels, the baseline at `base_y` and the
    /// x axis's title under its labels, in the order every line chart draws
    /// them.
    pub fn axes(
        &self,
        canvas: &mut Canvas,
        (x, x_ticks): (&Axis, &[Tick]),
        (y, y_ticks): (&Axis, &[Tick]),
        base_y: f64,
        x_title: &str,
    ) {
        let (left, right) = (self.left, self.right);
        x_grid(
            canvas,
            x,
            x_ticks,
            self.top,
            self.bottom,
            self.bottom + 18.0,
        );
        y_grid(canvas, y, y_ticks, left, right, left - 8.0);
        canvas.line([(left, base_y), (right, base_y)], Ink::Text, 1);
        let size = canvas.frame().tick;
        let at = ((left + right) / 2.0, self.bottom + 48.0);
        canvas.text(at, x_title, size, Anchor::Middle);
    }
}

/// Vertical grid lines from `top` to `bottom` and labels centred on `label_y`
/// for an x axis. Labels that would touch their left neighbour or leave the
/// drawing are dropped with their grid line, so a wide range never smears.
pub fn x_grid(
    canvas: &mut Canvas,
    axis: &Axis,
    ticks: &[Tick],
    top: f64,
    bottom: f64,
    label_y: f64,
) {
    x_grid_spans(canvas, axis, ticks, &[(top, bottom)], label_y);
}

/// [`x_grid`] with the grid lines drawn only over `spans` (top, bottom), so
/// they stay behind bars and off the text between them.
pub fn x_grid_spans(
    canvas: &mut Canvas,
    axis: &Axis,
    ticks: &[Tick],
    spans: &[(f64, f64)],
    label_y: f64,
) {
    let frame = canvas.frame();
    let mut last_right = f64::NEG_INFINITY;
    for (value, label) in ticks {
        let x = axis.px(*value);
        let half = text_width(label, frame.tick, false) / 2.0;
        if x - half < last_right + LABEL_GAP || x - half < 0.0 || x + half > frame.width {
            continue;
        }
        last_right = x + half;
        for &(top, bottom) in spans {
            canvas.line([(x, top), (x, bottom)], Ink::Grid, 1);
        }
        canvas.text((x, label_y), label.clone(), frame.tick, Anchor::Middle);
    }
}

/// Horizontal grid lines from `left` to `right` and labels ending at
/// `label_x` for a y axis.
pub fn y_grid(
    canvas: &mut Canvas,
    axis: &Axis,
    ticks: &[Tick],
    left: f64,
    right: f64,
    label_x: f64,
) {
    let size = canvas.frame().tick;
    let mut last_y = f64::INFINITY;
    for (value, label) in ticks {
        let y = axis.px(*value);
        if last_y - y < f64::from(size) + 4.0 {
            continue;
        }
        last_y = y;
        canvas.line([(left, y), (right, y)], Ink::Grid, 1);
        canvas.text((label_x, y), label.clone(), size, Anchor::End);
    }
}

/// Words of `text` in lines no wider than `width` (a word longer than a
/// line gets a line of its own). A number stays with its unit ("30 s",
/// "2 h", "5 %"): a line never ends on the number.
pub fn wrap(text: &str, width: f64, size: u32, bold: bool) -> Vec<String> {
    let mut words: Vec<String> = Vec::new();
    // Whether the last word is a number and its unit ("2 h"), which a
    // further number and unit may join ("2 h 48 min").
    let mut quantity = false;
    for word in text.split(' ') {
        let bare = word.trim_end_matches([',', ':', ';', '.']);
        let number = word.starts_with(|c: char| c.is_ascii_digit());
        let unit = bare.chars().count() <= 3 && !number;
        match words.last_mut() {
            Some(last) if unit && last.ends_with(|c: char| c.is_ascii_digit()) => {
                last.push(' ');
                last.push_str(word);
                quantity = bare.len() == word.len();
            }
            Some(last) if number && quantity => {
                last.push(' ');
                last.push_str(word);
            }
            _ => {
                words.push(word.to_owned());
                quantity = false;
            }
        }
    }
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in &words {
        let candidate = if line.is_empty() {
            word.clone()
        } else {
            format!("{line} {word}")
        };
        if !line.is_empty() && text_width(&candidate, size, bold) > width {
            lines.push(std::mem::replace(&mut line, word.clone()));
        } else {
            line = candidate;
        }
    }
    lines.push(line);
    lines
}

/// The key drawn before a legend label.
#[derive(Debug, Clone, Copy)]
pub enum Swatch {
    /// A filled square (bars).
    Square(Ink),
    /// A short thick line (series).
    Line(Ink),
    /// A dot (a marked point).
    Dot(Ink),
    /// A short dashed line (reference lines).
    Dashed,
}

/// Width of a swatch and the gap after it.
const SWATCH: f64 = 18.0;
const SWATCH_GAP: f64 = 7.0;

/// One legend entry centred vertically on `y`, starting at `x`; returns
/// where the next entry may start.
pub fn legend_item(
    canvas: &mut Canvas,
    x: f64,
    y: f64,
    swatch: Swatch,
    label: &str,
    size: u32,
) -> f64 {
    match swatch {
        Swatch::Square(ink) => canvas.rect((x + 2.0, y - 7.0), (x + 16.0, y + 7.0), ink),
        Swatch::Line(ink) => canvas.line([(x, y), (x + SWATCH, y)], ink, 4),
        Swatch::Dot(ink) => canvas.dot((x + SWATCH / 2.0, y), 5, ink),
        Swatch::Dashed => canvas.line(
            [(x + SWATCH / 2.0, y - 8.0), (x + SWATCH / 2.0, y + 8.0)],
            Ink::Marker,
            2,
        ),
    }
    let text_x = x + SWATCH + SWATCH_GAP;
    canvas.text((text_x, y), label, size, Anchor::Start);
    text_x + text_width(label, size, false)
}

/// The width a legend entry takes, swatch included.
pub fn legend_width(label: &str, size: u32) -> f64 {
    SWATCH + SWATCH_GAP + text_width(label, size, false)
}

/// Legend entries left to right from (`x`, `y`), `gap` apart, starting a
/// new row wherever the next would pass `right`; an entry too long for a
/// row on its own wraps its words under its text. Returns the last row's y.
pub fn legend_flow(
    canvas: &mut Canvas,
    entries: &[(Swatch, &str)],
    (x, y): (f64, f64),
    right: f64,
    gap: f64,
) -> f64 {
    let size = canvas.frame().tick;
    let pitch = f64::from(size) + 7.0;
    let (mut at, mut row) = (x, y);
    for &(swatch, label) in entries {
        if at > x && at + legend_width(label, size) > right {
            at = x;
            row += pitch;
        }
        let text_x = x + SWATCH + SWATCH_GAP;
        let lines = wrap(label, right - text_x, size, false);
        if lines.len() > 1 {
            legend_item(canvas, x, row, swatch, &lines[0], size);
            for line in &lines[1..] {
                row += pitch;
                canvas.text((text_x, row), line.as_str(), size, Anchor::Start);
            }
            at = right;
        } else {
            at = legend_item(canvas, at, row, swatch, label, size) + gap;
        }
    }
    row
}

/// One copy of each, the models' (which the CLI and the models' own
/// sentences use too).
pub use regionwise_models::format::{capitalise, lower_first};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrapping_keeps_numbers_with_their_units() {
        let text = "Backup and restore, DNS: RTO 2 h 48 min, all back after 4 h 47 min";
        let lines = wrap(text, 150.0, 15, false);
        for line in &lines {
            assert!(!line.ends_with(|c: char| c.is_ascii_digit()), "{lines:?}");
            assert!(
                !line.starts_with(|c: char| c.is_ascii_alphabetic()) || !line.starts_with("min"),
                "{lines:?}"
            );
        }
        assert!(lines.iter().any(|l| l.contains("2 h 48 min")), "{lines:?}");
        assert_eq!(lines.join(" "), text);
        assert_eq!(wrap("short", 150.0, 15, false), ["short"]);
    }
}
