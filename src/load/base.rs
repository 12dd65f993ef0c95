//! The bundled guide as a base layer (`[guide] base = "bundled"`): its
//! `content/` merged under the site's own, as a union of two folders.
//!
//! A site file with the same path as a bundled one replaces it (an
//! override); every other site file adds to the guide (a new page, a new
//! section); `[guide] hide` leaves bundled pages out. Templates and static
//! files are merged the same way for every site (the default theme is
//! always under the site's own), so only `content/` is added here.

use std::collections::BTreeSet;

use super::embedded;
use super::files::{add_bundled_content, SiteFiles};
use crate::config::{array_item_line, key_line, Guide};
use crate::error::{Diagnostic, Diagnostics, ErrorKind, Location};

/// Adds the bundled guide's content under the site's (`local`: the paths
/// under `content/` the site has), when its config asks for it.
pub fn merge(files: &mut SiteFiles, local: &BTreeSet<String>, diags: &mut Diagnostics) {
    let Some(config) = &files.config else {
        return;
    };
    // A config that does not parse is reported by the parse phase; until
    // then the site is taken as it is, without a base.
    let guide = Guide::peek(&config.text);
    if !guide.extends_bundled() {
        return;
    }
    let text = config.text.clone();
    let display = config.display.clone();
    let hide = match hide_list(&guide, &text, &display) {
        Ok(hide) => hide,
        Err(errors) => {
            diags.extend(errors.0);
            return;
        }
    };
    add_bundled_content(
        files,
        |rel| !local.contains(rel) && hide.line_of(rel).is_none(),
        diags,
    );
    files.hidden = bundled_pages()
        .filter(|rel| !local.contains(*rel))
        .filter_map(|rel| Some((rel.to_string(), hide.line_of(rel)?)))
        .collect();
}

/// The bundled guide's pages, by path under `content/`.
pub fn bundled_pages() -> impl Iterator<Item = &'static str> {
    embedded::GUIDE_CONTENT
        .iter()
        .map(|(path, _)| path.trim_start_matches("content/"))
        .filter(|rel| rel.ends_with(".md"))
}

/// `[guide] hide`, checked: each entry is a bundled page
/// (`patterns/dr-ladder.md`) or a folder of them (`patterns/`).
struct HideList(Vec<(String, usize)>);

impl HideList {
    /// The line of the entry that hides the page `rel`, if one does.
    fn line_of(&self, rel: &str) -> Option<usize> {
        if !rel.ends_with(".md") {
            return None;
        }
        self.0
            .iter()
            .find(|(entry, _)| covers(entry, rel))
            .map(|(_, line)| *line)
    }
}

/// Whether a hide entry covers a page: the page itself, or a folder
/// (`patterns/`) holding it.
fn covers(entry: &str, rel: &str) -> bool {
    entry == rel || (entry.ends_with('/') && rel.starts_with(entry))
}

fn hide_list(
    guide: &Guide,
    text: &str,
    display: &std::path::Path,
) -> Result<HideList, Diagnostics> {
    let mut diags = Diagnostics::default();
    let mut list = Vec::new();
    for (i, entry) in guide.hide.iter().enumerate() {
        // The entry's line; the list's as a fallback (the text parsed, so
        // one of them is found).
        let line = array_item_line(text, &["guide", "hide"], i)
            .or_else(|| key_line(text, &["guide", "hide"]));
        let name = entry.strip_prefix("content/").unwrap_or(entry);
        if bundled_pages().any(|rel| covers(name, rel)) {
            list.push((name.to_string(), line.unwrap_or(1)));
            continue;
        }
        let location = match line {
            Some(line) => Location::at(display, line),
            None => Location::file(display),
        };
        diags.push(Diagnostic::new(
            location,
            ErrorKind::Config(format!(
                "`[guide] hide`: `{entry}` names no bundled page; write a page's path under \
                 content/ (`patterns/dr-ladder.md`) or a folder of pages (`patterns/`); \
                 `regionwise eject --list` lists the bundled files"
            )),
        ));
    }
    diags.into_result().map(|()| HideList(list))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_cover_a_page_or_a_folder() {
        assert!(covers("patterns/dr-ladder.md", "patterns/dr-ladder.md"));
        assert!(covers("patterns/", "patterns/dr-ladder.md"));
        assert!(!covers("patterns", "patterns/dr-ladder.md"));
        assert!(!covers("pat", "patterns/dr-ladder.md"));
    }
}
