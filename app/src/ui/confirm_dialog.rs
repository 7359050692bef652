//! "Are you sure?" before an action that can't be undone.

use leptos::prelude::*;

use super::{Dialog, DialogBody, DialogFooter};
use crate::error::ApiError;

/// A dialog with a question and two buttons: Cancel and the action (`confirm_label`, a danger
/// button that has the focus, so Enter confirms and Escape cancels). The action's error shows in the
/// dialog; the caller reacts to its success.
#[component]
pub fn ConfirmDialog<T>(
    #[prop(into)] title: String,
    #[prop(into)] message: String,
    confirm_label: &'static str,
    action: Action<(), Result<T, ApiError>>,
    on_close: Callback<()>,
    #[prop(optional)] testid: Option<&'static str>,
) -> impl IntoView
where
    T: Clone + Send + Sync + 'static,
{
    let error = Signal::derive(move || action.value().get().and_then(|r| r.err()));
    let pending = action.pending();
    view! {
        <Dialog title on_close>
            <DialogBody error>
                <p>{message}</p>
            </DialogBody>
            <DialogFooter on_cancel=on_close>
                <button type="button" class="btn btn-danger" data-testid=testid autofocus disabled=move || pending.get() on:click=move |_| { action.dispatch(()); }>
                    {confirm_label}
                </button>
            </DialogFooter>
        </Dialog>
    }
}
