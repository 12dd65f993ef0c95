//! Shortcodes: calls to named templates or built-in renderers inside Markdown.
//!
//! ```text
//! {{ figure(model="cost", out="active_passive.total") }}     inline call
//! {% callout(kind="tip") %} Markdown body {% end %}          block call
//! {{/* figure(...) */}}                                      printed literally
//! ```
//!
//! Calls inside fenced code blocks and inline code spans are left alone, so a
//! guide can show the syntax.

use std::collections::BTreeMap;
use std::fmt;

/// An argument value.
#[derive(Debug, Clone, PartialEq)]
pub enum ArgValue {
    Str(String),
    Int(i64),
    Float(f64),
    Bool(bool),
}

impl ArgValue {
    pub fn type_name(&self) -> &'static str {
        match self {
            ArgValue::Str(_) => "a string",
            ArgValue::Int(_) => "an integer",
            ArgValue::Float(_) => "a number",
            ArgValue::Bool(_) => "true or false",
        }
    }

    pub fn to_json(&self) -> serde_json::Value {
        match self {
            ArgValue::Str(s) => serde_json::Value::String(s.clone()),
            ArgValue::Int(i) => serde_json::Value::from(*i),
            ArgValue::Float(f) => serde_json::Number::from_f64(*f)
                .map_or(serde_json::Value::Null, serde_json::Value::Number),
            ArgValue::Bool(b) => serde_json::Value::Bool(*b),
        }
    }
}

impl fmt::Display for ArgValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ArgValue::Str(s) => write!(f, "{s:?}"),
            ArgValue::Int(i) => write!(f, "{i}"),
            ArgValue::Float(x) => write!(f, "{x}"),
            ArgValue::Bool(b) => write!(f, "{b}"),
        }
    }
}

/// One shortcode call.
#[derive(Debug, Clone, PartialEq)]
pub struct Call {
    pub name: String,
    pub args: BTreeMap<String, ArgValue>,
    /// The body of a block call (`{% name() %}...{% end %}`), parsed.
    pub body: Option<Vec<Node>>,
    /// Byte offset of the call in the parsed text.
    pub offset: usize,
    /// Byte offset just past the call (past `{% end %}` for a block).
    pub end: usize,
}

/// A piece of Markdown: plain text or a call.
#[derive(Debug, Clone, PartialEq)]
pub enum Node {
    Text(String),
    Call(Call),
}

/// A syntax error, at a byte offset of the parsed text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxError {
    pub offset: usize,
    pub message: String,
}

/// How deep block shortcodes may nest: far more than any page needs, and
/// low enough that rendering the bodies (which recurses) never runs out of
/// stack.
pub const MAX_NESTING: usize = 32;

/// Parses a Markdown body into text and calls.
pub fn parse(text: &str) -> Result<Vec<Node>, SyntaxError> {
    let mut p = Parser {
        text,
        pos: 0,
        stack: vec![Frame::root()],
        fence: None,
        indented: indented_code(text),
    };
    p.run()?;
    let mut frame = p.stack.pop().unwrap_or_else(Frame::root);
    if let Some(open) = frame.open.take() {
        return Err(SyntaxError {
            offset: open.offset,
            message: format!(
                "block shortcode `{}` is never closed: add `{{% end %}}` after its body",
                open.name
            ),
        });
    }
    frame.flush();
    Ok(frame.nodes)
}

/// A block being collected: the call that opened it and its nodes so far.
struct Frame {
    open: Option<Call>,
    nodes: Vec<Node>,
    text: String,
}

impl Frame {
    fn root() -> Self {
        Frame {
            open: None,
            nodes: Vec::new(),
            text: String::new(),
        }
    }

    fn flush(&mut self) {
        if !self.text.is_empty() {
            self.nodes.push(Node::Text(std::mem::take(&mut self.text)));
        }
    }
}

struct Parser<'a> {
    text: &'a str,
    pos: usize,
    stack: Vec<Frame>,
    /// The fence character and length of the open code block, if any.
    fence: Option<(u8, usize)>,
    /// Byte ranges of indented code blocks, in order; consumed as passed.
    indented: std::collections::VecDeque<std::ops::Range<usize>>,
}

