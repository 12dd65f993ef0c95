//! `{{ figure(model="cost", out="active_passive.total") }}`: one number in the
//! prose, computed by the model at build time — so the text cannot drift from
//! the calculators, and an internal copy's own defaults reach its prose.

use pulldown_cmark_escape::escape_html;
use regionwise_models::{dynamic, Model};

use super::Invocation;

pub fn figure(inv: &Invocation) -> Result<String, String> {
    let model_name = inv.str_arg("model").unwrap_or_default();
    let model: Model = model_name
        .parse()
        .map_err(|e: regionwise_models::ModelError| e.to_string())?;
    let path = inv.str_arg("out").unwrap_or_default();
    let inputs = inv.model_inputs(model.name(), &["model", "out", "preset"]);
    let output = inv
        .run_model(model, &inputs)
        .map_err(|e| format!("{}: {e}", model.name()))?;
    let value = dynamic::lookup(&output, path).ok_or_else(|| unknown_path(model, path, &output))?;
    let text = dynamic::format_figure(model, path, value).map_err(|e| e.to_string())?;
    let mut html = format!(
        "<span class=\"figure\" data-model=\"{}\" data-out=\"",
        model.name()
    );
    let _ = escape_html(&mut html, path);
    html.push_str("\">");
    let _ = escape_html(&mut html, &text);
    html.push_str("</span>");
    Ok(html)
}

/// Names the paths that do exist, so a typo is easy to fix.
fn unknown_path(model: Model, path: &str, output: &serde_json::Value) -> String {
    let mut paths = Vec::new();
    collect_paths(output, String::new(), &mut paths);
    paths.retain(|p| !p.starts_with("inputs.") && !p.starts_with("curve."));
    format!(
        "the {} model has no output `{path}`; outputs are: {}",
        model.name(),
        paths.join(", ")
    )
}

fn collect_paths(v: &serde_json::Value, prefix: String, out: &mut Vec<String>) {
    match v {
        serde_json::Value::Object(map) => {
            for (k, child) in map {
                let p = if prefix.is_empty() {
                    k.clone()
                } else {
                    format!("{prefix}.{k}")
                };
                collect_paths(child, p, out);
            }
        }
        serde_json::Value::Array(_) => out.push(prefix),
        _ => out.push(prefix),
    }
}
