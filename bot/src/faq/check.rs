//! An entry checked against the rest of the FAQ, for the editor and the FAQ page:
//! - [`similar`]: the draft's phrasings that repeat, or nearly repeat, another entry's (a customer
//!   typing them would be matched to that entry, not this one);
//! - [`health`]: every entry's phrasings through the live matcher — conflicts between entries and
//!   entries no phrasing of their own gets answered ([`crate::matcher::health`]), computed on a
//!   blocking thread once per matcher and kept.

use std::collections::HashMap;
use std::sync::Arc;

use serde::{Deserialize, Serialize};
use types::FaqState;
use types::faq::FaqDraft;

use super::entries::variants_of;
use super::live::FaqView;
use crate::matcher::{FaqDoc, Health, Thresholds};

/// A phrasing of the draft that belongs to another entry.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Similar {
    /// 0 for the question, 1… for the variants.
    pub line: usize,
    pub other_id: i64,
    pub other_question: String,
    /// The same words as one of the other entry's phrasings (case and spacing aside).
    pub exact: bool,
    /// The other entry's score for this phrasing.
    pub score: f32,
}

/// A phrasing as compared word for word: case, `ё`, punctuation and spacing aside.
fn key(s: &str) -> String {
    let words: String = s.chars().map(|c| if c.is_alphanumeric() { c } else { ' ' }).collect();
    types::faq::fold(&words)
}

/// How close a phrasing must come to another entry to be flagged (the bot would answer it with
/// that entry at this score).
pub fn near(t: &Thresholds) -> f32 {
    t.high
}

/// The draft's phrasings (question, then variants) that another enabled or disabled entry has
/// (`exact`) or that the matcher gives to another entry at `near(t)` or more, ahead of this one.
pub fn similar(view: &FaqView, id: Option<i64>, draft: &FaqDraft, t: &Thresholds) -> Vec<Similar> {
    let mut phrasings: HashMap<String, (i64, String)> = HashMap::new();
    for e in view.entries.values().filter(|e| Some(e.id) != id && e.state != FaqState::Archived) {
        for p in std::iter::once(e.question.clone()).chain(variants_of(e)) {
            phrasings.entry(key(&p)).or_insert((e.id, e.question.clone()));
        }
    }
    let mut out = Vec::new();
    for (line, text) in std::iter::once(&draft.question).chain(&draft.variants).enumerate() {
        if text.trim().is_empty() {
            continue;
        }
        if let Some((other_id, other_question)) = phrasings.get(&key(text)) {
            out.push(Similar {
                line,
                other_id: *other_id,
                other_question: other_question.clone(),
                exact: true,
                score: 1.0,
            });
            continue;
        }
        let best = view.rank(text, 2).into_iter().find(|s| Some(s.id) != id);
        if let Some(s) = best
            && s.score >= near(t)
            && let Some(other) = view.entries.get(&s.id)
        {
            out.push(Similar {
                line,
                other_id: s.id,
                other_question: other.question.clone(),
                exact: false,
                score: s.score,
            });
        }
    }
    out
}

/// The health of the enabled entries as the matcher of `view` sees them.
pub fn health(view: &FaqView, t: &Thresholds) -> Health {
    let mut enabled: Vec<FaqDoc> = view
        .entries
        .values()
        .filter(|e| e.state == FaqState::Enabled)
        .map(|e| FaqDoc { id: e.id, question: e.question.clone(), variants: variants_of(e) })
        .collect();
    enabled.sort_by_key(|d| d.id);
    crate::matcher::health(&enabled, &view.matcher, t)
}

/// A health computed: the FAQ revision, the thresholds' bits, the result.
type Computed = (i64, (u32, u32), Arc<Health>);

/// The last health computed, for one matcher and thresholds.
#[derive(Default)]
pub struct HealthCache {
    slot: std::sync::Mutex<Option<Computed>>,
}

impl HealthCache {
    /// The health of `view` (settled) under `t`: computed on a blocking thread the first time.
    pub async fn get(&self, view: Arc<FaqView>, t: Thresholds) -> Arc<Health> {
        let key = (t.high.to_bits(), t.low.to_bits());
        if let Some((rev, k, h)) = self.slot.lock().expect("health cache").as_ref()
            && *rev == view.matcher_revision
            && *k == key
        {
            return h.clone();
        }
        let rev = view.matcher_revision;
        let computed = tokio::task::spawn_blocking(move || health(&view, &t)).await.unwrap_or_default();
        let computed = Arc::new(computed);
        *self.slot.lock().expect("health cache") = Some((rev, key, computed.clone()));
        computed
    }
}

#[cfg(test)]
mod tests {
    use super::key;

    #[test]
    fn phrasings_compare_word_for_word() {
        assert_eq!(key("Как оплатить  без комиссии?"), key("как оплатить без комиссии"));
        assert_eq!(key("Ёлка, ёж!"), key("елка еж"));
        assert_ne!(key("как оплатить без комиссии"), key("как оплатить с комиссией"));
        assert_eq!(key("Wi-Fi не работает"), "wi fi не работает");
    }
}
