//! Reliability: every bad input a user can make gets a clear error with its
//! file and line and a non-zero exit, and loses nothing — the previous output
//! folder and the site itself stay byte for byte as they were.
//!
//! - `tests/invalid/<case>/`: one bad site per folder (`site/`) with what the
//!   build must say about it (`expected.toml`), driven through the real binary.
//!   Inputs that cannot be committed (bad bytes, CRLF, symlinks, unreadable
//!   files) are made at run time by the case's `prepare` steps.
//! - Generated extremes: a 50 MB page (bounded memory), 10,000 pages in one
//!   folder, a build killed with SIGKILL part-way through, and `serve`
//!   answering four busy clients on 127.0.0.1 while pages change (bounded to
//!   6 s and 80,000 requests).
//! - `SHOW_MESSAGES=1 cargo test --test testsuite reliability::invalid -- --nocapture`
//!   prints every case's message, to read them as a user would.
//! - The fuzz targets' bodies (`fuzz/src/lib.rs`) on random inputs, so they
//!   run on stable in CI; bench/fuzz.sh runs them under libFuzzer.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use rayon::prelude::*;
use serde::Deserialize;

use crate::support::{binary as bin, copy_dir, diff, snapshot, try_request, write};

#[path = "../../fuzz/src/lib.rs"]
mod fuzz_bodies;

// ---------------------------------------------------------------------------
// Helpers.

/// `regionwise build --root ROOT --output OUT`, run from `cwd`.
fn build(root: &Path, out: &Path, cwd: &Path) -> Output {
    Command::new(bin())
        .args(["build", "--root"])
        .arg(root)
        .arg("--output")
        .arg(out)
        .current_dir(cwd)
        .stdin(Stdio::null())
        .output()
        .expect("run regionwise")
}

/// Builds a small good site into `dir/public`: the "previous good output"
/// every bad build must leave alone.
fn good_output(dir: &Path) -> PathBuf {
    let site = dir.join("site");
    write(&site.join("regionwise.toml"), "title = \"Good\"\n");
    write(
        &site.join("content/_index.md"),
        "+++\ntitle = \"Home\"\n+++\nSee [the page](@/guide/page.md#setup).\n",
    );
    write(
        &site.join("content/guide/page.md"),
        "+++\ntitle = \"Page\"\n+++\n## Setup\n\nSteps.\n",
    );
    write(&site.join("static/img/logo.svg"), "<svg></svg>");
    let out = dir.join("public");
    assert_success(&build(&site, &out, dir), "the good site");
    out
}

fn assert_success(out: &Output, what: &str) {
    assert!(
        out.status.success(),
        "{what} must build:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

// ---------------------------------------------------------------------------
// The corpus of invalid sites.

/// `tests/invalid/<case>/expected.toml`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Expected {
    /// What the user did, in one sentence.
    about: String,
    /// The exit code: 1 for a bad site, 0 for inputs that must build.
    exit: i32,
    /// Substrings the error output must hold.
    #[serde(default)]
    message: Vec<String>,
    /// Substrings it must not hold.
    #[serde(default)]
    absent: Vec<String>,
    /// The file the error names, relative to the site folder.
    file: Option<String>,
    /// Its line, where the problem has one.
    line: Option<usize>,
    /// How many `error:` lines exactly, where it matters (an error is
    /// never printed twice, nor once per page that shows it).
    errors: Option<usize>,
    /// `--output`, relative to the site folder (default `../public`).
    #[serde(default = "default_output")]
    output: String,
    /// Put a previous good build in the output folder first (default yes).
    #[serde(default = "yes")]
    prebuild: bool,
    /// Steps that make what cannot be committed: `ACTION PATH`.
    #[serde(default)]
    prepare: Vec<String>,
    /// For a site that must build: output files that must exist.
    #[serde(default)]
    pages: Vec<String>,
    /// More arguments for `regionwise build` (`--force`).
    #[serde(default)]
    args: Vec<String>,
    /// `$HOME` for the build, relative to the site folder (default: the
    /// test's own).
    home: Option<String>,
    /// The folder the build runs in, relative to the site folder; when set,
    /// `output` is passed as written, relative to it (`--output .`).
    cwd: Option<String>,
}

fn default_output() -> String {
    "../public".into()
}

fn yes() -> bool {
    true
}

fn corpus_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/invalid")
}

