//! FAQ workbench benchmark: what an admin waits for with a large FAQ, on a fresh database.
//!
//!   cargo build --release -p server --bins
//!   target/release/faqbench --db sqlite
//!   TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test target/release/faqbench --db postgres
//!
//! Flags (defaults): `--entries 5000` (4 variants each: 25,000 phrasings with the questions),
//! `--hits 200000` answers shown and `--presses 20000` "helped"/"didn't help" presses over the
//! last 30 days, `--runs 30` repetitions of each read.
//!
//! Measured, in-process, through the same functions the server functions call:
//! - importing the whole FAQ as one CSV file (`bot::faq::import::apply`, one transaction);
//! - the first load of the live FAQ (`Live::current`: every entry read, the matcher built);
//! - the list page (`faq::list::page`: search, filter, order in memory) and the 30-day counts
//!   (`faq::stats::since`, two indexed group-bys) — together what `faq/list` costs;
//! - one save and the time until every reader has the rebuilt matcher (`Live::settled`), and how
//!   long a concurrent `Live::current` (what the update worker calls) waits meanwhile;
//! - "Try it" with the editor's unsaved draft (`live::with_draft`: a matcher built with the draft).

#[path = "bench_support/mod.rs"]
#[allow(dead_code)] // the memory reader is the other benchmarks'
mod bench_support;

use std::time::{Duration, Instant};

use bench_support::{FreshDb, pct};
use bot::action_log::Actor;
use bot::faq::By;
use chrono::Utc;
use entity::{action_log, conversations, customers, messages};
use sea_orm::{ActiveValue::Set, EntityTrait};
use types::faq::{FaqListQuery, FaqSort};

struct Args {
    db: String,
    entries: usize,
    hits: usize,
    presses: usize,
    runs: usize,
}

fn args() -> Args {
    let mut a = Args { db: "sqlite".into(), entries: 5000, hits: 200_000, presses: 20_000, runs: 30 };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let mut value = || it.next().unwrap_or_else(|| panic!("{flag} needs a value"));
        match flag.as_str() {
            "--db" => a.db = value(),
            "--entries" => a.entries = value().parse().expect("--entries N"),
            "--hits" => a.hits = value().parse().expect("--hits N"),
            "--presses" => a.presses = value().parse().expect("--presses N"),
            "--runs" => a.runs = value().parse().expect("--runs N"),
            other => panic!("unknown flag {other}"),
        }
    }
    a
}

/// Words to make questions from: the development set's, so stems and typos behave as in life.
fn vocabulary() -> Vec<String> {
    let text = include_str!("../../../testdata/faq/ru_faq.csv");
    let mut words: Vec<String> =
        text.split(|c: char| !c.is_alphabetic()).filter(|w| w.chars().count() >= 4).map(|w| w.to_lowercase()).collect();
    words.sort();
    words.dedup();
    words
}

/// A deterministic pseudo-random sequence (no dependency needed).
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, n: usize) -> usize {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        ((self.0 >> 33) as usize) % n
    }
}

fn csv_field(s: &str) -> String {
    format!("\"{}\"", s.replace('"', "\"\""))
}

