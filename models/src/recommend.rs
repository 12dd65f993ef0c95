//! The recommender: the decision table as a function.
//!
//! Rules are data, evaluated in order; the first rule whose conditions all
//! hold wins, and the last rule must have none, so every input gets an answer.
//! The site reads the rules from `content/data/decisions.toml` and renders the
//! same rows as the decision table, so the table and the calculator cannot
//! disagree. [`default_rules`] are the same rows built in, for the command line
//! and for callers without the data file.

use std::collections::HashSet;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::fields::Inputs as _;
use crate::figures::{Collector, Figures};
use crate::registry::{self, DataInput, Layout, Model, ModelDef};
use crate::{format, ModelError, Pattern};

named_enum! {
    /// Where the users are.
    pub enum Footprint in "footprint" {
        SingleContinent = "single-continent", "One continent";
        Global = "global", "Global";
    }
}

named_enum! {
    /// What the service does.
    pub enum Workload in "workload" {
        /// A stateless API, mostly reads: cacheable at the edge.
        StatelessReadHeavy = "stateless-read-heavy", "Stateless, read-heavy";
        /// Writes shared state.
        Stateful = "stateful", "Stateful";
    }
}

inputs! {
    /// Inputs of the recommender. `Default` is a small single-continent service.
    pub struct RecommendInputs {
        users: u64 = integer(5_000, 0, 10_000_000_000, Users, "Users",
            "Active users."),
        footprint: Footprint = choice(Footprint::SingleContinent, "Where the users are",
            "Where the users are."),
        workload: Workload = choice(Workload::Stateful, "Workload",
            "A stateless, read-heavy API (cacheable at the edge) or a service that writes shared state."),
        /// Needs sub-100 ms writes from every continent.
        global_realtime_writes: bool = boolean(false, "Real-time writes from several continents",
            "Users on several continents need writes to finish in under 100 ms (chat, trading, games)."),
        /// Holds data that law keeps in its jurisdiction (GDPR, HIPAA, PCI).
        regulated_residency: bool = boolean(false, "Data must stay in its jurisdiction",
            "Some data must stay in its jurisdiction (GDPR, HIPAA, PCI residency)."),
        /// Availability promised in contracts, percent; 0 = none.
        contractual_sla: f64 = number(0.0, 0.0, 100.0, Percent, "Contractual SLA (0 = none)",
            "Availability promised in contracts, in percent; 0 when there is none."),
    }
}

/// The recommender in the registry.
pub static MODEL: ModelDef = ModelDef {
    name: "recommend",
    title: "Which pattern fits? The decision table as a calculator",
    about: "Which pattern fits: the decision table as a function",
    assumptions: prose!(
        "\
The rows are evaluated in order and the first match wins: regulated residency → partitioned; \
global real-time writes → active-active; contractual SLA ≥ 99.99 % → active-passive; global \
and stateless read-heavy → single region + CDN; at most 10,000 users on one continent → \
single region; otherwise → single region. The site uses the rows of data/decisions.toml; \
the command line uses the same rows built in."
    ),
    fields: RecommendInputs::FIELDS,
    presets: &[],
    layout: Layout::List,
    data_input: Some(DataInput {
        input: "rules",
        file: "decisions",
        key: "rows",
    }),
    run: registry::run::<Recommend>,
};

/// The recommender's typed side.
pub struct Recommend;

impl Model for Recommend {
    type Inputs = RecommendInputs;
    type Output = Recommendation;

    fn def() -> &'static ModelDef {
        &MODEL
    }

    fn run(inputs: &RecommendInputs) -> Result<Recommendation, ModelError> {
        recommend(inputs)
    }

    /// The inputs may carry `"rules"` (the data file's rows); without them
    /// the built-in rules decide.
    fn run_map(inputs: &Map<String, Value>) -> Result<Recommendation, ModelError> {
        let mut fields = inputs.clone();
        let rules = match fields.remove("rules") {
            Some(rows) => serde_json::from_value(rows).map_err(|e| ModelError::InvalidRules {
                rule: "(rules)".to_owned(),
                message: e.to_string(),
            })?,
            None => default_rules(),
        };
        recommend_with_rules(&registry::resolve::<Self>(&fields)?, &rules)
    }
}

