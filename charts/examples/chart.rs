//! Prints one chart's SVG: `cargo run -p regionwise-charts --example chart --
//! failover '{"preset": "active-active"}'`; a third argument `--narrow` prints
//! the phone layout instead. With `--cases`, prints one line
//! `NAME INPUTS` per chart and per preset of its model instead, for
//! `charts/scripts/look`. For looking at charts while changing them (see
//! charts/README.md).

use std::process::ExitCode;

use regionwise_charts::CHARTS;

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let kind = args.next().unwrap_or_else(|| "cost".to_owned());
    if kind == "--cases" {
        for chart in CHARTS {
            println!("{} {{}}", chart.name);
            for preset in chart.model.presets {
                println!("{} {{\"preset\":\"{preset}\"}}", chart.name);
            }
        }
        return ExitCode::SUCCESS;
    }
    let inputs = args.next().unwrap_or_else(|| "{}".to_owned());
    let narrow = args.next().as_deref() == Some("--narrow");
    let chart = match regionwise_charts::chart(&kind) {
        Ok(chart) => chart,
        Err(err) => {
            eprintln!("{err}");
            return ExitCode::FAILURE;
        }
    };
    let inputs = match serde_json::from_str(&inputs) {
        Ok(serde_json::Value::Object(map)) => map,
        _ => {
            eprintln!("inputs must be a JSON object");
            return ExitCode::FAILURE;
        }
    };
    match chart.draw(&inputs, &kind) {
        Ok(chart) => {
            println!("{}", if narrow { chart.svg_narrow } else { chart.svg });
            ExitCode::SUCCESS
        }
        Err(err) => {
            eprintln!("{err}");
            ExitCode::FAILURE
        }
    }
}
