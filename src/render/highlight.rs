//! Build-time syntax highlighting for fenced code.
//!
//! A small lexer per language family, emitting `<span class="tok-…">` that the
//! stylesheet colours for light and dark mode. It knows comments, strings,
//! numbers, keywords and keys: enough for the configuration and query
//! languages a cloud guide shows, with no grammar files to load at run time.

use pulldown_cmark_escape::escape_html_body_text;

/// How one language looks to the lexer.
struct Lang {
    line_comments: &'static [&'static str],
    block_comment: Option<(&'static str, &'static str)>,
    quotes: &'static [char],
    keywords: &'static [&'static str],
    /// Case-insensitive keywords (SQL).
    fold_case: bool,
    /// `key:` / `key =` at line start is a key (YAML, TOML, HCL attributes).
    keys: bool,
    /// `$VAR` and `${...}` are variables (shell).
    dollar_vars: bool,
}

const HCL: Lang = Lang {
    line_comments: &["#", "//"],
    block_comment: Some(("/*", "*/")),
    quotes: &['"'],
    keywords: &[
        "resource",
        "data",
        "variable",
        "output",
        "module",
        "provider",
        "locals",
        "terraform",
        "for_each",
        "count",
        "depends_on",
        "lifecycle",
        "dynamic",
        "content",
        "for",
        "in",
        "if",
        "true",
        "false",
        "null",
        "each",
        "var",
        "local",
    ],
    fold_case: false,
    keys: true,
    dollar_vars: false,
};

const YAML: Lang = Lang {
    line_comments: &["#"],
    block_comment: None,
    quotes: &['"', '\''],
    keywords: &["true", "false", "null", "yes", "no", "on", "off"],
    fold_case: false,
    keys: true,
    dollar_vars: false,
};

const TOML: Lang = Lang {
    line_comments: &["#"],
    block_comment: None,
    quotes: &['"', '\''],
    keywords: &["true", "false"],
    fold_case: false,
    keys: true,
    dollar_vars: false,
};

const JSON: Lang = Lang {
    line_comments: &[],
    block_comment: None,
    quotes: &['"'],
    keywords: &["true", "false", "null"],
    fold_case: false,
    keys: false,
    dollar_vars: false,
};

const SQL: Lang = Lang {
    line_comments: &["--"],
    block_comment: Some(("/*", "*/")),
    quotes: &['\''],
    keywords: &[
        "select",
        "from",
        "where",
        "insert",
        "into",
        "values",
        "update",
        "set",
        "delete",
        "create",
        "table",
        "index",
        "alter",
        "drop",
        "primary",
        "key",
        "references",
        "not",
        "null",
        "and",
        "or",
        "join",
        "left",
        "inner",
        "on",
        "group",
        "by",
        "order",
        "limit",
        "as",
        "begin",
        "commit",
        "rollback",
        "publication",
        "subscription",
        "connection",
        "with",
        "region",
        "database",
        "returning",
        "if",
        "exists",
        "default",
        "unique",
        "transaction",
        "isolation",
        "level",
        "serializable",
        "for",
        "all",
        "tables",
    ],
    fold_case: true,
    keys: false,
    dollar_vars: false,
};

const SHELL: Lang = Lang {
    line_comments: &["#"],
    block_comment: None,
    quotes: &['"', '\''],
    keywords: &[
        "if", "then", "else", "elif", "fi", "for", "while", "do", "done", "case", "esac",
        "function", "return", "export", "local", "set", "in", "until",
    ],
    fold_case: false,
    keys: false,
    dollar_vars: true,
};

const RUST: Lang = Lang {
    line_comments: &["//"],
    block_comment: Some(("/*", "*/")),
    quotes: &['"'],
    keywords: &[
        "fn", "let", "mut", "pub", "struct", "enum", "impl", "trait", "use", "mod", "match", "if",
        "else", "for", "while", "loop", "return", "self", "Self", "true", "false", "as", "where",
        "const", "static", "crate", "super", "async", "await", "move", "ref",
    ],
    fold_case: false,
    keys: false,
    dollar_vars: false,
};

const JS: Lang = Lang {
    line_comments: &["//"],
    block_comment: Some(("/*", "*/")),
    quotes: &['"', '\'', '`'],
    keywords: &[
        "const",
        "let",
        "var",
        "function",
        "return",
        "if",
        "else",
        "for",
        "while",
        "import",
        "export",
        "from",
        "async",
        "await",
        "new",
        "class",
        "true",
        "false",
        "null",
        "undefined",
        "this",
        "of",
        "in",
    ],
    fold_case: false,
    keys: false,
    dollar_vars: false,
};

