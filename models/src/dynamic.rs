//! The models by name, over JSON: the API the command line, the site's
//! shortcodes and the wasm calculators share.
//!
//! Inputs arrive as a partial JSON object. Layering, lowest first: the model's
//! defaults, then the preset named by `"preset"` (where the model has
//! presets), then every other key. Unknown keys, values of the wrong kind and
//! out-of-range numbers are errors naming the field.

use std::fmt;
use std::str::FromStr;

use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::{Map, Value};

use crate::fields::{self, FieldSpec};
use crate::recommend::{self, Rule};
use crate::strategy::Strategy;
use crate::{availability, cost, rpo, rto, ModelError, Pattern, Unit};

/// The five models.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Model {
    Cost,
    Rpo,
    Rto,
    Availability,
    Recommend,
}

impl Model {
    /// Every model, in the order the guide introduces them.
    pub const ALL: [Model; 5] = [
        Self::Cost,
        Self::Rpo,
        Self::Rto,
        Self::Availability,
        Self::Recommend,
    ];

    /// The model's name on the command line and in JSON (`cost`).
    pub fn name(&self) -> &'static str {
        match self {
            Self::Cost => "cost",
            Self::Rpo => "rpo",
            Self::Rto => "rto",
            Self::Availability => "availability",
            Self::Recommend => "recommend",
        }
    }

    /// One line on what the model computes.
    pub fn about(&self) -> &'static str {
        match self {
            Self::Cost => "Monthly cost of each pattern, line by line, against a single region",
            Self::Rpo => "How much data a failover loses: RPO and lost writes",
            Self::Rto => {
                "How long until traffic is served again: RTO, time to 95/99/100 %, traffic curve"
            }
            Self::Availability => {
                "Expected downtime and availability of each pattern against an SLA"
            }
            Self::Recommend => "Which pattern fits: the decision table as a function",
        }
    }

    /// The assumptions behind the model, stated wherever its numbers appear.
    pub fn assumptions(&self) -> &'static str {
        match self {
            Self::Cost => {
                "\
Single region, active-passive and active-active follow the guide's formulas; the defaults \
reproduce the article's table (7,200 / 10,900 / 16,700 $/month). Active-active compute is \
N/(N-1) × single-region compute: each surviving region must absorb a failed one's share.
Single region + CDN: the single-region bill plus cdn_spend on the transfer line; we assume \
the CDN saves no origin egress (conservative).
Partitioned: each region serves only its own tenants, so compute and database split across \
the regions and sum back to the single-region base; each region beyond the first adds \
partition_overhead × that base as a fixed footprint. Regulated data is not replicated, so \
there is no cross-region transfer; tenant routing costs ap_routing.
Ratios compare each total with the single-region total."
            }
            Self::Rpo => {
                "\
async: RPO is the replication lag (typical, and as observed while a region degrades). \
sync: RPO 0, paid for in write latency. backup: RPO is the whole backup interval (the worst \
case). Lost writes = writes_per_s × RPO. time_to_budget_s = (rpo_budget_s - typical_lag_s) / \
lag_growth_rate, never below 0: alert on the growth of lag, not its level."
            }
            Self::Rto => {
                "\
Steps run in sequence: detection (interval × threshold), decision, database promotion, \
restore, scale-up; then traffic moves. DNS: TTL-respecting clients return evenly over the TTL, \
TTL-ignoring clients evenly over their cache lifetime; the RTO is when every TTL-respecting \
client is back. Anycast: everyone returns at once. Presets are the DR ladder: backup-restore \
(15 min decision, 2 h restore, 30 min scale-up), pilot-light (5 min decision, 20 min to start \
compute), warm-standby (the defaults, 510 s), hot-standby (detection + TTL), active-active \
(10 s × 3 checks, anycast, 30 s)."
            }
            Self::Availability => {
                "\
A year is 525,600 minutes, a month 43,800. Single region: down for every regional outage. \
Multi-region: down for the RTO when failover works (at most the outage) and for the whole \
outage when it does not. Availability = 1 - downtime / year; downtime is capped at a year."
            }
            Self::Recommend => {
                "\
The rows are evaluated in order and the first match wins: regulated residency → partitioned; \
global real-time writes → active-active; contractual SLA ≥ 99.99 % → active-passive; global \
and stateless read-heavy → single region + CDN; at most 10,000 users on one continent → \
single region; otherwise → single region. The site uses the rows of data/decisions.toml; \
the command line uses the same rows built in."
            }
        }
    }
}

