//! The public record of regional outages, and how the availability model's
//! outage defaults are derived from it.
//!
//! The site keeps the record in `content/data/incidents.toml` (provider,
//! region, scope, start, end, summary, sources); this module only sees what
//! the derivation needs. [`derive`] is the one computation: the `outage_record`
//! shortcode shows its steps on the page, and a test checks that the
//! availability model's defaults (`outages_per_year`, `outage_minutes`) are
//! what it gives for the bundled file, so the page's "how we got this default"
//! and the calculator cannot disagree.
//!
//! The rule, stated where it is shown:
//!
//! - only events whose scope is a **region** count. A zonal event is what a
//!   multi-AZ deployment already rides out; a global one takes every region of
//!   the provider, so a second region does not help with it;
//! - **rate**: the region with the most counted events, its count divided by
//!   the years the record covers. Planning for the busiest region is the
//!   cautious choice, and the record names only events with a public report,
//!   so the true rate is, if anything, higher;
//! - **length**: the mean length of every counted event, whichever region.
//!   The expected downtime of the model is the rate times the mean length.

use serde::{Deserialize, Serialize};

use crate::ModelError;

named_enum! {
    /// How much of a provider an incident took down.
    pub enum Scope in "scope" {
        /// One or more zones of a region, with other zones serving.
        Zone = "zone", "One zone";
        /// Many services across a whole region.
        Region = "region", "A whole region";
        /// Several regions at once, through a global service.
        Global = "global", "Global";
    }
}

/// One incident, as far as the derivation needs it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Incident {
    pub provider: String,
    pub region: String,
    pub scope: Scope,
    /// UTC, `YYYY-MM-DDTHH:MMZ`.
    pub start: String,
    pub end: String,
}

/// The years a record covers: from `from` to `to`, both `YYYY-MM-DD`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Window {
    pub from: String,
    pub to: String,
}

/// One incident as the derivation used it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Counted {
    /// Index in the record.
    pub index: usize,
    /// Length in minutes, end minus start.
    pub minutes: f64,
    /// Whether it counts (region scope) and, if not, why.
    pub counts: bool,
    pub note: &'static str,
}

/// The defaults and every step that led to them.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Derivation {
    /// Length of the window in years of 365 days.
    pub years: f64,
    /// Every incident of the record, in order, with its length.
    pub incidents: Vec<Counted>,
    /// How many incidents count (region scope).
    pub counted: usize,
    /// The region with the most counted incidents ("AWS us-east-1"), and
    /// how many it had.
    pub busiest: String,
    pub busiest_count: usize,
    /// `busiest_count / years`, unrounded.
    pub rate: f64,
    /// Mean length of the counted incidents, minutes, unrounded.
    pub mean_minutes: f64,
    pub shortest_minutes: f64,
    pub longest_minutes: f64,
    /// The defaults: the rate to two decimals and the mean length to the
    /// minute.
    pub outages_per_year: f64,
    pub outage_minutes: f64,
}

/// Why an incident of a scope does or does not count.
fn note(scope: Scope) -> &'static str {
    match scope {
        Scope::Region => "counted",
        Scope::Zone => "not counted: a multi-AZ deployment rides out one zone",
        Scope::Global => "not counted: a second region of the same provider is down too",
    }
}

