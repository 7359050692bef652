//! The signed-in shell (sidebar navigation, top bar) and the generic pages.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::{A, Outlet, Redirect};
use leptos_router::hooks::{use_location, use_navigate};

use crate::auth::api::Logout;
use crate::auth::use_auth;
use crate::error::ApiError;
use crate::i18n::t;
use crate::icons::{Icon, Svg};
use crate::model::CurrentUser;
use crate::ui::{EmptyState, ErrorAlert, Loading, PageHeader, RoleBadge, ToastRegion};

/// Everything behind the login: anonymous visitors are sent to /login?next=….
#[component]
pub fn AppLayout() -> impl IntoView {
    let auth = use_auth();
    view! {
        <Suspense fallback=|| view! { <Loading /> }>
            {move || Suspend::new(async move {
                match auth.user.await {
                    Ok(Some(user)) => view! { <Shell user /> }.into_any(),
                    Ok(None) | Err(ApiError::Unauthorized) => view! { <ToLogin /> }.into_any(),
                    Err(e) => view! { <div class="content"><ErrorAlert error=Signal::stored(Some(e)) /></div> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn ToLogin() -> impl IntoView {
    let location = use_location();
    let here = location.pathname.get_untracked();
    let path = if here == "/" || here.is_empty() {
        "/login".to_string()
    } else {
        format!("/login?next={}", encode_path(&here))
    };
    view! { <Redirect path /> }
}

fn encode_path(p: &str) -> String {
    p.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'/' | b'-' | b'_' | b'.' | b'~' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

struct NavItem {
    href: &'static str,
    icon: Icon,
    label: fn() -> &'static str,
    admin_only: bool,
}

/// A section of the navigation: its heading (none for the first) and its links.
type NavSection = (Option<fn() -> &'static str>, &'static [NavItem]);

const NAV: &[NavSection] = &[
    (None, &[NavItem { href: "/inbox", icon: Icon::Inbox, label: || t().nav_inbox, admin_only: false }]),
    (
        Some(|| t().nav_bot),
        &[
            NavItem { href: "/bot/faq", icon: Icon::Help, label: || t().nav_faq, admin_only: false },
            NavItem { href: "/bot/menus", icon: Icon::Menu, label: || t().nav_menus, admin_only: true },
            NavItem { href: "/bot/commands", icon: Icon::Command, label: || t().nav_commands, admin_only: true },
            NavItem { href: "/bot/texts", icon: Icon::Pen, label: || t().nav_texts, admin_only: true },
            NavItem { href: "/bot/simulator", icon: Icon::Flask, label: || t().nav_simulator, admin_only: true },
            NavItem { href: "/bot/connection", icon: Icon::Lock, label: || t().nav_connection, admin_only: true },
            NavItem { href: "/bot/canned", icon: Icon::Chat, label: || t().nav_canned, admin_only: true },
        ],
    ),
    (
        Some(|| t().nav_admin),
        &[
            NavItem { href: "/users", icon: Icon::Users, label: || t().nav_users, admin_only: true },
            NavItem { href: "/logs", icon: Icon::Log, label: || t().nav_logs, admin_only: true },
            NavItem { href: "/stats", icon: Icon::Chart, label: || t().nav_stats, admin_only: true },
        ],
    ),
];

#[component]
fn Shell(user: CurrentUser) -> impl IntoView {
    let tr = t();
    let nav_open = RwSignal::new(false);
    let location = use_location();
    // Close the phone menu whenever the page changes.
    Effect::new(move || {
        location.pathname.track();
        nav_open.set(false);
    });
    let is_admin = user.is_admin();
    let sections = NAV
        .iter()
        .filter_map(|(heading, items)| {
            let visible: Vec<_> = items.iter().filter(|i| is_admin || !i.admin_only).collect();
            if visible.is_empty() {
                return None;
            }
            Some(view! {
                {heading.map(|h| view! { <div class="nav-section">{h()}</div> })}
                {visible
                    .into_iter()
                    .map(|i| view! {
                        <A href=i.href attr:class="nav-link">
                            <span class="nav-icon"><Svg icon=i.icon /></span>
                            <span>{(i.label)()}</span>
                        </A>
                    })
                    .collect_view()}
            })
        })
        .collect_view();

    let auth = use_auth();
    let logout = ServerAction::<Logout>::new();
    let navigate = use_navigate();
    Effect::new(move || {
        if logout.value().get().is_some() {
            auth.refresh();
            navigate("/login", Default::default());
        }
    });

    view! {
        <a class="skip-link" href="#main">{tr.skip_to_content}</a>
        <div class="app-shell" class:nav-open=move || nav_open.get()>
            <aside class="sidebar" id="sidebar">
                <div class="brand">
                    <span class="brand-mark" aria-hidden="true">"S"</span>
                    <span>{tr.app_name}</span>
                </div>
                <nav class="nav" aria-label=tr.toggle_nav>{sections}</nav>
                <div class="sidebar-footer">
                    <A href="/account" attr:class="nav-link">
                        <span class="nav-icon"><Svg icon=Icon::Account /></span>
                        <span>{tr.nav_account}</span>
                    </A>
                </div>
            </aside>
            <div class="nav-backdrop" on:click=move |_| nav_open.set(false)></div>
            <div class="main">
                <header class="topbar">
                    <div class="topbar-title">
                        <button type="button" class="sidebar-toggle btn btn-outline btn-sm" aria-controls="sidebar" aria-expanded=move || nav_open.get().to_string() on:click=move |_| nav_open.update(|o| *o = !*o)>
                            <span aria-hidden="true">"☰"</span>
                            <span class="sr-only">{tr.toggle_nav}</span>
                        </button>
                    </div>
                    <div class="topbar-user">
                        <span class="user-name" data-testid="current-user">{user.display_name.clone()}</span>
                        <RoleBadge role=user.role />
                        <ActionForm action=logout>
                            <button type="submit" class="btn btn-outline btn-sm" data-testid="logout">{tr.sign_out}</button>
                        </ActionForm>
                    </div>
                </header>
                <main class="content" id="main" tabindex="-1">
                    <Outlet />
                </main>
            </div>
        </div>
        <ToastRegion />
    }
}

/// Shows its children to admins; operators get a "no access" page (and the server functions
/// behind it refuse them anyway).
#[component]
pub fn AdminOnly(children: ChildrenFn) -> impl IntoView {
    let auth = use_auth();
    move || {
        if auth.current().is_some_and(|u| u.is_admin()) {
            children().into_any()
        } else {
            #[cfg(feature = "ssr")]
            if let Some(opts) = use_context::<leptos_axum::ResponseOptions>() {
                opts.set_status(http::StatusCode::FORBIDDEN);
            }
            view! { <Forbidden /> }.into_any()
        }
    }
}

#[component]
pub fn Forbidden() -> impl IntoView {
    let tr = t();
    view! {
        <Title text=tr.forbidden_title />
        <EmptyState icon=Icon::Lock title=tr.forbidden_title text=tr.forbidden_text class="forbidden" attr:data-testid="forbidden">
            <A href="/inbox" attr:class="btn btn-primary">{tr.back_home}</A>
        </EmptyState>
    }
}

/// An honest placeholder for an area a later release builds: no fake data.
#[component]
pub fn NotBuilt(title: &'static str, text: &'static str, icon: Icon) -> impl IntoView {
    let tr = t();
    view! {
        <PageHeader title />
        <EmptyState icon title=tr.not_built_title badge=tr.not_built_badge text attr:data-testid="not-built" />
    }
}

#[component]
pub fn NotFound() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(opts) = use_context::<leptos_axum::ResponseOptions>() {
        opts.set_status(http::StatusCode::NOT_FOUND);
    }
    let tr = t();
    view! {
        <Title text=tr.not_found_title />
        <div class="login-page">
            <main class="login-card empty-state">
                <div class="empty-icon"><Svg icon=Icon::Search size=40 /></div>
                <h1>{tr.not_found_title}</h1>
                <p>{tr.not_found_text}</p>
                <a class="btn btn-primary" href="/">{tr.back_home}</a>
            </main>
        </div>
    }
}