fn corpus() -> Vec<(String, Expected)> {
    let mut cases: Vec<(String, Expected)> = std::fs::read_dir(corpus_dir())
        .expect("tests/invalid exists")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.is_dir())
        .map(|p| {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            let text = std::fs::read_to_string(p.join("expected.toml"))
                .unwrap_or_else(|e| panic!("{name}/expected.toml: {e}"));
            let expected: Expected =
                toml::from_str(&text).unwrap_or_else(|e| panic!("{name}/expected.toml: {e}"));
            (name, expected)
        })
        .collect();
    cases.sort_by(|a, b| a.0.cmp(&b.0));
    cases
}

/// Applies one `prepare` step to the copied site; Err(reason) skips the case.
fn prepare(site: &Path, step: &str) -> Result<(), String> {
    let (action, rel) = step.split_once(' ').expect("prepare: `ACTION PATH`");
    // `symlink LINK TARGET`: the target as `ln -s` takes it.
    if action == "symlink" {
        let (link, target) = rel.split_once(' ').expect("prepare: `symlink LINK TARGET`");
        let link = site.join(link);
        std::fs::create_dir_all(link.parent().unwrap()).unwrap();
        std::os::unix::fs::symlink(target, &link).unwrap();
        return Ok(());
    }
    let path = site.join(rel);
    let read = || std::fs::read(&path).expect("prepare: file exists");
    match action {
        // `<FF>` in the committed file becomes the byte 0xFF.
        "invalid-utf8" => {
            let text = String::from_utf8(read()).expect("utf-8 before");
            assert!(text.contains("<FF>"), "{rel} has no <FF> marker");
            let mut bytes = Vec::new();
            for (i, part) in text.split("<FF>").enumerate() {
                if i > 0 {
                    bytes.push(0xFF);
                }
                bytes.extend_from_slice(part.as_bytes());
            }
            std::fs::write(&path, bytes).unwrap();
        }
        "bom" => {
            let mut bytes = b"\xEF\xBB\xBF".to_vec();
            bytes.extend(read());
            std::fs::write(&path, bytes).unwrap();
        }
        "crlf" => {
            let text = String::from_utf8(read()).expect("utf-8");
            std::fs::write(&path, text.replace('\n', "\r\n")).unwrap();
        }
        // A link to a folder that contains it.
        "symlink-loop" => std::os::unix::fs::symlink("..", &path).unwrap(),
        "symlink-dangling" => std::os::unix::fs::symlink("deleted.md", &path).unwrap(),
        "unreadable" => make_unreadable(&path)?,
        // `<repeat N>TEXT</repeat>` becomes TEXT N times (`\n` is a line
        // break): deep nesting without committing megabytes.
        "repeat" => {
            let text = String::from_utf8(read()).expect("utf-8");
            std::fs::write(&path, expand_repeats(&text)).unwrap();
        }
        // `include-chain N`: templates/chain/t0.html includes t1.html ...
        // up to tN, and the page template includes t0.
        "include-chain" => {
            let n: usize = rel.parse().expect("a count");
            for i in 0..n {
                let body = if i + 1 < n {
                    format!("<div>\n{{% include \"chain/t{}.html\" %}}\n</div>\n", i + 1)
                } else {
                    "end\n".to_string()
                };
                write(&site.join(format!("templates/chain/t{i}.html")), body);
            }
        }
        // Someone's own files, where the case needs them.
        "file" => write(&path, format!("not the site's: {rel}\n")),
        "dir" => std::fs::create_dir_all(&path).unwrap(),
        other => panic!("unknown prepare action `{other}`"),
    }
    Ok(())
}

fn expand_repeats(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(start) = rest.find("<repeat ") {
        out.push_str(&rest[..start]);
        let after = &rest[start + "<repeat ".len()..];
        let (n, body) = after.split_once('>').expect("<repeat N>");
        let (body, tail) = body.split_once("</repeat>").expect("</repeat>");
        let n: usize = n.parse().expect("a count");
        out.push_str(&body.replace("\\n", "\n").repeat(n));
        rest = tail;
    }
    out.push_str(rest);
    out
}

