use sea_orm::entity::prelude::*;

pub use types::AttachmentKind;

/// One file of an operator's message: the bytes are in the data folder (`files/<sha256>`),
/// Telegram's `file_id` is kept once it was sent.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "message_files")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub message_id: i64,
    /// Its place among the message's files (0, 1, …), as the operator chose them.
    pub position: i32,
    pub kind: AttachmentKind,
    pub name: String,
    pub mime_type: String,
    pub size: i64,
    /// Hex SHA-256 of the bytes: the stored file's name.
    pub sha256: String,
    pub telegram_file_id: Option<String>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
