//! DOM helpers of the inbox (browser only).

use wasm_bindgen::JsCast;

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
