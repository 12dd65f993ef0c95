//! Pieces every chart shares: grid lines with tick labels, legend entries.

use crate::canvas::{text_width, Anchor, Canvas, TICK};
use crate::ink::Ink;
use crate::scale::Axis;

/// Gap kept between neighbouring tick labels, in SVG units.
const LABEL_GAP: f64 = 12.0;

/// A tick: its value and its label.
pub type Tick = (f64, String);

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
    let mut last_right = f64::NEG_INFINITY;
    for (value, label) in ticks {
        let x = axis.px(*value);
        let half = text_width(label, TICK, false) / 2.0;
        if x - half < last_right + LABEL_GAP || x - half < 0.0 || x + half > crate::canvas::WIDTH {
            continue;
        }
        last_right = x + half;
        canvas.line([(x, top), (x, bottom)], Ink::Grid, 1);
        canvas.text((x, label_y), label.clone(), TICK, Anchor::Middle);
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
    let mut last_y = f64::INFINITY;
    for (value, label) in ticks {
        let y = axis.px(*value);
        if last_y - y < f64::from(TICK) + 4.0 {
            continue;
        }
        last_y = y;
        canvas.line([(left, y), (right, y)], Ink::Grid, 1);
        canvas.text((label_x, y), label.clone(), TICK, Anchor::End);
    }
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
