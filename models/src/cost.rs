//! Monthly cost of each pattern, line by line, from a single-region bill.
//!
//! Three columns follow the spec's formulas (and, with the defaults, the
//! cost table of Abhishek Patel's article, named below, line by line:
//! 7,200 / 10,900 / 16,700). Two columns rest on
//! assumptions of ours, stated here and in `regionwise calc cost --help`:
//!
//! - **Single region + CDN**: the single-region bill plus `cdn_spend` on the
//!   transfer line. We assume the CDN saves no origin egress (a conservative
//!   choice: in practice it usually saves some).
//! - **Partitioned multi-region**: each region serves only its own tenants, so
//!   compute and database split across the regions and sum back to the
//!   single-region base; every region beyond the first adds a fixed footprint
//!   of `partition_overhead` × that base (a minimum cluster, a database primary
//!   sized for peaks, per-region tooling). Regulated data does not cross
//!   jurisdictions. To survive a regional outage each partition needs a
//!   standby in a second region of its own jurisdiction, priced like the
//!   active-passive standby (`standby_fraction` of its compute,
//!   `replica_fraction` of its database, its share of `ap_cross_region_gb`
//!   shipped inside the jurisdiction); with `partition_standby` off there is
//!   none, and the output says "no regional DR" rather than letting the row
//!   look like the cheapest DR. Tenant routing costs `ap_routing`.
//!
//! Defaults and where they come from: the single-region bill, standby and
//! replica shares, transfer volumes and routing lines are the mid-size
//! application of Abhishek Patel's article "Multi-Region Architecture: Most
//! Apps Don't Need It (2026)" (a practitioner's example); the transfer price
//! is AWS's by source region (EC2 on-demand pricing, data transfer to another
//! region: $0.02/GB from US and European regions, $0.01 between us-east-1
//! and us-east-2, more from the groups [`TransferFrom`] lists);
//! `global_db_overhead`, `cdn_spend` and `partition_overhead` are assumptions.

use serde::{Deserialize, Serialize};

use crate::fields::Inputs as _;
use crate::figures::{Collector, Figures};
use crate::registry::{self, Across, Layout, Model, ModelDef};
use crate::{ModelError, Pattern, Strategy};

named_enum! {
    /// Where inter-region data is sent from: AWS prices the transfer by its
    /// source region (EC2 on-demand pricing, data transfer to another AWS
    /// region). Each label states its price; [`TransferFrom::price`] is the
    /// same number.
    pub enum TransferFrom in "transfer_from" {
        UsEu = "us-eu", "US and Europe: $0.02/GB";
        UsEastPair = "us-east-pair", "us-east-1 and us-east-2: $0.01/GB";
        AsiaPacific = "asia-pacific", "Asia Pacific (Tokyo, Singapore): $0.09/GB";
        SouthAmerica = "south-america", "South America (São Paulo): $0.138/GB";
        MiddleEast = "middle-east", "Middle East (Bahrain): $0.1105/GB";
        Africa = "africa", "Africa (Cape Town): $0.147/GB";
        Custom = "custom", "Another price (below)";
    }
}

impl TransferFrom {
    /// The price per GB sent to another region; `custom` for [`Self::Custom`].
    pub fn price(self, custom: f64) -> f64 {
        match self {
            Self::UsEu => 0.02,
            Self::UsEastPair => 0.01,
            Self::AsiaPacific => 0.09,
            Self::SouthAmerica => 0.138,
            Self::MiddleEast => 0.1105,
            Self::Africa => 0.147,
            Self::Custom => custom,
        }
    }
}

