//! The button that sends a form.

use leptos::prelude::*;

use crate::i18n::t;

/// A primary submit button, disabled while the form is being sent. Meanwhile a spinner takes the
/// label's place (the label keeps its room, invisible), so the button keeps its size and nothing
/// around it moves; screen readers hear `busy_label` ("Saving…" unless given).
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
            <span class="btn-label" class:invisible=move || pending.get()>{label}</span>
            {move || {
                pending.get().then(|| view! {
                    <span class="btn-busy">
                        <span class="spinner" aria-hidden="true"></span>
                        <span class="sr-only">{busy_label}</span>
                    </span>
                })
            }}
        </button>
    }
}
