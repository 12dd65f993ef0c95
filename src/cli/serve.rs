//! `regionwise serve`: the site on 127.0.0.1, rebuilt and reloaded on change.

use std::process::ExitCode;

use crate::serve::{self, Outcome, ServeOptions};

#[derive(Debug, clap::Args)]
pub struct ServeArgs {
    #[command(flatten)]
    pub site: super::SiteArgs,
    /// The port on 127.0.0.1 (0 picks a free one).
    #[arg(long, short, default_value_t = 3000)]
    pub port: u16,
    /// Open the site in the default browser.
    #[arg(long)]
    pub open: bool,
    /// Milliseconds a connection may take to send its request (tests).
    #[arg(long, hide = true)]
    pub idle_timeout_ms: Option<u64>,
    /// Connections open at once (tests).
    #[arg(long, hide = true)]
    pub max_connections: Option<usize>,
}

pub fn run(args: ServeArgs) -> ExitCode {
    let root = args.site.root();
    let mut limits = crate::serve::http::Limits::default();
    if let Some(ms) = args.idle_timeout_ms {
        limits.idle = std::time::Duration::from_millis(ms);
    }
    if let Some(n) = args.max_connections {
        limits.connections = n.max(1);
    }
    let opts = ServeOptions {
        root: root.clone(),
        port: args.port,
        drafts: args.site.drafts,
        limits,
    };
    let (server, first) = match serve::start(&opts) {
        Ok(started) => started,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    };
    match first {
        Outcome::Built { pages, took } => eprintln!(
            "Built {pages} pages in {:.0} ms",
            took.as_secs_f64() * 1000.0
        ),
        Outcome::Failed { errors, .. } => {
            eprint!("{errors}");
            eprintln!(
                "The build failed; the errors are shown in the browser until they are fixed."
            );
        }
    }
    // The upgrade report, once: as `build` prints it.
    super::build::warn_upstream_changes(root.as_deref());
    let url = server.url();
    match &root {
        Some(r) => println!(
            "Serving {} at {url} (watching for changes; Ctrl+C stops)",
            r.display()
        ),
        None => println!("Serving the bundled guide at {url} (Ctrl+C stops)"),
    }
    if args.open {
        open_browser(&url);
    }
    server.wait();
    ExitCode::SUCCESS
}

/// Opens `url` with the desktop's opener; a failure is only a message.
fn open_browser(url: &str) {
    let (program, args): (&str, Vec<&str>) = if cfg!(target_os = "macos") {
        ("open", vec![url])
    } else if cfg!(windows) {
        ("cmd", vec!["/C", "start", "", url])
    } else {
        ("xdg-open", vec![url])
    };
    if let Err(e) = std::process::Command::new(program).args(&args).spawn() {
        eprintln!("could not open a browser ({program}: {e}); open {url} yourself");
    }
}
