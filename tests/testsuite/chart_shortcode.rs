//! The `chart` shortcode through the real binary: charts pre-rendered into
//! the page (no JavaScript needed), organisation defaults from
//! regionwise.toml under the call's arguments, and bad calls failing the
//! build with the file, the line and the field.

use crate::support::SiteTest;

const CONFIG: &str = "title = \"Charts\"\n\n[calculator.cost]\ncompute = 42000\n";

#[test]
fn charts_are_prerendered_with_their_tables() {
    // Every registered chart with its defaults, then a few with arguments.
    let mut calls: Vec<String> = regionwise_charts::CHARTS
        .iter()
        .map(|c| format!("{{{{ chart(kind=\"{}\") }}}}", c.name))
        .collect();
    calls.extend(
        [
            "{{ chart(kind=\"cost\", regions=3) }}",
            "{{ chart(kind=\"failover\", preset=\"active-active\") }}",
            "{{ chart(kind=\"data_loss\", mode=\"sync\") }}",
            "{{ chart(kind=\"availability\", sla=99.9) }}",
        ]
        .map(str::to_owned),
    );
    let site = SiteTest::with_home(CONFIG, &calls.join("\n\n"));
    site.build().success();
    let html = site.output("index.html");
    for chart in regionwise_charts::CHARTS {
        let figure = format!("<figure class=\"chart\" data-chart=\"{}\">", chart.name);
        let at = html
            .find(&figure)
            .unwrap_or_else(|| panic!("{} missing", chart.name));
        let figure = &html[at..at + html[at..].find("</figure>").unwrap()];
        // The caption first (valid HTML), then both layouts, then the numbers.
        assert!(figure.contains(">\n<figcaption>"), "{figure}");
        assert!(
            figure.contains("<div class=\"chart-svg chart-wide\" data-chart-svg=\"wide\"><svg ")
        );
        assert!(figure
            .contains("<div class=\"chart-svg chart-narrow\" data-chart-svg=\"narrow\"><svg "));
        assert!(figure.contains("(fixed inputs: the defaults)"), "{figure}");
    }
    assert!(html.contains("(fixed inputs: the active active preset)"));
    assert!(
        html.contains("(fixed inputs: Replication: Synchronous (consensus))"),
        "the input's label and value"
    );
    assert_eq!(
        html.matches("<summary>The chart&#39;s numbers</summary>")
            .count()
            + html
                .matches("<summary>The chart's numbers</summary>")
                .count(),
        calls.len()
    );
    // No chart sits inside a paragraph.
    assert!(!html.contains("<p><figure"));
    // The organisation's compute (42,000) reaches the chart, under the call's regions.
    assert!(html.contains("<th scope=\"row\">Single region</th><td>$42,000</td>"));
    assert!(html.contains("Monthly cost by pattern, 3 regions"));
    // Two charts of one kind on a page get distinct ids.
    let ids: Vec<&str> = html
        .match_indices("<title id=\"")
        .map(|(i, _)| html[i + 11..].split('"').next().unwrap())
        .collect();
    let mut unique = ids.clone();
    unique.sort_unstable();
    unique.dedup();
    assert_eq!(unique.len(), ids.len(), "{ids:?}");
}

#[test]
fn bad_calls_fail_the_build_with_file_line_and_field() {
    let cases = [
        ("{{ chart(kind=\"pie\") }}", "data_loss"),
        (
            "{{ chart(kind=\"cost\", regions=11) }}",
            "Regions must be a whole number between 2 and 10 (got 11)",
        ),
        (
            "{{ chart(kind=\"availability\", preset=\"pilot-light\") }}",
            "no presets",
        ),
        ("{{ chart(kind=\"data_loss\", regions=3) }}", "regions"),
    ];
    for (call, message) in cases {
        let site = SiteTest::with_home(CONFIG, &format!("Text.\n\n{call}"));
        let out = site.build().failure().get_output().stderr.clone();
        let stderr = String::from_utf8_lossy(&out);
        assert!(stderr.contains(message), "{call}: {stderr}");
        assert!(stderr.contains("_index.md"), "{call}: no file in {stderr}");
        assert!(stderr.contains(":6"), "{call}: no line in {stderr}");
    }
}
