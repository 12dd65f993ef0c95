//! The HTTP/1.1 under `serve`: just enough of it, with the limits a
//! development server open on a machine's loopback needs.
//!
//! - Only `Host: localhost`, `127.0.0.1` or `[::1]` with the server's port
//!   is answered: a page on another site that points a DNS name at
//!   127.0.0.1 (DNS rebinding) gets a 403, never the site or its errors.
//! - The request line and headers are capped at [`MAX_HEAD`] bytes (414 or
//!   431 past it); a client that sends nothing, or half a request, for
//!   [`Limits::idle`] is disconnected.
//! - At most [`Limits::connections`] connections are open at once; more
//!   get a 503 and are closed at once, so no client can exhaust threads.
//! - One request per connection (`Connection: close`), no request bodies:
//!   GET and HEAD are all `serve` answers.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// The most a request line and its headers may take, together.
pub const MAX_HEAD: usize = 8 * 1024;

/// How long and how many.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// A connection that has not sent a whole request head by then is
    /// closed; so is a response the client does not read.
    pub idle: Duration,
    /// Connections open at once, live-reload streams included.
    pub connections: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            idle: Duration::from_secs(10),
            connections: 128,
        }
    }
}

/// A request head, as far as `serve` needs it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    pub method: String,
    /// The target exactly as sent (`/guide/?q=1`).
    pub target: String,
    pub host: Option<String>,
}

/// A response's bytes: a built file shared with the site in memory (no copy
/// per request), the server's own files, or made for this response.
#[derive(Debug, Clone)]
pub enum Body {
    Shared(Arc<[u8]>),
    Static(&'static [u8]),
    Owned(Vec<u8>),
}

impl std::ops::Deref for Body {
    type Target = [u8];
    fn deref(&self) -> &[u8] {
        match self {
            Body::Shared(b) => b,
            Body::Static(b) => b,
            Body::Owned(b) => b,
        }
    }
}

impl From<Vec<u8>> for Body {
    fn from(bytes: Vec<u8>) -> Self {
        Body::Owned(bytes)
    }
}

/// A complete response.
#[derive(Debug)]
pub struct Response {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Body,
}

impl Response {
    pub fn new(status: u16, content_type: &str, body: impl Into<Body>) -> Self {
        Response {
            status,
            headers: vec![("Content-Type".into(), content_type.into())],
            body: body.into(),
        }
    }

    pub fn text(status: u16, message: &str) -> Self {
        let body = format!("{status} {message}\n").into_bytes();
        Response::new(status, "text/plain; charset=utf-8", body)
    }

    pub fn header(mut self, name: &str, value: &str) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }

    /// Writes the response; the body is left out for HEAD.
    pub fn write_to(&self, out: &mut impl Write, head_only: bool) -> std::io::Result<()> {
        let mut head = format!("HTTP/1.1 {} {}\r\n", self.status, reason(self.status));
        for (name, value) in &self.headers {
            head.push_str(&format!("{name}: {value}\r\n"));
        }
        head.push_str(&format!(
            "Content-Length: {}\r\nConnection: close\r\n\r\n",
            self.body.len()
        ));
        out.write_all(head.as_bytes())?;
        if !head_only {
            out.write_all(&self.body)?;
        }
        out.flush()
    }
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        302 => "Found",
        400 => "Bad Request",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        408 => "Request Timeout",
        414 => "URI Too Long",
        431 => "Request Header Fields Too Large",
        500 => "Internal Server Error",
        503 => "Service Unavailable",
        _ => "",
    }
}

