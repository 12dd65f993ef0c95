//! Break-even: each DR rung's net value a year against what an hour of
//! regional outage costs.
//!
//! The outage cost runs on a log axis (a hundred dollars an hour to
//! millions), so every rung's line climbs from its added cost, at the left,
//! through zero at its break-even (a dot) and on into profit. The reader's
//! own outage cost is a dashed line: where each rung's line crosses it is
//! that rung's net value for them. Lines keep their ladder colour on every
//! chart, and the legend names each break-even, so colour is never the only
//! key.

use regionwise_models::breakeven::{self, Breakeven, BreakevenOutput, RungValue, RUNGS};
use regionwise_models::{format, Model, Strategy};

use crate::canvas::{text_width, Anchor, Canvas, Variant};
use crate::ink::Ink;
use crate::layout::{legend_flow, legend_item, Plot, Swatch, Tick};
use crate::scale::{compact_number, nice_ticks, Axis};
use crate::{Chart, ChartDef, Table};

const LEGEND_X: [f64; 2] = [16.0, 330.0];
const LEGEND_Y: [f64; 2] = [14.0, 37.0];

/// Where the plot sits wide, under a two-column legend; narrow, it sits
/// under a legend of one entry a row and the y axis's name.
const WIDE: Plot = Plot {
    left: 88.0,
    right: 596.0,
    top: 82.0,
    bottom: 296.0,
    wide: true,
};
/// Points per line: the lines are straight in the cost, curved on its log.
const SAMPLES: usize = 64;

pub(crate) static CHART: ChartDef = ChartDef {
    name: "breakeven",
    model: &breakeven::MODEL,
    draw: |inputs, id| Ok(draw(&Breakeven::run_map(inputs)?, id)),
};

/// The rungs with their values and colours, in ladder order.
fn lines(out: &BreakevenOutput) -> Vec<(Strategy, &RungValue, Ink)> {
    RUNGS
        .iter()
        .enumerate()
        .filter_map(|(i, s)| Some((*s, out.rung(*s)?, Ink::Series(i as u8 + 1))))
        .collect()
}

fn draw(out: &BreakevenOutput, id: &str) -> Chart {
    let title = "Net value a year of each DR rung against the cost of an hour of outage".to_owned();
    let desc = describe(out);
    let table = table(out, &title);
    Chart::drawn(CHART.name, |v| paint(out, v), id, title, desc, table)
}

fn paint(out: &BreakevenOutput, variant: Variant) -> Canvas {
    let penalty = out.inputs.penalty_per_breach;
    let mut canvas = Canvas::for_variant(variant);
    let size = canvas.frame().tick;
    let labels: Vec<(Swatch, String)> = lines(out)
        .into_iter()
        .map(|(s, v, ink)| {
            (
                Swatch::Line(ink),
                format!("{}: {}", s.label(), break_even_text(v)),
            )
        })
        .collect();
    let plot = match variant {
        Variant::Wide => {
            for (i, (swatch, label)) in labels.iter().enumerate() {
                legend_item(
                    &mut canvas,
                    LEGEND_X[i % 2],
                    LEGEND_Y[i / 2],
                    *swatch,
                    label,
                    size,
                );
            }
            WIDE
        }
        Variant::Narrow => {
            let right = canvas.frame().width - 12.0;
            let pitch = f64::from(size) + 7.0;
            let mut y = 14.0 - pitch;
            for (swatch, label) in &labels {
                y = legend_flow(
                    &mut canvas,
                    &[(*swatch, label.as_str())],
                    (12.0, y + pitch),
                    right,
                    0.0,
                );
            }
            Plot::narrow(canvas.frame().width, 72.0, y + 62.0, 200.0)
        }
    };
    let x = cost_axis(out, &plot);
    let (y, y_ticks) = net_axis(out, &x, &plot);
    draw_axes(&mut canvas, &x, &y, &y_ticks, &plot);
    for (_, v, ink) in lines(out).into_iter().rev() {
        let points = log_points(x.min(), x.max())
            .map(|c| (x.px(c), y.px(v.net_at(c, penalty))))
            .collect::<Vec<_>>();
        canvas.line(points, ink, 3);
        if let Some(be) = v
            .break_even_per_hour
            .filter(|b| *b >= x.min() && *b <= x.max())
        {
            canvas.dot((x.px(be), y.px(0.0)), 5, ink);
        }
    }
    mark_reader(&mut canvas, &x, out.inputs.outage_cost_per_hour, &plot);
    if !plot.wide {
        canvas.set_height(plot.bottom + 64.0);
    }
    canvas
}

