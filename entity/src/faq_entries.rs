use sea_orm::entity::prelude::*;

/// A question the bot can answer by itself.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "faq_entries")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub slug: Option<String>,
    pub question: String,
    /// Other phrasings of the question, one per line.
    pub variants: String,
    pub answer: String,
    pub language: String,
    pub is_active: bool,
    pub position: i32,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
