//! Recovery point objective: how much data a failover loses.
//!
//! Asynchronous replication loses whatever the replica had not received: the
//! lag, typically about a second, but tens of seconds when the region degrades
//! before it fails (the article's 38 s). Synchronous or consensus databases
//! lose nothing and pay in write latency instead. Restoring from backup loses
//! everything since the last backup.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::fields::{self, FieldSpec};
use crate::{ModelError, Unit};

/// How the recovery region receives data.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum RpoMode {
    /// Asynchronous replication (Aurora Global Database, DynamoDB global tables).
    #[default]
    Async,
    /// Synchronous or consensus replication (Spanner, CockroachDB, Aurora DSQL).
    Sync,
    /// Periodic backups copied to the recovery region.
    Backup,
}

impl RpoMode {
    /// The JSON name.
    pub fn id(self) -> &'static str {
        match self {
            Self::Async => "async",
            Self::Sync => "sync",
            Self::Backup => "backup",
        }
    }
}

impl fmt::Display for RpoMode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

/// Inputs of the RPO model.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct RpoInputs {
    pub mode: RpoMode,
    /// Replication lag on a normal day, seconds.
    pub typical_lag_s: f64,
    /// Lag reached while a region degrades before it fails, seconds.
    pub incident_lag_s: f64,
    /// Writes per second at the time of failure.
    pub writes_per_s: f64,
    /// Time between backups (backup mode), seconds.
    pub backup_interval_s: f64,
    /// The RPO you promised, seconds.
    pub rpo_budget_s: f64,
    /// How fast the lag grows when replication falls behind, seconds per
    /// second (1 = replication has stopped).
    pub lag_growth_rate: f64,
}

impl Default for RpoInputs {
    fn default() -> Self {
        Self {
            mode: RpoMode::Async,
            typical_lag_s: 1.0,
            incident_lag_s: 38.0,
            writes_per_s: 50.0,
            backup_interval_s: 86_400.0,
            rpo_budget_s: 30.0,
            lag_growth_rate: 1.0,
        }
    }
}

/// The inputs' names, defaults, ranges, units and help.
#[rustfmt::skip]
pub static FIELDS: [FieldSpec; 7] = [
    FieldSpec::choice("mode", &["async", "sync", "backup"], "async",
        "How the recovery region gets data: async replication, sync/consensus (RPO 0), or backups."),
    FieldSpec::number("typical_lag_s", 1.0, 0.0, 86_400.0, Unit::Seconds,
        "Replication lag on a normal day (Aurora Global Database, DynamoDB global tables: under 1 s)."),
    FieldSpec::number("incident_lag_s", 38.0, 0.0, 86_400.0, Unit::Seconds,
        "Lag reached while the region degrades before it fails (the article's incident: 38 s)."),
    FieldSpec::number("writes_per_s", 50.0, 0.0, 10_000_000.0, Unit::PerSecond,
        "Writes per second at the time of failure."),
    FieldSpec::number("backup_interval_s", 86_400.0, 60.0, 2_592_000.0, Unit::Seconds,
        "Backup mode: time between backups copied to the recovery region."),
    FieldSpec::number("rpo_budget_s", 30.0, 0.0, 86_400.0, Unit::Seconds,
        "The RPO you promised (the article's active-passive: 5–30 s)."),
    FieldSpec::number("lag_growth_rate", 1.0, 0.001, 1.0, Unit::SecondsPerSecond,
        "How fast lag grows once replication falls behind (1 = replication stopped; it cannot grow faster)."),
];

/// The RPO model's output.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RpoOutput {
    pub inputs: RpoInputs,
    /// Data-loss window on a normal day, seconds.
    pub rpo_typical_s: f64,
    /// Data-loss window when the region degrades first, seconds.
    pub rpo_incident_s: f64,
    /// Writes lost with `rpo_typical_s`.
    pub lost_writes_typical: f64,
    /// Writes lost with `rpo_incident_s`.
    pub lost_writes_incident: f64,
    /// Seconds until a lag growing at `lag_growth_rate` from `typical_lag_s`
    /// exceeds `rpo_budget_s` (0 if it already does): the reason to alert on
    /// the derivative of lag, not its level.
    pub time_to_budget_s: f64,
}

