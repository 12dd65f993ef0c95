//! Availability: one regional outage against the month's downtime budget.
//!
//! Each pattern is a bar as long as the downtime one regional outage costs
//! it when failover works (the whole outage for a single region), on a log
//! time axis, so seconds, minutes and a day all read; a thin bar under each
//! multi-region pattern shows the failed failover, which costs the whole
//! outage. The dashed line is the month's budget: a bar that crosses it
//! breaches the month. Bars are coloured by whether they fit and say so in
//! words, with how many breaching months a year follow, so the colour is
//! never the only signal.

use regionwise_models::availability::{self, Availability, AvailabilityOutput, PatternRisk};
use regionwise_models::{format, Model, Pattern};

use crate::canvas::{text_width, Anchor, Canvas, LABEL, TICK, WIDTH};
use crate::cost::capitalise;
use crate::ink::Ink;
use crate::layout::{legend_item, x_grid, Swatch, Tick};
use crate::scale::{log_time_label, Axis, LOG_TIME_TICKS};
use crate::{Chart, ChartDef, Table};

const LEFT: f64 = 16.0;
const RIGHT: f64 = 612.0;
const LEGEND_Y: f64 = 14.0;
const BUDGET_LABEL_Y: f64 = 42.0;
const ROWS_TOP: f64 = 60.0;
const ROW_PITCH: f64 = 78.0;
const BAR_TOP: f64 = 22.0;
const BAR_HEIGHT: f64 = 24.0;
const FAILED_GAP: f64 = 4.0;
const FAILED_HEIGHT: f64 = 7.0;
const TICK_Y: f64 = 312.0;
const X_TITLE_Y: f64 = 340.0;

const WITHIN: Ink = Ink::Series(3);
const OVER: Ink = Ink::Series(2);

/// A pattern's row: its name, its figures, and whether it fails over.
struct Row<'a> {
    name: String,
    risk: &'a PatternRisk,
    fails_over: bool,
}

fn rows(out: &AvailabilityOutput) -> [Row<'_>; 3] {
    let row = |pattern: Pattern, risk, fails_over| Row {
        name: capitalise(pattern.short_name()),
        risk,
        fails_over,
    };
    [
        row(Pattern::SingleRegion, &out.single_region, false),
        row(Pattern::ActivePassive, &out.active_passive, true),
        row(Pattern::ActiveActive, &out.active_active, true),
    ]
}

pub(crate) static CHART: ChartDef = ChartDef {
    name: "availability",
    model: &availability::MODEL,
    draw: |inputs, id| Ok(draw(&Availability::run_map(inputs)?, id)),
};

fn draw(out: &AvailabilityOutput, id: &str) -> Chart {
    let title = format!(
        "One regional outage against a {} month's downtime budget",
        format::percent(out.inputs.sla)
    );
    let desc = describe(out);
    let mut canvas = Canvas::new();
    let (axis, ticks) = time_axis(out);
    let bottom = ROWS_TOP + 2.0 * ROW_PITCH + BAR_TOP + BAR_HEIGHT + FAILED_GAP + FAILED_HEIGHT;
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
        "downtime from one regional outage (log scale)",
        TICK,
        Anchor::Middle,
    );
    draw_legend(&mut canvas);
    let rows = rows(out);
    for (i, row) in rows.iter().enumerate() {
        draw_row(&mut canvas, &axis, i as f64, row, out.inputs.outage_minutes);
    }
    draw_budget(&mut canvas, &axis, out, &rows, bottom + 6.0);
    let table = table(out, &title);
    Chart::drawn(CHART.name, &canvas, id, title, desc, table)
}

/// Seconds on a log axis, from below the shortest bar and the budget to past
/// the outage.
fn time_axis(out: &AvailabilityOutput) -> (Axis, Vec<Tick>) {
    let shortest = rows(out)
        .iter()
        .map(|r| r.risk.per_outage_min * 60.0)
        .chain([out.allowed_min_month * 60.0])
        .filter(|s| *s > 0.0)
        .fold(f64::INFINITY, f64::min);
    let shortest = if shortest.is_finite() { shortest } else { 60.0 };
    let from = LOG_TIME_TICKS
        .into_iter()
        .rev()
        .find(|t| *t <= shortest / 2.0)
        .unwrap_or(1.0);
    let longest = (out.inputs.outage_minutes * 60.0)
        .max(out.allowed_min_month * 60.0)
        .max(from * 100.0);
    let to = LOG_TIME_TICKS
        .into_iter()
        .find(|t| *t >= longest * 1.2)
        .unwrap_or(longest * 1.2);
    let ticks = LOG_TIME_TICKS
        .into_iter()
        .filter(|t| *t >= from && *t <= to)
        .map(|t| (t, log_time_label(t)))
        .collect();
    (Axis::log(from, to, LEFT, RIGHT), ticks)
}

