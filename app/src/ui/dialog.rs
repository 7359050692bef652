//! The modal dialog and its parts.

use leptos::prelude::*;

use super::ErrorAlert;
use crate::error::ApiError;
use crate::i18n::t;

/// A modal dialog. Focus moves into it when it opens (to the `autofocus` element, else the first
/// control), Tab and Shift+Tab cycle inside it, Escape or × closes it, and focus goes back to the
/// control that opened it when it closes.
#[component]
pub fn Dialog(#[prop(into)] title: String, on_close: Callback<()>, children: Children) -> impl IntoView {
    let handle = window_event_listener(leptos::ev::keydown, move |ev| {
        if ev.key() == "Escape" {
            on_close.run(());
        }
    });
    on_cleanup(move || handle.remove());
    let dialog = NodeRef::<leptos::html::Div>::new();
    #[cfg(feature = "hydrate")]
    {
        let opener = StoredValue::new_local(focus::active());
        on_cleanup(move || {
            // After the dialog has left the page (the focus with it).
            if let Some(el) = opener.try_get_value().flatten() {
                request_animation_frame(move || focus::restore(el));
            }
        });
    }
    Effect::new(move || {
        #[cfg(feature = "hydrate")]
        if let Some(el) = dialog.get() {
            focus::first(&el);
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = dialog.get();
    });
    let on_keydown = move |ev: leptos::ev::KeyboardEvent| {
        #[cfg(feature = "hydrate")]
        if ev.key() == "Tab"
            && let Some(el) = dialog.get_untracked()
            && focus::wrap(&el, ev.shift_key())
        {
            ev.prevent_default();
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = ev;
    };
    view! {
        <div class="modal-backdrop">
            <div class="modal" role="dialog" aria-modal="true" aria-labelledby="modal-title" node_ref=dialog on:keydown=on_keydown>
                <div class="modal-header">
                    <h2 id="modal-title">{title}</h2>
                    <button type="button" class="modal-close" aria-label=t().close on:click=move |_| on_close.run(())>"×"</button>
                </div>
                {children()}
            </div>
        </div>
    }
}

/// The scrolling middle of a dialog, with the error of its request on top. With `fields_inline`
/// the problems of the form's fields are left to the fields.
#[component]
pub fn DialogBody(
    #[prop(optional, into)] error: Option<Signal<Option<ApiError>>>,
    #[prop(optional)] fields_inline: bool,
    children: Children,
) -> impl IntoView {
    view! {
        <div class="modal-body">
            {error.map(|error| view! { <ErrorAlert error fields_inline /> })}
            {children()}
        </div>
    }
}

/// The dialog's buttons: Cancel (when `on_cancel` is given), then the children (the main action).
#[component]
pub fn DialogFooter(#[prop(optional)] on_cancel: Option<Callback<()>>, children: Children) -> impl IntoView {
    view! {
        <div class="modal-footer">
            {on_cancel.map(|cancel| {
                view! { <button type="button" class="btn btn-secondary" on:click=move |_| cancel.run(())>{t().cancel}</button> }
            })}
            {children()}
        </div>
    }
}

#[cfg(feature = "hydrate")]
mod focus {
    use wasm_bindgen::JsCast;
    use web_sys::{Element, HtmlElement};

    const FOCUSABLE: &str = "a[href], button:not([disabled]), input:not([type=hidden]):not([disabled]), \
                             select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex='-1'])";

    pub fn active() -> Option<Element> {
        web_sys::window()?.document()?.active_element()
    }

    fn focusable(root: &Element) -> Vec<HtmlElement> {
        let Ok(list) = root.query_selector_all(FOCUSABLE) else { return Vec::new() };
        (0..list.length()).filter_map(|i| list.item(i)).filter_map(|n| n.dyn_into().ok()).collect()
    }

    /// Focuses the `autofocus` control, else the first one after the close button.
    pub fn first(root: &Element) {
        let target = root.query_selector("[autofocus]").ok().flatten().and_then(|e| e.dyn_into::<HtmlElement>().ok());
        let target = target.or_else(|| {
            let all = focusable(root);
            all.iter().find(|e| !e.class_list().contains("modal-close")).or(all.first()).cloned()
        });
        if let Some(t) = target {
            let _ = t.focus();
        }
    }

    /// Tab on the last control goes to the first, Shift+Tab on the first to the last. Returns whether
    /// it moved the focus.
    pub fn wrap(root: &Element, backwards: bool) -> bool {
        let all = focusable(root);
        let (Some(first), Some(last)) = (all.first(), all.last()) else { return false };
        let Some(current) = active() else { return false };
        let (edge, to) = if backwards { (first, last) } else { (last, first) };
        let edge: &Element = edge;
        let at_edge = current == *edge || !root.contains(Some(&current));
        if at_edge {
            let _ = to.focus();
        }
        at_edge
    }

    /// Gives the focus back to `el` if it is still on the page and nothing else took it.
    pub fn restore(el: Element) {
        let lost = active().is_none_or(|a| a.tag_name() == "BODY" || !a.is_connected());
        if lost
            && el.is_connected()
            && let Ok(el) = el.dyn_into::<HtmlElement>()
        {
            let _ = el.focus();
        }
    }
}