impl RpoInputs {
    /// Checks every input against its range in [`FIELDS`].
    pub fn validate(&self) -> Result<(), ModelError> {
        let check = |name, value| fields::check(&FIELDS, name, value);
        check("typical_lag_s", self.typical_lag_s)?;
        check("incident_lag_s", self.incident_lag_s)?;
        check("writes_per_s", self.writes_per_s)?;
        check("backup_interval_s", self.backup_interval_s)?;
        check("rpo_budget_s", self.rpo_budget_s)?;
        check("lag_growth_rate", self.lag_growth_rate)
    }
}

/// Runs the RPO model.
///
/// In backup mode both RPOs are the whole backup interval: the worst case, a
/// failure just before the next backup lands.
pub fn run(inputs: &RpoInputs) -> Result<RpoOutput, ModelError> {
    inputs.validate()?;
    let (typical, incident) = match inputs.mode {
        RpoMode::Async => (inputs.typical_lag_s, inputs.incident_lag_s),
        RpoMode::Sync => (0.0, 0.0),
        RpoMode::Backup => (inputs.backup_interval_s, inputs.backup_interval_s),
    };
    Ok(RpoOutput {
        inputs: inputs.clone(),
        rpo_typical_s: typical,
        rpo_incident_s: incident,
        lost_writes_typical: inputs.writes_per_s * typical,
        lost_writes_incident: inputs.writes_per_s * incident,
        time_to_budget_s: time_to_budget(
            inputs.rpo_budget_s,
            inputs.typical_lag_s,
            inputs.lag_growth_rate,
        ),
    })
}

/// Seconds before a lag of `current_s`, growing at `rate` s/s, exceeds
/// `budget_s`; 0 if it already has. `rate` must be positive (the field's range
/// guarantees it; a non-positive rate never reaches the budget, which we report
/// as 0 rather than infinity to keep every output finite).
pub fn time_to_budget(budget_s: f64, current_s: f64, rate: f64) -> f64 {
    if rate > 0.0 {
        ((budget_s - current_s) / rate).max(0.0)
    } else {
        0.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn async_defaults_lose_a_second_or_the_incident_lag() {
        let out = run(&RpoInputs::default()).unwrap();
        assert_eq!(out.rpo_typical_s, 1.0);
        assert_eq!(out.rpo_incident_s, 38.0);
        assert_eq!(out.lost_writes_typical, 50.0);
        assert_eq!(out.lost_writes_incident, 1_900.0);
        assert_eq!(out.time_to_budget_s, 29.0);
    }

    #[test]
    fn sync_loses_nothing() {
        let out = run(&RpoInputs {
            mode: RpoMode::Sync,
            ..Default::default()
        })
        .unwrap();
        assert_eq!(out.rpo_typical_s, 0.0);
        assert_eq!(out.rpo_incident_s, 0.0);
        assert_eq!(out.lost_writes_incident, 0.0);
    }

    #[test]
    fn backup_loses_the_interval() {
        let out = run(&RpoInputs {
            mode: RpoMode::Backup,
            ..Default::default()
        })
        .unwrap();
        assert_eq!(out.rpo_typical_s, 86_400.0);
        assert_eq!(out.lost_writes_typical, 50.0 * 86_400.0);
    }

    #[test]
    fn zero_writes_lose_zero_writes() {
        let out = run(&RpoInputs {
            writes_per_s: 0.0,
            ..Default::default()
        })
        .unwrap();
        assert_eq!(out.lost_writes_typical, 0.0);
        assert_eq!(out.lost_writes_incident, 0.0);
    }

    #[test]
    fn budget_already_exceeded_leaves_no_time() {
        assert_eq!(time_to_budget(30.0, 38.0, 0.5), 0.0);
        assert_eq!(time_to_budget(30.0, 10.0, 0.5), 40.0);
        assert_eq!(time_to_budget(30.0, 10.0, 0.0), 0.0);
    }

    #[test]
    fn growth_rate_must_be_positive() {
        let err = run(&RpoInputs {
            lag_growth_rate: 0.0,
            ..Default::default()
        })
        .unwrap_err();
        assert_eq!(err.field(), Some("lag_growth_rate"));
    }
}
