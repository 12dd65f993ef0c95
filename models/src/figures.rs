//! Output figures, read from the typed outputs.
//!
//! Each output struct implements [`Figures`] right below its declaration: one
//! `fig!` line per figure, giving its label and unit, the JSON key being
//! the field's own name. Everything that shows an output — the calculator's
//! table and list, the `figure` shortcode, `regionwise calc`, the texts the
//! wasm `run` hands the page — reads these figures, so a path, label or unit
//! is written once, next to the field it names.

use serde::Serialize;
use serde_json::{Map, Value};

use crate::registry::{Across, Layout, ModelDef};
use crate::{ModelError, Unit};

/// What an output struct shows, figure by figure.
pub trait Figures {
    /// Hands every figure to `c`, in the order people read them.
    fn figures(&self, c: &mut Collector);
}

/// The value of one figure.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum FigureValue {
    Number(f64),
    Bool(bool),
    Text(String),
}

impl FigureValue {
    /// The value as JSON, as the output shows it.
    fn to_json(&self) -> Value {
        match self {
            Self::Number(n) => Value::from(*n),
            Self::Bool(b) => Value::Bool(*b),
            Self::Text(t) => Value::from(t.as_str()),
        }
    }

    /// The value for people, in `unit` ("$10,900", "8 min 30 s", "yes").
    pub fn format(&self, unit: Unit) -> String {
        match self {
            Self::Number(n) => unit.format(*n),
            Self::Bool(b) => if *b { "yes" } else { "no" }.to_owned(),
            Self::Text(text) => text.clone(),
        }
    }

    /// A JSON leaf as a figure value (an input, as the output echoes it).
    fn from_json(value: &Value) -> Option<Self> {
        match value {
            Value::Number(n) => n.as_f64().map(Self::Number),
            Value::Bool(b) => Some(Self::Bool(*b)),
            Value::String(s) => Some(Self::Text(s.clone())),
            _ => None,
        }
    }
}

impl From<&f64> for FigureValue {
    fn from(value: &f64) -> Self {
        Self::Number(*value)
    }
}

impl From<&bool> for FigureValue {
    fn from(value: &bool) -> Self {
        Self::Bool(*value)
    }
}

impl From<&String> for FigureValue {
    fn from(value: &String) -> Self {
        Self::Text(value.clone())
    }
}

/// One figure of an output.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Figure {
    /// Dotted path in the JSON output (`active_passive.total`): the page's
    /// `data-out` hook and the `figure` shortcode's `out`.
    pub path: String,
    /// What it is ("RTO", "Data transfer"); inside a group, the label of
    /// the figure alone (the group's is [`Figure::group`]).
    pub label: &'static str,
    pub unit: Unit,
    pub value: FigureValue,
    /// The label of the group it belongs to ("active-passive"), if any.
    pub group: Option<&'static str>,
    /// Formattable but not listed: inputs, points of a series, items of a
    /// list, ids that have a figure for people.
    pub detail: bool,
}

impl Figure {
    /// The value for people.
    pub fn text(&self) -> String {
        self.value.format(self.unit)
    }

    /// The difference from the same figure of a baseline run, for people:
    /// "+$3,700", "−8 min 30 s", "+5 pp" (percentage points), "±0" when
    /// the two read the same; `None` for words and yes/no.
    pub fn delta_text(&self, base: &Figure) -> Option<String> {
        let (FigureValue::Number(now), FigureValue::Number(then)) = (&self.value, &base.value)
        else {
            return None;
        };
        let d = now - then;
        if !d.is_finite() {
            return None;
        }
        if self.text() == base.text() {
            return Some("±0".to_owned());
        }
        let sign = if d < 0.0 { '\u{2212}' } else { '+' };
        let size = self.unit.format(d.abs());
        // A difference of shares is in percentage points (a suffix test, not
        // a search: no string searcher in the wasm for it).
        Some(match size.strip_suffix(" %") {
            Some(points) => format!("{sign}{points} pp"),
            None => format!("{sign}{size}"),
        })
    }
}

