//! The `calculator` shortcode's HTML: the stable hooks calc.js and people
//! embedding the calculators rely on, the pre-rendered figures, organisation
//! defaults, the recommender's rules from the data file, and a snapshot of
//! one whole form.
//!
//! The fixture has pages only for calculators with something special (the
//! cost page's organisation default, the RTO page's two presets); every
//! other registered model gets a generated page, as in the browser tests
//! (`tests/browser/harness.mjs`), so a new model is covered without a file.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use crate::support::{copy_dir, fixture};
use regionwise::render::html::decode_entities;
use regionwise::site::{render_site, BuildOptions};
use regionwise_models::{model, MODELS};
use serde_json::{json, Map, Value};

/// The calculators fixture, built once in memory: each page's HTML by path.
fn pages() -> &'static BTreeMap<String, String> {
    static PAGES: OnceLock<BTreeMap<String, String>> = OnceLock::new();
    PAGES.get_or_init(|| {
        let dir = tempfile::tempdir().expect("temp dir");
        let root = dir.path().join("site");
        copy_dir(&fixture("calculators"), &root);
        for m in MODELS {
            let page = root.join(format!("content/calculators/{}.md", m.name));
            if !page.exists() {
                let text = format!(
                    "+++\ntitle = \"{}\"\n+++\n{{{{ calculator(model=\"{}\") }}}}\n",
                    m.title, m.name
                );
                std::fs::write(page, text).expect("write page");
            }
        }
        // Arguments written as a reader types them.
        std::fs::write(
            root.join("content/calculators/typed.md"),
            "+++\ntitle = \"Typed\"\n+++\n{{ calculator(model=\"rto\", decision_s=\"5 min\", ttl_ignoring_share=\"10 %\") }}\n",
        )
        .expect("write page");
        // Two calculators on one source line must not share an id.
        std::fs::write(
            root.join("content/calculators/twins.md"),
            "+++\ntitle = \"Twins\"\n+++\n{{ calculator(model=\"rto\") }}{{ calculator(model=\"rto\") }}\n",
        )
        .expect("write page");
        let opts = BuildOptions {
            root: Some(root),
            output: dir.path().join("unused"),
            base_url: None,
            drafts: false,
            force: false,
        };
        let site = render_site(&opts, &mut ()).unwrap_or_else(|d| panic!("{d}"));
        site.files
            .into_iter()
            .filter(|f| f.path.ends_with(".html"))
            .map(|f| (f.path, String::from_utf8(f.bytes.into_owned()).expect("utf-8")))
            .collect()
    })
}

fn page(name: &str) -> &'static str {
    let path = format!("calculators/{name}/index.html");
    pages().get(&path).unwrap_or_else(|| panic!("no {path}"))
}

/// The first `<form data-calc=...>` of a page.
fn form(html: &str) -> &str {
    let start = html
        .find("<form class=\"calc\"")
        .expect("a calculator form");
    let end = html[start..].find("</form>").expect("closed") + start + "</form>".len();
    &html[start..end]
}

/// The text of the element carrying `data-out="PATH"`.
fn out_text<'a>(form: &'a str, path: &str) -> &'a str {
    let hook = format!("data-out=\"{path}\">");
    let start = form
        .find(&hook)
        .unwrap_or_else(|| panic!("no data-out {path}"))
        + hook.len();
    let end = form[start..].find('<').expect("closed") + start;
    &form[start..end]
}

/// Whether some tag has an `onclick=`-style attribute.
fn has_event_handler(html: &str) -> bool {
    html.split(" on").skip(1).any(|rest| {
        let name: String = rest.chars().take_while(char::is_ascii_lowercase).collect();
        !name.is_empty() && rest[name.len()..].starts_with('=')
    })
}

fn inputs(pairs: Value) -> Map<String, Value> {
    pairs.as_object().cloned().unwrap_or_default()
}

