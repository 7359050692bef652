//! The error of a request, as an alert that screen readers announce.

use leptos::prelude::*;

use crate::error::ApiError;
use crate::i18n::t;

/// The localized message of the latest error, if any. With `fields_inline` the problems of a form's
/// fields are left out: its [`super::Field`]s show them under themselves.
#[component]
pub fn ErrorAlert(
    #[prop(into)] error: Signal<Option<ApiError>>,
    #[prop(optional)] fields_inline: bool,
) -> impl IntoView {
    let tr = t();
    move || {
        error.get().filter(|e| !(fields_inline && matches!(e, ApiError::Invalid(_)))).map(|e| {
            view! { <div class="alert alert-error" role="alert">{tr.error(&e)}</div> }
        })
    }
}
