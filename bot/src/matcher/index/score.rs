//! Scoring a query: its words looked up (typo-corrected when unknown), its two channel vectors
//! built, and the short posting lists walked for each entry's best phrasing and centroid.

use crate::matcher::Scored;
use crate::matcher::stem::stem;

use super::Matcher;
use super::features::{Features, Token, dedup_max, for_each_ngram, tokens};

/// One feature of the query as one of its words produced it, with the word's raw weight (before
/// features shared by several words are merged and the channels normalised). Only explanations look
/// at these; [`Matcher::rank`] passes a closure that ignores them.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) enum QueryFeature {
    /// A vocabulary term: the word's own stem (`edits` 0) or its typo correction.
    Term { id: u32, edits: usize },
    /// A character n-gram of the word.
    Gram { id: u32 },
}

/// Reusable score accumulators, one slot per phrasing and per entry (for callers that score many
/// queries in a row, such as `health`).
pub(in crate::matcher) struct Scratch {
    phrase_acc: Vec<f32>,
    doc_acc: Vec<f32>,
}

impl Matcher {
    /// Best entries first, at most `k`, each with a score in [0, 1] comparable to the thresholds.
    /// Entries with no overlap at all (score 0) are left out; ties keep FAQ order.
    pub fn rank(&self, query: &str, k: usize) -> Vec<Scored> {
        if k == 0 || self.ids.is_empty() {
            return Vec::new();
        }
        let (terms, grams) = self.query_vectors(&tokens(query, &self.cfg), |_, _, _| {});
        if terms.is_empty() && grams.is_empty() {
            return Vec::new();
        }
        let mut scratch = self.scratch();
        self.accumulate(&terms, &grams, &mut scratch);
        self.top(&scratch, k)
    }

    /// Zeroed accumulators sized for this matcher.
    pub(in crate::matcher) fn scratch(&self) -> Scratch {
        let n_phrases = *self.doc_start.last().unwrap() as usize;
        Scratch { phrase_acc: vec![0f32; n_phrases], doc_acc: vec![0f32; self.ids.len()] }
    }

    /// Ranks like [`Matcher::rank`] into `scratch` (left zeroed again afterwards), and also returns
    /// the score of entry number `own` (its position in the FAQ), whether or not it made the top `k`.
    pub(in crate::matcher) fn rank_with_own(
        &self,
        query: &str,
        k: usize,
        own: usize,
        scratch: &mut Scratch,
    ) -> (Vec<Scored>, f32) {
        let (terms, grams) = self.query_vectors(&tokens(query, &self.cfg), |_, _, _| {});
        if k == 0 || self.ids.is_empty() || (terms.is_empty() && grams.is_empty()) {
            return (Vec::new(), 0.0);
        }
        self.accumulate(&terms, &grams, scratch);
        let top = self.top(scratch, k);
        let own_score = if own < self.ids.len() { self.entry_score(own, scratch) } else { 0.0 };
        scratch.phrase_acc.fill(0.0);
        scratch.doc_acc.fill(0.0);
        (top, own_score)
    }

    /// The position of entry `id` in the FAQ the matcher was built from (the first, if repeated).
    pub(in crate::matcher) fn index_of(&self, id: i64) -> Option<usize> {
        self.ids.iter().position(|&i| i == id)
    }

    /// Adds the query's dot products with every phrasing and every centroid into `scratch`.
    pub(super) fn accumulate(&self, terms: &Features, grams: &Features, scratch: &mut Scratch) {
        let (phrase_acc, doc_acc) = (&mut scratch.phrase_acc, &mut scratch.doc_acc);
        for (list, by_phrase, by_doc) in
            [(terms, &self.term_phrase, &self.term_doc), (grams, &self.gram_phrase, &self.gram_doc)]
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
    }

    /// Entry `d`'s score from the accumulators: its best phrasing blended with its centroid.
    #[inline]
    fn entry_score(&self, d: usize, scratch: &Scratch) -> f32 {
        let beta = self.cfg.best_phrase_weight;
        let (from, to) = (self.doc_start[d] as usize, self.doc_start[d + 1] as usize);
        let best = scratch.phrase_acc[from..to].iter().copied().fold(0f32, f32::max).min(1.0);
        (beta * best + (1.0 - beta) * scratch.doc_acc[d]).clamp(0.0, 1.0)
    }

    /// The `k` best entries from the accumulators, best first, ties in FAQ order, zeros left out.
    pub(super) fn top(&self, scratch: &Scratch, k: usize) -> Vec<Scored> {
        let k = k.min(self.ids.len());
        let mut top: Vec<(f32, u32)> = Vec::with_capacity(k + 1);
        for d in 0..self.ids.len() {
            let score = self.entry_score(d, scratch);
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
    /// phrasing vectors gives the blended cosine directly. `seen(token, feature, raw weight)` is
    /// told every feature each token produced (for explanations).
    pub(super) fn query_vectors(
        &self,
        toks: &[Token],
        mut seen: impl FnMut(usize, QueryFeature, f32),
    ) -> (Features, Features) {
        let mut terms: Vec<(u32, f32)> = Vec::with_capacity(toks.len());
        let mut grams: Vec<(u32, f32)> = Vec::with_capacity(toks.len() * 8);
        let mut unknown_terms = 0f32;
        let mut unknown_grams = 0f32;
        let unknown = self.cfg.unknown_weight * self.max_idf;
        let mut buf = Vec::new();
        let mut chars: Vec<char> = Vec::new();
        let mut scratch = Vec::new();

        for (i, tok) in toks.iter().enumerate() {
            let (w, weight) = (tok.word.as_str(), tok.weight);
            let s = stem(w);
            if let Some(&t) = self.terms.get(s.as_ref()) {
                let tw = weight * self.term_idf[t as usize];
                terms.push((t, tw));
                seen(i, QueryFeature::Term { id: t, edits: 0 }, tw);
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
                        seen(i, QueryFeature::Term { id: t, edits }, w);
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
                    let gw = weight * self.gram_idf[id as usize];
                    grams.push((id, gw));
                    seen(i, QueryFeature::Gram { id }, gw);
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
