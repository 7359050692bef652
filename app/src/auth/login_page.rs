use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::Redirect;
use leptos_router::hooks::{use_navigate, use_query_map};

use crate::auth::api::Login;
use crate::auth::{filled_in, safe_next, use_auth};
use crate::error::{ApiError, Problem};
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
    // An empty field is caught here, before anything is sent (and again by the server).
    let missing = RwSignal::new(None::<ApiError>);
    let error = Signal::derive(move || missing.get().or_else(|| action.value().get().and_then(|r| r.err())));
    let busy = action.pending();
    let (user_ref, password_ref) = (NodeRef::<leptos::html::Input>::new(), NodeRef::<leptos::html::Input>::new());
    // The submit button's click (also what Enter in a field fires): cancelled, the form isn't
    // submitted.
    let check = move |ev: leptos::ev::MouseEvent| {
        let (Some(user), Some(password)) = (user_ref.get_untracked(), password_ref.get_untracked()) else { return };
        match filled_in(&user.value(), &password.value()) {
            Ok(()) => missing.set(None),
            Err(p) => {
                ev.prevent_default();
                missing.set(Some(ApiError::Invalid(p)));
                let _ = if p == Problem::LoginUsernameMissing { user.focus() } else { password.focus() };
            }
        }
    };

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
                        <input class="form-control" node_ref=user_ref autocomplete="username" autocapitalize="none" spellcheck="false" required autofocus />
                    </Field>
                    <Field id="password" name="password" label=tr.login_password error>
                        <input type="password" class="form-control" node_ref=password_ref autocomplete="current-password" required />
                    </Field>
                    <div on:click=check>
                        <SubmitButton label=tr.login_submit busy_label=tr.login_busy pending=busy />
                    </div>
                </ActionForm>
                <div class="login-footer">
                    <LangSwitch />
                </div>
            </main>
        </div>
    }
}
