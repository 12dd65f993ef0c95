//! `regionwise init DIR`: a new site folder that builds as it is.
//!
//! The default is an internal copy on the bundled guide (`[guide] base =
//! "bundled"`): a handful of files — the config, one page of the
//! organisation's own, one overridden bundled page recorded in
//! regionwise.lock — and the rest of the guide updates with the binary.
//! `--copy` copies the whole bundled guide (each file recorded in
//! regionwise.lock, so upgrades still report what changed under it);
//! `--bare` writes a minimal skeleton. All get a `regionwise.toml` listing
//! every option, and `templates/` and `static/` folders whose READMEs
//! explain overriding the default theme.
//! The lists of templates, assets and calculator inputs are generated from
//! what the binary embeds, so they cannot fall out of date.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use regionwise_models::{FieldKind, ModelDef, MODELS};

use crate::eject::{Entry, Lock, LOCK_FILE};
use crate::load::embedded;

/// Why a folder could not be set up.
#[derive(Debug, thiserror::Error)]
pub enum InitError {
    #[error("{0} is not empty; choose a new or empty folder (nothing was written)")]
    NotEmpty(PathBuf),
    #[error("{0} exists and is not a folder")]
    NotAFolder(PathBuf),
    #[error("cannot write {path}: {reason}")]
    Io { path: PathBuf, reason: String },
}

/// What kind of site to scaffold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// The bundled guide as the base layer, with one page of the
    /// organisation's own and one override on top.
    Base,
    /// A full copy of the bundled guide, ready to edit.
    Copy,
    /// A home page, one section and one page.
    Bare,
}

/// Writes a new site into `dir` (created if missing; refused if not empty).
/// Returns the files written, relative to `dir`.
pub fn init(dir: &Path, kind: Kind) -> Result<Vec<String>, InitError> {
    ensure_empty(dir)?;
    let mut written = Vec::new();
    for (path, bytes) in files(kind) {
        let target = dir.join(&path);
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent).map_err(|e| io(parent, &e))?;
        }
        std::fs::write(&target, bytes).map_err(|e| io(&target, &e))?;
        written.push(path);
    }
    Ok(written)
}

fn io(path: &Path, e: &std::io::Error) -> InitError {
    InitError::Io {
        path: path.to_path_buf(),
        reason: e.to_string(),
    }
}

fn ensure_empty(dir: &Path) -> Result<(), InitError> {
    match std::fs::read_dir(dir) {
        Ok(mut entries) => {
            if entries.next().is_some() {
                Err(InitError::NotEmpty(dir.to_path_buf()))
            } else {
                Ok(())
            }
        }
        Err(_) if dir.exists() => Err(InitError::NotAFolder(dir.to_path_buf())),
        Err(_) => std::fs::create_dir_all(dir).map_err(|e| io(dir, &e)),
    }
}

/// Every file of the scaffold, by path.
pub fn files(kind: Kind) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    // Reviewed today: a new site starts with no overdue reviews.
    let today = crate::review::Date::today().to_string();
    match kind {
        Kind::Base => {
            let (title, description) = guide_title();
            let config = config(&format!("{title} (internal)"), &description, Kind::Base);
            out.push(("regionwise.toml".into(), config.into_bytes()));
            let own = OWN_PAGE.1.replace("{today}", &today);
            out.push((OWN_PAGE.0.into(), own.into_bytes()));
            let (path, home) = home_override(&today);
            out.push((path.into(), home.into_bytes()));
            let mut lock = Lock::default();
            if let Some(text) = bundled_text(path) {
                lock.record(Entry::new(path, text));
            }
            out.push((LOCK_FILE.into(), lock.to_text().into_bytes()));
        }
        Kind::Copy => {
            let (title, description) = guide_title();
            out.push((
                "regionwise.toml".into(),
                config(&title, &description, Kind::Copy).into_bytes(),
            ));
            let mut lock = Lock::default();
            for (path, bytes) in embedded::GUIDE_CONTENT {
                out.push(((*path).to_string(), bytes.to_vec()));
                if let Ok(text) = std::str::from_utf8(bytes) {
                    lock.record(Entry::new(path, text));
                }
            }
            out.push((LOCK_FILE.into(), lock.to_text().into_bytes()));
        }
        Kind::Bare => {
            let config = config(
                "My decision guide",
                "What we decided, why, and what it costs.",
                Kind::Bare,
            );
            out.push(("regionwise.toml".into(), config.into_bytes()));
            for (path, text) in BARE_CONTENT {
                let text = text.replace("{today}", &today);
                out.push(((*path).to_string(), text.into_bytes()));
            }
        }
    }
    out.push((
        "templates/README.md".into(),
        templates_readme().into_bytes(),
    ));
    out.push(("static/README.md".into(), static_readme().into_bytes()));
    out.push((".gitignore".into(), b"/public/\n".to_vec()));
    out
}

