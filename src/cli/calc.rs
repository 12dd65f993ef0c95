//! `regionwise calc MODEL [--field value]... [--preset NAME] [--json]`: the
//! guide's models in the terminal.
//!
//! Like the site's pages, a model starts from the organisation's defaults
//! when run in a site (`--root DIR`, else the current folder when it has a
//! regionwise.toml): its `[calculator.*]` values, and for the recommender
//! the break-even's, so `calc recommend` quotes the break-even `calc
//! breakeven` shows there. The flags given win over them. A model that
//! takes an input from a data file (the recommender's rules from
//! `content/data/decisions.toml`) gets the site's, loaded and checked as
//! `build` loads them (the site's own file, or the bundled guide's under a
//! base layer), so it answers as the site's pages do; outside a site, the
//! built-in copy.
//!
//! The inputs differ per model, so they cannot be clap arguments: clap hands
//! over everything after `calc` and this module parses it against the model's
//! field table (its `ModelDef` in `regionwise_models::MODELS`), which also
//! writes the help; `regionwise help calc` prints the same overview. Bad input
//! exits with code 2 and a message naming the input and its range.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use regionwise_models::{
    DataInput, FieldSpec, Figure, Grid, ModelDef, ModelError, Outcome, MODELS,
};
use serde_json::{json, Map, Value};

use crate::error::Diagnostics;
use crate::load::Origin;
use crate::parse::data::Data;

/// Exit code for bad input (usage errors), as clap uses.
const USAGE_ERROR: u8 = 2;

/// Text width of help paragraphs.
const WRAP: usize = 78;

#[derive(Debug, clap::Args)]
#[command(disable_help_flag = true, override_help = overview())]
pub struct CalcArgs {
    /// Print the model's full output (inputs included) as one JSON object.
    #[arg(long)]
    pub json: bool,
    /// The site whose `[calculator.*]` defaults the model starts from.
    /// Default: the current folder if it has a regionwise.toml, else none
    /// (the models' own defaults).
    #[arg(long, value_name = "DIR")]
    pub root: Option<PathBuf>,
    /// The model (`regionwise calc --list`), then its inputs as
    /// `--field-name value` pairs, `--preset NAME`, `--json` or `--help`.
    #[arg(
        trailing_var_arg = true,
        allow_hyphen_values = true,
        value_name = "MODEL [--FIELD VALUE]..."
    )]
    pub args: Vec<String>,
}

