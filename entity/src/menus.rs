use sea_orm::entity::prelude::*;

/// A screen of inline buttons.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "menus")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    #[sea_orm(unique)]
    pub key: String,
    pub title_ru: String,
    pub title_en: String,
    pub text_ru: String,
    pub text_en: String,
    pub is_main: bool,
    /// Grows by one with every change (a save names the version it was based on).
    pub version: i32,
    /// The staff member who changed it last (none: the seed or the migration).
    pub updated_by: Option<i64>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(has_many = "super::menu_buttons::Entity")]
    Buttons,
}

impl Related<super::menu_buttons::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Buttons.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
