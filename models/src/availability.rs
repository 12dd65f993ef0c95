//! Availability: what regional outages do to a monthly SLA, per pattern.
//!
//! SLAs are judged per month (AWS, Azure and Google Cloud all measure their
//! own that way), so the model asks how often a month is breached, not only
//! how many minutes a year are lost on average. A year is 365 days (525,600
//! minutes), a month a twelfth of it (43,800 minutes); the month's budget is
//! B = (1 − sla/100) × 43,800 min.
//!
//! Regional outages arrive `outages_per_year` (λ) times a year and last
//! `outage_minutes`. A single region is down for the whole outage. A
//! multi-region pattern is down for its RTO when failover works (at most the
//! outage: if the outage ends first, it ends first) and for the whole outage
//! when it does not. An outage breaches its month when that downtime exceeds
//! B, so the share of outages that breach is
//! `s·[min(RTO, outage) > B] + (1 − s)·[outage > B]`, with `s` the chance
//! that failover works. Breaching months a year are λ × that share (two
//! outages in one month are rare enough to ignore), and the chance of at
//! least one breaching month in a year is 1 − e^(−λ × share).
//!
//! Defaults and where they come from:
//!
//! - `sla` 99.99 %: the EC2 region-level SLA;
//! - `outages_per_year` and `outage_minutes`: derived from the public outage
//!   record in `content/data/incidents.toml` by [`crate::incidents::derive`]
//!   (the busiest region's rate of region-wide events, their mean length); a
//!   test keeps these constants equal to the derivation;
//! - `failover_success` 0.9: **an assumption**: no public source measures
//!   how often failovers work; the output shows the result at 0.5, 0.9 and
//!   0.99 beside it;
//! - the RTOs: the RTO model's warm-standby preset with a person deciding
//!   (23 min 30 s) and its active-active preset (30 s).

use serde::{Deserialize, Serialize};

use crate::fields::Inputs as _;
use crate::figures::{Collector, Figures};
use crate::registry::{self, Across, Layout, Model, ModelDef};
use crate::{format, ModelError, Pattern};

/// Minutes in a 365-day year.
pub const MINUTES_PER_YEAR: f64 = 525_600.0;
/// Minutes in a month, a twelfth of the year.
pub const MINUTES_PER_MONTH: f64 = MINUTES_PER_YEAR / 12.0;

/// Regional outages a year: derived from `content/data/incidents.toml`.
pub const OUTAGES_PER_YEAR: f64 = 0.5;
/// Mean length of a regional outage, minutes: derived from the same record.
pub const OUTAGE_MINUTES: f64 = 730.0;
/// The failover success rates the sensitivity line shows.
pub const SENSITIVITY: [f64; 3] = [0.5, 0.9, 0.99];

inputs! {
    /// Inputs of the availability model.
    pub struct AvailabilityInputs {
        /// The availability promised, percent, judged per month.
        sla: f64 = number(99.99, 0.0, 100.0, Percent, "SLA",
            "Availability promised, judged per month (the EC2 region-level SLA: 99.99 %)."),
        /// Regional outages per year.
        outages_per_year: f64 = number(OUTAGES_PER_YEAR, 0.0, 365.0, PerYear, "Regional outages",
            "Regional outages per year: derived from the public outage record (region-wide events in the busiest region since 2017)."),
        /// Mean length of a regional outage, minutes.
        outage_minutes: f64 = number(OUTAGE_MINUTES, 0.0, 525_600.0, Minutes, "Mean regional outage",
            "Mean length of a regional outage: derived from the same record (3 h 48 min to about a day)."),
        /// Probability that a failover works (0–1).
        failover_success: f64 = number(0.9, 0.0, 1.0, Fraction, "Failovers that work",
            "Chance that failover works. Assumption: no public source measures it; 0.9 stands for a failover drilled every quarter, 0.5 for one never tested."),
        /// RTO of active-passive, seconds (default: the warm-standby preset).
        ap_rto_s: f64 = number(1_410.0, 0.0, 604_800.0, Seconds, "RTO, active-passive",
            "RTO of active-passive (the warm-standby preset: 23 min 30 s with a person deciding, 8 min 30 s with scripted promotion)."),
        /// RTO of active-active, seconds (default: the active-active preset).
        aa_rto_s: f64 = number(30.0, 0.0, 604_800.0, Seconds, "RTO, active-active",
            "RTO of active-active (the active-active preset: 30 s)."),
    }
}

