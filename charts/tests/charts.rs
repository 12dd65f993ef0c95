//! The charts as a page and a calculator see them: committed snapshots of the
//! default charts, determinism, the accessibility and scaling conventions of
//! every SVG, and no NaN for any edge of the inputs.
//!
//! Refresh the snapshots after an intended change with
//! `UPDATE_SNAPSHOTS=1 cargo test -p regionwise-charts`, then look at them
//! (they are SVG files: open them in a browser) before committing.

use std::path::PathBuf;

use regionwise_charts::{chart as chart_def, Chart, CHARTS};
use regionwise_models::ModelError;
use serde_json::{json, Map, Value};

fn inputs(value: Value) -> Map<String, Value> {
    match value {
        Value::Object(map) => map,
        other => panic!("not an object: {other}"),
    }
}

fn render(kind: &str, value: Value, id: &str) -> Result<Chart, ModelError> {
    chart_def(kind)?.draw(&inputs(value), id)
}

fn chart(kind: &str, value: Value) -> Chart {
    render(kind, value, "chart").unwrap_or_else(|e| panic!("{kind}: {e}"))
}

/// The charts whose SVG is committed: every chart with its defaults (named
/// after the chart), and the guide's second failover chart.
fn snapshot_cases() -> Vec<(String, &'static str, Value)> {
    let mut cases: Vec<_> = CHARTS
        .iter()
        .map(|c| (c.name.to_owned(), c.name, json!({})))
        .collect();
    cases.push((
        "failover-active-active".to_owned(),
        "failover",
        json!({ "preset": "active-active" }),
    ));
    cases
}

fn snapshot_path(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/snapshots")
        .join(format!("{name}.svg"))
}

#[test]
fn default_charts_match_their_snapshots() {
    let update = std::env::var_os("UPDATE_SNAPSHOTS").is_some();
    let mut stale = Vec::new();
    for (name, kind, value) in snapshot_cases() {
        let chart = render(kind, value, &name).unwrap();
        for (name, svg) in [
            (name.clone(), chart.svg),
            (format!("{name}-narrow"), chart.svg_narrow),
        ] {
            let path = snapshot_path(&name);
            if update {
                std::fs::create_dir_all(path.parent().unwrap()).unwrap();
                std::fs::write(&path, &svg).unwrap();
                continue;
            }
            match std::fs::read_to_string(&path) {
                Ok(committed) if committed == svg => {}
                Ok(_) => stale.push(format!("{name}: differs from {}", path.display())),
                Err(_) => stale.push(format!("{name}: no snapshot at {}", path.display())),
            }
        }
    }
    assert!(
        stale.is_empty(),
        "{}\n(if the change is intended: UPDATE_SNAPSHOTS=1 cargo test -p regionwise-charts, then look at the SVGs)",
        stale.join("\n")
    );
}

#[test]
fn same_inputs_give_the_same_bytes() {
    for (_, kind, value) in snapshot_cases() {
        let a = chart(kind, value.clone());
        let b = chart(kind, value);
        assert_eq!(a, b, "{kind}");
    }
}

