//! Load: read the site's files — config, content, data, templates, static —
//! from disk, falling back to the defaults embedded in the binary.
//!
//! Nothing is interpreted here beyond text decoding; every later phase works on
//! these in-memory files, so the pipeline never touches the disk again until
//! it writes.

pub mod embedded;
pub mod files;

pub use files::{load_site, SiteFiles, SourceFile, StaticFile};
