//! Cost: one horizontal stacked bar per pattern.
//!
//! Horizontal because pattern names are long and a phone is narrow: each
//! name sits on its own line above its bar, with the total and the multiple
//! of the single region at the right, so nothing is rotated or truncated.

use regionwise_models::cost::{self, Cost, CostLines, CostOutput};
use regionwise_models::{format, Model, Pattern};

use crate::canvas::{text_width, Anchor, Canvas, Variant, WIDTH};
use crate::ink::Ink;
use crate::layout::{capitalise, legend_flow, legend_width, x_grid_spans, Swatch, Tick};
use crate::scale::{compact_number, nice_ticks, Axis};
use crate::{Chart, ChartDef, Table};

const LEGEND_Y: f64 = 16.0;
const BAR_TOP: f64 = 24.0;
const BAR_HEIGHT: f64 = 24.0;
/// From one row's top to the next, when its total fits beside its name.
const ROW_PITCH: f64 = 56.0;

/// The line items, bottom of the stack first, with their series colour.
const ITEMS: [(&str, Ink); 4] = [
    ("compute", Ink::Series(1)),
    ("database", Ink::Series(2)),
    ("transfer", Ink::Series(3)),
    ("routing", Ink::Series(4)),
];

fn amounts(lines: &CostLines) -> [f64; 4] {
    [lines.compute, lines.database, lines.transfer, lines.routing]
}

pub(crate) static CHART: ChartDef = ChartDef {
    name: "cost",
    model: &cost::MODEL,
    draw: |inputs, id| Ok(draw(&Cost::run_map(inputs)?, id)),
};

fn draw(out: &CostOutput, id: &str) -> Chart {
    let title = "Monthly cost by pattern".to_owned();
    let desc = describe(out);
    let table = table(out, &title);
    Chart::drawn(CHART.name, |v| paint(out, v), id, title, desc, table)
}

/// The chart's left and right edges in a frame: the right margin leaves
/// room for the last tick's label.
fn edges(canvas: &Canvas) -> (f64, f64) {
    let width = canvas.frame().width;
    match canvas.frame().width < WIDTH {
        true => (8.0, width - 20.0),
        false => (16.0, width - 28.0),
    }
}

/// One pattern's row, laid out: where its name, total and bar go.
struct RowPlace {
    label_y: f64,
    /// The total's line: the name's when both fit on it.
    total_y: f64,
    bar_top: f64,
}

fn paint(out: &CostOutput, variant: Variant) -> Canvas {
    let mut canvas = Canvas::for_variant(variant);
    let (left, right) = edges(&canvas);
    let label = canvas.frame().label;
    let legend_bottom = draw_legend(&mut canvas, left, right);
    let mut top = legend_bottom + 20.0;
    let mut rows = Vec::new();
    for pattern in Pattern::ALL {
        let lines = out.lines(pattern);
        let (name, total) = (row_name(out, pattern), total_text(lines));
        let room = right - left - text_width(&name, label, false) - 12.0;
        let extra = if text_width(&total, label, true) <= room {
            0.0
        } else {
            f64::from(label) + 6.0
        };
        let place = RowPlace {
            label_y: top + 10.0,
            total_y: top + 10.0 + extra,
            bar_top: top + BAR_TOP + extra,
        };
        top += ROW_PITCH + extra;
        rows.push((pattern, lines, name, total, place));
    }
    let axis = money_axis(out, left, right);
    let spans: Vec<(f64, f64)> = rows
        .iter()
        .map(|(.., p)| (p.bar_top - 4.0, p.bar_top + BAR_HEIGHT + 4.0))
        .collect();
    let tick_y = spans.last().map_or(top, |s| s.1) + 26.0;
    x_grid_spans(&mut canvas, &axis.0, &axis.1, &spans, tick_y);
    for (_, lines, name, total, place) in &rows {
        draw_row(&mut canvas, &axis, (left, right), name, total, place, lines);
    }
    if variant == Variant::Narrow {
        canvas.set_height(tick_y + 22.0);
    }
    canvas
}