/// The availability model in the registry.
pub static MODEL: ModelDef = ModelDef {
    name: "availability",
    title: prose!("Availability calculator: regional outages against a monthly SLA"),
    about: prose!("How often each pattern breaches a monthly SLA, and its expected downtime"),
    assumptions: prose!(
        "\
SLAs are judged per month: a month of 43,800 minutes may lose (1 - SLA) of them. An outage \
breaches its month when the downtime it causes exceeds that budget: for a single region, \
every outage longer than the budget; for a multi-region pattern, a failover that works \
breaches only if its RTO exceeds the budget, and one that fails leaves the whole outage.
Breaching months a year = outages a year × the share that breach; the chance of at least one \
in a year = 1 - e^(-that). Two outages in one month are rare enough to ignore.
The outage rate and length are derived from the public outage record shown on the page. \
The chance that failover works is an assumption (no public source measures it); the results \
at 50 %, 90 % and 99 % are shown beside it.
Expected downtime per year: single region, outages × length; multi-region, outages × \
(success × the shorter of RTO and outage + failure × outage), capped at a year."
    ),
    fields: AvailabilityInputs::FIELDS,
    presets: &[],
    layout: Layout::Grid {
        caption: "Regional outages against the SLA, per pattern",
        corner: "Pattern",
        groups: Across::Rows,
    },
    data_input: None,
    uses: &[],
    headline: headline!(
        "Chance of an SLA breach in a year",
        [
            (
                "single_region.breach_chance_year",
                "Single region",
                "Single"
            ),
            ("active_passive.breach_chance_year", "Active-passive"),
            ("active_active.breach_chance_year", "Active-active"),
        ]
    ),
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

/// One pattern against the SLA.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct PatternRisk {
    /// Expected downtime per year, minutes.
    pub downtime_min_year: f64,
    /// Expected availability, percent.
    pub availability_pct: f64,
    /// Downtime of one regional outage when failover works (the outage
    /// itself for a single region), minutes.
    pub per_outage_min: f64,
    /// Share of regional outages that breach the month.
    pub breach_share: f64,
    /// Expected SLA-breaching months per year.
    pub breaching_months_year: f64,
    /// Chance of at least one breaching month in a year.
    pub breach_chance_year: f64,
    /// Whether one regional outage, failed over, fits the month's budget.
    pub fits_month: bool,
}

impl Figures for PatternRisk {
    fn figures(&self, c: &mut Collector) {
        fig!(
            c,
            self.per_outage_min,
            "Down per outage, failover working",
            Minutes
        );
        fig!(
            c,
            self.breaching_months_year,
            "SLA-breaching months a year",
            PerYear
        );
        fig!(
            c,
            self.breach_chance_year,
            "Chance of a breaching month in a year",
            Fraction
        );
        fig!(
            c,
            self.downtime_min_year,
            "Expected downtime a year",
            Minutes
        );
        fig!(c, self.availability_pct, "Availability", Percent);
        fig!(c, self.breach_share, detail "Share of outages that breach the month", Fraction);
        fig!(c, self.fits_month, detail "Keeps the month through a failover", Bool);
    }
}

/// The result at one failover success rate.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct SensitivityPoint {
    pub failover_success: f64,
    pub active_passive: PatternRisk,
    pub active_active: PatternRisk,
}

