use sea_orm::entity::prelude::*;
pub use types::UnansweredStatus;

/// A question the bot could not answer confidently, near-duplicates grouped under one key.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "unanswered")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    /// The question's words as the matcher sees them (stems, sorted): near-duplicates share it.
    pub group_key: String,
    /// The latest customer wording.
    pub question: String,
    pub language: String,
    pub status: UnansweredStatus,
    /// Occurrences, and distinct customers among them.
    pub hits: i32,
    pub customers: i32,
    /// JSON list of the FAQ entry ids the matcher ranked highest.
    pub suggested: String,
    /// An operator's answer to it (offered as the new entry's answer).
    pub reply: Option<String>,
    pub reply_message_id: Option<i64>,
    /// The entry it was added to.
    pub faq_id: Option<i64>,
    pub closed_by: Option<i64>,
    pub closed_at: Option<DateTimeUtc>,
    pub first_at: DateTimeUtc,
    pub last_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
