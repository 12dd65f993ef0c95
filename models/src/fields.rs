//! The input table: one [`FieldSpec`] per input of every model.
//!
//! This table is the single description of the inputs, declared with the
//! input struct by `inputs!` (so its defaults are the struct's `Default` and
//! its ranges are what `validate()` checks). `regionwise calc` builds its
//! `--help` and parses `--field value` pairs from it, the registry checks
//! JSON keys and kinds against it, and the site renders calculator forms
//! (labels, units, help) from it.

use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::{Map, Value};

use crate::{typed, ModelError, Unit};

/// A model's input struct, as `inputs!` declares it.
pub trait Inputs: Serialize + DeserializeOwned + Default + Clone {
    /// One spec per field, in the struct's order.
    const FIELDS: &'static [FieldSpec];

    /// Checks every numeric field against its range (NaN and infinities are
    /// out of range): an error names the field's label.
    fn validate(&self) -> Result<(), ModelError>;

    /// The inputs as a JSON object, field by field: what serde would give,
    /// written by `inputs!` so the calculator's wasm carries no serde code
    /// per input struct.
    fn to_map(&self) -> Map<String, Value>;

    /// The inputs of a JSON object whose every field is present and of its
    /// field's kind (as [`FieldSpec::coerce`] leaves it); `None` otherwise.
    fn from_map(map: &Map<String, Value>) -> Option<Self>;
}

/// A field's value to and from JSON (numbers, whole numbers, yes/no and the
/// words of a `named_enum!`).
pub trait JsonField: Sized {
    fn to_json(&self) -> Value;
    fn from_json(value: &Value) -> Option<Self>;
}

/// `JsonField` for a number or yes/no type: out with `Value::from`, in with
/// the `serde_json` reader given.
macro_rules! json_field {
    ($($ty:ty => $read:expr;)*) => {$(
        impl JsonField for $ty {
            fn to_json(&self) -> Value {
                Value::from(*self)
            }
            fn from_json(value: &Value) -> Option<Self> {
                $read(value)
            }
        }
    )*};
}

json_field! {
    f64 => Value::as_f64;
    u32 => |v: &Value| v.as_u64().and_then(|n| u32::try_from(n).ok());
    u64 => Value::as_u64;
    bool => Value::as_bool;
}

/// A field value as a number, for range checks (`None` for words and
/// yes/no values).
pub(crate) trait AsNumber {
    fn as_number(&self) -> Option<f64>;
}

impl AsNumber for f64 {
    fn as_number(&self) -> Option<f64> {
        Some(*self)
    }
}

impl AsNumber for u32 {
    fn as_number(&self) -> Option<f64> {
        Some(f64::from(*self))
    }
}

impl AsNumber for u64 {
    fn as_number(&self) -> Option<f64> {
        // Ranges end far below 2^53, where the conversion would round.
        Some(*self as f64)
    }
}

impl AsNumber for bool {
    fn as_number(&self) -> Option<f64> {
        None
    }
}

/// One value of a [`FieldKind::Choice`]: its id and the label a form shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Choice {
    pub value: &'static str,
    pub label: &'static str,
}

/// What kind of value an input takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FieldKind {
    /// Any finite number in range.
    Number,
    /// A whole number in range.
    Integer,
    /// One of [`FieldSpec::choices`].
    Choice,
    /// `true` or `false`.
    Bool,
}

/// The default value of an input, as the table states it.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(untagged)]
pub enum FieldDefault {
    Number(f64),
    Choice(&'static str),
    Bool(bool),
}

/// One input of one model: its name, label, kind, default, range, unit and
/// help.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct FieldSpec {
    /// The JSON key and `--flag` name (with `-` for `_` on the command line).
    pub name: &'static str,
    /// What a reader calls it: the form's label, and the subject of every
    /// error message about it ("Regions must be ...").
    pub label: &'static str,
    pub kind: FieldKind,
    /// The allowed values of a [`FieldKind::Choice`]; empty otherwise.
    pub choices: &'static [Choice],
    pub default: FieldDefault,
    /// Inclusive range of a number; 0 and 1 for choices and booleans.
    pub min: f64,
    pub max: f64,
    pub unit: Unit,
    /// One sentence: what the input means and where its default comes from.
    pub help: &'static str,
}

