//! Rebuilding the index after a change without redoing the unchanged entries' share of the work.
//!
//! Most of a build is "pass 1": every question, variant and answer tokenised, stemmed and cut into
//! n-grams. [`MatcherCache`] keeps each entry's encoded texts between builds and encodes only the
//! entries that are new or whose question, variants or answer changed; the collection-wide part
//! (document frequencies and IDF, norms and the pivot, centroids, posting lists: passes 2 and 3)
//! is always recomputed over all entries, since one changed entry moves them all.
//!
//! **Guarantee: [`MatcherCache::build`] returns the matcher [`Matcher::with_answers`] builds from
//! the same entries and answers** — the same feature ids, IDF, postings and lookup tables, hence the
//! same rankings and bit-identical scores, whatever builds came before. The cache's texts carry ids
//! of its own vocabulary, which only grows and numbers features in the order it first met them over
//! its whole history; the build renumbers them in order of first use in the current entries
//! (phrasings in order, then answers), which is how a fresh build numbers them, at the cost of one
//! step per feature and none per occurrence (`build::invert_channels` with `FIRST_USE`). Nothing in the build
//! sums in id order, so the weights come out of the same operations in the same order. The unit
//! tests compare the two builds field by field after additions, edits and removals.
//!
//! The vocabulary keeps the words, stems and n-grams of texts since edited or removed; once they
//! outnumber the ones in use, the next build starts afresh (a full encode, still identical).

use std::collections::HashMap;

use crate::matcher::FaqDoc;
use crate::matcher::fuzzy::FuzzyIndex;
use crate::matcher::hash::FxBuild;

use super::build::{Encoder, Vocab, idf, invert_channels};
use super::features::Features;
use super::{Matcher, MatcherConfig};

/// Below this many entries to encode, the answers are encoded on the calling thread too.
const ANSWERS_APART_MIN: usize = 64;

/// One encoded text, with the cache vocabulary's ids.
struct Text {
    terms: Features,
    grams: Features,
    /// The key of the word each term first came from, in the order of `terms`.
    words: Vec<u32>,
}

/// One entry as last built: what it was built from, and its encoded texts.
struct Entry {
    id: i64,
    question: String,
    variants: Vec<String>,
    answer: String,
    /// The question and variants that have words, in order.
    phrases: Vec<Text>,
    answer_text: Option<Text>,
}

impl Entry {
    fn is(&self, doc: &FaqDoc, answer: &str) -> bool {
        self.id == doc.id && self.question == doc.question && self.variants == doc.variants && self.answer == answer
    }
}

/// Builds [`Matcher`]s one after another for a changing FAQ, re-encoding only the entries that
/// changed since the previous build (see the module docs for the guarantee). Entries are told apart
/// by id; an entry is reused when its question, variants and answer are the same strings as last
/// time.
pub struct MatcherCache {
    cfg: MatcherConfig,
    vocab: Vocab,
    entries: HashMap<i64, Entry, FxBuild>,
    /// The vocabulary is mostly unused ids: start afresh at the next build.
    stale: bool,
    /// Entries encoded by the last build.
    encoded: usize,
}

impl MatcherCache {
    pub fn new(cfg: MatcherConfig) -> MatcherCache {
        MatcherCache { cfg, vocab: Vocab::default(), entries: HashMap::default(), stale: false, encoded: 0 }
    }

    pub fn config(&self) -> &MatcherConfig {
        &self.cfg
    }

    /// How many entries the last [`MatcherCache::build`] had to encode (the others were reused).
    pub fn last_encoded(&self) -> usize {
        self.encoded
    }