fn lang(name: &str) -> Option<&'static Lang> {
    Some(match name.to_ascii_lowercase().as_str() {
        "hcl" | "terraform" | "tf" => &HCL,
        "yaml" | "yml" => &YAML,
        "toml" => &TOML,
        "json" | "jsonc" => &JSON,
        "sql" | "postgresql" | "psql" => &SQL,
        "bash" | "sh" | "shell" | "console" | "zsh" => &SHELL,
        "rust" | "rs" => &RUST,
        "js" | "javascript" | "ts" | "typescript" => &JS,
        _ => return None,
    })
}

/// Highlights `code` as `language`, returning escaped HTML (no `<pre>`).
/// Unknown languages are escaped only.
pub fn highlight(code: &str, language: &str) -> String {
    let mut out = String::with_capacity(code.len() * 2);
    match lang(language) {
        Some(l) => Lexer {
            lang: l,
            src: code,
            pos: 0,
            out: &mut out,
            line_start: true,
        }
        .run(),
        None => push_escaped(&mut out, code),
    }
    out
}

fn push_escaped(out: &mut String, s: &str) {
    // Writing to a String cannot fail.
    let _ = escape_html_body_text(&mut *out, s);
}

struct Lexer<'a> {
    lang: &'static Lang,
    src: &'a str,
    pos: usize,
    out: &'a mut String,
    line_start: bool,
}

