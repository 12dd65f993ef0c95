//! The registry as a whole: every model registered, reachable by name,
//! layered and checked the same way, and every number of every output a
//! figure with a label and a unit.

use serde_json::{json, Map, Value};

use crate::fields::FieldKind;
use crate::{model, Layout, ModelDef, ModelError, Outcome, MODELS};

fn obj(value: Value) -> Map<String, Value> {
    match value {
        Value::Object(map) => map,
        _ => panic!("not an object"),
    }
}

fn run(name: &str, inputs: Value) -> Result<Outcome, ModelError> {
    model(name)?.run(&obj(inputs))
}

#[test]
fn every_model_module_is_registered() {
    // A model module declares `pub static MODEL: ModelDef`; forgetting its
    // line in MODELS would leave it unreachable with everything else green.
    let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut declared = Vec::new();
    for entry in std::fs::read_dir(&src).unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap_or_default();
        if text
            .lines()
            .any(|l| l.starts_with("pub static MODEL: ModelDef"))
        {
            declared.push(path.file_stem().unwrap().to_string_lossy().into_owned());
        }
    }
    declared.sort();
    let mut registered: Vec<String> = MODELS.iter().map(|m| module_of(m).to_owned()).collect();
    registered.sort();
    assert_eq!(declared, registered, "MODELS in lib.rs");
}

/// The module a registered model is declared in (its name, `-` as `_`).
fn module_of(def: &ModelDef) -> String {
    def.name.replace('-', "_")
}

#[test]
fn names_are_unique_and_found() {
    let mut names: Vec<&str> = MODELS.iter().map(|m| m.name).collect();
    for m in MODELS {
        assert_eq!(model(m.name).unwrap(), *m);
        assert!(!m.title.is_empty() && !m.about.is_empty() && !m.assumptions.is_empty());
        assert!(!m.fields.is_empty(), "{m}");
    }
    names.sort_unstable();
    names.dedup();
    assert_eq!(names.len(), MODELS.len());
    let err = model("latency").unwrap_err();
    assert_eq!(
        err.to_string(),
        format!(
            "unknown model `latency`; the models are: {}",
            crate::names().join(", ")
        )
    );
}

#[test]
fn defaults_come_from_the_field_table() {
    for m in MODELS {
        let out = m.run(&Map::new()).unwrap();
        let inputs = out.inputs();
        assert_eq!(inputs.len(), m.fields.len(), "{m}: fields missing");
        for spec in m.fields {
            assert_eq!(inputs[spec.name], spec.default_json(), "{m}.{}", spec.name);
            assert!(
                !spec.label.is_empty() && !spec.help.is_empty(),
                "{m}.{}",
                spec.name
            );
        }
    }
}

#[test]
fn every_numeric_field_is_range_checked_and_named_by_its_label() {
    // Real numbers are only type-checked on the way in, so this reaches each
    // model's validation; whole numbers are range-checked on coercion.
    for m in MODELS {
        for spec in m.fields {
            if !matches!(spec.kind, FieldKind::Number | FieldKind::Integer) {
                continue;
            }
            let below = spec.min - 1.0;
            let value = if below >= 0.0 && spec.kind == FieldKind::Integer {
                json!(below as u64)
            } else if spec.kind == FieldKind::Integer {
                json!(spec.max as u64 + 1)
            } else {
                json!(spec.max * 2.0 + 1.0)
            };
            let err = m.run(&obj(json!({ spec.name: value }))).unwrap_err();
            assert_eq!(err.field(), Some(spec.name), "{m}.{}: {err}", spec.name);
            let message = err.to_string();
            assert!(message.starts_with(spec.label), "{m}: {message}");
            assert!(!message.contains(spec.name) || spec.label.contains(spec.name));
        }
    }
}

#[test]
fn presets_layer_under_explicit_inputs() {
    let text = |out: &Outcome, path: &str| out.figure(path).unwrap().text();
    let out = run("rto", json!({ "preset": "active-active" })).unwrap();
    assert_eq!(out.json["rto_s"], 30.0);
    let out = run("rto", json!({ "preset": "pilot-light", "scale_up_s": 600 })).unwrap();
    assert_eq!(out.json["inputs"]["scale_up_s"], 600.0);
    assert_eq!(out.json["inputs"]["decision_s"], 900.0);
    assert_eq!(out.json["inputs"]["restore_s"], 0.0);
    let out = run("rpo", json!({ "preset": "active-active" })).unwrap();
    assert_eq!(text(&out, "rpo_incident_s"), "0 s");
    let err = run("rto", json!({ "preset": "cold" })).unwrap_err();
    assert_eq!(err.field(), Some("preset"));
    let err = run("availability", json!({ "preset": "warm-standby" })).unwrap_err();
    assert_eq!(
        err.to_string(),
        "availability has no presets (got `warm-standby`)"
    );
}

