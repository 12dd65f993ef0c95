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
    availability, breakeven, default_rules, recommend, rpo, rto, FieldKind, FieldSpec, ModelDef,
    ModelError, Outcome, MODELS,
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
        let (lower, higher) = moved(&rto::MODEL, &inputs, "dns_ttl_s", |ttl| (ttl + extra).min(86_400.0));
        for key in ["rto_s", "t95_s", "t99_s", "t100_s"] {
            let (a, b) = (num(&lower[key]), num(&higher[key]));
            prop_assert!(b >= a - 1e-9 * a.max(1.0), "{key}: {a} → {b}");
        }
    }

    #[test]
    fn a_less_reliable_failover_never_lowers_downtime(
        inputs in in_range_object(&availability::MODEL), drop in 0.0f64..=1.0,
    ) {
        let (better, worse) = moved(&availability::MODEL, &inputs, "failover_success", |success| (success - drop).max(0.0));
        for pattern in ["active_passive", "active_active"] {
            let (a, b) = (num(&better[pattern]["downtime_min_year"]), num(&worse[pattern]["downtime_min_year"]));
            prop_assert!(b >= a - 1e-9 * a.max(1.0), "{pattern}: {a} → {b}");
            prop_assert!(b <= num(&worse["single_region"]["downtime_min_year"]) + 1e-9);
        }
    }

    #[test]
    fn a_pattern_whose_rto_exceeds_the_budget_never_breaches_less_than_its_failure_rate(
        inputs in in_range_object(&availability::MODEL),
    ) {
        let out = run_json(&availability::MODEL, &inputs).unwrap();
        let i = &out["inputs"];
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
                // Whatever the RTO, the chance of a breaching month is at
                // least that of the failed failovers alone.
                let rate = num(&i["outages_per_year"]);
                let failed_only = 1.0 - (-rate * (1.0 - s)).exp();
                prop_assert!(
                    num(&p["breach_chance_year"]) >= failed_only - 1e-12,
                    "{pattern}: {} < {failed_only}", num(&p["breach_chance_year"])
                );
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
        let (fewer, more) = moved(&availability::MODEL, &inputs, "outages_per_year", |rate| (rate + extra).min(365.0));
        for pattern in ["single_region", "active_passive", "active_active"] {
            let (a, b) = (num(&fewer[pattern]["breach_chance_year"]), num(&more[pattern]["breach_chance_year"]));
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
        let (a, b) = moved(&rpo::MODEL, &inputs, "writes_per_s", |writes| (writes + extra).min(1e7));
        prop_assert!(b["lost_writes_incident"].as_f64() >= a["lost_writes_incident"].as_f64());
    }
}

/// The run of `model` on `inputs` with `field` set to `value`.
fn with(model: Model, inputs: &Map<String, Value>, field: &str, value: Value) -> Value {
    let mut inputs = inputs.clone();
    inputs.insert(field.to_owned(), value);
    run_json(model, &inputs).unwrap()
}

/// The model's output for `inputs`, and its output with `field` moved by
/// `to` from the value the model used: the two sides of a monotonicity check.
fn moved(
    model: Model,
    inputs: &Map<String, Value>,
    field: &str,
    to: impl FnOnce(f64) -> f64,
) -> (Value, Value) {
    let before = run_json(model, inputs).unwrap();
    let after = with(
        model,
        inputs,
        field,
        Value::from(to(num(&before["inputs"][field]))),
    );
    (before, after)
}

fn num(v: &Value) -> f64 {
    v.as_f64().unwrap_or_else(|| panic!("not a number: {v}"))
}

/// A break-even as a number, absent (never pays for itself) as infinity.
fn break_even(out: &Value, rung: &str) -> f64 {
    out[rung]
        .get("break_even_per_hour")
        .map_or(f64::INFINITY, num)
}

const RUNGS: [&str; 4] = [
    "pilot_light",
    "warm_standby",
    "hot_standby",
    "active_active",
];

