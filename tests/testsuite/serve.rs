//! `regionwise serve` over real HTTP: pages with the live-reload script and
//! the CSP, rebuilds after a change, the error panel over the last good
//! site, and refusal of every spelling of path traversal.

use std::io::{BufRead, BufReader, Write};
use std::net::TcpStream;
use std::time::Duration;

use crate::support::{binary, copy_dir, fixture, get, poll, raw, request, start_serve, Running};

fn site() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    copy_dir(&fixture("basic"), dir.path());
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

// ---------------------------------------------------------------------------
// Hardening: only loopback host names, bounded heads, timeouts and
// connections, ASCII redirects, relative roots, nothing outside the output.

fn port_of(addr: &str) -> &str {
    addr.rsplit(':').next().unwrap()
}

fn get_with_host(addr: &str, host: &str) -> (u16, String) {
    raw(
        addr,
        format!("GET / HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n").as_bytes(),
    )
}

#[test]
fn answers_only_to_loopback_host_names_dns_rebinding() {
    let dir = site();
    let (_server, addr) = start_serve(&["--root", dir.path().to_str().unwrap()]);
    let port = port_of(&addr);
    for host in [
        format!("localhost:{port}"),
        format!("127.0.0.1:{port}"),
        format!("[::1]:{port}"),
    ] {
        let (status, text) = get_with_host(&addr, &host);
        assert_eq!(status, 200, "{host}: {text}");
    }
    for host in [
        format!("rebind.evil.example:{port}"),
        format!("localhost:{}", port.parse::<u16>().unwrap().wrapping_add(1)),
        "localhost".to_string(),
    ] {
        let (status, text) = get_with_host(&addr, &host);
        assert_eq!(status, 403, "{host}: {text}");
        assert!(!text.contains("<h1>"), "{host} got the site: {text}");
    }
    let (status, _) = raw(&addr, b"GET / HTTP/1.1\r\nConnection: close\r\n\r\n");
    assert_eq!(status, 400, "no Host header");
}

#[test]
fn caps_the_request_line_and_headers() {
    let dir = site();
    let (_server, addr) = start_serve(&["--root", dir.path().to_str().unwrap()]);
    let long = "a".repeat(9 * 1024);
    let (status, _) = raw(
        &addr,
        format!("GET /{long} HTTP/1.1\r\nHost: {addr}\r\n\r\n").as_bytes(),
    );
    assert_eq!(status, 414);
    let (status, _) = raw(
        &addr,
        format!("GET / HTTP/1.1\r\nHost: {addr}\r\nX-Pad: {long}\r\n\r\n").as_bytes(),
    );
    assert_eq!(status, 431);
    let many: String = (0..2000).map(|i| format!("X-{i}: y\r\n")).collect();
    let (status, _) = raw(
        &addr,
        format!("GET / HTTP/1.1\r\nHost: {addr}\r\n{many}\r\n").as_bytes(),
    );
    assert_eq!(status, 431);
    assert_eq!(get(&addr, "/").status, 200, "still serving");
}

/// Whether the server closes `stream` within `limit` (reads EOF).
fn closed_within(mut stream: TcpStream, limit: Duration) -> bool {
    use std::io::Read;
    stream.set_read_timeout(Some(limit)).unwrap();
    let mut buf = [0u8; 256];
    loop {
        match stream.read(&mut buf) {
            Ok(0) => return true,
            Ok(_) => continue,
            Err(_) => return false,
        }
    }
}

