//! Toasts: short confirmations and errors in a corner of the screen, gone after five seconds,
//! announced politely to screen readers.

use leptos::prelude::*;

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

    pub fn error(&self, text: String) {
        self.show(ToastKind::Error, text);
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