/// The bundled guide's title and description, from its regionwise.toml.
fn guide_title() -> (String, String) {
    #[derive(serde::Deserialize)]
    struct Head {
        title: String,
        #[serde(default)]
        description: String,
    }
    let text = String::from_utf8_lossy(embedded::GUIDE_CONFIG);
    // The embedded config is ours and parsed by every build; fall back anyway.
    toml::from_str::<Head>(&text)
        .map(|h| (h.title, h.description))
        .unwrap_or_else(|_| ("Multi-region, decided".into(), String::new()))
}

/// The commented regionwise.toml; a base-layer site has `[guide] base`
/// set, the others have it commented out.
pub fn config(title: &str, description: &str, kind: Kind) -> String {
    let base = match kind {
        Kind::Base => "base = \"bundled\"",
        Kind::Copy | Kind::Bare => "# base = \"bundled\"",
    };
    include_str!("regionwise.toml")
        .replace("{title}", &toml_string(title))
        .replace("{description}", &toml_string(description))
        .replace("{base}", base)
        .replace("{calculators}", &calculator_examples())
}

fn bundled_text(path: &str) -> Option<&'static str> {
    std::str::from_utf8(embedded::find(embedded::GUIDE_CONTENT, path)?).ok()
}

/// The example override: the bundled home page with a note for the
/// organisation's readers at the top, reviewed today.
fn home_override(today: &str) -> (&'static str, String) {
    const PATH: &str = "content/_index.md";
    let home = bundled_text(PATH).unwrap_or("+++\ntitle = \"Home\"\n+++\n");
    let note = "{% callout(kind=\"note\", title=\"Our internal copy\") %}\n\
                This is our copy of the guide: start with [our platform](@/our-platform/_index.md),\n\
                the regions we run in and the patterns we approved.\n\
                {% end %}\n\n";
    // After the front matter (`+++ … +++`), with a review date in it.
    let text = match home
        .strip_prefix("+++\n")
        .and_then(|r| r.split_once("\n+++\n"))
    {
        Some((fm, body)) => {
            format!(
                "+++\n{fm}\nreviewed = \"{today}\"\n+++\n{note}{}",
                body.trim_start_matches('\n')
            )
        }
        None => format!("{note}{home}"),
    };
    (PATH, text)
}

/// The example page of the organisation's own.
const OWN_PAGE: (&str, &str) = (
    "content/our-platform/_index.md",
    "+++\ntitle = \"Our platform\"\n\
     description = \"The regions we run in, the patterns we approved, and who to ask.\"\n\
     weight = -1\nreviewed = \"{today}\"\n+++\n\
     This section is ours: the bundled guide around it updates with regionwise,\n\
     and `regionwise check` tells us when a bundled page we changed has changed\n\
     upstream. Add a page by adding a Markdown file to `content/our-platform/`.\n\n\
     ## Our regions\n\n\
     | role | region |\n| --- | --- |\n| primary | eu-west-1 |\n| standby | eu-central-1 |\n\n\
     ## What a standby costs us\n\n\
     With the defaults in `[calculator.cost]` of our `regionwise.toml`, a warm\n\
     standby (active-passive) costs {{ figure(model=\"cost\", out=\"active_passive.total\") }}\n\
     a month, against {{ figure(model=\"cost\", out=\"single_region.total\") }} in one region.\n",
);

