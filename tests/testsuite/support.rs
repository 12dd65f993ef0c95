//! What the tests share: the binary, a site fixture in a temporary folder
//! ([`SiteTest`]: build → check a file → change a file → rebuild → expect an
//! error), tree snapshots, a tiny HTTP/1.1 client over std's TcpStream (so
//! the tests need no HTTP crate) and a guard that stops what a test started.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

use sha2::{Digest, Sha256};

/// The binary under test; `REGIONWISE_BIN` runs the suite against another
/// build (an older one, to see a new case fail before its fix).
pub fn binary() -> PathBuf {
    std::env::var_os("REGIONWISE_BIN").map_or_else(
        || PathBuf::from(env!("CARGO_BIN_EXE_regionwise")),
        PathBuf::from,
    )
}

/// Runs the regionwise binary from the temp folder (outside any site), so
/// a test names every path it means.
pub fn run(args: &[&str]) -> Output {
    Command::new(binary())
        .args(args)
        .current_dir(std::env::temp_dir())
        .output()
        .expect("run regionwise")
}

/// `regionwise` with assertions on its exit and output.
pub fn regionwise() -> assert_cmd::Command {
    assert_cmd::Command::new(binary())
}

/// The repository root.
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// `tests/fixtures/NAME`.
pub fn fixture(name: &str) -> PathBuf {
    repo().join("tests/fixtures").join(name)
}

/// A path as a command-line argument.
pub fn arg(p: &Path) -> &str {
    p.to_str().expect("UTF-8 path")
}

/// Standard error as text.
pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Standard output as text.
pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// Writes a file, making its folders.
pub fn write(path: &Path, text: impl AsRef<[u8]>) {
    std::fs::create_dir_all(path.parent().expect("has a parent")).expect("mkdir");
    std::fs::write(path, text).expect("write");
}

/// Copies a folder tree.
pub fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.expect("walk");
        let dest = to.join(entry.path().strip_prefix(from).expect("under from"));
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&dest).expect("mkdir");
        } else {
            std::fs::copy(entry.path(), &dest).expect("copy");
        }
    }
}

/// A site in a temporary folder (`site/`, built into `public/` beside it):
/// made from a fixture, changed file by file, built with the real binary.
///
/// ```ignore
/// let site = SiteTest::from_fixture("basic");
/// site.build().success();
/// site.write("content/guide/broken.md", "...");
/// site.build().failure().stderr(contains("broken.md:4"));
/// ```
pub struct SiteTest {
    dir: tempfile::TempDir,
}

impl SiteTest {
    /// A copy of `tests/fixtures/NAME`.
    pub fn from_fixture(name: &str) -> SiteTest {
        let test = SiteTest::empty();
        copy_dir(&fixture(name), &test.root());
        test
    }

    /// No files yet.
    pub fn empty() -> SiteTest {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::create_dir_all(dir.path().join("site")).expect("mkdir");
        SiteTest { dir }
    }

    /// A site of one home page (`body` after its front matter) and `config`.
    pub fn with_home(config: &str, body: &str) -> SiteTest {
        let test = SiteTest::empty();
        test.write("regionwise.toml", config);
        test.write(
            "content/_index.md",
            &format!("+++\ntitle = \"Home\"\n+++\n{body}\n"),
        );
        test
    }

    /// The temporary folder holding `site/` and `public/`.
    pub fn dir(&self) -> &Path {
        self.dir.path()
    }

    /// The site folder.
    pub fn root(&self) -> PathBuf {
        self.dir.path().join("site")
    }

    /// The output folder of [`SiteTest::build`].
    pub fn out(&self) -> PathBuf {
        self.dir.path().join("public")
    }

    /// Writes a file of the site (`content/a.md`).
    pub fn write(&self, rel: &str, text: &str) -> &Self {
        write(&self.root().join(rel), text);
        self
    }

    /// Removes a file of the site.
    pub fn remove(&self, rel: &str) -> &Self {
        std::fs::remove_file(self.root().join(rel)).expect("remove");
        self
    }

    /// A file of the output.
    pub fn output(&self, rel: &str) -> String {
        let path = self.out().join(rel);
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
    }

    /// `regionwise build --root site --output public ARGS`.
    pub fn build_with(&self, args: &[&str]) -> assert_cmd::assert::Assert {
        self.build_into(&self.out(), args)
    }

    /// `regionwise build --root site --output OUT ARGS`.
    pub fn build_into(&self, out: &Path, args: &[&str]) -> assert_cmd::assert::Assert {
        regionwise()
            .args(["build", "--root"])
            .arg(self.root())
            .arg("--output")
            .arg(out)
            .args(args)
            .assert()
    }

    /// `regionwise build` into `public/`.
    pub fn build(&self) -> assert_cmd::assert::Assert {
        self.build_with(&[])
    }
}

/// Every file, folder and symlink under `dir`, with a hash of its content (or
/// what stood in its way), without following symlinks.
pub fn snapshot(dir: &Path) -> BTreeMap<PathBuf, String> {
    let mut files = BTreeMap::new();
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let Ok(entry) = entry else { continue };
        let rel = entry
            .path()
            .strip_prefix(dir)
            .expect("under dir")
            .to_path_buf();
        let kind = entry.file_type();
        let value = if kind.is_symlink() {
            format!("link → {:?}", std::fs::read_link(entry.path()).ok())
        } else if kind.is_dir() {
            "dir".to_string()
        } else {
            match std::fs::read(entry.path()) {
                Ok(bytes) => format!("{:x}", Sha256::digest(&bytes)),
                Err(e) => format!("unreadable: {}", e.kind()),
            }
        };
        files.insert(rel, value);
    }
    files
}

