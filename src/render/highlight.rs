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

impl Lang {
    /// A language with line comments, string quotes and keywords only; the
    /// methods below add what else it has.
    const fn new(
        line_comments: &'static [&'static str],
        quotes: &'static [char],
        keywords: &'static [&'static str],
    ) -> Self {
        Self {
            line_comments,
            block_comment: None,
            quotes,
            keywords,
            fold_case: false,
            keys: false,
            dollar_vars: false,
        }
    }

    const fn block_comment(self, open: &'static str, close: &'static str) -> Self {
        Self {
            block_comment: Some((open, close)),
            ..self
        }
    }

    const fn fold_case(self) -> Self {
        Self {
            fold_case: true,
            ..self
        }
    }

    const fn keys(self) -> Self {
        Self { keys: true, ..self }
    }

    const fn dollar_vars(self) -> Self {
        Self {
            dollar_vars: true,
            ..self
        }
    }
}

const HCL: Lang = Lang::new(
    &["#", "//"],
    &['"'],
    &[
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
)
.block_comment("/*", "*/")
.keys();

const YAML: Lang = Lang::new(
    &["#"],
    &['"', '\''],
    &["true", "false", "null", "yes", "no", "on", "off"],
)
.keys();

const TOML: Lang = Lang::new(&["#"], &['"', '\''], &["true", "false"]).keys();

const JSON: Lang = Lang::new(&[], &['"'], &["true", "false", "null"]);

const SQL: Lang = Lang::new(
    &["--"],
    &['\''],
    &[
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
)
.block_comment("/*", "*/")
.fold_case();

const SHELL: Lang = Lang::new(
    &["#"],
    &['"', '\''],
    &[
        "if", "then", "else", "elif", "fi", "for", "while", "do", "done", "case", "esac",
        "function", "return", "export", "local", "set", "in", "until",
    ],
)
.dollar_vars();

const RUST: Lang = Lang::new(
    &["//"],
    &['"'],
    &[
        "fn", "let", "mut", "pub", "struct", "enum", "impl", "trait", "use", "mod", "match", "if",
        "else", "for", "while", "loop", "return", "self", "Self", "true", "false", "as", "where",
        "const", "static", "crate", "super", "async", "await", "move", "ref",
    ],
)
.block_comment("/*", "*/");

const JS: Lang = Lang::new(
    &["//"],
    &['"', '\'', '`'],
    &[
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
)
.block_comment("/*", "*/");

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

    /// Highlights `code` as `lang` and checks that each `(class, text)`
    /// stands in the output as one `tok-` span.
    fn assert_spans(code: &str, lang: &str, spans: &[(&str, &str)]) {
        let html = highlight(code, lang);
        for (class, text) in spans {
            let span = format!("<span class=\"tok-{class}\">{text}</span>");
            assert!(html.contains(&span), "{lang}: no {span} in {html}");
        }
    }

    #[test]
    fn hcl() {
        let code = "resource \"aws_instance\" \"web\" {\n  count = 2 # two\n}\n";
        let spans = [
            ("k", "resource"),
            ("s", "\"aws_instance\""),
            ("key", "count"),
            ("n", "2"),
            ("c", "# two"),
        ];
        assert_spans(code, "hcl", &spans);
    }

    #[test]
    fn yaml_keys_and_comments() {
        let code = "ttl: 60 # seconds\nname: \"x\"\n";
        assert_spans(code, "yaml", &[("key", "ttl"), ("c", "# seconds")]);
    }

    #[test]
    fn json_keys() {
        let code = "{\"ttl\": 60, \"on\": true}";
        assert_spans(code, "json", &[("key", "\"ttl\""), ("k", "true")]);
    }

    #[test]
    fn sql_is_case_insensitive() {
        let code = "SELECT * FROM orders -- all\n";
        assert_spans(code, "sql", &[("k", "SELECT"), ("c", "-- all")]);
    }

    #[test]
    fn bash_vars() {
        let code = "export REGION=${AWS_REGION} # x\necho $HOME\n";
        let spans = [("v", "${AWS_REGION}"), ("v", "$HOME"), ("k", "export")];
        assert_spans(code, "bash", &spans);
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
