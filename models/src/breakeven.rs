//! Break-even: at what cost of downtime do more regions pay for themselves?
//!
//! Every rung of the DR ladder above backup and restore (which every system
//! should have anyway) is priced, timed and judged by the other models, on
//! the reader's single-region bill and outage assumptions:
//!
//! - its monthly cost: the cost model with the rung's preset (the rung's
//!   column), on the given compute, database and transfer spend and region
//!   count (`regions`, the cost model's input: a standby, or an active
//!   region, per extra region, each line by the cost model's own rule);
//! - its RTO: the RTO model with the rung's preset, with the given decision
//!   time wherever the rung promotes a database;
//! - its expected downtime and SLA-breaching months: the availability model
//!   with that RTO.
//!
//! Per rung, against a single region: added cost per year = 12 × (rung −
//! single region); downtime avoided per year = the single region's expected
//! downtime − the rung's; breaching months avoided likewise; value per year =
//! hours avoided × `outage_cost_per_hour` + breaching months avoided ×
//! `penalty_per_breach`; net = value − added cost; **break-even outage cost
//! per hour** = (added cost − penalties avoided) ÷ hours avoided, never below
//! zero, and absent when the rung avoids no downtime (no outages, or a
//! failover that never works): it never pays for itself then.
//!
//! Defaults and where they come from: `outage_cost_per_hour` $10,000 is **an
//! assumption** to illustrate (put in your own); `penalty_per_breach` 0 (an
//! assumption: contracts differ); the SLA, outage rate and length, failover
//! success and decision time are the availability and RTO models' defaults
//! (the outage figures derived from the public outage record, the failover
//! success and the decision time assumptions); the bill is the cost model's
//! (Abhishek Patel's mid-size application).

use serde::{Deserialize, Serialize};

use crate::availability::{self, pattern_risk, AvailabilityInputs};
use crate::cost::{self, CostInputs, TransferFrom};
use crate::fields::Inputs as _;
use crate::figures::{Collector, Figures};
use crate::registry::{self, Across, Layout, Model, ModelDef};
use crate::rto::{self, DECISION_S};
use crate::{format, ModelError, Strategy};

inputs! {
    /// Inputs of the break-even model.
    pub struct BreakevenInputs {
        /// What an hour of regional outage costs, $.
        outage_cost_per_hour: f64 = number(10_000.0, 0.0, 100_000_000.0, DollarsPerHour, "Outage cost per hour",
            "What an hour of regional outage costs you: lost revenue, SLA credits, penalties, staff. Assumption: $10,000 to illustrate; put in your own."),
        /// Extra cost of each SLA-breaching month, $.
        penalty_per_breach: f64 = number(0.0, 0.0, 100_000_000.0, DollarsEach, "Penalty per breaching month",
            "What each month that breaches your SLA costs on top of the hours (credits owed, contractual penalties); 0 if your contracts have none (assumption)."),
        sla: f64 = number(99.99, 0.0, 100.0, Percent, "SLA",
            "Availability promised, judged per month (the EC2 region-level SLA: 99.99 %)."),
        outages_per_year: f64 = number(availability::OUTAGES_PER_YEAR, 0.0, 365.0, PerYear, "Regional outages",
            "Regional outages per year: derived from the public outage record (region-wide events in the busiest region since 2017)."),
        outage_minutes: f64 = number(availability::OUTAGE_MINUTES, 0.0, 525_600.0, Minutes, "Mean regional outage",
            "Mean length of a regional outage: derived from the same record."),
        failover_success: f64 = number(0.9, 0.0, 1.0, Fraction, "Failovers that work",
            "Chance that failover works. Assumption: no public source measures it; 0.9 stands for a failover drilled every quarter."),
        decision_s: f64 = number(DECISION_S, 0.0, 86_400.0, Seconds, "Decision time",
            "Time to decide to promote a database. Assumption: 15 min for a person; 0 with scripted, pre-approved promotion. Active-active has no decision."),
        compute: f64 = number(5_000.0, 1.0, 10_000_000.0, Dollars, "Compute",
            "Single-region compute per month (the cost model's default)."),
        database: f64 = number(2_000.0, 0.0, 10_000_000.0, Dollars, "Database",
            "Single-region database per month."),
        transfer: f64 = number(200.0, 0.0, 10_000_000.0, Dollars, "Data transfer",
            "Single-region data transfer per month."),
        /// Regions of every rung (2–10): the primary and a standby, or an
        /// active region, per extra region, as the cost model prices them.
        regions: u32 = integer(2, 2, 10, Regions, "Regions",
            "Regions of every rung: the primary plus a standby (or, active-active, an active region) for each extra region, priced by the cost model."),
        /// Where the inter-region data is sent from (sets its price).
        transfer_from: TransferFrom = choice(TransferFrom::UsEu, "Inter-region transfer from",
            "The cost model's inter-region price, by the region the data leaves; pick the group of your primary region."),
        /// The price when `transfer_from` is `custom`, $/GB.
        custom_price_per_gb: f64 = number(0.02, 0.0, 1.0, DollarsPerGb, "Custom transfer price",
            "Used only with “Another price”: your inter-region price per GB."),
    }
}

