//! Availability: expected downtime a year per pattern, against the downtime
//! the SLA allows.
//!
//! Bars are coloured by whether they fit the SLA, and say so in words too,
//! so the colour is never the only signal.

use regionwise_models::availability::{
    self, Availability, AvailabilityOutput, PatternAvailability,
};
use regionwise_models::{format, Model, Pattern};

use crate::canvas::{text_width, Anchor, Canvas, LABEL, TICK, WIDTH};
use crate::cost::capitalise;
use crate::ink::Ink;
use crate::layout::{legend_item, x_grid, Swatch, Tick};
use crate::scale::{time_label, time_ticks, time_unit, Axis};
use crate::{Chart, ChartDef, Table};

const LEFT: f64 = 16.0;
const RIGHT: f64 = 612.0;
const LEGEND_Y: f64 = 14.0;
const SLA_LABEL_Y: f64 = 42.0;
const ROWS_TOP: f64 = 60.0;
const ROW_PITCH: f64 = 82.0;
const BAR_TOP: f64 = 24.0;
const BAR_HEIGHT: f64 = 28.0;
const TICK_Y: f64 = 302.0;
const X_TITLE_Y: f64 = 332.0;

const WITHIN: Ink = Ink::Series(3);
const OVER: Ink = Ink::Series(2);

