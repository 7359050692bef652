//! The inbox's routes: `/inbox` (the list, and nothing open yet) and `/inbox/:id` (a conversation
//! beside the list).
//!
//! The first list comes with the page: the server renders it with its rows (a resource read in a
//! `Suspense`, which hydration reads back instead of fetching again), so the rows are on screen
//! before the wasm has loaded. Times and waiting clocks appear once the page runs (they depend on
//! the browser's clock and time zone, which the server doesn't know, so both sides render them
//! empty first). From then on the live feed ([`super::live`]) keeps it fresh. A live event fetches only
//! what it changed, by id ([`super::sync::plan`]): a list row, the open conversation's head, one
//! message. The work is coalesced: the list and the open conversation each run one job at a time,
//! and what events ask for meanwhile is done once, in the next run (a burst loads everything).

use std::collections::HashMap;

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_meta::Title;
use leptos_router::components::Outlet;
use leptos_router::hooks::{use_location, use_navigate, use_params_map, use_query_map};

use super::context::{Inbox, open_id_of};
use super::conversation::Conversation;
use super::keys;
use super::list::ListPane;
use crate::auth::use_auth;
use crate::error::ApiError;
use crate::i18n::t;
use crate::icons::Icon;
use crate::inbox::api::{canned_list, inbox_counts, inbox_list, inbox_row, inbox_staff};
use crate::inbox::live::{self, LiveMsg, Refresh};
use crate::inbox::model::{EventKind, InboxPage, InboxTab};
use crate::inbox::sync::{self, ListWork, merge_row};
use crate::ui::{EmptyState, use_toasts};