#[test]
fn every_model_has_its_hooks() {
    for model in MODELS {
        let html = page(model.name);
        let form = form(html);
        assert!(form.contains(&format!("data-calc=\"{}\"", model.name)));
        for spec in model.fields {
            let name = format!("name=\"{}\"", spec.name);
            assert!(form.contains(&name), "{model}: no input {}", spec.name);
            assert!(
                form.contains(&format!("data-error-for=\"{}\"", spec.name)),
                "{model}: no error slot for {}",
                spec.name
            );
        }
        for hook in [
            "aria-live=\"polite\"",
            "data-calc-results",
            "data-calc-status",
            "type=\"reset\"",
            "data-calc-share",
            "data-calc-export=\"json\"",
            "data-calc-export=\"csv\"",
        ] {
            assert!(form.contains(hook), "{model}: no {hook}");
        }
        for bad in ["NaN", "Infinity", ">inf<", "\"inf\""] {
            assert!(!form.contains(bad), "{model}: {bad}");
        }
        // Every figure the model lists is shown, with the model's text.
        let outcome = model.run(&Map::new()).unwrap();
        for figure in outcome.listed() {
            let hook = format!("data-out=\"{}\"", figure.path);
            assert!(form.contains(&hook), "{model}: no {hook}");
        }
        for list in &outcome.lists {
            let hook = format!("data-out-list=\"{}\"", list.path);
            assert!(form.contains(&hook), "{model}: no {hook}");
        }
        let chart = regionwise_charts::for_model(model).map(|c| c.name);
        assert_eq!(
            chart.map(|c| format!("data-chart=\"{c}\"")),
            form.contains("data-chart=\"")
                .then(|| form
                    .split("data-chart=\"")
                    .nth(1)
                    .unwrap()
                    .split('"')
                    .next()
                    .unwrap())
                .map(|c| format!("data-chart=\"{c}\"")),
            "{model}"
        );
        assert!(html.contains("data-calc-wasm=\"calc/regionwise_wasm_bg."));
        assert!(html.contains("data-calc-bindings=\"calc/regionwise_wasm."));
        // No inline script: CSP is script-src 'self'.
        assert!(
            !form.contains("<script>") && !has_event_handler(form),
            "{model}"
        );
    }
}

#[test]
fn figures_are_the_models_for_the_layered_inputs() {
    // regionwise.toml sets compute = 6000; the page sets regions = 3.
    let html = page("cost");
    let form = form(html);
    assert!(form.contains("name=\"compute\" value=\"$6,000\""));
    assert!(form.contains("name=\"regions\" value=\"3\""));
    let cost = model("cost").unwrap();
    let out = cost
        .run(&inputs(json!({ "compute": 6000, "regions": 3 })))
        .unwrap();
    for figure in out.listed() {
        assert_eq!(
            out_text(form, &figure.path),
            figure.text(),
            "{}",
            figure.path
        );
    }
    assert_eq!(out_text(form, "partitioned.routing"), "$100");
}

#[test]
fn presets_fill_the_form_and_two_calculators_get_distinct_ids() {
    let twins = page("twins");
    let ids: Vec<&str> = twins
        .match_indices("<form class=\"calc\" id=\"")
        .map(|(i, m)| twins[i + m.len()..].split('"').next().unwrap())
        .collect();
    assert_eq!(ids, ["calc-4", "calc-4-1"]);
    assert!(twins.contains("data-chart-id=\"calc-4-1-chart\""));
    let html = page("rto");
    let first = form(html);
    let rest = &html[html.find(first).unwrap() + first.len()..];
    let second = form(rest);
    let id = |f: &str| {
        f.split("id=\"")
            .nth(1)
            .unwrap()
            .split('"')
            .next()
            .unwrap()
            .to_owned()
    };
    assert_ne!(id(first), id(second));
    assert_eq!(out_text(first, "rto_s"), "23 min 30 s");
    assert_eq!(out_text(first, "rto_automatic_s"), "8 min 30 s");
    assert_eq!(out_text(second, "rto_s"), "30 s");
    assert!(second.contains("name=\"routing\""));
    assert!(second.contains("<option value=\"anycast\" selected>"));
    assert!(first.contains("data-chart=\"failover\""));
    assert!(first.contains(&format!("data-chart-id=\"{}-chart\"", id(first))));
}

/// The option of `<select data-calc-preset>` marked selected, if any.
fn selected_preset(form: &str) -> Option<&str> {
    let start = form.find("data-calc-preset")?;
    let select = &form[start..start + form[start..].find("</select>")?];
    let at = select.find(" selected>")?;
    select[..at].rsplit("value=\"").next()?.split('"').next()
}

