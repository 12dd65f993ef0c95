//! Front matter: TOML between `+++` lines or YAML between `---` lines.

use serde::Deserialize;

use super::nesting::{too_deep, Syntax, MAX_DEPTH};
use crate::error::{line_col, Diagnostic, ErrorKind, Location};
use crate::load::SourceFile;

/// The keys a page or section may set. Unknown keys are errors.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct FrontMatter {
    pub title: String,
    #[serde(default)]
    pub description: Option<String>,
    /// Orders pages within a section (lower first), then by title.
    #[serde(default)]
    pub weight: i64,
    /// Drafts are left out unless the build is run with `--drafts`.
    #[serde(default)]
    pub draft: bool,
    /// A template other than the default `page.html` / `section.html`.
    #[serde(default)]
    pub template: Option<String>,
    /// When the content last changed (YYYY-MM-DD).
    #[serde(default)]
    pub updated: Option<String>,
    /// When an owner last checked the page is still right (YYYY-MM-DD).
    #[serde(default)]
    pub reviewed: Option<String>,
    /// Replaces the file name in the URL.
    #[serde(default)]
    pub slug: Option<String>,
    /// Anything else, for templates (`page.extra.*`).
    #[serde(default)]
    pub extra: serde_json::Map<String, serde_json::Value>,
}

/// A page split into its front matter and body.
#[derive(Debug, Clone)]
pub struct Split<'a> {
    pub front_matter: FrontMatter,
    pub body: &'a str,
    /// 1-based line of the body's first line in the file.
    pub body_line: usize,
}

/// Splits and parses the front matter of a Markdown file.
pub fn split(file: &SourceFile) -> Result<Split<'_>, Diagnostic> {
    let text = file.text.as_str();
    let err = |line: usize, msg: String| {
        Diagnostic::new(
            Location::at(&file.display, line),
            ErrorKind::FrontMatter(msg),
        )
    };
    let (fence, is_toml) = if text.starts_with("+++") {
        ("+++", true)
    } else if text.starts_with("---") {
        ("---", false)
    } else if text.trim().is_empty() {
        return Err(err(1, "the file is empty; a page needs front matter with at least a `title`, e.g.\n+++\ntitle = \"My page\"\n+++".into()));
    } else {
        return Err(err(1, "missing front matter: start the file with a `+++` line, then `title = \"...\"`, then another `+++` line".into()));
    };
    let first_line_end = text.find('\n').unwrap_or(text.len());
    if text[..first_line_end].trim_end() != fence {
        return Err(err(
            1,
            format!("the opening `{fence}` must be alone on its line"),
        ));
    }
    let inner_start = (first_line_end + 1).min(text.len());
    let Some((inner_end, body_start)) = find_closing(text, inner_start, fence) else {
        return Err(err(1, format!("front matter opened with `{fence}` on line 1 is never closed: add a `{fence}` line after it")));
    };
    let inner = &text[inner_start..inner_end];
    let syntax = if is_toml { Syntax::Toml } else { Syntax::Yaml };
    if let Some(line) = too_deep(inner, syntax) {
        return Err(err(
            1 + line,
            format!(
                "values are nested more than {MAX_DEPTH} levels deep (`[` or `{{` inside one \
                 another); front matter needs only a few"
            ),
        ));
    }
    let fm = if is_toml {
        parse_toml(inner).map_err(|(offset, msg)| err(1 + line_col(inner, offset).0, msg))?
    } else {
        parse_yaml(inner).map_err(|(line, msg)| err(1 + line, msg))?
    };
    validate(&fm).map_err(|msg| err(1, msg))?;
    let body_line = line_col(text, body_start).0;
    Ok(Split {
        front_matter: fm,
        body: &text[body_start..],
        body_line,
    })
}

/// Finds the line that is exactly the fence; returns (end of front matter,
/// start of body).
fn find_closing(text: &str, from: usize, fence: &str) -> Option<(usize, usize)> {
    let mut pos = from;
    while pos <= text.len() {
        let end = text[pos..].find('\n').map_or(text.len(), |i| pos + i);
        if text[pos..end].trim_end() == fence {
            return Some((pos, (end + 1).min(text.len())));
        }
        if end >= text.len() {
            return None;
        }
        pos = end + 1;
    }
    None
}

fn parse_toml(inner: &str) -> Result<FrontMatter, (usize, String)> {
    let mut fm: FrontMatter = toml::from_str(inner).map_err(|e| {
        let offset = e.span().map_or(0, |s| s.start);
        (
            offset,
            explain(&crate::config::clean_toml_message(inner, &e)),
        )
    })?;
    fm.extra
        .values_mut()
        .for_each(crate::config::toml_dates_as_text);
    Ok(fm)
}

fn parse_yaml(inner: &str) -> Result<FrontMatter, (usize, String)> {
    if inner.trim().is_empty() {
        return Err((0, "missing field `title`".into()));
    }
    serde_norway::from_str(inner).map_err(|e| {
        let line = e.location().map_or(0, |l| l.line());
        let (line, msg) = yaml_message(&e.to_string(), line);
        (line, explain(&crate::config::humanise_types(&msg)))
    })
}

/// serde_norway writes `PROBLEM at line N column M, while CONTEXT at line
/// N column M`: keep both texts without the positions (the location is
/// ours), and point at where the context began (an unclosed quote's start,
/// not the end of the file).
fn yaml_message(full: &str, line: usize) -> (usize, String) {
    let strip = |s: &str| s.split(" at line ").next().unwrap_or(s).to_string();
    let Some((problem, context)) = full.split_once(", while ") else {
        return (line, strip(full));
    };
    let context_line = context
        .split(" at line ")
        .nth(1)
        .and_then(|rest| rest.split(' ').next())
        .and_then(|n| n.parse().ok());
    let mut msg = format!("{}, while {}", strip(problem), strip(context));
    if context.contains("quoted scalar") {
        msg.push_str(" (is a quote never closed?)");
    }
    (context_line.unwrap_or(line), msg)
}

