//! The build pipeline, top to bottom: load → parse → render → write.
//!
//! Each phase is a module with one job; data flows forward only. Every
//! phase collects all its errors before the build stops, and nothing is
//! written unless every phase succeeded.
//!
//! The stages are types a caller can stop at or repeat: [`Site::load`]
//! reads and parses a site into a [`Site`], everything a page needs, held
//! once; [`Loaded::render`] renders all of it. [`Site::render_content`] and
//! [`Site::render_page`] render one page, and [`Contents`] holds the bodies
//! by page, which is what a rebuild after an edit needs.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use rayon::prelude::*;

pub mod affected;
pub mod incremental;

use crate::config::Config;
use crate::error::{Diagnostic, Diagnostics, ErrorKind, Location};
use crate::load::{self, SiteFiles};
use crate::parse::data::Data;
use crate::parse::library::{Library, Page, PageId};
use crate::render::content::{self, AnchorLink, ExternalLink, Failed, PageContent};
use crate::render::page::{self, SiteVars};
use crate::render::templates::Templates;
use crate::render::Env;
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

/// A site read and parsed: everything a page needs to render, held once.
pub struct Site {
    pub config: Config,
    pub data: Data,
    pub templates: Templates,
    pub library: Library,
    /// First and last commit dates of each content file (with
    /// `review.from_git`), by path under `content/`.
    pub dates: BTreeMap<String, FileDates>,
    /// The values every template sees (`site.*`), with the fingerprinted
    /// asset paths.
    pub vars: SiteVars,
    /// The site folder; None for the bundled guide.
    pub root: Option<PathBuf>,
    /// Every folder the sources were read from (see [`SiteFiles`]).
    pub source_dirs: Vec<PathBuf>,
    /// The glossary's terms, read from the pages' sources.
    pub terms: Vec<crate::render::glossary::Term>,
}

/// What [`Site::load`] gives: the site, its published static files
/// (fingerprinted), and the errors of the pages that did not parse (the
/// site holds the others, so one run reports every page's errors).
pub struct Loaded {
    pub site: Site,
    pub statics: Vec<OutFile>,
    pub errors: Diagnostics,
}

/// Every page's rendered body, by page id; a page that failed keeps its
/// errors and the anchor links it makes (still checked).
pub struct Contents(Vec<Result<PageContent, Failed>>);

/// A site loaded and rendered in memory, not yet written.
pub struct RenderedSite {
    pub site: Site,
    pub files: Vec<OutFile>,
    /// The links to other sites each page makes (by page id), where they
    /// are written: what `check --external` checks.
    pub external_links: Vec<Vec<ExternalLink>>,
}

impl RenderedSite {
    pub fn pages(&self) -> usize {
        self.site.library.pages.len()
    }
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
///
/// Each page is written into the staging folder as soon as it is rendered
/// and dropped, so a build holds one page per core rather than the whole
/// site; the staging folder replaces the output only when every page
/// succeeded (see [`write::output::Staging`]).
pub fn build(opts: &BuildOptions) -> Result<BuildReport, Diagnostics> {
    let mut timer = Timer::new();
    // Refuse a folder that is not ours before any work, and again once the
    // load has found every folder the sources come from (link targets).
    let guard = write::output::Guard::new(opts.root.as_deref(), opts.force);
    guard.check(&opts.output)?;
    let loaded = Site::load(opts, &mut timer)?;
    let out = guard
        .with_sources(&loaded.site.source_dirs)
        .check(&opts.output)?;
    let staging = write::output::Staging::begin(&out)?;
    let mut pages = loaded.render_pages_into(&staging, &mut timer)?;
    // Every page is written: the search index needs only their text.
    pages.rendered.site.library.drop_bodies();
    let rendered = pages.site_files_into(&staging, &mut timer)?;
    let files = staging.finish()?;
    timer.phase("write");
    Ok(BuildReport {
        pages: rendered.site.library.pages.len(),
        files,
        bytes: rendered.bytes,
        total: timer.start.elapsed(),
        phases: timer.phases,
    })
}

/// Everything but writing: used by `check`, `serve` and tests.
pub fn render_site(
    opts: &BuildOptions,
    timer: &mut impl PhaseTimer,
) -> Result<RenderedSite, Diagnostics> {
    Site::load(opts, timer)?.render(timer)
}

/// Where a render puts each file as it is made: a build's staging folder,
/// or memory.
pub trait Sink: Sync {
    fn put(&self, file: OutFile) -> Result<(), Diagnostic>;

