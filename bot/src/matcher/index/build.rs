//! Building the index: every phrasing (and answer) encoded, document frequencies counted over
//! entries, and the phrasing and centroid vectors inverted into posting lists.

use std::collections::HashMap;

use crate::matcher::FaqDoc;
use crate::matcher::fuzzy::FuzzyIndex;
use crate::matcher::hash::FxBuild;
use crate::matcher::stem::stem;

use super::features::{Features, Postings, dedup_max, for_each_ngram, norm_of, normalize_vec, tokens};
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
        let mut terms: HashMap<Box<str>, u32, FxBuild> = HashMap::default();
        let mut term_text: Vec<String> = Vec::new();
        // The first word seen with each stem, to name a typo's correction in explanations.
        let mut term_words: Vec<Box<str>> = Vec::new();
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
            let mut intern = |key: &str, word: &str, weight: f32, t_ids: &mut Vec<(u32, f32)>| {
                let next = terms.len() as u32;
                let id = *terms.entry(Box::from(key)).or_insert_with(|| {
                    term_text.push(key.to_string());
                    term_words.push(Box::from(word));
                    next
                });
                t_ids.push((id, weight));
            };
            for t in &toks {
                intern(&stem(&t.word), &t.word, t.weight, &mut t_ids);
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
            term_words,
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
}

/// BM25's IDF: positive for every df, close to 0 for a feature present in every entry.
fn idf(n_docs: usize, df: usize) -> f32 {
    let (n, df) = (n_docs as f32, df as f32);
    (1.0 + (n - df + 0.5) / (df + 0.5)).ln()
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
