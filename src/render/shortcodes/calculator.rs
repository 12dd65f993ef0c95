//! The `calculator` shortcode: a `<form>` per model, pre-rendered at build
//! time from the same models the page's wasm runs.
//!
//! Everything shown comes from the model's registry entry: the title, the
//! fields (label, unit, help, choices), the results table's layout and the
//! figures' labels. The form works without JavaScript (its figures and chart
//! are computed here, for the organisation's defaults and the shortcode's
//! arguments) and carries the stable hooks `static/calc.js` drives once the
//! wasm loads: `data-calc="MODEL"` on the form, `name="FIELD"` on each input,
//! `data-out="PATH"` on each figure (PATH as in `regionwise calc MODEL
//! --json`), `data-out-list="PATH"` on each list, `data-error-for="FIELD"`
//! next to each input, `data-chart="KIND"` around the chart, and the inputs
//! the page fixes (the recommender's rules) as a JSON data block.

use regionwise_models::{FieldKind, FieldSpec, Figure, ModelDef, Outcome, Strategy, Unit};
use serde::Serialize;
use serde_json::{Map, Value};

use super::chart::ChartFigure;
use super::{Invocation, ShortcodeError};

/// One input of the form, as the template needs it.
#[derive(Debug, Serialize)]
struct Field {
    name: &'static str,
    /// Element id (`calc-12-regions`); the error and help ids derive from it.
    id: String,
    label: &'static str,
    /// What the label adds to the value ("per month" for "$5,000"); empty
    /// when the value carries its unit ("15 min", "30 %").
    unit: &'static str,
    /// `number`, `integer`, `choice` or `bool`.
    kind: &'static str,
    inputmode: &'static str,
    /// The value as the reader would type it (`$5,000`, `30 %`, `15 min`,
    /// `async`): the model's own text, which parses back exactly.
    value: String,
    checked: bool,
    choices: Vec<Choice>,
    help: &'static str,
}

#[derive(Debug, Serialize)]
struct Choice {
    value: &'static str,
    label: &'static str,
    selected: bool,
}

/// One displayed figure: its output path, label and formatted text.
#[derive(Debug, Serialize)]
struct Out {
    path: String,
    label: &'static str,
    text: String,
}

impl From<&Figure> for Out {
    fn from(f: &Figure) -> Self {
        Self {
            path: f.path.clone(),
            label: f.label,
            text: f.text(),
        }
    }
}

/// A results table: rows of figures under column headings.
#[derive(Debug, Serialize)]
struct Table {
    caption: &'static str,
    corner: &'static str,
    columns: Vec<&'static str>,
    rows: Vec<Row>,
}

#[derive(Debug, Serialize)]
struct Row {
    label: &'static str,
    /// One per column; empty where the output has no such figure.
    cells: Vec<Option<Out>>,
}

/// The headline: its caption and its figures, each with a short label.
#[derive(Debug, Serialize)]
struct HeadlineOut {
    caption: &'static str,
    figures: Vec<HeadlineFigureOut>,
}

/// A headline figure, with the shorter label a phone's bar shows if the
/// model gives one.
#[derive(Debug, Serialize)]
struct HeadlineFigureOut {
    #[serde(flatten)]
    out: Out,
    narrow: Option<&'static str>,
}

/// Steps in order (`<ol>`), under their group's label.
#[derive(Debug, Serialize)]
struct Steps {
    label: &'static str,
    items: Vec<Out>,
}

/// A list output (`data-out-list`).
#[derive(Debug, Serialize)]
struct List {
    path: String,
    label: &'static str,
    items: Vec<String>,
}

