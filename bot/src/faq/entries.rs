//! FAQ entries as admins change them.
//!
//! Guarantees:
//! - every change (create, edit, archive, unarchive, revert, permanent delete, a variant added
//!   from the unanswered queue, an import) commits together with its version row in
//!   `faq_versions` (the entry's whole content after the change), its audit row (with the
//!   before/after difference of the fields that changed) and an `faq` event, or not at all;
//! - the answers are Telegram HTML that Telegram accepts and that fits one message: what is
//!   stored can always be sent;
//! - a save names the version it was based on; if someone saved meanwhile, it is refused with
//!   [`FaqError::Conflict`] instead of silently overwriting their change;
//! - the CSV id (`slug`) is unique: the database's unique index decides a race.

use chrono::{DateTime, Utc};
use entity::{faq_entries, faq_versions, menus};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, Set, SqlErr,
};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use types::faq::{ButtonTarget, FaqButton, FaqDraft, FaqField, FaqFieldError, FaqProblem};
use types::{FaqChange, FaqLanguage, FaqState, LogAction, TargetKind};

use crate::action_log::{self, Action, Actor};
use crate::events::NewEvent;
use crate::unit::Unit;

pub type Entry = faq_entries::Model;

#[derive(Debug, thiserror::Error)]
pub enum FaqError {
    #[error("not found")]
    NotFound,
    #[error("invalid: {0:?}")]
    Invalid(Vec<FaqFieldError>),
    /// Someone saved the entry after the version this change was based on.
    #[error("changed meanwhile (now version {current})")]
    Conflict { current: i32 },
    /// Menu buttons open this entry (their menus' names); a permanent delete would break them.
    #[error("used by menus {0:?}")]
    InUse(Vec<String>),
    /// Only an archived entry can be deleted for good.
    #[error("not archived")]
    NotArchived,
    #[error(transparent)]
    Db(#[from] DbErr),
}

/// An entry's content at one version, as stored in `faq_versions.snapshot` (the migration that
/// created the table writes the same shape for the entries that existed before).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Snapshot {
    #[serde(default)]
    pub slug: Option<String>,
    pub question: String,
    pub variants: Vec<String>,
    pub answer: String,
    pub answer_en: Option<String>,
    pub language: FaqLanguage,
    pub category: String,
    pub buttons: Vec<FaqButton>,
    pub state: FaqState,
}

impl Snapshot {
    pub fn of(e: &Entry) -> Snapshot {
        Snapshot {
            slug: e.slug.clone(),
            question: e.question.clone(),
            variants: variants_of(e),
            answer: e.answer.clone(),
            answer_en: e.answer_en.clone(),
            language: e.language,
            category: e.category.clone(),
            buttons: buttons_of(e),
            state: e.state,
        }
    }

    /// The content for the editor (an archived version comes back disabled).
    pub fn draft(&self) -> FaqDraft {
        FaqDraft {
            slug: self.slug.clone().unwrap_or_default(),
            question: self.question.clone(),
            variants: self.variants.clone(),
            answer: self.answer.clone(),
            answer_en: self.answer_en.clone().unwrap_or_default(),
            language: self.language,
            category: self.category.clone(),
            buttons: self.buttons.clone(),
            enabled: self.state == FaqState::Enabled,
        }
    }

    /// The fields that differ from `before`, as `{field: [before, after]}`.
    pub fn diff(&self, before: &Snapshot) -> Value {
        let (a, b) = (serde_json::to_value(before).unwrap_or_default(), serde_json::to_value(self).unwrap_or_default());
        let mut out = serde_json::Map::new();
        if let (Value::Object(a), Value::Object(b)) = (a, b) {
            for (k, after) in b {
                let before = a.get(&k).cloned().unwrap_or(Value::Null);
                if before != after {
                    out.insert(k, json!([before, after]));
                }
            }
        }
        Value::Object(out)
    }
}

/// The stored variants (one per line).
pub fn variants_of(e: &Entry) -> Vec<String> {
    e.variants.lines().map(str::trim).filter(|l| !l.is_empty()).map(str::to_string).collect()
}

/// The stored buttons (JSON; a row that can't be read has none).
pub fn buttons_of(e: &Entry) -> Vec<FaqButton> {
    serde_json::from_str(&e.buttons).unwrap_or_default()
}

