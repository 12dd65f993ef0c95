//! Review dates: when an owner last checked that a page is still right.
//!
//! A page's date is its front matter's `reviewed`, else (with
//! `review.from_git`) the date of the last commit that touched its file,
//! else its `updated` date. `check` warns for pages whose date is older than
//! `review.months`, so an internal copy does not rot silently.

use std::collections::HashMap;
use std::path::Path;
use std::process::Command;

/// A calendar date, comparable.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Date {
    pub year: i32,
    pub month: u32,
    pub day: u32,
}

impl Date {
    /// Parses `YYYY-MM-DD` (front matter dates are validated by the parser).
    pub fn parse(s: &str) -> Option<Date> {
        let mut parts = s.splitn(3, '-');
        let year = parts.next()?.parse().ok()?;
        let month = parts.next()?.parse().ok()?;
        let day = parts.next()?.parse().ok()?;
        ((1..=12).contains(&month) && (1..=31).contains(&day)).then_some(Date { year, month, day })
    }

    /// Today in UTC, from the system clock.
    pub fn today() -> Date {
        let secs = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs());
        Date::from_days((secs / 86_400) as i64)
    }

    /// The date `days` days after 1970-01-01 (Howard Hinnant's algorithm).
    pub fn from_days(days: i64) -> Date {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z.rem_euclid(146_097);
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
        let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
        Date { year, month, day }
    }

    /// The same day `months` months later (clamped to the month's end).
    pub fn add_months(self, months: u32) -> Date {
        let total = self.year * 12 + (self.month as i32 - 1) + months as i32;
        let (year, month) = (total.div_euclid(12), total.rem_euclid(12) as u32 + 1);
        Date {
            year,
            month,
            day: self.day.min(days_in_month(year, month)),
        }
    }
}

impl std::fmt::Display for Date {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

fn days_in_month(year: i32, month: u32) -> u32 {
    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    match month {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// The date of the last commit touching each file under `root/content`,
/// by path relative to `content/`. Empty when `root` is not in a git
/// repository or git is not installed: review dates then come from the
/// front matter alone. One `git log` for the whole site, not one per page.
pub fn git_dates(root: &Path) -> HashMap<String, String> {
    let content = root.join("content");
    let output = Command::new("git")
        .arg("-C")
        .arg(&content)
        .args([
            "log",
            "--format=%x00%cs",
            "--name-only",
            "--relative",
            "--no-renames",
            "--",
            ".",
        ])
        .output();
    let Ok(output) = output else {
        return HashMap::new();
    };
    if !output.status.success() {
        return HashMap::new();
    }
    parse_git_log(&String::from_utf8_lossy(&output.stdout))
}

/// Newest first, so the first date seen for a file is its last change.
fn parse_git_log(log: &str) -> HashMap<String, String> {
    let mut dates = HashMap::new();
    let mut current = "";
    for line in log.lines() {
        if let Some(date) = line.strip_prefix('\0') {
            current = date.trim();
        } else if !line.trim().is_empty() && !current.is_empty() {
            dates
                .entry(line.trim().to_string())
                .or_insert_with(|| current.to_string());
        }
    }
    dates
}

/// A page whose review is overdue.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Overdue {
    /// The page's file as shown to people (`content/a.md`).
    pub file: String,
    /// Its review date, if it has any.
    pub date: Option<Date>,
    /// When the review fell due.
    pub due: Option<Date>,
}

impl std::fmt::Display for Overdue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match (self.date, self.due) {
            (Some(date), Some(due)) => write!(
                f,
                "{}: last reviewed {date}, due for review since {due} (set `reviewed = \"YYYY-MM-DD\"` in its front matter after checking it)",
                self.file
            ),
            _ => write!(
                f,
                "{}: never reviewed (set `reviewed = \"YYYY-MM-DD\"` in its front matter after checking it)",
                self.file
            ),
        }
    }
}

/// The review date of a page: `reviewed`, else git, else `updated`.
pub fn review_date(
    reviewed: Option<&str>,
    git: Option<&str>,
    updated: Option<&str>,
) -> Option<Date> {
    reviewed.or(git).or(updated).and_then(Date::parse)
}

/// Whether a page reviewed on `date` is overdue on `today`.
pub fn overdue(file: &str, date: Option<Date>, months: u32, today: Date) -> Option<Overdue> {
    match date {
        Some(d) if d.add_months(months) > today => None,
        Some(d) => Some(Overdue {
            file: file.to_string(),
            date: Some(d),
            due: Some(d.add_months(months)),
        }),
        None => Some(Overdue {
            file: file.to_string(),
            date: None,
            due: None,
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Date {
        Date::parse(s).unwrap()
    }

    #[test]
    fn days_to_dates() {
        assert_eq!(Date::from_days(0).to_string(), "1970-01-01");
        assert_eq!(Date::from_days(19_782).to_string(), "2024-02-29");
        assert_eq!(Date::from_days(20_783).to_string(), "2026-11-26");
    }

    #[test]
    fn months_clamp_to_month_end() {
        assert_eq!(d("2024-01-31").add_months(1), d("2024-02-29"));
        assert_eq!(d("2024-11-15").add_months(14), d("2026-01-15"));
    }

    #[test]
    fn overdue_after_the_given_months() {
        let today = d("2026-11-26");
        assert_eq!(overdue("a", Some(d("2026-01-01")), 12, today), None);
        let late = overdue("a", Some(d("2025-11-26")), 12, today).unwrap();
        assert_eq!(late.due, Some(d("2026-11-26")));
        assert!(overdue("a", None, 12, today)
            .unwrap()
            .to_string()
            .contains("never reviewed"));
    }

    #[test]
    fn first_date_in_the_log_wins() {
        let log = "\u{0}2026-05-01\n\na.md\nb/c.md\n\u{0}2025-01-01\n\na.md\nd.md\n";
        let dates = parse_git_log(log);
        assert_eq!(dates["a.md"], "2026-05-01");
        assert_eq!(dates["b/c.md"], "2026-05-01");
        assert_eq!(dates["d.md"], "2025-01-01");
    }

    #[test]
    fn review_date_prefers_front_matter() {
        assert_eq!(
            review_date(Some("2026-01-02"), Some("2026-03-04"), None),
            Some(d("2026-01-02"))
        );
        assert_eq!(
            review_date(None, Some("2026-03-04"), Some("2020-01-01")),
            Some(d("2026-03-04"))
        );
        assert_eq!(review_date(None, None, None), None);
    }
}
