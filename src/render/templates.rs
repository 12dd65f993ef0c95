//! Templates: tera 2 (chosen for its error reports with template line
//! numbers). The default theme is embedded; a site's file of the same name
//! replaces it.

use std::collections::BTreeMap;

use tera::{Context, Tera};

use crate::error::{Diagnostic, ErrorKind, Location};
use crate::load::SourceFile;

pub struct Templates {
    tera: Tera,
    /// Template name → path shown in errors.
    files: BTreeMap<String, std::path::PathBuf>,
    /// Template name → its text, to find the line of an `include`.
    texts: BTreeMap<String, String>,
    /// Every literal `id="..."` in the templates (`main`, `site-nav`):
    /// heading ids must not take them.
    theme_ids: std::collections::BTreeSet<String>,
}

impl Templates {
    /// Compiles every template; a syntax error names its file and line.
    pub fn compile(sources: &BTreeMap<String, SourceFile>) -> Result<Templates, Diagnostic> {
        let files: BTreeMap<String, std::path::PathBuf> = sources
            .iter()
            .map(|(name, f)| (name.clone(), f.display.clone()))
            .collect();
        let mut tera = Tera::default();
        tera.autoescape_on([".html", ".xml"]);
        let list = sources
            .iter()
            .filter(|(name, _)| {
                name.ends_with(".html") || name.ends_with(".xml") || name.ends_with(".txt")
            })
            .map(|(name, f)| (name.as_str(), f.text.as_str()));
        let texts = sources
            .iter()
            .map(|(name, f)| (name.clone(), f.text.clone()))
            .collect();
        let theme_ids = sources
            .values()
            .flat_map(|f| super::html::attribute_values(&f.text, "id"))
            .filter(|id| !id.is_empty() && !id.contains(['{', '}']))
            .map(|id| id.into_owned())
            .collect();
        let templates = Templates {
            tera: Tera::default(),
            files,
            texts,
            theme_ids,
        };
        tera.add_raw_templates(list)
            .map_err(|e| templates.diagnostic(&e, None))?;
        Ok(Templates { tera, ..templates })
    }

    /// Makes a value available to every template without copying it into
    /// each page's context (the data files: `data.decisions.rows`).
    pub fn set_global(&mut self, name: &'static str, value: &serde_json::Value) {
        self.tera.global_context().insert(name, value);
    }

    /// The ids the templates write literally (`<main id="main">`).
    pub fn theme_ids(&self) -> &std::collections::BTreeSet<String> {
        &self.theme_ids
    }

    pub fn has(&self, name: &str) -> bool {
        self.tera.contains_template(name)
    }

    /// Renders a template; `caller` is where the render was asked for (a
    /// page, a shortcode call) for errors that have no template line.
    pub fn render(
        &self,
        name: &str,
        context: &Context,
        caller: Option<&Location>,
    ) -> Result<String, Diagnostic> {
        let mut html = self
            .tera
            .render(name, context)
            .map_err(|e| self.diagnostic(&e, caller))?;
        // Tera's output grows by doubling; a page is held until the write,
        // so give back the unused third (88 MB at 10,000 pages).
        html.shrink_to_fit();
        Ok(html)
    }

    /// The path shown for a template name.
    fn file_of(&self, name: &str) -> std::path::PathBuf {
        self.files
            .get(name)
            .cloned()
            .unwrap_or_else(|| format!("templates/{name}").into())
    }

    fn diagnostic(&self, err: &tera::Error, caller: Option<&Location>) -> Diagnostic {
        let (location, message) = match err.kind() {
            tera::ErrorKind::SyntaxError(report) | tera::ErrorKind::RenderingError(report) => {
                let span = report.span();
                let file = self.file_of(report.filename());
                let mut message = report.message().to_string();
                if message.starts_with("Unknown tag") {
                    message.push_str(
                        " (or an `{% if %}`, `{% for %}` or `{% block %}` above it is not closed)",
                    );
                }
                if let Some(caller) = caller {
                    message.push_str(&format!(" (while rendering {caller})"));
                }
                (
                    Location::at(file, span.start_line).with_column(span.start_col + 1),
                    message,
                )
            }
            tera::ErrorKind::TemplateNotFound(name) => (
                caller.cloned().unwrap_or_default(),
                format!("there is no template `{name}` (add templates/{name} or fix the name)"),
            ),
            tera::ErrorKind::CircularInclude { include_chain, .. } => {
                self.cycle(include_chain, "include", "includes")
            }
            tera::ErrorKind::CircularExtend {
                tpl,
                inheritance_chain,
            } => {
                let chain: Vec<String> = std::iter::once(tpl.clone())
                    .chain(inheritance_chain.iter().cloned())
                    .collect();
                self.cycle(&chain, "extends", "extends")
            }
            tera::ErrorKind::MissingParent { current, parent } => (
                self.files
                    .get(current)
                    .map(Location::file)
                    .unwrap_or_default(),
                format!("`{current}` extends `{parent}`, which does not exist"),
            ),
            // Checks across templates (a block no parent has...) come as
            // rendered reports: take the file, line and message out of them.
            tera::ErrorKind::Msg(report) => match parse_report(report) {
                Some((name, line, message)) => {
                    (Location::at(self.file_of(name), line), message.to_string())
                }
                None => (caller.cloned().unwrap_or_default(), report.clone()),
            },
            other => (caller.cloned().unwrap_or_default(), other.to_string()),
        };
        Diagnostic::new(location, ErrorKind::Template(message))
    }
}