/// chmod 000; as root, where permissions do not bite, the file is replaced by
/// a link to one that no one can read (/proc/self/mem fails at offset 0;
/// the link also points out of the site, which is refused as unreadable too).
fn make_unreadable(path: &Path) -> Result<(), String> {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o000)).unwrap();
    if std::fs::read(path).is_err() {
        return Ok(());
    }
    eprintln!(
        "note: running as root, where chmod 000 does not stop reads; \
         using a link to /proc/self/mem (unreadable even for root) instead"
    );
    std::fs::remove_file(path).unwrap();
    std::os::unix::fs::symlink("/proc/self/mem", path).unwrap();
    match std::fs::read(path) {
        Err(_) => Ok(()),
        Ok(_) => Err("no way to make a file unreadable on this machine".into()),
    }
}

/// Words that mean a message was written for the programmer, not the user.
const INTERNAL_WORDS: &[&str] = &[
    "panicked",
    "RUST_BACKTRACE",
    "unwrap()",
    "Os {",
    "kind: ",
    "Error(",
    "Some(",
    "None",
    "\\n",
];

/// Runs one case; returns what went wrong, or Ok(Some(reason)) if skipped.
fn run_case(name: &str, expected: &Expected, good: &Path) -> Result<Option<String>, String> {
    let tmp = tempfile::tempdir().map_err(|e| e.to_string())?;
    let site = tmp.path().join("site");
    copy_dir(&corpus_dir().join(name).join("site"), &site);
    for step in &expected.prepare {
        if let Err(reason) = prepare(&site, step) {
            return Ok(Some(reason));
        }
    }
    let cwd = match &expected.cwd {
        Some(dir) => site.join(dir),
        None => tmp.path().to_path_buf(),
    };
    let out = match &expected.cwd {
        Some(_) => cwd.join(&expected.output),
        None => site.join(&expected.output),
    };
    if expected.prebuild {
        copy_dir(good, &out);
    }
    let before = snapshot(tmp.path());
    let mut command = Command::new(bin());
    command.args(["build", "--root"]).arg(&site).arg("--output");
    match &expected.cwd {
        Some(_) => command.arg(&expected.output),
        None => command.arg(&out),
    };
    if let Some(home) = &expected.home {
        command.env("HOME", site.join(home));
    }
    let result = command
        .args(&expected.args)
        .current_dir(&cwd)
        .stdin(Stdio::null())
        .output()
        .expect("run regionwise");
    let stderr = String::from_utf8_lossy(&result.stderr);
    let code = result.status.code();
    if std::env::var_os("SHOW_MESSAGES").is_some() {
        eprintln!("== {name}: {}\n{stderr}", expected.about);
    }
    let mut problems = Vec::new();
    if code != Some(expected.exit) {
        problems.push(format!("exit code {code:?}, expected {}", expected.exit));
    }
    if expected.exit == 0 {
        for page in &expected.pages {
            if !out.join(page).is_file() {
                problems.push(format!("no {page} in the output"));
            }
        }
    } else {
        let mut wanted = expected.message.clone();
        if let Some(file) = &expected.file {
            wanted.push(match expected.line {
                Some(line) => format!("{file}:{line}"),
                None => file.clone(),
            });
        }
        wanted.push("was left as it was".into());
        for w in &wanted {
            if !stderr.contains(w.as_str()) {
                problems.push(format!("the message lacks `{w}`"));
            }
        }
        for w in INTERNAL_WORDS {
            if stderr.contains(w) {
                problems.push(format!("the message shows internals (`{w}`)"));
            }
        }
        for w in &expected.absent {
            if stderr.contains(w.as_str()) {
                problems.push(format!("the message holds `{w}`"));
            }
        }
        let errors = stderr.lines().filter(|l| l.starts_with("error: ")).count();
        if expected.errors.is_some_and(|n| n != errors) {
            problems.push(format!("{errors} errors, expected {:?}", expected.errors));
        }
        let after = snapshot(tmp.path());
        if after != before {
            problems.push(format!(
                "the build changed files:\n{}",
                diff(&before, &after)
            ));
        }
    }
    if problems.is_empty() {
        Ok(None)
    } else {
        Err(format!(
            "{name} ({}):\n  {}\n  --- stderr ---\n{stderr}",
            expected.about,
            problems.join("\n  ")
        ))
    }
}

