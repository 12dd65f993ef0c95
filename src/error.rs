//! Errors a user can cause, as typed values with a location.
//!
//! A build collects every [`Diagnostic`] it finds instead of stopping at the
//! first, so one run lists everything to fix.

use std::fmt;
use std::path::{Path, PathBuf};

/// Where a problem is: a file (relative to the site root when possible) and,
/// when known, a 1-based line and column.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Location {
    pub file: Option<PathBuf>,
    pub line: Option<usize>,
    pub column: Option<usize>,
}

impl Location {
    pub fn file(path: impl Into<PathBuf>) -> Self {
        Location {
            file: Some(path.into()),
            line: None,
            column: None,
        }
    }

    pub fn at(path: impl Into<PathBuf>, line: usize) -> Self {
        Location {
            file: Some(path.into()),
            line: Some(line),
            column: None,
        }
    }

    pub fn with_column(mut self, column: usize) -> Self {
        self.column = Some(column);
        self
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.file {
            None => Ok(()),
            Some(file) => {
                write!(f, "{}", file.display())?;
                if let Some(line) = self.line {
                    write!(f, ":{line}")?;
                    if let Some(col) = self.column {
                        write!(f, ":{col}")?;
                    }
                }
                Ok(())
            }
        }
    }
}

/// What went wrong, by kind; the message is written for the person who made
/// the mistake, not for the person who wrote the code.
#[derive(Debug, Clone, thiserror::Error, PartialEq, Eq)]
pub enum ErrorKind {
    #[error("cannot read: {0}")]
    Io(String),
    #[error("cannot write: {0}")]
    Write(String),
    #[error("the file is not valid UTF-8 (first bad byte at column {column}); save it as UTF-8")]
    InvalidUtf8 { column: usize },
    #[error("invalid configuration: {0}")]
    Config(String),
    /// regionwise.lock, which `eject` and `init` write: not the user's own
    /// configuration, so the message says whose it is and what to do.
    #[error(
        "invalid regionwise.lock, regionwise's own record of the files this site copied \
         from the bundled guide: {0}"
    )]
    Lock(String),
    #[error("invalid front matter: {0}")]
    FrontMatter(String),
    #[error("invalid data file: {0}")]
    Data(String),
    #[error("{0}")]
    Shortcode(String),
    #[error("{0}")]
    Markdown(String),
    #[error("broken link to `{target}`: {reason}")]
    BrokenLink { target: String, reason: String },
    #[error("template error: {0}")]
    Template(String),
    #[error("two files map to the same URL `{url}`: this one and {other}")]
    DuplicateUrl { url: String, other: String },
    #[error("invalid path: {0}")]
    Path(String),
    #[error("refusing to write output to {path}: {reason}")]
    UnsafeOutput { path: String, reason: String },
}

/// One problem, located.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub location: Location,
    pub kind: ErrorKind,
}

impl Diagnostic {
    pub fn new(location: Location, kind: ErrorKind) -> Self {
        Diagnostic { location, kind }
    }

    pub fn io(path: &Path, err: &std::io::Error) -> Self {
        Diagnostic::new(Location::file(path), ErrorKind::Io(err.to_string()))
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.location.file.is_some() {
            write!(f, "{}: {}", self.location, self.kind)
        } else {
            write!(f, "{}", self.kind)
        }
    }
}

impl std::error::Error for Diagnostic {}

/// All the problems of one build.
#[derive(Debug, Clone, Default)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl Diagnostics {
    pub fn push(&mut self, d: Diagnostic) {
        self.0.push(d);
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn extend(&mut self, other: impl IntoIterator<Item = Diagnostic>) {
        self.0.extend(other);
    }

    /// Ok(()) when empty, so a phase can end with `diags.into_result()?`.
    pub fn into_result(self) -> Result<(), Diagnostics> {
        if self.0.is_empty() {
            Ok(())
        } else {
            Err(self)
        }
    }

    /// Sorts by file then line, so the list reads like the tree.
    pub fn sorted(mut self) -> Self {
        self.0.sort_by(|a, b| {
            (&a.location.file, a.location.line).cmp(&(&b.location.file, b.location.line))
        });
        self.0.dedup();
        self
    }
}

impl From<Diagnostic> for Diagnostics {
    fn from(d: Diagnostic) -> Self {
        Diagnostics(vec![d])
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for d in &self.0 {
            writeln!(f, "error: {d}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Diagnostics {}

/// The 1-based line and column of a byte offset in a text.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = &text.as_bytes()[..offset];
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let line_start = before
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |p| p + 1);
    let column = String::from_utf8_lossy(&before[line_start..])
        .chars()
        .count()
        + 1;
    (line, column)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_from_one() {
        let text = "ab\ncd\nef";
        assert_eq!(line_col(text, 0), (1, 1));
        assert_eq!(line_col(text, 4), (2, 2));
        assert_eq!(line_col(text, 100), (3, 3));
    }

    #[test]
    fn diagnostic_shows_file_and_line() {
        let d = Diagnostic::new(
            Location::at("content/a.md", 3),
            ErrorKind::FrontMatter("unknown key `foo`".into()),
        );
        assert_eq!(
            d.to_string(),
            "content/a.md:3: invalid front matter: unknown key `foo`"
        );
    }
}
