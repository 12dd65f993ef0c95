//! The build pipeline, top to bottom: load → parse → render → write.
//!
//! Each phase is a module with one job; data flows forward only. Every
//! phase collects all its errors before the build stops, and nothing is
//! written unless every phase succeeded.

use std::collections::BTreeMap;
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
use crate::review::FileDates;
use crate::write::{self, OutFile};

/// What to build and where.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    /// The site folder; None builds the bundled guide embedded in the binary.
    pub root: Option<PathBuf>,
    pub output: PathBuf,
    pub base_url: Option<String>,
    pub drafts: bool,
    /// Replace an output folder that holds files regionwise did not write
    /// (never `/`, the home folder, the site or its sources).
    pub force: bool,
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
    /// Every folder the sources were read from (see [`SiteFiles`]).
    pub source_dirs: Vec<PathBuf>,
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
    // Refuse a folder that is not ours before any work, and again once the
    // load has found every folder the sources come from (link targets).
    let guard = write::output::Guard::new(opts.root.as_deref(), opts.force);
    guard.check(&opts.output)?;
    let rendered = render_site(opts, &mut timer)?;
    let out = guard
        .with_sources(&rendered.source_dirs)
        .check(&opts.output)?;
    let files = write::output::write_site(&out, &rendered.files)?;
    timer.phase("write");
    Ok(BuildReport {
        pages: rendered.pages,
        files,
        bytes: rendered.files.iter().map(|f| f.bytes.len() as u64).sum(),
        total: timer.start.elapsed(),
        phases: timer.phases,
    })
}

/// Everything but writing: used by `build`, `check` and `serve`.
pub fn render_site(
    opts: &BuildOptions,
    timer: &mut impl PhaseTimer,
) -> Result<RenderedSite, Diagnostics> {
    // Load
    let mut files = load::load_site(opts.root.as_deref())?;
    timer.phase("load");

    // Parse
    let config = parse_config(&files, opts)?;
    let (data, templates, mut library, mut diags) = parse_all(&files, opts.drafts)?;
    diags.extend(crate::parse::schema::check_all(&data).0);
    // The published files, fingerprinted, before the pages link to them.
    drop_draft_assets(&mut files.statics, &library);
    crate::branding::apply(&config.branding, &mut files.statics);
    let (mut out, assets) = write::assets::process(&files.statics);
    library.assets = link_targets(&assets, &config);
    // The library holds each page's body now; the sources as read would
    // stay to the end of the build (75 MB at 10,000 pages).
    drop(std::mem::take(&mut files.pages));
    timer.phase("parse");

    // Render each page's body. Pages that failed to parse are left out, so
    // this run still reports every other page's errors too.
    let env = Env {
        config: &config,
        data: &data,
        templates: &templates,
        library: &library,
    };
    let contents = render_all_content(&library, &env, diags)?;
    timer.phase("render content");

    // Render each page through its template.
    let dates = match config.review.from_git {
        true => crate::review::content_dates(files.root.as_deref()),
        false => Default::default(),
    };
    let mut vars = site_vars(&config, &assets);
    vars.last_reviewed = last_reviewed(&library, &dates);
    out.extend(render_pages(
        &library, &contents, &config, &vars, &templates, &dates,
    )?);
    timer.phase("render pages");

    // The site-wide files.
    out.extend(site_files(&config, &vars, &templates, &library, &contents)?);
    write::check_paths(&out)?;
    timer.phase("assets, sitemap, search");
    let pages = library.pages.len();
    Ok(RenderedSite {
        config,
        files: out,
        pages,
        source_dirs: files.source_dirs,
    })
}

/// Renders every body, checks the anchors links point at, and fails with
/// every error of the run (`diags` holds the parse phase's).
fn render_all_content(
    library: &Library,
    env: &Env,
    mut diags: Diagnostics,
) -> Result<Vec<PageContent>, Diagnostics> {
    let (contents, rendered_ok, content_diags) = render_contents(library, env);
    diags.extend(content_diags.0);
    if let Err(d) = check_anchors(library, &contents, &rendered_ok) {
        diags.extend(d.0);
    }
    diags.sorted().into_result().map(|()| contents)
}

