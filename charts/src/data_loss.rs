//! Data loss: writes lost against the replication lag at the moment of
//! failure, with the typical lag, the incident lag and the RPO budget marked.
//!
//! Lost writes grow in a straight line from the origin, so the triangle above
//! the line is always empty: the key sits there, and the y axis gets enough
//! headroom that the line never reaches it.

use regionwise_models::rpo::{self, Rpo, RpoMode, RpoOutput};
use regionwise_models::{format, Model};

use crate::canvas::{Anchor, Canvas, Variant};
use crate::ink::Ink;
use crate::layout::{legend_flow, legend_item, legend_width, Plot, Swatch, Tick};
use crate::scale::{compact_number, nice_ticks, time_label, time_ticks, time_unit, Axis};
use crate::{Chart, ChartDef, Table};

const KEY_INSET: f64 = 14.0;

/// Where the plot sits wide: the key sits in the plot's empty top-left
/// corner (narrow, it has no room there and goes above the plot).
const WIDE: Plot = Plot {
    left: 72.0,
    right: 616.0,
    top: 20.0,
    bottom: 296.0,
    wide: true,
};

/// One entry of the key.
struct KeyEntry {
    swatch: Swatch,
    text: String,
}

pub(crate) static CHART: ChartDef = ChartDef {
    name: "data_loss",
    model: &rpo::MODEL,
    draw: |inputs, id| Ok(draw(&Rpo::run_map(inputs)?, id)),
};

fn draw(out: &RpoOutput, id: &str) -> Chart {
    let title = "Writes lost against replication lag".to_owned();
    let desc = describe(out);
    let table = table(out, &title);
    Chart::drawn(CHART.name, |v| paint(out, v), id, title, desc, table)
}

fn paint(out: &RpoOutput, variant: Variant) -> Canvas {
    let key = key(out);
    let mut canvas = Canvas::for_variant(variant);
    let size = canvas.frame().tick;
    let plot = match variant {
        Variant::Wide => WIDE,
        Variant::Narrow => {
            let entries: Vec<(Swatch, &str)> =
                key.iter().map(|e| (e.swatch, e.text.as_str())).collect();
            let right = canvas.frame().width - 12.0;
            let pitch = f64::from(size) + 7.0;
            let mut y = 14.0 - pitch;
            for entry in entries {
                y = legend_flow(&mut canvas, &[entry], (12.0, y + pitch), right, 0.0);
            }
            // The key's last row is at `y`.
            Plot::narrow(canvas.frame().width, 60.0, y + 44.0, 200.0)
        }
    };
    let (x, x_ticks) = lag_axis(out, &plot);
    let (y, y_ticks) = writes_axis(out, &x, &key, &plot, size);
    let x_title = if plot.wide {
        "replication lag when the region fails"
    } else {
        "lag when the region fails"
    };
    let (xs, ys) = ((&x, x_ticks.as_slice()), (&y, y_ticks.as_slice()));
    plot.axes(&mut canvas, xs, ys, plot.bottom, x_title);
    if plot.wide {
        canvas.vertical_text(
            (f64::from(size), (plot.top + plot.bottom) / 2.0),
            "writes lost",
            size,
        );
    } else {
        // No room beside the tick labels: the axis is named above them.
        canvas.text((8.0, plot.top - 16.0), "writes lost", size, Anchor::Start);
    }
    draw_marks(&mut canvas, out, &x, &y, &key, &plot, size);
    if plot.wide {
        for (i, entry) in key.iter().enumerate() {
            let row_y = plot.top + KEY_INSET + 6.0 + i as f64 * key_pitch(size);
            legend_item(
                &mut canvas,
                plot.left + KEY_INSET,
                row_y,
                entry.swatch,
                &entry.text,
                size,
            );
        }
    } else {
        canvas.set_height(plot.bottom + 64.0);
    }
    canvas
}

fn key_pitch(size: u32) -> f64 {
    f64::from(size) + 7.0
}

/// Writes lost with this lag: none when replication is synchronous.
fn lost(out: &RpoOutput, lag_s: f64) -> f64 {
    match out.inputs.mode {
        RpoMode::Sync => 0.0,
        RpoMode::Async | RpoMode::Backup => out.inputs.writes_per_s * lag_s,
    }
}

