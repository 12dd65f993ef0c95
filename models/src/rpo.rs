//! Recovery point objective: how much data a failover loses.
//!
//! Asynchronous replication loses whatever the replica had not received: the
//! lag, typically about a second, but tens of seconds when the region degrades
//! before it fails. Synchronous or consensus databases lose nothing and pay
//! in write latency instead. Restoring from backup loses everything since the
//! last backup.
//!
//! The RPO budget gets a status, and a time only where one means something:
//! with asynchronous replication, how long a lag growing at
//! `lag_growth_rate` takes to cross the budget (the reason to alert on the
//! growth of lag, not its level). Synchronous replication has no lag to
//! grow; a backup interval either fits the budget or exceeds it.
//!
//! Defaults and where they come from: typical lag 1 s (Aurora Global
//! Database and DynamoDB global tables: usually under a second); 38 s as the
//! region degrades (one practitioner's account, in Abhishek Patel's article
//! "Multi-Region Architecture: Most Apps Don't Need It"); the 30 s budget is
//! the top of the same article's 5–30 s active-passive range; 50 writes/s, a
//! daily backup and a growth rate of 1 s/s (replication stopped) are
//! assumptions.

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
            "Replication lag on a normal day (AWS documentation: Aurora Global Database typically under 1 s, DynamoDB global tables usually within a second)."),
        /// Lag reached while a region degrades before it fails, seconds.
        incident_lag_s: f64 = number(38.0, 0.0, 86_400.0, Seconds, "Lag as a region degrades",
            "Lag reached while the region degrades before it fails (38 s in one practitioner's account, in Abhishek Patel's article)."),
        /// Writes per second at the time of failure.
        writes_per_s: f64 = number(50.0, 0.0, 10_000_000.0, PerSecond, "Write rate",
            "Writes per second at the time of failure (assumption: 50)."),
        /// Time between backups (backup mode), seconds.
        backup_interval_s: f64 = number(86_400.0, 60.0, 2_592_000.0, Seconds, "Backup interval",
            "Backup mode: time between backups copied to the recovery region (assumption: daily)."),
        /// The RPO you promised, seconds.
        rpo_budget_s: f64 = number(30.0, 0.0, 86_400.0, Seconds, "RPO budget",
            "The RPO you promised (Abhishek Patel's article puts active-passive at 5–30 s)."),
        /// How fast the lag grows when replication falls behind, seconds per
        /// second (1 = replication has stopped).
        lag_growth_rate: f64 = number(1.0, 0.001, 1.0, SecondsPerSecond, "Lag growth rate",
            "How fast lag grows once replication falls behind (assumption: 1, replication stopped, the worst case: it cannot grow faster)."),
    }
}

/// The RPO model in the registry.
pub static MODEL: ModelDef = ModelDef {
    name: "rpo",
    title: prose!("RPO calculator: how much data a failover loses"),
    about: prose!("How much data a failover loses: RPO and lost writes"),
    assumptions: prose!(
        "\
Asynchronous: the RPO is the replication lag, typical and as observed while a region \
degrades. Synchronous: RPO 0, paid for in write latency. Backups: the RPO is the whole backup \
interval (the worst case). Lost writes = write rate × RPO.
The RPO budget: with asynchronous replication, the time a lag growing from its typical level \
takes to cross the budget = (budget - typical lag) / growth rate, the reason to alert on the \
growth of lag, not its level. Synchronous replication has no lag to grow; a backup interval \
either fits the budget or exceeds it, and the status says which."
    ),
    fields: RpoInputs::FIELDS,
    presets: &Strategy::IDS,
    layout: Layout::List,
    data_input: None,
    uses: &[],
    headline: headline!(
        "Data lost when a degrading region fails",
        [
            ("rpo_incident_s", "RPO"),
            ("lost_writes_incident", "Writes lost"),
        ]
    ),
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
    /// What the RPO budget means for this mode.
    pub budget_status: BudgetStatus,
    /// The same, in a sentence with its numbers.
    pub budget_text: String,
    /// Seconds until a lag growing at `lag_growth_rate` from `typical_lag_s`
    /// exceeds `rpo_budget_s`: only with asynchronous replication whose
    /// typical lag is inside the budget (absent otherwise, never a number
    /// that means nothing).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time_to_budget_s: Option<f64>,
}

named_enum! {
    /// What the RPO budget means for a replication mode.
    pub enum BudgetStatus in "budget_status" {
        /// Asynchronous, lag inside the budget: a growing lag crosses it
        /// after `time_to_budget_s`.
        GrowingLag = "growing-lag", "Lag inside the budget";
        /// Asynchronous, and the typical lag alone exceeds the budget.
        AlreadyOver = "already-over", "Typical lag over the budget";
        /// Synchronous: no lag, nothing to exceed.
        NoLag = "no-lag", "No lag";
        /// Backups more frequent than the budget.
        BackupFits = "backup-fits", "Backup interval fits";
        /// Backups further apart than the budget.
        BackupOver = "backup-over", "Backup interval over the budget";
    }
}

