//! The FAQ checked against itself: every phrasing of every entry (its question and each variant)
//! is sent through the matcher as if a customer had typed it word for word, and what the bot would
//! do is compared with the entry it belongs to.
//!
//! * A **conflict** is a phrasing that the matcher ranks under another entry: the other entry scores
//!   higher (or the same, and comes first in the FAQ). The author wrote this phrasing for entry A,
//!   but a customer typing it is matched to B.
//! * An entry is **unreachable** when none of its own phrasings, typed exactly, gets it answered
//!   automatically — [`decide`](super::decide) would, for every one of them, suggest buttons, hand off, or
//!   answer with another entry. Its own wording is the easiest message it will ever see, so such an
//!   entry is in practice only ever offered as a button (or never shown). The usual causes: a near
//!   duplicate (two entries within [`ANSWER_MARGIN`](super::ANSWER_MARGIN) of each other on each
//!   other's phrasings), short
//!   phrasings of common words that score below `high`, or a question that asks for a person (the
//!   bot hands those off before matching). Each is reported with the phrasing that came closest (its
//!   highest own score) and what the bot does with it.
//!
//! Cost: one ranking per phrasing (see `bench/README.md`, "FAQ: rebuilding the matcher"); meant to
//! run in the background after the FAQ changes, not per request.

use std::collections::HashMap;

use super::decide::{Decision, HandoffReason, MAX_SUGGESTIONS, Thresholds, decide_ranked};
use super::human::asks_for_human;
use super::index::Matcher;
use super::normalize::normalize;
use super::{FaqDoc, Scored};

/// The FAQ's health: per entry, and the problems found.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Health {
    /// One per entry, in the order of the `docs` given.
    pub entries: Vec<EntryHealth>,
    /// Phrasings another entry wins, in FAQ order.
    pub conflicts: Vec<Conflict>,
    /// Entries that none of their own phrasings gets answered with, in FAQ order.
    pub unreachable: Vec<Unreachable>,
}

/// One entry's summary, for the FAQ list.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct EntryHealth {
    pub id: i64,
    /// Its question and variants.
    pub phrasings: usize,
    /// How many of them, typed as they are, get this entry's answer automatically.
    pub answered: usize,
    /// How many of them another entry wins (each is in [`Health::conflicts`]).
    pub conflicts: usize,
}

impl EntryHealth {
    /// At least one of its phrasings is answered with it (see [`Health::unreachable`]).
    pub fn reachable(&self) -> bool {
        self.answered > 0
    }
}

/// A phrasing of entry `id` that the matcher ranks under entry `winner`.
#[derive(Clone, Debug, PartialEq)]
pub struct Conflict {
    pub id: i64,
    /// The question or variant, as written.
    pub phrasing: String,
    /// Entry `id`'s own score for it.
    pub score: f32,
    /// The entry ranked first instead, and its score (≥ `score`).
    pub winner: i64,
    pub winner_score: f32,
}

/// An entry none of whose phrasings is answered with it.
#[derive(Clone, Debug, PartialEq)]
pub struct Unreachable {
    pub id: i64,
    /// The phrasing that came closest: the highest score for this entry (the first on ties).
    pub phrasing: String,
    /// This entry's score for it.
    pub score: f32,
    /// What the bot does when a customer sends exactly that phrasing.
    pub decision: Decision,
}

