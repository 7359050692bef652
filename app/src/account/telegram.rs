//! My account → Telegram notifications: link with a one-time code (shown once; the page polls
//! every two seconds while it is shown and notices the link), unlink, and the choices.
//!
//! The state is browser-only data (a `LocalResource` read once mounted), so the server and the
//! hydrating browser both draw the loading state first.

use leptos::prelude::*;

use crate::account::api::{telegram_code, telegram_prefs, telegram_status, telegram_unlink};
use crate::account::model::{LinkCode, TelegramView};
use crate::error::ApiError;
use crate::i18n::t;
use crate::ui::{ErrorAlert, Loading, SubmitButton, time_text, use_mounted, use_toasts};

#[component]
pub fn TelegramSection() -> impl IntoView {
    let tr = t();
    let toasts = use_toasts();
    let mounted = RwSignal::new(false);
    Effect::new(move |_| mounted.set(true));
    let version = RwSignal::new(0u32);
    let status = LocalResource::new(move || {
        version.get();
        telegram_status()
    });
    // Only a change re-renders (a poll that finds nothing new doesn't).
    let current = Memo::new(move |_| mounted.get().then(|| status.get()).flatten());
    let shown_code = RwSignal::new(None::<LinkCode>);

    // Polls since the code was shown: a code lives 10 minutes, so polling stops after 11.
    let polls = StoredValue::new(0u32);
    let new_code = Action::new(|_: &()| telegram_code());
    Effect::new(move |_| match new_code.value().get() {
        Some(Ok(c)) => {
            polls.set_value(0);
            shown_code.set(Some(c));
        }
        Some(Err(e)) => toasts.error(tr.error(&e)),
        None => {}
    });
    // The link happens in Telegram: look again every two seconds while a code is shown.
    Effect::new(move |_| {
        #[cfg(feature = "hydrate")]
        {
            let poll = move || {
                let live = polls.try_get_value().is_some_and(|n| n < 330);
                if live && shown_code.try_get_untracked().flatten().is_some() {
                    polls.try_update_value(|n| *n += 1);
                    version.try_update(|v| *v += 1);
                }
            };
            if let Ok(handle) = set_interval_with_handle(poll, std::time::Duration::from_secs(2)) {
                on_cleanup(move || handle.clear());
            }
        }
    });
    Effect::new(move |_| {
        if let Some(Ok(v)) = current.get()
            && v.linked.is_some()
            && shown_code.get_untracked().is_some()
        {
            shown_code.set(None);
            toasts.success(tr.account.telegram_linked_toast.to_string());
        }
    });

    let unlink = Action::new(|_: &()| telegram_unlink());
    Effect::new(move |_| match unlink.value().get() {
        Some(Ok(())) => {
            toasts.success(tr.account.telegram_unlinked.to_string());
            version.update(|v| *v += 1);
        }
        Some(Err(e)) => toasts.error(tr.error(&e)),
        None => {}
    });

    let body = move || {
        match current.get() {
        None => view! { <Loading /> }.into_any(),
        Some(Err(e)) => {
            let e: Signal<Option<ApiError>> = Signal::stored(Some(e));
            view! { <ErrorAlert error=e /> }.into_any()
        }
        Some(Ok(v)) => match v.linked.clone() {
            Some(linked) => {
                let who = match &linked.username {
                    Some(u) => format!("@{u} · {}", linked.name),
                    None => linked.name.clone(),
                };
                view! {
                    <div class="tgn-linked">
                        <div>
                            <p data-testid="telegram-status">
                                <span class="tgn-dot" aria-hidden="true"></span>
                                <span>{tr.account.telegram_linked_to}" "<strong data-testid="telegram-linked-as">{who}</strong></span>
                            </p>
                            <div class="form-hint">{
                                let (at, mounted) = (linked.linked_at.clone(), use_mounted());
                                move || (tr.account.telegram_since)(&time_text(&at, mounted.get()))
                            }</div>
                        </div>
                        <button type="button" class="btn btn-outline btn-sm" data-testid="telegram-unlink"
                            disabled=move || unlink.pending().get()
                            on:click=move |_| { unlink.dispatch(()); }>
                            {tr.account.telegram_unlink}
                        </button>
                    </div>
                    <Prefs view=v.clone() />
                }
                .into_any()
            }
            None => view! {
                <p data-testid="telegram-status">{tr.account.telegram_not_linked}</p>
                {move || shown_code.get().map(|c| view! { <CodeBox code=c /> })}
                <div class="form-actions">
                    <button type="button" class="btn btn-primary" data-testid="telegram-link"
                        disabled=move || new_code.pending().get()
                        on:click=move |_| { new_code.dispatch(()); }>
                        {move || if shown_code.get().is_some() { tr.account.telegram_new_code } else { tr.account.telegram_link }}
                    </button>
                </div>
            }
            .into_any(),
        },
    }
    };

    view! {
        <section class="card" data-testid="telegram-section">
            <div class="card-header"><h2>{tr.account.telegram_title}</h2></div>
            <div class="card-body">
                <p class="muted">{tr.account.telegram_intro}</p>
                {body}
            </div>
        </section>
    }
}

