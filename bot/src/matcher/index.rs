//! The index and the scoring: everything that can be computed from the FAQ alone is computed once in
//! [`Matcher::new`], so a query only looks up its own words and walks short posting lists.
//!
//! A FAQ entry is a handful of phrasings (the question and its variants). Each phrasing becomes two
//! sparse TF-IDF vectors:
//!
//! * **stems** — the Snowball stem of every word, weighted by IDF (computed over entries, so a stem
//!   every entry shares counts for nothing). This is the precise signal. Stop words count at three
//!   quarters of a content word: dropping them loses intent carried by small words ("не пришла",
//!   "without"), letting them count fully lets "как" and "my" decide between entries.
//! * **character n-grams** (3–5 characters inside word boundaries, `<оплатить>` → `<оп`, `опл`, …)
//!   of the non-stop words — catches what the stemmer misses: derived words
//!   (`автоплатёж`/`платёж`), compounds, leftover typos, transliterations of the same root.
//!
//! Before that, colloquial clippings and chat abbreviations are expanded (`инет` → `интернет`,
//! `лк` → `личный кабинет`; see `slang`). IDF is softened (raised to the power 0.6): with a few dozen
//! entries, "appears in one entry" vs. "appears in three" is mostly chance, and the full IDF let a
//! rare but incidental word outweigh the words that carry the question.
//!
//! The similarity of a query to a phrasing is the weighted sum of the two channels' dot products.
//! The query side is L2-normalised; the phrasing side uses pivoted length normalisation, so that a
//! two-word variant does not win on a single shared word. An entry scores a blend of its best
//! phrasing (a customer often paraphrases exactly one variant) and the cosine with the entry's
//! centroid (the sum of its unit phrasing vectors, plus — when the caller provides it — its answer
//! text at the weight of one phrasing, see [`Matcher::with_answers`]). Scores are clamped to [0, 1]
//! and comparable across queries (needed for fixed thresholds).
//!
//! Stems unknown to the index are typo-corrected to the closest vocabulary stem (see `fuzzy`), at
//! a discount. Words that stay unknown still count in the query's norm: a message whose content
//! words are mostly foreign to the FAQ should score low, which is what lets out-of-scope messages
//! fall below the thresholds.

use std::collections::HashMap;

use super::fuzzy::FuzzyIndex;
use super::hash::{FxBuild, hash_chars};
use super::normalize::for_each_word;
use super::slang;
use super::stem::{is_stop_word, stem};
use super::{FaqDoc, Scored};

/// Tuning knobs. [`Default`] holds the values the matcher ships with; they were chosen on the
/// development sets described in `bench/README.md`.
#[derive(Clone, Debug, PartialEq)]
pub struct MatcherConfig {
    /// Share of the stem cosine in a phrasing's score; the rest goes to the n-gram cosine.
    pub stem_weight: f32,
    /// Shortest and longest character n-gram.
    pub ngram_min: usize,
    pub ngram_max: usize,
    /// Share of the best-phrasing score in an entry's score; the rest goes to the centroid cosine.
    pub best_phrase_weight: f32,
    /// Weight multiplier for a typo-corrected stem, per edit.
    pub typo_discount: f32,
    /// How much an unknown query word (or n-gram) weighs in the query norm, relative to the rarest
    /// known one. 0 ignores unknown words; 1 treats them as maximally informative.
    pub unknown_weight: f32,
    /// Weight of a stop word relative to a content word (0 drops stop words).
    pub stop_word_weight: f32,
    /// Expand colloquial clippings and chat abbreviations (`инет`, `лк`, `pls`) to full words.
    pub expand_clippings: bool,
    /// IDF is raised to this power: below 1 softens the contrast between rare and common features.
    pub idf_power: f32,
    /// Slope of the pivoted length normalisation of phrasings (1 = cosine; below 1 short phrasings
    /// lose their edge).
    pub pivot_slope: f32,
    /// Weight of an entry's answer text in its centroid, relative to one phrasing (0 = ignore answers).
    pub answer_weight: f32,
}

