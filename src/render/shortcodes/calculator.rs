//! The `calculator` shortcode: a `<form>` per model, pre-rendered at build
//! time from the same models the page's wasm runs.
//!
//! The form works without JavaScript (its figures and chart are computed
//! here, for the organisation's defaults and the shortcode's arguments) and
//! carries the stable hooks `static/calc.js` drives once the wasm loads:
//! `data-calc="MODEL"` on the form, `name="FIELD"` on each input,
//! `data-out="PATH"` on each figure (PATH as in `regionwise calc MODEL
//! --json`), `data-error-for="FIELD"` next to each input, `data-chart="KIND"`
//! around the chart, and the recommender's rules as a JSON data block.

use regionwise_charts::{render_with_id, Chart, ChartKind};
use regionwise_models::{
    dynamic::{AVAILABILITY_PATTERNS, COST_LINES},
    fields as model_fields, figures, format_figure, lookup, FieldKind, FieldSpec, Model, Pattern,
    Rule,
};
use serde::Serialize;
use serde_json::Value;

use super::Invocation;

/// One input of the form, as the template needs it.
#[derive(Debug, Serialize)]
struct Field {
    name: &'static str,
    /// Element id (`calc-12-regions`); the error and help ids derive from it.
    id: String,
    label: String,
    unit: &'static str,
    /// `number`, `integer`, `choice` or `bool`.
    kind: &'static str,
    inputmode: &'static str,
    /// The value as typed in the input (`5000`, `0.3`, `async`).
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

/// One displayed figure: its output path and its formatted text.
#[derive(Debug, Serialize)]
struct Out {
    path: String,
    label: String,
    text: String,
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
    label: String,
    cells: Vec<Out>,
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
    fields: Vec<Field>,
    table: Option<Table>,
    figures: Vec<Out>,
    /// The recommender's reasons, a list that grows and shrinks.
    reasons: Vec<String>,
    /// The chart drawn from the same inputs, where the model has one.
    chart: Option<Chart>,
    /// The recommender's rules as JSON, escaped for a `<script>` data block.
    rules_json: Option<String>,
}

pub fn calculator(inv: &Invocation) -> Result<String, String> {
    let name = inv.str_arg("model").unwrap_or_default();
    let model: Model = name.parse().map_err(|e| format!("{e}"))?;
    let inputs = inv.model_inputs(model.name(), &["model", "preset"]);
    let rules = rules(inv, model)?;
    let output = inv
        .run_model(model, &inputs)
        .map_err(|e| format!("the {model} calculator cannot run on its inputs: {e}"))?;
    let id = element_id(inv);
    let calc = Calculator {
        model: model.name(),
        title: title(model),
        preset: inv.str_arg("preset").map(|p| p.replace('-', " ")),
        about: model.about(),
        assumptions: model.assumptions(),
        fields: form_fields(model, &output, &id),
        table: table(model, &output),
        figures: figure_list(model, &output),
        reasons: reasons(&output),
        chart: chart(model, &output, &id)?,
        rules_json: rules.map(|r| script_json(&r)).transpose()?,
        id,
    };
    let mut c = inv.context();
    c.insert("calc", &calc);
    inv.render("shortcodes/calculator.html", &c)
}

/// The recommender's rules from `data/decisions.toml`, so the page's table
/// and its calculator agree; the built-in rules when the site has no such
/// file. `None` for the other models.
fn rules(inv: &Invocation, model: Model) -> Result<Option<Vec<Rule>>, String> {
    if model != Model::Recommend {
        return Ok(None);
    }
    inv.recommender_rules().map(Some)
}

/// A JSON data block that cannot close its `<script>` element early.
fn script_json(value: &impl Serialize) -> Result<String, String> {
    serde_json::to_string(value)
        .map(|s| s.replace("</", "<\\/").replace("<!--", "<\\!--"))
        .map_err(|e| e.to_string())
}

/// Ids must be unique on the page: a page may hold several calculators, so
/// they are numbered by the shortcode's line.
fn element_id(inv: &Invocation) -> String {
    format!("calc-{}", inv.location.line.unwrap_or(0))
}

/// The chart a model's calculator shows, if any.
fn chart_kind(model: Model) -> Option<ChartKind> {
    match model {
        Model::Cost => Some(ChartKind::Cost),
        Model::Rpo => Some(ChartKind::DataLoss),
        Model::Rto => Some(ChartKind::Failover),
        Model::Availability => Some(ChartKind::Availability),
        Model::Recommend => None,
    }
}

/// The chart for the resolved inputs (the very object the page's wasm gets
/// from the form), its ids prefixed by the form's id: so the live redraw for
/// the same inputs gives the same bytes, and two charts on a page differ.
fn chart(model: Model, output: &Value, id: &str) -> Result<Option<Chart>, String> {
    let Some(kind) = chart_kind(model) else {
        return Ok(None);
    };
    let inputs = output
        .get("inputs")
        .and_then(Value::as_object)
        .cloned()
        .unwrap_or_default();
    render_with_id(kind, &inputs, &format!("{id}-chart"))
        .map(Some)
        .map_err(|e| format!("the {kind} chart cannot be drawn: {e}"))
}

fn title(model: Model) -> &'static str {
    match model {
        Model::Cost => "Cost calculator: monthly cost per pattern",
        Model::Rpo => "RPO calculator: how much data a failover loses",
        Model::Rto => "RTO calculator: how long until traffic is served again",
        Model::Availability => "Availability calculator: downtime against your SLA",
        Model::Recommend => "Which pattern fits? The decision table as a calculator",
    }
}

