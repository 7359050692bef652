//! Building the index: every phrasing (and answer) encoded, document frequencies counted over
//! entries, and the phrasing and centroid vectors inverted into posting lists.

use std::collections::HashMap;
use std::hash::Hasher;
use std::ops::Range;

use crate::matcher::FaqDoc;
use crate::matcher::fuzzy::FuzzyIndex;
use crate::matcher::hash::{FxBuild, FxHasher};
use crate::matcher::slang;
use crate::matcher::stem::{is_stop_word, stem};

use super::features::{Features, Lexicon, Postings, PostingsBuilder, WordInfo, for_each_ngram, tokens_with};
use super::{Matcher, MatcherConfig};

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
        // Pass 1: every phrasing (and answer) as sets of term ids and n-gram ids. Each distinct word
        // is classified, stemmed and cut into n-grams once (`Vocab`); ids are handed out in order of
        // first use, as if every occurrence were looked up: the phrasings first, then the answers.
        //
        // The answers are encoded on a second thread with a vocabulary of their own, merged
        // afterwards ([`Vocab::merge`]): the ids come out exactly as one thread would give them.
        let use_answers = cfg.answer_weight > 0.0 && answers.iter().any(|a| !a.is_empty());
        let (mut vocab, doc_start, phrase_terms, phrase_grams, answered) = std::thread::scope(|scope| {
            let answered = use_answers.then(|| {
                scope.spawn(|| {
                    let mut vocab = Vocab::default();
                    let mut enc = Encoder::default();
                    let vecs: Vec<Option<(Features, Features)>> =
                        (0..docs.len()).map(|d| answers.get(d).and_then(|a| enc.encode(a, &cfg, &mut vocab))).collect();
                    (vocab, vecs)
                })
            });
            let mut vocab = Vocab::default();
            let mut enc = Encoder::default();
            let mut doc_start = vec![0u32];
            let mut phrase_terms: Vec<Features> = Vec::new();
            let mut phrase_grams: Vec<Features> = Vec::new();
            for doc in docs {
                for text in std::iter::once(&doc.question).chain(&doc.variants) {
                    if let Some((t, g)) = enc.encode(text, &cfg, &mut vocab) {
                        phrase_terms.push(t);
                        phrase_grams.push(g);
                    }
                }
                doc_start.push(phrase_terms.len() as u32);
            }
            let answered = answered.map(|h| h.join().expect("encoding the answers"));
            (vocab, doc_start, phrase_terms, phrase_grams, answered)
        });
        let answer_vecs: Vec<Option<(Features, Features)>> = match answered {
            Some((theirs, mut vecs)) => {
                let (term_map, gram_map) = vocab.merge(theirs);
                for (t, g) in vecs.iter_mut().flatten() {
                    t.iter_mut().for_each(|(id, _)| *id = term_map[*id as usize]);
                    g.iter_mut().for_each(|(id, _)| *id = gram_map[*id as usize]);
                }
                vecs
            }
            None => vec![None; docs.len()],
        };
        let Vocab { terms, term_text, term_words, grams, .. } = vocab;

        // Passes 2 and 3, the two channels side by side.
        let answers_of = |channel: usize| -> Vec<Option<&Features>> {
            answer_vecs.iter().map(|a| a.as_ref().map(|(t, g)| if channel == 0 { t } else { g })).collect()
        };
        let (phrase_terms, phrase_grams): (Vec<&Features>, Vec<&Features>) =
            (phrase_terms.iter().collect(), phrase_grams.iter().collect());
        let (stems, fuzzy, ngrams) = invert_channels::<false, _>(
            (terms.len(), grams.len()),
            &doc_start,
            (&phrase_terms, &phrase_grams),
            (&answers_of(0), &answers_of(1)),
            &cfg,
            |_| FuzzyIndex::new(term_text.iter().map(String::as_str)),
        );
        let max_idf = idf(docs.len(), 0).powf(cfg.idf_power);

        Matcher {
            ids: docs.iter().map(|d| d.id).collect(),
            doc_start,
            fuzzy,
            terms,
            term_words,
            term_idf: stems.idf,
            grams,
            gram_idf: ngrams.idf,
            max_idf,
            term_phrase: stems.by_phrase,
            gram_phrase: ngrams.by_phrase,
            term_doc: stems.by_doc,
            gram_doc: ngrams.by_doc,
            cfg,
        }
    }
}

