//! Why an entry matched: which words of the customer's message it shares, and how (same stem, a
//! typo corrected to a FAQ word, a clipping expanded, or only letters in common).
//!
//! An entry's score is a sum over the query's features (`score`): `β · best phrasing + (1 − β) ·
//! centroid`, each a dot product. Every feature of the query vector comes from one word (when two
//! words produce the same feature, the one with the larger weight — the one the vector kept), so the
//! score splits exactly into one share per word; the shares add up to the score (before clamping to
//! [0, 1]). Nothing here runs on [`Matcher::rank`]'s path: the query is analysed again, with the
//! origin of each feature recorded, only when an explanation is asked for.

use std::ops::Range;

use crate::matcher::Scored;
use crate::matcher::normalize::for_each_word_at;
use crate::matcher::slang;

use super::Matcher;
use super::features::{Features, Token, tokens};
use super::score::QueryFeature;

/// How a word of the message matched an entry.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MatchKind {
    /// Same stem as a word of the entry (`картой` ~ `карта`) — in its question, a variant or its answer.
    Stem,
    /// Not in the FAQ as typed; corrected to `corrected`, a word of the FAQ whose stem the entry has
    /// (`оплотить` → `оплатить`), `edits` letters away (2 also for a clipped word such as `инетик`).
    Typo { corrected: String, edits: u8 },
    /// A colloquial clipping or chat abbreviation, expanded to `expansion` (`лк` → `личный кабинет`),
    /// which the entry has.
    Slang { expansion: String },
    /// No shared stem: only character n-grams (a shared root, part of a compound: `автоплатеж` ~
    /// `платеж`).
    NGrams,
}

/// One word of the customer's message that contributed to an entry's score.
#[derive(Clone, Debug, PartialEq)]
pub struct MatchedWord {
    /// The word as typed (`ОПЛОТИТЬ`, `Wi-Fi`): `&query[span]`.
    pub word: String,
    /// Byte range of the word in the query, for highlighting.
    pub span: Range<usize>,
    pub how: MatchKind,
    /// The word's share of the entry's score; the shares of all words add up to the score.
    pub contribution: f32,
}

/// An entry of [`Matcher::rank_explained`]: its score, and the words behind it, largest share first.
#[derive(Clone, Debug, PartialEq)]
pub struct Explained {
    pub scored: Scored,
    pub words: Vec<MatchedWord>,
}

/// The query analysed with every feature's origin: what [`Matcher::query_vectors`] computes, plus
/// which token each feature of the final vectors came from.
struct Analysis {
    toks: Vec<Token>,
    terms: Features,
    grams: Features,
    /// The token behind `terms[i]` / `grams[i]`.
    term_owner: Vec<u32>,
    gram_owner: Vec<u32>,
    /// Each token's term, if it has one: `(term id, edits)`, 0 edits for its own stem.
    tok_term: Vec<Option<(u32, usize)>>,
    /// The byte range in the query of each normalised word (`Token::src`).
    spans: Vec<Range<usize>>,
    /// The words `for_each_word_at` made of each normalised word (`wi-fi` → `wi`, `fi`, `wifi`).
    parts: Vec<Vec<String>>,
}

impl Matcher {
    /// Which words of `query` match entry `id`, and how, largest share of the score first. Empty
    /// when nothing matches or `id` is not in the FAQ. Costs about one [`Matcher::rank`].
    pub fn explain(&self, query: &str, id: i64) -> Vec<MatchedWord> {
        let Some(d) = self.index_of(id) else {
            return Vec::new();
        };
        let an = self.analyze(query);
        self.words_for(query, &an, d)
    }

    /// [`Matcher::rank`] with each entry's [`Matcher::explain`], computed from one analysis of the
    /// query (the ranking is exactly `rank`'s).
    pub fn rank_explained(&self, query: &str, k: usize) -> Vec<Explained> {
        if k == 0 || self.ids.is_empty() {
            return Vec::new();
        }
        let an = self.analyze(query);
        if an.terms.is_empty() && an.grams.is_empty() {
            return Vec::new();
        }
        let mut scratch = self.scratch();
        self.accumulate(&an.terms, &an.grams, &mut scratch);
        self.top(&scratch, k)
            .into_iter()
            .map(|scored| {
                let d = self.index_of(scored.id).expect("ranked entries are in the index");
                Explained { scored, words: self.words_for(query, &an, d) }
            })
            .collect()
    }

    fn analyze(&self, query: &str) -> Analysis {
        let toks = tokens(query, &self.cfg);
        let mut raw_terms: Vec<(u32, f32, u32)> = Vec::new();
        let mut raw_grams: Vec<(u32, f32, u32)> = Vec::new();
        let mut tok_term = vec![None; toks.len()];
        let (terms, grams) = self.query_vectors(&toks, |i, f, w| match f {
            QueryFeature::Term { id, edits } => {
                raw_terms.push((id, w, i as u32));
                tok_term[i] = Some((id, edits));
            }
            QueryFeature::Gram { id } => raw_grams.push((id, w, i as u32)),
        });
        let term_owner = owners(raw_terms);
        let gram_owner = owners(raw_grams);
        debug_assert_eq!(term_owner.len(), terms.len());
        debug_assert_eq!(gram_owner.len(), grams.len());
        let mut spans = Vec::new();
        let mut parts: Vec<Vec<String>> = Vec::new();
        for_each_word_at(query, Some(&mut spans), |w, src| {
            if parts.len() <= src {
                parts.resize(src + 1, Vec::new());
            }
            parts[src].push(w.to_string());
        });
        Analysis { toks, terms, grams, term_owner, gram_owner, tok_term, spans, parts }
    }

