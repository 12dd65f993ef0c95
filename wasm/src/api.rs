//! The calculator API as plain Rust over strings, so it is tested natively
//! and the `#[wasm_bindgen]` wrappers in `lib.rs` stay one line each.

use regionwise_charts::{render_with_id, ChartKind};
use regionwise_models::{fields as model_fields, FieldKind, FieldSpec, Model, ModelError, Rule};
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

/// Parses the model name, or returns the error object to hand back.
fn parse_model(model: &str) -> Result<Model, String> {
    model.parse().map_err(|e: ModelError| model_error(&e))
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

/// The recommender's rules: the page's data-file rows, or none (built-in).
fn parse_rules(rules_json: &str) -> Result<Option<Vec<Rule>>, String> {
    if rules_json.trim().is_empty() {
        return Ok(None);
    }
    serde_json::from_str(rules_json)
        .map(Some)
        .map_err(|e| message(format!("the decision rules are not valid: {e}")))
}

pub fn fields(model: &str) -> String {
    match parse_model(model) {
        Ok(m) => serde_json::to_string(model_fields(m)).unwrap_or_else(|e| message(e.to_string())),
        Err(e) => e,
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
fn field_errors(model: Model, inputs: &Map<String, Value>) -> Vec<(String, String)> {
    let table = model_fields(model);
    inputs
        .iter()
        .filter_map(|(key, value)| {
            let spec = table.iter().find(|s| s.name == key)?;
            check_field(spec, value)
                .err()
                .map(|e| (key.clone(), e.to_string()))
        })
        .collect()
}

pub fn run(model: &str, inputs_json: &str, rules_json: &str) -> String {
    let outcome = (|| {
        let model = parse_model(model)?;
        let inputs = parse_inputs(inputs_json)?;
        let errors = field_errors(model, &inputs);
        if !errors.is_empty() {
            return Err(error_json(&errors));
        }
        let output = match parse_rules(rules_json)? {
            Some(rules) => regionwise_models::run_json_with_rules(model, &inputs, &rules),
            None => regionwise_models::run_json(model, &inputs),
        };
        output.map_err(|e| model_error(&e))
    })();
    match outcome {
        Ok(value) => value.to_string(),
        Err(error) => error,
    }
}

pub fn format(model: &str, path: &str, value_json: &str) -> String {
    let (Ok(model), Ok(value)) = (
        model.parse::<Model>(),
        serde_json::from_str::<Value>(value_json),
    ) else {
        return String::new();
    };
    regionwise_models::format_figure(model, path, &value).unwrap_or_default()
}

pub fn format_all(model: &str, output_json: &str, paths_json: &str) -> String {
    let parsed = (
        model.parse::<Model>(),
        serde_json::from_str::<Value>(output_json),
        serde_json::from_str::<Vec<String>>(paths_json),
    );
    let (Ok(model), Ok(output), Ok(paths)) = parsed else {
        return "[]".to_owned();
    };
    let texts: Vec<String> = paths
        .iter()
        .map(|path| {
            regionwise_models::lookup(&output, path)
                .and_then(|value| regionwise_models::format_figure(model, path, value).ok())
                .unwrap_or_default()
        })
        .collect();
    serde_json::to_string(&texts).unwrap_or_else(|_| "[]".to_owned())
}

pub fn chart(kind: &str, inputs_json: &str, id: &str) -> String {
    let outcome = (|| {
        let kind: ChartKind = kind.parse().map_err(|e: ModelError| model_error(&e))?;
        let inputs = parse_inputs(inputs_json)?;
        let errors = field_errors(kind.model(), &inputs);
        if !errors.is_empty() {
            return Err(error_json(&errors));
        }
        render_with_id(kind, &inputs, id).map_err(|e| model_error(&e))
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
    fn run_gives_the_models_output() {
        let out = parse(&run("cost", "{}", ""));
        assert_eq!(out["active_passive"]["total"], 10_900.0);
        let out = parse(&run("cost", r#"{"regions": "3"}"#, ""));
        assert_eq!(out["inputs"]["regions"], 3);
    }

    #[test]
    fn every_wrong_field_is_reported() {
        let out = parse(&run(
            "cost",
            r#"{"regions": "11", "compute": "", "database": "-1"}"#,
            "",
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
        for (model, inputs, rules) in [
            ("nope", "{}", ""),
            ("cost", "[1]", ""),
            ("cost", "{", ""),
            ("cost", r#"{"nope": 1}"#, ""),
            ("recommend", "{}", "[{}]"),
            ("recommend", "{}", "[]"),
            ("rto", r#"{"preset": "cold"}"#, ""),
        ] {
            let out = parse(&run(model, inputs, rules));
            assert!(
                out["error"]["message"].is_string(),
                "{model} {inputs}: {out}"
            );
        }
        assert_eq!(format("cost", "nope", "1"), "");
        assert_eq!(format("cost", "active_passive.total", "{"), "");
        assert!(parse(&fields("nope"))["error"].is_object());
    }

    #[test]
    fn format_uses_the_models_units() {
        assert_eq!(format("cost", "active_passive.total", "10900"), "$10,900");
        assert_eq!(format("rto", "rto_s", "510"), "8 min 30 s");
    }

    #[test]
    fn format_all_formats_every_path_of_an_output() {
        let output = run("rto", "{}", "");
        let texts = parse(&format_all(
            "rto",
            &output,
            r#"["rto_s", "nope", "switch_s"]"#,
        ));
        assert_eq!(texts, json!(["8 min 30 s", "", "7 min 30 s"]));
        assert_eq!(format_all("rto", "{", "[]"), "[]");
    }

    #[test]
    fn rules_from_the_page_are_used() {
        let rules =
            r#"[{"id": "all", "pattern": "active_active", "reason": "r", "next_step": "n"}]"#;
        let out = parse(&run("recommend", "{}", rules));
        assert_eq!(out["row"], "all");
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

    #[test]
    fn fields_lists_the_table() {
        let list = parse(&fields("rpo"));
        assert!(list
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["name"] == "mode" && f["kind"] == "choice"));
    }
}
