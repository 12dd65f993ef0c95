//! Failover: share of traffic served against time since the region failed.
//!
//! The time axis is logarithmic: recovery happens in minutes but DNS's
//! stragglers (clients that ignore the TTL) take hours, and on a linear axis
//! one of the two is always a smear. The RTO of the first series is marked,
//! and the share still failing at the RTO is written under the tail.

use regionwise_models::rto::{self, Routing, Rto, RtoInputs, RtoOutput};
use regionwise_models::{format, Model, ModelError, Strategy};

use crate::canvas::{text_width, Anchor, Canvas, Variant, WIDTH};
use crate::ink::Ink;
use crate::layout::{legend_flow, lower_first, Plot, Swatch, Tick};
use crate::scale::{log_time_label, Axis, LOG_TIME_TICKS};
use crate::{Chart, ChartDef, Table};

const LEGEND_X: f64 = 16.0;
const LEGEND_Y: f64 = 14.0;

/// Where the plot sits in a frame, once the legend is drawn above it.
fn place(canvas: &Canvas, legend_bottom: f64) -> Plot {
    let width = canvas.frame().width;
    let top = legend_bottom + 29.0;
    if width < WIDTH {
        Plot::narrow(width, 60.0, top, 200.0)
    } else {
        Plot {
            left: 72.0,
            right: width - 24.0,
            top,
            bottom: top + 230.0,
            wide: true,
        }
    }
}

pub(crate) static CHART: ChartDef = ChartDef {
    name: "failover",
    model: &rto::MODEL,
    draw: |inputs, id| draw_for_inputs(&Rto::run_map(inputs)?, id),
};

/// One line of the failover chart: a label and the RTO model's output.
#[derive(Debug, Clone, PartialEq)]
struct FailoverSeries {
    /// What the line is ("Warm standby, DNS").
    label: String,
    out: RtoOutput,
}

/// The given inputs against the same steps under the other routing, which
/// isolates what DNS's TTLs cost.
fn draw_for_inputs(main: &RtoOutput, id: &str) -> Result<Chart, ModelError> {
    let flipped = RtoInputs {
        routing: other_routing(main.inputs.routing),
        ..main.inputs.clone()
    };
    let comparison = rto::run(&flipped)?;
    let series = [
        FailoverSeries {
            label: series_label(&main.inputs, "These inputs"),
            out: main.clone(),
        },
        FailoverSeries {
            label: series_label(&flipped, "Same steps"),
            out: comparison,
        },
    ];
    Ok(draw(&series, id))
}

fn other_routing(routing: Routing) -> Routing {
    match routing {
        Routing::Dns => Routing::Anycast,
        Routing::Anycast => Routing::Dns,
    }
}

/// Each routing keeps its colour on every chart (DNS blue, anycast orange),
/// whichever series comes first.
fn routing_ink(routing: Routing) -> Ink {
    match routing {
        Routing::Dns => Ink::Series(1),
        Routing::Anycast => Ink::Series(2),
    }
}

/// "DNS" or "anycast", for the middle of a label.
fn routing_name(routing: Routing) -> &'static str {
    match routing {
        Routing::Dns => "DNS",
        Routing::Anycast => "anycast",
    }
}

/// "Warm standby, DNS" when the inputs are exactly a DR strategy's preset,
/// else "{fallback}, DNS".
fn series_label(inputs: &RtoInputs, fallback: &str) -> String {
    let name = Strategy::ALL
        .into_iter()
        .find(|s| s.rto_inputs() == *inputs)
        .map_or(fallback, |s| s.label());
    format!("{name}, {}", routing_name(inputs.routing))
}

fn draw(series: &[FailoverSeries], id: &str) -> Chart {
    let title = title(series);
    let desc = describe(series);
    let table = table(series, &title);
    Chart::drawn(CHART.name, |v| paint(series, v), id, title, desc, table)
}