impl FieldSpec {
    /// A real-valued input.
    pub(crate) const fn number(
        name: &'static str,
        label: &'static str,
        default: f64,
        min: f64,
        max: f64,
        unit: Unit,
        help: &'static str,
    ) -> Self {
        Self {
            name,
            label,
            kind: FieldKind::Number,
            choices: &[],
            default: FieldDefault::Number(default),
            min,
            max,
            unit,
            help,
        }
    }

    /// A whole-number input.
    pub(crate) const fn integer(
        name: &'static str,
        label: &'static str,
        default: u64,
        min: u64,
        max: u64,
        unit: Unit,
        help: &'static str,
    ) -> Self {
        Self {
            kind: FieldKind::Integer,
            ..Self::number(
                name,
                label,
                default as f64,
                min as f64,
                max as f64,
                unit,
                help,
            )
        }
    }

    /// An input that takes one of a few words.
    pub(crate) const fn choice(
        name: &'static str,
        label: &'static str,
        choices: &'static [Choice],
        default: &'static str,
        help: &'static str,
    ) -> Self {
        Self {
            name,
            label,
            kind: FieldKind::Choice,
            choices,
            default: FieldDefault::Choice(default),
            min: 0.0,
            max: 1.0,
            unit: Unit::Text,
            help,
        }
    }

    /// A yes/no input.
    pub(crate) const fn boolean(
        name: &'static str,
        label: &'static str,
        default: bool,
        help: &'static str,
    ) -> Self {
        Self {
            name,
            label,
            kind: FieldKind::Bool,
            choices: &[],
            default: FieldDefault::Bool(default),
            min: 0.0,
            max: 1.0,
            unit: Unit::Bool,
            help,
        }
    }

    /// The default as a JSON value.
    pub fn default_json(&self) -> Value {
        match self.default {
            FieldDefault::Number(n) if self.kind == FieldKind::Integer => Value::from(n as u64),
            FieldDefault::Number(n) => Value::from(n),
            FieldDefault::Choice(c) => Value::from(c),
            FieldDefault::Bool(b) => Value::from(b),
        }
    }

    /// The default as the form shows it ("$5,000", "15 min", "async",
    /// "false").
    pub fn default_text(&self) -> String {
        self.input_text(&self.default_json())
    }

    /// A value of this input as the form shows it and a person would type
    /// it, in the reader's units ("15 min", "30 %", "$5,000"); it parses
    /// back to the same value.
    pub fn input_text(&self, value: &Value) -> String {
        match (self.kind, value) {
            (FieldKind::Number | FieldKind::Integer, Value::Number(n)) => {
                n.as_f64().map_or_else(|| n.to_string(), |n| self.show(n))
            }
            (_, Value::String(s)) => s.clone(),
            (_, other) => other.to_string(),
        }
    }

    /// A number of this input in the reader's units ("24 h", "100 %").
    pub fn show(&self, n: f64) -> String {
        typed::show(self.unit, n)
    }

    /// What the input accepts, for help text and error messages
    /// ("2–10", "0 s to 24 h", "async | sync | backup", "true | false").
    pub fn range_text(&self) -> String {
        match self.kind {
            FieldKind::Number | FieldKind::Integer => {
                let (min, max) = (self.show(self.min), self.show(self.max));
                if min.contains(' ') || max.contains(' ') {
                    format!("{min} to {max}")
                } else {
                    format!("{min}–{max}")
                }
            }
            FieldKind::Choice => self.choice_ids().join(" | "),
            FieldKind::Bool => "true | false".to_owned(),
        }
    }

    /// Checks a number against the range (and wholeness for integers).
    /// NaN and infinities are always out of range.
    pub fn check(&self, value: f64) -> Result<(), ModelError> {
        let in_range = value >= self.min && value <= self.max;
        let whole = self.kind == FieldKind::Integer;
        if in_range && !(whole && value.fract() != 0.0) {
            return Ok(());
        }
        Err(ModelError::OutOfRange {
            field: self.name.to_owned(),
            label: self.label.to_owned(),
            value,
            min: self.min,
            max: self.max,
            unit: self.unit,
            whole,
        })
    }

