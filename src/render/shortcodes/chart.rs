//! `{{ chart(kind="failover", preset="warm-standby", ...inputs) }}`: a chart
//! drawn at build time from a model, followed by its numbers as a table, so
//! it reads without JavaScript and without sight.
//!
//! Inputs layer like the `figure` shortcode's: the model's defaults, the
//! organisation's `[calculator.MODEL]` in regionwise.toml, then the call's
//! arguments.

use pulldown_cmark_escape::escape_html;
use regionwise_charts::{Chart, Table};

use super::{Invocation, ShortcodeError};

pub fn chart(inv: &Invocation) -> Result<String, ShortcodeError> {
    let def = regionwise_charts::chart(inv.str_arg("kind").unwrap_or_default())
        .map_err(|e| format!("chart: {e}"))?;
    let model = def.model;
    let inputs = inv.model_inputs(model, &["kind", "preset"])?;
    let chart = def
        .draw(&inputs, &inv.element_id("chart"))
        .map_err(|e| format!("chart `{}` (inputs of the {model} model): {e}", def.name))?;
    Ok(figure_html(&chart))
}

/// `<figure>` with the SVG, a caption and the numbers in a closed
/// `<details>`: the table scrolls inside a focusable region on a phone.
fn figure_html(chart: &Chart) -> String {
    let mut html = String::with_capacity(chart.svg.len() + 2048);
    html.push_str("<figure class=\"chart\" data-chart=\"");
    html.push_str(chart.kind);
    html.push_str("\">\n");
    html.push_str(&chart.svg);
    html.push_str("<figcaption>");
    push_text(&mut html, &chart.title);
    html.push_str("</figcaption>\n<details><summary>The numbers</summary>");
    html.push_str(
        "<div class=\"table-wrap\" tabindex=\"0\" role=\"region\" aria-label=\"The numbers: ",
    );
    push_text(&mut html, &chart.table.caption);
    html.push_str("\">");
    push_table(&mut html, &chart.table);
    html.push_str("</div></details>\n</figure>\n");
    html
}

fn push_table(html: &mut String, table: &Table) {
    html.push_str("<table>\n<caption>");
    push_text(html, &table.caption);
    html.push_str("</caption>\n<thead><tr>");
    for header in &table.headers {
        html.push_str("<th scope=\"col\">");
        push_text(html, header);
        html.push_str("</th>");
    }
    html.push_str("</tr></thead>\n<tbody>\n");
    for row in &table.rows {
        html.push_str("<tr>");
        for (i, cell) in row.iter().enumerate() {
            html.push_str(if i == 0 { "<th scope=\"row\">" } else { "<td>" });
            push_text(html, cell);
            html.push_str(if i == 0 { "</th>" } else { "</td>" });
        }
        html.push_str("</tr>\n");
    }
    html.push_str("</tbody>\n</table>");
}

/// Escapes for text and for double-quoted attribute values alike.
fn push_text(html: &mut String, text: &str) {
    // Writing into a String cannot fail.
    let _ = escape_html(html, text);
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::Map;

    #[test]
    fn figure_holds_svg_caption_and_table() {
        let chart = regionwise_charts::chart("cost")
            .unwrap()
            .draw(&Map::new(), "c")
            .unwrap();
        let html = figure_html(&chart);
        assert!(html.starts_with("<figure class=\"chart\" data-chart=\"cost\">\n<svg "));
        assert!(html.contains("<figcaption>Monthly cost by pattern</figcaption>"));
        assert!(html.contains("<th scope=\"col\">× single region</th>"));
        assert!(html.contains("<tr><th scope=\"row\">Active-passive</th><td>$6,500</td>"));
        assert!(html.contains("aria-label=\"The numbers: Monthly cost by pattern, 2 regions\""));
        assert!(html.trim_end().ends_with("</figure>"));
    }

    #[test]
    fn text_is_escaped() {
        let mut html = String::new();
        push_text(&mut html, "a < b & \"c\"");
        assert_eq!(html, "a &lt; b &amp; &quot;c&quot;");
    }
}