/// What the command line asked for.
#[derive(Debug, PartialEq)]
enum Request {
    /// `calc --help`, or `calc` with no model.
    Overview { asked: bool },
    /// `calc --list [--json]`.
    List { json: bool },
    /// `calc MODEL --help`.
    ModelHelp(&'static ModelDef),
    /// `calc MODEL [--field value]... [--root DIR]`.
    Run {
        model: &'static ModelDef,
        inputs: Map<String, Value>,
        json: bool,
        root: Option<PathBuf>,
    },
}

/// A command-line error: the message, and the model whose help to point at.
#[derive(Debug, PartialEq)]
struct UsageError {
    message: String,
    model: Option<&'static ModelDef>,
}

impl UsageError {
    fn new(message: impl Into<String>, model: Option<&'static ModelDef>) -> Self {
        Self {
            message: message.into(),
            model,
        }
    }
}

pub fn run(args: CalcArgs) -> ExitCode {
    match parse(&args.args, args.json) {
        Ok(Request::Overview { asked: true }) => {
            print!("{}", overview());
            ExitCode::SUCCESS
        }
        Ok(Request::Overview { asked: false }) => {
            eprintln!("error: no model given\n");
            eprint!("{}", overview());
            ExitCode::from(USAGE_ERROR)
        }
        Ok(Request::List { json: false }) => {
            for model in MODELS {
                println!("{}", model.name);
            }
            ExitCode::SUCCESS
        }
        Ok(Request::List { json: true }) => print_json(&definitions()),
        Ok(Request::ModelHelp(model)) => {
            print!("{}", model_help(model));
            ExitCode::SUCCESS
        }
        Ok(Request::Run {
            model,
            inputs,
            json,
            root,
        }) => {
            let site = match organisation(root.as_deref().or(args.root.as_deref()), model) {
                Ok(site) => site,
                Err(messages) => {
                    for message in messages {
                        eprintln!("error: {message}");
                    }
                    return ExitCode::FAILURE;
                }
            };
            let mut all = site.inputs.clone();
            all.extend(inputs.clone());
            match model.run(&all) {
                Ok(outcome) if json => print_json(&outcome.json),
                Ok(outcome) => {
                    let preset = inputs.get("preset").and_then(Value::as_str);
                    print!("{}", render(model, &outcome, preset, &site));
                    ExitCode::SUCCESS
                }
                Err(err @ ModelError::InvalidRules { .. }) => match site.data_file() {
                    // The site's rules, not the command line, are at fault.
                    Some(file) => {
                        eprintln!("error: {}: {err}", file.display());
                        ExitCode::FAILURE
                    }
                    None => fail(&UsageError::new(describe(model, &err), Some(model))),
                },
                Err(err) => fail(&UsageError::new(describe(model, &err), Some(model))),
            }
        }
        Err(err) => fail(&err),
    }
}

/// What a model starts from: the organisation's inputs, and where they
/// came from (for the footer).
#[derive(Debug, Default)]
struct Organisation {
    /// The regionwise.toml whose `[calculator.*]` values are among the
    /// inputs, when it sets any for this model.
    defaults: Option<PathBuf>,
    /// Where the model's data input came from, when it takes one.
    data: Option<DataFrom>,
    inputs: Map<String, Value>,
}

impl Organisation {
    /// The data file the model's data input came from, if any.
    fn data_file(&self) -> Option<&Path> {
        match &self.data {
            Some(DataFrom::Site(path) | DataFrom::Base(path)) => Some(path),
            _ => None,
        }
    }
}

/// Where the input a model takes from a data file came from.
#[derive(Debug, PartialEq)]
enum DataFrom {
    /// The site's own file (its path).
    Site(PathBuf),
    /// The bundled guide's file, under the site's (`[guide] base`).
    Base(PathBuf),
    /// The model's built-in copy: no site (`None`), or a site without
    /// the file (its folder).
    BuiltIn(Option<PathBuf>),
}

/// The organisation's inputs for `model` from the site (`--root`, else the
/// current folder when it has a regionwise.toml): its `[calculator.*]`
/// values, and the input the model takes from a data file as the site's
/// pages get it; the models' own outside a site. Errors are messages,
/// with file and line where the site's files have them.
fn organisation(root: Option<&Path>, model: &ModelDef) -> Result<Organisation, Vec<String>> {
    let Some(root) = crate::site::find_root(root) else {
        let data = model.data_input.map(|_| DataFrom::BuiltIn(None));
        return Ok(Organisation {
            data,
            ..Organisation::default()
        });
    };
    let file = root.join("regionwise.toml");
    let text = std::fs::read_to_string(&file)
        .map_err(|e| vec![format!("{}: cannot read: {e}", file.display())])?;
    let config = crate::config::Config::parse(&text, &file).map_err(|d| vec![d.to_string()])?;
    let mut inputs = config
        .organisation_inputs(model)
        .map_err(|c| vec![format!("{}: {c}", file.display())])?;
    let defaults = (!inputs.is_empty()).then_some(file);
    let data = match &model.data_input {
        Some(input) => {
            let (value, from) = site_data_input(&root, input)
                .map_err(|diags| diags.0.iter().map(ToString::to_string).collect::<Vec<_>>())?;
            if let Some(value) = value {
                inputs.insert(input.input.to_owned(), value);
            }
            Some(from)
        }
        None => None,
    };
    Ok(Organisation {
        defaults,
        data,
        inputs,
    })
}

/// The input a model takes from a data file, as the site in `root` gives
/// its pages: the site loaded as `build` loads it (its own file, or the
/// bundled guide's under a base layer), that data file parsed and checked
/// as `build` checks it (errors at its line), else the built-in copy.
fn site_data_input(
    root: &Path,
    input: &DataInput,
) -> Result<(Option<Value>, DataFrom), Diagnostics> {
    let files = crate::load::load_site(Some(root))?;
    // Only this file: another data file's error is the build's to report.
    let sources: Vec<_> = files
        .data
        .into_iter()
        .filter(|f| Data::name(f) == input.file)
        .collect();
    let data = Data::parse(&sources)?;
    crate::parse::schema::check_all(&data).into_result()?;
    let value = data.model_input(input)?;
    let from = match data.source(input.file) {
        Some(f) if f.origin == Origin::Bundled => DataFrom::Base(f.display.clone()),
        Some(f) => DataFrom::Site(root.join(&f.display)),
        None => DataFrom::BuiltIn(Some(root.to_path_buf())),
    };
    Ok((value, from))
}

/// Every model's definition, for scripts and tests: name, title, about,
/// fields (with labels, units, ranges, defaults), presets and chart.
fn definitions() -> Value {
    let models: Vec<Value> = MODELS
        .iter()
        .map(|m| {
            json!({
                "name": m.name,
                "title": m.title,
                "about": m.about,
                "fields": m.fields,
                "presets": m.presets,
                "chart": regionwise_charts::for_model(m).map(|c| c.name),
            })
        })
        .collect();
    Value::Array(models)
}

fn print_json(output: &Value) -> ExitCode {
    match serde_json::to_string_pretty(output) {
        Ok(text) => {
            println!("{text}");
            ExitCode::SUCCESS
        }
        Err(err) => {
            eprintln!("error: cannot print the output as JSON: {err}");
            ExitCode::FAILURE
        }
    }
}

fn fail(err: &UsageError) -> ExitCode {
    eprintln!("error: {}", err.message);
    match err.model {
        Some(model) => eprintln!(
            "Run `regionwise calc {} --help` for its inputs and their ranges.",
            model.name
        ),
        None => eprintln!("Run `regionwise calc --help` for the models."),
    }
    ExitCode::from(USAGE_ERROR)
}

/// Parses the words after `calc`.
fn parse(args: &[String], json_flag: bool) -> Result<Request, UsageError> {
    let mut words = args.iter().map(String::as_str);
    let model = match words.next() {
        None => return Ok(Request::Overview { asked: false }),
        Some("--help" | "-h" | "help") => return Ok(Request::Overview { asked: true }),
        Some("--list") => {
            let json = json_flag || words.any(|w| w == "--json");
            return Ok(Request::List { json });
        }
        Some("--json") if args.len() > 1 => return parse(&args[1..], true),
        Some(name) => {
            regionwise_models::model(name).map_err(|err| UsageError::new(err.to_string(), None))?
        }
    };
    let mut inputs = Map::new();
    let mut json = json_flag;
    let mut root = None;
    while let Some(word) = words.next() {
        if word == "-h" {
            return Ok(Request::ModelHelp(model));
        }
        let Some(flag) = word.strip_prefix("--") else {
            let message =
                format!("unexpected argument `{word}`: inputs are given as --field value");
            return Err(UsageError::new(message, Some(model)));
        };
        let (flag, inline) = match flag.split_once('=') {
            Some((flag, value)) => (flag, Some(value)),
            None => (flag, None),
        };
        match flag {
            "help" => return Ok(Request::ModelHelp(model)),
            "json" => json = true,
            "root" => match inline.or_else(|| words.next()) {
                Some(dir) => root = Some(PathBuf::from(dir)),
                None => {
                    let message = "--root needs a value (the site's folder)";
                    return Err(UsageError::new(message, Some(model)));
                }
            },
            _ => {
                let key = flag.replace('-', "_");
                let spec = find_input(model, &key, flag)?;
                let text = match inline.or_else(|| words.next()) {
                    Some(text) => text,
                    None => {
                        let message =
                            format!("--{flag} needs a value ({})", spec_range(model, spec));
                        return Err(UsageError::new(message, Some(model)));
                    }
                };
                let value = match spec {
                    Some(spec) => spec
                        .parse(text)
                        .map_err(|err| UsageError::new(format!("--{flag}: {err}"), Some(model)))?,
                    None => Value::from(text),
                };
                if inputs.insert(key, value).is_some() {
                    let message = format!("--{flag} is given twice; give each input once");
                    return Err(UsageError::new(message, Some(model)));
                }
            }
        }
    }
    Ok(Request::Run {
        model,
        inputs,
        json,
        root,
    })
}

/// The field spec of `--flag`, or `None` for `--preset` on a model with
/// presets; an error for anything else.
fn find_input(
    model: &'static ModelDef,
    key: &str,
    flag: &str,
) -> Result<Option<&'static FieldSpec>, UsageError> {
    if key == "preset" && !model.presets.is_empty() {
        return Ok(None);
    }
    if let Some(spec) = model.field(key) {
        return Ok(Some(spec));
    }
    let mut known: Vec<String> = model.fields.iter().map(|s| flag_name(s.name)).collect();
    if !model.presets.is_empty() {
        known.push("--preset".to_owned());
    }
    let message = format!(
        "{model} has no input --{flag}; its inputs are: {}",
        known.join(", ")
    );
    Err(UsageError::new(message, Some(model)))
}

