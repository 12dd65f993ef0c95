//! The calculator API as plain Rust over strings, so it is tested natively
//! and the `#[wasm_bindgen]` wrappers in `lib.rs` stay one line each.

use regionwise_models::{model as find_model, FieldKind, FieldSpec, ModelDef, ModelError, Outcome};
use serde_json::{json, Map, Value};

/// An error object for the page: the field it is about (empty when it is
/// not about one field) and the model's message.
fn error_json(errors: &[(String, String)]) -> String {
    let list: Vec<Value> = errors
        .iter()
        .map(|(field, message)| json!({ "field": field, "message": message }))
        .collect();
    let first = list.first().cloned().unwrap_or(Value::Null);
    json!({ "error": first, "errors": list }).to_string()
}

fn model_error(err: &ModelError) -> String {
    error_json(&[(err.field().unwrap_or("").to_owned(), err.to_string())])
}

fn message(text: impl Into<String>) -> String {
    error_json(&[(String::new(), text.into())])
}

/// Looks the model up, or returns the error object to hand back.
fn parse_model(model: &str) -> Result<&'static ModelDef, String> {
    find_model(model).map_err(|e| model_error(&e))
}

/// Parses a JSON object of inputs; the page always sends one, so anything
/// else is reported rather than guessed at.
fn parse_inputs(inputs_json: &str) -> Result<Map<String, Value>, String> {
    match serde_json::from_str(inputs_json) {
        Ok(Value::Object(map)) => Ok(map),
        Ok(_) => Err(message("the inputs must be a JSON object")),
        Err(e) => Err(message(format!("the inputs are not valid JSON: {e}"))),
    }
}

/// Checks one field on its own: its kind, and its range (the models check
/// real-number ranges only after layering, and stop at the first error).
fn check_field(spec: &FieldSpec, value: &Value) -> Result<(), ModelError> {
    let value = spec.coerce(value)?;
    match (spec.kind, value.as_f64()) {
        (FieldKind::Number | FieldKind::Integer, Some(n)) => spec.check(n),
        _ => Ok(()),
    }
}

/// Every input that is wrong on its own, as (field, message).
fn field_errors(model: &ModelDef, inputs: &Map<String, Value>) -> Vec<(String, String)> {
    inputs
        .iter()
        .filter_map(|(key, value)| {
            let spec = model.field(key)?;
            check_field(spec, value)
                .err()
                .map(|e| (key.clone(), e.to_string()))
        })
        .collect()
}

/// Parses the inputs and checks every field, so the form can mark them all.
fn checked_inputs(model: &ModelDef, inputs_json: &str) -> Result<Map<String, Value>, String> {
    let inputs = parse_inputs(inputs_json)?;
    let errors = field_errors(model, &inputs);
    if errors.is_empty() {
        Ok(inputs)
    } else {
        Err(error_json(&errors))
    }
}

pub fn run(model: &str, inputs_json: &str) -> String {
    let outcome = (|| {
        let model = parse_model(model)?;
        let inputs = checked_inputs(model, inputs_json)?;
        let outcome = model.run(&inputs).map_err(|e| model_error(&e))?;
        Ok((model, outcome))
    })();
    match outcome {
        Ok((model, outcome)) => json!({
            "output": outcome.json,
            "text": outcome.texts(),
            "inputs": input_texts(model, &outcome),
        })
        .to_string(),
        Err(error) => error,
    }
}

/// Each listed figure's difference from the same model run on the pinned
/// baseline's inputs, or the error object either run gives.
pub fn compare(model: &str, inputs_json: &str, baseline_json: &str) -> String {
    let deltas = (|| {
        let model = parse_model(model)?;
        let outcome = |json| {
            let inputs = checked_inputs(model, json)?;
            model.run(&inputs).map_err(|e| model_error(&e))
        };
        Ok(outcome(inputs_json)?.deltas(&outcome(baseline_json)?))
    })();
    match deltas {
        Ok(deltas) => json!({ "delta": deltas }).to_string(),
        Err(error) => error,
    }
}

/// Every input used, as the form shows it and the reader would type it
/// ("15 min", "30 %", "$5,000"): what the page puts back in a field (a
/// preset, a tidied value) and in a shared link.
fn input_texts(model: &ModelDef, outcome: &Outcome) -> Map<String, Value> {
    let used = outcome.inputs();
    let mut texts = Map::new();
    // Inserted one by one: collecting would sort, and pull a sort into the wasm.
    for spec in model.fields {
        if let Some(value) = used.get(spec.name) {
            texts.insert(spec.name.to_owned(), Value::from(spec.input_text(value)));
        }
    }
    texts
}

