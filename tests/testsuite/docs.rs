//! Keeps docs/authoring.md in step with the code: every built-in shortcode
//! (and each of its arguments), every config key, every front-matter key and
//! every `site.*` template variable must be mentioned there.
//!
//! The config and front-matter keys are read from the structs themselves by
//! a tracing serde deserializer, so a new field fails this test until it is
//! documented.

use std::cell::RefCell;
use std::collections::BTreeMap;

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, Visitor};

use regionwise::config::Config;
use regionwise::parse::front_matter::FrontMatter;
use regionwise::render::shortcodes::BUILTINS;

fn models_reference() -> String {
    std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/models.md"))
        .expect("docs/models.md")
}

/// The text of a `## name` section of a Markdown document.
fn section<'a>(docs: &'a str, heading: &str) -> Option<&'a str> {
    docs.split(&format!("\n{heading}\n"))
        .nth(1)
        .map(|rest| rest.split("\n## ").next().unwrap_or(rest))
}

#[test]
fn every_model_its_inputs_and_outputs_are_in_the_models_reference() {
    let docs = models_reference();
    for model in regionwise_models::MODELS {
        let section = section(&docs, &format!("## {}", model.name))
            .unwrap_or_else(|| panic!("docs/models.md has no `## {}` section", model.name));
        for spec in model.fields {
            assert!(
                section.contains(&format!("`{}`", spec.name)),
                "docs/models.md, {}: input `{}` is not documented",
                model.name,
                spec.name
            );
        }
        let outcome = model.run(&Default::default()).expect("defaults run");
        for figure in outcome.listed() {
            // A group's figures may be documented once for every group
            // (`*.downtime_min_year`) or by their own name.
            let leaf = figure.path.rsplit('.').next().unwrap_or(&figure.path);
            assert!(
                section.contains(&format!("`{}`", figure.path))
                    || section.contains(&format!("`{leaf}`"))
                    || section.contains(&format!("`*.{leaf}`")),
                "docs/models.md, {}: output `{}` is not documented",
                model.name,
                figure.path
            );
        }
        for list in &outcome.lists {
            assert!(
                section.contains(&format!("`{}`", list.path)),
                "{}",
                list.path
            );
        }
        if let Some(chart) = regionwise_charts::for_model(model) {
            assert!(
                section.contains(&format!("`{}`", chart.name)),
                "docs/models.md, {}: its chart `{}` is not named",
                model.name,
                chart.name
            );
        }
    }
}

#[test]
fn no_other_doc_lists_the_models() {
    // docs/models.md is the one reference; a second list would drift.
    let names = regionwise_models::names();
    for doc in ["docs/authoring.md", "README.md", "docs/adding-a-model.md"] {
        let text = std::fs::read_to_string(format!("{}/{doc}", env!("CARGO_MANIFEST_DIR")))
            .unwrap_or_else(|_| panic!("{doc}"));
        let listed = text.lines().any(|line| {
            names
                .iter()
                .filter(|n| line.contains(&format!("`{n}`")))
                .count()
                >= names.len() - 1
        });
        assert!(
            !listed,
            "{doc} lists the models; point at docs/models.md instead"
        );
    }
}

fn authoring() -> String {
    std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/authoring.md"))
        .expect("docs/authoring.md")
}

#[test]
fn every_shortcode_and_argument_is_documented() {
    let docs = authoring();
    for b in BUILTINS {
        assert!(
            docs.contains(&format!("### `{}`", b.name)),
            "docs/authoring.md has no `### `{}`` section",
            b.name
        );
        let section = docs
            .split(&format!("### `{}`", b.name))
            .nth(1)
            .and_then(|rest| rest.split("\n### ").next())
            .unwrap_or("");
        for arg in b.args {
            assert!(
                section.contains(&format!("`{}`", arg.name)),
                "shortcode `{}`: argument `{}` is not documented",
                b.name,
                arg.name
            );
        }
    }
}

#[test]
fn every_config_key_is_documented() {
    let docs = authoring();
    let keys = keys_of::<Config>();
    assert!(
        keys.contains(&"branding.accent_color".to_string()),
        "{keys:?}"
    );
    for key in keys {
        assert!(
            docs.contains(&format!("`{key}`")),
            "config key `{key}` is not documented in docs/authoring.md"
        );
    }
}

#[test]
fn every_front_matter_key_is_documented() {
    let docs = authoring();
    let section = docs
        .split("## Front matter")
        .nth(1)
        .expect("a Front matter section");
    let keys = keys_of::<FrontMatter>();
    assert!(
        keys.len() >= 9 && keys.contains(&"reviewed".to_string()),
        "{keys:?}"
    );
    for key in keys {
        assert!(
            section.contains(&format!("| `{key}` |")),
            "front-matter key `{key}` is not in the table in docs/authoring.md"
        );
    }
}