/// Why a request head was not read.
#[derive(Debug, PartialEq, Eq)]
pub enum HeadError {
    /// The client closed, or timed out, before a whole head: nothing to say.
    Gone,
    /// A reply to send before closing.
    Reply(u16, &'static str),
}

/// Reads one request head (request line and headers) within `MAX_HEAD`
/// bytes and the `idle` deadline.
pub fn read_head(stream: &mut TcpStream, idle: Duration) -> Result<Request, HeadError> {
    let deadline = Instant::now() + idle;
    let mut buf = Vec::with_capacity(1024);
    let mut chunk = [0u8; 1024];
    loop {
        if let Some(end) = head_end(&buf) {
            return parse_head(&buf[..end]);
        }
        if buf.len() >= MAX_HEAD {
            return Err(too_large(&buf));
        }
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return Err(HeadError::Gone);
        }
        stream
            .set_read_timeout(Some(left))
            .map_err(|_| HeadError::Gone)?;
        let room = (MAX_HEAD + 4 - buf.len()).min(chunk.len());
        match stream.read(&mut chunk[..room]) {
            Ok(0) | Err(_) => return Err(HeadError::Gone),
            Ok(n) => buf.extend_from_slice(&chunk[..n]),
        }
    }
}

/// 414 when the request line alone is too long, else 431.
fn too_large(buf: &[u8]) -> HeadError {
    if buf.contains(&b'\n') {
        HeadError::Reply(431, "the request headers are too large")
    } else {
        HeadError::Reply(414, "the request line is too long")
    }
}

/// Where the head ends: just past the empty line (CRLF CRLF, or LF LF).
fn head_end(buf: &[u8]) -> Option<usize> {
    let crlf = buf.windows(4).position(|w| w == b"\r\n\r\n").map(|i| i + 4);
    let lf = buf.windows(2).position(|w| w == b"\n\n").map(|i| i + 2);
    match (crlf, lf) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
    .filter(|&end| end <= MAX_HEAD)
}

fn parse_head(head: &[u8]) -> Result<Request, HeadError> {
    let bad = |why| HeadError::Reply(400, why);
    let text = std::str::from_utf8(head).map_err(|_| bad("the request is not valid UTF-8"))?;
    let mut lines = text.split('\n').map(|l| l.strip_suffix('\r').unwrap_or(l));
    let line = lines.next().unwrap_or("");
    let mut parts = line.split(' ');
    let (Some(method), Some(target), Some(version), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(bad("the request line is not `METHOD /path HTTP/1.1`"));
    };
    if !version.starts_with("HTTP/1.") || method.is_empty() || target.is_empty() {
        return Err(bad("the request line is not `METHOD /path HTTP/1.1`"));
    }
    let mut host = None;
    for header in lines.take_while(|l| !l.is_empty()) {
        let Some((name, value)) = header.split_once(':') else {
            return Err(bad("a header line has no `:`"));
        };
        if name.trim().eq_ignore_ascii_case("host") {
            if host.is_some() {
                return Err(bad("two Host headers"));
            }
            host = Some(value.trim().to_string());
        }
    }
    Ok(Request {
        method: method.to_string(),
        target: target.to_string(),
        host,
    })
}

/// Whether `host` names this server on the loopback: `localhost`,
/// `127.0.0.1` or `[::1]`, with the server's port (which browsers leave out
/// only for port 80).
pub fn host_allowed(host: &str, port: u16) -> bool {
    let (name, host_port) = match host.rsplit_once(':') {
        Some((name, p)) if !name.ends_with(':') && p.bytes().all(|b| b.is_ascii_digit()) => {
            (name, p.parse::<u16>().ok())
        }
        _ => (host, None),
    };
    let name = name.to_ascii_lowercase();
    let loopback = matches!(name.as_str(), "localhost" | "127.0.0.1" | "[::1]");
    let port_ok = match host_port {
        Some(p) => p == port,
        None => port == 80,
    };
    loopback && port_ok
}

/// What a handler wants done with a connection.
pub enum Reply {
    Full(Response),
    /// Keep the connection to stream to it (server-sent events); the
    /// handler writes everything itself.
    Stream(Box<dyn FnOnce(&mut TcpStream) + Send>),
}

