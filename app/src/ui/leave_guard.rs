//! "Leave without saving?" for links in the app: a click on a link to another page while there
//! are unsaved changes is held and `leave_to` gets its path. One listener for the page's life
//! (capturing, so it sees the click before the router does), which asks the editor installed last.
//! Used by every editor with a Save button (FAQ entries, menus).

use std::cell::Cell;

use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;

type Guard = (u64, Memo<bool>, RwSignal<Option<String>>);

thread_local! {
    static GUARD: Cell<Option<Guard>> = const { Cell::new(None) };
    static NEXT: Cell<u64> = const { Cell::new(0) };
    static INSTALLED: Cell<bool> = const { Cell::new(false) };
}

pub fn install(dirty: Memo<bool>, leave_to: RwSignal<Option<String>>) {
    let generation = NEXT.with(|n| {
        n.set(n.get() + 1);
        n.get()
    });
    GUARD.with(|g| g.set(Some((generation, dirty, leave_to))));
    on_cleanup(move || {
        GUARD.with(|g| {
            if g.get().is_some_and(|(n, _, _)| n == generation) {
                g.set(None);
            }
        })
    });
    if INSTALLED.with(|i| i.replace(true)) {
        return;
    }
    let Some(window) = web_sys::window() else { return };
    let listener = Closure::<dyn Fn(web_sys::MouseEvent)>::new(on_click);
    let _ = window.add_event_listener_with_callback_and_bool("click", listener.as_ref().unchecked_ref(), true);
    listener.forget();
}

fn on_click(ev: web_sys::MouseEvent) {
    let Some((_, dirty, leave_to)) = GUARD.with(Cell::get) else { return };
    if !dirty.try_get_untracked().unwrap_or(false)
        || ev.default_prevented()
        || ev.button() != 0
        || ev.ctrl_key()
        || ev.meta_key()
        || ev.shift_key()
        || ev.alt_key()
    {
        return;
    }
    let Some(link) = ev
        .target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .and_then(|e| e.closest("a[href]").ok().flatten())
        .and_then(|e| e.dyn_into::<web_sys::HtmlAnchorElement>().ok())
    else {
        return;
    };
    if link.has_attribute("download") || !matches!(link.target().as_str(), "" | "_self") {
        return;
    }
    let Some(location) = web_sys::window().map(|w| w.location()) else { return };
    if location.origin().ok().as_deref() != Some(link.origin().as_str()) {
        return;
    }
    let to = format!("{}{}", link.pathname(), link.search());
    let here = format!("{}{}", location.pathname().unwrap_or_default(), location.search().unwrap_or_default());
    if to == here {
        return;
    }
    ev.prevent_default();
    leave_to.try_set(Some(to));
}
