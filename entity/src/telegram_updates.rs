use sea_orm::entity::prelude::*;
pub use types::UpdateStatus;

/// A raw Telegram update, stored before the webhook answers 200 (unique per `update_id`).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "telegram_updates")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    #[sea_orm(unique)]
    pub update_id: i64,
    pub chat_id: Option<i64>,
    /// Telegram's name of the update's field (message, callback_query, …). Kept as received, an
    /// open set: Telegram adds kinds, and unknown ones are stored (as skipped) too.
    pub kind: String,
    /// The update's JSON exactly as received.
    pub payload: String,
    pub status: UpdateStatus,
    pub attempts: i32,
    pub error: Option<String>,
    pub received_at: DateTimeUtc,
    pub processed_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
