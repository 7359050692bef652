//! Key/value settings in the database, shared by every server process, and the bot's typed
//! settings on top of them (`types::settings`: the registry of keys, types, defaults and rules).
//!
//! Guarantees:
//! - [`load`] reads every registered setting in one query; a stored value that breaks its rule is
//!   replaced by its default *and logged* (once per distinct problem, not once per update);
//! - [`save`] refuses settings that break a rule (each problem names its setting), writes them all
//!   in one transaction with one audit row listing what changed (before → after), and wakes this
//!   process's outbox so a new rate applies at once (other processes read it within seconds);
//! - the engine reads the settings for every round of updates, so a change applies to the next
//!   message in every process.

use std::collections::HashMap;
use std::sync::Mutex;

use chrono::Utc;
use entity::settings;
use sea_orm::sea_query::OnConflict;
use sea_orm::{ColumnTrait, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter, Set};
use serde_json::{Value, json};
use types::LogAction;
pub use types::settings::{BotSettings, Schedule, SettingError, SettingKey};

use crate::action_log::{self, Action};
use crate::faq::By;
use crate::unit::Unit;

pub const WEBHOOK_SECRET: &str = "telegram.webhook_secret";

pub async fn get<C: ConnectionTrait>(db: &C, key: &str) -> Result<Option<String>, DbErr> {
    Ok(settings::Entity::find_by_id(key.to_string()).one(db).await?.map(|s| s.value))
}

pub async fn set<C: ConnectionTrait>(db: &C, key: &str, value: &str) -> Result<(), DbErr> {
    let row = settings::ActiveModel { key: Set(key.into()), value: Set(value.into()), updated_at: Set(Utc::now()) };
    settings::Entity::insert(row)
        .on_conflict(
            OnConflict::column(settings::Column::Key)
                .update_columns([settings::Column::Value, settings::Column::UpdatedAt])
                .to_owned(),
        )
        .exec_without_returning(db)
        .await?;
    Ok(())
}

/// Stores `value` only if the key has none yet, and returns whatever is stored afterwards: when
/// several processes race to create a value, all of them end up using the same one.
pub async fn get_or_init<C: ConnectionTrait>(db: &C, key: &str, value: &str) -> Result<String, DbErr> {
    let row = settings::ActiveModel { key: Set(key.into()), value: Set(value.into()), updated_at: Set(Utc::now()) };
    settings::Entity::insert(row)
        .on_conflict(OnConflict::column(settings::Column::Key).do_nothing().to_owned())
        .exec_without_returning(db)
        .await?;
    get(db, key).await?.ok_or_else(|| DbErr::RecordNotFound(key.to_string()))
}

async fn stored<C: ConnectionTrait>(db: &C) -> Result<HashMap<String, String>, DbErr> {
    let keys: Vec<&str> = SettingKey::ALL.iter().map(|k| k.db_key()).collect();
    Ok(settings::Entity::find()
        .filter(settings::Column::Key.is_in(keys))
        .all(db)
        .await?
        .into_iter()
        .map(|r| (r.key, r.value))
        .collect())
}

/// The settings in force, and the stored values that broke a rule (their defaults are used).
pub async fn load<C: ConnectionTrait>(db: &C) -> Result<(BotSettings, Vec<SettingError>), DbErr> {
    let (settings, errors) = BotSettings::from_stored(&stored(db).await?);
    report(&errors);
    Ok((settings, errors))
}

/// Logs invalid stored settings when the set of problems changes (the engine loads settings for
/// every round of updates; a broken value is said once, not thousands of times).
fn report(errors: &[SettingError]) {
    static LAST: Mutex<Vec<SettingError>> = Mutex::new(Vec::new());
    let mut last = LAST.lock().unwrap_or_else(|e| e.into_inner());
    if last.as_slice() == errors {
        return;
    }
    for e in errors {
        tracing::error!(
            key = e.key.db_key(),
            stored = e.stored.as_deref().unwrap_or(""),
            problem = ?e.problem,
            "a stored setting breaks its rule: its default is used until it is saved again"
        );
    }
    *last = errors.to_vec();
}

#[derive(Debug, thiserror::Error)]
pub enum SettingsError {
    #[error("invalid settings")]
    Invalid(Vec<SettingError>),
    #[error(transparent)]
    Db(#[from] DbErr),
}

/// Stores `new` (every setting) and records what changed. Returns the settings as stored.
pub async fn save(db: &DatabaseConnection, by: By<'_>, new: BotSettings) -> Result<BotSettings, SettingsError> {
    let problems = new.problems();
    if !problems.is_empty() {
        return Err(SettingsError::Invalid(problems));
    }
    let unit = Unit::begin(db).await?;
    let before = stored(unit.txn()).await?;
    let (old, _) = BotSettings::from_stored(&before);
    let mut changes = serde_json::Map::new();
    let old_pairs: HashMap<&str, String> = old.to_stored().into_iter().collect();
    for (key, value) in new.to_stored() {
        if before.get(key) != Some(&value) {
            set(unit.txn(), key, &value).await?;
        }
        let was = old_pairs.get(key).cloned().unwrap_or_default();
        if was != value {
            changes.insert(key.to_string(), json!({ "before": was, "after": value }));
        }
    }
    if !changes.is_empty() {
        unit.writes().action(action_log::row(
            Action::new(by.actor, LogAction::SettingsUpdate)
                .details(json!({ "changes": Value::Object(changes) }))
                .ip(by.ip),
        ));
    }
    unit.commit().await?;
    changed().notify_waiters();
    let (saved, _) = BotSettings::from_stored(&stored(db).await?);
    Ok(saved)
}

/// Woken in this process when settings are saved (the outbox re-reads its rate at once).
pub fn changed() -> &'static tokio::sync::Notify {
    static CHANGED: std::sync::OnceLock<tokio::sync::Notify> = std::sync::OnceLock::new();
    CHANGED.get_or_init(tokio::sync::Notify::new)
}
