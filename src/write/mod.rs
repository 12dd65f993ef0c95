//! Write: the finished files go to a staging folder next to the output, which
//! replaces the output only when everything succeeded — a failed or killed
//! build leaves the previous site exactly as it was.

pub mod assets;
pub mod output;
pub mod sitemap;

use std::borrow::Cow;
use std::collections::HashMap;
use std::path::PathBuf;

use crate::error::{Diagnostic, Diagnostics, ErrorKind, Location};

/// One file of the built site.
#[derive(Debug, Clone)]
pub struct OutFile {
    /// Path relative to the output folder, with `/`.
    pub path: String,
    /// Borrowed from the binary for the embedded theme's files.
    pub bytes: Cow<'static, [u8]>,
    /// The source it comes from (a static file, a page), for messages;
    /// None for a file regionwise generates (sitemap, search index).
    pub source: Option<PathBuf>,
}

impl OutFile {
    pub fn new(path: impl Into<String>, bytes: impl Into<Vec<u8>>) -> Self {
        OutFile {
            path: path.into(),
            bytes: Cow::Owned(bytes.into()),
            source: None,
        }
    }

    /// The same path and source without the bytes: enough to check paths.
    pub fn stub(&self) -> Self {
        OutFile {
            path: self.path.clone(),
            bytes: Cow::Borrowed(&[]),
            source: self.source.clone(),
        }
    }

    pub fn from_source(mut self, source: impl Into<PathBuf>) -> Self {
        self.source = Some(source.into());
        self
    }

    fn location(&self) -> Location {
        self.source.as_ref().map(Location::file).unwrap_or_default()
    }

    fn origin(&self) -> String {
        match &self.source {
            Some(s) => s.display().to_string(),
            None => format!("the `{}` regionwise generates", self.path),
        }
    }
}

/// Every output path must come from one source only: a static file and a
/// page (or a generated file) on one path would race, and the output would
/// depend on which write came last. A path that is a file for one source
/// and a folder for another is the same conflict.
pub fn check_paths(files: &[OutFile]) -> Result<(), Diagnostics> {
    let mut order: Vec<&OutFile> = files.iter().collect();
    order.sort_by(|a, b| a.path.cmp(&b.path));
    let mut diags = Diagnostics::default();
    for pair in order.windows(2) {
        if pair[0].path == pair[1].path {
            let (here, other) = mine_first(pair[0], pair[1]);
            diags.push(Diagnostic::new(
                here.location(),
                ErrorKind::DuplicateUrl {
                    url: format!("/{}", here.path),
                    other: other.origin(),
                },
            ));
        }
    }
    let by_path: HashMap<&str, &OutFile> = files.iter().map(|f| (f.path.as_str(), f)).collect();
    for f in files {
        let mut dir = f.path.as_str();
        while let Some(i) = dir.rfind('/') {
            dir = &dir[..i];
            if let Some(file) = by_path.get(dir) {
                let (here, _) = mine_first(file, f);
                diags.push(Diagnostic::new(
                    here.location(),
                    ErrorKind::Path(format!(
                        "`/{dir}` would be both a file (from {}) and a folder holding `/{}` \
                         (from {}); rename one of them",
                        file.origin(),
                        f.path,
                        f.origin()
                    )),
                ));
                break;
            }
        }
    }
    diags.sorted().into_result()
}

/// The pair with the site's own file first (where the message is shown).
fn mine_first<'a>(a: &'a OutFile, b: &'a OutFile) -> (&'a OutFile, &'a OutFile) {
    let own = |f: &OutFile| {
        f.source
            .as_ref()
            .is_some_and(|s| !s.starts_with(crate::load::BUNDLED_PREFIX))
    };
    if own(a) || !own(b) {
        (a, b)
    } else {
        (b, a)
    }
}