inputs! {
    /// Inputs of the cost model. `Default` is the mid-size application of
    /// Abhishek Patel's article (see the module documentation).
    pub struct CostInputs {
        /// Single-region compute, $/month.
        compute: f64 = number(5_000.0, 1.0, 10_000_000.0, Dollars, "Compute",
            "Single-region compute per month (default: the mid-size bill in Abhishek Patel's article; at least $1: every ratio divides by the single-region total)."),
        /// Single-region database, $/month.
        database: f64 = number(2_000.0, 0.0, 10_000_000.0, Dollars, "Database",
            "Single-region database per month (default: the same bill)."),
        /// Single-region data transfer, $/month.
        transfer: f64 = number(200.0, 0.0, 10_000_000.0, Dollars, "Data transfer",
            "Single-region data transfer per month (default: the same bill)."),
        /// Regions of the multi-region patterns (2–10).
        regions: u32 = integer(2, 2, 10, Regions, "Regions",
            "Regions of the multi-region patterns."),
        /// Standby compute per secondary region, as a share of the primary.
        standby_fraction: f64 = number(0.30, 0.0, 1.0, Fraction, "Standby compute, share of primary",
            "Active-passive: compute of each standby region as a share of the primary (0 = pilot light, 1 = hot standby; default 30 %: the same bill)."),
        /// Each secondary database as a share of the primary.
        replica_fraction: f64 = number(0.75, 0.0, 1.0, Fraction, "Each replica database, share of primary",
            "Active-passive: each standby database as a share of the primary (default 75 %: the same bill)."),
        /// Extra database cost per region for multi-writer replication.
        global_db_overhead: f64 = number(0.25, 0.0, 2.0, Fraction, "Multi-writer database overhead",
            "Active-active: extra database cost per region for multi-writer replication (assumption: 25 %, fitted to the same bill)."),
        /// Where the inter-region data is sent from (sets its price).
        transfer_from: TransferFrom = choice(TransferFrom::UsEu, "Inter-region transfer from",
            "AWS prices inter-region transfer by the region the data leaves (EC2 on-demand pricing, data transfer to another region); pick the group of your primary region."),
        /// The price when `transfer_from` is `custom`, $/GB.
        custom_price_per_gb: f64 = number(0.02, 0.0, 1.0, DollarsPerGb, "Custom transfer price",
            "Used only with “Another price”: your inter-region price per GB (another provider, a negotiated rate)."),
        /// GB/month shipped to each other region by active-passive.
        ap_cross_region_gb: f64 = number(30_000.0, 0.0, 10_000_000.0, GbPerMonth, "Cross-region data, active-passive",
            "Active-passive: GB per month shipped to each other region (replication, log shipping; default: the same bill)."),
        /// GB/month shipped to each other region by active-active.
        aa_cross_region_gb: f64 = number(65_000.0, 0.0, 10_000_000.0, GbPerMonth, "Cross-region data, active-active",
            "Active-active: GB per month shipped to each other region (replication, cache warm-up; default: the same bill)."),
        /// Global routing of active-passive (and partitioned), $/month.
        ap_routing: f64 = number(100.0, 0.0, 1_000_000.0, Dollars, "Global routing, active-passive",
            "Active-passive and partitioned: global routing (DNS health checks, failover records) per month (default: the same bill)."),
        /// Global routing of active-active, $/month.
        aa_routing: f64 = number(200.0, 0.0, 1_000_000.0, Dollars, "Global routing, active-active",
            "Active-active: global routing (latency routing or anycast accelerator) per month (default: the same bill)."),
        /// CDN bill of the single region + CDN pattern, $/month.
        cdn_spend: f64 = number(300.0, 0.0, 10_000_000.0, Dollars, "CDN spend",
            "Single region + CDN: the CDN bill per month, added to the transfer line (assumption: $300)."),
        /// Fixed footprint of each extra partitioned region, as a share of the
        /// single-region compute and database.
        partition_overhead: f64 = number(0.15, 0.0, 1.0, Fraction, "Fixed overhead per extra region, partitioned",
            "Partitioned: fixed footprint of each extra region, as a share of single-region compute and database (assumption)."),
        /// Whether each partition has an in-jurisdiction standby.
        partition_standby: bool = boolean(true, "In-jurisdiction standby per partition",
            "Partitioned: a standby region inside each partition's jurisdiction, priced like the active-passive standby; off, a partition whose region fails is down until it returns (no regional DR)."),
    }
}

