//! The recommender: the decision table as a function, with what would change
//! its answer.
//!
//! Rules are data, evaluated in order; the first rule whose conditions all
//! hold wins, and the last rule must have none, so every input gets an answer.
//! The site reads the rules from `content/data/decisions.toml` and renders the
//! same rows as the decision table, so the table and the calculator cannot
//! disagree. [`default_rules`] are the same rows built in, for the command line
//! outside a site and for callers without the data file (`regionwise calc`
//! in a site sends the site's rows, as its pages do).
//!
//! The four drivers of the guide are inputs: data residency (none, one
//! jurisdiction, several), fast writes on several continents, a contractual
//! SLA and what an hour of regional outage costs. A rule marked `ladder`
//! answers with the rung of the DR ladder that fits the inputs: the cheapest
//! of warm standby, hot standby and active-active whose recovery keeps a
//! month of the contractual SLA (scripted promotion where a person deciding
//! would not), and among those, when an outage cost is given, the one with
//! the highest net value a year (the break-even model). Inputs that
//! contradict each other (fast writes on several continents from a
//! stateless, read-heavy API) are an error that says so.
//!
//! Every answer comes with the reasons in the reader's words and, for each
//! input, the nearest value at which the answer changes.
//!
//! Defaults: a small service on one continent with no driver (`users` 5,000,
//! stateful, no residency rule, no SLA, no outage cost given): assumptions
//! that stand for "you have not said yet".

use std::collections::HashSet;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::availability::{exceeds, monthly_budget_min};
use crate::breakeven::{self, BreakevenInputs};
use crate::fields::{FieldKind, Inputs as _};
use crate::figures::{Collector, Figures};
use crate::registry::{self, DataInput, Layout, Model, ModelDef};
use crate::{format, rto, FieldSpec, ModelError, Pattern, Strategy};

named_enum! {
    /// Where the users are.
    pub enum Footprint in "footprint" {
        SingleContinent = "single-continent", "One continent";
        Global = "global", "Several continents";
    }
}

named_enum! {
    /// What the service does.
    pub enum Workload in "workload" {
        /// A stateless API, mostly reads: cacheable at the edge.
        StatelessReadHeavy = "stateless-read-heavy", "Stateless, read-heavy";
        /// Writes shared state.
        Stateful = "stateful", "Stateful";
    }
}

named_enum! {
    /// Where some data must stay, by law or contract.
    pub enum Residency in "residency" {
        None = "none", "None";
        One = "one-jurisdiction", "One jurisdiction";
        Several = "several-jurisdictions", "Several jurisdictions";
    }
}

inputs! {
    /// Inputs of the recommender. `Default` is a small service on one
    /// continent that has not named a driver.
    pub struct RecommendInputs {
        users: u64 = integer(5_000, 0, 10_000_000_000, Users, "Users",
            "Active users. No row turns on it: what an outage costs decides, not head count."),
        footprint: Footprint = choice(Footprint::SingleContinent, "Where the users are",
            "On one continent, or on several."),
        workload: Workload = choice(Workload::Stateful, "Workload",
            "A stateless, read-heavy API (cacheable at the edge) or a service that writes shared state."),
        residency: Residency = choice(Residency::None, "Data residency",
            "Where some data must stay by law or contract: nowhere in particular, inside one jurisdiction, or each part inside its own (several jurisdictions)."),
        /// Needs sub-100 ms writes from several continents.
        global_realtime_writes: bool = boolean(false, "Fast writes on several continents",
            "Users on several continents need writes to finish in under 100 ms (chat, trading, games)."),
        /// Availability promised in contracts, percent; 0 = none.
        contractual_sla: f64 = number(0.0, 0.0, 100.0, Percent, "Contractual SLA (0 = none)",
            "Availability promised in contracts, judged per month, in percent; 0 when there is none."),
        /// What an hour of regional outage costs, $; 0 = not known.
        outage_cost_per_hour: f64 = number(0.0, 0.0, 100_000_000.0, DollarsPerHour, "Outage cost per hour (0 = not known)",
            "What an hour of regional outage would cost you (revenue, credits, penalties), compared with each DR rung's break-even."),
    }
}

/// The recommender in the registry.
pub static MODEL: ModelDef = ModelDef {
    name: "recommend",
    title: prose!("Which pattern fits? The decision table as a calculator"),
    about: prose!(
        "The row of the decision table your answers land on, why, and what would change it"
    ),
    assumptions: prose!(
        "\
The rows are evaluated in order and the first match wins: data in several jurisdictions; fast \
writes on several continents; a contractual SLA of 99.99 % or more; an outage cost above a \
warm standby's break-even; data in one jurisdiction; users worldwide with a stateless, \
read-heavy API; users worldwide with shared state; otherwise no driver applies.
The DR-ladder rows answer with the cheapest of warm standby, hot standby and active-active \
whose recovery fits a month of the SLA (scripted promotion where a person deciding would not \
fit), and, given an outage cost, the one with the highest net value a year; RTOs, costs and \
break-evens come from the RTO, cost and break-even models with their defaults.
For each input, the nearest value that changes the answer is shown. The site uses the rows \
of data/decisions.toml, and so does `regionwise calc` run in the site (or with --root); \
elsewhere the command line uses the bundled guide's rows, built in."
    ),
    fields: RecommendInputs::FIELDS,
    presets: &[],
    layout: Layout::List,
    data_input: Some(DataInput {
        input: "rules",
        file: "decisions",
        key: "rows",
        built_in: built_in_rules_json,
    }),
    uses: &[&breakeven::MODEL],
    headline: headline!("Start with", [("pattern_name", "Pattern")]),
    run: registry::run::<Recommend>,
};

/// The recommender's typed side.
pub struct Recommend;

impl Model for Recommend {
    type Inputs = RecommendInputs;
    type Output = Recommendation;

    fn def() -> &'static ModelDef {
        &MODEL
    }

    fn run(inputs: &RecommendInputs) -> Result<Recommendation, ModelError> {
        recommend(inputs)
    }

    /// The inputs may carry `"rules"` (the data file's rows; without them
    /// the built-in rules decide) and `"breakeven"` (the organisation's
    /// break-even inputs, partial; without them the break-even model's
    /// defaults).
    fn run_map(inputs: &Map<String, Value>) -> Result<Recommendation, ModelError> {
        let mut fields = inputs.clone();
        let rules = match fields.remove("rules") {
            Some(rows) => serde_json::from_value(rows).map_err(|e| ModelError::InvalidRules {
                rule: "(rules)".to_owned(),
                message: e.to_string(),
            })?,
            None => built_in_rules(),
        };
        // A bad break-even input is not the recommender's field of the same
        // name (`outage_cost_per_hour`): the error names the object instead,
        // so a page does not put it next to a field the reader got right.
        let in_breakeven = |message: String| ModelError::InvalidInputs {
            model: MODEL.name.to_owned(),
            message,
        };
        let breakeven = match fields.remove(breakeven::MODEL.name) {
            Some(Value::Object(given)) => registry::resolve::<breakeven::Breakeven>(&given)
                .and_then(|b| b.validate().map(|()| b))
                .map_err(|e| in_breakeven(format!("`breakeven`: {e}")))?,
            Some(_) => {
                return Err(in_breakeven(
                    "`breakeven` must be an object of the break-even model's inputs".to_owned(),
                ))
            }
            None => BreakevenInputs::default(),
        };
        recommend_weighing(&registry::resolve::<Self>(&fields)?, &rules, &breakeven)
    }
}

