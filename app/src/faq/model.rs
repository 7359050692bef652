//! View models of the FAQ workbench, as they cross the wire. Times are RFC 3339 strings in UTC.
//! What the admin edits ([`FaqDraft`]), the list's query and an import's plan are the `types`
//! crate's: one definition for the browser and the server.

use serde::{Deserialize, Serialize};

pub use types::faq::{
    ButtonTarget, CsvProblem, FaqButton, FaqDraft, FaqField, FaqFieldError, FaqListQuery, FaqProblem, FaqSort,
    ImportItem, ImportPlan, limits,
};
pub use types::limits::FAQ_PAGE;
pub use types::{FaqChange, FaqLanguage, FaqState};

/// One row of the FAQ list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FaqRow {
    pub id: i64,
    /// The id in CSV files.
    pub slug: Option<String>,
    pub question: String,
    pub variants: usize,
    pub category: String,
    pub language: FaqLanguage,
    pub state: FaqState,
    /// Answers shown in the last 30 days, and the presses under them.
    pub hits: u32,
    pub helped: u32,
    pub not_helped: u32,
    pub updated_at: String,
    /// Who changed it last (none: the seed or the command line).
    pub updated_by: Option<String>,
    pub version: i32,
}

/// One page of the list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FaqPage {
    pub rows: Vec<FaqRow>,
    pub total: usize,
    pub page: u64,
    pub pages: u64,
    /// Every category in use (the filter's choices).
    pub categories: Vec<String>,
    /// Entries by state, whatever the filters (the tabs' counts).
    pub enabled: usize,
    pub disabled: usize,
    pub archived: usize,
}

/// An entry as the editor opens it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FaqEntryView {
    pub id: i64,
    /// Send it back with a save: a save based on an older version is refused.
    pub version: i32,
    pub state: FaqState,
    pub draft: FaqDraft,
    pub updated_at: String,
    pub updated_by: Option<String>,
    /// Menus with a button that opens this entry.
    pub used_by_menus: Vec<String>,
}

/// One version in an entry's history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FaqVersionView {
    pub version: i32,
    pub change: FaqChange,
    pub at: String,
    pub by: String,
    pub draft: FaqDraft,
    pub state: FaqState,
    /// The fields this version changed from the one before it.
    pub changed: Vec<FaqField>,
}

/// A menu an answer's button can open.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MenuOption {
    pub id: i64,
    pub title: String,
}

/// What the bot would do with a message ("Try it").
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TryResult {
    pub decision: TryDecision,
    /// The best entries (up to five), best first.
    pub top: Vec<TryCandidate>,
    /// The thresholds the decision used.
    pub answer_at: f32,
    pub suggest_at: f32,
}

/// The bot's decision.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum TryDecision {
    /// Answers with this entry.
    Answer { id: i64 },
    /// Offers these entries ("maybe you meant…").
    Suggest { ids: Vec<i64> },
    /// Hands off to an operator.
    Handoff { reason: HandoffWhy },
}

/// Why the bot hands off.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum HandoffWhy {
    /// Nothing scored above the suggestion threshold.
    NoMatch,
    /// The customer asked for a person.
    AskedForHuman,
    /// Nothing to match (emoji, punctuation).
    Empty,
}

/// One ranked entry.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TryCandidate {
    pub id: i64,
    pub question: String,
    pub score: f32,
    /// The customer's words that matched this entry, and how.
    pub words: Vec<MatchedWordView>,
    /// The entry being edited, with its unsaved text.
    pub draft: bool,
}

/// A word of the message that matched.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MatchedWordView {
    /// As the customer typed it.
    pub word: String,
    pub how: MatchHow,
}

/// How a word matched.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum MatchHow {
    /// The same word or another form of it.
    Stem,
    /// A misspelling of `of`.
    Typo { of: String },
    /// Chat slang for `of`.
    Slang { of: String },
    /// Only parts of the word.
    Partial,
}

/// Why an import was refused: the line and what is wrong there.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportRefusal {
    /// 1-based; the header is line 1.
    pub line: usize,
    pub id: Option<String>,
    pub problem: ImportProblem,
}

/// What is wrong with an import file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum ImportProblem {
    /// The file's shape.
    Csv(CsvProblem),
    /// A row's entry breaks the editor's rules.
    Field(FaqFieldError),
}

/// The result of checking or applying an import.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum ImportOutcome {
    Plan(ImportPlan),
    Refused(ImportRefusal),
}

pub use types::UnansweredReason;

/// A question of the unanswered queue (near-duplicates grouped).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnansweredView {
    pub id: i64,
    /// The latest wording.
    pub question: String,
    /// `ru`, `en` or empty (unknown).
    pub language: String,
    pub hits: i32,
    /// Distinct customers who asked it.
    pub customers: i32,
    /// Why it is here, most frequent first, with counts.
    pub reasons: Vec<(UnansweredReason, u64)>,
    /// The entries the matcher ranked highest for it ("add as a variant of…" offers these first).
    pub suggested: Vec<EntryRef>,
    /// An operator's answer to it (offered as a new entry's answer).
    pub reply: Option<String>,
    pub first_at: String,
    pub last_at: String,
}

/// An FAQ entry named by its question.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EntryRef {
    pub id: i64,
    pub question: String,
}

/// A phrasing of the entry being edited that belongs to another entry.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SimilarPhrasing {
    /// 0: the question; 1…: the variants' lines.
    pub line: usize,
    pub other: EntryRef,
    /// Word for word one of the other entry's phrasings.
    pub exact: bool,
    pub score: f32,
}

/// The FAQ checked against itself.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FaqHealthView {
    /// Enabled entries checked.
    pub entries: usize,
    /// Phrasings a customer typing them would get another entry for.
    pub conflicts: Vec<HealthConflict>,
    /// Entries none of whose own phrasings gets them answered automatically.
    pub unreachable: Vec<HealthUnreachable>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HealthConflict {
    pub entry: EntryRef,
    pub phrasing: String,
    pub score: f32,
    pub winner: EntryRef,
    pub winner_score: f32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HealthUnreachable {
    pub entry: EntryRef,
    /// Its phrasing that came closest, and that score.
    pub phrasing: String,
    pub score: f32,
}
