//! The results: each phase's (message × client) pairs matched to the posts, and the table printed
//! at the end.

use std::collections::{HashMap, HashSet};
use std::time::{Duration, SystemTime};

use crate::bench_support::pct;
use crate::cli::Args;
use crate::client::Received;
use crate::load::Posted;

fn mib(kib: u64) -> f64 {
    kib as f64 / 1024.0
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// The results of one phase, over all its (message × client) pairs.
pub struct PhaseResult {
    pub clients: usize,
    pub messages: usize,
    pub rate: f64,
    pub pairs: usize,
    pub latency: Vec<Duration>,
    /// Wall clock: POST start → the event row's timestamp (written just before the commit).
    pub to_event_row: Vec<Duration>,
    /// Wall clock: the event row's timestamp → read by a client.
    pub row_to_client: Vec<Duration>,
    pub post: Vec<Duration>,
    pub failed_posts: usize,
    pub not_stored: usize,
    pub lost: usize,
    pub duplicates: usize,
    pub out_of_order: usize,
    pub per_client_min: usize,
    pub per_client_max: usize,
}

pub fn analyse(
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

/// How long a phase's posting took, and how long until every client had read every event.
pub struct Took {
    pub posting: Duration,
    pub drained: Duration,
}

/// The server's RSS (KiB) at each point of the run; pairs are (phase 1, phase 2).
pub struct Rss {
    pub idle: u64,
    pub handoffs: u64,
    pub logins: [u64; 2],
    pub streams: [u64; 2],
    pub peak: [u64; 2],
}

/// Prints the results as a Markdown table, one column per phase.
pub fn print(a: &Args, phase1: &PhaseResult, phase2: &PhaseResult, took: [Took; 2], rss: &Rss, resets: usize) {
    println!(
        "## inbox live events: {} ({} customers waiting; {} messages at {:.0}/s to {} clients, then {} at {:.0}/s to {} clients)",
        a.db, a.customers, a.messages, a.rate, phase1.clients, a.idle_messages, a.idle_rate, phase2.clients
    );
    println!("| measure | {} clients | {} clients |\n|---|---|---|", phase1.clients, phase2.clients);
    let row = |name: &str, f: &dyn Fn(&PhaseResult) -> String| {
        println!("| {name} | {} | {} |", f(phase1), f(phase2));
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
        took[0].posting.as_secs_f64(),
        took[0].drained.as_secs_f64(),
        took[1].posting.as_secs_f64(),
        took[1].drained.as_secs_f64()
    );
    println!(
        "| server RSS: idle, before anything / after the customers' handoffs | {:.1} / {:.1} MiB | — |",
        mib(rss.idle),
        mib(rss.handoffs)
    );
    println!(
        "| server RSS: after the clients' logins (sessions, no streams yet) | {:.1} MiB | {:.1} MiB |",
        mib(rss.logins[0]),
        mib(rss.logins[1])
    );
    println!(
        "| server RSS: streams connected, before the messages | {:.1} MiB | {:.1} MiB |",
        mib(rss.streams[0]),
        mib(rss.streams[1])
    );
    println!(
        "| server RSS: peak while the messages flow | {:.1} MiB | {:.1} MiB |",
        mib(rss.peak[0]),
        mib(rss.peak[1])
    );
    if resets > 0 {
        println!("({resets} `reset` events: some client fell behind and was told to reload)");
    }
}
