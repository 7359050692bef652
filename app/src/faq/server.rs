//! The FAQ workbench's server side: maps `bot::faq`'s reads, refusals and the live matcher to the
//! screens' view models. No queries here — they are in `bot`.

use std::collections::HashMap;

use bot::faq::import::ImportError;
use bot::faq::{By, FaqError};
use bot::matcher::{Decision, HandoffReason};
use chrono::{DateTime, Utc};
use sea_orm::DatabaseConnection;

use crate::auth::server::Caller;
use crate::error::{ApiError, Conflict};
use crate::faq::model::*;

/// Entries "Try it" shows.
const TRY_TOP: usize = 5;

fn time(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

pub fn from_faq(e: FaqError) -> ApiError {
    match e {
        FaqError::NotFound => ApiError::NotFound,
        FaqError::Invalid(errors) => ApiError::FaqInvalid(errors),
        FaqError::Conflict { current } => ApiError::Conflict(Conflict::FaqChanged { current }),
        FaqError::InUse(menus) => ApiError::Conflict(Conflict::FaqInUse { menus }),
        FaqError::NotArchived => ApiError::Conflict(Conflict::FaqNotArchived),
        FaqError::Db(e) => e.into(),
    }
}

/// Staff display names by id (who changed an entry last).
async fn staff_names(db: &DatabaseConnection) -> Result<HashMap<i64, String>, ApiError> {
    Ok(bot::staff::list(db).await?.into_iter().map(|u| (u.id, u.display_name)).collect())
}

pub fn by(caller: &Caller) -> (bot::action_log::Actor, Option<String>) {
    (caller.actor(), caller.ip.clone())
}

pub async fn list(caller: &Caller, query: FaqListQuery) -> Result<FaqPage, ApiError> {
    let db = &caller.state.db;
    let view = caller.state.engine.faq().current(db).await?;
    let stats = caller.state.engine.faq().stats_30_days(db).await?;
    let names = staff_names(db).await?;
    let page = bot::faq::list::page(&view, &stats, &query, FAQ_PAGE);
    let count = |s: FaqState| view.entries.values().filter(|e| e.state == s).count();
    Ok(FaqPage {
        rows: page
            .rows
            .into_iter()
            .map(|l| {
                let e = &l.entry;
                FaqRow {
                    id: e.id,
                    slug: e.slug.clone(),
                    question: e.question.clone(),
                    variants: bot::faq::entries::variants_of(e).len(),
                    category: e.category.clone(),
                    language: e.language,
                    state: e.state,
                    hits: l.stats.hits,
                    helped: l.stats.helped,
                    not_helped: l.stats.not_helped,
                    updated_at: time(e.updated_at),
                    updated_by: e.updated_by.and_then(|id| names.get(&id).cloned()),
                    version: e.version,
                }
            })
            .collect(),
        total: page.total,
        page: page.page,
        pages: page.pages,
        categories: page.categories,
        enabled: count(FaqState::Enabled),
        disabled: count(FaqState::Disabled),
        archived: count(FaqState::Archived),
    })
}

pub async fn entry_view(db: &DatabaseConnection, e: &bot::faq::Entry) -> Result<FaqEntryView, ApiError> {
    let names = staff_names(db).await?;
    Ok(FaqEntryView {
        id: e.id,
        version: e.version,
        state: e.state,
        draft: bot::faq::Snapshot::of(e).draft(),
        updated_at: time(e.updated_at),
        updated_by: e.updated_by.and_then(|id| names.get(&id).cloned()),
        used_by_menus: bot::faq::entries::menus_using(db, e.id).await?,
    })
}

pub async fn entry(caller: &Caller, id: i64) -> Result<FaqEntryView, ApiError> {
    let db = &caller.state.db;
    let e = bot::faq::entries::get(db, id).await.map_err(from_faq)?;
    entry_view(db, &e).await
}

pub async fn save(caller: &Caller, id: Option<i64>, version: i32, draft: FaqDraft) -> Result<FaqEntryView, ApiError> {
    let db = &caller.state.db;
    let (actor, ip) = by(caller);
    let saved = bot::faq::entries::save(db, By { actor: &actor, ip: ip.as_deref() }, id, version, draft)
        .await
        .map_err(from_faq)?;
    entry_view(db, &saved).await
}

/// The versions of entry `id`, newest first, each with the fields it changed.
pub async fn history(caller: &Caller, id: i64) -> Result<Vec<FaqVersionView>, ApiError> {
    let versions = bot::faq::entries::history(&caller.state.db, id).await?;
    if versions.is_empty() {
        bot::faq::entries::get(&caller.state.db, id).await.map_err(from_faq)?;
    }
    let mut out = Vec::with_capacity(versions.len());
    for (i, v) in versions.iter().enumerate() {
        let before = versions.get(i + 1).map(|b| &b.snapshot);
        let changed = match before {
            None => Vec::new(),
            Some(b) => changed_fields(b, &v.snapshot),
        };
        out.push(FaqVersionView {
            version: v.version,
            change: v.change,
            at: time(v.at),
            by: v.actor_name.clone(),
            draft: v.snapshot.draft(),
            state: v.snapshot.state,
            changed,
        });
    }
    Ok(out)
}

fn changed_fields(a: &bot::faq::Snapshot, b: &bot::faq::Snapshot) -> Vec<FaqField> {
    let mut out = Vec::new();
    if a.slug != b.slug {
        out.push(FaqField::Slug);
    }
    if a.question != b.question {
        out.push(FaqField::Question);
    }
    if a.variants != b.variants {
        out.push(FaqField::Variants);
    }
    if a.answer != b.answer || a.language != b.language {
        out.push(FaqField::Answer);
    }
    if a.answer_en != b.answer_en {
        out.push(FaqField::AnswerEn);
    }
    if a.category != b.category {
        out.push(FaqField::Category);
    }
    if a.buttons != b.buttons {
        out.push(FaqField::Buttons);
    }
    out
}

/// What the bot would do with `text` now — or, with `draft`, if entry `editing` (none: a new
/// one) had that unsaved content.
pub async fn try_it(
    caller: &Caller,
    text: String,
    editing: Option<i64>,
    draft: Option<FaqDraft>,
) -> Result<TryResult, ApiError> {
    let db = &caller.state.db;
    let engine = &caller.state.engine;
    let config = engine.config(db).await?;
    let view = engine.faq().settled(db).await?;
    let thresholds = config.thresholds;
    // With a draft, a view where the edited entry has the unsaved text (a matcher built for it).
    let (view, draft_id) = match draft {
        None => (view, None),
        Some(d) => {
            let (v, id) = bot::faq::live::with_draft(&view, editing, d.normalized());
            (std::sync::Arc::new(v), Some(id))
        }
    };
    let decision = match view.decide(&text, &thresholds) {
        Decision::Answer { id, .. } => TryDecision::Answer { id },
        Decision::Suggest(list) => TryDecision::Suggest { ids: list.iter().map(|s| s.id).collect() },
        Decision::Handoff { reason } => TryDecision::Handoff {
            reason: match reason {
                HandoffReason::NoMatch => HandoffWhy::NoMatch,
                HandoffReason::AskedForHuman => HandoffWhy::AskedForHuman,
                HandoffReason::Empty => HandoffWhy::Empty,
            },
        },
    };
    let top = view
        .rank(&text, TRY_TOP)
        .into_iter()
        .map(|s| TryCandidate {
            id: s.id,
            question: view.entries.get(&s.id).map(|e| e.question.clone()).unwrap_or_default(),
            score: s.score,
            words: view
                .matcher
                .explain(&text, s.id)
                .into_iter()
                .map(|w| MatchedWordView { word: w.word, how: match_how(w.how) })
                .collect(),
            draft: Some(s.id) == draft_id,
        })
        .collect();
    Ok(TryResult { decision, top, answer_at: thresholds.high, suggest_at: thresholds.low })
}

fn match_how(how: bot::matcher::MatchKind) -> MatchHow {
    match how {
        bot::matcher::MatchKind::Stem => MatchHow::Stem,
        bot::matcher::MatchKind::Typo { corrected, .. } => MatchHow::Typo { of: corrected },
        bot::matcher::MatchKind::Slang { expansion } => MatchHow::Slang { of: expansion },
        bot::matcher::MatchKind::NGrams => MatchHow::Partial,
    }
}

/// Checks (and with `apply`, imports) a CSV file.
pub async fn import(caller: &Caller, csv: String, replace: bool, apply: bool) -> Result<ImportOutcome, ApiError> {
    let db = &caller.state.db;
    let result = if apply {
        let (actor, ip) = by(caller);
        bot::faq::import::apply(db, By { actor: &actor, ip: ip.as_deref() }, csv.as_bytes(), replace).await
    } else {
        bot::faq::import::plan(db, csv.as_bytes(), replace).await
    };
    match result {
        Ok(plan) => Ok(ImportOutcome::Plan(plan)),
        Err(e) => refusal(e).map(ImportOutcome::Refused),
    }
}

/// An import's refusal for the screen (a database failure stays an error).
pub fn refusal(e: ImportError) -> Result<ImportRefusal, ApiError> {
    match e {
        ImportError::Csv(e) => Ok(ImportRefusal { line: e.line, id: None, problem: ImportProblem::Csv(e.kind.into()) }),
        ImportError::Invalid { line, id, errors } => Ok(ImportRefusal {
            line,
            id,
            problem: ImportProblem::Field(errors.into_iter().next().ok_or(ApiError::Internal)?),
        }),
        ImportError::Db(e) => Err(e.into()),
    }
}

/// The open unanswered questions with the entries suggested for them.
pub async fn unanswered(caller: &Caller) -> Result<Vec<UnansweredView>, ApiError> {
    let db = &caller.state.db;
    let view = caller.state.engine.faq().current(db).await?;
    let items = bot::faq::unanswered::open_items(db, 500).await?;
    Ok(items
        .into_iter()
        .map(|i| UnansweredView {
            id: i.item.id,
            question: i.item.question,
            language: i.item.language,
            hits: i.item.hits,
            customers: i.item.customers,
            reasons: i.reasons,
            suggested: i
                .suggested
                .iter()
                .filter_map(|id| view.entries.get(id))
                .filter(|e| e.state != FaqState::Archived)
                .map(|e| EntryRef { id: e.id, question: e.question.clone() })
                .collect(),
            reply: i.item.reply,
            first_at: time(i.item.first_at),
            last_at: time(i.item.last_at),
        })
        .collect())
}

fn entry_ref(view: &bot::faq::FaqView, id: i64) -> EntryRef {
    EntryRef { id, question: view.entries.get(&id).map(|e| e.question.clone()).unwrap_or_default() }
}

/// The draft's phrasings that belong to another entry (the editor flags them).
pub async fn check(caller: &Caller, id: Option<i64>, draft: FaqDraft) -> Result<Vec<SimilarPhrasing>, ApiError> {
    let db = &caller.state.db;
    let config = caller.state.engine.config(db).await?;
    let view = caller.state.engine.faq().settled(db).await?;
    Ok(bot::faq::check::similar(&view, id, &draft.normalized(), &config.thresholds)
        .into_iter()
        .map(|s| SimilarPhrasing {
            line: s.line,
            other: EntryRef { id: s.other_id, question: s.other_question },
            exact: s.exact,
            score: s.score,
        })
        .collect())
}

/// Conflicts between entries and unreachable entries of the live FAQ.
pub async fn health(caller: &Caller) -> Result<FaqHealthView, ApiError> {
    let db = &caller.state.db;
    let config = caller.state.engine.config(db).await?;
    let (view, health) = caller.state.engine.faq().health(db, config.thresholds).await?;
    Ok(FaqHealthView {
        entries: health.entries.len(),
        conflicts: health
            .conflicts
            .iter()
            .map(|c| HealthConflict {
                entry: entry_ref(&view, c.id),
                phrasing: c.phrasing.clone(),
                score: c.score,
                winner: entry_ref(&view, c.winner),
                winner_score: c.winner_score,
            })
            .collect(),
        unreachable: health
            .unreachable
            .iter()
            .map(|u| HealthUnreachable { entry: entry_ref(&view, u.id), phrasing: u.phrasing.clone(), score: u.score })
            .collect(),
    })
}
