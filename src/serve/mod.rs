//! `regionwise serve`: builds the site in memory, serves it on 127.0.0.1,
//! rebuilds when a file changes and reloads the browser.
//!
//! - The site is never written to disk: requests are answered from the last
//!   build's files in memory, so a request cannot reach any other file.
//! - A failed rebuild keeps the last good site and shows the errors (file,
//!   line, message) in a panel over every page, instead of a dead tab.
//! - The HTTP is our own ([`http`]): loopback `Host` names only, bounded
//!   request heads, timeouts and a connection cap.
//! - Pages get one extra `<script src>` (a file, never inline) that listens
//!   for rebuilds over server-sent events; responses carry the same CSP as a
//!   production host, so a CSP violation shows up while writing.

pub mod http;
mod path;
mod watch;

use std::collections::HashMap;
use std::fmt::Write as _;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use pulldown_cmark_escape::escape_html;

use http::{Body, Reply, Request, Response};

use crate::error::Diagnostics;
use crate::site::incremental::{self, Change, Live, Scope, SearchInput};
use crate::site::BuildOptions;

pub use path::{mime_type, resolve, Resolved};

/// The Content-Security-Policy the built site is designed for; `serve`
/// sends it too so violations show up while writing.
pub const CSP: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'";

const LIVERELOAD_JS: &str = include_str!("livereload.js");
const OVERLAY_CSS: &str = include_str!("overlay.css");
/// Open live-reload connections allowed at once.
const MAX_EVENT_STREAMS: usize = 64;
/// How often an idle event stream is pinged (finds closed tabs).
const PING: Duration = Duration::from_secs(15);

/// What to serve and where.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// The site folder; None serves the bundled guide (nothing to watch).
    pub root: Option<PathBuf>,
    /// 0 picks any free port.
    pub port: u16,
    pub drafts: bool,
    /// Timeouts and the connection cap.
    pub limits: http::Limits,
}

/// Why the server could not start.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    #[error("cannot listen on 127.0.0.1:{port}: {reason} (try another --port, or --port 0 for any free one)")]
    Bind { port: u16, reason: String },
    #[error("cannot watch {path} for changes: {reason}")]
    Watch { path: String, reason: String },
}

/// One build's result, as served.
struct Snapshot {
    /// The last good build's files by output path; a failed build keeps
    /// the previous build's map (shared, not copied).
    files: Arc<HashMap<String, Arc<[u8]>>>,
    /// The latest build's errors, when it failed.
    errors: Option<Diagnostics>,
    /// Counts builds; pages carry it so a stale tab reloads.
    generation: u64,
}

/// The site being served: its latest snapshot and a signal for rebuilds.
pub struct LiveSite {
    opts: BuildOptions,
    /// The one place the generation lives: event streams wait on it.
    current: Mutex<Arc<Snapshot>>,
    changed: Condvar,
    streams: AtomicUsize,
    /// What the last good build keeps for rebuilding after an edit; None
    /// after a failed build (the next change builds everything).
    live: Mutex<Option<Live>>,
    /// The search index to rebuild, for the snapshot of that generation:
    /// done on a thread of its own, so an edit's page is served first and
    /// the next edit does not wait for it.
    search: Mutex<Option<(u64, SearchInput)>>,
    search_wanted: Condvar,
    /// How the last rebuild was made (for tests).
    last_rebuild: Mutex<Rebuild>,
}

/// How a rebuild was made.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rebuild {
    /// Everything, from the files.
    Full,
    /// Only what the edit changed (see [`Live::update`]).
    Incremental(Scope),
}

/// What a rebuild did, for the log line.
pub enum Outcome {
    Built { pages: usize, took: Duration },
    Failed { errors: Diagnostics, took: Duration },
}