impl fmt::Display for Model {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Model {
    type Err = ModelError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::ALL
            .into_iter()
            .find(|m| m.name() == s)
            .ok_or_else(|| ModelError::UnknownModel { name: s.to_owned() })
    }
}

/// Every input field of a model: name, kind, default, range, unit, help.
pub fn fields(model: Model) -> &'static [FieldSpec] {
    match model {
        Model::Cost => &cost::FIELDS,
        Model::Rpo => &rpo::FIELDS,
        Model::Rto => &rto::FIELDS,
        Model::Availability => &availability::FIELDS,
        Model::Recommend => &recommend::FIELDS,
    }
}

/// The presets a model accepts as `"preset"` (empty if none): the DR
/// strategies, for the models they set inputs of.
pub fn presets(model: Model) -> &'static [&'static str] {
    match model {
        Model::Cost | Model::Rpo | Model::Rto => &Strategy::NAMES,
        Model::Availability | Model::Recommend => &[],
    }
}

/// Runs a model on a partial JSON object of inputs (missing fields take their
/// defaults; `"preset"` selects a preset where the model has them; unknown
/// keys are an error). Returns the full output object, which includes
/// `"inputs"`. The recommender uses [`recommend::default_rules`].
pub fn run_json(model: Model, inputs: &Map<String, Value>) -> Result<Value, ModelError> {
    match model {
        Model::Recommend => run_json_with_rules(model, inputs, &recommend::default_rules()),
        _ => run_json_with_rules(model, inputs, &[]),
    }
}

/// [`run_json`] with the recommender's rules given (the data file's rows);
/// other models ignore `rules`.
pub fn run_json_with_rules(
    model: Model,
    inputs: &Map<String, Value>,
    rules: &[Rule],
) -> Result<Value, ModelError> {
    let strategy = preset(model, inputs)?;
    match model {
        Model::Cost => {
            let base = strategy.map(Strategy::cost_inputs).unwrap_or_default();
            to_json(cost::run(&resolve(model, base, inputs)?)?)
        }
        Model::Rpo => {
            let base = strategy.map(Strategy::rpo_inputs).unwrap_or_default();
            to_json(rpo::run(&resolve(model, base, inputs)?)?)
        }
        Model::Rto => {
            let base = strategy.map(Strategy::rto_inputs).unwrap_or_default();
            to_json(rto::run(&resolve(model, base, inputs)?)?)
        }
        Model::Availability => {
            let resolved = resolve(model, Default::default(), inputs)?;
            to_json(availability::run(&resolved)?)
        }
        Model::Recommend => {
            let resolved = resolve(model, Default::default(), inputs)?;
            to_json(recommend::recommend_with_rules(&resolved, rules)?)
        }
    }
}

/// The strategy named by `"preset"`, if any.
fn preset(model: Model, inputs: &Map<String, Value>) -> Result<Option<Strategy>, ModelError> {
    let Some(value) = inputs.get("preset") else {
        return Ok(None);
    };
    let unknown = |name: String| ModelError::UnknownPreset {
        model: model.name().to_owned(),
        name,
        known: presets(model).to_vec(),
    };
    let name = value.as_str().ok_or_else(|| unknown(value.to_string()))?;
    if !presets(model).contains(&name) {
        return Err(unknown(name.to_owned()));
    }
    name.parse().map(Some)
}

/// Lays the given keys over `base` after checking each against the field
/// table, then deserialises the result.
fn resolve<T: Serialize + DeserializeOwned>(
    model: Model,
    base: T,
    inputs: &Map<String, Value>,
) -> Result<T, ModelError> {
    let table = fields(model);
    let mut merged = match serde_json::to_value(base) {
        Ok(Value::Object(map)) => map,
        _ => Map::new(),
    };
    for (key, value) in inputs {
        if key == "preset" {
            continue;
        }
        let spec = fields::find(table, key).ok_or_else(|| ModelError::UnknownField {
            model: model.name().to_owned(),
            field: key.clone(),
            known: table.iter().map(|s| s.name).collect(),
        })?;
        merged.insert(key.clone(), spec.coerce(value)?);
    }
    serde_json::from_value(Value::Object(merged)).map_err(|err| ModelError::InvalidValue {
        field: model.name().to_owned(),
        value: err.to_string(),
        expected: "inputs matching the field table".to_owned(),
    })
}

