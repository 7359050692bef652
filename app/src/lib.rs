//! The web admin: Leptos components and server functions.
//!
//! Built twice: with `ssr` into the server (rendering pages and running server functions, with the
//! database), and with `hydrate` into the browser's wasm bundle (no database, no tokio, no
//! teloxide). Each area lives in its own folder with its pages and an `api.rs` of server functions.

#![recursion_limit = "256"]

pub mod account;
pub mod auth;
pub mod commands;
pub mod connection;
pub mod error;
pub mod faq;
pub mod i18n;
pub mod icons;
pub mod inbox;
pub mod layout;
pub mod logs;
pub mod menus;
pub mod model;
pub mod sim;
#[cfg(feature = "ssr")]
pub mod state;
pub mod texts;
pub mod ui;
pub mod users;

use leptos::prelude::*;
use leptos_meta::{MetaTags, Title, provide_meta_context};
use leptos_router::components::{ParentRoute, Redirect, Route, Router, Routes};
use leptos_router::path;

use crate::i18n::{I18n, Lang, t};
use crate::icons::Icon;
use crate::layout::{AdminOnly, AppLayout, NotBuilt, NotFound};

/// The stylesheet's address: its content-hashed name when the site was built with fingerprints
/// (the server sets it at start from the site's `hash.txt`, see `server::leptos_options`).
pub static STYLESHEET: std::sync::OnceLock<String> = std::sync::OnceLock::new();

/// The HTML document, rendered on the server only.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    let lang = request_lang();
    let stylesheet = STYLESHEET.get().cloned().unwrap_or_else(|| format!("/pkg/{}.css", options.output_name));
    view! {
        <!DOCTYPE html>
        <html lang=lang.code()>
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <meta name="color-scheme" content="light" />
                <link rel="icon" href="/favicon.svg" type="image/svg+xml" />
                <link rel="stylesheet" id="leptos" href=stylesheet />
                <AutoReload options=options.clone() />
                <HydrationScripts options />
                <MetaTags />
            </head>
            <body>
                <App />
            </body>
        </html>
    }
}

/// The interface language of this request: the `lang` cookie (set from the user's setting), else
/// the browser's Accept-Language, else Russian.
#[cfg(feature = "ssr")]
pub fn request_lang() -> Lang {
    let Some(parts) = use_context::<http::request::Parts>() else {
        return Lang::default();
    };
    let from_cookie = parts
        .headers
        .get_all(http::header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|kv| kv.trim().split_once('='))
        .find(|(k, _)| *k == auth::api::LANG_COOKIE)
        .and_then(|(_, v)| Lang::parse(v));
    from_cookie
        .or_else(|| {
            parts
                .headers
                .get(http::header::ACCEPT_LANGUAGE)
                .and_then(|v| v.to_str().ok())
                .and_then(Lang::from_accept_language)
        })
        .unwrap_or_default()
}

/// In the browser the server's choice is read back from `<html lang>`.
#[cfg(not(feature = "ssr"))]
pub fn request_lang() -> Lang {
    #[cfg(feature = "hydrate")]
    {
        web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.document_element())
            .and_then(|e| e.get_attribute("lang"))
            .and_then(|l| Lang::parse(&l))
            .unwrap_or_default()
    }
    #[cfg(not(feature = "hydrate"))]
    {
        Lang::default()
    }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    provide_context(I18n(request_lang()));
    auth::provide_auth();
    ui::provide_toasts();
    let tr = t();

    view! {
        <Title formatter=move |page: String| if page.is_empty() { tr.app_name.to_string() } else { format!("{page} · {}", tr.app_name) } />
        <Router>
            <Routes fallback=|| view! { <NotFound /> }>
                <Route path=path!("/login") view=auth::LoginPage />
                <ParentRoute path=path!("") view=AppLayout>
                    <Route path=path!("") view=|| view! { <Redirect path="/inbox" /> } />
                    <ParentRoute path=path!("inbox") view=inbox::InboxPage>
                        <Route path=path!("") view=inbox::NoConversation />
                        <Route path=path!(":id") view=inbox::ConversationRoute />
                    </ParentRoute>
                    <Route path=path!("bot/faq") view=faq::FaqPage />
                    <Route path=path!("bot/faq/unanswered") view=|| view! { <AdminOnly><faq::UnansweredPage /></AdminOnly> } />
                    <Route path=path!("bot/faq/new") view=|| view! { <AdminOnly><faq::FaqEditor /></AdminOnly> } />
                    <Route path=path!("bot/faq/:id") view=faq::FaqEditor />
                    <Route path=path!("bot/menus") view=|| view! { <AdminOnly><menus::MenusPage /></AdminOnly> } />
                    <Route path=path!("bot/menus/:id") view=|| view! { <AdminOnly><menus::MenusPage /></AdminOnly> } />
                    <Route path=path!("bot/commands") view=|| view! { <AdminOnly><commands::CommandsPage /></AdminOnly> } />
                    <Route path=path!("bot/connection") view=|| view! { <AdminOnly><connection::ConnectionPage /></AdminOnly> } />
                    <Route path=path!("bot/canned") view=|| view! { <AdminOnly><inbox::CannedPage /></AdminOnly> } />
                    <Route path=path!("bot/texts") view=|| view! { <AdminOnly><texts::TextsPage /></AdminOnly> } />
                    <Route path=path!("bot/simulator") view=|| view! { <AdminOnly><sim::SimulatorPage /></AdminOnly> } />
                    <Route path=path!("users") view=|| view! { <AdminOnly><users::UsersPage /></AdminOnly> } />
                    <Route path=path!("logs") view=|| view! { <AdminOnly><logs::LogsPage /></AdminOnly> } />
                    <Route path=path!("stats") view=|| view! { <AdminOnly><NotBuilt title=t().stats_title text=t().stats_not_built icon=Icon::Chart /></AdminOnly> } />
                    <Route path=path!("account") view=account::AccountPage />
                </ParentRoute>
            </Routes>
        </Router>
    }
}

#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_body(App);
    // A marker for end-to-end tests (and a cheap proof that the wasm bundle really ran).
    if let Some(body) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.body()) {
        let _ = body.set_attribute("data-hydrated", "true");
    }
}