fn spec_range(model: &ModelDef, spec: Option<&FieldSpec>) -> String {
    match spec {
        Some(spec) => spec.range_text(),
        None => model.presets.join(" | "),
    }
}

/// A model error with the command-line flag it is about.
fn describe(model: &ModelDef, err: &ModelError) -> String {
    match err.field() {
        Some(field) if model.field(field).is_some() || field == "preset" => {
            format!("{}: {err}", flag_name(field))
        }
        _ => err.to_string(),
    }
}

fn flag_name(field: &str) -> String {
    format!("--{}", field.replace('_', "-"))
}

/// `regionwise calc --help`, which `regionwise help calc` prints too.
pub fn overview() -> String {
    let mut out = String::from(
        "Run one of the guide's models in the terminal.\n\n\
         Usage: regionwise calc MODEL [--FIELD VALUE]... [--preset NAME] [--root DIR] [--json]\n       \
         regionwise calc --list [--json]\n\n",
    );
    out.push_str("Models:\n");
    let width = MODELS.iter().map(|m| m.name.len()).max().unwrap_or(0) + 2;
    for model in MODELS {
        let _ = writeln!(out, "  {:<width$} {}", model.name, model.about);
    }
    out.push_str("\nCharts (the `chart` shortcode's `kind`, each of one model's inputs):\n");
    for chart in regionwise_charts::CHARTS {
        let _ = writeln!(out, "  {:<width$} of {}", chart.name, chart.model.name);
    }
    out.push_str(
        "\nOptions:\n  --json         Print the full output (inputs included) as one JSON object\n  \
         --list         Print the models' names (with --json: their fields, presets and chart)\n  \
         --root DIR     Start from the [calculator.*] defaults of the site in DIR, and run the\n                 \
         recommender on its content/data/decisions.toml (default: the current folder if\n                 \
         it has a regionwise.toml; without one, the models' own defaults and rules)\n  \
         --help         Print help (after MODEL: its inputs, defaults, ranges and assumptions)\n\n\
         Example: regionwise calc cost --regions 3 --standby-fraction 0.5\n",
    );
    out
}

