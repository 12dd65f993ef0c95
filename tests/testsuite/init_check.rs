//! `init` → `build` round trips, `check` (build errors, review dates,
//! external links against a local server), git review dates and branding.

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use crate::support::{arg as path, run, stderr, stdout};

/// A bare site in a temp folder.
fn bare_site() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    let o = run(&["init", path(&site), "--bare"]);
    assert!(o.status.success(), "{}", stderr(&o));
    dir
}

#[test]
fn init_builds_on_the_bundled_guide_and_checks_clean() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("guide");
    let o = run(&["init", path(&site)]);
    assert!(o.status.success(), "{}", stderr(&o));
    let mut files: Vec<String> = walkdir::WalkDir::new(&site)
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_file())
        .map(|e| e.path().strip_prefix(&site).unwrap().display().to_string())
        .collect();
    files.sort();
    assert_eq!(
        files,
        [
            ".gitignore",
            "content/_index.md",
            "content/our-platform/_index.md",
            "regionwise.lock",
            "regionwise.toml",
            "static/README.md",
            "templates/README.md",
        ]
    );
    let config = std::fs::read_to_string(site.join("regionwise.toml")).unwrap();
    assert!(config.contains("\nbase = \"bundled\"\n"), "{config}");
    assert!(config.contains("# hide = ["));
    // The example override is recorded with the bundled version it is from.
    let lock = regionwise::eject::Lock::read(&site).unwrap();
    let home = lock.entry("content/_index.md").unwrap();
    assert_eq!(
        home.sha256,
        regionwise::eject::sha256_hex(regionwise::eject::bundled("content/_index.md").unwrap())
    );

    let o = run(&["check", "--root", path(&site), "--strict"]);
    assert!(o.status.success(), "{}{}", stdout(&o), stderr(&o));
    let o = run(&["build", "--root", path(&site)]);
    assert!(o.status.success(), "{}", stderr(&o));
    let home = std::fs::read_to_string(site.join("public/index.html")).unwrap();
    assert!(home.contains("Our internal copy") && home.contains("our-platform/index.html"));
    assert!(site.join("public/patterns/dr-ladder/index.html").is_file());
    assert!(site.join("public/our-platform/index.html").is_file());
}

#[test]
fn init_copy_copies_the_guide_and_it_builds() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("guide");
    let o = run(&["init", path(&site), "--copy"]);
    assert!(o.status.success(), "{}", stderr(&o));
    for file in [
        "regionwise.toml",
        "content/_index.md",
        "content/data/decisions.toml",
        "templates/README.md",
        "static/README.md",
        ".gitignore",
    ] {
        assert!(site.join(file).is_file(), "{file} missing");
    }
    let config = std::fs::read_to_string(site.join("regionwise.toml")).unwrap();
    assert!(config.contains("# [calculator.cost]"));
    assert!(config.contains("# accent_color = "));
    let readme = std::fs::read_to_string(site.join("templates/README.md")).unwrap();
    assert!(readme.contains("`page.html`") && readme.contains("`shortcodes/callout.html`"));
    assert!(config.contains("# base = \"bundled\""));
    // Every copied file is recorded, so an upgrade says which changed upstream.
    let lock = regionwise::eject::Lock::read(&site).unwrap();
    assert!(lock.entry("content/patterns/dr-ladder.md").is_some());
    assert!(lock.entry("content/data/decisions.toml").is_some());

    let o = run(&["build", "--root", path(&site)]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(site.join("public/index.html").is_file());
    assert!(site.join("public/search/index.js").is_file());
}

#[test]
fn init_bare_builds_and_checks_clean() {
    let dir = bare_site();
    let site = dir.path().join("site");
    let o = run(&["build", "--root", path(&site)]);
    assert!(o.status.success(), "{}", stderr(&o));
    let o = run(&["check", "--root", path(&site), "--strict"]);
    assert!(o.status.success(), "{}{}", stdout(&o), stderr(&o));
    assert!(
        stdout(&o).contains("Checked 3 pages: 0 errors, 0 warnings."),
        "{}",
        stdout(&o)
    );
}

