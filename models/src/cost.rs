//! Monthly cost of each pattern, line by line, from a single-region bill.
//!
//! Three columns follow the spec's formulas (and, with the defaults, the
//! article's table line by line: 7,200 / 10,900 / 16,700). Two columns rest on
//! assumptions of ours, stated here and in `regionwise calc cost --help`:
//!
//! - **Single region + CDN**: the single-region bill plus `cdn_spend` on the
//!   transfer line. We assume the CDN saves no origin egress (a conservative
//!   choice: in practice it usually saves some).
//! - **Partitioned multi-region**: each region serves only its own tenants, so
//!   compute and database split across the regions and sum back to the
//!   single-region base; every region beyond the first adds a fixed footprint
//!   of `partition_overhead` × that base (a minimum cluster, a database primary
//!   sized for peaks, per-region tooling). Regulated data is not replicated
//!   across regions, so there is no cross-region transfer; tenant routing
//!   costs the same as active-passive routing (`ap_routing`).

use serde::{Deserialize, Serialize};

use crate::fields::{self, FieldSpec};
use crate::{ModelError, Pattern, Unit};

/// Inputs of the cost model. `Default` is the article's mid-size app.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct CostInputs {
    /// Single-region compute, $/month.
    pub compute: f64,
    /// Single-region database, $/month.
    pub database: f64,
    /// Single-region data transfer, $/month.
    pub transfer: f64,
    /// Regions of the multi-region patterns (2–10).
    pub regions: u32,
    /// Standby compute per secondary region, as a share of the primary.
    pub standby_fraction: f64,
    /// Each secondary database as a share of the primary.
    pub replica_fraction: f64,
    /// Extra database cost per region for multi-writer replication.
    pub global_db_overhead: f64,
    /// Inter-region transfer price, $/GB.
    pub price_per_gb: f64,
    /// GB/month shipped to each other region by active-passive.
    pub ap_cross_region_gb: f64,
    /// GB/month shipped to each other region by active-active.
    pub aa_cross_region_gb: f64,
    /// Global routing of active-passive (and partitioned), $/month.
    pub ap_routing: f64,
    /// Global routing of active-active, $/month.
    pub aa_routing: f64,
    /// CDN bill of the single region + CDN pattern, $/month.
    pub cdn_spend: f64,
    /// Fixed footprint of each extra partitioned region, as a share of the
    /// single-region compute and database.
    pub partition_overhead: f64,
}

impl Default for CostInputs {
    fn default() -> Self {
        Self {
            compute: 5_000.0,
            database: 2_000.0,
            transfer: 200.0,
            regions: 2,
            standby_fraction: 0.30,
            replica_fraction: 0.75,
            global_db_overhead: 0.25,
            price_per_gb: 0.02,
            ap_cross_region_gb: 30_000.0,
            aa_cross_region_gb: 65_000.0,
            ap_routing: 100.0,
            aa_routing: 200.0,
            cdn_spend: 300.0,
            partition_overhead: 0.15,
        }
    }
}

/// The inputs' names, defaults, ranges, units and help.
#[rustfmt::skip]
pub static FIELDS: [FieldSpec; 14] = [
    FieldSpec::number("compute", 5_000.0, 1.0, 10_000_000.0, Unit::Dollars,
        "Single-region compute per month (at least $1: every ratio divides by the single-region total)."),
    FieldSpec::number("database", 2_000.0, 0.0, 10_000_000.0, Unit::Dollars,
        "Single-region database per month."),
    FieldSpec::number("transfer", 200.0, 0.0, 10_000_000.0, Unit::Dollars,
        "Single-region data transfer per month."),
    FieldSpec::integer("regions", 2.0, 2.0, 10.0, Unit::Regions,
        "Regions of the multi-region patterns."),
    FieldSpec::number("standby_fraction", 0.30, 0.0, 1.0, Unit::Fraction,
        "Active-passive: compute of each standby region as a share of the primary (0 = pilot light, 1 = hot standby)."),
    FieldSpec::number("replica_fraction", 0.75, 0.0, 1.0, Unit::Fraction,
        "Active-passive: each standby database as a share of the primary."),
    FieldSpec::number("global_db_overhead", 0.25, 0.0, 2.0, Unit::Fraction,
        "Active-active: extra database cost per region for multi-writer replication."),
    FieldSpec::number("price_per_gb", 0.02, 0.0, 1.0, Unit::DollarsPerGb,
        "Inter-region transfer price (AWS: about $0.02/GB between most regions)."),
    FieldSpec::number("ap_cross_region_gb", 30_000.0, 0.0, 10_000_000.0, Unit::GbPerMonth,
        "Active-passive: GB per month shipped to each other region (replication, log shipping)."),
    FieldSpec::number("aa_cross_region_gb", 65_000.0, 0.0, 10_000_000.0, Unit::GbPerMonth,
        "Active-active: GB per month shipped to each other region (replication, cache warm-up)."),
    FieldSpec::number("ap_routing", 100.0, 0.0, 1_000_000.0, Unit::Dollars,
        "Active-passive and partitioned: global routing (DNS health checks, failover records) per month."),
    FieldSpec::number("aa_routing", 200.0, 0.0, 1_000_000.0, Unit::Dollars,
        "Active-active: global routing (latency routing or anycast accelerator) per month."),
    FieldSpec::number("cdn_spend", 300.0, 0.0, 10_000_000.0, Unit::Dollars,
        "Single region + CDN: the CDN bill per month, added to the transfer line."),
    FieldSpec::number("partition_overhead", 0.15, 0.0, 1.0, Unit::Fraction,
        "Partitioned: fixed footprint of each extra region, as a share of single-region compute and database."),
];

