//! Property tests over the whole input space of every model.
//!
//! - Any JSON at all: no panic; either an error or an output whose every
//!   number is finite (NaN would serialise as `null`, so no `null` either).
//! - Any in-range input: never an error.
//! - One field out of range: an error naming that field.
//! - Monotonicity where the physics demands it.

use proptest::prelude::*;
use proptest::test_runner::Config;
use regionwise_models::cost::{self, CostInputs};
use regionwise_models::{
    availability, rpo, rto, FieldKind, FieldSpec, ModelDef, ModelError, Outcome, MODELS,
};
use serde_json::{Map, Value};

type Model = &'static ModelDef;

fn models() -> impl Strategy<Value = Model> {
    prop::sample::select(MODELS.to_vec())
}

fn run_outcome(model: Model, inputs: &Map<String, Value>) -> Result<Outcome, ModelError> {
    model.run(inputs)
}

fn run_json(model: Model, inputs: &Map<String, Value>) -> Result<Value, ModelError> {
    run_outcome(model, inputs).map(|o| o.json)
}

/// Any value a caller could send for a field, sensible or not.
fn any_value(spec: &'static FieldSpec) -> BoxedStrategy<Value> {
    prop_oneof![
        any::<f64>().prop_map(Value::from),
        (spec.min - 10.0..=spec.max * 2.0 + 10.0).prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<bool>().prop_map(Value::from),
        prop::sample::select(vec!["NaN", "inf", "-1", "", "1e308", "abc", "true"])
            .prop_map(Value::from),
        prop::sample::select(
            spec.choice_ids()
                .into_iter()
                .chain(["other"])
                .collect::<Vec<_>>()
        )
        .prop_map(Value::from),
        Just(Value::Null),
        Just(serde_json::json!([1, 2])),
    ]
    .boxed()
}

/// A value inside the field's range (edges included).
fn in_range_value(spec: &'static FieldSpec) -> BoxedStrategy<Value> {
    match spec.kind {
        FieldKind::Number => prop_oneof![Just(spec.min), Just(spec.max), spec.min..=spec.max,]
            .prop_map(Value::from)
            .boxed(),
        FieldKind::Integer => (spec.min as u64..=spec.max as u64)
            .prop_map(Value::from)
            .boxed(),
        FieldKind::Choice => prop::sample::select(spec.choice_ids())
            .prop_map(Value::from)
            .boxed(),
        FieldKind::Bool => any::<bool>().prop_map(Value::from).boxed(),
    }
}

/// A partial input object: each field present or not, values from `value`.
fn object_of(
    model: Model,
    value: fn(&'static FieldSpec) -> BoxedStrategy<Value>,
) -> BoxedStrategy<Map<String, Value>> {
    let entries: Vec<_> = model
        .fields
        .iter()
        .map(|spec| prop::option::of(value(spec)).prop_map(move |v| (spec.name, v)))
        .collect();
    let preset = prop::option::of(prop::sample::select(
        model
            .presets
            .iter()
            .copied()
            .chain(["none-such"])
            .collect::<Vec<_>>(),
    ));
    (entries, preset).prop_map(to_object).boxed()
}

/// The generated (field, maybe value) pairs and maybe a preset, as the JSON
/// object the models take.
fn to_object(
    (entries, preset): (Vec<(&'static str, Option<Value>)>, Option<&'static str>),
) -> Map<String, Value> {
    let mut map: Map<String, Value> = entries
        .into_iter()
        .filter_map(|(name, v)| v.map(|v| (name.to_owned(), v)))
        .collect();
    if let Some(p) = preset {
        map.insert("preset".into(), Value::from(p));
    }
    map
}

fn in_range_object(model: Model) -> BoxedStrategy<Map<String, Value>> {
    let entries: Vec<_> = model
        .fields
        .iter()
        .map(|spec| prop::option::of(in_range_value(spec)).prop_map(move |v| (spec.name, v)))
        .collect();
    let preset = if model.presets.is_empty() {
        Just(None).boxed()
    } else {
        prop::option::of(prop::sample::select(model.presets.to_vec())).boxed()
    };
    (entries, preset).prop_map(to_object).boxed()
}

/// Every number in the output is finite and nothing is null.
fn assert_finite(value: &Value, path: &str) {
    match value {
        Value::Null => panic!("{path} is null (a NaN or infinity?)"),
        Value::Number(n) => assert!(n.as_f64().is_some_and(f64::is_finite), "{path} = {n}"),
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                assert_finite(item, &format!("{path}.{i}"));
            }
        }
        Value::Object(map) => {
            for (k, v) in map {
                assert_finite(v, &format!("{path}.{k}"));
            }
        }
        Value::Bool(_) | Value::String(_) => {}
    }
}