impl Default for MatcherConfig {
    fn default() -> Self {
        MatcherConfig {
            stem_weight: 0.5,
            ngram_min: 3,
            ngram_max: 5,
            best_phrase_weight: 0.4,
            typo_discount: 0.8,
            unknown_weight: 0.5,
            stop_word_weight: 0.75,
            expand_clippings: true,
            idf_power: 0.6,
            pivot_slope: 0.6,
            answer_weight: 1.0,
        }
    }
}

/// A sparse vector: (feature id, weight), sorted by id.
type Features = Vec<(u32, f32)>;

/// Compressed sparse rows: feature → list of (target, weight).
#[derive(Clone, Debug, Default)]
struct Postings {
    start: Vec<u32>,
    entries: Vec<(u32, f32)>,
}

impl Postings {
    fn from_lists(lists: Vec<Vec<(u32, f32)>>) -> Self {
        let mut start = Vec::with_capacity(lists.len() + 1);
        let mut entries = Vec::with_capacity(lists.iter().map(Vec::len).sum());
        for l in lists {
            start.push(entries.len() as u32);
            entries.extend(l);
        }
        start.push(entries.len() as u32);
        Postings { start, entries }
    }

    #[inline]
    fn get(&self, feature: u32) -> &[(u32, f32)] {
        let f = feature as usize;
        if f + 1 >= self.start.len() {
            return &[];
        }
        &self.entries[self.start[f] as usize..self.start[f + 1] as usize]
    }
}

/// The FAQ matcher: built once from all active entries, then shared read-only (it is `Send + Sync`
/// and cheap enough to rebuild whenever the FAQ changes).
#[derive(Clone, Debug)]
pub struct Matcher {
    cfg: MatcherConfig,
    ids: Vec<i64>,
    /// Phrasings of entry `d` are `doc_start[d]..doc_start[d + 1]`.
    doc_start: Vec<u32>,
    /// Stem → term id; the stem text of term `t` lives in the fuzzy index.
    terms: HashMap<Box<str>, u32, FxBuild>,
    term_idf: Vec<f32>,
    fuzzy: FuzzyIndex,
    /// N-gram fingerprint → n-gram id.
    grams: HashMap<u64, u32, FxBuild>,
    gram_idf: Vec<f32>,
    /// IDF a never-seen term or n-gram would have (df = 0).
    max_idf: f32,
    term_phrase: Postings,
    gram_phrase: Postings,
    term_doc: Postings,
    gram_doc: Postings,
}

/// One word of a text, with its weight.
#[derive(Clone, Debug, PartialEq)]
struct Token {
    word: String,
    weight: f32,
    /// A stop word: no n-grams, no typo correction.
    stop: bool,
}

/// The words of a text with their weights: normalised, clippings expanded (`инет` → `интернет`, when
/// enabled), stop words down-weighted (or dropped when `stop_word_weight` is 0). If a text is nothing
/// but stop words (an FAQ phrased "Что это?"), they get full weight rather than leaving the phrasing
/// empty. Repeated words are kept once.
fn tokens(text: &str, cfg: &MatcherConfig) -> Vec<Token> {
    let mut all: Vec<Token> = Vec::new();
    let mut push = |word: &str, share: f32| {
        if !all.iter().any(|t| t.word == word) {
            let stop = is_stop_word(word);
            let weight = share * if stop { cfg.stop_word_weight } else { 1.0 };
            all.push(Token { word: word.to_string(), weight, stop });
        }
    };
    for_each_word(text, |w| match cfg.expand_clippings.then(|| slang::expand(w)).flatten() {
        // A clipping that stands for several words (`лк` → `личный кабинет`) spreads one word's
        // weight over them: 1/√n each, so their squared weights add up to one word's.
        Some(full) => full.iter().for_each(|f| push(f, 1.0 / (full.len() as f32).sqrt())),
        None => push(w, 1.0),
    });
    if all.iter().all(|t| t.stop) {
        all.iter_mut().for_each(|t| {
            t.weight = 1.0;
            t.stop = false;
        });
    }
    all.retain(|t| t.weight > 0.0);
    all
}

