use sea_orm::entity::prelude::*;

/// A staff member's linked Telegram account (one each; a Telegram account links one staff
/// member) and their notification choices.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "staff_telegram")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub staff_id: i64,
    #[sea_orm(unique)]
    pub telegram_user_id: i64,
    pub chat_id: i64,
    pub username: Option<String>,
    pub name: String,
    pub language_code: Option<String>,
    /// Tell them when a conversation waits longer than `wait_minutes`.
    pub notify_waiting: bool,
    pub wait_minutes: i32,
    /// Tell them when someone else assigns a conversation to them.
    pub notify_assigned: bool,
    pub linked_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
