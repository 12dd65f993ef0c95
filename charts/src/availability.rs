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

use crate::canvas::{text_width, Anchor, Canvas, Variant, WIDTH};
use crate::ink::Ink;
use crate::layout::{capitalise, legend_flow, x_grid, Swatch, Tick};
use crate::scale::{log_time_label, Axis, LOG_TIME_TICKS};
use crate::{Chart, ChartDef, Table};

const LEGEND_Y: f64 = 14.0;
/// From one row's top to the next, when its figures fit beside its name.
const ROW_PITCH: f64 = 78.0;
const BAR_TOP: f64 = 22.0;
const BAR_HEIGHT: f64 = 24.0;
const FAILED_GAP: f64 = 4.0;
const FAILED_HEIGHT: f64 = 7.0;

/// Where a row's texts and bar go.
struct Place {
    label_y: f64,
    /// The figures, right-aligned: on the name's line when they fit beside
    /// it, else under it, split at " · " where one line is too narrow.
    values: Vec<(String, f64)>,
    bar_top: f64,
}

/// Lays out a row from `top`: its place and the height it takes.
fn place(row: &Row, top: f64, (left, right): (f64, f64), size: u32) -> (Place, f64) {
    let line = f64::from(size) + 6.0;
    let room = right - left - text_width(&row.name, size, false) - 12.0;
    let whole = row_value(row);
    let parts: Vec<String> = if text_width(&whole, size, true) <= right - left {
        vec![whole]
    } else {
        row_value_parts(row).to_vec()
    };
    let mut y = top + 10.0;
    let mut values = Vec::new();
    for (i, part) in parts.into_iter().enumerate() {
        if i > 0 || text_width(&part, size, true) > room {
            y += line;
        }
        values.push((part, y));
    }
    let extra = y - (top + 10.0);
    let place = Place {
        label_y: top + 10.0,
        values,
        bar_top: top + BAR_TOP + extra,
    };
    (place, ROW_PITCH + extra)
}

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
    let table = table(out, &title);
    Chart::drawn(CHART.name, |v| paint(out, v), id, title, desc, table)
}

fn paint(out: &AvailabilityOutput, variant: Variant) -> Canvas {
    let mut canvas = Canvas::for_variant(variant);
    let frame = canvas.frame();
    let (left, right) = if frame.width < WIDTH {
        (8.0, frame.width - 20.0)
    } else {
        (16.0, frame.width - 28.0)
    };
    let legend_bottom = draw_legend(&mut canvas, left, right);
    let budget_label_y = legend_bottom + 28.0;
    let rows = rows(out);
    let mut top = budget_label_y + 18.0;
    let mut places = Vec::new();
    for row in &rows {
        let (place, height) = place(row, top, (left, right), frame.label);
        places.push(place);
        top += height;
    }
    let (axis, ticks) = time_axis(out, left, right);
    let first = places.first().map_or(top, |p| p.bar_top);
    let bottom = places.last().map_or(top, |p| p.bar_top) + BAR_HEIGHT + FAILED_GAP + FAILED_HEIGHT;
    x_grid(
        &mut canvas,
        &axis,
        &ticks,
        first - 6.0,
        bottom + 6.0,
        bottom + 39.0,
    );
    let long = "downtime from one regional outage (log scale)";
    let x_title = if text_width(long, frame.tick, false) < right - left {
        long
    } else {
        "downtime of one outage (log scale)"
    };
    canvas.text(
        ((left + right) / 2.0, bottom + 67.0),
        x_title,
        frame.tick,
        Anchor::Middle,
    );
    for (row, place) in rows.iter().zip(&places) {
        draw_row(
            &mut canvas,
            &axis,
            (left, right),
            row,
            place,
            out.inputs.outage_minutes,
        );
    }
    let budget = Budget {
        label_y: budget_label_y,
        bottom: bottom + 6.0,
        left,
    };
    draw_budget(&mut canvas, &axis, out, &rows, &places, &budget, right);
    if variant == Variant::Narrow {
        canvas.set_height(bottom + 87.0);
    }
    canvas
}

/// Seconds on a log axis, from below the shortest bar and the budget to past
/// the outage.
fn time_axis(out: &AvailabilityOutput, left: f64, right: f64) -> (Axis, Vec<Tick>) {
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
    (Axis::log(from, to, left, right), ticks)
}

/// The key, wrapped to the frame; returns its last row's y.
fn draw_legend(canvas: &mut Canvas, left: f64, right: f64) -> f64 {
    let entries = [
        (Swatch::Square(WITHIN), "fits the month"),
        (Swatch::Square(OVER), "breaches the month"),
        (Swatch::Line(OVER), "if failover fails"),
    ];
    legend_flow(canvas, &entries, (left, LEGEND_Y), right, 16.0)
}

/// What one outage costs a row, in a line.
fn row_value(row: &Row) -> String {
    row_value_parts(row).join(" · ")
}

/// What one outage costs a row: its downtime, the breaching months a year.
fn row_value_parts(row: &Row) -> [String; 2] {
    [
        format::minutes(row.risk.per_outage_min),
        format!(
            "{} breaching months/yr",
            format::rate(row.risk.breaching_months_year)
        ),
    ]
}

fn draw_row(
    canvas: &mut Canvas,
    axis: &Axis,
    (left, right): (f64, f64),
    row: &Row,
    place: &Place,
    outage_min: f64,
) {
    let size = canvas.frame().label;
    canvas.text((left, place.label_y), row.name.clone(), size, Anchor::Start);
    for (text, y) in &place.values {
        canvas.bold((right, *y), text.as_str(), size, Anchor::End);
    }
    let fits = row.fails_over && row.risk.fits_month || row.risk.breach_share == 0.0;
    let ink = if fits { WITHIN } else { OVER };
    let bar_top = place.bar_top;
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

/// Where the budget's line and label go.
struct Budget {
    label_y: f64,
    bottom: f64,
    left: f64,
}

/// The dashed budget line down across the bars, labelled above them and
/// kept inside the drawing; where it would cross a row's text it breaks.
fn draw_budget(
    canvas: &mut Canvas,
    axis: &Axis,
    out: &AvailabilityOutput,
    rows: &[Row],
    places: &[Place],
    budget: &Budget,
    right: f64,
) {
    let frame = canvas.frame();
    let x = axis.px(out.allowed_min_month * 60.0);
    let mut y = budget.label_y + 11.0;
    for (row, place) in rows.iter().zip(places) {
        let name_end = budget.left + text_width(&row.name, frame.label, false) + 4.0;
        let mut lines = vec![(place.label_y, x <= name_end)];
        for (text, y) in &place.values {
            let start = right - text_width(text, frame.label, true) - 4.0;
            lines.push((*y, x >= start));
        }
        for (text_y, crossed) in lines {
            if crossed && text_y - 11.0 > y {
                canvas.line([(x, y), (x, text_y - 11.0)], Ink::Marker, 2);
                y = text_y + 11.0;
            } else if crossed {
                y = y.max(text_y + 11.0);
            }
        }
    }
    canvas.line([(x, y), (x, budget.bottom)], Ink::Marker, 2);
    let label = format!(
        "a {} month allows {}",
        format::percent(out.inputs.sla),
        format::minutes(out.allowed_min_month)
    );
    let w = text_width(&label, frame.tick, false);
    let start = (x - w / 2.0)
        .min(frame.width - budget.left - w)
        .max(budget.left);
    canvas.text((start, budget.label_y), label, frame.tick, Anchor::Start);
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