#[test]
fn invalid_sites_fail_clearly_and_lose_nothing() {
    let cases = corpus();
    assert!(cases.len() >= 30, "the corpus has {} cases", cases.len());
    let good_dir = tempfile::tempdir().unwrap();
    let good = good_output(good_dir.path());
    let results: Vec<(String, Result<Option<String>, String>)> = cases
        .par_iter()
        .map(|(name, expected)| (name.clone(), run_case(name, expected, &good)))
        .collect();
    let mut failures = Vec::new();
    for (name, result) in results {
        match result {
            Ok(None) => {}
            Ok(Some(reason)) => eprintln!("skipped {name}: {reason}"),
            Err(report) => failures.push(report),
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n\n")
    );
}

// ---------------------------------------------------------------------------
// Generated extremes.

/// A site with `pages` pages in one folder, each about `bytes` long.
fn synthetic_site(root: &Path, pages: usize, bytes: usize) {
    write(&root.join("regionwise.toml"), "title = \"Synthetic\"\n");
    write(
        &root.join("content/_index.md"),
        "+++\ntitle = \"Home\"\n+++\nA synthetic site.\n",
    );
    let para = "Failover moves traffic to the standby region once health checks fail; \
                the database replica is promoted and DNS points clients at it. ";
    let body: String = para.repeat(bytes / para.len() + 1);
    for i in 0..pages {
        write(
            &root.join(format!("content/many/page-{i:05}.md")),
            format!(
                "+++\ntitle = \"Page {i}\"\nweight = {i}\n+++\n## Part one\n\n{body}\n\n\
                 ## Part two\n\nBack to [the first page](@/many/page-00000.md#part-one).\n"
            ),
        );
    }
}

/// Peak resident memory (VmHWM, in KiB) of a child, sampled until it exits.
fn run_measuring_peak(mut cmd: Command) -> (Output, u64) {
    let child = cmd
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    let status_path = format!("/proc/{}/status", child.id());
    let peak = std::sync::atomic::AtomicU64::new(0);
    let done = std::sync::atomic::AtomicBool::new(false);
    let output = std::thread::scope(|s| {
        s.spawn(|| {
            while !done.load(std::sync::atomic::Ordering::Relaxed) {
                if let Some(kib) = std::fs::read_to_string(&status_path).ok().and_then(|t| {
                    t.lines()
                        .find_map(|l| l.strip_prefix("VmHWM:"))
                        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
                }) {
                    peak.fetch_max(kib, std::sync::atomic::Ordering::Relaxed);
                }
                std::thread::sleep(Duration::from_millis(5));
            }
        });
        let output = child.wait_with_output().expect("wait");
        done.store(true, std::sync::atomic::Ordering::Relaxed);
        output
    });
    (output, peak.into_inner())
}

#[test]
fn a_50_mb_page_builds_in_bounded_memory() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    write(&site.join("regionwise.toml"), "title = \"Huge\"\n");
    let mut text = String::from("+++\ntitle = \"Huge\"\n+++\n");
    let para = "Active-passive keeps a warm standby; **active-active** serves from both \
                regions and needs a database that settles conflicts. See [home](#part-0).\n\n";
    let mut part = 0;
    while text.len() < 50 * 1024 * 1024 {
        writeln!(text, "## Part {part}\n").unwrap();
        for _ in 0..40 {
            text.push_str(para);
        }
        part += 1;
    }
    let input = text.len() as u64;
    write(&site.join("content/_index.md"), &text);
    drop(text);
    let out = tmp.path().join("public");
    let mut cmd = Command::new(bin());
    cmd.args(["build", "--root"])
        .arg(&site)
        .arg("--output")
        .arg(&out);
    let (output, peak_kib) = run_measuring_peak(cmd);
    assert_success(&output, "a 50 MB page");
    let html = std::fs::metadata(out.join("index.html")).unwrap().len();
    assert!(html > input / 2, "the page was rendered ({html} bytes)");
    let peak = peak_kib * 1024;
    eprintln!(
        "50 MB page: peak RSS {} MB for {} MB of Markdown",
        peak >> 20,
        input >> 20
    );
    assert!(peak > 0, "peak memory was measured");
    // Generous: the text, its HTML, the search text and the output in
    // memory at once, with room to spare — but not unbounded.
    assert!(peak < 24 * input, "peak RSS {} MB", peak >> 20);
}