impl Figures for SensitivityPoint {
    fn figures(&self, c: &mut Collector) {
        fig!(c, self.failover_success, "Failovers that work", Fraction);
        fig!(c, self.active_passive, group Pattern::ActivePassive.short_name());
        fig!(c, self.active_active, group Pattern::ActiveActive.short_name());
    }
}

/// The availability model's output.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AvailabilityOutput {
    pub inputs: AvailabilityInputs,
    /// Downtime the SLA allows per year, minutes.
    pub allowed_min_year: f64,
    /// Downtime the SLA allows per month, minutes: the budget an outage is
    /// judged against.
    pub allowed_min_month: f64,
    pub single_region: PatternRisk,
    pub active_passive: PatternRisk,
    pub active_active: PatternRisk,
    /// The verdict per pattern, in sentences.
    pub verdicts: Vec<String>,
    /// The multi-region patterns at 50 %, 90 % and 99 % failover success.
    pub sensitivity: Vec<SensitivityPoint>,
    /// The same, in sentences.
    pub sensitivity_text: Vec<String>,
}

impl Figures for AvailabilityOutput {
    fn figures(&self, c: &mut Collector) {
        c.inputs(&self.inputs);
        fig!(
            c,
            self.allowed_min_month,
            "Downtime allowed per month",
            Minutes
        );
        fig!(
            c,
            self.allowed_min_year,
            "Downtime allowed per year",
            Minutes
        );
        fig!(c, self.single_region, group Pattern::SingleRegion.short_name());
        fig!(c, self.active_passive, group Pattern::ActivePassive.short_name());
        fig!(c, self.active_active, group Pattern::ActiveActive.short_name());
        fig!(c, self.verdicts, list "What it means for the SLA");
        fig!(c, self.sensitivity_text, list "If failover works less or more often");
        fig!(c, self.sensitivity, series "failover success sensitivity");
    }
}

/// The month's downtime budget, minutes, of an SLA in percent.
pub fn monthly_budget_min(sla: f64) -> f64 {
    (100.0 - sla) / 100.0 * MINUTES_PER_MONTH
}

/// Whether `downtime` exceeds `budget`, forgiving the last bits of floating
/// point (99.99 is not exact in binary, and downtime equal to the budget
/// fits it).
pub fn exceeds(downtime: f64, budget: f64) -> bool {
    downtime > budget + 1e-9 * budget.max(1.0)
}

/// A pattern that fails over in `rto_s` (`None`: a single region, which
/// waits out every outage), under `inputs`: the figures of one row of the
/// model's output, for a pattern of the caller's choosing (the break-even
/// model prices every rung of the DR ladder with it).
pub fn pattern_risk(inputs: &AvailabilityInputs, rto_s: Option<f64>) -> PatternRisk {
    risk(inputs, rto_s, inputs.failover_success)
}

/// Downtime a year, in minutes, that failing over within `rto_s` saves
/// against a single region: outages × failover success × the minutes a
/// working failover cuts from each outage. One product rather than the
/// difference of two downtimes, so it is exactly 0 when failing over saves
/// nothing and grows with failover success without rounding noise (a
/// break-even divides by it).
pub fn downtime_avoided_min_year(inputs: &AvailabilityInputs, rto_s: f64) -> f64 {
    let outage = inputs.outage_minutes;
    let saved_per_outage = outage - (rto_s / 60.0).min(outage);
    if inputs.outages_per_year * outage <= MINUTES_PER_YEAR {
        inputs.outages_per_year * inputs.failover_success * saved_per_outage
    } else {
        // A year that is all outage: the single region's downtime is capped
        // at the year, so only what falls below the cap is saved.
        let single = pattern_risk(inputs, None).downtime_min_year;
        (single - pattern_risk(inputs, Some(rto_s)).downtime_min_year).max(0.0)
    }
}