/// Conditions of a rule; every one present must hold, an absent one always
/// holds. Unknown keys are an error, so a misspelt condition cannot silently
/// match everything.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Conditions {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub residency: Option<Residency>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub global_realtime_writes: Option<bool>,
    /// Holds when `contractual_sla` ≥ this percentage.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min_sla: Option<f64>,
    /// Holds when `outage_cost_per_hour` is at least this rung's break-even
    /// (the break-even model with its defaults).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub outage_cost_above_breakeven: Option<Strategy>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub footprint: Option<Footprint>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub workload: Option<Workload>,
    /// Holds when `users` ≤ this number (inclusive).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_users: Option<u64>,
}

/// One row of the decision table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rule {
    /// Stable id (`several-jurisdictions`, ...): the recommendation's `row`.
    pub id: String,
    /// The situation, as the table's first column states it.
    #[serde(default)]
    pub situation: String,
    pub pattern: Pattern,
    /// What the table's "Start with" column says; the pattern's name when
    /// empty.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub name: String,
    /// The answer is the DR-ladder rung that fits the inputs (see the module
    /// documentation); `pattern` is then what the table shows.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub ladder: bool,
    #[serde(default)]
    pub when: Conditions,
    /// Why this pattern fits the situation.
    pub reason: String,
    /// What to do next.
    pub next_step: String,
}

impl Rule {
    /// Checks the row's own values (`min_sla` a percentage: NaN is not),
    /// whether or not a recommender runs on the table.
    pub fn validate(&self) -> Result<(), ModelError> {
        match self.when.min_sla {
            Some(min) if !(0.0..=100.0).contains(&min) => Err(ModelError::InvalidRules {
                rule: self.id.clone(),
                message: "min_sla must be between 0 and 100".to_owned(),
            }),
            _ => Ok(()),
        }
    }

    /// What the table's "Start with" column shows.
    pub fn start_with(&self) -> &str {
        if self.name.is_empty() {
            self.pattern.label()
        } else {
            &self.name
        }
    }
}

/// The input and value at which the answer changes, and the new answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ChangePoint {
    /// The input's name.
    pub input: String,
    /// The value, as it is typed (`99.99`, `global`, `true`).
    pub value: String,
    /// The answer there.
    pub answer: String,
}

impl Figures for ChangePoint {
    fn figures(&self, c: &mut Collector) {
        fig!(c, self.input, "Input", Text);
        fig!(c, self.value, "Value", Text);
        fig!(c, self.answer, "Answer", Text);
    }
}

/// The recommender's output.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Recommendation {
    pub inputs: RecommendInputs,
    /// The id of the winning rule.
    pub row: String,
    /// Its number in the table, from 1.
    pub row_number: f64,
    pub situation: String,
    pub pattern: Pattern,
    /// What to start with, for people: the row's "Start with", or the rung
    /// a ladder row chose ("Hot standby, scripted promotion").
    pub pattern_name: String,
    /// The DR-ladder rung a ladder row chose.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rung: Option<Strategy>,
    pub reason: String,
    /// What decided it, in sentences: why each earlier row did not apply,
    /// then why the winning row did.
    pub reasons: Vec<String>,
    pub next_step: String,
    /// For each input, the nearest value at which the answer changes.
    pub changes: Vec<String>,
    /// The same, as data.
    pub change_points: Vec<ChangePoint>,
}

impl Figures for Recommendation {
    fn figures(&self, c: &mut Collector) {
        c.inputs(&self.inputs);
        fig!(c, self.pattern_name, "Recommendation", Text);
        // A row's number names it: a count, but no quantity, so a pinned
        // baseline shows no "−4" beside it.
        c.figure(
            "row_number",
            "Row of the decision table",
            crate::Unit::Text,
            &self.row_number.to_string(),
        );
        fig!(c, self.situation, "Situation", Text);
        fig!(c, self.reason, "Why", Text);
        fig!(c, self.next_step, "Next step", Text);
        fig!(c, self.row, detail "Row id", Text);
        fig!(c, self.pattern, detail "Pattern", Text);
        if let Some(rung) = &self.rung {
            c.detail("rung", "DR-ladder rung", crate::Unit::Text, rung);
        }
        fig!(c, self.reasons, list "What decided it");
        fig!(c, self.changes, list "What would change the answer");
        fig!(c, self.change_points, series "data of these changes");
    }
}

/// What the DR-ladder rows choose from: warm standby, hot standby and
/// active-active, with the RTO, cost and value the other models give them.
const LADDER: [Strategy; 3] = [
    Strategy::WarmStandby,
    Strategy::HotStandby,
    Strategy::ActiveActive,
];

/// One rung as the recommender weighs it.
#[derive(Debug, Clone, Copy)]
struct RungFacts {
    strategy: Strategy,
    /// With a person deciding, and scripted.
    rto_s: f64,
    rto_scripted_s: f64,
    /// Added cost a year less the SLA penalties it avoids: what the hours
    /// of outage avoided must pay for (the break-even model's rule).
    uncovered_year: f64,
    hours_avoided_year: f64,
    break_even: Option<f64>,
}

impl RungFacts {
    /// Net value a year at an outage cost, as the break-even model counts
    /// it (penalties avoided included).
    fn net_at(&self, cost_per_hour: f64) -> f64 {
        self.hours_avoided_year * cost_per_hour - self.uncovered_year
    }
}

/// The other models' figures the rules need, computed once per run.
#[derive(Debug, Clone)]
struct Context {
    rungs: Vec<RungFacts>,
}

impl Context {
    /// The rungs as the break-even model prices them on `breakeven` (the
    /// organisation's inputs on a site), so a threshold quoted here is the
    /// one the break-even calculator shows.
    fn new(breakeven: &BreakevenInputs) -> Result<Self, ModelError> {
        let values = breakeven::run(breakeven)?;
        let mut rungs = Vec::new();
        for strategy in LADDER.into_iter().chain([Strategy::PilotLight]) {
            let v = values
                .rung(strategy)
                .copied()
                .ok_or_else(|| missing(strategy))?;
            let scripted = rto::run(&strategy.rto_inputs())?.rto_automatic_s;
            rungs.push(RungFacts {
                strategy,
                rto_s: v.rto_s,
                rto_scripted_s: scripted,
                uncovered_year: v.added_cost_year
                    - v.breaches_avoided_year * breakeven.penalty_per_breach,
                hours_avoided_year: v.hours_avoided_year,
                break_even: v.break_even_per_hour,
            });
        }
        Ok(Self { rungs })
    }

    fn rung(&self, strategy: Strategy) -> Option<&RungFacts> {
        self.rungs.iter().find(|r| r.strategy == strategy)
    }

    fn break_even(&self, strategy: Strategy) -> Option<f64> {
        self.rung(strategy).and_then(|r| r.break_even)
    }
}

fn missing(strategy: Strategy) -> ModelError {
    ModelError::InvalidInputs {
        model: "recommend".to_owned(),
        message: format!("the break-even model has no {} rung", strategy.id()),
    }
}

/// The rung a ladder row answers with. Two choices are the same answer when
/// they name the same rung and need the same promotion; whether it fits the
/// month is part of the reasons, not of the answer.
#[derive(Debug, Clone, Copy)]
struct RungChoice {
    strategy: Strategy,
    /// Only with scripted, pre-approved promotion does it fit the month.
    scripted: bool,
    /// No rung fits the month: the fastest is chosen anyway.
    none_fits: bool,
}

