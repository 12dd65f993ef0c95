//! SVG charts of the regionwise models, written from a display list
//! (`canvas.rs`).
//!
//! The same functions draw the chart the build pre-renders into a page and
//! the one the calculator redraws in the browser (compiled to wasm32), so
//! they must give byte-identical SVG on both: positions are integers our own
//! code computes (nothing measures text), transcendental maths goes
//! through `libm`, and colours come from CSS (`currentColor`, and `data-fill` /
//! `data-stroke` hooks the stylesheet maps to `var(--chart-1)` …
//! `var(--chart-4)`, `var(--chart-grid)`) so a chart follows light and dark
//! mode.
//!
//! Every chart comes with its numbers as a [`Table`], formatted with the
//! models' own formatting functions, for readers who cannot or would rather
//! not read a picture.
//!
//! Each chart is a module with a [`ChartDef`] listed in [`CHARTS`]: its name,
//! the model whose inputs it takes, and how it draws that model's typed
//! output. A calculator shows the chart of its model ([`for_model`]).
//!
//! ```
//! let chart = regionwise_charts::chart("cost")?.draw(&Default::default(), "fig-1")?;
//! assert!(chart.svg.starts_with("<svg"));
//! assert_eq!(chart.table.rows[2][5], "$10,900");
//! # Ok::<(), regionwise_models::ModelError>(())
//! ```

mod availability;
mod breakeven;
mod canvas;
mod cost;
mod data_loss;
mod failover;
mod ink;
mod layout;
mod scale;

use serde::Serialize;
use serde_json::{Map, Value};

use regionwise_models::{ModelDef, ModelError};

pub use canvas::{Variant, HEIGHT, NARROW_WIDTH, WIDTH};

/// Every chart.
pub static CHARTS: &[&ChartDef] = &[
    &cost::CHART,
    &failover::CHART,
    &data_loss::CHART,
    &availability::CHART,
    &breakeven::CHART,
];

/// A chart as everything outside its module sees it.
#[derive(Debug)]
pub struct ChartDef {
    /// The name in shortcodes, JSON and `data-kind` (`data_loss`).
    pub name: &'static str,
    /// The model whose inputs the chart takes (and whose calculator shows it).
    pub model: &'static ModelDef,
    draw: fn(&Map<String, Value>, &str) -> Result<Chart, ModelError>,
}

impl ChartDef {
    /// Draws the chart for a partial JSON object of its model's inputs
    /// (layered as the model layers them). `id` prefixes the SVG's element
    /// ids (`{id}-title`, `{id}-desc`); characters other than ASCII letters,
    /// digits, `-` and `_` are dropped, and an empty id becomes the name.
    pub fn draw(&self, inputs: &Map<String, Value>, id: &str) -> Result<Chart, ModelError> {
        let id: String = id
            .chars()
            .filter(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
            .collect();
        let id = if id.is_empty() { self.name } else { &id };
        (self.draw)(inputs, id)
    }
}

/// A chart by name.
pub fn chart(name: &str) -> Result<&'static ChartDef, ModelError> {
    CHARTS
        .iter()
        .copied()
        .find(|c| c.name == name)
        .ok_or_else(|| {
            let names: Vec<&str> = CHARTS.iter().map(|c| c.name).collect();
            ModelError::InvalidValue {
                field: "kind".to_owned(),
                label: "kind".to_owned(),
                value: name.to_owned(),
                expected: format!("one of {}", names.join(", ")),
            }
        })
}

/// The chart a model's calculator shows, if it has one.
pub fn for_model(model: &ModelDef) -> Option<&'static ChartDef> {
    CHARTS.iter().copied().find(|c| c.model == model)
}

/// A drawn chart: the SVG and everything a page needs around it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Chart {
    /// The chart's name ([`ChartDef::name`]).
    pub kind: &'static str,
    /// The `<svg>` element: `viewBox="0 0 2560 1440"` (640 × 360 layout
    /// units), no width or height, `role="img"`, labelled by its `<title>`
    /// and described by its `<desc>`.
    pub svg: String,
    /// The same chart laid out for a phone: 340 layout units wide, as high
    /// as it needs, legends and labels wrapped, text about 14 px on a phone.
    /// Its ids are `{id}-narrow-title` and `{id}-narrow-desc`.
    pub svg_narrow: String,
    /// What the chart shows, in a line (also the SVG's `<title>`).
    pub title: String,
    /// The chart's message in sentences, with its key numbers (also the
    /// SVG's `<desc>`).
    pub desc: String,
    /// The same numbers as a table.
    pub table: Table,
}

impl Chart {
    /// The chart `kind` drawn by `paint` in both variants: its SVGs (ids
    /// prefixed by `id`, labelled by `title` and `desc`) and its table.
    fn drawn(
        kind: &'static str,
        paint: impl Fn(Variant) -> canvas::Canvas,
        id: &str,
        title: String,
        desc: String,
        table: Table,
    ) -> Self {
        let svg = |variant, id: &str| {
            paint(variant).finish(&canvas::SvgMeta {
                id,
                kind,
                title: &title,
                desc: &desc,
            })
        };
        Self {
            kind,
            svg: svg(Variant::Wide, id),
            svg_narrow: svg(Variant::Narrow, &format!("{id}-narrow")),
            title,
            desc,
            table,
        }
    }
}

/// The numbers of a chart, formatted for people. The first cell of each row
/// names the row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Table {
    pub caption: String,
    pub headers: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_chart_module_is_registered() {
        let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let declared = std::fs::read_dir(src)
            .unwrap()
            .filter_map(|e| std::fs::read_to_string(e.unwrap().path()).ok())
            .filter(|text| {
                text.lines()
                    .any(|l| l.starts_with("pub(crate) static CHART: ChartDef"))
            })
            .count();
        assert_eq!(declared, CHARTS.len(), "CHARTS in lib.rs");
    }

    #[test]
    fn charts_are_found_by_name_and_model() {
        for c in CHARTS {
            assert_eq!(chart(c.name).unwrap().name, c.name);
            assert_eq!(for_model(c.model).unwrap().name, c.name);
        }
        let err = chart("pie").unwrap_err();
        assert_eq!(err.field(), Some("kind"));
        assert!(err.to_string().contains("data_loss"), "{err}");
        let recommend = regionwise_models::model("recommend").unwrap();
        assert!(for_model(recommend).is_none());
    }

    #[test]
    fn ids_are_given_and_sanitised() {
        let cost = chart("cost").unwrap();
        let a = cost.draw(&Map::new(), "my chart\"1").unwrap();
        assert!(a.svg.contains("aria-labelledby=\"mychart1-title\""));
        let b = cost.draw(&Map::new(), "").unwrap();
        assert!(b.svg.contains("aria-labelledby=\"cost-title\""));
    }
}
