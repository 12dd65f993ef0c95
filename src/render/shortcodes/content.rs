//! Shortcodes over content and data: callouts, the decision table, the
//! failure-mode cards.

use serde::{Deserialize, Serialize};

use super::Invocation;

pub fn callout(inv: &Invocation) -> Result<String, String> {
    let kind = inv.str_arg("kind").unwrap_or("note");
    if !["note", "tip", "important", "warning", "caution"].contains(&kind) {
        return Err(format!(
            "callout `kind` must be note, tip, important, warning or caution (got `{kind}`)"
        ));
    }
    let mut c = inv.context();
    c.insert("kind", kind);
    let title = inv.str_arg("title").map(str::to_string).unwrap_or_else(|| {
        let mut t = kind.to_string();
        t[..1].make_ascii_uppercase();
        t
    });
    c.insert("title", &title);
    inv.render("shortcodes/callout.html", &c)
}

/// `data/decisions.toml`: the recommender's rules, which are also the
/// decision table's rows (situation, pattern, reason, next step, conditions).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Decisions {
    pub rows: Vec<regionwise_models::Rule>,
}

/// Reads the decision rows; a bad row (unknown pattern or condition) is an
/// error pointing at its line in the data file.
pub fn decision_rows(
    data: &crate::parse::data::Data,
) -> Result<Vec<regionwise_models::Rule>, String> {
    let decisions: Decisions = data.typed("decisions").map_err(|d| d.to_string())?;
    if decisions.rows.is_empty() {
        return Err("data/decisions.toml has no [[rows]]".into());
    }
    Ok(decisions.rows)
}

/// Checks the data files read here (a bad row fails the build even when no
/// page shows the table): errors point into the file.
pub(super) fn check_data(data: &crate::parse::data::Data) -> Vec<crate::error::Diagnostic> {
    let mut diags = Vec::new();
    if data.contains("decisions") {
        diags.extend(data.typed::<Decisions>("decisions").err());
    }
    if data.contains("failure_modes") {
        diags.extend(data.typed::<FailureModes>("failure_modes").err());
    }
    diags
}

/// The table the recommender runs on: the site's rows, or the built-in ones.
pub fn decision_table(inv: &Invocation) -> Result<String, String> {
    let rows: Vec<serde_json::Value> = inv
        .recommender_rules()?
        .iter()
        .map(|r| {
            serde_json::json!({
                "id": r.id,
                "situation": r.situation,
                "pattern": r.pattern.id(),
                "pattern_name": r.pattern.name(),
                "reason": r.reason,
                "next_step": r.next_step,
            })
        })
        .collect();
    let mut c = inv.context();
    c.insert("rows", &rows);
    inv.render("shortcodes/decision_table.html", &c)
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct FailureMode {
    pub id: String,
    pub title: String,
    pub symptom: String,
    pub cause: String,
    pub detect: String,
    pub mitigate: String,
    pub drill: String,
    #[serde(default)]
    pub source: String,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct FailureModes {
    pub modes: Vec<FailureMode>,
}

pub fn failure_modes(inv: &Invocation) -> Result<String, String> {
    let modes: FailureModes = inv
        .env
        .data
        .typed("failure_modes")
        .map_err(|d| d.to_string())?;
    let mut c = inv.context();
    let rendered: Vec<serde_json::Value> = modes
        .modes
        .iter()
        .map(|m| {
            serde_json::json!({
                "id": m.id,
                "title": m.title,
                "symptom": inline_markdown(&m.symptom),
                "cause": inline_markdown(&m.cause),
                "detect": inline_markdown(&m.detect),
                "mitigate": inline_markdown(&m.mitigate),
                "drill": inline_markdown(&m.drill),
                "source": inline_markdown(&m.source),
            })
        })
        .collect();
    c.insert("modes", &rendered);
    inv.render("shortcodes/failure_modes.html", &c)
}

/// Inline Markdown from a data file (emphasis, code, links to other hosts),
/// without the surrounding paragraph.
pub fn inline_markdown(text: &str) -> String {
    let parser =
        pulldown_cmark::Parser::new_ext(text, pulldown_cmark::Options::ENABLE_STRIKETHROUGH);
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, parser);
    let html = html.trim();
    html.strip_prefix("<p>")
        .and_then(|h| h.strip_suffix("</p>"))
        .unwrap_or(html)
        .to_string()
}
