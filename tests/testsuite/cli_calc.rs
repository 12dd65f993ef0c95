//! `regionwise calc`: table, JSON and error output, exit codes.

use predicates::prelude::*;
use serde_json::Value;

use crate::support::regionwise;

fn calc(args: &[&str]) -> assert_cmd::assert::Assert {
    regionwise().arg("calc").args(args).assert()
}

fn json(args: &[&str]) -> Value {
    let mut all = args.to_vec();
    all.push("--json");
    let output = calc(&all).success().get_output().stdout.clone();
    serde_json::from_slice(&output).expect("one JSON object on stdout")
}

#[test]
fn cost_table_reproduces_the_article() {
    calc(&["cost"])
        .success()
        .stdout(predicate::str::contains("$7,200"))
        .stdout(predicate::str::contains("$10,900"))
        .stdout(predicate::str::contains("$16,700"))
        .stdout(predicate::str::contains("1.51×"))
        .stdout(predicate::str::contains("2.32×"));
}

#[test]
fn cost_table_columns_line_up() {
    let out = calc(&["cost"]).success().get_output().stdout.clone();
    let text = String::from_utf8(out).unwrap();
    let rows: Vec<&str> = text
        .lines()
        .filter(|l| {
            [
                "Line ",
                "Compute",
                "Database",
                "Data transfer",
                "Global routing",
                "Total",
            ]
            .iter()
            .any(|w| l.starts_with(w))
        })
        .collect();
    assert_eq!(rows.len(), 6, "{text}");
    let width = rows[0].chars().count();
    assert!(rows.iter().all(|r| r.chars().count() == width), "{text}");
}

#[test]
fn cost_json_has_every_pattern_and_the_inputs() {
    let out = json(&["cost", "--regions", "3", "--standby-fraction", "0.5"]);
    assert_eq!(out["inputs"]["regions"], 3);
    assert_eq!(out["inputs"]["standby_fraction"], 0.5);
    assert_eq!(out["active_passive"]["compute"], 10_000.0);
    for pattern in [
        "single_region",
        "single_region_cdn",
        "active_passive",
        "active_active",
        "partitioned",
    ] {
        for line in [
            "compute", "database", "transfer", "routing", "total", "ratio",
        ] {
            assert!(out[pattern][line].is_number(), "{pattern}.{line}");
        }
    }
}

