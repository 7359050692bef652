//! Inbox benchmark: how fast a customer's message reaches the operators' screens, and what the
//! connected screens cost in memory. The real server binary on a fresh database; inbox clients,
//! each with a session of its own, read `GET /api/events`; customers who handed off to an operator
//! (so their conversations are `waiting`) write through the webhook at a steady rate.
//!
//!   cargo build --release -p server --bins
//!   target/release/inboxbench --db sqlite
//!   TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test target/release/inboxbench --db postgres
//!
//! Flags (defaults): `--clients 20 --customers 200 --messages 3000 --rate 200` for the latency
//! phase; then `--idle-clients 200` clients in all with `--idle-messages 1000 --idle-rate 100`
//! for the memory phase; `--concurrency 64` posts in flight at most. The server's RSS is read from
//! /proc idle, after the handoffs, after the clients' logins, with their streams connected, and
//! at its peak while messages flow. `SERVER_RUST_LOG=…` shows the server's log.
//!
//! Latency is from the start of a message's POST to the moment its `kind: "message"` event has
//! been read by a client, for every (message, client) pair. Events are matched to posts exactly:
//! after the run, the messages table maps each event's message id to the update that carried it.
//! Each client is a plain OS thread reading its stream over a blocking socket, so its arrival
//! times include no queueing inside this process's async runtime.
//!
//! No bot token: the bot still applies the updates (its answers stay in the outbox), which keeps
//! the measurement about the inbox. Needs the `server` binary built next to it (same profile).
//! Traffic goes only to 127.0.0.1.

mod bench_support;

use bench_support::{pct, rss_kib};
use std::collections::{HashMap, HashSet};
use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicI64, AtomicU64, AtomicUsize, Ordering};
use std::time::{Duration, Instant, SystemTime};

use sea_orm::{ConnectionTrait, Database};
use serde_json::{Value, json};
use tokio::sync::Semaphore;

const SECRET: &str = "inboxbench_secret";
const OPERATOR: &str = "bench_operator";
const PASSWORD: &str = "inboxbench password, long enough";
/// Telegram user (and chat) ids of the simulated customers: FIRST_CUSTOMER + 0, 1, 2…
const FIRST_CUSTOMER: i64 = 20_000_000;

struct Args {
    db: String,
    /// Inbox clients connected while latency is measured.
    clients: usize,
    customers: i64,
    messages: i64,
    /// Messages per second, evenly spaced (open loop).
    rate: f64,
    /// Clients connected in the second phase (memory), in all.
    idle_clients: usize,
    /// Messages posted in the second phase, and their rate.
    idle_messages: i64,
    idle_rate: f64,
    concurrency: usize,
}

fn args() -> Args {
    let mut a = Args {
        db: "sqlite".into(),
        clients: 20,
        customers: 200,
        messages: 3000,
        rate: 200.0,
        idle_clients: 200,
        idle_messages: 1000,
        idle_rate: 100.0,
        concurrency: 64,
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let v = it.next().unwrap_or_else(|| panic!("{flag} needs a value"));
        match flag.as_str() {
            "--db" => a.db = v,
            "--clients" => a.clients = v.parse().expect("--clients N"),
            "--customers" => a.customers = v.parse().expect("--customers N"),
            "--messages" => a.messages = v.parse().expect("--messages N"),
            "--rate" => a.rate = v.parse().expect("--rate N (messages per second)"),
            "--idle-clients" => a.idle_clients = v.parse().expect("--idle-clients N"),
            "--idle-messages" => a.idle_messages = v.parse().expect("--idle-messages N"),
            "--idle-rate" => a.idle_rate = v.parse().expect("--idle-rate N (messages per second)"),
            "--concurrency" => a.concurrency = v.parse().expect("--concurrency N"),
            other => panic!("unknown flag {other}"),
        }
    }
    assert!(a.clients >= 1 && a.customers >= 1 && a.rate > 0.0 && a.idle_rate > 0.0);
    a
}

fn mib(kib: u64) -> f64 {
    kib as f64 / 1024.0
}

/// One change event as a client read it.
struct Received {
    at: Instant,
    wall: SystemTime,
    id: i64,
    kind: String,
    message_id: Option<i64>,
}

/// What the bench watches while a client runs.
#[derive(Default)]
struct Progress {
    ready: AtomicBool,
    /// `kind: "message"` events with an id above the shared baseline.
    messages: AtomicUsize,
    resets: AtomicUsize,
}