    /// Told the paths of most files before they come (to make their
    /// folders at once).
    fn expect(&self, _paths: &[OutFile]) -> Result<(), Diagnostic> {
        Ok(())
    }
}

impl Sink for write::output::Staging {
    fn put(&self, file: OutFile) -> Result<(), Diagnostic> {
        write::output::Staging::put(self, &file)
    }

    fn expect(&self, paths: &[OutFile]) -> Result<(), Diagnostic> {
        self.make_dirs(paths)
    }
}

/// Files thrown away.
struct Discard;

impl Sink for Discard {
    fn put(&self, _: OutFile) -> Result<(), Diagnostic> {
        Ok(())
    }
}

/// Files kept in memory, in the order they came.
#[derive(Default)]
pub struct Collect(std::sync::Mutex<Vec<OutFile>>);

impl Sink for Collect {
    fn put(&self, file: OutFile) -> Result<(), Diagnostic> {
        self.0.lock().unwrap_or_else(|p| p.into_inner()).push(file);
        Ok(())
    }
}

impl Collect {
    /// The files, sorted by path (rendering runs on every core, so the
    /// order they came in is not the same from run to run).
    pub fn into_files(self) -> Vec<OutFile> {
        let mut files = self.0.into_inner().unwrap_or_else(|p| p.into_inner());
        files.sort_unstable_by(|a, b| a.path.cmp(&b.path));
        files
    }
}

/// What [`Loaded::render_into`] leaves once every file went to its sink:
/// the site and each page's body without its HTML (its ids, links and
/// search text), which is what rebuilding after an edit needs.
pub struct Rendered {
    pub site: Site,
    pub contents: Contents,
    /// Bytes of all the files put.
    pub bytes: u64,
}

impl Site {
    /// Loads and parses a site. Fails when nothing can be rendered (the
    /// files, the config, data or templates are broken); pages that fail
    /// come back as errors beside a site of the others.
    pub fn load(opts: &BuildOptions, timer: &mut impl PhaseTimer) -> Result<Loaded, Diagnostics> {
        let mut files = load::load_site(opts.root.as_deref())?;
        timer.phase("load");

        let config = parse_config(&files, opts)?;
        let Parsed {
            data,
            templates,
            mut library,
            mut errors,
        } = parse_all(&files, opts.drafts)?;
        errors.extend(crate::parse::schema::check_all(&data).0);
        // The published files, fingerprinted, before the pages link to them.
        drop_draft_assets(&mut files.statics, &library);
        crate::branding::apply(&config.branding, &mut files.statics);
        let (statics, assets) = write::assets::process(std::mem::take(&mut files.statics));
        let print = print_edition(&library);
        library.assets = link_targets(&assets, &config, print);
        // The library holds each page's body now; the sources as read would
        // stay to the end of the build (71 MiB at 10,000 pages).
        drop(std::mem::take(&mut files.pages));
        let dates =
            crate::review::site_dates(files.root.as_deref(), config.review.from_git, &library);
        let mut vars = site_vars(&config, assets);
        vars.print = print;
        let mut site = Site {
            config,
            data,
            templates,
            library,
            dates,
            vars,
            root: files.root,
            source_dirs: files.source_dirs,
            terms: Vec::new(),
        };
        site.terms = crate::render::glossary::collect(&site.library);
        site.vars.last_reviewed = site.last_reviewed().map(|d| d.to_string());
        timer.phase("parse");
        Ok(Loaded {
            site,
            statics,
            errors,
        })
    }

    /// What rendering reads, borrowed from the site.
    pub fn env(&self) -> Env<'_> {
        Env {
            config: &self.config,
            data: &self.data,
            templates: &self.templates,
            library: &self.library,
            vars: &self.vars,
            dates: &self.dates,
            terms: &self.terms,
        }
    }

    /// One page's body: shortcodes expanded, Markdown rendered, links
    /// resolved (anchors on other pages are checked by [`Contents`]).
    pub fn render_content(&self, id: PageId) -> Result<PageContent, Failed> {
        content::render(&self.library.pages[id], &self.env())
    }

    /// Every page's body, in parallel.
    pub fn render_contents(&self) -> Contents {
        let env = self.env();
        Contents(
            self.library
                .pages
                .par_iter()
                .map(|p| content::render(p, &env))
                .collect(),
        )
    }

    /// One page through its template, at its output path.
    pub fn render_page(&self, id: PageId, content: &PageContent) -> Result<OutFile, Diagnostic> {
        let p = &self.library.pages[id];
        let html = page::render(&self.env(), p, content)?;
        Ok(OutFile::new(page_path(p), html).from_source(&p.display))
    }