fn draw_legend(canvas: &mut Canvas) {
    let x = legend_item(
        canvas,
        LEFT,
        LEGEND_Y,
        Swatch::Square(WITHIN),
        "fits the month",
        TICK,
    );
    let x = legend_item(
        canvas,
        x + 16.0,
        LEGEND_Y,
        Swatch::Square(OVER),
        "breaches the month",
        TICK,
    );
    legend_item(
        canvas,
        x + 16.0,
        LEGEND_Y,
        Swatch::Line(OVER),
        "if failover fails",
        TICK,
    );
}

/// The texts of a row: its name, and what one outage costs it.
fn row_value(row: &Row) -> String {
    format!(
        "{} · {} breaching months/yr",
        format::minutes(row.risk.per_outage_min),
        format::rate(row.risk.breaching_months_year)
    )
}

fn label_y(row: f64) -> f64 {
    ROWS_TOP + row * ROW_PITCH + 10.0
}

fn draw_row(canvas: &mut Canvas, axis: &Axis, i: f64, row: &Row, outage_min: f64) {
    let top = ROWS_TOP + i * ROW_PITCH;
    canvas.text((LEFT, label_y(i)), row.name.clone(), LABEL, Anchor::Start);
    canvas.bold((RIGHT, label_y(i)), row_value(row), LABEL, Anchor::End);
    let fits = row.fails_over && row.risk.fits_month || row.risk.breach_share == 0.0;
    let ink = if fits { WITHIN } else { OVER };
    let bar_top = top + BAR_TOP;
    canvas.rect(
        (axis.px(0.0), bar_top),
        (
            axis.px(row.risk.per_outage_min * 60.0),
            bar_top + BAR_HEIGHT,
        ),
        ink,
    );
    if row.fails_over {
        let y = bar_top + BAR_HEIGHT + FAILED_GAP;
        canvas.rect(
            (axis.px(0.0), y),
            (axis.px(outage_min * 60.0), y + FAILED_HEIGHT),
            OVER,
        );
    }
}

/// The dashed budget line down across the bars, labelled above them and
/// kept inside the drawing; where it would cross a row's text it breaks.
fn draw_budget(
    canvas: &mut Canvas,
    axis: &Axis,
    out: &AvailabilityOutput,
    rows: &[Row],
    bottom: f64,
) {
    let x = axis.px(out.allowed_min_month * 60.0);
    let mut y = BUDGET_LABEL_Y + 11.0;
    for (i, row) in rows.iter().enumerate() {
        let name_end = LEFT + text_width(&row.name, LABEL, false) + 4.0;
        let value_start = RIGHT - text_width(&row_value(row), LABEL, true) - 4.0;
        if x <= name_end || x >= value_start {
            let text_y = label_y(i as f64);
            canvas.line([(x, y), (x, text_y - 11.0)], Ink::Marker, 2);
            y = text_y + 11.0;
        }
    }
    canvas.line([(x, y), (x, bottom)], Ink::Marker, 2);
    let label = format!(
        "a {} month allows {}",
        format::percent(out.inputs.sla),
        format::minutes(out.allowed_min_month)
    );
    let w = text_width(&label, TICK, false);
    let start = (x - w / 2.0).min(WIDTH - LEFT - w).max(LEFT);
    canvas.text((start, BUDGET_LABEL_Y), label, TICK, Anchor::Start);
}

fn describe(out: &AvailabilityOutput) -> String {
    let i = &out.inputs;
    let mut text = format!(
        "A {} SLA allows {} of downtime a month. A regional outage lasts {} and comes {} times \
         a year; failover is assumed to work {} of the time.",
        format::percent(i.sla),
        format::minutes(out.allowed_min_month),
        format::minutes(i.outage_minutes),
        format::rate(i.outages_per_year),
        format::share(i.failover_success),
    );
    for row in rows(out) {
        text.push_str(&format!(
            " {}: {} per outage when failover works, {} SLA-breaching months a year.",
            row.name,
            format::minutes(row.risk.per_outage_min),
            format::rate(row.risk.breaching_months_year),
        ));
    }
    text
}

fn table(out: &AvailabilityOutput, title: &str) -> Table {
    let mut rows_out = vec![vec![
        "Allowed per month".to_owned(),
        format::minutes(out.allowed_min_month),
        "—".to_owned(),
        "—".to_owned(),
        "—".to_owned(),
        format::minutes(out.allowed_min_year),
    ]];
    for row in rows(out) {
        let r = row.risk;
        rows_out.push(vec![
            row.name.clone(),
            format::minutes(r.per_outage_min),
            if r.breach_share == 0.0 || row.fails_over && r.fits_month {
                "yes"
            } else {
                "no"
            }
            .to_owned(),
            format::rate(r.breaching_months_year),
            format::share(r.breach_chance_year),
            format::minutes(r.downtime_min_year),
        ]);
    }
    Table {
        caption: title.to_owned(),
        headers: [
            "Pattern",
            "Down per outage, failover working",
            "Fits the month",
            "Breaching months a year",
            "Chance of one in a year",
            "Expected downtime a year",
        ]
        .map(str::to_owned)
        .to_vec(),
        rows: rows_out,
    }
}
