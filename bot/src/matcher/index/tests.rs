use super::features::PostingsBuilder;
use super::{MatchKind, MatchedWord, Matcher, MatcherCache, MatcherConfig};
use crate::matcher::FaqDoc;

fn doc(id: i64, q: &str, variants: &[&str]) -> FaqDoc {
    FaqDoc { id, question: q.into(), variants: variants.iter().map(|s| s.to_string()).collect() }
}

fn faq() -> Vec<FaqDoc> {
    vec![
        doc(1, "Как оплатить услуги банковской картой?", &["Оплата картой онлайн", "Можно ли заплатить картой Visa?"]),
        doc(2, "Почему медленный интернет?", &["Низкая скорость интернета", "Интернет тормозит вечером"]),
        doc(3, "Как поменять пароль от Wi-Fi?", &["Забыл пароль от вайфая"]),
        doc(4, "Как расторгнуть договор?", &["Хочу отключиться", "Расторжение договора"]),
        doc(5, "How do I reset my password?", &["I forgot my password"]),
    ]
}

fn top(m: &Matcher, q: &str) -> Option<i64> {
    m.rank(q, 1).first().map(|s| s.id)
}

#[test]
fn exact_phrasing_scores_high() {
    let m = Matcher::new(&faq());
    let r = m.rank("Как оплатить услуги банковской картой?", 3);
    assert_eq!(r[0].id, 1);
    assert!(r[0].score > 0.8, "{r:?}");
    assert!(r.iter().all(|s| (0.0..=1.0).contains(&s.score)));
    assert!(r.windows(2).all(|w| w[0].score >= w[1].score));
}

#[test]
fn inflection_and_word_order_do_not_matter() {
    let m = Matcher::new(&faq());
    assert_eq!(top(&m, "картой оплатить можно"), Some(1));
    assert_eq!(top(&m, "оплачу картою"), Some(1));
    let a = m.rank("медленный интернет вечером", 1);
    let b = m.rank("вечером интернет медленный", 1);
    assert_eq!(a, b);
    assert_eq!(a[0].id, 2);
}

#[test]
fn typos_are_tolerated() {
    let m = Matcher::new(&faq());
    assert_eq!(top(&m, "хочу оплотить картой"), Some(1));
    assert_eq!(top(&m, "тормозит интеренет"), Some(2));
    assert_eq!(top(&m, "расторгуть догвор"), Some(4));
    // A typo scores below the correct spelling, but not by much.
    let good = m.rank("медленный интернет", 1)[0].score;
    let typo = m.rank("медленный интеренет", 1)[0].score;
    assert!(typo < good && typo > 0.6 * good, "{typo} vs {good}");
}

#[test]
fn english_and_compounds() {
    let m = Matcher::new(&faq());
    assert_eq!(top(&m, "forgot password, how to reset"), Some(5));
    assert_eq!(top(&m, "пароль от wifi"), Some(3));
    assert_eq!(top(&m, "пароль вай-фай"), Some(3));
}

#[test]
fn stop_words_do_not_dominate() {
    let m = Matcher::new(&faq());
    // Only stop words: nothing to go on.
    assert!(m.rank("как у вас с этим?", 3).iter().all(|s| s.score < 0.2));
    // A content word decides, however many stop words surround it.
    assert_eq!(top(&m, "а как вот мне бы это самое расторжение"), Some(4));
}

#[test]
fn unrelated_and_empty_queries() {
    let m = Matcher::new(&faq());
    assert!(m.rank("", 3).is_empty());
    assert!(m.rank("🙏🙏", 3).is_empty());
    let r = m.rank("какая погода завтра в екатеринбурге", 3);
    assert!(r.iter().all(|s| s.score < 0.3), "{r:?}");
    assert!(Matcher::new(&[]).rank("оплата", 3).is_empty());
    assert!(m.rank("оплата", 0).is_empty());
}