#[test]
fn init_refuses_a_folder_with_files() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("notes.txt"), "mine").unwrap();
    let o = run(&["init", path(dir.path())]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("is not empty"), "{}", stderr(&o));
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        1,
        "nothing written"
    );
}

#[test]
fn check_lists_build_errors_and_exits_1() {
    let dir = bare_site();
    let site = dir.path().join("site");
    let page = site.join("content/decisions/first-decision.md");
    let text = std::fs::read_to_string(&page).unwrap();
    std::fs::write(
        &page,
        format!("{text}\nSee [nowhere](@/decisions/nope.md).\n"),
    )
    .unwrap();
    let o = run(&["check", "--root", path(&site)]);
    assert_eq!(o.status.code(), Some(1));
    let line = text.lines().count() + 2;
    let expected = format!("content/decisions/first-decision.md:{line}");
    assert!(stderr(&o).contains(&expected), "{}", stderr(&o));
    assert!(stderr(&o).contains("nope.md"));
    assert!(!site.join("public").exists(), "check writes nothing");
}

#[test]
fn check_reports_a_symlink_out_of_the_site_like_build() {
    let dir = bare_site();
    let site = dir.path().join("site");
    let secret = dir.path().join("secret");
    std::fs::create_dir_all(&secret).unwrap();
    std::fs::write(secret.join("credentials"), "aws_secret_access_key = x").unwrap();
    std::fs::create_dir_all(site.join("static")).unwrap();
    std::os::unix::fs::symlink(&secret, site.join("static/aws")).unwrap();
    let o = run(&["check", "--root", path(&site)]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stderr(&o).contains("static/aws: cannot read: this is a symbolic link to"));
    assert!(
        stderr(&o).contains("outside the site folder"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn check_warns_about_pages_due_for_review() {
    let dir = bare_site();
    let site = dir.path().join("site");
    let page = site.join("content/decisions/first-decision.md");
    let text = std::fs::read_to_string(&page).unwrap();
    let old = text
        .lines()
        .map(|l| {
            if l.starts_with("reviewed = ") {
                "reviewed = \"2001-02-03\""
            } else {
                l
            }
        })
        .collect::<Vec<_>>()
        .join("\n");
    std::fs::write(&page, old).unwrap();
    let o = run(&["check", "--root", path(&site)]);
    assert!(o.status.success(), "warnings alone pass: {}", stderr(&o));
    assert!(
        stderr(&o).contains("warning: content/decisions/first-decision.md: last reviewed 2001-02-03, due for review since 2002-02-03"),
        "{}",
        stderr(&o)
    );
    let o = run(&["check", "--root", path(&site), "--strict"]);
    assert_eq!(o.status.code(), Some(1));
}

#[test]
fn review_dates_come_from_git_when_asked() {
    let dir = bare_site();
    let site = dir.path().join("site");
    let page = site.join("content/decisions/first-decision.md");
    let text = std::fs::read_to_string(&page).unwrap();
    let undated: String = text
        .lines()
        .filter(|l| !l.starts_with("reviewed = "))
        .map(|l| format!("{l}\n"))
        .collect();
    std::fs::write(&page, undated).unwrap();
    let config = std::fs::read_to_string(site.join("regionwise.toml")).unwrap();
    std::fs::write(
        site.join("regionwise.toml"),
        config.replace("# from_git = false", "from_git = true"),
    )
    .unwrap();
    let git_on = |date: &str, args: &[&str]| {
        let o = Command::new("git")
            .args(["-c", "user.name=t", "-c", "user.email=t@example.com"])
            .args(args)
            .current_dir(&site)
            .env("GIT_COMMITTER_DATE", date)
            .env("GIT_AUTHOR_DATE", date)
            .output()
            .expect("git");
        assert!(o.status.success(), "git {args:?}: {}", stderr(&o));
    };
    let git = |args: &[&str]| git_on("2025-03-04T12:00:00Z", args);
    git(&["init", "-q"]);
    git(&["add", "."]);
    git(&["commit", "-q", "-m", "first"]);
    let o = run(&["build", "--root", path(&site)]);
    assert!(o.status.success(), "{}", stderr(&o));
    let html =
        std::fs::read_to_string(site.join("public/decisions/first-decision/index.html")).unwrap();
    assert!(
        html.contains("last reviewed <time datetime=\"2025-03-04\">"),
        "{html}"
    );
    let o = run(&["check", "--root", path(&site)]);
    assert!(
        stderr(&o).contains("first-decision.md: last reviewed 2025-03-04"),
        "{}",
        stderr(&o)
    );

    // A later commit to the page: its sitemap lastmod and its "last
    // reviewed" move to that commit, its "first published" stays.
    std::fs::write(
        &page,
        std::fs::read_to_string(&page).unwrap() + "\nOne more line.\n",
    )
    .unwrap();
    git_on("2025-06-07T12:00:00Z", &["commit", "-q", "-am", "second"]);
    let o = run(&["build", "--root", path(&site)]);
    assert!(o.status.success(), "{}", stderr(&o));
    let html =
        std::fs::read_to_string(site.join("public/decisions/first-decision/index.html")).unwrap();
    assert!(
        html.contains("first published <time datetime=\"2025-03-04\">")
            && html.contains("last reviewed <time datetime=\"2025-06-07\">"),
        "{html}"
    );
    let sitemap = std::fs::read_to_string(site.join("public/sitemap.xml")).unwrap();
    assert!(
        sitemap.contains("/decisions/first-decision/</loc><lastmod>2025-06-07</lastmod>"),
        "{sitemap}"
    );
}

#[test]
fn branding_accent_goes_into_the_fingerprinted_stylesheet() {
    let dir = bare_site();
    let site = dir.path().join("site");
    let config = std::fs::read_to_string(site.join("regionwise.toml")).unwrap();
    let config = config
        .replace("# accent_color = \"#0b5cad\"", "accent_color = \"#7a1f5c\"")
        .replace("# footer = ", "footer = ")
        .replace("# edit_url = ", "edit_url = ");
    std::fs::write(site.join("regionwise.toml"), config).unwrap();
    let o = run(&["build", "--root", path(&site)]);
    assert!(o.status.success(), "{}", stderr(&o));
    let public = site.join("public");
    let css = std::fs::read_dir(&public)
        .unwrap()
        .filter_map(Result::ok)
        .find(|e| {
            e.file_name().to_string_lossy().starts_with("site.")
                && e.file_name().to_string_lossy().ends_with(".css")
        })
        .expect("site.css");
    let css = std::fs::read_to_string(css.path()).unwrap();
    assert!(
        css.contains(":root { --accent: #7a1f5c; --accent-fg: #ffffff; }"),
        "{}",
        &css[css.len().saturating_sub(300)..]
    );
    let html = std::fs::read_to_string(public.join("decisions/first-decision/index.html")).unwrap();
    assert!(html.contains("Platform team · ask in #platform-help"));
    assert!(html.contains("href=\"https://git.example.com/platform/guide/-/edit/main/content/decisions/first-decision.md\""));
    assert!(!html.contains("style="), "no inline style");
}

/// A local HTTP server: `/ok*` answers 200 after 50 ms, `/slow` after 3 s,
/// anything else 404. Counts the most requests it had in flight at once.
fn link_server() -> (String, Arc<AtomicUsize>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap().to_string();
    let in_flight = Arc::new(AtomicUsize::new(0));
    let peak = Arc::new(AtomicUsize::new(0));
    let peak_out = Arc::clone(&peak);
    std::thread::spawn(move || {
        for stream in listener.incoming().take(200) {
            let Ok(mut stream) = stream else { continue };
            let in_flight = Arc::clone(&in_flight);
            let peak = Arc::clone(&peak);
            std::thread::spawn(move || {
                let now = in_flight.fetch_add(1, Ordering::SeqCst) + 1;
                peak.fetch_max(now, Ordering::SeqCst);
                let mut line = String::new();
                let mut reader = BufReader::new(stream.try_clone().unwrap());
                let _ = reader.read_line(&mut line);
                loop {
                    let mut h = String::new();
                    if reader.read_line(&mut h).map_or(true, |n| n == 0) || h.trim().is_empty() {
                        break;
                    }
                }
                let target = line.split_whitespace().nth(1).unwrap_or("/");
                let status = if target.starts_with("/ok") {
                    std::thread::sleep(Duration::from_millis(50));
                    "200 OK"
                } else if target == "/slow" {
                    std::thread::sleep(Duration::from_secs(3));
                    "200 OK"
                } else {
                    "404 Not Found"
                };
                in_flight.fetch_sub(1, Ordering::SeqCst);
                let _ = write!(
                    stream,
                    "HTTP/1.1 {status}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                );
            });
        }
    });
    (addr, peak_out)
}

#[test]
fn check_external_reports_broken_and_slow_links_with_a_per_host_limit() {
    let (addr, peak) = link_server();
    let dir = bare_site();
    let site = dir.path().join("site");
    let page = site.join("content/decisions/first-decision.md");
    let mut text = std::fs::read_to_string(&page).unwrap();
    for i in 0..6 {
        text.push_str(&format!("\n[ok {i}](http://{addr}/ok{i})\n"));
    }
    text.push_str(&format!(
        "\n[gone](http://{addr}/gone)\n\n[slow](http://{addr}/slow)\n"
    ));
    std::fs::write(&page, &text).unwrap();
    let o = run(&[
        "check",
        "--root",
        path(&site),
        "--external",
        "--timeout",
        "1",
        "--per-host",
        "2",
    ]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    let gone_line = text.lines().position(|l| l.contains("/gone")).unwrap() + 1;
    assert!(
        err.contains(&format!("content/decisions/first-decision.md:{gone_line}: broken external link http://{addr}/gone: HTTP 404")),
        "{err}"
    );
    assert!(err.contains(&format!("http://{addr}/slow")), "{err}");
    assert!(!err.contains("/ok"), "{err}");
    assert!(
        stdout(&o).contains("8 external links: 2 errors"),
        "{}",
        stdout(&o)
    );
    let peak = peak.load(Ordering::SeqCst);
    assert!(
        (1..=2).contains(&peak),
        "at most 2 requests at once to one host, saw {peak}"
    );
}

#[test]
fn check_external_names_every_line_that_links_a_url_and_no_other() {
    let (addr, _) = link_server();
    let dir = bare_site();
    let site = dir.path().join("site");
    let page = site.join("content/decisions/first-decision.md");
    let mut text = std::fs::read_to_string(&page).unwrap();
    // Named first in code, which is not a link; then linked on two lines.
    text.push_str(&format!(
        "\nThe old address was `http://{addr}/gone`.\n\nSee [it](http://{addr}/gone).\n\nAnd [again](http://{addr}/gone).\n"
    ));
    std::fs::write(&page, &text).unwrap();
    let o = run(&["check", "--root", path(&site), "--external"]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    let line_of = |s: &str| text.lines().position(|l| l.contains(s)).unwrap() + 1;
    let file = "content/decisions/first-decision.md";
    let expected = format!(
        "error: {file}:{}, {file}:{}: broken external link http://{addr}/gone: HTTP 404",
        line_of("[it]"),
        line_of("[again]")
    );
    assert!(err.contains(&expected), "{expected}\n{err}");
    assert!(
        !err.contains(&format!("{file}:{}", line_of("old address"))),
        "{err}"
    );
}
