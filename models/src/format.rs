//! Numbers for people: "$10,900", "8 min 30 s", "99.995 %", "1.51×", "1,900".
//!
//! Pure string functions, no locale: the page, the terminal and the wasm
//! calculator must print the same text for the same number. Non-finite values
//! never reach here from the models, but the functions still print them
//! plainly rather than panic.

/// Whole dollars with thousands separators ("$10,900"); cents only below $100
/// when there are any ("$12.50"), so small line items are not rounded away.
pub fn money(dollars: f64) -> String {
    if !dollars.is_finite() {
        return format!("${}", shortest(dollars));
    }
    let sign = if dollars < 0.0 { "-" } else { "" };
    let abs = dollars.abs();
    let cents = libm::round(abs * 100.0) / 100.0;
    if cents < 100.0 && cents.fract() != 0.0 {
        format!("{sign}${}", fixed(cents, 2))
    } else {
        format!("{sign}${}", grouped(libm::round(abs)))
    }
}

/// A price per gigabyte: "$0.02/GB", "$0.015/GB".
pub fn price_per_gb(dollars: f64) -> String {
    let text = trim_zeros(&fixed(dollars, 4));
    let text = match text.split_once('.') {
        Some((_, frac)) if frac.len() == 1 => format!("{text}0"),
        None => format!("{text}.00"),
        _ => text,
    };
    format!("${text}/GB")
}

/// A duration: "38 s", "8 min 30 s", "2 h", "2 h 8 min", "3 d 4 h".
///
/// Rounding happens once, on the total, so 59.6 s reads "1 min" and never
/// "60 s"; a smaller unit that rounds to zero is left out ("4 h", not
/// "4 h 0 min"). Below ten seconds one decimal is kept ("1.5 s").
pub fn duration(seconds: f64) -> String {
    if !seconds.is_finite() {
        return format!("{} s", shortest(seconds));
    }
    if seconds < 0.0 {
        return format!("-{}", duration(-seconds));
    }
    if seconds < 9.95 && libm::round(seconds) != seconds {
        return format!("{} s", trim_zeros(&fixed(seconds, 1)));
    }
    let whole = libm::round(seconds);
    if whole < 60.0 {
        return format!("{} s", whole as i64);
    }
    if whole < 3600.0 {
        let minutes = libm::floor(whole / 60.0);
        return two_units(
            &format!("{} min", minutes as i64),
            whole - minutes * 60.0,
            "s",
        );
    }
    let total_min = libm::round(seconds / 60.0);
    if total_min < 48.0 * 60.0 {
        let hours = libm::floor(total_min / 60.0);
        return two_units(
            &format!("{} h", hours as i64),
            total_min - hours * 60.0,
            "min",
        );
    }
    let total_h = libm::round(seconds / 3600.0);
    let days = libm::floor(total_h / 24.0);
    two_units(&format!("{} d", grouped(days)), total_h - days * 24.0, "h")
}

/// "8 min" and 30 → "8 min 30 s"; a zero remainder is left out.
fn two_units(first: &str, rest: f64, unit: &str) -> String {
    if rest == 0.0 {
        first.to_owned()
    } else {
        format!("{first} {} {unit}", rest as i64)
    }
}

/// A duration given in minutes (downtime budgets), printed like [`duration`].
pub fn minutes(minutes: f64) -> String {
    duration(minutes * 60.0)
}

/// A percentage with enough decimals to tell 99.99 from 99.995.
///
/// The decimals follow the distance to the nearer end of the scale (0 or
/// 100): two significant digits of it are shown, then trailing zeros are
/// dropped. So 99.99 → "99.99 %", 99.995 → "99.995 %", 99.99543 → "99.9954 %",
/// 30 → "30 %", 0.5 → "0.5 %".
pub fn percent(pct: f64) -> String {
    if !pct.is_finite() {
        return format!("{} %", shortest(pct));
    }
    let distance = pct.abs().min((100.0 - pct).abs());
    let decimals = if distance > 0.0 {
        (1.0 - libm::floor(libm::log10(distance))).clamp(0.0, 6.0) as usize
    } else {
        0
    };
    format!("{} %", trim_zeros(&fixed(pct, decimals)))
}

/// A share of 1 (0.95) printed as a percentage ("95 %").
pub fn share(fraction: f64) -> String {
    percent(fraction * 100.0)
}

/// A multiple: "1.51×".
pub fn ratio(multiple: f64) -> String {
    format!("{}×", fixed(multiple, 2))
}

/// A count: "1,900"; below ten a fraction keeps one decimal ("0.5").
pub fn count(n: f64) -> String {
    if !n.is_finite() {
        return shortest(n);
    }
    if n.abs() < 9.95 && libm::round(n) != n {
        return trim_zeros(&fixed(n, 1));
    }
    let sign = if n < 0.0 { "-" } else { "" };
    format!("{sign}{}", grouped(libm::round(n.abs())))
}