/// Calls `f` with the fingerprint of each character n-gram of `<word>`, n in `min..=max`.
fn for_each_ngram(word: &str, min: usize, max: usize, buf: &mut Vec<char>, mut f: impl FnMut(u64)) {
    buf.clear();
    buf.push('<');
    buf.extend(word.chars());
    buf.push('>');
    for n in min..=max.min(buf.len()) {
        for w in buf.windows(n) {
            f(hash_chars(w));
        }
    }
}

/// BM25's IDF: positive for every df, close to 0 for a feature present in every entry.
fn idf(n_docs: usize, df: usize) -> f32 {
    let (n, df) = (n_docs as f32, df as f32);
    (1.0 + (n - df + 0.5) / (df + 0.5)).ln()
}

/// Sorts by feature id and keeps one weight per feature (the largest).
fn dedup_max(v: &mut Vec<(u32, f32)>) {
    v.sort_unstable_by(|a, b| a.0.cmp(&b.0).then(b.1.total_cmp(&a.1)));
    v.dedup_by_key(|e| e.0);
}

/// Sorts by feature id and adds up the weights of each feature.
fn sum_sorted(mut v: Vec<(u32, f32)>) -> Vec<(u32, f32)> {
    v.sort_unstable_by_key(|e| e.0);
    let mut summed: Vec<(u32, f32)> = Vec::with_capacity(v.len());
    for (i, w) in v {
        match summed.last_mut() {
            Some(last) if last.0 == i => last.1 += w,
            _ => summed.push((i, w)),
        }
    }
    summed
}

fn norm_of(v: &[(u32, f32)]) -> f32 {
    v.iter().map(|e| e.1 * e.1).sum::<f32>().sqrt()
}

fn normalize_vec(v: &mut [(u32, f32)]) {
    let norm = norm_of(v);
    if norm > 0.0 {
        v.iter_mut().for_each(|e| e.1 /= norm);
    }
}

impl Matcher {
    pub fn new(docs: &[FaqDoc]) -> Matcher {
        Matcher::with_config(docs, MatcherConfig::default())
    }

    pub fn with_config(docs: &[FaqDoc], cfg: MatcherConfig) -> Matcher {
        Matcher::with_answers(docs, &[], cfg)
    }

