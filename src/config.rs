//! `regionwise.toml`: the site's settings. Unknown keys are errors, so a typo
//! never silently does nothing.

use std::collections::BTreeMap;

use serde::Deserialize;

use crate::error::{line_col, Diagnostic, ErrorKind, Location};

/// The site configuration, as written in `regionwise.toml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// The site's name, shown in the header and the `<title>` of every page.
    pub title: String,
    /// One or two sentences, used for the home page and link previews.
    #[serde(default)]
    pub description: String,
    /// Absolute URL of the deployed site; used only where an absolute URL is
    /// required (sitemap, canonical link). Links inside the site are relative.
    #[serde(default = "default_base_url")]
    pub base_url: String,
    /// The `lang` attribute of every page.
    #[serde(default = "default_language")]
    pub language: String,
    /// Branding for an internal copy.
    #[serde(default)]
    pub branding: Branding,
    /// An "edit this page" link: `{path}` is replaced by the page's path
    /// from the site root (e.g. `content/patterns/dr-ladder.md`).
    #[serde(default)]
    pub edit_url: Option<String>,
    /// Review dates: pages not reviewed for this long get a warning in `check`.
    #[serde(default)]
    pub review: Review,
    /// Client-side search.
    #[serde(default)]
    pub search: Search,
    /// Organisation defaults for the calculators and the numbers in the prose,
    /// by model: `[calculator.cost] compute = 42000`.
    #[serde(default)]
    pub calculator: BTreeMap<String, serde_json::Map<String, serde_json::Value>>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Branding {
    /// Path of a logo image under `static/` (e.g. `logo.svg`).
    pub logo: Option<String>,
    /// CSS colour for links and accents (e.g. `#0b6bcb`).
    pub accent_color: Option<String>,
    /// Footer text (Markdown inline is not interpreted; plain text).
    pub footer: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Review {
    /// Months after which a page's `reviewed` date is stale.
    #[serde(default = "default_review_months")]
    pub months: u32,
    /// Take a page's review date from its last git commit when the front
    /// matter has none.
    #[serde(default)]
    pub from_git: bool,
}

impl Default for Review {
    fn default() -> Self {
        Review {
            months: default_review_months(),
            from_git: false,
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Search {
    #[serde(default = "default_true")]
    pub enabled: bool,
}

impl Default for Search {
    fn default() -> Self {
        Search { enabled: true }
    }
}

fn default_base_url() -> String {
    "/".to_string()
}
fn default_language() -> String {
    "en".to_string()
}
fn default_review_months() -> u32 {
    12
}
fn default_true() -> bool {
    true
}

impl Config {
    /// Parses `regionwise.toml`; `file` names it in errors.
    pub fn parse(text: &str, file: &std::path::Path) -> Result<Config, Diagnostic> {
        let config: Config = toml::from_str(text).map_err(|e| {
            let location = match e.span() {
                Some(span) => {
                    let (line, col) = line_col(text, span.start);
                    Location::at(file, line).with_column(col)
                }
                None => Location::file(file),
            };
            Diagnostic::new(location, ErrorKind::Config(clean_toml_message(e.message())))
        })?;
        config.validate(file)?;
        Ok(config)
    }

    fn validate(&self, file: &std::path::Path) -> Result<(), Diagnostic> {
        let bad = |msg: String| Diagnostic::new(Location::file(file), ErrorKind::Config(msg));
        if self.title.trim().is_empty() {
            return Err(bad("`title` must not be empty".into()));
        }
        if let Some(color) = &self.branding.accent_color {
            if !is_css_colour(color) {
                return Err(bad(format!(
                    "`branding.accent_color` must be a hex colour like #0b6bcb (got `{color}`)"
                )));
            }
        }
        Ok(())
    }

    /// The base URL with exactly one trailing slash.
    pub fn base_url(&self) -> String {
        let trimmed = self.base_url.trim_end_matches('/');
        format!("{trimmed}/")
    }
}

/// Accepts `#rgb`, `#rrggbb` and `#rrggbbaa`: enough for branding, and safe to
/// put in a style attribute.
fn is_css_colour(s: &str) -> bool {
    let Some(hex) = s.strip_prefix('#') else {
        return false;
    };
    matches!(hex.len(), 3 | 6 | 8) && hex.chars().all(|c| c.is_ascii_hexdigit())
}

/// toml's messages sometimes end with a newline; keep them on one line.
pub(crate) fn clean_toml_message(msg: &str) -> String {
    msg.trim().replace('\n', " ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    #[test]
    fn minimal_config_gets_defaults() {
        let c = Config::parse("title = \"Guide\"\n", Path::new("regionwise.toml")).unwrap();
        assert_eq!(c.base_url(), "/");
        assert_eq!(c.language, "en");
        assert!(c.search.enabled);
        assert_eq!(c.review.months, 12);
    }

    #[test]
    fn unknown_key_is_an_error_with_line() {
        let err = Config::parse(
            "title = \"G\"\ntitel = \"x\"\n",
            Path::new("regionwise.toml"),
        )
        .unwrap_err();
        assert_eq!(err.location.line, Some(2));
        assert!(err.to_string().contains("titel"), "{err}");
    }

    #[test]
    fn calculator_defaults_are_read() {
        let c = Config::parse(
            "title = \"G\"\n[calculator.cost]\ncompute = 42000\n",
            Path::new("regionwise.toml"),
        )
        .unwrap();
        assert_eq!(c.calculator["cost"]["compute"], serde_json::json!(42000));
    }

    #[test]
    fn bad_accent_colour_is_rejected() {
        let err = Config::parse(
            "title = \"G\"\n[branding]\naccent_color = \"red;}\"\n",
            Path::new("regionwise.toml"),
        )
        .unwrap_err();
        assert!(err.to_string().contains("accent_color"));
    }
}
