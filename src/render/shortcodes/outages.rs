//! `{{ outage_record() }}`: the public outage record of `data/incidents.toml`
//! and how the availability calculator's outage defaults are derived from
//! it, computed by the models' own [`incidents::derive`] so the page's "how
//! we got this default" cannot drift from the calculator: a record whose
//! derivation differs from the calculator's defaults (the model's, or the
//! site's `[calculator.availability]`) is an error that says what to set.

use regionwise_models::incidents;
use regionwise_models::{format, model};
use serde::Serialize;
use serde_json::Value;

use super::{Invocation, ShortcodeError};
use crate::parse::schema::OutageRecord;
use crate::parse::source::Source;

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

pub fn outage_record(inv: &Invocation) -> Result<String, ShortcodeError> {
    // The schema's check has derived it once already, at parse time.
    let record: OutageRecord = inv.data()?;
    let d = record.derive()?;
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
fn check_defaults(inv: &Invocation, d: &incidents::Derivation) -> Result<(), ShortcodeError> {
    let def = model("availability")?;
    let site = inv.org_defaults(def)?;
    for (name, derived) in [
        ("outages_per_year", d.outages_per_year),
        ("outage_minutes", d.outage_minutes),
    ] {
        let default = site
            .get(name)
            .and_then(Value::as_f64)
            .or_else(|| def.field(name).and_then(|f| f.default_json().as_f64()));
        if default != Some(derived) {
            return Err(ShortcodeError::Message(format!(
                "data/incidents.toml derives {name} = {derived}, but the availability \
                 calculator's default is {}: set `{name} = {derived}` under \
                 [calculator.availability] in regionwise.toml, or correct the record",
                default.map_or("missing".to_owned(), |v| v.to_string())
            )));
        }
    }
    Ok(())
}