/// One channel of the index (stems or n-grams): the features' IDF, and the phrasing and centroid
/// vectors inverted into posting lists.
pub(super) struct Inverted {
    pub(super) idf: Vec<f32>,
    pub(super) by_phrase: Postings,
    pub(super) by_doc: Postings,
    /// With `FIRST_USE`: the features renumbered in order of first use, `order[k]` being the given
    /// id of feature `k` (empty otherwise: the ids are kept).
    pub(super) order: Vec<u32>,
}

/// Passes 2 and 3 for both channels (stems, n-grams; `n_terms` and `n_grams` features). Phrasings
/// of entry `d` are `doc_start[d]..doc_start[d + 1]`; `answer_*[d]` is entry `d`'s answer, if
/// given. On up to three threads: the stems, followed by `after_stems` with their result, on one;
/// the n-grams' pass 2, then their phrasing and their centroid postings side by side (the n-grams
/// are most of the work). Returns the stems, what `after_stems` made, and the n-grams.
///
/// With `FIRST_USE`, the result numbers the features (ids below `n_*`; some may be unused) in
/// order of first use: the phrasings in order, then the answers in order, each text's features in
/// the order it lists them — the ids one vocabulary fed these texts would give (a fresh build's,
/// see [`Vocab`]). Every weight is computed exactly as without it (the same operations in the same
/// order: nothing sums over features in id order), so the postings are the same.
#[allow(clippy::too_many_arguments)]
pub(super) fn invert_channels<const FIRST_USE: bool, T: Send>(
    (n_terms, n_grams): (usize, usize),
    doc_start: &[u32],
    (phrase_terms, phrase_grams): (&[&Features], &[&Features]),
    (answer_terms, answer_grams): (&[Option<&Features>], &[Option<&Features>]),
    cfg: &MatcherConfig,
    after_stems: impl FnOnce(&Inverted) -> T + Send,
) -> (Inverted, T, Inverted) {
    std::thread::scope(|scope| {
        let stems = scope.spawn(|| {
            let counted = count::<FIRST_USE>(n_terms, doc_start, phrase_terms, answer_terms, cfg);
            let by_phrase = counted.phrase_postings(doc_start, phrase_terms, cfg);
            let by_doc = counted.doc_postings(doc_start, phrase_terms, answer_terms, cfg);
            let inverted = counted.into_inverted(by_phrase, by_doc);
            let made = after_stems(&inverted);
            (inverted, made)
        });
        let counted = count::<FIRST_USE>(n_grams, doc_start, phrase_grams, answer_grams, cfg);
        let (by_phrase, by_doc) = std::thread::scope(|side| {
            let by_phrase = side.spawn(|| counted.phrase_postings(doc_start, phrase_grams, cfg));
            let by_doc = counted.doc_postings(doc_start, phrase_grams, answer_grams, cfg);
            (by_phrase.join().expect("the n-grams' phrasing postings"), by_doc)
        });
        let ngrams = counted.into_inverted(by_phrase, by_doc);
        let (stems, made) = stems.join().expect("inverting the stems");
        (stems, made, ngrams)
    })
}

/// Pass 2 of one channel: what pass 3 needs to know of the whole collection.
struct Counted {
    /// The features' IDF, by the ids given.
    idfs: Vec<f32>,
    /// Every phrasing's norm once weighted by IDF, and their mean (the pivot).
    norms: Vec<f32>,
    mean: f32,
    /// The length of every posting list, so the postings can be written in place.
    phrase_len: Vec<u32>,
    doc_len: Vec<u32>,
    /// With `FIRST_USE`: the given ids in order of first use (see [`invert_channels`]).
    renumber: bool,
    order: Vec<u32>,
}