/// The answer for a customer: the English one when the entry has both and the customer reads
/// English.
pub fn answer_for(e: &Entry, english: bool) -> &str {
    match (&e.answer_en, e.language, english) {
        (Some(en), FaqLanguage::Both, true) if !en.is_empty() => en,
        _ => &e.answer,
    }
}

/// Checks Telegram HTML: the problem, if Telegram would refuse it or it doesn't fit a message.
pub fn html_problem(html: &str) -> Option<FaqProblem> {
    match tgtext::parse(html) {
        Err(e) => Some(FaqProblem::Format { line: e.line, column: e.column, message: e.kind.to_string() }),
        Ok(f) if f.len() > tgtext::MAX_MESSAGE_LEN => {
            Some(FaqProblem::TooLongFormatted { length: f.len(), max: tgtext::MAX_MESSAGE_LEN })
        }
        Ok(_) => None,
    }
}

/// Every problem of `draft` (normalised) as entry `id` (none: a new one): the pure checks, the
/// answers' formatting, the CSV id's uniqueness and the menus its buttons open.
pub async fn problems<C: ConnectionTrait>(
    db: &C,
    id: Option<i64>,
    draft: &FaqDraft,
) -> Result<Vec<FaqFieldError>, DbErr> {
    let mut out = draft.problems();
    let mut push = |field, problem| out.push(FaqFieldError { field, problem });
    if !draft.answer.is_empty()
        && let Some(p) = html_problem(&draft.answer)
    {
        push(FaqField::Answer, p);
    }
    if draft.language == FaqLanguage::Both
        && !draft.answer_en.is_empty()
        && let Some(p) = html_problem(&draft.answer_en)
    {
        push(FaqField::AnswerEn, p);
    }
    if !draft.slug.is_empty() {
        let taken = faq_entries::Entity::find()
            .filter(faq_entries::Column::Slug.eq(draft.slug.clone()))
            .one(db)
            .await?
            .is_some_and(|e| Some(e.id) != id);
        if taken {
            push(FaqField::Slug, FaqProblem::SlugTaken);
        }
    }
    for (i, b) in draft.buttons.iter().enumerate() {
        if let ButtonTarget::Menu { menu_id } = b.target
            && menus::Entity::find_by_id(menu_id).one(db).await?.is_none()
        {
            push(FaqField::Buttons, FaqProblem::ButtonMenuMissing { index: i + 1 });
        }
    }
    // Field order, so the first error shown is the first field's.
    out.sort_by_key(|e| e.field as u8);
    Ok(out)
}

pub async fn get<C: ConnectionTrait>(db: &C, id: i64) -> Result<Entry, FaqError> {
    faq_entries::Entity::find_by_id(id).one(db).await?.ok_or(FaqError::NotFound)
}

/// Who made a change and from where.
#[derive(Debug, Clone, Copy)]
pub struct By<'a> {
    pub actor: &'a Actor,
    pub ip: Option<&'a str>,
}

impl By<'_> {
    pub(crate) fn staff_id(&self) -> Option<i64> {
        match self.actor {
            Actor::Staff { id, .. } => Some(*id),
            _ => None,
        }
    }

    pub(crate) fn name(&self) -> String {
        match self.actor {
            Actor::Staff { name, .. } | Actor::Customer { name, .. } => name.clone(),
            Actor::Bot => "bot".into(),
            Actor::System => "system".into(),
        }
    }
}

/// Creates an entry (`id` none) or saves a new version of one. `base_version` is the version the
/// editor loaded (ignored for a new entry).
pub async fn save(
    db: &DatabaseConnection,
    by: By<'_>,
    id: Option<i64>,
    base_version: i32,
    draft: FaqDraft,
) -> Result<Entry, FaqError> {
    let unit = Unit::begin(db).await?;
    let saved = save_in(&unit, by, id, Some(base_version), draft, None).await?;
    unit.commit().await?;
    Ok(saved)
}