    /// Like [`Matcher::with_config`], with each entry's answer text as extra, weaker evidence:
    /// `answers[i]` belongs to `docs[i]` (missing or empty ones are fine). Customers often ask with
    /// words that only the answer uses ("СБП", "монтажник"); the answer enters the entry's centroid
    /// at [`MatcherConfig::answer_weight`] of a phrasing, never the best-phrasing score.
    pub fn with_answers(docs: &[FaqDoc], answers: &[String], cfg: MatcherConfig) -> Matcher {
        let mut terms: HashMap<Box<str>, u32, FxBuild> = HashMap::default();
        let mut term_text: Vec<String> = Vec::new();
        let mut grams: HashMap<u64, u32, FxBuild> = HashMap::default();
        let mut buf = Vec::new();

        // Pass 1: every phrasing (and answer) as sets of term ids and n-gram ids.
        let mut encode = |text: &str| -> Option<(Features, Features)> {
            let toks = tokens(text, &cfg);
            if toks.is_empty() {
                return None;
            }
            let mut t_ids = Vec::new();
            let mut g_ids = Vec::new();
            let mut intern = |key: &str, weight: f32, t_ids: &mut Vec<(u32, f32)>| {
                let next = terms.len() as u32;
                let id = *terms.entry(Box::from(key)).or_insert_with(|| {
                    term_text.push(key.to_string());
                    next
                });
                t_ids.push((id, weight));
            };
            for t in &toks {
                intern(&stem(&t.word), t.weight, &mut t_ids);
                if t.stop {
                    continue; // a stop word's letters say nothing (and its n-grams are in every entry)
                }
                for_each_ngram(&t.word, cfg.ngram_min, cfg.ngram_max, &mut buf, |g| {
                    let next = grams.len() as u32;
                    g_ids.push((*grams.entry(g).or_insert(next), t.weight));
                });
            }
            dedup_max(&mut t_ids);
            dedup_max(&mut g_ids);
            Some((t_ids, g_ids))
        };
        let mut doc_start = vec![0u32];
        let mut phrase_terms: Vec<Vec<(u32, f32)>> = Vec::new();
        let mut phrase_grams: Vec<Vec<(u32, f32)>> = Vec::new();
        for doc in docs {
            for text in std::iter::once(&doc.question).chain(&doc.variants) {
                if let Some((t, g)) = encode(text) {
                    phrase_terms.push(t);
                    phrase_grams.push(g);
                }
            }
            doc_start.push(phrase_terms.len() as u32);
        }
        let answer_vecs: Vec<Option<(Features, Features)>> = (0..docs.len())
            .map(|d| answers.get(d).filter(|_| cfg.answer_weight > 0.0).and_then(|a| encode(a)))
            .collect();

        // Pass 2: document frequencies over entries (not phrasings: a word repeated across one
        // entry's variants is that entry's topic, not a common word). Answers do not count: a
        // word every answer uses ("кабинет", "account") would otherwise lose its weight in the
        // questions, which is where customers' words are matched precisely.
        let n_docs = docs.len();
        let doc_range = |d: usize| doc_start[d] as usize..doc_start[d + 1] as usize;
        let mut term_df = vec![0usize; terms.len()];
        let mut gram_df = vec![0usize; grams.len()];
        let mut seen_t = vec![usize::MAX; terms.len()];
        let mut seen_g = vec![usize::MAX; grams.len()];
        for d in 0..n_docs {
            for p in doc_range(d) {
                for &(t, _) in &phrase_terms[p] {
                    if seen_t[t as usize] != d {
                        seen_t[t as usize] = d;
                        term_df[t as usize] += 1;
                    }
                }
                for &(g, _) in &phrase_grams[p] {
                    if seen_g[g as usize] != d {
                        seen_g[g as usize] = d;
                        gram_df[g as usize] += 1;
                    }
                }
            }
        }
        let p = cfg.idf_power;
        let term_idf: Vec<f32> = term_df.iter().map(|&df| idf(n_docs, df).powf(p)).collect();
        let gram_idf: Vec<f32> = gram_df.iter().map(|&df| idf(n_docs, df).powf(p)).collect();
        let max_idf = idf(n_docs, 0).powf(p);

        // Pass 3: vectors per phrasing and per entry centroid, inverted into postings.
        let weighted = |ids: &[(u32, f32)], idfs: &[f32]| -> Features {
            ids.iter().map(|&(i, w)| (i, w * idfs[i as usize])).collect()
        };
        // Pivoted length normalisation of phrasings (Singhal, Buckley & Mitra 1996): a phrasing's
        // vector is divided by `(1 - s) · mean norm + s · its norm` rather than by its norm (s = 1
        // is the plain cosine), so a two-word variant no longer wins on one shared word, and a long
        // variant is not punished for its length.
        let mean_norm = |phrases: &[Features], idfs: &[f32]| -> f32 {
            let norms: Vec<f32> =
                phrases.iter().map(|ids| norm_of(&weighted(ids, idfs))).filter(|&n| n > 0.0).collect();
            if norms.is_empty() { 1.0 } else { norms.iter().sum::<f32>() / norms.len() as f32 }
        };
        let slope = cfg.pivot_slope;
        let (term_mean, gram_mean) = (mean_norm(&phrase_terms, &term_idf), mean_norm(&phrase_grams, &gram_idf));
        let add = |ids: &[(u32, f32)],
                   idfs: &[f32],
                   mean: f32,
                   phrases: &mut [Vec<(u32, f32)>],
                   p: usize,
                   centroid: &mut Vec<(u32, f32)>| {
            let mut v = weighted(ids, idfs);
            let norm = norm_of(&v);
            if norm == 0.0 {
                return;
            }
            let pivoted = (1.0 - slope) * mean + slope * norm;
            for &(i, w) in &v {
                phrases[i as usize].push((p as u32, w / pivoted));
            }
            normalize_vec(&mut v);
            centroid.extend(v);
        };
        let mut term_phrase = vec![Vec::new(); terms.len()];
        let mut gram_phrase = vec![Vec::new(); grams.len()];
        let mut term_doc = vec![Vec::new(); terms.len()];
        let mut gram_doc = vec![Vec::new(); grams.len()];
        for (d, answer) in answer_vecs.iter().enumerate() {
            // The centroid: the sum of the entry's unit phrasing vectors, normalised.
            let mut ct = Vec::new();
            let mut cg = Vec::new();
            for p in doc_range(d) {
                add(&phrase_terms[p], &term_idf, term_mean, &mut term_phrase, p, &mut ct);
                add(&phrase_grams[p], &gram_idf, gram_mean, &mut gram_phrase, p, &mut cg);
            }
            // The answer joins the centroid only, at `answer_weight` of a phrasing, never the
            // best-phrasing score: it is written after the question is understood, so it shares the
            // topic's words but also carries instructions, links and numbers no customer asks with.
            if let Some((at, ag)) = answer {
                for (ids, idfs, c) in [(at, &term_idf, &mut ct), (ag, &gram_idf, &mut cg)] {
                    let mut v = weighted(ids, idfs);
                    normalize_vec(&mut v);
                    c.extend(v.into_iter().map(|(i, w)| (i, w * cfg.answer_weight)));
                }
            }
            for (c, post) in [(ct, &mut term_doc), (cg, &mut gram_doc)] {
                let mut summed = sum_sorted(c);
                normalize_vec(&mut summed);
                for (i, w) in summed {
                    post[i as usize].push((d as u32, w));
                }
            }
        }

        Matcher {
            ids: docs.iter().map(|d| d.id).collect(),
            doc_start,
            fuzzy: FuzzyIndex::new(term_text.iter().map(String::as_str)),
            terms,
            term_idf,
            grams,
            gram_idf,
            max_idf,
            term_phrase: Postings::from_lists(term_phrase),
            gram_phrase: Postings::from_lists(gram_phrase),
            term_doc: Postings::from_lists(term_doc),
            gram_doc: Postings::from_lists(gram_doc),
            cfg,
        }
    }