/// What links in pages may name besides pages: every published file (by
/// its logical name, mapped to its fingerprinted one) and the generated
/// files.
fn link_targets(
    assets: &BTreeMap<String, String>,
    config: &Config,
) -> std::collections::HashMap<String, String> {
    let mut targets: std::collections::HashMap<String, String> =
        assets.iter().map(|(k, v)| (k.clone(), v.clone())).collect();
    let mut generated = vec!["404.html", "sitemap.xml", "robots.txt"];
    if config.search.enabled {
        generated.push("search/index.js");
    }
    for name in generated {
        targets.insert(name.into(), name.into());
    }
    targets
}

/// Files next to the pages of a draft section (its images) are left out
/// with the section.
fn drop_draft_assets(statics: &mut BTreeMap<String, load::StaticFile>, library: &Library) {
    if library.draft_dirs.is_empty() {
        return;
    }
    statics.retain(|rel, file| {
        let display = file.display.to_string_lossy();
        let in_content = display.starts_with("content/") || display.starts_with("<bundled guide>/");
        !in_content || library.draft_section_of(rel).is_none()
    });
}

/// The values every template sees, with the fingerprinted asset paths.
fn site_vars<'a>(config: &'a Config, assets: &'a BTreeMap<String, String>) -> SiteVars<'a> {
    let calculator = calculator_assets(assets);
    SiteVars {
        title: &config.title,
        description: &config.description,
        language: &config.language,
        base_url: config.base_url(),
        logo: config
            .logo()
            .map(|l| assets.get(l).cloned().unwrap_or_else(|| l.to_string())),
        accent_color: config.branding.accent_color.as_deref(),
        footer: config.branding.footer.as_deref(),
        search: config.search.enabled,
        search_js: config
            .search
            .enabled
            .then(|| assets.get("search.js").cloned())
            .flatten(),
        calc_js: calculator
            .as_ref()
            .and_then(|_| assets.get("calc.js").cloned()),
        calc_wasm: calculator.as_ref().map(|(wasm, _)| wasm.clone()),
        calc_bindings: calculator.map(|(_, js)| js),
        assets,
        last_reviewed: None,
    }
}

/// When the site as a whole was last reviewed: the newest page review date.
fn last_reviewed(library: &Library, dates: &BTreeMap<String, FileDates>) -> Option<String> {
    crate::review::newest(library.pages.iter().map(|p| {
        let fm = &p.front_matter;
        crate::review::review_date(
            fm.reviewed.as_deref(),
            dates.get(&p.source).map(|d| d.last.as_str()),
            fm.updated.as_deref(),
        )
    }))
    .map(|d| d.to_string())
}

/// 404 page, sitemap, robots.txt and the search index.
fn site_files(
    config: &Config,
    vars: &SiteVars,
    templates: &Templates,
    library: &Library,
    contents: &[PageContent],
) -> Result<Vec<OutFile>, Diagnostic> {
    let base_url = config.base_url();
    let mut out = vec![
        OutFile::new(
            "404.html",
            page::render_404(config, vars, templates, library)?,
        ),
        OutFile::new("sitemap.xml", write::sitemap::sitemap(library, &base_url)),
        OutFile::new("robots.txt", write::sitemap::robots(&base_url)),
    ];
    if config.search.enabled {
        out.extend(search_index(library, contents));
    }
    Ok(out)
}