#[test]
fn ten_thousand_files_in_one_folder_build() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    synthetic_site(&site, 10_000, 200);
    let out = tmp.path().join("public");
    let output = build(&site, &out, tmp.path());
    assert_success(&output, "10,000 pages");
    assert!(out.join("many/page-09999/index.html").is_file());
    assert!(out.join("many/index.html").is_file());
}

#[test]
fn a_killed_build_keeps_the_previous_output_and_leaves_no_debris() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    synthetic_site(&site, 3_000, 2_000);
    let out = tmp.path().join("public");
    assert_success(&build(&site, &out, tmp.path()), "the first build");
    let before = snapshot(&out);

    // Change the site, then kill its build while it writes the staging folder.
    write(
        &site.join("content/_index.md"),
        "+++\ntitle = \"Home, changed\"\n+++\nChanged.\n",
    );
    let mut child = Command::new(bin())
        .args(["build", "--root"])
        .arg(&site)
        .arg("--output")
        .arg(&out)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let staging = tmp
        .path()
        .join(format!(".public.regionwise-tmp-{}", child.id()));
    let start = Instant::now();
    let mut seen = false;
    while start.elapsed() < Duration::from_secs(120) {
        if staging.exists() {
            seen = true;
            break;
        }
        if child.try_wait().unwrap().is_some() {
            break;
        }
        std::thread::sleep(Duration::from_micros(200));
    }
    child.kill().unwrap();
    let status = child.wait().unwrap();
    assert!(
        seen,
        "the staging folder never appeared (build ended: {status})"
    );
    assert!(!status.success(), "the build was killed before it finished");

    // The previous output is there, byte for byte: in place, or (killed
    // mid-swap) moved aside where the next build puts it back.
    let aside = tmp
        .path()
        .join(format!(".public.regionwise-old-{}", child.id()));
    let intact = if out.exists() { &out } else { &aside };
    assert_eq!(
        snapshot(intact),
        before,
        "the previous output changed:\n{}",
        diff(&before, &snapshot(intact))
    );

    // The next build recovers, succeeds, and leaves nothing behind.
    assert_success(&build(&site, &out, tmp.path()), "the build after the kill");
    let home = std::fs::read_to_string(out.join("index.html")).unwrap();
    assert!(home.contains("Home, changed"));
    let debris: Vec<String> = std::fs::read_dir(tmp.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".public.regionwise-"))
        .collect();
    assert!(debris.is_empty(), "left behind: {debris:?}");
}

/// One plain HTTP/1.1 GET; returns the status code (0 when the connection
/// failed, which the load test counts as an error).
fn http_get(addr: &str, path: &str) -> u16 {
    try_request(addr, "GET", path).map_or(0, |reply| reply.status)
}