#[allow(clippy::needless_range_loop)] // `d` numbers the entries in several parallel arrays
fn count<const FIRST_USE: bool>(
    n: usize,
    doc_start: &[u32],
    phrases: &[&Features],
    answers: &[Option<&Features>],
    cfg: &MatcherConfig,
) -> Counted {
    let n_docs = doc_start.len() - 1;
    let doc_range = |d: usize| doc_start[d] as usize..doc_start[d + 1] as usize;

    // Pass 2: document frequencies over entries (not phrasings: a word repeated across one entry's
    // variants is that entry's topic, not a common word). Answers do not count: a word every answer
    // uses ("кабинет", "account") would otherwise lose its weight in the questions, which is where
    // customers' words are matched precisely. Also the length of every posting list, so the
    // postings can be written in place.
    let mut df = vec![0u32; n];
    let mut phrase_len = vec![0u32; n];
    let mut doc_len = vec![0u32; n];
    let mut seen = vec![u32::MAX; n];
    // With `FIRST_USE`: features in order of first use in the phrasings, and in the answers.
    let (mut in_answers, mut phrase_order, mut answer_order) = (Vec::new(), Vec::new(), Vec::new());
    if FIRST_USE {
        in_answers = vec![false; n];
    }
    for d in 0..n_docs {
        for p in doc_range(d) {
            for &(f, _) in phrases[p] {
                let f = f as usize;
                if FIRST_USE && phrase_len[f] == 0 {
                    phrase_order.push(f as u32);
                }
                phrase_len[f] += 1;
                if seen[f] != d as u32 {
                    seen[f] = d as u32;
                    df[f] += 1;
                    doc_len[f] += 1;
                }
            }
        }
        for &(f, _) in answers[d].into_iter().flatten() {
            let f = f as usize;
            if FIRST_USE && !in_answers[f] {
                in_answers[f] = true;
                answer_order.push(f as u32);
            }
            if seen[f] != d as u32 {
                seen[f] = d as u32;
                doc_len[f] += 1;
            }
        }
    }
    let idfs: Vec<f32> = df.iter().map(|&df| idf(n_docs, df as usize).powf(cfg.idf_power)).collect();
    let norms: Vec<f32> = phrases.iter().map(|ids| norm_of(ids, &idfs)).collect();
    let (mut sum, mut count) = (0f32, 0usize);
    for &norm in norms.iter().filter(|&&n| n > 0.0) {
        sum += norm;
        count += 1;
    }
    let mean = if count == 0 { 1.0 } else { sum / count as f32 };
    let order: Vec<u32> = if FIRST_USE {
        phrase_order.extend(answer_order.into_iter().filter(|&f| phrase_len[f as usize] == 0));
        phrase_order
    } else {
        Vec::new()
    };
    Counted { idfs, norms, mean, phrase_len, doc_len, renumber: FIRST_USE, order }
}

/// A vector's norm once weighted by IDF.
fn norm_of(ids: &[(u32, f32)], idfs: &[f32]) -> f32 {
    ids.iter().map(|&(i, w)| (w * idfs[i as usize]) * (w * idfs[i as usize])).sum::<f32>().sqrt()
}

impl Counted {
    fn builder(&self, lens: &[u32]) -> PostingsBuilder {
        if self.renumber { PostingsBuilder::with_order(lens, &self.order) } else { PostingsBuilder::new(lens) }
    }

