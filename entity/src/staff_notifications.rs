use sea_orm::entity::prelude::*;

pub use types::NotifyKind as Kind;

/// One notification of a staff member in Telegram, unique per (staff, conversation, kind,
/// episode): inserting it (waiting) or moving `sent_at` from NULL (a pending assignment) is the
/// claim that lets exactly one process enqueue the message.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "staff_notifications")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub staff_id: i64,
    pub conversation_id: i64,
    pub kind: Kind,
    /// Which waiting episode or assignment: the conversation's `waiting_since`, or the moment of
    /// the assignment (RFC 3339).
    pub episode: String,
    pub created_at: DateTimeUtc,
    /// When the message was queued; NULL while an assignment's notification is pending.
    pub sent_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
