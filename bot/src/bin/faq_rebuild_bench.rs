//! How long rebuilding the FAQ matcher takes for a large FAQ, and what the admin's workbench calls
//! cost on it: `rank`, `rank_explained` / `explain`, and `health`. Numbers are in `bench/README.md`,
//! "FAQ: rebuilding the matcher".
//!
//! ```text
//! cargo run -p bot --release --bin faq_rebuild_bench [-- --entries 5000] [--runs 10] [--health-runs 3]
//! ```
//!
//! `--build-only` stops after the build timings (for profiling the build); `--dump FILE` writes every
//! query's ranking (ids and scores) to FILE, to compare two versions of the matcher line by line.
//!
//! The incremental rebuild (`MatcherCache`, what the live FAQ does after a save) is measured too:
//! one entry of the FAQ edited (its question, a variant and its answer), the matcher rebuilt, the
//! edit undone, rebuilt again, for `--runs` entries spread over the FAQ; then one entry removed and
//! added back. The last rebuild is of the generated FAQ as it was, after that whole history: its
//! rankings are checked against the full build's (the checksums must be equal, and with
//! `--dump-incremental FILE` they are written out like `--dump`'s).
//!
//! The FAQ is generated deterministically (a fixed-seed LCG, no randomness crate): half Russian,
//! half English entries, each a topic of three content words (plus, for a third of them, a made-up
//! product name such as `Турбо-Дом 300`), a question and 1–4 variants of 4–10 words around the topic,
//! and an answer of about 300 characters ending with a link of its own. Words are drawn from the
//! text of `testdata/faq` (Russian FAQ and queries; BANKING77 and CLINC for English) by picking a
//! random position in the running text, so common words are common here too. 5,000 entries give
//! 20,000 phrasings.
//!
//! The queries are 2,000 phrasings of random entries, perturbed (a word dropped, two letters swapped,
//! words added), plus the real Russian development queries and the CLINC out-of-scope ones. The
//! checksum line fingerprints every ranking (the ids in order; the scores rounded to 6 decimals; the
//! exact score bits): a change to the matcher that claims to leave results as they were must leave
//! the first two unchanged.

use std::process::ExitCode;
use std::time::Instant;

use bot::matcher::{FaqDoc, Matcher, MatcherCache, MatcherConfig, Thresholds, health};
use bot::seed::parse_csv;

const RU_FAQ: &str = include_str!("../../../testdata/faq/ru_faq.csv");
const RU_QUERIES: &str = include_str!("../../../testdata/faq/ru_queries_dev.csv");
const BANKING: &str = include_str!("../../../testdata/faq/banking77_train.csv");
const CLINC: &str = include_str!("../../../testdata/faq/clinc_oos_dev.csv");

/// Knuth's MMIX linear congruential generator; the high bits are good enough for picking words.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        self.0 >> 33
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }
}

/// The running text of one language, as words (split at punctuation except inner hyphens and
/// apostrophes, case kept).
struct Words {
    all: Vec<String>,
    /// Words of five letters or more: topic candidates.
    content: Vec<String>,
}

impl Words {
    fn new<'a>(texts: impl Iterator<Item = &'a str>) -> Words {
        let all: Vec<String> = texts
            .flat_map(|t| t.split(|c: char| !(c.is_alphanumeric() || c == '-' || c == '\'')))
            .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
            .filter(|w| !w.is_empty())
            .map(String::from)
            .collect();
        let content = all.iter().filter(|w| w.chars().count() >= 5).cloned().collect();
        Words { all, content }
    }

    fn any<'a>(&'a self, rng: &mut Lcg) -> &'a str {
        &self.all[rng.below(self.all.len())]
    }

    fn content<'a>(&'a self, rng: &mut Lcg) -> &'a str {
        &self.content[rng.below(self.content.len())]
    }
}

fn rows(csv: &str) -> Vec<Vec<String>> {
    parse_csv(csv).into_iter().skip(1).filter(|r| r.len() > 1).collect()
}

