//! The conversation's history.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::Conv;
use super::message::{MessageItem, OutgoingItem};
use crate::i18n::t;
use crate::inbox::api::{inbox_mark_read, inbox_older};
use crate::inbox::context::use_inbox;
use crate::inbox::live;
use crate::ui::{ErrorAlert, Loading};

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

/// The history pane: day separators, messages and what is being sent, kept at the bottom while
/// it is there, marked read as it is seen, with earlier pages on demand.
#[component]
pub(super) fn History(conv: Conv) -> impl IntoView {
    let tr = t();
    let ctx = use_inbox();
    let id = conv.id;
    // The history as shown: day separators, messages, then what is still being sent (unless the
    // server's copy is already in, known by its client key — the live event may bring it before
    // the reply's answer).
    let items = Memo::new(move |_| {
        let mut out = Vec::new();
        let mut day = None;
        // Days are the browser's: none until the page runs (the server renders none either).
        let mounted = ctx.today.get().is_some();
        conv.history.with(|h| {
            for (id, m) in h {
                if let Some(d) = live::local(&m.created_at).filter(|_| mounted).map(|d| d.date_naive())
                    && day != Some(d)
                {
                    day = Some(d);
                    out.push(Item::Day(d));
                }
                out.push(Item::Message(*id));
            }
            conv.outgoing.with(|o| {
                for x in o {
                    let arrived = h.values().rev().any(|m| m.client_key.as_deref() == Some(x.key.as_str()));
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
                ctx.refresh_row(id);
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
                Err(e) => conv.toasts.error(tr.error(&e)),
            }
        });
    };

    let loaded = Memo::new(move |_| conv.data.with(Option::is_some));

    view! {
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
    }
}

#[component]
fn DaySeparator(day: NaiveDate) -> impl IntoView {
    let tr = t();
    let ctx = use_inbox();
    let label = move || ctx.today.get().map(|today| tr.inbox.day(day, today)).unwrap_or_default();
    view! { <div class="day-sep" role="separator"><span>{label}</span></div> }
}
