//! The five deployment patterns the guide compares.

named_enum! {
    /// A deployment pattern: a row of the decision table, a column of the cost
    /// table. Its id is snake_case (`single_region`, `active_passive`, ...);
    /// its label is the name a reader sees in a recommendation.
    pub enum Pattern in "pattern" {
        /// One region, spread over availability zones.
        SingleRegion = "single_region", "Single region, multi-AZ";
        /// One region behind a content delivery network.
        SingleRegionCdn = "single_region_cdn", "Single region + CDN";
        /// A primary region takes all traffic; a smaller standby waits.
        ActivePassive = "active_passive", "Active-passive, two regions";
        /// Every region serves traffic, over a multi-writer database.
        ActiveActive = "active_active", "Active-active with a global database";
        /// Each region owns its tenants; nothing regulated is replicated.
        Partitioned = "partitioned", "Partitioned multi-region";
    }
}

impl Pattern {
    /// A short name for table headings.
    pub const fn short_name(self) -> &'static str {
        match self {
            Self::SingleRegion => "single region",
            Self::SingleRegionCdn => "region + CDN",
            Self::ActivePassive => "active-passive",
            Self::ActiveActive => "active-active",
            Self::Partitioned => "partitioned",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_round_trip_through_serde_and_from_str() {
        for p in Pattern::ALL {
            let json = serde_json::to_value(p).unwrap();
            assert_eq!(json, p.id());
            assert_eq!(p.id().parse::<Pattern>(), Ok(p));
        }
    }
}
