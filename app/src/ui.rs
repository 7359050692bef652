//! Small shared pieces of UI: error alerts, toasts, the modal, the language switch, time format.

use leptos::prelude::*;

use crate::error::ApiError;
use crate::i18n::{Lang, current_lang, t};

/// The localized message of the latest error, if any, as an alert that screen readers announce.
#[component]
pub fn ErrorAlert(#[prop(into)] error: Signal<Option<ApiError>>) -> impl IntoView {
    move || {
        error.get().map(|e| {
            view! { <div class="alert alert-error" role="alert">{t().error(&e)}</div> }
        })
    }
}

/// `"true"` when the error is about the form field `name` (for `aria-invalid`).
pub fn field_invalid(error: Signal<Option<ApiError>>, name: &'static str) -> &'static str {
    match error.get() {
        Some(ApiError::Invalid(p)) if p.field() == name => "true",
        _ => "false",
    }
}

/// The field-specific message, shown under the field.
#[component]
pub fn FieldError(#[prop(into)] error: Signal<Option<ApiError>>, name: &'static str) -> impl IntoView {
    move || match error.get() {
        Some(ApiError::Invalid(p)) if p.field() == name => {
            Some(view! { <div class="form-error">{t().problem(p)}</div> })
        }
        _ => None,
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum ToastKind {
    Success,
    Error,
}

#[derive(Clone)]
struct Toast {
    id: u64,
    kind: ToastKind,
    text: String,
}

#[derive(Clone, Copy)]
pub struct Toasts {
    items: RwSignal<Vec<Toast>>,
    next_id: StoredValue<u64>,
}

impl Toasts {
    pub fn show(&self, kind: ToastKind, text: String) {
        let id = self.next_id.get_value();
        self.next_id.set_value(id + 1);
        self.items.update(|v| v.push(Toast { id, kind, text }));
        let items = self.items;
        set_timeout(move || items.update(|v| v.retain(|t| t.id != id)), std::time::Duration::from_secs(5));
    }

    pub fn success(&self, text: String) {
        self.show(ToastKind::Success, text);
    }
}

pub fn provide_toasts() {
    provide_context(Toasts { items: RwSignal::new(Vec::new()), next_id: StoredValue::new(0) });
}

pub fn use_toasts() -> Toasts {
    expect_context::<Toasts>()
}

#[component]
pub fn ToastRegion() -> impl IntoView {
    let toasts = use_toasts();
    view! {
        <div class="toast-region" role="status" aria-live="polite">
            <For each=move || toasts.items.get() key=|t| t.id let:toast>
                <div class=if toast.kind == ToastKind::Success { "toast toast-success" } else { "toast toast-error" }>{toast.text}</div>
            </For>
        </div>
    }
}

/// A modal dialog: focus moves into it when it opens; Escape or the × closes it.
#[component]
pub fn Modal(#[prop(into)] title: Signal<String>, on_close: Callback<()>, children: Children) -> impl IntoView {
    let handle = window_event_listener(leptos::ev::keydown, move |ev| {
        if ev.key() == "Escape" {
            on_close.run(());
        }
    });
    on_cleanup(move || handle.remove());
    let dialog = NodeRef::<leptos::html::Div>::new();
    Effect::new(move || {
        #[cfg(feature = "hydrate")]
        if let Some(el) = dialog.get() {
            use wasm_bindgen::JsCast;
            let target = el
                .query_selector("[autofocus]")
                .ok()
                .flatten()
                .or_else(|| el.query_selector("input:not([type=hidden]), select, textarea, button").ok().flatten());
            if let Some(t) = target.and_then(|t| t.dyn_into::<web_sys::HtmlElement>().ok()) {
                let _ = t.focus();
            }
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = dialog.get();
    });
    view! {
        <div class="modal-backdrop">
            <div class="modal" role="dialog" aria-modal="true" aria-labelledby="modal-title" node_ref=dialog>
                <div class="modal-header">
                    <h2 id="modal-title">{move || title.get()}</h2>
                    <button type="button" class="modal-close" aria-label=t().close on:click=move |_| on_close.run(())>"×"</button>
                </div>
                {children()}
            </div>
        </div>
    }
}

/// Switches the interface language. Signed-in users keep it as their setting; visitors of the
/// login page get a cookie. The page reloads so every string, including the title, changes.
#[component]
pub fn LangSwitch() -> impl IntoView {
    let current = current_lang();
    let choose = move |lang: Lang| {
        if lang == current {
            return;
        }
        #[cfg(feature = "hydrate")]
        {
            use wasm_bindgen::JsCast;
            if let Some(doc) = web_sys::window().and_then(|w| w.document()) {
                if let Ok(html) = doc.dyn_into::<web_sys::HtmlDocument>() {
                    let _ = html.set_cookie(&format!("lang={}; Path=/; Max-Age=31536000; SameSite=Lax", lang.code()));
                }
            }
            reload_page();
        }
    };
    view! {
        <div class="lang-switch" role="group" aria-label="Language / Язык">
            {Lang::ALL
                .into_iter()
                .map(|lang| {
                    view! {
                        <button type="button" aria-pressed=(lang == current).to_string() lang=lang.code() on:click=move |_| choose(lang)>
                            {lang.catalogue().lang_name}
                        </button>
                    }
                })
                .collect_view()}
        </div>
    }
}

pub fn reload_page() {
    #[cfg(feature = "hydrate")]
    if let Some(w) = web_sys::window() {
        let _ = w.location().reload();
    }
}

/// `2026-11-23 14:05 UTC`: the same on the server and in the browser, so hydration matches.
pub fn format_time(rfc3339: &str) -> String {
    chrono::DateTime::parse_from_rfc3339(rfc3339)
        .map(|t| t.with_timezone(&chrono::Utc).format("%Y-%m-%d %H:%M UTC").to_string())
        .unwrap_or_else(|_| rfc3339.to_string())
}

#[cfg(test)]
mod tests {
    #[test]
    fn times_are_formatted_in_utc() {
        assert_eq!(super::format_time("2026-11-23T17:05:09+03:00"), "2026-11-23 14:05 UTC");
        assert_eq!(super::format_time("garbage"), "garbage");
    }
}
