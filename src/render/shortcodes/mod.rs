//! The shortcode registry: built-in shortcodes (Rust functions that may render
//! a template) and template shortcodes (any `templates/shortcodes/NAME.html`).
//!
//! To add a built-in: write a `fn(&Invocation) -> Result<String,
//! ShortcodeError>` and list it in [`BUILTINS`] with its arguments; the
//! registry checks names, required arguments and types before calling it.
//! A handler's own message is reported at the call's file and line; an
//! error that has a location of its own (a data file's line, a template's)
//! keeps it. A data file the handler reads has its schema in
//! [`crate::parse::schema`].

mod calculator;
mod chart;
mod content;
mod figure;
mod outages;
mod reference;

use std::cell::RefCell;
use std::collections::BTreeMap;

use regionwise_models::ModelDef;
use serde_json::{Map, Value};

use crate::error::{Diagnostic, ErrorKind, Location};
use crate::parse::library::Page;
use crate::parse::schema::DataFile;
use crate::parse::shortcode::ArgValue;
use crate::parse::slug::IdAllocator;

use super::templates::Templates;

pub use super::Env;

/// One call, as a handler sees it.
pub struct Invocation<'a> {
    pub name: &'a str,
    pub args: &'a BTreeMap<String, ArgValue>,
    /// Rendered HTML of a block call's body.
    pub body: Option<&'a str>,
    pub page: &'a Page,
    pub location: &'a Location,
    pub env: &'a Env<'a>,
    /// The page's element ids, shared with its headings.
    pub ids: &'a RefCell<IdAllocator>,
}

impl Invocation<'_> {
    pub fn str_arg(&self, name: &str) -> Option<&str> {
        match self.args.get(name) {
            Some(ArgValue::Str(s)) => Some(s),
            _ => None,
        }
    }

    /// The arguments that are not in `except`, as a JSON object (model
    /// inputs given to `figure`, `calculator`, `chart`).
    pub fn other_args(&self, except: &[&str]) -> Map<String, Value> {
        self.args
            .iter()
            .filter(|(k, _)| !except.contains(&k.as_str()))
            .map(|(k, v)| (k.clone(), v.to_json()))
            .collect()
    }

    /// The organisation's defaults for a model: `[calculator.MODEL]` in
    /// regionwise.toml, and the inputs of the same name other tables set
    /// (`[calculator.cost] compute` is the break-even's too; the rule is in
    /// [`crate::config::defaults`]).
    pub fn org_defaults(&self, model: &ModelDef) -> Result<Map<String, Value>, ShortcodeError> {
        self.env
            .config
            .calculator_defaults(model)
            .map_err(|c| ShortcodeError::Message(c.to_string()))
    }

    /// Inputs for a model: the organisation's
    /// ([`Config::organisation_inputs`](crate::config::Config::organisation_inputs):
    /// its defaults, and those of the models it runs inside it, so the
    /// recommender's break-evens are the break-even calculator's on the same
    /// site), then this call's arguments (except `except`), and
    /// the input the model takes from a data file (the recommender's rules
    /// from `data/decisions.toml`, which the decision table also shows: one
    /// file, so the two cannot disagree), or the model's built-in copy of it
    /// when the site has no such file.
    pub fn model_inputs(
        &self,
        model: &ModelDef,
        except: &[&str],
    ) -> Result<Map<String, Value>, ShortcodeError> {
        let mut inputs = self
            .env
            .config
            .organisation_inputs(model)
            .map_err(|c| ShortcodeError::Message(c.to_string()))?;
        inputs.extend(self.other_args(except));
        if let Some(preset) = self.str_arg("preset") {
            inputs.insert("preset".into(), preset.into());
        }
        if let Some(d) = &model.data_input {
            // The site's data file, else the model's built-in copy: the page
            // always sends the input, so the wasm needs no copy of its own.
            if let Some(value) = self.env.data.model_input(d)? {
                inputs.insert(d.input.to_owned(), value);
            }
        }
        Ok(inputs)
    }

    /// A unique element id for this call: `{prefix}-{line}`, with a suffix
    /// when another element of the page already has it (two calls on one
    /// line, or a heading of that name).
    pub fn element_id(&self, prefix: &str) -> String {
        let base = format!("{prefix}-{}", self.location.line.unwrap_or(0));
        self.ids.borrow_mut().unique(&base)
    }

    /// A template context with the site, the page's root prefix and data.
    pub fn context(&self) -> tera::Context {
        let mut c = tera::Context::new();
        c.insert("root", &super::links::root_prefix(self.page));
        c.insert("heading_level", &self.heading_level());
        for (k, v) in self.args {
            c.insert(k.clone(), &v.to_json());
        }
        if let Some(body) = self.body {
            c.insert("body", body);
        }
        c
    }

    /// The level a heading drawn at this call takes (a calculator's title):
    /// one below the last Markdown heading above the call, h2 when there is
    /// none (the page's title is the h1), at most h6 — so headings never
    /// skip a level.
    pub fn heading_level(&self) -> usize {
        let above = self
            .location
            .line
            .map_or(0, |line| line.saturating_sub(self.page.body_line));
        let mut level = 1;
        let mut fenced = false;
        for line in self.page.body.lines().take(above) {
            let t = line.trim_start();
            if t.starts_with("```") || t.starts_with("~~~") {
                fenced = !fenced;
                continue;
            }
            let hashes = t.bytes().take_while(|&b| b == b'#').count();
            if !fenced && (1..=6).contains(&hashes) && t[hashes..].starts_with(' ') {
                level = hashes;
            }
        }
        (level + 1).min(6)
    }

    /// Renders a theme template; an error is located in the template and
    /// names this call.
    pub fn render(
        &self,
        template: &str,
        context: &tera::Context,
    ) -> Result<String, ShortcodeError> {
        Ok(self
            .env
            .templates
            .render(template, context, Some(self.location))?)
    }

    /// A data file this shortcode needs: a missing one is this call's error,
    /// a bad one is reported in the file (once, however many pages use it).
    pub fn data<T: DataFile>(&self) -> Result<T, ShortcodeError> {
        match self.env.data.file::<T>() {
            Some(result) => Ok(result?),
            None => Err(ShortcodeError::Message(format!(
                "`{}` needs the data file content/data/{}.toml, which does not exist",
                self.name,
                T::NAME
            ))),
        }
    }
}