/// The compiled calculator's (wasm, JS bindings) output paths, when both
/// are in the build (they are not when it was built with REGIONWISE_SKIP_WASM).
fn calculator_assets(assets: &BTreeMap<String, String>) -> Option<(String, String)> {
    let wasm = assets.get("calc/regionwise_wasm_bg.wasm")?;
    let js = assets.get("calc/regionwise_wasm.js")?;
    Some((wasm.clone(), js.clone()))
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

/// `regionwise.toml`, with `--base-url` applied.
fn parse_config(files: &SiteFiles, opts: &BuildOptions) -> Result<Config, Diagnostic> {
    let file = files.config.as_ref().ok_or_else(|| {
        Diagnostic::new(
            Location::file("regionwise.toml"),
            ErrorKind::Config("regionwise.toml is missing".into()),
        )
    })?;
    let mut config = Config::parse(&file.text, &file.display)?;
    if let Some(url) = &opts.base_url {
        config.base_url = url.clone();
        config.check_base_url().map_err(|msg| {
            Diagnostic::new(
                Location::default(),
                ErrorKind::Config(format!("--base-url {msg}")),
            )
        })?;
    }
    config.check_logo(&file.text, &file.display, |path| {
        files.statics.contains_key(path)
    })?;
    Ok(config)
}

/// Parses data, templates and pages. Bad data or templates stop the build
/// here (every page depends on them); bad pages come back as diagnostics
/// next to a library of the good ones.
#[allow(clippy::type_complexity)]
fn parse_all(
    files: &SiteFiles,
    drafts: bool,
) -> Result<(Data, Templates, Library, Diagnostics), Diagnostics> {
    let mut diags = Diagnostics::default();
    let data = Data::parse(&files.data).map_err(|d| diags.extend(d.0)).ok();
    let templates = Templates::compile(&files.templates)
        .map_err(|d| diags.push(d))
        .ok();
    let (library, page_diags) = Library::build_partial(&files.pages, drafts);
    diags.extend(page_diags.0);
    match (data, templates) {
        (Some(d), Some(mut t)) => {
            t.set_global("data", &d.to_json());
            Ok((d, t, library, diags))
        }
        _ => Err(diags.sorted()),
    }
}

/// Renders every page's body in parallel. Returns the contents (empty for a
/// page that failed), which pages succeeded, and every error.
fn render_contents(library: &Library, env: &Env) -> (Vec<PageContent>, Vec<bool>, Diagnostics) {
    let results: Vec<(PageContent, Diagnostics)> = library
        .pages
        .par_iter()
        .map(|p| content::render(p, env))
        .collect();
    let mut diags = Diagnostics::default();
    let mut contents = Vec::with_capacity(results.len());
    let mut ok = Vec::with_capacity(results.len());
    for (content, page_diags) in results {
        ok.push(page_diags.is_empty());
        diags.extend(page_diags.0);
        contents.push(content);
    }
    (contents, ok, diags)
}

/// A link to `page.md#anchor` must find that anchor on the rendered page.
fn check_anchors(
    library: &Library,
    contents: &[PageContent],
    rendered_ok: &[bool],
) -> Result<(), Diagnostics> {
    let mut diags = Diagnostics::default();
    for content in contents {
        for link in &content.anchor_links {
            // A page that failed to render has no ids; its own error is enough.
            if rendered_ok[link.target] && !contents[link.target].ids.contains(&link.anchor) {
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
    dates: &BTreeMap<String, FileDates>,
) -> Result<Vec<OutFile>, Diagnostics> {
    let results: Vec<Result<OutFile, Diagnostic>> = library
        .pages
        .par_iter()
        .map(|p| {
            let html = page::render(
                p,
                &contents[p.id],
                library,
                config,
                site,
                templates,
                dates.get(&p.source),
            )?;
            Ok(OutFile::new(format!("{}index.html", p.url), html).from_source(&p.display))
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
                // The section a result is in; the root (the site itself)
                // would only repeat the site's title.
                section: p
                    .parent
                    .filter(|&s| library.sections[s].parent.is_some())
                    .map_or("", |s| {
                        library.pages[library.sections[s].page]
                            .front_matter
                            .title
                            .as_str()
                    }),
                parts: &contents[id].text,
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
