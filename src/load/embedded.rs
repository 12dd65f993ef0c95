//! The default theme (templates, static assets) and the bundled guide
//! (regionwise.toml and content/), embedded at compile time by `build.rs`.

include!(concat!(env!("OUT_DIR"), "/embedded.rs"));

/// Looks up an embedded file by its path relative to the repository
/// (e.g. `templates/page.html`).
pub fn find(list: &'static [(&'static str, &'static [u8])], path: &str) -> Option<&'static [u8]> {
    list.iter().find(|(p, _)| *p == path).map(|(_, b)| *b)
}
