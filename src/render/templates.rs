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
        // Before tera sees them: its own checks recurse, and take minutes
        // on a chain of a few thousand includes.
        templates.check_nesting()?;
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

    /// Every template's name (`page.html`, `shortcodes/callout.html`), sorted.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.files.keys().map(String::as_str)
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
        // so give back the unused third (85 MiB at 10,000 pages).
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

/// How deep templates may include or extend one another.
pub const MAX_TEMPLATE_DEPTH: usize = 32;

/// The templates a template names in `{% include "x" %}` and `{% extends
/// "x" %}`, with the tag and its 1-based line.
fn references(text: &str) -> Vec<(String, &'static str, usize)> {
    let mut out = Vec::new();
    let mut rest = text;
    let mut offset = 0;
    while let Some(at) = rest.find("{%") {
        let after = rest[at + 2..].trim_start_matches('-').trim_start();
        for tag in ["include", "extends"] {
            let Some(args) = after.strip_prefix(tag) else {
                continue;
            };
            let args = args.trim_start();
            let Some(quote) = args.chars().next().filter(|c| *c == '"' || *c == '\'') else {
                continue;
            };
            if let Some(end) = args[1..].find(quote) {
                let line = text[..offset + at].matches('\n').count() + 1;
                out.push((args[1..=end].to_string(), tag, line));
            }
        }
        offset += at + 2;
        rest = &rest[at + 2..];
    }
    out
}

impl Templates {
    /// Refuses include and extends chains deeper than
    /// [`MAX_TEMPLATE_DEPTH`], and cycles, naming the templates. An
    /// iterative walk: a chain of any length cannot overflow the stack.
    fn check_nesting(&self) -> Result<(), Diagnostic> {
        let graph: BTreeMap<&str, Vec<(String, &'static str, usize)>> = self
            .texts
            .iter()
            .map(|(name, text)| {
                let refs = references(text)
                    .into_iter()
                    .filter(|(target, ..)| self.texts.contains_key(target))
                    .collect();
                (name.as_str(), refs)
            })
            .collect();
        // 0: not seen; 1: on the path; 2 + d: done, chain of depth d below.
        let mut state: BTreeMap<&str, usize> = BTreeMap::new();
        for &start in graph.keys() {
            if state.contains_key(start) {
                continue;
            }
            let mut path: Vec<(&str, usize)> = vec![(start, 0)];
            state.insert(start, 1);
            while let Some(&mut (node, ref mut next)) = path.last_mut() {
                let refs = &graph[node];
                if let Some((target, tag, _)) = refs.get(*next) {
                    *next += 1;
                    match state.get(target.as_str()).copied().unwrap_or(0) {
                        0 => {
                            state.insert(target.as_str(), 1);
                            path.push((target.as_str(), 0));
                        }
                        1 => {
                            let from = path.iter().position(|(n, _)| n == target).unwrap_or(0);
                            let mut chain: Vec<String> =
                                path[from..].iter().map(|(n, _)| n.to_string()).collect();
                            chain.push(target.clone());
                            let verb = if *tag == "include" {
                                "includes"
                            } else {
                                "extends"
                            };
                            let (location, message) = self.cycle(&chain, tag, verb);
                            return Err(Diagnostic::new(location, ErrorKind::Template(message)));
                        }
                        _ => {}
                    }
                    continue;
                }
                let depth = 1 + refs
                    .iter()
                    .map(|(t, ..)| state[t.as_str()] - 2)
                    .max()
                    .unwrap_or(0);
                if depth > MAX_TEMPLATE_DEPTH {
                    return Err(self.too_deep(&graph, &state, node));
                }
                state.insert(node, 2 + depth);
                path.pop();
            }
        }
        Ok(())
    }

    /// The error for a chain deeper than the limit, from `top` down.
    fn too_deep(
        &self,
        graph: &BTreeMap<&str, Vec<(String, &'static str, usize)>>,
        state: &BTreeMap<&str, usize>,
        top: &str,
    ) -> Diagnostic {
        let mut chain = vec![top.to_string()];
        let mut node = top;
        while chain.len() <= 4 {
            let Some((next, ..)) = graph[node]
                .iter()
                .max_by_key(|(t, ..)| state.get(t.as_str()).copied().unwrap_or(0))
            else {
                break;
            };
            chain.push(next.clone());
            node = next;
        }
        let line = graph[top].first().map_or(1, |(.., line)| *line);
        let shown: Vec<String> = chain.iter().map(|n| format!("`{n}`")).collect();
        Diagnostic::new(
            Location::at(self.file_of(top), line),
            ErrorKind::Template(format!(
                "templates include or extend one another more than {MAX_TEMPLATE_DEPTH} deep \
                 here ({} → …); the limit is {MAX_TEMPLATE_DEPTH}",
                shown.join(" → ")
            )),
        )
    }

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
                        origin: crate::load::Origin::Local,
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
    fn include_chains_are_limited() {
        let n = 5000;
        let mut list: Vec<(String, String)> = (0..n)
            .map(|i| {
                let body = if i + 1 < n {
                    format!("x\n{{% include \"c/t{}.html\" %}}", i + 1)
                } else {
                    "end".to_string()
                };
                (format!("c/t{i}.html"), body)
            })
            .collect();
        list.push(("page.html".into(), "{% include \"c/t0.html\" %}".into()));
        let refs: Vec<(&str, &str)> = list.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect();
        let e = Templates::compile(&sources(&refs))
            .err()
            .unwrap()
            .to_string();
        assert!(e.contains("more than 32 deep"), "{e}");
        assert!(e.contains(":2: "), "{e}");
        // 32 deep is fine.
        let ok: Vec<(String, String)> = (0..32)
            .map(|i| {
                let body = if i + 1 < 32 {
                    format!("{{% include \"t{}.html\" %}}", i + 1)
                } else {
                    "end".to_string()
                };
                (format!("t{i}.html"), body)
            })
            .collect();
        let refs: Vec<(&str, &str)> = ok.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect();
        assert!(Templates::compile(&sources(&refs)).is_ok());
    }

    #[test]
    fn missing_template_is_named() {
        let t = Templates::compile(&sources(&[("a.html", "x")])).unwrap();
        let e = t.render("b.html", &Context::new(), None).unwrap_err();
        assert!(e.to_string().contains("b.html"), "{e}");
    }
}
