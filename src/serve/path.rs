//! Request paths to files of the built site, refusing anything that could
//! reach outside it.
//!
//! The site is served from memory, so no request can touch the disk at all;
//! these checks still refuse `..` (plain or percent-encoded, `%2e%2e`,
//! `%2f`), backslashes and NUL bytes with a 400, so a mistake in a link shows
//! up as an error rather than as a surprising file.

/// What a request path maps to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Resolved {
    /// A file of the site, by its path in the output (`guide/index.html`).
    File(String),
    /// A folder asked for without its trailing slash: redirect so relative
    /// links in its index.html resolve.
    Redirect(String),
    NotFound,
    BadRequest(&'static str),
}

/// Maps a request target (`/guide/?q=1`) to a file; `exists` says whether
/// the site has a file at a path.
pub fn resolve(target: &str, exists: impl Fn(&str) -> bool) -> Resolved {
    let path = target.split(['?', '#']).next().unwrap_or("");
    let Some(path) = path.strip_prefix('/') else {
        return Resolved::BadRequest("the path must start with /");
    };
    let decoded = match percent_decode(path) {
        Ok(d) => d,
        Err(reason) => return Resolved::BadRequest(reason),
    };
    if decoded.contains('\\') || decoded.contains('\0') {
        return Resolved::BadRequest("backslashes and NUL bytes are not allowed in paths");
    }
    let mut segments = Vec::new();
    for segment in decoded.split('/') {
        match segment {
            "." | ".." => return Resolved::BadRequest("`.` and `..` are not allowed in paths"),
            "" => {}
            s => segments.push(s),
        }
    }
    let joined = segments.join("/");
    let wants_folder = decoded.is_empty() || decoded.ends_with('/');
    if wants_folder {
        let index = if joined.is_empty() {
            "index.html".to_string()
        } else {
            format!("{joined}/index.html")
        };
        return if exists(&index) {
            Resolved::File(index)
        } else {
            Resolved::NotFound
        };
    }
    if exists(&joined) {
        Resolved::File(joined)
    } else if exists(&format!("{joined}/index.html")) {
        Resolved::Redirect(format!("/{}/", percent_encode(&joined)))
    } else {
        Resolved::NotFound
    }
}

/// A path as a `Location` header may carry it: ASCII only, everything but
/// unreserved characters and `/` percent-encoded (a folder named `café`
/// redirects to `/caf%C3%A9/`).
fn percent_encode(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Decodes `%XX` escapes; the result must be UTF-8.
fn percent_decode(s: &str) -> Result<String, &'static str> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = bytes
                .get(i + 1..i + 3)
                .and_then(|h| std::str::from_utf8(h).ok())
                .and_then(|h| u8::from_str_radix(h, 16).ok())
                .ok_or("a `%` in the path is not followed by two hex digits")?;
            out.push(hex);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).map_err(|_| "the path is not valid UTF-8 once decoded")
}

/// The MIME type of a file, by extension.
pub fn mime_type(path: &str) -> &'static str {
    let ext = path.rsplit_once('.').map_or("", |(_, e)| e);
    match ext.to_ascii_lowercase().as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "wasm" => "application/wasm",
        "json" | "map" => "application/json",
        "svg" => "image/svg+xml",
        "xml" => "application/xml",
        "txt" | "md" => "text/plain; charset=utf-8",
        "csv" => "text/csv; charset=utf-8",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "woff" => "font/woff",
        "woff2" => "font/woff2",
        "pdf" => "application/pdf",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site(path: &str) -> bool {
        matches!(
            path,
            "index.html" | "guide/index.html" | "guide/a b/index.html" | "site.css"
        )
    }

    #[test]
    fn maps_files_and_folders() {
        assert_eq!(resolve("/", site), Resolved::File("index.html".into()));
        assert_eq!(
            resolve("/guide/?x=1#y", site),
            Resolved::File("guide/index.html".into())
        );
        assert_eq!(
            resolve("/site.css", site),
            Resolved::File("site.css".into())
        );
        assert_eq!(
            resolve("/guide", site),
            Resolved::Redirect("/guide/".into())
        );
        assert_eq!(
            resolve("/guide/a%20b/", site),
            Resolved::File("guide/a b/index.html".into())
        );
        assert_eq!(resolve("/nope", site), Resolved::NotFound);
        assert_eq!(
            resolve("/guide/a%20b", site),
            Resolved::Redirect("/guide/a%20b/".into())
        );
        assert_eq!(
            resolve("/caf%C3%A9", |p| p == "café/index.html"),
            Resolved::Redirect("/caf%C3%A9/".into())
        );
    }

    #[test]
    fn refuses_traversal_in_every_spelling() {
        for bad in [
            "/../etc/passwd",
            "/guide/../../etc/passwd",
            "/%2e%2e/etc/passwd",
            "/%2E%2E%2Fetc%2Fpasswd",
            "/guide/..%2f..%2fetc",
            "/.%2e/x",
            "/guide\\..\\x",
            "/a%5c..%5cb",
            "/a%00",
            "/%zz",
            "/%ff",
            "relative",
        ] {
            assert!(
                matches!(resolve(bad, site), Resolved::BadRequest(_)),
                "{bad} was not refused"
            );
        }
    }

    #[test]
    fn mime_types() {
        assert_eq!(mime_type("calc.3f2a.wasm"), "application/wasm");
        assert_eq!(mime_type("a/index.html"), "text/html; charset=utf-8");
        assert_eq!(mime_type("LICENSE"), "application/octet-stream");
    }
}
