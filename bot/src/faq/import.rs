//! Importing and exporting the FAQ as CSV in the shared format (`id,question,variants,answer`).
//!
//! Guarantees:
//! - a file is checked whole before anything is written: the first problem (the CSV's shape, an
//!   empty question or answer, a duplicate id, an answer Telegram would refuse…) is reported with
//!   its line, and nothing is imported;
//! - an import is one transaction: every entry it adds, changes or archives, with their versions
//!   and audit rows, commits together or not at all; running bots pick it up like any change;
//! - rows are matched to entries by the CSV id (`slug`): a known id updates that entry's question,
//!   variants and answer (its other settings stay; an archived one comes back), an unknown or
//!   empty id adds an entry; with `replace`, entries missing from the file are archived;
//! - [`plan`] is exactly what [`apply`] would do, without writing (the web preview);
//! - [`export`] writes every entry that isn't archived; importing it back changes nothing.

use std::collections::{HashMap, HashSet};

use entity::faq_entries;
use sea_orm::{ConnectionTrait, DatabaseConnection, DbErr, EntityTrait, QueryOrder};
use types::faq::{FaqDraft, FaqFieldError};
use types::{FaqChange, FaqLanguage, FaqState, LogAction};

use super::csv::{self, CsvEntry, CsvError};
use super::entries::{self, By, Entry, FaqError, Snapshot, html_problem, variants_of};
use crate::action_log::{self, Action};
use crate::unit::Unit;

