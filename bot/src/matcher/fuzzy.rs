//! Typo tolerance: finding the vocabulary stem closest to a stem the index has never seen.
//!
//! `оплотить` stems to `оплот`, which no FAQ contains, while `оплат` (from `оплатить`) is one edit
//! away. Comparing against every vocabulary stem per query would be slow for a large FAQ, so the
//! vocabulary gets a character-trigram index when the matcher is built: a stem within one or two
//! edits shares most of its trigrams with the query stem, which narrows the candidates to a handful
//! before the exact (bounded) Damerau-Levenshtein check.
//!
//! The same candidates also serve a second, rarer kind of mismatch: colloquial clipping, where the
//! middle of a long word is dropped and its start and end kept (`инет` for `интернет`). It is
//! accepted only under strict conditions (see [`is_clipping`]) and counted as two edits.

use std::collections::HashMap;

use super::hash::{FxBuild, hash_chars};

/// Longest word the edit-distance check handles; longer words are never typo-corrected (they are
/// rare, and the fixed-size rows keep the check allocation-free).
const MAX_LEN: usize = 32;

/// Allowed edits for a stem of `len` characters: short stems have too many neighbours one edit away
/// (`кот`/`код`/`тот`) to guess safely, long ones survive two slips.
pub fn max_edits(len: usize) -> usize {
    match len {
        0..=4 => 0,
        5..=8 => 1,
        _ => 2,
    }
}