fn rows(out: &AvailabilityOutput) -> [(&'static str, &PatternAvailability); 3] {
    [
        (Pattern::SingleRegion.short_name(), &out.single_region),
        (Pattern::ActivePassive.short_name(), &out.active_passive),
        (Pattern::ActiveActive.short_name(), &out.active_active),
    ]
}

pub(crate) static CHART: ChartDef = ChartDef {
    name: "availability",
    model: &availability::MODEL,
    draw: |inputs, id| Ok(draw(&Availability::run_map(inputs)?, id)),
};

fn draw(out: &AvailabilityOutput, id: &str) -> Chart {
    let title = format!(
        "Expected downtime per year against a {} SLA",
        format::percent(out.inputs.sla)
    );
    let desc = describe(out);
    let mut canvas = Canvas::new();
    let (axis, ticks) = downtime_axis(out);
    let bottom = ROWS_TOP + 2.0 * ROW_PITCH + BAR_TOP + BAR_HEIGHT;
    x_grid(
        &mut canvas,
        &axis,
        &ticks,
        ROWS_TOP + BAR_TOP - 6.0,
        bottom + 6.0,
        TICK_Y,
    );
    canvas.text(
        ((LEFT + RIGHT) / 2.0, X_TITLE_Y),
        "expected downtime per year",
        TICK,
        Anchor::Middle,
    );
    draw_legend(&mut canvas);
    for (row, (name, pattern)) in rows(out).into_iter().enumerate() {
        draw_row(&mut canvas, &axis, row as f64, name, pattern);
    }
    draw_allowance(&mut canvas, &axis, out, bottom + 6.0);
    let table = table(out, &title);
    Chart::drawn(CHART.name, &canvas, id, title, desc, table)
}

/// Downtime in minutes on the axis; ticks in round time units.
fn downtime_axis(out: &AvailabilityOutput) -> (Axis, Vec<Tick>) {
    let largest = rows(out)
        .iter()
        .map(|(_, p)| p.downtime_min_year)
        .fold(out.allowed_min_year, f64::max);
    let (top_s, values) = time_ticks(largest * 60.0 * 1.1, 5);
    let unit = time_unit(values.get(1).copied().unwrap_or(top_s));
    let ticks = values
        .into_iter()
        .map(|s| (s / 60.0, time_label(s, unit)))
        .collect();
    (Axis::linear(0.0, top_s / 60.0, LEFT, RIGHT), ticks)
}

fn draw_legend(canvas: &mut Canvas) {
    let x = legend_item(
        canvas,
        LEFT,
        LEGEND_Y,
        Swatch::Square(WITHIN),
        "within the SLA",
        TICK,
    );
    legend_item(
        canvas,
        x + 18.0,
        LEGEND_Y,
        Swatch::Square(OVER),
        "over the SLA",
        TICK,
    );
}

/// The texts of a row: the pattern's name and its figures.
fn row_texts(name: &str, p: &PatternAvailability) -> (String, String) {
    let verdict = if p.meets_sla {
        "within SLA"
    } else {
        "over SLA"
    };
    let value = format!(
        "{} · {} · {verdict}",
        format::minutes(p.downtime_min_year),
        format::percent(p.availability_pct)
    );
    (capitalise(name), value)
}

fn label_y(row: f64) -> f64 {
    ROWS_TOP + row * ROW_PITCH + 10.0
}

fn draw_row(canvas: &mut Canvas, axis: &Axis, row: f64, name: &str, p: &PatternAvailability) {
    let top = ROWS_TOP + row * ROW_PITCH;
    let (name, value) = row_texts(name, p);
    canvas.text((LEFT, label_y(row)), name, LABEL, Anchor::Start);
    canvas.bold((RIGHT, label_y(row)), value, LABEL, Anchor::End);
    let ink = if p.meets_sla { WITHIN } else { OVER };
    canvas.rect(
        (axis.px(0.0), top + BAR_TOP),
        (axis.px(p.downtime_min_year), top + BAR_TOP + BAR_HEIGHT),
        ink,
    );
}

/// The dashed allowance line down across the bars, labelled above them and
/// kept inside the drawing wherever it falls. Where it would cross a row's
/// text it breaks, so the figures stay readable.
fn draw_allowance(canvas: &mut Canvas, axis: &Axis, out: &AvailabilityOutput, bottom: f64) {
    let x = axis.px(out.allowed_min_year);
    let mut y = SLA_LABEL_Y + 11.0;
    for (row, (name, p)) in rows(out).into_iter().enumerate() {
        let (name, value) = row_texts(name, p);
        let name_end = LEFT + text_width(&name, LABEL, false) + 4.0;
        let value_start = RIGHT - text_width(&value, LABEL, true) - 4.0;
        if x <= name_end || x >= value_start {
            let text_y = label_y(row as f64);
            canvas.line([(x, y), (x, text_y - 11.0)], Ink::Marker, 2);
            y = text_y + 11.0;
        }
    }
    canvas.line([(x, y), (x, bottom)], Ink::Marker, 2);
    let label = format!(
        "{} SLA allows {} a year",
        format::percent(out.inputs.sla),
        format::minutes(out.allowed_min_year)
    );
    let w = text_width(&label, TICK, false);
    let start = (x - w / 2.0).min(WIDTH - LEFT - w).max(LEFT);
    canvas.text((start, SLA_LABEL_Y), label, TICK, Anchor::Start);
}

fn describe(out: &AvailabilityOutput) -> String {
    let i = &out.inputs;
    let mut text = format!(
        "A {} SLA allows {} of downtime a year ({} a month). With {} regional outages a year \
         of {} each and failover working {} of the time:",
        format::percent(i.sla),
        format::minutes(out.allowed_min_year),
        format::minutes(out.allowed_min_month),
        format::count(i.outages_per_year),
        format::minutes(i.outage_minutes),
        format::share(i.failover_success),
    );
    for (name, p) in rows(out) {
        text.push_str(&format!(
            " {name} expects {} a year ({}), {} the SLA;",
            format::minutes(p.downtime_min_year),
            format::percent(p.availability_pct),
            if p.meets_sla { "within" } else { "over" }
        ));
    }
    text.pop();
    text.push('.');
    text
}

fn table(out: &AvailabilityOutput, title: &str) -> Table {
    let mut rows_out = vec![vec![
        "Allowed by the SLA".to_owned(),
        format::minutes(out.allowed_min_year),
        format::percent(out.inputs.sla),
        "—".to_owned(),
    ]];
    for (name, p) in rows(out) {
        rows_out.push(vec![
            capitalise(name),
            format::minutes(p.downtime_min_year),
            format::percent(p.availability_pct),
            if p.meets_sla { "yes" } else { "no" }.to_owned(),
        ]);
    }
    Table {
        caption: title.to_owned(),
        headers: [
            "Pattern",
            "Downtime per year",
            "Availability",
            "Meets the SLA",
        ]
        .map(str::to_owned)
        .to_vec(),
        rows: rows_out,
    }
}
