//! Axes: from data values to pixels, and ticks people read easily.
//!
//! Logarithms go through `libm`, never `f64::log10`: std uses the platform's
//! maths library natively and Rust's libm in wasm, and a last-digit difference
//! would move a pixel.

/// A linear or base-10 logarithmic axis from `from..=to` onto `px0..=px1`.
/// Values outside the range are pinned to its ends, so nothing is drawn
/// outside the plot and no coordinate is ever NaN.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Axis {
    from: f64,
    to: f64,
    px0: f64,
    px1: f64,
    log: bool,
}

impl Axis {
    pub fn linear(from: f64, to: f64, px0: f64, px1: f64) -> Self {
        Self {
            from,
            to,
            px0,
            px1,
            log: false,
        }
    }

    /// A log axis; `from` must be positive (it is raised to a tiny positive
    /// number otherwise).
    pub fn log(from: f64, to: f64, px0: f64, px1: f64) -> Self {
        let from = if from > 0.0 { from } else { 1e-9 };
        Self {
            from,
            to: to.max(from),
            px0,
            px1,
            log: true,
        }
    }

    /// Where a value falls, in drawing units (the canvas rounds).
    pub fn px(&self, value: f64) -> f64 {
        let (a, b, v) = if self.log {
            let v = if value > self.from { value } else { self.from };
            (libm::log10(self.from), libm::log10(self.to), libm::log10(v))
        } else {
            (self.from, self.to, value)
        };
        let f = if b > a { (v - a) / (b - a) } else { 0.0 };
        let f = if f.is_finite() {
            f.clamp(0.0, 1.0)
        } else {
            0.0
        };
        self.px0 + (self.px1 - self.px0) * f
    }

    pub fn end_px(&self) -> f64 {
        self.px1
    }

    pub fn min(&self) -> f64 {
        self.from
    }

    pub fn max(&self) -> f64 {
        self.to
    }
}

/// Evenly spaced ticks from 0 at a step of 1, 2, 2.5 or 5 × 10ⁿ, with at most
/// `intervals` steps up to the first tick at or above `max`. Returns the top
/// of the axis and the ticks. A `max` that is not positive gives 0..1.
pub fn nice_ticks(max: f64, intervals: usize) -> (f64, Vec<f64>) {
    let max = if max.is_finite() && max > 0.0 {
        max
    } else {
        1.0
    };
    let raw = max / intervals.max(1) as f64;
    let magnitude = libm::pow(10.0, libm::floor(libm::log10(raw)));
    let step = [1.0, 2.0, 2.5, 5.0, 10.0]
        .into_iter()
        .map(|m| m * magnitude)
        .find(|s| *s * intervals as f64 >= max * (1.0 - 1e-12))
        .unwrap_or(10.0 * magnitude);
    let count = libm::ceil(max / step - 1e-9).max(1.0) as usize;
    let ticks = (0..=count).map(|i| i as f64 * step).collect();
    (count as f64 * step, ticks)
}

/// Steps of a linear time axis, in seconds: each reads as a round number of
/// its unit.
const TIME_STEPS: [f64; 25] = [
    0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1.0, 2.0, 5.0, 10.0, 15.0, 30.0, 60.0, 120.0, 300.0, 600.0,
    900.0, 1_800.0, 3_600.0, 7_200.0, 10_800.0, 21_600.0, 43_200.0, 86_400.0, 604_800.0,
];

/// Linear time ticks from 0, at most `intervals` steps; returns the top of
/// the axis (in seconds) and the ticks. The step is a round number of
/// seconds, minutes, hours, days or weeks.
pub fn time_ticks(max_s: f64, intervals: usize) -> (f64, Vec<f64>) {
    let max_s = if max_s.is_finite() && max_s > 0.0 {
        max_s
    } else {
        10.0
    };
    let n = intervals.max(1) as f64;
    let step = TIME_STEPS
        .into_iter()
        .find(|s| s * n >= max_s * (1.0 - 1e-12))
        .unwrap_or_else(|| {
            let weeks = libm::ceil(max_s / n / 604_800.0);
            weeks * 604_800.0
        });
    let count = libm::ceil(max_s / step - 1e-9).max(1.0) as usize;
    let ticks = (0..=count).map(|i| i as f64 * step).collect();
    (count as f64 * step, ticks)
}

/// The unit a time axis labels its ticks in, chosen from its step (so every
/// tick reads as a whole number of it: "90 s", "45 min", "6 h").
pub fn time_unit(step_s: f64) -> (f64, &'static str) {
    if step_s < 60.0 {
        (1.0, "s")
    } else if step_s < 3_600.0 {
        (60.0, "min")
    } else if step_s < 86_400.0 {
        (3_600.0, "h")
    } else if step_s < 604_800.0 {
        (86_400.0, "d")
    } else {
        (604_800.0, "wk")
    }
}

/// A tick label on a time axis: "0", "30 s", "45 min", "6 h".
pub fn time_label(seconds: f64, unit: (f64, &str)) -> String {
    if seconds == 0.0 {
        return "0".to_owned();
    }
    format!("{} {}", compact_number(seconds / unit.0), unit.1)
}

/// Moments people name, for the ticks of a logarithmic time axis.
pub const LOG_TIME_TICKS: [f64; 20] = [
    1.0,
    2.0,
    5.0,
    10.0,
    30.0,
    60.0,
    120.0,
    300.0,
    600.0,
    1_800.0,
    3_600.0,
    7_200.0,
    21_600.0,
    43_200.0,
    86_400.0,
    172_800.0,
    604_800.0,
    1_209_600.0,
    2_419_200.0,
    4_838_400.0,
];

