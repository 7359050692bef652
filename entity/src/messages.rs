use sea_orm::entity::prelude::*;

pub use types::{MessageKind, Sender};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "messages")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub conversation_id: i64,
    pub customer_id: i64,
    pub sender: Sender,
    pub staff_user_id: Option<i64>,
    pub kind: MessageKind,
    pub text: Option<String>,
    pub file_id: Option<String>,
    pub caption: Option<String>,
    /// A customer's file as Telegram described it (rows from before these columns: `None`).
    pub file_name: Option<String>,
    pub mime_type: Option<String>,
    pub file_size: Option<i64>,
    pub telegram_message_id: Option<i64>,
    pub update_id: Option<i64>,
    pub faq_entry_id: Option<i64>,
    pub outbox_id: Option<i64>,
    /// The browser's key for an operator's reply (unique): a repeated request stores it once.
    pub client_key: Option<String>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::conversations::Entity",
        from = "Column::ConversationId",
        to = "super::conversations::Column::Id"
    )]
    Conversation,
}

impl Related<super::conversations::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Conversation.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
