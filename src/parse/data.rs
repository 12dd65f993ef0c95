//! Data files (`content/data/*.toml`, `*.json`): parsed once, shared by
//! templates and shortcodes.

use std::collections::BTreeMap;

use regionwise_models::DataInput;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use super::nesting::{too_deep, Syntax, MAX_DEPTH};
use super::schema::DataFile;
use crate::error::{line_col, Diagnostic, Diagnostics, ErrorKind, Location};
use crate::load::SourceFile;

/// The site's data files, by name without extension (`decisions`).
#[derive(Debug, Default)]
pub struct Data {
    files: BTreeMap<String, (SourceFile, serde_json::Value)>,
}

impl Data {
    /// Parses every data file; syntax errors carry file and line.
    pub fn parse(sources: &[SourceFile]) -> Result<Data, Diagnostics> {
        let mut data = Data::default();
        let mut diags = Diagnostics::default();
        for file in sources {
            let name = Data::name(file).to_string();
            match parse_value::<serde_json::Value>(file) {
                Ok(mut value) => {
                    crate::config::toml_dates_as_text(&mut value);
                    if let Some((other, _)) = data.files.get(&name) {
                        diags.push(Diagnostic::new(
                            Location::file(&file.display),
                            ErrorKind::Data(format!(
                                "two data files are both named `{name}` (the other is {})",
                                other.display.display()
                            )),
                        ));
                    }
                    data.files.insert(name, (file.clone(), value));
                }
                Err(d) => diags.push(d),
            }
        }
        diags.into_result().map(|()| data)
    }

    /// A data file's name, by which templates and shortcodes read it:
    /// `data/decisions.toml` is `decisions`.
    pub fn name(file: &SourceFile) -> &str {
        file.rel
            .trim_start_matches("data/")
            .trim_end_matches(".toml")
            .trim_end_matches(".json")
    }

    /// All data as one JSON object, for templates (`data.decisions.rows`).
    pub fn to_json(&self) -> serde_json::Value {
        serde_json::Value::Object(
            self.files
                .iter()
                .map(|(k, (_, v))| (k.clone(), v.clone()))
                .collect(),
        )
    }

    pub fn contains(&self, name: &str) -> bool {
        self.files.contains_key(name)
    }

    /// The data file `name` as read (its path, origin and text).
    pub fn source(&self, name: &str) -> Option<&SourceFile> {
        self.files.get(name).map(|(file, _)| file)
    }

    /// Where `find` is in the value at `path` of the TOML data file `name`
    /// (`["modes", "3", "mitigate"]`: an array's items by index), with line
    /// and column; the value's start when `find` is not in its text as
    /// written (escaped), and the file alone for a JSON file or a path it
    /// does not have.
    pub fn locate(&self, name: &str, path: &[&str], find: &str) -> Option<Location> {
        let file = self.source(name)?;
        let span = file
            .rel
            .ends_with(".toml")
            .then(|| value_span(&file.text, path))
            .flatten();
        Some(match span {
            Some(span) => {
                let within = file.text.get(span.clone()).and_then(|v| v.find(find));
                let (line, col) = line_col(&file.text, span.start + within.unwrap_or(0));
                Location::at(&file.display, line).with_column(col)
            }
            None => Location::file(&file.display),
        })
    }

    /// The data file `name` read as `T`, when the site has it; errors
    /// point into the file.
    pub fn typed<T: DeserializeOwned>(&self, name: &str) -> Option<Result<T, Diagnostic>> {
        let (file, _) = self.files.get(name)?;
        Some(parse_value(file))
    }

    /// The input a model takes from a data file (the recommender's rules):
    /// the site's file's value, else the model's built-in copy (none in the
    /// wasm). The pages and `regionwise calc` both read it here, so they
    /// run on the same rules.
    pub fn model_input(&self, input: &DataInput) -> Result<Option<Value>, Diagnostic> {
        Ok(match self.typed::<Map<String, Value>>(input.file) {
            Some(file) => file?.get(input.key).cloned(),
            None => (input.built_in)(),
        })
    }

