//! The shipped deploy/nginx.conf, for real: Debian's nginx on 127.0.0.1 over
//! a built site, checked for pages, the wasm MIME type, cache headers, the
//! CSP and the 404 page.
//!
//! nginx is installed by scripts/setup. Without it the test is skipped with
//! a message, except in CI (`CI` set), where a missing nginx fails it.

use std::net::{TcpListener, TcpStream};
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::support::{binary, get, repo, Running};

const CSP: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'";
const IMMUTABLE: &str = "public, max-age=31536000, immutable";

fn nginx() -> Option<PathBuf> {
    ["/usr/sbin/nginx", "/usr/bin/nginx", "/usr/local/sbin/nginx"]
        .iter()
        .map(PathBuf::from)
        .find(|p| p.exists())
}

/// Builds a bare site with a wasm file in it; returns the output folder.
fn built_site(dir: &Path) -> PathBuf {
    let site = dir.join("site");
    let run = |args: &[&str]| {
        let o = Command::new(binary())
            .args(args)
            .output()
            .expect("regionwise");
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    };
    run(&["init", site.to_str().unwrap(), "--bare"]);
    std::fs::write(site.join("static/probe.wasm"), b"\0asm\x01\0\0\0").unwrap();
    run(&["build", "--root", site.to_str().unwrap()]);
    site.join("public")
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("free port")
}

/// nginx's workers may run as another user when the tests run as root:
/// let them read the temp folders.
fn open_up(path: &Path) {
    let mut p = Some(path);
    while let Some(dir) = p {
        if dir == std::env::temp_dir() || dir.parent().is_none() {
            break;
        }
        let _ = std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o755));
        p = dir.parent();
    }
}

fn find_file(dir: &Path, prefix: &str, ext: &str) -> String {
    std::fs::read_dir(dir)
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .find(|n| n.starts_with(prefix) && n.ends_with(ext))
        .unwrap_or_else(|| panic!("no {prefix}*{ext} in {}", dir.display()))
}

#[test]
fn shipped_nginx_config_serves_the_site_with_the_right_headers() {
    let Some(nginx) = nginx() else {
        assert!(
            std::env::var_os("CI").is_none(),
            "nginx is not installed (scripts/setup installs nginx-light)"
        );
        eprintln!("skipped: nginx is not installed (scripts/setup installs nginx-light)");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let public = built_site(dir.path());
    let prefix = dir.path().join("nginx");
    std::fs::create_dir_all(prefix.join("tmp")).unwrap();
    for entry in folders(&public) {
        open_up(&entry);
    }
    let port = free_port();
    let conf = std::fs::read_to_string(repo().join("deploy/nginx.conf"))
        .unwrap()
        .replace("__SITE_ROOT__", public.to_str().unwrap())
        .replace("__PORT__", &port.to_string());
    std::fs::write(prefix.join("nginx.conf"), conf).unwrap();
    let child = Command::new(nginx)
        .arg("-p")
        .arg(&prefix)
        .arg("-c")
        .arg(prefix.join("nginx.conf"))
        .arg("-e")
        .arg(prefix.join("error.log"))
        .args(["-g", "daemon off; master_process off;"])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start nginx");
    let _nginx = Running(child);
    let addr = format!("127.0.0.1:{port}");
    wait_for(&addr, &prefix);

    let home = get(&addr, "/");
    assert_eq!(home.status, 200, "{}", home.text());
    assert_eq!(
        home.header("content-type"),
        Some("text/html; charset=utf-8")
    );
    assert_eq!(home.header("content-security-policy"), Some(CSP));
    assert_eq!(home.header("cache-control"), Some("no-cache"));
    assert_eq!(home.header("x-content-type-options"), Some("nosniff"));
    assert!(home.text().contains("<h1>Home</h1>"));

    let page = get(&addr, "/decisions/first-decision/");
    assert_eq!(page.status, 200);
    assert!(page.text().contains("Our first decision"));
    let folder = get(&addr, "/decisions");
    assert_eq!(folder.status, 301);
    assert_eq!(folder.header("location"), Some("/decisions/"));

    let css = get(&addr, &format!("/{}", find_file(&public, "site.", ".css")));
    assert_eq!(css.status, 200);
    assert_eq!(css.header("content-type"), Some("text/css; charset=utf-8"));
    assert_eq!(css.header("cache-control"), Some(IMMUTABLE));
    let wasm = get(
        &addr,
        &format!("/{}", find_file(&public, "probe.", ".wasm")),
    );
    assert_eq!(wasm.status, 200);
    assert_eq!(wasm.header("content-type"), Some("application/wasm"));
    assert_eq!(wasm.header("cache-control"), Some(IMMUTABLE));
    assert_eq!(wasm.body, b"\0asm\x01\0\0\0");
    let search = get(&addr, "/search/index.js");
    assert_eq!(
        search.header("content-type"),
        Some("text/javascript; charset=utf-8")
    );
    assert_eq!(search.header("cache-control"), Some("no-cache"));

    let missing = get(&addr, "/no/such/page");
    assert_eq!(missing.status, 404);
    assert!(
        missing.text().contains("Page not found"),
        "{}",
        missing.text()
    );
    assert_eq!(missing.header("content-security-policy"), Some(CSP));
    assert_eq!(get(&addr, "/../etc/passwd").status, 400);
}

/// `dir` and every folder under it.
fn folders(dir: &Path) -> Vec<PathBuf> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_dir())
        .map(walkdir::DirEntry::into_path)
        .collect()
}

fn wait_for(addr: &str, prefix: &Path) {
    let start = Instant::now();
    while TcpStream::connect(addr).is_err() {
        if start.elapsed() > Duration::from_secs(10) {
            let log = std::fs::read_to_string(prefix.join("error.log")).unwrap_or_default();
            panic!("nginx did not start on {addr}:\n{log}");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}
