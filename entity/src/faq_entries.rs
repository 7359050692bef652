use sea_orm::entity::prelude::*;
pub use types::{FaqLanguage, FaqState};

/// A question the bot can answer by itself.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "faq_entries")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    /// The entry's id in CSV files (`id` column of the shared format); unique when set.
    pub slug: Option<String>,
    pub question: String,
    /// Other phrasings of the question, one per line.
    pub variants: String,
    /// Telegram HTML: the answer in the entry's language (Russian for `both`).
    pub answer: String,
    /// The English answer of an entry in both languages.
    pub answer_en: Option<String>,
    pub language: FaqLanguage,
    pub category: String,
    pub state: FaqState,
    /// Buttons under the answer, as JSON (`bot::faq::AnswerButton`s).
    pub buttons: String,
    /// Counts saves from 1; `faq_versions` holds each version.
    pub version: i32,
    /// The staff member who changed it last (none: the seed, the command line).
    pub updated_by: Option<i64>,
    pub position: i32,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