/// The indented code blocks of a text, as CommonMark reads them (a line
/// indented four spaces is code after a blank line, but part of a list item
/// or a paragraph elsewhere). Only run when some indented line could hold a
/// call, so most pages pay nothing.
fn indented_code(text: &str) -> std::collections::VecDeque<std::ops::Range<usize>> {
    use pulldown_cmark::{CodeBlockKind, Event, Tag};
    let candidate = text.lines().any(|l| {
        (l.starts_with("    ") || l.starts_with('\t')) && (l.contains("{{") || l.contains("{%"))
    });
    if !candidate {
        return Default::default();
    }
    pulldown_cmark::Parser::new_ext(text, crate::render::markdown::options())
        .into_offset_iter()
        .filter_map(|(event, range)| match event {
            Event::Start(Tag::CodeBlock(CodeBlockKind::Indented)) => Some(range),
            _ => None,
        })
        .collect()
}

impl Parser<'_> {
    fn top(&mut self) -> &mut Frame {
        let last = self.stack.len() - 1;
        &mut self.stack[last]
    }

    fn push_text(&mut self, s: &str) {
        self.top().text.push_str(s);
    }

    fn run(&mut self) -> Result<(), SyntaxError> {
        while self.pos < self.text.len() {
            let line_end = self.text[self.pos..]
                .find('\n')
                .map_or(self.text.len(), |i| self.pos + i + 1);
            let line = &self.text[self.pos..line_end];
            if self.in_indented_code(line_end) {
                self.push_text(line);
                self.pos = line_end;
                continue;
            }
            if self.toggles_fence(line) || self.fence.is_some() {
                self.push_text(line);
                self.pos = line_end;
                continue;
            }
            self.scan_line(line_end)?;
        }
        Ok(())
    }

    /// Whether the line from `pos` to `line_end` is in an indented code
    /// block (whose range starts after the first line's indentation).
    fn in_indented_code(&mut self, line_end: usize) -> bool {
        while let Some(range) = self.indented.front() {
            if self.pos >= range.end {
                self.indented.pop_front();
            } else {
                return line_end > range.start;
            }
        }
        false
    }

    /// Tracks ``` and ~~~ fences; returns true on a fence line.
    fn toggles_fence(&mut self, line: &str) -> bool {
        let indent = line.len() - line.trim_start_matches(' ').len();
        if indent > 3 {
            return false;
        }
        let rest = &line[indent..];
        let Some(&c) = rest.as_bytes().first() else {
            return false;
        };
        if c != b'`' && c != b'~' {
            return false;
        }
        let run = rest.bytes().take_while(|&b| b == c).count();
        if run < 3 {
            return false;
        }
        match self.fence {
            None => {
                self.fence = Some((c, run));
                true
            }
            Some((open_c, open_run)) => {
                if c == open_c && run >= open_run && rest[run..].trim().is_empty() {
                    self.fence = None;
                    true
                } else {
                    false
                }
            }
        }
    }

    /// Scans one line (or more, for a code span or a call that wraps) for calls.
    fn scan_line(&mut self, line_end: usize) -> Result<(), SyntaxError> {
        while self.pos < line_end {
            let rest = &self.text[self.pos..];
            let next = rest[..line_end - self.pos]
                .find(['`', '{'])
                .map(|i| self.pos + i);
            let Some(at) = next else {
                let chunk = &self.text[self.pos..line_end];
                self.push_text(chunk);
                self.pos = line_end;
                return Ok(());
            };
            let chunk = &self.text[self.pos..at];
            self.push_text(chunk);
            self.pos = at;
            let rest = &self.text[at..];
            if rest.starts_with('`') {
                let end = self.code_span_end(at);
                let chunk = &self.text[at..end];
                self.push_text(chunk);
                self.pos = end;
                if end >= line_end {
                    return Ok(());
                }
            } else if rest.starts_with("{{/*") {
                self.literal(at)?;
                if self.pos >= line_end {
                    return Ok(());
                }
            } else if rest.starts_with("{{") && starts_call(&rest[2..]) {
                self.inline_call(at)?;
                if self.pos >= line_end {
                    return Ok(());
                }
            } else if rest.starts_with("{%") && starts_block(&rest[2..]) {
                self.block_tag(at)?;
                if self.pos >= line_end {
                    return Ok(());
                }
            } else {
                self.push_text("{");
                self.pos = at + 1;
            }
        }
        Ok(())
    }

    /// The end of the inline code span starting at `at`, or just past the
    /// backticks when it is not closed (then they are literal text).
    fn code_span_end(&self, at: usize) -> usize {
        let run = self.text[at..].bytes().take_while(|&b| b == b'`').count();
        let ticks = &self.text[at..at + run];
        let mut search = at + run;
        while let Some(i) = self.text[search..].find(ticks) {
            let start = search + i;
            let len = self.text[start..]
                .bytes()
                .take_while(|&b| b == b'`')
                .count();
            // A span cannot cross a blank line.
            if self.text[at..start].contains("\n\n") {
                break;
            }
            if len == run {
                return start + run;
            }
            search = start + len;
        }
        at + run
    }

    /// `{{/* x */}}` → `{{ x }}` as text.
    fn literal(&mut self, at: usize) -> Result<(), SyntaxError> {
        // Search after the opening `{{/*`: in `{{/*/}}` the `*/}}` overlaps it.
        let start = at + 4;
        let Some(len) = self.text[start..].find("*/}}") else {
            return Err(SyntaxError {
                offset: at,
                message: "`{{/*` is never closed with `*/}}`".into(),
            });
        };
        let inner = &self.text[start..start + len];
        let s = format!("{{{{{inner}}}}}");
        self.push_text(&s);
        self.pos = start + len + 4;
        Ok(())
    }

    fn inline_call(&mut self, at: usize) -> Result<(), SyntaxError> {
        let mut cur = Cursor::new(self.text, at + 2);
        let (name, args) = cur.call()?;
        cur.skip_ws();
        if !cur.eat("}}") {
            return Err(cur.error(format!("expected `}}}}` to close the shortcode `{name}`")));
        }
        let call = Call {
            name,
            args,
            body: None,
            offset: at,
            end: cur.pos,
        };
        self.top().flush();
        self.top().nodes.push(Node::Call(call));
        self.pos = cur.pos;
        Ok(())
    }

    fn block_tag(&mut self, at: usize) -> Result<(), SyntaxError> {
        let mut cur = Cursor::new(self.text, at + 2);
        cur.skip_ws();
        if cur.eat_word("end") {
            cur.skip_ws();
            if !cur.eat("%}") {
                return Err(cur.error("expected `%}` after `end`".into()));
            }
            self.pos = cur.pos;
            return self.close_block(at);
        }
        let (name, args) = cur.call()?;
        cur.skip_ws();
        if !cur.eat("%}") {
            return Err(cur.error(format!(
                "expected `%}}` to close the block shortcode `{name}`"
            )));
        }
        // Stack - 1 blocks are open; this one would be one more.
        if self.stack.len() > MAX_NESTING {
            return Err(SyntaxError {
                offset: at,
                message: format!(
                    "block shortcodes are nested more than {MAX_NESTING} deep here (`{name}` \
                     inside {MAX_NESTING} open blocks); close some with `{{% end %}}` first"
                ),
            });
        }
        self.top().flush();
        let mut frame = Frame::root();
        frame.open = Some(Call {
            name,
            args,
            body: None,
            offset: at,
            end: cur.pos,
        });
        self.stack.push(frame);
        self.pos = cur.pos;
        Ok(())
    }

    fn close_block(&mut self, at: usize) -> Result<(), SyntaxError> {
        if self.stack.len() < 2 {
            return Err(SyntaxError {
                offset: at,
                message: "`{% end %}` without an open block shortcode".into(),
            });
        }
        let mut frame = self.stack.pop().unwrap_or_else(Frame::root);
        frame.flush();
        if let Some(mut call) = frame.open.take() {
            call.body = Some(frame.nodes);
            call.end = self.pos;
            self.top().flush();
            self.top().nodes.push(Node::Call(call));
        }
        Ok(())
    }
}

