//! The buttons under an answer: a list to add to, remove from and reorder, each button with its
//! label (counted against Telegram's phone width), what it does (a link, a menu, an operator) and
//! its target. The limits are `types::faq::limits`'.
//!
//! Guarantees: rows keep their inputs while they move (keyed by a stable key, not the position),
//! and a problem Save found with button N shows under the button that is N-th now only while the
//! buttons are as they were when it was found (the editor passes only current problems).

use leptos::prelude::*;

use crate::faq::editor_state::{ButtonKind, ButtonRow, Form, button_index};
use crate::faq::model::{ButtonTarget, FaqButton, FaqProblem, MenuOption, limits};
use crate::i18n::t;

/// The list of buttons. `problems` are Save's for the buttons field.
#[component]
pub fn ButtonsEditor(
    form: Form,
    #[prop(into)] menus: Signal<Vec<MenuOption>>,
    #[prop(into)] problems: Signal<Vec<FaqProblem>>,
    readonly: bool,
) -> impl IntoView {
    let tr = t();
    let count = move || form.buttons.with(Vec::len);
    let full = move || count() >= limits::BUTTONS;
    let add = move |_| {
        if full() {
            return;
        }
        let row = form.row(&FaqButton { label: String::new(), target: ButtonTarget::Url { url: String::new() } });
        form.buttons.update(|b| b.push(row));
        // The new row's label gets the focus.
        #[cfg(feature = "hydrate")]
        request_animation_frame(move || {
            focus(&label_id(row.key));
        });
    };
    // Problems about the list as a whole (too many buttons).
    let general = move || problems.get().into_iter().filter(|p| button_index(p).is_none()).collect::<Vec<_>>();
    view! {
        <div class="faq-buttons" data-testid="buttons-editor">
            <p class="form-hint faq-buttons-hint">{(tr.faq_editor.buttons_hint)(limits::BUTTONS)}</p>
            {move || (count() == 0).then(|| view! { <p class="faq-buttons-empty muted">{tr.faq_editor.no_buttons}</p> })}
            <ol class="faq-button-list">
                <For each=move || form.buttons.get() key=|row| row.key let:row>
                    <ButtonRowView form row menus problems readonly />
                </For>
            </ol>
            {move || general()
                .into_iter()
                .map(|p| view! { <div class="form-error" data-testid="field-error">{(tr.faq.problem)(&p)}</div> })
                .collect_view()}
            {(!readonly).then(|| view! {
                <div class="faq-buttons-add">
                    <button
                        type="button"
                        id="faq-buttons-add"
                        class="btn btn-outline btn-sm"
                        data-testid="button-add"
                        disabled=full
                        aria-describedby="faq-buttons-count"
                        on:click=add
                    >
                        "+ " {tr.faq_editor.add_button}
                    </button>
                    <span class="muted small" id="faq-buttons-count">
                        {move || if full() { (tr.faq_editor.buttons_full)(limits::BUTTONS) } else { format!("{} / {}", count(), limits::BUTTONS) }}
                    </span>
                </div>
            })}
        </div>
    }
}

fn label_id(key: u64) -> String {
    format!("faq-button-{key}-label")
}

/// Focuses the label of the button at `index` (1-based), for a problem Save found there.
pub fn focus_button(form: Form, index: usize) -> bool {
    match form.buttons.with_untracked(|b| b.get(index.saturating_sub(1)).map(|r| r.key)) {
        Some(key) => focus(&label_id(key)),
        None => false,
    }
}

fn focus(id: &str) -> bool {
    #[cfg(feature = "hydrate")]
    {
        use wasm_bindgen::JsCast;
        if let Some(el) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.get_element_by_id(id))
            .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
        {
            return el.focus().is_ok();
        }
    }
    let _ = id;
    false
}

