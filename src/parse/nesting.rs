//! A nesting limit for front matter and data files, checked in one pass
//! before the real parser runs: the YAML parser is quadratic in the depth of
//! flow collections (`[[[[...`: 100,000 levels took over a minute to fail),
//! and nothing a page needs is nested this deep.

/// How deep `[` and `{` may nest.
pub const MAX_DEPTH: usize = 64;

/// The syntax being scanned: both nest with `[`/`{`, and differ in strings
/// and comments.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Syntax {
    Toml,
    Yaml,
}

/// The 1-based line where `[`/`{` first nest deeper than [`MAX_DEPTH`],
/// outside strings and comments; None when they never do.
pub fn too_deep(text: &str, syntax: Syntax) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut depth = 0usize;
    let mut line = 1;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        match b {
            b'\n' => line += 1,
            b'[' | b'{' => {
                depth += 1;
                if depth > MAX_DEPTH {
                    return Some(line);
                }
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            b'#' if syntax == Syntax::Toml || starts_token(bytes, i) => {
                i = skip_to(bytes, i, b"\n");
                continue;
            }
            b'"' | b'\'' if syntax == Syntax::Toml || starts_token(bytes, i) => {
                let end = string_end(bytes, i, syntax);
                line += bytes[i..end].iter().filter(|&&c| c == b'\n').count();
                i = end;
                continue;
            }
            _ => {}
        }
        i += 1;
    }
    None
}

/// In YAML a quote or `#` counts only at the start of a token (`it's` is
/// plain text, `a#b` is not a comment).
fn starts_token(bytes: &[u8], i: usize) -> bool {
    i == 0
        || matches!(
            bytes[i - 1],
            b' ' | b'\t' | b'\n' | b'[' | b'{' | b',' | b':'
        )
}

/// The index just past `needle` (or the end of the text).
fn skip_to(bytes: &[u8], from: usize, needle: &[u8]) -> usize {
    bytes[from..]
        .windows(needle.len())
        .position(|w| w == needle)
        .map_or(bytes.len(), |p| from + p)
}

/// The index just past the string that opens at `start`: `"` strings take
/// backslash escapes; TOML has `"""`/`'''` multi-line forms; an unclosed
/// string runs to the end (the real parser reports it).
fn string_end(bytes: &[u8], start: usize, syntax: Syntax) -> usize {
    let quote = bytes[start];
    let triple = syntax == Syntax::Toml && bytes[start..].starts_with(&[quote; 3]);
    let mut i = start + if triple { 3 } else { 1 };
    while i < bytes.len() {
        let b = bytes[i];
        if b == b'\\' && quote == b'"' {
            i += 2;
            continue;
        }
        if b == b'\n' && syntax == Syntax::Toml && !triple {
            return i;
        }
        if b == quote {
            if triple {
                if bytes[i..].starts_with(&[quote; 3]) {
                    return i + 3;
                }
            } else if syntax == Syntax::Yaml && quote == b'\'' && bytes.get(i + 1) == Some(&b'\'') {
                // `''` is an escaped quote in a YAML single-quoted string.
                i += 2;
                continue;
            } else {
                return i + 1;
            }
        }
        i += 1;
    }
    bytes.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_line_where_nesting_goes_too_deep() {
        let deep = format!("a = 1\nb = {}{}", "[".repeat(100_000), "]".repeat(100_000));
        assert_eq!(too_deep(&deep, Syntax::Toml), Some(2));
        let yaml = format!("a: 1\n\nb: {}", "{x: ".repeat(MAX_DEPTH + 1));
        assert_eq!(too_deep(&yaml, Syntax::Yaml), Some(3));
        let ok = format!("b = {}{}", "[".repeat(MAX_DEPTH), "]".repeat(MAX_DEPTH));
        assert_eq!(too_deep(&ok, Syntax::Toml), None);
    }

    #[test]
    fn brackets_in_strings_and_comments_do_not_count() {
        let many = "[".repeat(MAX_DEPTH + 1);
        for text in [
            format!("a = \"{many}\""),
            format!("a = '{many}'"),
            format!("a = \"\"\"\n{many}\n\"\"\""),
            format!("a = \"\\\"{many}\""),
            format!("a = 1 # {many}"),
        ] {
            assert_eq!(too_deep(&text, Syntax::Toml), None, "{text}");
        }
        for text in [
            format!("a: \"{many}\""),
            format!("a: '{many}'"),
            format!("a: 'it''s {many}'"),
            format!("a: 1 # {many}"),
        ] {
            assert_eq!(too_deep(&text, Syntax::Yaml), None, "{text}");
        }
        // A quote inside a plain YAML word opens no string.
        let text = format!("a: it's\nb: {many}");
        assert_eq!(too_deep(&text, Syntax::Yaml), Some(2));
    }
}
