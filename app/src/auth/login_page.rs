use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::Redirect;
use leptos_router::hooks::{use_navigate, use_query_map};

use crate::auth::api::Login;
use crate::auth::{safe_next, use_auth};
use crate::i18n::t;
use crate::ui::{ErrorAlert, Field, LangSwitch, SubmitButton};

#[component]
pub fn LoginPage() -> impl IntoView {
    let auth = use_auth();
    let query = use_query_map();
    let next = move || safe_next(query.read().get("next"));

    view! {
        <Title text=t().login_title />
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match auth.user.await {
                    Ok(Some(_)) => view! { <Redirect path=next() /> }.into_any(),
                    _ => view! { <LoginForm /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn LoginForm() -> impl IntoView {
    let tr = t();
    let auth = use_auth();
    let query = use_query_map();
    let action = ServerAction::<Login>::new();
    let navigate = use_navigate();
    Effect::new(move || {
        if let Some(Ok(_)) = action.value().get() {
            auth.refresh();
            navigate(&safe_next(query.read_untracked().get("next")), Default::default());
        }
    });
    let error = Signal::derive(move || action.value().get().and_then(|r| r.err()));
    let busy = action.pending();

    view! {
        <div class="login-page">
            <main class="login-card">
                <div class="login-brand">
                    <span class="brand-mark" aria-hidden="true">"S"</span>
                    <span>{tr.app_name}</span>
                </div>
                <h1>{tr.login_title}</h1>
                <p class="muted small login-subtitle">{tr.login_subtitle}</p>
                <ActionForm action=action attr:novalidate="true" attr:class="stack" attr:id="login-form">
                    <ErrorAlert error=error fields_inline=true />
                    <Field id="username" name="username" label=tr.login_username error>
                        <input class="form-control" autocomplete="username" autocapitalize="none" spellcheck="false" required autofocus />
                    </Field>
                    <Field id="password" name="password" label=tr.login_password>
                        <input type="password" class="form-control" autocomplete="current-password" required />
                    </Field>
                    <SubmitButton label=tr.login_submit busy_label=tr.login_busy pending=busy />
                </ActionForm>
                <div class="login-footer">
                    <LangSwitch />
                </div>
            </main>
        </div>
    }
}