    /// Every page's body and page, in parallel: each page goes to `sink`
    /// as soon as it is rendered, and its HTML is dropped (the body keeps
    /// its ids, links and search text). Errors of bodies are in the
    /// contents; those of templates and sinks come back beside them.
    fn render_all(&self, sink: &dyn Sink, bytes: &AtomicU64) -> (Contents, Diagnostics) {
        let env = self.env();
        let results: Vec<(Result<PageContent, Failed>, Option<Diagnostic>)> = self
            .library
            .pages
            .par_iter()
            .map(|p| {
                let mut content = match content::render(p, &env) {
                    Ok(content) => content,
                    Err(failed) => return (Err(failed), None),
                };
                let put = self.render_page(p.id, &content).and_then(|file| {
                    bytes.fetch_add(file.bytes.len() as u64, Ordering::Relaxed);
                    sink.put(file)
                });
                // The print edition is made of every body at the end.
                if !self.vars.print {
                    content.drop_html();
                }
                (Ok(content), put.err())
            })
            .collect();
        let mut diags = Diagnostics::default();
        let contents = results
            .into_iter()
            .map(|(content, error)| {
                diags.extend(error);
                content
            })
            .collect();
        (Contents(contents), diags)
    }

    /// 404 page, sitemap, robots.txt and the search index, each put into
    /// `sink` as it is made; returns their paths (see [`OutFile::stub`]).
    pub fn site_files(
        &self,
        contents: &Contents,
        sink: &impl Sink,
    ) -> Result<Vec<OutFile>, Diagnostic> {
        let base_url = self.config.base_url();
        let fixed = [
            OutFile::new("404.html", page::render_404(&self.env())?),
            self.sitemap(),
            OutFile::new("robots.txt", write::sitemap::robots(&base_url)),
        ];
        let paths = std::sync::Mutex::new(Vec::new());
        let put = |f: OutFile| {
            paths
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .push(f.stub());
            sink.put(f)
        };
        fixed.into_iter().try_for_each(put)?;
        if self.vars.print {
            put(self.print_edition(contents)?)?;
        }
        if self.config.search.enabled {
            search_index(&self.library, contents, &put)?;
        }
        Ok(paths.into_inner().unwrap_or_else(|p| p.into_inner()))
    }

    /// `sitemap.xml`: every page in reading order, with when it last
    /// changed.
    pub fn sitemap(&self) -> OutFile {
        let lastmod = |p: &Page| self.last_modified(p);
        let xml = write::sitemap::sitemap(&self.library, &self.config.base_url(), lastmod);
        OutFile::new("sitemap.xml", xml)
    }

    /// The print edition (`print/`), from every page's body (see
    /// [`print_edition`] for when the build makes one).
    pub fn print_edition(&self, contents: &Contents) -> Result<OutFile, Diagnostic> {
        let html = page::render_print(&self.env(), &|id| contents.get(id))?;
        Ok(OutFile::new("print/index.html", html))
    }

    /// A page's review date: its front matter's `reviewed`, its file's last
    /// commit (with `review.from_git`), or its `updated`.
    pub fn review_date(&self, page: &Page) -> Option<crate::review::Date> {
        let fm = &page.front_matter;
        crate::review::review_date(
            fm.reviewed.as_deref(),
            self.dates
                .get(page.source.as_str())
                .map(|d| d.last.as_str()),
            fm.updated.as_deref(),
        )
    }

    /// When the site as a whole was last reviewed: the newest page review
    /// date.
    pub fn last_reviewed(&self) -> Option<crate::review::Date> {
        crate::review::newest(self.library.pages.iter().map(|p| self.review_date(p)))
    }

    /// When a page last changed, for the sitemap: its `updated`, else its
    /// file's last commit, else its review date.
    fn last_modified(&self, page: &Page) -> Option<String> {
        let fm = &page.front_matter;
        fm.updated
            .clone()
            .or_else(|| self.dates.get(page.source.as_str()).map(|d| d.last.clone()))
            .or_else(|| fm.reviewed.clone())
    }
}

impl Loaded {
    /// Renders every page and the site-wide files into memory; fails with
    /// every error of the run (the pages that did not parse too).
    pub fn render(self, timer: &mut impl PhaseTimer) -> Result<RenderedSite, Diagnostics> {
        let sink = Collect::default();
        let Rendered { site, contents, .. } = self.render_into(&sink, timer)?;
        Ok(RenderedSite {
            site,
            files: sink.into_files(),
            external_links: contents.into_external_links(),
        })
    }

