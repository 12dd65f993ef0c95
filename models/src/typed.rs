//! Values as people type them, and as a form shows them.
//!
//! One parser for the command line (`--decision-s "15 min"`), the page's
//! form and a shared link, so the three accept the same text: `15 min`,
//! `2 h`, `1 h 30 min`, `30 %`, `0.3`, `5,000`, `$5k`, `99.99 %`. What a
//! unit accepts:
//!
//! - every number: an optional sign, digits grouped by commas in threes or
//!   not at all (`5,000`, `5000`; `5,00` is refused, it may be a decimal
//!   comma), a fraction, an exponent (`1e6`); a number too large to be
//!   finite is refused, never read as infinity;
//! - durations ([`Unit::Seconds`], [`Unit::Minutes`], [`Unit::Hours`]): one
//!   or more parts with units (`ms`, `s`, `min`, `h`, `d`, `w` and their
//!   spelled-out forms); a bare number is in the field's own unit;
//! - [`Unit::Percent`]: `99.99` or `99.99 %`; [`Unit::Fraction`] (a share of
//!   1): `0.3` or `30 %`;
//! - money: an optional `$`, a `k` or `M` multiplier (`$5k`, `$1.2M`) and the
//!   unit's own tail (`/month`, `/GB`); gigabytes take `GB` or `TB`;
//! - counts and rates: a `k` or `M` multiplier and their unit word
//!   (`3 regions`, `50/s`).
//!
//! [`show`] writes a value the way the form shows it ("15 min", "30 %",
//! "$5,000"), and always as text that [`parse`] reads back to the very same
//! number: where the friendly form would not, it falls back to the plain
//! number in the field's own unit.
//!
//! Powers of ten (`%`, `k`, `M`) are applied to the decimal text, not by
//! arithmetic, so `30 %` is exactly the number `0.3` and `12.5 %` exactly
//! `0.125`.

use crate::Unit;

/// A number as typed: its decimal text (sign, digits, fraction) and a power
/// of ten to apply to it.
#[derive(Debug, Clone, PartialEq)]
struct Decimal {
    text: String,
    exponent: i64,
}

impl Decimal {
    /// The nearest `f64`, or `None` when it is not finite.
    fn value(&self, shift: i64) -> Option<f64> {
        let exponent = self.exponent.checked_add(shift)?;
        let n: f64 = format!("{}e{exponent}", self.text).parse().ok()?;
        n.is_finite().then_some(if n == 0.0 { 0.0 } else { n })
    }
}

/// Reads a number at the start of `s`: returns it and the rest of `s`.
fn number(s: &str) -> Option<(Decimal, &str)> {
    let b = s.as_bytes();
    let mut i = 0;
    let mut text = String::new();
    if let Some(rest) = s.strip_prefix('\u{2212}') {
        // A typographic minus, as the page prints negative deltas.
        return number(rest).map(|(mut d, rest)| {
            d.text.insert(0, '-');
            (d, rest)
        });
    }
    if i < b.len() && (b[i] == b'-' || b[i] == b'+') {
        if b[i] == b'-' {
            text.push('-');
        }
        i += 1;
    }
    let int_start = i;
    let mut groups = Vec::new();
    let mut group = 0;
    while i < b.len() && (b[i].is_ascii_digit() || (b[i] == b',' && group > 0)) {
        if b[i] == b',' {
            groups.push(group);
            group = 0;
        } else {
            text.push(char::from(b[i]));
            group += 1;
        }
        i += 1;
    }
    groups.push(group);
    // Thousands separators: a first group of 1–3 digits, then threes.
    if groups.len() > 1 && (groups[0] > 3 || groups[1..].iter().any(|&g| g != 3)) {
        return None;
    }
    let mut digits = i > int_start;
    if i < b.len() && b[i] == b'.' {
        text.push('.');
        i += 1;
        let frac_start = i;
        while i < b.len() && b[i].is_ascii_digit() {
            text.push(char::from(b[i]));
            i += 1;
        }
        digits |= i > frac_start;
    }
    if !digits {
        return None;
    }
    let mut exponent = 0;
    if i < b.len() && (b[i] == b'e' || b[i] == b'E') {
        let (sign, start) = match b.get(i + 1) {
            Some(b'-') => (-1, i + 2),
            Some(b'+') => (1, i + 2),
            _ => (1, i + 1),
        };
        let end = start + b[start..].iter().take_while(|c| c.is_ascii_digit()).count();
        if end > start {
            // Six digits are plenty: anything longer is over or under any f64.
            let e: i64 = s[start..end.min(start + 6)].parse().ok()?;
            exponent = sign * if end - start > 6 { 999_999 } else { e };
            i = end;
        }
    }
    Some((Decimal { text, exponent }, &s[i..]))
}