/// A TOML basic string's inside: quotes and backslashes escaped.
fn toml_string(s: &str) -> String {
    s.replace('\\', "\\\\").replace('"', "\\\"")
}

/// `# [calculator.cost]` and every input with its default, range and help.
fn calculator_examples() -> String {
    let mut out = String::new();
    for model in MODELS {
        let _ = writeln!(out, "\n# {}", model.about);
        let _ = writeln!(out, "# [calculator.{}]", model.name);
        for spec in model.fields {
            let value = match spec.kind {
                FieldKind::Choice => format!("\"{}\"", spec.default_text()),
                _ => spec.default_json().to_string(),
            };
            let unit = spec.unit.label();
            let unit = if unit.is_empty() {
                String::new()
            } else {
                format!(", {unit}")
            };
            let _ = writeln!(
                out,
                "# {} = {value}    # {}{unit}: {}{}",
                spec.name,
                spec.range_text(),
                spec.help,
                shared_with(model, spec.name)
            );
        }
    }
    out
}

/// ` Shared with [calculator.cost].`: the other models with an input of
/// this name, whose table's value this model takes unless it sets its own.
fn shared_with(model: &ModelDef, field: &str) -> String {
    let others: Vec<String> = MODELS
        .iter()
        .filter(|m| m.name != model.name && m.field(field).is_some())
        .map(|m| format!("[calculator.{}]", m.name))
        .collect();
    if others.is_empty() {
        String::new()
    } else {
        format!(" Shared with {}.", others.join(", "))
    }
}

fn templates_readme() -> String {
    let mut s = String::from(
        "# Template overrides\n\n\
         A file here replaces the default template of the same name; everything\n\
         else keeps the default. Templates are Tera 2 (`{{ var }}`, `{% block %}`,\n\
         `{% extends \"base.html\" %}`). Start from a copy of the default:\n\
         `regionwise eject templates/page.html` copies it here and records the\n\
         version in regionwise.lock, so `regionwise check` tells you when a new\n\
         regionwise changes the default under your copy.\n\n\
         A new `shortcodes/NAME.html` adds a shortcode `{{ NAME(arg=\"...\") }}`;\n\
         its arguments are template variables, as are `root` (the relative path\n\
         to the site root) and `data` (the data files).\n\n\
         ## The default templates\n\n",
    );
    for (path, _) in embedded::TEMPLATES {
        let name = path.trim_start_matches("templates/");
        let _ = writeln!(s, "- `{name}`: {}", template_about(name));
    }
    s.push_str(
        "\n## Variables\n\n\
         Every page template (`index.html`, `section.html`, `page.html` and any\n\
         `template = \"...\"` named in front matter) receives:\n\n\
         - `site`: `title`, `description`, `language`, `base_url`, `logo`,\n  \
           `accent_color`, `footer`, `search`, `search_js`, `calc_js`, and\n  \
           `assets` (fingerprinted file names by logical name: `site.assets['site.css']`)\n\
         - `root`: the relative path from the page to the site root (`../../`)\n\
         - `page`: `title`, `description`, `content` (HTML; print with `| safe`),\n  \
           `toc` (`level`, `id`, `title`), `path`, `permalink`, `source`, `updated`,\n  \
           `reviewed`, `edit_url`, `extra` (front matter `[extra]`), `words`,\n  \
           `reading_minutes`, `is_section`, `is_home`, `has_calculator`\n\
         - `nav`: the sidebar (`title`, `href`, `current`, `open`, `children`)\n\
         - `breadcrumb`, `prev`, `next`: links (`title`, `href`)\n\
         - `pages`, `subsections` (sections only): `title`, `description`, `href`\n\n\
         `404.html` receives `site`, `root` (the base URL's path) and `sections`.\n\n\
         The full reference is docs/authoring.md in the regionwise repository.\n",
    );
    s
}

fn template_about(name: &str) -> &'static str {
    match name {
        "base.html" => {
            "the page frame every page template extends: head, header, search, sidebar, footer"
        }
        "index.html" => "the home page (`content/_index.md`)",
        "section.html" => "a section's `_index.md`, with the list of its pages",
        "page.html" => "a page",
        "404.html" => "the page for missing addresses",
        n if n.starts_with("shortcodes/") => "the HTML of a shortcode",
        _ => "a template of the default theme",
    }
}