impl Lexer<'_> {
    fn rest(&self) -> &str {
        &self.src[self.pos..]
    }

    fn span(&mut self, class: &str, len: usize) {
        let text = &self.src[self.pos..self.pos + len];
        self.out.push_str("<span class=\"tok-");
        self.out.push_str(class);
        self.out.push_str("\">");
        push_escaped(self.out, text);
        self.out.push_str("</span>");
        self.pos += len;
    }

    fn plain(&mut self, len: usize) {
        let text = &self.src[self.pos..self.pos + len];
        push_escaped(self.out, text);
        self.pos += len;
    }

    fn run(mut self) {
        while self.pos < self.src.len() {
            if self.line_start && self.lang.keys {
                if let Some(len) = self.key_len() {
                    self.line_start = false;
                    let indent = self.rest().len() - self.rest().trim_start().len();
                    self.plain(indent);
                    self.span("key", len - indent);
                    continue;
                }
            }
            self.line_start = false;
            self.token();
        }
    }

    /// Length (with leading indentation) of a key at the start of a line.
    fn key_len(&self) -> Option<usize> {
        let rest = self.rest();
        let line = &rest[..rest.find('\n').unwrap_or(rest.len())];
        let trimmed = line.trim_start();
        let indent = line.len() - trimmed.len();
        let body = trimmed.strip_prefix("- ").unwrap_or(trimmed);
        if body.len() != trimmed.len() {
            return None;
        }
        let len = body
            .bytes()
            .take_while(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.'))
            .count();
        if len == 0 {
            return None;
        }
        let after = body[len..].trim_start();
        let is_key = after.starts_with(':') || (after.starts_with('=') && !after.starts_with("=="));
        is_key.then_some(indent + len)
    }

    fn token(&mut self) {
        let rest = self.rest();
        let c = rest.chars().next().unwrap_or(' ');
        if c == '\n' {
            self.plain(1);
            self.line_start = true;
            return;
        }
        if let Some(len) = self.comment_len() {
            self.span("c", len);
            return;
        }
        if self.lang.quotes.contains(&c) {
            let len = string_len(rest, c);
            let class = if self.lang.keys || !rest[len..].trim_start().starts_with(':') {
                "s"
            } else {
                "key"
            };
            self.span(class, len);
            return;
        }
        if self.lang.dollar_vars && c == '$' {
            let len = var_len(rest);
            self.span("v", len);
            return;
        }
        if c.is_ascii_digit() {
            let len = rest
                .bytes()
                .take_while(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_'))
                .count();
            self.span("n", len);
            return;
        }
        if c.is_alphabetic() || c == '_' {
            let len = rest
                .char_indices()
                .find(|(_, ch)| !(ch.is_alphanumeric() || *ch == '_' || *ch == '-'))
                .map_or(rest.len(), |(i, _)| i);
            let word = rest[..len].trim_end_matches('-');
            let len = word.len();
            let is_kw = if self.lang.fold_case {
                self.lang
                    .keywords
                    .iter()
                    .any(|k| k.eq_ignore_ascii_case(word))
            } else {
                self.lang.keywords.contains(&word)
            };
            if is_kw {
                self.span("k", len);
            } else {
                self.plain(len);
            }
            return;
        }
        self.plain(c.len_utf8());
    }

    fn comment_len(&self) -> Option<usize> {
        let rest = self.rest();
        if let Some((open, close)) = self.lang.block_comment {
            if let Some(after) = rest.strip_prefix(open) {
                return Some(
                    after
                        .find(close)
                        .map_or(rest.len(), |i| open.len() + i + close.len()),
                );
            }
        }
        for marker in self.lang.line_comments {
            // `#` inside a word (e.g. `a#b`) is not a comment in shell or YAML.
            let at_boundary =
                self.pos == 0 || self.src[..self.pos].ends_with(|ch: char| ch.is_whitespace());
            if rest.starts_with(marker) && (*marker != "#" || at_boundary) {
                return Some(rest.find('\n').unwrap_or(rest.len()));
            }
        }
        None
    }
}

fn string_len(s: &str, quote: char) -> usize {
    let mut escaped = false;
    for (i, c) in s.char_indices().skip(1) {
        if c == '\n' {
            return i;
        }
        if escaped {
            escaped = false;
        } else if c == '\\' && quote != '\'' {
            escaped = true;
        } else if c == quote {
            return i + c.len_utf8();
        }
    }
    s.len()
}

fn var_len(s: &str) -> usize {
    if s[1..].starts_with('{') {
        return s.find('}').map_or(s.len(), |i| i + 1);
    }
    1 + s[1..]
        .bytes()
        .take_while(|b| b.is_ascii_alphanumeric() || *b == b'_')
        .count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hcl() {
        let html = highlight(
            "resource \"aws_instance\" \"web\" {\n  count = 2 # two\n}\n",
            "hcl",
        );
        assert!(
            html.contains("<span class=\"tok-k\">resource</span>"),
            "{html}"
        );
        assert!(
            html.contains("<span class=\"tok-s\">\"aws_instance\"</span>"),
            "{html}"
        );
        assert!(
            html.contains("<span class=\"tok-key\">count</span>"),
            "{html}"
        );
        assert!(html.contains("<span class=\"tok-n\">2</span>"), "{html}");
        assert!(
            html.contains("<span class=\"tok-c\"># two</span>"),
            "{html}"
        );
    }

    #[test]
    fn yaml_keys_and_comments() {
        let html = highlight("ttl: 60 # seconds\nname: \"x\"\n", "yaml");
        assert!(
            html.contains("<span class=\"tok-key\">ttl</span>"),
            "{html}"
        );
        assert!(
            html.contains("<span class=\"tok-c\"># seconds</span>"),
            "{html}"
        );
    }

    #[test]
    fn json_keys() {
        let html = highlight("{\"ttl\": 60, \"on\": true}", "json");
        assert!(
            html.contains("<span class=\"tok-key\">\"ttl\"</span>"),
            "{html}"
        );
        assert!(html.contains("<span class=\"tok-k\">true</span>"), "{html}");
    }

    #[test]
    fn sql_is_case_insensitive() {
        let html = highlight("SELECT * FROM orders -- all\n", "sql");
        assert!(
            html.contains("<span class=\"tok-k\">SELECT</span>"),
            "{html}"
        );
        assert!(
            html.contains("<span class=\"tok-c\">-- all</span>"),
            "{html}"
        );
    }

    #[test]
    fn bash_vars() {
        let html = highlight("export REGION=${AWS_REGION} # x\necho $HOME\n", "bash");
        assert!(
            html.contains("<span class=\"tok-v\">${AWS_REGION}</span>"),
            "{html}"
        );
        assert!(
            html.contains("<span class=\"tok-v\">$HOME</span>"),
            "{html}"
        );
        assert!(
            html.contains("<span class=\"tok-k\">export</span>"),
            "{html}"
        );
    }

    #[test]
    fn unknown_language_is_escaped() {
        assert_eq!(
            highlight("<b>&</b>", "brainfuck"),
            "&lt;b&gt;&amp;&lt;/b&gt;"
        );
    }

    #[test]
    fn everything_is_escaped() {
        for l in ["hcl", "yaml", "json", "sql", "bash", "toml", "rust", "js"] {
            let html = highlight("\"<script>\" <b> # <i>\n", l);
            assert!(
                !html.contains("<script>") && !html.contains("<b>") && !html.contains("<i>"),
                "{l}: {html}"
            );
        }
    }
}
