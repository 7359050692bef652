//! The Logs page: the audit log, newest first, paged.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;

use crate::i18n::t;
use crate::layout::Loading;
use crate::logs::api::audit_log;
use crate::model::AuditPage;
use crate::ui::{ErrorAlert, format_time};

#[component]
pub fn LogsPage() -> impl IntoView {
    let tr = t();
    let query = use_query_map();
    let page = move || query.read().get("page").and_then(|p| p.parse::<u64>().ok()).unwrap_or(1).max(1);
    let log = Resource::new(page, audit_log);
    view! {
        <Title text=tr.logs.title />
        <div class="page-header">
            <h1>{tr.logs.title}</h1>
        </div>
        <p class="page-subtitle">{tr.logs.subtitle}</p>
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

#[component]
fn LogTable(page: AuditPage) -> impl IntoView {
    let tr = t();
    if page.rows.is_empty() {
        return view! { <div class="empty-state"><p>{tr.logs.empty}</p></div> }.into_any();
    }
    let AuditPage { rows, page, pages, total } = page;
    view! {
        <div class="table-wrap">
            <table class="table" data-testid="audit-table">
                <thead>
                    <tr>
                        <th scope="col">{tr.logs.col_time}</th>
                        <th scope="col">{tr.logs.col_actor}</th>
                        <th scope="col">{tr.logs.col_action}</th>
                        <th scope="col">{tr.logs.col_target}</th>
                        <th scope="col">{tr.logs.col_details}</th>
                        <th scope="col">{tr.logs.col_ip}</th>
                    </tr>
                </thead>
                <tbody>
                    {rows
                        .into_iter()
                        .map(|r| {
                            let label = (tr.logs.action_label)(&r.action).map(str::to_string).unwrap_or_else(|| r.action.clone());
                            let code = r.action.clone();
                            let details = readable_details(&r.details);
                            view! {
                                <tr data-action=code>
                                    <td class="nowrap">{format_time(&r.at)}</td>
                                    <td>{r.actor_name}</td>
                                    <td class="nowrap" title=r.action>{label}</td>
                                    <td class="nowrap">{r.target.unwrap_or_default()}</td>
                                    <td class="mono small">{details}</td>
                                    <td class="mono small">{r.ip.unwrap_or_default()}</td>
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
        </div>
        <nav class="pagination" aria-label="pagination">
            {(page > 1).then(|| view! { <A href=format!("?page={}", page - 1) attr:class="btn btn-outline btn-sm">{tr.prev}</A> })}
            <span class="page-info">{(tr.page_info)(page, pages, total)}</span>
            {(page < pages).then(|| view! { <A href=format!("?page={}", page + 1) attr:class="btn btn-outline btn-sm">{tr.next}</A> })}
        </nav>
    }
    .into_any()
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