/// Checks every phrasing of `docs` against `matcher`, which must have been built from these
/// `docs` (an entry the matcher does not know scores 0 and is reported unreachable). Thresholds
/// are those the bot decides with.
pub fn health(docs: &[FaqDoc], matcher: &Matcher, t: &Thresholds) -> Health {
    let mut index: HashMap<i64, usize> = HashMap::with_capacity(matcher.len());
    for (d, &id) in matcher.ids().iter().enumerate() {
        index.entry(id).or_insert(d);
    }
    let mut scratch = matcher.scratch();
    let mut out = Health::default();
    for doc in docs {
        let own = index.get(&doc.id).copied().unwrap_or(usize::MAX);
        let mut entry = EntryHealth { id: doc.id, phrasings: 0, answered: 0, conflicts: 0 };
        // The phrasing with the highest own score, its score and decision.
        let mut closest: Option<(&str, f32, Decision)> = None;
        for text in std::iter::once(&doc.question).chain(&doc.variants) {
            entry.phrasings += 1;
            // What `decide` does, with the entry's own score on the side.
            let (ranked, score, decision) = if normalize(text).is_empty() {
                (Vec::new(), 0.0, Decision::Handoff { reason: HandoffReason::Empty })
            } else {
                let (ranked, score) = matcher.rank_with_own(text, MAX_SUGGESTIONS, own, &mut scratch);
                let decision = if asks_for_human(text) {
                    Decision::Handoff { reason: HandoffReason::AskedForHuman }
                } else {
                    decide_ranked(ranked.clone(), t)
                };
                (ranked, score, decision)
            };
            if let Some(&Scored { id: winner, score: winner_score }) = ranked.first()
                && winner != doc.id
            {
                entry.conflicts += 1;
                out.conflicts.push(Conflict { id: doc.id, phrasing: text.clone(), score, winner, winner_score });
            }
            if matches!(decision, Decision::Answer { id, .. } if id == doc.id) {
                entry.answered += 1;
            }
            if closest.as_ref().is_none_or(|c| score > c.1) {
                closest = Some((text.as_str(), score, decision));
            }
        }
        if entry.answered == 0
            && let Some((phrasing, score, decision)) = closest
        {
            out.unreachable.push(Unreachable { id: doc.id, phrasing: phrasing.to_string(), score, decision });
        }
        out.entries.push(entry);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::decide;
    use super::*;

    fn doc(id: i64, q: &str, variants: &[&str]) -> FaqDoc {
        FaqDoc { id, question: q.into(), variants: variants.iter().map(|s| s.to_string()).collect() }
    }

    fn faq() -> Vec<FaqDoc> {
        vec![
            doc(1, "Как оплатить услуги банковской картой?", &["Оплата картой онлайн", "Можно ли заплатить картой?"]),
            doc(2, "Почему медленный интернет?", &["Низкая скорость интернета", "Интернет тормозит вечером"]),
            doc(3, "Как расторгнуть договор?", &["Расторжение договора"]),
        ]
    }

    #[test]
    fn a_clean_faq_is_healthy() {
        let docs = faq();
        let m = Matcher::new(&docs);
        let h = health(&docs, &m, &Thresholds::default());
        assert!(h.conflicts.is_empty(), "{:?}", h.conflicts);
        assert!(h.unreachable.is_empty(), "{:?}", h.unreachable);
        assert_eq!(h.entries.iter().map(|e| e.id).collect::<Vec<_>>(), [1, 2, 3]);
        assert_eq!(h.entries[0], EntryHealth { id: 1, phrasings: 3, answered: 3, conflicts: 0 });
        assert!(h.entries.iter().all(EntryHealth::reachable));
    }

    #[test]
    fn a_phrasing_another_entry_wins_is_a_conflict() {
        let mut docs = faq();
        // Filed under "contract" by mistake: it is what entry 2 is about.
        docs[2].variants.push("Медленный интернет".into());
        let m = Matcher::new(&docs);
        let h = health(&docs, &m, &Thresholds::default());
        assert_eq!(h.conflicts.len(), 1, "{:?}", h.conflicts);
        let c = &h.conflicts[0];
        assert_eq!((c.id, c.winner), (3, 2));
        assert_eq!(c.phrasing, "Медленный интернет");
        assert!(c.winner_score > c.score && c.score > 0.0, "{c:?}");
        // The scores are the matcher's own.
        let r = m.rank(&c.phrasing, 3);
        assert_eq!(r[0], Scored { id: 2, score: c.winner_score });
        assert_eq!(r.iter().find(|s| s.id == 3).unwrap().score, c.score);
        assert_eq!(h.entries[2], EntryHealth { id: 3, phrasings: 3, answered: 2, conflicts: 1 });
        // Its other phrasings still answer it: not unreachable.
        assert!(h.unreachable.is_empty(), "{:?}", h.unreachable);
    }

    #[test]
    fn duplicates_and_weak_entries_are_unreachable() {
        let mut docs = faq();
        // A copy of entry 2: the two tie on every phrasing, the earlier one ranks first, and the
        // margin to the runner-up is 0, so neither is ever answered automatically.
        let copy = FaqDoc { id: 4, ..docs[1].clone() };
        docs.push(copy);
        // A question that asks for a person: the bot hands it off before matching.
        docs.push(doc(5, "Как связаться с оператором?", &[]));
        // No words at all.
        docs.push(doc(6, "🙂", &[""]));
        let m = Matcher::new(&docs);
        let t = Thresholds::default();
        let h = health(&docs, &m, &t);

        let dups: Vec<&Conflict> = h.conflicts.iter().filter(|c| c.id == 4).collect();
        assert_eq!(dups.len(), 3, "{:?}", h.conflicts);
        assert!(dups.iter().all(|c| c.winner == 2 && c.score == c.winner_score), "{dups:?}");
        assert!(h.conflicts.iter().all(|c| c.id == 4), "{:?}", h.conflicts);
        let ids: Vec<i64> = h.unreachable.iter().map(|u| u.id).collect();
        assert_eq!(ids, [2, 4, 5, 6], "{:?}", h.unreachable);
        let by_id = |id| h.unreachable.iter().find(|u| u.id == id).unwrap();
        for id in [2, 4] {
            assert!(matches!(&by_id(id).decision, Decision::Suggest(v) if v[0].id == 2 && v[1].id == 4));
        }
        assert_eq!(by_id(5).decision, Decision::Handoff { reason: HandoffReason::AskedForHuman });
        assert!(by_id(5).score > t.high, "it would be answered but for the request for a person");
        assert_eq!(by_id(6).decision, Decision::Handoff { reason: HandoffReason::Empty });
        assert_eq!((by_id(6).phrasing.as_str(), by_id(6).score), ("🙂", 0.0));
        assert_eq!(h.entries[5], EntryHealth { id: 6, phrasings: 2, answered: 0, conflicts: 0 });
        assert!(!h.entries[1].reachable() && h.entries[0].reachable());
        // Every decision reported is the one `decide` makes.
        for u in &h.unreachable {
            assert_eq!(decide(&m, &u.phrasing, &t), u.decision, "{u:?}");
        }
    }

    #[test]
    fn decisions_agree_with_decide_and_counts_add_up() {
        let docs = faq();
        let m = Matcher::new(&docs);
        // A HIGH no phrasing reaches: everything becomes unreachable, with `decide`'s verdicts.
        let t = Thresholds { high: 1.01, low: 0.15 };
        let h = health(&docs, &m, &t);
        assert_eq!(h.unreachable.len(), docs.len());
        for (u, d) in h.unreachable.iter().zip(&docs) {
            assert_eq!(u.id, d.id);
            assert_eq!(decide(&m, &u.phrasing, &t), u.decision);
            // The closest phrasing is the one with the highest own score.
            let best = std::iter::once(&d.question)
                .chain(&d.variants)
                .map(|p| m.rank(p, 10).iter().find(|s| s.id == d.id).map_or(0.0, |s| s.score))
                .fold(0f32, f32::max);
            assert_eq!(u.score, best);
        }
        let total: usize = h.entries.iter().map(|e| e.phrasings).sum();
        assert_eq!(total, 8);
        assert_eq!(health(&[], &m, &t), Health::default());
    }
}
