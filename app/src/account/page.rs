//! My account's page: profile and display name, interface language, password change, Telegram.

use leptos::form::ActionForm;
use leptos::prelude::*;

use crate::account::api::SetDisplayName;
use crate::account::telegram::TelegramSection;
use crate::auth::api::{ChangePassword, SetLanguage};
use crate::auth::use_auth;
use crate::i18n::{Lang, t};
use crate::ui::{ErrorAlert, Field, PageHeader, SubmitButton, Toolbar, reload_page, use_toasts};

#[component]
pub fn AccountPage() -> impl IntoView {
    let tr = t();
    let auth = use_auth();
    let user = auth.current();

    let set_lang = ServerAction::<SetLanguage>::new();
    let lang_error = Signal::derive(move || set_lang.value().get().and_then(|r| r.err()));
    Effect::new(move || {
        if let Some(Ok(())) = set_lang.value().get() {
            reload_page();
        }
    });

    let set_name = ServerAction::<SetDisplayName>::new();
    let name_ref = NodeRef::<leptos::html::Input>::new();
    let name_error = Signal::derive(move || set_name.value().get().and_then(|r| r.err()));
    let toasts = use_toasts();
    Effect::new(move || {
        if let Some(Ok(saved)) = set_name.value().get() {
            // The field shows the name as stored (trimmed).
            if let Some(input) = name_ref.get_untracked() {
                input.set_value(&saved.display_name);
            }
            // The header (and everything else reading the signed-in user) shows the new name.
            auth.refresh();
            toasts.success(tr.account.name_saved.to_string());
        }
    });

    let change = ServerAction::<ChangePassword>::new();
    let pw_error = Signal::derive(move || change.value().get().and_then(|r| r.err()));
    let pw_done = move || matches!(change.value().get(), Some(Ok(())));
    let form_ref = NodeRef::<leptos::html::Form>::new();
    Effect::new(move || {
        if let Some(Ok(())) = change.value().get()
            && let Some(form) = form_ref.get()
        {
            form.reset();
        }
    });

    let current_lang = user.as_ref().and_then(|u| u.language.clone()).unwrap_or_default();
    view! {
        <PageHeader title=tr.account.title />
        <div class="stack">
            <section class="card">
                <div class="card-header"><h2>{tr.account.profile}</h2></div>
                <div class="card-body">
                    {user.map(|u| view! {
                        <dl class="detail-list">
                            <dt>{tr.users.field_username}</dt><dd class="mono">{u.username}</dd>
                            <dt>{tr.users.field_role}</dt><dd>{tr.role(u.role)}</dd>
                        </dl>
                        <ActionForm action=set_name attr:novalidate="true" attr:id="display-name-form" attr:class="acct-name-form">
                            <ErrorAlert error=name_error fields_inline=true />
                            <Field id="display_name" name="display_name" label=tr.users.field_display_name hint=tr.account.display_name_hint error=name_error>
                                <input type="text" class="form-control" maxlength="64" autocomplete="name" required value=u.display_name node_ref=name_ref />
                            </Field>
                            <div class="form-actions">
                                <SubmitButton label=tr.save pending=set_name.pending() testid="save-display-name" />
                            </div>
                        </ActionForm>
                    })}
                </div>
            </section>

            <section class="card">
                <div class="card-header"><h2>{tr.account.language}</h2></div>
                <div class="card-body">
                    <ActionForm action=set_lang attr:id="language-form">
                        <ErrorAlert error=lang_error />
                        <Toolbar>
                            <Field id="language" name="language" label=tr.account.language label_hidden=true>
                                <select class="form-control form-select">
                                    <option value="" selected=current_lang.is_empty()>{tr.account.lang_auto}</option>
                                    {Lang::ALL
                                        .into_iter()
                                        .map(|l| view! { <option value=l.code() selected=current_lang == l.code()>{l.catalogue().lang_name}</option> })
                                        .collect_view()}
                                </select>
                            </Field>
                            <SubmitButton label=tr.save pending=set_lang.pending() />
                        </Toolbar>
                    </ActionForm>
                    <p class="form-hint">{tr.account.language_hint}</p>
                </div>
            </section>

            <TelegramSection />

            <section class="card">
                <div class="card-header"><h2>{tr.account.change_password_title}</h2></div>
                <div class="card-body">
                    <p class="muted">{tr.account.change_password_hint}</p>
                    <ActionForm action=change node_ref=form_ref attr:novalidate="true" attr:id="password-form">
                        <ErrorAlert error=pw_error />
                        {move || pw_done().then(|| view! { <div class="alert alert-success" role="status">{tr.account.password_changed}</div> })}
                        <Field id="current_password" name="current_password" label=tr.account.field_current_password error=pw_error>
                            <input type="password" class="form-control" autocomplete="current-password" required />
                        </Field>
                        <div class="form-row">
                            <Field id="new_password" name="new_password" label=tr.account.field_new_password error=pw_error>
                                <input type="password" class="form-control" autocomplete="new-password" required />
                            </Field>
                            <Field id="confirm_password" name="confirm_password" label=tr.account.field_confirm_password error=pw_error>
                                <input type="password" class="form-control" autocomplete="new-password" required />
                            </Field>
                        </div>
                        <div class="form-actions">
                            <SubmitButton label=tr.account.change_password_submit pending=change.pending() />
                        </div>
                    </ActionForm>
                </div>
            </section>
        </div>
    }
}
