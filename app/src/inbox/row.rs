//! A row of the conversation list.

use leptos::prelude::*;

use super::context::{query_string, short_time, status_code, status_tone, use_inbox};
use crate::i18n::{Catalogue, t};
use crate::icons::{Icon, Svg};
use crate::inbox::live;
use crate::inbox::model::{ConversationRow, ConversationStatus, Preview, Sender};
use crate::ui::{Badge, Tone};

/// One row of the list. It reads its data by id, so a live refresh updates it in place (focus and
/// scroll stay where they are).
#[component]
pub(super) fn RowItem(id: i64) -> impl IntoView {
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
                .filter(|r| r.status == ConversationStatus::Waiting)
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
                on:click=move |_| {
                    // Already open (`j`/`k` opened it with the focus left here): to its reply box.
                    // Otherwise the conversation takes the focus itself once it has loaded.
                    #[cfg(feature = "hydrate")]
                    if active() {
                        request_animation_frame(|| {
                            super::dom::focus_reply_box(false);
                        });
                    }
                }
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
                    {move || status().map(|s| view! { <Badge tone=status_tone(s)>{tr.inbox.status(s)}</Badge> })}
                    {move || row.with(|r| r.as_ref().is_some_and(|r| r.is_test)).then(|| view! {
                        <span data-testid="inbox-test"><Badge tone=Tone::Warning>{tr.inbox.test_badge}</Badge></span>
                    })}
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
