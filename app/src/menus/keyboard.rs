//! The keyboard editor: the menu's rows of buttons as chips, moved by drag and drop or by the
//! keyboard (a chip focused: Alt+←/→ within its row, Alt+↑/↓ to the row above or below, Delete
//! removes it), each row's count against Telegram's 8, and "+" to add a button to a row or a new
//! row. A click (or Enter) on a chip selects it for the button panel.
//!
//! Guarantees: the chips are keyed by the editor's button keys, so a moved button keeps its
//! selection and gets the focus back after a keyboard move; every move is announced to screen
//! readers ("row 2, place 1"); a row's problems (too many buttons) and a button's (an empty or
//! too long label, a bad link…) mark the row or the chip as they are typed, before Save.

use leptos::prelude::*;

use crate::i18n::t;
use crate::menus::edit::{Drop, Keyboard, Move, new_button};
use crate::menus::model::{MenuField, MenuFieldError, limits};
use crate::menus::preview::label;

/// The DOM id of button `key`'s chip.
pub fn chip_id(key: u64) -> String {
    format!("menu-btn-{key}")
}

/// Focuses the chip of button `key` once the view has caught up with a change.
pub fn focus_chip(key: u64) {
    #[cfg(feature = "hydrate")]
    request_animation_frame(move || {
        use wasm_bindgen::JsCast;
        if let Some(el) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.get_element_by_id(&chip_id(key)))
            .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
        {
            let _ = el.focus();
        }
    });
    #[cfg(not(feature = "hydrate"))]
    let _ = key;
}

/// The state the keyboard editor shares with the button panel.
#[derive(Clone, Copy)]
pub struct KeyboardState {
    pub kb: RwSignal<Keyboard>,
    pub selected: RwSignal<Option<u64>>,
    /// What was last announced to screen readers.
    pub announce: RwSignal<String>,
    /// The problems of the menu as it is now (the browser's own and, while nothing changed, Save's).
    pub problems: Signal<Vec<MenuFieldError>>,
    pub readonly: bool,
}

impl KeyboardState {
    /// Moves button `key` one step, announces where it is and keeps the focus on it.
    pub fn step(&self, key: u64, m: Move) {
        let mut moved = false;
        self.kb.update(|k| moved = k.step(key, m));
        let tr = t();
        if moved {
            if let Some((r, i)) = self.kb.with_untracked(|k| k.find(key)) {
                self.announce.set((tr.menus.moved_to)(r + 1, i + 1));
            }
        } else {
            self.announce.set(tr.menus.cannot_move.to_string());
        }
        focus_chip(key);
    }

    pub fn remove(&self, key: u64) {
        let mut next = None;
        self.kb.update(|k| next = k.remove(key));
        self.selected.set(next);
        self.announce.set(t().menus.removed.to_string());
        match next {
            Some(n) => focus_chip(n),
            None => focus_by_id("menu-add-row"),
        }
    }

    /// Adds a button to row `row` (a new row when `None`), selects it and focuses its label.
    pub fn add(&self, row: Option<u64>) {
        let mut key = 0;
        self.kb.update(|k| key = k.add(row, new_button()));
        self.selected.set(Some(key));
        focus_by_id("menu-button-label-ru");
    }

    /// The problems of the button at row `r`, place `i` (0-based).
    pub fn problems_at(&self, r: usize, i: usize) -> Vec<MenuFieldError> {
        self.problems.with(|p| p.iter().filter(|e| e.row == Some(r + 1) && e.button == Some(i + 1)).cloned().collect())
    }
}

pub fn focus_by_id(id: &'static str) {
    #[cfg(feature = "hydrate")]
    request_animation_frame(move || {
        use wasm_bindgen::JsCast;
        if let Some(el) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.get_element_by_id(id))
            .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
        {
            let _ = el.focus();
        }
    });
    #[cfg(not(feature = "hydrate"))]
    let _ = id;
}

