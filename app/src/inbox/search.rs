//! The list's search box.

use std::time::Duration;

use leptos::ev::KeyboardEvent;
use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::hooks::{use_location, use_navigate};

use super::context::{query_string, use_inbox};
use crate::i18n::t;
use crate::icons::{Icon, Svg};

/// The search box: the URL's `q`, updated 250 ms after the last keystroke.
#[component]
pub(super) fn SearchBox() -> impl IntoView {
    let tr = t();
    let ctx = use_inbox();
    let location = use_location();
    let navigate = use_navigate();
    let text = RwSignal::new(ctx.q.get_untracked());
    let timer = StoredValue::new(None::<TimeoutHandle>);
    // Back/forward change the URL: show its search (unless the user is typing one).
    Effect::new(move |_| {
        let q = ctx.q.get();
        if timer.get_value().is_none() && text.get_untracked() != q {
            text.set(q);
        }
    });
    let apply = move |value: String, delay: Duration| {
        if let Some(h) = timer.get_value() {
            h.clear();
        }
        let navigate = navigate.clone();
        let go = move || {
            timer.try_set_value(None);
            let Some(path) = location.pathname.try_get_untracked() else { return };
            let Some(tab) = ctx.tab.try_get_untracked() else { return };
            navigate(
                &format!("{path}{}", query_string(tab, value.trim())),
                NavigateOptions { replace: true, scroll: false, ..Default::default() },
            );
        };
        timer.set_value(set_timeout_with_handle(go, delay).ok());
    };
    let apply2 = apply.clone();
    view! {
        <div class="list-search" role="search">
            <label class="sr-only" for="inbox-search">{tr.inbox.search_label}</label>
            <span class="list-search-icon" aria-hidden="true"><Svg icon=Icon::Search size=16 /></span>
            <input
                id="inbox-search"
                type="search"
                class="form-control"
                data-testid="inbox-search"
                placeholder=tr.inbox.search_placeholder
                autocomplete="off"
                spellcheck="false"
                prop:value=move || text.get()
                on:input=move |ev| {
                    let v = event_target_value(&ev);
                    text.set(v.clone());
                    apply(v, Duration::from_millis(250));
                }
                on:keydown=move |ev: KeyboardEvent| {
                    if ev.key() == "Escape" && !text.get_untracked().is_empty() {
                        ev.prevent_default();
                        text.set(String::new());
                        apply2(String::new(), Duration::ZERO);
                    }
                }
            />
        </div>
    }
}