/// Derives the outage rate and length from a record (see the module
/// documentation for the rule). Errors name the incident and what is wrong.
pub fn derive(window: &Window, incidents: &[Incident]) -> Result<Derivation, ModelError> {
    let from = parse_date(&window.from, "from")?;
    let to = parse_date(&window.to, "to")?;
    if to <= from {
        return Err(bad("record", "`to` must come after `from`"));
    }
    let years = (to - from) as f64 / (365.0 * MINUTES_PER_DAY as f64);
    let mut rows = Vec::with_capacity(incidents.len());
    for (index, incident) in incidents.iter().enumerate() {
        let what = format!(
            "incident {} ({} {})",
            index + 1,
            incident.provider,
            incident.region
        );
        let start = parse_time(&incident.start).map_err(|m| bad(&what, &m))?;
        let end = parse_time(&incident.end).map_err(|m| bad(&what, &m))?;
        if end <= start {
            return Err(bad(&what, "`end` must come after `start`"));
        }
        if start < from || start > to {
            return Err(bad(&what, "`start` is outside the record's window"));
        }
        rows.push(Counted {
            index,
            minutes: (end - start) as f64,
            counts: incident.scope == Scope::Region,
            note: note(incident.scope),
        });
    }
    let lengths: Vec<f64> = rows
        .iter()
        .filter(|r| r.counts)
        .map(|r| r.minutes)
        .collect();
    if lengths.is_empty() {
        return Err(bad("record", "no incident of scope \"region\" to count"));
    }
    let (busiest, busiest_count) = busiest_region(incidents);
    let rate = busiest_count as f64 / years;
    let mean_minutes = lengths.iter().sum::<f64>() / lengths.len() as f64;
    Ok(Derivation {
        years,
        counted: lengths.len(),
        busiest,
        busiest_count,
        rate,
        mean_minutes,
        shortest_minutes: lengths.iter().copied().fold(f64::INFINITY, f64::min),
        longest_minutes: lengths.iter().copied().fold(0.0, f64::max),
        outages_per_year: libm::round(rate * 100.0) / 100.0,
        outage_minutes: libm::round(mean_minutes),
        incidents: rows,
    })
}

/// The region with the most region-scope incidents; the first in the record
/// wins a tie.
fn busiest_region(incidents: &[Incident]) -> (String, usize) {
    let mut counts: Vec<(String, usize)> = Vec::new();
    for i in incidents.iter().filter(|i| i.scope == Scope::Region) {
        let name = format!("{} {}", i.provider, i.region);
        match counts.iter_mut().find(|(n, _)| *n == name) {
            Some((_, c)) => *c += 1,
            None => counts.push((name, 1)),
        }
    }
    let mut best = (String::new(), 0);
    for (name, count) in counts {
        if count > best.1 {
            best = (name, count);
        }
    }
    best
}

fn bad(what: &str, message: &str) -> ModelError {
    ModelError::InvalidData {
        item: what.to_owned(),
        message: message.to_owned(),
    }
}

const MINUTES_PER_DAY: i64 = 1_440;

/// Minutes since 1970-01-01 of `YYYY-MM-DD`.
fn parse_date(text: &str, name: &str) -> Result<i64, ModelError> {
    date_minutes(text).ok_or_else(|| {
        bad(
            "record",
            &format!("`{name}` must be a date as YYYY-MM-DD (got \"{text}\")"),
        )
    })
}

fn date_minutes(text: &str) -> Option<i64> {
    let mut parts = text.splitn(3, '-');
    let year: i64 = parts.next()?.parse().ok()?;
    let month: u32 = parts.next()?.parse().ok()?;
    let day: u32 = parts.next()?.parse().ok()?;
    if text.len() != 10 || !(1..=12).contains(&month) || day == 0 || day > days_in(year, month) {
        return None;
    }
    Some(days_from_civil(year, month, day) * MINUTES_PER_DAY)
}

/// Minutes since 1970-01-01 of `YYYY-MM-DDTHH:MMZ` (UTC).
fn parse_time(text: &str) -> Result<i64, String> {
    let wrong = || format!("times are UTC as YYYY-MM-DDTHH:MMZ (got \"{text}\")");
    let (date, time) = text.split_once('T').ok_or_else(wrong)?;
    let time = time.strip_suffix('Z').ok_or_else(wrong)?;
    let (h, m) = time.split_once(':').ok_or_else(wrong)?;
    let (h, m): (i64, i64) = (
        h.parse().map_err(|_| wrong())?,
        m.parse().map_err(|_| wrong())?,
    );
    if time.len() != 5 || !(0..24).contains(&h) || !(0..60).contains(&m) {
        return Err(wrong());
    }
    Ok(date_minutes(date).ok_or_else(wrong)? + h * 60 + m)
}