fn money_axis(out: &CostOutput, left: f64, right: f64) -> (Axis, Vec<Tick>) {
    let max = Pattern::ALL
        .into_iter()
        .map(|p| out.lines(p).total)
        .fold(0.0, f64::max);
    let (top, values) = nice_ticks(max, 5);
    let ticks = values
        .into_iter()
        .map(|v| (v, format!("${}", compact_number(v))))
        .collect();
    (Axis::linear(0.0, top, left, right), ticks)
}

/// The line items and the unit, wrapped to the frame; returns the last
/// row's y.
fn draw_legend(canvas: &mut Canvas, left: f64, right: f64) -> f64 {
    let size = canvas.frame().tick;
    let entries = ITEMS.map(|(name, ink)| (Swatch::Square(ink), name));
    let y = legend_flow(canvas, &entries, (left, LEGEND_Y), right, 16.0);
    let unit = "US $ per month";
    let end = legend_end(canvas, left, right);
    if end + 16.0 + text_width(unit, size, false) < right {
        canvas.text((right, y), unit, size, Anchor::End);
        y
    } else {
        let y = y + f64::from(size) + 7.0;
        canvas.text((left, y), unit, size, Anchor::Start);
        y
    }
}

/// Where the legend's last row ends (the items are short, so none wraps).
fn legend_end(canvas: &Canvas, left: f64, right: f64) -> f64 {
    let size = canvas.frame().tick;
    let mut at = left;
    for (name, _) in ITEMS {
        let w = legend_width(name, size);
        if at > left && at + w > right {
            at = left;
        }
        at += w + 16.0;
    }
    at - 16.0
}

/// A row's name; a partitioned row without its standby says it has no
/// regional DR, so it never reads as the cheapest DR by omission.
fn row_name(out: &CostOutput, pattern: Pattern) -> String {
    let name = capitalise(pattern.short_name());
    if pattern == Pattern::Partitioned && !out.inputs.partition_standby {
        format!("{name}, no regional DR")
    } else {
        name
    }
}

fn total_text(lines: &CostLines) -> String {
    format!(
        "{} · {}",
        format::money(lines.total),
        format::ratio(lines.ratio)
    )
}

fn draw_row(
    canvas: &mut Canvas,
    (axis, _): &(Axis, Vec<Tick>),
    (left, right): (f64, f64),
    name: &str,
    total: &str,
    place: &RowPlace,
    lines: &CostLines,
) {
    let size = canvas.frame().label;
    canvas.text((left, place.label_y), name, size, Anchor::Start);
    canvas.bold((right, place.total_y), total, size, Anchor::End);
    // Segment edges come from running sums, so neighbours share a pixel edge
    // and rounding never opens a gap or overlaps.
    let mut sum = 0.0;
    for ((_, ink), amount) in ITEMS.into_iter().zip(amounts(lines)) {
        let from = axis.px(sum);
        sum += amount;
        let to = axis.px(sum);
        canvas.rect((from, place.bar_top), (to, place.bar_top + BAR_HEIGHT), ink);
    }
}

fn describe(out: &CostOutput) -> String {
    let totals: Vec<String> = Pattern::ALL
        .into_iter()
        .map(|p| {
            let lines = out.lines(p);
            format!(
                "{} {} ({})",
                row_name(out, p).to_ascii_lowercase(),
                format::money(lines.total),
                format::ratio(lines.ratio)
            )
        })
        .collect();
    format!(
        "Stacked bars of compute, database, data transfer and global routing per month, \
         with {} regions for the multi-region patterns. Totals: {}.",
        out.inputs.regions,
        totals.join("; ")
    )
}

fn table(out: &CostOutput, title: &str) -> Table {
    let headers = [
        "Pattern",
        "Compute",
        "Database",
        "Transfer",
        "Routing",
        "Total",
        "× single region",
    ];
    let rows = Pattern::ALL
        .into_iter()
        .map(|p| {
            let lines = out.lines(p);
            let mut row = vec![row_name(out, p)];
            row.extend(amounts(lines).into_iter().map(format::money));
            row.push(format::money(lines.total));
            row.push(format::ratio(lines.ratio));
            row
        })
        .collect();
    Table {
        caption: format!("{title}, {} regions", out.inputs.regions),
        headers: headers.map(str::to_owned).to_vec(),
        rows,
    }
}