#[test]
fn closes_idle_and_half_open_connections() {
    let dir = site();
    let (_server, addr) = start_serve(&[
        "--root",
        dir.path().to_str().unwrap(),
        "--idle-timeout-ms",
        "300",
    ]);
    let idle = TcpStream::connect(&addr).unwrap();
    assert!(
        closed_within(idle, Duration::from_secs(10)),
        "an idle connection stays open"
    );
    let mut half = TcpStream::connect(&addr).unwrap();
    write!(half, "GET / HTTP/1.1\r\nHost: {addr}\r\n").unwrap();
    assert!(
        closed_within(half, Duration::from_secs(10)),
        "a half-sent request stays open"
    );
    // One byte at a time does not keep it open past the deadline either.
    let mut slow = TcpStream::connect(&addr).unwrap();
    let start = std::time::Instant::now();
    let mut closed = false;
    for b in b"GET / HTTP/1.1\r\nX-Slow: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa".iter() {
        if slow.write_all(&[*b]).is_err() {
            closed = true;
            break;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    assert!(closed || closed_within(slow, Duration::from_secs(10)));
    assert!(start.elapsed() < Duration::from_secs(20));
    assert_eq!(get(&addr, "/").status, 200, "still serving");
}

#[test]
fn bounds_the_number_of_open_connections() {
    let dir = site();
    let (_server, addr) = start_serve(&[
        "--root",
        dir.path().to_str().unwrap(),
        "--max-connections",
        "8",
        "--idle-timeout-ms",
        "60000",
    ]);
    let held: Vec<TcpStream> = (0..8).map(|_| TcpStream::connect(&addr).unwrap()).collect();
    // The server counts a connection once it has accepted it.
    let (status, _) = poll_status(&addr, |s| s == 503);
    assert_eq!(status, 503, "the ninth connection is turned away");
    drop(held);
    let (status, _) = poll_status(&addr, |s| s == 200);
    assert_eq!(status, 200, "served again once they closed");
}

/// Polls `GET /` until its status satisfies `pred` (10 s at most).
fn poll_status(addr: &str, pred: impl Fn(u16) -> bool) -> (u16, String) {
    let start = std::time::Instant::now();
    loop {
        let (status, text) = raw(
            addr,
            format!("GET / HTTP/1.1\r\nHost: {addr}\r\n\r\n").as_bytes(),
        );
        if pred(status) || start.elapsed() > Duration::from_secs(10) {
            return (status, text);
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn redirects_a_non_ascii_folder_with_a_percent_encoded_location() {
    let dir = site();
    let cafe = dir.path().join("content/café");
    std::fs::create_dir_all(&cafe).unwrap();
    std::fs::write(cafe.join("_index.md"), "+++\ntitle = \"Café\"\n+++\nx\n").unwrap();
    let (_server, addr) = start_serve(&["--root", dir.path().to_str().unwrap()]);
    let reply = get(&addr, "/caf%C3%A9?x=1");
    assert_eq!(reply.status, 302);
    assert_eq!(reply.header("location"), Some("/caf%C3%A9/?x=1"));
    assert_eq!(get(&addr, "/caf%C3%A9/").status, 200);
}

#[test]
fn a_relative_root_rebuilds_on_change() {
    let dir = site();
    let parent = dir.path().parent().unwrap();
    let name = dir.path().file_name().unwrap();
    let mut child = std::process::Command::new(binary())
        .args(["serve", "--port", "0", "--root"])
        .arg(name)
        .current_dir(parent)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let _running = Running(child);
    let mut line = String::new();
    BufReader::new(stdout).read_line(&mut line).unwrap();
    let addr = line
        .split("http://")
        .nth(1)
        .and_then(|rest| rest.split('/').next())
        .unwrap()
        .to_string();
    let page = dir.path().join("content/guide/first.md");
    let text = std::fs::read_to_string(&page).unwrap();
    std::fs::write(
        &page,
        text.replace("A duplicate heading.", "Edited under a relative root."),
    )
    .unwrap();
    poll(
        &addr,
        "/guide/first/index.html",
        Duration::from_secs(10),
        |r| r.text().contains("Edited under a relative root."),
    );
}

#[test]
fn never_serves_a_file_outside_the_output() {
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("id_rsa"), "PRIVATE KEY").unwrap();
    let dir = site();
    std::os::unix::fs::symlink(outside.path(), dir.path().join("static/keys")).unwrap();
    let (_server, addr) = start_serve(&["--root", dir.path().to_str().unwrap()]);
    for target in ["/keys/id_rsa", "/keys/", "/static/keys/id_rsa", "/"] {
        let reply = get(&addr, target);
        assert!(
            !reply.text().contains("PRIVATE KEY"),
            "{target} served the key"
        );
    }
    let home = get(&addr, "/").text();
    assert!(
        home.contains("outside the site folder"),
        "the error is shown: {home}"
    );
}
