//! The models by name: one [`ModelDef`] per model, listed in
//! [`MODELS`](crate::MODELS), and the one way to run a model on a JSON
//! object of inputs.
//!
//! Everything outside a model's own module — the command line and its help,
//! the wasm API, the site's shortcodes and forms, the docs test, the fuzz
//! target — iterates over the registry or looks a model up in it, so a model
//! is added in its module and one registry line (see docs/adding-a-model.md).
//!
//! Inputs arrive as a partial JSON object. Layering, lowest first: the
//! model's defaults, then the preset named by `"preset"` (where the model has
//! presets), then every other key. Unknown keys, values of the wrong kind and
//! out-of-range numbers are errors naming the field.

use std::fmt;

use serde_json::{Map, Value};

use crate::fields::{self, FieldSpec, Inputs};

use crate::figures::{Figures, Outcome};
use crate::ModelError;

/// A model as everything outside its module sees it.
#[derive(Debug)]
pub struct ModelDef {
    /// The name on the command line, in shortcodes and in `data-calc`.
    pub name: &'static str,
    /// The calculator's heading.
    pub title: &'static str,
    /// One line on what the model computes.
    pub about: &'static str,
    /// The assumptions behind the model, stated wherever its numbers appear
    /// (one paragraph a line).
    pub assumptions: &'static str,
    /// Every input: name, label, kind, default, range, unit, help.
    pub fields: &'static [FieldSpec],
    /// The names `"preset"` accepts (empty if none).
    pub presets: &'static [&'static str],
    /// How the calculator (and `regionwise calc`) lays out the figures.
    pub layout: Layout,
    /// An input a site may supply from a data file (the recommender's rules
    /// from `data/decisions.toml`).
    pub data_input: Option<DataInput>,
    /// Models this one runs inside it (the recommender weighs the DR rungs
    /// with the break-even model). A site gives each the organisation's
    /// defaults for it as an input named after it (`"breakeven":
    /// {"compute": 120000}`), so the figures this model quotes from it are
    /// the ones that model's own calculator shows on the same site.
    pub uses: &'static [&'static ModelDef],
    /// The figures the calculator sets apart: beside the inputs on a wide
    /// screen, following the reader on a phone.
    pub headline: Headline,
    pub(crate) run: fn(&Map<String, Value>) -> Result<Outcome, ModelError>,
}

/// A calculator's headline: what its figures answer, and the figures, each
/// by its output path with a short label ("Active-passive", "Scripted").
/// A path the output lacks for some inputs (a break-even that does not
/// exist) is simply not shown then.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Headline {
    pub caption: &'static str,
    pub figures: &'static [HeadlineFigure],
}

/// One figure of a [`Headline`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HeadlineFigure {
    /// Its path in the output (`active_passive.total`).
    pub path: &'static str,
    pub label: &'static str,
    /// A shorter label for a phone's one-line bar, where the label is wider
    /// than its figure ("Single" for "Single region"); screen readers still
    /// hear the label.
    pub narrow: Option<&'static str>,
}

/// How a model's figures are shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    /// Every figure in a list: label, value.
    List,
    /// The grouped figures as a grid, the others as a list under it.
    Grid {
        caption: &'static str,
        /// The heading over the row labels.
        corner: &'static str,
        /// Whether each group is a column or a row.
        groups: Across,
    },
}

/// Which way the groups of a [`Layout::Grid`] run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Across {
    Columns,
    Rows,
}

/// An input a site may supply from a data file: `input` is the value of the
/// data file `file`'s key `key`, or `built_in()` for a site without the file
/// (the page always sends it, so the wasm need not carry the built-in copy:
/// there `built_in` gives `None`).
#[derive(Debug, Clone, Copy)]
pub struct DataInput {
    pub input: &'static str,
    pub file: &'static str,
    pub key: &'static str,
    pub built_in: fn() -> Option<Value>,
}

impl ModelDef {
    /// Runs the model on a partial JSON object of inputs (missing fields take
    /// their defaults; `"preset"` selects a preset where the model has them;
    /// unknown keys are an error).
    pub fn run(&self, inputs: &Map<String, Value>) -> Result<Outcome, ModelError> {
        (self.run)(inputs)
    }

    /// A field by name.
    pub fn field(&self, name: &str) -> Option<&'static FieldSpec> {
        fields::find(self.fields, name)
    }
}

impl fmt::Display for ModelDef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name)
    }
}

impl PartialEq for ModelDef {
    fn eq(&self, other: &Self) -> bool {
        self.name == other.name
    }
}

