//! Reference tables computed from the models: the DR ladder (from the RTO,
//! RPO and cost presets) and measured RTTs next to the physics.

use serde::Serialize;

use regionwise_models::availability::{exceeds, monthly_budget_min, AvailabilityInputs};
use regionwise_models::{format, latency, strategy};

use super::{Invocation, ShortcodeError};
use crate::parse::schema::{Region, Rtt};

/// Whether a rung keeps a month of `sla` through a regional outage: with a
/// person deciding, only when scripted, or not at all.
fn keeps_month(r: &strategy::LadderRow, sla: f64) -> &'static str {
    let budget_min = monthly_budget_min(sla);
    if !exceeds(r.rto_s / 60.0, budget_min) {
        "yes"
    } else if !exceeds(r.rto_automatic_s / 60.0, budget_min) {
        "only scripted"
    } else {
        "no"
    }
}

pub fn dr_ladder(inv: &Invocation) -> Result<String, ShortcodeError> {
    let sla = AvailabilityInputs::default().sla;
    let rows: Vec<serde_json::Value> = strategy::dr_ladder()
        .iter()
        .map(|r| {
            serde_json::json!({
                "id": r.strategy.id(),
                "name": r.name,
                "summary": r.summary,
                "rto": format::duration(r.rto_s),
                "rto_automatic": format::duration(r.rto_automatic_s),
                "keeps_month": keeps_month(r, sla),
                "rpo": if r.rpo_typical_s == r.rpo_incident_s {
                    format::duration(r.rpo_typical_s)
                } else {
                    format!("{} – {}", format::duration(r.rpo_typical_s), format::duration(r.rpo_incident_s))
                },
                "cost": format::money(r.monthly_cost),
                "ratio": format::ratio(r.cost_ratio),
            })
        })
        .collect();
    let mut c = inv.context();
    c.insert("rows", &rows);
    c.insert("sla", &format::percent(sla));
    c.insert("budget", &format::minutes(monthly_budget_min(sla)));
    inv.render("shortcodes/dr_ladder.html", &c)
}

#[derive(Debug, Serialize)]
struct RttRow {
    from: String,
    to: String,
    km: String,
    minimum_ms: String,
    typical_ms: String,
    stretch: String,
}

pub fn rtt_table(inv: &Invocation) -> Result<String, ShortcodeError> {
    let rtt: Rtt = inv.data()?;
    // The schema's check has already refused unknown regions and bad
    // coordinates, at parse time.
    let coord = |id: &str| -> Result<(&Region, latency::Coord), String> {
        let region = rtt.region(id)?;
        Ok((region, region.coord()?))
    };
    let mut rows = Vec::with_capacity(rtt.pairs.len());
    for pair in &rtt.pairs {
        let (a, ca) = coord(&pair.from)?;
        let (b, cb) = coord(&pair.to)?;
        let km = latency::great_circle_km(ca, cb);
        let min = latency::min_rtt_ms(km);
        rows.push(RttRow {
            from: format!("{} ({})", a.id, a.name),
            to: format!("{} ({})", b.id, b.name),
            km: format::count(km),
            minimum_ms: format!("{min:.0} ms"),
            typical_ms: format!("{:.0} ms", pair.typical_ms),
            stretch: if min > 0.0 {
                format!("{:.1}×", pair.typical_ms / min)
            } else {
                "–".into()
            },
        });
    }
    let mut c = inv.context();
    c.insert("rows", &rows);
    c.insert("sources", &rtt.sources);
    c.insert("as_of", &rtt.as_of);
    inv.render("shortcodes/rtt_table.html", &c)
}