/// Everything the `shortcodes/calculator.html` template shows.
#[derive(Debug, Serialize)]
struct Calculator {
    id: String,
    model: &'static str,
    title: &'static str,
    /// The preset the shortcode named, shown next to the title.
    preset: Option<String>,
    about: &'static str,
    assumptions: &'static str,
    /// The DR ladder's rungs as a "Start from" select (models with presets).
    presets: Vec<Choice>,
    fields: Vec<Field>,
    /// The figures set apart, beside the inputs or following a phone reader.
    headline: HeadlineOut,
    table: Option<Table>,
    /// A list layout's grouped figures: steps in order, shown as a timeline
    /// (the RTO's failover steps), under the group's label.
    steps: Option<Steps>,
    figures: Vec<Out>,
    lists: Vec<List>,
    /// The chart drawn from the same inputs, where the model has one.
    chart: Option<ChartFigure>,
    /// Inputs that are not form fields (the recommender's rules), as a JSON
    /// object escaped for a `<script>` data block; the page sends them with
    /// the form's.
    fixed_inputs: Option<String>,
}

pub fn calculator(inv: &Invocation) -> Result<String, ShortcodeError> {
    let model = regionwise_models::model(inv.str_arg("model").unwrap_or_default())?;
    let inputs = inv.model_inputs(model, &["model", "preset"])?;
    let outcome = model
        .run(&inputs)
        .map_err(|e| format!("the {model} calculator cannot run on its inputs: {e}"))?;
    let id = inv.element_id("calc");
    let mut fixed = fixed_inputs(model, &inputs);
    if !model.presets.is_empty() {
        // A preset chosen in the page keeps the organisation's own figures,
        // as the shortcode's layering does: they go with every run.
        fixed.extend(inv.org_defaults(model)?);
    }
    let (steps, figures) = steps_and_figures(model, &outcome);
    let calc = Calculator {
        model: model.name,
        title: model.title,
        preset: inv.str_arg("preset").map(|p| p.replace('-', " ")),
        about: model.about,
        assumptions: model.assumptions,
        presets: presets(model, &outcome, &fixed),
        fields: form_fields(model, &outcome, &id),
        headline: headline(model, &outcome),
        table: table(model, &outcome),
        steps,
        figures,
        lists: lists(&outcome),
        chart: chart(model, &outcome, &fixed, &id)?,
        fixed_inputs: (!fixed.is_empty())
            .then(|| script_json(&fixed))
            .transpose()?,
        id,
    };
    let mut c = inv.context();
    c.insert("calc", &calc);
    inv.render("shortcodes/calculator.html", &c)
}

/// The model's presets as a select's options, the one whose inputs the form
/// holds selected (none: the reader's own inputs).
fn presets(model: &ModelDef, outcome: &Outcome, fixed: &Map<String, Value>) -> Vec<Choice> {
    let used = outcome.inputs();
    let mut found = false;
    model
        .presets
        .iter()
        .map(|&name| {
            let mut inputs = fixed.clone();
            inputs.insert("preset".into(), name.into());
            // The first preset whose inputs these are (two rungs may share
            // one model's inputs: warm standby and active-active cost alike).
            let selected = !found && model.run(&inputs).is_ok_and(|o| o.inputs() == used);
            found |= selected;
            Choice {
                value: name,
                label: name.parse::<Strategy>().map_or(name, Strategy::label),
                selected,
            }
        })
        .collect()
}

/// The headline's figures, each under its short label; a path the output
/// lacks for these inputs is left out.
fn headline(model: &ModelDef, outcome: &Outcome) -> HeadlineOut {
    HeadlineOut {
        caption: model.headline.caption,
        figures: model
            .headline
            .figures
            .iter()
            .filter_map(|h| {
                outcome.figure(h.path).map(|f| HeadlineFigureOut {
                    out: Out {
                        label: h.label,
                        ..Out::from(f)
                    },
                    narrow: h.narrow,
                })
            })
            .collect(),
    }
}

/// A list layout's grouped figures as steps (the first group's), and the
/// figures listed after them.
fn steps_and_figures(model: &ModelDef, outcome: &Outcome) -> (Option<Steps>, Vec<Out>) {
    let listed = outcome.list(&model.layout);
    let group = listed.iter().find_map(|f| f.group);
    let steps = group.map(|label| Steps {
        label,
        items: listed
            .iter()
            .filter(|f| f.group == Some(label))
            .map(|f| Out::from(*f))
            .collect(),
    });
    let figures = listed
        .into_iter()
        .filter(|f| group.is_none() || f.group != group)
        .map(Out::from)
        .collect();
    (steps, figures)
}