/// A made-up product or tariff name: `Турбо-Дом 300`, `Smart Flex`.
fn product_name(rng: &mut Lcg, russian: bool) -> String {
    const RU: &[&str] = &[
        "Турбо",
        "Дом",
        "Гига",
        "Скоро",
        "Макс",
        "Лайт",
        "Плюс",
        "Смарт",
        "Кино",
        "Мир",
        "Свет",
        "Семья",
        "Старт",
        "Про",
        "Онлайн",
        "Город",
        "Дача",
        "Ультра",
        "Эконом",
        "Бизнес",
    ];
    const EN: &[&str] = &[
        "Smart", "Flex", "Prime", "Go", "Plus", "Max", "Lite", "Pro", "One", "Care", "Pay", "Safe", "Zen", "Ultra",
        "Home", "Travel", "Gold", "Metal", "Basic", "Star",
    ];
    let parts = if russian { RU } else { EN };
    let mut name = format!("{}-{}", parts[rng.below(parts.len())], parts[rng.below(parts.len())]);
    if rng.chance(50) {
        name.push_str(&format!(" {}", 100 * (1 + rng.below(20))));
    }
    name
}

fn capitalised(s: &str) -> String {
    let mut c = s.chars();
    c.next().map(|f| f.to_uppercase().chain(c).collect()).unwrap_or_default()
}

/// One phrasing: 4–10 words, the topic's first word always, the others usually, the rest filler.
fn phrasing(rng: &mut Lcg, words: &Words, topic: &[String], question: bool) -> String {
    let len = 4 + rng.below(7);
    let mut ws: Vec<String> = vec![topic[0].clone()];
    ws.extend(topic[1..].iter().filter(|_| rng.chance(70)).cloned());
    while ws.len() < len {
        ws.push(words.any(rng).to_lowercase());
    }
    for i in (1..ws.len()).rev() {
        ws.swap(i, rng.below(i + 1));
    }
    let mut s = capitalised(&ws.join(" "));
    if question || rng.chance(50) {
        s.push('?');
    }
    s
}

/// An answer of about 300 characters: filler with the topic's words now and then, and a link.
fn answer(rng: &mut Lcg, words: &Words, topic: &[String], id: usize, russian: bool) -> String {
    let mut s = String::new();
    while s.chars().count() < 260 {
        if !s.is_empty() {
            s.push(' ');
        }
        if rng.chance(12) {
            s.push_str(&topic[rng.below(topic.len())]);
        } else {
            s.push_str(&words.any(rng).to_lowercase());
        }
    }
    let more = if russian { "Подробнее" } else { "More" };
    format!("{}. {more}: https://help.example.com/faq/{id}", capitalised(&s))
}

struct Faq {
    docs: Vec<FaqDoc>,
    answers: Vec<String>,
}

fn generate(entries: usize, ru: &Words, en: &Words, rng: &mut Lcg) -> Faq {
    let mut docs = Vec::with_capacity(entries);
    let mut answers = Vec::with_capacity(entries);
    for i in 0..entries {
        let russian = i % 2 == 0;
        let words = if russian { ru } else { en };
        let mut topic: Vec<String> = (0..3).map(|_| words.content(rng).to_lowercase()).collect();
        if rng.chance(33) {
            topic.insert(0, product_name(rng, russian));
        }
        // 1 + (2, 3, 4, 3) variants: 4 phrasings per entry on average.
        let variants = [2, 3, 4, 3][i % 4];
        docs.push(FaqDoc {
            id: i as i64 + 1,
            question: phrasing(rng, words, &topic, true),
            variants: (0..variants).map(|_| phrasing(rng, words, &topic, false)).collect(),
        });
        answers.push(answer(rng, words, &topic, i + 1, russian));
    }
    Faq { docs, answers }
}

/// A customer's version of a phrasing: maybe a word dropped, two letters of a long word swapped,
/// a word or two added.
fn perturb(rng: &mut Lcg, text: &str, words: &Words) -> String {
    let mut ws: Vec<String> = text.split_whitespace().map(String::from).collect();
    if ws.len() > 3 && rng.chance(50) {
        ws.remove(rng.below(ws.len()));
    }
    if rng.chance(50) {
        let i = rng.below(ws.len());
        let mut cs: Vec<char> = ws[i].chars().collect();
        if cs.len() >= 6 {
            let j = 1 + rng.below(cs.len() - 3);
            cs.swap(j, j + 1);
            ws[i] = cs.into_iter().collect();
        }
    }
    for _ in 0..rng.below(3) {
        ws.insert(rng.below(ws.len() + 1), words.any(rng).to_lowercase());
    }
    ws.join(" ")
}