fn days_in(year: i64, month: u32) -> u32 {
    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    match month {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 (Howard Hinnant's algorithm, proleptic Gregorian).
fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(month);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;

    fn incident(region: &str, scope: Scope, start: &str, end: &str) -> Incident {
        Incident {
            provider: "AWS".into(),
            region: region.into(),
            scope,
            start: start.into(),
            end: end.into(),
        }
    }

    fn window() -> Window {
        Window {
            from: "2020-01-01".into(),
            to: "2024-01-01".into(),
        }
    }

    #[test]
    fn dates_and_times_parse_exactly() {
        assert_eq!(date_minutes("1970-01-01"), Some(0));
        assert_eq!(date_minutes("2000-03-01"), Some(11_017 * 1_440));
        assert!(date_minutes("2024-02-29").is_some());
        assert_eq!(date_minutes("2023-02-29"), None);
        assert_eq!(date_minutes("2023-13-01"), None);
        assert_eq!(date_minutes("2023-1-01"), None);
        assert_eq!(parse_time("1970-01-02T01:30Z"), Ok(1_440 + 90));
        assert!(parse_time("1970-01-02 01:30").is_err());
        assert!(parse_time("1970-01-02T24:00Z").is_err());
    }

    #[test]
    fn the_busiest_region_sets_the_rate_and_every_region_event_the_length() {
        let record = [
            incident(
                "us-east-1",
                Scope::Region,
                "2020-06-01T00:00Z",
                "2020-06-01T10:00Z",
            ),
            incident(
                "us-east-1",
                Scope::Region,
                "2021-06-01T00:00Z",
                "2021-06-01T02:00Z",
            ),
            incident(
                "eu-west-1",
                Scope::Region,
                "2022-06-01T00:00Z",
                "2022-06-01T06:00Z",
            ),
            incident(
                "us-east-2",
                Scope::Zone,
                "2022-07-01T00:00Z",
                "2022-07-02T00:00Z",
            ),
            incident(
                "global",
                Scope::Global,
                "2023-07-01T00:00Z",
                "2023-07-01T08:00Z",
            ),
        ];
        let d = derive(&window(), &record).unwrap();
        assert!((d.years - 1_461.0 / 365.0).abs() < 1e-12);
        assert_eq!((d.busiest.as_str(), d.busiest_count), ("AWS us-east-1", 2));
        assert_eq!(d.counted, 3);
        assert_eq!(d.mean_minutes, 360.0);
        assert_eq!((d.shortest_minutes, d.longest_minutes), (120.0, 600.0));
        assert_eq!(d.outages_per_year, 0.5);
        assert_eq!(d.outage_minutes, 360.0);
        assert!(!d.incidents[3].counts && !d.incidents[4].counts);
        assert_eq!(d.incidents[3].minutes, 1_440.0);
    }

    #[test]
    fn broken_records_are_named() {
        let one = |scope: Scope, start: &str, end: &str| {
            derive(&window(), &[incident("r", scope, start, end)])
        };
        let backwards = one(Scope::Region, "2021-01-01T10:00Z", "2021-01-01T09:00Z");
        let err = backwards.unwrap_err();
        assert!(err.to_string().contains("incident 1 (AWS r)"), "{err}");
        let outside = one(Scope::Region, "2019-01-01T10:00Z", "2019-01-01T11:00Z");
        assert!(outside.is_err());
        let zonal = one(Scope::Zone, "2021-01-01T10:00Z", "2021-01-01T11:00Z");
        assert!(zonal.is_err());
        let bad_window = Window {
            from: "2024-01-01".into(),
            to: "2020-01-01".into(),
        };
        assert!(derive(&bad_window, &[]).is_err());
    }
}