    /// Pass 3, phrasings: every phrasing's vector, inverted.
    ///
    /// Pivoted length normalisation of phrasings (Singhal, Buckley & Mitra 1996): a phrasing's
    /// vector is divided by `(1 - s) · mean norm + s · its norm` rather than by its norm (s = 1 is
    /// the plain cosine), so a two-word variant no longer wins on one shared word, and a long
    /// variant is not punished for its length.
    fn phrase_postings(&self, doc_start: &[u32], phrases: &[&Features], cfg: &MatcherConfig) -> Postings {
        let slope = cfg.pivot_slope;
        let mut by_phrase = self.builder(&self.phrase_len);
        debug_assert_eq!(*doc_start.last().unwrap() as usize, phrases.len());
        for (p, (&ids, &norm)) in phrases.iter().zip(&self.norms).enumerate() {
            if norm == 0.0 {
                continue;
            }
            let pivoted = (1.0 - slope) * self.mean + slope * norm;
            for &(f, w) in ids {
                let x = w * self.idfs[f as usize];
                by_phrase.push(f, p as u32, x / pivoted);
            }
        }
        by_phrase.finish()
    }

    /// Pass 3, entries: every entry's centroid — the sum of its unit phrasing vectors, and its
    /// answer — normalised and inverted.
    #[allow(clippy::needless_range_loop)] // `d` numbers the entries in several parallel arrays
    fn doc_postings(
        &self,
        doc_start: &[u32],
        phrases: &[&Features],
        answers: &[Option<&Features>],
        cfg: &MatcherConfig,
    ) -> Postings {
        let n = self.idfs.len();
        let mut by_doc = self.builder(&self.doc_len);
        let mut centroid = Centroid { sum: vec![0f32; n], stamp: vec![u32::MAX; n], touched: Vec::new() };
        for d in 0..doc_start.len() - 1 {
            for p in doc_start[d] as usize..doc_start[d + 1] as usize {
                let (ids, norm) = (phrases[p], self.norms[p]);
                if norm == 0.0 {
                    continue;
                }
                for &(f, w) in ids {
                    let x = w * self.idfs[f as usize];
                    centroid.add(f, x / norm, d);
                }
            }
            // The answer joins the centroid only, at `answer_weight` of a phrasing, never the
            // best-phrasing score: it is written after the question is understood, so it shares the
            // topic's words but also carries instructions, links and numbers no customer asks with.
            if let Some(ids) = answers[d] {
                let norm = norm_of(ids, &self.idfs);
                for &(f, w) in ids {
                    let x = w * self.idfs[f as usize];
                    centroid.add(f, (if norm > 0.0 { x / norm } else { x }) * cfg.answer_weight, d);
                }
            }
            centroid.drain_into(&mut by_doc, d);
        }
        by_doc.finish()
    }

    fn into_inverted(self, by_phrase: Postings, by_doc: Postings) -> Inverted {
        let idf = if self.renumber { self.order.iter().map(|&f| self.idfs[f as usize]).collect() } else { self.idfs };
        Inverted { idf, by_phrase, by_doc, order: self.order }
    }
}

/// An entry's centroid being summed: the weights by feature (all features, mostly zero), and the
/// features it has so far.
struct Centroid {
    sum: Vec<f32>,
    /// The entry that last touched each feature.
    stamp: Vec<u32>,
    touched: Vec<u32>,
}

impl Centroid {
    #[inline]
    fn add(&mut self, f: u32, w: f32, d: usize) {
        if self.stamp[f as usize] != d as u32 {
            self.stamp[f as usize] = d as u32;
            self.touched.push(f);
        }
        self.sum[f as usize] += w;
    }

    /// Writes entry `d`'s centroid, normalised, to `post` and starts the next.
    fn drain_into(&mut self, post: &mut PostingsBuilder, d: usize) {
        let norm = self.touched.iter().map(|&f| self.sum[f as usize] * self.sum[f as usize]).sum::<f32>().sqrt();
        for &f in &self.touched {
            let w = std::mem::take(&mut self.sum[f as usize]);
            post.push(f, d as u32, if norm > 0.0 { w / norm } else { w });
        }
        self.touched.clear();
    }
}

/// BM25's IDF: positive for every df, close to 0 for a feature present in every entry.
pub(super) fn idf(n_docs: usize, df: usize) -> f32 {
    let (n, df) = (n_docs as f32, df as f32);
    (1.0 + (n - df + 0.5) / (df + 0.5)).ln()
}

