//! Static assets: CSS, JS and wasm get a content hash in their name so they
//! can be cached forever; everything else keeps its name.

use std::collections::BTreeMap;

use sha2::{Digest, Sha256};

use super::OutFile;
use crate::load::StaticFile;

/// The first 10 hex digits of the SHA-256 of `bytes`.
pub fn content_hash(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    digest.iter().take(5).map(|b| format!("{b:02x}")).collect()
}

fn fingerprinted(path: &str) -> bool {
    [".css", ".js", ".wasm", ".mjs"]
        .iter()
        .any(|ext| path.ends_with(ext))
}

/// `site.css` + hash → `site.3f2a9c01bd.css`.
pub fn hashed_name(path: &str, bytes: &[u8]) -> String {
    let hash = content_hash(bytes);
    match path.rfind('.') {
        Some(dot) if !path[dot..].contains('/') => {
            format!("{}.{hash}{}", &path[..dot], &path[dot..])
        }
        _ => format!("{path}.{hash}"),
    }
}

/// Output files for the static assets (their bytes moved, not copied), and
/// the map from logical name to the written path (for templates:
/// `site.assets["site.css"]`).
pub fn process(statics: BTreeMap<String, StaticFile>) -> (Vec<OutFile>, BTreeMap<String, String>) {
    let mut files = Vec::with_capacity(statics.len());
    let mut map = BTreeMap::new();
    for (path, file) in statics {
        let out = if fingerprinted(&path) {
            hashed_name(&path, &file.bytes)
        } else {
            path.clone()
        };
        map.insert(path, out.clone());
        files.push(OutFile {
            path: out,
            bytes: file.bytes,
            source: Some(file.display),
        });
    }
    (files, map)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_carry_the_hash() {
        let name = hashed_name("css/site.css", b"body{}");
        assert!(name.starts_with("css/site.") && name.ends_with(".css"));
        assert_eq!(name.len(), "css/site.".len() + 10 + 4);
        assert_ne!(name, hashed_name("css/site.css", b"body{ }"));
        assert_eq!(hashed_name("LICENSE", b"x").len(), "LICENSE.".len() + 10);
    }

    #[test]
    fn only_code_is_fingerprinted() {
        let mut s = BTreeMap::new();
        for p in ["site.css", "logo.svg"] {
            s.insert(
                p.to_string(),
                StaticFile {
                    rel: p.into(),
                    display: format!("static/{p}").into(),
                    bytes: b"x".as_slice().into(),
                    origin: crate::load::Origin::Local,
                },
            );
        }
        let (_, map) = process(s);
        assert_ne!(map["site.css"], "site.css");
        assert_eq!(map["logo.svg"], "logo.svg");
    }
}
