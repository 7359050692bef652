//! Load test: the real server binary, many simulated customers posting webhook updates, a fake
//! Bot API on 127.0.0.1 receiving the answers. Prints throughput, latencies and the server's memory,
//! and checks that no answer was lost or sent twice.
//!
//!   cargo run --release -p server --bin loadtest -- --db sqlite --customers 200 --messages 25
//!   … -- --db sqlite --customers 4000 --messages 5 --rate 2000   (open loop: a steady 2,000 posts/s)
//!   TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test cargo run --release -p server --bin loadtest -- --db postgres
//!
//! Needs the `server` binary built next to it (same profile). Traffic goes only to 127.0.0.1.

mod bench_support;
#[path = "../../tests/support/fake_telegram.rs"]
#[allow(dead_code)]
mod fake_telegram;

use bench_support::{pct, rss_kib};
use std::collections::HashMap;
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use sea_orm::{ConnectionTrait, Database};
use serde_json::json;
use tokio::sync::Semaphore;

const TOKEN: &str = "123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw";
const SECRET: &str = "loadtest_secret";

struct Args {
    db: String,
    customers: i64,
    messages: i64,
    concurrency: usize,
    /// Posts per second, evenly spaced (open loop); without it, posts go as fast as `concurrency` allows.
    rate: Option<f64>,
}

fn args() -> Args {
    let mut a = Args { db: "sqlite".into(), customers: 200, messages: 25, concurrency: 64, rate: None };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let v = it.next().unwrap_or_else(|| panic!("{flag} needs a value"));
        match flag.as_str() {
            "--db" => a.db = v,
            "--customers" => a.customers = v.parse().expect("--customers N"),
            "--messages" => a.messages = v.parse().expect("--messages N"),
            "--concurrency" => a.concurrency = v.parse().expect("--concurrency N"),
            "--rate" => a.rate = Some(v.parse().expect("--rate N (posts per second)")),
            other => panic!("unknown flag {other}"),
        }
    }
    a
}

/// CPU time (user + system) the process has used so far, in seconds.
fn cpu_secs(pid: u32) -> f64 {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
    // Fields after the command name (which is in parentheses and may hold spaces).
    let rest = stat.rsplit_once(')').map(|(_, r)| r).unwrap_or("");
    let f: Vec<&str> = rest.split_whitespace().collect();
    let ticks = |i: usize| f.get(i).and_then(|v| v.parse::<f64>().ok()).unwrap_or(0.0);
    // utime and stime are fields 14 and 15 of the line, 12 and 13 after the name; 100 ticks/s.
    (ticks(11) + ticks(12)) / 100.0
}

/// Posts one update every 20 ms from a plain OS thread over one keep-alive connection and times
/// each POST → 200. Unlike the load generator's own timings, these include no queueing inside this
/// process's async runtime (which shares the two cores with everything else under test).
fn probe(port: u16, stop: Arc<std::sync::atomic::AtomicBool>) -> std::thread::JoinHandle<Vec<Duration>> {
    use std::io::{Read, Write};
    std::thread::spawn(move || {
        let mut conn = std::net::TcpStream::connect(("127.0.0.1", port)).expect("probe connects");
        conn.set_nodelay(true).ok();
        let mut times = Vec::new();
        let mut n = 0i64;
        while !stop.load(std::sync::atomic::Ordering::Relaxed) {
            n += 1;
            let chat = 90_000_000 + n;
            let body = json!({ "update_id": 2_000_000_000 + n, "message": { "message_id": 1, "date": 1_700_000_000,
                "chat": { "id": chat, "type": "private" }, "from": { "id": chat, "is_bot": false, "first_name": "Probe" },
                "text": "/help" } })
            .to_string();
            let request = format!(
                "POST /telegram/webhook HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n\
                 X-Telegram-Bot-Api-Secret-Token: {SECRET}\r\nContent-Length: {}\r\n\r\n{body}",
                body.len()
            );
            let sent = Instant::now();
            conn.write_all(request.as_bytes()).expect("probe writes");
            // The 200 has an empty body: read up to the end of the headers.
            let mut got = Vec::new();
            let mut buf = [0u8; 512];
            while !got.windows(4).any(|w| w == b"\r\n\r\n") {
                let k = conn.read(&mut buf).expect("probe reads");
                assert!(k > 0, "server closed the probe's connection");
                got.extend_from_slice(&buf[..k]);
            }
            times.push(sent.elapsed());
            assert!(got.starts_with(b"HTTP/1.1 200"), "probe got {}", String::from_utf8_lossy(&got));
            std::thread::sleep(Duration::from_millis(20));
        }
        times
    })
}