/// Conditions of a rule; every one present must hold, an absent one always
/// holds. Unknown keys are an error, so a misspelt condition cannot silently
/// match everything.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Conditions {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub regulated_residency: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub global_realtime_writes: Option<bool>,
    /// Holds when `contractual_sla` ≥ this percentage.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min_sla: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub footprint: Option<Footprint>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub workload: Option<Workload>,
    /// Holds when `users` ≤ this number (inclusive).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_users: Option<u64>,
}

/// One row of the decision table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rule {
    /// Stable id (`regulated`, `realtime-writes`, ...): the recommendation's `row`.
    pub id: String,
    /// The situation, as the table's first column states it.
    #[serde(default)]
    pub situation: String,
    pub pattern: Pattern,
    #[serde(default)]
    pub when: Conditions,
    /// Why this pattern fits the situation.
    pub reason: String,
    /// What to do next.
    pub next_step: String,
}

/// The recommender's output.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Recommendation {
    pub inputs: RecommendInputs,
    /// The id of the winning rule.
    pub row: String,
    pub situation: String,
    pub pattern: Pattern,
    /// The pattern's name for people.
    pub pattern_name: String,
    pub reason: String,
    /// The inputs that decided it: why each earlier row did not apply, then
    /// why the winning row did.
    pub reasons: Vec<String>,
    pub next_step: String,
}

impl Figures for Recommendation {
    fn figures(&self, c: &mut Collector) {
        fig!(c, self.pattern_name, "Recommendation", Text);
        fig!(c, self.row, "Decision row", Text);
        fig!(c, self.situation, "Situation", Text);
        fig!(c, self.reason, "Why", Text);
        fig!(c, self.next_step, "Next step", Text);
        fig!(c, self.pattern, detail "Pattern", Text);
        fig!(c, self.reasons, list "What decided it");
    }
}

impl Conditions {
    /// Whether every condition holds; on failure, the first one that does not.
    fn evaluate(&self, inputs: &RecommendInputs) -> Result<Vec<String>, String> {
        let mut held = Vec::new();
        let mut require = |holds: bool, yes: String, no: String| {
            if holds {
                held.push(yes);
                Ok(())
            } else {
                Err(no)
            }
        };
        if let Some(want) = self.regulated_residency {
            let got = inputs.regulated_residency;
            require(
                got == want,
                flag_text("regulated_residency", got),
                flag_text("regulated_residency", got),
            )?;
        }
        if let Some(want) = self.global_realtime_writes {
            let got = inputs.global_realtime_writes;
            require(
                got == want,
                flag_text("global_realtime_writes", got),
                flag_text("global_realtime_writes", got),
            )?;
        }
        if let Some(min) = self.min_sla {
            let got = inputs.contractual_sla;
            let sla = sla_text(got);
            require(
                got >= min,
                format!(
                    "contractual_sla is {sla}, at least {}",
                    format::percent(min)
                ),
                format!("contractual_sla is {sla}, below {}", format::percent(min)),
            )?;
        }
        if let Some(want) = self.footprint {
            let got = inputs.footprint.id();
            require(
                inputs.footprint == want,
                format!("footprint is {got}"),
                format!("footprint is {got}, not {}", want.id()),
            )?;
        }
        if let Some(want) = self.workload {
            let got = inputs.workload.id();
            require(
                inputs.workload == want,
                format!("workload is {got}"),
                format!("workload is {got}, not {}", want.id()),
            )?;
        }
        if let Some(max) = self.max_users {
            let (got, max_text) = (
                format::count(inputs.users as f64),
                format::count(max as f64),
            );
            require(
                inputs.users <= max,
                format!("users is {got}, at most {max_text}"),
                format!("users is {got}, more than {max_text}"),
            )?;
        }
        Ok(held)
    }

