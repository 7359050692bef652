use sea_orm::entity::prelude::*;
pub use types::EventKind;

/// A change the inbox screens show (a conversation moved, a message arrived, a delivery changed).
/// Browsers follow these by id and catch up on the ids they missed.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "events")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub at: DateTimeUtc,
    pub kind: EventKind,
    pub conversation_id: Option<i64>,
    pub message_id: Option<i64>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
