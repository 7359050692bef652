//! A row of controls that wraps on narrow screens.

use leptos::prelude::*;

/// Controls side by side (a select and its button, filters above a table), wrapping when the
/// screen is narrow; `label` names the group for screen readers.
#[component]
pub fn Toolbar(#[prop(optional)] label: Option<&'static str>, children: Children) -> impl IntoView {
    view! {
        <div class="toolbar" role=label.map(|_| "group") aria-label=label>
            {children()}
        </div>
    }
}