    /// Number of entries the matcher was built from.
    pub fn len(&self) -> usize {
        self.ids.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }

    /// Best entries first, at most `k`, each with a score in [0, 1] comparable to the thresholds.
    /// Entries with no overlap at all (score 0) are left out; ties keep FAQ order.
    pub fn rank(&self, query: &str, k: usize) -> Vec<Scored> {
        if k == 0 || self.ids.is_empty() {
            return Vec::new();
        }
        let (terms, grams) = self.query_vectors(query);
        if terms.is_empty() && grams.is_empty() {
            return Vec::new();
        }

        let n_phrases = *self.doc_start.last().unwrap() as usize;
        let mut phrase_acc = vec![0f32; n_phrases];
        let mut doc_acc = vec![0f32; self.ids.len()];
        for (list, by_phrase, by_doc) in
            [(&terms, &self.term_phrase, &self.term_doc), (&grams, &self.gram_phrase, &self.gram_doc)]
        {
            for &(f, qw) in list {
                for &(p, w) in by_phrase.get(f) {
                    phrase_acc[p as usize] += qw * w;
                }
                for &(d, w) in by_doc.get(f) {
                    doc_acc[d as usize] += qw * w;
                }
            }
        }

        let beta = self.cfg.best_phrase_weight;
        let k = k.min(self.ids.len());
        let mut top: Vec<(f32, u32)> = Vec::with_capacity(k + 1);
        for (d, (bounds, &centroid)) in self.doc_start.windows(2).zip(&doc_acc).enumerate() {
            let best = phrase_acc[bounds[0] as usize..bounds[1] as usize].iter().copied().fold(0f32, f32::max).min(1.0);
            let score = (beta * best + (1.0 - beta) * centroid).clamp(0.0, 1.0);
            if score <= 0.0 {
                continue;
            }
            if top.len() == k && score <= top[k - 1].0 {
                continue;
            }
            // Insertion keeps `top` sorted by score, then by FAQ order (earlier entry first on ties).
            let pos = top.iter().position(|&(s, _)| score > s).unwrap_or(top.len());
            top.insert(pos, (score, d as u32));
            top.truncate(k);
        }
        top.into_iter().map(|(score, d)| Scored { id: self.ids[d as usize], score }).collect()
    }

