//! The one error type of the models.
//!
//! Every error about an input names it by its label (what the reader sees
//! next to the field), says what was given and what is allowed, with numbers
//! grouped as the page prints them, because the same message reaches a
//! terminal (`regionwise calc`), a build log and a calculator form, and each
//! must be actionable on its own. [`ModelError::field`] still gives the
//! field's name, for the form to put the message next to its input.

use std::fmt;

use crate::{typed, Unit};

/// What went wrong with a model's input.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum ModelError {
    /// A number outside its range, NaN or infinite, or (`whole`) a count
    /// (regions, users, checks) that is not a whole number in range. The
    /// limits and the value are written in `unit`, as the form shows numbers
    /// ("between 0 % and 100 % (got 150 %)").
    OutOfRange {
        field: String,
        label: String,
        value: f64,
        min: f64,
        max: f64,
        unit: Unit,
        whole: bool,
    },
    /// A value of the wrong kind: text where a number is expected, a choice
    /// that is not on the list, a number that does not parse.
    InvalidValue {
        field: String,
        label: String,
        value: String,
        expected: String,
    },
    /// An input name the model does not have.
    UnknownField {
        model: String,
        field: String,
        known: Vec<&'static str>,
    },
    /// A model name that is not registered.
    UnknownModel {
        name: String,
        known: Vec<&'static str>,
    },
    /// A preset the model does not have.
    UnknownPreset {
        model: String,
        name: String,
        known: Vec<&'static str>,
    },
    /// Inputs that passed every field's check but still do not make the
    /// model's input (a bug in a field table, not a user error).
    InvalidInputs { model: String, message: String },
    /// A recommender rule set that cannot be evaluated (empty, duplicate ids,
    /// no catch-all row, a bad condition).
    InvalidRules { rule: String, message: String },
    /// A data record a model derives from (the outage record) that cannot be
    /// used: `item` names the entry, `message` what is wrong with it.
    InvalidData { item: String, message: String },
    /// Inputs that are each valid but contradict one another (stateless
    /// reads with real-time writes): the message says which and why, and
    /// `field` is the input to change.
    Contradiction { field: String, message: String },
}

impl ModelError {
    /// The input field (or rule id) the error is about, if it is about one.
    pub fn field(&self) -> Option<&str> {
        match self {
            Self::OutOfRange { field, .. }
            | Self::InvalidValue { field, .. }
            | Self::UnknownField { field, .. } => Some(field),
            Self::InvalidRules { rule, .. } => Some(rule),
            Self::Contradiction { field, .. } => Some(field),
            Self::UnknownPreset { .. } => Some("preset"),
            Self::UnknownModel { .. } | Self::InvalidInputs { .. } | Self::InvalidData { .. } => {
                None
            }
        }
    }

    /// A value of the wrong kind for something that is not a form field
    /// (a chart kind, a pattern id): its name is its label.
    pub(crate) fn invalid(
        field: &str,
        value: impl fmt::Display,
        expected: impl Into<String>,
    ) -> Self {
        Self::InvalidValue {
            field: field.to_owned(),
            label: field.to_owned(),
            value: value.to_string(),
            expected: expected.into(),
        }
    }
}

impl fmt::Display for ModelError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::OutOfRange {
                label,
                value,
                min,
                max,
                unit,
                whole,
                ..
            } => {
                let n = |v: &f64| typed::show(*unit, *v);
                let whole = if *whole { "a whole number " } else { "" };
                write!(
                    f,
                    "{label} must be {whole}between {} and {} (got {})",
                    n(min),
                    n(max),
                    n(value)
                )
            }
            Self::InvalidValue {
                label,
                value,
                expected,
                ..
            } => write!(f, "{label} must be {expected} (got {value:?})"),
            Self::UnknownField {
                model,
                field,
                known,
            } => write!(
                f,
                "{model} has no input `{field}`; its inputs are: {}",
                known.join(", ")
            ),
            Self::UnknownModel { name, known } => write!(
                f,
                "unknown model `{name}`; the models are: {}",
                known.join(", ")
            ),
            Self::UnknownPreset { model, name, known } if known.is_empty() => {
                write!(f, "{model} has no presets (got `{name}`)")
            }
            Self::UnknownPreset { model, name, known } => write!(
                f,
                "preset must be one of {} for {model} (got `{name}`)",
                known.join(", ")
            ),
            Self::InvalidInputs { model, message } => {
                write!(f, "{model}: the inputs do not fit the model ({message})")
            }
            Self::InvalidRules { rule, message } => {
                write!(f, "decision rule `{rule}`: {message}")
            }
            Self::InvalidData { item, message } => write!(f, "{item}: {message}"),
            Self::Contradiction { message, .. } => f.write_str(message),
        }
    }
}

impl std::error::Error for ModelError {}

#[cfg(test)]
mod tests {
    use super::*;

    fn out_of_range(value: f64) -> ModelError {
        ModelError::OutOfRange {
            field: "standby_fraction".into(),
            label: "Standby compute, share of primary".into(),
            value,
            min: 0.0,
            max: 1.0,
            unit: Unit::Fraction,
            whole: false,
        }
    }

    #[test]
    fn messages_name_the_label_and_the_field_is_kept_for_forms() {
        let err = out_of_range(1.5);
        assert_eq!(
            err.to_string(),
            "Standby compute, share of primary must be between 0 % and 100 % (got 150 %)"
        );
        assert_eq!(err.field(), Some("standby_fraction"));
    }

    #[test]
    fn non_finite_values_are_never_echoed_and_large_numbers_are_grouped() {
        for v in [f64::NAN, f64::INFINITY] {
            let text = out_of_range(v).to_string();
            assert!(text.ends_with("(got not a finite number)"), "{text}");
        }
        let err = ModelError::OutOfRange {
            field: "users".into(),
            label: "Users".into(),
            value: 20_000_000_000.0,
            min: 0.0,
            max: 10_000_000_000.0,
            unit: Unit::Users,
            whole: true,
        };
        assert_eq!(
            err.to_string(),
            "Users must be a whole number between 0 and 10,000,000,000 (got 20,000,000,000)"
        );
    }
}
