//! What the bot does with a message: answer, suggest, or hand off to a person.

use super::Scored;
use super::human::asks_for_human;
use super::index::Matcher;
use super::normalize::normalize;

/// Score cut-offs for [`decide`]. `high` is about precision (an automatic answer to the wrong
/// question is worse than a suggestion), `low` about recall (below it, even a suggestion would be
/// noise and a person should look).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Thresholds {
    pub high: f32,
    pub low: f32,
}

impl Thresholds {
    /// The values the app ships with (how they were chosen: `bench/README.md`).
    pub const DEFAULT: Thresholds = Thresholds { high: 0.40, low: 0.15 };
}

impl Default for Thresholds {
    fn default() -> Self {
        Thresholds::DEFAULT
    }
}

/// How many "maybe you meant…" buttons at most.
pub const MAX_SUGGESTIONS: usize = 3;

/// An answer is sent only if the best entry also beats the runner-up by this much. Two entries
/// scoring almost the same means the message fits both (or the matcher cannot tell them apart), and
/// showing both as buttons costs the customer one tap, while answering the wrong one costs a
/// conversation. On the development sets this margin turns about a third of the wrong automatic
/// answers into suggestions for a tenth of the right ones (`bench/README.md`).
pub const ANSWER_MARGIN: f32 = types::settings::ANSWER_MARGIN;

#[derive(Clone, Debug, PartialEq)]
pub enum Decision {
    /// Reply with this entry's answer.
    Answer { id: i64, score: f32 },
    /// Offer these entries (1..=3, best first) as buttons.
    Suggest(Vec<Scored>),
    /// Put the conversation in the operators' queue.
    Handoff { reason: HandoffReason },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HandoffReason {
    /// The customer asked for a person.
    AskedForHuman,
    /// Nothing in the FAQ is close enough.
    NoMatch,
    /// No words at all (only emoji, punctuation, a sticker's caption of symbols…).
    Empty,
}

/// Decides what to do with a customer message. Order matters: an empty message has nothing to
/// match; a request for a person wins over any FAQ similarity; then the best score picks the branch.
pub fn decide(matcher: &Matcher, query: &str, t: &Thresholds) -> Decision {
    if normalize(query).is_empty() {
        return Decision::Handoff { reason: HandoffReason::Empty };
    }
    if asks_for_human(query) {
        return Decision::Handoff { reason: HandoffReason::AskedForHuman };
    }
    decide_ranked(matcher.rank(query, MAX_SUGGESTIONS), t)
}

/// The score part of [`decide`], for a ranking already computed (best first, as [`Matcher::rank`]
/// returns it, with at least [`MAX_SUGGESTIONS`] entries when there are that many).
pub fn decide_ranked(mut ranked: Vec<Scored>, t: &Thresholds) -> Decision {
    use types::settings::{Outcome, outcome};
    ranked.truncate(MAX_SUGGESTIONS);
    let runner_up = ranked.get(1).map_or(0.0, |s| s.score);
    // One rule with the settings page's "what these thresholds would have done".
    match (ranked.first().copied(), outcome(ranked.first().map(|s| s.score), runner_up, t.high, t.low)) {
        (Some(best), Outcome::Answer) => Decision::Answer { id: best.id, score: best.score },
        (Some(_), Outcome::Suggest) => {
            ranked.retain(|s| s.score >= t.low);
            Decision::Suggest(ranked)
        }
        _ => Decision::Handoff { reason: HandoffReason::NoMatch },
    }
}

#[cfg(test)]
mod tests {
    use super::super::FaqDoc;
    use super::*;

    fn matcher() -> Matcher {
        let doc = |id, q: &str, v: &[&str]| FaqDoc {
            id,
            question: q.into(),
            variants: v.iter().map(|s| s.to_string()).collect(),
        };
        Matcher::new(&[
            doc(1, "Как оплатить услуги банковской картой?", &["Оплата картой онлайн"]),
            doc(2, "Как оплатить без комиссии?", &["Берёте ли вы комиссию за оплату?"]),
            doc(3, "Почему медленный интернет?", &["Интернет тормозит вечером"]),
            doc(4, "Интернет не работает совсем", &["Пропал интернет"]),
        ])
    }

    #[test]
    fn empty_messages_hand_off() {
        let m = matcher();
        for q in ["", "   ", "👍", "?!"] {
            assert_eq!(decide(&m, q, &Thresholds::default()), Decision::Handoff { reason: HandoffReason::Empty });
        }
    }

    #[test]
    fn human_request_wins_over_a_good_match() {
        let m = matcher();
        let d = decide(&m, "оператор! интернет тормозит вечером", &Thresholds::default());
        assert_eq!(d, Decision::Handoff { reason: HandoffReason::AskedForHuman });
    }

    #[test]
    fn branches_follow_the_thresholds() {
        let m = matcher();
        let q = "интернет тормозит вечером";
        let s = m.rank(q, 1)[0].score;
        assert_eq!(decide(&m, q, &Thresholds { high: s, low: 0.0 }), Decision::Answer { id: 3, score: s });
        match decide(&m, q, &Thresholds { high: 1.1, low: 0.01 }) {
            Decision::Suggest(v) => {
                assert!((1..=MAX_SUGGESTIONS).contains(&v.len()));
                assert_eq!(v[0].id, 3);
            }
            d => panic!("{d:?}"),
        }
        let none = decide(&m, q, &Thresholds { high: 1.1, low: 1.05 });
        assert_eq!(none, Decision::Handoff { reason: HandoffReason::NoMatch });
    }

    #[test]
    fn close_runner_up_turns_an_answer_into_a_suggestion() {
        let t = Thresholds { high: 0.5, low: 0.2 };
        let s = |id, score| Scored { id, score };
        assert_eq!(decide_ranked(vec![s(1, 0.9), s(2, 0.3)], &t), Decision::Answer { id: 1, score: 0.9 });
        assert_eq!(
            decide_ranked(vec![s(1, 0.9), s(2, 0.88), s(3, 0.1)], &t),
            Decision::Suggest(vec![s(1, 0.9), s(2, 0.88)])
        );
        assert_eq!(decide_ranked(vec![s(1, 0.1)], &t), Decision::Handoff { reason: HandoffReason::NoMatch });
        assert_eq!(decide_ranked(vec![], &t), Decision::Handoff { reason: HandoffReason::NoMatch });
    }

    #[test]
    fn suggestions_drop_entries_below_low() {
        let m = matcher();
        let q = "оплатить картой";
        let ranked = m.rank(q, 3);
        let low = ranked[0].score - 1e-6;
        match decide(&m, q, &Thresholds { high: 1.1, low }) {
            Decision::Suggest(v) => assert!(v.iter().all(|s| s.score >= low) && !v.is_empty()),
            d => panic!("{d:?}"),
        }
    }

    #[test]
    fn default_thresholds() {
        let t = Thresholds::default();
        assert!(0.0 < t.low && t.low < t.high && t.high <= 1.0);
        let m = matcher();
        assert!(matches!(decide(&m, "Как оплатить услуги банковской картой?", &t), Decision::Answer { id: 1, .. }));
        assert_eq!(decide(&m, "какая погода завтра", &t), Decision::Handoff { reason: HandoffReason::NoMatch });
    }
}
