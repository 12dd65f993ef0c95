//! `regionwise serve` over real HTTP: pages with the live-reload script and
//! the CSP, rebuilds after a change, the error panel over the last good
//! site, and refusal of every spelling of path traversal.

mod common;

use std::io::{BufRead, BufReader, Write};
use std::net::TcpStream;
use std::time::Duration;

use common::{copy_dir, get, poll, repo, request, start_serve};

fn site() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    copy_dir(&repo().join("tests/fixtures/basic"), dir.path());
    dir
}

#[test]
fn serves_pages_with_live_reload_and_csp() {
    let dir = site();
    let (_server, addr) = start_serve(&["--root", dir.path().to_str().unwrap()]);
    let page = get(&addr, "/guide/first/index.html");
    assert_eq!(page.status, 200);
    assert_eq!(
        page.header("content-type"),
        Some("text/html; charset=utf-8")
    );
    assert_eq!(
        page.header("content-security-policy"),
        Some("default-src 'self'; script-src 'self' 'wasm-unsafe-eval'")
    );
    let html = page.text();
    assert!(html.contains("<h1>First page</h1>"), "{html}");
    assert!(html.contains("<script src=\"/__regionwise/livereload.js\""));
    assert!(!html.contains("<script>"), "no inline script");

    assert_eq!(get(&addr, "/").status, 200);
    let folder = get(&addr, "/guide?x=1");
    assert_eq!(folder.status, 302);
    assert_eq!(folder.header("location"), Some("/guide/?x=1"));
    let missing = get(&addr, "/no/such/page/");
    assert_eq!(missing.status, 404);
    assert!(missing.text().contains("Page not found"));
    assert_eq!(request(&addr, "POST", "/").status, 405);
    assert_eq!(request(&addr, "HEAD", "/").status, 200);
    let script = get(&addr, "/__regionwise/livereload.js");
    assert_eq!(script.status, 200);
    assert!(script
        .header("content-type")
        .unwrap()
        .starts_with("text/javascript"));
    let search = get(&addr, "/search/index.js");
    assert_eq!(search.status, 200);
    assert!(search.text().starts_with("RegionwiseSearch.load(\"index\""));
}

#[test]
fn refuses_path_traversal_in_every_spelling() {
    let dir = site();
    std::fs::write(dir.path().join("secret.txt"), "do not serve").unwrap();
    let (_server, addr) = start_serve(&["--root", dir.path().to_str().unwrap()]);
    for target in [
        "/../secret.txt",
        "/guide/../../secret.txt",
        "/%2e%2e/secret.txt",
        "/%2E%2E%2Fsecret.txt",
        "/guide/..%2f..%2fsecret.txt",
        "/..%5csecret.txt",
        "/%00",
        "/%zz",
        "secret.txt",
    ] {
        let reply = get(&addr, target);
        assert_eq!(reply.status, 400, "{target}: {}", reply.text());
        assert!(!reply.text().contains("do not serve"));
    }
    assert_eq!(get(&addr, "/secret.txt").status, 404);
    assert_eq!(get(&addr, "/regionwise.toml").status, 404);
}

#[test]
fn a_change_is_served_after_the_rebuild() {
    let dir = site();
    let (_server, addr) = start_serve(&["--root", dir.path().to_str().unwrap()]);
    let page = dir.path().join("content/guide/first.md");
    let text = std::fs::read_to_string(&page).unwrap();
    let mut events = open_events(&addr);
    std::fs::write(
        &page,
        text.replace("A duplicate heading.", "Freshly edited words."),
    )
    .unwrap();
    let (_, took) = poll(
        &addr,
        "/guide/first/index.html",
        Duration::from_secs(10),
        |r| r.text().contains("Freshly edited words."),
    );
    eprintln!("edit visible over HTTP after {} ms", took.as_millis());
    assert_eq!(next_event(&mut events), "event: reload");
    // The search index follows the edit too.
    let (_, _) = poll(&addr, "/search/index.js", Duration::from_secs(5), |r| {
        r.status == 200
    });
}

#[test]
fn a_broken_file_shows_the_error_panel_over_the_last_good_site() {
    let dir = site();
    let (_server, addr) = start_serve(&["--root", dir.path().to_str().unwrap()]);
    let page = dir.path().join("content/guide/second.md");
    let good = std::fs::read_to_string(&page).unwrap();
    std::fs::write(&page, format!("{good}\n{{{{ no_such_shortcode() }}}}\n")).unwrap();
    let (reply, _) = poll(
        &addr,
        "/guide/second/index.html",
        Duration::from_secs(10),
        |r| r.text().contains("data-regionwise-build-error"),
    );
    let html = reply.text();
    let line = good.lines().count() + 2;
    assert!(
        html.contains(&format!("<code>content/guide/second.md:{line}")),
        "{html}"
    );
    assert!(html.contains("no_such_shortcode"));
    assert!(
        html.contains("<h1>Second page</h1>"),
        "the last good page is still served"
    );
    assert_eq!(reply.status, 200);

    std::fs::write(&page, good).unwrap();
    poll(
        &addr,
        "/guide/second/index.html",
        Duration::from_secs(10),
        |r| !r.text().contains("data-regionwise-build-error"),
    );
}

#[test]
fn a_site_that_never_built_shows_the_errors() {
    let dir = site();
    std::fs::write(
        dir.path().join("regionwise.toml"),
        "title = \"x\"\ntitel = 1\n",
    )
    .unwrap();
    let (_server, addr) = start_serve(&["--root", dir.path().to_str().unwrap()]);
    let reply = get(&addr, "/");
    assert_eq!(reply.status, 500);
    let html = reply.text();
    assert!(html.contains("<code>regionwise.toml:2"), "{html}");
    assert!(html.contains("titel"));
}

/// Opens the live-reload stream, waiting for the current build, so the
/// next event is the rebuild's.
fn open_events(addr: &str) -> BufReader<TcpStream> {
    let version = get(addr, "/guide/first/index.html").text();
    let since = version
        .split("data-generation=\"")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .unwrap()
        .to_string();
    let mut stream = TcpStream::connect(addr).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    write!(
        stream,
        "GET /__regionwise/events?since={since} HTTP/1.1\r\nHost: {addr}\r\n\r\n"
    )
    .unwrap();
    let mut reader = BufReader::new(stream);
    let mut line = String::new();
    reader.read_line(&mut line).unwrap();
    assert!(line.starts_with("HTTP/1.1 200"), "{line}");
    reader
}

/// The next `event:` line of a stream.
fn next_event(reader: &mut BufReader<TcpStream>) -> String {
    let mut line = String::new();
    loop {
        line.clear();
        reader.read_line(&mut line).expect("event stream line");
        if line.starts_with("event:") {
            return line.trim_end().to_string();
        }
    }
}
