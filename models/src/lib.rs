//! The models behind the regionwise guide: cost, RPO, RTO, availability and
//! the recommender, plus the latency physics and the DR ladder.
//!
//! Pure functions, no I/O: the same code runs in the build tool (to pre-render
//! numbers, tables and charts), in `regionwise calc`, and compiled to
//! `wasm32-unknown-unknown` in the page's calculators. Every input has a
//! default and a range; out-of-range, NaN and infinite values are a
//! [`ModelError`] naming the field, and every output is finite.
//!
//! Each model is a module with an input struct (`Default` = the guide's
//! figures), a `FIELDS` table, an output struct and a `run` function. The
//! [`dynamic`] module runs them by name over JSON.
//!
//! ```
//! use regionwise_models::{cost, format};
//!
//! let out = cost::run(&cost::CostInputs::default()).unwrap();
//! assert_eq!(format::money(out.active_passive.total), "$10,900");
//! assert_eq!(format::ratio(out.active_active.ratio), "2.32×");
//! ```

pub mod availability;
pub mod cost;
pub mod dynamic;
pub mod error;
pub mod fields;
pub mod format;
pub mod latency;
pub mod pattern;
pub mod recommend;
pub mod rpo;
pub mod rto;
pub mod strategy;
pub mod units;

pub use dynamic::{
    fields, figures, format_figure, lookup, presets, run_json, run_json_with_rules, unit_of,
    Figure, Model,
};
pub use error::ModelError;
pub use fields::{FieldDefault, FieldKind, FieldSpec};
pub use pattern::Pattern;
pub use recommend::{default_rules, recommend, recommend_with_rules, Conditions, Rule};
pub use strategy::{dr_ladder, LadderRow, Strategy};
pub use units::{Money, Percent, Seconds, Unit};