/// Every figure of the output formats as something a person can read.
fn assert_formats(model: Model, out: &Outcome) {
    for figure in &out.figures {
        let text = figure.text();
        assert!(
            !text.is_empty() || figure.unit == regionwise_models::Unit::Text,
            "{model}: {}",
            figure.path
        );
        assert!(
            !text.contains("NaN") && !text.contains("inf"),
            "{model}: {text}"
        );
    }
}

proptest! {
    #![proptest_config(Config::with_cases(512))]

    #[test]
    fn any_input_gives_an_error_or_a_finite_output(
        (model, inputs) in models().prop_flat_map(|m| (Just(m), object_of(m, any_value)))
    ) {
        if let Ok(out) = run_outcome(model, &inputs) {
            assert_finite(&out.json, model.name);
            assert_formats(model, &out);
        }
    }

    #[test]
    fn in_range_inputs_always_run(
        (model, inputs) in models().prop_flat_map(|m| (Just(m), in_range_object(m)))
    ) {
        let out = run_outcome(model, &inputs);
        // Values each in range may still contradict one another (the
        // recommender's fast writes from one continent): an error that says
        // so and names an input, never a panic or a silent answer.
        if let Err(ModelError::Contradiction { field, .. }) = &out {
            prop_assert!(model.field(field).is_some(), "{model}: {field}");
            return Ok(());
        }
        prop_assert!(out.is_ok(), "{model} {inputs:?}: {:?}", out.err());
        let outcome = out.unwrap();
        assert_finite(&outcome.json, model.name);
        assert_formats(model, &outcome);
        let out = outcome.json;
        if model.name == "rto" {
            let curve = out["curve"].as_array().unwrap();
            prop_assert!(curve.len() <= rto::MAX_CURVE_POINTS);
            let (t95, t99, t100) = (&out["t95_s"], &out["t99_s"], &out["t100_s"]);
            let (t95, t99, t100) = (t95.as_f64().unwrap(), t99.as_f64().unwrap(), t100.as_f64().unwrap());
            prop_assert!(t95 <= t99 && t99 <= t100, "{t95} {t99} {t100}");
            prop_assert!(out["rto_s"].as_f64() >= out["switch_s"].as_f64());
        }
    }

    #[test]
    fn one_field_out_of_range_is_named(
        (model, index, above, inputs) in models().prop_flat_map(|m| {
            let n = m.fields.len();
            (Just(m), 0..n, any::<bool>(), in_range_object(m))
        }),
        offset in 1e-6f64..1e6,
    ) {
        let spec = &model.fields[index];
        prop_assume!(matches!(spec.kind, FieldKind::Number | FieldKind::Integer));
        let bad = if above { spec.max + offset } else { spec.min - offset };
        let mut inputs = inputs;
        inputs.insert(spec.name.to_owned(), Value::from(bad));
        let err = run_json(model, &inputs).expect_err("out of range must fail");
        prop_assert_eq!(err.field(), Some(spec.name));
        let message = err.to_string();
        prop_assert!(message.starts_with(spec.label), "{}", message);
    }

    #[test]
    fn more_regions_never_lower_the_growing_lines(
        inputs in in_range_object(&cost::MODEL), n in 2u32..10,
    ) {
        let base: CostInputs = cost_inputs(&inputs);
        let fewer = cost::run(&CostInputs { regions: n, ..base.clone() }).unwrap();
        let more = cost::run(&CostInputs { regions: n + 1, ..base.clone() }).unwrap();
        // Database, transfer, active-passive and partitioned only grow.
        prop_assert!(more.active_active.database >= fewer.active_active.database);
        prop_assert!(more.active_active.transfer >= fewer.active_active.transfer);
        prop_assert!(more.active_passive.total >= fewer.active_passive.total);
        prop_assert!(more.partitioned.total >= fewer.partitioned.total);
        // Active-active compute N/(N-1)·C shrinks by C/(N(N-1)) per extra
        // region; the total grows whenever a region's database and transfer
        // cost at least that, as they do for any realistic bill.
        let n = f64::from(n);
        let per_region = base.database * (1.0 + base.global_db_overhead)
            + base.aa_cross_region_gb * base.transfer_from.price(base.custom_price_per_gb);
        if per_region >= base.compute / (n * (n - 1.0)) {
            prop_assert!(more.active_active.total >= fewer.active_active.total * (1.0 - 1e-12));
        }
    }

    #[test]
    fn a_higher_ttl_never_lowers_the_rto(
        inputs in in_range_object(&rto::MODEL), extra in 0.0f64..86_400.0,
    ) {
        let lower = run_json(&rto::MODEL, &inputs).unwrap();
        let ttl = lower["inputs"]["dns_ttl_s"].as_f64().unwrap();
        let mut higher_inputs = inputs.clone();
        higher_inputs.insert("dns_ttl_s".into(), Value::from((ttl + extra).min(86_400.0)));
        let higher = run_json(&rto::MODEL, &higher_inputs).unwrap();
        for key in ["rto_s", "t95_s", "t99_s", "t100_s"] {
            let (a, b) = (lower[key].as_f64().unwrap(), higher[key].as_f64().unwrap());
            prop_assert!(b >= a - 1e-9 * a.max(1.0), "{key}: {a} → {b}");
        }
    }

    #[test]
    fn a_less_reliable_failover_never_lowers_downtime(
        inputs in in_range_object(&availability::MODEL), drop in 0.0f64..=1.0,
    ) {
        let better = run_json(&availability::MODEL, &inputs).unwrap();
        let success = better["inputs"]["failover_success"].as_f64().unwrap();
        let mut worse_inputs = inputs.clone();
        worse_inputs.insert("failover_success".into(), Value::from((success - drop).max(0.0)));
        let worse = run_json(&availability::MODEL, &worse_inputs).unwrap();
        for pattern in ["active_passive", "active_active"] {
            let a = better[pattern]["downtime_min_year"].as_f64().unwrap();
            let b = worse[pattern]["downtime_min_year"].as_f64().unwrap();
            prop_assert!(b >= a - 1e-9 * a.max(1.0), "{pattern}: {a} → {b}");
            prop_assert!(b <= worse["single_region"]["downtime_min_year"].as_f64().unwrap() + 1e-9);
        }
    }

    #[test]
    fn a_pattern_whose_rto_exceeds_the_budget_never_breaches_less_than_its_failure_rate(
        inputs in in_range_object(&availability::MODEL),
    ) {
        let out = run_json(&availability::MODEL, &inputs).unwrap();
        let i = &out["inputs"];
        let num = |v: &Value| v.as_f64().unwrap();
        let (s, outage) = (num(&i["failover_success"]), num(&i["outage_minutes"]));
        let budget = num(&out["allowed_min_month"]);
        let single = num(&out["single_region"]["breach_share"]);
        for (pattern, rto) in [("active_passive", "ap_rto_s"), ("active_active", "aa_rto_s")] {
            let p = &out[pattern];
            let share = num(&p["breach_share"]);
            prop_assert!((0.0..=1.0).contains(&share));
            prop_assert!(share <= single + 1e-12, "{pattern} breaches more than one region");
            let rto_min = num(&i[rto]) / 60.0;
            if availability::exceeds(outage, budget) {
                // A failed failover leaves the whole outage: it always breaches.
                prop_assert!(share >= 1.0 - s - 1e-12, "{pattern}: {share} < {}", 1.0 - s);
                if availability::exceeds(rto_min, budget) {
                    prop_assert!((share - 1.0).abs() < 1e-12, "{pattern}: RTO over budget, {share}");
                    prop_assert_eq!(&p["fits_month"], &Value::Bool(false));
                }
            } else {
                prop_assert_eq!(share, 0.0);
            }
            let months = num(&p["breaching_months_year"]);
            let chance = num(&p["breach_chance_year"]);
            prop_assert!((0.0..=1.0).contains(&chance));
            prop_assert!(chance <= months + 1e-12, "1 - e^-x <= x");
        }
    }

    #[test]
    fn more_outages_never_lower_the_breach_chance(
        inputs in in_range_object(&availability::MODEL), extra in 0.0f64..10.0,
    ) {
        let fewer = run_json(&availability::MODEL, &inputs).unwrap();
        let rate = fewer["inputs"]["outages_per_year"].as_f64().unwrap();
        let mut more_inputs = inputs.clone();
        more_inputs.insert("outages_per_year".into(), Value::from((rate + extra).min(365.0)));
        let more = run_json(&availability::MODEL, &more_inputs).unwrap();
        for pattern in ["single_region", "active_passive", "active_active"] {
            let a = fewer[pattern]["breach_chance_year"].as_f64().unwrap();
            let b = more[pattern]["breach_chance_year"].as_f64().unwrap();
            prop_assert!(b >= a - 1e-12, "{pattern}: {a} → {b}");
        }
    }

    #[test]
    fn the_rpo_budget_has_a_time_only_for_async_lag_inside_it(inputs in in_range_object(&rpo::MODEL)) {
        let out = run_json(&rpo::MODEL, &inputs).unwrap();
        let mode = out["inputs"]["mode"].as_str().unwrap();
        let inside = out["inputs"]["typical_lag_s"].as_f64() < out["inputs"]["rpo_budget_s"].as_f64();
        prop_assert_eq!(out.get("time_to_budget_s").is_some(), mode == "async" && inside);
        prop_assert!(!out["budget_text"].as_str().unwrap().is_empty());
    }

    #[test]
    fn more_writes_never_lose_fewer(inputs in in_range_object(&rpo::MODEL), extra in 0.0f64..1e6) {
        let a = run_json(&rpo::MODEL, &inputs).unwrap();
        let writes = a["inputs"]["writes_per_s"].as_f64().unwrap();
        let mut more = inputs.clone();
        more.insert("writes_per_s".into(), Value::from((writes + extra).min(1e7)));
        let b = run_json(&rpo::MODEL, &more).unwrap();
        prop_assert!(b["lost_writes_incident"].as_f64() >= a["lost_writes_incident"].as_f64());
    }
}

