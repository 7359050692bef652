//! FAQ matcher: matches a customer's free text against FAQ entries and decides whether the bot
//! answers, offers "maybe you meant…" buttons, or hands the conversation to an operator.
//!
//! Pure computation — no I/O, no database, no randomness — so it can be rebuilt whenever the FAQ
//! changes and shared read-only between tasks. The pieces, one job each:
//!
//! * [`normalize`](normalize::normalize) — case, `ё`, punctuation, emoji, look-alike letters;
//! * `slang` — colloquial clippings and chat abbreviations expanded (`инет`, `лк`, `pls`);
//! * `stem` — Snowball stems (Russian / English, chosen per word) and stop words;
//! * `fuzzy` — typo correction against the FAQ vocabulary (trigram index + Damerau-Levenshtein);
//! * `index` — the [`Matcher`]: TF-IDF over stems and character n-grams, scoring in [0, 1]; the
//!   entries' answers may be given as extra evidence ([`Matcher::with_answers`]); after a change,
//!   [`MatcherCache`] rebuilds the same matcher re-encoding only the changed entries;
//! * `human` — [`asks_for_human`]: "позовите оператора", "live agent please";
//! * `decide` — [`decide`]: thresholds → answer / suggest / hand off.
//! * `health` — [`health`]: the FAQ checked against itself (phrasings another entry wins, entries
//!   that their own phrasings never get answered with).
//! * `hash` — a fast deterministic hasher for the lookup tables.
//!
//! Measured quality and speed, and the reasoning behind the default thresholds, are in
//! `bench/README.md` (reproduced by `cargo run -p bot --release --bin matcher_eval`).

mod decide;
mod fuzzy;
mod hash;
mod health;
mod human;
mod index;
pub mod normalize;
mod slang;
mod stem;

pub use decide::{ANSWER_MARGIN, Decision, HandoffReason, MAX_SUGGESTIONS, Thresholds, decide, decide_ranked};
pub use health::{Conflict, EntryHealth, Health, Unreachable, health};
pub use human::asks_for_human;
pub use index::{Explained, MatchKind, MatchedWord, Matcher, MatcherCache, MatcherConfig};

/// One FAQ entry as the matcher sees it: the question plus alternative phrasings of it. The answer
/// text is not needed for matching.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FaqDoc {
    pub id: i64,
    pub question: String,
    pub variants: Vec<String>,
}

/// An entry and how well it matches, in [0, 1].
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Scored {
    pub id: i64,
    pub score: f32,
}