/// CPU time this process has used so far (user + system), in milliseconds, from `/proc/self/stat`
/// (Linux; 10 ms ticks). Measured next to wall time because the machine is shared: a build that
/// waits for a core takes longer on the clock, not on the CPU.
fn cpu_ms() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // The fields after the command name (which is in parentheses and may contain spaces).
    let fields: Vec<&str> = stat.rsplit_once(')')?.1.split_whitespace().collect();
    let ticks: f64 = fields.get(11)?.parse::<f64>().ok()? + fields.get(12)?.parse::<f64>().ok()?;
    Some(ticks * 10.0) // USER_HZ is 100 on Linux
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    sorted[((sorted.len() - 1) as f64 * p).round() as usize]
}

fn summary(name: &str, mut us: Vec<f64>) {
    us.sort_by(f64::total_cmp);
    let mean = us.iter().sum::<f64>() / us.len() as f64;
    println!(
        "  {name}: {} calls, mean {mean:.1} µs, p50 {:.1} µs, p99 {:.1} µs, max {:.1} µs",
        us.len(),
        percentile(&us, 0.5),
        percentile(&us, 0.99),
        us.last().unwrap()
    );
}

struct Args {
    entries: usize,
    runs: usize,
    health_runs: usize,
    build_only: bool,
    dump: Option<String>,
    dump_incremental: Option<String>,
}

fn parse_args() -> Result<Args, String> {
    let mut a = Args { entries: 5000, runs: 10, health_runs: 3, build_only: false, dump: None, dump_incremental: None };
    let mut it = std::env::args().skip(1);
    while let Some(arg) = it.next() {
        let mut num = |name: &str| -> Result<usize, String> {
            it.next().and_then(|v| v.parse().ok()).ok_or(format!("{name} needs a number"))
        };
        match arg.as_str() {
            "--entries" => a.entries = num("--entries")?,
            "--runs" => a.runs = num("--runs")?.max(1),
            "--health-runs" => a.health_runs = num("--health-runs")?,
            "--build-only" => a.build_only = true,
            "--dump" => a.dump = Some(it.next().ok_or("--dump needs a file")?),
            "--dump-incremental" => a.dump_incremental = Some(it.next().ok_or("--dump-incremental needs a file")?),
            _ => {
                return Err("usage: faq_rebuild_bench [--entries N] [--runs N] [--health-runs N] [--build-only] \
                     [--dump FILE] [--dump-incremental FILE]"
                    .into());
            }
        }
    }
    Ok(a)
}

/// Checksums of `m.rank(q, 5)` for every query (printed), and the rankings written to `dump`.
fn rankings(m: &Matcher, queries: &[String], what: &str, dump: Option<&str>) -> [u64; 3] {
    let mut sums = [0xcbf2_9ce4_8422_2325u64; 3];
    let mut out = String::new();
    for q in queries {
        let ranked = m.rank(q, 5);
        for s in &ranked {
            let rounded = (f64::from(s.score) * 1e6).round() as u64;
            for (sum, x) in sums.iter_mut().zip([s.id as u64, rounded, u64::from(s.score.to_bits())]) {
                *sum = (*sum ^ x).wrapping_mul(0x0000_0100_0000_01b3);
            }
        }
        if dump.is_some() {
            let r: Vec<String> = ranked.iter().map(|s| format!("{}:{:.7}", s.id, s.score)).collect();
            out.push_str(&format!("{q}\t{}\n", r.join(" ")));
        }
    }
    println!(
        "checksums of rank(q, 5){what} over {} queries: ids {:016x}, scores to 1e-6 {:016x}, exact {:016x}",
        queries.len(),
        sums[0],
        sums[1],
        sums[2]
    );
    if let Some(path) = dump
        && let Err(e) = std::fs::write(path, out)
    {
        eprintln!("{path}: {e}");
    }
    sums
}