impl LiveSite {
    /// A site to serve, not built yet ([`LiveSite::rebuild`] builds it).
    pub fn new(opts: BuildOptions) -> LiveSite {
        LiveSite {
            opts,
            current: Mutex::new(Arc::new(Snapshot {
                files: Arc::default(),
                errors: None,
                generation: 0,
            })),
            changed: Condvar::new(),
            streams: AtomicUsize::new(0),
            live: Mutex::new(None),
            search: Mutex::new(None),
            search_wanted: Condvar::new(),
            last_rebuild: Mutex::new(Rebuild::Full),
        }
    }

    fn current(&self) -> MutexGuard<'_, Arc<Snapshot>> {
        self.current.lock().unwrap_or_else(|p| p.into_inner())
    }

    fn snapshot(&self) -> Arc<Snapshot> {
        Arc::clone(&self.current())
    }

    /// Builds the site again; on failure the previous files stay served.
    pub fn rebuild(&self) -> Outcome {
        let mut live = lock(&self.live);
        self.rebuild_all(&mut live)
    }

    /// Rebuilds after `changed` (paths relative to the site folder): only
    /// the pages the edit changes when it can tell which (see
    /// [`Live::update`]), else everything.
    pub fn rebuild_after(&self, changed: &[PathBuf]) -> Outcome {
        let start = Instant::now();
        let mut live = lock(&self.live);
        let Some(state) = live.as_mut() else {
            return self.rebuild_all(&mut live);
        };
        let Change::Pages { files, scope } = state.update(changed) else {
            return self.rebuild_all(&mut live);
        };
        let search = state.search_input();
        let previous = self.snapshot();
        let pages = files.iter().filter(|f| f.path.ends_with(".html")).count();
        let snapshot = Snapshot {
            files: Arc::new(incremental::with_files(&previous.files, files)),
            errors: None,
            generation: previous.generation + 1,
        };
        self.publish(snapshot, search);
        *lock(&self.last_rebuild) = Rebuild::Incremental(scope);
        Outcome::Built {
            pages,
            took: start.elapsed(),
        }
    }

    fn rebuild_all(&self, live: &mut Option<Live>) -> Outcome {
        let start = Instant::now();
        *lock(&self.last_rebuild) = Rebuild::Full;
        // The state of the last good build is dropped first: held during
        // the build, it would add a whole site to its peak.
        *live = None;
        let result = Live::build(&self.opts);
        let took = start.elapsed();
        let previous = self.snapshot();
        let generation = previous.generation + 1;
        match result {
            Ok((state, files)) => {
                let pages = files.iter().filter(|f| f.path.ends_with(".html")).count();
                *live = Some(state);
                let snapshot = Snapshot {
                    files: Arc::new(incremental::output(files)),
                    errors: None,
                    generation,
                };
                self.publish(snapshot, None);
                Outcome::Built { pages, took }
            }
            Err(errors) => {
                let snapshot = Snapshot {
                    files: Arc::clone(&previous.files),
                    errors: Some(errors.clone()),
                    generation,
                };
                self.publish(snapshot, None);
                Outcome::Failed { errors, took }
            }
        }
    }

    /// Serves `snapshot` from now on, and asks for its search index when
    /// it lacks the current one (else drops a request made for an older
    /// snapshot).
    fn publish(&self, snapshot: Snapshot, search: Option<SearchInput>) {
        let generation = snapshot.generation;
        *self.current() = Arc::new(snapshot);
        self.changed.notify_all();
        *lock(&self.search) = search.map(|input| (generation, input));
        self.search_wanted.notify_all();
    }

    /// Rebuilds the search index whenever asked, for as long as the
    /// server runs. On one core only: the other stays free for the next
    /// edit's page, which a reader waits for (an index takes ~1 s of CPU at
    /// 10,000 pages, and an edit may come every few hundred ms).
    fn search_worker(&self) {
        let one_core = rayon::ThreadPoolBuilder::new().num_threads(1).build().ok();
        loop {
            let job = {
                let mut wanted = lock(&self.search);
                loop {
                    if let Some(job) = wanted.take() {
                        break job;
                    }
                    wanted = self
                        .search_wanted
                        .wait(wanted)
                        .unwrap_or_else(|p| p.into_inner());
                }
            };
            match &one_core {
                Some(pool) => pool.install(|| self.update_search(job)),
                None => self.update_search(job),
            }
        }
    }

    /// Rebuilds the search index now if one is wanted, on this thread
    /// (tests; `serve` has its own thread for it).
    pub fn finish_search(&self) {
        let job = lock(&self.search).take();
        if let Some(job) = job {
            self.update_search(job);
        }
    }

    /// Serves the search index of a snapshot's pages with it; an index
    /// made for a snapshot replaced meanwhile is thrown away (a newer
    /// request follows).
    fn update_search(&self, (generation, input): (u64, SearchInput)) {
        let index = input.build();
        drop(input);
        let mut current = self.current();
        if current.generation == generation {
            let files = incremental::with_search(&current.files, index);
            *current = Arc::new(Snapshot {
                files: Arc::new(files),
                errors: current.errors.clone(),
                generation,
            });
        }
    }

    /// The files being served, by output path.
    pub fn files(&self) -> Arc<HashMap<String, Arc<[u8]>>> {
        Arc::clone(&self.snapshot().files)
    }

    /// How the last rebuild was made.
    pub fn last_rebuild(&self) -> Rebuild {
        *lock(&self.last_rebuild)
    }

    /// Waits until the generation differs from `seen` or `timeout` passes.
    fn wait_change(&self, seen: u64, timeout: Duration) -> u64 {
        let (current, _) = self
            .changed
            .wait_timeout_while(self.current(), timeout, |s| s.generation == seen)
            .unwrap_or_else(|p| p.into_inner());
        current.generation
    }
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