/// A rate or other small quantity: two significant digits below ten
/// ("0.5", "0.05", "0.45", "2.5"), a grouped count from ten up ("12").
pub fn rate(n: f64) -> String {
    if !n.is_finite() {
        return shortest(n);
    }
    if n == 0.0 || n.abs() >= 9.95 {
        return count(n);
    }
    let magnitude = libm::floor(libm::log10(n.abs()));
    let decimals = (1.0 - magnitude).clamp(0.0, 9.0) as usize;
    trim_zeros(&fixed(n, decimals))
}

/// A plain number as typed into a form: shortest form, no grouping ("0.3",
/// "86400"). Used for defaults and ranges in help text.
pub fn plain(n: f64) -> String {
    shortest(n)
}

/// The shortest decimal that reads back as `x`, never in exponent form:
/// what `format!("{x}")` prints ("0.3", "8400", "0.0000001", "-0").
pub fn shortest(x: f64) -> String {
    x.to_string()
}

/// A range limit for help text: whole numbers of five digits or more are
/// grouped ("10,000,000"), anything else is printed as typed ("0.001", "600").
pub fn limit(n: f64) -> String {
    if n.is_finite() && n.fract() == 0.0 && n.abs() >= 10_000.0 {
        count(n)
    } else {
        plain(n)
    }
}

