//! What a form shows reads back as the same number, for every numeric input
//! of every model, and no text at all makes the parser panic or echo a
//! non-finite number.

use proptest::prelude::*;
use regionwise_models::{FieldKind, FieldSpec, MODELS};
use serde_json::Value;

fn numeric_fields() -> Vec<&'static FieldSpec> {
    MODELS
        .iter()
        .flat_map(|m| m.fields.iter())
        .filter(|f| matches!(f.kind, FieldKind::Number | FieldKind::Integer))
        .collect()
}

fn field_and_value() -> impl Strategy<Value = (&'static FieldSpec, f64)> {
    prop::sample::select(numeric_fields()).prop_flat_map(|spec| {
        let values = if spec.kind == FieldKind::Integer {
            (spec.min as u64..=spec.max as u64)
                .prop_map(|n| n as f64)
                .boxed()
        } else {
            prop_oneof![
                spec.min..=spec.max,
                // Round numbers, as people pick them.
                (0u32..=1000)
                    .prop_map(move |k| spec.min + (spec.max - spec.min) * f64::from(k) / 1000.0),
            ]
            .boxed()
        };
        (Just(spec), values)
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn shown_values_read_back_exactly((spec, value) in field_and_value()) {
        let json = if spec.kind == FieldKind::Integer { Value::from(value as u64) } else { Value::from(value) };
        let text = spec.input_text(&json);
        prop_assert_eq!(spec.parse(&text), Ok(json), "{} shown as {:?}", spec.name, text);
    }

    #[test]
    fn any_text_is_a_value_or_a_message(
        spec in prop::sample::select(numeric_fields()),
        text in "\\PC{0,24}|[-+$0-9., %kKMmshd]{0,16}",
    ) {
        match spec.parse(&text) {
            Ok(value) => {
                let n = value.as_f64().unwrap();
                prop_assert!(n.is_finite() && n >= spec.min && n <= spec.max);
            }
            Err(err) => {
                let message = err.to_string();
                prop_assert!(message.starts_with(spec.label), "{}", message);
                // Only what was typed is echoed: "1e309" never becomes "inf".
                let typed = text.to_ascii_lowercase();
                for word in ["inf", "nan"] {
                    prop_assert!(typed.contains(word) || !message.to_ascii_lowercase().contains(word), "{}", message);
                }
            }
        }
    }
}
