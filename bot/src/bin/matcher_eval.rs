//! Evaluates the FAQ matcher on the development sets in `testdata/faq` and prints the numbers
//! reported in `bench/README.md`.
//!
//! ```text
//! cargo run -p bot --release --bin matcher_eval [-- --data DIR] [--sweep] [--misses] [--set key=value …]
//! ```
//!
//! * `--data DIR` — where the CSV files are (default: `testdata/faq` in this repository);
//! * `--sweep` — also print quality for a grid of thresholds (how the defaults were chosen);
//! * `--misses` — list the Russian queries that were not answered or ranked correctly;
//! * `--set key=value` — override a `MatcherConfig` field, for experiments.
//!
//! Sections: (a) Russian FAQ, (b) BANKING77 k-shot + CLINC out-of-scope, (c) speed with 1,000 entries.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use bot::matcher::{
    ANSWER_MARGIN, Decision, FaqDoc, HandoffReason, MAX_SUGGESTIONS, Matcher, MatcherConfig, Scored, Thresholds,
    asks_for_human, decide, decide_ranked,
};

use bot::seed::parse_csv;

/// Reads a CSV file and returns its data rows (header dropped), checking the header and the width.
fn read_csv(dir: &Path, name: &str, header: &[&str]) -> Result<Vec<Vec<String>>, String> {
    let path = dir.join(name);
    let text = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    let mut rows = parse_csv(&text).into_iter().filter(|r| !(r.len() == 1 && r[0].trim().is_empty()));
    let head = rows.next().ok_or_else(|| format!("{name}: empty"))?;
    if head != header {
        return Err(format!("{name}: header {head:?}, expected {header:?}"));
    }
    let rows: Vec<Vec<String>> = rows.collect();
    if let Some(bad) = rows.iter().find(|r| r.len() != header.len()) {
        return Err(format!("{name}: row with {} fields: {bad:?}", bad.len()));
    }
    Ok(rows)
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Label {
    Faq(i64),
    OutOfScope,
    Human,
}

/// Counts for one query set at one pair of thresholds.
#[derive(Default, Debug)]
struct Stats {
    in_scope: usize,
    top1: usize,
    top3: usize,
    answered_right: usize,
    answered_wrong: usize,
    suggested: usize,
    suggested_with_right: usize,
    handoff_no_match: usize,
    handoff_human: usize,
    handoff_empty: usize,
    oos: usize,
    oos_answered: usize,
    oos_suggested: usize,
    human: usize,
    human_handed_off: usize,
}

fn pct(n: usize, d: usize) -> String {
    if d == 0 { "-".into() } else { format!("{:.1}%", 100.0 * n as f64 / d as f64) }
}

/// What `decide` needs, computed once per query so many threshold pairs can be tried cheaply.
struct Judged {
    label: Label,
    empty: bool,
    human: bool,
    ranked: Vec<Scored>,
}

fn judge(m: &Matcher, queries: &[(String, Label)]) -> Vec<Judged> {
    queries
        .iter()
        .map(|(q, label)| Judged {
            label: *label,
            empty: bot::matcher::normalize::normalize(q).is_empty(),
            human: asks_for_human(q),
            ranked: m.rank(q, MAX_SUGGESTIONS),
        })
        .collect()
}

/// The same branches as `decide`, from precomputed parts (checked against `decide` in `russian`).
fn decision_of(j: &Judged, t: &Thresholds) -> Decision {
    if j.empty {
        return Decision::Handoff { reason: HandoffReason::Empty };
    }
    if j.human {
        return Decision::Handoff { reason: HandoffReason::AskedForHuman };
    }
    decide_ranked(j.ranked.clone(), t)
}

fn tally(judged: &[Judged], t: &Thresholds) -> Stats {
    let mut s = Stats::default();
    for j in judged {
        let d = decision_of(j, t);
        match j.label {
            Label::Faq(id) => {
                s.in_scope += 1;
                s.top1 += usize::from(j.ranked.first().is_some_and(|r| r.id == id));
                s.top3 += usize::from(j.ranked.iter().take(3).any(|r| r.id == id));
                match d {
                    Decision::Answer { id: got, .. } if got == id => s.answered_right += 1,
                    Decision::Answer { .. } => s.answered_wrong += 1,
                    Decision::Suggest(v) => {
                        s.suggested += 1;
                        s.suggested_with_right += usize::from(v.iter().any(|r| r.id == id));
                    }
                    Decision::Handoff { reason: HandoffReason::NoMatch } => s.handoff_no_match += 1,
                    Decision::Handoff { reason: HandoffReason::AskedForHuman } => s.handoff_human += 1,
                    Decision::Handoff { reason: HandoffReason::Empty } => s.handoff_empty += 1,
                }
            }
            Label::OutOfScope => {
                s.oos += 1;
                s.oos_answered += usize::from(matches!(d, Decision::Answer { .. }));
                s.oos_suggested += usize::from(matches!(d, Decision::Suggest(_)));
            }
            Label::Human => {
                s.human += 1;
                s.human_handed_off +=
                    usize::from(matches!(d, Decision::Handoff { reason: HandoffReason::AskedForHuman }));
            }
        }
    }
    s
}

fn print_in_scope(s: &Stats) {
    let n = s.in_scope;
    println!("  in-scope queries            {n}");
    println!("  top-1 accuracy              {}", pct(s.top1, n));
    println!("  top-3 accuracy              {}", pct(s.top3, n));
    println!("  Answer, right entry         {}", pct(s.answered_right, n));
    println!("  Answer, wrong entry         {}", pct(s.answered_wrong, n));
    println!("  Suggest (right one among)   {} ({})", pct(s.suggested, n), pct(s.suggested_with_right, n));
    println!("  Handoff NoMatch             {}", pct(s.handoff_no_match, n));
    println!("  Handoff AskedForHuman       {}", pct(s.handoff_human, n));
    if s.handoff_empty > 0 {
        println!("  Handoff Empty               {}", pct(s.handoff_empty, n));
    }
}

fn sweep(name: &str, judged: &[Judged]) {
    println!(
        "  sweep ({name}): high low | answered right / wrong | suggested (right among) | no match \
         | out-of-scope answered / suggested"
    );
    for high in [0.3f32, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6] {
        for low in [0.1f32, 0.15, 0.2, 0.25] {
            let s = tally(judged, &Thresholds { high, low });
            println!(
                "    {high:.2} {low:.2} | {} / {} | {} ({}) | {} | {} / {}",
                pct(s.answered_right, s.in_scope),
                pct(s.answered_wrong, s.in_scope),
                pct(s.suggested, s.in_scope),
                pct(s.suggested_with_right, s.in_scope),
                pct(s.handoff_no_match, s.in_scope),
                pct(s.oos_answered, s.oos),
                pct(s.oos_suggested, s.oos),
            );
        }
    }
}

struct Args {
    data: PathBuf,
    sweep: bool,
    misses: bool,
    cfg: MatcherConfig,
}

fn parse_args() -> Result<Args, String> {
    let default_data = Path::new(env!("CARGO_MANIFEST_DIR")).join("../testdata/faq");
    let default_data = default_data.canonicalize().unwrap_or(default_data);
    let mut a = Args { data: default_data, sweep: false, misses: false, cfg: MatcherConfig::default() };
    let mut it = std::env::args().skip(1);
    while let Some(arg) = it.next() {
        match arg.as_str() {
            "--data" => a.data = it.next().ok_or("--data needs a directory")?.into(),
            "--sweep" => a.sweep = true,
            "--misses" => a.misses = true,
            "--set" => {
                let kv = it.next().ok_or("--set needs key=value")?;
                let (k, v) = kv.split_once('=').ok_or("--set needs key=value")?;
                let f = || v.parse::<f32>().map_err(|e| format!("{kv}: {e}"));
                let u = || v.parse::<usize>().map_err(|e| format!("{kv}: {e}"));
                let b = || v.parse::<bool>().map_err(|e| format!("{kv}: {e}"));
                match k {
                    "stem_weight" => a.cfg.stem_weight = f()?,
                    "ngram_min" => a.cfg.ngram_min = u()?,
                    "ngram_max" => a.cfg.ngram_max = u()?,
                    "best_phrase_weight" => a.cfg.best_phrase_weight = f()?,
                    "typo_discount" => a.cfg.typo_discount = f()?,
                    "unknown_weight" => a.cfg.unknown_weight = f()?,
                    "stop_word_weight" => a.cfg.stop_word_weight = f()?,
                    "expand_clippings" => a.cfg.expand_clippings = b()?,
                    "idf_power" => a.cfg.idf_power = f()?,
                    "pivot_slope" => a.cfg.pivot_slope = f()?,
                    "answer_weight" => a.cfg.answer_weight = f()?,
                    _ => return Err(format!("unknown setting {k}")),
                }
            }
            "-h" | "--help" => {
                return Err("usage: matcher_eval [--data DIR] [--sweep] [--misses] [--set key=value]...".into());
            }
            other => return Err(format!("unknown argument {other} (try --help)")),
        }
    }
    Ok(a)
}

fn variants(s: &str) -> Vec<String> {
    s.split(" | ").map(str::trim).filter(|v| !v.is_empty()).map(String::from).collect()
}

/// (a) The Russian FAQ. Returns the documents (reused in the speed test).
/// Queries with what they should get.
type Queries = Vec<(String, Label)>;

fn russian(a: &Args, t: &Thresholds) -> Result<(Vec<FaqDoc>, Queries), String> {
    let faq = read_csv(&a.data, "ru_faq.csv", &["id", "question", "variants", "answer"])?;
    let mut ids: HashMap<String, i64> = HashMap::new();
    let mut names: Vec<String> = Vec::new();
    let docs: Vec<FaqDoc> = faq
        .iter()
        .enumerate()
        .map(|(i, r)| {
            ids.insert(r[0].clone(), i as i64 + 1);
            names.push(r[0].clone());
            FaqDoc { id: i as i64 + 1, question: r[1].clone(), variants: variants(&r[2]) }
        })
        .collect();
    let rows = read_csv(&a.data, "ru_queries_dev.csv", &["text", "faq_id"])?;
    let mut queries = Vec::new();
    for r in rows {
        let label = match r[1].as_str() {
            "none" => Label::OutOfScope,
            "human" => Label::Human,
            id => Label::Faq(*ids.get(id).ok_or_else(|| format!("ru_queries_dev.csv: unknown faq_id {id}"))?),
        };
        queries.push((r[0].clone(), label));
    }

    // The entries' answers are given to the matcher as extra evidence, as the bot does.
    let answers: Vec<String> = faq.iter().map(|r| r[3].clone()).collect();
    let m = Matcher::with_answers(&docs, &answers, a.cfg.clone());
    let judged = judge(&m, &queries);
    // The report below uses the precomputed path; make sure it agrees with the real `decide`.
    for ((q, _), j) in queries.iter().zip(&judged) {
        assert_eq!(decide(&m, q, t), decision_of(j, t), "decision mismatch on {q:?}");
    }
    let s = tally(&judged, t);
    println!("(a) Russian FAQ: {} entries, {} queries (ru_faq.csv, ru_queries_dev.csv)", docs.len(), queries.len());
    print_in_scope(&s);
    println!(
        "  out-of-scope auto-answered  {} of {} ({}); suggested {}",
        s.oos_answered,
        s.oos,
        pct(s.oos_answered, s.oos),
        pct(s.oos_suggested, s.oos)
    );
    // How close out-of-scope messages come to HIGH (they must stay below it).
    let oos_max = judged
        .iter()
        .filter(|j| j.label == Label::OutOfScope)
        .filter_map(|j| j.ranked.first().map(|r| r.score))
        .fold(0f32, f32::max);
    println!("  highest out-of-scope score  {oos_max:.3}");
    // The same without the answers (a caller that only passes the questions and variants).
    let bare = tally(&judge(&Matcher::with_config(&docs, a.cfg.clone()), &queries), t);
    println!(
        "  without answers: top-1 {}, top-3 {}, answer right / wrong {} / {}, out-of-scope auto-answered {} of {}",
        pct(bare.top1, bare.in_scope),
        pct(bare.top3, bare.in_scope),
        pct(bare.answered_right, bare.in_scope),
        pct(bare.answered_wrong, bare.in_scope),
        bare.oos_answered,
        bare.oos
    );
    println!(
        "  human → AskedForHuman       {} of {} ({})",
        s.human_handed_off,
        s.human,
        pct(s.human_handed_off, s.human)
    );
    if a.sweep {
        sweep("russian", &judged);
    }
    if a.misses {
        let name = |id: i64| names[(id - 1) as usize].as_str();
        for ((q, label), j) in queries.iter().zip(&judged) {
            let top: Vec<String> = j.ranked.iter().map(|r| format!("{}:{:.2}", name(r.id), r.score)).collect();
            let d = decision_of(j, t);
            let bad = match *label {
                Label::Faq(id) => {
                    !matches!(d, Decision::Answer { id: got, .. } if got == id)
                        || j.ranked.first().map(|r| r.id) != Some(id)
                }
                Label::OutOfScope => matches!(d, Decision::Answer { .. }),
                Label::Human => !j.human,
            };
            if bad {
                let want = match *label {
                    Label::Faq(id) => name(id).to_string(),
                    Label::OutOfScope => "none".into(),
                    Label::Human => "human".into(),
                };
                println!("    miss [{want}] {q:?} → {}", top.join(" "));
            }
        }
    }
    println!();
    Ok((docs, queries))
}

/// BANKING77 rows grouped by category, categories in order of first appearance.
fn banking_by_category(a: &Args) -> Result<Vec<(String, Vec<String>)>, String> {
    let rows = read_csv(&a.data, "banking77_train.csv", &["text", "category"])?;
    let mut order: Vec<(String, Vec<String>)> = Vec::new();
    let mut pos: HashMap<String, usize> = HashMap::new();
    for r in rows {
        let i = *pos.entry(r[1].clone()).or_insert_with(|| {
            order.push((r[1].clone(), Vec::new()));
            order.len() - 1
        });
        order[i].1.push(r[0].clone());
    }
    Ok(order)
}

/// (b) BANKING77 k-shot: the first k rows of a category form its entry, the rest are queries.
fn banking(a: &Args, t: &Thresholds, cats: &[(String, Vec<String>)]) -> Result<(), String> {
    let clinc = read_csv(&a.data, "clinc_oos_dev.csv", &["text", "label"])?;
    for k in [5usize, 10] {
        let mut docs = Vec::new();
        let mut queries: Vec<(String, Label)> = Vec::new();
        for (i, (_, texts)) in cats.iter().enumerate() {
            let shots = &texts[..k.min(texts.len())];
            docs.push(FaqDoc { id: i as i64, question: shots[0].clone(), variants: shots[1..].to_vec() });
            queries.extend(texts[shots.len()..].iter().map(|q| (q.clone(), Label::Faq(i as i64))));
        }
        queries.extend(clinc.iter().map(|r| (r[0].clone(), Label::OutOfScope)));
        let m = Matcher::with_config(&docs, a.cfg.clone());
        let judged = judge(&m, &queries);
        let s = tally(&judged, t);
        println!(
            "(b) BANKING77 {k}-shot: {} entries, {} queries + {} CLINC out-of-scope",
            docs.len(),
            s.in_scope,
            s.oos
        );
        print_in_scope(&s);
        println!(
            "  CLINC out-of-scope auto-answered {} of {} ({}); suggested {}",
            s.oos_answered,
            s.oos,
            pct(s.oos_answered, s.oos),
            pct(s.oos_suggested, s.oos)
        );
        if a.sweep {
            sweep(&format!("banking77 {k}-shot"), &judged);
        }
        println!();
    }
    Ok(())
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    sorted[((sorted.len() - 1) as f64 * p).round() as usize]
}

/// (c) Speed: 1,000 entries of ~4 phrasings; `rank(query, 3)` timed per query.
fn speed(a: &Args, cats: &[(String, Vec<String>)], ru_docs: &[FaqDoc], ru_queries: &[(String, Label)]) {
    // 970 synthetic English entries (4 consecutive rows of one category each, taken round-robin over
    // the categories) plus the 30 Russian entries: 1,000 entries, 3,910 phrasings.
    let target = 1000 - ru_docs.len();
    let mut docs: Vec<FaqDoc> = ru_docs.to_vec();
    let mut used = vec![0usize; cats.len()];
    'fill: for round in 0.. {
        let mut any = false;
        for (c, (_, texts)) in cats.iter().enumerate() {
            let chunk = &texts[(round * 4).min(texts.len())..((round + 1) * 4).min(texts.len())];
            if chunk.len() == 4 {
                any = true;
                used[c] = (round + 1) * 4;
                docs.push(FaqDoc {
                    id: 1000 + docs.len() as i64,
                    question: chunk[0].clone(),
                    variants: chunk[1..].to_vec(),
                });
                if docs.len() == ru_docs.len() + target {
                    break 'fill;
                }
            }
        }
        if !any {
            break;
        }
    }
    let en_queries: Vec<&str> = cats
        .iter()
        .zip(&used)
        .flat_map(|((_, texts), &u)| texts[u.min(texts.len())..].iter().map(String::as_str))
        .collect();
    let ru: Vec<&str> = ru_queries.iter().map(|(q, _)| q.as_str()).collect();
    let phrasings: usize = docs.iter().map(|d| 1 + d.variants.len()).sum();

    let t0 = Instant::now();
    let m = Matcher::with_config(&docs, a.cfg.clone());
    let build_ms = t0.elapsed().as_secs_f64() * 1e3;
    println!("(c) Speed: {} entries, {phrasings} phrasings; build {build_ms:.1} ms", m.len());

    let mut sink = 0f32;
    for (name, qs, reps) in [("English (BANKING77 rows)", &en_queries, 1usize), ("Russian (dev queries ×20)", &ru, 20)]
    {
        // Warm-up pass: caches and branch predictors, as in a long-running bot.
        for q in qs.iter() {
            sink += m.rank(q, 3).first().map_or(0.0, |s| s.score);
        }
        let mut us = Vec::with_capacity(qs.len() * reps);
        for _ in 0..reps {
            for q in qs.iter() {
                let t = Instant::now();
                let r = m.rank(q, 3);
                us.push(t.elapsed().as_secs_f64() * 1e6);
                sink += r.first().map_or(0.0, |s| s.score);
            }
        }
        us.sort_by(f64::total_cmp);
        let mean = us.iter().sum::<f64>() / us.len() as f64;
        println!(
            "  {name}: {} queries, mean {mean:.1} µs, p50 {:.1} µs, p99 {:.1} µs, max {:.1} µs",
            us.len(),
            percentile(&us, 0.5),
            percentile(&us, 0.99),
            us.last().unwrap()
        );
    }
    std::hint::black_box(sink);
}

fn main() -> ExitCode {
    let a = match parse_args() {
        Ok(a) => a,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::FAILURE;
        }
    };
    let t = Thresholds::default();
    println!(
        "FAQ matcher evaluation — data {}, thresholds high {} low {}, answer margin {ANSWER_MARGIN}",
        a.data.display(),
        t.high,
        t.low
    );
    if a.cfg != MatcherConfig::default() {
        println!("config override: {:?}", a.cfg);
    }
    if cfg!(debug_assertions) {
        println!("warning: debug build; run with --release for meaningful timings");
    }
    println!();
    let run = || -> Result<(), String> {
        let (ru_docs, ru_queries) = russian(&a, &t)?;
        let cats = banking_by_category(&a)?;
        banking(&a, &t, &cats)?;
        speed(&a, &cats, &ru_docs, &ru_queries);
        Ok(())
    };
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}