/// [`save`] inside a unit of work (an import saves many in one). `base_version` none: whatever
/// the entry's version is. `change` overrides what the version row says (`created`/`updated`).
pub async fn save_in(
    unit: &Unit,
    by: By<'_>,
    id: Option<i64>,
    base_version: Option<i32>,
    draft: FaqDraft,
    change: Option<FaqChange>,
) -> Result<Entry, FaqError> {
    let txn = unit.txn();
    let draft = draft.normalized();
    let problems = problems(txn, id, &draft).await?;
    if !problems.is_empty() {
        return Err(FaqError::Invalid(problems));
    }
    let now = Utc::now();
    let before = match id {
        Some(id) => Some(get(txn, id).await?),
        None => None,
    };
    if let (Some(b), Some(base)) = (&before, base_version)
        && b.version != base
    {
        return Err(FaqError::Conflict { current: b.version });
    }
    let state = match (&before, draft.enabled) {
        (_, true) => FaqState::Enabled,
        // Saving an archived entry keeps it archived.
        (Some(b), false) if b.state == FaqState::Archived => FaqState::Archived,
        (_, false) => FaqState::Disabled,
    };
    let mut am = match &before {
        Some(b) => {
            let mut am: faq_entries::ActiveModel = b.clone().into();
            am.version = Set(b.version + 1);
            am
        }
        None => {
            faq_entries::ActiveModel { version: Set(1), position: Set(0), created_at: Set(now), ..Default::default() }
        }
    };
    am.slug = Set(if draft.slug.is_empty() {
        before.as_ref().and_then(|b| b.slug.clone())
    } else {
        Some(draft.slug.clone())
    });
    am.question = Set(draft.question.clone());
    am.variants = Set(draft.variants.join("\n"));
    am.answer = Set(draft.answer.clone());
    am.answer_en = Set(Some(draft.answer_en.clone()).filter(|a| !a.is_empty() && draft.language == FaqLanguage::Both));
    am.language = Set(draft.language);
    am.category = Set(draft.category.clone());
    am.buttons = Set(serde_json::to_string(&draft.buttons).unwrap_or_else(|_| "[]".into()));
    am.state = Set(state);
    am.updated_by = Set(by.staff_id());
    am.updated_at = Set(now);
    let written = if before.is_some() { am.update(txn).await } else { am.insert(txn).await };
    let mut saved = match written {
        Ok(s) => s,
        Err(e) if matches!(e.sql_err(), Some(SqlErr::UniqueConstraintViolation(_))) => {
            return Err(FaqError::Invalid(vec![FaqFieldError {
                field: FaqField::Slug,
                problem: FaqProblem::SlugTaken,
            }]));
        }
        Err(e) => return Err(e.into()),
    };
    if saved.slug.is_none() {
        // A new entry without a CSV id gets its number (what an export writes for it).
        let mut am: faq_entries::ActiveModel = saved.clone().into();
        am.slug = Set(Some(saved.id.to_string()));
        saved = match am.update(txn).await {
            Ok(s) => s,
            Err(e) if matches!(e.sql_err(), Some(SqlErr::UniqueConstraintViolation(_))) => {
                return Err(FaqError::Invalid(vec![FaqFieldError {
                    field: FaqField::Slug,
                    problem: FaqProblem::SlugTaken,
                }]));
            }
            Err(e) => return Err(e.into()),
        };
    }
    let change = change.unwrap_or(if before.is_some() { FaqChange::Updated } else { FaqChange::Created });
    let action = if before.is_some() { LogAction::FaqUpdate } else { LogAction::FaqCreate };
    let action = match change {
        FaqChange::Reverted => LogAction::FaqRevert,
        FaqChange::VariantAdded => LogAction::FaqAddVariant,
        FaqChange::Imported => LogAction::FaqImport,
        _ => action,
    };
    record(unit, by, &saved, before.as_ref(), change, action, now).await?;
    Ok(saved)
}

/// The version row, the audit row (with the difference) and the event of a change.
async fn record(
    unit: &Unit,
    by: By<'_>,
    after: &Entry,
    before: Option<&Entry>,
    change: FaqChange,
    action: LogAction,
    at: DateTime<Utc>,
) -> Result<(), DbErr> {
    let snapshot = Snapshot::of(after);
    faq_versions::ActiveModel {
        faq_id: Set(after.id),
        version: Set(after.version),
        change: Set(change),
        snapshot: Set(serde_json::to_string(&snapshot).unwrap_or_default()),
        staff_user_id: Set(by.staff_id()),
        actor_name: Set(by.name()),
        at: Set(at),
        ..Default::default()
    }
    .insert(unit.txn())
    .await?;
    let details = match before {
        Some(b) => {
            json!({ "question": after.question, "version": after.version, "changes": snapshot.diff(&Snapshot::of(b)) })
        }
        None => json!({ "question": after.question, "version": after.version }),
    };
    unit.writes().action(action_log::row(
        Action::new(by.actor, action).target(TargetKind::FaqEntry, after.id).details(details).ip(by.ip),
    ));
    unit.writes().event(NewEvent::faq());
    Ok(())
}

