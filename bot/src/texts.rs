//! The texts the bot sends, as Bot → Texts & settings edits them: every key of the registry
//! (`engine::texts::Key`) in both languages with its default, the admin's text when there is one,
//! the placeholders it allows and its limit.
//!
//! Guarantees:
//! - [`save`] checks the text with `types::texts::problems` (unknown placeholders named, length)
//!   before writing; an empty text, or one equal to the default, removes the admin's row (the
//!   default applies, and later improvements of the default reach the bot);
//! - each change writes one audit row with the text before and after;
//! - the engine reads the texts for every round of updates: a saved text is what the next customer
//!   gets, in every process.

use chrono::{DateTime, Utc};
use entity::texts;
use sea_orm::{ActiveModelTrait, ColumnTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter, Set};
use serde_json::json;
use types::LogAction;
use types::texts::TextProblem;

use crate::action_log::{self, Action};
use crate::engine::lang::Lang;
use crate::engine::texts::Key;
use crate::faq::By;
use crate::unit::Unit;

/// One text in one language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextRow {
    pub key: Key,
    pub lang: Lang,
    pub default: &'static str,
    /// The admin's text, if it differs from the default (else the default is in force).
    pub custom: Option<String>,
    pub updated_at: Option<DateTime<Utc>>,
}

#[derive(Debug, thiserror::Error)]
pub enum TextError {
    #[error("unknown text")]
    NotFound,
    #[error("invalid text")]
    Invalid(Vec<TextProblem>),
    #[error(transparent)]
    Db(#[from] DbErr),
}

pub const LANGS: [Lang; 2] = [Lang::Ru, Lang::En];

/// Every text of the registry in both languages, in the registry's order.
pub async fn list(db: &DatabaseConnection) -> Result<Vec<TextRow>, DbErr> {
    let rows = texts::Entity::find().all(db).await?;
    let mut out = Vec::new();
    for key in Key::ALL {
        for lang in LANGS {
            let row = rows.iter().find(|r| r.key == key.name() && r.language == lang.code());
            out.push(TextRow {
                key,
                lang,
                default: key.default_text(lang),
                // The demo seed stores the defaults: a row equal to its default is no change.
                custom: row
                    .map(|r| r.value.trim().to_string())
                    .filter(|v| !v.is_empty() && v != key.default_text(lang)),
                updated_at: row.map(|r| r.updated_at),
            });
        }
    }
    Ok(out)
}

/// The problems of `value` as text `key`.
pub fn problems(key: Key, value: &str) -> Vec<TextProblem> {
    types::texts::problems(value, key.placeholders(), key.max_len())
}

/// Sets text `key` in `lang` (empty or the default: back to the default).
pub async fn save(db: &DatabaseConnection, by: By<'_>, key: Key, lang: Lang, value: &str) -> Result<(), TextError> {
    let value = value.trim();
    let problems = problems(key, value);
    if !problems.is_empty() {
        return Err(TextError::Invalid(problems));
    }
    let unit = Unit::begin(db).await?;
    let txn = unit.txn();
    let old = texts::Entity::find_by_id((key.name().to_string(), lang.code().to_string())).one(txn).await?;
    let before = old.as_ref().map(|r| r.value.clone()).unwrap_or_else(|| key.default_text(lang).to_string());
    let to_default = value.is_empty() || value == key.default_text(lang);
    match (old, to_default) {
        (Some(_), true) => {
            texts::Entity::delete_many()
                .filter(texts::Column::Key.eq(key.name()))
                .filter(texts::Column::Language.eq(lang.code()))
                .exec(txn)
                .await?;
        }
        (None, true) => {}
        (Some(row), false) => {
            let mut am: texts::ActiveModel = row.into();
            am.value = Set(value.to_string());
            am.updated_at = Set(Utc::now());
            am.update(txn).await?;
        }
        (None, false) => {
            texts::ActiveModel {
                key: Set(key.name().to_string()),
                language: Set(lang.code().to_string()),
                value: Set(value.to_string()),
                updated_at: Set(Utc::now()),
            }
            .insert(txn)
            .await?;
        }
    }
    let after = if to_default { key.default_text(lang).to_string() } else { value.to_string() };
    if after != before {
        unit.writes().action(action_log::row(
            Action::new(by.actor, LogAction::TextUpdate)
                .details(json!({
                    "key": key.name(),
                    "language": lang.code(),
                    "before": before,
                    "after": after,
                    "default": to_default,
                }))
                .ip(by.ip),
        ));
    }
    unit.commit().await?;
    Ok(())
}
