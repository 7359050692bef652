//! Scoring a query: its words looked up (typo-corrected when unknown), its two channel vectors
//! built, and the short posting lists walked for each entry's best phrasing and centroid.

use crate::matcher::Scored;
use crate::matcher::stem::stem;

use super::Matcher;
use super::features::{Features, dedup_max, for_each_ngram, tokens};

impl Matcher {
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