/// Times the incremental rebuilds (see the module docs) and returns the last matcher: the generated
/// FAQ rebuilt after the whole history of edits.
fn incremental_builds(faq: &Faq, a: &Args, ru: &Words, en: &Words) -> Matcher {
    let mut rng = Lcg(0x1ee7);
    let mut cache = MatcherCache::new(MatcherConfig::default());
    let t = Instant::now();
    let first = cache.build(&faq.docs, &faq.answers);
    println!("incremental: first build (empty cache, every entry encoded): {:.1} ms", t.elapsed().as_secs_f64() * 1e3);
    drop(first);
    let mut docs = faq.docs.clone();
    let mut answers = faq.answers.clone();
    let (mut edit_ms, mut undo_ms) = (Vec::new(), Vec::new());
    let cpu_before = cpu_ms();
    let timed = |cache: &mut MatcherCache, docs: &[FaqDoc], answers: &[String], out: &mut Vec<f64>| {
        let t = Instant::now();
        let built = cache.build(docs, answers);
        out.push(t.elapsed().as_secs_f64() * 1e3);
        assert!(cache.last_encoded() <= 1, "re-encoded {} entries", cache.last_encoded());
        built
    };
    for run in 0..a.runs {
        let i = (run * 997 + 13) % docs.len();
        let words = if i.is_multiple_of(2) { ru } else { en };
        // A save: the question reworded, a variant added, the answer extended.
        docs[i].question = format!("{} {}", docs[i].question, words.any(&mut rng));
        docs[i].variants.push(format!("{} {} {}", words.any(&mut rng), words.content(&mut rng), words.any(&mut rng)));
        answers[i] = format!("{} {}", answers[i], words.content(&mut rng));
        timed(&mut cache, &docs, &answers, &mut edit_ms);
        // Undone.
        docs[i] = faq.docs[i].clone();
        answers[i] = faq.answers[i].clone();
        timed(&mut cache, &docs, &answers, &mut undo_ms);
    }
    let cpu = cpu_before.zip(cpu_ms()).map(|(before, after)| (after - before) / (2 * a.runs) as f64);
    // One entry removed, and added back.
    let i = docs.len() / 3;
    let (doc, answer) = (docs.remove(i), answers.remove(i));
    let mut other_ms = Vec::new();
    timed(&mut cache, &docs, &answers, &mut other_ms);
    docs.insert(i, doc);
    answers.insert(i, answer);
    let m = timed(&mut cache, &docs, &answers, &mut other_ms);
    let show = |ms: &[f64]| {
        let mut sorted = ms.to_vec();
        sorted.sort_by(f64::total_cmp);
        format!(
            "median {:.1} ms, min {:.1} ms, max {:.1} ms (runs: {})",
            percentile(&sorted, 0.5),
            sorted[0],
            sorted.last().unwrap(),
            ms.iter().map(|x| format!("{x:.0}")).collect::<Vec<_>>().join(" ")
        )
    };
    let all: Vec<f64> = edit_ms.iter().chain(&undo_ms).copied().collect();
    println!(
        "incremental rebuild after one entry saved (MatcherCache::build) ×{}: {}; CPU {} per build",
        all.len(),
        show(&all),
        cpu.map_or("?".into(), |c| format!("{c:.0} ms"))
    );
    println!("  edits: {}", show(&edit_ms));
    println!("  undos: {}", show(&undo_ms));
    println!("  one entry removed, then added back: {}", show(&other_ms));
    m
}