impl PartialEq for RungChoice {
    fn eq(&self, other: &Self) -> bool {
        (self.strategy, self.scripted) == (other.strategy, other.scripted)
    }
}

/// The answer, as far as telling answers apart goes.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Answer {
    row: usize,
    rung: Option<RungChoice>,
}

/// Chooses the rung of a ladder row (see the module documentation).
fn choose_rung(inputs: &RecommendInputs, ctx: &Context) -> Option<RungChoice> {
    let sla = inputs.contractual_sla;
    let budget_s = monthly_budget_min(sla) * 60.0;
    let fits = |rto_s: f64| sla <= 0.0 || !exceeds(rto_s, budget_s);
    let candidates: Vec<&RungFacts> = LADDER
        .iter()
        .filter_map(|s| ctx.rung(*s))
        .filter(|r| fits(r.rto_scripted_s))
        .collect();
    let cost = inputs.outage_cost_per_hour;
    let pick = candidates
        .iter()
        .copied()
        .fold(None::<&RungFacts>, |best, r| match best {
            // The ladder is cheapest first: a later rung wins only on net value.
            Some(b) if cost <= 0.0 || b.net_at(cost) >= r.net_at(cost) => Some(b),
            _ => Some(r),
        });
    match pick {
        Some(r) => Some(RungChoice {
            strategy: r.strategy,
            scripted: !fits(r.rto_s),
            none_fits: false,
        }),
        None => Some(RungChoice {
            strategy: Strategy::ActiveActive,
            scripted: false,
            none_fits: true,
        }),
    }
}

/// "Hot standby, scripted promotion".
fn rung_name(choice: &RungChoice) -> String {
    let name = choice.strategy.label();
    if choice.scripted {
        format!("{name}, with scripted, pre-approved promotion")
    } else {
        name.to_owned()
    }
}

/// Inputs that contradict one another: the message says which, and the
/// error names the input to change.
fn contradiction(inputs: &RecommendInputs) -> Result<(), ModelError> {
    let fast = "“Fast writes on several continents”";
    let clash = |field: &str, message: String| {
        Err(ModelError::Contradiction {
            field: field.to_owned(),
            message,
        })
    };
    if !inputs.global_realtime_writes {
        return Ok(());
    }
    if inputs.workload == Workload::StatelessReadHeavy {
        return clash(
            "global_realtime_writes",
            format!("{fast} contradicts a stateless, read-heavy workload: choose “Stateful” if users write shared data, or clear the box."),
        );
    }
    if inputs.footprint == Footprint::SingleContinent {
        return clash(
            "global_realtime_writes",
            format!("{fast} contradicts users on one continent: choose “Several continents”, or clear the box."),
        );
    }
    if inputs.residency == Residency::One {
        return clash(
            "residency",
            format!("Data that must stay inside one jurisdiction cannot be written near users on other continents, so {fast} cannot hold for it: decide which gives, or split the data the rule covers from the rest."),
        );
    }
    Ok(())
}

impl Conditions {
    /// Whether every condition holds: the sentences of those that held, or
    /// the sentence of the first that did not.
    fn evaluate(&self, i: &RecommendInputs, ctx: &Context) -> Result<Vec<String>, String> {
        let mut held = Vec::new();
        let mut require = |holds: bool, yes: String, no: String| {
            if holds {
                held.push(yes);
                Ok(())
            } else {
                Err(no)
            }
        };
        // A condition on a choice states the value it found, held or not,
        // so the rows that looked at the same input give one sentence.
        if let Some(want) = self.residency {
            let got = format!("Data residency: {}.", lower(i.residency.label()));
            require(i.residency == want, got.clone(), got)?;
        }
        if let Some(want) = self.global_realtime_writes {
            let yes = "Writes must finish in under 100 ms on several continents.";
            let no = "No need for fast writes on several continents.";
            let (yes, no) = if want { (yes, no) } else { (no, yes) };
            require(
                i.global_realtime_writes == want,
                yes.to_owned(),
                no.to_owned(),
            )?;
        }
        if let Some(min) = self.min_sla {
            let min_text = format::percent(min);
            let got = i.contractual_sla;
            let no = if got > 0.0 {
                // Below the row's threshold a regional outage of hours still
                // breaches the month (the availability model): say where
                // that cost belongs instead of implying one region keeps it.
                let budget = monthly_budget_min(got);
                let breaches = if exceeds(crate::availability::OUTAGE_MINUTES, budget) {
                    format!(
                        "; a regional outage of hours still breaches a {} month, so count its credits and penalties in the outage cost per hour",
                        format::percent(got)
                    )
                } else {
                    String::new()
                };
                format!(
                    "Contracts promise {}, below {min_text}{breaches}.",
                    format::percent(got)
                )
            } else {
                format!("No contract promises {min_text} or more.")
            };
            let yes = if got > min {
                format!(
                    "Contracts promise {}, above {min_text}.",
                    format::percent(got)
                )
            } else {
                format!("Contracts promise {min_text}.")
            };
            require(got >= min, yes, no)?;
        }
        if let Some(rung) = self.outage_cost_above_breakeven {
            let got = i.outage_cost_per_hour;
            let be = ctx.break_even(rung);
            // Rounded ("$8,400") unless rounding would contradict the
            // sentence (an outage cost of $8,390 is above $8,379).
            let threshold = be.map_or("never".to_owned(), |b| {
                let round = breakeven::two_digits(b);
                format::money(if got > 0.0 && (got >= round) != (got >= b) {
                    b
                } else {
                    round
                })
            });
            let name = lower(rung.label());
            let pilot = ctx
                .break_even(Strategy::PilotLight)
                .filter(|b| got >= *b && rung != Strategy::PilotLight);
            let no = if let Some(pilot) = pilot {
                // The break-even calculator says a pilot light pays here:
                // say why this row still does not apply.
                format!(
                    "An hour of outage costs {}, below the {name}'s break-even of {threshold}; a pilot light pays for itself above {} on paper, but it must launch all its compute during the regional event, when launches may be impaired.",
                    format::money(got),
                    format::money(pilot)
                )
            } else if got > 0.0 {
                format!(
                    "An hour of outage costs {}, below the {name}'s break-even of {threshold}.",
                    format::money(got)
                )
            } else {
                format!(
                    "No outage cost given ({} pays for itself above {threshold} an hour).",
                    with_article(rung.label())
                )
            };
            require(
                be.is_some_and(|b| got >= b) && got > 0.0,
                format!(
                    "An hour of outage costs {}, above the {name}'s break-even of {threshold}.",
                    format::money(got)
                ),
                no,
            )?;
        }
        if let Some(want) = self.footprint {
            let got = format!("Users: {}.", lower(i.footprint.label()));
            require(i.footprint == want, got.clone(), got)?;
        }
        if let Some(want) = self.workload {
            let got = format!("Workload: {}.", lower(i.workload.label()));
            require(i.workload == want, got.clone(), got)?;
        }
        if let Some(max) = self.max_users {
            let got = format::count(i.users as f64);
            let max_text = format::count(max as f64);
            require(
                i.users <= max,
                format!("{got} users, at most {max_text}."),
                format!("{got} users, more than {max_text}."),
            )?;
        }
        Ok(held)
    }

    fn is_empty(&self) -> bool {
        self == &Self::default()
    }
}