/// [`pattern_risk`] with failover success `success`.
fn risk(inputs: &AvailabilityInputs, rto_s: Option<f64>, success: f64) -> PatternRisk {
    let outage = inputs.outage_minutes;
    let budget = monthly_budget_min(inputs.sla);
    let (per_outage, success) = match rto_s {
        Some(rto) => ((rto / 60.0).min(outage), success),
        None => (outage, 0.0),
    };
    // Written as "the outage, less what a working failover saves", so a
    // failover that saves nothing leaves exactly the single region's figures
    // (a weighted mean of equal values can miss them by a rounding step).
    let expected_per_outage = outage - success * (outage - per_outage);
    let downtime = (inputs.outages_per_year * expected_per_outage).min(MINUTES_PER_YEAR);
    let breach = |minutes: f64| if exceeds(minutes, budget) { 1.0 } else { 0.0 };
    let breach_share = breach(outage) - success * (breach(outage) - breach(per_outage));
    let breaching = inputs.outages_per_year * breach_share;
    PatternRisk {
        downtime_min_year: downtime,
        availability_pct: 100.0 * (1.0 - downtime / MINUTES_PER_YEAR),
        per_outage_min: per_outage,
        breach_share,
        breaching_months_year: breaching,
        breach_chance_year: 1.0 - libm::exp(-breaching),
        fits_month: rto_s.is_some() && !exceeds(per_outage, budget),
    }
}

/// Runs the availability model.
pub fn run(inputs: &AvailabilityInputs) -> Result<AvailabilityOutput, ModelError> {
    inputs.validate()?;
    let allowed_min_month = monthly_budget_min(inputs.sla);
    let s = inputs.failover_success;
    let single_region = risk(inputs, None, s);
    let active_passive = risk(inputs, Some(inputs.ap_rto_s), s);
    let active_active = risk(inputs, Some(inputs.aa_rto_s), s);
    let sensitivity: Vec<SensitivityPoint> = SENSITIVITY
        .iter()
        .map(|&success| SensitivityPoint {
            failover_success: success,
            active_passive: risk(inputs, Some(inputs.ap_rto_s), success),
            active_active: risk(inputs, Some(inputs.aa_rto_s), success),
        })
        .collect();
    let verdicts = vec![
        verdict(inputs, Pattern::SingleRegion, None, &single_region),
        verdict(
            inputs,
            Pattern::ActivePassive,
            Some(inputs.ap_rto_s),
            &active_passive,
        ),
        verdict(
            inputs,
            Pattern::ActiveActive,
            Some(inputs.aa_rto_s),
            &active_active,
        ),
    ];
    Ok(AvailabilityOutput {
        inputs: inputs.clone(),
        allowed_min_year: allowed_min_month * 12.0,
        allowed_min_month,
        sensitivity_text: sensitivity.iter().map(sensitivity_sentence).collect(),
        single_region,
        active_passive,
        active_active,
        verdicts,
        sensitivity,
    })
}

/// "about one breaching month every 2 years (39 % chance in any year)".
pub fn frequency_text(breaching_per_year: f64, chance_year: f64) -> String {
    if breaching_per_year <= 0.0 {
        return "no breaching month".to_owned();
    }
    if breaching_per_year < 1e-6 {
        return "less than one breaching month in a million years".to_owned();
    }
    let chance = format::share(chance_year);
    if breaching_per_year >= 0.95 {
        return format!(
            "about {} breaching months a year",
            format::rate(breaching_per_year)
        );
    }
    format!(
        "about one breaching month every {} years ({chance} chance in any year)",
        format::rate(1.0 / breaching_per_year)
    )
}