#[component]
pub fn KeyboardEditor(state: KeyboardState, #[prop(into)] english: Signal<bool>) -> impl IntoView {
    let tr = t();
    let dragging = RwSignal::new(None::<u64>);
    let row_keys = move || state.kb.with(|k| k.rows.iter().map(|r| r.key).collect::<Vec<_>>());
    let total = move || state.kb.with(Keyboard::count);
    let full = move || total() >= limits::KEYBOARD;
    let general =
        move || state.problems.with(|p| p.iter().filter(|e| e.field == MenuField::Rows).cloned().collect::<Vec<_>>());
    let drop_on = move |to: Drop| {
        if let Some(key) = dragging.get_untracked() {
            let mut moved = false;
            state.kb.update(|k| moved = k.drop(key, to));
            if moved && let Some((r, i)) = state.kb.with_untracked(|k| k.find(key)) {
                state.announce.set((tr.menus.moved_to)(r + 1, i + 1));
            }
            state.selected.set(Some(key));
        }
        dragging.set(None);
    };
    let new_row_zone = move |at: usize| {
        view! {
            <div
                class="menu-kb-newrow"
                class:active=move || dragging.get().is_some()
                data-testid="kb-new-row"
                on:dragover=move |ev| ev.prevent_default()
                on:drop=move |ev| {
                    ev.prevent_default();
                    drop_on(Drop::NewRow(at));
                }
            >
                {tr.menus.drop_new_row}
            </div>
        }
    };
    view! {
        <div class="menu-kb" class:dragging=move || dragging.get().is_some() data-testid="kb">
            <p class="form-hint menu-kb-hint" id="menu-kb-hint">{tr.menus.keyboard_hint}</p>
            {move || (!state.readonly).then(|| new_row_zone(0))}
            <For each=row_keys key=|k| *k let:row_key>
                {
                    let index = Memo::new(move |_| state.kb.with(|k| k.rows.iter().position(|r| r.key == row_key).unwrap_or(0)));
                    let buttons = move || state.kb.with(|k| k.rows.iter().find(|r| r.key == row_key).map(|r| r.buttons.iter().map(|b| b.key).collect::<Vec<_>>()).unwrap_or_default());
                    let count = move || buttons().len();
                    let row_problem = move || state.problems.with(|p| p.iter().any(|e| e.field == MenuField::Row && e.row == Some(index.get() + 1)));
                    view! {
                        <div class="menu-kb-row-wrap">
                            <div
                                class="menu-kb-row"
                                class:invalid=row_problem
                                role="group"
                                aria-label=move || (tr.menus.row_n)(index.get() + 1)
                                data-testid="kb-row"
                                on:dragover=move |ev| ev.prevent_default()
                                on:drop=move |ev| {
                                    ev.prevent_default();
                                    drop_on(Drop::EndOf(row_key));
                                }
                            >
                                <span class="menu-kb-row-no" aria-hidden="true">{move || index.get() + 1}</span>
                                <div class="menu-kb-chips">
                                    <For each=buttons key=|k| *k let:key>
                                        <Chip state key english dragging drop_on=Callback::new(drop_on) />
                                    </For>
                                </div>
                                {(!state.readonly).then(|| view! {
                                    <button
                                        type="button"
                                        class="icon-btn menu-kb-add"
                                        title=tr.menus.add_to_row
                                        aria-label=move || format!("{} {}", tr.menus.add_to_row, index.get() + 1)
                                        disabled={move || full() || count() >= limits::ROW}
                                        data-testid="kb-add-to-row"
                                        on:click=move |_| state.add(Some(row_key))
                                    >
                                        <span aria-hidden="true">"+"</span>
                                    </button>
                                })}
                                <span class="menu-kb-count" class:over={move || count() > limits::ROW}>
                                    {move || format!("{} / {}", count(), limits::ROW)}
                                </span>
                            </div>
                            {move || row_problem().then(|| view! {
                                <div class="form-error" data-testid="field-error">{(tr.menus.row_too_long)(index.get() + 1, limits::ROW)}</div>
                            })}
                            {move || (!state.readonly).then(|| new_row_zone(index.get() + 1))}
                        </div>
                    }
                }
            </For>
            {move || (total() == 0).then(|| view! { <p class="muted menu-kb-empty">{tr.menus.no_buttons}</p> })}
            {move || general().into_iter().map(|e| view! {
                <div class="form-error" data-testid="field-error">{tr.menus.field_error(&e)}</div>
            }).collect_view()}
            {(!state.readonly).then(|| view! {
                <div class="menu-kb-actions">
                    <button type="button" id="menu-add-row" class="btn btn-outline btn-sm" disabled=full
                        data-testid="kb-add-row" on:click=move |_| state.add(None)>
                        "+ " {tr.menus.add_row}
                    </button>
                    <span class="muted small">{move || format!("{} / {}", total(), limits::KEYBOARD)}</span>
                </div>
            })}
            <div class="sr-only" role="status" aria-live="polite">{move || state.announce.get()}</div>
        </div>
    }
}