/// Recommender inputs that do not contradict one another, the numbers often
/// on or near the thresholds the rules and the rungs have.
fn recommend_inputs() -> BoxedStrategy<Map<String, Value>> {
    let sla = prop_oneof![
        Just(None),
        prop::sample::select(vec![0.0, 99.9, 99.95, 99.99, 99.992, 99.995, 99.999, 100.0])
            .prop_map(Some),
    ];
    let cost = prop_oneof![
        Just(None),
        prop::sample::select(vec![
            0.0, 1.0, 5_000.0, 8_379.0, 8_400.0, 20_000.0, 170_000.0, 1e6
        ])
        .prop_map(Some),
    ];
    (in_range_object(&recommend::MODEL), sla, cost)
        .prop_map(|(mut inputs, sla, cost)| {
            if let Some(sla) = sla {
                inputs.insert("contractual_sla".into(), Value::from(sla));
            }
            if let Some(cost) = cost {
                inputs.insert("outage_cost_per_hour".into(), Value::from(cost));
            }
            inputs
        })
        .prop_filter("contradictory", |inputs| {
            !matches!(
                recommend::MODEL.run(inputs),
                Err(ModelError::Contradiction { .. })
            )
        })
        .boxed()
}

proptest! {
    #![proptest_config(Config::with_cases(128))]

    #[test]
    fn the_break_even_never_falls_as_the_outage_cost_rises(
        inputs in in_range_object(&breakeven::MODEL), factor in 1.0f64..1e3,
    ) {
        let (lower, higher) = moved(&breakeven::MODEL, &inputs, "outage_cost_per_hour", |cost| (cost.max(1.0) * factor).min(1e8));
        for rung in RUNGS {
            let (a, b) = (&lower[rung], &higher[rung]);
            // Net value grows with the outage cost; the break-even is a
            // property of the rung, not of the outage cost.
            prop_assert!(num(&b["net_year"]) >= num(&a["net_year"]) - 1e-6 * num(&a["net_year"]).abs().max(1.0), "{rung}");
            prop_assert_eq!(a.get("break_even_per_hour"), b.get("break_even_per_hour"), "{}", rung);
            // Above its break-even a rung pays; below it, it does not.
            let be = break_even(&higher, rung);
            let at = num(&higher["inputs"]["outage_cost_per_hour"]);
            let margin = 1e-6 * num(&b["added_cost_year"]).abs().max(1.0);
            if at > be * (1.0 + 1e-9) {
                prop_assert!(num(&b["net_year"]) >= -margin, "{rung} above {be}");
            } else if at < be * (1.0 - 1e-9) {
                prop_assert!(num(&b["net_year"]) <= margin, "{rung} below {be}");
            }
        }
    }

    #[test]
    fn a_slower_decision_never_lowers_a_break_even(
        inputs in in_range_object(&breakeven::MODEL), extra in 0.0f64..86_400.0,
    ) {
        let (quick, slow) = moved(&breakeven::MODEL, &inputs, "decision_s", |decision| (decision + extra).min(86_400.0));
        for rung in RUNGS {
            let (a, b) = (break_even(&quick, rung), break_even(&slow, rung));
            prop_assert!(b >= a * (1.0 - 1e-9), "{rung}: {a} → {b}");
            prop_assert!(num(&slow[rung]["rto_s"]) >= num(&quick[rung]["rto_s"]), "{rung}");
        }
        // Active-active decides nothing: the decision time does not touch it.
        prop_assert_eq!(&quick["active_active"], &slow["active_active"]);
    }

    #[test]
    fn a_more_reliable_failover_never_raises_a_break_even(
        inputs in in_range_object(&breakeven::MODEL), gain in 0.0f64..=1.0,
    ) {
        let (worse, better) = moved(&breakeven::MODEL, &inputs, "failover_success", |s| (s + gain).min(1.0));
        for rung in RUNGS {
            let (a, b) = (break_even(&worse, rung), break_even(&better, rung));
            prop_assert!(b <= a * (1.0 + 1e-9) || a.is_infinite(), "{rung}: {a} → {b}");
            prop_assert!(
                num(&better[rung]["hours_avoided_year"]) >= num(&worse[rung]["hours_avoided_year"]) - 1e-9,
                "{rung}"
            );
        }
    }

    #[test]
    fn a_longer_rto_never_lowers_downtime_or_breaches(
        inputs in in_range_object(&availability::MODEL), extra in 0.0f64..604_800.0,
    ) {
        let quick = run_json(&availability::MODEL, &inputs).unwrap();
        for (pattern, field) in [("active_passive", "ap_rto_s"), ("active_active", "aa_rto_s")] {
            let rto = num(&quick["inputs"][field]);
            let slow = with(&availability::MODEL, &inputs, field, Value::from((rto + extra).min(604_800.0)));
            for figure in ["downtime_min_year", "breach_share", "breach_chance_year", "per_outage_min"] {
                let (a, b) = (num(&quick[pattern][figure]), num(&slow[pattern][figure]));
                prop_assert!(b >= a - 1e-9 * a.max(1.0), "{pattern}.{figure}: {a} → {b}");
            }
            // Never worse than staying in one region.
            prop_assert!(num(&slow[pattern]["downtime_min_year"]) <= num(&slow["single_region"]["downtime_min_year"]) + 1e-9);
        }
    }

    #[test]
    fn the_scripted_rto_is_the_same_failover_without_the_decision(inputs in in_range_object(&rto::MODEL)) {
        let out = run_json(&rto::MODEL, &inputs).unwrap();
        let scripted = with(&rto::MODEL, &inputs, "decision_s", Value::from(0.0));
        prop_assert!((num(&out["rto_automatic_s"]) - num(&scripted["rto_s"])).abs() <= 1e-9 * num(&out["rto_s"]).max(1.0));
        prop_assert!(num(&out["rto_automatic_s"]) <= num(&out["rto_s"]));
        // The share still failing at the RTO: only clients that ignore the
        // TTL, and the curve agrees.
        let failing = num(&out["failing_at_rto"]);
        let ignoring = num(&out["inputs"]["ttl_ignoring_share"]);
        prop_assert!((0.0..=ignoring + 1e-12).contains(&failing), "{failing} > {ignoring}");
        if out["inputs"]["routing"] == "anycast" {
            prop_assert_eq!(failing, 0.0);
        }
        let typed: rto::RtoInputs = serde_json::from_value(out["inputs"].clone()).unwrap();
        let served = rto::share_served(&typed, num(&out["rto_s"]));
        prop_assert!((served - (1.0 - failing)).abs() < 1e-9, "{served} vs {failing}");
    }

    #[test]
    fn the_rpo_budget_status_says_what_applies(inputs in in_range_object(&rpo::MODEL)) {
        let out = run_json(&rpo::MODEL, &inputs).unwrap();
        let i = &out["inputs"];
        let budget = num(&i["rpo_budget_s"]);
        let expected = match i["mode"].as_str().unwrap() {
            "sync" => "no-lag",
            "backup" if num(&i["backup_interval_s"]) <= budget => "backup-fits",
            "backup" => "backup-over",
            _ if num(&i["typical_lag_s"]) < budget => "growing-lag",
            _ => "already-over",
        };
        prop_assert_eq!(out["budget_status"].as_str(), Some(expected));
        if let Some(t) = out.get("time_to_budget_s") {
            let lag = num(&i["typical_lag_s"]) + num(t) * num(&i["lag_growth_rate"]);
            prop_assert!((lag - budget).abs() <= 1e-6 * budget.max(1.0), "{lag} vs {budget}");
        }
    }

    #[test]
    fn a_partition_standby_and_a_dearer_transfer_never_cost_less(
        inputs in in_range_object(&cost::MODEL), low in 0.0f64..=1.0, high in 0.0f64..=1.0,
    ) {
        let with_standby = with(&cost::MODEL, &inputs, "partition_standby", Value::Bool(true));
        let without = with(&cost::MODEL, &inputs, "partition_standby", Value::Bool(false));
        prop_assert!(num(&with_standby["partitioned"]["total"]) >= num(&without["partitioned"]["total"]));
        let mut priced = inputs.clone();
        priced.insert("transfer_from".into(), Value::from("custom"));
        let (low, high) = (low.min(high), low.max(high));
        let cheap = with(&cost::MODEL, &priced, "custom_price_per_gb", Value::from(low));
        let dear = with(&cost::MODEL, &priced, "custom_price_per_gb", Value::from(high));
        for pattern in ["single_region", "single_region_cdn", "active_passive", "active_active", "partitioned"] {
            prop_assert!(num(&dear[pattern]["total"]) >= num(&cheap[pattern]["total"]), "{pattern}");
        }
        prop_assert_eq!(&dear["single_region"], &cheap["single_region"]);
    }

    #[test]
    fn every_change_point_changes_the_answer_as_it_says(inputs in recommend_inputs()) {
        let out = run_json(&recommend::MODEL, &inputs).unwrap();
        let current = (out["row"].clone(), out["pattern_name"].clone());
        let points = out["change_points"].as_array().unwrap();
        prop_assert!(out["changes"].as_array().unwrap().len() >= points.len());
        for p in points {
            let field = p["input"].as_str().unwrap();
            let moved = with(&recommend::MODEL, &out["inputs"].as_object().unwrap().clone(), field, p["value"].clone());
            prop_assert_eq!(&moved["pattern_name"], &p["answer"], "{}", p);
            prop_assert_ne!((moved["row"].clone(), moved["pattern_name"].clone()), current.clone(), "{}", p);
        }
    }

    #[test]
    fn recommendations_speak_in_labels_not_names(inputs in recommend_inputs()) {
        let out = run_json(&recommend::MODEL, &inputs).unwrap();
        let mut words: Vec<&str> = recommend::MODEL.fields.iter().map(|f| f.name).collect();
        let ids: Vec<String> = default_rules().into_iter().map(|r| r.id).collect();
        words.extend(ids.iter().map(String::as_str));
        for spec in recommend::MODEL.fields {
            for choice in spec.choices {
                if !choice.label.eq_ignore_ascii_case(choice.value) {
                    words.push(choice.value);
                }
            }
        }
        let mut texts: Vec<&str> = vec![out["next_step"].as_str().unwrap(), out["reason"].as_str().unwrap()];
        for list in ["reasons", "changes"] {
            texts.extend(out[list].as_array().unwrap().iter().map(|v| v.as_str().unwrap()));
        }
        // Only the identifiers no sentence would use: `outage_cost_per_hour`,
        // `one-jurisdiction`, a rule's `no-driver` (plain words such as
        // "users" or "global" are fine).
        words.retain(|w| w.contains(['_', '-']));
        prop_assert!(words.len() > 10, "{words:?}");
        for text in texts {
            let lower = text.to_ascii_lowercase();
            for word in &words {
                prop_assert!(!lower.contains(&word.to_ascii_lowercase()), "{word:?} in {text:?}");
            }
        }
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

#[test]
fn a_failover_slower_than_the_outage_avoids_exactly_nothing() {
    // Found by a_more_reliable_failover_never_raises_a_break_even: with a
    // 24 h decision every rung but active-active fails over after a 12 h
    // outage is over, and the downtime it avoids must be 0, not rounding
    // noise that a break-even of 2.8e19 $/h is divided by.
    let mut inputs = Map::new();
    inputs.insert("decision_s".into(), Value::from(86_400.0));
    for success in [0.236, 0.726] {
        inputs.insert("failover_success".into(), Value::from(success));
        let out = run_json(&breakeven::MODEL, &inputs).unwrap();
        for rung in ["pilot_light", "warm_standby", "hot_standby"] {
            assert_eq!(
                num(&out[rung]["hours_avoided_year"]),
                0.0,
                "{rung} at {success}"
            );
            assert!(break_even(&out, rung).is_infinite(), "{rung} at {success}");
        }
    }
}