/// The first version of an entry written without [`save`] (the demo seed): version 1, by the
/// system, so its history starts where it did.
pub async fn record_created<C: ConnectionTrait>(db: &C, e: &Entry) -> Result<(), DbErr> {
    faq_versions::ActiveModel {
        faq_id: Set(e.id),
        version: Set(e.version),
        change: Set(FaqChange::Created),
        snapshot: Set(serde_json::to_string(&Snapshot::of(e)).unwrap_or_default()),
        staff_user_id: Set(None),
        actor_name: Set("system".into()),
        at: Set(e.updated_at),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(())
}

/// Archives an entry (the bot stops using it; restorable) or brings it back as it was before.
pub async fn set_archived(db: &DatabaseConnection, by: By<'_>, id: i64, archived: bool) -> Result<Entry, FaqError> {
    let unit = Unit::begin(db).await?;
    let after = set_archived_in(&unit, by, id, archived).await?;
    unit.commit().await?;
    Ok(after)
}

/// Archives entry `id` in `unit` (an import with `replace`).
pub async fn archive_in(unit: &Unit, by: By<'_>, id: i64) -> Result<Entry, FaqError> {
    set_archived_in(unit, by, id, true).await
}

async fn set_archived_in(unit: &Unit, by: By<'_>, id: i64, archived: bool) -> Result<Entry, FaqError> {
    let txn = unit.txn();
    let before = get(txn, id).await?;
    let state = if archived {
        FaqState::Archived
    } else if before.state != FaqState::Archived {
        return Ok(before);
    } else {
        // The state it had before it was archived.
        let earlier = faq_versions::Entity::find()
            .filter(faq_versions::Column::FaqId.eq(id))
            .order_by_desc(faq_versions::Column::Version)
            .limit(50)
            .all(txn)
            .await?;
        earlier
            .iter()
            .filter_map(|v| serde_json::from_str::<Snapshot>(&v.snapshot).ok())
            .map(|s| s.state)
            .find(|s| *s != FaqState::Archived)
            .unwrap_or(FaqState::Disabled)
    };
    if before.state == state {
        return Ok(before);
    }
    let now = Utc::now();
    let mut am: faq_entries::ActiveModel = before.clone().into();
    am.state = Set(state);
    am.version = Set(before.version + 1);
    am.updated_by = Set(by.staff_id());
    am.updated_at = Set(now);
    let after = am.update(txn).await?;
    let (change, action) = if archived {
        (FaqChange::Archived, LogAction::FaqArchive)
    } else {
        (FaqChange::Unarchived, LogAction::FaqUnarchive)
    };
    record(unit, by, &after, Some(&before), change, action, now).await?;
    Ok(after)
}

/// Turns the bot's use of an entry on or off (an archived entry stays archived).
pub async fn set_enabled(db: &DatabaseConnection, by: By<'_>, id: i64, enabled: bool) -> Result<Entry, FaqError> {
    let unit = Unit::begin(db).await?;
    let before = get(unit.txn(), id).await?;
    let mut draft = Snapshot::of(&before).draft();
    if before.state == FaqState::Archived || draft.enabled == enabled {
        return Ok(before);
    }
    draft.enabled = enabled;
    let saved = save_in(&unit, by, Some(id), None, draft, None).await?;
    unit.commit().await?;
    Ok(saved)
}

/// Deletes an archived entry for good; its versions stay (the audit trail) with a last one that
/// says so.
pub async fn delete(db: &DatabaseConnection, by: By<'_>, id: i64) -> Result<(), FaqError> {
    let unit = Unit::begin(db).await?;
    let txn = unit.txn();
    let before = get(txn, id).await?;
    if before.state != FaqState::Archived {
        return Err(FaqError::NotArchived);
    }
    let users = menus_using(txn, id).await?;
    if !users.is_empty() {
        return Err(FaqError::InUse(users));
    }
    faq_entries::Entity::delete_by_id(id).exec(txn).await?;
    let gone = Entry { version: before.version + 1, ..before.clone() };
    record(&unit, by, &gone, None, FaqChange::Deleted, LogAction::FaqDelete, Utc::now()).await?;
    unit.commit().await?;
    Ok(())
}

/// The names of the menus with a button that opens entry `id`.
pub async fn menus_using<C: ConnectionTrait>(db: &C, id: i64) -> Result<Vec<String>, DbErr> {
    let buttons =
        entity::menu_buttons::Entity::find().filter(entity::menu_buttons::Column::TargetFaqId.eq(id)).all(db).await?;
    let ids: Vec<i64> = buttons.iter().map(|b| b.menu_id).collect();
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let mut names: Vec<String> = menus::Entity::find()
        .filter(menus::Column::Id.is_in(ids))
        .all(db)
        .await?
        .into_iter()
        .map(|m| m.title_ru)
        .collect();
    names.sort();
    names.dedup();
    Ok(names)
}

/// One version in an entry's history.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Version {
    pub version: i32,
    pub change: FaqChange,
    pub snapshot: Snapshot,
    pub actor_name: String,
    pub staff_user_id: Option<i64>,
    pub at: DateTime<Utc>,
}