/// A running server.
pub struct Server {
    addr: SocketAddr,
    site: Arc<LiveSite>,
    accept: std::thread::JoinHandle<()>,
}

impl Server {
    /// `http://127.0.0.1:PORT/`.
    pub fn url(&self) -> String {
        format!("http://{}/", self.addr)
    }

    pub fn site(&self) -> &Arc<LiveSite> {
        &self.site
    }

    /// Serves until the process is stopped.
    pub fn wait(self) {
        let _ = self.accept.join();
    }
}

/// Builds the site, starts listening and (for a site folder) watching.
/// Returns the server and the first build's outcome.
pub fn start(opts: &ServeOptions) -> Result<(Server, Outcome), ServeError> {
    let bind_error = |reason: String| ServeError::Bind {
        port: opts.port,
        reason,
    };
    let listener = std::net::TcpListener::bind(("127.0.0.1", opts.port))
        .map_err(|e| bind_error(e.to_string()))?;
    let addr = listener
        .local_addr()
        .map_err(|e| bind_error(e.to_string()))?;
    // The watcher reports absolute paths: a relative --root would match
    // none of them and never rebuild.
    let root = opts.root.as_deref().map(crate::write::output::absolute);
    let build = BuildOptions {
        root: root.clone(),
        output: PathBuf::new(),
        base_url: Some(format!("http://{addr}/")),
        drafts: opts.drafts,
        force: false,
    };
    let site = Arc::new(LiveSite::new(build));
    let first = site.rebuild();
    let worker = Arc::clone(&site);
    std::thread::spawn(move || worker.search_worker());
    if let Some(root) = &root {
        watch::spawn(root, Arc::clone(&site))?;
    }
    let handler_site = Arc::clone(&site);
    let handler: Arc<dyn Fn(&Request) -> Reply + Send + Sync> =
        Arc::new(move |request: &Request| handle(request, &handler_site));
    let limits = opts.limits;
    let accept = std::thread::spawn(move || http::serve(listener, addr.port(), limits, handler));
    Ok((Server { addr, site, accept }, first))
}

