//! The placeholder while something loads.

use leptos::prelude::*;

use crate::i18n::t;

#[component]
pub fn Loading() -> impl IntoView {
    view! {
        <div class="loading" aria-busy="true">
            <span class="spinner spinner-lg" aria-hidden="true"></span>
            <span class="muted">{t().loading}</span>
        </div>
    }
}
