//! The audit log, for admins: [`bot::audit`] reads it, this maps it to the page's view model.

use leptos::prelude::*;

#[cfg(feature = "ssr")]
use crate::auth::server::as_admin;
use crate::error::ApiError;
use crate::model::AuditPage;

pub const PAGE_SIZE: u64 = 50;

#[server(prefix = "/api", endpoint = "logs/audit")]
pub async fn audit_log(page: u64) -> Result<AuditPage, ApiError> {
    use crate::model::AuditRow;
    as_admin(async |caller| {
        let page = bot::audit::page(&caller.state.db, page, PAGE_SIZE).await?;
        Ok(AuditPage {
            rows: page
                .rows
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
            page: page.page,
            pages: page.pages,
            total: page.total,
        })
    })
    .await
}