/// A multiplier written after a number: `k` (thousand) or `M` (million).
fn multiplier(rest: &str) -> (i64, &str) {
    let trimmed = rest.trim_start();
    for (suffix, shift) in [("k", 3), ("K", 3), ("M", 6)] {
        if let Some(after) = trimmed.strip_prefix(suffix) {
            // `k` must stand alone (`5k`, `5 k/month`), not start a word.
            if !after.starts_with(|c: char| c.is_ascii_alphabetic()) {
                return (shift, after);
            }
        }
    }
    (0, rest)
}

/// `text` without spaces, lower-cased, for comparing unit words.
fn squash(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

/// The words a unit's number may be followed by (squashed), besides none.
fn tails(unit: Unit) -> &'static [&'static str] {
    match unit {
        Unit::Dollars => &["/month", "/mo", "permonth", "amonth", "$/month"],
        Unit::DollarsPerGb => &["/gb", "pergb", "$/gb"],
        Unit::DollarsPerYear => &["/year", "/yr", "peryear", "ayear"],
        Unit::DollarsPerHour => &["/hour", "/h", "/hr", "perhour", "anhour"],
        Unit::PerSecond => &["/s", "persecond", "writes/s", "w/s", "writespersecond"],
        Unit::SecondsPerSecond => &["s/s"],
        Unit::Regions => &["region", "regions"],
        Unit::Users => &["user", "users"],
        Unit::PerYear => &["/year", "/yr", "peryear", "ayear"],
        Unit::Ratio => &["×", "x"],
        _ => &[],
    }
}

fn is_money(unit: Unit) -> bool {
    matches!(
        unit,
        Unit::Dollars
            | Unit::DollarsPerGb
            | Unit::DollarsPerYear
            | Unit::DollarsPerHour
            | Unit::DollarsEach
    )
}

/// Seconds in one of a duration unit's words.
fn duration_unit(word: &str) -> Option<f64> {
    Some(match word {
        "ms" | "msec" | "millisecond" | "milliseconds" => 0.001,
        "s" | "sec" | "secs" | "second" | "seconds" => 1.0,
        "m" | "min" | "mins" | "minute" | "minutes" => 60.0,
        "h" | "hr" | "hrs" | "hour" | "hours" => 3_600.0,
        "d" | "day" | "days" => 86_400.0,
        "w" | "wk" | "week" | "weeks" => 604_800.0,
        _ => return None,
    })
}

/// Seconds in one of the unit's own.
fn seconds_per(unit: Unit) -> Option<f64> {
    match unit {
        Unit::Seconds => Some(1.0),
        Unit::Minutes => Some(60.0),
        Unit::Hours => Some(3_600.0),
        _ => None,
    }
}

/// A duration in `base` seconds per unit: `15 min`, `1 h 30 min`, `90`.
fn duration(text: &str, base: f64) -> Option<f64> {
    let mut rest = text;
    let mut total = 0.0;
    let mut parts = 0;
    while !rest.is_empty() {
        let (n, after) = number(rest)?;
        let after = after.trim_start();
        let word_len = after
            .find(|c: char| !c.is_ascii_alphabetic())
            .unwrap_or(after.len());
        let word = after[..word_len].to_ascii_lowercase();
        let value = match (word.as_str(), duration_unit(&word)) {
            ("", _) if parts == 0 && after.is_empty() => n.value(0)?,
            (_, Some(per)) if per == base => n.value(0)?,
            // Milliseconds of a seconds field: a power of ten, kept exact.
            (_, Some(per)) if per == 0.001 && base == 1.0 => n.value(-3)?,
            (_, Some(per)) => n.value(0)? * per / base,
            _ => return None,
        };
        total += value;
        parts += 1;
        rest = after[word_len..].trim_start();
    }
    (parts > 0 && total.is_finite()).then_some(total)
}