fn budget_shown(out: &RpoOutput) -> bool {
    out.inputs.rpo_budget_s > 0.0
}

/// Up to a little past the largest lag of interest; with synchronous
/// replication the lags still set the axis, so it reads like the async one.
fn lag_axis(out: &RpoOutput, plot: &Plot) -> (Axis, Vec<Tick>) {
    let i = &out.inputs;
    let mut largest = out
        .rpo_typical_s
        .max(out.rpo_incident_s)
        .max(i.rpo_budget_s);
    if i.mode == RpoMode::Sync {
        largest = largest.max(i.typical_lag_s).max(i.incident_lag_s);
    }
    let (top, values) = time_ticks(largest * 1.15, 5);
    let unit = time_unit(values.get(1).copied().unwrap_or(top));
    let ticks = values
        .into_iter()
        .map(|v| (v, time_label(v, unit)))
        .collect();
    (Axis::linear(0.0, top, plot.left, plot.right), ticks)
}

/// The key's box in the plot's top-left corner: its right edge and bottom
/// (an empty box at the corner when the key is above the plot).
fn key_box(key: &[KeyEntry], plot: &Plot, size: u32) -> (f64, f64) {
    if !plot.wide {
        return (plot.left, plot.top);
    }
    let widest = key
        .iter()
        .map(|e| legend_width(&e.text, size))
        .fold(0.0, f64::max);
    (
        plot.left + widest + 2.0 * KEY_INSET,
        plot.top + key.len() as f64 * key_pitch(size) + 2.0 * KEY_INSET,
    )
}

/// Tall enough that the line stays under the key in the top-left corner.
fn writes_axis(
    out: &RpoOutput,
    x: &Axis,
    key: &[KeyEntry],
    plot: &Plot,
    size: u32,
) -> (Axis, Vec<Tick>) {
    let (key_right, key_bottom) = key_box(key, plot, size);
    let w = (key_right - plot.left) / (plot.right - plot.left);
    let h = (key_bottom - plot.top) / (plot.bottom - plot.top);
    // The line reaches height k·f at the fraction f of the width; keep it
    // below the key's bottom at the key's right edge.
    let slope_allowed = ((0.95 - h) / w.max(0.01)).clamp(0.1, 1.0);
    let most = out.inputs.writes_per_s * x.max();
    let (top, values) = nice_ticks(most / slope_allowed, 5);
    let ticks = values.into_iter().map(|v| (v, compact_number(v))).collect();
    (Axis::linear(0.0, top, plot.bottom, plot.top), ticks)
}

/// The line, the budget (starting under the key where it would cross it)
/// and the typical and incident points.
fn draw_marks(
    canvas: &mut Canvas,
    out: &RpoOutput,
    x: &Axis,
    y: &Axis,
    key: &[KeyEntry],
    plot: &Plot,
    size: u32,
) {
    let end = x.max();
    canvas.line(
        [(x.px(0.0), y.px(0.0)), (x.px(end), y.px(lost(out, end)))],
        Ink::Series(1),
        3,
    );
    if budget_shown(out) {
        let bx = x.px(out.inputs.rpo_budget_s);
        let (key_right, key_bottom) = key_box(key, plot, size);
        let from = if bx > plot.left + 4.0 && bx < key_right {
            key_bottom
        } else {
            plot.top
        };
        canvas.line([(bx, from), (bx, plot.bottom)], Ink::Marker, 2);
    }
    let point = |lag: f64, writes: f64| (x.px(lag), y.px(writes));
    if out.rpo_incident_s != out.rpo_typical_s {
        canvas.dot(
            point(out.rpo_incident_s, out.lost_writes_incident),
            6,
            Ink::Series(2),
        );
    }
    canvas.dot(
        point(out.rpo_typical_s, out.lost_writes_typical),
        6,
        Ink::Series(3),
    );
}

fn writes(n: f64) -> String {
    if n == 1.0 {
        "1 write".to_owned()
    } else {
        format!("{} writes", format::count(n))
    }
}