/// "Several continents" → "several continents" (labels are ASCII-initial;
/// ASCII case keeps Unicode case tables out of the wasm).
fn lower(label: &str) -> String {
    let mut chars = label.chars();
    match chars.next() {
        Some(first) => first.to_ascii_lowercase().to_string() + chars.as_str(),
        None => String::new(),
    }
}

/// "Warm standby" → "a warm standby", "Active-active" → "an active-active".
fn with_article(label: &str) -> String {
    let name = lower(label);
    let article = if name.starts_with(['a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    };
    format!("{article} {name}")
}

/// Checks that a rule set can answer every input: at least one rule, unique
/// ids, a catch-all last row, and `min_sla` within 0–100.
pub fn validate_rules(rules: &[Rule]) -> Result<(), ModelError> {
    let bad = |rule: &str, message: &str| ModelError::InvalidRules {
        rule: rule.to_owned(),
        message: message.to_owned(),
    };
    let last = rules
        .last()
        .ok_or_else(|| bad("(none)", "the table has no rows"))?;
    if !last.when.is_empty() {
        return Err(bad(
            &last.id,
            "the last row must have no conditions, so every input gets an answer",
        ));
    }
    let mut seen = HashSet::new();
    for rule in rules {
        if !seen.insert(rule.id.as_str()) {
            return Err(bad(&rule.id, "the id is used twice"));
        }
        rule.validate()?;
    }
    Ok(())
}

/// The row the inputs land on, and its rung.
fn answer(inputs: &RecommendInputs, rules: &[Rule], ctx: &Context) -> Result<Answer, ModelError> {
    contradiction(inputs)?;
    let row = rules
        .iter()
        .position(|r| r.when.evaluate(inputs, ctx).is_ok())
        .ok_or_else(|| ModelError::InvalidRules {
            rule: "(none)".to_owned(),
            message: "no row matched".to_owned(),
        })?;
    let rung = rules[row]
        .ladder
        .then(|| choose_rung(inputs, ctx))
        .flatten();
    Ok(Answer { row, rung })
}

/// The answer for people: the rung, or the row's "Start with".
fn answer_name(a: &Answer, rules: &[Rule]) -> String {
    match &a.rung {
        Some(choice) => rung_name(choice),
        None => rules[a.row].start_with().to_owned(),
    }
}

/// Recommends a pattern with the given rules (first match wins), weighing
/// the DR rungs with the break-even model on `breakeven`: a site's own
/// bill, outage record and decision time move the break-evens its rules
/// compare with.
pub fn recommend_weighing(
    inputs: &RecommendInputs,
    rules: &[Rule],
    breakeven: &BreakevenInputs,
) -> Result<Recommendation, ModelError> {
    inputs.validate()?;
    validate_rules(rules)?;
    let ctx = Context::new(breakeven)?;
    let a = answer(inputs, rules, &ctx)?;
    let rule = &rules[a.row];
    let mut reasons = Vec::new();
    for earlier in &rules[..a.row] {
        if let Err(no) = earlier.when.evaluate(inputs, &ctx) {
            reasons.push(no);
        }
    }
    reasons.extend(rule.when.evaluate(inputs, &ctx).unwrap_or_default());
    if let Some(choice) = &a.rung {
        reasons.extend(rung_reasons(inputs, choice, &ctx));
    }
    dedup(&mut reasons);
    let (changes, change_points) = what_would_change(inputs, rules, &ctx, &a);
    Ok(Recommendation {
        inputs: inputs.clone(),
        row: rule.id.clone(),
        row_number: (a.row + 1) as f64,
        situation: rule.situation.clone(),
        pattern: a.rung.map_or(rule.pattern, |c| c.strategy.pattern()),
        pattern_name: answer_name(&a, rules),
        rung: a.rung.map(|c| c.strategy),
        reason: rule.reason.clone(),
        reasons,
        next_step: rule.next_step.clone(),
        changes,
        change_points,
    })
}

/// Why the ladder row chose its rung.
fn rung_reasons(inputs: &RecommendInputs, choice: &RungChoice, ctx: &Context) -> Vec<String> {
    let mut out = Vec::new();
    let sla = inputs.contractual_sla;
    if sla > 0.0 {
        let budget = format::minutes(monthly_budget_min(sla));
        let facts: Vec<String> = LADDER
            .iter()
            .filter_map(|s| ctx.rung(*s))
            .map(|r| {
                let d = format::duration;
                if r.rto_s == r.rto_scripted_s {
                    format!("{} {}", lower(r.strategy.label()), d(r.rto_s))
                } else {
                    format!(
                        "{} {} ({} scripted)",
                        lower(r.strategy.label()),
                        d(r.rto_s),
                        d(r.rto_scripted_s)
                    )
                }
            })
            .collect();
        out.push(format!(
            "A {} month allows {budget}; recovery takes {}.",
            format::percent(sla),
            facts.join(", ")
        ));
        if choice.none_fits {
            out.push(format!(
                "No rung keeps a {} month through a regional outage: exclude regional events from the contract or judge it over a longer window.",
                format::percent(sla)
            ));
        }
    }
    let cost = inputs.outage_cost_per_hour;
    if cost > 0.0 {
        if let Some(r) = ctx.rung(choice.strategy) {
            let net = r.net_at(cost);
            let does = if net >= 0.0 {
                format!("returns {} a year net", format::money(net))
            } else {
                format!("costs {} a year more than it saves", format::money(-net))
            };
            out.push(format!(
                "At {} an hour of outage, {} {does}.",
                format::money(cost),
                with_article(choice.strategy.label()),
            ));
            // The break-even calculator ranks a pilot light too; say why the
            // ladder rows start above it rather than leave the two to differ.
            if let Some(pilot) = ctx.rung(Strategy::PilotLight) {
                let pilot_net = pilot.net_at(cost);
                if pilot_net > r.net_at(cost) && sla <= 0.0 {
                    out.push(format!(
                        "A pilot light would return {} a year on paper, but it must launch all its compute during the regional event, when launches may be impaired (they were in us-east-1 in October 2025); the ladder rows start at a warm standby.",
                        format::money(pilot_net)
                    ));
                }
            }
        }
    }
    if inputs.residency == Residency::One {
        out.push("Keep both regions inside the jurisdiction.".to_owned());
    }
    out
}

fn dedup(items: &mut Vec<String>) {
    let mut seen = HashSet::new();
    items.retain(|s| seen.insert(s.clone()));
}

/// For each input, the nearest value at which the answer changes.
fn what_would_change(
    inputs: &RecommendInputs,
    rules: &[Rule],
    ctx: &Context,
    current: &Answer,
) -> (Vec<String>, Vec<ChangePoint>) {
    let base = inputs.to_map();
    let at = |field: &str, value: Value| -> Option<Result<Answer, ModelError>> {
        let mut map = base.clone();
        map.insert(field.to_owned(), value);
        Some(answer(&RecommendInputs::from_map(&map)?, rules, ctx))
    };
    let mut sentences = Vec::new();
    let mut points = Vec::new();
    let mut found = |spec: &FieldSpec, value: String, shown: String, a: &Answer| {
        let name = answer_name(a, rules);
        sentences.push(format!("{shown}: {name} (row {}).", a.row + 1));
        points.push(ChangePoint {
            input: spec.name.to_owned(),
            value,
            answer: name,
        });
    };
    let mut clashes = Vec::new();
    for spec in RecommendInputs::FIELDS {
        let now = base.get(spec.name).cloned().unwrap_or(Value::Null);
        match spec.kind {
            FieldKind::Choice | FieldKind::Bool => {
                for (value, shown) in alternatives(spec, &now) {
                    match at(spec.name, value.clone()) {
                        Some(Ok(a)) if a != *current => {
                            let typed = value.as_str().map_or(value.to_string(), str::to_owned);
                            found(spec, typed, shown, &a);
                        }
                        Some(Err(ModelError::Contradiction { message, .. })) => {
                            clashes.push(format!("{shown}: {message}"));
                        }
                        _ => {}
                    }
                }
            }
            FieldKind::Number | FieldKind::Integer => {
                let Some(now) = now.as_f64() else { continue };
                let probes = probes(spec, rules, ctx);
                let answer_at = |v: f64| match at(spec.name, number(spec, v)) {
                    Some(Ok(a)) => Some(a),
                    _ => None,
                };
                for up in [true, false] {
                    if let Some(c) = nearest_change(spec, now, up, &probes, current, &answer_at) {
                        // "Contractual SLA (0 = none)" reads "Contractual SLA" here.
                        let label = spec.label.split(" (").next().unwrap_or(spec.label);
                        let shown = if up {
                            format!("{label} at {} or more", spec.unit.format(c.at))
                        } else {
                            format!("{label} below {}", spec.unit.format(c.bound))
                        };
                        found(spec, format::plain(c.at), shown, &c.answer);
                    }
                }
            }
        }
    }
    sentences.extend(clashes);
    if sentences.is_empty() {
        sentences.push("No single input changes this answer.".to_owned());
    }
    (sentences, points)
}

/// The other values of a choice or yes/no input, with how to say them.
fn alternatives(spec: &FieldSpec, now: &Value) -> Vec<(Value, String)> {
    match spec.kind {
        FieldKind::Bool => {
            let ticked = now.as_bool() == Some(true);
            let shown = if ticked {
                format!("Without “{}”", spec.label)
            } else {
                format!("With “{}”", spec.label)
            };
            vec![(Value::Bool(!ticked), shown)]
        }
        _ => spec
            .choices
            .iter()
            .filter(|c| now.as_str() != Some(c.value))
            .map(|c| {
                (
                    Value::from(c.value),
                    format!("{}: “{}”", spec.label, c.label),
                )
            })
            .collect(),
    }
}

/// A number as the input takes it (whole for integers).
fn number(spec: &FieldSpec, v: f64) -> Value {
    if spec.kind == FieldKind::Integer {
        Value::from(v as u64)
    } else {
        Value::from(v)
    }
}

/// The values of a numeric input on either side of every threshold the rules
/// and the rung choice have, within its range.
fn probes(spec: &FieldSpec, rules: &[Rule], ctx: &Context) -> Vec<f64> {
    let mut thresholds = vec![spec.min, spec.max];
    match spec.name {
        "contractual_sla" => {
            thresholds.extend(rules.iter().filter_map(|r| r.when.min_sla));
            thresholds.push(f64::MIN_POSITIVE);
            // Where a rung's recovery, with a person or scripted, equals the
            // month's budget.
            for r in LADDER.iter().filter_map(|s| ctx.rung(*s)) {
                for rto in [r.rto_s, r.rto_scripted_s] {
                    thresholds
                        .push(100.0 * (1.0 - rto / 60.0 / crate::availability::MINUTES_PER_MONTH));
                }
            }
        }
        "outage_cost_per_hour" => {
            thresholds.extend(
                rules
                    .iter()
                    .filter_map(|r| r.when.outage_cost_above_breakeven)
                    .filter_map(|s| ctx.break_even(s)),
            );
            // Where two rungs' net values cross.
            for a in &ctx.rungs {
                for b in &ctx.rungs {
                    let dh = a.hours_avoided_year - b.hours_avoided_year;
                    if dh > 0.0 {
                        thresholds.push((a.uncovered_year - b.uncovered_year) / dh);
                    }
                }
            }
        }
        "users" => thresholds.extend(
            rules
                .iter()
                .filter_map(|r| r.when.max_users)
                .map(|u| u as f64 + 0.5),
        ),
        _ => {}
    }
    let mut probes = Vec::new();
    for t in thresholds.into_iter().filter(|t| t.is_finite()) {
        let step = if spec.kind == FieldKind::Integer {
            0.5
        } else {
            t.abs().max(1.0) * 1e-9
        };
        for p in [t - step, t, t + step] {
            let p = if spec.kind == FieldKind::Integer {
                libm::round(p)
            } else {
                p
            };
            if p >= spec.min && p <= spec.max {
                probes.push(p);
            }
        }
    }
    probes
}

/// Where a numeric input changes the answer: a round value `at` which the
/// answer is `answer`, and, going down, the round `bound` below which it is.
struct Change {
    at: f64,
    bound: f64,
    answer: Answer,
}

/// The nearest probe above (or below) `now` where the answer differs from
/// `current`, with rounder values that give the same answers.
fn nearest_change(
    spec: &FieldSpec,
    now: f64,
    up: bool,
    probes: &[f64],
    current: &Answer,
    answer_at: &dyn Fn(f64) -> Option<Answer>,
) -> Option<Change> {
    let mut side: Vec<f64> = probes
        .iter()
        .copied()
        .filter(|p| if up { *p > now } else { *p < now })
        .collect();
    // Nearest first; a handful of probes, so a simple selection is enough.
    let mut found: Option<(f64, Answer)> = None;
    while !side.is_empty() {
        let (i, _) = side
            .iter()
            .enumerate()
            .fold((0, f64::INFINITY), |best, (i, p)| {
                let d = (p - now).abs();
                if d < best.1 {
                    (i, d)
                } else {
                    best
                }
            });
        let p = side.swap_remove(i);
        if let Some(a) = answer_at(p).filter(|a| a != current) {
            found = Some((p, a));
            break;
        }
    }
    let (p, answer) = found?;
    // The roundest value on the new answer's side, and (going down) on the
    // current answer's side just above it.
    let round = |toward_up: bool, target: Answer, ok: &dyn Fn(f64) -> bool| {
        (2..=8)
            .map(|digits| rounded(spec, p, digits, toward_up))
            .find(|v| ok(*v) && answer_at(*v) == Some(target))
            .unwrap_or(p)
    };
    if up {
        let at = round(true, answer, &|v| v > now && v >= p);
        Some(Change {
            at,
            bound: at,
            answer,
        })
    } else {
        let at = round(false, answer, &|v| v <= p);
        // "Below `bound`" must hold right up to it: the bound stays at or
        // under the next probe above `p` (the threshold itself), so a
        // threshold of 99.99201 % reads "below 99.992 %", not "below 99.993 %".
        let q = probes
            .iter()
            .copied()
            .filter(|v| *v > p)
            .fold(now, f64::min);
        let bound = (2..=8)
            .map(|digits| rounded(spec, p, digits, true))
            .find(|v| *v > p && *v <= q && answer_at(*v).as_ref() == Some(current))
            .unwrap_or(q);
        Some(Change { at, bound, answer })
    }
}

/// `value` rounded up (or down) at `digits`: significant digits, of the
/// distance to 100 for a percentage in the nines (99.99201 % → 99.993 %, not
/// 100 %), decimals for other percentages.
fn rounded(spec: &FieldSpec, value: f64, digits: i32, up: bool) -> f64 {
    if spec.unit == crate::Unit::Percent && (90.0..100.0).contains(&value) {
        let gap = 100.0 - value;
        let scale = libm::pow(10.0, f64::from(digits - 2) - libm::floor(libm::log10(gap)));
        // Rounding the percentage up rounds its distance to 100 down.
        let gap = if up {
            libm::floor(gap * scale + 1e-9) / scale
        } else {
            libm::ceil(gap * scale - 1e-9) / scale
        };
        return 100.0 - gap;
    }
    let scale = if spec.unit == crate::Unit::Percent {
        libm::pow(10.0, f64::from(digits))
    } else {
        let magnitude = libm::floor(libm::log10(value.abs().max(1.0)));
        libm::pow(10.0, f64::from(digits - 1) - magnitude)
    };
    let v = if up {
        libm::ceil(value * scale - 1e-9) / scale
    } else {
        libm::floor(value * scale + 1e-9) / scale
    };
    match (spec.kind, up) {
        (FieldKind::Integer, true) => libm::ceil(v),
        (FieldKind::Integer, false) => libm::floor(v),
        _ => v,
    }
}

/// The built-in rules, except in the calculator's wasm: the page always sends
/// the rules it shows (the site's, or these), so the wasm carries no copy of
/// their text (an empty table, which the recommender refuses with a message).
fn built_in_rules() -> Vec<Rule> {
    if cfg!(target_arch = "wasm32") {
        Vec::new()
    } else {
        default_rules()
    }
}

/// The built-in rules as the page embeds them (see [`built_in_rules`]).
fn built_in_rules_json() -> Option<Value> {
    if cfg!(target_arch = "wasm32") {
        return None;
    }
    serde_json::to_value(built_in_rules())
        .ok()
        .filter(|v| v.as_array().is_some_and(|a| !a.is_empty()))
}

/// Recommends a pattern with the built-in [`default_rules`], weighing the
/// DR rungs with the break-even model's defaults.
pub fn recommend(inputs: &RecommendInputs) -> Result<Recommendation, ModelError> {
    recommend_weighing(inputs, &default_rules(), &BreakevenInputs::default())
}

/// The built-in decision table, in priority order: word for word the
/// bundled `content/data/decisions.toml` (a test keeps the two equal), so
/// `regionwise calc recommend` outside a site and the bundled guide's page
/// agree.
pub fn default_rules() -> Vec<Rule> {
    let rule = |id: &str,
                situation: &str,
                pattern,
                name: &str,
                ladder,
                when,
                reason: &str,
                next_step: &str| Rule {
        id: id.to_owned(),
        situation: situation.to_owned(),
        pattern,
        name: name.to_owned(),
        ladder,
        when,
        reason: reason.to_owned(),
        next_step: next_step.to_owned(),
    };
    vec![
        rule(
            "several-jurisdictions",
            "Some data must stay in each of several jurisdictions, by law or contract",
            Pattern::Partitioned,
            "Partitioned by jurisdiction, with a standby inside each",
            false,
            Conditions { residency: Some(Residency::Several), ..Default::default() },
            "Each tenant's regulated data gets a home region in its own jurisdiction and never crosses a border. To survive a regional outage, each partition needs a second region inside the same jurisdiction: disaster recovery happens within it, not across it.",
            "Name the rule and the data it covers, add a tenant-to-home-region directory, deploy one stack per jurisdiction from the same code, and give each a standby region inside its jurisdiction.",
        ),
        rule(
            "realtime-writes",
            "Users on several continents write shared state and need it fast (chat, trading, multiplayer games)",
            Pattern::ActiveActive,
            "Active-active, each user's data homed in a region near them",
            false,
            Conditions { global_realtime_writes: Some(true), ..Default::default() },
            "A consistent write confirmed across continents cannot finish in under 100 ms: the round trip alone is 70 ms or more. Home each user, tenant or match in a region near them and write there; keep consensus across regions to one geography, or to the few records that must be globally unique, and budget 70 to 220 ms for those.",
            "Choose the home key (user, tenant, match, venue), route every write to its home region, replicate asynchronously for reads and recovery, and measure the few globally unique writes against a written latency budget.",
        ),
        rule(
            "contractual-sla",
            "Contracts promise 99.99 % or more a month, with penalties",
            Pattern::ActivePassive,
            "The DR-ladder rung that recovers inside the month's budget",
            true,
            Conditions { min_sla: Some(99.99), ..Default::default() },
            "A 99.99 % month allows 4 min 23 s of downtime, and one regional outage lasts hours. A second region keeps the month only if its failover finishes inside that budget: a hot standby with scripted promotion or active-active does, a warm standby does not.",
            "Write down the RTO the contract implies, script and pre-approve the promotion so it runs from outside the failed region, and drill it until the measured RTO fits the month.",
        ),
        rule(
            "outage-cost",
            "An hour of regional outage costs more than a warm standby's break-even",
            Pattern::ActivePassive,
            "A DR-ladder rung: warm standby, or higher where it pays",
            true,
            Conditions { outage_cost_above_breakeven: Some(Strategy::WarmStandby), ..Default::default() },
            "At your outage cost a second region pays for itself: the downtime it avoids is worth more than it costs a year. The rung with the highest net value wins; a warm standby is where that starts.",
            "Put your own bill and outage cost into the break-even calculator, pick the rung it shows, and drill the failover before you count on it.",
        ),
        rule(
            "one-jurisdiction",
            "Some data must stay inside one jurisdiction",
            Pattern::SingleRegion,
            "Single region inside the jurisdiction, backups inside it too",
            false,
            Conditions { residency: Some(Residency::One), ..Default::default() },
            "A residency rule decides where data lives, not how many regions you need: one region inside the jurisdiction satisfies it. A second region, also inside it, is for another driver (the rows above), not for the rule.",
            "Confirm which data the rule covers, keep it and its backups, logs and keys inside the jurisdiction, and spread the region across three zones.",
        ),
        rule(
            "global-read-heavy",
            "Users on several continents, mostly reads, stateless API",
            Pattern::SingleRegionCdn,
            "",
            false,
            Conditions {
                footprint: Some(Footprint::Global),
                workload: Some(Workload::StatelessReadHeavy),
                ..Default::default()
            },
            "Edge caches close most of the distance without a second copy of your data or a second database to run. How much of the latency complaint they remove depends on how many slow requests are cacheable: measure yours.",
            "Put cacheable responses behind a CDN with explicit Cache-Control headers, measure p95 latency per continent, and revisit only if dynamic calls stay slow.",
        ),
        rule(
            "global-stateful",
            "Users on several continents write shared state, but need no fast writes everywhere",
            Pattern::SingleRegionCdn,
            "One home region for writes, read replicas or a CDN near users",
            false,
            Conditions {
                footprint: Some(Footprint::Global),
                workload: Some(Workload::Stateful),
                ..Default::default()
            },
            "Reads can be served near users from replicas and caches; writes go to one home region and take a cross-continent round trip, which is fine when they need not finish in under 100 ms. No multi-writer database, no conflicts to resolve.",
            "Measure which requests are slow by continent, add read replicas or edge caching for the reads, keep writes in the home region, and revisit only if the writes themselves must become fast.",
        ),
        rule(
            "no-driver",
            "No driver applies: no residency rule, no fast writes across continents, no contract at 99.99 %, no outage cost above a standby's break-even",
            Pattern::SingleRegion,
            "",
            false,
            Conditions::default(),
            "None of the four drivers applies. One region spread over three zones rides out the everyday failures with one bill and no cross-region operations; it will sit out the rare regional outage of hours, which matters only once a contract or a price on an hour of outage says so. The effort is better spent on SLOs, safe deploys and tested restores.",
            "Publish an SLO, measure against it for a quarter, and come back to this table when a driver appears: a rule, a latency budget, a contract or a price on an hour of outage.",
        ),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(inputs: RecommendInputs) -> Recommendation {
        recommend(&inputs).unwrap()
    }

    fn global() -> RecommendInputs {
        RecommendInputs {
            footprint: Footprint::Global,
            ..Default::default()
        }
    }

    #[test]
    fn every_driver_gives_its_row() {
        let cases = [
            (
                RecommendInputs {
                    residency: Residency::Several,
                    ..Default::default()
                },
                "several-jurisdictions",
                Pattern::Partitioned,
            ),
            (
                RecommendInputs {
                    global_realtime_writes: true,
                    ..global()
                },
                "realtime-writes",
                Pattern::ActiveActive,
            ),
            (
                RecommendInputs {
                    contractual_sla: 99.99,
                    ..Default::default()
                },
                "contractual-sla",
                Pattern::ActivePassive,
            ),
            (
                RecommendInputs {
                    outage_cost_per_hour: 20_000.0,
                    ..Default::default()
                },
                "outage-cost",
                Pattern::ActivePassive,
            ),
            (
                RecommendInputs {
                    residency: Residency::One,
                    ..Default::default()
                },
                "one-jurisdiction",
                Pattern::SingleRegion,
            ),
            (
                RecommendInputs {
                    workload: Workload::StatelessReadHeavy,
                    ..global()
                },
                "global-read-heavy",
                Pattern::SingleRegionCdn,
            ),
            (global(), "global-stateful", Pattern::SingleRegionCdn),
            (
                RecommendInputs::default(),
                "no-driver",
                Pattern::SingleRegion,
            ),
        ];
        for (inputs, row, pattern) in cases {
            let out = run(inputs);
            assert_eq!((out.row.as_str(), out.pattern), (row, pattern), "{out:#?}");
        }
    }

    #[test]
    fn a_global_stateful_service_with_two_million_users_gets_a_real_row() {
        let out = run(RecommendInputs {
            users: 2_000_000,
            ..global()
        });
        assert_eq!(out.row, "global-stateful");
        assert_eq!(out.row_number, 7.0);
        assert!(
            out.pattern_name.starts_with("One home region"),
            "{}",
            out.pattern_name
        );
    }

    #[test]
    fn a_99_99_contract_gets_the_rung_whose_recovery_fits_the_month() {
        let out = run(RecommendInputs {
            contractual_sla: 99.99,
            ..Default::default()
        });
        assert_eq!(out.rung, Some(Strategy::HotStandby));
        assert_eq!(
            out.pattern_name,
            "Hot standby, with scripted, pre-approved promotion"
        );
        assert!(
            out.reasons.iter().any(|r| r.contains("allows 4 min 23 s")),
            "{:?}",
            out.reasons
        );
        // A 99.999 % month (26 s) fits no rung: the fastest, and a warning.
        let out = run(RecommendInputs {
            contractual_sla: 99.999,
            ..Default::default()
        });
        assert_eq!(out.rung, Some(Strategy::ActiveActive));
        assert!(
            out.reasons.iter().any(|r| r.starts_with("No rung keeps")),
            "{:?}",
            out.reasons
        );
    }

    /// An organisation's own bill moves the break-evens the rules compare
    /// with: the recommender quotes the break-even calculator's threshold
    /// for the same inputs, not the bundled defaults'.
    #[test]
    fn the_break_evens_weighed_are_those_of_the_break_even_inputs_given() {
        let org = serde_json::json!({"compute": 120_000});
        let org = org.as_object().unwrap();
        let warm = |inputs: &BreakevenInputs| {
            breakeven::run(inputs)
                .unwrap()
                .warm_standby
                .break_even_per_hour
                .unwrap()
        };
        let theirs = warm(&registry::resolve::<breakeven::Breakeven>(org).unwrap());
        let bundled = warm(&BreakevenInputs::default());
        assert!(theirs > 2.0 * bundled, "{theirs} against {bundled}");
        let run = |outage_cost: f64, with_org: bool| {
            let mut inputs = Map::new();
            inputs.insert("outage_cost_per_hour".into(), outage_cost.into());
            if with_org {
                inputs.insert("breakeven".into(), Value::Object(org.clone()));
            }
            Recommend::run_map(&inputs).unwrap()
        };
        // No outage cost given: the reasons quote the threshold.
        let quoted = |r: &Recommendation, at: f64| {
            let text = format!("pays for itself above {} an hour", format::money(at));
            r.reasons.iter().any(|s| s.contains(&text))
        };
        assert!(quoted(&run(0.0, true), breakeven::two_digits(theirs)));
        assert!(quoted(&run(0.0, false), breakeven::two_digits(bundled)));
        // Between the two thresholds the answers differ.
        let between = (theirs + bundled) / 2.0;
        assert_eq!(run(between, false).rung, Some(Strategy::WarmStandby));
        let ours = run(between, true);
        assert_eq!(ours.row, "no-driver");
        let point = ours
            .change_points
            .iter()
            .find(|p| p.input == "outage_cost_per_hour")
            .expect("an outage cost that changes the answer");
        let at: f64 = point.value.parse().unwrap();
        assert!(at >= theirs && at < theirs * 1.1, "{at} against {theirs}");
        // Typed callers say the same.
        let typed = recommend_weighing(
            &RecommendInputs {
                outage_cost_per_hour: between,
                ..Default::default()
            },
            &default_rules(),
            &registry::resolve::<breakeven::Breakeven>(org).unwrap(),
        )
        .unwrap();
        assert_eq!(typed, ours);
        // Anything but an object of break-even inputs is refused.
        let mut bad = Map::new();
        bad.insert("breakeven".into(), 5.into());
        assert!(Recommend::run_map(&bad).is_err());
        bad.insert("breakeven".into(), serde_json::json!({"compute": -1}));
        assert!(Recommend::run_map(&bad).is_err());
        bad.insert("breakeven".into(), serde_json::json!({"users": 3}));
        assert!(Recommend::run_map(&bad).is_err());
        // ...and named as the break-even's, not as the recommender's own
        // field of the same name.
        bad.insert(
            "breakeven".into(),
            serde_json::json!({"outage_cost_per_hour": -1}),
        );
        let err = Recommend::run_map(&bad).unwrap_err();
        assert_eq!(err.field(), None, "{err}");
        assert!(err.to_string().contains("`breakeven`"), "{err}");
    }

    /// The organisation's region count is a break-even input like its bill:
    /// a third region prices each rung's extra standby, and the threshold
    /// quoted moves with it.
    #[test]
    fn the_break_evens_weighed_are_priced_for_the_regions_given() {
        let org = serde_json::json!({"regions": 3});
        let org = org.as_object().unwrap();
        let three = breakeven::run(&registry::resolve::<breakeven::Breakeven>(org).unwrap())
            .unwrap()
            .warm_standby
            .break_even_per_hour
            .unwrap();
        let two = breakeven::run(&BreakevenInputs::default())
            .unwrap()
            .warm_standby
            .break_even_per_hour
            .unwrap();
        assert!(three > two, "{three} against {two}");
        let mut inputs = Map::new();
        inputs.insert("breakeven".into(), Value::Object(org.clone()));
        let out = Recommend::run_map(&inputs).unwrap();
        let text = format!(
            "pays for itself above {} an hour",
            format::money(breakeven::two_digits(three))
        );
        assert!(
            out.reasons.iter().any(|s| s.contains(&text)),
            "{:?}",
            out.reasons
        );
    }

    /// Penalties the organisation's break-even inputs set count in each
    /// rung's net value as they count in its break-even: the recommender
    /// picks the rung the break-even calculator ranks best and quotes its
    /// net, not a net that leaves the penalties out.
    #[test]
    fn penalties_in_the_break_even_inputs_count_in_each_rungs_net_value() {
        let org =
            serde_json::json!({"penalty_per_breach": 1_000_000, "outage_cost_per_hour": 10_000});
        let values = breakeven::run(
            &registry::resolve::<breakeven::Breakeven>(org.as_object().unwrap()).unwrap(),
        )
        .unwrap();
        let net = |s: Strategy| values.rung(s).unwrap().net_year;
        let best = LADDER
            .into_iter()
            .max_by(|a, b| net(*a).total_cmp(&net(*b)))
            .unwrap();
        let mut inputs = Map::new();
        inputs.insert("outage_cost_per_hour".into(), 10_000.into());
        inputs.insert("breakeven".into(), org);
        let out = Recommend::run_map(&inputs).unwrap();
        assert_eq!(out.rung, Some(best), "{:?}", out.reasons);
        let text = format!("returns {} a year net", format::money(net(best)));
        assert!(
            out.reasons.iter().any(|s| s.contains(&text)),
            "{text}: {:?}",
            out.reasons
        );
    }

    #[test]
    fn an_outage_cost_picks_the_rung_with_the_best_net_value() {
        let at = |cost: f64| {
            run(RecommendInputs {
                outage_cost_per_hour: cost,
                ..Default::default()
            })
        };
        assert_eq!(
            at(5_000.0).row,
            "no-driver",
            "below the warm standby's break-even"
        );
        assert_eq!(at(10_000.0).rung, Some(Strategy::WarmStandby));
        assert_eq!(at(10_000_000.0).rung, Some(Strategy::ActiveActive));
    }

    #[test]
    fn contradictory_inputs_get_a_message_naming_the_input() {
        let err = recommend(&RecommendInputs {
            global_realtime_writes: true,
            workload: Workload::StatelessReadHeavy,
            ..global()
        })
        .unwrap_err();
        assert_eq!(err.field(), Some("global_realtime_writes"));
        assert!(err.to_string().contains("stateless, read-heavy"), "{err}");
        let err = recommend(&RecommendInputs {
            global_realtime_writes: true,
            ..Default::default()
        })
        .unwrap_err();
        assert!(err.to_string().contains("one continent"), "{err}");
    }

    #[test]
    fn reasons_are_in_the_readers_words() {
        let out = run(global());
        for r in out.reasons.iter().chain(&out.changes) {
            for field in RecommendInputs::FIELDS
                .iter()
                .filter(|f| f.name.contains('_'))
            {
                assert!(!r.contains(field.name), "{r}");
            }
            for rule in default_rules() {
                assert!(!r.contains(&rule.id), "{r}");
            }
        }
        let unique: HashSet<_> = out.reasons.iter().collect();
        assert_eq!(unique.len(), out.reasons.len(), "{:?}", out.reasons);
        assert!(
            out.reasons
                .contains(&"Users: several continents.".to_owned()),
            "{:?}",
            out.reasons
        );
    }

    #[test]
    fn what_would_change_names_the_nearest_values() {
        let out = run(RecommendInputs::default());
        let find = |input: &str| -> Vec<&ChangePoint> {
            out.change_points
                .iter()
                .filter(|p| p.input == input)
                .collect()
        };
        let sla = find("contractual_sla");
        assert_eq!(sla.len(), 1, "{:?}", out.changes);
        assert_eq!(sla[0].value, "99.99");
        assert!(sla[0].answer.starts_with("Hot standby"));
        let cost = find("outage_cost_per_hour");
        assert_eq!(cost[0].value, "8400");
        assert_eq!(cost[0].answer, "Warm standby");
        assert!(find("users").is_empty(), "no row turns on users");
        let residency = find("residency");
        assert_eq!(residency.len(), 2);
        assert!(
            out.changes
                .iter()
                .any(|c| c.starts_with("Outage cost per hour at $8,400 or more: Warm standby")),
            "{:?}",
            out.changes
        );
        // Going down from a contract, the answer changes just below it.
        let out = run(RecommendInputs {
            contractual_sla: 99.99,
            ..Default::default()
        });
        let down: Vec<_> = out
            .change_points
            .iter()
            .filter(|p| p.input == "contractual_sla")
            .collect();
        assert!(
            down.iter().any(|p| p.answer == "Single region, multi-AZ"),
            "{:?}",
            out.changes
        );
        assert!(
            out.changes.iter().any(|c| c.contains("below 99.99 %")),
            "{:?}",
            out.changes
        );
    }

    #[test]
    fn every_change_point_really_changes_the_answer() {
        for inputs in [
            RecommendInputs::default(),
            global(),
            RecommendInputs {
                contractual_sla: 99.95,
                outage_cost_per_hour: 50_000.0,
                ..Default::default()
            },
        ] {
            let out = run(inputs.clone());
            for p in &out.change_points {
                let mut map = match serde_json::to_value(&inputs).unwrap() {
                    Value::Object(m) => m,
                    _ => unreachable!(),
                };
                map.insert(p.input.clone(), Value::from(p.value.clone()));
                let moved = Recommend::run_map(&map).unwrap();
                assert_eq!(moved.pattern_name, p.answer, "{p:?}");
                assert_ne!(
                    (moved.row.as_str(), moved.pattern_name.as_str()),
                    (out.row.as_str(), out.pattern_name.as_str()),
                    "{p:?}"
                );
            }
        }
    }

    #[test]
    fn default_rules_are_a_valid_table() {
        let rules = default_rules();
        validate_rules(&rules).unwrap();
        assert_eq!(rules.len(), 8);
        assert!(rules.iter().all(|r| !r.situation.contains("leadership")));
    }

    #[test]
    fn broken_rule_sets_are_rejected() {
        assert!(validate_rules(&[]).is_err());
        let mut rules = default_rules();
        rules.pop();
        assert!(validate_rules(&rules).is_err(), "no catch-all");
        let mut rules = default_rules();
        rules[1].id = rules[0].id.clone();
        assert!(validate_rules(&rules).is_err(), "duplicate id");
        let mut rules = default_rules();
        rules[2].when.min_sla = Some(f64::NAN);
        assert!(validate_rules(&rules).is_err(), "NaN min_sla");
    }

    #[test]
    fn rules_deserialise_from_json_and_reject_unknown_conditions() {
        let json = serde_json::json!({
            "id": "x", "pattern": "active_passive", "reason": "r", "next_step": "n",
            "when": { "min_sla": 99.9, "outage_cost_above_breakeven": "hot-standby" }
        });
        let rule: Rule = serde_json::from_value(json).unwrap();
        assert_eq!(rule.when.min_sla, Some(99.9));
        assert_eq!(
            rule.when.outage_cost_above_breakeven,
            Some(Strategy::HotStandby)
        );
        let typo = serde_json::json!({
            "id": "x", "pattern": "active_passive", "reason": "r", "next_step": "n",
            "when": { "regulated_residency": true }
        });
        assert!(serde_json::from_value::<Rule>(typo).is_err());
    }
}
