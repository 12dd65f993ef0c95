//! Shortcodes over content and data: callouts, the decision table, the
//! failure-mode cards.

use super::{Invocation, ShortcodeError};
use crate::error::{Diagnostic, ErrorKind};
use crate::parse::schema::{DataFile as _, Decisions, FailureModes};
use crate::render::links::WrittenIn;

use crate::render::fragments::CalloutKind;

/// The same template as GitHub alerts (`> [!TIP]`) use, so both look alike.
pub fn callout(inv: &Invocation) -> Result<String, ShortcodeError> {
    let name = inv.str_arg("kind").unwrap_or("note");
    let kind = CalloutKind::parse(name).ok_or_else(|| {
        ShortcodeError::Message(format!(
            "callout `kind` must be {} (got `{name}`)",
            CalloutKind::list()
        ))
    })?;
    let mut c = inv.context();
    c.insert("kind", &kind);
    c.insert(
        "title",
        inv.str_arg("title").unwrap_or(kind.default_title()),
    );
    inv.render("shortcodes/callout.html", &c)
}

/// The table the recommender runs on: the site's rows, or the built-in ones.
pub fn decision_table(inv: &Invocation) -> Result<String, ShortcodeError> {
    let rules = match inv
        .env
        .data
        .contains(<Decisions as crate::parse::schema::DataFile>::NAME)
    {
        true => inv.data::<Decisions>()?.rows,
        false => regionwise_models::default_rules(),
    };
    let current = current_row(inv)?;
    let rows: Vec<serde_json::Value> = rules
        .iter()
        .map(|r| {
            serde_json::json!({
                "id": r.id,
                "situation": r.situation,
                "pattern": r.pattern.id(),
                "pattern_name": r.start_with(),
                "reason": r.reason,
                "next_step": r.next_step,
                "current": current.as_deref() == Some(r.id.as_str()),
            })
        })
        .collect();
    let marked = rows.iter().any(|r| r["current"] == true);
    let mut c = inv.context();
    c.insert("rows", &rows);
    c.insert("marked", &marked);
    inv.render("shortcodes/decision_table.html", &c)
}

/// The row the recommender lands on for the site's defaults (its
/// `[calculator.recommend]` table and the same rules): marked in the table,
/// which the page's calculator then keeps in step with its inputs.
fn current_row(inv: &Invocation) -> Result<Option<String>, ShortcodeError> {
    let model = regionwise_models::model("recommend")
        .map_err(|e| ShortcodeError::Message(e.to_string()))?;
    let inputs = inv.model_inputs(model, &[])?;
    Ok(model
        .run(&inputs)
        .ok()
        .and_then(|o| o.json["row"].as_str().map(str::to_owned)))
}

pub fn failure_modes(inv: &Invocation) -> Result<String, ShortcodeError> {
    let modes: FailureModes = inv.data()?;
    let name = FailureModes::NAME;
    let written = inv
        .env
        .data
        .source(name)
        .map(|file| WrittenIn {
            rel: &file.rel,
            origin: file.origin,
        })
        .unwrap_or_else(|| WrittenIn::page(inv.page));
    let mut c = inv.context();
    let mut rendered = Vec::with_capacity(modes.modes.len());
    for (i, m) in modes.modes.iter().enumerate() {
        // A broken link is the data file's error, at the link: that is
        // where it is fixed, whichever page shows the card.
        let md = |field: &str, text: &str| {
            inline_markdown_linked(inv, text, written).map_err(|(target, reason)| {
                let message = format!(
                    "the failure-mode card `{}`: broken link to `{target}`: {reason}",
                    m.id
                );
                let index = i.to_string();
                match inv
                    .env
                    .data
                    .locate(name, &["modes", &index, field], &target)
                {
                    Some(at) => ShortcodeError::At(Diagnostic::new(at, ErrorKind::Data(message))),
                    None => ShortcodeError::Message(message),
                }
            })
        };
        rendered.push(serde_json::json!({
            "id": m.id,
            "title": m.title,
            "symptom": md("symptom", &m.symptom)?,
            "cause": md("cause", &m.cause)?,
            "detect": md("detect", &m.detect)?,
            "mitigate": md("mitigate", &m.mitigate)?,
            "drill": md("drill", &m.drill)?,
            "source": md("source", &m.source)?,
            "sources": m.sources,
        }));
    }
    c.insert("modes", &rendered);
    inv.render("shortcodes/failure_modes.html", &c)
}

/// Inline Markdown from a data file, with links to pages of the site
/// (`@/building/x.md`, as in any page) resolved relative to the page that
/// shows it; a link to a page that does not exist is an error, as (the
/// link, why) (a link to a hidden page, with `[guide] unlink_hidden` and
/// a bundled data file, keeps only its text).
fn inline_markdown_linked<'t>(
    inv: &Invocation,
    text: &'t str,
    written: WrittenIn,
) -> Result<String, (String, String)> {
    use crate::render::links::{href_between, resolve_written, Target};
    use pulldown_cmark::CowStr;
    let mut broken = None;
    let mut unlinked = Vec::new();
    let mut resolved =
        |dest_url: CowStr<'t>| match resolve_written(inv.env.library, inv.page, &dest_url, written)
        {
            Ok(Target::Unlinked) => None,
            Ok(Target::Page { id: to, anchor, .. }) => Some(CowStr::from(href_between(
                inv.page,
                &inv.env.library.pages[to],
                anchor.as_deref(),
            ))),
            Ok(_) => Some(dest_url),
            Err(e) => {
                broken.get_or_insert((dest_url.to_string(), e));
                Some(dest_url)
            }
        };
    let events =
        pulldown_cmark::Parser::new_ext(text, pulldown_cmark::Options::ENABLE_STRIKETHROUGH)
            .map(|event| crate::render::markdown::map_link(event, &mut unlinked, &mut resolved));
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, events);
    if let Some(e) = broken {
        return Err(e);
    }
    Ok(strip_paragraph(&html))
}

fn strip_paragraph(html: &str) -> String {
    let html = html.trim();
    html.strip_prefix("<p>")
        .and_then(|h| h.strip_suffix("</p>"))
        .unwrap_or(html)
        .to_string()
}