impl Templates {
    /// A cycle of templates (`a.html` includes `b.html`, which includes
    /// `a.html`), at the line where the first one names the next.
    fn cycle(&self, chain: &[String], tag: &str, verb: &str) -> (Location, String) {
        // The chain may start before the loop: keep the loop itself.
        let start = chain
            .last()
            .and_then(|last| chain.iter().position(|n| n == last))
            .unwrap_or(0);
        let chain = &chain[start..];
        let Some(first) = chain.first() else {
            return (
                Location::default(),
                format!("templates {tag} each other in a cycle"),
            );
        };
        let mut steps = format!("`{first}`");
        for (i, name) in chain.iter().enumerate().skip(1) {
            let which = if i == 1 { "" } else { "which " };
            steps.push_str(&format!(" {which}{verb} `{name}`,"));
        }
        let steps = steps.trim_end_matches(',');
        let message = format!(
            "templates {} each other in a cycle: {steps}; the chain never ends \
             (remove one `{{% {tag} %}}`)",
            verb.trim_end_matches('s')
        );
        let file = self.file_of(first);
        let next = chain.get(1).map_or("", String::as_str);
        let line = self.texts.get(first.as_str()).and_then(|text| {
            text.lines()
                .position(|l| l.contains(tag) && l.contains(next))
                .map(|i| i + 1)
        });
        let location = match line {
            Some(line) => Location::at(file, line),
            None => Location::file(file),
        };
        (location, message)
    }
}

/// The first report of a tera message: `error: MESSAGE` then
/// ` --> NAME:LINE:COL`. Returns (name, line, message).
fn parse_report(report: &str) -> Option<(&str, usize, &str)> {
    let mut lines = report.lines();
    let message = lines.next()?.trim().strip_prefix("error: ")?;
    let place = lines.next()?.trim().strip_prefix("--> ")?;
    let mut parts = place.rsplitn(3, ':');
    let _col = parts.next()?;
    let line = parts.next()?.parse().ok()?;
    Some((parts.next()?, line, message))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sources(list: &[(&str, &str)]) -> BTreeMap<String, SourceFile> {
        list.iter()
            .map(|(n, t)| {
                (
                    n.to_string(),
                    SourceFile {
                        rel: n.to_string(),
                        display: format!("templates/{n}").into(),
                        text: t.to_string(),
                    },
                )
            })
            .collect()
    }

    #[test]
    fn renders_and_escapes() {
        let t = Templates::compile(&sources(&[("a.html", "<p>{{ x }}</p>")])).unwrap();
        let mut c = Context::new();
        c.insert("x", "<script>");
        assert_eq!(
            t.render("a.html", &c, None).unwrap(),
            "<p>&lt;script&gt;</p>"
        );
    }

    #[test]
    fn syntax_error_has_file_and_line() {
        let e = Templates::compile(&sources(&[("a.html", "ok\n{% if %}\n")]))
            .err()
            .unwrap();
        assert_eq!(
            e.location.file.as_deref(),
            Some(std::path::Path::new("templates/a.html"))
        );
        assert_eq!(e.location.line, Some(2), "{e}");
    }

    #[test]
    fn missing_variable_has_file_and_line() {
        let t = Templates::compile(&sources(&[("a.html", "ok\n{{ nope.x }}\n")])).unwrap();
        let e = t.render("a.html", &Context::new(), None).unwrap_err();
        assert_eq!(e.location.line, Some(2), "{e}");
    }

    #[test]
    fn block_missing_from_parents_has_file_and_line() {
        let e = Templates::compile(&sources(&[
            ("base.html", "{% block main %}{% endblock main %}"),
            (
                "page.html",
                "{% extends \"base.html\" %}\n{% block side %}{% endblock side %}",
            ),
        ]))
        .err()
        .unwrap();
        assert_eq!(e.location.line, Some(2), "{e}");
        assert!(e.to_string().starts_with("templates/page.html:2: "), "{e}");
        assert!(e.to_string().contains("Block `side`"), "{e}");
    }

    #[test]
    fn include_cycles_name_the_templates() {
        let e = Templates::compile(&sources(&[
            ("page.html", "<main>\n{% include \"a.html\" %}\n</main>"),
            ("a.html", "A\n{% include \"b.html\" %}"),
            ("b.html", "B\n\n{% include \"a.html\" %}"),
        ]))
        .err()
        .unwrap()
        .to_string();
        assert!(
            e.contains("`a.html` includes `b.html`, which includes `a.html`"),
            "{e}"
        );
        assert!(e.starts_with("templates/a.html:2: "), "{e}");
        let e = Templates::compile(&sources(&[("page.html", "{% extends \"page.html\" %}")]))
            .err()
            .unwrap()
            .to_string();
        assert!(e.contains("`page.html` extends `page.html`"), "{e}");
    }

    #[test]
    fn missing_template_is_named() {
        let t = Templates::compile(&sources(&[("a.html", "x")])).unwrap();
        let e = t.render("b.html", &Context::new(), None).unwrap_err();
        assert!(e.to_string().contains("b.html"), "{e}");
    }
}
