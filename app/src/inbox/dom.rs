//! DOM helpers of the inbox (browser only).

use wasm_bindgen::JsCast;

/// The page's first element matching `selector`, if it is an HTML element.
pub fn element(selector: &str) -> Option<web_sys::HtmlElement> {
    let document = web_sys::window()?.document()?;
    document.query_selector(selector).ok().flatten()?.dyn_into().ok()
}

/// Focuses the open conversation's reply box when it can be typed in, else (with `or_history`) its
/// history; returns whether something took the focus.
pub fn focus_reply_box(or_history: bool) -> bool {
    let target =
        element("#composer-input:not([disabled])").or_else(|| or_history.then(|| element(".conv .history")).flatten());
    target.is_some_and(|el| el.focus().is_ok())
}

/// Moves the focus among `selector` items inside `root` for the arrow, Home and End keys.
/// Returns whether it moved.
pub fn move_focus(root: &web_sys::Element, selector: &str, key: &str) -> bool {
    let Ok(list) = root.query_selector_all(selector) else { return false };
    let items: Vec<web_sys::HtmlElement> =
        (0..list.length()).filter_map(|i| list.item(i)).filter_map(|n| n.dyn_into().ok()).collect();
    if items.is_empty() {
        return false;
    }
    let active = web_sys::window().and_then(|w| w.document()).and_then(|d| d.active_element());
    let current = active.and_then(|a| items.iter().position(|i| *i == *a.unchecked_ref::<web_sys::HtmlElement>()));
    let last = items.len() - 1;
    let next = match (key, current) {
        ("Home", _) => 0,
        ("End", _) => last,
        ("ArrowDown", Some(i)) => (i + 1).min(last),
        ("ArrowUp", Some(i)) => i.saturating_sub(1),
        ("ArrowDown", None) => 0,
        ("ArrowUp", None) => last,
        _ => return false,
    };
    let _ = items[next].focus();
    true
}
