//! The build pipeline, top to bottom: load → parse → render → write.
//!
//! Each phase is a module with one job; data flows forward only. Every
//! phase collects all its errors before the build stops, and nothing is
//! written unless every phase succeeded.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::config::Config;
use crate::error::{Diagnostic, Diagnostics, ErrorKind, Location};
use crate::load::{self, SiteFiles};
use crate::parse::data::Data;
use crate::parse::library::Library;
use crate::render::content::{self, PageContent};
use crate::render::page::{self, SiteVars};
use crate::render::shortcodes::Env;
use crate::render::templates::Templates;
use crate::write::{self, OutFile};

/// What to build and where.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    /// The site folder; None builds the bundled guide embedded in the binary.
    pub root: Option<PathBuf>,
    pub output: PathBuf,
    pub base_url: Option<String>,
    pub drafts: bool,
}

/// What a build did, for the summary line and `--verbose`.
#[derive(Debug, Default)]
pub struct BuildReport {
    pub pages: usize,
    pub files: usize,
    pub bytes: u64,
    pub phases: Vec<(&'static str, Duration)>,
    pub total: Duration,
}

/// A site loaded and rendered in memory, not yet written.
pub struct RenderedSite {
    pub config: Config,
    pub files: Vec<OutFile>,
    pub pages: usize,
}

struct Timer {
    start: Instant,
    last: Instant,
    phases: Vec<(&'static str, Duration)>,
}

impl Timer {
    fn new() -> Self {
        let now = Instant::now();
        Timer {
            start: now,
            last: now,
            phases: Vec::new(),
        }
    }
    fn phase(&mut self, name: &'static str) {
        let now = Instant::now();
        self.phases.push((name, now - self.last));
        self.last = now;
    }
}

/// Builds the site and writes it; on any error, the output is untouched.
pub fn build(opts: &BuildOptions) -> Result<BuildReport, Diagnostics> {
    let mut timer = Timer::new();
    let out = write::output::check_output_dir(opts.root.as_deref(), &opts.output)?;
    let rendered = render_site(opts, &mut timer)?;
    write::output::write_site(&out, &rendered.files)?;
    timer.phase("write");
    Ok(BuildReport {
        pages: rendered.pages,
        files: rendered.files.len(),
        bytes: rendered.files.iter().map(|f| f.bytes.len() as u64).sum(),
        total: timer.start.elapsed(),
        phases: timer.phases,
    })
}

/// Everything but writing: used by `build`, `check` and `serve`.
pub fn render_site(
    opts: &BuildOptions,
    timer_opt: &mut impl PhaseTimer,
) -> Result<RenderedSite, Diagnostics> {
    // Load
    let files = load::load_site(opts.root.as_deref())?;
    timer_opt.phase("load");

    // Parse
    let mut config = parse_config(&files)?;
    if let Some(url) = &opts.base_url {
        config.base_url = url.clone();
    }
    let (data, templates, library) = parse_all(&files, opts.drafts)?;
    timer_opt.phase("parse");

    // Render
    let env = Env {
        config: &config,
        data: &data,
        templates: &templates,
        library: &library,
    };
    let contents = render_contents(&library, &env)?;
    check_anchors(&library, &contents)?;
    timer_opt.phase("render content");

    let (mut out, assets) = write::assets::process(&files.statics);
    let site_vars = SiteVars {
        title: &config.title,
        description: &config.description,
        language: &config.language,
        base_url: config.base_url(),
        logo: config
            .branding
            .logo
            .as_ref()
            .map(|l| assets.get(l).cloned().unwrap_or_else(|| l.clone())),
        accent_color: config.branding.accent_color.as_deref(),
        footer: config.branding.footer.as_deref(),
        search: config.search.enabled,
        search_js: config
            .search
            .enabled
            .then(|| assets.get("search.js").cloned())
            .flatten(),
        calc_js: assets.get("calc.js").cloned(),
        assets: &assets,
    };
    let pages = render_pages(&library, &contents, &config, &site_vars, &templates)?;
    timer_opt.phase("render pages");

    out.extend(pages);
    out.push(OutFile::new(
        "404.html",
        page::render_404(&config, &site_vars, &templates, &library)?,
    ));
    out.push(OutFile::new(
        "sitemap.xml",
        write::sitemap::sitemap(&library, &config.base_url()),
    ));
    out.push(OutFile::new(
        "robots.txt",
        write::sitemap::robots(&config.base_url()),
    ));
    if config.search.enabled {
        out.extend(search_index(&library, &contents));
    }
    timer_opt.phase("assets, sitemap, search");
    let pages = library.pages.len();
    Ok(RenderedSite {
        config,
        files: out,
        pages,
    })
}

/// Something that records phase times (a real timer, or nothing).
pub trait PhaseTimer {
    fn phase(&mut self, name: &'static str);
}

impl PhaseTimer for Timer {
    fn phase(&mut self, name: &'static str) {
        Timer::phase(self, name);
    }
}

impl PhaseTimer for () {
    fn phase(&mut self, _: &'static str) {}
}

fn parse_config(files: &SiteFiles) -> Result<Config, Diagnostic> {
    let file = files.config.as_ref().ok_or_else(|| {
        Diagnostic::new(
            Location::file("regionwise.toml"),
            ErrorKind::Config("regionwise.toml is missing".into()),
        )
    })?;
    Config::parse(&file.text, &file.display)
}

fn parse_all(files: &SiteFiles, drafts: bool) -> Result<(Data, Templates, Library), Diagnostics> {
    let mut diags = Diagnostics::default();
    let data = Data::parse(&files.data).map_err(|d| diags.extend(d.0)).ok();
    let templates = Templates::compile(&files.templates)
        .map_err(|d| diags.push(d))
        .ok();
    let library = Library::build(&files.pages, drafts)
        .map_err(|d| diags.extend(d.0))
        .ok();
    match (data, templates, library) {
        (Some(d), Some(t), Some(l)) if diags.is_empty() => Ok((d, t, l)),
        _ => Err(diags.sorted()),
    }
}

fn render_contents(library: &Library, env: &Env) -> Result<Vec<PageContent>, Diagnostics> {
    let results: Vec<Result<PageContent, Diagnostics>> = library
        .pages
        .par_iter()
        .map(|p| content::render(p, env))
        .collect();
    let mut diags = Diagnostics::default();
    let mut contents = Vec::with_capacity(results.len());
    for r in results {
        match r {
            Ok(c) => contents.push(c),
            Err(d) => {
                diags.extend(d.0);
                contents.push(PageContent::default());
            }
        }
    }
    diags.sorted().into_result().map(|()| contents)
}

/// A link to `page.md#anchor` must find that anchor on the rendered page.
fn check_anchors(library: &Library, contents: &[PageContent]) -> Result<(), Diagnostics> {
    let mut diags = Diagnostics::default();
    for content in contents {
        for link in &content.anchor_links {
            if !contents[link.target].ids.contains(&link.anchor) {
                let target = &library.pages[link.target];
                diags.push(Diagnostic::new(
                    link.location.clone(),
                    ErrorKind::BrokenLink {
                        target: format!("content/{}#{}", target.source, link.anchor),
                        reason: format!(
                            "the page has no heading or element with id `{}`",
                            link.anchor
                        ),
                    },
                ));
            }
        }
    }
    diags.sorted().into_result()
}

fn render_pages(
    library: &Library,
    contents: &[PageContent],
    config: &Config,
    site: &SiteVars,
    templates: &Templates,
) -> Result<Vec<OutFile>, Diagnostics> {
    let results: Vec<Result<OutFile, Diagnostic>> = library
        .pages
        .par_iter()
        .map(|p| {
            let html = page::render(p, &contents[p.id], library, config, site, templates, None)?;
            Ok(OutFile::new(format!("{}index.html", p.url), html))
        })
        .collect();
    let mut diags = Diagnostics::default();
    let mut files = Vec::with_capacity(results.len());
    for r in results {
        match r {
            Ok(f) => files.push(f),
            Err(d) => diags.push(d),
        }
    }
    diags.sorted().into_result().map(|()| files)
}

fn search_index(library: &Library, contents: &[PageContent]) -> Vec<OutFile> {
    let docs: Vec<crate::search::Document> = library
        .reading_order
        .iter()
        .map(|&id| {
            let p = &library.pages[id];
            crate::search::Document {
                url: &p.url,
                title: &p.front_matter.title,
                section: p.parent.map_or("", |s| {
                    library.pages[library.sections[s].page]
                        .front_matter
                        .title
                        .as_str()
                }),
                headings: contents[id].toc.iter().map(|t| t.title.as_str()).collect(),
                text: &contents[id].text,
            }
        })
        .collect();
    crate::search::build_index(&docs)
}

/// Finds the site folder: `--root`, else the current folder when it has a
/// regionwise.toml, else None (the bundled guide).
pub fn find_root(explicit: Option<&Path>) -> Option<PathBuf> {
    match explicit {
        Some(p) => Some(p.to_path_buf()),
        None => {
            let cwd = std::env::current_dir().ok()?;
            cwd.join("regionwise.toml").exists().then_some(cwd)
        }
    }
}
