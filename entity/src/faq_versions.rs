use sea_orm::entity::prelude::*;
pub use types::FaqChange;

/// One version of an FAQ entry: its whole content after a change. Ids only grow, so the largest
/// id is the FAQ's revision (what running bots compare to know the FAQ changed).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "faq_versions")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub faq_id: i64,
    pub version: i32,
    pub change: FaqChange,
    /// JSON of `bot::faq::Snapshot`.
    pub snapshot: String,
    pub staff_user_id: Option<i64>,
    pub actor_name: String,
    pub at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