/// `regionwise calc MODEL --help`: every input with its default, range, unit
/// and help, the presets, the outputs and the model's assumptions.
fn model_help(model: &ModelDef) -> String {
    let mut out = String::new();
    let name = model.name;
    let _ = writeln!(out, "regionwise calc {name}: {}\n", model.about);
    let preset = if model.presets.is_empty() {
        ""
    } else {
        " [--preset NAME]"
    };
    let _ = writeln!(
        out,
        "Usage: regionwise calc {name} [--FIELD VALUE]...{preset} [--json]\n"
    );
    out.push_str("Inputs:\n");
    // A long list of choices does not set the column's width: it runs
    // on, and its unit (a choice has none) does not move the others'.
    const LONG_RANGE: usize = 24;
    let rows: Vec<[String; 4]> = model
        .fields
        .iter()
        .map(|spec| {
            [
                flag_name(spec.name),
                format!("default {}", spec.default_text()),
                spec.range_text(),
                spec.unit.label().to_owned(),
            ]
        })
        .collect();
    let short: Vec<[String; 4]> = rows
        .iter()
        .filter(|r| r[2].chars().count() <= LONG_RANGE)
        .cloned()
        .collect();
    let mut widths = column_widths(&rows);
    if let (Some(w), Some(&short_w)) = (widths.get_mut(2), column_widths(&short).get(2)) {
        *w = short_w;
    }
    for (spec, row) in model.fields.iter().zip(&rows) {
        let line = row
            .iter()
            .zip(&widths)
            .map(|(cell, &width)| format!("{cell:<width$}"))
            .collect::<Vec<_>>()
            .join("  ");
        let _ = writeln!(out, "  {}", line.trim_end());
        let text = if spec.help.starts_with(spec.label) {
            spec.help.to_owned()
        } else {
            format!("{}: {}", spec.label, spec.help)
        };
        for text in wrap(&text, WRAP - 6) {
            let _ = writeln!(out, "      {text}");
        }
    }
    if !model.presets.is_empty() {
        let text = format!(
            "Start from a DR strategy's inputs: {}. Inputs given next to it override the preset's.",
            model.presets.join(", ")
        );
        out.push_str("  --preset NAME\n");
        for line in wrap(&text, WRAP - 6) {
            let _ = writeln!(out, "      {line}");
        }
    }
    out.push_str("  --json\n      Print the full output (inputs included) as one JSON object.\n");
    if let Ok(outcome) = model.run(&Map::new()) {
        out.push_str("\nOutputs (paths in --json, the `figure` shortcode and `data-out`):\n");
        let figures = outcome.listed().map(|f| [f.path.clone(), output_label(f)]);
        let lists = outcome
            .lists
            .iter()
            .map(|l| [l.path.clone(), format!("{} (a list)", l.label)]);
        let series = outcome
            .series
            .iter()
            .map(|s| [s.path.clone(), format!("{} (points)", s.label)]);
        let rows: Vec<[String; 2]> = figures.chain(lists).chain(series).collect();
        let widths = column_widths(&rows);
        for [path, label] in &rows {
            let _ = writeln!(out, "  {path:<w$}  {label}", w = widths[0]);
        }
    }
    out.push_str("\nAssumptions:\n");
    for paragraph in model.assumptions.lines() {
        for text in wrap(paragraph, WRAP - 2) {
            let _ = writeln!(out, "  {text}");
        }
    }
    out
}