/// A tick label on a logarithmic time axis, in the largest unit that keeps
/// it whole: "30 s", "2 min", "6 h", "1 wk".
pub fn log_time_label(seconds: f64) -> String {
    let units = [
        (604_800.0, "wk"),
        (86_400.0, "d"),
        (3_600.0, "h"),
        (60.0, "min"),
    ];
    for (size, name) in units {
        let n = seconds / size;
        if n >= 1.0 && n == libm::round(n) {
            return format!("{} {name}", n as i64);
        }
    }
    format!("{} s", compact_number(seconds))
}

/// A short number for an axis: three significant digits at most, with k, M,
/// bn or tn for thousands and up ("2.5k", "40M", "0.05").
pub fn compact_number(value: f64) -> String {
    if !value.is_finite() {
        return "0".to_owned();
    }
    let abs = value.abs();
    let (scaled, suffix) = if abs >= 1e12 {
        (value / 1e12, "tn")
    } else if abs >= 1e9 {
        (value / 1e9, "bn")
    } else if abs >= 1e6 {
        (value / 1e6, "M")
    } else if abs >= 1e3 {
        (value / 1e3, "k")
    } else {
        (value, "")
    };
    format!("{}{suffix}", significant(scaled, 3))
}

/// `value` to `digits` significant digits, trailing zeros dropped.
fn significant(value: f64, digits: i32) -> String {
    if value == 0.0 {
        return "0".to_owned();
    }
    let magnitude = libm::floor(libm::log10(value.abs())) as i32;
    let decimals = (digits - 1 - magnitude).clamp(0, 9) as usize;
    let text = regionwise_models::format::fixed(value, decimals);
    if text.contains('.') {
        text.trim_end_matches('0').trim_end_matches('.').to_owned()
    } else {
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn linear_axis_pins_out_of_range_values() {
        let a = Axis::linear(0.0, 100.0, 10.0, 110.0);
        assert_eq!(a.px(0.0), 10.0);
        assert_eq!(a.px(50.5), 60.5);
        assert_eq!(a.px(-5.0), 10.0);
        assert_eq!(a.px(1e9), 110.0);
        assert_eq!(a.px(f64::NAN), 10.0);
        let flipped = Axis::linear(0.0, 1.0, 300.0, 60.0);
        assert_eq!(flipped.px(1.0), 60.0);
        assert_eq!(flipped.px(0.5), 180.0);
    }

    #[test]
    fn log_axis_spaces_decades_evenly() {
        let a = Axis::log(10.0, 10_000.0, 0.0, 300.0);
        assert_eq!(a.px(10.0), 0.0);
        assert!((a.px(100.0) - 100.0).abs() < 1e-9);
        assert!((a.px(1_000.0) - 200.0).abs() < 1e-9);
        assert_eq!(a.px(0.0), 0.0);
    }

    #[test]
    fn degenerate_axes_do_not_divide_by_zero() {
        assert_eq!(Axis::linear(5.0, 5.0, 0.0, 100.0).px(5.0), 0.0);
        assert_eq!(Axis::log(0.0, 0.0, 0.0, 100.0).px(3.0), 0.0);
    }

    #[test]
    fn nice_ticks_are_round() {
        let (top, ticks) = nice_ticks(16_700.0, 5);
        assert_eq!(top, 20_000.0);
        assert_eq!(ticks, vec![0.0, 5_000.0, 10_000.0, 15_000.0, 20_000.0]);
        let (top, ticks) = nice_ticks(2_375.0, 5);
        assert_eq!(top, 2_500.0);
        assert_eq!(ticks.len(), 6);
        assert_eq!(nice_ticks(0.0, 5).0, 1.0);
        assert_eq!(nice_ticks(f64::NAN, 5).0, 1.0);
    }

    #[test]
    fn time_ticks_use_round_units() {
        let (top, ticks) = time_ticks(47.5, 5);
        assert_eq!(top, 50.0);
        assert_eq!(ticks[1], 10.0);
        let (top, ticks) = time_ticks(108_000.0, 5);
        assert_eq!(top, 108_000.0);
        assert_eq!(ticks[1], 21_600.0);
        assert_eq!(time_label(21_600.0, time_unit(21_600.0)), "6 h");
        assert_eq!(time_label(90.0, time_unit(15.0)), "90 s");
        assert_eq!(time_label(0.0, time_unit(15.0)), "0");
        assert_eq!(time_label(0.3, time_unit(0.1)), "0.3 s");
        let (top, _) = time_ticks(1.5e7, 5);
        assert!(top >= 1.5e7);
    }

    #[test]
    fn log_time_labels_name_the_unit() {
        assert_eq!(log_time_label(30.0), "30 s");
        assert_eq!(log_time_label(120.0), "2 min");
        assert_eq!(log_time_label(7_200.0), "2 h");
        assert_eq!(log_time_label(604_800.0), "1 wk");
        assert_eq!(log_time_label(0.5), "0.5 s");
    }

    #[test]
    fn compact_numbers() {
        assert_eq!(compact_number(2_500.0), "2.5k");
        assert_eq!(compact_number(20_000.0), "20k");
        assert_eq!(compact_number(4_320_000.0), "4.32M");
        assert_eq!(compact_number(0.30000000000000004), "0.3");
        assert_eq!(compact_number(0.0), "0");
        assert_eq!(compact_number(1.5e13), "15tn");
    }
}
