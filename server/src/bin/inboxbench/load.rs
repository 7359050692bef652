//! The load: customers' messages posted through the webhook at a steady rate (open loop), and the
//! server's peak memory sampled meanwhile.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant, SystemTime};

use serde_json::{Value, json};
use tokio::sync::Semaphore;

use crate::bench_support::rss_kib;
use crate::{FIRST_CUSTOMER, SECRET};

/// A customer's text message as Telegram delivers it.
pub fn update(update_id: i64, customer: i64, text: &str) -> Value {
    let chat = FIRST_CUSTOMER + customer;
    json!({ "update_id": update_id, "message": { "message_id": update_id, "date": 1_700_000_000,
        "chat": { "id": chat, "type": "private", "first_name": "Bench" },
        "from": { "id": chat, "is_bot": false, "first_name": "Bench", "language_code": "ru" }, "text": text } })
}

pub struct Posted {
    pub update_id: i64,
    pub sent: Instant,
    pub wall: SystemTime,
    pub took: Duration,
    pub ok: bool,
}

/// Posts `n` messages, customers in turn, evenly spaced at `rate` per second (open loop).
pub async fn post_messages(
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

/// Tracks the server's peak RSS until aborted.
pub fn sample_peak(pid: u32) -> (Arc<AtomicU64>, tokio::task::JoinHandle<()>) {
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
