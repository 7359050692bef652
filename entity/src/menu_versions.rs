use sea_orm::entity::prelude::*;
pub use types::MenuChange;

/// One version of a menu: its whole content (texts and keyboard, with the buttons' ids) after a
/// change.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "menu_versions")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub menu_id: i64,
    pub version: i32,
    pub change: MenuChange,
    /// JSON of `bot::menus::Snapshot`.
    pub snapshot: String,
    pub staff_user_id: Option<i64>,
    pub actor_name: String,
    pub at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