/// Every distinct word of the FAQ with what the index needs of it, worked out once: whether it is a
/// stop word, its clipping expansion, its term id and its n-gram ids. Also the term and n-gram
/// tables themselves.
pub(super) struct Vocab {
    /// How words are fingerprinted (replaced in a test, to make every word collide).
    fingerprint: fn(&str) -> u64,
    /// Word fingerprint → key; the words end to end in `text` (to tell a fingerprint collision
    /// from the same word), and the rare colliding words by their text.
    keys: HashMap<u64, u32, FxBuild>,
    text: String,
    collided: HashMap<Box<str>, u32, FxBuild>,
    words: Vec<VocabWord>,
    /// Stem → term id, the stems in id order, and the first word seen with each stem.
    terms: HashMap<Box<str>, u32, FxBuild>,
    term_text: Vec<String>,
    term_words: Vec<Box<str>>,
    /// N-gram fingerprint → n-gram id, the fingerprints in id order; the words' n-gram id lists,
    /// end to end.
    grams: HashMap<u64, u32, FxBuild>,
    gram_keys: Vec<u64>,
    gram_ids: Vec<u32>,
    buf: Vec<char>,
}

struct VocabWord {
    /// Where the word is in `Vocab::text`.
    text: Range<u32>,
    stop: bool,
    /// Looked up when first needed.
    expansion: Option<Option<&'static [&'static str]>>,
    term: Option<u32>,
    grams: Option<Range<usize>>,
}

impl Lexicon for Vocab {
    const KEYED: bool = true;

    fn lookup(&mut self, word: &str, expand: bool) -> WordInfo {
        let key = self.intern(word);
        let w = &mut self.words[key as usize];
        let expansion = if expand { *w.expansion.get_or_insert_with(|| slang::expand(word)) } else { None };
        WordInfo { key, stop: w.stop, expansion }
    }
}

impl Vocab {
    /// The key of `word`, added if new.
    fn intern(&mut self, word: &str) -> u32 {
        let fingerprint = (self.fingerprint)(word);
        match self.keys.get(&fingerprint) {
            Some(&k) if self.text_of(k) == word => k,
            Some(_) => match self.collided.get(word) {
                Some(&k) => k,
                None => {
                    let k = self.add_word(word);
                    self.collided.insert(Box::from(word), k);
                    k
                }
            },
            None => {
                let k = self.add_word(word);
                self.keys.insert(fingerprint, k);
                k
            }
        }
    }
}

fn fingerprint(word: &str) -> u64 {
    let mut h = FxHasher::default();
    h.write(word.as_bytes());
    h.finish()
}

impl Default for Vocab {
    fn default() -> Self {
        Vocab {
            fingerprint,
            keys: HashMap::default(),
            text: String::new(),
            collided: HashMap::default(),
            words: Vec::new(),
            terms: HashMap::default(),
            term_text: Vec::new(),
            term_words: Vec::new(),
            grams: HashMap::default(),
            gram_keys: Vec::new(),
            gram_ids: Vec::new(),
            buf: Vec::new(),
        }
    }
}

impl Vocab {
    fn add_word(&mut self, word: &str) -> u32 {
        let from = self.text.len() as u32;
        self.text.push_str(word);
        let text = from..self.text.len() as u32;
        self.words.push(VocabWord { text, stop: is_stop_word(word), expansion: None, term: None, grams: None });
        (self.words.len() - 1) as u32
    }

    pub(super) fn text_of(&self, key: u32) -> &str {
        let r = &self.words[key as usize].text;
        &self.text[r.start as usize..r.end as usize]
    }