/// The break-even model in the registry.
pub static MODEL: ModelDef = ModelDef {
    name: "breakeven",
    title: prose!("Break-even calculator: when does a second region pay for itself?"),
    about: prose!(
        "The outage cost per hour at which each DR rung pays for itself, and its net value a year"
    ),
    assumptions: prose!(
        "\
Each rung is priced by the cost model (its preset, on your single-region bill, with a standby \
or, for active-active, an active region for each region beyond the first), timed by the \
RTO model (its preset, with your decision time wherever a database is promoted) and judged \
by the availability model (expected downtime and SLA-breaching months with that RTO).
Added cost a year = 12 × (the rung's monthly cost - the single region's). Downtime avoided = \
the single region's expected downtime - the rung's. Value a year = hours avoided × the outage \
cost per hour + breaching months avoided × the penalty per breaching month. Net = value - \
added cost. Break-even outage cost per hour = (added cost - penalties avoided) / hours \
avoided; a rung that avoids no downtime never pays for itself.
Left out: capacity at failover (a pilot light must launch everything during a regional \
event, when launches may be impaired), people's time, drills and the cost of data lost."
    ),
    fields: BreakevenInputs::FIELDS,
    presets: &[],
    layout: Layout::Grid {
        caption: "What each rung costs and saves a year, against one region",
        corner: "Rung",
        groups: Across::Rows,
    },
    data_input: None,
    uses: &[],
    headline: headline!(
        "Pays for itself above, per hour of outage",
        [
            ("pilot_light.break_even_per_hour", "Pilot light"),
            ("warm_standby.break_even_per_hour", "Warm standby", "Warm"),
            ("hot_standby.break_even_per_hour", "Hot standby", "Hot"),
            ("active_active.break_even_per_hour", "Active-active"),
        ]
    ),
    run: registry::run::<Breakeven>,
};

/// The break-even model's typed side.
pub struct Breakeven;

impl Model for Breakeven {
    type Inputs = BreakevenInputs;
    type Output = BreakevenOutput;

    fn def() -> &'static ModelDef {
        &MODEL
    }

    fn run(inputs: &BreakevenInputs) -> Result<BreakevenOutput, ModelError> {
        run(inputs)
    }
}

/// The rungs priced, in ladder order.
pub const RUNGS: [Strategy; 4] = [
    Strategy::PilotLight,
    Strategy::WarmStandby,
    Strategy::HotStandby,
    Strategy::ActiveActive,
];

/// What one rung costs and saves a year.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct RungValue {
    /// The rung's monthly bill.
    pub monthly_cost: f64,
    /// Its RTO, with the decision time where it promotes a database.
    pub rto_s: f64,
    pub added_cost_year: f64,
    pub hours_avoided_year: f64,
    pub breaches_avoided_year: f64,
    pub value_year: f64,
    pub net_year: f64,
    /// Absent when the rung avoids no downtime and no penalty covers it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub break_even_per_hour: Option<f64>,
}