#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("{0}")]
    Csv(#[from] CsvError),
    /// Row at `line` (CSV id `id`) can't be an entry.
    #[error("line {line}: {errors:?}")]
    Invalid { line: usize, id: Option<String>, errors: Vec<FaqFieldError> },
    #[error(transparent)]
    Db(#[from] DbErr),
}

pub use types::faq::{ImportItem as Planned, ImportPlan as Plan};

/// A row's entry: the current one's settings with the file's texts, or a new entry's.
fn draft_for(row: &CsvEntry, existing: Option<&Entry>) -> FaqDraft {
    let mut draft = match existing {
        Some(e) => Snapshot::of(e).draft(),
        None => FaqDraft {
            language: if row.question.chars().chain(row.answer.chars()).any(is_cyrillic) {
                FaqLanguage::Ru
            } else {
                FaqLanguage::En
            },
            enabled: true,
            ..FaqDraft::default()
        },
    };
    if existing.is_some_and(|e| e.state == FaqState::Archived) {
        draft.enabled = true;
    }
    draft.slug = row.id.clone().unwrap_or_default();
    draft.question = row.question.clone();
    draft.variants = row.variants.clone();
    draft.answer = row.answer.clone();
    draft.normalized()
}

fn is_cyrillic(c: char) -> bool {
    ('\u{0400}'..='\u{04FF}').contains(&c)
}

/// Checks the file against the FAQ in `db` and says what importing it would do.
pub async fn plan<C: ConnectionTrait>(db: &C, bytes: &[u8], replace: bool) -> Result<Plan, ImportError> {
    let rows = csv::parse(bytes)?;
    let all = faq_entries::Entity::find().order_by_asc(faq_entries::Column::Id).all(db).await?;
    let by_slug: HashMap<&str, &Entry> = all.iter().filter_map(|e| e.slug.as_deref().map(|s| (s, e))).collect();
    let mut plan = Plan::default();
    let mut seen: HashSet<i64> = HashSet::new();
    for row in &rows {
        let existing = row.id.as_deref().and_then(|id| by_slug.get(id).copied());
        let draft = draft_for(row, existing);
        let mut errors = draft.problems();
        if let Some(p) = html_problem(&draft.answer) {
            errors.push(FaqFieldError { field: types::faq::FaqField::Answer, problem: p });
        }
        if !errors.is_empty() {
            return Err(ImportError::Invalid { line: row.line, id: row.id.clone(), errors });
        }
        let planned = |fields: Vec<String>| Planned {
            id: existing.map(|e| e.id),
            slug: row.id.clone(),
            question: draft.question.clone(),
            line: Some(row.line),
            fields,
        };
        match existing {
            None => plan.added.push(planned(Vec::new())),
            Some(e) => {
                seen.insert(e.id);
                let mut fields = Vec::new();
                if e.question != draft.question {
                    fields.push("question".to_string());
                }
                if variants_of(e) != draft.variants {
                    fields.push("variants".to_string());
                }
                if e.answer != draft.answer {
                    fields.push("answer".to_string());
                }
                if e.state == FaqState::Archived {
                    fields.push("restored".to_string());
                }
                if fields.is_empty() {
                    plan.unchanged += 1;
                } else {
                    plan.changed.push(planned(fields));
                }
            }
        }
    }
    if replace {
        for e in all.iter().filter(|e| e.state != FaqState::Archived && !seen.contains(&e.id)) {
            plan.archived.push(Planned {
                id: Some(e.id),
                slug: e.slug.clone(),
                question: e.question.clone(),
                line: None,
                fields: Vec::new(),
            });
        }
    }
    Ok(plan)
}

/// Imports the file in one transaction and returns what it did (see the module's guarantees).
pub async fn apply(db: &DatabaseConnection, by: By<'_>, bytes: &[u8], replace: bool) -> Result<Plan, ImportError> {
    let unit = Unit::begin(db).await?;
    let plan = plan(unit.txn(), bytes, replace).await?;
    if plan.is_empty() {
        return Ok(plan);
    }
    let rows = csv::parse(bytes)?;
    let by_line: HashMap<usize, &CsvEntry> = rows.iter().map(|r| (r.line, r)).collect();
    for p in plan.added.iter().chain(&plan.changed) {
        let line = p.line.unwrap_or_default();
        let row = by_line[&line];
        let existing = match p.id {
            Some(id) => Some(entries::get(unit.txn(), id).await.map_err(|e| fail(e, line, row))?),
            None => None,
        };
        let draft = draft_for(row, existing.as_ref());
        entries::save_in(&unit, by, p.id, None, draft, Some(FaqChange::Imported))
            .await
            .map_err(|e| fail(e, line, row))?;
    }
    for p in &plan.archived {
        if let Some(id) = p.id {
            entries::archive_in(&unit, by, id).await.map_err(|e| match e {
                FaqError::Db(e) => ImportError::Db(e),
                other => ImportError::Db(DbErr::Custom(other.to_string())),
            })?;
        }
    }
    unit.writes().action(action_log::row(
        Action::new(by.actor, LogAction::FaqImport)
            .details(serde_json::json!({
                "added": plan.added.len(),
                "changed": plan.changed.len(),
                "archived": plan.archived.len(),
                "unchanged": plan.unchanged,
            }))
            .ip(by.ip),
    ));
    unit.commit().await?;
    Ok(plan)
}

fn fail(e: FaqError, line: usize, row: &CsvEntry) -> ImportError {
    match e {
        FaqError::Invalid(errors) => ImportError::Invalid { line, id: row.id.clone(), errors },
        FaqError::Db(e) => ImportError::Db(e),
        other => ImportError::Db(DbErr::Custom(other.to_string())),
    }
}

/// Every entry that isn't archived, by id, in the shared CSV format.
pub async fn export<C: ConnectionTrait>(db: &C) -> Result<String, DbErr> {
    let all = faq_entries::Entity::find().order_by_asc(faq_entries::Column::Id).all(db).await?;
    let kept: Vec<(String, Entry, Vec<String>)> = all
        .into_iter()
        .filter(|e| e.state != FaqState::Archived)
        .map(|e| {
            let slug = e.slug.clone().unwrap_or_else(|| e.id.to_string());
            let variants = variants_of(&e);
            (slug, e, variants)
        })
        .collect();
    Ok(csv::write(kept.iter().map(|(slug, e, variants)| csv::CsvRow {
        id: slug,
        question: &e.question,
        variants,
        answer: &e.answer,
    })))
}

impl From<csv::CsvErrorKind> for types::faq::CsvProblem {
    fn from(k: csv::CsvErrorKind) -> Self {
        use csv::CsvErrorKind as K;
        use types::faq::CsvProblem as P;
        match k {
            K::NotUtf8 => P::NotUtf8,
            K::Empty => P::Empty,
            K::BadHeader { found } => P::BadHeader { found },
            K::UnbalancedQuote => P::UnbalancedQuote,
            K::QuoteInsideField => P::QuoteInsideField,
            K::WrongColumnCount { found } => P::WrongColumnCount { found },
            K::EmptyQuestion => P::EmptyQuestion,
            K::EmptyAnswer => P::EmptyAnswer,
            K::DuplicateId { id, first_line } => P::DuplicateId { id, first_line },
        }
    }
}
