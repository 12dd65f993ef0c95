//! Cost: one horizontal stacked bar per pattern.
//!
//! Horizontal because pattern names are long and a phone is narrow: each
//! name sits on its own line above its bar, with the total and the multiple
//! of the single region at the right, so nothing is rotated or truncated.

use regionwise_models::cost::{self, Cost, CostLines, CostOutput};
use regionwise_models::{format, Model, Pattern};

use crate::canvas::{Anchor, Canvas, LABEL, TICK};
use crate::ink::Ink;
use crate::layout::{legend_item, legend_width, x_grid, Swatch, Tick};
use crate::scale::{compact_number, nice_ticks, Axis};
use crate::{Chart, ChartDef, Table};

const LEFT: f64 = 16.0;
const RIGHT: f64 = 612.0;
const LEGEND_Y: f64 = 16.0;
const ROWS_TOP: f64 = 36.0;
const ROW_PITCH: f64 = 56.0;
const BAR_TOP: f64 = 24.0;
const BAR_HEIGHT: f64 = 24.0;
const TICK_Y: f64 = 338.0;

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
    let mut canvas = Canvas::new();
    let axis = money_axis(out);
    draw_axis(&mut canvas, &axis);
    draw_legend(&mut canvas);
    for (row, pattern) in Pattern::ALL.into_iter().enumerate() {
        let name = row_name(out, pattern);
        draw_row(&mut canvas, &axis, row as f64, &name, out.lines(pattern));
    }
    let table = table(out, &title);
    Chart::drawn(CHART.name, &canvas, id, title, desc, table)
}

fn money_axis(out: &CostOutput) -> (Axis, Vec<Tick>) {
    let max = Pattern::ALL
        .into_iter()
        .map(|p| out.lines(p).total)
        .fold(0.0, f64::max);
    let (top, values) = nice_ticks(max, 5);
    let ticks = values
        .into_iter()
        .map(|v| (v, format!("${}", compact_number(v))))
        .collect();
    (Axis::linear(0.0, top, LEFT, RIGHT), ticks)
}

fn draw_axis(canvas: &mut Canvas, (axis, ticks): &(Axis, Vec<Tick>)) {
    let bottom = ROWS_TOP + 4.0 * ROW_PITCH + BAR_TOP + BAR_HEIGHT;
    x_grid(
        canvas,
        axis,
        ticks,
        ROWS_TOP + BAR_TOP - 4.0,
        bottom + 4.0,
        TICK_Y,
    );
}

fn draw_legend(canvas: &mut Canvas) {
    let mut x = LEFT;
    for (name, ink) in ITEMS {
        x = legend_item(canvas, x, LEGEND_Y, Swatch::Square(ink), name, TICK) + 16.0;
    }
    let unit = "US $ per month";
    if x + legend_width(unit, TICK) < RIGHT {
        canvas.text((RIGHT, LEGEND_Y), unit, TICK, Anchor::End);
    }
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

fn draw_row(
    canvas: &mut Canvas,
    (axis, _): &(Axis, Vec<Tick>),
    row: f64,
    name: &str,
    lines: &CostLines,
) {
    let top = ROWS_TOP + row * ROW_PITCH;
    let label_y = top + 10.0;
    canvas.text((LEFT, label_y), name, LABEL, Anchor::Start);
    let total = format!(
        "{} · {}",
        format::money(lines.total),
        format::ratio(lines.ratio)
    );
    canvas.bold((RIGHT, label_y), total, LABEL, Anchor::End);
    // Segment edges come from running sums, so neighbours share a pixel edge
    // and rounding never opens a gap or overlaps.
    let mut sum = 0.0;
    for ((_, ink), amount) in ITEMS.into_iter().zip(amounts(lines)) {
        let from = axis.px(sum);
        sum += amount;
        let to = axis.px(sum);
        canvas.rect((from, top + BAR_TOP), (to, top + BAR_TOP + BAR_HEIGHT), ink);
    }
}

fn describe(out: &CostOutput) -> String {
    let totals: Vec<String> = Pattern::ALL
        .into_iter()
        .map(|p| {
            let lines = out.lines(p);
            format!(
                "{} {} ({})",
                row_name(out, p).to_lowercase(),
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

/// "active-passive" → "Active-passive".
pub fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}
