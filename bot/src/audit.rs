//! Reading the action/audit log for the web admin's log page: newest first (by id, which is the
//! order of insertion), one numbered page at a time.

use entity::action_log;
use sea_orm::{DatabaseConnection, DbErr, EntityTrait, PaginatorTrait, QueryOrder};

/// One stored row of the log.
pub type Entry = action_log::Model;

/// One page of the log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page {
    pub rows: Vec<Entry>,
    /// The page shown, from 1.
    pub page: u64,
    /// How many pages there are (at least 1, even when the log is empty).
    pub pages: u64,
    /// How many rows the log holds.
    pub total: u64,
}

/// Page `page` (from 1; 0 reads as 1) of `page_size` rows, newest first.
pub async fn page(db: &DatabaseConnection, page: u64, page_size: u64) -> Result<Page, DbErr> {
    let paginator = action_log::Entity::find().order_by_desc(action_log::Column::Id).paginate(db, page_size);
    let counts = paginator.num_items_and_pages().await?;
    let page = page.max(1);
    let rows = paginator.fetch_page(page - 1).await?;
    Ok(Page { rows, page, pages: counts.number_of_pages.max(1), total: counts.number_of_items })
}
