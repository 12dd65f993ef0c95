//! Availability: expected downtime per pattern against an SLA.
//!
//! A year is 365 days (525,600 minutes), a month a twelfth of it (43,800
//! minutes). Regional outages arrive `outages_per_year` times and last
//! `outage_minutes`. A single region is down for the whole outage. A
//! multi-region pattern is down for its RTO when failover works and for the
//! whole outage when it does not. When the RTO is longer than the outage, the
//! outage ends first, so a successful failover costs at most the outage: this
//! keeps "a less reliable failover never means less downtime" true for every
//! input. Downtime is capped at a full year.

use serde::{Deserialize, Serialize};

use crate::fields::Inputs as _;
use crate::figures::{Collector, Figures};
use crate::registry::{self, Across, Layout, Model, ModelDef};
use crate::{ModelError, Pattern};

/// Minutes in a 365-day year.
pub const MINUTES_PER_YEAR: f64 = 525_600.0;
/// Minutes in a month, a twelfth of the year.
pub const MINUTES_PER_MONTH: f64 = MINUTES_PER_YEAR / 12.0;

inputs! {
    /// Inputs of the availability model.
    pub struct AvailabilityInputs {
        /// The availability promised, percent.
        sla: f64 = number(99.99, 0.0, 100.0, Percent, "SLA",
            "Availability promised (EC2 region-level SLA: 99.99 %)."),
        /// Regional outages per year.
        outages_per_year: f64 = number(0.2, 0.0, 365.0, PerYear, "Regional outages",
            "Regional outages per year (one every five years by default)."),
        /// Mean length of a regional outage, minutes.
        outage_minutes: f64 = number(240.0, 0.0, 525_600.0, Minutes, "Mean regional outage",
            "Mean length of a regional outage (recent ones: 40 min to 14.5 h)."),
        /// Probability that a failover works (0–1).
        failover_success: f64 = number(0.9, 0.0, 1.0, Fraction, "Failovers that work",
            "Chance that failover works: about 0.9 when drilled quarterly, closer to 0.5 when never tested."),
        /// RTO of active-passive, seconds (default: the warm-standby preset).
        ap_rto_s: f64 = number(510.0, 0.0, 604_800.0, Seconds, "RTO, active-passive",
            "RTO of active-passive (the warm-standby preset: 510 s)."),
        /// RTO of active-active, seconds (default: the active-active preset).
        aa_rto_s: f64 = number(30.0, 0.0, 604_800.0, Seconds, "RTO, active-active",
            "RTO of active-active (the active-active preset: 30 s)."),
    }
}

/// The availability model in the registry.
pub static MODEL: ModelDef = ModelDef {
    name: "availability",
    title: "Availability calculator: downtime against your SLA",
    about: "Expected downtime and availability of each pattern against an SLA",
    assumptions: "\
A year is 525,600 minutes, a month 43,800. Single region: down for every regional outage. \
Multi-region: down for the RTO when failover works (at most the outage) and for the whole \
outage when it does not. Availability = 1 - downtime / year; downtime is capped at a year.",
    fields: AvailabilityInputs::FIELDS,
    presets: &[],
    layout: Layout::Grid {
        caption: "Expected downtime and availability per pattern",
        corner: "Pattern",
        groups: Across::Rows,
    },
    data_input: None,
    run: registry::run::<Availability>,
};

/// The availability model's typed side.
pub struct Availability;

impl Model for Availability {
    type Inputs = AvailabilityInputs;
    type Output = AvailabilityOutput;

    fn def() -> &'static ModelDef {
        &MODEL
    }

    fn run(inputs: &AvailabilityInputs) -> Result<AvailabilityOutput, ModelError> {
        run(inputs)
    }
}

/// One pattern's expected downtime and availability.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct PatternAvailability {
    /// Expected downtime per year, minutes.
    pub downtime_min_year: f64,
    /// Expected availability, percent.
    pub availability_pct: f64,
    /// Whether the downtime fits in the SLA's budget.
    pub meets_sla: bool,
}

impl Figures for PatternAvailability {
    fn figures(&self, c: &mut Collector) {
        fig!(c, self.downtime_min_year, "Downtime per year", Minutes);
        fig!(c, self.availability_pct, "Availability", Percent);
        fig!(c, self.meets_sla, "Meets the SLA", Bool);
    }
}

/// The availability model's output.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AvailabilityOutput {
    pub inputs: AvailabilityInputs,
    /// Downtime the SLA allows per year, minutes.
    pub allowed_min_year: f64,
    /// Downtime the SLA allows per month, minutes.
    pub allowed_min_month: f64,
    pub single_region: PatternAvailability,
    pub active_passive: PatternAvailability,
    pub active_active: PatternAvailability,
}

impl Figures for AvailabilityOutput {
    fn figures(&self, c: &mut Collector) {
        fig!(
            c,
            self.allowed_min_year,
            "Downtime allowed per year",
            Minutes
        );
        fig!(
            c,
            self.allowed_min_month,
            "Downtime allowed per month",
            Minutes
        );
        fig!(c, self.single_region, group Pattern::SingleRegion.short_name());
        fig!(c, self.active_passive, group Pattern::ActivePassive.short_name());
        fig!(c, self.active_active, group Pattern::ActiveActive.short_name());
    }
}