fn static_readme() -> String {
    let mut s = String::from(
        "# Static files\n\n\
         Files here are copied into the built site. A file with the name of a\n\
         default asset replaces it; CSS, JavaScript and wasm files get a content\n\
         hash in their name (`site.3f2a9c01bd.css`) so they can be cached forever.\n\
         Put your logo here and name it in regionwise.toml (`[branding] logo`).\n\n\
         To restyle the theme, prefer a few CSS custom properties (colours:\n\
         `--accent`, `--bg`, `--fg`, `--surface`, `--border`; dark mode has its\n\
         own set) or `[branding] accent_color` over replacing `site.css`.\n\n\
         ## The default assets\n\n",
    );
    for (path, _) in embedded::STATIC {
        let _ = writeln!(s, "- `{}`", path.trim_start_matches("static/"));
    }
    s
}

const BARE_CONTENT: &[(&str, &str)] = &[
    (
        "content/_index.md",
        "+++\ntitle = \"Home\"\ndescription = \"What we decided, why, and what it costs.\"\nreviewed = \"{today}\"\n+++\n\
         This guide records our architecture decisions. Start with\n\
         [the first decision](@/decisions/first-decision.md).\n",
    ),
    (
        "content/decisions/_index.md",
        "+++\ntitle = \"Decisions\"\ndescription = \"One page per decision.\"\nweight = 1\nreviewed = \"{today}\"\n+++\n\
         Each page in this section is one decision: the situation, the options and the choice.\n",
    ),
    (
        "content/decisions/first-decision.md",
        "+++\ntitle = \"Our first decision\"\ndescription = \"A page to copy for the next one.\"\n\
         reviewed = \"{today}\"\n+++\n\
         ## Situation\n\nWhat forces the decision.\n\n\
         ## Options\n\n| option | for | against |\n| --- | --- | --- |\n| one region | simple | one failure domain |\n\n\
         ## Decision\n\n\
         {% callout(kind=\"tip\", title=\"Numbers from the models\") %}\n\
         Active-passive across two regions costs about\n\
         {{ figure(model=\"cost\", out=\"active_passive.total\") }} a month with the default inputs.\n\
         {% end %}\n",
    ),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn config_template_parses_and_lists_every_model() {
        let text = config("A \"quoted\" title", "d", Kind::Base);
        let config = crate::config::Config::parse(&text, Path::new("regionwise.toml")).unwrap();
        assert_eq!(config.title, "A \"quoted\" title");
        for model in MODELS {
            assert!(text.contains(&format!("# [calculator.{}]", model.name)));
        }
    }

    #[test]
    fn every_commented_key_is_valid_when_uncommented() {
        let text = config("t", "d", Kind::Copy);
        let uncommented: Vec<String> = text
            .lines()
            .map(|l| match l.strip_prefix("# ") {
                Some(rest) if is_key_line(rest) => {
                    rest.split("    #").next().unwrap_or("").to_string()
                }
                _ => l.to_string(),
            })
            .collect();
        let uncommented = uncommented.join("\n");
        let config = crate::config::Config::parse(&uncommented, Path::new("regionwise.toml"))
            .unwrap_or_else(|e| panic!("{e}\n{uncommented}"));
        assert_eq!(config.calculator.len(), MODELS.len());
        assert_eq!(config.branding.accent_color.as_deref(), Some("#0b5cad"));
    }

    fn is_key_line(rest: &str) -> bool {
        rest.starts_with("[calculator.")
            || rest.split_once(" = ").is_some_and(|(k, _)| {
                !k.is_empty() && k.chars().all(|c| c.is_ascii_lowercase() || c == '_')
            })
    }

    #[test]
    fn refuses_a_folder_with_files() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("x"), "").unwrap();
        assert!(matches!(
            init(dir.path(), Kind::Bare),
            Err(InitError::NotEmpty(_))
        ));
    }
}