/// Adds a hint to the messages people meet most.
fn explain(msg: &str) -> String {
    if msg.contains("missing field `title`") {
        "missing `title`: every page needs one".to_string()
    } else if msg.starts_with("unknown field") {
        format!("{msg} (put custom values under `[extra]`)")
    } else {
        msg.to_string()
    }
}

fn validate(fm: &FrontMatter) -> Result<(), String> {
    if fm.title.trim().is_empty() {
        return Err("`title` must not be empty".into());
    }
    for (key, value) in [("updated", &fm.updated), ("reviewed", &fm.reviewed)] {
        if let Some(date) = value {
            if !is_iso_date(date) {
                return Err(format!(
                    "`{key}` must be a date written YYYY-MM-DD (got `{date}`)"
                ));
            }
        }
    }
    Ok(())
}

/// A real calendar date in YYYY-MM-DD form.
pub fn is_iso_date(s: &str) -> bool {
    let parts: Vec<&str> = s.split('-').collect();
    let [y, m, d] = parts.as_slice() else {
        return false;
    };
    let (Ok(y), Ok(m), Ok(d)) = (y.parse::<u32>(), m.parse::<u32>(), d.parse::<u32>()) else {
        return false;
    };
    if s.len() != 10 || !(1..=12).contains(&m) || d == 0 {
        return false;
    }
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days = match m {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    };
    d <= days
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(text: &str) -> SourceFile {
        SourceFile {
            rel: "a.md".into(),
            display: "content/a.md".into(),
            text: text.into(),
            origin: crate::load::Origin::Local,
        }
    }

    #[test]
    fn toml_front_matter() {
        let f = file("+++\ntitle = \"A\"\nweight = 3\n[extra]\nk = 1\n+++\n# Body\n");
        let s = split(&f).unwrap();
        assert_eq!(s.front_matter.title, "A");
        assert_eq!(s.front_matter.weight, 3);
        assert_eq!(s.body, "# Body\n");
        assert_eq!(s.body_line, 7);
    }

    #[test]
    fn yaml_front_matter() {
        let f = file("---\ntitle: A\ndraft: true\n---\nbody");
        let s = split(&f).unwrap();
        assert!(s.front_matter.draft);
        assert_eq!(s.body, "body");
    }

    #[test]
    fn unknown_key_reports_its_line() {
        let f = file("+++\ntitle = \"A\"\ncolour = \"red\"\n+++\n");
        let e = split(&f).unwrap_err();
        assert_eq!(e.location.line, Some(3));
        assert!(e.to_string().contains("colour"), "{e}");
    }

    #[test]
    fn yaml_error_reports_its_line() {
        let f = file("---\ntitle: A\nweight: [\n---\n");
        let e = split(&f).unwrap_err();
        assert_eq!(e.location.line, Some(3), "{e}");
    }

    #[test]
    fn yaml_unclosed_quote_points_at_its_start() {
        let f = file("---\ntitle: A\ndescription: \"open\nweight: 1\n---\n");
        let e = split(&f).unwrap_err();
        assert_eq!(e.location.line, Some(3), "{e}");
        assert!(e.to_string().contains("quote never closed"), "{e}");
        assert!(!e.to_string().contains("column"), "{e}");
    }

    #[test]
    fn deep_nesting_fails_fast_with_its_line() {
        let deep = "[".repeat(100_000);
        for text in [
            format!("---\ntitle: A\nx: {deep}\n---\n"),
            format!("+++\ntitle = \"A\"\n[extra]\nx = {deep}\n+++\n"),
        ] {
            let e = split(&file(&text)).unwrap_err();
            assert!(e.to_string().contains("nested more than 64"), "{e}");
            assert_eq!(e.location.line, Some(text.lines().count() - 1), "{e}");
        }
    }

    #[test]
    fn unclosed_front_matter() {
        let e = split(&file("+++\ntitle = \"A\"\n")).unwrap_err();
        assert!(e.to_string().contains("never closed"), "{e}");
    }

    #[test]
    fn missing_title() {
        let e = split(&file("+++\nweight = 1\n+++\n")).unwrap_err();
        assert!(e.to_string().contains("missing `title`"), "{e}");
    }

    #[test]
    fn wrong_type() {
        let e = split(&file("+++\ntitle = \"A\"\nweight = \"heavy\"\n+++\n")).unwrap_err();
        assert_eq!(e.location.line, Some(3), "{e}");
    }

    #[test]
    fn unquoted_dates_are_explained_or_kept_as_text() {
        let e = split(&file("+++\ntitle = \"A\"\n\nupdated = 2024-01-31\n+++\n")).unwrap_err();
        assert_eq!(e.location.line, Some(4), "{e}");
        assert!(
            e.to_string()
                .contains("write it in quotes, updated = \"2024-01-31\""),
            "{e}"
        );
        let f = file("+++\ntitle = \"A\"\n[extra]\nwhen = 2024-01-31\n+++\n");
        let s = split(&f).unwrap();
        assert_eq!(s.front_matter.extra["when"], "2024-01-31");
    }

    #[test]
    fn dates_are_checked() {
        assert!(is_iso_date("2024-02-29"));
        assert!(!is_iso_date("2023-02-29"));
        assert!(!is_iso_date("2023-2-1"));
        let e = split(&file("+++\ntitle = \"A\"\nupdated = \"soon\"\n+++\n")).unwrap_err();
        assert!(e.to_string().contains("YYYY-MM-DD"));
    }
}