/// A response with the headers every answer carries.
fn respond(status: u16, content_type: &str, body: impl Into<Body>) -> Response {
    Response::new(status, content_type, body)
        .header("Cache-Control", "no-store")
        .header("X-Content-Type-Options", "nosniff")
        .header("Content-Security-Policy", CSP)
}

fn text(status: u16, message: &str) -> Response {
    let body = format!("{status} {message}\n").into_bytes();
    respond(status, "text/plain; charset=utf-8", body)
}

/// Answers one request (its Host is already checked).
fn handle(request: &Request, site: &Arc<LiveSite>) -> Reply {
    if !matches!(request.method.as_str(), "GET" | "HEAD") {
        return Reply::Full(text(405, "only GET and HEAD are served").header("Allow", "GET, HEAD"));
    }
    let url = request.target.as_str();
    if let Some(internal) = url.strip_prefix("/__regionwise/") {
        return serve_internal(internal, site);
    }
    let snapshot = site.snapshot();
    if snapshot.files.is_empty() {
        let page = error_page(&snapshot);
        return Reply::Full(respond(500, "text/html; charset=utf-8", page));
    }
    Reply::Full(match resolve(url, |p| snapshot.files.contains_key(p)) {
        Resolved::File(path) => {
            let bytes = &snapshot.files[&path];
            let body = if path.ends_with(".html") {
                Body::Owned(inject(bytes, &snapshot))
            } else {
                Body::Shared(Arc::clone(bytes))
            };
            respond(200, mime_type(&path), body)
        }
        Resolved::Redirect(location) => {
            let query = url.find('?').map_or("", |i| &url[i..]);
            let location = format!("{location}{query}");
            let body = format!("302 see {location}\n").into_bytes();
            respond(302, "text/plain; charset=utf-8", body).header("Location", &location)
        }
        Resolved::NotFound => match snapshot.files.get("404.html") {
            Some(page) => {
                let body = inject(page, &snapshot);
                respond(404, "text/html; charset=utf-8", body)
            }
            None => text(404, "not found"),
        },
        Resolved::BadRequest(reason) => text(400, reason),
    })
}

/// The server's own files: the live-reload script, the error panel's style
/// and the event stream.
fn serve_internal(path: &str, site: &Arc<LiveSite>) -> Reply {
    let (name, query) = path.split_once('?').unwrap_or((path, ""));
    let script = "text/javascript; charset=utf-8";
    match name {
        "livereload.js" => {
            Reply::Full(respond(200, script, Body::Static(LIVERELOAD_JS.as_bytes())))
        }
        "overlay.css" => Reply::Full(respond(
            200,
            "text/css; charset=utf-8",
            Body::Static(OVERLAY_CSS.as_bytes()),
        )),
        "events" => {
            let since = query
                .split('&')
                .find_map(|kv| kv.strip_prefix("since="))
                .and_then(|v| v.parse().ok())
                .unwrap_or(0);
            event_stream(since, site)
        }
        _ => Reply::Full(text(404, "not found")),
    }
}

/// Server-sent events: `reload` after every build newer than `since`, on
/// the connection's own thread, for as long as the tab keeps it open.
fn event_stream(since: u64, site: &Arc<LiveSite>) -> Reply {
    if site.streams.fetch_add(1, Ordering::SeqCst) >= MAX_EVENT_STREAMS {
        site.streams.fetch_sub(1, Ordering::SeqCst);
        return Reply::Full(text(503, "too many live-reload connections"));
    }
    let site = Arc::clone(site);
    Reply::Stream(Box::new(move |out| {
        let _ = stream_events(out, since, &site);
        site.streams.fetch_sub(1, Ordering::SeqCst);
    }))
}