    /// Parses a value typed by a person (command line, form, URL) into JSON,
    /// checking kind and range. Numbers may carry the input's units and
    /// grouping as people write them ("15 min", "30 %", "$5,000"; see
    /// [`typed`]).
    pub fn parse(&self, text: &str) -> Result<Value, ModelError> {
        let text = text.trim();
        match self.kind {
            FieldKind::Number | FieldKind::Integer => {
                let n = typed::parse(self.unit, text).ok_or_else(|| self.invalid(text))?;
                self.check(n)?;
                Ok(self.number_json(n))
            }
            FieldKind::Choice => self.choose(text),
            FieldKind::Bool => match text.to_ascii_lowercase().as_str() {
                "true" | "yes" | "on" | "1" => Ok(Value::Bool(true)),
                "false" | "no" | "off" | "0" => Ok(Value::Bool(false)),
                _ => Err(self.invalid(text)),
            },
        }
    }

    /// Checks the kind of a JSON value and normalises it: strings are parsed
    /// as if typed (forms and URLs send text), whole numbers of integer fields
    /// become JSON integers. Ranges of real numbers are left to the model's
    /// `validate()`, which sees the whole input after presets are applied.
    pub fn coerce(&self, value: &Value) -> Result<Value, ModelError> {
        match (self.kind, value) {
            (_, Value::String(text)) if self.kind != FieldKind::Choice => self.parse(text),
            (FieldKind::Number, Value::Number(_)) => Ok(value.clone()),
            (FieldKind::Integer, Value::Number(n)) => {
                let n = n.as_f64().unwrap_or(f64::NAN);
                self.check(n)?;
                Ok(self.number_json(n))
            }
            (FieldKind::Choice, Value::String(text)) => self.choose(text),
            (FieldKind::Bool, Value::Bool(_)) => Ok(value.clone()),
            _ => Err(self.invalid(value)),
        }
    }

    fn choose(&self, text: &str) -> Result<Value, ModelError> {
        if self.choices.iter().any(|c| c.value == text) {
            Ok(Value::from(text))
        } else {
            Err(self.invalid(text))
        }
    }

    /// The ids of a choice's values, in order.
    pub fn choice_ids(&self) -> Vec<&'static str> {
        self.choices.iter().map(|c| c.value).collect()
    }

    fn invalid(&self, value: impl std::fmt::Display) -> ModelError {
        ModelError::InvalidValue {
            field: self.name.to_owned(),
            label: self.label.to_owned(),
            value: value.to_string(),
            expected: self.expected(),
        }
    }

    fn number_json(&self, n: f64) -> Value {
        if self.kind == FieldKind::Integer {
            // In range and whole (checked), so the cast is exact.
            Value::from(n as u64)
        } else {
            Value::from(n)
        }
    }

    fn expected(&self) -> String {
        let what = match (self.kind, self.unit) {
            (FieldKind::Integer, _) => "a whole number",
            (_, Unit::Seconds | Unit::Minutes | Unit::Hours) => "a duration",
            (_, Unit::Percent | Unit::Fraction) => "a percentage",
            (
                _,
                Unit::Dollars
                | Unit::DollarsPerGb
                | Unit::DollarsPerYear
                | Unit::DollarsPerHour
                | Unit::DollarsEach,
            ) => "an amount",
            _ => "a number",
        };
        let between = format!(
            "between {} and {}",
            self.show(self.min),
            self.show(self.max)
        );
        match self.kind {
            FieldKind::Number | FieldKind::Integer => match typed::example(self.unit) {
                Some(example) => format!("{what} {between}, such as {example}"),
                None => format!("{what} {between}"),
            },
            FieldKind::Choice => format!("one of {}", self.choice_ids().join(", ")),
            FieldKind::Bool => "true or false".to_owned(),
        }
    }
}

