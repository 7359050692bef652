//! The conversation's header: who, the status, and the actions (take, assign, return, resolve,
//! reopen), with a note when the user may only read.

use leptos::prelude::*;

use super::Conv;
use crate::error::{ApiError, Conflict};
use crate::i18n::t;
use crate::icons::{Icon, Svg};
use crate::inbox::api::{inbox_assign, inbox_release, inbox_reopen, inbox_resolve, inbox_take, inbox_take_over};
use crate::inbox::context::{query_string, status_code, status_tone, use_inbox};
use crate::inbox::model::ConversationStatus;
use crate::ui::{Badge, ConfirmDialog, Tone, use_toasts};

/// The header's state: only what it shows, so live refreshes that change nothing here don't
/// re-render it (an open select would close).
#[derive(Clone, Debug, PartialEq)]
struct HeadState {
    name: String,
    username: Option<String>,
    status: ConversationStatus,
    assignee_id: Option<i64>,
    assignee_name: Option<String>,
    blocked: bool,
    can_act: bool,
    can_take: bool,
}

#[derive(Clone, Debug, PartialEq)]
enum Op {
    Take,
    Resolve,
    Reopen,
    Release,
    Assign(i64, String),
}

#[component]
pub(super) fn ConvHeader(conv: Conv) -> impl IntoView {
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
    let ask_unanswered = RwSignal::new(false);
    let ask_take_over = RwSignal::new(false);
    // On a narrow pane the actions are one menu behind a "⋯" button (see style/inbox.css).
    let menu_open = RwSignal::new(false);
    let act = Action::new(move |op: &Op| {
        let op = op.clone();
        async move {
            let result = match &op {
                Op::Take => inbox_take(id).await,
                Op::Resolve => inbox_resolve(id, false).await,
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
                // The change's live event brings the new head, row and history line.
                Ok(()) => toasts.success(match op {
                    Op::Take => tr.inbox.toast_taken.to_string(),
                    Op::Resolve => tr.inbox.toast_resolved.to_string(),
                    Op::Reopen => tr.inbox.toast_reopened.to_string(),
                    Op::Release => tr.inbox.toast_released.to_string(),
                    Op::Assign(_, name) => (tr.inbox.toast_assigned)(&name),
                }),
                // Nobody has replied yet: ask before closing.
                Err(ApiError::Conflict(Conflict::NoReplyYet)) => ask_unanswered.set(true),
                // Refused: someone may have acted first; show how things are now.
                Err(e) => {
                    toasts.error(tr.error(&e));
                    conv.open.refresh_head();
                    ctx.refresh_row(id);
                }
            }
        }
    });
    let busy = move || act.pending().get();
    let back = move || format!("/inbox{}", query_string(ctx.tab.get(), &ctx.q.get()));
    let assign_value = RwSignal::new(String::new());

    let body = move || {
        let Some(h) = head.get() else {
            return view! { <div class="conv-title"><span class="skeleton skeleton-title"></span></div> }.into_any();
        };
        let active = matches!(h.status, ConversationStatus::Waiting | ConversationStatus::Assigned);
        let take = h.can_take.then(|| view! {
            <button type="button" class="btn btn-primary btn-sm" data-testid="action-take" disabled=busy on:click=move |_| { act.dispatch(Op::Take); }>
                {tr.inbox.take}
            </button>
        });
        let release = (h.can_act && h.status == ConversationStatus::Assigned).then(|| view! {
            <button type="button" class="btn btn-outline btn-sm" data-testid="action-release" disabled=busy on:click=move |_| { act.dispatch(Op::Release); }>
                {tr.inbox.release}
            </button>
        });
        let resolve = (h.can_act && active).then(|| view! {
            <button type="button" class="btn btn-success btn-sm" data-testid="action-resolve" disabled=busy on:click=move |_| { act.dispatch(Op::Resolve); }>
                {tr.inbox.resolve}
            </button>
        });
        let reopen = (h.can_act && h.status == ConversationStatus::Resolved).then(|| view! {
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
                    menu_open.set(false);
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
        // Writing first to a customer the bot has: any staff member, after a confirmation.
        let take_over = (h.status == ConversationStatus::Bot && !h.blocked).then(|| view! {
            <button type="button" class="btn btn-outline btn-sm" data-testid="action-take-over" disabled=busy on:click=move |_| ask_take_over.set(true)>
                {tr.inbox.take_over}
            </button>
        });
        let no_actions = take.is_none()
            && take_over.is_none()
            && assign.is_none()
            && release.is_none()
            && resolve.is_none()
            && reopen.is_none();
        let assignee_text = match (&h.assignee_name, h.status) {
            (Some(n), ConversationStatus::Assigned | ConversationStatus::Resolved) => Some((tr.inbox.assigned_to)(n)),
            (_, ConversationStatus::Waiting) => Some(tr.inbox.unassigned.to_string()),
            _ => None,
        };
        view! {
            <div class="conv-title">
                <h2 class="conv-name">{h.name.clone()}</h2>
                <div class="conv-sub">
                    <Badge tone=status_tone(h.status) attr:data-testid="conversation-status" attr:data-status=status_code(h.status)>{tr.inbox.status(h.status)}</Badge>
                    {h.username.clone().map(|u| view! { <span class="conv-username">"@"{u}</span> })}
                    {assignee_text.map(|a| view! { <span class="conv-assignee">{a}</span> })}
                    {h.blocked.then(|| view! { <Badge tone=Tone::Danger>{tr.inbox.card_blocked}</Badge> })}
                </div>
            </div>
            {(!no_actions).then(|| view! {
                <button
                    type="button"
                    class="icon-btn conv-more"
                    aria-controls="conv-actions"
                    aria-expanded=move || menu_open.get().to_string()
                    title=tr.inbox.more_actions
                    data-testid="conv-more"
                    on:click=move |_| menu_open.update(|o| *o = !*o)
                >
                    <Svg icon=Icon::More size=18 />
                    <span class="sr-only">{tr.inbox.more_actions}</span>
                </button>
            })}
            <div
                id="conv-actions"
                class="conv-actions"
                class:empty=no_actions
                class:open=move || menu_open.get()
                on:click=move |ev| {
                    // An action chosen: the menu closes (the assignee list closes it on change).
                    use leptos::wasm_bindgen::JsCast;
                    if ev.target().and_then(|t| t.dyn_into::<leptos::web_sys::HtmlButtonElement>().ok()).is_some() {
                        menu_open.set(false);
                    }
                }
            >
                {take}{take_over}{assign}{release}{resolve}{reopen}
            </div>
        }
        .into_any()
    };
    let notice = move || {
        let h = head.get()?;
        if h.can_act {
            return None;
        }
        let text = match (h.status, &h.assignee_name) {
            (ConversationStatus::Bot, _) => tr.inbox.read_only_bot.to_string(),
            (_, Some(name)) => (tr.inbox.read_only_assigned)(name),
            _ => tr.inbox.read_only.to_string(),
        };
        Some(view! { <div class="conv-notice" data-testid="read-only">{text}</div> })
    };
    view! {
        <header
            class="conv-header"
            data-testid="conversation-header"
            on:keydown=move |ev| {
                // Esc closes the actions menu first (then it goes back to the list).
                if ev.key() == "Escape" && menu_open.get_untracked() {
                    ev.prevent_default();
                    menu_open.set(false);
                }
            }
        >
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
        {move || ask_take_over.get().then(|| {
            let confirm = Action::new(move |_: &()| async move { inbox_take_over(id).await });
            Effect::new(move |_| {
                // (A refusal — someone else was faster — shows in the dialog.)
                if let Some(Ok(())) = confirm.value().get() {
                    ask_take_over.set(false);
                    toasts.success(tr.inbox.toast_taken_over.to_string());
                }
            });
            view! {
                <ConfirmDialog title=tr.inbox.take_over_title message=tr.inbox.take_over_text
                    confirm_label=tr.inbox.take_over action=confirm
                    on_close=Callback::new(move |_| ask_take_over.set(false)) testid="take-over" />
            }
        })}
        {move || ask_unanswered.get().then(|| {
            let confirm = Action::new(move |_: &()| async move { inbox_resolve(id, true).await });
            Effect::new(move |_| {
                if let Some(Ok(())) = confirm.value().get() {
                    ask_unanswered.set(false);
                    toasts.success(tr.inbox.toast_resolved.to_string());
                }
            });
            view! {
                <ConfirmDialog title=tr.inbox.resolve_unanswered_title message=tr.inbox.resolve_unanswered_text
                    confirm_label=tr.inbox.resolve_anyway action=confirm
                    on_close=Callback::new(move |_| ask_unanswered.set(false)) testid="resolve-anyway" />
            }
        })}
    }
}
