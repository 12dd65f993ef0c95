//! The HTML the theme puts around Markdown's blocks — heading anchors, code
//! blocks, table wrappers and GitHub-alert callouts — rendered from templates
//! (`templates/partials/*.html`, `templates/shortcodes/callout.html`), as Zola
//! does even for its anchor link. One renderer per component: a site that
//! overrides `callout.html` gets one callout design whether a page writes an
//! alert (`> [!TIP]`) or the `callout` shortcode.

use pulldown_cmark::BlockQuoteKind;
use serde::Serialize;

use super::markdown::{Fragments, Wrapped};
use super::templates::Templates;
use crate::error::{Diagnostic, ErrorKind, Location};

/// The kinds of callout, shared by alerts and the `callout` shortcode.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum CalloutKind {
    Note,
    Tip,
    Important,
    Warning,
    Caution,
}

impl CalloutKind {
    pub const ALL: [CalloutKind; 5] = [
        CalloutKind::Note,
        CalloutKind::Tip,
        CalloutKind::Important,
        CalloutKind::Warning,
        CalloutKind::Caution,
    ];

    /// The name in `kind="..."` and in the `callout-NAME` class.
    pub fn name(self) -> &'static str {
        match self {
            CalloutKind::Note => "note",
            CalloutKind::Tip => "tip",
            CalloutKind::Important => "important",
            CalloutKind::Warning => "warning",
            CalloutKind::Caution => "caution",
        }
    }

    /// The title shown when none is given: "Tip".
    pub fn default_title(self) -> &'static str {
        match self {
            CalloutKind::Note => "Note",
            CalloutKind::Tip => "Tip",
            CalloutKind::Important => "Important",
            CalloutKind::Warning => "Warning",
            CalloutKind::Caution => "Caution",
        }
    }

    pub fn parse(name: &str) -> Option<CalloutKind> {
        CalloutKind::ALL.into_iter().find(|k| k.name() == name)
    }

    /// "note, tip, important, warning or caution", for messages.
    pub fn list() -> String {
        let names: Vec<&str> = CalloutKind::ALL.iter().map(|k| k.name()).collect();
        let (last, rest) = names.split_last().unwrap_or((&"", &[]));
        format!("{} or {last}", rest.join(", "))
    }
}

impl From<BlockQuoteKind> for CalloutKind {
    fn from(kind: BlockQuoteKind) -> Self {
        match kind {
            BlockQuoteKind::Note => CalloutKind::Note,
            BlockQuoteKind::Tip => CalloutKind::Tip,
            BlockQuoteKind::Important => CalloutKind::Important,
            BlockQuoteKind::Warning => CalloutKind::Warning,
            BlockQuoteKind::Caution => CalloutKind::Caution,
        }
    }
}

/// Stands for a block's body while its wrapper template renders; the output
/// is split there into the HTML before and after the body, so the body's
/// Markdown still streams through one writer (footnote numbers stay right).
const BODY: &str = "\u{E002}body\u{E003}";

/// [`Fragments`] from the site's templates; errors point at the page.
pub struct Theme<'a> {
    pub templates: &'a Templates,
    pub location: &'a Location,
}

impl Theme<'_> {
    fn render(&self, name: &str, context: &tera::Context) -> Result<String, Diagnostic> {
        self.templates.render(name, context, Some(self.location))
    }
}

impl Fragments for Theme<'_> {
    fn heading_anchor(&self, id: &str, title: &str) -> Result<String, Diagnostic> {
        let mut c = tera::Context::new();
        c.insert("id", id);
        c.insert("title", title);
        self.render("partials/heading_anchor.html", &c)
    }

    fn code_block(&self, lang: &str, code: &str) -> Result<String, Diagnostic> {
        let mut c = tera::Context::new();
        c.insert("lang", lang);
        c.insert("code", code);
        self.render("partials/code_block.html", &c)
    }

    fn wrapper(&self, block: Wrapped) -> Result<(String, String), Diagnostic> {
        let mut c = tera::Context::new();
        let name = match block {
            Wrapped::Table { number } => {
                c.insert("number", &number);
                c.insert("table", BODY);
                "partials/table.html"
            }
            Wrapped::Callout(kind) => {
                c.insert("kind", &kind);
                c.insert("title", kind.default_title());
                c.insert("body", BODY);
                "shortcodes/callout.html"
            }
        };
        let html = self.render(name, &c)?;
        html.split_once(BODY)
            .map(|(open, close)| (open.to_string(), close.to_string()))
            .ok_or_else(|| {
                let var = if name == "partials/table.html" {
                    "table"
                } else {
                    "body"
                };
                Diagnostic::new(
                    self.location.clone(),
                    ErrorKind::Template(format!(
                        "templates/{name} must print {{{{ {var} | safe }}}} (the block's content)"
                    )),
                )
            })
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::load::SourceFile;

    /// The default theme's templates, as a build without overrides has them.
    pub(crate) fn default_theme() -> Templates {
        let sources = crate::load::embedded::TEMPLATES
            .iter()
            .map(|(path, bytes)| {
                let rel = path.trim_start_matches("templates/").to_string();
                let file = SourceFile {
                    rel: rel.clone(),
                    display: path.into(),
                    text: String::from_utf8_lossy(bytes).into_owned(),
                    origin: crate::load::Origin::Bundled,
                };
                (rel, file)
            })
            .collect();
        Templates::compile(&sources).expect("the default theme compiles")
    }

    #[test]
    fn kinds_round_trip_and_list() {
        for k in CalloutKind::ALL {
            assert_eq!(CalloutKind::parse(k.name()), Some(k));
        }
        assert_eq!(CalloutKind::parse("danger"), None);
        assert_eq!(
            CalloutKind::list(),
            "note, tip, important, warning or caution"
        );
    }

    #[test]
    fn wrappers_split_around_the_body() {
        let templates = default_theme();
        let location = Location::file("content/a.md");
        let theme = Theme {
            templates: &templates,
            location: &location,
        };
        let (open, close) = theme.wrapper(Wrapped::Callout(CalloutKind::Tip)).unwrap();
        assert!(open.contains("callout callout-tip"), "{open}");
        assert!(open.contains("Tip"), "{open}");
        assert!(close.trim_end().ends_with("</div>"), "{close}");
        let (open, close) = theme.wrapper(Wrapped::Table { number: 3 }).unwrap();
        assert!(open.contains("Table 3"), "{open}");
        assert!(close.contains("</div>"), "{close}");
    }
}