/// Parses text typed for a number of `unit`; `None` when it is not one.
pub fn parse(unit: Unit, text: &str) -> Option<f64> {
    let text = text.trim();
    if let Some(base) = seconds_per(unit) {
        return duration(text, base);
    }
    let text = if is_money(unit) {
        text.strip_prefix('$').unwrap_or(text).trim_start()
    } else {
        text
    };
    let (n, rest) = number(text)?;
    let rest = rest.trim_start();
    let (shift, rest) = match unit {
        Unit::Fraction => match rest.strip_prefix('%') {
            Some(after) => (-2, after),
            None => (0, rest),
        },
        Unit::Percent => (0, rest.strip_prefix('%').unwrap_or(rest)),
        Unit::GbPerMonth => {
            let (shift, rest) = multiplier(rest);
            let tail = squash(rest);
            let tail = tail.strip_suffix("/month").unwrap_or(&tail);
            match tail {
                "" | "gb" => return n.value(shift),
                "tb" => return n.value(shift + 3),
                _ => return None,
            }
        }
        _ => multiplier(rest),
    };
    let tail = squash(rest);
    (tail.is_empty() || tails(unit).contains(&tail.as_str()))
        .then(|| n.value(shift))
        .flatten()
}

/// An example of what a unit accepts, for messages ("such as 15 min").
pub fn example(unit: Unit) -> Option<&'static str> {
    match unit {
        Unit::Seconds | Unit::Minutes | Unit::Hours => Some("15 min or 2 h"),
        Unit::Percent => Some("99.99 %"),
        Unit::Fraction => Some("30 %"),
        Unit::Dollars | Unit::DollarsPerYear | Unit::DollarsEach => Some("$5,000"),
        Unit::DollarsPerHour => Some("$10,000"),
        Unit::DollarsPerGb => Some("$0.02"),
        Unit::GbPerMonth => Some("30,000 GB"),
        _ => None,
    }
}

/// A value as the form shows it, in text [`parse`] reads back exactly:
/// "15 min", "23 min 30 s", "30 %", "99.99 %", "$5,000", "30,000 GB", "5,000".
pub fn show(unit: Unit, value: f64) -> String {
    if !value.is_finite() {
        return "not a finite number".to_owned();
    }
    let value = if value == 0.0 { 0.0 } else { value };
    let friendly = match unit {
        Unit::Seconds | Unit::Minutes | Unit::Hours => {
            let per = seconds_per(unit).unwrap_or(1.0);
            duration_text(value * per).unwrap_or_default()
        }
        Unit::Percent => format!("{} %", plain(value, 0)),
        Unit::Fraction => format!("{} %", plain(value, 2)),
        Unit::GbPerMonth => format!("{} GB", grouped(value)),
        _ if is_money(unit) => {
            let sign = if value < 0.0 { "-" } else { "" };
            format!("{sign}${}", grouped(value.abs()))
        }
        _ => grouped(value),
    };
    if parse(unit, &friendly) == Some(value) {
        return friendly;
    }
    // The shortest text that reads back as the same f64, in the field's own
    // unit: exact, if less friendly ("52.56 min", "0.123456789").
    let own = match unit {
        Unit::Seconds => " s",
        Unit::Minutes => " min",
        Unit::Hours => " h",
        Unit::Percent => " %",
        _ => "",
    };
    format!("{}{own}", plain(value, 0))
}

/// `value` × 10^`shift` written out in decimal, from its shortest text
/// (moving the point, not multiplying, so nothing is rounded). Rust's
/// `Display` of an `f64` is that shortest text, never in exponent form.
fn plain(value: f64, shift: usize) -> String {
    if value == 0.0 {
        return "0".to_owned();
    }
    let text = crate::format::shortest(value.abs());
    let (int, frac) = text.split_once('.').unwrap_or((&text, ""));
    let mut digits = format!("{int}{frac}");
    let mut point = int.len() + shift;
    while digits.len() < point {
        digits.push('0');
    }
    let (int, frac) = digits.split_at(point);
    let int = int.trim_start_matches('0');
    point = int.len();
    let frac = frac.trim_end_matches('0');
    let sign = if value < 0.0 { "-" } else { "" };
    match (point, frac.is_empty()) {
        (0, _) => format!("{sign}0.{frac}"),
        (_, true) => format!("{sign}{int}"),
        _ => format!("{sign}{int}.{frac}"),
    }
}

