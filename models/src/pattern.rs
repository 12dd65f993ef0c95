//! The five deployment patterns the guide compares.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::ModelError;

/// A deployment pattern: a row of the decision table, a column of the cost
/// table. Serialised snake_case (`single_region`, `active_passive`, ...).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Pattern {
    /// One region, spread over availability zones.
    SingleRegion,
    /// One region behind a content delivery network.
    SingleRegionCdn,
    /// A primary region takes all traffic; a smaller standby waits.
    ActivePassive,
    /// Every region serves traffic, over a multi-writer database.
    ActiveActive,
    /// Each region owns its tenants; nothing regulated is replicated.
    Partitioned,
}

impl Pattern {
    /// Every pattern, in the order of the cost table's columns.
    pub const ALL: [Pattern; 5] = [
        Self::SingleRegion,
        Self::SingleRegionCdn,
        Self::ActivePassive,
        Self::ActiveActive,
        Self::Partitioned,
    ];

    /// The JSON name (`active_passive`).
    pub fn id(self) -> &'static str {
        match self {
            Self::SingleRegion => "single_region",
            Self::SingleRegionCdn => "single_region_cdn",
            Self::ActivePassive => "active_passive",
            Self::ActiveActive => "active_active",
            Self::Partitioned => "partitioned",
        }
    }

    /// The name a reader sees in a recommendation.
    pub fn name(self) -> &'static str {
        match self {
            Self::SingleRegion => "Single region, multi-AZ",
            Self::SingleRegionCdn => "Single region + CDN",
            Self::ActivePassive => "Active-passive, two regions",
            Self::ActiveActive => "Active-active with a global database",
            Self::Partitioned => "Partitioned multi-region",
        }
    }

    /// A short name for table headings.
    pub fn short_name(self) -> &'static str {
        match self {
            Self::SingleRegion => "single region",
            Self::SingleRegionCdn => "region + CDN",
            Self::ActivePassive => "active-passive",
            Self::ActiveActive => "active-active",
            Self::Partitioned => "partitioned",
        }
    }
}

impl fmt::Display for Pattern {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

impl FromStr for Pattern {
    type Err = ModelError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::ALL
            .into_iter()
            .find(|p| p.id() == s)
            .ok_or_else(|| {
                ModelError::invalid(
                    "pattern",
                    s,
                    "one of single_region, single_region_cdn, active_passive, active_active, partitioned",
                )
            })
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