fn stream_events(out: &mut dyn std::io::Write, since: u64, site: &LiveSite) -> std::io::Result<()> {
    out.write_all(
        b"HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\nConnection: close\r\n\r\nretry: 500\n\n",
    )?;
    out.flush()?;
    let mut seen = since;
    loop {
        let now = site.wait_change(seen, PING);
        if now != seen {
            write!(out, "event: reload\ndata: {now}\n\n")?;
            seen = now;
        } else {
            out.write_all(b": ping\n\n")?;
        }
        out.flush()?;
    }
}

/// Adds the live-reload script, and the error panel when the latest build
/// failed, before `</body>`.
fn inject(html: &[u8], snapshot: &Snapshot) -> Vec<u8> {
    let mut extra = format!(
        "<script src=\"/__regionwise/livereload.js\" data-generation=\"{}\"></script>\n",
        snapshot.generation
    );
    if let Some(errors) = &snapshot.errors {
        extra.push_str(&error_panel(errors));
    }
    let at = find_last(html, b"</body>").unwrap_or(html.len());
    let mut out = Vec::with_capacity(html.len() + extra.len());
    out.extend_from_slice(&html[..at]);
    out.extend_from_slice(extra.as_bytes());
    out.extend_from_slice(&html[at..]);
    out
}

fn find_last(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).rposition(|w| w == needle)
}

/// The error panel: every problem with its file, line and message.
fn error_panel(errors: &Diagnostics) -> String {
    let mut s = String::from("<link rel=\"stylesheet\" href=\"/__regionwise/overlay.css\">\n");
    let n = errors.len();
    let _ = write!(
        s,
        "<section class=\"rw-build-error\" role=\"alert\" aria-labelledby=\"rw-build-error-title\" data-regionwise-build-error>\n\
         <h2 id=\"rw-build-error-title\">Build failed with {n} error{}: showing the last good build</h2>\n<ol>\n",
        if n == 1 { "" } else { "s" }
    );
    for d in &errors.0 {
        s.push_str("<li>");
        if d.location.file.is_some() {
            s.push_str("<code>");
            let _ = escape_html(&mut s, &d.location.to_string());
            s.push_str("</code> ");
        }
        let _ = escape_html(&mut s, &d.kind.to_string());
        s.push_str("</li>\n");
    }
    s.push_str("</ol>\n<p>Fix the file and save: this page reloads by itself.</p>\n</section>\n");
    s
}

/// The whole page when no build has succeeded yet.
fn error_page(snapshot: &Snapshot) -> Vec<u8> {
    let panel = snapshot
        .errors
        .as_ref()
        .map(error_panel)
        .unwrap_or_default();
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Build failed · regionwise</title></head>\n\
         <body><main><h1>The site did not build</h1></main>\n{panel}\
         <script src=\"/__regionwise/livereload.js\" data-generation=\"{}\"></script>\n</body></html>\n",
        snapshot.generation
    )
    .into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::{Diagnostic, ErrorKind, Location};

    fn snapshot(errors: Option<Diagnostics>) -> Snapshot {
        Snapshot {
            files: Arc::default(),
            errors,
            generation: 7,
        }
    }

    #[test]
    fn injects_before_body_end() {
        let html = b"<html><body><p>x</p></body></html>";
        let out = String::from_utf8(inject(html, &snapshot(None))).unwrap();
        assert!(out.contains(
            "<p>x</p><script src=\"/__regionwise/livereload.js\" data-generation=\"7\"></script>\n</body>"
        ));
    }

    #[test]
    fn error_panel_lists_file_line_and_escaped_message() {
        let errors = Diagnostics(vec![Diagnostic::new(
            Location::at("content/a.md", 3).with_column(5),
            ErrorKind::Shortcode("unknown shortcode `<x>`".into()),
        )]);
        let out = String::from_utf8(inject(b"<body></body>", &snapshot(Some(errors)))).unwrap();
        assert!(out.contains("<code>content/a.md:3:5</code> unknown shortcode `&lt;x&gt;`"));
        assert!(out.contains("Build failed with 1 error:"));
        assert!(!out.contains("style="));
    }
}