/// What differs between two snapshots, for a failure message.
pub fn diff(before: &BTreeMap<PathBuf, String>, after: &BTreeMap<PathBuf, String>) -> String {
    let mut out = String::new();
    for (path, hash) in before {
        match after.get(path) {
            None => writeln!(out, "  removed {}", path.display()).unwrap(),
            Some(h) if h != hash => writeln!(out, "  changed {}", path.display()).unwrap(),
            _ => {}
        }
    }
    for path in after.keys().filter(|p| !before.contains_key(*p)) {
        writeln!(out, "  added {}", path.display()).unwrap();
    }
    out
}

// ---------------------------------------------------------------------------
// HTTP.

/// One HTTP response.
#[derive(Debug)]
pub struct Reply {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Reply {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

/// Sends `METHOD target` (the target exactly as given, not normalised) to
/// `host:port` and reads the whole reply.
pub fn request(addr: &str, method: &str, target: &str) -> Reply {
    try_request(addr, method, target).unwrap_or_else(|e| panic!("{method} {target} to {addr}: {e}"))
}

/// [`request`], with what went wrong instead of a panic (for load tests,
/// which count failures).
pub fn try_request(addr: &str, method: &str, target: &str) -> std::io::Result<Reply> {
    let bad = |what: &str| std::io::Error::new(std::io::ErrorKind::InvalidData, what.to_string());
    let mut stream = TcpStream::connect(addr)?;
    stream.set_read_timeout(Some(Duration::from_secs(10)))?;
    write!(
        stream,
        "{method} {target} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )?;
    let mut reader = BufReader::new(stream);
    let mut line = String::new();
    reader.read_line(&mut line)?;
    let status = line
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| bad(&format!("bad status line {line:?}")))?;
    let mut headers = Vec::new();
    loop {
        line.clear();
        reader.read_line(&mut line)?;
        let trimmed = line.trim_end();
        if trimmed.is_empty() {
            break;
        }
        if let Some((n, v)) = trimmed.split_once(':') {
            headers.push((n.trim().to_string(), v.trim().to_string()));
        }
    }
    let mut body = Vec::new();
    let chunked = headers
        .iter()
        .any(|(n, v)| n.eq_ignore_ascii_case("transfer-encoding") && v.contains("chunked"));
    if method == "HEAD" {
    } else if chunked {
        loop {
            line.clear();
            reader.read_line(&mut line)?;
            let size = usize::from_str_radix(line.trim(), 16).map_err(|_| bad("chunk size"))?;
            if size == 0 {
                break;
            }
            let mut chunk = vec![0; size + 2];
            reader.read_exact(&mut chunk)?;
            body.extend_from_slice(&chunk[..size]);
        }
    } else {
        let _ = reader.read_to_end(&mut body);
    }
    Ok(Reply {
        status,
        headers,
        body,
    })
}

pub fn get(addr: &str, target: &str) -> Reply {
    request(addr, "GET", target)
}

/// Sends `bytes` as they are and returns the status and the whole reply as
/// text (status 0 when the server closed without answering).
pub fn raw(addr: &str, bytes: &[u8]) -> (u16, String) {
    let mut stream = TcpStream::connect(addr).expect("connect");
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .expect("timeout");
    // The server may answer (and close) before reading everything sent.
    let _ = stream.write_all(bytes);
    let mut reply = Vec::new();
    let _ = stream.read_to_end(&mut reply);
    let text = String::from_utf8_lossy(&reply).into_owned();
    let status = text
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    (status, text)
}

/// Polls `GET target` until `pred` holds; returns the reply and how long it
/// took, or panics after `limit`.
pub fn poll(
    addr: &str,
    target: &str,
    limit: Duration,
    pred: impl Fn(&Reply) -> bool,
) -> (Reply, Duration) {
    let start = Instant::now();
    loop {
        let reply = get(addr, target);
        if pred(&reply) {
            return (reply, start.elapsed());
        }
        if start.elapsed() > limit {
            panic!("gave up after {limit:?}; last reply:\n{}", reply.text());
        }
        std::thread::sleep(Duration::from_millis(5));
    }
}

// ---------------------------------------------------------------------------
// Processes.

/// A child process killed when the test ends, pass or fail.
pub struct Running(pub Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Starts `regionwise serve --port 0 ARGS...` and returns it with its
/// `127.0.0.1:PORT`, read from the line it prints.
pub fn start_serve(args: &[&str]) -> (Running, String) {
    let mut child = Command::new(binary())
        .arg("serve")
        .args(["--port", "0"])
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start regionwise serve");
    let stdout = child.stdout.take().expect("stdout");
    let running = Running(child);
    let mut line = String::new();
    BufReader::new(stdout)
        .read_line(&mut line)
        .expect("serve prints its address");
    let addr = line
        .split("http://")
        .nth(1)
        .and_then(|rest| rest.split('/').next())
        .unwrap_or_else(|| panic!("no address in {line:?}"))
        .to_string();
    (running, addr)
}

/// Snapshots stay in `tests/snapshots/` under the names they had when each
/// test file was a binary of its own (`build__first_page.snap`).
#[macro_export]
macro_rules! assert_snapshot {
    ($name:expr, $value:expr) => {
        insta::with_settings!({
            snapshot_path => "../snapshots",
            prepend_module_to_snapshot => false,
        }, {
            insta::assert_snapshot!($name, $value);
        })
    };
}