    fn is_empty(&self) -> bool {
        self == &Self::default()
    }
}

fn flag_text(name: &str, value: bool) -> String {
    format!("{name} is {value}")
}

fn sla_text(sla: f64) -> String {
    if sla > 0.0 {
        format::percent(sla)
    } else {
        "none".to_owned()
    }
}

/// Checks that a rule set can answer every input: at least one rule, unique
/// ids, a catch-all last row, and `min_sla` within 0–100.
pub fn validate_rules(rules: &[Rule]) -> Result<(), ModelError> {
    let bad = |rule: &str, message: &str| ModelError::InvalidRules {
        rule: rule.to_owned(),
        message: message.to_owned(),
    };
    let last = rules
        .last()
        .ok_or_else(|| bad("(none)", "the table has no rows"))?;
    if !last.when.is_empty() {
        return Err(bad(
            &last.id,
            "the last row must have no conditions, so every input gets an answer",
        ));
    }
    let mut seen = HashSet::new();
    for rule in rules {
        if !seen.insert(rule.id.as_str()) {
            return Err(bad(&rule.id, "the id is used twice"));
        }
        if let Some(min) = rule.when.min_sla {
            if !(0.0..=100.0).contains(&min) {
                return Err(bad(&rule.id, "min_sla must be between 0 and 100"));
            }
        }
    }
    Ok(())
}

/// Recommends a pattern with the given rules (first match wins).
pub fn recommend_with_rules(
    inputs: &RecommendInputs,
    rules: &[Rule],
) -> Result<Recommendation, ModelError> {
    inputs.validate()?;
    validate_rules(rules)?;
    let mut reasons = Vec::new();
    for rule in rules {
        match rule.when.evaluate(inputs) {
            Ok(held) => {
                reasons.extend(held);
                return Ok(Recommendation {
                    inputs: inputs.clone(),
                    row: rule.id.clone(),
                    situation: rule.situation.clone(),
                    pattern: rule.pattern,
                    pattern_name: rule.pattern.label().to_owned(),
                    reason: rule.reason.clone(),
                    reasons,
                    next_step: rule.next_step.clone(),
                });
            }
            Err(failed) => reasons.push(failed),
        }
    }
    // validate_rules guarantees a catch-all last row.
    Err(ModelError::InvalidRules {
        rule: "(none)".to_owned(),
        message: "no row matched".to_owned(),
    })
}

/// Recommends a pattern with the built-in [`default_rules`].
pub fn recommend(inputs: &RecommendInputs) -> Result<Recommendation, ModelError> {
    recommend_with_rules(inputs, &default_rules())
}

