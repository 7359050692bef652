//! A form field: label, control, hint and the field's own error.

use leptos::prelude::*;

use crate::error::ApiError;
use crate::i18n::t;

/// `"true"` when the error is about the form field `name` (for `aria-invalid`).
pub fn field_invalid(error: Signal<Option<ApiError>>, name: &'static str) -> &'static str {
    match error.get() {
        Some(ApiError::Invalid(p)) if p.field() == name => "true",
        _ => "false",
    }
}

/// The field-specific message, shown under the field.
#[component]
pub fn FieldError(
    #[prop(into)] error: Signal<Option<ApiError>>,
    name: &'static str,
    #[prop(optional)] id: Option<String>,
) -> impl IntoView {
    let tr = t();
    move || match error.get() {
        Some(ApiError::Invalid(p)) if p.field() == name => {
            Some(view! { <div class="form-error" id=id.clone()>{tr.problem(p)}</div> })
        }
        _ => None,
    }
}

/// A labelled control with its hint and inline error. The control is the child, and the field
/// gives it its `id`, `name`, `aria-invalid` and `aria-describedby` (the hint and the error), so a
/// page writes only what is particular to it:
///
/// ```ignore
/// <Field id="new-username" name="username" label=tr.users.field_username hint=tr.users.field_username_hint error>
///     <input class="form-control" autocomplete="off" required autofocus />
/// </Field>
/// ```
///
/// The error shown is the form's when it is about `name`, or about `error_for` where the server
/// names the field differently. `prefix` is fixed text joined to the control's start (the `/` of a
/// shortcut); `label_hidden` keeps the label for screen readers only.
#[component]
pub fn Field(
    id: &'static str,
    name: &'static str,
    label: &'static str,
    #[prop(optional)] hint: Option<&'static str>,
    #[prop(optional, into)] error: Option<Signal<Option<ApiError>>>,
    #[prop(optional)] error_for: Option<&'static str>,
    #[prop(optional)] prefix: Option<&'static str>,
    #[prop(optional)] label_hidden: bool,
    children: Children,
) -> impl IntoView {
    let key = error_for.unwrap_or(name);
    let error = error.unwrap_or_else(|| Signal::stored(None));
    let invalid = Memo::new(move |_| matches!(error.get(), Some(ApiError::Invalid(p)) if p.field() == key));
    let hint_id = format!("{id}-hint");
    let error_id = format!("{id}-error");
    let described_by = {
        let (hint_id, error_id) = (hint_id.clone(), error_id.clone());
        move || {
            let ids: Vec<&str> = [hint.map(|_| hint_id.as_str()), invalid.get().then_some(error_id.as_str())]
                .into_iter()
                .flatten()
                .collect();
            (!ids.is_empty()).then(|| ids.join(" "))
        }
    };
    let control = children().add_any_attr(view! {
        <{..} id=id name=name aria-invalid=move || invalid.get().to_string() aria-describedby=described_by />
    });
    let control = match prefix {
        Some(p) => view! {
            <div class="input-prefix">
                <span class="input-prefix-text" aria-hidden="true">{p}</span>
                {control}
            </div>
        }
        .into_any(),
        None => control.into_any(),
    };
    view! {
        <div class="form-group">
            <label class="form-label" class:sr-only=label_hidden for=id>{label}</label>
            {control}
            {hint.map(|h| view! { <div class="form-hint" id=hint_id>{h}</div> })}
            <FieldError error name=key id=error_id />
        </div>
    }
}