/// Digits of a non-negative whole number with a comma every three.
fn grouped(whole: f64) -> String {
    let digits = fixed(whole, 0);
    let len = digits.len();
    let mut out = String::with_capacity(len + len / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (len - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// `value` with exactly `decimals` digits after the point ("12.50",
/// "0.3"), rounding half up on its shortest decimal form. It stands in for
/// `format!("{:.N}")`, whose exact-decimal code would be the wasm's only use
/// of it; the two differ only on exact binary ties (0.125 to two places:
/// "0.13" here), identically natively and in wasm.
pub fn fixed(value: f64, decimals: usize) -> String {
    if !value.is_finite() {
        return shortest(value);
    }
    let text = shortest(value.abs());
    let (int, frac) = text.split_once('.').unwrap_or((&text, ""));
    let mut digits: Vec<u8> = int.bytes().collect();
    let mut frac_digits = frac.bytes();
    for _ in 0..decimals {
        digits.push(frac_digits.next().unwrap_or(b'0'));
    }
    if frac_digits.next().is_some_and(|d| d >= b'5') {
        // Round up: carry through trailing nines.
        let mut i = digits.len();
        loop {
            if i == 0 {
                digits.insert(0, b'1');
                break;
            }
            i -= 1;
            if digits[i] == b'9' {
                digits[i] = b'0';
            } else {
                digits[i] += 1;
                break;
            }
        }
    }
    let split = digits.len() - decimals;
    let mut text = String::with_capacity(digits.len() + 2);
    if value.is_sign_negative() {
        text.push('-');
    }
    text.push_str(std::str::from_utf8(&digits[..split]).unwrap_or("0"));
    if decimals > 0 {
        text.push('.');
        text.push_str(std::str::from_utf8(&digits[split..]).unwrap_or("0"));
    }
    text
}

/// "99.9900" → "99.99", "30.0" → "30"; integers are left alone.
fn trim_zeros(text: &str) -> String {
    if text.contains('.') {
        text.trim_end_matches('0').trim_end_matches('.').to_owned()
    } else {
        text.to_owned()
    }
}

/// "active-passive" → "Active-passive". ASCII only: the labels are, and
/// Unicode case tables would add 10 KB to the calculators' wasm.
pub fn capitalise(text: &str) -> String {
    map_first(text, char::to_ascii_uppercase)
}

/// "Warm standby, DNS" → "warm standby, DNS", for the middle of a sentence
/// (ASCII only, as [`capitalise`]).
pub fn lower_first(text: &str) -> String {
    map_first(text, char::to_ascii_lowercase)
}

fn map_first(text: &str, map: fn(&char) -> char) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => std::iter::once(map(&first)).chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_is_whole_dollars_grouped() {
        assert_eq!(money(10_900.0), "$10,900");
        assert_eq!(money(7_200.0), "$7,200");
        assert_eq!(money(0.0), "$0");
        assert_eq!(money(999.6), "$1,000");
        assert_eq!(money(12.5), "$12.50");
        assert_eq!(money(1_234_567.0), "$1,234,567");
        assert_eq!(money(-300.0), "-$300");
    }

    #[test]
    fn prices_per_gb_keep_cents() {
        assert_eq!(price_per_gb(0.02), "$0.02/GB");
        assert_eq!(price_per_gb(0.015), "$0.015/GB");
        assert_eq!(price_per_gb(1.0), "$1.00/GB");
    }

    #[test]
    fn durations_read_like_speech() {
        assert_eq!(duration(510.0), "8 min 30 s");
        assert_eq!(duration(7200.0), "2 h");
        assert_eq!(duration(38.0), "38 s");
        assert_eq!(duration(30.0), "30 s");
        assert_eq!(duration(59.6), "1 min");
        assert_eq!(duration(300.0), "5 min");
        assert_eq!(duration(61.0), "1 min 1 s");
        assert_eq!(duration(1.5), "1.5 s");
        assert_eq!(duration(0.0), "0 s");
        assert_eq!(duration(7650.0), "2 h 8 min");
        assert_eq!(duration(86_400.0), "24 h");
        assert_eq!(duration(30.0 * 86_400.0), "30 d");
        assert_eq!(duration(2.0 * 86_400.0 + 3_600.0), "2 d 1 h");
    }

    #[test]
    fn minutes_convert() {
        assert_eq!(minutes(52.56), "52 min 34 s");
    }

    #[test]
    fn percent_tells_nines_apart() {
        assert_eq!(percent(99.99), "99.99 %");
        assert_eq!(percent(99.995), "99.995 %");
        assert_eq!(percent(99.999), "99.999 %");
        assert_eq!(percent(99.995_434), "99.9954 %");
        assert_eq!(percent(100.0), "100 %");
        assert_eq!(percent(30.0), "30 %");
        assert_eq!(percent(0.5), "0.5 %");
        assert_eq!(percent(0.0), "0 %");
        assert_ne!(percent(99.99), percent(99.995));
    }

    #[test]
    fn shares_are_percentages() {
        assert_eq!(share(0.95), "95 %");
        assert_eq!(share(0.05), "5 %");
    }

    #[test]
    fn ratios_and_counts() {
        assert_eq!(ratio(10_900.0 / 7_200.0), "1.51×");
        assert_eq!(ratio(16_700.0 / 7_200.0), "2.32×");
        assert_eq!(ratio(1.0), "1.00×");
        assert_eq!(count(1_900.0), "1,900");
        assert_eq!(count(50.0), "50");
        assert_eq!(count(0.5), "0.5");
        assert_eq!(count(0.0), "0");
        assert_eq!(count(999.0), "999");
        assert_eq!(count(1_000.0), "1,000");
    }

    #[test]
    fn shortest_prints_what_display_prints() {
        for x in [
            0.0,
            -0.0,
            0.3,
            8_400.0,
            1e21,
            1.5e-7,
            1e-7,
            123_456.789,
            99.99,
            0.1 + 0.2,
            f64::MAX,
            f64::MIN_POSITIVE,
            5e-324,
            -2.5,
            1e15,
            1e16,
            12_345_678_901_234_567.0,
        ] {
            assert_eq!(shortest(x), format!("{x}"), "{x:e}");
        }
        assert_eq!(shortest(f64::NAN), "NaN");
        assert_eq!(shortest(f64::NEG_INFINITY), "-inf");
    }

    #[test]
    fn fixed_decimals_round_like_the_format_macro() {
        for (v, d) in [
            (12.5, 2),
            (0.3, 4),
            (99.995_434, 4),
            (1.5138888, 2),
            (9.96, 1),
            (0.049, 1),
            (7_200.0, 0),
            (1_234_567.0, 0),
            (0.999, 2),
            (99.99999, 3),
            (-0.5, 1),
        ] {
            assert_eq!(fixed(v, d), format!("{v:.d$}"), "{v} to {d}");
        }
        assert_eq!(fixed(9.996, 2), "10.00");
        assert_eq!(fixed(0.0, 2), "0.00");
    }

    #[test]
    fn rates_keep_two_significant_digits() {
        assert_eq!(rate(0.5), "0.5");
        assert_eq!(rate(0.05), "0.05");
        assert_eq!(rate(0.045), "0.045");
        assert_eq!(rate(0.4545), "0.45");
        assert_eq!(rate(2.5), "2.5");
        assert_eq!(rate(12.4), "12");
        assert_eq!(rate(0.0), "0");
    }

    #[test]
    fn non_finite_values_do_not_panic() {
        for v in [f64::NAN, f64::INFINITY, f64::NEG_INFINITY] {
            money(v);
            duration(v);
            percent(v);
            count(v);
            ratio(v);
        }
    }

    #[test]
    fn first_letters_change_case_and_nothing_else() {
        assert_eq!(capitalise("active-passive"), "Active-passive");
        assert_eq!(lower_first("Warm standby, DNS"), "warm standby, DNS");
        assert_eq!(capitalise(""), "");
    }
}
