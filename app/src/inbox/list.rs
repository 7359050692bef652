//! The list pane: its head (title, live status, alerts), the tabs, the search box and the rows.

use leptos::ev::KeyboardEvent;
use leptos::prelude::*;
use leptos_router::hooks::use_location;

use super::context::{count_of, query_string, use_inbox};
use super::row::RowItem;
use super::search::SearchBox;
use crate::i18n::t;
use crate::icons::{Icon, Svg};
use crate::inbox::live::{self, LiveState};
use crate::inbox::model::InboxTab;
use crate::ui::{ErrorAlert, Loading, TabLink, Tabs, use_toasts};

#[component]
pub(super) fn ListPane(live_state: RwSignal<LiveState>, alerts: RwSignal<bool>) -> impl IntoView {
    let tr = t();
    let ctx = use_inbox();
    let location = use_location();
    let stale = move || ctx.list_for.with(|f| f.as_ref() != Some(&(ctx.tab.get(), ctx.q.get())));
    let loading = move || ctx.list.with(Option::is_none) && ctx.list_error.with(Option::is_none);
    let ids =
        Memo::new(move |_| ctx.list.with(|l| l.as_ref().map(|p| p.rows.iter().map(|r| r.id).collect::<Vec<_>>())));
    let list_ref = NodeRef::<leptos::html::Ul>::new();

    let tabs = InboxTab::ALL
        .iter()
        .copied()
        .map(|tab| TabLink {
            // A search covers every conversation: no tab is current meanwhile, and a tab leaves it.
            href: Signal::derive(move || format!("{}{}", location.pathname.get(), query_string(tab, ""))),
            label: tr.inbox.tab(tab),
            current: Signal::derive(move || ctx.tab.get() == tab && ctx.q.with(|q| q.trim().is_empty())),
            // Resolved ones and the bot's are not counted.
            count: count_of(Default::default(), tab)
                .is_some()
                .then(|| Signal::derive(move || ctx.list.with(|l| l.as_ref().and_then(|p| count_of(p.counts, tab))))),
            urgent: Signal::derive(move || {
                tab == InboxTab::Waiting && ctx.list.with(|l| l.as_ref().is_some_and(|p| p.counts.waiting > 0))
            }),
            testid: format!("inbox-tab-{}", tab.as_str()),
        })
        .collect::<Vec<_>>();

    let empty_text = move || {
        let q = ctx.q.get();
        if !q.trim().is_empty() {
            return (tr.inbox.search_nothing)(q.trim());
        }
        match ctx.tab.get() {
            InboxTab::Waiting => tr.inbox.empty_waiting,
            InboxTab::Mine => tr.inbox.empty_mine,
            InboxTab::Open => tr.inbox.empty_open,
            InboxTab::Bot => tr.inbox.empty_bot,
            InboxTab::Resolved => tr.inbox.empty_resolved,
        }
        .to_string()
    };

    let on_keydown = move |ev: KeyboardEvent| {
        let key = ev.key();
        if matches!(key.as_str(), "ArrowDown" | "ArrowUp" | "Home" | "End") {
            #[cfg(feature = "hydrate")]
            if let Some(ul) = list_ref.get()
                && super::dom::move_focus(&ul, "a.inbox-row", &key)
            {
                ev.prevent_default();
            }
        }
    };

    view! {
        <aside class="inbox-list" aria-label=tr.inbox.list_label>
            <div class="list-head">
                <h1 class="list-title">{tr.inbox.title}</h1>
                <LivePill state=live_state />
                <AlertsToggle alerts />
            </div>
            <Tabs label=tr.inbox.tabs_label tabs fill=true />
            <SearchBox />
            <div class="list-body" aria-busy=move || (loading() || stale()).to_string()>
                <div class="list-progress" class:active=move || !loading() && stale() aria-hidden="true"></div>
                <ErrorAlert error=ctx.list_error />
                {move || {
                    let searching = !ctx.q.with(|q| q.trim().is_empty());
                    let found = ctx.list.with(|l| l.as_ref().map_or(0, |p| p.rows.len()));
                    searching.then(|| view! { <p class="list-scope" data-testid="search-scope">{(tr.inbox.search_everywhere)(found)}</p> })
                }}
                // The page's first list: rendered by the server, read back by hydration.
                <Suspense fallback=|| view! { <Loading /> }>
                    {move || Suspend::new(async move {
                        let first = ctx.first_list.await;
                        ctx.seed_list(first);
                        view! {
                            {move || loading().then(|| view! { <Loading /> })}
                            <ul class="rows" class:stale=stale node_ref=list_ref on:keydown=on_keydown>
                                <For each=move || ids.get().unwrap_or_default() key=|id| *id let:id>
                                    <RowItem id />
                                </For>
                            </ul>
                            // (In here: what depends on the list must render after it is seeded,
                            // on the server and in the browser alike.)
                            {move || {
                                (ids.with(|i| i.as_ref().is_some_and(Vec::is_empty)) && !stale())
                                    .then(|| view! { <p class="list-empty">{empty_text}</p> })
                            }}
                            {move || {
                                ctx.list
                                    .with(|l| l.as_ref().is_some_and(|p| p.truncated))
                                    .then(|| view! { <p class="list-note">{(tr.inbox.list_truncated)(crate::inbox::model::LIST_LIMIT)}</p> })
                            }}
                        }
                    })}
                </Suspense>
            </div>
        </aside>
    }
}

#[component]
fn LivePill(state: RwSignal<LiveState>) -> impl IntoView {
    let tr = t();
    let label = move || match state.get() {
        LiveState::Connecting => tr.inbox.live_connecting,
        LiveState::Connected => tr.inbox.live_connected,
        LiveState::Reconnecting => tr.inbox.live_reconnecting,
    };
    let hint = move || match state.get() {
        LiveState::Reconnecting => tr.inbox.live_reconnecting_hint,
        _ => tr.inbox.live_connected_hint,
    };
    view! {
        <span class="live-pill" data-testid="live-status" data-state=move || state.get().code() title=hint role="status">
            <span class="live-dot" aria-hidden="true"></span>
            <span class="live-label">{label}</span>
        </span>
    }
}

#[component]
fn AlertsToggle(alerts: RwSignal<bool>) -> impl IntoView {
    let tr = t();
    let toasts = use_toasts();
    let toggle = move |_| {
        let on = !alerts.get_untracked();
        alerts.set(on);
        if !live::set_alerts(on) {
            toasts.error(tr.inbox.alerts_denied.to_string());
        }
    };
    view! {
        <button
            type="button"
            class="icon-btn alerts-toggle"
            aria-pressed=move || alerts.get().to_string()
            title=tr.inbox.alerts_toggle
            data-testid="alerts-toggle"
            on:click=toggle
        >
            {move || if alerts.get() { view! { <Svg icon=Icon::Bell size=18 /> } } else { view! { <Svg icon=Icon::BellOff size=18 /> } }}
            <span class="sr-only">{move || if alerts.get() { tr.inbox.alerts_on } else { tr.inbox.alerts_off }}</span>
        </button>
    }
}