fn cost_inputs(partial: &Map<String, Value>) -> CostInputs {
    let out = run_json(&cost::MODEL, partial).unwrap();
    serde_json::from_value(out["inputs"].clone()).unwrap()
}

#[test]
fn with_the_defaults_every_extra_region_costs_more_active_active() {
    let totals: Vec<f64> = (2..=10)
        .map(|n| {
            cost::run(&CostInputs {
                regions: n,
                ..Default::default()
            })
            .unwrap()
            .active_active
            .total
        })
        .collect();
    assert!(totals.windows(2).all(|w| w[1] > w[0]), "{totals:?}");
}

#[test]
fn compute_heavy_bills_get_cheaper_per_region_by_design() {
    // The spec's N/(N-1) compute: a third region means each runs at 1/2
    // instead of 1/1 spare capacity. With no database or transfer, the
    // active-active total falls from 2 × C to 1.5 × C.
    let base = CostInputs {
        database: 0.0,
        aa_cross_region_gb: 0.0,
        aa_routing: 0.0,
        transfer: 0.0,
        ..Default::default()
    };
    let two = cost::run(&CostInputs {
        regions: 2,
        ..base.clone()
    })
    .unwrap();
    let three = cost::run(&CostInputs { regions: 3, ..base }).unwrap();
    assert_eq!(two.active_active.total, 10_000.0);
    assert_eq!(three.active_active.total, 7_500.0);
}

#[test]
fn availability_defaults_use_the_rto_presets() {
    use regionwise_models::Strategy;
    let defaults = availability::AvailabilityInputs::default();
    let warm = rto::run(&Strategy::WarmStandby.rto_inputs()).unwrap();
    let aa = rto::run(&Strategy::ActiveActive.rto_inputs()).unwrap();
    assert_eq!(defaults.ap_rto_s, warm.rto_s);
    assert_eq!(defaults.aa_rto_s, aa.rto_s);
}
