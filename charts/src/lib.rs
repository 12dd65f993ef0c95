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
//! ```
//! use regionwise_charts::{render, ChartKind};
//!
//! let chart = render(ChartKind::Cost, &serde_json::Map::new()).unwrap();
//! assert!(chart.svg.starts_with("<svg"));
//! assert_eq!(chart.table.rows[2][5], "$10,900");
//! ```

mod availability;
mod canvas;
mod cost;
mod data_loss;
mod failover;
mod ink;
mod layout;
mod scale;

use std::fmt;
use std::str::FromStr;

use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::{Map, Value};

use regionwise_models::availability::AvailabilityOutput;
use regionwise_models::cost::CostOutput;
use regionwise_models::rpo::RpoOutput;
use regionwise_models::rto::RtoOutput;
use regionwise_models::{run_json, Model, ModelError};

pub use canvas::{HEIGHT, WIDTH};
pub use failover::FailoverSeries;

/// The charts there are.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ChartKind {
    /// Monthly cost per pattern, stacked by line item.
    Cost,
    /// Share of traffic served over time after a regional failure.
    Failover,
    /// Writes lost against the replication lag at the moment of failure.
    DataLoss,
    /// Expected downtime per pattern against the SLA's allowance.
    Availability,
}

impl ChartKind {
    pub const ALL: [ChartKind; 4] = [
        Self::Cost,
        Self::Failover,
        Self::DataLoss,
        Self::Availability,
    ];

    /// The name in shortcodes, JSON and `data-kind` (`data_loss`).
    pub fn name(self) -> &'static str {
        match self {
            Self::Cost => "cost",
            Self::Failover => "failover",
            Self::DataLoss => "data_loss",
            Self::Availability => "availability",
        }
    }

    /// The model whose inputs the chart takes.
    pub fn model(self) -> Model {
        match self {
            Self::Cost => Model::Cost,
            Self::Failover => Model::Rto,
            Self::DataLoss => Model::Rpo,
            Self::Availability => Model::Availability,
        }
    }
}

impl fmt::Display for ChartKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for ChartKind {
    type Err = ModelError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::ALL
            .into_iter()
            .find(|k| k.name() == s)
            .ok_or_else(|| ModelError::InvalidValue {
                field: "kind".to_owned(),
                value: s.to_owned(),
                expected: "one of cost, failover, data_loss, availability".to_owned(),
            })
    }
}

/// A drawn chart: the SVG and everything a page needs around it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Chart {
    pub kind: ChartKind,
    /// The `<svg>` element: `viewBox="0 0 640 360"`, no width or height,
    /// `role="img"`, labelled by its `<title>` and described by its `<desc>`.
    pub svg: String,
    /// What the chart shows, in a line (also the SVG's `<title>`).
    pub title: String,
    /// The chart's message in sentences, with its key numbers (also the
    /// SVG's `<desc>`).
    pub desc: String,
    /// The same numbers as a table.
    pub table: Table,
}

/// The numbers of a chart, formatted for people. The first cell of each row
/// names the row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Table {
    pub caption: String,
    pub headers: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

/// Draws a chart from a partial JSON object of the chart's model inputs
/// (missing fields take their defaults, `"preset"` selects a preset where the
/// model has them). The SVG's ids derive from the kind and the resolved
/// inputs, so equal inputs give equal bytes and different charts on one page
/// get different ids.
pub fn render(kind: ChartKind, inputs: &Map<String, Value>) -> Result<Chart, ModelError> {
    render_inner(kind, inputs, None)
}

/// [`render`] with the id prefix of the SVG's `<title>` and `<desc>` given
/// (`{id}-title`, `{id}-desc`), for a page that shows the same chart twice.
/// Characters other than ASCII letters, digits, `-` and `_` are dropped.
pub fn render_with_id(
    kind: ChartKind,
    inputs: &Map<String, Value>,
    id: &str,
) -> Result<Chart, ModelError> {
    render_inner(kind, inputs, Some(id))
}

fn render_inner(
    kind: ChartKind,
    inputs: &Map<String, Value>,
    id: Option<&str>,
) -> Result<Chart, ModelError> {
    let output = run_json(kind.model(), inputs)?;
    let id = match id.map(sanitise_id) {
        Some(id) if !id.is_empty() => id,
        _ => default_id(kind, output.get("inputs").unwrap_or(&Value::Null)),
    };
    match kind {
        ChartKind::Cost => Ok(cost::draw(&typed::<CostOutput>(output)?, &id)),
        ChartKind::Failover => failover::draw_for_inputs(&typed::<RtoOutput>(output)?, &id),
        ChartKind::DataLoss => Ok(data_loss::draw(&typed::<RpoOutput>(output)?, &id)),
        ChartKind::Availability => Ok(availability::draw(
            &typed::<AvailabilityOutput>(output)?,
            &id,
        )),
    }
}