#[test]
fn presets_headlines_and_steps() {
    // "Start from": the rung whose inputs the form holds, none when edited.
    let html = page("rto");
    let first = form(html);
    let second = form(&html[html.find(first).unwrap() + first.len()..]);
    assert_eq!(selected_preset(first), Some("warm-standby"));
    assert_eq!(selected_preset(second), Some("active-active"));
    assert_eq!(
        selected_preset(form(page("cost"))),
        None,
        "regions = 3 is no rung"
    );
    for name in ["availability", "breakeven", "recommend"] {
        assert!(
            !form(page(name)).contains("data-calc-preset"),
            "{name} has no presets"
        );
    }
    // Every model's headline: its caption, its figures under their short
    // labels, each the same text as the figure in the results.
    for model in MODELS {
        let form = form(page(model.name));
        let start = form.find("data-calc-headline").expect("a headline");
        let end = start + form[start..].find("</dl>").unwrap();
        let (headline, results) = (&form[start..end], &form[end..]);
        assert!(headline.contains(model.headline.caption), "{model}");
        for f in model.headline.figures {
            let (path, label) = (f.path, f.label);
            // A shorter label for a phone's bar is shown there instead,
            // hidden from screen readers, which hear the label.
            let dt = match f.narrow {
                Some(narrow) => format!(
                    "<span class=\"calc-label-wide\">{label}</span>\
                     <span class=\"calc-label-narrow\" aria-hidden=\"true\">{narrow}</span>"
                ),
                None => label.to_string(),
            };
            let hook = format!("<dt>{dt}</dt><dd data-out=\"{path}\">");
            assert!(headline.contains(&hook), "{model}: {hook}");
            assert_eq!(
                out_text(headline, path),
                out_text(results, path),
                "{model}: {path}"
            );
        }
    }
    // The RTO's steps, in order, as a timeline.
    let steps = first.split("<ol class=\"calc-timeline\">").nth(1).unwrap();
    let steps = &steps[..steps.find("</ol>").unwrap()];
    let order: Vec<&str> = steps
        .split("data-out=\"steps.")
        .skip(1)
        .map(|s| s.split('"').next().unwrap())
        .collect();
    assert_eq!(
        order,
        [
            "detection_s",
            "decision_s",
            "promotion_s",
            "restore_s",
            "scale_up_s"
        ]
    );
}

#[test]
fn arguments_are_read_as_typed() {
    let form = form(page("typed"));
    assert!(
        form.contains("name=\"decision_s\" value=\"5 min\""),
        "{form}"
    );
    assert!(form.contains("name=\"ttl_ignoring_share\" value=\"10 %\""));
    let rto = model("rto").unwrap();
    let out = rto
        .run(&inputs(
            json!({ "decision_s": 300, "ttl_ignoring_share": 0.1 }),
        ))
        .unwrap();
    assert_eq!(out_text(form, "rto_s"), out.figure("rto_s").unwrap().text());
    assert_eq!(selected_preset(form), None);
}

#[test]
fn the_recommender_carries_the_data_files_rules() {
    let html = page("recommend");
    let form = form(html);
    let start = form.find("data-calc-inputs>").expect("inputs block") + "data-calc-inputs>".len();
    let end = form[start..].find("</script>").unwrap() + start;
    let fixed: Value = serde_json::from_str(&form[start..end]).expect("inputs JSON");
    let rows = fixed["rules"].as_array().unwrap();
    assert_eq!(rows[0]["id"], "several-jurisdictions");
    assert!(rows[0]["reason"]
        .as_str()
        .unwrap()
        .starts_with("Fixture reason:"));
    assert!(
        !form.contains("data-chart="),
        "the recommender has no chart"
    );
    assert!(decode_entities(out_text(form, "pattern_name")).starts_with("Single region"));
}

#[test]
fn snapshot_of_the_rpo_form() {
    let html = page("rpo");
    let form = form(html);
    // The chart and its table have their own snapshots in the charts crate.
    let chart_start = form.find("<figure").unwrap();
    let chart_end = form.find("</figure>").unwrap() + "</figure>".len();
    let stable = format!("{}[CHART]{}", &form[..chart_start], &form[chart_end..]);
    crate::assert_snapshot!("calculators__snapshot_of_the_rpo_form", stable);
}