/// One inbox client: a thread reading `/api/events` over its own connection.
struct Client {
    progress: Arc<Progress>,
    socket: std::net::TcpStream,
    thread: std::thread::JoinHandle<Vec<Received>>,
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
async fn add_clients(
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

/// A customer's text message as Telegram delivers it.
fn update(update_id: i64, customer: i64, text: &str) -> Value {
    let chat = FIRST_CUSTOMER + customer;
    json!({ "update_id": update_id, "message": { "message_id": update_id, "date": 1_700_000_000,
        "chat": { "id": chat, "type": "private", "first_name": "Bench" },
        "from": { "id": chat, "is_bot": false, "first_name": "Bench", "language_code": "ru" }, "text": text } })
}

struct Posted {
    update_id: i64,
    sent: Instant,
    wall: SystemTime,
    took: Duration,
    ok: bool,
}

/// Posts `n` messages, customers in turn, evenly spaced at `rate` per second (open loop).
async fn post_messages(
    http: &reqwest::Client,
    base: &str,
    first_update: i64,
    n: i64,
    customers: i64,
    rate: f64,
    concurrency: usize,
) -> Vec<Posted> {
    let sem = Arc::new(Semaphore::new(concurrency));
    let started = Instant::now();
    let mut tasks = Vec::with_capacity(n as usize);
    for i in 0..n {
        tokio::time::sleep_until((started + Duration::from_secs_f64(i as f64 / rate)).into()).await;
        let permit = sem.clone().acquire_owned().await.unwrap();
        let http = http.clone();
        let url = format!("{base}/telegram/webhook");
        let update_id = first_update + i;
        let body = update(update_id, i % customers, &format!("Вопрос номер {update_id}: когда мне ответят?"));
        tasks.push(tokio::spawn(async move {
            let (sent, wall) = (Instant::now(), SystemTime::now());
            let res = http.post(url).header("X-Telegram-Bot-Api-Secret-Token", SECRET).json(&body).send().await;
            let took = sent.elapsed();
            drop(permit);
            let ok = res.map(|r| r.status().is_success()).unwrap_or(false);
            Posted { update_id, sent, wall, took, ok }
        }));
    }
    let mut out = Vec::with_capacity(tasks.len());
    for t in tasks {
        out.push(t.await.unwrap());
    }
    out
}

/// Waits until every client has counted `want` message events past the baseline; false if that
/// took longer than `limit`.
async fn wait_for_events(clients: &[Client], want: usize, limit: Duration) -> bool {
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

/// Tracks the server's peak RSS until aborted.
fn sample_peak(pid: u32) -> (Arc<AtomicU64>, tokio::task::JoinHandle<()>) {
    let peak = Arc::new(AtomicU64::new(0));
    let task = {
        let peak = peak.clone();
        tokio::spawn(async move {
            loop {
                if let Some(kib) = rss_kib(pid) {
                    peak.fetch_max(kib, Ordering::Relaxed);
                }
                tokio::time::sleep(Duration::from_millis(50)).await;
            }
        })
    };
    (peak, task)
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// The results of one phase, over all its (message × client) pairs.
struct PhaseResult {
    clients: usize,
    messages: usize,
    rate: f64,
    pairs: usize,
    latency: Vec<Duration>,
    /// Wall clock: POST start → the event row's timestamp (written just before the commit).
    to_event_row: Vec<Duration>,
    /// Wall clock: the event row's timestamp → read by a client.
    row_to_client: Vec<Duration>,
    post: Vec<Duration>,
    failed_posts: usize,
    not_stored: usize,
    lost: usize,
    duplicates: usize,
    out_of_order: usize,
    per_client_min: usize,
    per_client_max: usize,
}

fn analyse(
    posted: &[Posted],
    rate: f64,
    clients: &[Vec<Received>],
    message_to_update: &HashMap<i64, i64>,
    event_at: &HashMap<i64, SystemTime>,
) -> PhaseResult {
    let by_update: HashMap<i64, &Posted> = posted.iter().map(|p| (p.update_id, p)).collect();
    let stored = message_to_update.values().filter(|u| by_update.contains_key(u)).count();
    let mut r = PhaseResult {
        clients: clients.len(),
        messages: posted.len(),
        rate,
        pairs: 0,
        latency: Vec::new(),
        to_event_row: Vec::new(),
        row_to_client: Vec::new(),
        post: posted.iter().map(|p| p.took).collect(),
        failed_posts: posted.iter().filter(|p| !p.ok).count(),
        not_stored: posted.len() - stored,
        lost: 0,
        duplicates: 0,
        out_of_order: 0,
        per_client_min: usize::MAX,
        per_client_max: 0,
    };
    for events in clients {
        let mut ids = HashSet::new();
        let mut updates = HashSet::new();
        let mut last = i64::MIN;
        for e in events {
            if !ids.insert(e.id) {
                r.duplicates += 1;
                continue;
            }
            if e.id < last {
                r.out_of_order += 1;
            }
            last = last.max(e.id);
            if e.kind != "message" {
                continue;
            }
            let Some(update) = e.message_id.and_then(|m| message_to_update.get(&m)) else { continue };
            let Some(p) = by_update.get(update) else { continue };
            updates.insert(*update);
            r.latency.push(e.at.saturating_duration_since(p.sent));
            if let Some(row) = event_at.get(&e.id) {
                r.to_event_row.push(row.duration_since(p.wall).unwrap_or_default());
                r.row_to_client.push(e.wall.duration_since(*row).unwrap_or_default());
            }
        }
        r.pairs += updates.len();
        r.lost += posted.len() - updates.len();
        r.per_client_min = r.per_client_min.min(updates.len());
        r.per_client_max = r.per_client_max.max(updates.len());
    }
    r.latency.sort();
    r.to_event_row.sort();
    r.row_to_client.sort();
    r.post.sort();
    r
}

#[tokio::main]
async fn main() {
    let a = args();

    // A fresh database.
    let fresh = bench_support::FreshDb::create(&a.db, "inbox").await;
    let url = fresh.url.clone();

    let server_bin = std::env::current_exe().unwrap().with_file_name("server");
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let env = |c: &mut Command| {
        // No bot token: updates are applied, answers wait in the outbox.
        for var in ["TELEGRAM_BOT_TOKEN", "TELEGRAM_API_URL", "PUBLIC_URL", "APP_SECRET_KEY"] {
            c.env_remove(var);
        }
        c.env("DATABASE_URL", &url)
            .env("LEPTOS_SITE_ADDR", format!("127.0.0.1:{port}"))
            .env("TELEGRAM_WEBHOOK_SECRET", SECRET)
            .env("RUST_LOG", std::env::var("SERVER_RUST_LOG").unwrap_or_else(|_| "warn".into()))
            .current_dir(std::env::temp_dir());
    };
    let mut migrate = Command::new(&server_bin);
    env(&mut migrate);
    assert!(migrate.arg("migrate").stdout(Stdio::null()).status().expect("run the server binary").success());
    let mut create = Command::new(&server_bin);
    env(&mut create);
    let mut create = create
        .args(["create-user", "--username", OPERATOR, "--role", "operator"])
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    create.stdin.take().unwrap().write_all(format!("{PASSWORD}\n").as_bytes()).unwrap();
    assert!(create.wait().unwrap().success(), "create-user failed");

    let mut serve = Command::new(&server_bin);
    env(&mut serve);
    // The server logs to stdout: shown (on stderr) only when SERVER_RUST_LOG asks for more.
    let logs =
        if std::env::var_os("SERVER_RUST_LOG").is_some() { Stdio::from(std::io::stderr()) } else { Stdio::null() };
    let mut child = serve.stdout(logs).stderr(Stdio::inherit()).spawn().unwrap();
    let pid = child.id();
    let base = format!("http://127.0.0.1:{port}");
    let http = reqwest::Client::builder().pool_max_idle_per_host(a.concurrency).build().unwrap();
    let deadline = Instant::now() + Duration::from_secs(30);
    while http.get(format!("{base}/readyz")).send().await.map(|r| !r.status().is_success()).unwrap_or(true) {
        assert!(Instant::now() < deadline, "server not ready");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    tokio::time::sleep(Duration::from_secs(1)).await;
    let idle_rss = rss_kib(pid).unwrap_or(0);

    // The customers hand off, so their conversations wait in the inbox.
    let handoffs = a.customers;
    let posted = {
        let sem = Arc::new(Semaphore::new(a.concurrency));
        let mut tasks = Vec::new();
        for c in 0..a.customers {
            let permit = sem.clone().acquire_owned().await.unwrap();
            let (http, url) = (http.clone(), format!("{base}/telegram/webhook"));
            let body = update(1 + c, c, "/operator");
            tasks.push(tokio::spawn(async move {
                let res = http.post(url).header("X-Telegram-Bot-Api-Secret-Token", SECRET).json(&body).send().await;
                drop(permit);
                res.map(|r| r.status().is_success()).unwrap_or(false)
            }));
        }
        let mut ok = 0;
        for t in tasks {
            ok += t.await.unwrap() as i64;
        }
        ok
    };
    assert_eq!(posted, handoffs, "every handoff accepted");
    // Read from the database rather than through the inbox API, whose login would show in the
    // memory taken after the handoffs.
    let db = Database::connect(&url).await.unwrap();
    let count = |db: sea_orm::DatabaseConnection, sql: String| async move {
        let row =
            db.query_one_raw(sea_orm::Statement::from_string(db.get_database_backend(), sql)).await.unwrap().unwrap();
        row.try_get::<i64>("", "n").unwrap()
    };
    let deadline = Instant::now() + Duration::from_secs(120);
    loop {
        let waiting = count(
            db.clone(),
            format!("SELECT COUNT(*) AS n FROM conversations WHERE status = '{}'", types::ConversationStatus::Waiting),
        )
        .await;
        if waiting == a.customers {
            break;
        }
        assert!(Instant::now() < deadline, "only {waiting} of {} conversations are waiting", a.customers);
        tokio::time::sleep(Duration::from_millis(100)).await;
    }

    // Phase 1: `clients` inbox clients, the full message rate.
    let baseline = Arc::new(AtomicI64::new(i64::MAX));
    let mut clients = Vec::new();
    tokio::time::sleep(Duration::from_millis(500)).await;
    let rss_handoffs = rss_kib(pid).unwrap_or(0);
    let rss_logins = add_clients(a.clients, &mut clients, &http, &base, port, &baseline, pid).await;
    // Anything the handoffs still publish is not counted: only events after the newest id now.
    tokio::time::sleep(Duration::from_secs(1)).await;
    baseline.store(count(db.clone(), "SELECT COALESCE(MAX(id), 0) AS n FROM events".into()).await, Ordering::Release);
    tokio::time::sleep(Duration::from_millis(500)).await;
    let rss_clients_idle = rss_kib(pid).unwrap_or(0);

    let (peak1, sampler) = sample_peak(pid);
    let first_update = 1_000_000;
    let t1 = Instant::now();
    let posts1 = post_messages(&http, &base, first_update, a.messages, a.customers, a.rate, a.concurrency).await;
    let posting1 = t1.elapsed();
    let complete1 = wait_for_events(&clients, a.messages as usize, Duration::from_secs(60)).await;
    let drained1 = t1.elapsed();
    tokio::time::sleep(Duration::from_secs(1)).await; // duplicates would show up now
    sampler.abort();
    let rss_clients_peak = peak1.load(Ordering::Relaxed);

    // Phase 2: `idle_clients` in all, a lower rate.
    let before = clients.len();
    let rss_many_logins =
        add_clients(a.idle_clients.saturating_sub(before), &mut clients, &http, &base, port, &baseline, pid).await;
    tokio::time::sleep(Duration::from_secs(1)).await;
    let rss_many_idle = rss_kib(pid).unwrap_or(0);
    // Counted from here on: phase 2's events only.
    baseline.store(count(db.clone(), "SELECT COALESCE(MAX(id), 0) AS n FROM events".into()).await, Ordering::Release);
    for c in &clients {
        c.progress.messages.store(0, Ordering::Release);
    }
    let (peak2, sampler) = sample_peak(pid);
    let first_update2 = 2_000_000;
    let t2 = Instant::now();
    let posts2 =
        post_messages(&http, &base, first_update2, a.idle_messages, a.customers, a.idle_rate, a.concurrency).await;
    let posting2 = t2.elapsed();
    let complete2 = wait_for_events(&clients, a.idle_messages as usize, Duration::from_secs(60)).await;
    let drained2 = t2.elapsed();
    tokio::time::sleep(Duration::from_secs(1)).await;
    sampler.abort();
    let rss_many_peak = peak2.load(Ordering::Relaxed);

    // Stop the clients and collect what each read.
    let resets: usize = clients.iter().map(|c| c.progress.resets.load(Ordering::Relaxed)).sum();
    let mut received = Vec::new();
    for c in clients {
        let _ = c.socket.shutdown(std::net::Shutdown::Both);
        received.push(c.thread.join().expect("client thread"));
    }

    // Which update each stored message came from, and when each event row was written.
    let rows = db
        .query_all_raw(sea_orm::Statement::from_string(
            db.get_database_backend(),
            "SELECT id, update_id FROM messages WHERE update_id IS NOT NULL",
        ))
        .await
        .unwrap();
    let message_to_update: HashMap<i64, i64> = rows
        .iter()
        .filter_map(|r| Some((r.try_get::<i64>("", "id").ok()?, r.try_get::<i64>("", "update_id").ok()?)))
        .collect();
    let rows = db
        .query_all_raw(sea_orm::Statement::from_string(
            db.get_database_backend(),
            format!("SELECT id, at FROM events WHERE kind = '{}'", types::EventKind::Message),
        ))
        .await
        .unwrap();
    let event_at: HashMap<i64, SystemTime> = rows
        .iter()
        .filter_map(|r| {
            let at: chrono::DateTime<chrono::Utc> = r.try_get("", "at").ok()?;
            Some((r.try_get::<i64>("", "id").ok()?, SystemTime::from(at)))
        })
        .collect();
    db.close().await.ok();

    let _ = Command::new("kill").args(["-TERM", &pid.to_string()]).status();
    let _ = child.wait();
    fresh.remove().await;

    let phase1 = analyse(&posts1, a.rate, &received[..before], &message_to_update, &event_at);
    let phase2 = analyse(&posts2, a.idle_rate, &received, &message_to_update, &event_at);

    println!(
        "## inbox live events: {} ({} customers waiting; {} messages at {:.0}/s to {} clients, then {} at {:.0}/s to {} clients)",
        a.db, a.customers, a.messages, a.rate, phase1.clients, a.idle_messages, a.idle_rate, phase2.clients
    );
    println!("| measure | {} clients | {} clients |\n|---|---|---|", phase1.clients, phase2.clients);
    let row = |name: &str, f: &dyn Fn(&PhaseResult) -> String| {
        println!("| {name} | {} | {} |", f(&phase1), f(&phase2));
    };
    row("messages posted (offered rate)", &|p| format!("{} ({:.0}/s)", p.messages, p.rate));
    row("POST → event at each client, p50 / p95 / p99 / max", &|p| {
        format!(
            "{:.1} / {:.1} / {:.1} / {:.1} ms",
            pct(&p.latency, 0.5),
            pct(&p.latency, 0.95),
            pct(&p.latency, 0.99),
            p.latency.last().copied().map(ms).unwrap_or(f64::NAN)
        )
    });
    row("… POST → event row written (wall clock), p50 / p99", &|p| {
        format!("{:.1} / {:.1} ms", pct(&p.to_event_row, 0.5), pct(&p.to_event_row, 0.99))
    });
    row("… event row written → read by a client, p50 / p99", &|p| {
        format!("{:.1} / {:.1} ms", pct(&p.row_to_client, 0.5), pct(&p.row_to_client, 0.99))
    });
    row("POST → 200, p50 / p99", &|p| format!("{:.1} / {:.1} ms", pct(&p.post, 0.5), pct(&p.post, 0.99)));
    row("events received per client, min / max (expected)", &|p| {
        format!("{} / {} ({})", p.per_client_min, p.per_client_max, p.messages)
    });
    row("(message × client) pairs received / expected", &|p| format!("{} / {}", p.pairs, p.messages * p.clients));
    row("failed POSTs / not stored / lost / duplicate / out of order", &|p| {
        format!("{} / {} / {} / {} / {}", p.failed_posts, p.not_stored, p.lost, p.duplicates, p.out_of_order)
    });
    println!(
        "| posting took / every event read after | {:.1} s / {:.1} s | {:.1} s / {:.1} s |",
        posting1.as_secs_f64(),
        drained1.as_secs_f64(),
        posting2.as_secs_f64(),
        drained2.as_secs_f64()
    );
    println!(
        "| server RSS: idle, before anything / after the customers' handoffs | {:.1} / {:.1} MiB | — |",
        mib(idle_rss),
        mib(rss_handoffs)
    );
    println!(
        "| server RSS: after the clients' logins (sessions, no streams yet) | {:.1} MiB | {:.1} MiB |",
        mib(rss_logins),
        mib(rss_many_logins)
    );
    println!(
        "| server RSS: streams connected, before the messages | {:.1} MiB | {:.1} MiB |",
        mib(rss_clients_idle),
        mib(rss_many_idle)
    );
    println!(
        "| server RSS: peak while the messages flow | {:.1} MiB | {:.1} MiB |",
        mib(rss_clients_peak),
        mib(rss_many_peak)
    );
    if resets > 0 {
        println!("({resets} `reset` events: some client fell behind and was told to reload)");
    }
    let ok = complete1
        && complete2
        && resets == 0
        && [&phase1, &phase2]
            .iter()
            .all(|p| p.failed_posts + p.not_stored + p.lost + p.duplicates + p.out_of_order == 0);
    if !ok {
        std::process::exit(1);
    }
}