/// The built-in decision table, in priority order: the article's rows,
/// word for word the bundled `content/data/decisions.toml` (a test keeps the
/// two equal), so `regionwise calc recommend` and the page agree.
pub fn default_rules() -> Vec<Rule> {
    let rule = |id: &str, situation: &str, pattern, when, reason: &str, next_step: &str| Rule {
        id: id.to_owned(),
        situation: situation.to_owned(),
        pattern,
        when,
        reason: reason.to_owned(),
        next_step: next_step.to_owned(),
    };
    vec![
        rule(
            "regulated",
            "Regulated data that must stay in its jurisdiction (GDPR, HIPAA, PCI data residency)",
            Pattern::Partitioned,
            Conditions { regulated_residency: Some(true), ..Default::default() },
            "Give every tenant a home region and keep its regulated records there. Nothing regulated is copied across a border, so each region runs as its own small single-region system.",
            "Classify tables and tenants by residency rule, add a tenant-to-home-region directory, and deploy one multi-AZ cell per jurisdiction from the same IaC module.",
        ),
        rule(
            "realtime-writes",
            "Users on several continents write shared state in real time (chat, trading, multiplayer games)",
            Pattern::ActiveActive,
            Conditions { global_realtime_writes: Some(true), ..Default::default() },
            "Writes that finish in under 100 ms from anywhere need a database that runs consensus across regions for you: CockroachDB, Spanner or Aurora DSQL. Hand-rolled replication will lose or fork data.",
            "Measure the RTTs between candidate regions, pick a database with a multi-region write mode, and prototype the hottest write path against a written latency budget.",
        ),
        rule(
            "contractual-sla",
            "Enterprise contracts promise 99.99 % or more, with penalties",
            Pattern::ActivePassive,
            Conditions { min_sla: Some(99.99), ..Default::default() },
            "A second, smaller region covers a region-wide disaster while one region still takes every write, which keeps you clear of the hardest consistency problems.",
            "Write down RPO and RTO targets, build a warm standby from the same IaC, replicate the database asynchronously, and run a failover drill before the contract is signed.",
        ),
        rule(
            "global-read-heavy",
            "Users worldwide, mostly reads, stateless API",
            Pattern::SingleRegionCdn,
            Conditions {
                footprint: Some(Footprint::Global),
                workload: Some(Workload::StatelessReadHeavy),
                ..Default::default()
            },
            "Edge caches close most of the distance (80 % or more of the latency complaint) without a second copy of your data or a second database to run.",
            "Put cacheable responses behind a CDN with explicit Cache-Control headers, measure p95 latency per continent, and revisit only if dynamic calls stay slow.",
        ),
        rule(
            "small-single-continent",
            "Fewer than 10,000 users, all on one continent",
            Pattern::SingleRegion,
            Conditions {
                footprint: Some(Footprint::SingleContinent),
                max_users: Some(10_000),
                ..Default::default()
            },
            "Spreading across availability zones already targets about 99.99 %, with one bill, one deployment and no cross-region operations.",
            "Confirm every tier spans at least two (better three) zones, set an SLO with an error budget, and test restores from backup.",
        ),
        rule(
            "leadership",
            "None of the above: leadership read an article about multi-region",
            Pattern::SingleRegion,
            Conditions::default(),
            "Availability is won with SLOs, alerting, safe deploys and tested restores. A second region adds failure modes before it removes any.",
            "Publish an SLO, measure against it for a quarter, and bring this table back when a real driver (law, latency, contract or outage tolerance) appears.",
        ),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row_for(inputs: RecommendInputs) -> (String, Pattern) {
        let out = recommend(&inputs).unwrap();
        (out.row, out.pattern)
    }

    #[test]
    fn every_article_row_gives_its_recommendation() {
        let base = RecommendInputs::default();
        let cases = [
            (
                RecommendInputs {
                    regulated_residency: true,
                    ..base.clone()
                },
                "regulated",
                Pattern::Partitioned,
            ),
            (
                RecommendInputs {
                    global_realtime_writes: true,
                    footprint: Footprint::Global,
                    ..base.clone()
                },
                "realtime-writes",
                Pattern::ActiveActive,
            ),
            (
                RecommendInputs {
                    contractual_sla: 99.99,
                    users: 200_000,
                    ..base.clone()
                },
                "contractual-sla",
                Pattern::ActivePassive,
            ),
            (
                RecommendInputs {
                    footprint: Footprint::Global,
                    workload: Workload::StatelessReadHeavy,
                    users: 1_000_000,
                    ..base.clone()
                },
                "global-read-heavy",
                Pattern::SingleRegionCdn,
            ),
            (
                RecommendInputs {
                    users: 9_999,
                    ..base.clone()
                },
                "small-single-continent",
                Pattern::SingleRegion,
            ),
            (
                RecommendInputs {
                    users: 500_000,
                    ..base.clone()
                },
                "leadership",
                Pattern::SingleRegion,
            ),
        ];
        for (inputs, row, pattern) in cases {
            assert_eq!(row_for(inputs), (row.to_owned(), pattern));
        }
    }

    #[test]
    fn priority_order_regulated_beats_everything() {
        let inputs = RecommendInputs {
            regulated_residency: true,
            global_realtime_writes: true,
            contractual_sla: 99.999,
            footprint: Footprint::Global,
            workload: Workload::StatelessReadHeavy,
            ..Default::default()
        };
        assert_eq!(row_for(inputs.clone()).0, "regulated");
        let inputs = RecommendInputs {
            regulated_residency: false,
            ..inputs
        };
        assert_eq!(row_for(inputs.clone()).0, "realtime-writes");
        let inputs = RecommendInputs {
            global_realtime_writes: false,
            ..inputs
        };
        assert_eq!(row_for(inputs).0, "contractual-sla");
    }

    #[test]
    fn sla_of_exactly_99_99_counts_and_just_below_does_not() {
        let at = RecommendInputs {
            contractual_sla: 99.99,
            ..Default::default()
        };
        assert_eq!(row_for(at).0, "contractual-sla");
        let below = RecommendInputs {
            contractual_sla: 99.98,
            ..Default::default()
        };
        assert_eq!(row_for(below).0, "small-single-continent");
    }

    #[test]
    fn max_users_is_inclusive() {
        let at = RecommendInputs {
            users: 10_000,
            ..Default::default()
        };
        assert_eq!(row_for(at).0, "small-single-continent");
        let over = RecommendInputs {
            users: 10_001,
            ..Default::default()
        };
        assert_eq!(row_for(over).0, "leadership");
    }

    #[test]
    fn reasons_name_the_deciding_inputs() {
        let out = recommend(&RecommendInputs {
            contractual_sla: 99.99,
            ..Default::default()
        })
        .unwrap();
        assert_eq!(
            out.reasons,
            [
                "regulated_residency is false",
                "global_realtime_writes is false",
                "contractual_sla is 99.99 %, at least 99.99 %",
            ]
        );
        let out = recommend(&RecommendInputs {
            users: 50_000,
            ..Default::default()
        })
        .unwrap();
        assert_eq!(out.reasons.len(), 5);
        assert!(out
            .reasons
            .contains(&"users is 50,000, more than 10,000".to_owned()));
        assert!(out
            .reasons
            .contains(&"contractual_sla is none, below 99.99 %".to_owned()));
    }

    #[test]
    fn default_rules_are_a_valid_table_with_the_shared_ids() {
        let rules = default_rules();
        validate_rules(&rules).unwrap();
        let ids: Vec<_> = rules.iter().map(|r| r.id.as_str()).collect();
        assert_eq!(
            ids,
            [
                "regulated",
                "realtime-writes",
                "contractual-sla",
                "global-read-heavy",
                "small-single-continent",
                "leadership"
            ]
        );
    }

    #[test]
    fn broken_rule_sets_are_rejected() {
        assert!(validate_rules(&[]).is_err());
        let mut rules = default_rules();
        rules.pop();
        assert!(validate_rules(&rules).is_err(), "no catch-all");
        let mut rules = default_rules();
        rules[1].id = "regulated".into();
        assert!(validate_rules(&rules).is_err(), "duplicate id");
        let mut rules = default_rules();
        rules[2].when.min_sla = Some(f64::NAN);
        assert!(validate_rules(&rules).is_err(), "NaN min_sla");
    }

    #[test]
    fn rules_deserialise_from_json_and_reject_unknown_conditions() {
        let json = serde_json::json!({
            "id": "x", "pattern": "active_passive", "reason": "r", "next_step": "n",
            "when": { "min_sla": 99.9 }
        });
        let rule: Rule = serde_json::from_value(json).unwrap();
        assert_eq!(rule.when.min_sla, Some(99.9));
        let typo = serde_json::json!({
            "id": "x", "pattern": "active_passive", "reason": "r", "next_step": "n",
            "when": { "min_slaa": 99.9 }
        });
        assert!(serde_json::from_value::<Rule>(typo).is_err());
    }
}
