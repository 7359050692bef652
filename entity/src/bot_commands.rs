use sea_orm::entity::prelude::*;

/// A slash command: the built-in ones (/start, /help, /menu, /operator) and admin-defined ones.
/// `response_*` is a custom command's answer (Telegram HTML); the built-ins' texts are `texts` rows.
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
    /// The menu a custom command sends (none: its text alone).
    pub menu_id: Option<i64>,
    /// Listed in Telegram's menu of commands (hidden ones still work when typed).
    pub show_in_menu: bool,
    /// Bumped by every save; a save based on an older one is refused.
    pub version: i32,
    /// The staff member who changed it last (none: the seed).
    pub updated_by: Option<i64>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