/// One pattern's monthly bill, line by line.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct CostLines {
    pub compute: f64,
    pub database: f64,
    pub transfer: f64,
    pub routing: f64,
    /// Sum of the four lines.
    pub total: f64,
    /// `total` over the single-region total, unrounded.
    pub ratio: f64,
}

/// The cost model's output: the inputs used and one bill per pattern.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CostOutput {
    pub inputs: CostInputs,
    pub single_region: CostLines,
    pub single_region_cdn: CostLines,
    pub active_passive: CostLines,
    pub active_active: CostLines,
    pub partitioned: CostLines,
}

impl CostOutput {
    /// The bill of one pattern.
    pub fn lines(&self, pattern: Pattern) -> &CostLines {
        match pattern {
            Pattern::SingleRegion => &self.single_region,
            Pattern::SingleRegionCdn => &self.single_region_cdn,
            Pattern::ActivePassive => &self.active_passive,
            Pattern::ActiveActive => &self.active_active,
            Pattern::Partitioned => &self.partitioned,
        }
    }
}

impl CostInputs {
    /// Checks every input against its range in [`FIELDS`].
    pub fn validate(&self) -> Result<(), ModelError> {
        let check = |name, value| fields::check(&FIELDS, name, value);
        check("compute", self.compute)?;
        check("database", self.database)?;
        check("transfer", self.transfer)?;
        check("regions", f64::from(self.regions))?;
        check("standby_fraction", self.standby_fraction)?;
        check("replica_fraction", self.replica_fraction)?;
        check("global_db_overhead", self.global_db_overhead)?;
        check("price_per_gb", self.price_per_gb)?;
        check("ap_cross_region_gb", self.ap_cross_region_gb)?;
        check("aa_cross_region_gb", self.aa_cross_region_gb)?;
        check("ap_routing", self.ap_routing)?;
        check("aa_routing", self.aa_routing)?;
        check("cdn_spend", self.cdn_spend)?;
        check("partition_overhead", self.partition_overhead)
    }
}