/// The verdict for one pattern, phrased from the breach figures.
fn verdict(
    inputs: &AvailabilityInputs,
    pattern: Pattern,
    rto_s: Option<f64>,
    risk: &PatternRisk,
) -> String {
    let name = crate::format::capitalise(pattern.short_name());
    let budget = format::minutes(monthly_budget_min(inputs.sla));
    let sla = format::percent(inputs.sla);
    let outage = format::minutes(inputs.outage_minutes);
    let how_often = frequency_text(risk.breaching_months_year, risk.breach_chance_year);
    let downtime = format::minutes(risk.downtime_min_year);
    if inputs.outages_per_year == 0.0 {
        return format!("{name}: with no regional outages assumed, nothing breaches the month.");
    }
    if !exceeds(inputs.outage_minutes, monthly_budget_min(inputs.sla)) {
        return format!(
            "{name}: an outage of {outage} fits the month's budget of {budget}, so no regional \
             outage breaches a {sla} month."
        );
    }
    match rto_s {
        None => format!(
            "{name}: every regional outage ({outage}) breaches a {sla} month, whose budget is \
             {budget}: {how_often}; {downtime} of downtime a year expected."
        ),
        Some(rto) if !risk.fits_month => format!(
            "{name}: its {} RTO is longer than the month's budget of {budget}, so every regional \
             outage still breaches a {sla} month, failover or not: {how_often}. Failover cuts \
             the expected downtime to {downtime} a year.",
            format::duration(rto)
        ),
        Some(rto) => format!(
            "{name}: a failover that works ({}) fits the month's budget of {budget}; only failed \
             failovers ({} assumed) breach a {sla} month: {how_often}; {downtime} of downtime a \
             year expected.",
            format::duration(rto),
            format::share(1.0 - inputs.failover_success)
        ),
    }
}