fn to_json<T: Serialize>(output: T) -> Result<Value, ModelError> {
    serde_json::to_value(output).map_err(|err| ModelError::InvalidValue {
        field: "output".to_owned(),
        value: err.to_string(),
        expected: "serialisable output".to_owned(),
    })
}

/// One figure of a model's output, for tables: its dotted path, a label and
/// its unit.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Figure {
    pub path: String,
    pub label: String,
    pub unit: Unit,
}

fn figure(path: impl Into<String>, label: impl Into<String>, unit: Unit) -> Figure {
    Figure {
        path: path.into(),
        label: label.into(),
        unit,
    }
}

/// Cost lines, in table order.
pub const COST_LINES: [&str; 6] = [
    "compute", "database", "transfer", "routing", "total", "ratio",
];

/// The patterns the availability model compares.
pub const AVAILABILITY_PATTERNS: [Pattern; 3] = [
    Pattern::SingleRegion,
    Pattern::ActivePassive,
    Pattern::ActiveActive,
];

/// The output figures a table shows, in order (every number of the output
/// except the inputs echo and the RTO curve's points).
pub fn figures(model: Model) -> Vec<Figure> {
    match model {
        Model::Cost => Pattern::ALL
            .into_iter()
            .flat_map(|p| {
                COST_LINES.into_iter().map(move |line| {
                    let unit = if line == "ratio" {
                        Unit::Ratio
                    } else {
                        Unit::Dollars
                    };
                    figure(
                        format!("{}.{line}", p.id()),
                        format!("{} {line}", p.short_name()),
                        unit,
                    )
                })
            })
            .collect(),
        Model::Rpo => vec![
            figure("rpo_typical_s", "RPO, typical", Unit::Seconds),
            figure("rpo_incident_s", "RPO, during an incident", Unit::Seconds),
            figure("lost_writes_typical", "Lost writes, typical", Unit::Count),
            figure(
                "lost_writes_incident",
                "Lost writes, during an incident",
                Unit::Count,
            ),
            figure(
                "time_to_budget_s",
                "Time until lag exceeds the RPO budget",
                Unit::Seconds,
            ),
        ],
        Model::Rto => vec![
            figure("steps.detection_s", "Detection", Unit::Seconds),
            figure("steps.decision_s", "Decision", Unit::Seconds),
            figure("steps.promotion_s", "Database promotion", Unit::Seconds),
            figure("steps.restore_s", "Restore and redeploy", Unit::Seconds),
            figure("steps.scale_up_s", "Scale-up", Unit::Seconds),
            figure("switch_s", "Traffic starts to move", Unit::Seconds),
            figure("rto_s", "RTO", Unit::Seconds),
            figure("t95_s", "95 % of traffic served", Unit::Seconds),
            figure("t99_s", "99 % of traffic served", Unit::Seconds),
            figure("t100_s", "100 % of traffic served", Unit::Seconds),
        ],
        Model::Availability => {
            let mut list = vec![
                figure(
                    "allowed_min_year",
                    "Downtime allowed per year",
                    Unit::Minutes,
                ),
                figure(
                    "allowed_min_month",
                    "Downtime allowed per month",
                    Unit::Minutes,
                ),
            ];
            for p in AVAILABILITY_PATTERNS {
                let (id, name) = (p.id(), p.short_name());
                list.push(figure(
                    format!("{id}.downtime_min_year"),
                    format!("{name}: downtime per year"),
                    Unit::Minutes,
                ));
                list.push(figure(
                    format!("{id}.availability_pct"),
                    format!("{name}: availability"),
                    Unit::Percent,
                ));
                list.push(figure(
                    format!("{id}.meets_sla"),
                    format!("{name}: meets the SLA"),
                    Unit::Bool,
                ));
            }
            list
        }
        Model::Recommend => vec![
            figure("pattern_name", "Recommendation", Unit::Text),
            figure("row", "Decision row", Unit::Text),
            figure("situation", "Situation", Unit::Text),
            figure("reason", "Why", Unit::Text),
            figure("next_step", "Next step", Unit::Text),
        ],
    }
}

