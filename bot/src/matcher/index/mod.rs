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
//!
//! The parts: `features` (a text's weighted words and n-grams, sparse vectors, posting lists),
//! `build` (the index, in [`Matcher::with_answers`]), `incremental` (the same index rebuilt after a
//! change, re-encoding only the changed entries: [`MatcherCache`]), `score` (a query, in
//! [`Matcher::rank`]) and `explain` (which words matched an entry, and how:
//! [`Matcher::rank_explained`]).

mod build;
mod explain;
mod features;
mod incremental;
mod score;
#[cfg(test)]
mod tests;

use std::collections::HashMap;

use super::fuzzy::FuzzyIndex;
use super::hash::FxBuild;
use features::Postings;

pub use explain::{Explained, MatchKind, MatchedWord};
pub use incremental::MatcherCache;

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

/// The FAQ matcher: built once from all active entries, then shared read-only (it is `Send + Sync`
/// and cheap enough to rebuild whenever the FAQ changes).
#[derive(Clone, Debug)]
#[cfg_attr(test, derive(PartialEq))]
pub struct Matcher {
    cfg: MatcherConfig,
    ids: Vec<i64>,
    /// Phrasings of entry `d` are `doc_start[d]..doc_start[d + 1]`.
    doc_start: Vec<u32>,
    /// Stem → term id; the stem text of term `t` lives in the fuzzy index.
    terms: HashMap<Box<str>, u32, FxBuild>,
    /// A word of the FAQ with term `t`'s stem (the first one seen), for explanations.
    term_words: Vec<Box<str>>,
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

impl Matcher {
    /// Number of entries the matcher was built from.
    pub fn len(&self) -> usize {
        self.ids.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }

    /// The entries' ids, in the order they were given.
    pub(in crate::matcher) fn ids(&self) -> &[i64] {
        &self.ids
    }
}