/// A list of sentences in the output (the recommender's reasons).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FigureList {
    /// Path of the list (`reasons`): the page's `data-out-list` hook.
    pub path: String,
    pub label: &'static str,
    pub items: Vec<String>,
}

/// A series of points in the output (the RTO's traffic curve): listed
/// nowhere, drawn by charts, its points formattable one by one.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Series {
    pub path: String,
    pub label: &'static str,
    pub points: usize,
}

/// Collects figures as an output's [`Figures`] table hands them over.
#[derive(Debug, Default)]
pub struct Collector {
    /// The inputs the output was computed from, as `inputs`.
    inputs: Option<Map<String, Value>>,
    prefix: String,
    group: Option<&'static str>,
    detail: bool,
    figures: Vec<Figure>,
    lists: Vec<FigureList>,
    series: Vec<Series>,
}

impl Collector {
    /// The inputs the output was computed from: every output's `Figures`
    /// hands them over first, and they become its `inputs` object.
    pub fn inputs<I: crate::Inputs>(&mut self, inputs: &I) {
        self.inputs = Some(inputs.to_map());
    }

    fn path(&self, key: &str) -> String {
        if self.prefix.is_empty() {
            key.to_owned()
        } else {
            format!("{}.{key}", self.prefix)
        }
    }

    /// A figure.
    pub fn figure(
        &mut self,
        key: &str,
        label: &'static str,
        unit: Unit,
        value: impl Into<FigureValue>,
    ) {
        self.figures.push(Figure {
            path: self.path(key),
            label,
            unit,
            value: value.into(),
            group: self.group,
            detail: self.detail,
        });
    }

    /// A figure that is formattable by path but listed nowhere.
    pub fn detail(
        &mut self,
        key: &str,
        label: &'static str,
        unit: Unit,
        value: impl Into<FigureValue>,
    ) {
        let detail = std::mem::replace(&mut self.detail, true);
        self.figure(key, label, unit, value);
        self.detail = detail;
    }

    /// A nested struct's figures, as a group (a column or row of a grid).
    pub fn group<T: Figures>(&mut self, key: &str, label: &'static str, value: &T) {
        let prefix = self.path(key);
        let prefix = std::mem::replace(&mut self.prefix, prefix);
        let group = self.group.replace(label);
        value.figures(self);
        self.prefix = prefix;
        self.group = group;
    }

    /// A list of sentences; each item is also a detail (`reasons.0`).
    pub fn list(&mut self, key: &str, label: &'static str, items: &[String]) {
        for (i, item) in items.iter().enumerate() {
            self.detail(&format!("{key}.{i}"), label, Unit::Text, item);
        }
        self.lists.push(FigureList {
            path: self.path(key),
            label,
            items: items.to_vec(),
        });
    }

    /// A series of points, each a detail (`curve.3.share`).
    pub fn series<T: Figures>(&mut self, key: &str, label: &'static str, points: &[T]) {
        let detail = std::mem::replace(&mut self.detail, true);
        for (i, point) in points.iter().enumerate() {
            let prefix = self.path(&format!("{key}.{i}"));
            let prefix = std::mem::replace(&mut self.prefix, prefix);
            point.figures(self);
            self.prefix = prefix;
        }
        self.detail = detail;
        self.series.push(Series {
            path: self.path(key),
            label,
            points: points.len(),
        });
    }
}

/// A model's run: its output as JSON and every figure of it.
#[derive(Debug, Clone, PartialEq)]
pub struct Outcome {
    /// The whole output (what `calc --json` prints and the wasm returns),
    /// with `inputs`: every input used.
    pub json: Value,
    /// Every figure: the listed ones in order, then the details (the
    /// inputs as `inputs.NAME` among them).
    pub figures: Vec<Figure>,
    pub lists: Vec<FigureList>,
    pub series: Vec<Series>,
}

