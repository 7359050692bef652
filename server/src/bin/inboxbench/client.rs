//! The inbox clients: each signs in with a session of its own and reads `GET /api/events` on a
//! plain OS thread over a blocking socket, recording when each change event arrived.

use std::io::{BufRead, BufReader, Read, Write};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicI64, AtomicUsize, Ordering};
use std::time::{Duration, Instant, SystemTime};

use serde_json::Value;

use crate::bench_support::rss_kib;
use crate::{OPERATOR, PASSWORD};

/// One change event as a client read it.
pub struct Received {
    pub at: Instant,
    pub wall: SystemTime,
    pub id: i64,
    pub kind: String,
    pub message_id: Option<i64>,
}

/// What the bench watches while a client runs.
#[derive(Default)]
pub struct Progress {
    pub ready: AtomicBool,
    /// `kind: "message"` events with an id above the shared baseline.
    pub messages: AtomicUsize,
    pub resets: AtomicUsize,
}

/// One inbox client: a thread reading `/api/events` over its own connection.
pub struct Client {
    pub progress: Arc<Progress>,
    pub socket: std::net::TcpStream,
    pub thread: std::thread::JoinHandle<Vec<Received>>,
}

/// Signs in (one session per call) and returns the session cookie, `name=value`.
async fn login(http: &reqwest::Client, base: &str) -> String {
    let res = http
        .post(format!("{base}/api/auth/login"))
        .form(&[("username", OPERATOR), ("password", PASSWORD)])
        .send()
        .await
        .expect("login request");
    assert!(res.status().is_success(), "login: {}", res.status());
    res.headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with(server::SESSION_COOKIE))
        .expect("a session cookie")
        .split(';')
        .next()
        .unwrap()
        .to_string()
}

/// Connects a client: sends the request, checks the answer's head, then reads the stream on a
/// thread of its own until the socket is shut down.
fn connect(port: u16, cookie: &str, baseline: Arc<AtomicI64>) -> Client {
    let socket = std::net::TcpStream::connect(("127.0.0.1", port)).expect("client connects");
    socket.set_nodelay(true).ok();
    let request = format!(
        "GET /api/events HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nAccept: text/event-stream\r\nCookie: {cookie}\r\n\r\n"
    );
    (&socket).write_all(request.as_bytes()).expect("client writes");
    let progress = Arc::new(Progress::default());
    let thread = {
        let socket = socket.try_clone().unwrap();
        let progress = progress.clone();
        std::thread::Builder::new()
            .name("inbox-client".into())
            .stack_size(256 * 1024)
            .spawn(move || read_events(socket, &progress, &baseline))
            .unwrap()
    };
    Client { progress, socket, thread }
}

fn read_events(socket: std::net::TcpStream, progress: &Progress, baseline: &AtomicI64) -> Vec<Received> {
    let mut r = BufReader::new(socket);
    let mut line = String::new();
    r.read_line(&mut line).expect("response status");
    assert!(line.starts_with("HTTP/1.1 200"), "/api/events answered {line:?}");
    let mut chunked = false;
    loop {
        line.clear();
        r.read_line(&mut line).expect("response headers");
        if line.trim().is_empty() {
            break;
        }
        let l = line.to_ascii_lowercase();
        chunked |= l.starts_with("transfer-encoding:") && l.contains("chunked");
    }
    let mut got = Vec::new();
    let mut text = String::new();
    let mut chunk = Vec::new();
    loop {
        // One piece of the body: a chunk, or whatever one read returns without chunked coding.
        chunk.clear();
        if chunked {
            line.clear();
            if r.read_line(&mut line).unwrap_or(0) == 0 {
                break;
            }
            let size = usize::from_str_radix(line.trim().split(';').next().unwrap_or(""), 16).unwrap_or(0);
            if size == 0 {
                break;
            }
            chunk.resize(size + 2, 0); // the data and its CRLF
            if r.read_exact(&mut chunk).is_err() {
                break;
            }
            chunk.truncate(size);
        } else {
            let mut buf = [0u8; 4096];
            match r.read(&mut buf) {
                Ok(0) | Err(_) => break,
                Ok(k) => chunk.extend_from_slice(&buf[..k]),
            }
        }
        let (at, wall) = (Instant::now(), SystemTime::now());
        text.push_str(&String::from_utf8_lossy(&chunk));
        while let Some(end) = text.find("\n\n") {
            let block: String = text.drain(..end + 2).collect();
            let mut named = None;
            let mut data = None;
            for l in block.lines() {
                if let Some(v) = l.strip_prefix("event:") {
                    named = Some(v.trim().to_string());
                } else if let Some(v) = l.strip_prefix("data:") {
                    data = serde_json::from_str::<Value>(v.trim()).ok();
                }
            }
            match (named.as_deref(), data) {
                (Some("ready"), _) => progress.ready.store(true, Ordering::Release),
                (Some("reset"), _) => {
                    progress.resets.fetch_add(1, Ordering::Relaxed);
                }
                (None, Some(d)) => {
                    let e = Received {
                        at,
                        wall,
                        id: d["id"].as_i64().unwrap_or(-1),
                        kind: d["kind"].as_str().unwrap_or("").to_string(),
                        message_id: d["message_id"].as_i64(),
                    };
                    if e.kind == "message" && e.id > baseline.load(Ordering::Acquire) {
                        progress.messages.fetch_add(1, Ordering::Release);
                    }
                    got.push(e);
                }
                _ => {} // keep-alive comments
            }
        }
    }
    got
}

/// Connects `n` more clients, each with a session of its own, and waits until each got `ready`.
/// All sign in first, then all connect; returns the server's RSS between the two (logins hash a
/// password with Argon2, 19 MiB each, which can leave memory behind that the streams don't use).
pub async fn add_clients(
    n: usize,
    clients: &mut Vec<Client>,
    http: &reqwest::Client,
    base: &str,
    port: u16,
    baseline: &Arc<AtomicI64>,
    pid: u32,
) -> u64 {
    let mut cookies = Vec::with_capacity(n);
    for _ in 0..n {
        // One after the other, as people sign in.
        cookies.push(login(http, base).await);
    }
    tokio::time::sleep(Duration::from_millis(500)).await;
    let after_logins = rss_kib(pid).unwrap_or(0);
    for cookie in cookies {
        clients.push(connect(port, &cookie, baseline.clone()));
    }
    let deadline = Instant::now() + Duration::from_secs(30);
    while !clients.iter().all(|c| c.progress.ready.load(Ordering::Acquire)) {
        assert!(Instant::now() < deadline, "clients not ready");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    after_logins
}

/// Waits until every client has counted `want` message events past the baseline; false if that
/// took longer than `limit`.
pub async fn wait_for_events(clients: &[Client], want: usize, limit: Duration) -> bool {
    let deadline = Instant::now() + limit;
    loop {
        if clients.iter().all(|c| c.progress.messages.load(Ordering::Acquire) >= want) {
            return true;
        }
        if Instant::now() > deadline {
            return false;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}
