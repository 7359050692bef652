//! The inbox page: the conversation list (tabs, search, live rows), the open conversation
//! (history, actions, composer) and the customer card.
//!
//! The data is fetched in the browser once the page runs and kept fresh by the live feed
//! ([`super::live`]); the server renders the frame with its loading states, so there is nothing
//! time-zone- or clock-dependent to mismatch when the page hydrates. Every refresh is coalesced:
//! at most one list request and one conversation request are in flight, with at most one more
//! after each when events arrived meanwhile.

use std::collections::{BTreeMap, HashMap};
use std::time::Duration;

use chrono::NaiveDate;
use leptos::ev::KeyboardEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_meta::Title;
use leptos_router::NavigateOptions;
use leptos_router::components::Outlet;
use leptos_router::hooks::{use_location, use_navigate, use_params_map, use_query_map};

use crate::auth::use_auth;
use crate::error::ApiError;
use crate::i18n::{Catalogue, t};
use crate::icons::{Icon, Svg};
use crate::inbox::api::{
    canned_list, inbox_assign, inbox_conversation, inbox_counts, inbox_list, inbox_mark_read, inbox_note, inbox_older,
    inbox_release, inbox_reopen, inbox_reply, inbox_resolve, inbox_retry, inbox_staff, inbox_take,
};
use crate::inbox::live::{self, LiveMsg, LiveState, Refresh};
use crate::inbox::model::{
    CannedResponse, ConvStatus, ConversationRow, ConversationView, CustomerCard, Delivery, InboxPage, MessageView,
    Preview, Sender, StaffOption, Tab, TabCounts,
};
use crate::inbox::validate::shortcut_query;
use crate::ui::{ErrorAlert, Loading, ToastKind, Toasts, use_toasts};

/// What the list, the conversation and the card share.
#[derive(Clone, Copy)]
struct Inbox {
    tab: Memo<Tab>,
    q: Memo<String>,
    open_id: Memo<Option<i64>>,
    list: RwSignal<Option<InboxPage>>,
    /// The tab and search the shown list was fetched for (it differs while a new one loads).
    list_for: RwSignal<Option<(Tab, String)>>,
    list_error: RwSignal<Option<ApiError>>,
    refresh_list: Refresh,
    /// The open conversation's refresh, for live events about it.
    open_refresh: StoredValue<Option<(i64, Refresh)>>,
    /// Milliseconds since the epoch, ticking every second once mounted.
    clock: RwSignal<Option<f64>>,
    /// Today in the browser's time zone (changes once a day, unlike the clock).
    today: Memo<Option<NaiveDate>>,
    /// Unsent drafts by conversation, kept while the page lives.
    drafts: StoredValue<HashMap<i64, String>>,
    canned: RwSignal<Vec<CannedResponse>>,
    staff: RwSignal<Vec<StaffOption>>,
    /// The customer card on screens too narrow to show it beside the conversation.
    show_card: RwSignal<bool>,
    toasts: Toasts,
    is_admin: bool,
}

fn use_inbox() -> Inbox {
    expect_context::<Inbox>()
}

/// `?tab=mine&q=…`: the list's state in links, so it survives opening a conversation and reloads.
fn query_string(tab: Tab, q: &str) -> String {
    let mut s = format!("?tab={}", tab.code());
    if !q.trim().is_empty() {
        s.push_str("&q=");
        s.push_str(&encode_component(q));
    }
    s
}

fn encode_component(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// `/inbox/42` → 42.
fn open_id_of(path: &str) -> Option<i64> {
    path.strip_prefix("/inbox/")?.trim_end_matches('/').parse().ok()
}

fn count_of(counts: TabCounts, tab: Tab) -> Option<u64> {
    match tab {
        Tab::Waiting => Some(counts.waiting),
        Tab::Mine => Some(counts.mine),
        Tab::Open => Some(counts.open),
        Tab::Resolved => None,
    }
}

fn status_class(s: ConvStatus) -> &'static str {
    match s {
        ConvStatus::Bot => "badge badge-muted",
        ConvStatus::Waiting => "badge badge-warning",
        ConvStatus::Assigned => "badge badge-operator",
        ConvStatus::Resolved => "badge badge-success",
    }
}

fn status_code(s: ConvStatus) -> &'static str {
    match s {
        ConvStatus::Bot => "bot",
        ConvStatus::Waiting => "waiting",
        ConvStatus::Assigned => "assigned",
        ConvStatus::Resolved => "resolved",
    }
}

fn sender_code(s: Sender) -> &'static str {
    match s {
        Sender::Customer => "customer",
        Sender::Bot => "bot",
        Sender::Operator => "operator",
        Sender::Note => "note",
        Sender::System => "system",
    }
}

fn show_error(toasts: Toasts, tr: &Catalogue, e: &ApiError) {
    toasts.show(ToastKind::Error, tr.error(e));
}

/// `14:05` today, otherwise the day (`Yesterday`, `23 November`).
fn short_time(tr: &Catalogue, rfc3339: &str, today: NaiveDate) -> String {
    let Some(at) = live::local(rfc3339) else { return String::new() };
    if at.date_naive() == today { at.format("%H:%M").to_string() } else { tr.inbox.day(at.date_naive(), today) }
}

/// `2026-11-23 14:05` in the browser's time zone (for titles and the customer card).
fn full_time(rfc3339: &str) -> String {
    live::local(rfc3339).map(|d| d.format("%Y-%m-%d %H:%M").to_string()).unwrap_or_default()
}

// =============================================================================================
// The page and the list

#[component]
pub fn InboxPage() -> impl IntoView {
    let tr = t();
    let auth = use_auth();
    let user = auth.user.get_untracked().and_then(Result::ok).flatten();
    let query = use_query_map();
    let tab = Memo::new(move |_| query.read().get("tab").and_then(|t| Tab::parse(&t)).unwrap_or_default());
    let q = Memo::new(move |_| query.read().get("q").unwrap_or_default());
    let location = use_location();
    let open_id = Memo::new(move |_| open_id_of(&location.pathname.read()));

    let list = RwSignal::new(None::<InboxPage>);
    let list_for = RwSignal::new(None::<(Tab, String)>);
    let list_error = RwSignal::new(None::<ApiError>);
    let refresh_list = Refresh::new(move || async move {
        let (Some(asked_tab), Some(asked_q)) = (tab.try_get_untracked(), q.try_get_untracked()) else { return };
        let result = inbox_list(asked_tab, asked_q.clone()).await;
        // The user moved to another tab or search meanwhile: that one's refresh follows.
        if tab.try_get_untracked() != Some(asked_tab) || q.try_get_untracked().as_ref() != Some(&asked_q) {
            return;
        }
        match result {
            Ok(page) => {
                list_error.set(None);
                list.set(Some(page));
                list_for.set(Some((asked_tab, asked_q)));
            }
            Err(ApiError::Unauthorized) => auth.refresh(),
            Err(e) => list_error.set(Some(e)),
        }
    });
    Effect::new(move |_| {
        tab.track();
        q.track();
        refresh_list.run();
    });

    let clock = live::use_clock();
    let ctx = Inbox {
        tab,
        q,
        open_id,
        list,
        list_for,
        list_error,
        refresh_list,
        open_refresh: StoredValue::new(None),
        clock,
        today: Memo::new(move |_| clock.get().and_then(live::local_today)),
        drafts: StoredValue::new(HashMap::new()),
        canned: RwSignal::new(Vec::new()),
        staff: RwSignal::new(Vec::new()),
        show_card: RwSignal::new(false),
        toasts: use_toasts(),
        is_admin: user.as_ref().is_some_and(|u| u.is_admin()),
    };
    provide_context(ctx);

    // Canned responses (for the "/" picker) and, for admins, whom to assign to.
    let load_extras = move || {
        spawn_local(async move {
            if let Ok(c) = canned_list().await {
                ctx.canned.try_set(c);
            }
        });
        if ctx.is_admin {
            spawn_local(async move {
                if let Ok(s) = inbox_staff().await {
                    ctx.staff.try_set(s);
                }
            });
        }
    };
    Effect::new(move |_| load_extras());

    let live_state = live::use_live_feed(move |msg| {
        let open = ctx.open_refresh.try_get_value().flatten();
        match msg {
            LiveMsg::RefreshAll => {
                refresh_list.run();
                if let Some((_, r)) = open {
                    r.run();
                }
                load_extras();
            }
            // Signed out meanwhile (or deactivated)? Then the login page; anything else (the
            // server restarting) just waits for the feed to come back.
            LiveMsg::Refused => spawn_local(async move {
                if let Err(ApiError::Unauthorized) = inbox_counts().await {
                    auth.refresh();
                }
            }),
            LiveMsg::Changed(conversation) => {
                refresh_list.run();
                if let (Some(c), Some((open_id, r))) = (conversation, open)
                    && c == open_id
                {
                    r.run();
                }
            }
        }
    });

    // The waiting count: in the browser tab's title, and an alert when it grows.
    let waiting = Memo::new(move |_| list.with(|l| l.as_ref().map(|p| p.counts.waiting)));
    let alerts = RwSignal::new(false);
    Effect::new(move |_| alerts.set(live::alerts_stored()));
    Effect::new(move |before: Option<Option<u64>>| {
        let now = waiting.get();
        if let (Some(Some(before)), Some(now)) = (before, now)
            && now > before
            && alerts.get_untracked()
        {
            live::alert(tr.inbox.notify_title, &(tr.inbox.notify_body)(now));
        }
        now
    });
    let title = move || match waiting.get() {
        Some(n) if n > 0 => format!("({n}) {}", tr.inbox.title),
        _ => tr.inbox.title.to_string(),
    };

    view! {
        <Title text=title />
        <div class="inbox" class:has-open=move || open_id.get().is_some() data-testid="inbox">
            <ListPane live_state alerts />
            <section class="inbox-detail">
                <Outlet />
            </section>
        </div>
    }
}

