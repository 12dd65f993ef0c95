//! Render: Markdown and shortcodes to HTML, then pages through templates.

pub mod content;
pub mod fragments;
pub mod glossary;
pub mod highlight;
pub mod html;
pub mod links;
pub mod markdown;
pub mod page;
pub mod print;
pub mod shortcodes;
pub mod templates;
pub mod text;

use std::collections::BTreeMap;

use crate::config::Config;
use crate::parse::data::Data;
use crate::parse::library::Library;
use crate::review::FileDates;

/// What rendering reads, parsed once for the whole site (borrowed from
/// [`crate::site::Site`]): a page's body and its page are functions of this
/// and the page, so rendering one page again is one call.
pub struct Env<'a> {
    pub config: &'a Config,
    pub data: &'a Data,
    pub templates: &'a templates::Templates,
    pub library: &'a Library,
    /// The values every template sees as `site.*`.
    pub vars: &'a page::SiteVars,
    /// First and last commit dates of content files (with
    /// `review.from_git`), by path under `content/`.
    pub dates: &'a BTreeMap<String, FileDates>,
    /// The glossary's terms (every `<dfn id>` in the content), whose first
    /// mention on each page is linked to its definition.
    pub terms: &'a [glossary::Term],
}