    /// Renders every page and the site-wide files, putting each file into
    /// `sink` as it is made; fails with every error of the run (the pages
    /// that did not parse too), having put some files or none.
    pub fn render_into(
        self,
        sink: &impl Sink,
        timer: &mut impl PhaseTimer,
    ) -> Result<Rendered, Diagnostics> {
        self.render_pages_into(sink, timer)?
            .site_files_into(sink, timer)
    }

    /// The static files and every page, into `sink`; fails with every
    /// error of the run.
    pub fn render_pages_into(
        self,
        sink: &impl Sink,
        timer: &mut impl PhaseTimer,
    ) -> Result<PagesPut, Diagnostics> {
        let Loaded {
            site,
            statics,
            mut errors,
        } = self;
        let bytes = AtomicU64::new(0);
        // Only paths are kept. No two sources may share one, checked before
        // anything is written (a static file named like a page's folder
        // would fail the write with a less helpful message), and again with
        // the search index's files at the end.
        let mut paths: Vec<OutFile> = statics.iter().map(OutFile::stub).collect();
        paths.extend(
            site.library
                .pages
                .iter()
                .map(|p| OutFile::new(page_path(p), Vec::new()).from_source(&p.display)),
        );
        paths.extend(
            generated_paths(&site.config, site.vars.print).map(|p| OutFile::new(p, Vec::new())),
        );
        let collisions = write::check_paths(&paths);
        paths.truncate(paths.len() - generated_paths(&site.config, site.vars.print).count());
        // With a collision nothing is written, but pages are still rendered
        // so this run reports their errors too (those come first).
        let sink: &dyn Sink = match collisions {
            Ok(()) => sink,
            Err(_) => &Discard,
        };
        sink.expect(&paths)?;
        statics.into_par_iter().try_for_each(|f| {
            bytes.fetch_add(f.bytes.len() as u64, Ordering::Relaxed);
            sink.put(f)
        })?;
        // Pages that failed to parse are left out, so this run still
        // reports every other page's errors too.
        let (contents, page_errors) = site.render_all(sink, &bytes);
        errors.extend(contents.errors().cloned());
        errors.extend(page_errors.0);
        errors.extend(contents.check_anchors(&site.library).0);
        errors.sorted().into_result()?;
        collisions?;
        timer.phase("render content");
        Ok(PagesPut {
            rendered: Rendered {
                site,
                contents,
                bytes: bytes.into_inner(),
            },
            paths,
        })
    }
}

/// A render whose pages are put, before the site-wide files.
pub struct PagesPut {
    pub rendered: Rendered,
    /// What was put, without the bytes.
    paths: Vec<OutFile>,
}

impl PagesPut {
    /// The 404 page, sitemap, robots.txt and search index into `sink`, and
    /// a check that no two sources share an output path.
    pub fn site_files_into(
        mut self,
        sink: &impl Sink,
        timer: &mut impl PhaseTimer,
    ) -> Result<Rendered, Diagnostics> {
        let r = &mut self.rendered;
        let counted = Counted {
            sink,
            bytes: AtomicU64::new(0),
        };
        let site_files = r.site.site_files(&r.contents, &counted)?;
        r.bytes += counted.bytes.into_inner();
        self.paths.extend(site_files);
        write::check_paths(&self.paths)?;
        timer.phase("assets, sitemap, search");
        Ok(self.rendered)
    }
}

/// A sink that adds up the bytes put into it.
struct Counted<'s, S> {
    sink: &'s S,
    bytes: AtomicU64,
}

impl<S: Sink> Sink for Counted<'_, S> {
    fn put(&self, file: OutFile) -> Result<(), Diagnostic> {
        self.bytes
            .fetch_add(file.bytes.len() as u64, Ordering::Relaxed);
        self.sink.put(file)
    }
}

/// Where a page is published, under the output folder.
fn page_path(p: &Page) -> String {
    format!("{}index.html", p.url)
}

impl Contents {
    /// A page's body, when it rendered.
    pub fn get(&self, id: PageId) -> Option<&PageContent> {
        self.0.get(id)?.as_ref().ok()
    }

    /// Puts a page's body (rendered again) in place.
    pub fn set(&mut self, id: PageId, content: Result<PageContent, Failed>) {
        self.0[id] = content;
    }

