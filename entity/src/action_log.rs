use sea_orm::entity::prelude::*;
pub use types::{ActorKind, LogAction, TargetKind};

/// Who did what, when: staff actions (the audit log) and bot/customer actions alike.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "action_log")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub at: DateTimeUtc,
    pub actor_kind: ActorKind,
    pub staff_user_id: Option<i64>,
    pub customer_id: Option<i64>,
    pub actor_name: String,
    /// Stored as a dotted name, e.g. `user.create`, `auth.login`, `bot.faq_answer`.
    pub action: LogAction,
    pub target_kind: Option<TargetKind>,
    pub target_id: Option<i64>,
    pub conversation_id: Option<i64>,
    /// JSON object with the action's particulars (never secrets).
    pub details: String,
    pub ip: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
