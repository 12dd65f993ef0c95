//! `{{ chart(kind="failover", preset="warm-standby", ...inputs) }}`: a chart
//! drawn at build time from a model, followed by its numbers as a table, so
//! it reads without JavaScript and without sight.
//!
//! Inputs layer like the `figure` shortcode's: the model's defaults, the
//! organisation's `[calculator.MODEL]` in regionwise.toml, then the call's
//! arguments.

use regionwise_charts::{Chart, ChartDef};
use regionwise_models::ModelDef;
use serde::Serialize;
use serde_json::{Map, Value};

use super::{Invocation, ShortcodeError};

/// The template that shows a chart, here and in a calculator.
pub(super) const TEMPLATE: &str = "partials/chart_figure.html";

/// What `partials/chart_figure.html` shows: the chart in both layouts, its
/// numbers, and either the id a calculator redraws it by or the inputs it
/// was drawn for.
#[derive(Debug, Serialize)]
pub(super) struct ChartFigure {
    #[serde(flatten)]
    chart: Chart,
    /// A calculator's chart: the id its live redraws use (`data-chart-id`).
    live_id: Option<String>,
    /// A chart of the prose: what its fixed inputs are ("the active-active
    /// preset"), so it never passes for the live chart of a calculator.
    fixed: Option<String>,
}

impl ChartFigure {
    /// A calculator's live chart.
    pub(super) fn live(chart: Chart, id: String) -> Self {
        Self {
            chart,
            live_id: Some(id),
            fixed: None,
        }
    }
}

pub fn chart(inv: &Invocation) -> Result<String, ShortcodeError> {
    let def = regionwise_charts::chart(inv.str_arg("kind").unwrap_or_default())
        .map_err(|e| format!("chart: {e}"))?;
    let model = def.model;
    let inputs = inv.model_inputs(model, &["kind", "preset"])?;
    let chart = def
        .draw(&inputs, &inv.element_id("chart"))
        .map_err(|e| format!("chart `{}` (inputs of the {model} model): {e}", def.name))?;
    let figure = ChartFigure {
        chart,
        live_id: None,
        fixed: Some(fixed_inputs(
            def,
            &inv.other_args(&["kind", "preset"]),
            inv.str_arg("preset"),
        )),
    };
    let mut c = inv.context();
    c.insert("figure", &figure);
    inv.render(TEMPLATE, &c)
}

/// The inputs a chart of the prose is drawn for, in words: "fixed inputs:
/// the active-active preset, DNS TTL 5 min" or "fixed inputs: the defaults".
fn fixed_inputs(def: &ChartDef, args: &Map<String, Value>, preset: Option<&str>) -> String {
    let mut parts: Vec<String> = preset
        .map(|p| format!("the {} preset", p.replace('-', " ")))
        .into_iter()
        .collect();
    parts.extend(
        args.iter()
            .map(|(name, value)| input_words(def.model, name, value)),
    );
    if parts.is_empty() {
        parts.push("the defaults".to_owned());
    }
    format!("fixed inputs: {}", parts.join(", "))
}

/// "DNS TTL: 5 min": an input's label and its value as the form shows it
/// (a choice by its label: "Replication: Synchronous (consensus)").
fn input_words(model: &ModelDef, name: &str, value: &Value) -> String {
    let Some(spec) = model.field(name) else {
        return format!("{name}: {value}");
    };
    let text = spec.input_text(value);
    let shown = spec
        .choices
        .iter()
        .find(|c| c.value == text)
        .map_or(text.as_str(), |c| c.label);
    format!("{}: {shown}", spec.label)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn static_charts_say_what_they_are_drawn_for() {
        let failover = regionwise_charts::chart("failover").unwrap();
        let none = Map::new();
        assert_eq!(
            fixed_inputs(failover, &none, None),
            "fixed inputs: the defaults"
        );
        assert_eq!(
            fixed_inputs(failover, &none, Some("active-active")),
            "fixed inputs: the active active preset"
        );
        let args = json!({ "dns_ttl_s": 300 }).as_object().cloned().unwrap();
        assert_eq!(
            fixed_inputs(failover, &args, Some("warm-standby")),
            "fixed inputs: the warm standby preset, DNS TTL: 5 min"
        );
    }
}
