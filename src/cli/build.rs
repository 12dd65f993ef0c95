//! `regionwise build`: the site into a static folder.

use std::path::PathBuf;
use std::process::ExitCode;

use crate::site::{self, BuildOptions};

#[derive(Debug, clap::Args)]
pub struct BuildArgs {
    #[command(flatten)]
    pub site: super::SiteArgs,
    /// Where to write the site. Default: `public` in the site folder (or in
    /// the current folder for the bundled guide).
    #[arg(long, short)]
    pub output: Option<PathBuf>,
    /// Override `base_url` from regionwise.toml (used for the sitemap and
    /// canonical links only; internal links are relative).
    #[arg(long)]
    pub base_url: Option<String>,
    /// Replace an output folder that holds files regionwise did not write.
    /// Never `/`, your home folder, a folder holding either, the site or
    /// its sources.
    #[arg(long)]
    pub force: bool,
    /// Print the time of each phase.
    #[arg(long, short)]
    pub verbose: bool,
}

impl BuildArgs {
    pub fn options(&self) -> BuildOptions {
        let root = self.site.root();
        let output = self.output.clone().unwrap_or_else(|| match &root {
            Some(r) => r.join("public"),
            None => PathBuf::from("public"),
        });
        BuildOptions {
            root,
            output,
            base_url: self.base_url.clone(),
            drafts: self.site.drafts,
            force: self.force,
        }
    }
}

pub fn run(args: BuildArgs) -> ExitCode {
    let opts = args.options();
    match site::build(&opts) {
        Ok(report) => {
            if args.verbose {
                for (phase, time) in &report.phases {
                    eprintln!("  {phase:<26} {:>8.1} ms", time.as_secs_f64() * 1000.0);
                }
            }
            println!(
                "Built {} pages ({} files, {:.1} KB) into {} in {:.0} ms",
                report.pages,
                report.files,
                report.bytes as f64 / 1024.0,
                opts.output.display(),
                report.total.as_secs_f64() * 1000.0
            );
            warn_upstream_changes(opts.root.as_deref());
            if crate::load::embedded::CALCULATOR.is_empty() {
                eprintln!(
                    "warning: this binary was built with REGIONWISE_SKIP_WASM, so the calculators \
                     show their pre-rendered results only"
                );
            }
            ExitCode::SUCCESS
        }
        Err(diags) => {
            eprint!("{diags}");
            eprintln!(
                "Build failed with {} error{}; {} was left as it was.",
                diags.len(),
                if diags.len() == 1 { "" } else { "s" },
                opts.output.display()
            );
            ExitCode::FAILURE
        }
    }
}

/// The upgrade report, as warnings: ejected files whose bundled version
/// changed since (`check --strict` fails on them; a build does not).
/// `serve` prints it at startup too.
pub(crate) fn warn_upstream_changes(root: Option<&std::path::Path>) {
    let Some(root) = root else {
        return;
    };
    match crate::eject::upgrade_report(root) {
        Ok(files) => {
            for file in files {
                eprintln!("warning: {file}");
            }
        }
        Err(d) => eprintln!("warning: {d}"),
    }
}
