//! Disaster-recovery strategies: the DR ladder of the AWS whitepaper (with
//! Resilience Hub's hot standby), each a preset of RTO, RPO and cost inputs.
//!
//! The values are our assumptions, chosen inside the bands the sources give
//! (backup and restore: hours; pilot light: tens of minutes; warm standby:
//! minutes; active-active: under a minute) and stated on the page that renders
//! [`dr_ladder`]:
//!
//! Every rung follows the RTO model's one sequencing rule (detection,
//! decision, promotion, restore, scale-up, then the traffic shift, none
//! overlapping), and every rung that promotes a database has a person
//! decide first (the RTO model's 15-minute assumption); the ladder shows the
//! scripted case beside it.
//!
//! | strategy | RTO inputs | RPO | cost (active-passive column unless noted) |
//! | --- | --- | --- | --- |
//! | backup-restore | decision, no promotion, 2 h restore and redeploy, 30 min scale-up, DNS | backups every 4 h | no standby compute, backup copies ≈ 10 % of the database, 3,000 GB/month copied |
//! | pilot-light | decision, 60 s promotion, 20 min to start compute, DNS | async | no standby compute, full replica |
//! | warm-standby | the model defaults: 90 s + decision + 60 s + 300 s + 60 s TTL | async | the defaults (30 % standby) |
//! | hot-standby | a full-size standby: decision and promotion (its replica is asynchronous), no scale-up | async | 100 % standby compute and database |
//! | active-active | 10 s checks × 3, anycast; nothing to decide, promote or scale | sync (consensus) | the active-active column |

use serde::{Deserialize, Serialize};

use crate::cost::{self, CostInputs};
use crate::rpo::{self, RpoInputs, RpoMode};
use crate::rto::{self, Routing, RtoInputs};
use crate::{ModelError, Pattern};

named_enum! {
    /// A rung of the DR ladder, cheapest and slowest first. Its id is the
    /// preset name (`pilot-light`).
    pub enum Strategy in "preset" {
        BackupRestore = "backup-restore", "Backup and restore";
        PilotLight = "pilot-light", "Pilot light";
        WarmStandby = "warm-standby", "Warm standby";
        HotStandby = "hot-standby", "Hot standby";
        ActiveActive = "active-active", "Active-active";
    }
}

impl Strategy {
    /// What the recovery region holds before the disaster.
    pub fn summary(self) -> &'static str {
        match self {
            Self::BackupRestore => "Backups copied to another region; infrastructure is rebuilt from code after the disaster.",
            Self::PilotLight => "Data replicated continuously; compute defined in code but switched off until needed.",
            Self::WarmStandby => "A scaled-down copy of the stack runs and takes traffic once scaled up.",
            Self::HotStandby => "A full-size copy runs idle, ready to take all traffic at once.",
            Self::ActiveActive => "Every region serves traffic all the time over a consensus database.",
        }
    }

    /// The cost column this strategy is priced in.
    pub fn pattern(self) -> Pattern {
        match self {
            Self::ActiveActive => Pattern::ActiveActive,
            _ => Pattern::ActivePassive,
        }
    }

    /// The RTO model's inputs for this strategy.
    pub fn rto_inputs(self) -> RtoInputs {
        let base = RtoInputs::default();
        match self {
            Self::BackupRestore => RtoInputs {
                decision_s: 900.0,
                db_promotion_s: 0.0,
                restore_s: 7_200.0,
                scale_up_s: 1_800.0,
                ..base
            },
            Self::PilotLight => RtoInputs {
                scale_up_s: 1_200.0,
                ..base
            },
            Self::WarmStandby => base,
            Self::HotStandby => RtoInputs {
                scale_up_s: 0.0,
                ..base
            },
            Self::ActiveActive => RtoInputs {
                health_check_interval_s: 10.0,
                decision_s: 0.0,
                db_promotion_s: 0.0,
                scale_up_s: 0.0,
                routing: Routing::Anycast,
                ..base
            },
        }
    }

    /// The RPO model's inputs for this strategy.
    pub fn rpo_inputs(self) -> RpoInputs {
        let base = RpoInputs::default();
        match self {
            Self::BackupRestore => RpoInputs {
                mode: RpoMode::Backup,
                backup_interval_s: 4.0 * 3_600.0,
                ..base
            },
            Self::ActiveActive => RpoInputs {
                mode: RpoMode::Sync,
                ..base
            },
            _ => base,
        }
    }

    /// The cost model's inputs for this strategy (read the [`Self::pattern`]
    /// column).
    pub fn cost_inputs(self) -> CostInputs {
        let base = CostInputs::default();
        match self {
            Self::BackupRestore => CostInputs {
                standby_fraction: 0.0,
                replica_fraction: 0.10,
                ap_cross_region_gb: 3_000.0,
                ..base
            },
            Self::PilotLight => CostInputs {
                standby_fraction: 0.0,
                ..base
            },
            Self::HotStandby => CostInputs {
                standby_fraction: 1.0,
                replica_fraction: 1.0,
                ..base
            },
            Self::WarmStandby | Self::ActiveActive => base,
        }
    }
}