impl Figures for RungValue {
    fn figures(&self, c: &mut Collector) {
        fig!(c, self.added_cost_year, "Added cost a year", DollarsPerYear);
        fig!(c, self.hours_avoided_year, "Downtime avoided a year", Hours);
        fig!(
            c,
            self.breaches_avoided_year,
            "Breaching months avoided a year",
            PerYear
        );
        fig!(c, self.value_year, "Value a year", DollarsPerYear);
        fig!(c, self.net_year, "Net a year", DollarsPerYear);
        if let Some(value) = &self.break_even_per_hour {
            c.figure(
                "break_even_per_hour",
                "Break-even outage cost per hour",
                crate::Unit::DollarsPerHour,
                value,
            );
        }
        fig!(c, self.monthly_cost, detail "Monthly cost", Dollars);
        fig!(c, self.rto_s, detail "RTO", Seconds);
    }
}

/// The break-even model's output.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BreakevenOutput {
    pub inputs: BreakevenInputs,
    /// A single region's expected downtime from regional outages, hours a year.
    pub single_region_hours_year: f64,
    /// What that downtime costs a year at the outage cost per hour (and the
    /// penalties of its breaching months).
    pub single_region_cost_year: f64,
    pub pilot_light: RungValue,
    pub warm_standby: RungValue,
    pub hot_standby: RungValue,
    pub active_active: RungValue,
    /// The rung with the highest net at the given outage cost, or none.
    pub best: String,
    /// One sentence per rung.
    pub verdicts: Vec<String>,
}

impl Figures for BreakevenOutput {
    fn figures(&self, c: &mut Collector) {
        c.inputs(&self.inputs);
        fig!(c, self.pilot_light, group Strategy::PilotLight.label());
        fig!(c, self.warm_standby, group Strategy::WarmStandby.label());
        fig!(c, self.hot_standby, group Strategy::HotStandby.label());
        fig!(c, self.active_active, group Strategy::ActiveActive.label());
        fig!(c, self.best, "Best value at your outage cost", Text);
        fig!(
            c,
            self.single_region_hours_year,
            "Single region: downtime a year",
            Hours
        );
        fig!(
            c,
            self.single_region_cost_year,
            "Single region: what it costs a year",
            DollarsPerYear
        );
        fig!(c, self.verdicts, list "When each rung pays for itself");
    }
}

impl BreakevenOutput {
    /// The value of one rung (one of [`RUNGS`]).
    pub fn rung(&self, strategy: Strategy) -> Option<&RungValue> {
        match strategy {
            Strategy::PilotLight => Some(&self.pilot_light),
            Strategy::WarmStandby => Some(&self.warm_standby),
            Strategy::HotStandby => Some(&self.hot_standby),
            Strategy::ActiveActive => Some(&self.active_active),
            Strategy::BackupRestore => None,
        }
    }
}

impl RungValue {
    /// Net value a year at `cost_per_hour` of outage (a line in the cost).
    pub fn net_at(&self, cost_per_hour: f64, penalty: f64) -> f64 {
        self.hours_avoided_year * cost_per_hour + self.breaches_avoided_year * penalty
            - self.added_cost_year
    }
}

impl BreakevenInputs {
    fn availability(&self) -> AvailabilityInputs {
        AvailabilityInputs {
            sla: self.sla,
            outages_per_year: self.outages_per_year,
            outage_minutes: self.outage_minutes,
            failover_success: self.failover_success,
            ..Default::default()
        }
    }

