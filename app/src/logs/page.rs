//! The Logs page: the audit log, newest first, paged.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use crate::i18n::t;
use crate::logs::api::audit_log;
use crate::model::{AuditPage, AuditRow};
use crate::ui::{Column, DataTable, ErrorAlert, Loading, LocalTime, PageHeader, PageInfo};

#[component]
pub fn LogsPage() -> impl IntoView {
    let tr = t();
    let query = use_query_map();
    let page = move || query.read().get("page").and_then(|p| p.parse::<u64>().ok()).unwrap_or(1).max(1);
    let log = Resource::new(page, audit_log);
    view! {
        <PageHeader title=tr.logs.title subtitle=tr.logs.subtitle />
        <Transition fallback=|| view! { <Loading /> }>
            {move || Suspend::new(async move {
                match log.await {
                    Ok(p) => view! { <LogTable page=p /> }.into_any(),
                    Err(e) => view! { <ErrorAlert error=Signal::stored(Some(e)) /> }.into_any(),
                }
            })}
        </Transition>
    }
}

/// The log is paged and ordered by the server (newest first), so its columns don't sort.
#[component]
fn LogTable(page: AuditPage) -> impl IntoView {
    let tr = t();
    let AuditPage { rows, page, pages, total } = page;
    let columns = vec![
        Column::new(tr.logs.col_time),
        Column::new(tr.logs.col_actor),
        Column::new(tr.logs.col_action),
        Column::new(tr.logs.col_target),
        Column::new(tr.logs.col_details),
        Column::new(tr.logs.col_ip),
    ];
    let row = move |r: AuditRow| {
        let label = (tr.logs.action_label)(r.action);
        let code = r.action.as_str();
        let details = readable_details(&r.details);
        view! {
            <tr data-action=code>
                <td class="nowrap"><LocalTime at=r.at.clone() /></td>
                <td>{r.actor_name}</td>
                <td class="nowrap" title=code>{label}</td>
                <td class="nowrap">{r.target.unwrap_or_default()}</td>
                <td class="mono small">{details}</td>
                <td class="mono small">{r.ip.unwrap_or_default()}</td>
            </tr>
        }
    };
    view! { <DataTable rows columns row empty=tr.logs.empty testid="audit-table" pager=PageInfo { page, pages, total } /> }
}

/// `{"username":"op1","role":"operator"}` → `username: op1 · role: operator`.
fn readable_details(json: &str) -> String {
    match serde_json::from_str::<serde_json::Value>(json) {
        Ok(serde_json::Value::Object(map)) => map
            .iter()
            .map(|(k, v)| match v {
                serde_json::Value::String(s) => format!("{k}: {s}"),
                other => format!("{k}: {other}"),
            })
            .collect::<Vec<_>>()
            .join(" · "),
        _ => json.to_string(),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn details_read_as_pairs() {
        assert_eq!(
            super::readable_details(r#"{"role":"operator","username":"op1"}"#),
            "role: operator · username: op1"
        );
        assert_eq!(super::readable_details("{}"), "");
        assert_eq!(super::readable_details("not json"), "not json");
    }
}