/// "from $8.4k/h", "always", "never".
fn break_even_text(v: &RungValue) -> String {
    match v.break_even_per_hour {
        Some(0.0) => "pays at any cost".to_owned(),
        Some(be) => format!("pays above {}/h", dollars(two_digits(be))),
        None => "never pays".to_owned(),
    }
}

/// `value` to two significant digits (8,384 → 8,400), for the legend.
fn two_digits(value: f64) -> f64 {
    if value <= 0.0 || !value.is_finite() {
        return value;
    }
    let magnitude = libm::pow(10.0, libm::floor(libm::log10(value)) - 1.0);
    libm::round(value / magnitude) * magnitude
}

/// "$8.38k", "-$44.4k".
fn dollars(value: f64) -> String {
    let sign = if value < 0.0 { "-" } else { "" };
    format!("{sign}${}", compact_number(value.abs()))
}

/// From half the lowest break-even to twice the highest, the
/// reader's own cost always inside, snapped to 1, 2 or 5 × 10ⁿ dollars.
fn cost_axis(out: &BreakevenOutput, plot: &Plot) -> Axis {
    let positive: Vec<f64> = lines(out)
        .iter()
        .filter_map(|(_, v, _)| v.break_even_per_hour)
        .filter(|b| *b > 0.0)
        .collect();
    let (mut lo, mut hi) = if positive.is_empty() {
        (1_000.0, 1_000_000.0)
    } else {
        let min = positive.iter().copied().fold(f64::INFINITY, f64::min);
        let max = positive.iter().copied().fold(0.0, f64::max);
        (min / 2.0, max * 2.0)
    };
    let reader = out.inputs.outage_cost_per_hour;
    if reader > 0.0 {
        lo = lo.min(reader / 2.0);
        hi = hi.max(reader * 2.0);
    }
    let lo = nice_log(lo.max(10.0), false);
    let hi = nice_log(hi.min(1e9).max(lo * 10.0), true);
    Axis::log(lo, hi, plot.left, plot.right)
}

/// The nearest 1, 2 or 5 × 10ⁿ below (or above) `value`.
fn nice_log(value: f64, up: bool) -> f64 {
    let magnitude = libm::pow(10.0, libm::floor(libm::log10(value)));
    let steps = [1.0, 2.0, 5.0, 10.0];
    if up {
        steps
            .into_iter()
            .map(|s| s * magnitude)
            .find(|v| *v >= value * (1.0 - 1e-12))
            .unwrap_or(10.0 * magnitude)
    } else {
        steps
            .into_iter()
            .rev()
            .map(|s| s * magnitude)
            .find(|v| *v <= value * (1.0 + 1e-12))
            .unwrap_or(magnitude)
    }
}

/// `SAMPLES` costs evenly spaced in log between `from` and `to`.
fn log_points(from: f64, to: f64) -> impl Iterator<Item = f64> {
    let ratio = to / from;
    let last = (SAMPLES - 1) as f64;
    (0..SAMPLES).map(move |i| from * libm::pow(ratio, i as f64 / last))
}

/// Net value from the lowest to the highest any line reaches on the cost
/// axis, zero always inside, at round steps.
fn net_axis(out: &BreakevenOutput, x: &Axis, plot: &Plot) -> (Axis, Vec<Tick>) {
    let penalty = out.inputs.penalty_per_breach;
    let (mut low, mut high) = (0.0f64, 0.0f64);
    for (_, v, _) in lines(out) {
        for c in [x.min(), x.max()] {
            let n = v.net_at(c, penalty);
            low = low.min(n);
            high = high.max(n);
        }
    }
    let (_, probe) = nice_ticks((high - low).max(1.0), 5);
    let step = probe.get(1).copied().unwrap_or(1.0);
    let bottom = libm::floor(low / step - 1e-9) * step;
    let top = libm::ceil(high / step - 1e-9).max(bottom / step + 1.0) * step;
    let count = libm::round((top - bottom) / step) as i64;
    let ticks = (0..=count)
        .map(|k| {
            let v = bottom + k as f64 * step;
            let v = if v.abs() < step * 1e-9 { 0.0 } else { v };
            (v, dollars(v))
        })
        .collect();
    (Axis::linear(bottom, top, plot.bottom, plot.top), ticks)
}