    /// One rung, priced, timed and judged.
    fn rung(&self, strategy: Strategy) -> Result<RungValue, ModelError> {
        let bill = cost::run(&CostInputs {
            compute: self.compute,
            database: self.database,
            transfer: self.transfer,
            regions: self.regions,
            transfer_from: self.transfer_from,
            custom_price_per_gb: self.custom_price_per_gb,
            ..strategy.cost_inputs()
        })?;
        let monthly_cost = bill.lines(strategy.pattern()).total;
        let mut rto_inputs = strategy.rto_inputs();
        if rto_inputs.decision_s > 0.0 {
            rto_inputs.decision_s = self.decision_s;
        }
        let rto_s = rto::run(&rto_inputs)?.rto_s;
        let availability = self.availability();
        let single = pattern_risk(&availability, None);
        let risk = pattern_risk(&availability, Some(rto_s));
        let added_cost_year = 12.0 * (monthly_cost - bill.single_region.total);
        let hours_avoided_year =
            availability::downtime_avoided_min_year(&availability, rto_s) / 60.0;
        let breaches_avoided_year = single.breaching_months_year - risk.breaching_months_year;
        let penalties_avoided = breaches_avoided_year * self.penalty_per_breach;
        let value_year = hours_avoided_year * self.outage_cost_per_hour + penalties_avoided;
        let uncovered = added_cost_year - penalties_avoided;
        let break_even_per_hour = if uncovered <= 0.0 {
            Some(0.0)
        } else {
            // A rung that avoids no downtime, or so little that the quotient
            // overflows, never pays for itself: no number, not infinity.
            Some(uncovered / hours_avoided_year)
                .filter(|b| hours_avoided_year > 0.0 && b.is_finite())
        };
        Ok(RungValue {
            monthly_cost,
            rto_s,
            added_cost_year,
            hours_avoided_year,
            breaches_avoided_year,
            value_year,
            net_year: value_year - added_cost_year,
            break_even_per_hour,
        })
    }
}

/// Runs the break-even model.
pub fn run(inputs: &BreakevenInputs) -> Result<BreakevenOutput, ModelError> {
    inputs.validate()?;
    let values = [
        inputs.rung(RUNGS[0])?,
        inputs.rung(RUNGS[1])?,
        inputs.rung(RUNGS[2])?,
        inputs.rung(RUNGS[3])?,
    ];
    let single = pattern_risk(&inputs.availability(), None);
    let single_region_hours_year = single.downtime_min_year / 60.0;
    let verdicts = RUNGS
        .iter()
        .zip(&values)
        .map(|(s, v)| verdict(inputs, *s, v))
        .collect();
    Ok(BreakevenOutput {
        single_region_hours_year,
        single_region_cost_year: single_region_hours_year * inputs.outage_cost_per_hour
            + single.breaching_months_year * inputs.penalty_per_breach,
        best: best(inputs, &values),
        verdicts,
        pilot_light: values[0],
        warm_standby: values[1],
        hot_standby: values[2],
        active_active: values[3],
        inputs: inputs.clone(),
    })
}

/// Money rounded to two significant digits, for sentences ("$8,400").
pub fn round_money(dollars: f64) -> String {
    format::money(two_digits(dollars))
}

/// `dollars` rounded to two significant digits (8,379 → 8,400); 0 for
/// anything not positive and finite.
pub fn two_digits(dollars: f64) -> f64 {
    if dollars <= 0.0 || !dollars.is_finite() {
        return 0.0;
    }
    let magnitude = libm::pow(10.0, libm::floor(libm::log10(dollars)) - 1.0);
    libm::round(dollars / magnitude) * magnitude
}

/// "Warm standby pays for itself above $8,400 an hour of outage; ...".
fn verdict(inputs: &BreakevenInputs, strategy: Strategy, v: &RungValue) -> String {
    let name = strategy.label();
    let at = format::money(inputs.outage_cost_per_hour);
    let net = if v.net_year >= 0.0 {
        format!("returns {} a year", format::money(v.net_year))
    } else {
        format!(
            "costs {} a year more than it saves",
            format::money(-v.net_year)
        )
    };
    match v.break_even_per_hour {
        None => format!(
            "{name} never pays for itself with these inputs: it avoids no downtime (no outages, \
             or failovers that never work)."
        ),
        Some(0.0) => format!(
            "{name} pays for itself at any outage cost: the SLA penalties it avoids cover its \
             {} a year; at {at} an hour it {net}.",
            format::money(v.added_cost_year)
        ),
        Some(be) => format!(
            "{name} (RTO {}) pays for itself above {} an hour of outage; at {at} an hour it {net}.",
            format::duration(v.rto_s),
            round_money(be)
        ),
    }
}