/// The unit of an output path, or `None` if the model has no such figure.
pub fn unit_of(model: Model, path: &str) -> Option<Unit> {
    if let Some(field) = path.strip_prefix("inputs.") {
        return fields::find(fields(model), field).map(|spec| spec.unit);
    }
    if let Some(f) = figures(model).into_iter().find(|f| f.path == path) {
        return Some(f.unit);
    }
    let parts: Vec<&str> = path.split('.').collect();
    match (model, parts.as_slice()) {
        (Model::Rto, ["curve", i, "t_s"]) if i.parse::<usize>().is_ok() => Some(Unit::Seconds),
        (Model::Rto, ["curve", i, "share"]) if i.parse::<usize>().is_ok() => Some(Unit::Fraction),
        (Model::Recommend, ["pattern"]) => Some(Unit::Text),
        (Model::Recommend, ["reasons", i]) if i.parse::<usize>().is_ok() => Some(Unit::Text),
        _ => None,
    }
}

/// Formats one output figure for people, by its dotted path in the output
/// (`"active_passive.total"` → `"$10,900"`; `"rto_s"` → `"8 min 30 s"`).
/// Inputs format by their field's unit (`"inputs.regions"`).
pub fn format_figure(model: Model, path: &str, value: &Value) -> Result<String, ModelError> {
    let unit = unit_of(model, path).ok_or_else(|| ModelError::UnknownFigure {
        model: model.name().to_owned(),
        path: path.to_owned(),
    })?;
    match value {
        Value::Number(n) => Ok(unit.format(n.as_f64().unwrap_or(f64::NAN))),
        Value::Bool(b) if unit == Unit::Bool => Ok(if *b { "yes" } else { "no" }.to_owned()),
        Value::Bool(b) => Ok(b.to_string()),
        Value::String(s) => Ok(s.clone()),
        other => Err(ModelError::invalid(
            path,
            other,
            "a number, a boolean or text",
        )),
    }
}