/// "active-passive: Total per month ($/month)".
fn output_label(f: &Figure) -> String {
    let mut label = match f.group {
        Some(group) => format!("{group}: {}", f.label),
        None => f.label.to_owned(),
    };
    let unit = f.unit.label();
    if !unit.is_empty() {
        let _ = write!(label, " ({unit})");
    }
    label
}

/// The output as aligned tables for people, laid out as the calculator
/// lays it out; `site` says what it started from (the footer).
fn render(
    model: &ModelDef,
    outcome: &Outcome,
    preset: Option<&str>,
    site: &Organisation,
) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{}\n", model.about);
    let grid = outcome.grid(&model.layout);
    if let Some(grid) = &grid {
        let _ = writeln!(out, "{}", grid.caption);
        out.push_str(&grid_text(grid));
    }
    let list = outcome.list(&model.layout);
    if !list.is_empty() {
        if grid.is_some() {
            out.push('\n');
        }
        out.push_str(&list_text(&list));
    }
    for list in &outcome.lists {
        let _ = writeln!(out, "\n{}:", list.label);
        for item in &list.items {
            let _ = writeln!(out, "  - {item}");
        }
    }
    for series in &outcome.series {
        let _ = writeln!(
            out,
            "\nThe {} ({} points) is in the --json output.",
            series.label, series.points
        );
    }
    let mut footer = Vec::new();
    if let Some(file) = &site.defaults {
        footer.push(format!(
            "Starting from the organisation's defaults in {}",
            file.display()
        ));
    }
    if let (Some(from), Some(input)) = (&site.data, &model.data_input) {
        footer.push(data_from_text(from, input));
    }
    if let Some(preset) = preset {
        footer.push(format!("Preset: {preset}"));
    }
    let changed = changed_inputs(model, outcome);
    if !changed.is_empty() {
        footer.push(format!("Inputs changed from the defaults: {changed}"));
    }
    if !footer.is_empty() {
        let _ = writeln!(out, "\n{}", footer.join("\n"));
    }
    out
}