    /// A data file with a schema, when the site has it: read and validated;
    /// errors point into the file.
    pub fn file<T: DataFile>(&self) -> Option<Result<T, Diagnostic>> {
        let (file, _) = self.files.get(T::NAME)?;
        let invalid =
            |message| Diagnostic::new(Location::file(&file.display), ErrorKind::Data(message));
        Some(
            parse_value::<T>(file).and_then(|value| match value.validate() {
                Ok(()) => Ok(value),
                Err(message) => Err(invalid(message)),
            }),
        )
    }
}

/// The byte span of the value at `path` in a TOML text (see [`Data::locate`]).
fn value_span(text: &str, path: &[&str]) -> Option<std::ops::Range<usize>> {
    let doc = toml::de::DeTable::parse(text).ok()?;
    let (first, rest) = path.split_first()?;
    let (_, mut value) = doc.get_ref().iter().find(|(k, _)| k.get_ref() == first)?;
    for step in rest {
        value = match value.get_ref() {
            toml::de::DeValue::Array(items) => items.get(step.parse::<usize>().ok()?)?,
            toml::de::DeValue::Table(table) => table.iter().find(|(k, _)| k.get_ref() == step)?.1,
            _ => return None,
        };
    }
    Some(value.span())
}

/// Parses a TOML or JSON file into `T`, locating errors.
fn parse_value<T: DeserializeOwned>(file: &SourceFile) -> Result<T, Diagnostic> {
    // JSON scans like TOML: `"` strings with escapes, and no `'` or `#`.
    if let Some(line) = too_deep(&file.text, Syntax::Toml) {
        return Err(Diagnostic::new(
            Location::at(&file.display, line),
            ErrorKind::Data(format!(
                "values are nested more than {MAX_DEPTH} levels deep (`[` or `{{` inside one \
                 another)"
            )),
        ));
    }
    if file.rel.ends_with(".json") {
        serde_json::from_str(&file.text).map_err(|e| {
            Diagnostic::new(
                Location::at(&file.display, e.line()).with_column(e.column()),
                ErrorKind::Data(
                    e.to_string()
                        .split(" at line ")
                        .next()
                        .unwrap_or("")
                        .to_string(),
                ),
            )
        })
    } else {
        toml::from_str(&file.text).map_err(|e| {
            let location = match e.span() {
                Some(span) => {
                    let (line, col) = line_col(&file.text, span.start);
                    Location::at(&file.display, line).with_column(col)
                }
                None => Location::file(&file.display),
            };
            Diagnostic::new(
                location,
                ErrorKind::Data(crate::config::clean_toml_message(&file.text, &e)),
            )
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn src(rel: &str, text: &str) -> SourceFile {
        SourceFile::local(rel, text)
    }

    #[test]
    fn toml_and_json_are_read() {
        let d = Data::parse(&[
            src("data/a.toml", "[[rows]]\nid = \"x\"\n"),
            src("data/b.json", "{\"k\": 1}"),
        ])
        .unwrap();
        assert_eq!(d.to_json()["a"]["rows"][0]["id"], "x");
        assert_eq!(d.to_json()["b"]["k"], 1);
    }

    #[test]
    fn a_value_is_located_by_its_path_and_text() {
        let d = Data::parse(&[src(
            "data/a.toml",
            "[[modes]]\nid = \"x\"\n\n[[modes]]\nid = \"y\"\nmitigate = \"See [z](@/z.md).\"\n",
        )])
        .unwrap();
        let at = d
            .locate("a", &["modes", "1", "mitigate"], "@/z.md")
            .unwrap();
        assert_eq!((at.line, at.column), (Some(6), Some(21)));
        let at = d
            .locate("a", &["modes", "1", "mitigate"], "@/elsewhere.md")
            .unwrap();
        assert_eq!(
            (at.line, at.column),
            (Some(6), Some(12)),
            "the value's start"
        );
        let at = d
            .locate("a", &["modes", "2", "mitigate"], "@/z.md")
            .unwrap();
        assert_eq!((at.line, at.column), (None, None), "the file");
        assert!(d.locate("b", &["modes"], "").is_none());
    }

    #[test]
    fn syntax_errors_have_lines() {
        let e = Data::parse(&[src("data/a.toml", "ok = 1\nbad = \n")]).unwrap_err();
        assert_eq!(e.0[0].location.line, Some(2));
        let e = Data::parse(&[src("data/b.json", "{\n\"k\": }")]).unwrap_err();
        assert_eq!(e.0[0].location.line, Some(2));
    }
}