fn key(out: &RpoOutput) -> Vec<KeyEntry> {
    let i = &out.inputs;
    let mut entries = Vec::new();
    let line = match i.mode {
        RpoMode::Sync => "sync replication: nothing lost at any lag".to_owned(),
        _ => format!("{}/s × lag", writes(i.writes_per_s)),
    };
    entries.push(KeyEntry {
        swatch: Swatch::Line(Ink::Series(1)),
        text: line,
    });
    let typical = match i.mode {
        RpoMode::Async => format!(
            "typical lag {}: {} lost",
            format::duration(out.rpo_typical_s),
            writes(out.lost_writes_typical)
        ),
        RpoMode::Sync => "RPO 0: no writes lost".to_owned(),
        RpoMode::Backup => format!(
            "backup every {}: up to {} lost",
            format::duration(i.backup_interval_s),
            writes(out.lost_writes_typical)
        ),
    };
    entries.push(KeyEntry {
        swatch: Swatch::Dot(Ink::Series(3)),
        text: typical,
    });
    if out.rpo_incident_s != out.rpo_typical_s {
        entries.push(KeyEntry {
            swatch: Swatch::Dot(Ink::Series(2)),
            text: format!(
                "incident lag {}: {} lost",
                format::duration(out.rpo_incident_s),
                writes(out.lost_writes_incident)
            ),
        });
    }
    if budget_shown(out) {
        let budget = format::duration(i.rpo_budget_s);
        let text = match i.mode {
            RpoMode::Sync => format!("RPO budget {budget}"),
            _ => format!("RPO budget {budget}: {}", writes(lost(out, i.rpo_budget_s))),
        };
        entries.push(KeyEntry {
            swatch: Swatch::Dashed,
            text,
        });
    }
    entries
}

fn describe(out: &RpoOutput) -> String {
    let i = &out.inputs;
    let rate = writes(i.writes_per_s);
    match i.mode {
        RpoMode::Sync => format!(
            "With synchronous replication no write is lost whatever the lag; the price is write \
             latency. At {rate} a second, the same lags replicated asynchronously would lose {} \
             typically and {} during an incident.",
            writes(i.writes_per_s * i.typical_lag_s),
            writes(i.writes_per_s * i.incident_lag_s)
        ),
        RpoMode::Backup => format!(
            "Restoring from backups taken every {} loses up to {} at {rate} a second: every \
             write since the last backup.",
            format::duration(i.backup_interval_s),
            writes(out.lost_writes_typical)
        ),
        RpoMode::Async => format!(
            "Writes lost grow in proportion to the replication lag when the region fails: {rate} \
             for every second of lag. The typical lag of {} loses {}; the incident lag of {} \
             loses {}, against an RPO budget of {}.",
            format::duration(out.rpo_typical_s),
            writes(out.lost_writes_typical),
            format::duration(out.rpo_incident_s),
            writes(out.lost_writes_incident),
            format::duration(i.rpo_budget_s)
        ),
    }
}

fn table(out: &RpoOutput, title: &str) -> Table {
    let budget = out.inputs.rpo_budget_s;
    let rows = vec![
        vec![
            "RPO, typical".to_owned(),
            format::duration(out.rpo_typical_s),
            format::count(out.lost_writes_typical),
        ],
        vec![
            "RPO, during an incident".to_owned(),
            format::duration(out.rpo_incident_s),
            format::count(out.lost_writes_incident),
        ],
        vec![
            "RPO budget".to_owned(),
            format::duration(budget),
            format::count(lost(out, budget)),
        ],
    ];
    Table {
        caption: format!(
            "{title} ({}, {} writes/s)",
            mode_name(out.inputs.mode),
            format::count(out.inputs.writes_per_s)
        ),
        headers: ["Measure", "Data-loss window", "Writes lost"]
            .map(str::to_owned)
            .to_vec(),
        rows,
    }
}

fn mode_name(mode: RpoMode) -> &'static str {
    match mode {
        RpoMode::Async => "asynchronous replication",
        RpoMode::Sync => "synchronous replication",
        RpoMode::Backup => "restore from backup",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::canvas::TICK;

    #[test]
    fn key_fits_its_corner() {
        let out = rpo::run(&Default::default()).unwrap();
        for entry in key(&out) {
            assert!(legend_width(&entry.text, TICK) < WIDE.right - WIDE.left);
        }
    }
}
