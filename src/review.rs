//! Review dates: when an owner last checked that a page is still right.
//!
//! A page's date is its front matter's `reviewed`, else (with
//! `review.from_git`) the date of the last commit that touched its file,
//! else its `updated` date. `check` warns for pages whose date is older than
//! `review.months`, so an internal copy does not rot silently.
//!
//! A site on disk reads its dates from git when it builds; the bundled guide
//! has no repository once installed, so `build.rs` reads them when the
//! binary is compiled and embeds them.

mod git_log;

use std::collections::BTreeMap;
use std::path::Path;

pub use git_log::FileDates;

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

/// The first and last commit dates of each file of a site's `content/`, by
/// path relative to `content/`: from git for a site on disk (`root`), from
/// the dates embedded at compile time for the bundled guide (`None`).
pub fn content_dates(root: Option<&Path>) -> BTreeMap<String, FileDates> {
    match root {
        Some(root) => git_log::read(&root.join("content")),
        None => crate::load::embedded::GUIDE_DATES
            .iter()
            .map(|(path, first, last)| {
                (
                    path.to_string(),
                    FileDates {
                        first: first.to_string(),
                        last: last.to_string(),
                    },
                )
            })
            .collect(),
    }
}

/// The commit dates a site's pages are dated by: with `from_git`, its own
/// files' (see [`content_dates`]); and for a site that extends the bundled
/// guide, the bundled pages it does not override carry the dates embedded
/// in the binary (they are not in the site's repository).
pub fn site_dates(
    root: Option<&Path>,
    from_git: bool,
    library: &crate::parse::library::Library,
) -> BTreeMap<String, FileDates> {
    let mut dates = match from_git {
        true => content_dates(root),
        false => BTreeMap::new(),
    };
    let bundled = library
        .pages
        .iter()
        .filter(|p| p.origin == crate::load::Origin::Bundled);
    if root.is_some() {
        let embedded = content_dates(None);
        for page in bundled {
            if let Some(d) = embedded.get(page.source.as_str()) {
                dates.insert(page.source.to_string(), d.clone());
            }
        }
    }
    dates
}

/// The newest review date of any page: when the site as a whole was last
/// reviewed.
pub fn newest(dates: impl IntoIterator<Item = Option<Date>>) -> Option<Date> {
    dates.into_iter().flatten().max()
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
    fn the_log_gives_first_and_last_dates() {
        let log = "\u{0}2026-05-01\n\na.md\nb/c.md\n\u{0}2025-01-01\n\na.md\nd.md\n";
        let dates = git_log::parse(log);
        assert_eq!(dates["a.md"].last, "2026-05-01");
        assert_eq!(dates["a.md"].first, "2025-01-01");
        assert_eq!(dates["b/c.md"].first, "2026-05-01");
        assert_eq!(dates["d.md"].last, "2025-01-01");
    }

    #[test]
    fn the_bundled_guide_has_its_dates_when_built_in_git() {
        // This crate is compiled from a git checkout, so build.rs found the
        // dates of content/; a page that exists has both.
        let checkout = Path::new(env!("CARGO_MANIFEST_DIR")).join(".git");
        if !checkout.exists() {
            return; // built from a source archive: no history to read
        }
        let dates = content_dates(None);
        let home = &dates["_index.md"];
        assert!(home.first <= home.last);
        assert!(Date::parse(&home.last).is_some());
        assert_eq!(dates, git_log::read(&checkout.with_file_name("content")));
    }

    #[test]
    fn the_newest_date_wins() {
        assert_eq!(
            newest([Some(d("2026-01-02")), None, Some(d("2026-03-04"))]),
            Some(d("2026-03-04"))
        );
        assert_eq!(newest([None]), None);
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
