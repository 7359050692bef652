//! Tabs that are links: each one a URL, so the browser's back button and reloads keep the tab.

use leptos::prelude::*;

/// One tab: where it leads, its label, whether it is the current one, and an optional count
/// (`None` while unknown: its room is kept, so the tabs don't shift when it arrives).
pub struct TabLink {
    pub href: Signal<String>,
    pub label: &'static str,
    pub current: Signal<bool>,
    pub count: Option<Signal<Option<u64>>>,
    /// The count asks for attention (red).
    pub urgent: Signal<bool>,
    pub testid: String,
}

/// A row of tabs (`aria-current="page"` on the current one). `fill` spreads them over the width.
#[component]
pub fn Tabs(label: &'static str, tabs: Vec<TabLink>, #[prop(optional)] fill: bool) -> impl IntoView {
    let tabs = tabs
        .into_iter()
        .map(|tab| {
            let TabLink { href, label, current, count, urgent, testid } = tab;
            view! {
                <a class="tab" href=move || href.get() aria-current=move || current.get().then_some("page") data-testid=testid>
                    <span class="tab-label">{label}</span>
                    {count.map(|count| {
                        view! {
                            <span class="tab-count" class:urgent=move || urgent.get() class:unknown=move || count.get().is_none()>
                                {move || count.get().map(|n| n.to_string())}
                            </span>
                        }
                    })}
                </a>
            }
        })
        .collect_view();
    view! { <nav class="tabs" class:tabs-fill=fill aria-label=label>{tabs}</nav> }
}
