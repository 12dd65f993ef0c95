//! The regionwise models and charts behind wasm-bindgen, for the in-page
//! calculators.
//!
//! Every export takes strings and returns a string (JSON, formatted text or
//! SVG): the page's glue (`static/calc.js`) only reads inputs, calls these and
//! writes the results, so no model logic lives in JavaScript. Nothing here can
//! panic on user data: the models return errors, and every error becomes an
//! error object (`{"error": {"field", "message"}}`) the page shows next to the
//! field. The same functions run natively in the tests below.

mod api;

use wasm_bindgen::prelude::wasm_bindgen;

/// The input table of a model (`fields("cost")`): a JSON array of field
/// specs (name, kind, choices, default, min, max, unit, help).
#[wasm_bindgen]
pub fn fields(model: &str) -> String {
    api::fields(model)
}

/// Runs a model on a JSON object of inputs (strings as typed in a form are
/// accepted). `rules_json` is the recommender's rule list (the page's copy of
/// `data/decisions.toml`), or empty for the built-in rules.
///
/// Returns the output object, or `{"error": {field, message}, "errors": [..]}`
/// listing every field that is wrong on its own (so a form can mark them
/// all), the first of them as `error`.
#[wasm_bindgen]
pub fn run(model: &str, inputs_json: &str, rules_json: &str) -> String {
    api::run(model, inputs_json, rules_json)
}

/// Formats one output figure for people, by its dotted path in the output
/// (`format("cost", "active_passive.total", "10900")` → `"$10,900"`). Returns
/// an empty string for a path or value the model cannot format.
#[wasm_bindgen]
pub fn format(model: &str, path: &str, value_json: &str) -> String {
    api::format(model, path, value_json)
}

/// Formats many figures of one output at once (`paths_json` is a JSON array
/// of dotted paths, `output_json` what [`run`] returned): a JSON array of
/// texts in the same order, an empty text where a path cannot be formatted.
/// One call per recompute instead of one per figure keeps a redraw cheap.
#[wasm_bindgen]
pub fn format_all(model: &str, output_json: &str, paths_json: &str) -> String {
    api::format_all(model, output_json, paths_json)
}

/// Draws a chart (`cost`, `failover`, `data_loss`, `availability`) for a
/// JSON object of its model's inputs, with `id` as the prefix of the SVG's
/// element ids (the page's pre-rendered chart uses the same, so the bytes
/// match): the chart as JSON (`svg`, `title`, `desc`, `table`), or an error
/// object as [`run`] returns.
#[wasm_bindgen]
pub fn chart(kind: &str, inputs_json: &str, id: &str) -> String {
    api::chart(kind, inputs_json, id)
}