/// Inputs at the edges of every range, per chart: every chart with its
/// defaults and each preset of its model, then hand-picked extremes.
fn edge_cases() -> Vec<(&'static str, Value)> {
    let mut cases = Vec::new();
    for c in CHARTS {
        cases.push((c.name, json!({})));
        for preset in c.model.presets {
            cases.push((c.name, json!({ "preset": preset })));
        }
    }
    cases.extend([
        ("cost", json!({})),
        ("cost", json!({ "regions": 10 })),
        (
            "cost",
            json!({ "compute": 1, "database": 0, "transfer": 0, "ap_routing": 0,
                    "aa_routing": 0, "ap_cross_region_gb": 0, "aa_cross_region_gb": 0,
                    "cdn_spend": 0, "transfer_from": "custom", "custom_price_per_gb": 0 }),
        ),
        (
            "cost",
            json!({ "compute": 10_000_000, "database": 10_000_000, "transfer": 10_000_000,
                    "regions": 10, "transfer_from": "custom", "custom_price_per_gb": 1, "aa_cross_region_gb": 10_000_000,
                    "global_db_overhead": 2, "standby_fraction": 1, "replica_fraction": 1 }),
        ),
        ("failover", json!({ "routing": "anycast" })),
        (
            "failover",
            json!({ "health_check_interval_s": 1, "failure_threshold": 1, "db_promotion_s": 0,
                    "scale_up_s": 0, "dns_ttl_s": 0, "ttl_ignoring_share": 0 }),
        ),
        (
            "failover",
            json!({ "health_check_interval_s": 600, "failure_threshold": 10, "decision_s": 86400,
                    "db_promotion_s": 86400, "restore_s": 604800, "scale_up_s": 86400,
                    "dns_ttl_s": 86400, "ttl_ignoring_share": 1, "ttl_ignoring_lifetime_s": 604800 }),
        ),
        (
            "failover",
            json!({ "ttl_ignoring_share": 0.5, "ttl_ignoring_lifetime_s": 0 }),
        ),
        ("data_loss", json!({ "mode": "sync" })),
        ("data_loss", json!({ "mode": "backup" })),
        (
            "data_loss",
            json!({ "writes_per_s": 0, "typical_lag_s": 0, "incident_lag_s": 0, "rpo_budget_s": 0 }),
        ),
        (
            "data_loss",
            json!({ "writes_per_s": 10_000_000, "typical_lag_s": 86400, "incident_lag_s": 86400,
                    "rpo_budget_s": 86400, "lag_growth_rate": 0.001 }),
        ),
        (
            "data_loss",
            json!({ "mode": "backup", "backup_interval_s": 2_592_000, "writes_per_s": 10_000_000 }),
        ),
        ("availability", json!({ "sla": 100 })),
        ("availability", json!({ "sla": 0 })),
        ("availability", json!({ "outages_per_year": 0 })),
        (
            "availability",
            json!({ "outages_per_year": 365, "outage_minutes": 525600, "failover_success": 0 }),
        ),
        (
            "availability",
            json!({ "failover_success": 1, "ap_rto_s": 0, "aa_rto_s": 604800 }),
        ),
    ]);
    cases
}

/// The attribute names of one start tag.
fn attribute_names(tag: &str) -> Vec<&str> {
    tag.split('"')
        .step_by(2)
        .filter_map(|chunk| chunk.trim_end().strip_suffix('='))
        .map(|name| name.rsplit(' ').next().unwrap_or(name))
        .collect()
}

/// Tags balance, no element repeats an attribute (two `style`s would be
/// invalid XML and the browser would drop the chart).
fn assert_well_formed(svg: &str, what: &str) {
    let mut stack: Vec<&str> = Vec::new();
    for piece in svg.split('<').skip(1) {
        let tag = piece.split('>').next().unwrap_or_default();
        if let Some(name) = tag.strip_prefix('/') {
            assert_eq!(
                stack.pop(),
                Some(name.trim()),
                "{what}: unbalanced </{name}>"
            );
            continue;
        }
        let name = tag.split([' ', '/']).next().unwrap_or_default();
        let mut names = attribute_names(tag);
        let count = names.len();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), count, "{what}: repeated attribute in <{tag}>");
        if !tag.ends_with('/') {
            stack.push(name);
        }
    }
    assert!(stack.is_empty(), "{what}: unclosed {stack:?}");
}

fn assert_conventions(chart: &Chart, what: &str) {
    assert_svg_conventions(chart, &chart.svg, "0 0 2560 1440\"", what);
    let narrow = format!("{what} (narrow)");
    assert_svg_conventions(chart, &chart.svg_narrow, "0 0 1360 ", &narrow);
    assert!(
        chart.svg_narrow.contains("-narrow-title\""),
        "{narrow}: its ids must differ from the wide one's"
    );
}