    /// The matcher `Matcher::with_answers(docs, answers, cfg)` would build, reusing the encoded
    /// texts of entries built before and unchanged since. The cache then holds `docs`' entries
    /// only.
    pub fn build(&mut self, docs: &[FaqDoc], answers: &[String]) -> Matcher {
        if self.stale {
            *self = MatcherCache::new(self.cfg.clone());
        }
        // Until this build is done: a panic midway leaves a cache that starts afresh.
        self.stale = true;
        let cfg = self.cfg.clone();
        // As in `with_answers`: no answer weight, no answers (an empty answer encodes to nothing).
        let with_answers = cfg.answer_weight > 0.0;
        let answer_of = |d: usize| if with_answers { answers.get(d).map_or("", String::as_str) } else { "" };

        let mut old = std::mem::take(&mut self.entries);
        let mut cur: Vec<Option<Entry>> =
            docs.iter().enumerate().map(|(d, doc)| old.remove(&doc.id).filter(|e| e.is(doc, answer_of(d)))).collect();
        drop(old);
        let missing: Vec<usize> = (0..docs.len()).filter(|&d| cur[d].is_none()).collect();
        self.encoded = missing.len();

        // Pass 1 for the entries missing. Many of them (the first build): the answers on a second
        // thread with a vocabulary of their own, merged afterwards, as in `with_answers`.
        let vocab = &mut self.vocab;
        let (phrased, answered) = std::thread::scope(|scope| {
            let apart = (with_answers && missing.len() >= ANSWERS_APART_MIN).then(|| {
                scope.spawn(|| {
                    let mut vocab = Vocab::default();
                    let mut enc = Encoder::default();
                    let texts: Vec<Option<Text>> =
                        missing.iter().map(|&d| encode(&mut enc, answer_of(d), &cfg, &mut vocab)).collect();
                    (vocab, texts)
                })
            });
            let mut enc = Encoder::default();
            let phrased: Vec<Vec<Text>> = missing
                .iter()
                .map(|&d| {
                    let doc = &docs[d];
                    std::iter::once(&doc.question)
                        .chain(&doc.variants)
                        .filter_map(|t| encode(&mut enc, t, &cfg, vocab))
                        .collect()
                })
                .collect();
            let answered: Vec<Option<Text>> = match apart {
                Some(handle) => {
                    let (later, mut texts) = handle.join().expect("encoding the answers");
                    let word_map = vocab.word_map(&later);
                    let (term_map, gram_map) = vocab.merge(later);
                    for t in texts.iter_mut().flatten() {
                        t.terms.iter_mut().for_each(|(id, _)| *id = term_map[*id as usize]);
                        t.grams.iter_mut().for_each(|(id, _)| *id = gram_map[*id as usize]);
                        t.words.iter_mut().for_each(|k| *k = word_map[*k as usize]);
                    }
                    texts
                }
                None => missing.iter().map(|&d| encode(&mut enc, answer_of(d), &cfg, vocab)).collect(),
            };
            (phrased, answered)
        });
        for ((&d, phrases), answer_text) in missing.iter().zip(phrased).zip(answered) {
            let doc = &docs[d];
            cur[d] = Some(Entry {
                id: doc.id,
                question: doc.question.clone(),
                variants: doc.variants.clone(),
                answer: answer_of(d).to_string(),
                phrases,
                answer_text,
            });
        }
        let cur: Vec<Entry> = cur.into_iter().map(|e| e.expect("every entry encoded")).collect();

        // Passes 2 and 3 over all entries, the two channels side by side, renumbering the features
        // in order of first use; then the lookup tables in the new numbering.
        let mut doc_start = Vec::with_capacity(cur.len() + 1);
        doc_start.push(0u32);
        let (mut phrase_terms, mut phrase_grams): (Vec<&Features>, Vec<&Features>) = (Vec::new(), Vec::new());
        for e in &cur {
            for t in &e.phrases {
                phrase_terms.push(&t.terms);
                phrase_grams.push(&t.grams);
            }
            doc_start.push(phrase_terms.len() as u32);
        }
        let answer_terms: Vec<Option<&Features>> =
            cur.iter().map(|e| e.answer_text.as_ref().map(|t| &t.terms)).collect();
        let answer_grams: Vec<Option<&Features>> =
            cur.iter().map(|e| e.answer_text.as_ref().map(|t| &t.grams)).collect();
        let (n_terms, n_grams) = self.vocab.sizes();
        let vocab = &self.vocab;
        let (stems, (terms, term_words, fuzzy), ngrams) = invert_channels::<true, _>(
            (n_terms, n_grams),
            &doc_start,
            (&phrase_terms, &phrase_grams),
            (&answer_terms, &answer_grams),
            &cfg,
            |stems| {
                // The word a term first came from, in the same order of first use.
                let mut first = vec![u32::MAX; n_terms];
                let texts =
                    cur.iter().flat_map(|e| &e.phrases).chain(cur.iter().filter_map(|e| e.answer_text.as_ref()));
                for text in texts {
                    for (&(t, _), &w) in text.terms.iter().zip(&text.words) {
                        if first[t as usize] == u32::MAX {
                            first[t as usize] = w;
                        }
                    }
                }
                let term_words: Vec<Box<str>> =
                    stems.order.iter().map(|&t| Box::from(vocab.text_of(first[t as usize]))).collect();
                let mut terms: HashMap<Box<str>, u32, FxBuild> =
                    HashMap::with_capacity_and_hasher(stems.order.len(), FxBuild::default());
                terms.extend(stems.order.iter().enumerate().map(|(k, &t)| (Box::from(vocab.stem_of(t)), k as u32)));
                let fuzzy = FuzzyIndex::new(stems.order.iter().map(|&t| vocab.stem_of(t)));
                (terms, term_words, fuzzy)
            },
        );
        let mut grams: HashMap<u64, u32, FxBuild> =
            HashMap::with_capacity_and_hasher(ngrams.order.len(), FxBuild::default());
        grams.extend(ngrams.order.iter().enumerate().map(|(k, &g)| (vocab.gram_key(g), k as u32)));
        // Mostly ids no entry uses any more: start afresh next time.
        self.stale = n_terms > 2 * stems.order.len() + 10_000 || n_grams > 2 * ngrams.order.len() + 100_000;
        let matcher = Matcher {
            ids: docs.iter().map(|d| d.id).collect(),
            doc_start,
            fuzzy,
            terms,
            term_words,
            term_idf: stems.idf,
            grams,
            gram_idf: ngrams.idf,
            max_idf: idf(docs.len(), 0).powf(cfg.idf_power),
            term_phrase: stems.by_phrase,
            gram_phrase: ngrams.by_phrase,
            term_doc: stems.by_doc,
            gram_doc: ngrams.by_doc,
            cfg,
        };
        drop((phrase_terms, phrase_grams, answer_terms, answer_grams));
        self.entries = cur.into_iter().map(|e| (e.id, e)).collect();
        matcher
    }
}

fn encode(enc: &mut Encoder, text: &str, cfg: &MatcherConfig, vocab: &mut Vocab) -> Option<Text> {
    if text.is_empty() {
        return None;
    }
    enc.encode_with_words(text, cfg, vocab).map(|(terms, grams, words)| Text { terms, grams, words })
}