/// The rung with the highest net at the given outage cost.
fn best(inputs: &BreakevenInputs, values: &[RungValue; 4]) -> String {
    let at = format::money(inputs.outage_cost_per_hour);
    let top = RUNGS
        .iter()
        .zip(values)
        .fold(None::<(Strategy, &RungValue)>, |best, (s, v)| match best {
            Some((_, b)) if b.net_year >= v.net_year => best,
            _ => Some((*s, v)),
        });
    match top {
        Some((s, v)) if v.net_year > 0.0 => format!(
            "{}: it returns {} a year at {at} an hour of outage",
            s.label(),
            format::money(v.net_year)
        ),
        _ => format!("none: at {at} an hour, one region costs less than any rung"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tests::assert_says;

    fn defaults() -> BreakevenOutput {
        run(&BreakevenInputs::default()).unwrap()
    }

    fn with(f: impl FnOnce(&mut BreakevenInputs)) -> BreakevenOutput {
        let mut inputs = BreakevenInputs::default();
        f(&mut inputs);
        run(&inputs).unwrap()
    }

    #[test]
    fn warm_standby_follows_the_formulas() {
        let out = defaults();
        let warm = out.warm_standby;
        assert_eq!(warm.monthly_cost, 10_900.0);
        assert_eq!(warm.rto_s, 1_410.0);
        assert_eq!(warm.added_cost_year, 12.0 * 3_700.0);
        // 0.5 × 0.9 × (730 − 23.5) minutes avoided.
        let hours = 0.5 * 0.9 * (730.0 - 23.5) / 60.0;
        assert!((warm.hours_avoided_year - hours).abs() < 1e-9);
        assert_eq!(warm.breaches_avoided_year, 0.0, "its RTO exceeds the month");
        let be = warm.break_even_per_hour.unwrap();
        assert!((be - 44_400.0 / hours).abs() < 1e-6, "{be}");
        assert!((warm.net_year - (hours * 10_000.0 - 44_400.0)).abs() < 1e-6);
        assert_eq!(round_money(be), "$8,400");
    }

    #[test]
    fn the_ladder_costs_more_and_avoids_more_downtime_as_it_climbs() {
        let out = defaults();
        let rungs: Vec<&RungValue> = RUNGS.iter().map(|s| out.rung(*s).unwrap()).collect();
        for pair in rungs.windows(2) {
            assert!(pair[0].added_cost_year < pair[1].added_cost_year);
            assert!(pair[0].hours_avoided_year < pair[1].hours_avoided_year);
        }
        // Only the rungs whose failover fits a 99.99 % month avoid breaches.
        assert_eq!(
            out.hot_standby.breaches_avoided_year, 0.0,
            "a person decides"
        );
        assert!((out.active_active.breaches_avoided_year - 0.45).abs() < 1e-12);
        let scripted = with(|i| i.decision_s = 0.0);
        assert!((scripted.hot_standby.breaches_avoided_year - 0.45).abs() < 1e-12);
    }

    #[test]
    fn penalties_lower_the_break_even_of_rungs_that_keep_the_month() {
        let out = with(|i| i.penalty_per_breach = 50_000.0);
        let plain = defaults();
        assert!(
            out.active_active.break_even_per_hour.unwrap()
                < plain.active_active.break_even_per_hour.unwrap()
        );
        assert_eq!(
            out.warm_standby.break_even_per_hour,
            plain.warm_standby.break_even_per_hour
        );
        let covered = with(|i| i.penalty_per_breach = 1_000_000.0);
        assert_eq!(covered.active_active.break_even_per_hour, Some(0.0));
        assert_says(&covered.verdicts[3], &["at any outage cost"]);
    }

    #[test]
    fn each_rung_is_priced_for_the_cost_models_region_count() {
        let three = with(|i| i.regions = 3);
        for s in RUNGS {
            let bill = cost::run(&CostInputs {
                regions: 3,
                ..s.cost_inputs()
            })
            .unwrap();
            let v = three.rung(s).unwrap();
            assert_eq!(v.monthly_cost, bill.lines(s.pattern()).total, "{s:?}");
            assert_eq!(
                v.added_cost_year,
                12.0 * (bill.lines(s.pattern()).total - bill.single_region.total)
            );
        }
        // Warm standby: two standbys at 30 % compute and 75 % database, and
        // 30,000 GB to each at $0.02: 8,000 + 5,000 + 1,400 + 100.
        assert_eq!(three.warm_standby.monthly_cost, 14_500.0);
        // Active-active: 1.5 × compute, three databases with the multi-writer
        // overhead, 65,000 GB to each of two others: 7,500 + 7,500 + 2,800 + 200.
        assert_eq!(three.active_active.monthly_cost, 18_000.0);
        // The outage side does not depend on the count: one region fails.
        assert_eq!(three.warm_standby.rto_s, defaults().warm_standby.rto_s);
        assert_eq!(
            three.warm_standby.hours_avoided_year,
            defaults().warm_standby.hours_avoided_year
        );
    }

    #[test]
    fn a_third_active_region_can_cost_less_when_compute_dominates() {
        // The cost model's N/(N-1) rule: with three regions each survivor
        // carries half a failed one's load, not all of it, so a bill that is
        // nearly all compute gets cheaper active-active (the standby rungs
        // never do: each extra region adds a standby).
        let bill = |regions| {
            with(|i| {
                (i.compute, i.database, i.transfer, i.regions) = (100_000.0, 0.0, 0.0, regions)
            })
        };
        let (two, three) = (bill(2), bill(3));
        assert!(three.active_active.added_cost_year < two.active_active.added_cost_year);
        assert!(three.hot_standby.added_cost_year > two.hot_standby.added_cost_year);
    }

    #[test]
    fn no_outages_means_no_break_even() {
        let out = with(|i| i.outages_per_year = 0.0);
        assert_eq!(out.warm_standby.hours_avoided_year, 0.0);
        assert_eq!(out.warm_standby.break_even_per_hour, None);
        assert_says(&out.verdicts[1], &["never pays for itself"]);
        assert!(out.best.starts_with("none"), "{}", out.best);
        let json = serde_json::to_value(&out).unwrap();
        assert!(json["warm_standby"].get("break_even_per_hour").is_none());
    }

    #[test]
    fn a_vanishing_saving_gives_no_break_even_not_infinity() {
        let out = with(|i| i.outages_per_year = 1e-320);
        for s in RUNGS {
            let v = out.rung(s).unwrap();
            assert!(v.break_even_per_hour.is_none_or(f64::is_finite), "{s:?}");
        }
    }

    #[test]
    fn the_break_even_is_where_the_net_crosses_zero() {
        let out = defaults();
        for s in RUNGS {
            let v = out.rung(s).unwrap();
            let be = v.break_even_per_hour.unwrap();
            assert!(v.net_at(be, 0.0).abs() < 1e-6, "{s:?}");
            assert!(v.net_at(be * 1.01, 0.0) > 0.0 && v.net_at(be * 0.99, 0.0) < 0.0);
        }
    }

    #[test]
    fn the_best_rung_names_its_return() {
        let out = defaults();
        assert!(out.best.starts_with("Pilot light"), "{}", out.best);
        let cheap = with(|i| i.outage_cost_per_hour = 100.0);
        assert!(cheap.best.starts_with("none"), "{}", cheap.best);
    }

    mod properties {
        use super::super::{run, BreakevenInputs, RUNGS};
        use crate::Strategy;
        use proptest::prelude::{prop_assert, prop_assert_eq, proptest, Strategy as _};

        fn inputs() -> impl proptest::strategy::Strategy<Value = BreakevenInputs> {
            (
                0.0f64..1e6,
                0.0f64..1e6,
                99.0f64..100.0,
                0.0f64..12.0,
                0.0f64..5_000.0,
                0.0f64..=1.0,
                0.0f64..3_600.0,
                1.0f64..1e6,
            )
                .prop_map(
                    |(cost, penalty, sla, rate, minutes, s, decision, compute)| BreakevenInputs {
                        outage_cost_per_hour: cost,
                        penalty_per_breach: penalty,
                        sla,
                        outages_per_year: rate,
                        outage_minutes: minutes,
                        failover_success: s,
                        decision_s: decision,
                        compute,
                        ..Default::default()
                    },
                )
        }

        /// A bill of any shape and a region count.
        fn bills() -> impl proptest::strategy::Strategy<Value = BreakevenInputs> {
            (1.0f64..1e6, 0.0f64..1e6, 0.0f64..1e5, 2u32..=10).prop_map(
                |(compute, database, transfer, regions)| BreakevenInputs {
                    compute,
                    database,
                    transfer,
                    regions,
                    ..Default::default()
                },
            )
        }

        proptest! {
            /// Each extra region adds a standby to the active-passive rungs,
            /// so it never lowers their added cost. Active-active is held to
            /// what the cost model's N/(N-1) compute rule allows: its added
            /// cost falls by at most the compute headroom the extra region
            /// saves, C × (N/(N-1) - (N+1)/N).
            #[test]
            fn more_regions_never_lower_a_rungs_added_cost(i in bills(), more in 1u32..=8) {
                let regions = (i.regions + more).min(10);
                let fewer = run(&i).unwrap();
                let more = run(&BreakevenInputs { regions, ..i.clone() }).unwrap();
                for s in RUNGS {
                    let (a, b) = (fewer.rung(s).unwrap(), more.rung(s).unwrap());
                    let (n, m) = (f64::from(i.regions), f64::from(regions));
                    let saved = match s {
                        Strategy::ActiveActive => 12.0 * i.compute * (n / (n - 1.0) - m / (m - 1.0)),
                        _ => 0.0,
                    };
                    let margin = 1e-9 * a.added_cost_year.abs().max(1.0);
                    prop_assert!(
                        b.added_cost_year >= a.added_cost_year - saved - margin,
                        "{s:?}: {} at {} regions, {} at {regions}",
                        a.added_cost_year, i.regions, b.added_cost_year
                    );
                }
            }

            #[test]
            fn net_value_never_falls_as_outages_cost_more(i in inputs(), extra in 0.0f64..1e6) {
                let lower = run(&i).unwrap();
                let higher = run(&BreakevenInputs {
                    outage_cost_per_hour: i.outage_cost_per_hour + extra,
                    ..i.clone()
                })
                .unwrap();
                for s in RUNGS {
                    let (a, b) = (lower.rung(s).unwrap(), higher.rung(s).unwrap());
                    prop_assert!(b.net_year >= a.net_year - 1e-6 * a.net_year.abs().max(1.0), "{s:?}");
                    // The break-even does not depend on the outage cost.
                    prop_assert_eq!(a.break_even_per_hour, b.break_even_per_hour);
                }
            }

            #[test]
            fn a_rung_pays_off_exactly_above_its_break_even(i in inputs()) {
                let out = run(&i).unwrap();
                for s in RUNGS {
                    let v = out.rung(s).unwrap();
                    prop_assert!(v.hours_avoided_year >= -1e-9, "{s:?} adds downtime");
                    match v.break_even_per_hour {
                        Some(be) => {
                            prop_assert!(be >= 0.0 && be.is_finite());
                            let margin = 1e-6 * v.added_cost_year.abs().max(1.0);
                            if i.outage_cost_per_hour > be * (1.0 + 1e-9) {
                                prop_assert!(v.net_year >= -margin, "{s:?}: {} at {be}", v.net_year);
                            } else if i.outage_cost_per_hour < be * (1.0 - 1e-9) {
                                prop_assert!(v.net_year <= margin, "{s:?}: {} at {be}", v.net_year);
                            }
                        }
                        None => prop_assert!(v.net_year < 0.0 && v.hours_avoided_year <= 0.0),
                    }
                }
            }
        }
    }
}
