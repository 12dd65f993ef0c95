//! The bodies of the fuzz targets, as plain functions of bytes.
//!
//! cargo-fuzz calls them from `fuzz_targets/*.rs` (libFuzzer, nightly), and
//! `tests/testsuite/reliability.rs` includes this file and calls them on random and
//! hand-picked inputs on stable, so they keep compiling and passing in CI.
//! Each one must never panic on any input, and checks what must hold of
//! what the code under test returns. Only `regionwise`,
//! `regionwise_models` and `serde_json` may be used here.

use regionwise::load::SourceFile;
use regionwise::parse::front_matter;
use regionwise::parse::library::{Library, Page};
use regionwise::parse::shortcode::{self, Node};
use regionwise::render::links::{self, Target};
use regionwise_models::MODELS;
use serde_json::Value;

/// Front-matter splitting and parsing (TOML and YAML): an error points at a
/// line of the file; a success has a title and a body that is the file's tail.
pub fn front_matter(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    // What the loader hands on: line endings already made `\n` (YAML counts
    // a lone `\r` as a line break too; the loader turns it into `\n`).
    let text = &text.replace("\r\n", "\n").replace('\r', "\n");
    let file = SourceFile {
        rel: "fuzz.md".into(),
        display: "content/fuzz.md".into(),
        text: text.clone(),
        origin: regionwise::load::Origin::Local,
    };
    let lines = text.matches('\n').count() + 1;
    match front_matter::split(&file) {
        Ok(split) => {
            assert!(text.ends_with(split.body), "the body is the file's tail");
            assert!((1..=lines).contains(&split.body_line), "body line in file");
            assert!(!split.front_matter.title.trim().is_empty(), "has a title");
        }
        Err(d) => {
            let line = d.location.line.expect("front-matter errors have a line");
            assert!((1..=lines).contains(&line), "line {line} of {lines}");
            assert!(!d.to_string().is_empty());
        }
    }
}

/// The shortcode parser: calls and errors sit at char boundaries inside the
/// text, calls come in order and never overlap.
pub fn shortcode(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    match shortcode::parse(text) {
        Ok(nodes) => check_nodes(text, &nodes, 0, text.len()),
        Err(e) => {
            assert!(e.offset <= text.len() && text.is_char_boundary(e.offset));
            assert!(!e.message.is_empty());
        }
    }
}

fn check_nodes(text: &str, nodes: &[Node], from: usize, to: usize) {
    let mut last = from;
    for node in nodes {
        let Node::Call(call) = node else { continue };
        assert!(call.offset >= last, "calls in order, not overlapping");
        assert!(
            call.offset < call.end && call.end <= to,
            "call inside its parent"
        );
        assert!(text.is_char_boundary(call.offset) && text.is_char_boundary(call.end));
        assert!(!call.name.is_empty());
        if let Some(body) = &call.body {
            check_nodes(text, body, call.offset, call.end);
        }
        last = call.end;
    }
}

/// The pages of the small library the link resolver is fuzzed against.
pub const LIBRARY_PAGES: &[&str] = &[
    "_index.md",
    "a/_index.md",
    "a/x.md",
    "a/deep/y.md",
    "b/z.md",
];

/// A small library: a home page, a section, nested pages.
pub fn library() -> Library {
    let files: Vec<SourceFile> = LIBRARY_PAGES
        .iter()
        .map(|rel| SourceFile {
            rel: (*rel).into(),
            display: format!("content/{rel}").into(),
            text: "+++\ntitle = \"T\"\n+++\n## Heading\n".into(),
            origin: regionwise::load::Origin::Local,
        })
        .collect();
    Library::build(&files, false).expect("the fuzz library builds")
}

/// The link resolver, from every page: an internal link resolves to a page
/// of the library or to an href that stays inside the output folder.
pub fn links(data: &[u8]) {
    let Ok(dest) = std::str::from_utf8(data) else {
        return;
    };
    links_in(&library(), dest);
}

/// [`links`] against a library built once by the caller.
pub fn links_in(lib: &Library, dest: &str) {
    for page in &lib.pages {
        match links::resolve(lib, page, dest) {
            Ok(Target::Page { id, anchor, query }) => {
                let to = &lib.pages[id];
                let href = links::href_with_query(page, to, query.as_deref(), anchor.as_deref());
                let landed = land(page, &href).expect("a page link stays inside");
                assert_eq!(landed, format!("{}index.html", to.url));
            }
            Ok(Target::Asset { href }) => {
                assert!(!href.starts_with('/'), "`{dest}` → `{href}` is absolute");
                assert!(land(page, &href).is_some(), "`{dest}` → `{href}` escapes");
            }
            Ok(Target::SamePage { anchor }) => assert_eq!(format!("#{anchor}"), dest),
            Ok(Target::External | Target::Unchecked | Target::Unlinked) => {}
            Err(reason) => assert!(!reason.is_empty()),
        }
    }
}

/// Where a relative href written in `from`'s page lands, as a path from the
/// output folder; None when it climbs above the output folder.
pub fn land(from: &Page, href: &str) -> Option<String> {
    let path = href.split(['#', '?']).next().unwrap_or("");
    let mut parts: Vec<&str> = from
        .url
        .as_str()
        .split('/')
        .filter(|s| !s.is_empty())
        .collect();
    let segments: Vec<&str> = path.split('/').collect();
    for (i, seg) in segments.iter().enumerate() {
        match *seg {
            "." => {}
            "" if i + 1 < segments.len() => {}
            ".." => {
                parts.pop()?;
            }
            s => parts.push(s),
        }
    }
    Some(parts.join("/"))
}

/// Every model on a JSON object of inputs: an error or an output whose
/// numbers are finite (a non-finite number would serialise as null where
/// the default output has a number).
pub fn models(data: &[u8]) {
    let Ok(Value::Object(inputs)) = serde_json::from_slice::<Value>(data) else {
        return;
    };
    for model in MODELS {
        if let Ok(outcome) = model.run(&inputs) {
            let default = model.run(&Default::default()).expect("defaults run");
            assert_no_new_nulls(&outcome.json, &default.json, model.name);
            for figure in &outcome.figures {
                let text = figure.text();
                assert!(
                    !text.contains("NaN"),
                    "{}: {} is {text}",
                    model.name,
                    figure.path
                );
            }
        }
    }
}

fn assert_no_new_nulls(output: &Value, default: &Value, path: &str) {
    match (output, default) {
        (Value::Null, d) => assert!(d.is_null(), "{path} is null (NaN or infinite?)"),
        (Value::Number(n), _) => assert!(n.as_f64().is_some_and(f64::is_finite), "{path}"),
        (Value::Object(map), Value::Object(d)) => {
            for (k, v) in map {
                let dv = d.get(k).unwrap_or(&Value::Null);
                assert_no_new_nulls(v, dv, &format!("{path}.{k}"));
            }
        }
        (Value::Object(map), _) => {
            for (k, v) in map {
                assert_no_new_nulls(v, &Value::Null, &format!("{path}.{k}"));
            }
        }
        (Value::Array(items), d) => {
            let first = d.as_array().and_then(|a| a.first()).unwrap_or(&Value::Null);
            for (i, v) in items.iter().enumerate() {
                assert_no_new_nulls(v, first, &format!("{path}[{i}]"));
            }
        }
        _ => {}
    }
}
