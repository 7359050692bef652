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

#[path = "../bench_support/mod.rs"]
mod bench_support;
mod cli;
mod client;
mod load;
mod report;

use bench_support::rss_kib;
use std::collections::HashMap;
use std::io::Write;
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};
use std::time::{Duration, Instant, SystemTime};

use sea_orm::{ConnectionTrait, Database};
use tokio::sync::Semaphore;

use cli::args;
use client::{add_clients, wait_for_events};
use load::{post_messages, sample_peak, update};
use report::{Rss, Took, analyse};

const SECRET: &str = "inboxbench_secret";
const OPERATOR: &str = "bench_operator";
const PASSWORD: &str = "inboxbench password, long enough";
/// Telegram user (and chat) ids of the simulated customers: FIRST_CUSTOMER + 0, 1, 2…
const FIRST_CUSTOMER: i64 = 20_000_000;

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

    report::print(
        &a,
        &phase1,
        &phase2,
        [Took { posting: posting1, drained: drained1 }, Took { posting: posting2, drained: drained2 }],
        &Rss {
            idle: idle_rss,
            handoffs: rss_handoffs,
            logins: [rss_logins, rss_many_logins],
            streams: [rss_clients_idle, rss_many_idle],
            peak: [rss_clients_peak, rss_many_peak],
        },
        resets,
    );
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