    /// The term id of word `key`, interning its stem on first use.
    fn term(&mut self, key: u32) -> u32 {
        let w = &self.words[key as usize];
        if let Some(t) = w.term {
            return t;
        }
        let word = &self.text[w.text.start as usize..w.text.end as usize];
        let s = stem(word);
        let next = self.terms.len() as u32;
        let id = *self.terms.entry(Box::from(s.as_ref())).or_insert_with(|| {
            self.term_text.push(s.to_string());
            self.term_words.push(Box::from(word));
            next
        });
        self.words[key as usize].term = Some(id);
        id
    }

    /// Takes in the terms and n-grams of `later`, a vocabulary built from texts that come after
    /// this one's: those this one lacks get the next ids in `later`'s order of first use — the ids
    /// one vocabulary fed both sets of texts in turn would have given them. (A word whose n-grams
    /// this vocabulary has computed has all of them here, so n-grams new here first occur in
    /// `later` through words new here, in the same order as in one vocabulary.) Returns the maps
    /// from `later`'s term and n-gram ids to this one's.
    pub(super) fn merge(&mut self, later: Vocab) -> (Vec<u32>, Vec<u32>) {
        let term_map = later
            .term_text
            .into_iter()
            .zip(later.term_words)
            .map(|(stem, word)| {
                if let Some(&id) = self.terms.get(stem.as_str()) {
                    return id;
                }
                let id = self.terms.len() as u32;
                self.terms.insert(Box::from(stem.as_str()), id);
                self.term_text.push(stem);
                self.term_words.push(word);
                id
            })
            .collect();
        let gram_keys = &mut self.gram_keys;
        let gram_map = later
            .gram_keys
            .into_iter()
            .map(|g| {
                let next = self.grams.len() as u32;
                *self.grams.entry(g).or_insert_with(|| {
                    gram_keys.push(g);
                    next
                })
            })
            .collect();
        (term_map, gram_map)
    }

    /// The keys here of `later`'s words, by their keys there (adding the words this one lacks).
    pub(super) fn word_map(&mut self, later: &Vocab) -> Vec<u32> {
        (0..later.words.len() as u32).map(|k| self.intern(later.text_of(k))).collect()
    }

    /// Number of term ids and of n-gram ids handed out.
    pub(super) fn sizes(&self) -> (usize, usize) {
        (self.term_text.len(), self.gram_keys.len())
    }

    /// The stem of term `t`.
    pub(super) fn stem_of(&self, t: u32) -> &str {
        &self.term_text[t as usize]
    }

    /// The fingerprint of n-gram `g`.
    pub(super) fn gram_key(&self, g: u32) -> u64 {
        self.gram_keys[g as usize]
    }

    /// Where the n-gram ids of word `key` are in `gram_ids`, interning them on first use.
    fn grams(&mut self, key: u32, cfg: &MatcherConfig) -> Range<usize> {
        let w = &self.words[key as usize];
        if let Some(r) = &w.grams {
            return r.clone();
        }
        let word = &self.text[w.text.start as usize..w.text.end as usize];
        let from = self.gram_ids.len();
        let (grams, gram_ids) = (&mut self.grams, &mut self.gram_ids);
        let gram_keys = &mut self.gram_keys;
        for_each_ngram(word, cfg.ngram_min, cfg.ngram_max, &mut self.buf, |g| {
            let next = grams.len() as u32;
            gram_ids.push(*grams.entry(g).or_insert_with(|| {
                gram_keys.push(g);
                next
            }));
        });
        let r = from..self.gram_ids.len();
        self.words[key as usize].grams = Some(r.clone());
        r
    }
}

/// Encodes texts into term and n-gram vectors against a vocabulary.
#[derive(Default)]
pub(super) struct Encoder {
    terms: Slots,
    grams: Slots,
}

impl Encoder {
    pub(super) fn encode(
        &mut self,
        text: &str,
        cfg: &MatcherConfig,
        vocab: &mut Vocab,
    ) -> Option<(Features, Features)> {
        self.encode_into(text, cfg, vocab, None)
    }