/// A results table: groups as columns or rows, figures in the cells.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Grid<'a> {
    pub caption: &'static str,
    /// The heading of the row labels' column.
    pub corner: &'static str,
    pub columns: Vec<&'static str>,
    pub rows: Vec<GridRow<'a>>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GridRow<'a> {
    pub label: &'static str,
    /// One cell per column; `None` where the output has no such figure.
    pub cells: Vec<Option<&'a Figure>>,
}

impl Outcome {
    /// The outcome of a typed output of the model `def`. Its JSON is built
    /// from the figures, so every leaf of it is a figure (and the wasm needs
    /// no serde code per output type): the inputs, then each list and series
    /// as an array (empty ones too), then every figure at its path.
    pub(crate) fn of<O: Figures>(def: &ModelDef, output: &O) -> Result<Self, ModelError> {
        let mut c = Collector::default();
        output.figures(&mut c);
        Self::collected(def, c)
    }

    /// The outcome of a filled collector (not generic: one copy for every
    /// model).
    fn collected(def: &ModelDef, mut c: Collector) -> Result<Self, ModelError> {
        let inputs = c.inputs.take().ok_or_else(|| ModelError::InvalidInputs {
            model: def.name.to_owned(),
            message: "the output's figures do not hand over its inputs".to_owned(),
        })?;
        let mut json = Value::Object(Map::new());
        put(&mut json, "inputs", Value::Object(inputs.clone()));
        for path in c
            .lists
            .iter()
            .map(|l| &l.path)
            .chain(c.series.iter().map(|s| &s.path))
        {
            put(&mut json, path, Value::Array(Vec::new()));
        }
        for f in &c.figures {
            put(&mut json, &f.path, f.value.to_json());
        }
        c.figures.extend(input_figures(def, Some(&inputs)));
        Ok(Self {
            json,
            figures: c.figures,
            lists: c.lists,
            series: c.series,
        })
    }

    /// The inputs used, as a JSON object.
    pub fn inputs(&self) -> Map<String, Value> {
        self.json
            .get("inputs")
            .and_then(Value::as_object)
            .cloned()
            .unwrap_or_default()
    }

    /// Every figure's text by its path, listed or not: what the page shows
    /// at each `data-out` hook, and every cell of a CSV export.
    pub fn texts(&self) -> Map<String, Value> {
        // Inserted one by one rather than collected: collecting sorts first,
        // and that sort would be the wasm's only use of its code.
        let mut texts = Map::new();
        for f in &self.figures {
            texts.insert(f.path.clone(), Value::from(f.text()));
        }
        texts
    }

    /// Every listed figure's difference from the same figure of `base` (a
    /// run of the same model on other inputs), by path: what the page shows
    /// beside each figure when a baseline is pinned.
    pub fn deltas(&self, base: &Outcome) -> Map<String, Value> {
        let mut out = Map::new();
        for figure in self.listed() {
            if let Some(text) = base.figure(&figure.path).and_then(|b| figure.delta_text(b)) {
                out.insert(figure.path.clone(), Value::from(text));
            }
        }
        out
    }

    /// A figure by its dotted path, listed or not.
    pub fn figure(&self, path: &str) -> Option<&Figure> {
        self.figures.iter().find(|f| f.path == path)
    }

    /// The figures tables and lists show, in order.
    pub fn listed(&self) -> impl Iterator<Item = &Figure> {
        self.figures.iter().filter(|f| !f.detail)
    }

    /// The grid of a [`Layout::Grid`]: every listed figure of a group.
    pub fn grid(&self, layout: &Layout) -> Option<Grid<'_>> {
        let Layout::Grid {
            caption,
            corner,
            groups,
        } = *layout
        else {
            return None;
        };
        let grouped: Vec<&Figure> = self.listed().filter(|f| f.group.is_some()).collect();
        let group_labels = distinct(grouped.iter().filter_map(|f| f.group));
        let figure_labels = distinct(grouped.iter().map(|f| f.label));
        let (row_labels, columns) = match groups {
            Across::Columns => (figure_labels, group_labels),
            Across::Rows => (group_labels, figure_labels),
        };
        let cell = |row: &str, column: &str| {
            let (group, label) = match groups {
                Across::Columns => (column, row),
                Across::Rows => (row, column),
            };
            grouped
                .iter()
                .copied()
                .find(|f| f.group == Some(group) && f.label == label)
        };
        let rows = row_labels
            .iter()
            .map(|&label| GridRow {
                label,
                cells: columns.iter().map(|column| cell(label, column)).collect(),
            })
            .collect();
        Some(Grid {
            caption,
            corner,
            columns,
            rows,
        })
    }

    /// The listed figures the layout's grid does not show, in order.
    pub fn list(&self, layout: &Layout) -> Vec<&Figure> {
        let in_grid = matches!(layout, Layout::Grid { .. });
        self.listed()
            .filter(|f| !(in_grid && f.group.is_some()))
            .collect()
    }
}

