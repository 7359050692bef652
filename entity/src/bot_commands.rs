use sea_orm::entity::prelude::*;

/// A slash command: the built-in ones (/start, /help, /menu, /operator) and admin-defined ones.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "bot_commands")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    #[sea_orm(unique)]
    pub command: String,
    pub description_ru: String,
    pub description_en: String,
    pub response_ru: Option<String>,
    pub response_en: Option<String>,
    pub is_builtin: bool,
    pub is_active: bool,
    pub position: i32,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
