//! `regionwise check`: validate without writing; a list of problems and a
//! non-zero exit when there are any.

use std::process::ExitCode;
use std::time::Duration;

use crate::check::{self, CheckOptions, Limits, Report};
use crate::review::Date;

#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    #[command(flatten)]
    pub site: super::SiteArgs,
    /// Also check links to other sites (needs the network).
    #[arg(long)]
    pub external: bool,
    /// Seconds to wait for each external link.
    #[arg(long, default_value_t = 10, value_name = "SECONDS")]
    pub timeout: u64,
    /// External requests in flight at once to one host.
    #[arg(long, default_value_t = 2, value_name = "N")]
    pub per_host: usize,
    /// Fail (exit 1) on warnings too: pages due for review, ejected files
    /// whose bundled version changed.
    #[arg(long)]
    pub strict: bool,
}

pub fn run(args: CheckArgs) -> ExitCode {
    let opts = CheckOptions {
        root: args.site.root(),
        drafts: args.site.drafts,
        external: args.external.then(|| Limits {
            per_host: args.per_host,
            timeout: Duration::from_secs(args.timeout),
            ..Limits::default()
        }),
        today: Date::today(),
    };
    let report = check::check(&opts);
    print_report(&report);
    let failed = report.error_count() > 0 || (args.strict && report.warning_count() > 0);
    if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

fn print_report(report: &Report) {
    eprint!("{}", report.errors);
    for link in &report.broken_links {
        let places = if link.used_in.is_empty() {
            String::new()
        } else {
            format!("{}: ", link.used_in.join(", "))
        };
        eprintln!(
            "error: {places}broken external link {}: {}",
            link.url, link.reason
        );
    }
    for page in &report.overdue {
        eprintln!("warning: {page}");
    }
    for file in &report.upstream {
        eprintln!("warning: {file}");
    }
    let links = if report.links_checked > 0 {
        format!(", {} external links", report.links_checked)
    } else {
        String::new()
    };
    let errors = report.error_count();
    let warnings = report.warning_count();
    println!(
        "Checked {} pages{links}: {errors} error{}, {warnings} warning{}.",
        report.pages,
        plural(errors),
        plural(warnings)
    );
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}