#[test]
fn bad_inputs_name_the_label_and_the_field() {
    let err = run("cost", json!({ "regions": 11 })).unwrap_err();
    assert_eq!(
        err.to_string(),
        "Regions must be a whole number between 2 and 10 (got 11)"
    );
    let err = run("cost", json!({ "standby_fraction": 1.5 })).unwrap_err();
    assert_eq!(
        err.to_string(),
        "Standby compute, share of primary must be between 0 % and 100 % (got 150 %)"
    );
    let err = run("cost", json!({ "region": 3 })).unwrap_err();
    assert_eq!(err.field(), Some("region"));
    let err = run("rpo", json!({ "mode": "eventual" })).unwrap_err();
    assert_eq!(err.field(), Some("mode"));
    assert_eq!(
        err.to_string(),
        "Replication must be one of async, sync, backup (got \"eventual\")"
    );
    let err = run("availability", json!({ "sla": "high" })).unwrap_err();
    assert_eq!(err.field(), Some("sla"));
    let err = run("availability", json!({ "sla": 100.5 })).unwrap_err();
    assert_eq!(
        err.to_string(),
        "SLA must be between 0 % and 100 % (got 100.5 %)"
    );
    let err = run("recommend", json!({ "users": -5 })).unwrap_err();
    assert_eq!(err.field(), Some("users"));
}

#[test]
fn strings_from_forms_are_accepted() {
    let out = run("cost", json!({ "regions": "3", "standby_fraction": "0.5" })).unwrap();
    assert_eq!(out.json["inputs"]["regions"], 3);
    assert_eq!(out.json["inputs"]["standby_fraction"], 0.5);
    let out = run(
        "recommend",
        json!({ "residency": "several-jurisdictions", "contractual_sla": "99.99" }),
    )
    .unwrap();
    assert_eq!(out.json["pattern"], "partitioned");
    let out = run(
        "recommend",
        json!({ "global_realtime_writes": "true", "footprint": "global" }),
    )
    .unwrap();
    assert_eq!(out.json["row"], "realtime-writes");
}

#[test]
fn figures_format_by_path() {
    let out = run("cost", json!({})).unwrap();
    let text = |out: &Outcome, path: &str| out.figure(path).unwrap().text();
    assert_eq!(text(&out, "active_passive.total"), "$10,900");
    assert_eq!(text(&out, "active_active.ratio"), "2.32×");
    assert_eq!(text(&out, "price_per_gb"), "$0.02/GB");
    assert_eq!(text(&out, "inputs.transfer_from"), "us-eu");
    let rto = run("rto", json!({})).unwrap();
    assert_eq!(text(&rto, "rto_s"), "23 min 30 s");
    assert_eq!(text(&rto, "rto_automatic_s"), "8 min 30 s");
    assert_eq!(text(&rto, "steps.detection_s"), "1 min 30 s");
    assert_eq!(rto.figure("curve.0.share").unwrap().text(), "0 %");
    let avail = run("availability", json!({})).unwrap();
    assert_eq!(text(&avail, "single_region.fits_month"), "no");
    assert_eq!(text(&avail, "single_region.breaching_months_year"), "0.5");
    let rpo = run("rpo", json!({ "mode": "sync" })).unwrap();
    assert!(rpo.figure("time_to_budget_s").is_none());
    assert_eq!(text(&rpo, "budget_status"), "no-lag");
    let reco = run("recommend", json!({})).unwrap();
    assert_eq!(text(&reco, "reasons.0"), "Data residency: none.");
    assert_eq!(text(&reco, "row_number"), "8");
    assert!(out.figure("nope").is_none());
}

/// A dotted path's value in a JSON output (`curve.3.share`).
fn lookup<'a>(output: &'a Value, path: &str) -> Option<&'a Value> {
    path.split('.').try_fold(output, |node, key| match node {
        Value::Object(map) => map.get(key),
        Value::Array(items) => key.parse::<usize>().ok().and_then(|i| items.get(i)),
        _ => None,
    })
}

/// Every leaf of a JSON value, as (dotted path, value).
fn leaves(value: &Value, prefix: String, out: &mut Vec<(String, Value)>) {
    let join = |k: &str| {
        if prefix.is_empty() {
            k.to_owned()
        } else {
            format!("{prefix}.{k}")
        }
    };
    match value {
        Value::Object(map) => map.iter().for_each(|(k, v)| leaves(v, join(k), out)),
        Value::Array(items) => items
            .iter()
            .enumerate()
            .for_each(|(i, v)| leaves(v, join(&i.to_string()), out)),
        leaf => out.push((prefix, leaf.clone())),
    }
}

