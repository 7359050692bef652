//! A small coloured label: a role, a status, "you".

use leptos::prelude::*;

use crate::i18n::t;
use crate::model::Role;

/// A badge's colour, by meaning.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tone {
    Admin,
    Operator,
    Success,
    Warning,
    Danger,
    Muted,
}

impl Tone {
    pub fn class(self) -> &'static str {
        match self {
            Tone::Admin => "badge badge-admin",
            Tone::Operator => "badge badge-operator",
            Tone::Success => "badge badge-success",
            Tone::Warning => "badge badge-warning",
            Tone::Danger => "badge badge-danger",
            Tone::Muted => "badge badge-muted",
        }
    }
}

/// `<Badge tone=Tone::Success>{text}</Badge>`; attributes given with `attr:` land on the badge.
#[component]
pub fn Badge(tone: Tone, children: Children) -> impl IntoView {
    view! { <span class=tone.class()>{children()}</span> }
}

/// A staff member's role.
#[component]
pub fn RoleBadge(role: Role) -> impl IntoView {
    let tone = match role {
        Role::Admin => Tone::Admin,
        Role::Operator => Tone::Operator,
    };
    view! { <Badge tone>{t().role(role)}</Badge> }
}
