use sea_orm::entity::prelude::*;
pub use types::UnansweredReason;

/// One occurrence of an unanswered question: which customer, where, and why it counts.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "unanswered_hits")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub item_id: i64,
    pub reason: UnansweredReason,
    pub customer_id: i64,
    pub conversation_id: Option<i64>,
    /// The customer's message.
    pub message_id: Option<i64>,
    pub text: String,
    pub at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