pub fn chart(kind: &str, inputs_json: &str, id: &str) -> String {
    let outcome = (|| {
        let chart = regionwise_charts::chart(kind).map_err(|e| model_error(&e))?;
        let inputs = checked_inputs(chart.model, inputs_json)?;
        chart.draw(&inputs, id).map_err(|e| model_error(&e))
    })();
    match outcome {
        Ok(chart) => serde_json::to_string(&chart).unwrap_or_else(|e| message(e.to_string())),
        Err(error) => error,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Value {
        serde_json::from_str(text).unwrap()
    }

    #[test]
    fn run_gives_the_models_output_and_its_texts() {
        let out = parse(&run("cost", "{}"));
        assert_eq!(out["output"]["active_passive"]["total"], 10_900.0);
        assert_eq!(out["text"]["active_passive.total"], "$10,900");
        let out = parse(&run("cost", r#"{"regions": "3"}"#));
        assert_eq!(out["output"]["inputs"]["regions"], 3);
        assert_eq!(out["text"]["inputs.regions"], "3");
        let rto = parse(&run("rto", "{}"));
        assert_eq!(rto["text"]["rto_s"], "23 min 30 s");
        assert_eq!(rto["text"]["rto_automatic_s"], "8 min 30 s");
        assert_eq!(rto["text"]["curve.0.share"], "0 %");
    }

    #[test]
    fn compare_gives_every_figure_its_difference_from_the_baseline() {
        let out = parse(&compare(
            "cost",
            r#"{"regions": "3"}"#,
            r#"{"regions": "2"}"#,
        ));
        assert_eq!(out["delta"]["single_region.total"], "±0");
        let more = out["delta"]["active_passive.total"].as_str().unwrap();
        assert!(more.starts_with("+$"), "{more}");
        let rto = parse(&compare("rto", r#"{"decision_s": "5 min"}"#, "{}"));
        assert_eq!(rto["delta"]["rto_s"], "\u{2212}10 min");
        let share = parse(&compare("rto", r#"{"ttl_ignoring_share": "15 %"}"#, "{}"));
        assert!(
            share["delta"]["failing_at_rto"]
                .as_str()
                .unwrap()
                .ends_with(" pp"),
            "{share}"
        );
        let bad = parse(&compare("cost", "{}", r#"{"regions": "99"}"#));
        assert_eq!(bad["error"]["field"], "regions");
        // Only quantities have differences: a row of the decision table
        // is named by its number, not measured by it.
        let row = parse(&compare(
            "recommend",
            r#"{"outage_cost_per_hour": "50000"}"#,
            "{}",
        ));
        assert!(row["delta"].get("row_number").is_none(), "{row}");
    }

    #[test]
    fn typed_text_is_parsed_and_given_back_in_the_readers_units() {
        let out = parse(&run(
            "rto",
            r#"{"decision_s": "5 min", "ttl_ignoring_share": "10 %"}"#,
        ));
        assert_eq!(out["output"]["inputs"]["decision_s"], 300.0);
        assert_eq!(out["output"]["inputs"]["ttl_ignoring_share"], 0.1);
        assert_eq!(out["inputs"]["decision_s"], "5 min");
        assert_eq!(out["inputs"]["ttl_ignoring_share"], "10 %");
        assert_eq!(out["inputs"]["routing"], "dns");
        let bad = parse(&run("cost", r#"{"standby_fraction": "1e309"}"#));
        let message = bad["error"]["message"].as_str().unwrap();
        assert!(message.contains("(got \"1e309\")"), "{message}");
    }

    #[test]
    fn every_wrong_field_is_reported() {
        let out = parse(&run(
            "cost",
            r#"{"regions": "11", "compute": "", "database": "-1"}"#,
        ));
        let fields: Vec<&str> = out["errors"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["field"].as_str().unwrap())
            .collect();
        assert_eq!(fields, ["compute", "database", "regions"]);
        assert_eq!(out["error"]["field"], "compute");
        assert!(out["errors"][2]["message"]
            .as_str()
            .unwrap()
            .contains("between 2 and 10"));
    }

    #[test]
    fn bad_requests_are_errors_not_panics() {
        for (model, inputs) in [
            ("nope", "{}"),
            ("cost", "[1]"),
            ("cost", "{"),
            ("cost", r#"{"nope": 1}"#),
            ("recommend", r#"{"rules": [{}]}"#),
            ("recommend", r#"{"rules": []}"#),
            ("rto", r#"{"preset": "cold"}"#),
        ] {
            let out = parse(&run(model, inputs));
            assert!(
                out["error"]["message"].is_string(),
                "{model} {inputs}: {out}"
            );
        }
    }

    #[test]
    fn rules_from_the_page_are_used() {
        let inputs = r#"{"users": "3", "rules": [{"id": "all", "pattern": "active_active", "reason": "r", "next_step": "n"}]}"#;
        let out = parse(&run("recommend", inputs));
        assert_eq!(out["output"]["row"], "all");
    }

    #[test]
    fn charts_are_drawn_with_the_given_id() {
        let drawn = parse(&chart(
            "failover",
            r#"{"dns_ttl_s": "120"}"#,
            "calc-3-chart",
        ));
        let svg = drawn["svg"].as_str().unwrap();
        assert!(svg.starts_with("<svg") && svg.contains("calc-3-chart-title"));
        assert!(drawn["table"]["rows"].is_array());
        let bad = parse(&chart("failover", r#"{"dns_ttl_s": "-1"}"#, "x"));
        assert_eq!(bad["error"]["field"], "dns_ttl_s");
        assert!(parse(&chart("pie", "{}", "x"))["error"].is_object());
    }
}