#[test]
fn every_site_variable_is_documented() {
    let docs = authoring();
    let site = regionwise::render::page::SiteVars {
        title: String::new(),
        description: String::new(),
        language: String::new(),
        base_url: String::new(),
        logo: None,
        accent_color: None,
        footer: None,
        search: true,
        search_js: None,
        calc_js: None,
        calc_wasm: None,
        calc_bindings: None,
        assets: BTreeMap::new(),
        last_reviewed: Some("2026-11-26".into()),
        print: true,
    };
    let json = serde_json::to_value(&site).expect("serialise");
    for key in json.as_object().expect("object").keys() {
        assert!(
            docs.contains(&format!("`site.{key}`")),
            "template variable `site.{key}` is not documented"
        );
    }
}

/// The rules that keep a user's files safe are stated where users look:
/// one paragraph each in the README and in docs/authoring.md.
#[test]
fn output_ownership_and_symlink_rules_are_stated() {
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md"))
        .expect("README.md");
    for (name, text) in [("README.md", readme), ("docs/authoring.md", authoring())] {
        // Paragraphs and list items, with line breaks as spaces.
        let paragraphs: Vec<String> = text
            .split("\n\n")
            .flat_map(|p| p.split("\n- "))
            .map(|p| p.split_whitespace().collect::<Vec<_>>().join(" "))
            .collect();
        let has = |words: &[&str]| {
            paragraphs
                .iter()
                .any(|p| words.iter().all(|w| p.contains(w)))
        };
        assert!(
            has(&[".regionwise-output", "--force", "home folder", "empty"]),
            "{name} does not state the output-ownership rule in one paragraph"
        );
        assert!(
            has(&["symbolic link", "outside the site folder", "`serve`"]),
            "{name} does not state the symlink rule in one paragraph"
        );
    }
}

/// The dotted keys a type deserializes from (`branding.logo`), found by
/// letting it deserialize from a tracer that offers every field it asks for.
fn keys_of<'de, T: serde::Deserialize<'de>>() -> Vec<String> {
    let keys = RefCell::new(Vec::new());
    let _ = T::deserialize(Tracer {
        prefix: String::new(),
        keys: &keys,
    });
    let mut keys = keys.into_inner();
    keys.sort();
    keys.dedup();
    keys
}

struct Tracer<'k> {
    prefix: String,
    keys: &'k RefCell<Vec<String>>,
}

#[derive(Debug)]
struct Stop(String);

impl std::fmt::Display for Stop {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Stop {}

impl de::Error for Stop {
    fn custom<T: std::fmt::Display>(msg: T) -> Self {
        Stop(msg.to_string())
    }
}

impl<'de, 'k> Deserializer<'de> for Tracer<'k> {
    type Error = Stop;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Stop> {
        // A leaf (string, number, map of anything): record the key itself.
        if !self.prefix.is_empty() {
            self.keys.borrow_mut().push(self.prefix.clone());
        }
        visitor.visit_str("")
    }

    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Stop> {
        self.keys.borrow_mut().push(self.prefix.clone());
        visitor.visit_bool(false)
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Stop> {
        visitor.visit_some(self)
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Stop> {
        // A free-form table (`extra`, `calculator`): its keys are the
        // user's, so document the table itself.
        self.keys.borrow_mut().push(self.prefix.clone());
        visitor.visit_map(Fields {
            names: &[],
            at: 0,
            prefix: String::new(),
            keys: self.keys,
        })
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Stop> {
        visitor.visit_map(Fields {
            names: fields,
            at: 0,
            prefix: self.prefix,
            keys: self.keys,
        })
    }

    fn deserialize_i64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Stop> {
        self.keys.borrow_mut().push(self.prefix.clone());
        visitor.visit_i64(0)
    }

    fn deserialize_u32<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Stop> {
        self.keys.borrow_mut().push(self.prefix.clone());
        visitor.visit_u64(0)
    }

    fn deserialize_u64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Stop> {
        self.keys.borrow_mut().push(self.prefix.clone());
        visitor.visit_u64(0)
    }

    fn deserialize_f64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Stop> {
        self.keys.borrow_mut().push(self.prefix.clone());
        visitor.visit_f64(0.0)
    }

    serde::forward_to_deserialize_any! {
        i8 i16 i32 i128 u8 u16 u128 f32 char str string
        bytes byte_buf unit unit_struct newtype_struct seq tuple
        tuple_struct enum identifier ignored_any
    }
}

struct Fields<'k> {
    names: &'static [&'static str],
    at: usize,
    prefix: String,
    keys: &'k RefCell<Vec<String>>,
}

impl<'de, 'k> MapAccess<'de> for Fields<'k> {
    type Error = Stop;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Stop> {
        let Some(name) = self.names.get(self.at) else {
            return Ok(None);
        };
        seed.deserialize(de::value::StrDeserializer::<Stop>::new(name))
            .map(Some)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, Stop> {
        let name = self.names[self.at];
        self.at += 1;
        let prefix = if self.prefix.is_empty() {
            name.to_string()
        } else {
            format!("{}.{name}", self.prefix)
        };
        seed.deserialize(Tracer {
            prefix,
            keys: self.keys,
        })
    }
}
