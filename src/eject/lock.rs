//! `regionwise.lock`: the record of every ejected file.
//!
//! Each entry keeps the bundled file's SHA-256 *and its text* as it was
//! when ejected. The hash says whether the bundled file changed since; the
//! text is what `regionwise diff` compares the current bundled file with:
//! the binary carries only the current version, so the old one must be kept
//! by the site. One file for pages, templates and data files alike (a
//! template or a data file has no front matter to hold a record), kept out
//! of the page's own text so copying a page never copies its record.

use std::path::Path;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::error::{line_col, Diagnostic, ErrorKind, Location};

/// The lock file's name, in the site folder.
pub const LOCK_FILE: &str = "regionwise.lock";

const HEADER: &str = "\
# regionwise.lock: written by `regionwise eject` and `regionwise init`; keep it
# in version control. Each [[ejected]] entry is a file of this site copied from
# the guide bundled in regionwise: the bundled version it was copied from
# (sha256) and that version's text (upstream). After an upgrade of regionwise,
# `regionwise check` lists the files whose bundled version changed since, and
# `regionwise diff PATH` shows the change; `regionwise eject --accept PATH`
# records the new version once your copy has what it needs of it.
";

/// What to do about a damaged lock file: it is written by regionwise, so the
/// fix is to restore it or to let regionwise write the entry again.
const REPAIR: &str = "Do not edit it by hand: restore it from version control \
     (`git checkout regionwise.lock`), or delete the damaged [[ejected]] entry and run \
     `regionwise eject --accept PATH` for its file to record it again";

/// The ejected files, sorted by path.
#[derive(Debug, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Lock {
    #[serde(default)]
    pub ejected: Vec<Entry>,
}

/// One ejected file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    /// Its path in the site, the same as in the bundle
    /// (`content/patterns/dr-ladder.md`, `templates/page.html`).
    pub path: String,
    /// The regionwise version it was ejected from (for people; the hash
    /// decides).
    pub regionwise: String,
    /// SHA-256 of the bundled file when it was ejected, in hex.
    pub sha256: String,
    /// The bundled file's text when it was ejected.
    pub upstream: String,
}

impl Entry {
    /// The record of `path` ejected from `text`, by this binary.
    pub fn new(path: &str, text: &str) -> Entry {
        Entry {
            path: path.to_string(),
            regionwise: env!("CARGO_PKG_VERSION").to_string(),
            sha256: sha256_hex(text.as_bytes()),
            upstream: text.to_string(),
        }
    }
}

/// The lock file's line and column of a byte offset, as a configuration
/// error gives them (`regionwise.lock:12:8`).
fn at(text: &str, offset: usize) -> Location {
    let (line, column) = line_col(text, offset);
    Location::at(LOCK_FILE, line).with_column(column)
}

/// SHA-256 in lower-case hex.
pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

impl Lock {
    /// The site's lock file; empty when it has none. A file that does not
    /// parse, or whose recorded text does not match its hash (edited by
    /// hand), is an error at its line.
    pub fn read(root: &Path) -> Result<Lock, Diagnostic> {
        let path = root.join(LOCK_FILE);
        let text = match std::fs::read_to_string(&path) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Lock::default()),
            Err(e) => return Err(Diagnostic::io(Path::new(LOCK_FILE), &e)),
        };
        Lock::parse(&text)
    }

    pub fn parse(text: &str) -> Result<Lock, Diagnostic> {
        let lock: Lock = toml::from_str(text).map_err(|e| {
            let location = match e.span() {
                Some(span) => at(text, span.start),
                None => Location::file(LOCK_FILE),
            };
            Diagnostic::new(
                location,
                ErrorKind::Lock(format!(
                    "{}. {REPAIR}",
                    crate::config::clean_toml_message(text, &e).trim_end_matches('.')
                )),
            )
        })?;
        for entry in &lock.ejected {
            if sha256_hex(entry.upstream.as_bytes()) != entry.sha256 {
                let location = text
                    .find(&format!("path = {}", toml_quoted(&entry.path)))
                    .map_or_else(|| Location::file(LOCK_FILE), |offset| at(text, offset));
                return Err(Diagnostic::new(
                    location,
                    ErrorKind::Lock(format!(
                        "the upstream text recorded for `{}` does not match its sha256 (was it \
                         edited by hand?). {REPAIR}",
                        entry.path
                    )),
                ));
            }
        }
        Ok(lock)
    }

    pub fn entry(&self, path: &str) -> Option<&Entry> {
        self.ejected.iter().find(|e| e.path == path)
    }

    /// Adds or replaces the entry for its path.
    pub fn record(&mut self, entry: Entry) {
        self.ejected.retain(|e| e.path != entry.path);
        self.ejected.push(entry);
        self.ejected.sort_by(|a, b| a.path.cmp(&b.path));
    }

    /// The file's text: the header, then one `[[ejected]]` table per file.
    pub fn to_text(&self) -> String {
        let body = toml::to_string(self).unwrap_or_default();
        format!("{HEADER}\n{body}")
    }

    /// Writes the lock file whole or not at all (a temporary file renamed
    /// over it), so an interrupted write never loses the records.
    pub fn write(&self, root: &Path) -> std::io::Result<()> {
        let tmp = root.join(format!(".{LOCK_FILE}.tmp"));
        std::fs::write(&tmp, self.to_text())?;
        std::fs::rename(&tmp, root.join(LOCK_FILE))
    }
}

fn toml_quoted(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_texts_with_quotes_and_newlines() {
        let mut lock = Lock::default();
        lock.record(Entry::new(
            "content/b.md",
            "+++\ntitle = \"B\"\n+++\n'''\n\"\"\"\n\\x\n",
        ));
        lock.record(Entry::new("content/a.md", "a\n"));
        let text = lock.to_text();
        let back = Lock::parse(&text).unwrap();
        assert_eq!(back.ejected, lock.ejected);
        assert_eq!(back.ejected[0].path, "content/a.md");
    }

    #[test]
    fn a_text_that_does_not_match_its_hash_is_an_error_at_its_entry() {
        let mut lock = Lock::default();
        lock.record(Entry::new("content/a.md", "a\n"));
        lock.record(Entry::new("content/b.md", "b-as-ejected\n"));
        let text = lock.to_text().replace("b-as-ejected", "b-edited");
        let e = Lock::parse(&text).unwrap_err();
        assert!(e.to_string().contains("content/b.md"), "{e}\n{text}");
        let line = text
            .lines()
            .position(|l| l.contains("content/b.md"))
            .unwrap()
            + 1;
        assert_eq!(e.location.line, Some(line));
        assert_eq!(e.location.column, Some(1), "the entry's `path` key");
        assert!(
            e.to_string().contains("git checkout regionwise.lock"),
            "{e}"
        );
    }

    #[test]
    fn a_lock_that_does_not_parse_says_it_is_regionwise_own_file_and_what_to_do() {
        let text = "# regionwise.lock\n\n[[ejected]]\npath = \"content/a.md\"\nsha256 = \n";
        let e = Lock::parse(text).unwrap_err().to_string();
        // Line and column, as regionwise.toml's errors have them.
        assert!(
            e.starts_with("regionwise.lock:5:10: invalid regionwise.lock, regionwise's own record"),
            "{e}"
        );
        assert!(!e.contains("invalid configuration"), "{e}");
        assert!(e.contains("regionwise eject --accept PATH"), "{e}");
    }
}