/// The form's inputs, with the values the model resolved (defaults, preset,
/// organisation defaults and arguments), so the live page starts exactly
/// where the pre-rendered results are.
fn form_fields(model: Model, output: &Value, id: &str) -> Vec<Field> {
    model_fields(model)
        .iter()
        .map(|spec| {
            let value = output
                .get("inputs")
                .and_then(|i| i.get(spec.name))
                .cloned()
                .unwrap_or_else(|| spec.default_json());
            field(spec, &value, id)
        })
        .collect()
}

fn field(spec: &FieldSpec, value: &Value, id: &str) -> Field {
    let text = input_text(value);
    Field {
        name: spec.name,
        id: format!("{id}-{}", spec.name),
        label: label(spec.name),
        unit: spec.unit.label(),
        kind: match spec.kind {
            FieldKind::Number => "number",
            FieldKind::Integer => "integer",
            FieldKind::Choice => "choice",
            FieldKind::Bool => "bool",
        },
        inputmode: match spec.kind {
            FieldKind::Integer => "numeric",
            _ => "decimal",
        },
        checked: value.as_bool() == Some(true),
        choices: spec
            .choices
            .iter()
            .map(|&c| Choice {
                value: c,
                label: choice_label(c),
                selected: c == text,
            })
            .collect(),
        value: text,
        help: spec.help,
    }
}

/// A value as a person would type it: `5000` rather than `5000.0`; Rust's
/// shortest round-trip form otherwise, which the models parse back exactly.
fn input_text(value: &Value) -> String {
    match value {
        Value::Number(n) => match (n.as_u64(), n.as_f64()) {
            (Some(u), _) => u.to_string(),
            (None, Some(f)) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{f:.0}"),
            (None, Some(f)) => f.to_string(),
            _ => n.to_string(),
        },
        Value::String(s) => s.clone(),
        Value::Bool(b) => b.to_string(),
        other => other.to_string(),
    }
}

/// Labels for people; unit and range come from the field table.
fn label(name: &str) -> String {
    let known = match name {
        "compute" => "Compute",
        "database" => "Database",
        "transfer" => "Data transfer",
        "regions" => "Regions",
        "standby_fraction" => "Standby compute, share of primary",
        "replica_fraction" => "Each replica database, share of primary",
        "global_db_overhead" => "Multi-writer database overhead",
        "price_per_gb" => "Inter-region transfer price",
        "ap_cross_region_gb" => "Cross-region data, active-passive",
        "aa_cross_region_gb" => "Cross-region data, active-active",
        "ap_routing" => "Global routing, active-passive",
        "aa_routing" => "Global routing, active-active",
        "cdn_spend" => "CDN spend",
        "partition_overhead" => "Fixed overhead per extra region, partitioned",
        "mode" => "Replication",
        "typical_lag_s" => "Typical replication lag",
        "incident_lag_s" => "Lag as a region degrades",
        "writes_per_s" => "Write rate",
        "backup_interval_s" => "Backup interval",
        "rpo_budget_s" => "RPO budget",
        "lag_growth_rate" => "Lag growth rate",
        "health_check_interval_s" => "Health-check interval",
        "failure_threshold" => "Failed checks before failover",
        "decision_s" => "Decision time",
        "db_promotion_s" => "Database promotion",
        "restore_s" => "Restore and redeploy",
        "scale_up_s" => "Scale-up",
        "routing" => "Traffic routing",
        "dns_ttl_s" => "DNS TTL",
        "ttl_ignoring_share" => "Clients that ignore the TTL",
        "ttl_ignoring_lifetime_s" => "How long those clients cache",
        "sla" => "SLA",
        "outages_per_year" => "Regional outages",
        "outage_minutes" => "Mean regional outage",
        "failover_success" => "Failovers that work",
        "ap_rto_s" => "RTO, active-passive",
        "aa_rto_s" => "RTO, active-active",
        "users" => "Users",
        "footprint" => "Where the users are",
        "workload" => "Workload",
        "global_realtime_writes" => "Real-time writes from several continents",
        "regulated_residency" => "Data must stay in its jurisdiction",
        "contractual_sla" => "Contractual SLA (0 = none)",
        other => return humanise(other),
    };
    known.to_owned()
}

