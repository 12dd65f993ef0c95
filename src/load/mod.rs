//! Load: read the site's files — config, content, data, templates, static —
//! from disk, merged with the files embedded in the binary (the default
//! theme always; the bundled guide's content for a site that extends it).
//!
//! Nothing is interpreted here beyond text decoding; every later phase works on
//! these in-memory files, so the pipeline never touches the disk again until
//! it writes.

pub mod base;
pub mod embedded;
pub mod files;

pub use files::{
    bundled_display, load_site, patched_file, Origin, SiteFiles, SourceFile, StaticFile,
    BUNDLED_PREFIX,
};
