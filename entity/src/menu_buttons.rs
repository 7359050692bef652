use sea_orm::entity::prelude::*;
pub use types::ButtonAction;

/// One button of a menu.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "menu_buttons")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub menu_id: i64,
    pub label_ru: String,
    pub label_en: String,
    pub action: ButtonAction,
    pub target_menu_id: Option<i64>,
    pub target_faq_id: Option<i64>,
    pub url: Option<String>,
    /// What a `send_text` button sends (Telegram HTML), per language.
    pub text_ru: Option<String>,
    pub text_en: Option<String>,
    pub row: i32,
    pub position: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::menus::Entity",
        from = "Column::MenuId",
        to = "super::menus::Column::Id",
        on_delete = "Cascade"
    )]
    Menu,
}

impl Related<super::menus::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Menu.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