    /// The matched words of the query for entry number `d`.
    fn words_for(&self, query: &str, an: &Analysis, d: usize) -> Vec<MatchedWord> {
        let beta = self.cfg.best_phrase_weight;
        let (from, to) = (self.doc_start[d], self.doc_start[d + 1]);

        // The best phrasing, as `rank` finds it (its score capped at 1).
        let mut acc = vec![0f32; (to - from) as usize];
        for (list, by_phrase) in [(&an.terms, &self.term_phrase), (&an.grams, &self.gram_phrase)] {
            for &(f, qw) in list {
                for &(p, w) in within(by_phrase.get(f), from, to) {
                    acc[(p - from) as usize] += qw * w;
                }
            }
        }
        let best = acc.iter().enumerate().fold(None, |b: Option<(usize, f32)>, (i, &s)| match b {
            Some((_, bs)) if bs >= s => b,
            _ => Some((i, s)),
        });
        let (best_p, scale) = match best {
            Some((i, s)) if s > 0.0 => (Some(from + i as u32), s.min(1.0) / s),
            _ => (None, 0.0),
        };

        // Each feature's share, to the token that owns it.
        let mut share = vec![0f32; an.toks.len()];
        for (list, owner, by_phrase, by_doc) in [
            (&an.terms, &an.term_owner, &self.term_phrase, &self.term_doc),
            (&an.grams, &an.gram_owner, &self.gram_phrase, &self.gram_doc),
        ] {
            for (&(f, qw), &tok) in list.iter().zip(owner) {
                let wp = best_p.map_or(0.0, |p| weight_at(by_phrase.get(f), p));
                let wd = weight_at(by_doc.get(f), d as u32);
                share[tok as usize] += qw * (beta * scale * wp + (1.0 - beta) * wd);
            }
        }

        // How each token matched, then tokens grouped by the typed word they come from.
        let mut words: Vec<(u32, MatchedWord)> = Vec::new();
        let mut best_share: Vec<f32> = Vec::new();
        for (i, tok) in an.toks.iter().enumerate() {
            let in_entry = an.tok_term[i].filter(|&(t, _)| weight_at(self.term_doc.get(t), d as u32) > 0.0);
            let how = if tok.slang && (in_entry.is_some() || share[i] > 0.0) {
                let expansion: Vec<&str> =
                    an.parts[tok.src as usize].iter().filter_map(|w| slang::expand(w)).flatten().copied().collect();
                MatchKind::Slang { expansion: expansion.join(" ") }
            } else {
                match in_entry {
                    Some((_, 0)) => MatchKind::Stem,
                    Some((t, edits)) => {
                        MatchKind::Typo { corrected: self.term_words[t as usize].to_string(), edits: edits as u8 }
                    }
                    None if share[i] > 0.0 => MatchKind::NGrams,
                    None => continue,
                }
            };
            match words.iter().position(|(src, _)| *src == tok.src) {
                Some(j) => {
                    let w = &mut words[j].1;
                    w.contribution += share[i];
                    // The word's kind is its strongest token's; a clipping's expansion always says so.
                    let slang_wins = matches!(how, MatchKind::Slang { .. });
                    if !matches!(w.how, MatchKind::Slang { .. }) && (slang_wins || share[i] > best_share[j]) {
                        w.how = how;
                        best_share[j] = share[i];
                    }
                }
                None => {
                    let span = an.spans[tok.src as usize].clone();
                    let word = query[span.clone()].to_string();
                    words.push((tok.src, MatchedWord { word, span, how, contribution: share[i] }));
                    best_share.push(share[i]);
                }
            }
        }
        let mut words: Vec<MatchedWord> = words.into_iter().map(|(_, w)| w).collect();
        words.sort_by(|a, b| b.contribution.total_cmp(&a.contribution)); // stable: ties in typed order
        words
    }
}

/// For features listed once per word as `(feature, raw weight, token)`: the token whose weight each
/// feature of the merged vector kept (the largest; the first token on ties), sorted by feature.
fn owners(mut raw: Vec<(u32, f32, u32)>) -> Vec<u32> {
    raw.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.total_cmp(&a.1)).then(a.2.cmp(&b.2)));
    raw.dedup_by_key(|e| e.0);
    raw.into_iter().map(|e| e.2).collect()
}

/// The part of a posting list (sorted by target) with targets in `from..to`.
fn within(list: &[(u32, f32)], from: u32, to: u32) -> &[(u32, f32)] {
    let a = list.partition_point(|e| e.0 < from);
    let b = a + list[a..].partition_point(|e| e.0 < to);
    &list[a..b]
}

/// The weight of `target` in a posting list sorted by target (0 when absent).
fn weight_at(list: &[(u32, f32)], target: u32) -> f32 {
    list.binary_search_by_key(&target, |e| e.0).map_or(0.0, |i| list[i].1)
}