#[test]
fn single_entry_and_empty_phrasings() {
    let m = Matcher::new(&[doc(7, "Как оплатить картой?", &["", "🙂"])]);
    assert_eq!(m.len(), 1);
    let r = m.rank("оплатить картой", 3);
    assert_eq!(r.len(), 1);
    assert_eq!(r[0].id, 7);
    assert!(r[0].score > 0.5, "{r:?}");
    // An entry whose phrasings have no words at all can never match, and does not break the index.
    let m = Matcher::new(&[doc(1, "🙂", &["?!"]), doc(2, "Пароль от Wi-Fi", &[])]);
    assert_eq!(top(&m, "пароль wifi"), Some(2));
    assert!(m.rank("🙂", 3).is_empty());
}

#[test]
fn deterministic() {
    let a = Matcher::new(&faq());
    let b = a.clone();
    for q in ["интернет тормозит", "пароль", "оплата картой"] {
        assert_eq!(a.rank(q, 5), b.rank(q, 5));
        assert_eq!(a.rank(q, 5), Matcher::new(&faq()).rank(q, 5));
    }
}

#[test]
fn top_k_is_capped_and_ordered() {
    let m = Matcher::new(&faq());
    let r = m.rank("пароль", usize::MAX);
    assert!(r.len() <= 5);
    assert_eq!(m.rank("пароль", 1).len(), 1);
    assert!(r.windows(2).all(|w| w[0].score >= w[1].score));
}

#[test]
fn clippings_match_the_full_words() {
    let m = Matcher::new(&faq());
    assert_eq!(top(&m, "инет тормозит"), Some(2));
    assert_eq!(top(&m, "медленный инет"), Some(2));
    // Off, the clipping is only a weak guess (the generic clipping rule of `fuzzy`).
    let off = Matcher::with_config(&faq(), MatcherConfig { expand_clippings: false, ..MatcherConfig::default() });
    let on_score = m.rank("медленный инет", 1)[0].score;
    assert!(off.rank("медленный инет", 1)[0].score < on_score);
    // A multi-word expansion weighs as one word, not two.
    let lk =
        Matcher::new(&[doc(1, "Как войти в личный кабинет?", &[]), doc(2, "Баланс не изменился после оплаты", &[])]);
    assert_eq!(top(&lk, "в лк баланс не изменился"), Some(2));
}

#[test]
fn short_phrasings_do_not_win_on_one_shared_word() {
    let docs = [doc(1, "Нужен мастер", &[]), doc(2, "Как закрыть договор, если интернет больше не нужен?", &[])];
    let q = "интернет больше не нужен, как закрыть договор";
    assert_eq!(top(&Matcher::new(&docs), q), Some(2));
    // With the plain cosine (slope 1) the two-word phrasing gets a large share for "нужен";
    // pivoting lowers it.
    let cosine = Matcher::with_config(&docs, MatcherConfig { pivot_slope: 1.0, ..MatcherConfig::default() });
    let short = |m: &Matcher| m.rank("нужен", 2).iter().find(|s| s.id == 1).unwrap().score;
    assert!(short(&Matcher::new(&docs)) < short(&cosine));
}

