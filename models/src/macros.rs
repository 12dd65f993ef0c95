//! The three macros that keep each fact about a model in one place.
//!
//! - [`named_enum!`]: a closed set of words (a pattern, a replication mode):
//!   each variant's JSON id and reader-facing label, written once; serde,
//!   `ALL`, `id()`, `label()`, `Display`, `FromStr` and the form's choices
//!   follow from it.
//! - [`inputs!`]: a model's input struct and its field table in one
//!   declaration: the struct, its `Default`, the [`FieldSpec`] table and
//!   `validate()` all come from it, so no name, default or range is written
//!   twice.
//! - [`fig!`]: one line of an output's [`Figures`] table, its JSON key taken
//!   from the struct field it reads.
//!
//! [`FieldSpec`]: crate::FieldSpec
//! [`Figures`]: crate::Figures

/// Reader-facing prose that only the site and the command line show (an
/// input's help, a model's title, summary and assumptions): the page has it
/// pre-rendered, so
/// the wasm build leaves it out (the field table it carries has empty help) and
/// stays within the calculators' size budget.
macro_rules! prose {
    ($text:expr) => {
        if cfg!(target_arch = "wasm32") {
            ""
        } else {
            $text
        }
    };
}

/// A calculator's [`Headline`](crate::Headline): only the site shows it
/// (pre-rendered beside the inputs), so the wasm build carries an empty one,
/// as it does [`prose!`].
/// Each figure is `(path, label)`, or `(path, label, narrow)` with a shorter
/// label for a phone's bar.
macro_rules! headline {
    ($caption:expr, [$(($path:expr, $label:expr $(, $narrow:expr)?)),+ $(,)?] $(,)?) => {
        if cfg!(target_arch = "wasm32") {
            $crate::registry::Headline { caption: "", figures: &[] }
        } else {
            $crate::registry::Headline {
                caption: $caption,
                figures: &[$($crate::registry::HeadlineFigure {
                    path: $path,
                    label: $label,
                    narrow: headline!(@narrow $($narrow)?),
                }),+],
            }
        }
    };
    (@narrow) => { None };
    (@narrow $narrow:expr) => { Some($narrow) };
}

/// Counts its arguments (for array lengths).
macro_rules! count {
    () => { 0 };
    ($head:tt $($tail:tt)*) => { 1 + count!($($tail)*) };
}

