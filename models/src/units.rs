//! Units of the models' inputs and outputs.
//!
//! The models compute in plain `f64` (so charts read numbers without
//! unwrapping); the unit travels beside the number, in the
//! [`FieldSpec`](crate::FieldSpec) of an input and in the
//! [`Figure`](crate::Figure) of an output, and decides how it is printed.

use serde::Serialize;

use crate::format;

/// The unit of an input or output number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Unit {
    /// US dollars per month.
    Dollars,
    /// US dollars per gigabyte.
    DollarsPerGb,
    /// Gigabytes per month.
    GbPerMonth,
    /// Seconds.
    Seconds,
    /// Minutes.
    Minutes,
    /// Percent, 0–100.
    Percent,
    /// A share of 1 (0–1), printed as a percentage.
    Fraction,
    /// A multiple (×).
    Ratio,
    /// A count of things (writes, outages).
    Count,
    /// Writes per second.
    PerSecond,
    /// Seconds of lag gained per second of wall time.
    SecondsPerSecond,
    /// Cloud regions.
    Regions,
    /// Users.
    Users,
    /// Events per year (outages, breaching months).
    PerYear,
    /// US dollars per year.
    DollarsPerYear,
    /// US dollars per hour (of an outage).
    DollarsPerHour,
    /// US dollars, once (a penalty per breaching month).
    DollarsEach,
    /// Hours.
    Hours,
    /// Yes or no.
    Bool,
    /// Words: a choice or a sentence.
    Text,
}

impl Unit {
    /// The short unit label shown next to an input ("$/month", "s", "%").
    pub fn label(self) -> &'static str {
        match self {
            Self::Dollars => "$/month",
            Self::DollarsPerGb => "$/GB",
            Self::GbPerMonth => "GB/month",
            Self::Seconds => "s",
            Self::Minutes => "min",
            Self::Percent => "%",
            Self::Fraction => "fraction",
            Self::Ratio => "×",
            Self::Count => "",
            Self::PerSecond => "writes/s",
            Self::SecondsPerSecond => "s/s",
            Self::Regions => "regions",
            Self::Users => "users",
            Self::PerYear => "per year",
            Self::DollarsPerYear => "$/year",
            Self::DollarsPerHour => "$/hour",
            Self::DollarsEach => "$",
            Self::Hours => "h",
            Self::Bool | Self::Text => "",
        }
    }

    /// What a form's label adds to a value the form shows in this unit
    /// ([`typed::show`](crate::typed::show) writes "$5,000", "15 min",
    /// "30 %"): the part of the unit the value does not carry ("per month"),
    /// or nothing, so no label repeats its unit ("Users (users)").
    pub fn label_hint(self) -> &'static str {
        match self {
            Self::Dollars | Self::GbPerMonth => "per month",
            Self::DollarsPerGb => "per GB",
            Self::PerSecond => "writes per second",
            Self::SecondsPerSecond => "seconds per second",
            Self::PerYear | Self::DollarsPerYear => "per year",
            Self::DollarsPerHour => "per hour",
            _ => "",
        }
    }

    /// Formats a number of this unit for people.
    pub fn format(self, value: f64) -> String {
        match self {
            Self::Dollars => format::money(value),
            Self::DollarsPerGb => format::price_per_gb(value),
            Self::GbPerMonth => format!("{} GB", format::count(value)),
            Self::Seconds => format::duration(value),
            Self::Minutes => format::minutes(value),
            Self::Percent => format::percent(value),
            Self::Fraction => format::share(value),
            Self::Ratio => format::ratio(value),
            Self::PerSecond => format!("{}/s", format::count(value)),
            Self::SecondsPerSecond => format!("{} s/s", format::plain(value)),
            Self::PerYear => format::rate(value),
            Self::DollarsPerYear | Self::DollarsPerHour | Self::DollarsEach => format::money(value),
            Self::Hours => format::duration(value * 3_600.0),
            Self::Count | Self::Regions | Self::Users => format::count(value),
            Self::Bool => if value != 0.0 { "yes" } else { "no" }.to_owned(),
            Self::Text => format::plain(value),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn units_format() {
        assert_eq!(Unit::GbPerMonth.format(30_000.0), "30,000 GB");
        assert_eq!(Unit::Fraction.format(0.3), "30 %");
        assert_eq!(Unit::PerSecond.format(50.0), "50/s");
        assert_eq!(Unit::Bool.format(1.0), "yes");
    }
}
