//! The inbox's routes: `/inbox` (the list, and nothing open yet) and `/inbox/:id` (a conversation
//! beside the list).
//!
//! The data is fetched in the browser once the page runs and kept fresh by the live feed
//! ([`super::live`]); the server renders the frame with its loading states, so there is nothing
//! time-zone- or clock-dependent to mismatch when the page hydrates. Every refresh is coalesced:
//! at most one list request and one conversation request are in flight, with at most one more
//! after each when events arrived meanwhile.

use std::collections::HashMap;

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_meta::Title;
use leptos_router::components::Outlet;
use leptos_router::hooks::{use_location, use_params_map, use_query_map};

use super::context::{Inbox, open_id_of};
use super::conversation::Conversation;
use super::list::ListPane;
use crate::auth::use_auth;
use crate::error::ApiError;
use crate::i18n::t;
use crate::icons::Icon;
use crate::inbox::api::{canned_list, inbox_counts, inbox_list, inbox_staff};
use crate::inbox::live::{self, LiveMsg, Refresh};
use crate::inbox::model::{InboxPage, Tab};
use crate::ui::{EmptyState, use_toasts};

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