fn starts_call(s: &str) -> bool {
    let s = s.trim_start_matches([' ', '\t']);
    let ident_len = s
        .bytes()
        .take_while(|b| b.is_ascii_alphanumeric() || *b == b'_')
        .count();
    ident_len > 0
        && s[ident_len..]
            .trim_start_matches([' ', '\t'])
            .starts_with('(')
}

fn starts_block(s: &str) -> bool {
    let t = s.trim_start_matches([' ', '\t']);
    starts_call(s) || (t.starts_with("end") && t[3..].trim_start().starts_with("%}"))
}

/// A small cursor over the call syntax `name(key=value, ...)`.
struct Cursor<'a> {
    text: &'a str,
    pos: usize,
}

impl<'a> Cursor<'a> {
    fn new(text: &'a str, pos: usize) -> Self {
        Cursor { text, pos }
    }

    fn rest(&self) -> &'a str {
        &self.text[self.pos..]
    }

    fn error(&self, message: String) -> SyntaxError {
        SyntaxError {
            offset: self.pos,
            message,
        }
    }

    fn skip_ws(&mut self) {
        let rest = self.rest();
        self.pos += rest.len() - rest.trim_start().len();
    }

    fn eat(&mut self, s: &str) -> bool {
        if self.rest().starts_with(s) {
            self.pos += s.len();
            true
        } else {
            false
        }
    }

    fn eat_word(&mut self, word: &str) -> bool {
        let rest = self.rest();
        let after = rest.as_bytes().get(word.len());
        if rest.starts_with(word) && !after.is_some_and(|b| b.is_ascii_alphanumeric() || *b == b'_')
        {
            self.pos += word.len();
            true
        } else {
            false
        }
    }

    fn ident(&mut self) -> Option<String> {
        let len = self
            .rest()
            .bytes()
            .take_while(|b| b.is_ascii_alphanumeric() || *b == b'_')
            .count();
        if len == 0 {
            return None;
        }
        let s = self.rest()[..len].to_string();
        self.pos += len;
        Some(s)
    }

    fn call(&mut self) -> Result<(String, BTreeMap<String, ArgValue>), SyntaxError> {
        self.skip_ws();
        let name = self
            .ident()
            .ok_or_else(|| self.error("expected a shortcode name".into()))?;
        self.skip_ws();
        if !self.eat("(") {
            return Err(self.error(format!("expected `(` after the shortcode name `{name}`")));
        }
        let mut args = BTreeMap::new();
        loop {
            self.skip_ws();
            if self.eat(")") {
                return Ok((name, args));
            }
            let key = self.ident().ok_or_else(|| {
                self.error(format!(
                    "expected an argument name or `)` in the shortcode `{name}`"
                ))
            })?;
            self.skip_ws();
            if !self.eat("=") {
                return Err(self.error(format!(
                    "expected `=` after the argument `{key}` of `{name}` (arguments are written key=value)"
                )));
            }
            self.skip_ws();
            let value = self.value(&key)?;
            if args.insert(key.clone(), value).is_some() {
                return Err(self.error(format!("the argument `{key}` is given twice")));
            }
            self.skip_ws();
            if !self.eat(",") {
                self.skip_ws();
                if !self.rest().starts_with(')') {
                    return Err(self.error(format!(
                        "expected `,` or `)` after the argument `{key}` of `{name}`"
                    )));
                }
            }
        }
    }

    fn value(&mut self, key: &str) -> Result<ArgValue, SyntaxError> {
        let rest = self.rest();
        if let Some(q) = rest.chars().next().filter(|c| *c == '"' || *c == '\'') {
            return self.string(q);
        }
        if self.eat_word("true") {
            return Ok(ArgValue::Bool(true));
        }
        if self.eat_word("false") {
            return Ok(ArgValue::Bool(false));
        }
        let len = rest
            .bytes()
            .take_while(|b| {
                b.is_ascii_digit() || matches!(b, b'-' | b'+' | b'.' | b'e' | b'E' | b'_')
            })
            .count();
        let word = &rest[..len];
        let clean = word.replace('_', "");
        if let Ok(i) = clean.parse::<i64>() {
            self.pos += len;
            return Ok(ArgValue::Int(i));
        }
        if let Ok(f) = clean.parse::<f64>() {
            if f.is_finite() && len > 0 {
                self.pos += len;
                return Ok(ArgValue::Float(f));
            }
        }
        Err(self.error(format!(
            "the value of `{key}` must be a quoted string, a number, true or false"
        )))
    }

    fn string(&mut self, quote: char) -> Result<ArgValue, SyntaxError> {
        let start = self.pos;
        self.pos += 1;
        let mut out = String::new();
        let mut chars = self.rest().char_indices();
        while let Some((i, c)) = chars.next() {
            match c {
                '\\' => match chars.next() {
                    Some((_, 'n')) => out.push('\n'),
                    Some((_, e)) => out.push(e),
                    None => break,
                },
                c if c == quote => {
                    self.pos += i + 1;
                    return Ok(ArgValue::Str(out));
                }
                c => out.push(c),
            }
        }
        Err(SyntaxError {
            offset: start,
            message: "a string argument is never closed".into(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn call(nodes: &[Node], i: usize) -> &Call {
        match &nodes[i] {
            Node::Call(c) => c,
            other => panic!("expected a call, got {other:?}"),
        }
    }

    #[test]
    fn inline_call_with_args() {
        let nodes =
            parse("Cost is {{ figure(model=\"cost\", regions=3, f=0.5, x=true) }}.").unwrap();
        assert_eq!(nodes.len(), 3);
        let c = call(&nodes, 1);
        assert_eq!(c.name, "figure");
        assert_eq!(c.args["model"], ArgValue::Str("cost".into()));
        assert_eq!(c.args["regions"], ArgValue::Int(3));
        assert_eq!(c.args["f"], ArgValue::Float(0.5));
        assert_eq!(c.args["x"], ArgValue::Bool(true));
        assert_eq!(c.offset, 8);
    }

    #[test]
    fn block_call_with_nested_inline() {
        let nodes =
            parse("{% callout(kind=\"tip\") %}\nSee {{ figure(out=\"a\") }}\n{% end %}\n").unwrap();
        let c = call(&nodes, 0);
        let body = c.body.as_ref().unwrap();
        assert_eq!(call(body, 1).name, "figure");
        assert_eq!(nodes.last(), Some(&Node::Text("\n".into())));
    }

    #[test]
    fn code_is_left_alone() {
        let text = "```\n{{ figure() }}\n```\nand `{{ chart() }}` too";
        let nodes = parse(text).unwrap();
        assert_eq!(nodes, vec![Node::Text(text.into())]);
    }

    #[test]
    fn literal_escape() {
        let nodes = parse("{{/* figure(a=1) */}}").unwrap();
        assert_eq!(nodes, vec![Node::Text("{{ figure(a=1) }}".into())]);
        // Found by libFuzzer: the closing `*/}}` must not overlap the opening.
        assert!(parse("{{/*/}}")
            .unwrap_err()
            .message
            .contains("never closed"));
        assert_eq!(parse("{{/**/}}").unwrap(), vec![Node::Text("{{}}".into())]);
    }

    #[test]
    fn braces_that_are_not_calls_are_text() {
        let nodes = parse("a {{ b }} and {x} and {% raw %}").unwrap();
        assert_eq!(
            nodes,
            vec![Node::Text("a {{ b }} and {x} and {% raw %}".into())]
        );
    }

    #[test]
    fn unclosed_block_is_an_error() {
        let e = parse("x\n{% callout() %}\nbody").unwrap_err();
        assert_eq!(e.offset, 2);
        assert!(e.message.contains("never closed"));
    }

    #[test]
    fn nesting_is_limited() {
        let deep = |n: usize| "{% callout() %}\n".repeat(n) + "x\n" + &"{% end %}\n".repeat(n);
        assert!(parse(&deep(MAX_NESTING)).is_ok());
        let e = parse(&deep(6000)).unwrap_err();
        assert!(
            e.message.contains("nested more than 32 deep"),
            "{}",
            e.message
        );
        assert_eq!(e.offset, "{% callout() %}\n".len() * MAX_NESTING);
    }

    #[test]
    fn stray_end_is_an_error() {
        assert!(parse("{% end %}")
            .unwrap_err()
            .message
            .contains("without an open"));
    }

    #[test]
    fn bad_arguments_are_errors() {
        assert!(parse("{{ f(a) }}").unwrap_err().message.contains("`=`"));
        assert!(parse("{{ f(a=\"x) }}")
            .unwrap_err()
            .message
            .contains("never closed"));
        assert!(parse("{{ f(a=nope) }}")
            .unwrap_err()
            .message
            .contains("quoted string"));
        assert!(parse("{{ f(a=1 b=2) }}").is_err());
        assert!(parse("{{ f(a=1) ").unwrap_err().message.contains("}}"));
    }

    #[test]
    fn indented_code_is_left_alone_but_list_paragraphs_are_not() {
        let code = "The syntax:\n\n    {{ figure(a=1) }}\n    {% callout() %}\n\nAfter.\n";
        assert_eq!(parse(code).unwrap(), vec![Node::Text(code.into())]);
        let list = "- item\n\n    {{ f() }}\n";
        let nodes = parse(list).unwrap();
        assert_eq!(call(&nodes, 1).name, "f");
        let lazy = "A paragraph\n    {{ f() }}\n";
        assert_eq!(call(&parse(lazy).unwrap(), 1).name, "f");
    }

    #[test]
    fn tilde_fences_and_longer_fences() {
        let text = "~~~~\n{{ f() }}\n~~~\nstill code {{ f() }}\n~~~~\n";
        assert_eq!(parse(text).unwrap(), vec![Node::Text(text.into())]);
    }
}