/// Where the model's data input came from, as the footer says it: "Rules
/// from handbook/content/data/decisions.toml".
fn data_from_text(from: &DataFrom, input: &DataInput) -> String {
    let what = regionwise_models::format::capitalise(input.input);
    let file = format!("content/data/{}.toml", input.file);
    match from {
        DataFrom::Site(path) => format!("{what} from {}", path.display()),
        DataFrom::Base(path) => format!(
            "{what} from the bundled guide's {} (the site's base)",
            path.display()
                .to_string()
                .trim_start_matches(crate::load::BUNDLED_PREFIX)
        ),
        DataFrom::BuiltIn(Some(root)) => format!(
            "{what}: the built-in ones ({} has no {file})",
            root.display()
        ),
        DataFrom::BuiltIn(None) => format!(
            "{what}: the built-in copy of the bundled guide's {file} (in a site folder or \
             with --root DIR, the site's)"
        ),
    }
}

/// `label  value` lines, labels padded to one width.
fn list_text(figures: &[&Figure]) -> String {
    let width = figures
        .iter()
        .map(|f| f.label.chars().count())
        .max()
        .unwrap_or(0);
    let mut out = String::new();
    for f in figures {
        let indent = " ".repeat(width + 2);
        let text =
            wrap(&f.text(), WRAP.saturating_sub(width + 2).max(20)).join(&format!("\n{indent}"));
        let _ = writeln!(out, "{:<width$}  {text}", f.label);
    }
    out
}

/// The grid with its row labels left-aligned and values right-aligned.
fn grid_text(grid: &Grid) -> String {
    let mut rows = vec![std::iter::once(grid.corner.to_owned())
        .chain(grid.columns.iter().map(|c| (*c).to_owned()))
        .collect::<Vec<_>>()];
    for row in &grid.rows {
        let cells = row
            .cells
            .iter()
            .map(|cell| cell.map_or_else(|| "–".to_owned(), Figure::text));
        rows.push(std::iter::once(row.label.to_owned()).chain(cells).collect());
    }
    let widths = column_widths(&rows);
    let mut out = String::new();
    for row in &rows {
        let mut line = format!("{:<w$}", row[0], w = widths[0]);
        for (cell, &width) in row.iter().zip(&widths).skip(1) {
            let _ = write!(line, "  {cell:>width$}");
        }
        let _ = writeln!(out, "{}", line.trim_end());
    }
    out
}

fn column_widths<R: AsRef<[String]>>(rows: &[R]) -> Vec<usize> {
    let columns = rows.iter().map(|r| r.as_ref().len()).max().unwrap_or(0);
    (0..columns)
        .map(|c| {
            rows.iter()
                .filter_map(|r| r.as_ref().get(c))
                .map(|cell| cell.chars().count())
                .max()
                .unwrap_or(0)
        })
        .collect()
}