/// `some_field_s` → `Some field`: a fallback for fields added to the models
/// before they get a label here.
fn humanise(name: &str) -> String {
    let words = name.trim_end_matches("_s").replace('_', " ");
    let mut chars = words.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

fn choice_label(value: &'static str) -> &'static str {
    match value {
        "async" => "Asynchronous",
        "sync" => "Synchronous (consensus)",
        "backup" => "Backups only",
        "dns" => "DNS",
        "anycast" => "Anycast",
        "single-continent" => "One continent",
        "global" => "Global",
        "stateless-read-heavy" => "Stateless, read-heavy",
        "stateful" => "Stateful",
        other => other,
    }
}

/// One figure, formatted by the model; an unknown path is a bug in this
/// file, caught by the tests, and shows as an empty cell rather than a lie.
fn out(model: Model, output: &Value, path: String, label: String) -> Out {
    let text = lookup(output, &path)
        .and_then(|v| format_figure(model, &path, v).ok())
        .unwrap_or_default();
    Out { path, label, text }
}

/// The models whose figures read best as a grid.
fn table(model: Model, output: &Value) -> Option<Table> {
    match model {
        Model::Cost => Some(Table {
            caption: "Monthly cost per pattern (US dollars)",
            corner: "Line",
            columns: Pattern::ALL.iter().map(|p| p.short_name()).collect(),
            rows: COST_LINES
                .iter()
                .map(|line| Row {
                    label: cost_line_label(line).to_owned(),
                    cells: Pattern::ALL
                        .iter()
                        .map(|p| {
                            let path = format!("{}.{line}", p.id());
                            out(model, output, path, format!("{} {line}", p.short_name()))
                        })
                        .collect(),
                })
                .collect(),
        }),
        Model::Availability => Some(Table {
            caption: "Expected downtime and availability per pattern",
            corner: "Pattern",
            columns: vec!["Downtime per year", "Availability", "Meets the SLA"],
            rows: AVAILABILITY_PATTERNS
                .iter()
                .map(|p| Row {
                    label: p.short_name().to_owned(),
                    cells: ["downtime_min_year", "availability_pct", "meets_sla"]
                        .iter()
                        .map(|m| {
                            let path = format!("{}.{m}", p.id());
                            out(model, output, path, String::new())
                        })
                        .collect(),
                })
                .collect(),
        }),
        _ => None,
    }
}

fn cost_line_label(line: &str) -> &str {
    match line {
        "compute" => "Compute",
        "database" => "Database",
        "transfer" => "Data transfer",
        "routing" => "Global routing",
        "total" => "Total per month",
        "ratio" => "Against single region",
        other => other,
    }
}

/// The figures not already in the table, as a list.
fn figure_list(model: Model, output: &Value) -> Vec<Out> {
    let in_table: Vec<String> = table(model, output)
        .map(|t| {
            t.rows
                .into_iter()
                .flat_map(|r| r.cells.into_iter().map(|c| c.path))
                .collect()
        })
        .unwrap_or_default();
    figures(model)
        .into_iter()
        .filter(|f| !in_table.contains(&f.path))
        .map(|f| out(model, output, f.path, f.label))
        .collect()
}

fn reasons(output: &Value) -> Vec<String> {
    output
        .get("reasons")
        .and_then(Value::as_array)
        .map(|list| {
            list.iter()
                .filter_map(|r| r.as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}
