//! Canned responses: texts operators insert into replies by their "/shortcut". Admins manage
//! them; every change and its audit row commit together, and a shortcut is unique (the database's
//! unique index decides a race between two saves).

use chrono::Utc;
use entity::canned_responses;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter, QueryOrder, Set, SqlErr,
};
use serde_json::json;
use types::{LogAction, TargetKind};

use crate::action_log::{self, Action, Actor};
use crate::unit::Unit;

/// A canned response's fields, already checked (the web admin's rules).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CannedInput {
    pub title: String,
    pub shortcut: String,
    pub text: String,
}

#[derive(Debug, thiserror::Error)]
pub enum CannedError {
    #[error("not found")]
    NotFound,
    #[error("the shortcut is taken")]
    ShortcutTaken,
    #[error(transparent)]
    Db(#[from] DbErr),
}

/// All of them, by shortcut.
pub async fn list(db: &DatabaseConnection) -> Result<Vec<canned_responses::Model>, DbErr> {
    canned_responses::Entity::find().order_by_asc(canned_responses::Column::Shortcut).all(db).await
}

/// Creates one (`id` none) or changes one.
pub async fn save(
    db: &DatabaseConnection,
    actor: &Actor,
    ip: Option<&str>,
    id: Option<i64>,
    input: CannedInput,
) -> Result<canned_responses::Model, CannedError> {
    let unit = Unit::begin(db).await?;
    let txn = unit.txn();
    let taken = canned_responses::Entity::find()
        .filter(canned_responses::Column::Shortcut.eq(input.shortcut.clone()))
        .one(txn)
        .await?
        .is_some_and(|c| Some(c.id) != id);
    if taken {
        return Err(CannedError::ShortcutTaken);
    }
    let now = Utc::now();
    let written = match id {
        Some(id) => {
            let existing = canned_responses::Entity::find_by_id(id).one(txn).await?.ok_or(CannedError::NotFound)?;
            let mut am: canned_responses::ActiveModel = existing.into();
            am.title = Set(input.title);
            am.shortcut = Set(input.shortcut);
            am.text = Set(input.text);
            am.updated_at = Set(now);
            am.update(txn).await
        }
        None => {
            canned_responses::ActiveModel {
                title: Set(input.title),
                shortcut: Set(input.shortcut),
                text: Set(input.text),
                created_at: Set(now),
                updated_at: Set(now),
                ..Default::default()
            }
            .insert(txn)
            .await
        }
    };
    let saved = match written {
        Ok(saved) => saved,
        // Another save took the shortcut between the check and the write.
        Err(e) if matches!(e.sql_err(), Some(SqlErr::UniqueConstraintViolation(_))) => {
            return Err(CannedError::ShortcutTaken);
        }
        Err(e) => return Err(e.into()),
    };
    let action = if id.is_some() { LogAction::CannedUpdate } else { LogAction::CannedCreate };
    unit.writes().action(action_log::row(
        Action::new(actor, action)
            .target(TargetKind::CannedResponse, saved.id)
            .details(json!({ "shortcut": saved.shortcut }))
            .ip(ip),
    ));
    unit.commit().await?;
    Ok(saved)
}

pub async fn delete(db: &DatabaseConnection, actor: &Actor, ip: Option<&str>, id: i64) -> Result<(), CannedError> {
    let unit = Unit::begin(db).await?;
    let deleted = canned_responses::Entity::delete_by_id(id).exec(unit.txn()).await?;
    if deleted.rows_affected == 0 {
        return Err(CannedError::NotFound);
    }
    unit.writes().action(action_log::row(
        Action::new(actor, LogAction::CannedDelete).target(TargetKind::CannedResponse, id).ip(ip),
    ));
    unit.commit().await?;
    Ok(())
}