/// Optimal-string-alignment distance (Levenshtein plus adjacent transpositions, the commonest typing
/// slip), or `None` when it exceeds `max`. Stops as soon as a whole row exceeds `max`.
pub fn damerau_levenshtein(a: &[char], b: &[char], max: usize) -> Option<usize> {
    if a.len().abs_diff(b.len()) > max || a.len() > MAX_LEN || b.len() > MAX_LEN {
        return None;
    }
    let (n, m) = (a.len(), b.len());
    // Three rolling rows, row i at i % 3 (transpositions look two rows back).
    let mut rows = [[0usize; MAX_LEN + 1]; 3];
    for (j, cell) in rows[0].iter_mut().enumerate().take(m + 1) {
        *cell = j;
    }
    for i in 1..=n {
        let (cur, prev, prev2) = (i % 3, (i + 2) % 3, (i + 1) % 3);
        rows[cur][0] = i;
        let mut row_min = i;
        for j in 1..=m {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut d = (rows[prev][j] + 1).min(rows[cur][j - 1] + 1).min(rows[prev][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                d = d.min(rows[prev2][j - 2] + 1);
            }
            rows[cur][j] = d;
            row_min = row_min.min(d);
        }
        if row_min > max {
            return None;
        }
    }
    let d = rows[n % 3][m];
    (d <= max).then_some(d)
}

/// Whether `short` is a clipped form of `long`: at least four letters, the same first letter and
/// the same last two, all its letters appearing in `long` in order, and at most half of `long`
/// dropped. Rules this narrow rarely fire by accident, and they need no word list.
pub fn is_clipping(short: &[char], long: &[char]) -> bool {
    let (n, m) = (short.len(), long.len());
    if n < 4 || m <= n || m > 2 * n || short[0] != long[0] || short[n - 2..] != long[m - 2..] {
        return false;
    }
    let mut it = long.iter();
    short.iter().all(|c| it.any(|l| l == c))
}

/// Trigram index over the vocabulary (stems), for candidate generation.
#[derive(Clone, Debug, Default)]
#[cfg_attr(test, derive(PartialEq))]
pub struct FuzzyIndex {
    words: Vec<Box<[char]>>,
    /// Trigram hash → position in `postings_start`.
    grams: HashMap<u64, u32, FxBuild>,
    postings_start: Vec<u32>,
    postings: Vec<u32>,
}

/// Calls `f` with the hash of each trigram of `^word$` (the markers make the first and last letters
/// count, which is where short words differ).
fn for_each_trigram(word: &[char], mut f: impl FnMut(u64)) {
    let mut buf = ['\0'; MAX_LEN + 2];
    let n = word.len().min(MAX_LEN);
    buf[0] = '^';
    buf[1..=n].copy_from_slice(&word[..n]);
    buf[n + 1] = '$';
    for w in buf[..n + 2].windows(3) {
        f(hash_chars(w));
    }
}

impl FuzzyIndex {
    /// `words[i]` is the stem of term `i`; the returned candidates are term ids.
    pub fn new<'a>(words: impl IntoIterator<Item = &'a str>) -> Self {
        let words: Vec<Box<[char]>> = words.into_iter().map(|w| w.chars().collect()).collect();
        let mut lists: Vec<Vec<u32>> = Vec::new();
        let mut grams: HashMap<u64, u32, FxBuild> = HashMap::default();
        for (id, w) in words.iter().enumerate() {
            if w.len() < 5 || w.len() > MAX_LEN {
                continue; // never a candidate: too short to correct to, or to be clipped from
            }
            for_each_trigram(w, |g| {
                let slot = *grams.entry(g).or_insert_with(|| {
                    lists.push(Vec::new());
                    (lists.len() - 1) as u32
                });
                let list = &mut lists[slot as usize];
                if list.last() != Some(&(id as u32)) {
                    list.push(id as u32);
                }
            });
        }
        let mut postings_start = Vec::with_capacity(lists.len() + 1);
        let mut postings = Vec::new();
        for l in &lists {
            postings_start.push(postings.len() as u32);
            postings.extend_from_slice(l);
        }
        postings_start.push(postings.len() as u32);
        FuzzyIndex { words, grams, postings_start, postings }
    }

    /// The closest vocabulary term to `word` within the allowed number of edits, as
    /// `(term id, edits)`; failing that, a term `word` is a clipping of, as `(term id, 2)`. Ties go
    /// to the lower term id, so results are deterministic. `counts` is scratch space reused across
    /// calls (one slot per vocabulary term).
    pub fn closest(&self, word: &[char], counts: &mut Vec<u16>) -> Option<(u32, usize)> {
        let max = max_edits(word.len());
        if word.len() < 4 || word.len() > MAX_LEN {
            return None;
        }
        counts.clear();
        counts.resize(self.words.len(), 0);
        let mut touched: Vec<u32> = Vec::new();
        let mut total = 0usize;
        for_each_trigram(word, |g| {
            total += 1;
            if let Some(&slot) = self.grams.get(&g) {
                let (s, e) =
                    (self.postings_start[slot as usize] as usize, self.postings_start[slot as usize + 1] as usize);
                for &id in &self.postings[s..e] {
                    if counts[id as usize] == 0 {
                        touched.push(id);
                    }
                    counts[id as usize] += 1;
                }
            }
        });
        // Each edit destroys at most three of the query's trigrams (a transposition four), so a word
        // within `max` edits shares at least this many; anything below cannot qualify.
        let need = total.saturating_sub(4 * max).max(1);
        touched.sort_unstable();
        let mut best: Option<(u32, usize)> = None;
        if max > 0 {
            for &id in &touched {
                if (counts[id as usize] as usize) < need {
                    continue;
                }
                let limit = best.map_or(max, |(_, d)| d.saturating_sub(1));
                if let Some(d) = damerau_levenshtein(word, &self.words[id as usize], limit)
                    && d > 0
                    && best.is_none_or(|(_, bd)| d < bd)
                {
                    best = Some((id, d));
                }
            }
        }
        if best.is_none() {
            // A clipping shares at least the first and the last trigram (`^ин`, `ет$`).
            best = touched
                .iter()
                .filter(|&&id| counts[id as usize] >= 2 && is_clipping(word, &self.words[id as usize]))
                .max_by_key(|&&id| (counts[id as usize], std::cmp::Reverse(id)))
                .map(|&id| (id, 2));
        }
        best
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chars(s: &str) -> Vec<char> {
        s.chars().collect()
    }

    fn dl(a: &str, b: &str) -> Option<usize> {
        damerau_levenshtein(&chars(a), &chars(b), 3)
    }

    #[test]
    fn edit_distance() {
        assert_eq!(dl("оплат", "оплат"), Some(0));
        assert_eq!(dl("оплот", "оплат"), Some(1)); // substitution
        assert_eq!(dl("интеренет", "интернет"), Some(1)); // insertion
        assert_eq!(dl("интрнет", "интернет"), Some(1)); // deletion
        assert_eq!(dl("интренет", "интернет"), Some(1)); // transposition
        assert_eq!(dl("", "abc"), Some(3));
        assert_eq!(dl("abcdef", "ghijkl"), None); // over the bound
        assert_eq!(damerau_levenshtein(&chars("роутер"), &chars("рутер"), 0), None);
    }

    #[test]
    fn finds_the_closest_stem() {
        let idx = FuzzyIndex::new(["оплат", "интернет", "роутер", "тариф", "каб"]);
        let mut scratch = Vec::new();
        assert_eq!(idx.closest(&chars("оплот"), &mut scratch), Some((0, 1)));
        assert_eq!(idx.closest(&chars("интеренет"), &mut scratch), Some((1, 1)));
        assert_eq!(idx.closest(&chars("интренет"), &mut scratch), Some((1, 1)));
        assert_eq!(idx.closest(&chars("ротуер"), &mut scratch), Some((2, 1)));
        // Too far, or too short to correct safely.
        assert_eq!(idx.closest(&chars("погод"), &mut scratch), None);
        assert_eq!(idx.closest(&chars("тари"), &mut scratch), None);
        assert_eq!(idx.closest(&chars("кап"), &mut scratch), None);
    }

    #[test]
    fn clippings() {
        assert!(is_clipping(&chars("инет"), &chars("интернет")));
        assert!(!is_clipping(&chars("инт"), &chars("интернет"))); // too short
        assert!(!is_clipping(&chars("ирнтет"), &chars("интернет"))); // letters out of order
        assert!(!is_clipping(&chars("инет"), &chars("интернетах"))); // different ending
        assert!(!is_clipping(&chars("ннет"), &chars("интернет"))); // different start
        assert!(!is_clipping(&chars("инет"), &chars("интерконнет"))); // more than half dropped
        let idx = FuzzyIndex::new(["интернет", "оплат"]);
        assert_eq!(idx.closest(&chars("инет"), &mut Vec::new()), Some((0, 2)));
    }

    #[test]
    fn closest_is_deterministic_on_ties() {
        // "бачка" is one edit from both, "бака" a clipping of both; the lower id wins every time.
        let idx = FuzzyIndex::new(["банка", "бабка"]);
        let mut scratch = Vec::new();
        for _ in 0..3 {
            assert_eq!(idx.closest(&chars("бака"), &mut scratch), Some((0, 2)));
            assert_eq!(idx.closest(&chars("бачка"), &mut scratch), Some((0, 1)));
        }
    }
}