#[component]
pub fn InboxPage() -> impl IntoView {
    let tr = t();
    let auth = use_auth();
    let user = auth.user.get_untracked().and_then(Result::ok).flatten();
    let query = use_query_map();
    let tab = Memo::new(move |_| query.read().get("tab").and_then(|t| InboxTab::parse(&t)).unwrap_or_default());
    let q = Memo::new(move |_| query.read().get("q").unwrap_or_default());
    let location = use_location();
    let open_id = Memo::new(move |_| open_id_of(&location.pathname.read()));

    let list = RwSignal::new(None::<InboxPage>);
    let list_for = RwSignal::new(None::<(InboxTab, String)>);
    let list_error = RwSignal::new(None::<ApiError>);
    let list_work = StoredValue::new(ListWork::default());
    // The list's work, one run at a time: the whole list (a new tab or search, a reconnect, a
    // burst), or the rows live events named, each fetched by id and put in its place.
    let refresh_list = Refresh::empty();
    refresh_list.set_job(move || async move {
        let (Some(asked_tab), Some(asked_q)) = (tab.try_get_untracked(), q.try_get_untracked()) else { return };
        let Some(work) = list_work.try_update_value(std::mem::take) else { return };
        let shown = list_for.try_get_untracked().flatten() == Some((asked_tab, asked_q.clone()))
            && list.with_untracked(Option::is_some);
        let moved = {
            let asked_q = asked_q.clone();
            move || tab.try_get_untracked() != Some(asked_tab) || q.try_get_untracked().as_ref() != Some(&asked_q)
        };
        if work.whole() || !shown {
            let result = inbox_list(asked_tab, asked_q.clone()).await;
            // The user moved to another tab or search meanwhile: that one's refresh follows.
            if moved() {
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
            return;
        }
        for id in work.rows {
            let result = inbox_row(id, asked_tab, asked_q.clone()).await;
            if moved() {
                return;
            }
            match result {
                Ok(update) => {
                    let mut kept = true;
                    list.try_update(|l| {
                        if let Some(page) = l {
                            kept =
                                merge_row(page, asked_tab, !asked_q.trim().is_empty(), id, update.row, update.counts);
                        }
                    });
                    if !kept {
                        list_work.try_update_value(|w| w.full = true);
                        refresh_list.run();
                        return;
                    }
                }
                Err(ApiError::Unauthorized) => return auth.refresh(),
                Err(e) => list_error.set(Some(e)),
            }
        }
    });
    // The first list, with the page (see above): it fills `list` when it arrives.
    let first_list = Resource::new(
        || (),
        move |_| {
            let (asked_tab, asked_q) = (tab.get_untracked(), q.get_untracked());
            async move {
                let result = inbox_list(asked_tab, asked_q.clone()).await;
                (asked_tab, asked_q, result)
            }
        },
    );
    Effect::new(move |before: Option<()>| {
        tab.track();
        q.track();
        // The page's own list is there (or on its way) for the first tab and search.
        let first = before.is_none();
        if first && (list.with_untracked(Option::is_some) || first_list.with_untracked(Option::is_none)) {
            return;
        }
        list_work.update_value(|w| w.full = true);
        refresh_list.run();
    });

    let clock = live::use_clock();
    let ctx = Inbox {
        tab,
        q,
        open_id,
        list,
        first_list,
        list_for,
        list_error,
        list_work,
        refresh_list,
        open_conv: StoredValue::new(None),
        clock,
        today: Memo::new(move |_| clock.get().and_then(live::local_today)),
        drafts: StoredValue::new(HashMap::new()),
        canned: RwSignal::new(Vec::new()),
        staff: RwSignal::new(Vec::new()),
        show_card: RwSignal::new(false),
        focus_on_open: StoredValue::new(true),
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
        let open = ctx.open_conv.try_get_value().flatten();
        match msg {
            LiveMsg::RefreshAll => {
                ctx.reload_list();
                if let Some(o) = open {
                    o.reload();
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
            // Exactly what changed, by id: the row, the open conversation's head, one message.
            LiveMsg::Event(ev) => {
                if ev.kind == EventKind::Faq {
                    return;
                }
                let Some(conversation) = ev.conversation_id else { return ctx.reload_list() };
                let open = open.filter(|o| o.id == conversation);
                let plan = sync::plan(&ev, open.is_some());
                if plan.row {
                    ctx.refresh_row(conversation);
                }
                if let Some(o) = open {
                    if plan.head {
                        o.refresh_head();
                    }
                    if let Some((message, changed)) = plan.message {
                        o.refresh_message(message, changed);
                    }
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
    // `try_get`: leptos_meta may read the title after the page's reactive owner is gone (a second
    // server render of /inbox panicked here and dropped the connection).
    let title = move || match waiting.try_get().flatten() {
        Some(n) if n > 0 => format!("({n}) {}", tr.inbox.title),
        _ => tr.inbox.title.to_string(),
    };

    // Keyboard shortcuts (see `keys`).
    let help = RwSignal::new(false);
    let navigate = use_navigate();
    let on_key = window_event_listener(leptos::ev::keydown, move |ev| {
        #[cfg(feature = "hydrate")]
        {
            use super::context::query_string;
            use wasm_bindgen::JsCast;
            let document = document();
            // Dialogs (this one's too) and the canned picker handle their own keys.
            if ev.default_prevented() || document.query_selector("[role=dialog]").ok().flatten().is_some() {
                return;
            }
            let in_text = ev.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()).is_some_and(|el| {
                matches!(el.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT")
                    || el.closest("[contenteditable]").ok().flatten().is_some()
            });
            let modifier = ev.ctrl_key() || ev.alt_key() || ev.meta_key();
            let row_of = |id: i64| super::dom::element(&format!("a.inbox-row[data-conversation-id=\"{id}\"]"));
            match keys::shortcut(&ev.key(), in_text, modifier) {
                Some(step @ (keys::Shortcut::Next | keys::Shortcut::Previous)) => {
                    let ids =
                        list.with_untracked(|l| l.as_ref().map(|p| p.rows.iter().map(|r| r.id).collect::<Vec<_>>()));
                    let delta = if step == keys::Shortcut::Next { 1 } else { -1 };
                    let Some(next) = keys::neighbour(&ids.unwrap_or_default(), open_id.get_untracked(), delta) else {
                        return;
                    };
                    ev.prevent_default();
                    ctx.focus_on_open.set_value(false);
                    navigate(
                        &format!("/inbox/{next}{}", query_string(tab.get_untracked(), &q.get_untracked())),
                        Default::default(),
                    );
                    if let Some(row) = row_of(next) {
                        let _ = row.focus();
                    }
                }
                Some(keys::Shortcut::BackToList) => {
                    let Some(open) = open_id.get_untracked() else { return };
                    ev.prevent_default();
                    match row_of(open).filter(|r| r.offset_parent().is_some()) {
                        Some(row) => {
                            let _ = row.focus();
                        }
                        // On a phone the list is hidden behind the conversation: go back to it.
                        None => navigate(
                            &format!("/inbox{}", query_string(tab.get_untracked(), &q.get_untracked())),
                            Default::default(),
                        ),
                    }
                }
                Some(keys::Shortcut::Help) => {
                    ev.prevent_default();
                    help.set(true);
                }
                None => {}
            }
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = (ev, &navigate, help);
    });
    on_cleanup(move || on_key.remove());

    view! {
        <Title text=title />
        <div class="inbox" class:has-open=move || open_id.get().is_some() data-testid="inbox">
            <ListPane live_state alerts />
            <section class="inbox-detail">
                <Outlet />
            </section>
        </div>
        {move || help.get().then(|| view! { <keys::ShortcutsHelp on_close=Callback::new(move |_| help.set(false)) /> })}
    }
}

/// `/inbox`: nothing open yet.
#[component]
pub fn NoConversation() -> impl IntoView {
    let tr = t();
    view! {
        <EmptyState icon=Icon::Inbox title=tr.inbox.choose_conversation text=tr.inbox.choose_conversation_text class="pane-empty" />
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