    /// The errors of the pages that failed.
    pub fn errors(&self) -> impl Iterator<Item = &Diagnostic> {
        self.0
            .iter()
            .filter_map(|r| r.as_ref().err())
            .flat_map(|f| &f.errors.0)
    }

    /// A link to `page.md#anchor` must find that anchor on the rendered
    /// page; a page that failed to render has no ids, and its own error is
    /// enough.
    pub fn check_anchors(&self, library: &Library) -> Diagnostics {
        let mut diags = Diagnostics::default();
        let links = self.0.iter().flat_map(|r| match r {
            Ok(content) => &content.anchor_links,
            Err(failed) => &failed.anchor_links,
        });
        for link in links {
            let Some(target) = self.get(link.target) else {
                continue;
            };
            if !target.ids.contains(&link.anchor) {
                diags.push(missing_anchor(library, link));
            }
        }
        diags.sorted()
    }

    /// Each page's links to other sites, by page id.
    pub fn into_external_links(self) -> Vec<Vec<ExternalLink>> {
        self.0
            .into_iter()
            .map(|r| r.map(|c| c.external_links).unwrap_or_default())
            .collect()
    }
}

fn missing_anchor(library: &Library, link: &AnchorLink) -> Diagnostic {
    let target = &library.pages[link.target];
    Diagnostic::new(
        link.location.clone(),
        ErrorKind::BrokenLink {
            target: format!("content/{}#{}", target.source, link.anchor),
            reason: format!(
                "the page has no heading or element with id `{}`",
                link.anchor
            ),
        },
    )
}

/// What links in pages may name besides pages: every published file (by
/// its logical name, mapped to its fingerprinted one) and the generated
/// files.
fn link_targets(
    assets: &BTreeMap<String, String>,
    config: &Config,
    print: bool,
) -> std::collections::HashMap<String, String> {
    let mut targets: std::collections::HashMap<String, String> =
        assets.iter().map(|(k, v)| (k.clone(), v.clone())).collect();
    for name in generated_paths(config, print) {
        targets.insert(name.into(), name.into());
    }
    targets
}

/// The paths of the files [`Site::site_files`] makes, but the search
/// index's shards (named by their contents).
fn generated_paths(config: &Config, print: bool) -> impl Iterator<Item = &'static str> {
    let search = config.search.enabled.then_some("search/index.js");
    let print = print.then_some("print/index.html");
    ["404.html", "sitemap.xml", "robots.txt"]
        .into_iter()
        .chain(search)
        .chain(print)
}

/// The most pages a print edition holds: it keeps every page's body until
/// the end of the build, and one page of thousands helps no reader.
pub const PRINT_MAX_PAGES: usize = 1_000;

/// Whether the build makes the print edition (`print/`): not for a site
/// with a page of its own there, nor for one of more than
/// [`PRINT_MAX_PAGES`] pages.
fn print_edition(library: &Library) -> bool {
    library.pages.len() <= PRINT_MAX_PAGES
        && !library.pages.iter().any(|p| p.url.as_str() == "print/")
}

/// Files next to the pages of a draft section (its images) are left out
/// with the section.
fn drop_draft_assets(statics: &mut BTreeMap<String, load::StaticFile>, library: &Library) {
    if library.draft_dirs.is_empty() {
        return;
    }
    statics.retain(|rel, file| {
        let display = file.display.to_string_lossy();
        let in_content = display.starts_with("content/")
            || display.starts_with(&format!("{}content/", load::BUNDLED_PREFIX));
        !in_content || library.draft_section_of(rel).is_none()
    });
}