#[test]
fn answers_add_evidence() {
    let docs = faq();
    let answers: Vec<String> = vec![
        "Оплатить можно в личном кабинете или через СБП.".into(),
        "Замерьте скорость через спидтест по кабелю.".into(),
    ];
    let plain = Matcher::new(&docs);
    let with = Matcher::with_answers(&docs, &answers, MatcherConfig::default());
    // A word only the answer has now points at its entry.
    assert_eq!(top(&plain, "сбп"), None);
    assert_eq!(top(&with, "сбп"), Some(1));
    assert_eq!(top(&with, "через сбп можно?"), Some(1));
    assert_eq!(top(&with, "спидтест показывает мало"), Some(2));
    // Entries without an answer (missing or empty) are as before, and questions still decide.
    assert_eq!(top(&with, "расторгнуть договор"), Some(4));
    assert_eq!(top(&with, "forgot password, how to reset"), Some(5));
    let r = with.rank("Как оплатить услуги банковской картой?", 3);
    assert_eq!(r[0].id, 1);
    assert!(r.iter().all(|s| (0.0..=1.0).contains(&s.score)));
    // Answer weight 0 is the same as no answers.
    let zero = Matcher::with_answers(&docs, &answers, MatcherConfig { answer_weight: 0.0, ..MatcherConfig::default() });
    for q in ["через сбп можно?", "интернет тормозит", "пароль"] {
        assert_eq!(zero.rank(q, 5), plain.rank(q, 5));
    }
}

#[test]
fn is_send_sync_clone() {
    fn check<T: Send + Sync + Clone>() {}
    check::<Matcher>();
}

/// The explanation of `id` for `q`, checked for the invariants every explanation keeps: spans point
/// at the typed words, shares are positive, sorted, and add up to the entry's score.
fn explained(m: &Matcher, q: &str, id: i64) -> Vec<MatchedWord> {
    let words = m.explain(q, id);
    for w in &words {
        assert_eq!(&q[w.span.clone()], w.word, "{w:?}");
        assert!(w.contribution >= 0.0, "{w:?}");
    }
    assert!(words.windows(2).all(|p| p[0].contribution >= p[1].contribution), "{words:?}");
    let score = m.rank(q, usize::MAX).iter().find(|s| s.id == id).map_or(0.0, |s| s.score);
    let sum: f32 = words.iter().map(|w| w.contribution).sum();
    assert!((sum - score).abs() < 1e-4, "{q:?} → {id}: shares add up to {sum}, score {score}; {words:?}");
    words
}

fn how<'a>(words: &'a [MatchedWord], word: &str) -> &'a MatchKind {
    &words.iter().find(|w| w.word == word).unwrap_or_else(|| panic!("{word} not in {words:?}")).how
}

#[test]
fn explain_typo_and_stem() {
    let m = Matcher::new(&faq());
    let w = explained(&m, "оплотить картой", 1);
    assert_eq!(w.len(), 2, "{w:?}");
    assert_eq!(how(&w, "оплотить"), &MatchKind::Typo { corrected: "оплатить".into(), edits: 1 });
    assert_eq!(how(&w, "картой"), &MatchKind::Stem);
    // The word as typed (case, punctuation around it), with its place in the message.
    let q = "Хочу ОПЛОТИТЬ картой!!";
    let w = explained(&m, q, 1);
    let typo = w.iter().find(|w| w.word == "ОПЛОТИТЬ").unwrap();
    assert_eq!(typo.span, 9..25);
    assert!(matches!(typo.how, MatchKind::Typo { ref corrected, edits: 1 } if corrected == "оплатить"));
    // "хочу" is in no phrasing of entry 1: not listed.
    assert!(w.iter().all(|w| w.word != "Хочу"), "{w:?}");
}

#[test]
fn explain_slang_ngrams_and_compounds() {
    let m = Matcher::new(&faq());
    let w = explained(&m, "инет тормозит", 2);
    assert_eq!(how(&w, "инет"), &MatchKind::Slang { expansion: "интернет".into() });
    assert_eq!(how(&w, "тормозит"), &MatchKind::Stem);
    // A hyphenated compound is one typed word, whatever parts of it matched.
    let w = explained(&m, "пароль от Wi-Fi", 3);
    assert_eq!(how(&w, "Wi-Fi"), &MatchKind::Stem);
    assert_eq!(w.iter().filter(|w| w.word == "Wi-Fi").count(), 1);
    // The stop word counts, least of all.
    assert_eq!(w.last().unwrap().word, "от", "{w:?}");
    // A multi-word expansion.
    let lk = Matcher::new(&[doc(1, "Как войти в личный кабинет?", &[]), doc(2, "Баланс не изменился", &[])]);
    let w = explained(&lk, "не могу зайти в лк", 1);
    assert_eq!(how(&w, "лк"), &MatchKind::Slang { expansion: "личный кабинет".into() });
    // Only letters in common: `платеж` is a part of `автоплатеж`, not its stem nor a typo of it.
    let auto = Matcher::new(&[doc(1, "Как подключить автоплатёж?", &[]), doc(2, "Почему медленный интернет?", &[])]);
    let w = explained(&auto, "платёж", 1);
    assert_eq!(w.len(), 1);
    assert_eq!(how(&w, "платёж"), &MatchKind::NGrams);
}