fn paint(series: &[FailoverSeries], variant: Variant) -> Canvas {
    let mut canvas = Canvas::for_variant(variant);
    let labels: Vec<(Swatch, String)> = series
        .iter()
        .take(2)
        .map(|s| {
            (
                Swatch::Line(routing_ink(s.out.inputs.routing)),
                legend_label(s),
            )
        })
        .collect();
    let entries: Vec<(Swatch, &str)> = labels.iter().map(|(w, l)| (*w, l.as_str())).collect();
    // One entry a row: each is a sentence.
    let pitch = f64::from(canvas.frame().tick) + 7.0;
    let right = canvas.frame().width - LEGEND_X;
    let mut y = LEGEND_Y - pitch;
    for entry in &entries {
        y = legend_flow(&mut canvas, &[*entry], (LEGEND_X, y + pitch), right, 0.0);
    }
    let plot = place(&canvas, y);
    let x = time_axis(series, &plot);
    let yaxis = Axis::linear(0.0, 1.0, plot.bottom, plot.top);
    draw_axes(&mut canvas, &x, &yaxis, &plot);
    for s in series.iter().take(2).rev() {
        draw_curve(
            &mut canvas,
            &x,
            &yaxis,
            &s.out,
            routing_ink(s.out.inputs.routing),
        );
    }
    if let Some(main) = series.first() {
        mark_rto(&mut canvas, &x, &yaxis, &main.out, &plot);
    }
    if variant == Variant::Narrow {
        canvas.set_height(plot.bottom + 64.0);
    }
    canvas
}

/// From a little before the earliest switch (nothing happens before it but
/// the wait, which the axis still shows) to past the last client's return.
fn time_axis(series: &[FailoverSeries], plot: &Plot) -> Axis {
    let first_switch = series
        .iter()
        .map(|s| s.out.switch_s)
        .fold(f64::INFINITY, f64::min);
    let first_switch = if first_switch.is_finite() {
        first_switch
    } else {
        60.0
    };
    let wanted = first_switch / 3.0;
    let from = LOG_TIME_TICKS
        .into_iter()
        .rev()
        .find(|t| *t <= wanted)
        .unwrap_or_else(|| wanted.max(0.1));
    let last = series.iter().map(|s| s.out.t100_s).fold(0.0, f64::max);
    let rto = series.first().map_or(0.0, |s| s.out.rto_s);
    let to = (last * 1.3).max(rto * 3.0).max(from * 30.0);
    Axis::log(from, to, plot.left, plot.right)
}

fn draw_axes(canvas: &mut Canvas, x: &Axis, y: &Axis, plot: &Plot) {
    let size = canvas.frame().tick;
    let from = x.min();
    let x_ticks: Vec<Tick> = LOG_TIME_TICKS
        .into_iter()
        .filter(|t| *t >= from && *t <= x.max())
        .map(|t| (t, log_time_label(t)))
        .collect();
    let y_ticks: Vec<Tick> = [0.0, 0.25, 0.5, 0.75, 1.0]
        .into_iter()
        .map(|s| (s, format::share(s)))
        .collect();
    let long = "time since the region failed (log scale)";
    let title = if text_width(long, size, false) < plot.right - plot.left {
        long
    } else {
        "time since the failure (log scale)"
    };
    plot.axes(canvas, (x, &x_ticks), (y, &y_ticks), plot.bottom, title);
    // Narrow, the percentages of the y axis need the margin, and the
    // caption says what they are.
    if plot.wide {
        canvas.vertical_text(
            (f64::from(size), (plot.top + plot.bottom) / 2.0),
            "traffic served",
            size,
        );
    }
}

fn draw_curve(canvas: &mut Canvas, x: &Axis, y: &Axis, out: &RtoOutput, ink: Ink) {
    let mut points: Vec<(f64, f64)> = out
        .curve
        .iter()
        .map(|p| (x.px(p.t_s), y.px(p.share)))
        .collect();
    let last_share = out.curve.last().map_or(0.0, |p| p.share);
    points.push((x.end_px(), y.px(last_share)));
    canvas.line(points, ink, 3);
}