/// The values every template sees, with the fingerprinted asset paths.
fn site_vars(config: &Config, assets: BTreeMap<String, String>) -> SiteVars {
    let calculator = calculator_assets(&assets);
    SiteVars {
        title: config.title.clone(),
        description: config.description.clone(),
        language: config.language.clone(),
        base_url: config.base_url(),
        logo: config
            .logo()
            .map(|l| assets.get(l).cloned().unwrap_or_else(|| l.to_string())),
        accent_color: config.branding.accent_color.clone(),
        footer: config.branding.footer.clone(),
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
        print: false,
    }
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

/// Data, templates and pages, parsed.
struct Parsed {
    data: Data,
    templates: Templates,
    library: Library,
    /// The pages that failed (the library holds the others).
    errors: Diagnostics,
}

/// Parses data, templates and pages. Bad data or templates stop the build
/// here (every page depends on them); bad pages come back as diagnostics
/// next to a library of the good ones.
fn parse_all(files: &SiteFiles, drafts: bool) -> Result<Parsed, Diagnostics> {
    let mut diags = Diagnostics::default();
    let data = Data::parse(&files.data).map_err(|d| diags.extend(d.0)).ok();
    let templates = Templates::compile(&files.templates)
        .map_err(|d| diags.push(d))
        .ok();
    let (mut library, page_diags) = Library::build_partial(&files.pages, drafts);
    library.unlink_hidden = files.unlink_hidden;
    library.hidden = files
        .hidden
        .iter()
        .map(|(rel, line)| (crate::parse::paths::ContentPath::new(rel.as_str()), *line))
        .collect();
    diags.extend(page_diags.0);
    match (data, templates) {
        (Some(data), Some(mut templates)) => {
            templates.set_global("data", &data.to_json());
            Ok(Parsed {
                data,
                templates,
                library,
                errors: diags,
            })
        }
        _ => Err(diags.sorted()),
    }
}

fn search_index(
    library: &Library,
    contents: &Contents,
    put: &(impl Fn(OutFile) -> Result<(), Diagnostic> + Sync),
) -> Result<(), Diagnostic> {
    let docs = incremental::search_docs(library, contents);
    crate::search::write_index(&incremental::documents(&docs), put)
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

#[cfg(test)]
mod tests {
    use super::*;

    /// The bundled guide, loaded once per test.
    fn guide() -> Loaded {
        let opts = BuildOptions {
            root: None,
            output: PathBuf::new(),
            base_url: None,
            drafts: false,
            force: false,
        };
        Site::load(&opts, &mut ()).unwrap_or_else(|d| panic!("{d}"))
    }

    #[test]
    fn a_build_writes_what_a_render_in_memory_makes() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let opts = BuildOptions {
            root: None,
            output: out.clone(),
            base_url: None,
            drafts: false,
            force: false,
        };
        let report = build(&opts).unwrap_or_else(|d| panic!("{d}"));
        let files = render_site(&opts, &mut ()).unwrap().files;
        assert_eq!(report.files, files.len() + 1, "and the manifest");
        let bytes: u64 = files.iter().map(|f| f.bytes.len() as u64).sum();
        assert_eq!(report.bytes, bytes);
        for f in &files {
            let written = std::fs::read(out.join(&f.path)).unwrap();
            assert!(written == *f.bytes, "{} differs", f.path);
        }
        let manifest = std::fs::read_to_string(out.join(write::output::MARKER)).unwrap();
        assert_eq!(
            manifest.lines().filter(|l| !l.starts_with('#')).count(),
            files.len()
        );
    }

    #[test]
    fn one_page_renders_again_alone_as_in_the_whole_build() {
        let RenderedSite {
            mut site, files, ..
        } = guide().render(&mut ()).unwrap();
        let id = site.library.page_by_url("operations/cost/").unwrap().id;
        let page = site
            .render_page(id, &site.render_content(id).unwrap())
            .unwrap();
        let built = files.iter().find(|f| f.path == page.path).unwrap();
        assert_eq!(built.bytes, page.bytes, "alone as in the whole build");

        // An edit: that page's body again, its page again, nothing else.
        let mut contents = site.render_contents();
        site.library.pages[id]
            .body
            .push_str("\nA sentence added while serving.\n");
        let content = site.render_content(id).unwrap();
        let page = site.render_page(id, &content).unwrap();
        assert!(String::from_utf8_lossy(&page.bytes).contains("A sentence added while serving."));
        contents.set(id, Ok(content));
        assert!(contents.check_anchors(&site.library).is_empty());
    }
    #[test]
    fn print_edition_unless_a_page_takes_its_place_or_the_site_is_too_large() {
        let page = |rel: &str| load::SourceFile::local(rel, "+++\ntitle = \"P\"\n+++\nText.\n");
        let library = |files: &[load::SourceFile]| Library::build(files, false).unwrap();
        let mut files: Vec<_> = (1..PRINT_MAX_PAGES)
            .map(|i| page(&format!("p{i}.md")))
            .collect();
        files.push(page("_index.md"));
        assert!(print_edition(&library(&files)), "{PRINT_MAX_PAGES} pages");
        files.push(page("one-more.md"));
        assert!(!print_edition(&library(&files)));
        let own = [page("_index.md"), page("print.md")];
        assert!(
            !print_edition(&library(&own)),
            "a page of the site at print/"
        );
        assert!(print_edition(&library(&own[..1])));
        assert!(guide().site.vars.print, "the bundled guide has one");
    }
}
