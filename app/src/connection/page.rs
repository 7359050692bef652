//! The Bot → Connection page: the state card, the token form, re-register.

use leptos::form::ActionForm;
use leptos::prelude::*;

use crate::connection::api::{ConnectionReregister, ConnectionSet, connection_state};
use crate::connection::model::{ConnectionView, TokenSource};
use crate::i18n::t;
use crate::ui::{ErrorAlert, Field, Loading, PageHeader, SubmitButton, time_text, use_mounted};

#[component]
pub fn ConnectionPage() -> impl IntoView {
    let tr = t();
    let set = ServerAction::<ConnectionSet>::new();
    let reregister = ServerAction::<ConnectionReregister>::new();
    // Reloaded after every successful change.
    let state = Resource::new(move || (set.version().get(), reregister.version().get()), |_| connection_state());
    view! {
        <PageHeader title=tr.connection.title subtitle=tr.connection.subtitle />
        <Transition fallback=|| view! { <Loading /> }>
            {move || Suspend::new(async move {
                match state.await {
                    Ok(v) => view! { <ConnectionCards view=v set reregister /> }.into_any(),
                    Err(e) => view! { <ErrorAlert error=Signal::stored(Some(e)) /> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn ConnectionCards(
    view: ConnectionView,
    set: ServerAction<ConnectionSet>,
    reregister: ServerAction<ConnectionReregister>,
) -> impl IntoView {
    let tr = t();
    let c = &tr.connection;
    let source = match view.source {
        TokenSource::Environment => c.source_env,
        TokenSource::Stored => c.source_stored,
        TokenSource::Undecryptable => c.source_undecryptable,
        TokenSource::None => c.source_none,
    };
    let bot = match (&view.username, view.bot_id) {
        (Some(u), Some(id)) => format!("@{u} (id {id})"),
        _ => c.bot_unknown.to_string(),
    };
    let from_env = view.source == TokenSource::Environment;
    let has_token = matches!(view.source, TokenSource::Environment | TokenSource::Stored);
    let set_error = Signal::derive(move || set.value().get().and_then(|r| r.err()));
    // The token is never shown back: the field empties once it is saved.
    let form_ref = NodeRef::<leptos::html::Form>::new();
    Effect::new(move || {
        if let Some(Ok(_)) = set.value().get()
            && let Some(form) = form_ref.get()
        {
            form.reset();
        }
    });
    let saved = move || set.value().get().and_then(|r| r.ok()).map(|b| (c.saved)(&b.username, b.id));
    let re_error = Signal::derive(move || reregister.value().get().and_then(|r| r.err()));
    let re_done = move || matches!(reregister.value().get(), Some(Ok(())));
    let webhook = view.webhook;
    let info = view.webhook_info.clone();
    let info_error = view.webhook_info_error.clone();
    let mounted = use_mounted();
    let last_update = {
        let at = view.last_update_at.clone();
        move || at.as_deref().map(|at| time_text(at, mounted.get())).unwrap_or_else(|| c.never.to_string())
    };
    view! {
        <div class="stack connection">
            <section class="card" data-testid="connection-state">
                <div class="card-header"><h2>{c.state_title}</h2></div>
                <div class="card-body">
                    <dl class="detail-list">
                        <dt>{c.source}</dt>
                        <dd data-testid="connection-source" data-source=format!("{:?}", view.source).to_lowercase()>{source}</dd>
                        <dt>{c.bot}</dt><dd class="mono" data-testid="connection-bot">{bot}</dd>
                        <dt>{c.mode}</dt>
                        <dd data-testid="connection-mode">{if webhook { c.mode_webhook } else { c.mode_polling }}</dd>
                        {info.map(|w| {
                            let (message, at) = (w.last_error_message, w.last_error_at);
                            let error = move || match (&message, &at) {
                                (Some(m), Some(at)) => format!("{} — {m}", time_text(at, mounted.get())),
                                (Some(m), None) => m.clone(),
                                _ => c.no_error.to_string(),
                            };
                            view! {
                                <dt>{c.webhook_url}</dt><dd class="mono connection-url" data-testid="connection-webhook-url">{w.url}</dd>
                                <dt>{c.pending}</dt><dd data-testid="connection-pending">{w.pending_update_count}</dd>
                                <dt>{c.last_error}</dt><dd data-testid="connection-last-error">{error}</dd>
                            }
                        })}
                        {info_error.map(|e| view! { <dt>{c.webhook_info_failed}</dt><dd class="mono small">{e}</dd> })}
                        <dt>{c.last_update}</dt><dd data-testid="connection-last-update">{last_update}</dd>
                    </dl>
                    {(webhook && has_token).then(|| view! {
                        <ActionForm action=reregister attr:class="connection-reregister">
                            <ErrorAlert error=re_error />
                            {move || re_done().then(|| view! { <div class="alert alert-success" role="status">{c.reregistered}</div> })}
                            <SubmitButton label=c.reregister pending=reregister.pending() testid="connection-reregister" />
                        </ActionForm>
                    })}
                </div>
            </section>

            <section class="card" data-testid="connection-token">
                <div class="card-header"><h2>{c.token_title}</h2></div>
                <div class="card-body">
                    {from_env.then(|| view! { <div class="alert alert-info" data-testid="connection-env-note">{c.token_env_note}</div> })}
                    {(view.source == TokenSource::Undecryptable).then(|| view! { <div class="alert alert-warning">{c.token_undecryptable_note}</div> })}
                    {move || saved().map(|s| view! { <div class="alert alert-success" role="status" data-testid="connection-saved">{s}</div> })}
                    <ActionForm action=set node_ref=form_ref attr:novalidate="true" attr:id="token-form">
                        <ErrorAlert error=set_error fields_inline=true />
                        <Field id="token" name="token" label=c.token_label hint=c.token_hint error=set_error>
                            <input
                                type="password"
                                class="form-control mono"
                                autocomplete="off"
                                spellcheck="false"
                                required
                                disabled=from_env
                                data-testid="connection-token-input"
                            />
                        </Field>
                        <div class="form-actions">
                            <SubmitButton
                                label=if view.source == TokenSource::Stored { c.replace_token } else { c.save_token }
                                pending=Signal::derive(move || set.pending().get() || from_env)
                                testid="connection-save"
                            />
                        </div>
                    </ActionForm>
                </div>
            </section>
        </div>
    }
}