/// The code just issued, with what to do with it.
#[component]
fn CodeBox(code: LinkCode) -> impl IntoView {
    let tr = t();
    let command = format!("/link {}", code.code);
    let until = {
        let (at, mounted) = (code.expires_at.clone(), use_mounted());
        move || time_text(&at, mounted.get())
    };
    view! {
        <div class="tgn-code" data-testid="telegram-code-box">
            <p class="tgn-code-to">
                {match &code.bot_username {
                    Some(bot) => (tr.account.telegram_send_to)(bot),
                    None => tr.account.telegram_send_unknown_bot.to_string(),
                }}
            </p>
            <div class="tgn-code-command">
                <span class="sr-only">{tr.account.telegram_code_label}</span>
                <code class="mono" data-testid="telegram-command" data-code=code.code.clone()>{command}</code>
            </div>
            {code.deep_link.map(|href| view! {
                <p><a class="btn btn-outline btn-sm" href=href target="_blank" rel="noopener noreferrer" data-testid="telegram-deep-link">{tr.account.telegram_open_bot}</a></p>
            })}
            <p class="form-hint">{move || (tr.account.telegram_code_expires)(&until())}</p>
            <p class="muted tgn-waiting" role="status" aria-live="polite">
                <span class="spinner" aria-hidden="true"></span>" "{tr.account.telegram_waiting}
            </p>
        </div>
    }
}

/// The notification choices of a linked account.
#[component]
fn Prefs(view: TelegramView) -> impl IntoView {
    let tr = t();
    let toasts = use_toasts();
    let waiting = RwSignal::new(view.notify_waiting);
    let minutes = RwSignal::new(view.wait_minutes.to_string());
    let assigned = RwSignal::new(view.notify_assigned);
    let save = Action::new(|(w, m, a): &(bool, i32, bool)| telegram_prefs(*w, *m, *a));
    let error = RwSignal::new(None::<ApiError>);
    Effect::new(move |_| match save.value().get() {
        Some(Ok(())) => {
            error.set(None);
            toasts.success(tr.account.prefs_saved.to_string());
        }
        Some(Err(e)) => error.set(Some(e)),
        None => {}
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let m = minutes.get_untracked().trim().parse::<i32>().unwrap_or(0);
        save.dispatch((waiting.get_untracked(), m, assigned.get_untracked()));
    };
    let err: Signal<Option<ApiError>> = error.into();
    let minutes_invalid = move || matches!(error.get(), Some(ApiError::Invalid(p)) if p.field() == "wait_minutes");
    view! {
        <form class="tgn-prefs" on:submit=submit novalidate=true data-testid="telegram-prefs">
            <ErrorAlert error=err />
            <fieldset>
                <legend>{tr.account.notify_heading}</legend>
                <div class="tgn-pref">
                    <label class="checkbox">
                        <input type="checkbox" name="notify_waiting" prop:checked=move || waiting.get()
                            on:change=move |ev| waiting.set(event_target_checked(&ev)) />
                        <span>{tr.account.notify_waiting}</span>
                    </label>
                    <span class="tgn-minutes">
                        <input type="number" class="form-control" id="wait_minutes" name="wait_minutes" min="1" max="1440" step="1"
                            inputmode="numeric" aria-label=tr.account.notify_waiting
                            aria-invalid=move || if minutes_invalid() { "true" } else { "false" }
                            disabled=move || !waiting.get()
                            prop:value=move || minutes.get()
                            on:input=move |ev| minutes.set(event_target_value(&ev)) />
                        <span>{tr.account.minutes}</span>
                    </span>
                </div>
                <div class="tgn-pref">
                    <label class="checkbox">
                        <input type="checkbox" name="notify_assigned" prop:checked=move || assigned.get()
                            on:change=move |ev| assigned.set(event_target_checked(&ev)) />
                        <span>{tr.account.notify_assigned}</span>
                    </label>
                </div>
            </fieldset>
            {(!view.has_public_url).then(|| view! { <p class="form-hint">{tr.account.no_public_url}</p> })}
            <div class="form-actions">
                <SubmitButton label=tr.save pending=save.pending() testid="telegram-prefs-save" />
            </div>
        </form>
    }
}
