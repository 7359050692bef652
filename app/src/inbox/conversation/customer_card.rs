//! The customer card: who the customer is, and their other conversations. Beside the conversation
//! on wide screens, a drawer over it on narrower ones.

use leptos::prelude::*;

use super::Conv;
use crate::i18n::t;
use crate::inbox::context::{FULL, mounted_local, query_string, status_tone, use_inbox};
use crate::inbox::model::CustomerCard;
use crate::ui::{Badge, Tone};

#[component]
pub(super) fn CustomerPanel(conv: Conv) -> impl IntoView {
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
                let when = {
                    let at = p.created_at.clone();
                    move || mounted_local(ctx, &at, FULL)
                };
                let status = p.status;
                view! {
                    <li>
                        <a class="past-conv" href=href>
                            <span class="past-no">{(tr.inbox.conversation_no)(p.id)}</span>
                            <Badge tone=status_tone(status)>{tr.inbox.status(status)}</Badge>
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
            {c.blocked.then(|| view! { <p><Badge tone=Tone::Danger>{tr.inbox.card_blocked}</Badge></p> })}
            <dl class="card-facts">
                <dt>{tr.inbox.card_username}</dt>
                <dd>{username}</dd>
                <dt>{tr.inbox.card_language}</dt>
                <dd>{c.language.clone().map(|l| view! { <span class="mono">{l}</span> }.into_any()).unwrap_or_else(none)}</dd>
                <dt>{tr.inbox.card_first_seen}</dt>
                <dd>{let at = c.first_seen_at.clone(); move || mounted_local(ctx, &at, FULL)}</dd>
                <dt>{tr.inbox.card_last_seen}</dt>
                <dd>{let at = c.last_seen_at.clone(); move || mounted_local(ctx, &at, FULL)}</dd>
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
