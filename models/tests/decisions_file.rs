//! The built-in rules and the site's decision table must agree: same rows, in
//! the same order, with the same patterns, conditions and words — so
//! `regionwise calc recommend` says exactly what the page's recommender says.

use std::path::Path;

use regionwise_models::recommend::{default_rules, validate_rules, Rule};
use serde::Deserialize;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DecisionTable {
    rows: Vec<Rule>,
}

#[test]
fn built_in_rules_equal_the_bundled_decision_table() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../content/data/decisions.toml");
    let text = std::fs::read_to_string(&path).expect("content/data/decisions.toml is readable");
    let table: DecisionTable = toml::from_str(&text).expect("decisions.toml parses as rules");
    validate_rules(&table.rows).expect("the data file is a valid rule set");

    assert_eq!(table.rows, default_rules());
}