#[test]
fn explain_orders_by_share_and_covers_the_answer() {
    let docs = faq();
    let answers: Vec<String> = vec!["Оплатить можно в личном кабинете или через СБП.".into()];
    let m = Matcher::with_answers(&docs, &answers, MatcherConfig::default());
    // A word only the answer has is a stem match too (the answer is part of the entry's evidence).
    let w = explained(&m, "через сбп можно?", 1);
    assert_eq!(how(&w, "сбп"), &MatchKind::Stem);
    assert_eq!(w[0].word, "сбп", "{w:?}");
    // A stop word in most entries counts least.
    let w = explained(&m, "как оплатить картой", 1);
    assert_eq!(w.len(), 3);
    assert_eq!(w.last().unwrap().word, "как", "{w:?}");
    // Unknown entry, no words, no overlap.
    assert!(m.explain("оплата картой", 99).is_empty());
    assert!(m.explain("🙂", 1).is_empty());
    assert!(explained(&m, "какая погода завтра", 5).is_empty());
}

#[test]
fn rank_explained_is_rank_plus_explain() {
    let docs = faq();
    let answers: Vec<String> = vec!["Оплатить можно в личном кабинете или через СБП.".into()];
    for m in [Matcher::new(&docs), Matcher::with_answers(&docs, &answers, MatcherConfig::default())] {
        for q in [
            "Хочу ОПЛОТИТЬ картой",
            "инет тормозит вечером",
            "забыл пароль от вай-фая",
            "forgot password, how to reset",
            "расторгуть догвор",
            "а как вот мне бы это самое расторжение",
            "какая погода завтра",
            "",
        ] {
            let ranked = m.rank(q, 5);
            let explained_all = m.rank_explained(q, 5);
            let scored: Vec<_> = explained_all.iter().map(|e| e.scored).collect();
            assert_eq!(scored, ranked, "{q}");
            for e in &explained_all {
                assert_eq!(e.words, explained(&m, q, e.scored.id), "{q}");
                assert!(!e.words.is_empty(), "{q}: {e:?}");
            }
        }
    }
    assert!(Matcher::new(&faq()).rank_explained("оплата", 0).is_empty());
    assert!(Matcher::new(&[]).rank_explained("оплата", 5).is_empty());
}

#[test]
fn postings_are_filled_in_place() {
    let mut b = PostingsBuilder::new(&[2, 0, 2, 0]);
    for (f, t, w) in [(2, 7, 0.5), (0, 1, 1.0), (2, 3, 0.25), (0, 9, 2.0)] {
        b.push(f, t, w);
    }
    let p = b.finish();
    assert_eq!(p.get(0), [(1, 1.0), (9, 2.0)]);
    assert!(p.get(1).is_empty());
    assert_eq!(p.get(2), [(7, 0.5), (3, 0.25)]);
    assert!(p.get(3).is_empty() && p.get(4).is_empty());
}