/// The inputs given that are not fields of the form (the data file's rules).
fn fixed_inputs(model: &ModelDef, inputs: &Map<String, Value>) -> Map<String, Value> {
    inputs
        .iter()
        .filter(|(k, _)| model.field(k).is_none() && k.as_str() != "preset")
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect()
}

/// A JSON data block that cannot close its `<script>` element early.
fn script_json(value: &impl Serialize) -> Result<String, ShortcodeError> {
    serde_json::to_string(value)
        .map(|s| s.replace("</", "<\\/").replace("<!--", "<\\!--"))
        .map_err(|e| ShortcodeError::Message(e.to_string()))
}

/// The chart for the resolved inputs (the very object the page's wasm gets
/// from the form, with the fixed inputs), its ids prefixed by the form's id:
/// so the live redraw for the same inputs gives the same bytes, and two
/// charts on a page differ.
fn chart(
    model: &ModelDef,
    outcome: &Outcome,
    fixed: &Map<String, Value>,
    id: &str,
) -> Result<Option<ChartFigure>, ShortcodeError> {
    let Some(chart) = regionwise_charts::for_model(model) else {
        return Ok(None);
    };
    let mut inputs = outcome.inputs();
    inputs.extend(fixed.clone());
    let id = format!("{id}-chart");
    chart
        .draw(&inputs, &id)
        .map(|drawn| Some(ChartFigure::live(drawn, id)))
        .map_err(|e| format!("the {} chart cannot be drawn: {e}", chart.name).into())
}

/// The form's inputs, with the values the model resolved (defaults, preset,
/// organisation defaults and arguments), so the live page starts exactly
/// where the pre-rendered results are.
fn form_fields(model: &ModelDef, outcome: &Outcome, id: &str) -> Vec<Field> {
    let inputs = outcome.inputs();
    model
        .fields
        .iter()
        .map(|spec| {
            let value = inputs
                .get(spec.name)
                .cloned()
                .unwrap_or_else(|| spec.default_json());
            field(spec, &value, id)
        })
        .collect()
}

fn field(spec: &FieldSpec, value: &Value, id: &str) -> Field {
    let text = spec.input_text(value);
    Field {
        name: spec.name,
        id: format!("{id}-{}", spec.name),
        label: spec.label,
        unit: spec.unit.label_hint(),
        kind: match spec.kind {
            FieldKind::Number => "number",
            FieldKind::Integer => "integer",
            FieldKind::Choice => "choice",
            FieldKind::Bool => "bool",
        },
        // Units and `$` are typed too: a full keyboard, not a number pad.
        inputmode: match spec.unit {
            Unit::Count | Unit::Regions => "numeric",
            _ => "text",
        },
        checked: value.as_bool() == Some(true),
        choices: spec
            .choices
            .iter()
            .map(|c| Choice {
                value: c.value,
                label: c.label,
                selected: c.value == text,
            })
            .collect(),
        value: text,
        help: spec.help,
    }
}

/// The grid of a model laid out as one (cost, availability).
fn table(model: &ModelDef, outcome: &Outcome) -> Option<Table> {
    let grid = outcome.grid(&model.layout)?;
    Some(Table {
        caption: grid.caption,
        corner: grid.corner,
        columns: grid.columns,
        rows: grid
            .rows
            .into_iter()
            .map(|row| Row {
                label: row.label,
                cells: row.cells.into_iter().map(|c| c.map(Out::from)).collect(),
            })
            .collect(),
    })
}

fn lists(outcome: &Outcome) -> Vec<List> {
    outcome
        .lists
        .iter()
        .map(|l| List {
            path: l.path.clone(),
            label: l.label,
            items: l.items.clone(),
        })
        .collect()
}
