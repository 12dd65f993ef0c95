//! `regionwise calc MODEL [--field value]... [--preset NAME] [--json]`: the
//! guide's models in the terminal.
//!
//! The inputs differ per model, so they cannot be clap arguments: clap hands
//! over everything after `calc` and this module parses it against the model's
//! field table (`regionwise_models::fields`), which also writes the help. Bad
//! input exits with code 2 and a message naming the field and its range.

use std::fmt::Write as _;
use std::process::ExitCode;

use regionwise_models::dynamic::{AVAILABILITY_PATTERNS, COST_LINES};
use regionwise_models::{
    fields, figures, format_figure, lookup, presets, run_json, FieldSpec, Model, ModelError,
    Pattern,
};
use serde_json::{Map, Value};

/// Exit code for bad input (usage errors), as clap uses.
const USAGE_ERROR: u8 = 2;

/// Text width of help paragraphs.
const WRAP: usize = 78;

const AFTER_HELP: &str = "\
Models:
  cost          Monthly cost of each pattern, line by line, against a single region
  rpo           How much data a failover loses: RPO and lost writes
  rto           How long until traffic is served again
  availability  Expected downtime and availability against an SLA
  recommend     Which pattern fits: the decision table as a function

Run `regionwise calc MODEL --help` for a model's inputs, defaults, ranges and assumptions.";

#[derive(Debug, clap::Args)]
#[command(disable_help_flag = true, after_help = AFTER_HELP)]
pub struct CalcArgs {
    /// Print the model's full output (inputs included) as one JSON object.
    #[arg(long)]
    pub json: bool,
    /// The model (cost, rpo, rto, availability, recommend), then its inputs as
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
    /// `calc MODEL --help`.
    ModelHelp(Model),
    /// `calc MODEL [--field value]...`.
    Run {
        model: Model,
        inputs: Map<String, Value>,
        json: bool,
    },
}

/// A command-line error: the message, and the model whose help to point at.
#[derive(Debug, PartialEq)]
struct UsageError {
    message: String,
    model: Option<Model>,
}

impl UsageError {
    fn new(message: impl Into<String>, model: Option<Model>) -> Self {
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
        Ok(Request::ModelHelp(model)) => {
            print!("{}", model_help(model));
            ExitCode::SUCCESS
        }
        Ok(Request::Run {
            model,
            inputs,
            json,
        }) => match calc_with_defaults(model, &inputs, &Map::new()) {
            Ok(output) if json => print_json(&output),
            Ok(output) => {
                let preset = inputs.get("preset").and_then(Value::as_str);
                print!("{}", render(model, &output, preset));
                ExitCode::SUCCESS
            }
            Err(err) => fail(&UsageError::new(describe(model, &err), Some(model))),
        },
        Err(err) => fail(&err),
    }
}

/// Runs a model with organisation defaults under the command-line inputs.
///
/// Layering, lowest first: the model's built-in defaults, the preset (if
/// `overrides` names one), `defaults` (e.g. a site's own cost figures), then
/// `overrides`. Every key of `defaults` must be an input of `model`.
pub fn calc_with_defaults(
    model: Model,
    overrides: &Map<String, Value>,
    defaults: &Map<String, Value>,
) -> Result<Value, ModelError> {
    let mut inputs = defaults.clone();
    inputs.extend(overrides.iter().map(|(k, v)| (k.clone(), v.clone())));
    run_json(model, &inputs)
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
            model.name()
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
        Some("--json") if args.len() > 1 => return parse(&args[1..], true),
        Some(name) => name
            .parse::<Model>()
            .map_err(|err| UsageError::new(err.to_string(), None))?,
    };
    let table = fields(model);
    let mut inputs = Map::new();
    let mut json = json_flag;
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
            _ => {
                let key = flag.replace('-', "_");
                let spec = find_input(model, table, &key, flag)?;
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
                inputs.insert(key, value);
            }
        }
    }
    Ok(Request::Run {
        model,
        inputs,
        json,
    })
}

/// The field spec of `--flag`, or `None` for `--preset` on a model with
/// presets; an error for anything else.
fn find_input(
    model: Model,
    table: &'static [FieldSpec],
    key: &str,
    flag: &str,
) -> Result<Option<&'static FieldSpec>, UsageError> {
    if key == "preset" && !presets(model).is_empty() {
        return Ok(None);
    }
    if let Some(spec) = table.iter().find(|spec| spec.name == key) {
        return Ok(Some(spec));
    }
    let mut known: Vec<String> = table.iter().map(|s| flag_name(s.name)).collect();
    if !presets(model).is_empty() {
        known.push("--preset".to_owned());
    }
    let message = format!(
        "{} has no input --{flag}; its inputs are: {}",
        model.name(),
        known.join(", ")
    );
    Err(UsageError::new(message, Some(model)))
}