#[test]
fn serve_answers_under_load_while_files_change() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    synthetic_site(&site, 200, 500);
    let mut server = Command::new(bin())
        .args(["serve", "--port", "0", "--root"])
        .arg(&site)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut stdout = std::io::BufReader::new(server.stdout.take().unwrap());
    let mut line = String::new();
    std::io::BufRead::read_line(&mut stdout, &mut line).unwrap();
    let addr = line
        .split("http://")
        .nth(1)
        .and_then(|rest| rest.split('/').next())
        .unwrap_or_else(|| panic!("no URL in `{line}`"))
        .to_string();

    // Paths and the statuses each may answer with.
    let paths: &[(&str, &[u16])] = &[
        ("/", &[200]),
        ("/many/", &[200]),
        ("/many/page-00001/", &[200]),
        ("/many/page-00150/index.html", &[200]),
        ("/many/page-00001", &[302]),
        ("/sitemap.xml", &[200]),
        ("/nope/", &[404]),
        ("/../../etc/passwd", &[400, 404]),
        ("/__regionwise/livereload.js", &[200]),
    ];
    let deadline = Instant::now() + Duration::from_secs(6);
    let done = std::sync::atomic::AtomicBool::new(false);
    let (requests, bad) = std::thread::scope(|s| {
        // Edits while the load runs: a valid change, a broken page, a fix.
        s.spawn(|| {
            let page = site.join("content/many/page-00001.md");
            let mut n = 0;
            while !done.load(std::sync::atomic::Ordering::Relaxed) {
                let text = if n % 5 == 4 {
                    "+++\ntitle = \"Broken\nmid-edit\n".to_string()
                } else {
                    format!("+++\ntitle = \"Edit {n}\"\n+++\nBody {n}.\n")
                };
                write(&page, text);
                n += 1;
                std::thread::sleep(Duration::from_millis(150));
            }
            write(&page, "+++\ntitle = \"Final edit\"\n+++\nDone.\n");
        });
        let clients: Vec<_> = (0..4)
            .map(|c| {
                let addr = &addr;
                s.spawn(move || {
                    let (mut n, mut bad) = (0usize, Vec::new());
                    // Bounded by time and by count.
                    while Instant::now() < deadline && n < 20_000 {
                        let (path, ok) = paths[(n + c) % paths.len()];
                        let status = http_get(addr, path);
                        if !ok.contains(&status) {
                            bad.push(format!("{path} → {status}"));
                        }
                        n += 1;
                    }
                    (n, bad)
                })
            })
            .collect();
        let results: Vec<(usize, Vec<String>)> =
            clients.into_iter().map(|h| h.join().unwrap()).collect();
        done.store(true, std::sync::atomic::Ordering::Relaxed);
        let total: usize = results.iter().map(|r| r.0).sum();
        let bad: Vec<String> = results.into_iter().flat_map(|r| r.1).collect();
        (total, bad)
    });
    eprintln!(
        "serve: {requests} requests in 6 s, {} unexpected",
        bad.len()
    );
    assert!(server.try_wait().unwrap().is_none(), "the server died");
    assert!(requests > 100, "only {requests} requests were answered");
    assert!(
        bad.is_empty(),
        "unexpected answers: {:?}",
        &bad[..bad.len().min(20)]
    );

    // The last edit is served once the rebuild has run.
    let start = Instant::now();
    let fetch = || {
        use std::io::{Read, Write};
        let mut stream = std::net::TcpStream::connect(&addr).unwrap();
        write!(
            stream,
            "GET /many/page-00001/ HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
        )
        .unwrap();
        let mut body = String::new();
        let _ = stream.read_to_string(&mut body);
        body
    };
    while !fetch().contains("Final edit") {
        assert!(
            start.elapsed() < Duration::from_secs(30),
            "the last edit was never served"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    server.kill().unwrap();
    server.wait().unwrap();
}

// ---------------------------------------------------------------------------
// The fuzz targets' bodies, on stable: hand-picked inputs, then random ones.

const SEEDS: &[&str] = &[
    "",
    "+++",
    "+++\n",
    "+++\n+++",
    "+++\ntitle = \"A\"\n+++\nbody",
    "---\ntitle: A\n---\n",
    "---\ntitle: [\n---\n",
    "+++ \ntitle = \"A\"\n+++ \r\n",
    "\u{feff}+++\ntitle=1\n+++",
    "{{ a() }}",
    "{{ a(x=\"}}\") }}",
    "{% a() %}{% b() %}x{% end %}{% end %}",
    "{% end %}",
    "{{/* a() */}}",
    "{{/*",
    "{{/*/}}",
    "```\n{{ a() }}\n```\n{{ b(n=1.5e308, f=true) }}",
    "`{{ a() }}` {{ a(",
    "{{ é(x=\"ü\") }}",
    "@/a/x.md#h",
    "../../../../x.png",
    "/../x.png",
    "/./a/../../x",
    "..",
    "a/..//../x.md",
    "?q=1#x",
    "{\"regions\": 1e308}",
    "{\"compute\": -1}",
    "{\"preset\": \"pilot-light\", \"dns_ttl_s\": 0}",
    "{\"sla\": 100, \"outages_per_year\": 1e9}",
    "{\"users\": 0, \"contractual_sla\": 99.999}",
];

fn all_bodies(data: &[u8]) {
    fuzz_bodies::front_matter(data);
    fuzz_bodies::shortcode(data);
    fuzz_bodies::links(data);
    fuzz_bodies::models(data);
}

#[test]
fn fuzz_bodies_hold_on_seeds() {
    for seed in SEEDS {
        all_bodies(seed.as_bytes());
    }
    // The seed corpus bench/fuzz.sh starts libFuzzer from.
    let seeds = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/seeds");
    let files: Vec<PathBuf> = walkdir::WalkDir::new(seeds)
        .into_iter()
        .map(|e| e.expect("walk").into_path())
        .filter(|p| p.is_file())
        .collect();
    assert!(!files.is_empty(), "fuzz/seeds has files");
    for file in files {
        all_bodies(&std::fs::read(file).unwrap());
    }
    // And every registered model's inputs at their defaults and at the ends
    // of their ranges, so a new model is fuzzed from its own fields.
    for model in regionwise_models::MODELS {
        for seed in model_seeds(model) {
            fuzz_bodies::models(seed.as_bytes());
        }
    }
}

/// A model's inputs at their defaults, minima and maxima, as JSON objects.
fn model_seeds(model: &regionwise_models::ModelDef) -> Vec<String> {
    let object = |pick: &dyn Fn(&regionwise_models::FieldSpec) -> serde_json::Value| {
        let map: serde_json::Map<String, serde_json::Value> = model
            .fields
            .iter()
            .map(|f| (f.name.to_owned(), pick(f)))
            .collect();
        serde_json::Value::Object(map).to_string()
    };
    let numeric = |f: &regionwise_models::FieldSpec, n: f64| match f.kind {
        regionwise_models::FieldKind::Number | regionwise_models::FieldKind::Integer => {
            serde_json::json!(n)
        }
        _ => f.default_json(),
    };
    vec![
        object(&|f| f.default_json()),
        object(&|f| numeric(f, f.min)),
        object(&|f| numeric(f, f.max)),
    ]
}

mod fuzz_random {
    use super::*;
    use proptest::prelude::*;

    /// Strings made of the pieces the parsers care about, so random inputs
    /// reach deep instead of failing on the first byte.
    fn tokens() -> impl Strategy<Value = String> {
        let piece = prop::sample::select(vec![
            "+++",
            "---",
            "\n",
            "\r\n",
            "title = \"T\"",
            "title: T",
            "{{",
            "}}",
            "{%",
            "%}",
            "end",
            "(",
            ")",
            "=",
            ",",
            "\"",
            "a",
            "x",
            "`",
            "```",
            "/*",
            "*/",
            "@/",
            "../",
            "/",
            "#",
            ".md",
            "é",
            " ",
            "1e308",
            "-1",
            "true",
        ]);
        prop::collection::vec(piece, 0..40).prop_map(|v| v.concat())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(512))]

        #[test]
        fn fuzz_bodies_hold_on_random_bytes(data in prop::collection::vec(any::<u8>(), 0..200)) {
            all_bodies(&data);
        }

        #[test]
        fn fuzz_bodies_hold_on_random_tokens(text in tokens()) {
            fuzz_bodies::front_matter(text.as_bytes());
            fuzz_bodies::shortcode(text.as_bytes());
            fuzz_bodies::links(text.as_bytes());
        }

        #[test]
        fn models_hold_on_random_inputs(
            values in prop::collection::btree_map(
                prop::sample::select(
                    regionwise_models::MODELS
                        .iter()
                        .flat_map(|m| m.fields)
                        .map(|f| f.name)
                        .collect::<Vec<_>>(),
                ),
                prop_oneof![
                    any::<f64>().prop_filter("JSON numbers are finite", |f| f.is_finite()),
                    (-10.0f64..1e6),
                    Just(0.0),
                ],
                0..6,
            )
        ) {
            let json = serde_json::to_vec(&values).unwrap();
            fuzz_bodies::models(&json);
        }
    }
}