#[component]
fn ListPane(live_state: RwSignal<LiveState>, alerts: RwSignal<bool>) -> impl IntoView {
    let tr = t();
    let ctx = use_inbox();
    let location = use_location();
    let stale = move || ctx.list_for.with(|f| f.as_ref() != Some(&(ctx.tab.get(), ctx.q.get())));
    let loading = move || ctx.list.with(Option::is_none) && ctx.list_error.with(Option::is_none);
    let ids =
        Memo::new(move |_| ctx.list.with(|l| l.as_ref().map(|p| p.rows.iter().map(|r| r.id).collect::<Vec<_>>())));
    let list_ref = NodeRef::<leptos::html::Ul>::new();

    let tabs = Tab::ALL
        .into_iter()
        .map(|tab| {
            let href = move || format!("{}{}", location.pathname.get(), query_string(tab, &ctx.q.get()));
            let count = move || ctx.list.with(|l| l.as_ref().and_then(|p| count_of(p.counts, tab))).map(|n| n.to_string());
            let urgent = move || tab == Tab::Waiting && ctx.list.with(|l| l.as_ref().is_some_and(|p| p.counts.waiting > 0));
            view! {
                <a
                    class="inbox-tab"
                    href=href
                    aria-current=move || (ctx.tab.get() == tab).then_some("page")
                    data-testid=format!("inbox-tab-{}", tab.code())
                >
                    <span class="inbox-tab-label">{tr.inbox.tab(tab)}</span>
                    {(tab != Tab::Resolved).then(|| view! { <span class="tab-count" class:urgent=urgent class:unknown=move || count().is_none()>{count}</span> })}
                </a>
            }
        })
        .collect_view();

    let empty_text = move || {
        let q = ctx.q.get();
        if !q.trim().is_empty() {
            return (tr.inbox.search_nothing)(q.trim());
        }
        match ctx.tab.get() {
            Tab::Waiting => tr.inbox.empty_waiting,
            Tab::Mine => tr.inbox.empty_mine,
            Tab::Open => tr.inbox.empty_open,
            Tab::Resolved => tr.inbox.empty_resolved,
        }
        .to_string()
    };

    let on_keydown = move |ev: KeyboardEvent| {
        let key = ev.key();
        if matches!(key.as_str(), "ArrowDown" | "ArrowUp" | "Home" | "End") {
            #[cfg(feature = "hydrate")]
            if let Some(ul) = list_ref.get()
                && dom::move_focus(&ul, "a.inbox-row", &key)
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
            <nav class="inbox-tabs" aria-label=tr.inbox.tabs_label>{tabs}</nav>
            <SearchBox />
            <div class="list-body" aria-busy=move || (loading() || stale()).to_string()>
                <div class="list-progress" class:active=move || !loading() && stale() aria-hidden="true"></div>
                <ErrorAlert error=ctx.list_error />
                {move || loading().then(|| view! { <Loading /> })}
                <ul class="rows" class:stale=stale node_ref=list_ref on:keydown=on_keydown>
                    <For each=move || ids.get().unwrap_or_default() key=|id| *id let:id>
                        <RowItem id />
                    </For>
                </ul>
                {move || {
                    (ids.with(|i| i.as_ref().is_some_and(Vec::is_empty)) && !stale())
                        .then(|| view! { <p class="list-empty">{empty_text}</p> })
                }}
                {move || {
                    ctx.list
                        .with(|l| l.as_ref().is_some_and(|p| p.truncated))
                        .then(|| view! { <p class="list-note">{(tr.inbox.list_truncated)(crate::inbox::model::LIST_LIMIT)}</p> })
                }}
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
            toasts.show(ToastKind::Error, tr.inbox.alerts_denied.to_string());
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

/// The search box: the URL's `q`, updated 250 ms after the last keystroke.
#[component]
fn SearchBox() -> impl IntoView {
    let tr = t();
    let ctx = use_inbox();
    let location = use_location();
    let navigate = use_navigate();
    let text = RwSignal::new(ctx.q.get_untracked());
    let timer = StoredValue::new(None::<TimeoutHandle>);
    // Back/forward change the URL: show its search (unless the user is typing one).
    Effect::new(move |_| {
        let q = ctx.q.get();
        if timer.get_value().is_none() && text.get_untracked() != q {
            text.set(q);
        }
    });
    let apply = move |value: String, delay: Duration| {
        if let Some(h) = timer.get_value() {
            h.clear();
        }
        let navigate = navigate.clone();
        let go = move || {
            timer.try_set_value(None);
            let Some(path) = location.pathname.try_get_untracked() else { return };
            let Some(tab) = ctx.tab.try_get_untracked() else { return };
            navigate(
                &format!("{path}{}", query_string(tab, value.trim())),
                NavigateOptions { replace: true, scroll: false, ..Default::default() },
            );
        };
        timer.set_value(set_timeout_with_handle(go, delay).ok());
    };
    let apply2 = apply.clone();
    view! {
        <div class="list-search" role="search">
            <label class="sr-only" for="inbox-search">{tr.inbox.search_label}</label>
            <span class="list-search-icon" aria-hidden="true"><Svg icon=Icon::Search size=16 /></span>
            <input
                id="inbox-search"
                type="search"
                class="form-control"
                data-testid="inbox-search"
                placeholder=tr.inbox.search_placeholder
                autocomplete="off"
                spellcheck="false"
                prop:value=move || text.get()
                on:input=move |ev| {
                    let v = event_target_value(&ev);
                    text.set(v.clone());
                    apply(v, Duration::from_millis(250));
                }
                on:keydown=move |ev: KeyboardEvent| {
                    if ev.key() == "Escape" && !text.get_untracked().is_empty() {
                        ev.prevent_default();
                        text.set(String::new());
                        apply2(String::new(), Duration::ZERO);
                    }
                }
            />
        </div>
    }
}

/// One row of the list. It reads its data by id, so a live refresh updates it in place (focus and
/// scroll stay where they are).
#[component]
fn RowItem(id: i64) -> impl IntoView {
    let tr = t();
    let ctx = use_inbox();
    let row =
        Memo::new(move |_| ctx.list.with(|l| l.as_ref().and_then(|p| p.rows.iter().find(|r| r.id == id).cloned())));
    let get = move |f: fn(&ConversationRow) -> String| row.with(|r| r.as_ref().map(f).unwrap_or_default());
    let href = move || format!("/inbox/{id}{}", query_string(ctx.tab.get(), &ctx.q.get()));
    let active = move || ctx.open_id.get() == Some(id);
    let status = move || row.with(|r| r.as_ref().map(|r| r.status));
    let unread = move || row.with(|r| r.as_ref().map_or(0, |r| r.unread));
    // Waiting rows count the time live (only they follow the one-second clock); the others show
    // when the last message came.
    let waiting_since = Memo::new(move |_| {
        row.with(|r| {
            r.as_ref()
                .filter(|r| r.status == ConvStatus::Waiting)
                .and_then(|r| r.waiting_since.as_deref().and_then(live::parse_ms))
        })
    });
    let time = move || match waiting_since.get() {
        Some(since) => {
            let secs = move || ctx.clock.get().map(|now| ((now - since).max(0.0) / 1000.0) as u64);
            view! {
                <span
                    class="row-wait"
                    class:late=move || secs().is_some_and(|s| s >= 15 * 60)
                    title=move || secs().map(|s| (tr.inbox.waiting_for)(&(tr.inbox.duration)(s)))
                >
                    <Svg icon=Icon::Clock size=13 />
                    {move || secs().map(tr.inbox.duration)}
                </span>
            }
            .into_any()
        }
        None => {
            let text = move || {
                let today = ctx.today.get()?;
                row.with(|r| r.as_ref().map(|r| short_time(tr, &r.last_message_at, today)))
            };
            view! { <span class="row-time">{text}</span> }.into_any()
        }
    };
    let preview = move || row.with(|r| r.as_ref().and_then(|r| r.preview.clone())).map(|p| preview_view(tr, p));
    view! {
        <li>
            <a
                class="inbox-row"
                class:has-unread={move || unread() > 0}
                href=href
                aria-current=move || active().then_some("page")
                data-testid="inbox-row"
                data-conversation-id=id.to_string()
                data-status=move || status().map(status_code)
            >
                <span class="row-line">
                    <span class="row-who">
                        <span class="row-name">{move || get(|r| r.customer_name.clone())}</span>
                        " "
                        <span class="row-username">{move || get(|r| r.username.as_ref().map(|u| format!("@{u}")).unwrap_or_default())}</span>
                    </span>
                    {time}
                </span>
                <span class="row-preview">{preview}</span>
                <span class="row-line row-meta">
                    {move || status().map(|s| view! { <span class=status_class(s)>{tr.inbox.status(s)}</span> })}
                    <span class="row-assignee">{move || get(|r| r.assignee_name.clone().unwrap_or_default())}</span>
                    {move || {
                        let n = unread();
                        (n > 0).then(|| view! { <span class="unread-badge" title=(tr.inbox.unread)(n)><span aria-hidden="true">{n}</span><span class="sr-only">{(tr.inbox.unread)(n)}</span></span> })
                    }}
                </span>
            </a>
        </li>
    }
}

fn preview_view(tr: &'static Catalogue, p: Preview) -> impl IntoView {
    let prefix = match p.sender {
        Sender::Bot => Some(tr.inbox.preview_bot),
        Sender::Operator => Some(tr.inbox.preview_operator),
        _ => None,
    };
    let (text, is_label) = match p.text.filter(|t| !t.trim().is_empty()) {
        Some(t) => (t, false),
        None => ((tr.inbox.kind_label)(&p.kind).to_string(), true),
    };
    view! {
        {prefix.map(|p| view! { <span class="preview-sender">{p}" "</span> })}
        <span class:preview-kind=is_label>{text}</span>
    }
}

// =============================================================================================
// The conversation pane

/// `/inbox`: nothing open yet.
#[component]
pub fn NoConversation() -> impl IntoView {
    let tr = t();
    view! {
        <div class="pane-empty">
            <div class="empty-icon"><Svg icon=Icon::Inbox size=40 /></div>
            <h2>{tr.inbox.choose_conversation}</h2>
            <p>{tr.inbox.choose_conversation_text}</p>
        </div>
    }
}

/// `/inbox/:id`: a fresh conversation component for every id.
#[component]
pub fn ConversationRoute() -> impl IntoView {
    let params = use_params_map();
    let id = Memo::new(move |_| params.read().get("id").and_then(|s| s.parse::<i64>().ok()));
    move || match id.get() {
        Some(id) => view! { <Conversation id /> }.into_any(),
        None => view! { <NoConversation /> }.into_any(),
    }
}

/// A reply or note on its way to the server, shown at once.
#[derive(Clone, Debug, PartialEq)]
struct Outgoing {
    key: String,
    text: String,
    note: bool,
    /// The newest message id when it was written (the server's copy comes after it).
    after: i64,
    sending: bool,
    error: Option<ApiError>,
}

/// The header's state: only what it shows, so live refreshes that change nothing here don't
/// re-render it (an open select would close).
#[derive(Clone, Debug, PartialEq)]
struct HeadState {
    name: String,
    username: Option<String>,
    status: ConvStatus,
    assignee_id: Option<i64>,
    assignee_name: Option<String>,
    blocked: bool,
    can_act: bool,
    can_take: bool,
}

/// One open conversation's state.
#[derive(Clone, Copy)]
struct Conv {
    id: i64,
    data: RwSignal<Option<ConversationView>>,
    error: RwSignal<Option<ApiError>>,
    /// Every message loaded, by id (the newest page, earlier pages, and what arrived since).
    history: RwSignal<BTreeMap<i64, MessageView>>,
    more_before: RwSignal<bool>,
    /// Set once earlier pages were loaded: whether there are more still.
    older_more: StoredValue<Option<bool>>,
    outgoing: RwSignal<Vec<Outgoing>>,
    refresh: Refresh,
    refresh_list: Refresh,
    toasts: Toasts,
    scroller: NodeRef<leptos::html::Div>,
    /// The history is scrolled to the bottom (new messages keep it there).
    at_bottom: StoredValue<bool>,
}

impl Conv {
    fn apply(self, mut v: ConversationView) {
        let fresh = std::mem::take(&mut v.messages);
        let more = v.more_before;
        self.history.update(|h| {
            // So much arrived since the last look that the pages don't meet: start over.
            if let (Some(newest), Some(first)) = (h.keys().next_back(), fresh.first())
                && more
                && first.id > *newest
            {
                h.clear();
                self.older_more.set_value(None);
            }
            for m in fresh {
                h.insert(m.id, m);
            }
        });
        self.more_before.set(self.older_more.get_value().unwrap_or(more));
        self.error.set(None);
        self.data.set(Some(v));
    }

    fn newest_id(self) -> i64 {
        self.history.with_untracked(|h| h.keys().next_back().copied().unwrap_or(0))
    }

    /// Sends (or sends again) an outgoing message.
    fn submit(self, key: String) {
        let Some(out) = self.outgoing.with_untracked(|o| o.iter().find(|x| x.key == key).cloned()) else { return };
        self.outgoing.update(|o| {
            if let Some(x) = o.iter_mut().find(|x| x.key == key) {
                x.sending = true;
                x.error = None;
            }
        });
        let id = self.id;
        spawn_local(async move {
            let result = if out.note {
                inbox_note(id, out.text.clone(), key.clone()).await
            } else {
                inbox_reply(id, out.text.clone(), key.clone()).await
            };
            match result {
                Ok(m) => {
                    self.history.try_update(|h| h.insert(m.id, m));
                    self.outgoing.try_update(|o| o.retain(|x| x.key != key));
                    self.refresh.run();
                    self.refresh_list.run();
                }
                Err(e) => {
                    self.outgoing.try_update(|o| {
                        if let Some(x) = o.iter_mut().find(|x| x.key == key) {
                            x.sending = false;
                            x.error = Some(e);
                        }
                    });
                }
            }
        });
    }

    fn scroll_to_bottom(self) {
        self.at_bottom.set_value(true);
        let scroller = self.scroller;
        request_animation_frame(move || {
            #[cfg(feature = "hydrate")]
            if let Some(el) = scroller.get_untracked() {
                el.set_scroll_top(el.scroll_height());
            }
            #[cfg(not(feature = "hydrate"))]
            let _ = scroller;
        });
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum Item {
    Day(NaiveDate),
    Message(i64),
    Outgoing(String),
}

impl Item {
    fn key(&self) -> String {
        match self {
            Item::Day(d) => format!("d{d}"),
            Item::Message(id) => format!("m{id}"),
            Item::Outgoing(k) => format!("o{k}"),
        }
    }
}

#[component]
fn Conversation(id: i64) -> impl IntoView {
    let tr = t();
    let ctx = use_inbox();
    let conv = Conv {
        id,
        data: RwSignal::new(None),
        error: RwSignal::new(None),
        history: RwSignal::new(BTreeMap::new()),
        more_before: RwSignal::new(false),
        older_more: StoredValue::new(None),
        outgoing: RwSignal::new(Vec::new()),
        refresh: Refresh::empty(),
        refresh_list: ctx.refresh_list,
        toasts: ctx.toasts,
        scroller: NodeRef::new(),
        at_bottom: StoredValue::new(true),
    };
    conv.refresh.set_job(move || async move {
        match inbox_conversation(id).await {
            Ok(v) => {
                if !conv.data.is_disposed() {
                    conv.apply(v);
                }
            }
            Err(e) => {
                conv.error.try_set(Some(e));
            }
        }
    });
    ctx.open_refresh.set_value(Some((id, conv.refresh)));
    on_cleanup(move || {
        ctx.open_refresh.try_update_value(|r| {
            if r.is_some_and(|(open, _)| open == id) {
                *r = None;
            }
        });
    });
    ctx.show_card.set(false);
    Effect::new(move |_| conv.refresh.run());

    // The history as shown: day separators, messages, then what is still being sent (unless the
    // server's copy is already in — the live refresh may bring it before the reply's answer).
    let items = Memo::new(move |_| {
        let mut out = Vec::new();
        let mut day = None;
        conv.history.with(|h| {
            for (id, m) in h {
                if let Some(d) = live::local(&m.created_at).map(|d| d.date_naive())
                    && day != Some(d)
                {
                    day = Some(d);
                    out.push(Item::Day(d));
                }
                out.push(Item::Message(*id));
            }
            conv.outgoing.with(|o| {
                for x in o {
                    let arrived = x.sending
                        && h.range(x.after + 1..).any(|(_, m)| {
                            m.text.as_deref() == Some(x.text.trim())
                                && m.sender == if x.note { Sender::Note } else { Sender::Operator }
                        });
                    if !arrived {
                        out.push(Item::Outgoing(x.key.clone()));
                    }
                }
            });
        });
        out
    });
    // New messages keep the view at the bottom if it was there.
    Effect::new(move |_| {
        items.track();
        // Also when a message changes in place (a delivery state, a send that failed).
        conv.history.track();
        conv.outgoing.track();
        if conv.at_bottom.get_value() {
            conv.scroll_to_bottom();
        }
    });
    let on_scroll = move |_| {
        #[cfg(feature = "hydrate")]
        if let Some(el) = conv.scroller.get_untracked() {
            conv.at_bottom.set_value(el.scroll_height() - el.scroll_top() - el.client_height() < 48);
        }
    };

    // Read up to the newest message, whenever it is on screen.
    let seen = StoredValue::new(0i64);
    let focus_tick = RwSignal::new(0u32);
    let focus_listener = window_event_listener(leptos::ev::focus, move |_| focus_tick.update(|n| *n += 1));
    on_cleanup(move || focus_listener.remove());
    Effect::new(move |_| {
        focus_tick.track();
        let newest = conv.history.with(|h| h.keys().next_back().copied());
        let Some(newest) = newest else { return };
        if newest <= seen.get_value() || !live::page_visible() {
            return;
        }
        seen.set_value(newest);
        let had_unread =
            ctx.list.with_untracked(|l| l.as_ref().is_some_and(|p| p.rows.iter().any(|r| r.id == id && r.unread > 0)))
                || conv.data.with_untracked(|d| d.as_ref().is_some_and(|v| v.row.unread > 0));
        spawn_local(async move {
            if inbox_mark_read(id, newest).await.is_ok() && had_unread {
                ctx.refresh_list.run();
            }
        });
    });

    let loading_older = RwSignal::new(false);
    let load_older = move |_| {
        let Some(before) = conv.history.with_untracked(|h| h.keys().next().copied()) else { return };
        loading_older.set(true);
        spawn_local(async move {
            let result = inbox_older(id, before).await;
            loading_older.try_set(false);
            match result {
                Ok((messages, more)) => {
                    // Keep what the user looks at in place while earlier messages appear above.
                    #[cfg(feature = "hydrate")]
                    let from_bottom = conv.scroller.get_untracked().map(|el| el.scroll_height() - el.scroll_top());
                    conv.at_bottom.set_value(false);
                    conv.history.try_update(|h| {
                        for m in messages {
                            h.insert(m.id, m);
                        }
                    });
                    conv.older_more.try_set_value(Some(more));
                    conv.more_before.try_set(more);
                    #[cfg(feature = "hydrate")]
                    request_animation_frame(move || {
                        if let (Some(el), Some(from_bottom)) = (conv.scroller.get_untracked(), from_bottom) {
                            el.set_scroll_top(el.scroll_height() - from_bottom);
                        }
                    });
                }
                Err(e) => show_error(conv.toasts, tr, &e),
            }
        });
    };

    let loaded = Memo::new(move |_| conv.data.with(Option::is_some));
    // A memo, so that the pane below is built once (not on every refresh).
    let not_found = Memo::new(move |_| conv.error.with(|e| matches!(e, Some(ApiError::NotFound))) && !loaded.get());

    view! {
        <div class="conv" class:card-open=move || ctx.show_card.get() data-conversation-id=id.to_string()>
            {move || {
                if not_found.get() {
                    return view! {
                        <div class="pane-empty">
                            <div class="empty-icon"><Svg icon=Icon::Search size=40 /></div>
                            <h2>{tr.err_not_found}</h2>
                            <a class="btn btn-outline" href=move || format!("/inbox{}", query_string(ctx.tab.get(), &ctx.q.get()))>{tr.inbox.back_to_list}</a>
                        </div>
                    }
                    .into_any();
                }
                view! {
                    <div class="conv-main">
                        <ConvHeader conv />
                        <div class="history" node_ref=conv.scroller on:scroll=on_scroll tabindex="0" aria-label=tr.inbox.history_label>
                            {move || (!loaded.get() && conv.error.with(Option::is_none)).then(|| view! { <Loading /> })}
                            {move || (!loaded.get()).then(|| view! { <ErrorAlert error=conv.error /> })}
                            {move || {
                                conv.more_before.get().then(|| view! {
                                    <div class="history-older">
                                        <button type="button" class="btn btn-outline btn-sm" disabled=move || loading_older.get() on:click=load_older>
                                            {move || if loading_older.get() { view! { <span class="spinner" aria-hidden="true"></span> }.into_any() } else { ().into_any() }}
                                            {tr.inbox.load_earlier}
                                        </button>
                                    </div>
                                })
                            }}
                            {move || (loaded.get() && conv.history.with(BTreeMap::is_empty) && conv.outgoing.with(Vec::is_empty)).then(|| view! { <p class="history-empty">{tr.inbox.history_empty}</p> })}
                            <For each=move || items.get() key=Item::key let:item>
                                {match item {
                                    Item::Day(d) => view! { <DaySeparator day=d /> }.into_any(),
                                    Item::Message(mid) => view! { <MessageItem conv id=mid /> }.into_any(),
                                    Item::Outgoing(key) => view! { <OutgoingItem conv key /> }.into_any(),
                                }}
                            </For>
                        </div>
                        {move || (loaded.get() && conv.error.with(Option::is_some)).then(|| view! {
                            <div class="history-error"><ErrorAlert error=conv.error /></div>
                        })}
                        <Composer conv />
                    </div>
                    <CustomerPanel conv />
                }
                .into_any()
            }}
        </div>
    }
}

#[component]
fn DaySeparator(day: NaiveDate) -> impl IntoView {
    let tr = t();
    let ctx = use_inbox();
    let label = move || ctx.today.get().map(|today| tr.inbox.day(day, today)).unwrap_or_default();
    view! { <div class="day-sep" role="separator"><span>{label}</span></div> }
}

// ---------------------------------------------------------------------------------------------
// Header and actions

#[derive(Clone, Debug, PartialEq)]
enum Op {
    Take,
    Resolve,
    Reopen,
    Release,
    Assign(i64, String),
}

#[component]
fn ConvHeader(conv: Conv) -> impl IntoView {
    let tr = t();
    let ctx = use_inbox();
    let toasts = use_toasts();
    let id = conv.id;
    let head = Memo::new(move |_| {
        conv.data.with(|d| {
            d.as_ref().map(|v| HeadState {
                name: v.row.customer_name.clone(),
                username: v.row.username.clone(),
                status: v.row.status,
                assignee_id: v.row.assignee_id,
                assignee_name: v.row.assignee_name.clone(),
                blocked: v.customer.blocked,
                can_act: v.can_act,
                can_take: v.can_take,
            })
        })
    });
    let act = Action::new(move |op: &Op| {
        let op = op.clone();
        async move {
            let result = match &op {
                Op::Take => inbox_take(id).await,
                Op::Resolve => inbox_resolve(id).await,
                Op::Reopen => inbox_reopen(id).await,
                Op::Release => inbox_release(id).await,
                Op::Assign(staff, _) => inbox_assign(id, *staff).await,
            };
            (op, result)
        }
    });
    Effect::new(move |_| {
        if let Some((op, result)) = act.value().get() {
            match result {
                Ok(()) => toasts.success(match op {
                    Op::Take => tr.inbox.toast_taken.to_string(),
                    Op::Resolve => tr.inbox.toast_resolved.to_string(),
                    Op::Reopen => tr.inbox.toast_reopened.to_string(),
                    Op::Release => tr.inbox.toast_released.to_string(),
                    Op::Assign(_, name) => (tr.inbox.toast_assigned)(&name),
                }),
                Err(e) => toasts.show(ToastKind::Error, tr.error(&e)),
            }
            // Either way the conversation may have changed (someone else may have acted first).
            conv.refresh.run();
            ctx.refresh_list.run();
        }
    });
    let busy = move || act.pending().get();
    let back = move || format!("/inbox{}", query_string(ctx.tab.get(), &ctx.q.get()));
    let assign_value = RwSignal::new(String::new());

    let body = move || {
        let Some(h) = head.get() else {
            return view! { <div class="conv-title"><span class="skeleton skeleton-title"></span></div> }.into_any();
        };
        let active = matches!(h.status, ConvStatus::Waiting | ConvStatus::Assigned);
        let take = h.can_take.then(|| view! {
            <button type="button" class="btn btn-primary btn-sm" data-testid="action-take" disabled=busy on:click=move |_| { act.dispatch(Op::Take); }>
                {tr.inbox.take}
            </button>
        });
        let release = (h.can_act && h.status == ConvStatus::Assigned).then(|| view! {
            <button type="button" class="btn btn-outline btn-sm" data-testid="action-release" disabled=busy on:click=move |_| { act.dispatch(Op::Release); }>
                {tr.inbox.release}
            </button>
        });
        let resolve = (h.can_act && active).then(|| view! {
            <button type="button" class="btn btn-success btn-sm" data-testid="action-resolve" disabled=busy on:click=move |_| { act.dispatch(Op::Resolve); }>
                {tr.inbox.resolve}
            </button>
        });
        let reopen = (h.can_act && h.status == ConvStatus::Resolved).then(|| view! {
            <button type="button" class="btn btn-outline btn-sm" data-testid="action-reopen" disabled=busy on:click=move |_| { act.dispatch(Op::Reopen); }>
                {tr.inbox.reopen}
            </button>
        });
        let assignee = h.assignee_id;
        let assign = (ctx.is_admin && active).then(|| view! {
            <select
                class="form-control form-select assign-select"
                data-testid="assign-select"
                aria-label=tr.inbox.assign_to
                disabled=busy
                prop:value=move || assign_value.get()
                on:change=move |ev| {
                    let v = event_target_value(&ev);
                    if let Ok(staff) = v.parse::<i64>() {
                        let name = ctx.staff.with_untracked(|s| s.iter().find(|o| o.id == staff).map(|o| o.name.clone())).unwrap_or_default();
                        act.dispatch(Op::Assign(staff, name));
                    }
                    assign_value.set(String::new());
                }
            >
                <option value="">{tr.inbox.assign_to}</option>
                {move || {
                    ctx.staff
                        .get()
                        .into_iter()
                        .filter(|o| Some(o.id) != assignee)
                        .map(|o| view! { <option value=o.id.to_string()>{o.name}</option> })
                        .collect_view()
                }}
            </select>
        });
        let no_actions =
            take.is_none() && assign.is_none() && release.is_none() && resolve.is_none() && reopen.is_none();
        let assignee_text = match (&h.assignee_name, h.status) {
            (Some(n), ConvStatus::Assigned | ConvStatus::Resolved) => Some((tr.inbox.assigned_to)(n)),
            (_, ConvStatus::Waiting) => Some(tr.inbox.unassigned.to_string()),
            _ => None,
        };
        view! {
            <div class="conv-title">
                <h2 class="conv-name">{h.name.clone()}</h2>
                <div class="conv-sub">
                    <span class=status_class(h.status) data-testid="conversation-status" data-status=status_code(h.status)>{tr.inbox.status(h.status)}</span>
                    {h.username.clone().map(|u| view! { <span class="conv-username">"@"{u}</span> })}
                    {assignee_text.map(|a| view! { <span class="conv-assignee">{a}</span> })}
                    {h.blocked.then(|| view! { <span class="badge badge-danger">{tr.inbox.card_blocked}</span> })}
                </div>
            </div>
            <div class="conv-actions" class:empty=no_actions>{take}{assign}{release}{resolve}{reopen}</div>
        }
        .into_any()
    };
    let notice = move || {
        let h = head.get()?;
        if h.can_act {
            return None;
        }
        let text = match (h.status, &h.assignee_name) {
            (ConvStatus::Bot, _) => tr.inbox.read_only_bot.to_string(),
            (_, Some(name)) => (tr.inbox.read_only_assigned)(name),
            _ => tr.inbox.read_only.to_string(),
        };
        Some(view! { <div class="conv-notice" data-testid="read-only">{text}</div> })
    };
    view! {
        <header class="conv-header" data-testid="conversation-header">
            <a class="icon-btn back-btn" href=back title=tr.inbox.back_to_list>
                <Svg icon=Icon::ArrowLeft size=18 />
                <span class="sr-only">{tr.inbox.back_to_list}</span>
            </a>
            {body}
            <button
                type="button"
                class="icon-btn card-toggle"
                aria-controls="customer-card"
                aria-expanded=move || ctx.show_card.get().to_string()
                title=tr.inbox.card_show
                on:click=move |_| ctx.show_card.update(|s| *s = !*s)
            >
                <Svg icon=Icon::Person size=18 />
                <span class="sr-only">{tr.inbox.card_show}</span>
            </button>
        </header>
        {notice}
    }
}

// ---------------------------------------------------------------------------------------------
// Messages

#[component]
fn MessageItem(conv: Conv, id: i64) -> impl IntoView {
    let tr = t();
    let Some(m) = conv.history.with_untracked(|h| h.get(&id).cloned()) else { return ().into_any() };
    let time = live::local(&m.created_at).map(|d| d.format("%H:%M").to_string()).unwrap_or_default();
    let full = full_time(&m.created_at);
    if m.sender == Sender::System {
        let text = tr.inbox.system_line(m.text.as_deref().unwrap_or_default(), m.staff_name.as_deref());
        return view! {
            <div class="msg-system" data-testid="message" data-sender="system" data-message-id=id.to_string()>
                <span>{text}</span>
                <time datetime=m.created_at.clone() title=full>{time}</time>
            </div>
        }
        .into_any();
    }
    let delivery = Memo::new(move |_| conv.history.with(|h| h.get(&id).and_then(|m| m.delivery.clone())));
    let author = match m.sender {
        Sender::Customer => None,
        Sender::Bot => Some(
            view! {
                <span class="msg-author-name">{tr.inbox.sender_bot}</span>
                {m.faq.clone().map(|(_, q)| {
                    let title = q.clone();
                    view! { <span class="msg-faq" title=title>{tr.inbox.faq_prefix}" "{q}</span> }
                })}
            }
            .into_any(),
        ),
        Sender::Operator => {
            Some(view! { <span class="msg-author-name">{m.staff_name.clone().unwrap_or_default()}</span> }.into_any())
        }
        Sender::Note => Some(
            view! {
                <span class="msg-note-label">{tr.inbox.internal_note}</span>
                {m.staff_name.clone().map(|n| view! { <span class="msg-author-name">{n}</span> })}
            }
            .into_any(),
        ),
        Sender::System => None,
    };
    let retry = move |_| {
        spawn_local(async move {
            match inbox_retry(id).await {
                Ok(()) => {
                    conv.toasts.success(tr.inbox.retried.to_string());
                    conv.refresh.run();
                }
                Err(e) => show_error(conv.toasts, tr, &e),
            }
        });
    };
    // Only operator replies are sent again, by those who may act on the conversation.
    let is_reply = m.sender == Sender::Operator;
    let can_retry = move || is_reply && conv.data.with(|d| d.as_ref().is_some_and(|v| v.can_act));
    let sender = m.sender;
    view! {
        <div
            class=format!("msg msg-{} {}", sender_code(sender), if sender == Sender::Customer { "msg-in" } else { "msg-out" })
            data-testid="message"
            data-sender=sender_code(sender)
            data-message-id=id.to_string()
        >
            {author.map(|a| view! { <div class="msg-author">{a}</div> })}
            <div class="msg-bubble">
                <MessageBody m=m.clone() />
                <div class="msg-foot">
                    {(m.kind == "edited").then(|| view! { <span class="msg-edited">{tr.inbox.edited}</span> })}
                    <time datetime=m.created_at.clone() title=full>{time}</time>
                    {move || delivery.get().map(|d| delivery_view(d, can_retry(), retry))}
                </div>
            </div>
        </div>
    }
    .into_any()
}

fn delivery_view(d: Delivery, can_retry: bool, retry: impl Fn(leptos::ev::MouseEvent) + 'static) -> AnyView {
    let tr = t();
    match d {
        Delivery::Sending { attempts, last_error } => {
            let (label, title) = if attempts > 0 {
                ((tr.inbox.delivery_retrying)(attempts), last_error.unwrap_or_default())
            } else {
                (tr.inbox.delivery_sending.to_string(), String::new())
            };
            view! { <span class="delivery delivery-sending" data-testid="delivery" data-state="sending" title=title>{label}</span> }.into_any()
        }
        Delivery::Sent => view! {
            <span class="delivery delivery-sent" data-testid="delivery" data-state="sent">
                <span aria-hidden="true">"✓ "</span>{tr.inbox.delivery_sent}
            </span>
        }
        .into_any(),
        Delivery::Failed { error } => view! {
            <span class="delivery delivery-failed" data-testid="delivery" data-state="failed" title=error>{tr.inbox.delivery_failed}</span>
            {can_retry.then(|| view! {
                <button type="button" class="btn-link retry-btn" data-testid="retry-button" on:click=retry>{tr.retry}</button>
            })}
        }
        .into_any(),
    }
}

/// The text, media and caption of a message.
#[component]
fn MessageBody(m: MessageView) -> impl IntoView {
    let tr = t();
    let url = format!("/media/{}", m.id);
    let label = (tr.inbox.kind_label)(&m.kind);
    let broken = RwSignal::new(false);
    let chip = {
        let url = url.clone();
        move || {
            view! {
                <a class="attachment" href=url.clone() download>
                    <Svg icon=Icon::Paperclip size=16 />
                    <span class="attachment-label">{label}</span>
                    <span class="attachment-action">{tr.inbox.download}</span>
                </a>
            }
        }
    };
    let media = match (m.kind.as_str(), m.has_file) {
        (kind @ ("photo" | "sticker"), true) => {
            let class = if kind == "sticker" { "media media-sticker" } else { "media media-photo" };
            let alt = m.caption.clone().unwrap_or_else(|| label.to_string());
            let chip = chip.clone();
            Some(
                view! {
                    {move || if broken.get() {
                        chip().into_any()
                    } else {
                        view! {
                            <a class=class href=url.clone() target="_blank" rel="noopener" title=tr.inbox.open_file>
                                <img src=url.clone() alt=alt.clone() loading="lazy" decoding="async" on:error=move |_| broken.set(true) />
                            </a>
                        }
                        .into_any()
                    }}
                }
                .into_any(),
            )
        }
        ("voice" | "audio", true) => Some(
            view! {
                <audio class="media-audio" controls preload="none" src=url.clone()></audio>
                {chip()}
            }
            .into_any(),
        ),
        (_, true) => Some(chip().into_any()),
        ("location" | "venue", false) => {
            let map = m.text.as_deref().and_then(map_link);
            Some(
                view! {
                    <span class="attachment attachment-static">
                        <Svg icon=Icon::MapPin size=16 />
                        <span class="attachment-label">{label}</span>
                        {map.map(|href| view! { <a class="attachment-action" href=href target="_blank" rel="noopener">{tr.inbox.show_on_map}</a> })}
                    </span>
                }
                .into_any(),
            )
        }
        ("text" | "edited" | "note" | "event", false) => None,
        (kind, false) => Some(
            view! {
                <span class="attachment attachment-static">
                    <Svg icon=if kind == "contact" { Icon::Person } else { Icon::Paperclip } size=16 />
                    <span class="attachment-label">{label}</span>
                </span>
            }
            .into_any(),
        ),
    };
    let text = m.text.clone().filter(|t| !t.is_empty());
    view! {
        {media}
        {text.map(|t| view! { <div class="msg-text">{t}</div> })}
        {m.caption.clone().filter(|c| !c.is_empty()).map(|c| view! { <div class="msg-text msg-caption">{c}</div> })}
    }
}

/// `55.75, 37.61` → a map link.
fn map_link(text: &str) -> Option<String> {
    let (lat, lon) = text.split_once(',')?;
    let (lat, lon) = (lat.trim().parse::<f64>().ok()?, lon.trim().parse::<f64>().ok()?);
    Some(format!("https://www.openstreetmap.org/?mlat={lat}&mlon={lon}#map=16/{lat}/{lon}"))
}

#[component]
fn OutgoingItem(conv: Conv, key: String) -> impl IntoView {
    let tr = t();
    let k = key.clone();
    let out = Memo::new(move |_| conv.outgoing.with(|o| o.iter().find(|x| x.key == k).cloned()));
    let Some(first) = out.get_untracked() else { return ().into_any() };
    let sender = if first.note { Sender::Note } else { Sender::Operator };
    let (k1, k2) = (key.clone(), key.clone());
    view! {
        <div
            class=format!("msg msg-{} msg-out msg-pending", sender_code(sender))
            data-testid="message"
            data-sender=sender_code(sender)
            data-pending="true"
        >
            {first.note.then(|| view! { <div class="msg-author"><span class="msg-note-label">{tr.inbox.internal_note}</span></div> })}
            <div class="msg-bubble">
                <div class="msg-text">{first.text.clone()}</div>
                <div class="msg-foot">
                    {move || {
                        let Some(o) = out.get() else { return ().into_any() };
                        if o.sending {
                            return view! {
                                <span class="delivery delivery-sending" data-testid="delivery" data-state="sending">{tr.inbox.delivery_sending}</span>
                            }
                            .into_any();
                        }
                        let why = o.error.as_ref().map(|e| tr.error(e)).unwrap_or_default();
                        let (k1, k2) = (k1.clone(), k2.clone());
                        view! {
                            <span class="delivery delivery-failed" data-testid="delivery" data-state="failed" title=why.clone()>
                                {tr.inbox.not_sent}
                            </span>
                            <button type="button" class="btn-link retry-btn" data-testid="retry-button" on:click=move |_| conv.submit(k1.clone())>
                                {tr.retry}
                            </button>
                            <button type="button" class="btn-link discard-btn" on:click=move |_| conv.outgoing.update(|o| o.retain(|x| x.key != k2))>
                                {tr.inbox.discard}
                            </button>
                            <div class="msg-error">{why}</div>
                        }
                        .into_any()
                    }}
                </div>
            </div>
        </div>
    }
    .into_any()
}

// ---------------------------------------------------------------------------------------------
// Composer

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Mode {
    Reply,
    Note,
}

#[component]
fn Composer(conv: Conv) -> impl IntoView {
    let tr = t();
    let ctx = use_inbox();
    let id = conv.id;
    let state = Memo::new(move |_| {
        conv.data.with(|d| d.as_ref().map(|v| (v.can_act || v.can_take, v.row.status, v.customer.blocked)))
    });
    let draft = RwSignal::new(ctx.drafts.with_value(|d| d.get(&id).cloned()).unwrap_or_default());
    Effect::new(move |_| {
        let text = draft.get();
        ctx.drafts.update_value(|d| {
            if text.is_empty() {
                d.remove(&id);
            } else {
                d.insert(id, text);
            }
        });
    });
    let mode = RwSignal::new(Mode::Reply);
    let input = NodeRef::<leptos::html::Textarea>::new();
    // Why replies are off right now (a note can still be written), and whether that is a problem
    // (the customer blocked the bot) or just the state (resolved).
    let reply_off = move || match state.get() {
        Some((_, _, true)) => Some((tr.inbox.customer_blocked, false)),
        Some((_, ConvStatus::Resolved, _)) => Some((tr.inbox.composer_resolved, true)),
        _ => None,
    };
    let disabled = move || mode.get() == Mode::Reply && reply_off().is_some();

    // The "/" picker.
    let picked = RwSignal::new(0usize);
    let dismissed = RwSignal::new(None::<String>);
    let matches = Memo::new(move |_| {
        let d = draft.get();
        let q = shortcut_query(&d)?;
        if dismissed.get().as_deref() == Some(d.as_str()) || ctx.canned.with(Vec::is_empty) {
            return None;
        }
        let mut found: Vec<CannedResponse> =
            ctx.canned.with(|c| c.iter().filter(|c| c.shortcut.starts_with(&q)).cloned().collect());
        found.sort_by(|a, b| (a.shortcut != q, &a.shortcut).cmp(&(b.shortcut != q, &b.shortcut)));
        found.truncate(8);
        Some(found)
    });
    Effect::new(move |_| {
        matches.track();
        picked.set(0);
    });
    let focus_input = move || {
        #[cfg(feature = "hydrate")]
        if let Some(el) = input.get_untracked() {
            let _ = el.focus();
            let end = el.value().encode_utf16().count() as u32;
            let _ = el.set_selection_range(end, end);
        }
    };
    let pick = move |c: CannedResponse| {
        dismissed.set(Some(c.text.clone()));
        draft.set(c.text);
        request_animation_frame(focus_input);
    };

    let send = move || {
        let text = draft.get_untracked();
        if text.trim().is_empty() || disabled() {
            return;
        }
        let key = live::client_key();
        conv.outgoing.update(|o| {
            o.push(Outgoing {
                key: key.clone(),
                text: text.trim().to_string(),
                note: mode.get_untracked() == Mode::Note,
                after: conv.newest_id(),
                sending: true,
                error: None,
            })
        });
        draft.set(String::new());
        conv.scroll_to_bottom();
        conv.submit(key);
    };

    let on_keydown = move |ev: KeyboardEvent| {
        let key = ev.key();
        if let Some(list) = matches.get_untracked() {
            let n = list.len();
            match key.as_str() {
                "ArrowDown" if n > 0 => {
                    ev.prevent_default();
                    picked.update(|i| *i = (*i + 1) % n);
                    return;
                }
                "ArrowUp" if n > 0 => {
                    ev.prevent_default();
                    picked.update(|i| *i = (*i + n - 1) % n);
                    return;
                }
                "Enter" | "Tab" if n > 0 && !ev.shift_key() => {
                    ev.prevent_default();
                    pick(list[picked.get_untracked().min(n - 1)].clone());
                    return;
                }
                "Escape" => {
                    ev.prevent_default();
                    dismissed.set(Some(draft.get_untracked()));
                    return;
                }
                _ => {}
            }
        }
        if key == "Enter" && !ev.shift_key() && !ev.is_composing() {
            ev.prevent_default();
            send();
        }
    };

    let picker = move || {
        let list = matches.get()?;
        let options = if list.is_empty() {
            view! { <li class="picker-empty">{tr.inbox.canned_picker_empty}</li> }.into_any()
        } else {
            list.into_iter()
                .enumerate()
                .map(|(i, c)| {
                    let chosen = move || picked.get() == i;
                    let c2 = c.clone();
                    view! {
                        <li
                            id=format!("canned-{i}")
                            role="option"
                            class="picker-item"
                            aria-selected=move || chosen().to_string()
                            on:mousedown=move |ev| {
                                ev.prevent_default();
                                pick(c2.clone());
                            }
                            on:mousemove=move |_| if picked.get_untracked() != i { picked.set(i) }
                        >
                            <span class="picker-shortcut">"/"{c.shortcut.clone()}</span>
                            <span class="picker-title">{c.title.clone()}</span>
                            <span class="picker-text">{c.text.clone()}</span>
                        </li>
                    }
                })
                .collect_view()
                .into_any()
        };
        Some(view! {
            <div class="canned-picker" data-testid="canned-picker">
                <ul role="listbox" id="canned-picker-list" aria-label=tr.inbox.canned_picker_label>{options}</ul>
                <div class="picker-hint">{tr.inbox.canned_picker_hint}</div>
            </div>
        })
    };

    let shown = Memo::new(move |_| state.with(|s| s.is_some_and(|(shown, _, _)| shown)));
    let waiting = move || state.with(|s| s.is_some_and(|(_, status, _)| status == ConvStatus::Waiting));
    move || {
        if !shown.get() {
            return None;
        }
        let hint = move || {
            if mode.get() == Mode::Reply && waiting() {
                tr.inbox.composer_takes_hint
            } else {
                tr.inbox.composer_keys_hint
            }
        };
        Some(view! {
            <form
                class="composer"
                class:note=move || mode.get() == Mode::Note
                on:submit=move |ev| {
                    ev.prevent_default();
                    send();
                }
            >
                <div class="composer-top">
                    <div class="segmented" role="group" aria-label=tr.inbox.mode_label>
                        <button type="button" aria-pressed=move || (mode.get() == Mode::Reply).to_string() data-testid="composer-mode-reply" on:click=move |_| mode.set(Mode::Reply)>
                            {tr.inbox.mode_reply}
                        </button>
                        <button type="button" aria-pressed=move || (mode.get() == Mode::Note).to_string() data-testid="composer-mode-note" on:click=move |_| mode.set(Mode::Note)>
                            {tr.inbox.mode_note}
                        </button>
                    </div>
                    <span class="composer-hint">{hint}</span>
                </div>
                {move || {
                    (mode.get() == Mode::Reply).then(reply_off).flatten().map(|(why, info)| view! {
                        <div class="composer-blocked" class:info=info data-testid="composer-blocked">{why}</div>
                    })
                }}
                <div class="composer-box">
                    {picker}
                    <label class="sr-only" for="composer-input">{tr.inbox.composer_label}</label>
                    <textarea
                        id="composer-input"
                        class="form-control composer-input"
                        data-testid="composer-input"
                        rows="2"
                        node_ref=input
                        placeholder=move || if mode.get() == Mode::Note { tr.inbox.composer_note_placeholder } else { tr.inbox.composer_reply_placeholder }
                        disabled=disabled
                        aria-autocomplete="list"
                        aria-controls="canned-picker-list"
                        aria-expanded=move || matches.with(Option::is_some).to_string()
                        aria-activedescendant=move || matches.with(|m| m.as_ref().is_some_and(|l| !l.is_empty())).then(|| format!("canned-{}", picked.get()))
                        prop:value=move || draft.get()
                        on:input=move |ev| draft.set(event_target_value(&ev))
                        on:keydown=on_keydown
                    ></textarea>
                    <button type="submit" class="btn btn-primary composer-send" data-testid="composer-send" disabled=move || disabled() || draft.with(|d| d.trim().is_empty())>
                        <Svg icon=Icon::Send size=16 />
                        <span class="composer-send-label">{move || if mode.get() == Mode::Note { tr.inbox.add_note } else { tr.inbox.send }}</span>
                    </button>
                </div>
            </form>
        })
    }
}

// ---------------------------------------------------------------------------------------------
// Customer card

#[component]
fn CustomerPanel(conv: Conv) -> impl IntoView {
    let tr = t();
    let ctx = use_inbox();
    let customer = Memo::new(move |_| conv.data.with(|d| d.as_ref().map(|v| v.customer.clone())));
    view! {
        <aside class="customer-card" id="customer-card" data-testid="customer-card" aria-label=tr.inbox.card_title>
            <div class="card-head">
                <h2>{tr.inbox.card_title}</h2>
                <button type="button" class="icon-btn card-close" title=tr.inbox.card_hide on:click=move |_| ctx.show_card.set(false)>
                    <span aria-hidden="true">"×"</span>
                    <span class="sr-only">{tr.inbox.card_hide}</span>
                </button>
            </div>
            {move || customer.get().map(|c| view! { <CustomerDetails c /> })}
        </aside>
    }
}

#[component]
fn CustomerDetails(c: CustomerCard) -> impl IntoView {
    let tr = t();
    let ctx = use_inbox();
    let none = || view! { <span class="muted">{t().none}</span> }.into_any();
    let username = match c.username.clone() {
        Some(u) => {
            let href = format!("https://t.me/{u}");
            view! { <a href=href target="_blank" rel="noopener">"@"{u}</a> }.into_any()
        }
        None => none(),
    };
    let others = if c.conversations.is_empty() {
        view! { <p class="muted small">{tr.inbox.card_no_history}</p> }.into_any()
    } else {
        c.conversations
            .iter()
            .map(|p| {
                let href = {
                    let pid = p.id;
                    move || format!("/inbox/{pid}{}", query_string(ctx.tab.get(), &ctx.q.get()))
                };
                let when = full_time(&p.created_at);
                view! {
                    <li>
                        <a class="past-conv" href=href>
                            <span class="past-no">{(tr.inbox.conversation_no)(p.id)}</span>
                            <span class=status_class(p.status)>{tr.inbox.status(p.status)}</span>
                            <span class="past-date">{when}</span>
                            {p.rating.map(|r| view! { <span class="past-rating">{(tr.inbox.rating)(r)}</span> })}
                        </a>
                    </li>
                }
            })
            .collect_view()
            .into_any()
    };
    view! {
        <div class="card-scroll">
            <div class="card-name">
                <span class="card-avatar" aria-hidden="true">{c.name.chars().next().map(|ch| ch.to_uppercase().to_string()).unwrap_or_default()}</span>
                <span class="card-name-text">{c.name.clone()}</span>
            </div>
            {c.blocked.then(|| view! { <p><span class="badge badge-danger">{tr.inbox.card_blocked}</span></p> })}
            <dl class="card-facts">
                <dt>{tr.inbox.card_username}</dt>
                <dd>{username}</dd>
                <dt>{tr.inbox.card_language}</dt>
                <dd>{c.language.clone().map(|l| view! { <span class="mono">{l}</span> }.into_any()).unwrap_or_else(none)}</dd>
                <dt>{tr.inbox.card_first_seen}</dt>
                <dd>{full_time(&c.first_seen_at)}</dd>
                <dt>{tr.inbox.card_last_seen}</dt>
                <dd>{full_time(&c.last_seen_at)}</dd>
                <dt>{tr.inbox.card_source}</dt>
                <dd>{c.source.clone().map(|s| view! { <span class="mono">{s}</span> }.into_any()).unwrap_or_else(none)}</dd>
                <dt>{tr.inbox.card_telegram_id}</dt>
                <dd class="mono">{c.telegram_user_id.to_string()}</dd>
            </dl>
            <h3 class="card-subhead">{tr.inbox.card_history}</h3>
            <ul class="past-list">{others}</ul>
        </div>
    }
}

// ---------------------------------------------------------------------------------------------
// DOM helpers (browser only)

#[cfg(feature = "hydrate")]
mod dom {
    use wasm_bindgen::JsCast;

    /// Moves the focus among `selector` items inside `root` for the arrow, Home and End keys.
    /// Returns whether it moved.
    pub fn move_focus(root: &web_sys::Element, selector: &str, key: &str) -> bool {
        let Ok(list) = root.query_selector_all(selector) else { return false };
        let items: Vec<web_sys::HtmlElement> =
            (0..list.length()).filter_map(|i| list.item(i)).filter_map(|n| n.dyn_into().ok()).collect();
        if items.is_empty() {
            return false;
        }
        let active = web_sys::window().and_then(|w| w.document()).and_then(|d| d.active_element());
        let current = active.and_then(|a| items.iter().position(|i| *i == *a.unchecked_ref::<web_sys::HtmlElement>()));
        let last = items.len() - 1;
        let next = match (key, current) {
            ("Home", _) => 0,
            ("End", _) => last,
            ("ArrowDown", Some(i)) => (i + 1).min(last),
            ("ArrowUp", Some(i)) => i.saturating_sub(1),
            ("ArrowDown", None) => 0,
            ("ArrowUp", None) => last,
            _ => return false,
        };
        let _ = items[next].focus();
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn list_state_goes_into_the_query() {
        assert_eq!(query_string(Tab::Waiting, ""), "?tab=waiting");
        assert_eq!(query_string(Tab::Mine, "  "), "?tab=mine");
        assert_eq!(query_string(Tab::Open, "Анна @x&y"), "?tab=open&q=%D0%90%D0%BD%D0%BD%D0%B0%20%40x%26y");
    }

    #[test]
    fn the_open_conversation_comes_from_the_path() {
        assert_eq!(open_id_of("/inbox/42"), Some(42));
        assert_eq!(open_id_of("/inbox/42/"), Some(42));
        assert_eq!(open_id_of("/inbox"), None);
        assert_eq!(open_id_of("/inbox/x"), None);
    }

    #[test]
    fn locations_link_to_a_map() {
        assert_eq!(
            map_link("55.75, 37.61").as_deref(),
            Some("https://www.openstreetmap.org/?mlat=55.75&mlon=37.61#map=16/55.75/37.61")
        );
        assert_eq!(map_link("Red Square"), None);
    }
}
