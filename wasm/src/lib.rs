//! The regionwise models and charts behind wasm-bindgen, for the in-page
//! calculators. Only what a page calls is exported (the field table is
//! pre-rendered into the form, and `regionwise calc --list --json` prints it),
//! because every export's code is downloaded with the calculator.
//!
//! Every export takes strings and returns a string (JSON, formatted text or
//! SVG): the page's glue (`static/calc.js`) only reads inputs, calls these and
//! writes the results, so no model logic lives in JavaScript. Nothing here can
//! panic on user data: the models return errors, and every error becomes an
//! error object (`{"error": {"field", "message"}}`) the page shows next to the
//! field. The same functions run natively in the tests below.

mod api;

use wasm_bindgen::prelude::wasm_bindgen;

/// Runs a model on a JSON object of inputs (strings as typed in a form are
/// accepted; the recommender also takes `"rules"`, the page's copy of
/// `data/decisions.toml`).
///
/// Returns `{"output": {..}, "text": {PATH: TEXT, ..}}`: the output object
/// (as `regionwise calc MODEL --json` prints it) and every figure of it
/// formatted for people, by dotted path (`"active_passive.total"` →
/// `"$10,900"`; inputs and points too, `"inputs.regions"`, `"curve.3.share"`),
/// so one call per recompute gives the page everything it writes. Or
/// `{"error": {field, message}, "errors": [..]}` listing every field that is
/// wrong on its own (so a form can mark them all), the first as `error`.
#[wasm_bindgen]
pub fn run(model: &str, inputs_json: &str) -> String {
    api::run(model, inputs_json)
}

/// Compares two runs of a model: `{"delta": {PATH: TEXT, ..}}`, every listed
/// figure of the run on `inputs_json` as its difference from the run on
/// `baseline_json` (the inputs a reader pinned), formatted for people
/// (`"+$3,700"`, `"−8 min 30 s"`, `"+5 pp"`, `"±0"`); or an error object as
/// [`run`] returns, for either.
#[wasm_bindgen]
pub fn compare(model: &str, inputs_json: &str, baseline_json: &str) -> String {
    api::compare(model, inputs_json, baseline_json)
}

/// Draws a chart (by name, as in the `chart` shortcode) for a JSON object of
/// its model's inputs, with `id` as the prefix of the SVG's element ids (the
/// page's pre-rendered chart uses the same, so the bytes match): the chart as
/// JSON (`kind`, `svg`, `title`, `desc`, `table`), or an error object as
/// [`run`] returns.
#[wasm_bindgen]
pub fn chart(kind: &str, inputs_json: &str, id: &str) -> String {
    api::chart(kind, inputs_json, id)
}