#[test]
fn json_flag_may_come_first() {
    let output = regionwise()
        .args(["calc", "--json", "cost"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let out: Value = serde_json::from_slice(&output).unwrap();
    assert_eq!(out["active_active"]["total"], 16_700.0);
}

#[test]
fn rto_table_and_presets() {
    // The human and the automatic case, side by side.
    calc(&["rto"])
        .success()
        .stdout(predicate::str::contains(
            "RTO                                        23 min 30 s",
        ))
        .stdout(predicate::str::contains(
            "RTO with scripted promotion (no decision)  8 min 30 s",
        ))
        .stdout(predicate::str::contains(
            "Traffic still failing at the RTO           5 %",
        ))
        .stdout(predicate::str::contains("2 h 23 min"));
    let out = json(&["rto", "--preset", "active-active"]);
    assert_eq!(out["rto_s"], 30.0);
    assert_eq!(out["inputs"]["routing"], "anycast");
    let out = json(&["rto", "--preset", "pilot-light", "--dns-ttl-s", "300"]);
    assert_eq!(out["inputs"]["dns_ttl_s"], 300.0);
    assert_eq!(out["inputs"]["scale_up_s"], 1_200.0);
    assert!(out["curve"].as_array().unwrap().len() <= 200);
}

#[test]
fn rpo_availability_and_recommend_run() {
    calc(&["rpo"])
        .success()
        .stdout(predicate::str::contains("1,900"));
    // With the defaults derived from the outage record, one region breaches
    // a 99.99 % month at every regional outage.
    calc(&["availability"])
        .success()
        .stdout(predicate::str::contains(
            "Single region: every regional outage (12 h 10 min) breaches a 99.99 % month",
        ))
        .stdout(predicate::str::contains(
            "about one breaching month every 2 years",
        ));
    let out = json(&["availability", "--sla", "99.9"]);
    assert_eq!(out["active_passive"]["fits_month"], true);
    assert_eq!(out["single_region"]["breaching_months_year"], 0.5);
    let out = json(&["recommend", "--residency", "several-jurisdictions"]);
    assert_eq!(out["pattern"], "partitioned");
    assert_eq!(out["row"], "several-jurisdictions");
    // A global stateful service without fast writes everywhere has a row of
    // its own, and every answer says what would change it.
    let out = json(&[
        "recommend",
        "--users",
        "2000000",
        "--footprint",
        "global",
        "--workload",
        "stateful",
    ]);
    assert_eq!(out["row"], "global-stateful");
    assert!(!out["changes"].as_array().unwrap().is_empty());
    let points = out["change_points"].as_array().unwrap();
    assert!(points
        .iter()
        .any(|p| p["input"] == "outage_cost_per_hour" && p["value"] == "8400"));
    calc(&["recommend"])
        .success()
        .stdout(predicate::str::contains("What would change the answer:"))
        .stdout(predicate::str::contains(
            "Contractual SLA at 99.99 % or more: Hot standby, with scripted, pre-approved promotion (row 3).",
        ));
    calc(&[
        "recommend",
        "--workload",
        "stateless-read-heavy",
        "--footprint",
        "global",
        "--global-realtime-writes",
        "true",
    ])
    .code(2)
    .stderr(predicate::str::contains(
        "contradicts a stateless, read-heavy workload",
    ));
    calc(&[
        "recommend",
        "--footprint",
        "global",
        "--workload",
        "stateless-read-heavy",
    ])
    .success()
    .stdout(predicate::str::contains("Single region + CDN"));
}

#[test]
fn out_of_range_names_the_field_and_range_with_exit_code_2() {
    calc(&["cost", "--regions", "11"])
        .code(2)
        .stdout(predicate::str::is_empty())
        .stderr(predicate::str::contains(
            "--regions: Regions must be a whole number between 2 and 10 (got 11)",
        ));
    calc(&["availability", "--sla", "101"])
        .code(2)
        .stderr(predicate::str::contains(
            "--sla: SLA must be between 0 % and 100 % (got 101 %)",
        ));
    calc(&["cost", "--standby-fraction", "150 %"])
        .code(2)
        .stderr(predicate::str::contains(
            "--standby-fraction: Standby compute, share of primary must be between 0 % and 100 % (got 150 %)",
        ));
    calc(&["rpo", "--writes-per-s", "-1"])
        .code(2)
        .stderr(predicate::str::contains("--writes-per-s"));
}

#[test]
fn unparsable_and_unknown_inputs_exit_2() {
    calc(&["cost", "--compute", "lots"])
        .code(2)
        .stderr(predicate::str::contains(
            "Compute must be an amount between $1 and $10,000,000, such as $5,000 (got \"lots\")",
        ));
    calc(&["cost", "--compute", "1e309"])
        .code(2)
        .stderr(predicate::str::contains("(got \"1e309\")"))
        .stderr(predicate::str::contains("inf").not());
    calc(&["cost", "--compute", "NaN"])
        .code(2)
        .stderr(predicate::str::contains("compute"));
    calc(&["cost", "--computer", "5"])
        .code(2)
        .stderr(predicate::str::contains("cost has no input --computer"));
    calc(&["rpo", "--mode", "eventual"])
        .code(2)
        .stderr(predicate::str::contains(
            "Replication must be one of async, sync, backup",
        ));
    calc(&["rto", "--preset", "cold-standby"])
        .code(2)
        .stderr(predicate::str::contains("preset"));
    calc(&["costs"])
        .code(2)
        .stderr(predicate::str::contains("unknown model `costs`"));
    calc(&["cost", "--regions"])
        .code(2)
        .stderr(predicate::str::contains("needs a value"));
}

#[test]
fn inputs_are_typed_as_people_write_them() {
    let out = |args: &[&str]| -> serde_json::Value {
        let output = calc(args).success().get_output().stdout.clone();
        serde_json::from_slice(&output).unwrap()
    };
    let rto = out(&[
        "rto",
        "--json",
        "--decision-s",
        "15 min",
        "--dns-ttl-s=2 min",
    ]);
    assert_eq!(rto["inputs"]["decision_s"], 900.0);
    assert_eq!(rto["inputs"]["dns_ttl_s"], 120.0);
    let cost = out(&[
        "cost",
        "--json",
        "--compute",
        "$5k",
        "--database",
        "2,000",
        "--standby-fraction",
        "30 %",
    ]);
    assert_eq!(cost["inputs"]["compute"], 5_000.0);
    assert_eq!(cost["inputs"]["database"], 2_000.0);
    assert_eq!(cost["inputs"]["standby_fraction"], 0.3);
    let availability = out(&["availability", "--json", "--sla", "99.99 %"]);
    assert_eq!(availability["inputs"]["sla"], 99.99);
    // The summary's "changed inputs" are written back as typed.
    calc(&["rto", "--decision-s", "10 min"])
        .success()
        .stdout(predicate::str::contains("--decision-s '10 min'"));
}

#[test]
fn model_help_lists_every_field_with_default_range_and_unit() {
    calc(&["cost", "--help"])
        .success()
        .stdout(predicate::str::contains("--standby-fraction"))
        .stdout(predicate::str::contains("default 30 %"))
        .stdout(predicate::str::contains("2–10"))
        .stdout(predicate::str::contains("$/month"))
        .stdout(predicate::str::contains("Assumptions:"))
        .stdout(predicate::str::contains("--cdn-spend"))
        .stdout(predicate::str::contains("--transfer-from"))
        .stdout(predicate::str::contains("south-america"))
        .stdout(predicate::str::contains("plus the CDN spend"));
    calc(&["rto", "--help"])
        .success()
        .stdout(predicate::str::contains("--preset NAME"))
        .stdout(predicate::str::contains("pilot-light"));
}

#[test]
fn calc_help_lists_the_models_and_help_calc_says_the_same() {
    let help = calc(&["--help"]).success().get_output().stdout.clone();
    let help = String::from_utf8(help).unwrap();
    for model in regionwise_models::MODELS {
        assert!(help.contains(model.about), "{}", model.name);
    }
    let other = regionwise()
        .args(["help", "calc"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    assert_eq!(
        String::from_utf8(other).unwrap().trim_end(),
        help.trim_end()
    );
    calc(&[])
        .code(2)
        .stderr(predicate::str::contains("no model given"));
}

#[test]
fn list_prints_every_model_and_its_definition() {
    let out = calc(&["--list"]).success().get_output().stdout.clone();
    let names: Vec<String> = String::from_utf8(out)
        .unwrap()
        .lines()
        .map(str::to_owned)
        .collect();
    assert_eq!(names, regionwise_models::names());
    let out = calc(&["--list", "--json"])
        .success()
        .get_output()
        .stdout
        .clone();
    let list: Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(list[0]["name"], "cost");
    assert_eq!(list[0]["chart"], "cost");
    assert_eq!(
        list[0]["fields"][4]["label"],
        "Standby compute, share of primary"
    );
    assert_eq!(list[4]["chart"], Value::Null);
}

#[test]
fn a_repeated_flag_is_an_error_not_the_last_one_wins() {
    calc(&["cost", "--regions", "2", "--regions", "3"])
        .code(2)
        .stdout(predicate::str::is_empty())
        .stderr(predicate::str::contains("--regions is given twice"));
    calc(&["rto", "--preset", "pilot-light", "--preset=warm-standby"])
        .code(2)
        .stderr(predicate::str::contains("--preset is given twice"));
}
