//! The data files the built-in shortcodes read, as typed schemas, checked
//! once when the site is parsed: a bad row fails the build at its line in
//! the data file even when no page shows it.
//!
//! To add a data-backed shortcode: a struct here with a [`DataFile`] impl
//! naming its file, and one line in [`CHECKS`]; the handler then reads it
//! with `Invocation::data::<T>()`.

use regionwise_models::incidents::{self, Incident, Scope, Window};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use super::data::Data;
use super::source::Source;
use crate::error::{Diagnostic, Diagnostics};

/// A data file with a schema: `content/data/{NAME}.toml` (or `.json`).
pub trait DataFile: DeserializeOwned {
    /// The file's name in `content/data/`, without its extension.
    const NAME: &'static str;

    /// Checks beyond the shape (rows that must name each other); the
    /// message is reported at the data file.
    fn validate(&self) -> Result<(), String> {
        Ok(())
    }
}

/// Every schema, checked at parse time when the site has its file.
const CHECKS: &[fn(&Data) -> Option<Diagnostic>] = &[
    check::<Decisions>,
    check::<FailureModes>,
    check::<OutageRecord>,
    check::<Rtt>,
];

/// Checks every data file that has a schema.
pub fn check_all(data: &Data) -> Diagnostics {
    Diagnostics(CHECKS.iter().filter_map(|check| check(data)).collect())
}

fn check<T: DataFile>(data: &Data) -> Option<Diagnostic> {
    data.file::<T>()?.err()
}

/// `data/decisions.toml`: the recommender's rules, which are also the
/// decision table's rows (situation, pattern, reason, next step, conditions).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Decisions {
    pub rows: Vec<regionwise_models::Rule>,
}

impl DataFile for Decisions {
    const NAME: &'static str = "decisions";

    /// Each row's own values too (`Rule::validate`), here at the data file:
    /// a `min_sla = nan`, which the pages' JSON copy of the rules would turn
    /// into no condition at all, is refused. What only a recommender needs
    /// (an unconditional last row, ids used once) stays its check, at the
    /// page that runs it: a decision table alone does without.
    fn validate(&self) -> Result<(), String> {
        if self.rows.is_empty() {
            return Err("the file has no [[rows]]; the recommender needs at least one".into());
        }
        self.rows
            .iter()
            .try_for_each(regionwise_models::Rule::validate)
            .map_err(|e| e.to_string())
    }
}

/// `data/failure_modes.toml`: one card per failure mode.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct FailureModes {
    pub modes: Vec<FailureMode>,
}

impl DataFile for FailureModes {
    const NAME: &'static str = "failure_modes";
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct FailureMode {
    pub id: String,
    pub title: String,
    pub symptom: String,
    pub cause: String,
    pub detect: String,
    pub mitigate: String,
    pub drill: String,
    /// Where the pattern was documented, each with a link.
    #[serde(default)]
    pub sources: Vec<Source>,
    /// A source without a link (a practitioner's account), or a note on the
    /// linked ones.
    #[serde(default)]
    pub source: String,
}

/// `data/incidents.toml`: the public outage record the availability
/// calculator's outage defaults are derived from.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OutageRecord {
    pub record: Window,
    pub incidents: Vec<IncidentRow>,
}

impl DataFile for OutageRecord {
    const NAME: &'static str = "incidents";

    fn validate(&self) -> Result<(), String> {
        self.derive()?;
        if let Some(i) = self.incidents.iter().position(|r| r.sources.is_empty()) {
            return Err(format!(
                "incident {} has no sources; every incident needs a link to its report",
                i + 1
            ));
        }
        Ok(())
    }
}

impl OutageRecord {
    /// The calculator's outage defaults as the models derive them.
    pub fn derive(&self) -> Result<incidents::Derivation, String> {
        let list: Vec<Incident> = self.incidents.iter().map(IncidentRow::incident).collect();
        incidents::derive(&self.record, &list).map_err(|e| e.to_string())
    }
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

/// `data/rtt.toml`: measured round-trip times between regions.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rtt {
    /// When the measured values were taken or last compared (free text).
    #[serde(default)]
    pub as_of: String,
    /// Where the measured values come from, shown under the table.
    #[serde(default)]
    pub sources: Vec<Source>,
    pub regions: Vec<Region>,
    pub pairs: Vec<Pair>,
}

impl DataFile for Rtt {
    const NAME: &'static str = "rtt";

    fn validate(&self) -> Result<(), String> {
        for region in &self.regions {
            region.coord()?;
        }
        for id in self.pairs.iter().flat_map(|p| [&p.from, &p.to]) {
            self.region(id)?;
        }
        Ok(())
    }
}

impl Rtt {
    /// The region a pair names.
    pub fn region(&self, id: &str) -> Result<&Region, String> {
        self.regions
            .iter()
            .find(|r| r.id == id)
            .ok_or_else(|| format!("a pair names the region `{id}`, which is not in [[regions]]"))
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Region {
    pub id: String,
    pub name: String,
    pub lat: f64,
    pub lon: f64,
}

impl Region {
    pub fn coord(&self) -> Result<regionwise_models::latency::Coord, String> {
        regionwise_models::latency::Coord::new(self.lat, self.lon)
            .map_err(|e| format!("region `{}`: {e}", self.id))
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Pair {
    pub from: String,
    pub to: String,
    pub typical_ms: f64,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::SourceFile;

    fn data(name: &str, text: &str) -> Data {
        Data::parse(&[SourceFile {
            rel: format!("data/{name}.toml"),
            display: format!("content/data/{name}.toml").into(),
            text: text.into(),
            origin: crate::load::Origin::Local,
        }])
        .unwrap()
    }

    #[test]
    fn every_schema_is_checked_where_its_file_is() {
        let e = check_all(&data(
            "rtt",
            "regions = []\n[[pairs]]\nfrom = \"a\"\nto = \"b\"\ntypical_ms = 1\n",
        ));
        assert_eq!(e.len(), 1);
        assert_eq!(
            e.0[0].location.file.as_deref(),
            Some("content/data/rtt.toml".as_ref())
        );
        assert!(e.0[0].to_string().contains("the region `a`"), "{}", e.0[0]);
        let e = check_all(&data("decisions", "rows = []\n"));
        assert!(e.0[0].to_string().contains("no [[rows]]"), "{}", e.0[0]);
        // A row's own values are checked here at the data file: a NaN
        // threshold (which JSON would silently turn into no condition) or
        // one outside 0-100.
        let row = |id: &str, when: &str| {
            format!("[[rows]]\nid = \"{id}\"\nsituation = \"s\"\npattern = \"partitioned\"\nreason = \"r\"\nnext_step = \"n\"\n{when}")
        };
        let nan = row("a", "[rows.when]\nmin_sla = nan\n") + &row("b", "");
        let e = check_all(&data("decisions", &nan));
        assert_eq!(e.len(), 1, "{e:?}");
        assert!(e.0[0].to_string().contains("min_sla"), "{}", e.0[0]);
        let over = row("a", "[rows.when]\nmin_sla = 120\n") + &row("b", "");
        let e = check_all(&data("decisions", &over));
        assert!(e.0[0].to_string().contains("min_sla"), "{}", e.0[0]);
        assert!(check_all(&data(
            "decisions",
            &(row("a", "[rows.when]\nmin_sla = 99.99\n") + &row("b", ""))
        ))
        .is_empty());
        let e = check_all(&data("failure_modes", "[[modes]]\nid = \"x\"\n"));
        assert_eq!(e.0[0].location.line, Some(1), "{}", e.0[0]);
        assert!(check_all(&data("other", "x = 1\n")).is_empty());
    }
}
