use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// Who a message in a conversation's history came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize, Deserialize)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(16))")]
pub enum Sender {
    #[sea_orm(string_value = "customer")]
    Customer,
    #[sea_orm(string_value = "bot")]
    Bot,
    #[sea_orm(string_value = "operator")]
    Operator,
    /// An internal note: shown to staff, never sent to Telegram.
    #[sea_orm(string_value = "note")]
    Note,
    /// A system event in the history (handed off, taken, resolved, rated…).
    #[sea_orm(string_value = "system")]
    System,
}

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "messages")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub conversation_id: i64,
    pub customer_id: i64,
    pub sender: Sender,
    pub staff_user_id: Option<i64>,
    /// text, photo, document, voice, video, sticker, location, contact, event, …
    pub kind: String,
    pub text: Option<String>,
    pub file_id: Option<String>,
    pub caption: Option<String>,
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