    /// The query as two weighted feature lists (term ids, n-gram ids), each already divided by its
    /// channel norm and multiplied by its channel share, so a dot product with the normalised
    /// phrasing vectors gives the blended cosine directly.
    fn query_vectors(&self, query: &str) -> (Features, Features) {
        let toks = tokens(query, &self.cfg);
        let mut terms: Vec<(u32, f32)> = Vec::with_capacity(toks.len());
        let mut grams: Vec<(u32, f32)> = Vec::with_capacity(toks.len() * 8);
        let mut unknown_terms = 0f32;
        let mut unknown_grams = 0f32;
        let unknown = self.cfg.unknown_weight * self.max_idf;
        let mut buf = Vec::new();
        let mut chars: Vec<char> = Vec::new();
        let mut scratch = Vec::new();

        for tok in &toks {
            let (w, weight) = (tok.word.as_str(), tok.weight);
            let s = stem(w);
            if let Some(&t) = self.terms.get(s.as_ref()) {
                terms.push((t, weight * self.term_idf[t as usize]));
            } else if tok.stop {
                // An unknown stop word is not worth a typo guess (it would land on some content word).
                unknown_terms += (weight * unknown).powi(2);
            } else {
                chars.clear();
                chars.extend(s.chars());
                match self.fuzzy.closest(&chars, &mut scratch) {
                    Some((t, edits)) => {
                        let w = weight * self.term_idf[t as usize] * self.cfg.typo_discount.powi(edits as i32);
                        terms.push((t, w));
                    }
                    None => unknown_terms += (weight * unknown).powi(2),
                }
            }
            if tok.stop {
                continue; // as in the index: no n-grams for stop words
            }
            let n_before = grams.len();
            let mut total = 0usize;
            for_each_ngram(w, self.cfg.ngram_min, self.cfg.ngram_max, &mut buf, |g| {
                total += 1;
                if let Some(&id) = self.grams.get(&g) {
                    grams.push((id, weight * self.gram_idf[id as usize]));
                }
            });
            let missing = total - (grams.len() - n_before);
            unknown_grams += missing as f32 * (weight * unknown).powi(2);
        }
        dedup_max(&mut terms);
        dedup_max(&mut grams);

        let cfg = &self.cfg;
        for (list, extra, share) in
            [(&mut terms, unknown_terms, cfg.stem_weight), (&mut grams, unknown_grams, 1.0 - cfg.stem_weight)]
        {
            let norm = (list.iter().map(|e| e.1 * e.1).sum::<f32>() + extra).sqrt();
            if norm > 0.0 {
                list.iter_mut().for_each(|e| e.1 *= share / norm);
            }
        }
        (terms, grams)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(id: i64, q: &str, variants: &[&str]) -> FaqDoc {
        FaqDoc { id, question: q.into(), variants: variants.iter().map(|s| s.to_string()).collect() }
    }

    fn faq() -> Vec<FaqDoc> {
        vec![
            doc(
                1,
                "Как оплатить услуги банковской картой?",
                &["Оплата картой онлайн", "Можно ли заплатить картой Visa?"],
            ),
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
        let lk = Matcher::new(&[
            doc(1, "Как войти в личный кабинет?", &[]),
            doc(2, "Баланс не изменился после оплаты", &[]),
        ]);
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
        let zero =
            Matcher::with_answers(&docs, &answers, MatcherConfig { answer_weight: 0.0, ..MatcherConfig::default() });
        for q in ["через сбп можно?", "интернет тормозит", "пароль"] {
            assert_eq!(zero.rank(q, 5), plain.rank(q, 5));
        }
    }

    #[test]
    fn is_send_sync_clone() {
        fn check<T: Send + Sync + Clone>() {}
        check::<Matcher>();
    }
}