/// A non-negative number with its whole part grouped: "5,000", "1,234.5".
fn grouped(value: f64) -> String {
    let text = plain(value.abs(), 0);
    let (int, frac) = match text.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (text.as_str(), None),
    };
    let mut out = String::with_capacity(text.len() + text.len() / 3 + 1);
    if value < 0.0 {
        out.push('-');
    }
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    if let Some(frac) = frac {
        out.push('.');
        out.push_str(frac);
    }
    out
}

/// Seconds as parts: "15 min", "23 min 30 s", "2 h", "3 d 6 h", "0.5 s".
/// Whole parts from days down; a fraction of a second only below a minute
/// (`None` otherwise: "1 min 0.30000000000000004 s" helps nobody).
fn duration_text(seconds: f64) -> Option<String> {
    if seconds < 0.0 {
        return duration_text(-seconds).map(|t| format!("-{t}"));
    }
    if seconds >= 60.0 && seconds.fract() != 0.0 {
        return None;
    }
    // Below two days, hours read better than "1 d 4 h" ("24 h", "36 h").
    let units: &[(f64, &str)] = if seconds < 172_800.0 {
        &[(3_600.0, "h"), (60.0, "min")]
    } else {
        &[(86_400.0, "d"), (3_600.0, "h"), (60.0, "min")]
    };
    let mut rest = seconds;
    let mut parts = Vec::new();
    for &(size, name) in units {
        let n = libm::floor(rest / size);
        if n >= 1.0 {
            parts.push(format!("{} {name}", plain(n, 0)));
            rest -= n * size;
        }
    }
    if rest > 0.0 || parts.is_empty() {
        parts.push(format!("{} s", plain(rest, 0)));
    }
    Some(parts.join(" "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_people_type() {
        let s = |t| parse(Unit::Seconds, t);
        assert_eq!(s("15 min"), Some(900.0));
        assert_eq!(s("15min"), Some(900.0));
        assert_eq!(s("2 h"), Some(7_200.0));
        assert_eq!(s("1 h 30 min"), Some(5_400.0));
        assert_eq!(s("1h30m"), Some(5_400.0));
        assert_eq!(s("8 min 30 s"), Some(510.0));
        assert_eq!(s("900"), Some(900.0));
        assert_eq!(s(" 90 s "), Some(90.0));
        assert_eq!(s("1 d"), Some(86_400.0));
        assert_eq!(s("2.5 h"), Some(9_000.0));
        assert_eq!(s("1,440 min"), Some(86_400.0));
        assert_eq!(s("12 ms"), Some(0.012));
        assert_eq!(s("1 week"), Some(604_800.0));
        for bad in [
            "",
            "abc",
            "15 parsecs",
            "15 min 3",
            "min",
            "1e999 s",
            "NaN",
            "inf",
            "--5",
            "0x1F",
        ] {
            assert_eq!(s(bad), None, "{bad}");
        }
        assert_eq!(parse(Unit::Minutes, "12 h 10 min"), Some(730.0));
        assert_eq!(parse(Unit::Minutes, "730"), Some(730.0));
        assert_eq!(parse(Unit::Minutes, "90 s"), Some(1.5));
    }

    #[test]
    fn shares_percentages_and_money() {
        assert_eq!(parse(Unit::Fraction, "30 %"), Some(0.3));
        assert_eq!(parse(Unit::Fraction, "30%"), Some(0.3));
        assert_eq!(parse(Unit::Fraction, "0.3"), Some(0.3));
        assert_eq!(parse(Unit::Fraction, "12.5 %"), Some(0.125));
        assert_eq!(parse(Unit::Percent, "99.99 %"), Some(99.99));
        assert_eq!(parse(Unit::Percent, "99.99"), Some(99.99));
        assert_eq!(parse(Unit::Dollars, "5,000"), Some(5_000.0));
        assert_eq!(parse(Unit::Dollars, "$5,000"), Some(5_000.0));
        assert_eq!(parse(Unit::Dollars, "$5000"), Some(5_000.0));
        assert_eq!(parse(Unit::Dollars, "$5k"), Some(5_000.0));
        assert_eq!(parse(Unit::Dollars, "$1.2M"), Some(1_200_000.0));
        assert_eq!(parse(Unit::Dollars, "$5,000/month"), Some(5_000.0));
        assert_eq!(parse(Unit::Dollars, "1,000.5"), Some(1_000.5));
        assert_eq!(parse(Unit::DollarsPerGb, "$0.02/GB"), Some(0.02));
        assert_eq!(parse(Unit::GbPerMonth, "30,000 GB"), Some(30_000.0));
        assert_eq!(parse(Unit::GbPerMonth, "30 TB"), Some(30_000.0));
        assert_eq!(parse(Unit::Users, "5,000"), Some(5_000.0));
        assert_eq!(parse(Unit::Users, "2M users"), Some(2_000_000.0));
        assert_eq!(parse(Unit::Regions, "3 regions"), Some(3.0));
        assert_eq!(parse(Unit::PerSecond, "50/s"), Some(50.0));
        assert_eq!(parse(Unit::Count, "-0"), Some(0.0));
        for bad in [
            "5,00",
            "1,5",
            "5,0000",
            "$",
            "5 dollars",
            "50%%",
            "１２",
            "😀",
            "1e309",
            "$5kk",
        ] {
            assert_eq!(parse(Unit::Dollars, bad), None, "{bad}");
        }
        assert_eq!(parse(Unit::Dollars, "30 %"), None);
        assert_eq!(parse(Unit::Regions, "3 users"), None);
    }

    #[test]
    fn values_show_in_the_readers_units() {
        assert_eq!(show(Unit::Seconds, 900.0), "15 min");
        assert_eq!(show(Unit::Seconds, 1_410.0), "23 min 30 s");
        assert_eq!(show(Unit::Seconds, 86_400.0), "24 h");
        assert_eq!(show(Unit::Seconds, 604_800.0), "7 d");
        assert_eq!(show(Unit::Seconds, 0.0), "0 s");
        assert_eq!(show(Unit::Seconds, 0.5), "0.5 s");
        assert_eq!(show(Unit::Minutes, 730.0), "12 h 10 min");
        assert_eq!(show(Unit::Fraction, 0.3), "30 %");
        assert_eq!(show(Unit::Fraction, 0.05), "5 %");
        assert_eq!(show(Unit::Fraction, 1.0), "100 %");
        assert_eq!(show(Unit::Fraction, 0.0), "0 %");
        assert_eq!(show(Unit::Dollars, 0.0), "$0");
        assert_eq!(show(Unit::Percent, 99.99), "99.99 %");
        assert_eq!(show(Unit::Dollars, 5_000.0), "$5,000");
        assert_eq!(show(Unit::Dollars, 10_000_000.0), "$10,000,000");
        assert_eq!(show(Unit::DollarsPerGb, 0.02), "$0.02");
        assert_eq!(show(Unit::GbPerMonth, 30_000.0), "30,000 GB");
        assert_eq!(show(Unit::Users, 10_000_000_000.0), "10,000,000,000");
        assert_eq!(show(Unit::Count, 3.0), "3");
        assert_eq!(show(Unit::PerYear, 0.5), "0.5");
    }

    #[test]
    fn everything_shown_reads_back_exactly() {
        let units = [
            Unit::Seconds,
            Unit::Minutes,
            Unit::Hours,
            Unit::Percent,
            Unit::Fraction,
            Unit::Dollars,
            Unit::DollarsPerGb,
            Unit::GbPerMonth,
            Unit::Users,
            Unit::PerYear,
            Unit::SecondsPerSecond,
        ];
        let values = [
            0.0,
            0.001,
            0.1,
            0.3,
            0.123_456_789,
            1.0,
            1.5,
            52.56,
            59.999,
            99.995,
            1_410.0,
            7_650.5,
            86_399.0,
            1e-7,
            1e15,
            1e20,
            2_592_000.0,
            0.1 + 0.2,
        ];
        for unit in units {
            for v in values {
                let text = show(unit, v);
                assert_eq!(parse(unit, &text), Some(v), "{unit:?} {v} as {text:?}");
            }
        }
    }
}