fn assert_svg_conventions(chart: &Chart, svg: &str, view_box: &str, what: &str) {
    let root = svg.lines().next().unwrap_or_default();
    assert!(root.starts_with("<svg "), "{what}: {root}");
    assert!(
        !root.contains(" width=") && !root.contains(" height="),
        "{what}: fixed size: {root}"
    );
    assert!(
        root.contains(&format!("viewBox=\"{view_box}")),
        "{what}: {root}"
    );
    assert!(root.contains("role=\"img\""), "{what}");
    assert!(root.contains("class=\"rw-chart\""), "{what}");
    assert!(
        root.contains(&format!("data-kind=\"{}\"", chart.kind)),
        "{what}"
    );
    let id = root
        .split("aria-labelledby=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .unwrap_or_else(|| panic!("{what}: no aria-labelledby"));
    assert!(
        svg.contains(&format!("<title id=\"{id}\">")),
        "{what}: title id"
    );
    let desc_id = id.replace("-title", "-desc");
    assert!(
        root.contains(&format!("aria-describedby=\"{desc_id}\"")),
        "{what}"
    );
    assert!(
        svg.contains(&format!("<desc id=\"{desc_id}\">")),
        "{what}: desc id"
    );
    assert!(!chart.title.is_empty() && !chart.desc.is_empty(), "{what}");
    for bad in ["NaN", "inf", "opacity=\"1\""] {
        assert!(!svg.contains(bad), "{what}: contains {bad}");
    }
    for text in [&chart.title, &chart.desc, &chart.table.caption] {
        assert!(
            !text.contains("NaN") && !text.contains("inf"),
            "{what}: {text}"
        );
    }
    for row in &chart.table.rows {
        assert_eq!(row.len(), chart.table.headers.len(), "{what}: ragged table");
        for cell in row {
            assert!(
                !cell.contains("NaN") && !cell.contains("inf"),
                "{what}: {cell}"
            );
        }
    }
    assert_well_formed(svg, what);
}

#[test]
fn every_chart_is_accessible_scalable_and_finite() {
    for (kind, value) in edge_cases() {
        let what = format!("{kind} {value}");
        let chart = chart(kind, value);
        assert_conventions(&chart, &what);
    }
}

#[test]
fn colours_come_from_the_theme() {
    // Every literal colour carries the hook the stylesheet themes, and no
    // inline style is left for a strict CSP to block.
    for (_, kind, value) in snapshot_cases() {
        let drawn = chart(kind, value);
        assert_themed(kind, &drawn.svg);
        assert_themed(kind, &drawn.svg_narrow);
    }
}

fn assert_themed(kind: &str, svg: &str) {
    {
        assert!(!svg.contains("style="), "{kind}: inline style");
        for element in svg.split('<').skip(1) {
            let tag = element.split('>').next().unwrap_or("");
            if tag.contains("fill=\"#") {
                assert!(
                    tag.contains("data-fill=\""),
                    "{kind}: unthemed fill in <{tag}>"
                );
            }
            if tag.contains("stroke=\"#") {
                assert!(
                    tag.contains("data-stroke=\""),
                    "{kind}: unthemed stroke in <{tag}>"
                );
            }
        }
        assert!(svg.contains("currentColor"), "{kind}");
        let series = (1..=4).any(|n| {
            svg.contains(&format!("data-fill=\"{n}\""))
                || svg.contains(&format!("data-stroke=\"{n}\""))
        });
        assert!(series, "{kind}: no themed series");
        assert!(svg.contains("data-stroke=\"grid\""), "{kind}");
    }
}

#[test]
fn text_is_at_least_sixteen_units_at_640_wide_and_fifteen_at_340() {
    // Four SVG units per layout unit. The wide chart fills a desktop column
    // (640 units in about 700 px); the narrow one a phone's (340 units in
    // 320–360 px), where 15 units are about 14 px.
    for (_, kind, value) in snapshot_cases() {
        let drawn = chart(kind, value);
        for (svg, least) in [(drawn.svg, 16.0), (drawn.svg_narrow, 15.0)] {
            for size in svg.split("font-size=\"").skip(1) {
                let size: f64 = size.split('"').next().unwrap().parse().unwrap();
                assert!(size / 4.0 >= least, "{kind}: font-size {size}");
            }
        }
    }
}

#[test]
fn tables_carry_the_models_numbers() {
    let cost = chart("cost", json!({}));
    assert_eq!(cost.table.headers[0], "Pattern");
    let ap = &cost.table.rows[2];
    assert_eq!(
        ap,
        &[
            "Active-passive",
            "$6,500",
            "$3,500",
            "$800",
            "$100",
            "$10,900",
            "1.51×"
        ]
    );
    assert!(cost.svg.contains("$10,900 · 1.51×"));

    let failover = chart("failover", json!({}));
    assert_eq!(
        failover.table.headers,
        ["Milestone", "Warm standby, DNS", "Same steps, anycast"]
    );
    assert_eq!(
        failover.table.rows[1],
        ["RTO", "23 min 30 s", "22 min 30 s"]
    );
    assert_eq!(
        failover.table.rows[2],
        ["RTO with scripted promotion", "8 min 30 s", "7 min 30 s"]
    );
    assert_eq!(
        failover.table.rows[5],
        ["100 % served", "2 h 23 min", "22 min 30 s"]
    );

    let loss = chart("data_loss", json!({}));
    assert_eq!(
        loss.table.rows[1],
        ["RPO, during an incident", "38 s", "1,900"]
    );
    assert!(loss.svg.contains("1,900 writes lost"));

    let availability = chart("availability", json!({}));
    assert_eq!(availability.table.rows[0][1], "4 min 23 s");
    assert_eq!(
        availability.table.rows[1],
        [
            "Single region",
            "12 h 10 min",
            "no",
            "0.5",
            "39 %",
            "6 h 5 min"
        ]
    );
    assert_eq!(
        availability.table.rows[2][2], "no",
        "warm standby, a person deciding"
    );
    assert_eq!(availability.table.rows[3][2], "yes", "active-active");
    assert!(availability.svg.contains("0.05 breaching months/yr"));
}

#[test]
fn bad_inputs_name_the_label_and_range() {
    let err = render("cost", json!({ "regions": 11 }), "x").unwrap_err();
    assert_eq!(
        err.to_string(),
        "Regions must be a whole number between 2 and 10 (got 11)"
    );
    let err = render("failover", json!({ "dns_ttl_s": -1 }), "x").unwrap_err();
    assert_eq!(err.field(), Some("dns_ttl_s"));
    let err = render("data_loss", json!({ "compute": 1 }), "x").unwrap_err();
    assert_eq!(err.field(), Some("compute"));
    let err = render("availability", json!({ "preset": "warm-standby" }), "x").unwrap_err();
    assert!(err.to_string().contains("no presets"), "{err}");
}

#[test]
fn charts_serialise_for_the_calculator() {
    let chart = chart_def("data_loss")
        .unwrap()
        .draw(&Map::new(), "calc-rpo")
        .unwrap();
    let json = serde_json::to_value(&chart).unwrap();
    assert_eq!(json["kind"], "data_loss");
    assert!(json["svg"]
        .as_str()
        .unwrap()
        .contains("id=\"calc-rpo-title\""));
    assert_eq!(json["table"]["headers"][2], "Writes lost");
}

#[test]
fn the_readme_describes_the_svg_the_code_writes() {
    // charts/README.md is what people read before changing a chart; keep its
    // root element and colour hooks true.
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md"))
        .expect("charts/README.md");
    let readme = readme.split_whitespace().collect::<Vec<_>>().join(" ");
    let svg = render("cost", json!({}), "ID").unwrap().svg;
    let root = svg
        .lines()
        .next()
        .unwrap()
        .replace("xmlns=\"http://www.w3.org/2000/svg\"", "xmlns")
        .replace("data-kind=\"cost\"", "data-kind=\"KIND\"");
    assert!(readme.contains(&root), "the README's root is not {root}");
    let failover = render("failover", json!({}), "ID").unwrap().svg;
    for hook in [
        "fill=\"#0b5cad\" data-fill=\"1\"",
        "stroke=\"#d0d7de\" data-stroke=\"grid\"",
        "stroke-dasharray=\"20 14\"",
        "font-size=\"64\"",
        "font-size=\"68\"",
    ] {
        assert!(readme.contains(hook), "the README does not say {hook}");
        assert!(
            svg.contains(hook) || failover.contains(hook),
            "no chart writes {hook}"
        );
    }
}
