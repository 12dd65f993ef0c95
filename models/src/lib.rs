//! The models behind the regionwise guide, listed in [`MODELS`], plus the
//! latency physics and the DR ladder.
//!
//! Pure functions, no I/O: the same code runs in the build tool (to pre-render
//! numbers, tables and charts), in `regionwise calc`, and compiled to
//! `wasm32-unknown-unknown` in the page's calculators. Every input has a
//! default, a range and a label; out-of-range, NaN and infinite values are a
//! [`ModelError`] naming the input by its label, and every output is finite.
//!
//! Each model is a module with an input struct and its field table (one
//! `inputs!` declaration), an output struct with its [`Figures`], a `run`
//! function, and its [`ModelDef`] in the registry; docs/adding-a-model.md
//! walks through adding one.
//!
//! ```
//! use regionwise_models::{cost, format, model};
//!
//! let out = cost::run(&cost::CostInputs::default()).unwrap();
//! assert_eq!(format::money(out.active_passive.total), "$10,900");
//!
//! let outcome = model("cost")?.run(&Default::default())?;
//! let ratio = outcome.figure("active_active.ratio").unwrap();
//! assert_eq!(ratio.text(), "2.32×");
//! # Ok::<(), regionwise_models::ModelError>(())
//! ```

#[macro_use]
mod macros;

pub mod availability;
pub mod breakeven;
pub mod cost;
pub mod error;
pub mod fields;
pub mod figures;
pub mod format;
pub mod incidents;
pub mod latency;
pub mod pattern;
pub mod recommend;
pub mod registry;
pub mod rpo;
pub mod rto;
pub mod strategy;
pub mod typed;
pub mod units;

pub use error::ModelError;
pub use fields::{Choice, FieldDefault, FieldKind, FieldSpec, Inputs};
pub use figures::{Figure, FigureList, FigureValue, Figures, Grid, GridRow, Outcome, Series};
pub use pattern::Pattern;
pub use recommend::{default_rules, recommend, recommend_weighing, Conditions, Rule};
pub use registry::{
    model, names, Across, DataInput, Headline, HeadlineFigure, Layout, Model, ModelDef,
};
pub use strategy::{dr_ladder, LadderRow, Strategy};
pub use units::Unit;

/// Every model, in the order the guide introduces them. A model is its
/// module plus this line; a test fails while a module's `MODEL` is missing.
pub static MODELS: &[&ModelDef] = &[
    &cost::MODEL,
    &rpo::MODEL,
    &rto::MODEL,
    &availability::MODEL,
    &recommend::MODEL,
    &breakeven::MODEL,
];

#[cfg(test)]
mod tests;