/// The cost model in the registry.
pub static MODEL: ModelDef = ModelDef {
    name: "cost",
    title: prose!("Cost calculator: monthly cost per pattern"),
    about: prose!("Monthly cost of each pattern, line by line, against a single region"),
    assumptions: prose!(
        "\
Single region, active-passive and active-active follow the guide's formulas; the defaults \
reproduce the cost table of Abhishek Patel's article \"Multi-Region Architecture: Most Apps \
Don't Need It\" (7,200 / 10,900 / 16,700 $/month). Active-active compute is \
N/(N-1) × single-region compute: each surviving region must absorb a failed one's share.
Single region + CDN: the single-region bill plus the CDN spend on the transfer line; we \
assume the CDN saves no origin egress (conservative).
Partitioned: each region serves only its own tenants, so compute and database split across \
the regions and sum back to the single-region base; each region beyond the first adds the \
fixed overhead share of that base. Regulated data stays in its jurisdiction, so each \
partition's standby is a second region inside it, priced like the active-passive standby \
(standby and replica shares, its share of the replicated data); without it the row has no \
regional DR. Tenant routing costs the active-passive routing line.
Inter-region transfer is priced by the region the data leaves: $0.02/GB from US and \
European regions, more from others (AWS EC2 on-demand pricing).
Ratios compare each total with the single-region total."
    ),
    fields: CostInputs::FIELDS,
    presets: &Strategy::IDS,
    layout: Layout::Grid {
        caption: "Monthly cost per pattern (US dollars)",
        corner: "Line",
        groups: Across::Columns,
    },
    data_input: None,
    uses: &[],
    headline: headline!(
        "Monthly cost",
        [
            ("single_region.total", "Single region", "Single"),
            ("active_passive.total", "Active-passive"),
            ("active_active.total", "Active-active"),
        ]
    ),
    run: registry::run::<Cost>,
};

/// The cost model's typed side.
pub struct Cost;

impl Model for Cost {
    type Inputs = CostInputs;
    type Output = CostOutput;

    fn def() -> &'static ModelDef {
        &MODEL
    }

    fn run(inputs: &CostInputs) -> Result<CostOutput, ModelError> {
        run(inputs)
    }

    /// A DR strategy's cost inputs (read the strategy's pattern column).
    fn preset(name: &str) -> Option<CostInputs> {
        name.parse().ok().map(Strategy::cost_inputs)
    }
}

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

impl Figures for CostLines {
    fn figures(&self, c: &mut Collector) {
        fig!(c, self.compute, "Compute", Dollars);
        fig!(c, self.database, "Database", Dollars);
        fig!(c, self.transfer, "Data transfer", Dollars);
        fig!(c, self.routing, "Global routing", Dollars);
        fig!(c, self.total, "Total per month", Dollars);
        fig!(c, self.ratio, "Against single region", Ratio);
    }
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
    /// The inter-region price used, $/GB.
    pub price_per_gb: f64,
    /// What the partitioned row buys against a regional outage.
    pub partitioned_dr: String,
}