/// The inputs that differ from the model's defaults, as flags to copy:
/// `--regions 3 --standby-fraction 0.5`.
fn changed_inputs(model: &ModelDef, outcome: &Outcome) -> String {
    let inputs = outcome.inputs();
    model
        .fields
        .iter()
        .filter_map(|spec| {
            let used = inputs.get(spec.name)?;
            if same_value(used, &spec.default_json()) {
                return None;
            }
            // As the reader would type it back: `--decision-s '10 min'`.
            let text = spec.input_text(used);
            let text = if text.contains([' ', '$']) {
                format!("'{text}'")
            } else {
                text
            };
            Some(format!("{} {text}", flag_name(spec.name)))
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn same_value(a: &Value, b: &Value) -> bool {
    match (a.as_f64(), b.as_f64()) {
        (Some(x), Some(y)) => x == y,
        _ => a == b,
    }
}

/// Greedy word wrap.
fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > width {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(s: &str) -> Vec<String> {
        s.split_whitespace().map(str::to_owned).collect()
    }

    fn cost() -> &'static ModelDef {
        regionwise_models::model("cost").unwrap()
    }

    #[test]
    fn parses_fields_flags_and_presets() {
        let request = parse(
            &words("rto --preset pilot-light --dns-ttl-s=300 --json"),
            false,
        );
        let Ok(Request::Run {
            model,
            inputs,
            json,
            root,
        }) = request
        else {
            panic!("{request:?}")
        };
        assert_eq!(model.name, "rto");
        assert!(json);
        assert_eq!(root, None);
        assert_eq!(inputs["preset"], "pilot-light");
        assert_eq!(inputs["dns_ttl_s"], 300.0);
        let request = parse(&words("recommend --root handbook"), false);
        let Ok(Request::Run { root, inputs, .. }) = request else {
            panic!("{request:?}")
        };
        assert_eq!(root, Some(PathBuf::from("handbook")));
        assert!(inputs.is_empty(), "--root is not an input");
        let request = parse(&words("rto --decision-s=15min --dns-ttl-s 2m"), false);
        let Ok(Request::Run { inputs, .. }) = request else {
            panic!("{request:?}")
        };
        assert_eq!(inputs["decision_s"], 900.0);
        assert_eq!(inputs["dns_ttl_s"], 120.0);
    }

    #[test]
    fn typed_values_with_spaces_and_units() {
        let args: Vec<String> = ["cost", "--standby-fraction", "30 %", "--compute", "$5k"]
            .map(str::to_owned)
            .to_vec();
        let Ok(Request::Run { inputs, .. }) = parse(&args, false) else {
            panic!()
        };
        assert_eq!(inputs["standby_fraction"], 0.3);
        assert_eq!(inputs["compute"], 5_000.0);
    }

    #[test]
    fn help_forms() {
        assert_eq!(parse(&[], false), Ok(Request::Overview { asked: false }));
        assert_eq!(
            parse(&words("--help"), false),
            Ok(Request::Overview { asked: true })
        );
        assert_eq!(
            parse(&words("cost --help"), false),
            Ok(Request::ModelHelp(cost()))
        );
        assert_eq!(
            parse(&words("cost --regions 3 -h"), false),
            Ok(Request::ModelHelp(cost()))
        );
        assert_eq!(
            parse(&words("cost 3"), false),
            Err(UsageError::new(
                "unexpected argument `3`: inputs are given as --field value",
                Some(cost())
            ))
        );
    }

    #[test]
    fn bad_input_names_the_flag_and_range() {
        let err = parse(&words("cost --regions 11"), false).unwrap_err();
        assert_eq!(
            err.message,
            "--regions: Regions must be a whole number between 2 and 10 (got 11)"
        );
        let err = parse(&words("cost --region 3"), false).unwrap_err();
        assert!(err.message.starts_with("cost has no input --region;"));
        let err = parse(&words("cost --regions"), false).unwrap_err();
        assert_eq!(err.message, "--regions needs a value (2–10)");
        let err = parse(&words("costs"), false).unwrap_err();
        assert!(err.message.contains("unknown model `costs`"));
        let err = parse(&words("availability --preset warm-standby"), false).unwrap_err();
        assert!(err.message.contains("no input --preset"));
    }

    #[test]
    fn list_and_help_name_every_model() {
        assert_eq!(
            parse(&words("--list --json"), false),
            Ok(Request::List { json: true })
        );
        let list = definitions();
        assert_eq!(list.as_array().unwrap().len(), MODELS.len());
        assert_eq!(list[0]["fields"][0]["label"], "Compute");
        let help = overview();
        for model in MODELS {
            assert!(help.contains(model.about), "{}", model.name);
        }
        for chart in regionwise_charts::CHARTS {
            assert!(help.contains(chart.name));
        }
    }

    #[test]
    fn every_model_renders_as_text() {
        for model in MODELS {
            let outcome = model.run(&Map::new()).unwrap();
            let text = render(model, &outcome, None, &Organisation::default());
            for f in outcome.list(&model.layout) {
                assert!(text.contains(f.label), "{}: {}", model.name, f.label);
            }
            assert!(!text.contains("NaN"));
            assert!(model_help(model).contains("Assumptions:"));
        }
    }

    #[test]
    fn wraps_words() {
        assert_eq!(wrap("a bb ccc dddd", 6), ["a bb", "ccc", "dddd"]);
    }
}