    /// [`Encoder::encode`], also telling for each term (in the order of the term vector) the key of
    /// the word it first came from.
    pub(super) fn encode_with_words(
        &mut self,
        text: &str,
        cfg: &MatcherConfig,
        vocab: &mut Vocab,
    ) -> Option<(Features, Features, Vec<u32>)> {
        let mut words = Vec::new();
        let (t, g) = self.encode_into(text, cfg, vocab, Some(&mut words))?;
        Some((t, g, words))
    }

    fn encode_into(
        &mut self,
        text: &str,
        cfg: &MatcherConfig,
        vocab: &mut Vocab,
        mut words: Option<&mut Vec<u32>>,
    ) -> Option<(Features, Features)> {
        let toks = tokens_with(text, cfg, vocab);
        if toks.is_empty() {
            return None;
        }
        let mut t_ids = Vec::with_capacity(toks.len());
        let mut g_ids = Vec::with_capacity(toks.len() * 16);
        for t in &toks {
            let new = self.terms.add(&mut t_ids, vocab.term(t.key), t.weight);
            if let Some(words) = words.as_deref_mut()
                && new
            {
                words.push(t.key);
            }
            if t.stop {
                continue; // a stop word's letters say nothing (and its n-grams are in every entry)
            }
            let grams = vocab.grams(t.key, cfg);
            for &g in &vocab.gram_ids[grams] {
                self.grams.add(&mut g_ids, g, t.weight);
            }
        }
        // As `dedup_max` would leave them (one entry per id, the largest weight), but in order of
        // first occurrence: nothing downstream needs them sorted.
        self.terms.finish(&t_ids);
        self.grams.finish(&g_ids);
        Some((t_ids, g_ids))
    }
}

/// Merges repeated ids of a vector being built as `dedup_max` does (one entry per id, with the
/// largest weight), in time linear in its length and without sorting: `slot[id]` is the id's
/// position in the vector + 1 while it is being built, 0 otherwise.
#[derive(Default)]
struct Slots {
    slot: Vec<u32>,
}

impl Slots {
    /// Whether `id` is new to the vector.
    #[inline]
    fn add(&mut self, v: &mut Features, id: u32, weight: f32) -> bool {
        let i = id as usize;
        if i >= self.slot.len() {
            self.slot.resize(i + 1, 0);
        }
        match self.slot[i] {
            0 => {
                v.push((id, weight));
                self.slot[i] = v.len() as u32;
                true
            }
            at => {
                let e = &mut v[at as usize - 1].1;
                if weight > *e {
                    *e = weight;
                }
                false
            }
        }
    }

    /// Clears the slots for the next vector.
    fn finish(&mut self, v: &Features) {
        for &(id, _) in v {
            self.slot[id as usize] = 0;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vocabulary_tells_colliding_words_apart() {
        for collide in [false, true] {
            let mut v = Vocab::default();
            if collide {
                v.fingerprint = |_| 7;
            }
            let words = ["оплата", "картой", "оплата", "pls", "картой", "лк"];
            let keys: Vec<u32> = words.iter().map(|w| v.lookup(w, true).key).collect();
            assert_eq!(keys, [0, 1, 0, 2, 1, 3], "collide: {collide}");
            assert_eq!((0..4).map(|k| v.text_of(k)).collect::<Vec<_>>(), ["оплата", "картой", "pls", "лк"]);
            assert_eq!(v.lookup("лк", true).expansion, Some(&["личный", "кабинет"][..]));
            assert!(v.lookup("pls", false).expansion.is_none());
            assert!(v.lookup("как", false).stop && !v.lookup("оплата", false).stop);
            // Words with one stem share a term; n-grams are interned once per word.
            let other = v.lookup("оплату", false).key;
            assert_eq!(v.term(0), v.term(other));
            assert_ne!(v.term(0), v.term(1));
            let cfg = MatcherConfig::default();
            let g = v.grams(0, &cfg);
            assert_eq!(v.grams(0, &cfg), g);
            assert_eq!(g.len(), 6 + 5 + 4); // `<оплата>`: 3-, 4- and 5-grams
        }
    }
}