/// Whether the pointer is over the right half of the element the event is on.
fn right_half(ev: &leptos::ev::DragEvent) -> bool {
    #[cfg(feature = "hydrate")]
    {
        use wasm_bindgen::JsCast;
        if let Some(el) = ev.current_target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()) {
            let rect = el.get_bounding_client_rect();
            return f64::from(ev.client_x()) > rect.left() + rect.width() / 2.0;
        }
    }
    let _ = ev;
    false
}

#[component]
fn Chip(
    state: KeyboardState,
    key: u64,
    english: Signal<bool>,
    dragging: RwSignal<Option<u64>>,
    drop_on: Callback<Drop>,
) -> impl IntoView {
    let tr = t();
    let place = Memo::new(move |_| state.kb.with(|k| k.find(key)));
    let text = move || {
        state.kb.with(|k| {
            k.button(key)
                .map(|b| {
                    let l = label(b, english.get());
                    if l.is_empty() { tr.menus.no_label.to_string() } else { l.to_string() }
                })
                .unwrap_or_default()
        })
    };
    let invalid = move || place.get().is_some_and(|(r, i)| !state.problems_at(r, i).is_empty());
    let selected = move || state.selected.get() == Some(key);
    let on_keydown = move |ev: leptos::ev::KeyboardEvent| {
        if state.readonly {
            return;
        }
        let m = match ev.key().as_str() {
            "ArrowLeft" if ev.alt_key() => Move::Left,
            "ArrowRight" if ev.alt_key() => Move::Right,
            "ArrowUp" if ev.alt_key() => Move::Up,
            "ArrowDown" if ev.alt_key() => Move::Down,
            "Delete" => {
                ev.prevent_default();
                state.remove(key);
                return;
            }
            // Without Alt the arrows walk between the chips.
            "ArrowLeft" | "ArrowRight" | "ArrowUp" | "ArrowDown" => {
                ev.prevent_default();
                if let Some((r, i)) = place.get_untracked() {
                    let next = state.kb.with_untracked(|k| match ev.key().as_str() {
                        "ArrowLeft" => i.checked_sub(1).and_then(|j| k.key_at(r, j)),
                        "ArrowRight" => k.key_at(r, i + 1),
                        "ArrowUp" => r.checked_sub(1).and_then(|q| k.key_at(q, i.min(k.rows[q].buttons.len() - 1))),
                        _ => k.rows.get(r + 1).and_then(|row| k.key_at(r + 1, i.min(row.buttons.len() - 1))),
                    });
                    if let Some(n) = next {
                        focus_chip(n);
                    }
                }
                return;
            }
            _ => return,
        };
        ev.prevent_default();
        state.selected.set(Some(key));
        state.step(key, m);
    };
    view! {
        <button
            type="button"
            id=chip_id(key)
            class="menu-kb-chip"
            class:selected=selected
            class:invalid=invalid
            class:drag-source=move || dragging.get() == Some(key)
            draggable=(!state.readonly).then_some("true")
            aria-pressed=move || selected().to_string()
            aria-describedby="menu-kb-hint"
            data-testid="kb-chip"
            on:click=move |_| state.selected.set(Some(key))
            on:keydown=on_keydown
            on:dragstart=move |ev| {
                // Firefox starts a drag only with some data set.
                #[cfg(feature = "hydrate")]
                if let Some(dt) = ev.data_transfer() {
                    let _ = dt.set_data("text/plain", &key.to_string());
                    dt.set_effect_allowed("move");
                }
                #[cfg(not(feature = "hydrate"))]
                let _ = ev;
                dragging.set(Some(key));
            }
            on:dragend=move |_| dragging.set(None)
            on:dragover=move |ev| ev.prevent_default()
            on:drop=move |ev| {
                ev.prevent_default();
                ev.stop_propagation();
                drop_on.run(if right_half(&ev) { Drop::After(key) } else { Drop::Before(key) });
            }
        >
            <span class="menu-kb-chip-label">{text}</span>
            {move || invalid().then(|| view! { <span class="menu-kb-chip-flag" aria-label=tr.menus.has_problem>"!"</span> })}
        </button>
    }
}
