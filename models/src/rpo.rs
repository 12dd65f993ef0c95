//! Recovery point objective: how much data a failover loses.
//!
//! Asynchronous replication loses whatever the replica had not received: the
//! lag, typically about a second, but tens of seconds when the region degrades
//! before it fails (the article's 38 s). Synchronous or consensus databases
//! lose nothing and pay in write latency instead. Restoring from backup loses
//! everything since the last backup.

use serde::{Deserialize, Serialize};

use crate::fields::Inputs as _;
use crate::figures::{Collector, Figures};
use crate::registry::{self, Layout, Model, ModelDef};
use crate::{ModelError, Strategy};

named_enum! {
    /// How the recovery region receives data.
    pub enum RpoMode in "mode" {
        /// Asynchronous replication (Aurora Global Database, DynamoDB global tables).
        Async = "async", "Asynchronous";
        /// Synchronous or consensus replication (Spanner, CockroachDB, Aurora DSQL).
        Sync = "sync", "Synchronous (consensus)";
        /// Periodic backups copied to the recovery region.
        Backup = "backup", "Backups only";
    }
}

inputs! {
    /// Inputs of the RPO model.
    pub struct RpoInputs {
        mode: RpoMode = choice(RpoMode::Async, "Replication",
            "How the recovery region gets data: async replication, sync/consensus (RPO 0), or backups."),
        /// Replication lag on a normal day, seconds.
        typical_lag_s: f64 = number(1.0, 0.0, 86_400.0, Seconds, "Typical replication lag",
            "Replication lag on a normal day (Aurora Global Database, DynamoDB global tables: under 1 s)."),
        /// Lag reached while a region degrades before it fails, seconds.
        incident_lag_s: f64 = number(38.0, 0.0, 86_400.0, Seconds, "Lag as a region degrades",
            "Lag reached while the region degrades before it fails (the article's incident: 38 s)."),
        /// Writes per second at the time of failure.
        writes_per_s: f64 = number(50.0, 0.0, 10_000_000.0, PerSecond, "Write rate",
            "Writes per second at the time of failure."),
        /// Time between backups (backup mode), seconds.
        backup_interval_s: f64 = number(86_400.0, 60.0, 2_592_000.0, Seconds, "Backup interval",
            "Backup mode: time between backups copied to the recovery region."),
        /// The RPO you promised, seconds.
        rpo_budget_s: f64 = number(30.0, 0.0, 86_400.0, Seconds, "RPO budget",
            "The RPO you promised (the article's active-passive: 5–30 s)."),
        /// How fast the lag grows when replication falls behind, seconds per
        /// second (1 = replication has stopped).
        lag_growth_rate: f64 = number(1.0, 0.001, 1.0, SecondsPerSecond, "Lag growth rate",
            "How fast lag grows once replication falls behind (1 = replication stopped; it cannot grow faster)."),
    }
}

/// The RPO model in the registry.
pub static MODEL: ModelDef = ModelDef {
    name: "rpo",
    title: "RPO calculator: how much data a failover loses",
    about: "How much data a failover loses: RPO and lost writes",
    assumptions: "\
async: RPO is the replication lag (typical, and as observed while a region degrades). \
sync: RPO 0, paid for in write latency. backup: RPO is the whole backup interval (the worst \
case). Lost writes = writes_per_s × RPO. time_to_budget_s = (rpo_budget_s - typical_lag_s) / \
lag_growth_rate, never below 0: alert on the growth of lag, not its level.",
    fields: RpoInputs::FIELDS,
    presets: &Strategy::IDS,
    layout: Layout::List,
    data_input: None,
    run: registry::run::<Rpo>,
};

/// The RPO model's typed side.
pub struct Rpo;

impl Model for Rpo {
    type Inputs = RpoInputs;
    type Output = RpoOutput;

    fn def() -> &'static ModelDef {
        &MODEL
    }

    fn run(inputs: &RpoInputs) -> Result<RpoOutput, ModelError> {
        run(inputs)
    }

    fn preset(name: &str) -> Option<RpoInputs> {
        name.parse().ok().map(Strategy::rpo_inputs)
    }
}

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

impl Figures for RpoOutput {
    fn figures(&self, c: &mut Collector) {
        fig!(c, self.rpo_typical_s, "RPO, typical", Seconds);
        fig!(c, self.rpo_incident_s, "RPO, during an incident", Seconds);
        fig!(c, self.lost_writes_typical, "Lost writes, typical", Count);
        fig!(
            c,
            self.lost_writes_incident,
            "Lost writes, during an incident",
            Count
        );
        fig!(
            c,
            self.time_to_budget_s,
            "Time until lag exceeds the RPO budget",
            Seconds
        );
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