#[tokio::main]
async fn main() {
    let a = args();
    // The fake Bot API gets a runtime (and thread) of its own, so receiving the answers doesn't
    // delay the posts and their timing. Never dropped: the process ends with it.
    let tg_runtime = Box::leak(Box::new(
        tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .thread_name("fake-telegram")
            .enable_all()
            .build()
            .unwrap(),
    ));
    let tg = tg_runtime.spawn(fake_telegram::FakeTelegram::start()).await.unwrap();

    // A fresh database.
    let fresh = bench_support::FreshDb::create(&a.db, "load").await;
    let url = fresh.url.clone();

    let server_bin = std::env::current_exe().unwrap().with_file_name("server");
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let env = |c: &mut Command| {
        c.env("DATABASE_URL", &url)
            .env("LEPTOS_SITE_ADDR", format!("127.0.0.1:{port}"))
            .env("TELEGRAM_BOT_TOKEN", TOKEN)
            .env("TELEGRAM_API_URL", &tg.url)
            .env("PUBLIC_URL", "https://load.invalid")
            .env("TELEGRAM_WEBHOOK_SECRET", SECRET)
            .env("RUST_LOG", std::env::var("SERVER_RUST_LOG").unwrap_or_else(|_| "warn".into()))
            .current_dir(std::env::temp_dir());
    };
    let mut migrate = Command::new(&server_bin);
    env(&mut migrate);
    assert!(migrate.arg("migrate").stdout(Stdio::null()).status().expect("run the server binary").success());
    // Telegram's ~30 msg/s is Telegram's limit, not ours: raised for the run.
    let db = Database::connect(&url).await.unwrap();
    db.execute_unprepared("INSERT INTO settings (key, value, updated_at) VALUES ('outbox.messages_per_second', '100000', '2026-01-01T00:00:00Z')").await.unwrap();
    db.close().await.unwrap();

    let mut serve = Command::new(&server_bin);
    env(&mut serve);
    // The server logs to stdout: shown (on stderr) only when SERVER_RUST_LOG asks for more.
    let logs =
        if std::env::var_os("SERVER_RUST_LOG").is_some() { Stdio::from(std::io::stderr()) } else { Stdio::null() };
    let mut child = serve.stdout(logs).stderr(Stdio::inherit()).spawn().unwrap();
    let base = format!("http://127.0.0.1:{port}");
    let http = reqwest::Client::builder().pool_max_idle_per_host(a.concurrency).build().unwrap();
    let deadline = Instant::now() + Duration::from_secs(30);
    while http.get(format!("{base}/readyz")).send().await.map(|r| !r.status().is_success()).unwrap_or(true) {
        assert!(Instant::now() < deadline, "server not ready");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }

    // Memory sampler.
    let pid = child.id();
    let peak = Arc::new(std::sync::atomic::AtomicU64::new(0));
    let sampler = {
        let peak = peak.clone();
        tokio::spawn(async move {
            loop {
                if let Some(kib) = rss_kib(pid) {
                    peak.fetch_max(kib, std::sync::atomic::Ordering::Relaxed);
                }
                tokio::time::sleep(Duration::from_millis(50)).await;
            }
        })
    };
    let idle_rss = rss_kib(pid).unwrap_or(0);
    let cpu_before = cpu_secs(pid);

    // Customers take turns so each chat's messages are spread over the run, as in real traffic.
    let total = a.customers * a.messages;
    let sem = Arc::new(Semaphore::new(a.concurrency));
    let probe_stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let prober = probe(port, probe_stop.clone());
    let started = Instant::now();
    let mut tasks = Vec::with_capacity(total as usize);
    for m in 0..a.messages {
        for c in 0..a.customers {
            if let Some(rate) = a.rate {
                let due = started + Duration::from_secs_f64((m * a.customers + c) as f64 / rate);
                tokio::time::sleep_until(due.into()).await;
            }
            let permit = sem.clone().acquire_owned().await.unwrap();
            let http = http.clone();
            let url = format!("{base}/telegram/webhook");
            let update_id = 1 + m * a.customers + c;
            let chat = 10_000_000 + c;
            let text = if m % 2 == 0 { "/help" } else { "/menu" };
            let body = json!({ "update_id": update_id, "message": { "message_id": m + 1, "date": 1_700_000_000,
                "chat": { "id": chat, "type": "private" }, "from": { "id": chat, "is_bot": false, "first_name": "Load", "language_code": "ru" }, "text": text } });
            tasks.push(tokio::spawn(async move {
                let sent = Instant::now();
                let res = http.post(url).header("X-Telegram-Bot-Api-Secret-Token", SECRET).json(&body).send().await;
                drop(permit);
                let ok = res.map(|r| r.status().is_success()).unwrap_or(false);
                (chat, m, sent, sent.elapsed(), ok)
            }));
        }
    }
    let mut post_latency = Vec::with_capacity(total as usize);
    let mut sent_at: HashMap<(i64, i64), Instant> = HashMap::new();
    let mut failures = 0;
    for t in tasks {
        let (chat, m, sent, took, ok) = t.await.unwrap();
        post_latency.push(took);
        sent_at.insert((chat, m), sent);
        if !ok {
            failures += 1;
        }
    }
    let posting = started.elapsed();
    probe_stop.store(true, std::sync::atomic::Ordering::Relaxed);
    let mut probe_latency = prober.join().expect("probe thread");

    // Wait for every answer (or give up after a while).
    let deadline = Instant::now() + Duration::from_secs(600);
    // Only the simulated customers' answers count (the probe's chats get answers too).
    let answered = |tg: &fake_telegram::FakeTelegram| {
        tg.calls_to("sendMessage")
            .iter()
            .filter(|c| {
                c.params["chat_id"].as_i64().is_some_and(|id| (10_000_000..10_000_000 + a.customers).contains(&id))
            })
            .count()
    };
    while answered(&tg) < total as usize && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let all_delivered = started.elapsed();
    let server_cpu = cpu_secs(pid) - cpu_before;
    tokio::time::sleep(Duration::from_secs(1)).await; // duplicates would show up now
    sampler.abort();

    // Answers per chat, in order: the k-th answer belongs to the k-th message.
    let mut per_chat: HashMap<i64, Vec<Instant>> = HashMap::new();
    for call in tg.calls_to("sendMessage") {
        per_chat.entry(call.params["chat_id"].as_i64().unwrap()).or_default().push(call.at);
    }
    let mut delivered = Vec::new();
    let (mut lost, mut duplicated) = (0i64, 0i64);
    for c in 0..a.customers {
        let chat = 10_000_000 + c;
        let got = per_chat.get(&chat).map(Vec::len).unwrap_or(0) as i64;
        lost += (a.messages - got).max(0);
        duplicated += (got - a.messages).max(0);
        for (m, at) in per_chat.get(&chat).into_iter().flatten().enumerate() {
            if let Some(sent) = sent_at.get(&(chat, m as i64)) {
                delivered.push(at.saturating_duration_since(*sent));
            }
        }
    }

    // Committed: from the stored rows (received → processed), per update.
    let db = Database::connect(&url).await.unwrap();
    let rows = db
        .query_all_raw(sea_orm::Statement::from_string(
            db.get_database_backend(),
            format!(
                "SELECT received_at, processed_at FROM telegram_updates WHERE status = '{}'",
                types::UpdateStatus::Done
            ),
        ))
        .await
        .unwrap();
    let mut committed: Vec<Duration> = rows
        .iter()
        .filter_map(|r| {
            let rec: chrono::DateTime<chrono::Utc> = r.try_get("", "received_at").ok()?;
            let done: chrono::DateTime<chrono::Utc> = r.try_get("", "processed_at").ok()?;
            (done - rec).to_std().ok()
        })
        .collect();
    db.close().await.ok();

    let _ = Command::new("kill").args(["-TERM", &pid.to_string()]).status();
    let _ = child.wait();
    fresh.remove().await;

    post_latency.sort();
    probe_latency.sort();
    delivered.sort();
    committed.sort();
    let offered = match a.rate {
        Some(r) => format!("offered at a steady {r:.0}/s, at most {} in flight", a.concurrency),
        None => format!("{} concurrent posts", a.concurrency),
    };
    println!(
        "## load test: {} ({} customers × {} messages = {total} updates, {offered})",
        a.db, a.customers, a.messages
    );
    println!("| measure | value |\n|---|---|");
    println!("| webhook updates accepted per second | {:.0} |", total as f64 / posting.as_secs_f64());
    println!("| answers delivered per second (end to end) | {:.0} |", total as f64 / all_delivered.as_secs_f64());
    println!("| last answer after the last POST | {:.2} s |", all_delivered.saturating_sub(posting).as_secs_f64());
    println!("| POST → 200, p50 / p99 | {:.2} ms / {:.2} ms |", pct(&post_latency, 0.5), pct(&post_latency, 0.99));
    println!(
        "| POST → 200 seen by a probe on its own thread (every 20 ms, n = {}), p50 / p99 / max | {:.2} ms / {:.2} ms / {:.2} ms |",
        probe_latency.len(),
        pct(&probe_latency, 0.5),
        pct(&probe_latency, 0.99),
        probe_latency.last().map(|d| d.as_secs_f64() * 1000.0).unwrap_or(f64::NAN)
    );
    println!(
        "| stored → answer committed, p50 / p99 | {:.1} ms / {:.1} ms |",
        pct(&committed, 0.5),
        pct(&committed, 0.99)
    );
    println!(
        "| POST → answer at the Bot API, p50 / p99 | {:.1} ms / {:.1} ms |",
        pct(&delivered, 0.5),
        pct(&delivered, 0.99)
    );
    println!(
        "| server RSS idle / peak | {:.1} MiB / {:.1} MiB |",
        idle_rss as f64 / 1024.0,
        peak.load(std::sync::atomic::Ordering::Relaxed) as f64 / 1024.0
    );
    println!(
        "| server CPU time per update | {:.0} µs ({:.2} s over {:.1} s) |",
        server_cpu * 1e6 / total as f64,
        server_cpu,
        all_delivered.as_secs_f64()
    );
    println!("| failed POSTs / lost answers / duplicated answers | {failures} / {lost} / {duplicated} |");
    if failures > 0 || lost > 0 || duplicated > 0 {
        std::process::exit(1);
    }
}