impl Figures for RpoOutput {
    fn figures(&self, c: &mut Collector) {
        c.inputs(&self.inputs);
        fig!(c, self.rpo_typical_s, "RPO, typical", Seconds);
        fig!(c, self.rpo_incident_s, "RPO, during an incident", Seconds);
        fig!(c, self.lost_writes_typical, "Lost writes, typical", Count);
        fig!(
            c,
            self.lost_writes_incident,
            "Lost writes, during an incident",
            Count
        );
        fig!(c, self.budget_text, "RPO budget", Text);
        fig!(c, self.budget_status, detail "RPO budget status", Text);
        if let Some(t) = &self.time_to_budget_s {
            c.detail(
                "time_to_budget_s",
                "Time until lag exceeds the RPO budget",
                crate::Unit::Seconds,
                t,
            );
        }
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
    let (budget_status, time_to_budget_s) = budget(inputs);
    Ok(RpoOutput {
        inputs: inputs.clone(),
        rpo_typical_s: typical,
        rpo_incident_s: incident,
        lost_writes_typical: inputs.writes_per_s * typical,
        lost_writes_incident: inputs.writes_per_s * incident,
        budget_text: budget_text(inputs, budget_status, time_to_budget_s),
        budget_status,
        time_to_budget_s,
    })
}

/// The budget's status, and the time to cross it where that means something.
fn budget(i: &RpoInputs) -> (BudgetStatus, Option<f64>) {
    match i.mode {
        RpoMode::Sync => (BudgetStatus::NoLag, None),
        RpoMode::Backup if i.backup_interval_s > i.rpo_budget_s => (BudgetStatus::BackupOver, None),
        RpoMode::Backup => (BudgetStatus::BackupFits, None),
        RpoMode::Async if i.typical_lag_s >= i.rpo_budget_s => (BudgetStatus::AlreadyOver, None),
        RpoMode::Async => (
            BudgetStatus::GrowingLag,
            Some(time_to_budget(
                i.rpo_budget_s,
                i.typical_lag_s,
                i.lag_growth_rate,
            )),
        ),
    }
}

/// The budget's status in a sentence.
fn budget_text(i: &RpoInputs, status: BudgetStatus, time: Option<f64>) -> String {
    let d = crate::format::duration;
    let budget = d(i.rpo_budget_s);
    match status {
        BudgetStatus::GrowingLag => format!(
            "A lag growing at {} s/s from its typical {} crosses the {budget} budget after {}: \
             alert on the growth of lag, not its level.",
            crate::format::plain(i.lag_growth_rate),
            d(i.typical_lag_s),
            d(time.unwrap_or(0.0))
        ),
        BudgetStatus::AlreadyOver => format!(
            "The typical lag of {} already exceeds the {budget} budget.",
            d(i.typical_lag_s)
        ),
        BudgetStatus::NoLag => {
            "Synchronous replication has no lag: the budget cannot be exceeded (RPO 0).".to_owned()
        }
        BudgetStatus::BackupFits => format!(
            "Backups every {} fit the {budget} budget.",
            d(i.backup_interval_s)
        ),
        BudgetStatus::BackupOver => format!(
            "Backups every {} exceed the {budget} budget by {}.",
            d(i.backup_interval_s),
            d(i.backup_interval_s - i.rpo_budget_s)
        ),
    }
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
    use crate::tests::{assert_says, with};

    #[test]
    fn async_defaults_lose_a_second_or_the_incident_lag() {
        let out = run(&RpoInputs::default()).unwrap();
        assert_eq!(out.rpo_typical_s, 1.0);
        assert_eq!(out.rpo_incident_s, 38.0);
        assert_eq!(out.lost_writes_typical, 50.0);
        assert_eq!(out.lost_writes_incident, 1_900.0);
        assert_eq!(out.budget_status, BudgetStatus::GrowingLag);
        assert_eq!(out.time_to_budget_s, Some(29.0));
        assert_says(&out.budget_text, &["after 29 s"]);
    }

    #[test]
    fn sync_and_backup_give_a_status_and_no_time() {
        let sync = run(&with(RpoInputs::default(), |i| i.mode = RpoMode::Sync)).unwrap();
        assert_eq!(
            (sync.budget_status, sync.time_to_budget_s),
            (BudgetStatus::NoLag, None)
        );
        let json = serde_json::to_value(&sync).unwrap();
        assert!(json.get("time_to_budget_s").is_none());
        let backup = run(&with(RpoInputs::default(), |i| i.mode = RpoMode::Backup)).unwrap();
        assert_eq!(backup.budget_status, BudgetStatus::BackupOver);
        assert_eq!(
            backup.budget_text,
            "Backups every 24 h exceed the 30 s budget by 23 h 60 min."
                .replace("23 h 60 min", &crate::format::duration(86_370.0))
        );
        let fits = run(&RpoInputs {
            mode: RpoMode::Backup,
            backup_interval_s: 600.0,
            rpo_budget_s: 3_600.0,
            ..Default::default()
        })
        .unwrap();
        assert_eq!(fits.budget_status, BudgetStatus::BackupFits);
        let over = run(&with(RpoInputs::default(), |i| i.typical_lag_s = 40.0)).unwrap();
        assert_eq!(
            (over.budget_status, over.time_to_budget_s),
            (BudgetStatus::AlreadyOver, None)
        );
    }

    #[test]
    fn sync_loses_nothing() {
        let out = run(&with(RpoInputs::default(), |i| i.mode = RpoMode::Sync)).unwrap();
        assert_eq!(out.rpo_typical_s, 0.0);
        assert_eq!(out.rpo_incident_s, 0.0);
        assert_eq!(out.lost_writes_incident, 0.0);
    }

    #[test]
    fn backup_loses_the_interval() {
        let out = run(&with(RpoInputs::default(), |i| i.mode = RpoMode::Backup)).unwrap();
        assert_eq!(out.rpo_typical_s, 86_400.0);
        assert_eq!(out.lost_writes_typical, 50.0 * 86_400.0);
    }

    #[test]
    fn zero_writes_lose_zero_writes() {
        let out = run(&with(RpoInputs::default(), |i| i.writes_per_s = 0.0)).unwrap();
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
        let err = run(&with(RpoInputs::default(), |i| i.lag_growth_rate = 0.0)).unwrap_err();
        assert_eq!(err.field(), Some("lag_growth_rate"));
    }
}