#[test]
fn postings_can_be_renumbered() {
    // Built with ids 0..5, feature 3 unused; in the result 4 → 0, 0 → 1, 2 → 2, 1 → 3.
    let mut b = PostingsBuilder::with_order(&[2, 1, 0, 0, 1], &[4, 0, 2, 1]);
    for (f, t, w) in [(0, 1, 1.0), (4, 5, 0.5), (1, 2, 0.75), (0, 9, 2.0)] {
        b.push(f, t, w);
    }
    let p = b.finish();
    assert_eq!(p.get(0), [(5, 0.5)]);
    assert_eq!(p.get(1), [(1, 1.0), (9, 2.0)]);
    assert!(p.get(2).is_empty());
    assert_eq!(p.get(3), [(2, 0.75)]);
    assert!(p.get(4).is_empty());
}

/// A FAQ of `n` entries made of a fixed word list (deterministic), with answers, in both languages.
fn generated(n: usize) -> (Vec<FaqDoc>, Vec<String>) {
    const RU: &[&str] = &[
        "оплата",
        "картой",
        "интернет",
        "медленный",
        "пароль",
        "договор",
        "роутер",
        "тариф",
        "баланс",
        "кабинет",
        "подключить",
        "отключить",
        "вечером",
        "скорость",
        "мастер",
        "переезд",
        "адрес",
        "счёт",
        "автоплатёж",
        "как",
        "не",
        "почему",
        "можно",
        "инет",
        "лк",
        "сбп",
        "телевидение",
        "каналы",
        "номер",
        "поменять",
    ];
    const EN: &[&str] = &[
        "card", "payment", "refund", "password", "reset", "account", "transfer", "limit", "how", "my", "the", "why",
        "pending", "declined", "exchange", "rate", "top", "up", "pls", "fee", "atm", "cash", "pin", "blocked",
    ];
    let mut x = 0x2545_f491_u64;
    let mut next = move |m: usize| {
        x = x.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        ((x >> 33) % m as u64) as usize
    };
    let mut docs = Vec::new();
    let mut answers = Vec::new();
    for i in 0..n {
        let words = if i % 2 == 0 { RU } else { EN };
        let phrase = |next: &mut dyn FnMut(usize) -> usize, len: usize| -> String {
            (0..len).map(|_| words[next(words.len())]).collect::<Vec<_>>().join(" ") + "?"
        };
        let len = 3 + next(5);
        let q = phrase(&mut next, len);
        let variants: Vec<String> = (0..next(4))
            .map(|_| {
                let len = 2 + next(6);
                phrase(&mut next, len)
            })
            .collect();
        let a = if i % 5 == 4 {
            String::new()
        } else {
            let len = 8 + next(12);
            phrase(&mut next, len) + &format!(" https://ex.com/{i}")
        };
        docs.push(FaqDoc { id: 10 * i as i64 + 1, question: q, variants });
        answers.push(a);
    }
    (docs, answers)
}

const QUERIES: &[&str] = &[
    "оплата картой не проходит",
    "медленный инет вечером",
    "забыл пароль от лк",
    "как поменять тариф",
    "оплотить картой",
    "my card was declined pls",
    "refund pending",
    "how to reset pasword",
    "какая погода завтра",
    "сбп",
    "",
];

/// `MatcherCache::build` gives the very matcher `Matcher::with_answers` gives: every field, and so
/// every ranking and score.
fn assert_same_as_full(cache: &mut MatcherCache, docs: &[FaqDoc], answers: &[String]) {
    let full = Matcher::with_answers(docs, answers, cache.config().clone());
    let inc = cache.build(docs, answers);
    assert_eq!(inc.ids, full.ids);
    assert_eq!(inc.doc_start, full.doc_start);
    assert_eq!(inc.terms, full.terms);
    assert_eq!(inc.term_words, full.term_words);
    assert_eq!(inc.grams, full.grams);
    assert_eq!(inc.term_idf, full.term_idf);
    assert_eq!(inc.gram_idf, full.gram_idf);
    assert_eq!(inc.fuzzy, full.fuzzy);
    assert_eq!(inc, full);
    for q in QUERIES {
        let (a, b) = (inc.rank(q, 10), full.rank(q, 10));
        assert_eq!(a.len(), b.len(), "{q}");
        for (x, y) in a.iter().zip(&b) {
            assert_eq!((x.id, x.score.to_bits()), (y.id, y.score.to_bits()), "{q}");
        }
        assert_eq!(inc.rank_explained(q, 5), full.rank_explained(q, 5), "{q}");
    }
}

