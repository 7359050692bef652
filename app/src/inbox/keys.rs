//! The inbox's keyboard shortcuts: `j`/`k` open the next/previous conversation of the list, `Esc`
//! goes back to the list, `?` shows them all. Letters only count outside text fields (there they
//! are typing); `Esc` counts everywhere but is left to what uses it first (an open dialog, the
//! canned responses' picker). Which key means what is pure and tested here; the page listens.

use leptos::prelude::*;

use crate::i18n::t;
use crate::ui::Dialog;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shortcut {
    Next,
    Previous,
    BackToList,
    Help,
}

/// What a key press means, given whether it was typed into a text field and whether a modifier
/// (Ctrl, Alt, Meta) was held (Shift is part of `?`).
pub fn shortcut(key: &str, in_text_field: bool, modifier: bool) -> Option<Shortcut> {
    if modifier {
        return None;
    }
    match key {
        "Escape" => Some(Shortcut::BackToList),
        _ if in_text_field => None,
        "j" | "о" => Some(Shortcut::Next),
        "k" | "л" => Some(Shortcut::Previous),
        "?" => Some(Shortcut::Help),
        _ => None,
    }
}

/// The conversation `step` places from `open` in `ids` (the list's order); the first one when
/// none is open (or the open one isn't in the list); `None` past either end.
pub fn neighbour(ids: &[i64], open: Option<i64>, step: isize) -> Option<i64> {
    let Some(at) = open.and_then(|o| ids.iter().position(|i| *i == o)) else {
        return if step > 0 { ids.first().copied() } else { ids.last().copied() };
    };
    let next = at as isize + step;
    (0..ids.len() as isize).contains(&next).then(|| ids[next as usize])
}

/// The list of shortcuts (`?`).
#[component]
pub fn ShortcutsHelp(on_close: Callback<()>) -> impl IntoView {
    let tr = t();
    let rows = [
        ("j / k", tr.inbox.keys_next_prev),
        ("↓ / ↑", tr.inbox.keys_arrows),
        ("Enter", tr.inbox.keys_enter),
        ("Esc", tr.inbox.keys_escape),
        ("/", tr.inbox.keys_canned),
        ("Enter · Shift+Enter", tr.inbox.keys_send),
        ("?", tr.inbox.keys_help),
    ];
    view! {
        <Dialog title=tr.inbox.keys_title on_close>
            <div class="modal-body">
                <table class="shortcuts" data-testid="shortcuts">
                    <tbody>
                        {rows
                            .into_iter()
                            .map(|(k, what)| view! { <tr><th scope="row"><kbd>{k}</kbd></th><td>{what}</td></tr> })
                            .collect_view()}
                    </tbody>
                </table>
            </div>
        </Dialog>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn letters_count_outside_text_fields_only() {
        assert_eq!(shortcut("j", false, false), Some(Shortcut::Next));
        assert_eq!(shortcut("k", false, false), Some(Shortcut::Previous));
        // The same keys on a Russian layout.
        assert_eq!(shortcut("о", false, false), Some(Shortcut::Next));
        assert_eq!(shortcut("л", false, false), Some(Shortcut::Previous));
        assert_eq!(shortcut("?", false, false), Some(Shortcut::Help));
        assert_eq!(shortcut("j", true, false), None);
        assert_eq!(shortcut("?", true, false), None);
        assert_eq!(shortcut("j", false, true), None, "Ctrl+J is the browser's");
        assert_eq!(shortcut("Escape", true, false), Some(Shortcut::BackToList));
        assert_eq!(shortcut("x", false, false), None);
    }

    #[test]
    fn neighbours_stop_at_the_ends() {
        let ids = [5, 3, 9];
        assert_eq!(neighbour(&ids, Some(5), 1), Some(3));
        assert_eq!(neighbour(&ids, Some(9), 1), None);
        assert_eq!(neighbour(&ids, Some(5), -1), None);
        assert_eq!(neighbour(&ids, Some(9), -1), Some(3));
        assert_eq!(neighbour(&ids, None, 1), Some(5));
        assert_eq!(neighbour(&ids, Some(42), -1), Some(9));
        assert_eq!(neighbour(&[], None, 1), None);
    }
}