/// The FAQ as a CSV file: `entries` questions of 5–8 words, 4 variants each, ~300-character answers.
fn faq_csv(entries: usize, words: &[String]) -> String {
    let mut rng = Lcg(42);
    let mut phrase = |n: usize| (0..n).map(|_| words[rng.next(words.len())].clone()).collect::<Vec<_>>().join(" ");
    let mut out = String::from("id,question,variants,answer\n");
    for i in 0..entries {
        let question = format!("{}?", phrase(6));
        let variants: Vec<String> = (0..4).map(|_| phrase(5)).collect();
        let answer = format!("{}. {}. {}.", phrase(14), phrase(14), phrase(14));
        out.push_str(&format!(
            "e{i},{},{},{}\n",
            csv_field(&question),
            csv_field(&variants.join(" | ")),
            csv_field(&answer)
        ));
    }
    out
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// Median and 95th percentile of `runs` runs of `f`, in ms.
async fn time<F: AsyncFnMut()>(runs: usize, mut f: F) -> (f64, f64) {
    let mut took = Vec::with_capacity(runs);
    for _ in 0..runs {
        let start = Instant::now();
        f().await;
        took.push(start.elapsed());
    }
    took.sort();
    (pct(&took, 0.5), pct(&took, 0.95))
}

#[tokio::main]
async fn main() {
    let a = args();
    let fresh = FreshDb::create(&a.db, "faq").await;
    let kind = if a.db == "postgres" { server::config::DbKind::Postgres } else { server::config::DbKind::Sqlite };
    let db = server::db::connect(&fresh.url, kind).await.expect("connect");
    server::db::migrate(&db).await.expect("migrate");
    let words = vocabulary();
    let csv = faq_csv(a.entries, &words);
    println!(
        "FAQ benchmark on {}: {} entries, {} phrasings, CSV {} KB",
        a.db,
        a.entries,
        a.entries * 5,
        csv.len() / 1024
    );
    let by = By { actor: &Actor::System, ip: None };

    let start = Instant::now();
    let plan = bot::faq::import::apply(&db, by, csv.as_bytes(), false).await.expect("import");
    println!("import (one transaction, {} added): {:.0} ms", plan.added.len(), ms(start.elapsed()));

    // History to count: a customer and conversation, answers shown and presses over 30 days.
    let now = Utc::now();
    let customer = customers::Entity::insert(customers::ActiveModel {
        telegram_user_id: Set(1),
        chat_id: Set(1),
        first_name: Set("Bench".into()),
        is_blocked: Set(false),
        first_seen_at: Set(now),
        last_seen_at: Set(now),
        ..Default::default()
    })
    .exec(&db)
    .await
    .expect("customer")
    .last_insert_id;
    let conversation = conversations::Entity::insert(conversations::ActiveModel {
        customer_id: Set(customer),
        status: Set(types::ConversationStatus::Bot),
        created_at: Set(now),
        updated_at: Set(now),
        last_message_at: Set(now),
        ..Default::default()
    })
    .exec(&db)
    .await
    .expect("conversation")
    .last_insert_id;
    let ids: Vec<i64> = bot::faq::Live::new().current(&db).await.unwrap().entries.keys().copied().collect();
    let mut rng = Lcg(7);
    let start = Instant::now();
    let rows: Vec<messages::ActiveModel> = (0..a.hits)
        .map(|i| messages::ActiveModel {
            conversation_id: Set(conversation),
            customer_id: Set(customer),
            sender: Set(types::Sender::Bot),
            kind: Set(types::MessageKind::Text),
            text: Set(Some("answer".into())),
            faq_entry_id: Set(Some(ids[rng.next(ids.len())])),
            created_at: Set(now - chrono::TimeDelta::seconds((i % (30 * 86400)) as i64)),
            ..Default::default()
        })
        .collect();
    for chunk in rows.chunks(2000) {
        messages::Entity::insert_many(chunk.to_vec()).exec_without_returning(&db).await.expect("messages");
    }
    let presses: Vec<action_log::ActiveModel> = (0..a.presses)
        .map(|i| {
            let action = if i % 3 == 0 { types::LogAction::BotNotHelped } else { types::LogAction::BotHelped };
            let mut row = bot::action_log::row(
                bot::action_log::Action::new(&Actor::Bot, action)
                    .target(types::TargetKind::FaqEntry, ids[rng.next(ids.len())]),
            );
            row.at = Set(now - chrono::TimeDelta::seconds((i % (30 * 86400)) as i64));
            row
        })
        .collect();
    for chunk in presses.chunks(2000) {
        action_log::Entity::insert_many(chunk.to_vec()).exec_without_returning(&db).await.expect("presses");
    }
    println!("(history written: {} answers, {} presses, {:.1} s)", a.hits, a.presses, start.elapsed().as_secs_f64());

    let live = bot::faq::Live::new();
    let start = Instant::now();
    let view = live.current(&db).await.unwrap();
    println!("first load of the live FAQ (read every entry, build the matcher): {:.0} ms", ms(start.elapsed()));

    let (p50, p95) = time(a.runs, async || {
        bot::faq::stats::since(&db, Utc::now() - chrono::TimeDelta::days(30)).await.unwrap();
    })
    .await;
    println!("30-day counts (stats::since): median {p50:.1} ms, p95 {p95:.1} ms");
    live.stats_30_days(&db).await.unwrap();
    let (p50, p95) = time(a.runs, async || {
        live.stats_30_days(&db).await.unwrap();
    })
    .await;
    println!("30-day counts again, nothing added since (Live::stats_30_days): median {p50:.2} ms, p95 {p95:.2} ms");
    let stats = bot::faq::stats::since(&db, Utc::now() - chrono::TimeDelta::days(30)).await.unwrap();
    let queries = [
        ("no search, by title", FaqListQuery::default()),
        ("one word", FaqListQuery { q: words[words.len() / 3].clone(), ..Default::default() }),
        (
            "two words",
            FaqListQuery {
                q: format!("{} {}", &words[10][..4.min(words[10].len())], words[200]),
                ..Default::default()
            },
        ),
        ("by hits", FaqListQuery { sort: FaqSort::Hits, ..Default::default() }),
        ("by didn't help, page 20", FaqListQuery { sort: FaqSort::NotHelped, page: 20, ..Default::default() }),
    ];
    for (name, q) in queries {
        let (p50, p95) = time(a.runs, async || {
            std::hint::black_box(bot::faq::list::page(&view, &stats, &q, types::limits::FAQ_PAGE));
        })
        .await;
        let total = bot::faq::list::page(&view, &stats, &q, types::limits::FAQ_PAGE).total;
        println!("list page, {name} ({total} match): median {p50:.1} ms, p95 {p95:.1} ms");
    }

    // One save; readers meanwhile, then everyone on the new matcher.
    let entry = view.entries.values().next().unwrap().clone();
    let mut draft = bot::faq::Snapshot::of(&entry).draft();
    draft.variants.push("совсем новая формулировка вопроса".into());
    let start = Instant::now();
    bot::faq::entries::save(&db, by, Some(entry.id), entry.version, draft.clone()).await.expect("save");
    let saved = start.elapsed();
    let start = Instant::now();
    let current = live.current(&db).await.unwrap();
    let worker_wait = start.elapsed();
    let stale = !current.settled();
    live.settled(&db).await.unwrap();
    let rebuilt = start.elapsed();
    println!(
        "save: {:.1} ms; the update worker's next read: {:.1} ms (old matcher kept while rebuilding: {stale}); \
         matcher rebuilt and in use after {:.0} ms",
        ms(saved),
        ms(worker_wait),
        ms(rebuilt)
    );

    let view = live.current(&db).await.unwrap();
    let t = bot::matcher::Thresholds::default();
    let (p50, p95) = time(a.runs.min(10), async || {
        let (v, _) = bot::faq::live::with_draft(&view, Some(entry.id), draft.clone());
        std::hint::black_box(v.decide("совсем новая формулировка", &t));
    })
    .await;
    println!("\"Try it\" with the editor's unsaved draft: median {p50:.0} ms, p95 {p95:.0} ms");
    let (p50, p95) = time(a.runs, async || {
        std::hint::black_box(view.decide("как оплатить картой без комиссии", &t));
    })
    .await;
    println!("\"Try it\" on the saved FAQ (decide): median {p50:.2} ms, p95 {p95:.2} ms");

    db.close().await.ok();
    fresh.remove().await;
}