/// An entry's versions, newest first.
pub async fn history<C: ConnectionTrait>(db: &C, id: i64) -> Result<Vec<Version>, DbErr> {
    let rows = faq_versions::Entity::find()
        .filter(faq_versions::Column::FaqId.eq(id))
        .order_by_desc(faq_versions::Column::Version)
        .all(db)
        .await?;
    Ok(rows
        .into_iter()
        .filter_map(|r| {
            let snapshot = serde_json::from_str(&r.snapshot).ok()?;
            Some(Version {
                version: r.version,
                change: r.change,
                snapshot,
                actor_name: r.actor_name,
                staff_user_id: r.staff_user_id,
                at: r.at,
            })
        })
        .collect())
}

/// Makes an earlier version current again (as a new version; the state stays as it is now).
pub async fn revert(db: &DatabaseConnection, by: By<'_>, id: i64, version: i32) -> Result<Entry, FaqError> {
    let unit = Unit::begin(db).await?;
    let txn = unit.txn();
    let current = get(txn, id).await?;
    let row = faq_versions::Entity::find()
        .filter(faq_versions::Column::FaqId.eq(id))
        .filter(faq_versions::Column::Version.eq(version))
        .one(txn)
        .await?
        .ok_or(FaqError::NotFound)?;
    let snapshot: Snapshot = serde_json::from_str(&row.snapshot).map_err(|e| DbErr::Custom(e.to_string()))?;
    let mut draft = snapshot.draft();
    draft.enabled = current.state == FaqState::Enabled;
    let saved = save_in(&unit, by, Some(id), None, draft, Some(FaqChange::Reverted)).await?;
    unit.commit().await?;
    Ok(saved)
}

/// Adds `text` as a variant of entry `id` (from the unanswered queue). Already there: nothing
/// changes.
pub async fn add_variant_in(unit: &Unit, by: By<'_>, id: i64, text: &str) -> Result<Entry, FaqError> {
    let current = get(unit.txn(), id).await?;
    let mut draft = Snapshot::of(&current).draft();
    let text = text.trim();
    let fold = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase();
    if fold(&draft.question) == fold(text) || draft.variants.iter().any(|v| fold(v) == fold(text)) {
        return Ok(current);
    }
    draft.variants.push(text.replace('|', "/"));
    if current.state == FaqState::Archived {
        draft.enabled = false;
    }
    save_in(unit, by, Some(id), None, draft, Some(FaqChange::VariantAdded)).await
}

/// The FAQ's revision: the newest version row's id (0 with none). Every change writes a version
/// row, so this moves exactly when the FAQ changed.
pub async fn revision<C: ConnectionTrait>(db: &C) -> Result<i64, DbErr> {
    let id: Option<Option<i64>> = faq_versions::Entity::find()
        .select_only()
        .column_as(faq_versions::Column::Id.max(), "m")
        .into_tuple()
        .one(db)
        .await?;
    Ok(id.flatten().unwrap_or(0))
}

/// The ids of the entries changed after revision `after` (created, edited, deleted…).
pub async fn changed_since<C: ConnectionTrait>(db: &C, after: i64) -> Result<Vec<i64>, DbErr> {
    let mut ids: Vec<i64> = faq_versions::Entity::find()
        .select_only()
        .column(faq_versions::Column::FaqId)
        .filter(faq_versions::Column::Id.gt(after))
        .into_tuple()
        .all(db)
        .await?;
    ids.sort_unstable();
    ids.dedup();
    Ok(ids)
}
