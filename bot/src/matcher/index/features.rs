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
#[cfg_attr(test, derive(PartialEq))]
pub(super) struct Postings {
    start: Vec<u32>,
    entries: Vec<(u32, f32)>,
}

impl Postings {
    #[inline]
    pub(super) fn get(&self, feature: u32) -> &[(u32, f32)] {
        let f = feature as usize;
        if f + 1 >= self.start.len() {
            return &[];
        }
        &self.entries[self.start[f] as usize..self.start[f + 1] as usize]
    }
}

/// Fills [`Postings`] in place when the length of every list is known beforehand (no list of
/// lists, no copy).
pub(super) struct PostingsBuilder {
    start: Vec<u32>,
    next: Vec<u32>,
    entries: Vec<(u32, f32)>,
}

impl PostingsBuilder {
    /// For features `0..lens.len()`, feature `f` getting exactly `lens[f]` entries.
    pub(super) fn new(lens: &[u32]) -> Self {
        let mut start = Vec::with_capacity(lens.len() + 1);
        let mut total = 0u32;
        start.push(0);
        for &l in lens {
            total += l;
            start.push(total);
        }
        let next = start[..lens.len()].to_vec();
        PostingsBuilder { start, next, entries: vec![(0, 0.0); total as usize] }
    }

    /// Like [`PostingsBuilder::new`] for features numbered one way while building (`lens[f]`,
    /// [`PostingsBuilder::push`]`(f, …)`) and another in the result: feature `order[k]` becomes
    /// feature `k` of the [`Postings`]. Features missing from `order` must get no entries. The
    /// renumbering costs one step per feature, none per entry.
    pub(super) fn with_order(lens: &[u32], order: &[u32]) -> Self {
        let mut start = Vec::with_capacity(order.len() + 1);
        let mut total = 0u32;
        start.push(0);
        for &f in order {
            total += lens[f as usize];
            start.push(total);
        }
        // Features missing from `order` point past the end: a push to one panics.
        let mut next = vec![u32::MAX; lens.len()];
        for (k, &f) in order.iter().enumerate() {
            next[f as usize] = start[k];
        }
        PostingsBuilder { start, next, entries: vec![(0, 0.0); total as usize] }
    }

    /// Appends `(target, weight)` to feature `f`'s list.
    #[inline]
    pub(super) fn push(&mut self, f: u32, target: u32, weight: f32) {
        let at = &mut self.next[f as usize];
        self.entries[*at as usize] = (target, weight);
        *at += 1;
    }

    pub(super) fn finish(self) -> Postings {
        debug_assert_eq!(
            self.next.iter().filter(|&&n| n != u32::MAX).map(|&n| u64::from(n)).sum::<u64>(),
            self.start[1..].iter().map(|&s| u64::from(s)).sum::<u64>(),
            "posting lists not filled"
        );
        Postings { start: self.start, entries: self.entries }
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
    /// The word's key in the [`Lexicon`] that classified it (0 for [`Plain`]). With a keyed
    /// lexicon, `word` is left empty and the key stands for it.
    pub(super) key: u32,
}

/// What [`tokens_with`] needs to know about a word.
#[derive(Clone, Copy, Debug)]
pub(super) struct WordInfo {
    /// Equal keys mean equal words, if the lexicon gives keys (a cache does; [`Plain`] gives 0 to all).
    pub(super) key: u32,
    pub(super) stop: bool,
    /// The words a clipping stands for (`лк` → `личный кабинет`), when asked for.
    pub(super) expansion: Option<&'static [&'static str]>,
}

/// Classifies words for [`tokens_with`]: [`Plain`] looks each one up, the index builder remembers
/// what it found for every distinct word (a FAQ repeats its words thousands of times).
pub(super) trait Lexicon {
    /// Keys identify words: tokens then carry only the key (and an empty `word`; the lexicon
    /// has the text), and repeated words are recognised by key.
    const KEYED: bool = false;

    /// Whether `word` is a stop word and, if `expand`, what it expands to.
    fn lookup(&mut self, word: &str, expand: bool) -> WordInfo;
}

/// No memory: every word looked up afresh (a query's few words).
pub(super) struct Plain;

impl Lexicon for Plain {
    #[inline]
    fn lookup(&mut self, word: &str, expand: bool) -> WordInfo {
        let expansion = if expand { slang::expand(word) } else { None };
        // A clipping's own stop-ness is never used.
        let stop = expansion.is_none() && is_stop_word(word);
        WordInfo { key: 0, stop, expansion }
    }
}

/// The words of a text with their weights: normalised, clippings expanded (`инет` → `интернет`, when
/// enabled), stop words down-weighted (or dropped when `stop_word_weight` is 0). If a text is nothing
/// but stop words (an FAQ phrased "Что это?"), they get full weight rather than leaving the phrasing
/// empty. Repeated words are kept once.
pub(super) fn tokens(text: &str, cfg: &MatcherConfig) -> Vec<Token> {
    tokens_with(text, cfg, &mut Plain)
}

/// [`tokens`], with the words classified by `lex`.
pub(super) fn tokens_with<L: Lexicon>(text: &str, cfg: &MatcherConfig, lex: &mut L) -> Vec<Token> {
    let mut all: Vec<Token> = Vec::new();
    let keyed = <L as Lexicon>::KEYED;
    let mut push = |word: &str, info: WordInfo, share: f32, src: usize, slang: bool| {
        if !all.iter().any(|t| t.key == info.key && (keyed || t.word == word)) {
            let weight = share * if info.stop { cfg.stop_word_weight } else { 1.0 };
            let (stop, key, src) = (info.stop, info.key, src as u32);
            let word = if keyed { String::new() } else { word.to_string() };
            all.push(Token { word, weight, stop, src, slang, key });
        }
    };
    for_each_word_at(text, None, |w, src| {
        let info = lex.lookup(w, cfg.expand_clippings);
        match info.expansion {
            // A clipping that stands for several words (`лк` → `личный кабинет`) spreads one word's
            // weight over them: 1/√n each, so their squared weights add up to one word's.
            Some(full) => {
                for f in full {
                    push(f, lex.lookup(f, false), 1.0 / (full.len() as f32).sqrt(), src, true);
                }
            }
            None => push(w, info, 1.0, src, false),
        }
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