/// Why a shortcode call failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ShortcodeError {
    /// A problem with the call itself: reported at the call's line.
    Message(String),
    /// A problem that has a place of its own (a data file's line, a
    /// template's line): reported there, unchanged.
    At(Diagnostic),
}

impl ShortcodeError {
    /// The diagnostic to report for a call at `call`.
    pub fn located(self, call: &Location) -> Diagnostic {
        match self {
            ShortcodeError::Message(message) => {
                Diagnostic::new(call.clone(), ErrorKind::Shortcode(message))
            }
            ShortcodeError::At(diagnostic) => diagnostic,
        }
    }
}

impl From<Diagnostic> for ShortcodeError {
    fn from(d: Diagnostic) -> Self {
        ShortcodeError::At(d)
    }
}

impl From<String> for ShortcodeError {
    fn from(message: String) -> Self {
        ShortcodeError::Message(message)
    }
}

impl From<regionwise_models::ModelError> for ShortcodeError {
    fn from(e: regionwise_models::ModelError) -> Self {
        ShortcodeError::Message(e.to_string())
    }
}

pub type Handler = fn(&Invocation) -> Result<String, ShortcodeError>;

/// The kind of value an argument takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ArgKind {
    Str,
    Number,
    Bool,
}

/// A declared argument.
#[derive(Debug, Clone, Copy)]
pub struct ArgSpec {
    pub name: &'static str,
    pub kind: ArgKind,
    pub required: bool,
    pub doc: &'static str,
}

/// A built-in shortcode.
pub struct Builtin {
    pub name: &'static str,
    pub summary: &'static str,
    pub example: &'static str,
    pub args: &'static [ArgSpec],
    /// Also accepts any model input as an argument.
    pub model_inputs: bool,
    /// Used as `{% name() %}...{% end %}`.
    pub block: bool,
    pub handler: Handler,
}

const fn arg(name: &'static str, kind: ArgKind, required: bool, doc: &'static str) -> ArgSpec {
    ArgSpec {
        name,
        kind,
        required,
        doc,
    }
}

