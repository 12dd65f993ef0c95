//! The organisation's calculator defaults for one model: the one place that
//! decides which `[calculator.*]` values a model starts from.
//!
//! An input is the organisation's, not one model's. The break-even model
//! prices the same bill as the cost model (`compute`, `database`,
//! `transfer`, `regions`, `transfer_from`, `custom_price_per_gb`), times
//! failovers with the RTO model's decision time and judges them with the
//! availability model's SLA and outage record; the recommender and the
//! break-even both take the outage cost per hour. So:
//!
//! 1. a model's own `[calculator.MODEL]` value wins;
//! 2. else the value another table sets for an input **of the same name**
//!    (`[calculator.cost] compute` is the break-even's `compute` too);
//! 3. else the model's default.
//!
//! Two other tables that set different values for an input a third model
//! shares would leave that model with no single value: the configuration
//! check reports it ([`Conflict`]). Sharing by name is sound because inputs
//! of the same name mean the same thing: the test below holds every such
//! pair in the registry to the same kind, unit and choices.

use std::collections::BTreeMap;

use regionwise_models::{FieldSpec, ModelDef};
use serde_json::{Map, Value};

/// `[calculator.MODEL]` tables by model name, as `regionwise.toml` has them.
pub type Tables = BTreeMap<String, Map<String, Value>>;

/// A default and the table that set it.
#[derive(Debug, Clone, PartialEq)]
pub struct Source<'t> {
    pub table: &'t str,
    pub value: &'t Value,
}

/// Two tables set different values for an input that a model without its
/// own value shares.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Conflict {
    pub model: String,
    pub field: &'static str,
    pub tables: [String; 2],
}

/// The defaults of `model`, by input, with where each came from (its own
/// table, or another that sets an input of the same name).
pub fn sources<'t>(
    tables: &'t Tables,
    model: &str,
    fields: &'static [FieldSpec],
) -> Result<BTreeMap<String, Source<'t>>, Conflict> {
    let own = tables.get_key_value(model);
    // Its own table first, whole (a `preset` key included).
    let mut out: BTreeMap<String, Source<'t>> = own
        .into_iter()
        .flat_map(|(table, values)| {
            values
                .iter()
                .map(move |(k, value)| (k.clone(), Source { table, value }))
        })
        .collect();
    let own = own.map(|(_, values)| values);
    for spec in fields {
        if own.is_some_and(|t| t.contains_key(spec.name)) {
            continue;
        }
        let mut found: Option<Source<'t>> = None;
        for (table, values) in tables.iter().filter(|(t, _)| *t != model) {
            let Some(value) = values.get(spec.name) else {
                continue;
            };
            match &found {
                Some(first) if !same(spec, first.value, value) => {
                    return Err(Conflict {
                        model: model.to_owned(),
                        field: spec.name,
                        tables: [first.table.to_owned(), table.clone()],
                    })
                }
                Some(_) => {}
                None => found = Some(Source { table, value }),
            }
        }
        if let Some(d) = found {
            out.insert(spec.name.to_owned(), d);
        }
    }
    Ok(out)
}

/// The defaults of `model` as the JSON object it runs on.
pub fn layered(tables: &Tables, model: &ModelDef) -> Result<Map<String, Value>, Conflict> {
    Ok(sources(tables, model.name, model.fields)?
        .into_iter()
        .map(|(k, d)| (k, d.value.clone()))
        .collect())
}

/// Whether two values are the same input ("10 min" and 600 are).
fn same(spec: &FieldSpec, a: &Value, b: &Value) -> bool {
    match (spec.coerce(a), spec.coerce(b)) {
        // 600 and 600.0 are one number.
        (Ok(a), Ok(b)) => match (a.as_f64(), b.as_f64()) {
            (Some(x), Some(y)) => x == y,
            _ => a == b,
        },
        _ => a == b,
    }
}