/// The RTO as a dashed line labelled above the plot; where DNS leaves a
/// tail, the share still failing at the RTO under it and a dot where the
/// last client returns.
fn mark_rto(canvas: &mut Canvas, x: &Axis, y: &Axis, out: &RtoOutput, plot: &Plot) {
    let size = canvas.frame().tick;
    let at = x.px(out.rto_s);
    canvas.line([(at, plot.top - 2.0), (at, plot.bottom)], Ink::Marker, 2);
    canvas.text((at, plot.top - 14.0), "RTO", size, Anchor::Middle);
    let served = rto::share_served(&out.inputs, out.rto_s);
    let missing = 1.0 - served;
    if out.t100_s > out.rto_s {
        canvas.dot(
            (x.px(out.t100_s), y.px(1.0)),
            5,
            routing_ink(out.inputs.routing),
        );
    }
    if missing < 0.005 || served < 0.4 {
        return;
    }
    let note = format!("{} still failing at the RTO", format::share(missing));
    let note_right = plot.right - 8.0;
    if at + 8.0 < note_right - text_width(&note, size, false) {
        canvas.text((note_right, y.px(served) + 22.0), note, size, Anchor::End);
    }
}

fn legend_label(s: &FailoverSeries) -> String {
    let o = &s.out;
    if o.t100_s - o.rto_s < 0.5 {
        format!(
            "{}: all traffic back after {}",
            s.label,
            format::duration(o.t100_s)
        )
    } else {
        format!(
            "{}: RTO {}, all back after {}",
            s.label,
            format::duration(o.rto_s),
            format::duration(o.t100_s)
        )
    }
}

fn title(series: &[FailoverSeries]) -> String {
    let labels: Vec<String> = series.iter().map(|s| lower_first(&s.label)).collect();
    if labels.is_empty() {
        "Traffic served after a regional failure".to_owned()
    } else {
        format!(
            "Traffic served after a regional failure: {}",
            labels.join(" vs ")
        )
    }
}

fn describe(series: &[FailoverSeries]) -> String {
    let mut text =
        "Share of traffic served against time since the region failed, on a log time scale."
            .to_owned();
    for s in series {
        let o = &s.out;
        let wait = format::duration(o.switch_s);
        if o.t100_s - o.switch_s < 0.5 {
            text.push_str(&format!(
                " {}: nothing is served for {wait}, then all traffic returns at once.",
                s.label
            ));
        } else {
            text.push_str(&format!(
                " {}: nothing is served for {wait}; the RTO is {}; 95 % is back after {}, 99 % after {}, all after {}.",
                s.label,
                format::duration(o.rto_s),
                format::duration(o.t95_s),
                format::duration(o.t99_s),
                format::duration(o.t100_s),
            ));
        }
    }
    text
}

/// A row of the table: its name and the figure it reads from an output.
type Milestone = (&'static str, fn(&RtoOutput) -> f64);

fn table(series: &[FailoverSeries], title: &str) -> Table {
    let mut headers = vec!["Milestone".to_owned()];
    headers.extend(series.iter().map(|s| s.label.clone()));
    let milestones: [Milestone; 6] = [
        ("Traffic starts to move", |o| o.switch_s),
        ("RTO", |o| o.rto_s),
        ("RTO with scripted promotion", |o| o.rto_automatic_s),
        ("95 % served", |o| o.t95_s),
        ("99 % served", |o| o.t99_s),
        ("100 % served", |o| o.t100_s),
    ];
    let rows = milestones
        .into_iter()
        .map(|(name, pick)| {
            let mut row = vec![name.to_owned()];
            row.extend(series.iter().map(|s| format::duration(pick(&s.out))));
            row
        })
        .collect();
    Table {
        caption: title.to_owned(),
        headers,
        rows,
    }
}