/// Puts `value` at a dotted `path` of `root`, making objects on the way
/// (and growing an array to an index it names).
fn put(root: &mut Value, path: &str, value: Value) {
    let mut node = root;
    let mut keys = path.split('.').peekable();
    while let Some(key) = keys.next() {
        let last = keys.peek().is_none();
        let next = match node {
            Value::Array(items) => match key.parse::<usize>() {
                Ok(i) => {
                    if items.len() <= i {
                        items.resize(i + 1, Value::Object(Map::new()));
                    }
                    &mut items[i]
                }
                Err(_) => return,
            },
            Value::Object(map) => map
                .entry(key.to_owned())
                .or_insert_with(|| Value::Object(Map::new())),
            _ => return,
        };
        if last {
            *next = value;
            return;
        }
        node = next;
    }
}

/// `inputs.NAME` for every input, labelled and united by its field spec.
fn input_figures<'a>(
    def: &'a ModelDef,
    inputs: Option<&'a Map<String, Value>>,
) -> impl Iterator<Item = Figure> + 'a {
    def.fields.iter().filter_map(move |spec| {
        let value = FigureValue::from_json(inputs?.get(spec.name)?)?;
        Some(Figure {
            path: format!("inputs.{}", spec.name),
            label: spec.label,
            unit: spec.unit,
            value,
            group: None,
            detail: true,
        })
    })
}

/// The labels in first-seen order, each once.
fn distinct(labels: impl Iterator<Item = &'static str>) -> Vec<&'static str> {
    let mut seen = Vec::new();
    for label in labels {
        if !seen.contains(&label) {
            seen.push(label);
        }
    }
    seen
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_format_by_unit() {
        assert_eq!(
            FigureValue::Number(10_900.0).format(Unit::Dollars),
            "$10,900"
        );
        assert_eq!(FigureValue::Bool(true).format(Unit::Bool), "yes");
        assert_eq!(
            FigureValue::Text("async".into()).format(Unit::Text),
            "async"
        );
        assert_eq!(FigureValue::Number(0.95).format(Unit::Fraction), "95 %");
    }

    fn figure(value: f64, unit: Unit) -> Figure {
        Figure {
            path: "x".into(),
            label: "X",
            unit,
            value: FigureValue::Number(value),
            group: None,
            detail: false,
        }
    }

    #[test]
    fn deltas_read_as_differences() {
        let d = |now, then, unit| figure(now, unit).delta_text(&figure(then, unit));
        assert_eq!(
            d(14_600.0, 10_900.0, Unit::Dollars).as_deref(),
            Some("+$3,700")
        );
        assert_eq!(
            d(900.0, 1_410.0, Unit::Seconds).as_deref(),
            Some("\u{2212}8 min 30 s")
        );
        assert_eq!(d(0.35, 0.3, Unit::Fraction).as_deref(), Some("+5 pp"));
        assert_eq!(
            d(99.95, 99.99, Unit::Percent).as_deref(),
            Some("\u{2212}0.04 pp")
        );
        assert_eq!(d(10_900.2, 10_900.0, Unit::Dollars).as_deref(), Some("±0"));
        let text = Figure {
            value: FigureValue::Text("a".into()),
            ..figure(0.0, Unit::Text)
        };
        assert_eq!(text.delta_text(&text), None);
    }
}