/// Every built-in shortcode, documented in docs/authoring.md (a test keeps the
/// two in step).
pub static BUILTINS: &[Builtin] = &[
    Builtin {
        name: "callout",
        summary: "A callout box around Markdown.",
        example: "{% callout(kind=\"tip\", title=\"Start small\") %}\nText in **Markdown**.\n{% end %}",
        args: &[
            arg("kind", ArgKind::Str, false, "note | tip | important | warning | caution (default note)"),
            arg("title", ArgKind::Str, false, "heading of the box (default: the kind)"),
        ],
        model_inputs: false,
        block: true,
        handler: content::callout,
    },
    Builtin {
        name: "decision_table",
        summary: "The decision table from data/decisions.toml (the recommender's rules).",
        example: "{{ decision_table() }}",
        args: &[],
        model_inputs: false,
        block: false,
        handler: content::decision_table,
    },
    Builtin {
        name: "failure_modes",
        summary: "One card per failure mode from data/failure_modes.toml.",
        example: "{{ failure_modes() }}",
        args: &[],
        model_inputs: false,
        block: false,
        handler: content::failure_modes,
    },
    Builtin {
        name: "figure",
        summary: "One number computed by a model at build time, formatted for people.",
        example: "{{ figure(model=\"cost\", out=\"active_passive.total\", regions=3) }}",
        args: &[
            arg("model", ArgKind::Str, true, "a model, as listed by `regionwise calc --list`"),
            arg("out", ArgKind::Str, true, "dotted path of the output, as in `regionwise calc MODEL --json`"),
            arg("preset", ArgKind::Str, false, "a preset of the model, as listed by `regionwise calc MODEL --help`"),
        ],
        model_inputs: true,
        block: false,
        handler: figure::figure,
    },
    Builtin {
        name: "calculator",
        summary: "A live calculator: pre-rendered for its inputs, recomputed in the page by the wasm model.",
        example: "{{ calculator(model=\"cost\", regions=3) }}",
        args: &[
            arg("model", ArgKind::Str, true, "a model, as listed by `regionwise calc --list`"),
            arg("preset", ArgKind::Str, false, "a preset of the model"),
        ],
        model_inputs: true,
        block: false,
        handler: calculator::calculator,
    },
    Builtin {
        name: "chart",
        summary: "A chart drawn at build time from a model, followed by its numbers as a table.",
        example: "{{ chart(kind=\"failover\") }}",
        args: &[
            arg("kind", ArgKind::Str, true, "a chart, as listed by `regionwise calc --list`"),
            arg("preset", ArgKind::Str, false, "a preset of the model"),
        ],
        model_inputs: true,
        block: false,
        handler: chart::chart,
    },
    Builtin {
        name: "dr_ladder",
        summary: "The disaster-recovery strategy ladder, computed from the RTO model's presets.",
        example: "{{ dr_ladder() }}",
        args: &[],
        model_inputs: false,
        block: false,
        handler: reference::dr_ladder,
    },
    Builtin {
        name: "outage_record",
        summary: "The public outage record from data/incidents.toml and how the availability calculator's outage defaults are derived from it.",
        example: "{{ outage_record() }}",
        args: &[],
        model_inputs: false,
        block: false,
        handler: outages::outage_record,
    },
    Builtin {
        name: "rtt_table",
        summary: "Measured round-trip times between regions next to the physical minimum, from data/rtt.toml.",
        example: "{{ rtt_table() }}",
        args: &[],
        model_inputs: false,
        block: false,
        handler: reference::rtt_table,
    },
];

pub fn builtin(name: &str) -> Option<&'static Builtin> {
    BUILTINS.iter().find(|b| b.name == name)
}

/// Runs one call: a built-in, else a template shortcode.
pub fn call(inv: &Invocation) -> Result<String, ShortcodeError> {
    if let Some(b) = builtin(inv.name) {
        check_args(b, inv)?;
        if b.block && inv.body.is_none() {
            return Err(ShortcodeError::Message(format!(
                "`{}` is a block shortcode: write {{% {}(...) %}} ... {{% end %}}",
                b.name, b.name
            )));
        }
        return (b.handler)(inv);
    }
    let template = format!("shortcodes/{}.html", inv.name);
    if inv.env.templates.has(&template) {
        return inv.render(&template, &inv.context());
    }
    Err(ShortcodeError::Message(format!(
        "unknown shortcode `{}`; known: {} (or add templates/{template})",
        inv.name,
        known_names(inv.env.templates).join(", ")
    )))
}

/// The built-ins, then the site's and the theme's template shortcodes
/// (`templates/shortcodes/NAME.html`) that are not built-ins.
fn known_names(templates: &Templates) -> Vec<&str> {
    let builtins = BUILTINS.iter().map(|b| b.name);
    let own = templates
        .names()
        .filter_map(|t| t.strip_prefix("shortcodes/")?.strip_suffix(".html"))
        .filter(|name| !name.contains('/') && builtin(name).is_none());
    builtins.chain(own).collect()
}

fn check_args(b: &Builtin, inv: &Invocation) -> Result<(), String> {
    for spec in b.args {
        match inv.args.get(spec.name) {
            None if spec.required => {
                return Err(format!(
                    "shortcode `{}` needs the argument `{}` ({}), e.g. {}",
                    b.name, spec.name, spec.doc, b.example
                ))
            }
            None => {}
            Some(v) => {
                let ok = matches!(
                    (spec.kind, v),
                    (ArgKind::Str, ArgValue::Str(_))
                        | (ArgKind::Number, ArgValue::Int(_) | ArgValue::Float(_))
                        | (ArgKind::Bool, ArgValue::Bool(_))
                );
                if !ok {
                    return Err(format!(
                        "the argument `{}` of `{}` must be {}, not {} ({v})",
                        spec.name,
                        b.name,
                        match spec.kind {
                            ArgKind::Str => "a quoted string",
                            ArgKind::Number => "a number",
                            ArgKind::Bool => "true or false",
                        },
                        v.type_name()
                    ));
                }
            }
        }
    }
    if !b.model_inputs {
        if let Some(unknown) = inv
            .args
            .keys()
            .find(|k| !b.args.iter().any(|s| s.name == k.as_str()))
        {
            let known: Vec<&str> = b.args.iter().map(|s| s.name).collect();
            return Err(format!(
                "shortcode `{}` has no argument `{unknown}`{}",
                b.name,
                if known.is_empty() {
                    " (it takes none)".to_string()
                } else {
                    format!(" (it takes: {})", known.join(", "))
                }
            ));
        }
    }
    Ok(())
}
