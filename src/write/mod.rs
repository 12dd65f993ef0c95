//! Write: the finished files go to a staging folder next to the output, which
//! replaces the output only when everything succeeded — a failed or killed
//! build leaves the previous site exactly as it was.

pub mod assets;
pub mod output;
pub mod sitemap;

/// One file of the built site.
#[derive(Debug, Clone)]
pub struct OutFile {
    /// Path relative to the output folder, with `/`.
    pub path: String,
    pub bytes: Vec<u8>,
}

impl OutFile {
    pub fn new(path: impl Into<String>, bytes: impl Into<Vec<u8>>) -> Self {
        OutFile {
            path: path.into(),
            bytes: bytes.into(),
        }
    }
}