impl AvailabilityInputs {
    /// Expected downtime per year of a pattern that fails over in `rto_s`.
    fn multi_region_downtime(&self, rto_s: f64) -> f64 {
        let per_failover = (rto_s / 60.0).min(self.outage_minutes);
        let per_outage = self.failover_success * per_failover
            + (1.0 - self.failover_success) * self.outage_minutes;
        self.outages_per_year * per_outage
    }
}

/// Runs the availability model.
pub fn run(inputs: &AvailabilityInputs) -> Result<AvailabilityOutput, ModelError> {
    inputs.validate()?;
    let allowed_min_year = (100.0 - inputs.sla) / 100.0 * MINUTES_PER_YEAR;
    let judge = |downtime: f64| {
        let downtime = downtime.min(MINUTES_PER_YEAR);
        PatternAvailability {
            downtime_min_year: downtime,
            availability_pct: 100.0 * (1.0 - downtime / MINUTES_PER_YEAR),
            meets_sla: meets(downtime, allowed_min_year),
        }
    };
    Ok(AvailabilityOutput {
        inputs: inputs.clone(),
        allowed_min_year,
        allowed_min_month: allowed_min_year / 12.0,
        single_region: judge(inputs.outages_per_year * inputs.outage_minutes),
        active_passive: judge(inputs.multi_region_downtime(inputs.ap_rto_s)),
        active_active: judge(inputs.multi_region_downtime(inputs.aa_rto_s)),
    })
}

/// Whether `downtime` fits in `allowed`, forgiving the last bits of floating
/// point (99.99 is not exact in binary, and a downtime equal to the budget
/// meets it).
fn meets(downtime: f64, allowed: f64) -> bool {
    downtime <= allowed + 1e-9 * allowed.max(1.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn defaults() -> AvailabilityOutput {
        run(&AvailabilityInputs::default()).unwrap()
    }

    #[test]
    fn budgets_match_the_published_tables() {
        let out = defaults();
        assert!((out.allowed_min_year - 52.56).abs() < 1e-9);
        assert!((out.allowed_min_month - 4.38).abs() < 1e-9);
        let three_nines = run(&AvailabilityInputs {
            sla: 99.9,
            ..Default::default()
        })
        .unwrap();
        assert!((three_nines.allowed_min_year / 60.0 - 8.76).abs() < 1e-9);
        assert!((three_nines.allowed_min_month - 43.8).abs() < 1e-9);
        let five_nines = run(&AvailabilityInputs {
            sla: 99.999,
            ..Default::default()
        })
        .unwrap();
        assert!((five_nines.allowed_min_year - 5.256).abs() < 1e-9);
    }

    #[test]
    fn downtime_per_pattern_follows_the_formulas() {
        let out = defaults();
        assert!((out.single_region.downtime_min_year - 48.0).abs() < 1e-9);
        // 0.2 × (0.9 × 8.5 + 0.1 × 240)
        assert!((out.active_passive.downtime_min_year - 6.33).abs() < 1e-9);
        // 0.2 × (0.9 × 0.5 + 0.1 × 240)
        assert!((out.active_active.downtime_min_year - 4.89).abs() < 1e-9);
        let a = out.single_region.availability_pct;
        assert!((a - 100.0 * (1.0 - 48.0 / 525_600.0)).abs() < 1e-12);
        assert!(out.single_region.meets_sla);
        assert!(out.active_passive.meets_sla && out.active_active.meets_sla);
    }

    #[test]
    fn a_downtime_exactly_at_the_budget_meets_an_sla_of_exactly_99_99() {
        // 52.56 min/year allowed; one outage of exactly 52.56 min.
        let inputs = AvailabilityInputs {
            sla: 99.99,
            outages_per_year: 1.0,
            outage_minutes: 52.56,
            ..Default::default()
        };
        let out = run(&inputs).unwrap();
        assert!(out.single_region.meets_sla);
        let over = run(&AvailabilityInputs {
            outage_minutes: 52.57,
            ..inputs
        })
        .unwrap();
        assert!(!over.single_region.meets_sla);
    }

    #[test]
    fn an_untested_failover_costs_downtime() {
        let drilled = defaults();
        let untested = run(&AvailabilityInputs {
            failover_success: 0.5,
            ..Default::default()
        })
        .unwrap();
        assert!(
            untested.active_passive.downtime_min_year > drilled.active_passive.downtime_min_year
        );
    }

    #[test]
    fn an_rto_longer_than_the_outage_costs_the_outage() {
        let inputs = AvailabilityInputs {
            ap_rto_s: 86_400.0,
            ..Default::default()
        };
        let out = run(&inputs).unwrap();
        assert_eq!(
            out.active_passive.downtime_min_year,
            out.single_region.downtime_min_year
        );
    }

    #[test]
    fn downtime_is_capped_at_a_year() {
        let inputs = AvailabilityInputs {
            outages_per_year: 365.0,
            outage_minutes: 525_600.0,
            ..Default::default()
        };
        let out = run(&inputs).unwrap();
        assert_eq!(out.single_region.downtime_min_year, MINUTES_PER_YEAR);
        assert_eq!(out.single_region.availability_pct, 0.0);
    }
}
