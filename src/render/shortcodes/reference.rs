//! Reference tables computed from the models: the DR ladder (from the RTO,
//! RPO and cost presets) and measured RTTs next to the physics.

use serde::{Deserialize, Serialize};

use regionwise_models::availability::{exceeds, monthly_budget_min, AvailabilityInputs};
use regionwise_models::{format, latency, strategy};

use super::Invocation;

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

pub fn dr_ladder(inv: &Invocation) -> Result<String, String> {
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

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Region {
    id: String,
    name: String,
    lat: f64,
    lon: f64,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Pair {
    from: String,
    to: String,
    typical_ms: f64,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Rtt {
    /// When the measured values were taken or last compared (free text).
    #[serde(default)]
    as_of: String,
    /// Where the measured values come from, shown under the table.
    #[serde(default)]
    sources: Vec<super::source::Source>,
    regions: Vec<Region>,
    pairs: Vec<Pair>,
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

/// Checks data/rtt.toml's shape (see `content::check_data`).
pub(super) fn check_data(data: &crate::parse::data::Data) -> Vec<crate::error::Diagnostic> {
    if !data.contains("rtt") {
        return Vec::new();
    }
    data.typed::<Rtt>("rtt").err().into_iter().collect()
}

pub fn rtt_table(inv: &Invocation) -> Result<String, String> {
    let rtt: Rtt = inv.env.data.typed("rtt").map_err(|d| d.to_string())?;
    let coord = |id: &str| -> Result<(&Region, latency::Coord), String> {
        let r = rtt.regions.iter().find(|r| r.id == id).ok_or_else(|| {
            format!("data/rtt.toml: pair names the region `{id}`, which is not in [[regions]]")
        })?;
        let c = latency::Coord::new(r.lat, r.lon)
            .map_err(|e| format!("data/rtt.toml: region `{id}`: {e}"))?;
        Ok((r, c))
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
