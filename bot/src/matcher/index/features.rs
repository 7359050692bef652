//! Texts as features: the weighted words of a text, their character n-grams, and the sparse
//! vectors and posting lists built from them.

use crate::matcher::hash::hash_chars;
use crate::matcher::normalize::for_each_word_at;
use crate::matcher::slang;
use crate::matcher::stem::is_stop_word;

use super::MatcherConfig;

/// A sparse vector: (feature id, weight), sorted by id.
pub(super) type Features = Vec<(u32, f32)>;

/// Compressed sparse rows: feature → list of (target, weight).
#[derive(Clone, Debug, Default)]
pub(super) struct Postings {
    start: Vec<u32>,
    entries: Vec<(u32, f32)>,
}

impl Postings {
    pub(super) fn from_lists(lists: Vec<Vec<(u32, f32)>>) -> Self {
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
    pub(super) fn get(&self, feature: u32) -> &[(u32, f32)] {
        let f = feature as usize;
        if f + 1 >= self.start.len() {
            return &[];
        }
        &self.entries[self.start[f] as usize..self.start[f + 1] as usize]
    }
}

/// One word of a text, with its weight.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct Token {
    pub(super) word: String,
    pub(super) weight: f32,
    /// A stop word: no n-grams, no typo correction.
    pub(super) stop: bool,
    /// Which normalised word of the text it comes from (`for_each_word_at`), for explanations.
    pub(super) src: u32,
    /// It is (part of) the expansion of a clipping (`инет` → `интернет`).
    pub(super) slang: bool,
}

/// The words of a text with their weights: normalised, clippings expanded (`инет` → `интернет`, when
/// enabled), stop words down-weighted (or dropped when `stop_word_weight` is 0). If a text is nothing
/// but stop words (an FAQ phrased "Что это?"), they get full weight rather than leaving the phrasing
/// empty. Repeated words are kept once.
pub(super) fn tokens(text: &str, cfg: &MatcherConfig) -> Vec<Token> {
    let mut all: Vec<Token> = Vec::new();
    let mut push = |word: &str, share: f32, src: usize, slang: bool| {
        if !all.iter().any(|t| t.word == word) {
            let stop = is_stop_word(word);
            let weight = share * if stop { cfg.stop_word_weight } else { 1.0 };
            all.push(Token { word: word.to_string(), weight, stop, src: src as u32, slang });
        }
    };
    for_each_word_at(text, None, |w, src| match cfg.expand_clippings.then(|| slang::expand(w)).flatten() {
        // A clipping that stands for several words (`лк` → `личный кабинет`) spreads one word's
        // weight over them: 1/√n each, so their squared weights add up to one word's.
        Some(full) => full.iter().for_each(|f| push(f, 1.0 / (full.len() as f32).sqrt(), src, true)),
        None => push(w, 1.0, src, false),
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
pub(super) fn for_each_ngram(word: &str, min: usize, max: usize, buf: &mut Vec<char>, mut f: impl FnMut(u64)) {
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

/// Sorts by feature id and keeps one weight per feature (the largest).
pub(super) fn dedup_max(v: &mut Vec<(u32, f32)>) {
    v.sort_unstable_by(|a, b| a.0.cmp(&b.0).then(b.1.total_cmp(&a.1)));
    v.dedup_by_key(|e| e.0);
}

pub(super) fn norm_of(v: &[(u32, f32)]) -> f32 {
    v.iter().map(|e| e.1 * e.1).sum::<f32>().sqrt()
}

pub(super) fn normalize_vec(v: &mut [(u32, f32)]) {
    let norm = norm_of(v);
    if norm > 0.0 {
        v.iter_mut().for_each(|e| e.1 /= norm);
    }
}