impl Figures for CostOutput {
    fn figures(&self, c: &mut Collector) {
        c.inputs(&self.inputs);
        fig!(c, self.single_region, group Pattern::SingleRegion.short_name());
        fig!(c, self.single_region_cdn, group Pattern::SingleRegionCdn.short_name());
        fig!(c, self.active_passive, group Pattern::ActivePassive.short_name());
        fig!(c, self.active_active, group Pattern::ActiveActive.short_name());
        fig!(c, self.partitioned, group Pattern::Partitioned.short_name());
        fig!(
            c,
            self.price_per_gb,
            "Inter-region transfer price used",
            DollarsPerGb
        );
        fig!(c, self.partitioned_dr, "Partitioned, regional DR", Text);
    }
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
    let price = i.transfer_from.price(i.custom_price_per_gb);
    let partition_share = 1.0 + i.partition_overhead * extra;
    // A standby region per partition, inside its jurisdiction: the
    // partitions together replicate what one region would.
    let (standby, replica, standby_gb) = if i.partition_standby {
        (i.standby_fraction, i.replica_fraction, i.ap_cross_region_gb)
    } else {
        (0.0, 0.0, 0.0)
    };
    Ok(CostOutput {
        inputs: inputs.clone(),
        single_region: bill(i.compute, i.database, i.transfer, 0.0),
        single_region_cdn: bill(i.compute, i.database, i.transfer + i.cdn_spend, 0.0),
        active_passive: bill(
            i.compute * (1.0 + i.standby_fraction * extra),
            i.database * (1.0 + i.replica_fraction * extra),
            i.transfer + extra * i.ap_cross_region_gb * price,
            i.ap_routing,
        ),
        // Each survivor must absorb the failed region's share: N × C/(N−1).
        active_active: bill(
            i.compute * n / extra,
            i.database * n * (1.0 + i.global_db_overhead),
            i.transfer + extra * i.aa_cross_region_gb * price,
            i.aa_routing,
        ),
        partitioned: bill(
            i.compute * partition_share * (1.0 + standby),
            i.database * partition_share * (1.0 + replica),
            i.transfer + standby_gb * price,
            i.ap_routing,
        ),
        price_per_gb: price,
        partitioned_dr: if i.partition_standby {
            "each partition has a standby region inside its jurisdiction".to_owned()
        } else {
            "no regional DR: a partition is down while its region is".to_owned()
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tests::with;

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
        // 5,750 × 1.3, 2,300 × 1.75, 200 + 30,000 GB × $0.02.
        assert_lines(&out.partitioned, [7_475.0, 4_025.0, 800.0, 100.0, 12_400.0]);
        assert!(out.partitioned.total > out.active_passive.total);
        let bare = run(&with(CostInputs::default(), |i| {
            i.partition_standby = false
        }))
        .unwrap();
        assert_lines(&bare.partitioned, [5_750.0, 2_300.0, 200.0, 100.0, 8_350.0]);
        assert!(
            bare.partitioned_dr.starts_with("no regional DR"),
            "{}",
            bare.partitioned_dr
        );
    }

    #[test]
    fn transfer_is_priced_by_the_source_region() {
        for from in TransferFrom::ALL {
            let price = from.price(0.5);
            if from != TransferFrom::Custom {
                let text = crate::format::price_per_gb(price);
                assert!(from.label().ends_with(&text), "{}: {text}", from.label());
            }
            let out = run(&CostInputs {
                transfer_from: from,
                custom_price_per_gb: 0.5,
                ..Default::default()
            })
            .unwrap();
            assert_eq!(out.price_per_gb, price);
            assert_eq!(out.active_passive.transfer, 200.0 + 30_000.0 * price);
        }
        assert_eq!(defaults().price_per_gb, 0.02);
        // The custom price applies only to "custom".
        let ignored = run(&with(CostInputs::default(), |i| {
            i.custom_price_per_gb = 0.5
        }))
        .unwrap();
        assert_eq!(ignored.price_per_gb, 0.02);
    }

    #[test]
    fn standby_zero_is_pilot_light_and_one_is_hot_standby() {
        let zero = run(&with(CostInputs::default(), |i| i.standby_fraction = 0.0)).unwrap();
        assert_eq!(zero.active_passive.compute, 5_000.0);
        let one = run(&with(CostInputs::default(), |i| i.standby_fraction = 1.0)).unwrap();
        assert_eq!(one.active_passive.compute, 10_000.0);
    }

    #[test]
    fn ten_regions() {
        let out = run(&with(CostInputs::default(), |i| i.regions = 10)).unwrap();
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
        let err = run(&with(CostInputs::default(), |i| i.regions = 11)).unwrap_err();
        assert_eq!(
            err.to_string(),
            "Regions must be a whole number between 2 and 10 (got 11)"
        );
        let err = run(&with(CostInputs::default(), |i| i.regions = 1)).unwrap_err();
        assert_eq!(err.field(), Some("regions"));
        let err = run(&with(CostInputs::default(), |i| {
            i.custom_price_per_gb = f64::NAN
        }))
        .unwrap_err();
        assert_eq!(err.field(), Some("custom_price_per_gb"));
        let err = run(&with(CostInputs::default(), |i| i.compute = 0.0)).unwrap_err();
        assert_eq!(err.field(), Some("compute"));
    }
}