fn draw_axes(canvas: &mut Canvas, x: &Axis, y: &Axis, y_ticks: &[Tick], plot: &Plot) {
    let size = canvas.frame().tick;
    let mut x_ticks = Vec::new();
    let mut decade = libm::pow(10.0, libm::floor(libm::log10(x.min())));
    while decade <= x.max() {
        for m in [1.0, 2.0, 5.0] {
            let v = decade * m;
            if v >= x.min() * (1.0 - 1e-9) && v <= x.max() * (1.0 + 1e-9) {
                x_ticks.push((v, dollars(v)));
            }
        }
        decade *= 10.0;
    }
    let x_title = if plot.wide {
        "what an hour of regional outage costs (log scale)"
    } else {
        "outage cost per hour (log scale)"
    };
    plot.axes(canvas, (x, &x_ticks), (y, y_ticks), y.px(0.0), x_title);
    if plot.wide {
        canvas.vertical_text(
            (16.0, (plot.top + plot.bottom) / 2.0),
            "net value a year",
            size,
        );
    } else {
        // No room beside the tick labels: the axis is named above them.
        canvas.text(
            (8.0, plot.top - 38.0),
            "net value a year",
            size,
            Anchor::Start,
        );
    }
}

/// The reader's outage cost: a dashed line labelled above the plot.
fn mark_reader(canvas: &mut Canvas, x: &Axis, cost: f64, plot: &Plot) {
    if cost <= 0.0 {
        return;
    }
    let frame = canvas.frame();
    let at = x.px(cost);
    canvas.line([(at, plot.top - 4.0), (at, plot.bottom)], Ink::Marker, 2);
    let label = format!("your {}/h", dollars(cost));
    let w = text_width(&label, frame.tick, false);
    // min then max, not clamp: clamp panics when the label is wider than the room.
    let start = (at - w / 2.0).min(frame.width - 24.0 - w).max(plot.left);
    canvas.text((start, plot.top - 16.0), label, frame.tick, Anchor::Start);
}

fn describe(out: &BreakevenOutput) -> String {
    let i = &out.inputs;
    let mut text = format!(
        "Net value a year of each rung of the DR ladder against what an hour of regional outage \
         costs, on a log scale; each line crosses zero at its break-even. With {} regional \
         outages a year of {} each, a single region expects {} of downtime a year.",
        format::rate(i.outages_per_year),
        format::minutes(i.outage_minutes),
        format::duration(out.single_region_hours_year * 3_600.0),
    );
    for (s, v, _) in lines(out) {
        let be = match v.break_even_per_hour {
            Some(be) => format!(
                "pays for itself above {} an hour",
                breakeven::round_money(be)
            ),
            None => "never pays for itself".to_owned(),
        };
        text.push_str(&format!(
            " {} costs {} a year more, avoids {} of downtime and {be}.",
            s.label(),
            format::money(v.added_cost_year),
            format::duration(v.hours_avoided_year * 3_600.0),
        ));
    }
    text.push_str(&format!(
        " Best at {} an hour: {}.",
        format::money(i.outage_cost_per_hour),
        out.best
    ));
    text
}

fn table(out: &BreakevenOutput, title: &str) -> Table {
    let rows = lines(out)
        .into_iter()
        .map(|(s, v, _)| {
            vec![
                s.label().to_owned(),
                format::money(v.added_cost_year),
                format::duration(v.hours_avoided_year * 3_600.0),
                v.break_even_per_hour
                    .map_or("never".to_owned(), |be| format!("{}/h", format::money(be))),
                format::money(v.net_year),
            ]
        })
        .collect();
    Table {
        caption: format!(
            "{title}, at {} an hour",
            format::money(out.inputs.outage_cost_per_hour)
        ),
        headers: [
            "Rung",
            "Added cost a year",
            "Downtime avoided a year",
            "Break-even outage cost",
            "Net at your outage cost",
        ]
        .map(str::to_owned)
        .to_vec(),
        rows,
    }
}
