//! `{{ figure(model="cost", out="active_passive.total") }}`: one number in the
//! prose, computed by the model at build time — so the text cannot drift from
//! the calculators, and an internal copy's own defaults reach its prose.

use pulldown_cmark_escape::escape_html;
use regionwise_models::figures::FigureValue;
use regionwise_models::{ModelDef, Outcome};

use super::{Invocation, ShortcodeError};

pub fn figure(inv: &Invocation) -> Result<String, ShortcodeError> {
    let model = regionwise_models::model(inv.str_arg("model").unwrap_or_default())?;
    let path = inv.str_arg("out").unwrap_or_default();
    let inputs = inv.model_inputs(model, &["model", "out", "preset"])?;
    let outcome = model.run(&inputs).map_err(|e| format!("{model}: {e}"))?;
    let figure = outcome
        .figure(path)
        .ok_or_else(|| unknown_path(model, path, &outcome))?;
    // A number keeps its unit on its line; a sentence (the recommender's
    // answer) must wrap, or it pushes a phone's page sideways.
    let class = match figure.value {
        FigureValue::Text(_) => "figure figure-text",
        _ => "figure",
    };
    let mut html = format!(
        "<span class=\"{class}\" data-model=\"{}\" data-out=\"",
        model.name
    );
    let _ = escape_html(&mut html, path);
    html.push_str("\">");
    let _ = escape_html(&mut html, &figure.text());
    html.push_str("</span>");
    Ok(html)
}

/// Names the paths that do exist, so a typo is easy to fix.
fn unknown_path(model: &ModelDef, path: &str, outcome: &Outcome) -> String {
    let paths: Vec<&str> = outcome.listed().map(|f| f.path.as_str()).collect();
    format!(
        "the {model} model has no output `{path}`; outputs are: {} (and `inputs.NAME` for an input)",
        paths.join(", ")
    )
}