/// One row of the DR ladder table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LadderRow {
    pub strategy: Strategy,
    pub name: String,
    pub summary: String,
    /// RTO with the preset's decision step (a person, where there is one).
    pub rto_s: f64,
    /// RTO with scripted, pre-approved promotion (no decision step).
    pub rto_automatic_s: f64,
    pub rpo_mode: RpoMode,
    /// RPO on a normal day, seconds.
    pub rpo_typical_s: f64,
    /// RPO when the region degrades before failing, seconds.
    pub rpo_incident_s: f64,
    /// Monthly cost in the strategy's column of the cost model.
    pub monthly_cost: f64,
    /// `monthly_cost` over the single-region bill.
    pub cost_ratio: f64,
}

/// The DR ladder: every strategy with its RTO, RPO and relative cost, computed
/// from its presets. The site renders the `dr_ladder` table from this.
pub fn dr_ladder() -> Vec<LadderRow> {
    Strategy::ALL
        .into_iter()
        .filter_map(|s| ladder_row(s).ok())
        .collect()
}

fn ladder_row(strategy: Strategy) -> Result<LadderRow, ModelError> {
    let rto = rto::run(&strategy.rto_inputs())?;
    let rpo = rpo::run(&strategy.rpo_inputs())?;
    let cost = cost::run(&strategy.cost_inputs())?;
    let lines = cost.lines(strategy.pattern());
    Ok(LadderRow {
        strategy,
        name: strategy.label().to_owned(),
        summary: strategy.summary().to_owned(),
        rto_s: rto.rto_s,
        rto_automatic_s: rto.rto_automatic_s,
        rpo_mode: strategy.rpo_inputs().mode,
        rpo_typical_s: rpo.rpo_typical_s,
        rpo_incident_s: rpo.rpo_incident_s,
        monthly_cost: lines.total,
        cost_ratio: lines.ratio,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const MINUTE: f64 = 60.0;
    const HOUR: f64 = 3_600.0;

    fn row(strategy: Strategy) -> LadderRow {
        ladder_row(strategy).unwrap()
    }

    #[test]
    fn every_preset_is_valid_and_on_the_ladder() {
        assert_eq!(dr_ladder().len(), 5);
        for s in Strategy::ALL {
            assert_eq!(s.id().parse::<Strategy>(), Ok(s));
            assert_eq!(serde_json::to_value(s).unwrap(), s.id());
        }
    }

    #[test]
    fn rtos_fall_in_the_bands_of_the_sources() {
        let backup = row(Strategy::BackupRestore).rto_s;
        assert!(
            (HOUR..24.0 * HOUR).contains(&backup),
            "backup-restore {backup}"
        );
        let pilot = row(Strategy::PilotLight);
        for rto in [pilot.rto_s, pilot.rto_automatic_s] {
            assert!(
                (10.0 * MINUTE..60.0 * MINUTE).contains(&rto),
                "pilot-light {rto}"
            );
        }
        // Warm standby: minutes; the practitioner's 5–15 min band holds
        // only when the promotion is scripted.
        let warm = row(Strategy::WarmStandby);
        assert_eq!(warm.rto_automatic_s, 510.0);
        assert!((5.0 * MINUTE..=15.0 * MINUTE).contains(&warm.rto_automatic_s));
        assert_eq!(warm.rto_s, 510.0 + 900.0);
        let hot = row(Strategy::HotStandby);
        assert_eq!(
            hot.rto_automatic_s,
            90.0 + 60.0 + 60.0,
            "detection + promotion + TTL"
        );
        assert_eq!(hot.rto_s, hot.rto_automatic_s + 900.0);
        let aa = row(Strategy::ActiveActive);
        assert_eq!((aa.rto_s, aa.rto_automatic_s), (30.0, 30.0));
    }

    #[test]
    fn the_ladder_trades_cost_for_recovery() {
        let rows = dr_ladder();
        for pair in rows.windows(2) {
            assert!(pair[0].rto_s > pair[1].rto_s, "{:?}", pair[1].strategy);
            assert!(
                pair[0].rto_automatic_s > pair[1].rto_automatic_s,
                "{:?}",
                pair[1].strategy
            );
            assert!(
                pair[0].cost_ratio < pair[1].cost_ratio,
                "{:?}",
                pair[1].strategy
            );
        }
        assert_eq!(row(Strategy::WarmStandby).monthly_cost, 10_900.0);
        assert_eq!(row(Strategy::ActiveActive).monthly_cost, 16_700.0);
    }

    #[test]
    fn every_rung_that_promotes_a_database_has_a_decision_first() {
        for s in Strategy::ALL {
            let rto = s.rto_inputs();
            if rto.db_promotion_s > 0.0 {
                assert_eq!(rto.decision_s, crate::rto::DECISION_S, "{s:?}");
            }
        }
        assert!(Strategy::HotStandby.rto_inputs().db_promotion_s > 0.0);
    }

    #[test]
    fn rpo_modes_and_windows() {
        let backup = row(Strategy::BackupRestore);
        assert_eq!(backup.rpo_mode, RpoMode::Backup);
        assert!(backup.rpo_typical_s >= HOUR);
        assert_eq!(row(Strategy::WarmStandby).rpo_incident_s, 38.0);
        assert_eq!(row(Strategy::ActiveActive).rpo_typical_s, 0.0);
    }
}