#[test]
fn incremental_build_equals_full_build() {
    for cfg in [MatcherConfig::default(), MatcherConfig { answer_weight: 0.0, ..MatcherConfig::default() }] {
        let (mut docs, mut answers) = generated(40);
        let mut cache = MatcherCache::new(cfg.clone());
        assert_same_as_full(&mut cache, &docs, &answers);
        assert_eq!(cache.last_encoded(), 40);
        // Nothing changed: nothing encoded.
        assert_same_as_full(&mut cache, &docs, &answers);
        assert_eq!(cache.last_encoded(), 0);
        // One variant edited, with a word no entry had.
        docs[7].variants.push("совсем новое словечко оплата".into());
        assert_same_as_full(&mut cache, &docs, &answers);
        assert_eq!(cache.last_encoded(), 1);
        // One answer edited.
        answers[3] = "Оплатить можно через СБП в личном кабинете".into();
        assert_same_as_full(&mut cache, &docs, &answers);
        assert_eq!(cache.last_encoded(), usize::from(cfg.answer_weight > 0.0));
        // The first entry removed: the words it used first now first occur later (new ids).
        let first = (docs.remove(0), answers.remove(0));
        assert_same_as_full(&mut cache, &docs, &answers);
        assert_eq!(cache.last_encoded(), 0);
        // Added back at the front, and a new entry in the middle.
        docs.insert(0, first.0);
        answers.insert(0, first.1);
        docs.insert(20, doc(5, "Как подключить телевидение?", &["ТВ каналы не показывают", "🙂"]));
        answers.insert(20, "Проверьте кабель".into());
        assert_same_as_full(&mut cache, &docs, &answers);
        assert_eq!(cache.last_encoded(), 2);
        // An entry emptied, fewer answers than entries, an entry moved to the end.
        docs[10].question = "?!".into();
        docs[10].variants.clear();
        answers.truncate(30);
        let moved = docs.remove(2);
        docs.push(moved);
        assert_same_as_full(&mut cache, &docs, &answers);
        // Everything removed, then the small FAQ.
        assert_same_as_full(&mut cache, &[], &[]);
        assert_same_as_full(&mut cache, &faq(), &[]);
    }
}

#[test]
fn incremental_build_equals_full_build_at_scale() {
    // Enough entries to encode the answers on a second thread (merged into the cache's vocabulary).
    let (mut docs, mut answers) = generated(400);
    let mut cache = MatcherCache::new(MatcherConfig::default());
    assert_same_as_full(&mut cache, &docs, &answers);
    for step in 0..6 {
        let i = (step * 67) % docs.len();
        match step % 3 {
            0 => docs[i].question.push_str(" вопрос изменён"),
            1 => answers[i] = format!("ответ {step} изменён, see https://ex.com/new/{step}"),
            _ => {
                docs.remove(i);
                answers.remove(i);
            }
        }
        assert_same_as_full(&mut cache, &docs, &answers);
        assert!(cache.last_encoded() <= 1);
    }
    // Half of the entries replaced at once (the answers encoded apart again).
    let (fresh, fresh_answers) = generated(600);
    docs.truncate(200);
    answers.truncate(200);
    docs.extend(fresh.into_iter().skip(400).map(|mut d| {
        d.id += 1;
        d
    }));
    answers.extend(fresh_answers.into_iter().skip(400));
    assert_same_as_full(&mut cache, &docs, &answers);
    assert_eq!(cache.last_encoded(), 200);
}
