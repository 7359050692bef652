//! My account: profile, interface language, password change. Any signed-in user.

use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;

use crate::auth::api::{ChangePassword, SetLanguage};
use crate::auth::use_auth;
use crate::i18n::{Lang, t};
use crate::ui::{ErrorAlert, FieldError, field_invalid, reload_page};

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

    let change = ServerAction::<ChangePassword>::new();
    let pw_error = Signal::derive(move || change.value().get().and_then(|r| r.err()));
    let pw_done = move || matches!(change.value().get(), Some(Ok(())));
    let form_ref = NodeRef::<leptos::html::Form>::new();
    Effect::new(move || {
        if let Some(Ok(())) = change.value().get() {
            if let Some(form) = form_ref.get() {
                form.reset();
            }
        }
    });

    let current_lang = user.as_ref().and_then(|u| u.language.clone()).unwrap_or_default();
    view! {
        <Title text=tr.account.title />
        <div class="page-header">
            <h1>{tr.account.title}</h1>
        </div>
        <div class="stack">
            <section class="card">
                <div class="card-header"><h2>{tr.account.profile}</h2></div>
                <div class="card-body">
                    {user.map(|u| view! {
                        <dl class="detail-list">
                            <dt>{tr.users.field_username}</dt><dd class="mono">{u.username}</dd>
                            <dt>{tr.users.field_display_name}</dt><dd>{u.display_name}</dd>
                            <dt>{tr.users.field_role}</dt><dd>{tr.role(u.role)}</dd>
                        </dl>
                    })}
                </div>
            </section>

            <section class="card">
                <div class="card-header"><h2>{tr.account.language}</h2></div>
                <div class="card-body">
                    <ActionForm action=set_lang attr:class="row-gap" attr:id="language-form">
                        <ErrorAlert error=lang_error />
                        <label class="sr-only" for="language">{tr.account.language}</label>
                        <select id="language" name="language" class="form-control form-select" style="max-width: 260px">
                            <option value="" selected=current_lang.is_empty()>{tr.account.lang_auto}</option>
                            {Lang::ALL
                                .into_iter()
                                .map(|l| view! { <option value=l.code() selected=current_lang == l.code()>{l.catalogue().lang_name}</option> })
                                .collect_view()}
                        </select>
                        <button type="submit" class="btn btn-primary" disabled=move || set_lang.pending().get()>{tr.save}</button>
                    </ActionForm>
                    <p class="form-hint">{tr.account.language_hint}</p>
                </div>
            </section>

            <section class="card">
                <div class="card-header"><h2>{tr.account.change_password_title}</h2></div>
                <div class="card-body">
                    <p class="muted">{tr.account.change_password_hint}</p>
                    <ActionForm action=change node_ref=form_ref attr:novalidate="true" attr:id="password-form">
                        <ErrorAlert error=pw_error />
                        {move || pw_done().then(|| view! { <div class="alert alert-success" role="status">{t().account.password_changed}</div> })}
                        <div class="form-group">
                            <label class="form-label" for="current_password">{tr.account.field_current_password}</label>
                            <input id="current_password" name="current_password" type="password" class="form-control" autocomplete="current-password" required aria-invalid=move || field_invalid(pw_error, "current_password") />
                            <FieldError error=pw_error name="current_password" />
                        </div>
                        <div class="form-row">
                            <div class="form-group">
                                <label class="form-label" for="new_password">{tr.account.field_new_password}</label>
                                <input id="new_password" name="new_password" type="password" class="form-control" autocomplete="new-password" required aria-invalid=move || field_invalid(pw_error, "new_password") />
                                <FieldError error=pw_error name="new_password" />
                            </div>
                            <div class="form-group">
                                <label class="form-label" for="confirm_password">{tr.account.field_confirm_password}</label>
                                <input id="confirm_password" name="confirm_password" type="password" class="form-control" autocomplete="new-password" required aria-invalid=move || field_invalid(pw_error, "confirm_password") />
                                <FieldError error=pw_error name="confirm_password" />
                            </div>
                        </div>
                        <div class="form-actions">
                            <button type="submit" class="btn btn-primary" disabled=move || change.pending().get()>
                                {move || if change.pending().get() { tr.saving } else { tr.account.change_password_submit }}
                            </button>
                        </div>
                    </ActionForm>
                </div>
            </section>
        </div>
    }
}