/// The cost chart: one stacked bar per pattern (compute, database, transfer,
/// routing) with its total and its multiple of the single region.
pub fn cost_chart(out: &CostOutput) -> Chart {
    cost::draw(out, &id_of(ChartKind::Cost, &out.inputs))
}

/// The failover chart for the given series (the first is the one whose RTO
/// is marked); see [`FailoverSeries`]. [`render`] compares the given inputs
/// with the same steps under the other routing.
pub fn failover_chart(series: &[FailoverSeries]) -> Chart {
    let id = match series.first() {
        Some(first) => id_of(ChartKind::Failover, &first.out.inputs),
        None => default_id(ChartKind::Failover, &Value::Null),
    };
    failover::draw(series, &id)
}

/// The data-loss chart: lost writes against replication lag, typical and
/// incident lag and the RPO budget marked.
pub fn data_loss_chart(out: &RpoOutput) -> Chart {
    data_loss::draw(out, &id_of(ChartKind::DataLoss, &out.inputs))
}

/// The availability chart: expected downtime a year per pattern against the
/// downtime the SLA allows.
pub fn availability_chart(out: &AvailabilityOutput) -> Chart {
    availability::draw(out, &id_of(ChartKind::Availability, &out.inputs))
}

/// Reads a model's JSON output back into its struct (exact: serde_json keeps
/// every f64 bit).
fn typed<T: DeserializeOwned>(output: Value) -> Result<T, ModelError> {
    serde_json::from_value(output).map_err(|err| ModelError::InvalidValue {
        field: "output".to_owned(),
        value: err.to_string(),
        expected: "the model's output".to_owned(),
    })
}

fn id_of<T: Serialize>(kind: ChartKind, inputs: &T) -> String {
    default_id(kind, &serde_json::to_value(inputs).unwrap_or(Value::Null))
}

/// `rw-{kind}-{hash}`: FNV-1a of the resolved inputs, so the id is the same
/// natively and in wasm and differs between charts of different inputs.
fn default_id(kind: ChartKind, inputs: &Value) -> String {
    let text = inputs.to_string();
    let mut hash: u32 = 0x811c_9dc5;
    for byte in kind.name().bytes().chain(text.bytes()) {
        hash ^= u32::from(byte);
        hash = hash.wrapping_mul(0x0100_0193);
    }
    format!("rw-{}-{hash:08x}", kind.name().replace('_', "-"))
}

fn sanitise_id(id: &str) -> String {
    id.chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_round_trip() {
        for kind in ChartKind::ALL {
            assert_eq!(kind.name().parse::<ChartKind>(), Ok(kind));
            assert_eq!(serde_json::to_value(kind).unwrap(), kind.name());
        }
        let err = "pie".parse::<ChartKind>().unwrap_err();
        assert_eq!(err.field(), Some("kind"));
        assert!(err.to_string().contains("data_loss"), "{err}");
    }

    #[test]
    fn ids_follow_inputs() {
        let a = render(ChartKind::Cost, &Map::new()).unwrap();
        let mut three = Map::new();
        three.insert("regions".into(), 3.into());
        let b = render(ChartKind::Cost, &three).unwrap();
        assert_ne!(a.svg, b.svg);
        let id_a = a.svg.split("id=\"").nth(1).unwrap();
        let id_b = b.svg.split("id=\"").nth(1).unwrap();
        assert_ne!(id_a[..16], id_b[..16]);
        let mut two = Map::new();
        two.insert("regions".into(), 2.into());
        assert_eq!(render(ChartKind::Cost, &two).unwrap().svg, a.svg);
        assert_eq!(
            cost_chart(&regionwise_models::cost::run(&Default::default()).unwrap()).svg,
            a.svg
        );
    }

    #[test]
    fn custom_ids_are_sanitised() {
        let chart = render_with_id(ChartKind::Cost, &Map::new(), "my chart\"1").unwrap();
        assert!(chart.svg.contains("aria-labelledby=\"mychart1-title\""));
    }
}