fn main() -> ExitCode {
    let a = match parse_args() {
        Ok(a) => a,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::FAILURE;
        }
    };
    if cfg!(debug_assertions) {
        println!("warning: debug build; run with --release for meaningful timings");
    }
    let ru_faq = rows(RU_FAQ);
    let ru_queries = rows(RU_QUERIES);
    let banking = rows(BANKING);
    let clinc = rows(CLINC);
    let ru = Words::new(
        ru_faq.iter().flat_map(|r| r[1..].iter().map(String::as_str)).chain(ru_queries.iter().map(|r| r[0].as_str())),
    );
    let en = Words::new(banking.iter().chain(&clinc).map(|r| r[0].as_str()));

    let mut rng = Lcg(0x5eed_f00d);
    let faq = generate(a.entries, &ru, &en, &mut rng);
    let phrasings: usize = faq.docs.iter().map(|d| 1 + d.variants.len()).sum();
    let answer_chars: usize = faq.answers.iter().map(|s| s.chars().count()).sum();
    println!(
        "FAQ: {} entries, {phrasings} phrasings, answers {:.0} characters on average",
        faq.docs.len(),
        answer_chars as f64 / faq.answers.len().max(1) as f64
    );
    println!("  e.g. {:?} / {:?}", faq.docs[0].question, faq.docs[0].variants);
    println!("       {:?} / {:?}", faq.docs[1].question, faq.docs[1].variants);

    // Building, as the bot does after every FAQ change (with the answers).
    let mut ms = Vec::with_capacity(a.runs);
    let mut m = None;
    let cpu_before = cpu_ms();
    for _ in 0..a.runs {
        let t = Instant::now();
        let built = Matcher::with_answers(&faq.docs, &faq.answers, MatcherConfig::default());
        ms.push(t.elapsed().as_secs_f64() * 1e3);
        m = Some(built); // the previous one is dropped here, outside the timed part
    }
    let cpu = cpu_before.zip(cpu_ms()).map(|(a, b)| (b - a) / ms.len() as f64);
    let m = m.unwrap();
    let mut sorted = ms.clone();
    sorted.sort_by(f64::total_cmp);
    println!(
        "build Matcher::with_answers ×{}: median {:.1} ms, min {:.1} ms, max {:.1} ms (runs: {}); CPU {} per build",
        a.runs,
        percentile(&sorted, 0.5),
        sorted[0],
        sorted.last().unwrap(),
        ms.iter().map(|x| format!("{x:.0}")).collect::<Vec<_>>().join(" "),
        cpu.map_or("?".into(), |c| format!("{c:.0} ms"))
    );
    let t = Instant::now();
    let bare = Matcher::new(&faq.docs);
    println!("build Matcher::new (no answers), once: {:.1} ms", t.elapsed().as_secs_f64() * 1e3);
    drop(bare);

    let incremental = incremental_builds(&faq, &a, &ru, &en);
    if a.build_only {
        return ExitCode::SUCCESS;
    }

    // Queries.
    let mut queries: Vec<String> = Vec::new();
    for _ in 0..2000 {
        let d = &faq.docs[rng.below(faq.docs.len())];
        let p = rng.below(1 + d.variants.len());
        let text = if p == 0 { &d.question } else { &d.variants[p - 1] };
        let words = if (d.id - 1) % 2 == 0 { &ru } else { &en };
        queries.push(perturb(&mut rng, text, words));
    }
    queries.extend(ru_queries.iter().map(|r| r[0].clone()));
    queries.extend(clinc.iter().map(|r| r[0].clone()));

    // Fingerprints of every ranking: the ids in order, the scores to 6 decimals, the exact bits.
    // A change that only makes the matcher faster must leave the first two as they are.
    let full_sums = rankings(&m, &queries, "", a.dump.as_deref());
    let inc_sums = rankings(&incremental, &queries, " (incremental build)", a.dump_incremental.as_deref());
    if full_sums != inc_sums {
        eprintln!("the incremental build ranks differently from the full build");
        return ExitCode::FAILURE;
    }

    println!("per query ({} queries, after a warm-up pass):", queries.len());
    let mut sink = 0usize;
    let mut time = |name: &str, f: &dyn Fn(&str) -> usize| {
        for q in &queries {
            sink += f(q);
        }
        let mut us = Vec::with_capacity(queries.len());
        for q in &queries {
            let t = Instant::now();
            sink += f(q);
            us.push(t.elapsed().as_secs_f64() * 1e6);
        }
        summary(name, us);
    };
    time("rank(q, 3)", &|q: &str| m.rank(q, 3).len());
    time("rank_explained(q, 5)", &|q: &str| m.rank_explained(q, 5).iter().map(|e| e.words.len()).sum());
    time("explain(q, best id)", &|q: &str| m.rank(q, 1).first().map_or(0, |s| m.explain(q, s.id).len()));
    std::hint::black_box(sink);

    let th = Thresholds::default();
    for run in 0..a.health_runs {
        let t = Instant::now();
        let h = health(&faq.docs, &m, &th);
        let ms = t.elapsed().as_secs_f64() * 1e3;
        let reachable = h.entries.iter().filter(|e| e.reachable()).count();
        println!(
            "health run {}: {ms:.0} ms — {} conflicts, {} unreachable, {reachable} of {} entries answered by a phrasing",
            run + 1,
            h.conflicts.len(),
            h.unreachable.len(),
            h.entries.len()
        );
    }
    ExitCode::SUCCESS
}
