//! The availability model's outage defaults are what the bundled outage
//! record gives (the page shows the same derivation), and its RTO defaults
//! are what the RTO model's presets give.

use std::path::Path;

use regionwise_models::availability::{self, AvailabilityInputs};
use regionwise_models::incidents::{derive, Incident, Window};
use regionwise_models::{rto, Strategy};
use serde::Deserialize;

#[derive(Deserialize)]
struct Record {
    record: Window,
    incidents: Vec<Incident>,
}

fn bundled() -> Record {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../content/data/incidents.toml");
    let text = std::fs::read_to_string(&path).expect("content/data/incidents.toml is readable");
    toml::from_str(&text).expect("incidents.toml parses")
}

#[test]
fn outage_defaults_are_derived_from_the_bundled_record() {
    let record = bundled();
    let d = derive(&record.record, &record.incidents).expect("the record derives");
    let defaults = AvailabilityInputs::default();
    assert_eq!(defaults.outages_per_year, d.outages_per_year, "{d:#?}");
    assert_eq!(defaults.outage_minutes, d.outage_minutes, "{d:#?}");
    assert_eq!(availability::OUTAGES_PER_YEAR, d.outages_per_year);
    assert_eq!(availability::OUTAGE_MINUTES, d.outage_minutes);
    assert_eq!(d.busiest, "AWS us-east-1");
}

#[test]
fn rto_defaults_are_the_presets() {
    let defaults = AvailabilityInputs::default();
    let warm = rto::run(&Strategy::WarmStandby.rto_inputs()).unwrap();
    let aa = rto::run(&Strategy::ActiveActive.rto_inputs()).unwrap();
    assert_eq!(defaults.ap_rto_s, warm.rto_s);
    assert_eq!(defaults.aa_rto_s, aa.rto_s);
}
