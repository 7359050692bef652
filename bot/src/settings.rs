//! Key/value settings in the database, shared by every server process.

use chrono::Utc;
use entity::settings;
use sea_orm::sea_query::OnConflict;
use sea_orm::{ConnectionTrait, DbErr, EntityTrait, Set};

pub const WEBHOOK_SECRET: &str = "telegram.webhook_secret";
/// Messages per second the outbox sends overall (Telegram allows about 30).
pub const OUTBOX_RATE: &str = "outbox.messages_per_second";
pub const OUTBOX_RATE_DEFAULT: u32 = 30;

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