/// An enum of named values:
///
/// ```ignore
/// named_enum! {
///     /// How the recovery region receives data.
///     pub enum RpoMode in "mode" {
///         /// Asynchronous replication.
///         Async = "async", "Asynchronous";
///         Sync = "sync", "Synchronous (consensus)";
///     }
/// }
/// ```
///
/// `"mode"` names the value in a [`ModelError`](crate::ModelError) when a
/// string does not parse.
macro_rules! named_enum {
    (
        $(#[$meta:meta])*
        pub enum $name:ident in $what:literal {
            $( $(#[$vmeta:meta])* $variant:ident = $id:literal, $label:literal; )+
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
        pub enum $name {
            $( $(#[$vmeta])* #[serde(rename = $id)] $variant, )+
        }

        impl $name {
            /// Every value, in declaration order.
            pub const ALL: [Self; count!($($variant)+)] = [$(Self::$variant),+];

            /// Every id (the JSON and command-line spelling), in order.
            pub const IDS: [&'static str; count!($($variant)+)] = [$($id),+];

            /// The values as a form offers them.
            pub const CHOICES: &'static [$crate::fields::Choice] =
                &[$($crate::fields::Choice { value: $id, label: $label }),+];

            /// The JSON and command-line spelling.
            pub const fn id(self) -> &'static str {
                match self {
                    $(Self::$variant => $id,)+
                }
            }

            /// The name a reader sees.
            pub const fn label(self) -> &'static str {
                match self {
                    $(Self::$variant => $label,)+
                }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.id())
            }
        }

        impl std::str::FromStr for $name {
            type Err = $crate::ModelError;

            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Self::ALL.into_iter().find(|v| v.id() == s).ok_or_else(|| {
                    $crate::ModelError::invalid($what, s, format!("one of {}", Self::IDS.join(", ")))
                })
            }
        }

        impl $crate::fields::AsNumber for $name {
            fn as_number(&self) -> Option<f64> {
                None
            }
        }

        impl $crate::fields::JsonField for $name {
            fn to_json(&self) -> serde_json::Value {
                serde_json::Value::from(self.id())
            }
            fn from_json(value: &serde_json::Value) -> Option<Self> {
                let id = value.as_str()?;
                Self::ALL.into_iter().find(|v| v.id() == id)
            }
        }

        impl From<&$name> for $crate::figures::FigureValue {
            fn from(value: &$name) -> Self {
                Self::Text(value.id().to_owned())
            }
        }
    };
}

/// A model's inputs: the struct, its field table, `Default` and `validate()`
/// from one declaration. Each field is
///
/// ```ignore
/// /// Doc comment of the struct field.
/// name: Type = kind(default, ..., "Label", "Help sentence."),
/// ```
///
/// with `kind` one of `number(default, min, max, Unit)`,
/// `integer(default, min, max, Unit)`, `choice(Enum::Variant)` (the enum
/// from [`named_enum!`]) or `boolean(default)`, each followed by the label
/// and the help. The JSON key and `--flag` are the field's name.
macro_rules! inputs {
    (
        $(#[$meta:meta])*
        pub struct $name:ident {
            $(
                $(#[$fmeta:meta])*
                $field:ident : $ty:ty = $kind:ident ( $($args:tt)* ),
            )+
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
        #[serde(default, deny_unknown_fields)]
        pub struct $name {
            $( $(#[$fmeta])* pub $field: $ty, )+
        }

        impl Default for $name {
            fn default() -> Self {
                Self { $( $field: inputs!(@default $kind($($args)*)), )+ }
            }
        }

        impl $crate::fields::Inputs for $name {
            const FIELDS: &'static [$crate::FieldSpec] =
                &[$( inputs!(@spec $field, $ty, $kind($($args)*)), )+];

            fn validate(&self) -> Result<(), $crate::ModelError> {
                use $crate::fields::AsNumber as _;
                let numbers = [$( self.$field.as_number(), )+];
                for (spec, value) in Self::FIELDS.iter().zip(numbers) {
                    if let Some(value) = value {
                        spec.check(value)?;
                    }
                }
                Ok(())
            }

            fn to_map(&self) -> serde_json::Map<String, serde_json::Value> {
                use $crate::fields::JsonField as _;
                let mut map = serde_json::Map::new();
                $( map.insert(stringify!($field).to_owned(), self.$field.to_json()); )+
                map
            }

            fn from_map(map: &serde_json::Map<String, serde_json::Value>) -> Option<Self> {
                use $crate::fields::JsonField;
                Some(Self {
                    $( $field: JsonField::from_json(map.get(stringify!($field))?)?, )+
                })
            }
        }
    };

    (@default $kind:ident ($default:expr $(, $rest:expr)* $(,)?)) => { $default };

    (@spec $field:ident, $ty:ty, number($default:expr, $min:expr, $max:expr, $unit:ident, $label:expr, $help:expr $(,)?)) => {
        $crate::FieldSpec::number(stringify!($field), $label, $default, $min, $max, $crate::Unit::$unit, prose!($help))
    };
    (@spec $field:ident, $ty:ty, integer($default:expr, $min:expr, $max:expr, $unit:ident, $label:expr, $help:expr $(,)?)) => {
        $crate::FieldSpec::integer(stringify!($field), $label, $default, $min, $max, $crate::Unit::$unit, prose!($help))
    };
    (@spec $field:ident, $ty:ty, choice($default:expr, $label:expr, $help:expr $(,)?)) => {
        $crate::FieldSpec::choice(stringify!($field), $label, <$ty>::CHOICES, $default.id(), prose!($help))
    };
    (@spec $field:ident, $ty:ty, boolean($default:expr, $label:expr, $help:expr $(,)?)) => {
        $crate::FieldSpec::boolean(stringify!($field), $label, $default, prose!($help))
    };
}

/// One line of a [`Figures`](crate::Figures) table; the JSON key is the
/// name of the field read, so the two cannot drift apart:
///
/// ```ignore
/// fig!(c, self.rto_s, "RTO", Seconds);                  // a figure
/// fig!(c, self.pattern, detail "Pattern", Text);        // formattable, not listed
/// fig!(c, self.steps, group "Failover steps");          // a nested table
/// fig!(c, self.reasons, list "What decided it");        // a list of sentences
/// fig!(c, self.curve, series "traffic curve");          // points, not listed
/// ```
macro_rules! fig {
    ($c:ident, $s:ident . $field:ident, group $label:expr) => {
        $c.group(stringify!($field), $label, &$s.$field)
    };
    ($c:ident, $s:ident . $field:ident, list $label:expr) => {
        $c.list(stringify!($field), $label, &$s.$field)
    };
    ($c:ident, $s:ident . $field:ident, series $label:expr) => {
        $c.series(stringify!($field), $label, &$s.$field)
    };
    ($c:ident, $s:ident . $field:ident, detail $label:expr, $unit:ident) => {
        $c.detail(stringify!($field), $label, $crate::Unit::$unit, &$s.$field)
    };
    ($c:ident, $s:ident . $field:ident, $label:expr, $unit:ident) => {
        $c.figure(stringify!($field), $label, $crate::Unit::$unit, &$s.$field)
    };
}