fn spec_range(model: Model, spec: Option<&FieldSpec>) -> String {
    match spec {
        Some(spec) => spec.range_text(),
        None => presets(model).join(" | "),
    }
}

/// A model error with the command-line flag it is about.
fn describe(model: Model, err: &ModelError) -> String {
    match err.field() {
        Some(field) if fields(model).iter().any(|s| s.name == field) || field == "preset" => {
            format!("{}: {err}", flag_name(field))
        }
        _ => err.to_string(),
    }
}

fn flag_name(field: &str) -> String {
    format!("--{}", field.replace('_', "-"))
}

/// `regionwise calc --help`.
fn overview() -> String {
    let mut out = String::from(
        "Run one of the guide's models in the terminal.\n\n\
         Usage: regionwise calc MODEL [--FIELD VALUE]... [--preset NAME] [--json]\n\n",
    );
    out.push_str("Models:\n");
    for model in Model::ALL {
        let _ = writeln!(out, "  {:<13} {}", model.name(), model.about());
    }
    out.push_str(
        "\nOptions:\n  --json         Print the full output (inputs included) as one JSON object\n  \
         --help         Print help (after MODEL: its inputs, defaults, ranges and assumptions)\n\n\
         Example: regionwise calc cost --regions 3 --standby-fraction 0.5\n",
    );
    out
}

/// `regionwise calc MODEL --help`: every input with its default, range, unit
/// and help, the presets, and the model's assumptions.
fn model_help(model: Model) -> String {
    let mut out = String::new();
    let name = model.name();
    let _ = writeln!(out, "regionwise calc {name}: {}\n", model.about());
    let preset = if presets(model).is_empty() {
        ""
    } else {
        " [--preset NAME]"
    };
    let _ = writeln!(
        out,
        "Usage: regionwise calc {name} [--FIELD VALUE]...{preset} [--json]\n"
    );
    out.push_str("Inputs:\n");
    let rows: Vec<[String; 4]> = fields(model)
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
    let widths = column_widths(&rows);
    for (spec, row) in fields(model).iter().zip(&rows) {
        let line = row
            .iter()
            .zip(&widths)
            .map(|(cell, &width)| format!("{cell:<width$}"))
            .collect::<Vec<_>>()
            .join("  ");
        let _ = writeln!(out, "  {}", line.trim_end());
        for text in wrap(spec.help, WRAP - 6) {
            let _ = writeln!(out, "      {text}");
        }
    }
    if !presets(model).is_empty() {
        let text = format!(
            "Start from a DR strategy's inputs: {}. Inputs given next to it override the preset's.",
            presets(model).join(", ")
        );
        out.push_str("  --preset NAME\n");
        for line in wrap(&text, WRAP - 6) {
            let _ = writeln!(out, "      {line}");
        }
    }
    out.push_str("  --json\n      Print the full output (inputs included) as one JSON object.\n");
    out.push_str("\nAssumptions:\n");
    for paragraph in model.assumptions().lines() {
        for text in wrap(paragraph, WRAP - 2) {
            let _ = writeln!(out, "  {text}");
        }
    }
    out
}

/// The output as aligned tables for people.
fn render(model: Model, output: &Value, preset: Option<&str>) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{}\n", model.about());
    match model {
        Model::Cost => {
            out.push_str("US$ per month\n");
            let lines = COST_LINES.map(|line| (line, line));
            out.push_str(&matrix(model, output, &Pattern::ALL, &lines));
        }
        Model::Availability => {
            let budget: Vec<_> = figures(model)
                .into_iter()
                .filter(|f| f.path.starts_with("allowed_"))
                .collect();
            out.push_str(&list(model, output, &budget));
            out.push('\n');
            let lines = [
                ("downtime_min_year", "downtime per year"),
                ("availability_pct", "availability"),
                ("meets_sla", "meets the SLA"),
            ];
            out.push_str(&matrix(model, output, &AVAILABILITY_PATTERNS, &lines));
        }
        Model::Recommend => {
            out.push_str(&list(model, output, &figures(model)));
            out.push_str("\nDecided by:\n");
            for reason in output["reasons"].as_array().into_iter().flatten() {
                let _ = writeln!(out, "  - {}", reason.as_str().unwrap_or_default());
            }
        }
        Model::Rpo => out.push_str(&list(model, output, &figures(model))),
        Model::Rto => {
            out.push_str(&list(model, output, &figures(model)));
            let points = output["curve"].as_array().map_or(0, Vec::len);
            let _ = writeln!(
                out,
                "\nThe traffic curve ({points} points) is in the --json output."
            );
        }
    }
    let mut footer = Vec::new();
    if let Some(preset) = preset {
        footer.push(format!("Preset: {preset}"));
    }
    let changed = changed_inputs(model, output);
    if !changed.is_empty() {
        footer.push(format!("Inputs changed from the defaults: {changed}"));
    }
    if !footer.is_empty() {
        let _ = writeln!(out, "\n{}", footer.join("\n"));
    }
    out
}