/// "If failovers work 50 % of the time: active-passive ...; active-active ...".
fn sensitivity_sentence(p: &SensitivityPoint) -> String {
    let part = |pattern: Pattern, r: &PatternRisk| {
        format!(
            "{} {} of downtime a year, {} chance of a breaching month",
            pattern.short_name(),
            format::minutes(r.downtime_min_year),
            format::share(r.breach_chance_year)
        )
    };
    format!(
        "If failovers work {} of the time: {}; {}.",
        format::share(p.failover_success),
        part(Pattern::ActivePassive, &p.active_passive),
        part(Pattern::ActiveActive, &p.active_active)
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tests::assert_says;

    fn defaults() -> AvailabilityOutput {
        run(&AvailabilityInputs::default()).unwrap()
    }

    fn with(f: impl FnOnce(&mut AvailabilityInputs)) -> AvailabilityOutput {
        let mut inputs = AvailabilityInputs::default();
        f(&mut inputs);
        run(&inputs).unwrap()
    }

    #[test]
    fn budgets_match_the_published_tables() {
        let out = defaults();
        assert!((out.allowed_min_year - 52.56).abs() < 1e-9);
        assert!((out.allowed_min_month - 4.38).abs() < 1e-9);
        let three_nines = with(|i| i.sla = 99.9);
        assert!((three_nines.allowed_min_year / 60.0 - 8.76).abs() < 1e-9);
        assert!((three_nines.allowed_min_month - 43.8).abs() < 1e-9);
        let five_nines = with(|i| i.sla = 99.999);
        assert!((five_nines.allowed_min_year - 5.256).abs() < 1e-9);
    }

    #[test]
    fn a_single_region_breaches_a_99_99_month_at_every_regional_outage() {
        let out = defaults();
        let single = out.single_region;
        assert_eq!(single.breach_share, 1.0);
        assert_eq!(single.breaching_months_year, OUTAGES_PER_YEAR);
        assert!((single.breach_chance_year - (1.0 - (-0.5f64).exp())).abs() < 1e-12);
        assert_eq!(single.downtime_min_year, 0.5 * 730.0);
        assert!(!single.fits_month);
        assert_says(
            &out.verdicts[0],
            &["every regional outage", "every 2 years"],
        );
    }

    #[test]
    fn a_warm_standby_with_a_person_deciding_cannot_keep_a_99_99_month() {
        let out = defaults();
        let ap = out.active_passive;
        assert!(!ap.fits_month);
        assert_eq!(ap.breach_share, 1.0, "23 min 30 s > 4 min 23 s");
        // 0.5 × (0.9 × 23.5 + 0.1 × 730)
        assert!((ap.downtime_min_year - 0.5 * (0.9 * 23.5 + 0.1 * 730.0)).abs() < 1e-9);
        assert_says(&out.verdicts[1], &["failover or not"]);
        // At 99.9 % (43.8 min a month) the same RTO fits.
        let relaxed = with(|i| i.sla = 99.9);
        assert!(relaxed.active_passive.fits_month);
        assert!((relaxed.active_passive.breach_share - 0.1).abs() < 1e-12);
    }

    #[test]
    fn active_active_breaches_only_when_failover_fails() {
        let out = defaults();
        let aa = out.active_active;
        assert!(aa.fits_month);
        assert!((aa.breach_share - 0.1).abs() < 1e-12);
        assert!((aa.breaching_months_year - 0.05).abs() < 1e-12);
        assert_says(
            &out.verdicts[2],
            &["only failed failovers", "every 20 years"],
        );
    }

    #[test]
    fn a_budget_exactly_equal_to_the_rto_fits() {
        // 99.99 % allows 262.8 s a month.
        let out = with(|i| i.ap_rto_s = 262.8);
        assert!(out.active_passive.fits_month);
        let out = with(|i| i.ap_rto_s = 263.0);
        assert!(!out.active_passive.fits_month);
    }

    #[test]
    fn outages_shorter_than_the_budget_breach_nothing() {
        let out = with(|i| {
            i.sla = 99.9;
            i.outage_minutes = 30.0;
        });
        for p in [out.single_region, out.active_passive, out.active_active] {
            assert_eq!(p.breach_share, 0.0);
            assert_eq!(p.breach_chance_year, 0.0);
        }
        assert_says(&out.verdicts[0], &["fits the month"]);
    }

    #[test]
    fn an_rto_longer_than_the_outage_costs_the_outage() {
        let out = with(|i| i.ap_rto_s = 86_400.0);
        assert_eq!(
            out.active_passive.downtime_min_year,
            out.single_region.downtime_min_year
        );
    }

    #[test]
    fn downtime_is_capped_at_a_year() {
        let out = with(|i| {
            i.outages_per_year = 365.0;
            i.outage_minutes = 525_600.0;
        });
        assert_eq!(out.single_region.downtime_min_year, MINUTES_PER_YEAR);
        assert_eq!(out.single_region.availability_pct, 0.0);
        assert_says(&out.verdicts[0], &["breaching months a year"]);
    }

    #[test]
    fn the_sensitivity_line_shows_the_assumption_moving() {
        let out = defaults();
        let s: Vec<f64> = out.sensitivity.iter().map(|p| p.failover_success).collect();
        assert_eq!(s, SENSITIVITY);
        let aa: Vec<f64> = out
            .sensitivity
            .iter()
            .map(|p| p.active_active.breach_chance_year)
            .collect();
        assert!(aa[0] > aa[1] && aa[1] > aa[2], "{aa:?}");
        assert_eq!(out.sensitivity[1].active_active, out.active_active);
        assert_eq!(out.sensitivity_text.len(), 3);
        assert!(out.sensitivity_text[0].starts_with("If failovers work 50 % of the time"));
    }

    #[test]
    fn frequencies_read_as_years_or_months() {
        assert_eq!(
            frequency_text(0.5, 1.0 - (-0.5f64).exp()),
            "about one breaching month every 2 years (39 % chance in any year)"
        );
        assert_eq!(frequency_text(2.0, 0.86), "about 2 breaching months a year");
        assert_eq!(frequency_text(0.0, 0.0), "no breaching month");
        assert_eq!(
            frequency_text(5e-324, 0.0),
            "less than one breaching month in a million years"
        );
    }
}
