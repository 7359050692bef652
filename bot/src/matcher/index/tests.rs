use super::features::PostingsBuilder;
use super::{MatchKind, MatchedWord, Matcher, MatcherConfig};
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