#[test]
fn every_figure_is_in_the_output_and_every_number_is_a_figure() {
    for m in MODELS {
        for inputs in [json!({}), json!({ "preset": m.presets.last() })] {
            if inputs.get("preset").is_some_and(Value::is_null) {
                continue;
            }
            let out = m.run(&obj(inputs)).unwrap();
            for f in &out.figures {
                let value = lookup(&out.json, &f.path)
                    .unwrap_or_else(|| panic!("{m}: {} is not in the output", f.path));
                assert!(!value.is_object() && !value.is_array(), "{m}: {}", f.path);
                assert!(!f.label.is_empty(), "{m}: {}", f.path);
            }
            let mut all = Vec::new();
            leaves(&out.json, String::new(), &mut all);
            for (path, _) in all {
                assert!(out.figure(&path).is_some(), "{m}: {path} has no figure");
            }
            assert!(out.listed().count() > 0, "{m}");
        }
    }
}

#[test]
fn texts_cover_every_path() {
    let out = run("rto", json!({})).unwrap();
    let texts = out.texts();
    assert_eq!(texts.len(), out.figures.len());
    assert_eq!(texts["rto_s"], "23 min 30 s");
    assert_eq!(texts["inputs.routing"], "dns");
}

#[test]
fn grids_follow_the_layout() {
    let cost = run("cost", json!({})).unwrap();
    let grid = cost.grid(&model("cost").unwrap().layout).unwrap();
    assert_eq!(grid.columns.len(), 5);
    assert_eq!(grid.rows.len(), 6);
    assert_eq!(grid.rows[4].label, "Total per month");
    assert_eq!(grid.rows[4].cells[2].unwrap().path, "active_passive.total");
    let below: Vec<&str> = cost
        .list(&model("cost").unwrap().layout)
        .iter()
        .map(|f| f.path.as_str())
        .collect();
    assert_eq!(below, ["price_per_gb", "partitioned_dr"]);

    let def = model("availability").unwrap();
    let avail = run("availability", json!({})).unwrap();
    let grid = avail.grid(&def.layout).unwrap();
    assert_eq!(
        grid.columns,
        [
            "Down per outage, failover working",
            "SLA-breaching months a year",
            "Chance of a breaching month in a year",
            "Expected downtime a year",
            "Availability"
        ]
    );
    assert_eq!(grid.rows[1].label, "active-passive");
    let list: Vec<&str> = avail.list(&def.layout).iter().map(|f| f.label).collect();
    assert_eq!(
        list,
        ["Downtime allowed per month", "Downtime allowed per year"]
    );
    let lists: Vec<&str> = avail.lists.iter().map(|l| l.path.as_str()).collect();
    assert_eq!(lists, ["verdicts", "sensitivity_text"]);

    let rto = run("rto", json!({})).unwrap();
    assert_eq!(model("rto").unwrap().layout, Layout::List);
    assert!(rto.grid(&Layout::List).is_none());
    assert_eq!(rto.list(&Layout::List)[0].label, "Detection");
    assert_eq!(rto.series[0].path, "curve");
}

#[test]
fn the_recommender_takes_rules_as_an_input() {
    let rules = json!([{
        "id": "all", "pattern": "active_active", "reason": "r", "next_step": "n"
    }]);
    let out = run("recommend", json!({ "rules": rules })).unwrap();
    assert_eq!(out.json["row"], "all");
    assert_eq!(out.json["pattern"], "active_active");
    assert!(out.json["inputs"].get("rules").is_none());
    assert_eq!(out.lists[0].path, "reasons");
    let err = run("recommend", json!({ "rules": [] })).unwrap_err();
    assert!(err.to_string().contains("no rows"), "{err}");
    let err = run("recommend", json!({ "rules": 3 })).unwrap_err();
    assert!(matches!(err, ModelError::InvalidRules { .. }), "{err}");
    let err = run("cost", json!({ "rules": [] })).unwrap_err();
    assert_eq!(err.field(), Some("rules"));
}

/// `base` with `change` made: a test states only the input it changes.
pub(crate) fn with<T>(mut base: T, change: impl FnOnce(&mut T)) -> T {
    change(&mut base);
    base
}

/// Checks that a model's sentence says each of `words`.
pub(crate) fn assert_says(text: &str, words: &[&str]) {
    for word in words {
        assert!(text.contains(word), "no `{word}` in: {text}");
    }
}