/// Finds a field of a table by name.
pub fn find(table: &'static [FieldSpec], name: &str) -> Option<&'static FieldSpec> {
    table.iter().find(|spec| spec.name == name)
}

#[cfg(test)]
mod tests {
    use super::*;

    const REGIONS: FieldSpec =
        FieldSpec::integer("regions", "Regions", 2, 2, 10, Unit::Regions, "");
    const SHARE: FieldSpec = FieldSpec::number("share", "Share", 0.3, 0.0, 1.0, Unit::Fraction, "");
    const MODE: FieldSpec = FieldSpec::choice(
        "mode",
        "Replication",
        &[
            Choice {
                value: "async",
                label: "Asynchronous",
            },
            Choice {
                value: "sync",
                label: "Synchronous",
            },
        ],
        "async",
        "",
    );
    const BIG: FieldSpec =
        FieldSpec::number("spend", "Spend", 1.0, 0.0, 10_000_000.0, Unit::Dollars, "");

    #[test]
    fn parse_checks_kind_and_range() {
        assert_eq!(REGIONS.parse("3"), Ok(Value::from(3u64)));
        assert!(REGIONS.parse("2.5").is_err());
        assert!(REGIONS.parse("11").is_err());
        assert!(SHARE.parse("NaN").is_err());
        assert!(SHARE.parse("inf").is_err());
        assert!(SHARE.parse("abc").is_err());
        assert_eq!(SHARE.parse("0.5"), Ok(Value::from(0.5)));
        assert_eq!(MODE.parse("sync"), Ok(Value::from("sync")));
        assert!(MODE.parse("fast").is_err());
    }

    #[test]
    fn coerce_normalises_integers_and_text() {
        assert_eq!(REGIONS.coerce(&Value::from(3.0)), Ok(Value::from(3u64)));
        assert_eq!(REGIONS.coerce(&Value::from("4")), Ok(Value::from(4u64)));
        assert!(REGIONS.coerce(&Value::from(-1)).is_err());
        assert!(SHARE.coerce(&Value::Bool(true)).is_err());
        assert!(MODE.coerce(&Value::from(1)).is_err());
    }

    #[test]
    fn errors_name_the_label_and_range() {
        for (spec, typed, message) in [
            (
                &REGIONS,
                "11",
                "Regions must be a whole number between 2 and 10 (got 11)",
            ),
            (
                &MODE,
                "fast",
                "Replication must be one of async, sync (got \"fast\")",
            ),
            (
                &BIG,
                "lots",
                "Spend must be an amount between $0 and $10,000,000, such as $5,000 (got \"lots\")",
            ),
            (
                &BIG,
                "20000000",
                "Spend must be between $0 and $10,000,000 (got $20,000,000)",
            ),
            (
                &SHARE,
                "150 %",
                "Share must be between 0 % and 100 % (got 150 %)",
            ),
            (
                &SHARE,
                "1e309",
                "Share must be a percentage between 0 % and 100 %, such as 30 % (got \"1e309\")",
            ),
        ] {
            let err = spec.parse(typed).unwrap_err();
            assert_eq!(err.to_string(), message);
            assert_eq!(err.field(), Some(spec.name));
        }
    }

    #[test]
    fn values_are_typed_and_shown_in_the_readers_units() {
        const DECISION: FieldSpec = FieldSpec::number(
            "decision_s",
            "Decision",
            900.0,
            0.0,
            86_400.0,
            Unit::Seconds,
            "",
        );
        assert_eq!(DECISION.parse("15 min"), Ok(Value::from(900.0)));
        assert_eq!(DECISION.default_text(), "15 min");
        assert_eq!(DECISION.range_text(), "0 s to 24 h");
        assert_eq!(SHARE.parse("30 %"), Ok(Value::from(0.3)));
        assert_eq!(SHARE.input_text(&Value::from(0.3)), "30 %");
        assert_eq!(BIG.parse("$5k"), Ok(Value::from(5_000.0)));
        assert_eq!(REGIONS.parse(" 3 "), Ok(Value::from(3u64)));
        assert_eq!(REGIONS.range_text(), "2–10");
    }
}