/// `label  value` lines, labels padded to one width.
fn list(model: Model, output: &Value, figures: &[regionwise_models::Figure]) -> String {
    let width = figures
        .iter()
        .map(|f| f.label.chars().count())
        .max()
        .unwrap_or(0);
    let mut out = String::new();
    for f in figures {
        let value = cell(model, output, &f.path);
        let indent = " ".repeat(width + 2);
        let text =
            wrap(&value, WRAP.saturating_sub(width + 2).max(20)).join(&format!("\n{indent}"));
        let _ = writeln!(out, "{:<width$}  {text}", f.label);
    }
    out
}

/// Patterns as columns, lines (output key, label) as rows, values
/// right-aligned.
fn matrix(model: Model, output: &Value, patterns: &[Pattern], lines: &[(&str, &str)]) -> String {
    let mut rows = vec![std::iter::once(String::new())
        .chain(patterns.iter().map(|p| p.short_name().to_owned()))
        .collect::<Vec<_>>()];
    for &(line, label) in lines {
        let label = label.to_owned();
        let cells = patterns
            .iter()
            .map(|p| cell(model, output, &format!("{}.{line}", p.id())));
        rows.push(std::iter::once(label).chain(cells).collect());
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

fn cell(model: Model, output: &Value, path: &str) -> String {
    lookup(output, path)
        .and_then(|value| format_figure(model, path, value).ok())
        .unwrap_or_else(|| "–".to_owned())
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
fn changed_inputs(model: Model, output: &Value) -> String {
    fields(model)
        .iter()
        .filter_map(|spec| {
            let used = lookup(output, &format!("inputs.{}", spec.name))?;
            if same_value(used, &spec.default_json()) {
                return None;
            }
            let text = match used {
                Value::String(s) => s.clone(),
                Value::Number(n) => n.as_f64().map_or_else(|| n.to_string(), |f| f.to_string()),
                other => other.to_string(),
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
        }) = request
        else {
            panic!("{request:?}")
        };
        assert_eq!(model, Model::Rto);
        assert!(json);
        assert_eq!(inputs["preset"], "pilot-light");
        assert_eq!(inputs["dns_ttl_s"], 300.0);
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
            Ok(Request::ModelHelp(Model::Cost))
        );
        assert_eq!(
            parse(&words("cost --regions 3 -h"), false),
            Ok(Request::ModelHelp(Model::Cost))
        );
        assert_eq!(
            parse(&words("cost 3"), false),
            Err(UsageError::new(
                "unexpected argument `3`: inputs are given as --field value",
                Some(Model::Cost)
            ))
        );
    }

    #[test]
    fn bad_input_names_the_flag_and_range() {
        let err = parse(&words("cost --regions 11"), false).unwrap_err();
        assert_eq!(
            err.message,
            "--regions: regions must be a whole number between 2 and 10 (got 11)"
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
    fn org_defaults_sit_under_the_command_line() {
        let defaults = Map::from_iter([
            ("compute".to_owned(), Value::from(8_000.0)),
            ("regions".to_owned(), Value::from(3)),
        ]);
        let overrides = Map::from_iter([("regions".to_owned(), Value::from(4))]);
        let out = calc_with_defaults(Model::Cost, &overrides, &defaults).unwrap();
        assert_eq!(out["inputs"]["compute"], 8_000.0);
        assert_eq!(out["inputs"]["regions"], 4);
    }

    #[test]
    fn wraps_words() {
        assert_eq!(wrap("a bb ccc dddd", 6), ["a bb", "ccc", "dddd"]);
    }
}
