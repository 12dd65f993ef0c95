//! The one error type of the models.
//!
//! Every error says which field was wrong, what was given and what is allowed,
//! because the same message reaches a terminal (`regionwise calc`), a build log
//! and a calculator form, and each must be actionable on its own.

use std::fmt;

/// What went wrong with a model's input.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum ModelError {
    /// A number outside its range, NaN or infinite.
    OutOfRange {
        field: String,
        value: f64,
        min: f64,
        max: f64,
    },
    /// A count (regions, users, checks) that is not a whole number in range.
    NotWhole {
        field: String,
        value: f64,
        min: f64,
        max: f64,
    },
    /// A value of the wrong kind: text where a number is expected, a choice
    /// that is not on the list, a number that does not parse.
    InvalidValue {
        field: String,
        value: String,
        expected: String,
    },
    /// An input name the model does not have.
    UnknownField {
        model: String,
        field: String,
        known: Vec<&'static str>,
    },
    /// A model name that is not one of the five.
    UnknownModel { name: String },
    /// A preset the model does not have.
    UnknownPreset {
        model: String,
        name: String,
        known: Vec<&'static str>,
    },
    /// An output path (as used by `format_figure`) the model does not produce.
    UnknownFigure { model: String, path: String },
    /// A recommender rule set that cannot be evaluated (empty, duplicate ids,
    /// no catch-all row, a bad condition).
    InvalidRules { rule: String, message: String },
}

impl ModelError {
    /// The input field (or rule id) the error is about, if it is about one.
    pub fn field(&self) -> Option<&str> {
        match self {
            Self::OutOfRange { field, .. }
            | Self::NotWhole { field, .. }
            | Self::InvalidValue { field, .. }
            | Self::UnknownField { field, .. } => Some(field),
            Self::InvalidRules { rule, .. } => Some(rule),
            Self::UnknownPreset { .. } => Some("preset"),
            Self::UnknownModel { .. } | Self::UnknownFigure { .. } => None,
        }
    }

    pub(crate) fn invalid(
        field: &str,
        value: impl fmt::Display,
        expected: impl Into<String>,
    ) -> Self {
        Self::InvalidValue {
            field: field.to_owned(),
            value: value.to_string(),
            expected: expected.into(),
        }
    }
}

impl fmt::Display for ModelError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::OutOfRange {
                field,
                value,
                min,
                max,
            } => write!(f, "{field} must be between {min} and {max} (got {value})"),
            Self::NotWhole {
                field,
                value,
                min,
                max,
            } => write!(
                f,
                "{field} must be a whole number between {min} and {max} (got {value})"
            ),
            Self::InvalidValue {
                field,
                value,
                expected,
            } => write!(f, "{field} must be {expected} (got {value:?})"),
            Self::UnknownField {
                model,
                field,
                known,
            } => write!(
                f,
                "{model} has no input `{field}`; its inputs are: {}",
                known.join(", ")
            ),
            Self::UnknownModel { name } => write!(
                f,
                "unknown model `{name}`; the models are: cost, rpo, rto, availability, recommend"
            ),
            Self::UnknownPreset { model, name, known } if known.is_empty() => {
                write!(f, "{model} has no presets (got `{name}`)")
            }
            Self::UnknownPreset { model, name, known } => write!(
                f,
                "preset must be one of {} for {model} (got `{name}`)",
                known.join(", ")
            ),
            Self::UnknownFigure { model, path } => {
                write!(f, "{model} has no output figure `{path}`")
            }
            Self::InvalidRules { rule, message } => {
                write!(f, "decision rule `{rule}`: {message}")
            }
        }
    }
}

impl std::error::Error for ModelError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn range_message_matches_the_contract() {
        let err = ModelError::OutOfRange {
            field: "regions".into(),
            value: 11.0,
            min: 2.0,
            max: 10.0,
        };
        assert_eq!(err.to_string(), "regions must be between 2 and 10 (got 11)");
        assert_eq!(err.field(), Some("regions"));
    }

    #[test]
    fn nan_is_named() {
        let err = ModelError::OutOfRange {
            field: "sla".into(),
            value: f64::NAN,
            min: 0.0,
            max: 100.0,
        };
        assert_eq!(err.to_string(), "sla must be between 0 and 100 (got NaN)");
    }
}
