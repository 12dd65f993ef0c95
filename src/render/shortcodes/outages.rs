//! `{{ outage_record() }}`: the public outage record of `data/incidents.toml`
//! and how the availability calculator's outage defaults are derived from
//! it, computed by the models' own [`incidents::derive`] so the page's "how
//! we got this default" cannot drift from the calculator: a record whose
//! derivation differs from the calculator's defaults (the model's, or the
//! site's `[calculator.availability]`) is an error that says what to set.

use regionwise_models::incidents::{self, Incident, Scope, Window};
use regionwise_models::{format, model};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::source::Source;
use super::Invocation;

/// `data/incidents.toml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OutageRecord {
    pub record: Window,
    pub incidents: Vec<IncidentRow>,
}

/// One incident as the data file states it.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IncidentRow {
    pub provider: String,
    pub region: String,
    pub scope: Scope,
    /// UTC, `YYYY-MM-DDTHH:MMZ`.
    pub start: String,
    pub end: String,
    /// The end is an estimate (the report gives none for the region).
    #[serde(default)]
    pub approximate: bool,
    pub summary: String,
    pub sources: Vec<Source>,
}

impl IncidentRow {
    fn incident(&self) -> Incident {
        Incident {
            provider: self.provider.clone(),
            region: self.region.clone(),
            scope: self.scope,
            start: self.start.clone(),
            end: self.end.clone(),
        }
    }
}

/// One row of the rendered table.
#[derive(Debug, Serialize)]
struct Row<'a> {
    date: &'a str,
    provider: &'a str,
    region: &'a str,
    scope: &'static str,
    length: String,
    counted: bool,
    note: &'static str,
    summary: &'a str,
    sources: &'a [Source],
}

/// The derivation's numbers, formatted.
#[derive(Debug, Serialize)]
struct Steps {
    from: String,
    to: String,
    years: String,
    counted: usize,
    busiest: String,
    busiest_count: usize,
    rate: String,
    outages_per_year: String,
    every_years: String,
    shortest: String,
    longest: String,
    mean: String,
    outage_minutes: String,
}

/// Reads and derives the record; every error names the data file.
pub fn derive(
    data: &crate::parse::data::Data,
) -> Result<(OutageRecord, incidents::Derivation), String> {
    let record: OutageRecord = data.typed("incidents").map_err(|d| d.to_string())?;
    let list: Vec<Incident> = record.incidents.iter().map(IncidentRow::incident).collect();
    let derivation = incidents::derive(&record.record, &list)
        .map_err(|e| format!("data/incidents.toml: {e}"))?;
    if let Some(i) = record.incidents.iter().position(|r| r.sources.is_empty()) {
        return Err(format!(
            "data/incidents.toml: incident {} has no sources; every incident needs a link to its report",
            i + 1
        ));
    }
    Ok((record, derivation))
}

/// Checks data/incidents.toml's shape at parse time (see `content::check_data`).
pub(super) fn check_data(data: &crate::parse::data::Data) -> Vec<crate::error::Diagnostic> {
    if !data.contains("incidents") {
        return Vec::new();
    }
    data.typed::<OutageRecord>("incidents")
        .err()
        .into_iter()
        .collect()
}

pub fn outage_record(inv: &Invocation) -> Result<String, String> {
    let (record, d) = derive(inv.env.data)?;
    check_defaults(inv, &d)?;
    let rows: Vec<Row> = record
        .incidents
        .iter()
        .zip(&d.incidents)
        .map(|(r, c)| Row {
            date: r.start.get(..10).unwrap_or(&r.start),
            provider: &r.provider,
            region: &r.region,
            scope: r.scope.label(),
            length: if r.approximate {
                format!("about {}", format::minutes(c.minutes))
            } else {
                format::minutes(c.minutes)
            },
            counted: c.counts,
            note: c.note,
            summary: &r.summary,
            sources: &r.sources,
        })
        .collect();
    let steps = Steps {
        from: record.record.from.clone(),
        to: record.record.to.clone(),
        years: format::rate(d.years),
        counted: d.counted,
        busiest: d.busiest.clone(),
        busiest_count: d.busiest_count,
        rate: format!("{:.3}", d.rate),
        outages_per_year: format::rate(d.outages_per_year),
        every_years: format::rate(1.0 / d.outages_per_year),
        shortest: format::minutes(d.shortest_minutes),
        longest: format::minutes(d.longest_minutes),
        mean: format::minutes(d.mean_minutes),
        outage_minutes: format::minutes(d.outage_minutes),
    };
    let mut c = inv.context();
    c.insert("rows", &rows);
    c.insert("steps", &steps);
    inv.render("shortcodes/outage_record.html", &c)
}

/// The availability calculator's defaults (the site's `[calculator.
/// availability]` first, then the model's) must be what the record derives.
fn check_defaults(inv: &Invocation, d: &incidents::Derivation) -> Result<(), String> {
    let def = model("availability").map_err(|e| e.to_string())?;
    let site = inv.env.config.calculator.get(def.name);
    for (name, derived) in [
        ("outages_per_year", d.outages_per_year),
        ("outage_minutes", d.outage_minutes),
    ] {
        let default = site
            .and_then(|m| m.get(name))
            .and_then(Value::as_f64)
            .or_else(|| def.field(name).and_then(|f| f.default_json().as_f64()));
        if default != Some(derived) {
            return Err(format!(
                "data/incidents.toml derives {name} = {derived}, but the availability \
                 calculator's default is {}: set `{name} = {derived}` under \
                 [calculator.availability] in regionwise.toml, or correct the record",
                default.map_or("missing".to_owned(), |v| v.to_string())
            ));
        }
    }
    Ok(())
}
