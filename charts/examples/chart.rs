//! Prints one chart's SVG: `cargo run -p regionwise-charts --example chart --
//! failover '{"preset": "active-active"}'`. For looking at charts while
//! changing them (see charts/README.md).

use std::process::ExitCode;

use regionwise_charts::{render, ChartKind};

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let kind = args.next().unwrap_or_else(|| "cost".to_owned());
    let inputs = args.next().unwrap_or_else(|| "{}".to_owned());
    let kind: ChartKind = match kind.parse() {
        Ok(kind) => kind,
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
    match render(kind, &inputs) {
        Ok(chart) => {
            println!("{}", chart.svg);
            ExitCode::SUCCESS
        }
        Err(err) => {
            eprintln!("{err}");
            ExitCode::FAILURE
        }
    }
}
