//! `regionwise.toml`: the site's settings. Unknown keys are errors, so a typo
//! never silently does nothing.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;

use crate::error::{line_col, Diagnostic, ErrorKind, Location};

pub mod defaults;

/// The site configuration, as written in `regionwise.toml`. Every key but
/// `title` may be left out; the defaults are the `Default` impls below,
/// one per table.
#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    /// The site's name, shown in the header and the `<title>` of every page.
    pub title: String,
    /// One or two sentences, used for the home page and link previews.
    pub description: String,
    /// Absolute URL of the deployed site; used only where an absolute URL is
    /// required (sitemap, canonical link). Links inside the site are relative.
    pub base_url: String,
    /// The `lang` attribute of every page.
    pub language: String,
    /// Branding for an internal copy.
    pub branding: Branding,
    /// An "edit this page" link: `{path}` is replaced by the page's path
    /// from the site root (e.g. `content/patterns/dr-ladder.md`).
    pub edit_url: Option<String>,
    /// Review dates: pages not reviewed for this long get a warning in `check`.
    pub review: Review,
    /// Client-side search.
    pub search: Search,
    /// Organisation defaults for the calculators and the numbers in the prose,
    /// by model: `[calculator.cost] compute = 42000`.
    pub calculator: BTreeMap<String, serde_json::Map<String, serde_json::Value>>,
    /// The bundled guide as the site's base layer.
    pub guide: Guide,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            title: String::new(),
            description: String::new(),
            base_url: "/".into(),
            language: "en".into(),
            branding: Branding::default(),
            edit_url: None,
            review: Review::default(),
            search: Search::default(),
            calculator: BTreeMap::new(),
            guide: Guide::default(),
        }
    }
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Branding {
    /// Path of a logo image under `static/` (e.g. `logo.svg`).
    pub logo: Option<String>,
    /// CSS colour for links and accents (e.g. `#0b6bcb`).
    pub accent_color: Option<String>,
    /// The accent in dark mode; default: the theme's own dark accent (a
    /// brand colour chosen for white pages is often unreadable on dark ones).
    pub accent_color_dark: Option<String>,
    /// Footer text (Markdown inline is not interpreted; plain text).
    pub footer: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Review {
    /// Months after which a page's `reviewed` date is stale.
    pub months: u32,
    /// Take a page's review date from its last git commit when the front
    /// matter has none.
    pub from_git: bool,
}

impl Default for Review {
    fn default() -> Self {
        Review {
            months: 12,
            from_git: false,
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Search {
    pub enabled: bool,
}

impl Default for Search {
    fn default() -> Self {
        Search { enabled: true }
    }
}

/// `[guide]`: a site that extends the bundled guide gets its pages, data
/// files and images under its own (its files win by path).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Guide {
    /// `"bundled"`: the guide embedded in this binary is the base layer.
    pub base: Option<Base>,
    /// Bundled pages (`patterns/dr-ladder.md`) or folders of them
    /// (`patterns/`) to leave out.
    pub hide: Vec<String>,
    /// Links *in bundled pages and data files* to pages `hide` leaves out
    /// become their text, instead of build errors: hiding a page then
    /// needs no copies of the pages that link to it. Links in the site's
    /// own files stay errors (they can be edited).
    pub unlink_hidden: bool,
}

/// What a site is built on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Base {
    /// The guide embedded in the regionwise binary: it updates with the binary.
    Bundled,
}

impl Guide {
    /// `[guide]` read alone, before the whole file is parsed (the load phase
    /// needs it to know which files make the site); the default when the
    /// file does not parse, which the parse phase then reports.
    pub fn peek(text: &str) -> Guide {
        #[derive(Deserialize)]
        struct Peek {
            #[serde(default)]
            guide: Guide,
        }
        toml::from_str::<Peek>(text)
            .map(|p| p.guide)
            .unwrap_or_default()
    }

    pub fn extends_bundled(&self) -> bool {
        self.base == Some(Base::Bundled)
    }
}

impl Config {
    /// Parses `regionwise.toml`; `file` names it in errors.
    pub fn parse(text: &str, file: &Path) -> Result<Config, Diagnostic> {
        let config: Config = toml::from_str(text).map_err(|e| {
            let location = match e.span() {
                Some(span) => {
                    let (line, col) = line_col(text, span.start);
                    Location::at(file, line).with_column(col)
                }
                None => Location::file(file),
            };
            Diagnostic::new(location, ErrorKind::Config(clean_toml_message(text, &e)))
        })?;
        config.validate(text, file)?;
        config.validate_calculators(text, file)?;
        Ok(config)
    }

    /// Runs every model on its `[calculator.MODEL]` defaults, so a bad
    /// default fails the build here, even when no page shows that calculator.
    fn validate_calculators(&self, text: &str, file: &Path) -> Result<(), Diagnostic> {
        for (name, defaults) in &self.calculator {
            let table = format!("[calculator.{name}]");
            let result =
                regionwise_models::model(name).and_then(|model| model.run(defaults).map(drop));
            if let Err(e) = result {
                let model_key = ["calculator", name.as_str()];
                let line = match e.field() {
                    Some(field) => key_line(text, &["calculator", name, field]),
                    None => None,
                }
                .or_else(|| key_line(text, &model_key));
                let message = match e {
                    regionwise_models::ModelError::UnknownModel { known, .. } => format!(
                        "`{table}`: there is no model `{name}`; the models are: {}",
                        known.join(", ")
                    ),
                    e => format!("`{table}`: {e}"),
                };
                return Err(config_error(file, line, message));
            }
        }
        self.validate_shared_calculator_defaults(text, file)
    }

    /// Runs every model on the defaults it takes from other tables (an input
    /// of the same name, see [`defaults`]), so a shared value out of one
    /// model's range fails at the line that sets it.
    fn validate_shared_calculator_defaults(
        &self,
        text: &str,
        file: &Path,
    ) -> Result<(), Diagnostic> {
        for model in regionwise_models::MODELS {
            let sources =
                defaults::sources(&self.calculator, model.name, model.fields).map_err(|c| {
                    let line = key_line(text, &["calculator", &c.tables[1], c.field]);
                    config_error(file, line, c.to_string())
                })?;
            let inputs = sources
                .iter()
                .map(|(k, d)| (k.clone(), d.value.clone()))
                .collect();
            let Err(e) = model.run(&inputs) else {
                continue;
            };
            let from = e.field().and_then(|f| sources.get(f).map(|d| (f, d.table)));
            let (line, message) = match from {
                Some((field, table)) if table != model.name => (
                    key_line(text, &["calculator", table, field]),
                    format!(
                        "`[calculator.{table}]` {field}: the {model} model shares this \
                         input and cannot take the value: {e}; set `{field}` under \
                         [calculator.{model}] to give it a value of its own"
                    ),
                ),
                _ => (
                    key_line(text, &["calculator", model.name]),
                    format!("`[calculator.{model}]`: {e}"),
                ),
            };
            return Err(config_error(file, line, message));
        }
        Ok(())
    }

    /// The organisation's defaults for `model`: its own `[calculator.MODEL]`
    /// values, and those other tables set for inputs of the same name (the
    /// rule is in [`defaults`]). Checked when the configuration is read.
    pub fn calculator_defaults(
        &self,
        model: &regionwise_models::ModelDef,
    ) -> Result<serde_json::Map<String, serde_json::Value>, defaults::Conflict> {
        defaults::layered(&self.calculator, model)
    }

    /// The inputs `model` starts from for this organisation: its defaults
    /// ([`Self::calculator_defaults`]), and for each model it runs inside it
    /// ([`ModelDef::uses`](regionwise_models::ModelDef::uses): the
    /// recommender's break-even) that model's defaults under its name, when
    /// the organisation sets any. The site's pages and `regionwise calc`
    /// both start here, so they agree.
    pub fn organisation_inputs(
        &self,
        model: &regionwise_models::ModelDef,
    ) -> Result<serde_json::Map<String, serde_json::Value>, defaults::Conflict> {
        let mut inputs = self.calculator_defaults(model)?;
        for used in model.uses {
            let theirs = self.calculator_defaults(used)?;
            if !theirs.is_empty() {
                inputs.insert(used.name.to_owned(), theirs.into());
            }
        }
        Ok(inputs)
    }

    fn validate(&self, text: &str, file: &Path) -> Result<(), Diagnostic> {
        let at = |key: &[&str], msg: String| config_error(file, key_line(text, key), msg);
        if self.title.trim().is_empty() {
            return Err(at(
                &["title"],
                "`title` is missing or empty; every site needs one (title = \"...\")".into(),
            ));
        }
        self.check_base_url()
            .map_err(|msg| at(&["base_url"], format!("`base_url` {msg}")))?;
        if let Some(url) = &self.edit_url {
            check_http_url(url).map_err(|msg| at(&["edit_url"], format!("`edit_url` {msg}")))?;
        }
        if !self.guide.hide.is_empty() && !self.guide.extends_bundled() {
            return Err(at(
                &["guide", "hide"],
                "`guide.hide` hides pages of the bundled guide, but the site does not extend it; \
                 add `base = \"bundled\"` under [guide], or remove `hide`"
                    .into(),
            ));
        }
        if let Some(logo) = &self.branding.logo {
            logo_path(logo)
                .map_err(|msg| at(&["branding", "logo"], format!("`branding.logo` {msg}")))?;
        }
        for (key, value) in [
            ("accent_color", &self.branding.accent_color),
            ("accent_color_dark", &self.branding.accent_color_dark),
        ] {
            if let Some(color) = value {
                if !is_css_colour(color) {
                    return Err(at(
                        &["branding", key],
                        format!(
                            "`branding.{key}` must be a hex colour like #0b6bcb (got `{color}`)"
                        ),
                    ));
                }
            }
        }
        Ok(())
    }

    /// `base_url` is left out (`/`) or an absolute http(s) URL: the sitemap
    /// and canonical links need absolute URLs.
    pub fn check_base_url(&self) -> Result<(), String> {
        if self.base_url == "/" {
            return Ok(());
        }
        check_http_url(&self.base_url)
    }

    /// Checks the logo names a file the site publishes (`exists` looks it
    /// up by its path under `static/`); a missing one is an error at the
    /// key's line.
    pub fn check_logo(
        &self,
        text: &str,
        file: &Path,
        exists: impl Fn(&str) -> bool,
    ) -> Result<(), Diagnostic> {
        let Some(logo) = &self.branding.logo else {
            return Ok(());
        };
        let path = logo_path(logo).unwrap_or(logo);
        if exists(path) {
            return Ok(());
        }
        Err(config_error(
            file,
            key_line(text, &["branding", "logo"]),
            format!("`branding.logo`: there is no file `{path}` in static/ (or in content/)"),
        ))
    }

    /// The logo's path among the published files.
    pub fn logo(&self) -> Option<&str> {
        self.branding
            .logo
            .as_deref()
            .map(|l| logo_path(l).unwrap_or(l))
    }

    /// The base URL with exactly one trailing slash.
    pub fn base_url(&self) -> String {
        let trimmed = self.base_url.trim_end_matches('/');
        format!("{trimmed}/")
    }
}

/// Ok for an absolute `http://` or `https://` URL with a host; anything
/// else (`javascript:`, `ftp:`, a bare host, a path) says what is expected.
pub fn check_http_url(url: &str) -> Result<(), String> {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"));
    let host = rest.map(|r| r.split(['/', '?', '#']).next().unwrap_or(""));
    // `{` and `}` stay allowed: `edit_url` holds `{path}`.
    let clean = !url
        .chars()
        .any(|c| c.is_control() || c.is_whitespace() || "\"<>\\^`|".contains(c));
    match host {
        Some(h) if !h.is_empty() && clean => Ok(()),
        _ => Err(format!(
            "must be an absolute http:// or https:// URL such as https://guide.example.com/ \
             (got `{url}`)"
        )),
    }
}

/// The logo as a path under `static/`: a leading `/` is allowed; a URL
/// (the site loads nothing from other hosts) or `..` is not.
fn logo_path(logo: &str) -> Result<&str, String> {
    let path = logo.trim_start_matches('/');
    let scheme = path.find(':').is_some_and(|i| !path[..i].contains('/'));
    if path.is_empty() || scheme || path.split('/').any(|s| s == "..") || path.contains('\\') {
        return Err(format!(
            "must be the path of a file in static/, such as `logo.svg` (got `{logo}`); \
             the site loads nothing from other hosts"
        ));
    }
    Ok(path)
}

/// A configuration error at a key's line, or at the file when the line is
/// not known.
fn config_error(file: &Path, line: Option<usize>, message: String) -> Diagnostic {
    let location = match line {
        Some(line) => Location::at(file, line),
        None => Location::file(file),
    };
    Diagnostic::new(location, ErrorKind::Config(message))
}

/// The 1-based line of the key at `path` (`["branding", "logo"]`), read
/// from the parser's spans, so every spelling has one: `logo = ...` under
/// `[branding]`, `branding.logo = ...`, or `branding = { logo = ... }`.
pub(crate) fn key_line(text: &str, path: &[&str]) -> Option<usize> {
    let doc = toml::de::DeTable::parse(text).ok()?;
    let mut table = doc.get_ref();
    let mut span = None;
    for (i, name) in path.iter().enumerate() {
        let (key, value) = table.iter().find(|(k, _)| k.get_ref() == name)?;
        span = Some(key.span());
        if i + 1 < path.len() {
            table = value.get_ref().as_table()?;
        }
    }
    Some(line_col(text, span?.start).0)
}

/// The 1-based line of the `index`th item of the array at `path`
/// (`["guide", "hide"]`).
pub(crate) fn array_item_line(text: &str, path: &[&str], index: usize) -> Option<usize> {
    let doc = toml::de::DeTable::parse(text).ok()?;
    let mut table = doc.get_ref();
    for (i, name) in path.iter().enumerate() {
        let (_, value) = table.iter().find(|(k, _)| k.get_ref() == name)?;
        if i + 1 == path.len() {
            let item = value.get_ref().as_array()?.get(index)?;
            return Some(line_col(text, item.span().start).0);
        }
        table = value.get_ref().as_table()?;
    }
    None
}

/// Accepts `#rgb`, `#rrggbb` and `#rrggbbaa`: enough for branding, and safe to
/// put in a style attribute.
fn is_css_colour(s: &str) -> bool {
    let Some(hex) = s.strip_prefix('#') else {
        return false;
    };
    matches!(hex.len(), 3 | 6 | 8) && hex.chars().all(|c| c.is_ascii_hexdigit())
}

/// toml's message for people: on one line, naming the key of a wrongly
/// typed value (toml points at the value but does not name its key), and
/// with Rust's type names in words.
pub(crate) fn clean_toml_message(text: &str, err: &toml::de::Error) -> String {
    let msg = humanise_types(&err.message().trim().replace('\n', " "));
    let key = err.span().and_then(|span| {
        let line_start = text[..span.start.min(text.len())]
            .rfind('\n')
            .map_or(0, |i| i + 1);
        let (key, _) = text[line_start..].split_once('=')?;
        let key = key.trim().trim_matches('"');
        (!key.is_empty() && !key.contains(['[', ' ', '#'])).then(|| key.to_string())
    });
    // An unquoted date is a TOML datetime, which serde sees as a map.
    let value = err
        .span()
        .and_then(|span| text.get(span))
        .map(str::trim)
        .unwrap_or("");
    match key {
        Some(key) if msg.starts_with("invalid type: map") && is_toml_datetime(value) => format!(
            "`{key}`: `{value}` without quotes is a TOML date, but `{key}` takes text: \
             write it in quotes, {key} = \"{value}\""
        ),
        Some(key) if msg.starts_with("invalid type") || msg.starts_with("invalid value") => {
            format!("`{key}`: {msg}")
        }
        _ => msg,
    }
}

/// TOML dates in free-form values (`[extra]`, data files) as their text:
/// read into JSON they would be a map with a private key.
pub(crate) fn toml_dates_as_text(value: &mut serde_json::Value) {
    const KEY: &str = "$__toml_private_datetime";
    match value {
        serde_json::Value::Object(map) => {
            if map.len() == 1 {
                if let Some(serde_json::Value::String(date)) = map.get(KEY) {
                    *value = serde_json::Value::String(date.clone());
                    return;
                }
            }
            map.values_mut().for_each(toml_dates_as_text);
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(toml_dates_as_text),
        _ => {}
    }
}

/// `2024-01-31`, `07:32:00`, `2024-01-31T07:32:00Z`: a TOML date or time.
fn is_toml_datetime(value: &str) -> bool {
    let b = value.as_bytes();
    let date =
        b.len() >= 10 && b[..4].iter().all(u8::is_ascii_digit) && b[4] == b'-' && b[7] == b'-';
    let time = b.len() >= 5 && b[..2].iter().all(u8::is_ascii_digit) && b[2] == b':';
    date || time
}

/// "expected i64" → "expected a whole number", for every Rust number type.
pub(crate) fn humanise_types(msg: &str) -> String {
    let mut out = msg.to_string();
    for (rust, words) in [
        ("expected i64", "expected a whole number"),
        ("expected i32", "expected a whole number"),
        ("expected u64", "expected a whole number of at least 0"),
        ("expected u32", "expected a whole number of at least 0"),
        ("expected f64", "expected a number"),
        ("expected a boolean", "expected true or false"),
    ] {
        out = out.replace(rust, words);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn parse(text: &str) -> Result<Config, Diagnostic> {
        Config::parse(text, Path::new("regionwise.toml"))
    }

    /// Checks that `text` is rejected at `line` with a message saying `words`.
    fn assert_rejected(text: &str, line: usize, words: &str) {
        let err = parse(text).unwrap_err();
        assert_eq!(err.location.line, Some(line), "{text}: {err}");
        assert!(err.to_string().contains(words), "{text}: {err}");
    }

    #[test]
    fn minimal_config_gets_defaults() {
        let c = parse("title = \"Guide\"\n").unwrap();
        assert_eq!(c.base_url(), "/");
        assert_eq!(c.language, "en");
        assert!(c.search.enabled);
        assert_eq!(c.review.months, 12);
    }

    #[test]
    fn unknown_key_is_an_error_with_line() {
        assert_rejected("title = \"G\"\ntitel = \"x\"\n", 2, "titel");
    }

    #[test]
    fn calculator_defaults_are_read() {
        let c = parse("title = \"G\"\n[calculator.cost]\ncompute = 42000\n").unwrap();
        assert_eq!(c.calculator["cost"]["compute"], serde_json::json!(42000));
    }

    #[test]
    fn calculator_defaults_are_checked_by_the_model() {
        assert_rejected(
            "title = \"G\"\n[calculator.cost]\ncompute = 1\nregions = 99\n",
            4,
            "[calculator.cost]",
        );
        assert_rejected(
            "title = \"G\"\n[calculator.price]\nx = 1\n",
            2,
            "no model `price`",
        );
    }

    #[test]
    fn urls_must_be_http_and_logos_local_files() {
        for (text, key, line) in [
            (
                "title = \"G\"\nbase_url = \"javascript:alert(1)\"\n",
                "base_url",
                2,
            ),
            (
                "title = \"G\"\nbase_url = \"guide.example.com\"\n",
                "base_url",
                2,
            ),
            ("title = \"G\"\nbase_url = \"/docs/\"\n", "base_url", 2),
            (
                "title = \"G\"\n\nedit_url = \"javascript:x({path})\"\n",
                "edit_url",
                3,
            ),
            (
                "title = \"G\"\n[branding]\nlogo = \"https://cdn.example.com/l.svg\"\n",
                "logo",
                3,
            ),
            (
                "title = \"G\"\n[branding]\nlogo = \"../../etc/passwd\"\n",
                "logo",
                3,
            ),
        ] {
            assert_rejected(text, line, key);
        }
        for ok in [
            "title = \"G\"\nbase_url = \"/\"\n",
            "title = \"G\"\nbase_url = \"https://guide.example.com/docs\"\n",
            "title = \"G\"\nedit_url = \"https://git.example.com/edit/{path}\"\n",
            "title = \"G\"\n[branding]\nlogo = \"/img/logo.svg\"\n",
        ] {
            let c = parse(ok).unwrap();
            if let Some(logo) = c.logo() {
                assert_eq!(logo, "img/logo.svg");
            }
        }
        let c = parse("title = \"G\"\n[branding]\n\nlogo = \"logo.svg\"\n").unwrap();
        let e = c
            .check_logo(
                "title = \"G\"\n[branding]\n\nlogo = \"logo.svg\"\n",
                Path::new("regionwise.toml"),
                |_| false,
            )
            .unwrap_err();
        assert_eq!(e.location.line, Some(4), "{e}");
        assert!(e.to_string().contains("no file `logo.svg`"), "{e}");
    }

    #[test]
    fn an_unquoted_date_is_explained_with_its_key_and_line() {
        assert_rejected(
            "title = \"G\"\n\ndescription = 2024-01-31\n",
            3,
            "`description`: `2024-01-31` without quotes is a TOML date, but `description` \
             takes text: write it in quotes, description = \"2024-01-31\"",
        );
    }

    #[test]
    fn bad_accent_colour_is_rejected_at_its_line() {
        assert_rejected(
            "title = \"G\"\n[branding]\naccent_color = \"red;}\"\n",
            3,
            "accent_color",
        );
    }

    #[test]
    fn a_missing_title_is_named() {
        let err = parse("description = \"x\"\n").unwrap_err();
        assert!(err.to_string().contains("`title` is missing"), "{err}");
        let err = parse("\ntitle = \" \"\n").unwrap_err();
        assert_eq!(err.location.line, Some(2), "{err}");
    }

    #[test]
    fn guide_base_and_hide() {
        let text =
            "title = \"G\"\n[guide]\nbase = \"bundled\"\nhide = [\n  \"a.md\",\n  \"b/\",\n]\n";
        let c = parse(text).unwrap();
        assert!(c.guide.extends_bundled());
        assert_eq!(Guide::peek(text).hide, ["a.md", "b/"]);
        assert_eq!(array_item_line(text, &["guide", "hide"], 1), Some(6));
        assert_rejected("title = \"G\"\n[guide]\nbase = \"bundeld\"\n", 3, "bundled");
        assert_rejected(
            "title = \"G\"\n[guide]\nhide = [\"a.md\"]\n",
            3,
            "does not extend",
        );
    }

    #[test]
    fn every_spelling_of_a_key_has_its_line() {
        for text in [
            "title = \"G\"\n\n[calculator.cost]\nregions = 99\n",
            "title = \"G\"\n\n\ncalculator.cost.regions = 99\n",
            "title = \"G\"\n[calculator]\n\ncost = { regions = 99 }\n",
            "title = \"G\"\n[calculator]\ncost.compute = 1\ncost.regions = 99\n",
        ] {
            assert_rejected(text, 4, "[calculator.cost]");
        }
        for (text, line) in [
            ("title = \"G\"\nbranding.accent_color = \"red\"\n", 2),
            ("title = \"G\"\n\nbranding = { logo = \"../x.svg\" }\n", 3),
            ("title = \"G\"\n[calculator.costs]\nx = 1\n", 2),
            ("title = \"G\"\ncalculator = { costs = { x = 1 } }\n", 2),
        ] {
            let err = parse(text).unwrap_err();
            assert_eq!(err.location.line, Some(line), "{text}: {err}");
        }
    }
}
