//! The physics of global writes: distance, the fastest possible round trip,
//! and what a consensus write must wait for.
//!
//! Light in fibre covers about 204,000 km/s, so a round trip costs at least
//! 1 ms per 100 km of great-circle distance; the measured p50 RTTs of the
//! guide's table (`content/data/rtt.toml`: AWS Network Manager inter-Region
//! latency and CloudPing medians) run about 1.3–3.2× that: routes are not
//! great circles, and fixed overhead dominates short hops (us-east-1 to
//! us-east-2: 15 ms against a 5 ms floor). A consensus write (Spanner, CockroachDB)
//! commits when a majority of regions has it, so it waits at least the round
//! trip to the nearest majority.

use serde::{Deserialize, Serialize};

use crate::ModelError;

/// Mean Earth radius, km.
pub const EARTH_RADIUS_KM: f64 = 6_371.0;
/// Distance light travels in fibre per millisecond, km (≈ 204,000 km/s).
pub const FIBRE_KM_PER_MS: f64 = 204.0;

/// A point on Earth in degrees.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Coord {
    pub lat: f64,
    pub lon: f64,
}

impl Coord {
    /// A coordinate, checked: latitude −90–90, longitude −180–180.
    pub fn new(lat: f64, lon: f64) -> Result<Self, ModelError> {
        let check = |field: &str, label: &str, value: f64, limit: f64| {
            if (-limit..=limit).contains(&value) {
                Ok(())
            } else {
                Err(ModelError::OutOfRange {
                    field: field.to_owned(),
                    label: label.to_owned(),
                    value,
                    min: -limit,
                    max: limit,
                    unit: crate::Unit::Text,
                    whole: false,
                })
            }
        };
        check("lat", "Latitude", lat, 90.0)?;
        check("lon", "Longitude", lon, 180.0)?;
        Ok(Self { lat, lon })
    }
}

/// Great-circle distance in km (haversine; libm so native and wasm agree).
pub fn great_circle_km(a: Coord, b: Coord) -> f64 {
    let (lat1, lat2) = (a.lat.to_radians(), b.lat.to_radians());
    let dlat = lat2 - lat1;
    let dlon = (b.lon - a.lon).to_radians();
    let h = libm::pow(libm::sin(dlat / 2.0), 2.0)
        + libm::cos(lat1) * libm::cos(lat2) * libm::pow(libm::sin(dlon / 2.0), 2.0);
    2.0 * EARTH_RADIUS_KM * libm::asin(libm::sqrt(h.clamp(0.0, 1.0)))
}

/// The physical minimum round-trip time over `km` of fibre, ms.
pub fn min_rtt_ms(km: f64) -> f64 {
    2.0 * km / FIBRE_KM_PER_MS
}

/// The physical minimum RTT between two points, ms.
pub fn min_rtt_between_ms(a: Coord, b: Coord) -> f64 {
    min_rtt_ms(great_circle_km(a, b))
}

/// The least time a consensus write from one region waits: the RTT to the
/// nearest majority of `1 + rtts_ms.len()` regions (the writer counts itself).
/// With no other regions a write waits for nobody (0 ms). The RTTs are the
/// caller's measured or computed figures (finite, non-negative).
pub fn quorum_write_ms(rtts_ms: &[f64]) -> f64 {
    let regions = rtts_ms.len() + 1;
    let others_needed = regions / 2; // majority minus the writer itself
    if others_needed == 0 {
        return 0.0;
    }
    let mut sorted = rtts_ms.to_vec();
    sorted.sort_by(f64::total_cmp);
    sorted[others_needed - 1]
}

/// Whether a write latency fits a budget (the guide's 100 ms: the sub-100 ms
/// writes anywhere of Abhishek Patel's article).
pub fn meets_budget(latency_ms: f64, budget_ms: f64) -> bool {
    latency_ms <= budget_ms
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(lat: f64, lon: f64) -> Coord {
        Coord::new(lat, lon).unwrap()
    }

    #[test]
    fn virginia_to_ireland_and_oregon() {
        let (virginia, ireland, oregon) = (c(39.04, -77.49), c(53.35, -6.26), c(45.84, -119.70));
        let km = great_circle_km(virginia, ireland);
        assert!((5_400.0..5_550.0).contains(&km), "{km}");
        // Measured p50 70 ms is about 1.3× the physical minimum.
        let ratio = 70.0 / min_rtt_between_ms(virginia, ireland);
        assert!((1.2..1.45).contains(&ratio), "{ratio}");
        let ratio = 64.0 / min_rtt_between_ms(virginia, oregon);
        assert!((1.7..2.1).contains(&ratio), "{ratio}");
    }

    #[test]
    fn a_hundred_km_is_about_a_millisecond() {
        assert!((min_rtt_ms(100.0) - 0.98).abs() < 0.01);
        assert_eq!(great_circle_km(c(10.0, 10.0), c(10.0, 10.0)), 0.0);
    }

    #[test]
    fn quorum_waits_for_the_nearest_majority() {
        assert_eq!(quorum_write_ms(&[]), 0.0);
        assert_eq!(quorum_write_ms(&[70.0]), 70.0); // 2 regions: both
        assert_eq!(quorum_write_ms(&[93.0, 70.0]), 70.0); // 3 regions: one other
        assert_eq!(quorum_write_ms(&[149.0, 70.0, 93.0, 219.0]), 93.0); // 5: two others
        assert!(meets_budget(93.0, 100.0) && !meets_budget(149.0, 100.0));
    }

    #[test]
    fn coordinates_are_checked() {
        assert_eq!(Coord::new(91.0, 0.0).unwrap_err().field(), Some("lat"));
        assert!(Coord::new(0.0, f64::NAN).is_err());
    }
}