#[component]
fn ButtonRowView(
    form: Form,
    row: ButtonRow,
    menus: Signal<Vec<MenuOption>>,
    problems: Signal<Vec<FaqProblem>>,
    readonly: bool,
) -> impl IntoView {
    let tr = t();
    let key = row.key;
    let position = Memo::new(move |_| form.buttons.with(|b| b.iter().position(|r| r.key == key).unwrap_or(0)));
    let count = move || form.buttons.with(Vec::len);
    let index = move || position.get() + 1;
    let mine = move || problems.get().into_iter().filter(|p| button_index(p) == Some(index())).collect::<Vec<_>>();
    let label_id = label_id(key);
    let kind_id = format!("faq-button-{key}-kind");
    let target_id = format!("faq-button-{key}-target");
    let counter_id = format!("faq-button-{key}-count");
    let label_len = move || row.label.with(|l| l.chars().count());
    let swap = move |delta: isize| {
        form.buttons.update(|b| {
            let i = position.get_untracked();
            let j = i as isize + delta;
            if j >= 0 && (j as usize) < b.len() {
                b.swap(i, j as usize);
            }
        });
    };
    let remove = move |_| form.buttons.update(|b| b.retain(|r| r.key != key));
    let initial_label = row.label.get_untracked();
    let initial_url = row.url.get_untracked();
    let initial_kind = row.kind.get_untracked();
    let initial_menu = row.menu.get_untracked();

    let target = {
        let target_id = target_id.clone();
        move || match row.kind.get() {
            ButtonKind::Url => view! {
                <div class="form-group faq-button-target">
                    <label class="form-label" for=target_id.clone()>{tr.faq_editor.button_url}</label>
                    <input
                        id=target_id.clone()
                        class="form-control"
                        type="url"
                        inputmode="url"
                        autocomplete="off"
                        spellcheck="false"
                        placeholder="https://"
                        maxlength=limits::URL.to_string()
                        readonly=readonly
                        value=initial_url.clone()
                        prop:value=move || row.url.get()
                        on:input=move |ev| row.url.set(event_target_value(&ev))
                        data-testid="button-url"
                    />
                </div>
            }
            .into_any(),
            ButtonKind::Menu => view! {
                <div class="form-group faq-button-target">
                    <label class="form-label" for=target_id.clone()>{tr.faq_editor.button_menu}</label>
                    <select
                        id=target_id.clone()
                        class="form-control form-select"
                        disabled=readonly
                        prop:value=move || {
                            menus.track();
                            row.menu.get().map(|m| m.to_string()).unwrap_or_default()
                        }
                        on:change=move |ev| row.menu.set(event_target_value(&ev).parse().ok())
                        data-testid="button-menu"
                    >
                        <option value="" selected=initial_menu.is_none()>{tr.faq_editor.menu_pick}</option>
                        {move || {
                            let list = menus.get();
                            let chosen = row.menu.get_untracked();
                            // A menu the list doesn't have (not loaded, or gone) still shows.
                            let missing = chosen.filter(|id| !list.iter().any(|m| m.id == *id));
                            list.into_iter()
                                .map(|m| (m.id, m.title))
                                .chain(missing.map(|id| (id, (tr.faq_editor.menu_unknown)(id))))
                                .map(|(id, title)| view! {
                                    <option value=id.to_string() selected=chosen == Some(id)>{title}</option>
                                })
                                .collect_view()
                        }}
                    </select>
                </div>
            }
            .into_any(),
            ButtonKind::Operator => view! {
                <p class="faq-button-target faq-button-note muted small">{tr.faq_editor.operator_note}</p>
            }
            .into_any(),
        }
    };

    view! {
        <li class="faq-button" data-testid="button-row">
            <div class="faq-button-head">
                <span class="faq-button-title">{move || (tr.faq_editor.button_n)(index())}</span>
                {(!readonly).then(|| view! {
                    <div class="faq-button-actions">
                        <button type="button" class="icon-btn" aria-label=tr.faq_editor.move_up title=tr.faq_editor.move_up
                            disabled=move || position.get() == 0 on:click=move |_| swap(-1)>
                            <span aria-hidden="true">"↑"</span>
                        </button>
                        <button type="button" class="icon-btn" aria-label=tr.faq_editor.move_down title=tr.faq_editor.move_down
                            disabled={move || position.get() + 1 >= count()} on:click=move |_| swap(1)>
                            <span aria-hidden="true">"↓"</span>
                        </button>
                        <button type="button" class="icon-btn icon-btn-danger" aria-label=tr.faq_editor.remove_button
                            title=tr.faq_editor.remove_button on:click=remove data-testid="button-remove">
                            <span aria-hidden="true">"✕"</span>
                        </button>
                    </div>
                })}
            </div>
            <div class="faq-button-fields">
                <div class="form-group">
                    <label class="form-label" for=label_id.clone()>{tr.faq_editor.button_label}</label>
                    <input
                        id=label_id.clone()
                        class="form-control"
                        autocomplete="off"
                        readonly=readonly
                        aria-describedby=counter_id.clone()
                        aria-invalid=move || (!mine().is_empty() || label_len() > limits::BUTTON_LABEL).to_string()
                        value=initial_label
                        prop:value=move || row.label.get()
                        on:input=move |ev| row.label.set(event_target_value(&ev))
                        data-testid="button-label"
                    />
                    <div class="form-hint field-counter" class:over={move || label_len() > limits::BUTTON_LABEL} id=counter_id>
                        {move || format!("{} / {}", label_len(), limits::BUTTON_LABEL)}
                    </div>
                </div>
                <div class="form-group">
                    <label class="form-label" for=kind_id.clone()>{tr.faq_editor.button_kind}</label>
                    <select
                        id=kind_id.clone()
                        class="form-control form-select"
                        disabled=readonly
                        prop:value=move || row.kind.get().code()
                        on:change=move |ev| row.kind.set(ButtonKind::parse(&event_target_value(&ev)))
                        data-testid="button-kind"
                    >
                        {ButtonKind::ALL
                            .into_iter()
                            .map(|k| {
                                let name = match k {
                                    ButtonKind::Url => tr.faq_editor.kind_url,
                                    ButtonKind::Menu => tr.faq_editor.kind_menu,
                                    ButtonKind::Operator => tr.faq_editor.kind_operator,
                                };
                                view! { <option value=k.code() selected=k == initial_kind>{name}</option> }
                            })
                            .collect_view()}
                    </select>
                </div>
            </div>
            {target}
            {move || mine()
                .into_iter()
                .map(|p| {
                    // No menu chosen is not a menu that is gone.
                    let text = match p {
                        FaqProblem::ButtonMenuMissing { index } if row.menu.get().is_none() => (tr.faq_editor.menu_required)(index),
                        p => (tr.faq.problem)(&p),
                    };
                    view! { <div class="form-error" data-testid="field-error">{text}</div> }
                })
                .collect_view()}
        </li>
    }
}
