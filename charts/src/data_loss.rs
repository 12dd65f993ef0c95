//! Data loss: writes lost against the replication lag at the moment of
//! failure, with the typical lag, the incident lag and the RPO budget marked.
//!
//! Lost writes grow in a straight line from the origin, so the triangle above
//! the line is always empty: the key sits there, and the y axis gets enough
//! headroom that the line never reaches it.

use regionwise_models::rpo::{self, Rpo, RpoMode, RpoOutput};
use regionwise_models::{format, Model};

use crate::canvas::{Anchor, Canvas, TICK};
use crate::ink::Ink;
use crate::layout::{legend_item, legend_width, x_grid, y_grid, Swatch, Tick};
use crate::scale::{compact_number, nice_ticks, time_label, time_ticks, time_unit, Axis};
use crate::{Chart, ChartDef, Table};

const LEFT: f64 = 72.0;
const RIGHT: f64 = 616.0;
const TOP: f64 = 20.0;
const BOTTOM: f64 = 296.0;
const TICK_Y: f64 = 314.0;
const X_TITLE_Y: f64 = 344.0;
const KEY_INSET: f64 = 14.0;
const KEY_PITCH: f64 = 23.0;

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
    let key = key(out);
    let (x, x_ticks) = lag_axis(out);
    let (y, y_ticks) = writes_axis(out, &x, &key);
    let mut canvas = Canvas::new();
    x_grid(&mut canvas, &x, &x_ticks, TOP, BOTTOM, TICK_Y);
    y_grid(&mut canvas, &y, &y_ticks, LEFT, RIGHT, LEFT - 8.0);
    canvas.line([(LEFT, BOTTOM), (RIGHT, BOTTOM)], Ink::Text, 1);
    canvas.text(
        ((LEFT + RIGHT) / 2.0, X_TITLE_Y),
        "replication lag when the region fails",
        TICK,
        Anchor::Middle,
    );
    canvas.vertical_text((16.0, (TOP + BOTTOM) / 2.0), "writes lost", TICK);
    draw_marks(&mut canvas, out, &x, &y, &key);
    for (i, entry) in key.iter().enumerate() {
        let row_y = TOP + KEY_INSET + 6.0 + i as f64 * KEY_PITCH;
        legend_item(
            &mut canvas,
            LEFT + KEY_INSET,
            row_y,
            entry.swatch,
            &entry.text,
            TICK,
        );
    }
    let table = table(out, &title);
    Chart::drawn(CHART.name, &canvas, id, title, desc, table)
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
fn lag_axis(out: &RpoOutput) -> (Axis, Vec<Tick>) {
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
    (Axis::linear(0.0, top, LEFT, RIGHT), ticks)
}

/// The key's box in the plot's top-left corner: its right edge and bottom.
fn key_box(key: &[KeyEntry]) -> (f64, f64) {
    let widest = key
        .iter()
        .map(|e| legend_width(&e.text, TICK))
        .fold(0.0, f64::max);
    (
        LEFT + widest + 2.0 * KEY_INSET,
        TOP + key.len() as f64 * KEY_PITCH + 2.0 * KEY_INSET,
    )
}

/// Tall enough that the line stays under the key in the top-left corner.
fn writes_axis(out: &RpoOutput, x: &Axis, key: &[KeyEntry]) -> (Axis, Vec<Tick>) {
    let (key_right, key_bottom) = key_box(key);
    let w = (key_right - LEFT) / (RIGHT - LEFT);
    let h = (key_bottom - TOP) / (BOTTOM - TOP);
    // The line reaches height k·f at the fraction f of the width; keep it
    // below the key's bottom at the key's right edge.
    let slope_allowed = ((0.95 - h) / w.max(0.01)).clamp(0.1, 1.0);
    let most = out.inputs.writes_per_s * x.max();
    let (top, values) = nice_ticks(most / slope_allowed, 5);
    let ticks = values.into_iter().map(|v| (v, compact_number(v))).collect();
    (Axis::linear(0.0, top, BOTTOM, TOP), ticks)
}

/// The line, the budget (starting under the key where it would cross it)
/// and the typical and incident points.
fn draw_marks(canvas: &mut Canvas, out: &RpoOutput, x: &Axis, y: &Axis, key: &[KeyEntry]) {
    let end = x.max();
    canvas.line(
        [(x.px(0.0), y.px(0.0)), (x.px(end), y.px(lost(out, end)))],
        Ink::Series(1),
        3,
    );
    if budget_shown(out) {
        let bx = x.px(out.inputs.rpo_budget_s);
        let (key_right, key_bottom) = key_box(key);
        let from = if bx > LEFT + 4.0 && bx < key_right {
            key_bottom
        } else {
            TOP
        };
        canvas.line([(bx, from), (bx, BOTTOM)], Ink::Marker, 2);
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

    #[test]
    fn key_fits_its_corner() {
        let out = rpo::run(&Default::default()).unwrap();
        for entry in key(&out) {
            assert!(legend_width(&entry.text, TICK) < RIGHT - LEFT);
        }
    }
}