/// Accepts connections until the listener fails, each on a thread of its
/// own, never more than `limits.connections` at once.
pub fn serve(
    listener: TcpListener,
    port: u16,
    limits: Limits,
    handle: Arc<dyn Fn(&Request) -> Reply + Send + Sync>,
) {
    let open = Arc::new(AtomicUsize::new(0));
    for stream in listener.incoming() {
        let Ok(mut stream) = stream else { continue };
        if open.fetch_add(1, Ordering::SeqCst) >= limits.connections {
            open.fetch_sub(1, Ordering::SeqCst);
            // Answered without reading: a full server must not wait on
            // the client that filled it.
            let _ = stream.set_write_timeout(Some(Duration::from_millis(200)));
            let _ =
                Response::text(503, "too many connections; try again").write_to(&mut stream, false);
            continue;
        }
        let slot = Arc::clone(&open);
        let handle = Arc::clone(&handle);
        let spawned = std::thread::Builder::new()
            .name("serve-connection".into())
            .spawn(move || {
                connection(stream, port, limits, handle.as_ref());
                slot.fetch_sub(1, Ordering::SeqCst);
            });
        if spawned.is_err() {
            // No thread for it: the stream was dropped (closed) with the
            // closure; release its slot.
            open.fetch_sub(1, Ordering::SeqCst);
        }
    }
}

/// One connection: one request, one response.
fn connection(
    mut stream: TcpStream,
    port: u16,
    limits: Limits,
    handle: &(dyn Fn(&Request) -> Reply + Send + Sync),
) {
    let _ = stream.set_write_timeout(Some(limits.idle));
    let request = match read_head(&mut stream, limits.idle) {
        Ok(r) => r,
        Err(HeadError::Gone) => return,
        Err(HeadError::Reply(status, why)) => {
            let _ = Response::text(status, why).write_to(&mut stream, false);
            return;
        }
    };
    let head_only = request.method == "HEAD";
    let reply = match &request.host {
        None => Reply::Full(Response::text(400, "the request has no Host header")),
        Some(host) if !host_allowed(host, port) => Reply::Full(Response::text(
            403,
            &format!(
                "this development server answers only to localhost, 127.0.0.1 and [::1] \
                 on port {port} (a page elsewhere may not reach it through a DNS name)"
            ),
        )),
        Some(_) => handle(&request),
    };
    match reply {
        Reply::Full(response) => {
            let _ = response.write_to(&mut stream, head_only);
        }
        Reply::Stream(run) => run(&mut stream),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn host_allow_list() {
        for ok in [
            "localhost:3000",
            "LOCALHOST:3000",
            "127.0.0.1:3000",
            "[::1]:3000",
        ] {
            assert!(host_allowed(ok, 3000), "{ok}");
        }
        for bad in [
            "evil.example:3000",
            "localhost:3001",
            "localhost",
            "127.0.0.1",
            "127.0.0.2:3000",
            "localhost.evil.example:3000",
            "[::2]:3000",
            "",
        ] {
            assert!(!host_allowed(bad, 3000), "{bad}");
        }
        assert!(host_allowed("localhost", 80));
    }

    #[test]
    fn heads_parse_with_crlf_or_lf() {
        let r = parse_head(b"GET /a?b HTTP/1.1\r\nhost: localhost:1\r\nX: y\r\n\r\n").unwrap();
        assert_eq!(r.method, "GET");
        assert_eq!(r.target, "/a?b");
        assert_eq!(r.host.as_deref(), Some("localhost:1"));
        assert!(parse_head(b"GET /\n\n").is_err());
        assert!(parse_head(b"GET / HTTP/1.1\nHost: a\nHost: b\n\n").is_err());
        assert_eq!(head_end(b"GET / HTTP/1.1\n\nrest"), Some(16));
    }

    #[test]
    fn oversized_heads_are_told_apart() {
        assert_eq!(
            too_large(b"GET /aaaa"),
            HeadError::Reply(414, "the request line is too long")
        );
        assert_eq!(
            too_large(b"GET / HTTP/1.1\r\nX: aaaa"),
            HeadError::Reply(431, "the request headers are too large")
        );
    }
}