impl std::fmt::Display for Conflict {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let [a, b] = &self.tables;
        write!(
            f,
            "`{field}` is set to different values under [calculator.{a}] and \
             [calculator.{b}], and the {model} model, which shares the input, takes \
             the value another table sets: set `{field}` under [calculator.{model}] \
             to choose",
            field = self.field,
            model = self.model,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use regionwise_models::{model, MODELS};
    use serde_json::json;

    fn tables(v: Value) -> Tables {
        serde_json::from_value(v).unwrap()
    }

    #[test]
    fn a_shared_input_takes_the_value_another_table_sets() {
        let t = tables(json!({"cost": {"compute": 42000, "regions": 3}}));
        let be = layered(&t, model("breakeven").unwrap()).unwrap();
        assert_eq!(
            be,
            *json!({"compute": 42000, "regions": 3}).as_object().unwrap()
        );
        // ...and the other way: an input is the organisation's.
        let t = tables(json!({"breakeven": {"database": 9000, "outage_cost_per_hour": 25000}}));
        let cost = layered(&t, model("cost").unwrap()).unwrap();
        assert_eq!(cost, *json!({"database": 9000}).as_object().unwrap());
        let rec = layered(&t, model("recommend").unwrap()).unwrap();
        assert_eq!(
            rec,
            *json!({"outage_cost_per_hour": 25000}).as_object().unwrap()
        );
    }

    #[test]
    fn a_model_own_value_wins_and_presets_stay_with_their_model() {
        let t = tables(json!({
            "cost": {"compute": 42000, "preset": "active-active"},
            "breakeven": {"compute": 7000},
        }));
        let be = layered(&t, model("breakeven").unwrap()).unwrap();
        assert_eq!(be, *json!({"compute": 7000}).as_object().unwrap());
        let cost = layered(&t, model("cost").unwrap()).unwrap();
        assert_eq!(cost["compute"], json!(42000));
        assert_eq!(cost["preset"], json!("active-active"));
        let s = sources(&t, "breakeven", model("breakeven").unwrap().fields).unwrap();
        assert_eq!(s["compute"].table, "breakeven");
    }

    #[test]
    fn two_tables_disagreeing_for_a_third_is_a_conflict_unless_it_sets_its_own() {
        // The registry shares each input between two models today, so a third
        // table stands in for a future model with the same input.
        let fields = model("breakeven").unwrap().fields;
        let t = tables(json!({"cost": {"compute": 42000}, "other": {"compute": 41000}}));
        let err = sources(&t, "breakeven", fields).unwrap_err();
        assert_eq!(err.field, "compute");
        assert_eq!(err.tables, ["cost".to_owned(), "other".to_owned()]);
        assert!(err.to_string().contains("[calculator.breakeven]"), "{err}");
        let t = tables(json!({"rto": {"decision_s": "10 min"}, "other": {"decision_s": 600}}));
        let s = sources(&t, "breakeven", fields).unwrap();
        assert_eq!(s["decision_s"].table, "other");
        let t = tables(json!({
            "cost": {"compute": 42000}, "other": {"compute": 41000},
            "breakeven": {"compute": 1},
        }));
        assert!(sources(&t, "breakeven", fields).is_ok());
    }

    /// Sharing by name is sound only while inputs of the same name mean the
    /// same thing: a new model that reuses a name for something else must
    /// rename its field.
    #[test]
    fn inputs_of_the_same_name_have_the_same_kind_unit_and_choices() {
        let mut shared = 0;
        for (i, a) in MODELS.iter().enumerate() {
            for b in &MODELS[i + 1..] {
                for fa in a.fields {
                    let Some(fb) = b.field(fa.name) else { continue };
                    shared += 1;
                    let what = format!("{a}.{} and {b}.{}", fa.name, fb.name);
                    assert_eq!(fa.kind, fb.kind, "{what}");
                    assert_eq!(fa.unit, fb.unit, "{what}");
                    assert_eq!(fa.choices, fb.choices, "{what}");
                }
            }
        }
        // compute, database, transfer, regions, transfer_from,
        // custom_price_per_gb; decision_s; sla, outages_per_year,
        // outage_minutes, failover_success; outage_cost_per_hour.
        assert_eq!(shared, 12);
    }
}