/// Looks up a dotted path (`"active_passive.total"`, `"curve.3.share"`) in an
/// output object.
pub fn lookup<'a>(output: &'a Value, path: &str) -> Option<&'a Value> {
    path.split('.').try_fold(output, |node, key| match node {
        Value::Object(map) => map.get(key),
        Value::Array(items) => key.parse::<usize>().ok().and_then(|i| items.get(i)),
        _ => None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn obj(value: Value) -> Map<String, Value> {
        match value {
            Value::Object(map) => map,
            _ => panic!("not an object"),
        }
    }

    fn run(model: Model, inputs: Value) -> Result<Value, ModelError> {
        run_json(model, &obj(inputs))
    }

    #[test]
    fn model_names_round_trip() {
        for m in Model::ALL {
            assert_eq!(m.name().parse::<Model>(), Ok(m));
        }
        assert!("latency".parse::<Model>().is_err());
    }

    #[test]
    fn every_table_equals_its_struct_default() {
        for model in Model::ALL {
            let out = run(model, json!({})).unwrap();
            let inputs = out["inputs"].as_object().unwrap();
            let table = fields(model);
            assert_eq!(
                inputs.len(),
                table.len(),
                "{model}: fields missing from the table"
            );
            for spec in table {
                assert_eq!(
                    inputs[spec.name],
                    spec.default_json(),
                    "{model}.{}",
                    spec.name
                );
            }
        }
    }

    #[test]
    fn every_numeric_field_is_range_checked_by_validate() {
        // Real numbers are only type-checked on the way in, so this reaches
        // each struct's validate(); whole numbers are range-checked on coercion.
        for model in Model::ALL {
            for spec in fields(model) {
                if !matches!(
                    spec.kind,
                    fields::FieldKind::Number | fields::FieldKind::Integer
                ) {
                    continue;
                }
                let below = spec.min - 1.0;
                let value = if below >= 0.0 && spec.kind == fields::FieldKind::Integer {
                    json!(below as u64)
                } else if spec.kind == fields::FieldKind::Integer {
                    json!(spec.max as u64 + 1)
                } else {
                    json!(spec.max * 2.0 + 1.0)
                };
                let err = run(model, json!({ spec.name: value })).unwrap_err();
                assert_eq!(err.field(), Some(spec.name), "{model}.{}: {err}", spec.name);
            }
        }
    }

    #[test]
    fn presets_layer_under_explicit_inputs() {
        let out = run(Model::Rto, json!({ "preset": "active-active" })).unwrap();
        assert_eq!(out["rto_s"], 30.0);
        let out = run(
            Model::Rto,
            json!({ "preset": "pilot-light", "scale_up_s": 600 }),
        )
        .unwrap();
        assert_eq!(out["inputs"]["scale_up_s"], 600.0);
        assert_eq!(out["inputs"]["decision_s"], 300.0);
        let out = run(Model::Rpo, json!({ "preset": "active-active" })).unwrap();
        assert_eq!(out["rpo_incident_s"], 0.0);
        let err = run(Model::Rto, json!({ "preset": "cold" })).unwrap_err();
        assert_eq!(err.field(), Some("preset"));
        let err = run(Model::Availability, json!({ "preset": "warm-standby" })).unwrap_err();
        assert_eq!(
            err.to_string(),
            "availability has no presets (got `warm-standby`)"
        );
    }

    #[test]
    fn bad_inputs_name_the_field() {
        let err = run(Model::Cost, json!({ "regions": 11 })).unwrap_err();
        assert_eq!(
            err.to_string(),
            "regions must be a whole number between 2 and 10 (got 11)"
        );
        let err = run(Model::Cost, json!({ "region": 3 })).unwrap_err();
        assert_eq!(err.field(), Some("region"));
        let err = run(Model::Rpo, json!({ "mode": "eventual" })).unwrap_err();
        assert_eq!(err.field(), Some("mode"));
        let err = run(Model::Availability, json!({ "sla": "high" })).unwrap_err();
        assert_eq!(err.field(), Some("sla"));
        let err = run(Model::Availability, json!({ "sla": 100.5 })).unwrap_err();
        assert_eq!(err.to_string(), "sla must be between 0 and 100 (got 100.5)");
        let err = run(Model::Recommend, json!({ "users": -5 })).unwrap_err();
        assert_eq!(err.field(), Some("users"));
    }

    #[test]
    fn strings_from_forms_are_accepted() {
        let out = run(
            Model::Cost,
            json!({ "regions": "3", "standby_fraction": "0.5" }),
        )
        .unwrap();
        assert_eq!(out["inputs"]["regions"], 3);
        assert_eq!(out["inputs"]["standby_fraction"], 0.5);
        let out = run(Model::Recommend, json!({ "regulated_residency": "true" })).unwrap();
        assert_eq!(out["pattern"], "partitioned");
    }

    #[test]
    fn format_figure_by_path() {
        let out = run(Model::Cost, json!({})).unwrap();
        let fmt =
            |path: &str| format_figure(Model::Cost, path, lookup(&out, path).unwrap()).unwrap();
        assert_eq!(fmt("active_passive.total"), "$10,900");
        assert_eq!(fmt("active_active.ratio"), "2.32×");
        assert_eq!(fmt("inputs.price_per_gb"), "$0.02/GB");
        let rto = run(Model::Rto, json!({})).unwrap();
        assert_eq!(
            format_figure(Model::Rto, "rto_s", &rto["rto_s"]).unwrap(),
            "8 min 30 s"
        );
        assert_eq!(
            format_figure(Model::Rto, "curve.0.share", &json!(0.95)).unwrap(),
            "95 %"
        );
        let avail = run(Model::Availability, json!({})).unwrap();
        let met = lookup(&avail, "single_region.meets_sla").unwrap();
        assert_eq!(
            format_figure(Model::Availability, "single_region.meets_sla", met).unwrap(),
            "yes"
        );
        assert!(format_figure(Model::Cost, "nope", &json!(1)).is_err());
    }

    #[test]
    fn every_figure_exists_in_the_output() {
        for model in Model::ALL {
            let out = run(model, json!({})).unwrap();
            for f in figures(model) {
                let value = lookup(&out, &f.path).unwrap_or_else(|| panic!("{model}: {}", f.path));
                format_figure(model, &f.path, value).unwrap();
            }
        }
    }

    #[test]
    fn recommend_with_data_file_rules() {
        let rules = vec![Rule {
            id: "all".into(),
            situation: String::new(),
            pattern: Pattern::ActiveActive,
            when: Default::default(),
            reason: "r".into(),
            next_step: "n".into(),
        }];
        let out = run_json_with_rules(Model::Recommend, &Map::new(), &rules).unwrap();
        assert_eq!(out["row"], "all");
        assert_eq!(out["pattern"], "active_active");
    }
}
