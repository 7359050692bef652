//! The button that sends a form.

use leptos::prelude::*;

use crate::i18n::t;

/// A primary submit button, disabled while the form is being sent, when it says `busy_label`
/// ("Saving…" unless given). Both labels share one grid cell, the hidden one invisible, so the
/// button keeps its width and nothing around it moves.
#[component]
pub fn SubmitButton(
    label: &'static str,
    #[prop(into)] pending: Signal<bool>,
    #[prop(optional)] busy_label: Option<&'static str>,
    #[prop(optional)] testid: Option<&'static str>,
) -> impl IntoView {
    let busy_label = busy_label.unwrap_or(t().saving);
    view! {
        <button type="submit" class="btn btn-primary" data-testid=testid disabled=move || pending.get()>
            <span class="btn-labels">
                <span aria-hidden=move || pending.get().to_string()>{label}</span>
                <span aria-hidden=move || (!pending.get()).to_string()>{busy_label}</span>
            </span>
        </button>
    }
}
