//! The audit log, for admins.

use leptos::prelude::*;

#[cfg(feature = "ssr")]
use crate::auth::server::as_admin;
use crate::error::ApiError;
use crate::model::AuditPage;

pub const PAGE_SIZE: u64 = 50;

#[server(prefix = "/api", endpoint = "logs/audit")]
pub async fn audit_log(page: u64) -> Result<AuditPage, ApiError> {
    use crate::model::AuditRow;
    use entity::action_log;
    use sea_orm::{EntityTrait, PaginatorTrait, QueryOrder};
    as_admin(async |caller| {
        let paginator =
            action_log::Entity::find().order_by_desc(action_log::Column::Id).paginate(&caller.state.db, PAGE_SIZE);
        let counts = paginator.num_items_and_pages().await?;
        let page = page.max(1);
        let rows = paginator.fetch_page(page - 1).await?;
        Ok(AuditPage {
            rows: rows
                .into_iter()
                .map(|r| AuditRow {
                    id: r.id,
                    at: r.at.to_rfc3339(),
                    actor_name: r.actor_name,
                    action: r.action,
                    target: r.target_kind.map(|k| match r.target_id {
                        Some(id) => format!("{k} #{id}"),
                        None => k.to_string(),
                    }),
                    details: r.details,
                    ip: r.ip,
                })
                .collect(),
            page,
            pages: counts.number_of_pages.max(1),
            total: counts.number_of_items,
        })
    })
    .await
}