/// Runs the cost model: validates, then prices every pattern.
pub fn run(inputs: &CostInputs) -> Result<CostOutput, ModelError> {
    inputs.validate()?;
    let i = inputs;
    let n = f64::from(i.regions);
    let extra = n - 1.0; // regions >= 2, so extra >= 1
    let base = i.compute + i.database + i.transfer; // compute >= 1, so base > 0
    let bill = |compute: f64, database: f64, transfer: f64, routing: f64| {
        let total = compute + database + transfer + routing;
        CostLines {
            compute,
            database,
            transfer,
            routing,
            total,
            ratio: total / base,
        }
    };
    let partition_share = 1.0 + i.partition_overhead * extra;
    Ok(CostOutput {
        inputs: inputs.clone(),
        single_region: bill(i.compute, i.database, i.transfer, 0.0),
        single_region_cdn: bill(i.compute, i.database, i.transfer + i.cdn_spend, 0.0),
        active_passive: bill(
            i.compute * (1.0 + i.standby_fraction * extra),
            i.database * (1.0 + i.replica_fraction * extra),
            i.transfer + extra * i.ap_cross_region_gb * i.price_per_gb,
            i.ap_routing,
        ),
        // Each survivor must absorb the failed region's share: N × C/(N−1).
        active_active: bill(
            i.compute * n / extra,
            i.database * n * (1.0 + i.global_db_overhead),
            i.transfer + extra * i.aa_cross_region_gb * i.price_per_gb,
            i.aa_routing,
        ),
        partitioned: bill(
            i.compute * partition_share,
            i.database * partition_share,
            i.transfer,
            i.ap_routing,
        ),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn defaults() -> CostOutput {
        run(&CostInputs::default()).unwrap()
    }

    fn assert_lines(lines: &CostLines, expected: [f64; 5]) {
        let got = [
            lines.compute,
            lines.database,
            lines.transfer,
            lines.routing,
            lines.total,
        ];
        assert_eq!(got, expected);
    }

    #[test]
    fn defaults_reproduce_the_article_line_by_line() {
        let out = defaults();
        assert_lines(&out.single_region, [5_000.0, 2_000.0, 200.0, 0.0, 7_200.0]);
        assert_lines(
            &out.active_passive,
            [6_500.0, 3_500.0, 800.0, 100.0, 10_900.0],
        );
        assert_lines(
            &out.active_active,
            [10_000.0, 5_000.0, 1_500.0, 200.0, 16_700.0],
        );
    }

    #[test]
    fn ratios_are_unrounded_and_print_as_in_the_article() {
        let out = defaults();
        assert_eq!(out.single_region.ratio, 1.0);
        assert_eq!(out.active_passive.ratio, 10_900.0 / 7_200.0);
        assert_eq!(out.active_active.ratio, 16_700.0 / 7_200.0);
        assert_eq!(crate::format::ratio(out.active_passive.ratio), "1.51×");
        assert_eq!(crate::format::ratio(out.active_active.ratio), "2.32×");
    }

    #[test]
    fn cdn_and_partitioned_follow_the_documented_assumptions() {
        let out = defaults();
        assert_lines(
            &out.single_region_cdn,
            [5_000.0, 2_000.0, 500.0, 0.0, 7_500.0],
        );
        assert_lines(&out.partitioned, [5_750.0, 2_300.0, 200.0, 100.0, 8_350.0]);
    }

    #[test]
    fn standby_zero_is_pilot_light_and_one_is_hot_standby() {
        let zero = run(&CostInputs {
            standby_fraction: 0.0,
            ..Default::default()
        })
        .unwrap();
        assert_eq!(zero.active_passive.compute, 5_000.0);
        let one = run(&CostInputs {
            standby_fraction: 1.0,
            ..Default::default()
        })
        .unwrap();
        assert_eq!(one.active_passive.compute, 10_000.0);
    }

    #[test]
    fn ten_regions() {
        let out = run(&CostInputs {
            regions: 10,
            ..Default::default()
        })
        .unwrap();
        let aa = out.active_active;
        assert!((aa.compute - 5_000.0 * 10.0 / 9.0).abs() < 1e-9);
        assert_eq!(aa.database, 25_000.0);
        assert!((aa.transfer - (200.0 + 9.0 * 1_300.0)).abs() < 1e-9);
        let ap = out.active_passive;
        assert!((ap.compute - 5_000.0 * (1.0 + 0.3 * 9.0)).abs() < 1e-9);
        assert!(aa.total.is_finite() && ap.total.is_finite());
    }

    #[test]
    fn out_of_range_inputs_are_named() {
        let err = run(&CostInputs {
            regions: 11,
            ..Default::default()
        })
        .unwrap_err();
        assert_eq!(
            err.to_string(),
            "regions must be a whole number between 2 and 10 (got 11)"
        );
        let err = run(&CostInputs {
            regions: 1,
            ..Default::default()
        })
        .unwrap_err();
        assert_eq!(err.field(), Some("regions"));
        let err = run(&CostInputs {
            price_per_gb: f64::NAN,
            ..Default::default()
        })
        .unwrap_err();
        assert_eq!(err.field(), Some("price_per_gb"));
        let err = run(&CostInputs {
            compute: 0.0,
            ..Default::default()
        })
        .unwrap_err();
        assert_eq!(err.field(), Some("compute"));
    }
}