/// A model's typed side, implemented in its module.
pub trait Model: 'static {
    type Inputs: Inputs;
    type Output: Figures;

    /// The model's entry in [`MODELS`](crate::MODELS).
    fn def() -> &'static ModelDef;

    /// Runs the model on inputs (checking them first).
    fn run(inputs: &Self::Inputs) -> Result<Self::Output, ModelError>;

    /// The inputs of the preset `name`, one of [`ModelDef::presets`].
    fn preset(name: &str) -> Option<Self::Inputs> {
        let _ = name;
        None
    }

    /// Runs the model on a partial JSON object of inputs, layered as the
    /// module documentation says.
    fn run_map(inputs: &Map<String, Value>) -> Result<Self::Output, ModelError> {
        Self::run(&resolve::<Self>(inputs)?)
    }
}

/// [`Model::run_map`], as a [`ModelDef`] runs it.
pub(crate) fn run<M: Model + ?Sized>(inputs: &Map<String, Value>) -> Result<Outcome, ModelError> {
    Outcome::of(M::def(), &M::run_map(inputs)?)
}

/// The typed inputs of a JSON object: defaults, then the preset, then each
/// given key, checked against its field.
pub fn resolve<M: Model + ?Sized>(inputs: &Map<String, Value>) -> Result<M::Inputs, ModelError> {
    let def = M::def();
    let base = match preset_name(def, inputs)? {
        Some(name) => M::preset(name).ok_or_else(|| unknown_preset(def, name))?,
        None => M::Inputs::default(),
    };
    let mut merged = base.to_map();
    overlay(def, &mut merged, inputs)?;
    // Every key was coerced to its field's kind, so this only fails on a
    // field table that does not match its struct. Ranges are checked by the
    // model's run, which sees the whole input after the preset.
    M::Inputs::from_map(&merged).ok_or_else(|| ModelError::InvalidInputs {
        model: def.name.to_owned(),
        message: "a field's value does not fit its type".to_owned(),
    })
}

/// Puts each given key (but `preset`) over `merged`, coerced to its field's
/// kind. Not generic, so every model shares one copy of it.
fn overlay(
    def: &ModelDef,
    merged: &mut Map<String, Value>,
    inputs: &Map<String, Value>,
) -> Result<(), ModelError> {
    for (key, value) in inputs {
        if key == "preset" {
            continue;
        }
        let spec = def.field(key).ok_or_else(|| ModelError::UnknownField {
            model: def.name.to_owned(),
            field: key.clone(),
            known: def.fields.iter().map(|s| s.name).collect(),
        })?;
        merged.insert(key.clone(), spec.coerce(value)?);
    }
    Ok(())
}

/// The preset named by `"preset"`, if any, checked against the model's list.
fn preset_name<'a>(
    def: &ModelDef,
    inputs: &'a Map<String, Value>,
) -> Result<Option<&'a str>, ModelError> {
    let Some(value) = inputs.get("preset") else {
        return Ok(None);
    };
    match value.as_str() {
        Some(name) if def.presets.contains(&name) => Ok(Some(name)),
        Some(name) => Err(unknown_preset(def, name)),
        None => Err(unknown_preset(def, &value.to_string())),
    }
}

fn unknown_preset(def: &ModelDef, name: &str) -> ModelError {
    ModelError::UnknownPreset {
        model: def.name.to_owned(),
        name: name.to_owned(),
        known: def.presets.to_vec(),
    }
}

/// A registered model by name.
pub fn model(name: &str) -> Result<&'static ModelDef, ModelError> {
    crate::MODELS
        .iter()
        .copied()
        .find(|m| m.name == name)
        .ok_or_else(|| ModelError::UnknownModel {
            name: name.to_owned(),
            known: names(),
        })
}

/// The registered models' names, in order.
pub fn names() -> Vec<&'static str> {
    crate::MODELS.iter().map(|m| m.name).collect()
}

#[cfg(test)]
mod headline_tests {
    #[test]
    fn every_headline_names_figures_the_model_lists() {
        for model in crate::MODELS {
            let outcome = model.run(&Default::default()).expect("defaults run");
            assert!(!model.headline.figures.is_empty(), "{}", model.name);
            for f in model.headline.figures {
                let figure = outcome.figure(f.path);
                assert!(
                    figure.is_some_and(|f| !f.detail),
                    "{}: headline `{}` ({}) is not a listed figure",
                    model.name,
                    f.path,
                    f.label
                );
                if let Some(narrow) = f.narrow {
                    assert!(
                        narrow.len() < f.label.len(),
                        "{}: `{narrow}` is no shorter than `{}`",
                        model.name,
                        f.label
                    );
                }
            }
        }
    }
}
