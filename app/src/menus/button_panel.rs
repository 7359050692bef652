//! The selected button's fields: its labels (counted against the limit), what it does and its
//! target (a submenu, an FAQ answer found by typing, a link, a text), the move buttons (the same
//! moves as Alt+arrows on a chip) and Remove. The problems of the button show under the fields as
//! they are typed.

use leptos::prelude::*;

use crate::error::ApiError;
use crate::faq::api::faq_list;
use crate::faq::model::FaqListQuery;
use crate::i18n::t;
use crate::menus::edit::Move;
use crate::menus::keyboard::KeyboardState;
use crate::menus::model::{ButtonDraft, MenuField, MenuTarget, limits};

/// The kinds of action, in the order the select lists them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Submenu,
    Faq,
    Url,
    Operator,
    Back,
    MainMenu,
    SendText,
}

impl Kind {
    pub const ALL: [Kind; 7] =
        [Kind::Submenu, Kind::Faq, Kind::Url, Kind::Operator, Kind::Back, Kind::MainMenu, Kind::SendText];

    pub fn of(t: &MenuTarget) -> Kind {
        match t {
            MenuTarget::Submenu { .. } => Kind::Submenu,
            MenuTarget::Faq { .. } => Kind::Faq,
            MenuTarget::Url { .. } => Kind::Url,
            MenuTarget::Operator => Kind::Operator,
            MenuTarget::Back => Kind::Back,
            MenuTarget::MainMenu => Kind::MainMenu,
            MenuTarget::SendText { .. } => Kind::SendText,
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Kind::Submenu => "submenu",
            Kind::Faq => "faq",
            Kind::Url => "url",
            Kind::Operator => "operator",
            Kind::Back => "back",
            Kind::MainMenu => "main_menu",
            Kind::SendText => "send_text",
        }
    }

    pub fn parse(code: &str) -> Kind {
        Kind::ALL.into_iter().find(|k| k.code() == code).unwrap_or(Kind::Operator)
    }

    /// A target of this kind, keeping what can be kept of `old` (none: the admin picks one).
    pub fn target(self, old: &MenuTarget) -> MenuTarget {
        if Kind::of(old) == self {
            return old.clone();
        }
        match self {
            // 0: nothing picked yet (Save names the field).
            Kind::Submenu => MenuTarget::Submenu { menu_id: 0 },
            Kind::Faq => MenuTarget::Faq { faq_id: 0 },
            Kind::Url => MenuTarget::Url { url: String::new() },
            Kind::Operator => MenuTarget::Operator,
            Kind::Back => MenuTarget::Back,
            Kind::MainMenu => MenuTarget::MainMenu,
            Kind::SendText => MenuTarget::SendText { text_ru: String::new(), text_en: String::new() },
        }
    }
}

/// A menu a button can open.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MenuChoice {
    pub id: i64,
    pub title: String,
}

/// The panel of the selected button. `this_menu`: the menu being edited (not offered as its own
/// submenu). `faq_names`: questions of the FAQ entries the buttons show, as far as known.
#[component]
pub fn ButtonPanel(
    state: KeyboardState,
    key: u64,
    this_menu: i64,
    #[prop(into)] menus: Signal<Vec<MenuChoice>>,
    faq_names: RwSignal<Vec<(i64, String)>>,
    on_new_submenu: Callback<u64>,
) -> impl IntoView {
    let tr = t();
    let readonly = state.readonly;
    let button = move || state.kb.with(|k| k.button(key).cloned());
    let get = move |f: fn(&ButtonDraft) -> String| move || button().map(|b| f(&b)).unwrap_or_default();
    let set = move |f: fn(&mut ButtonDraft, String)| {
        move |ev: leptos::ev::Event| {
            let v = event_target_value(&ev);
            state.kb.update(|k| {
                if let Some(b) = k.button_mut(key) {
                    f(b, v)
                }
            });
        }
    };
    let place = Memo::new(move |_| state.kb.with(|k| k.find(key)));
    let kind = Memo::new(move |_| button().map(|b| Kind::of(&b.target)).unwrap_or(Kind::Operator));
    let problems = move || place.get().map(|(r, i)| state.problems_at(r, i)).unwrap_or_default();
    let problem_of = move |f: MenuField| {
        move || {
            problems()
                .into_iter()
                .filter(|e| e.field == f)
                .map(|e| view! { <div class="form-error" data-testid="field-error">{(tr.menus.problem)(&e.problem)}</div> })
                .collect_view()
        }
    };
    let len_ru = move || button().map(|b| b.label_ru.chars().count()).unwrap_or(0);
    let len_en = move || button().map(|b| b.label_en.chars().count()).unwrap_or(0);
    let initial = state.kb.with_untracked(|k| k.button(key).cloned()).unwrap_or_else(crate::menus::edit::new_button);

    let target = move || {
        match kind.get() {
        Kind::Submenu => {
            let chosen = move || match button().map(|b| b.target) {
                Some(MenuTarget::Submenu { menu_id }) => menu_id,
                _ => 0,
            };
            view! {
                <div class="form-group">
                    <label class="form-label" for="menu-button-submenu">{tr.menus.target_submenu}</label>
                    <div class="menu-target-row">
                        <select
                            id="menu-button-submenu"
                            class="form-control form-select"
                            disabled=readonly
                            data-testid="button-submenu"
                            prop:value=move || { menus.track(); chosen().to_string() }
                            on:change=move |ev| {
                                let id = event_target_value(&ev).parse().unwrap_or(0);
                                state.kb.update(|k| if let Some(b) = k.button_mut(key) { b.target = MenuTarget::Submenu { menu_id: id } });
                            }
                        >
                            <option value="0">{tr.menus.pick_menu}</option>
                            {move || {
                                let now = chosen();
                                menus.get().into_iter().filter(|m| m.id != this_menu).map(|m| view! {
                                    <option value=m.id.to_string() selected=now == m.id>{m.title}</option>
                                }).collect_view()
                            }}
                        </select>
                        {(!readonly).then(|| view! {
                            <button type="button" class="btn btn-outline btn-sm" data-testid="button-new-submenu"
                                on:click=move |_| on_new_submenu.run(key)>
                                "+ " {tr.menus.new_submenu}
                            </button>
                        })}
                    </div>
                    {problem_of(MenuField::Target)}
                </div>
            }
            .into_any()
        }
        Kind::Faq => view! { <FaqPicker state key faq_names /> {problem_of(MenuField::Target)} }.into_any(),
        Kind::Url => view! {
            <div class="form-group">
                <label class="form-label" for="menu-button-url">{tr.menus.target_url}</label>
                <input
                    id="menu-button-url"
                    class="form-control"
                    type="url"
                    inputmode="url"
                    autocomplete="off"
                    spellcheck="false"
                    placeholder="https://"
                    maxlength=limits::URL.to_string()
                    readonly=readonly
                    data-testid="button-url"
                    prop:value=get(|b| match &b.target { MenuTarget::Url { url } => url.clone(), _ => String::new() })
                    on:input=set(|b, v| b.target = MenuTarget::Url { url: v })
                />
                {problem_of(MenuField::Url)}
            </div>
        }
        .into_any(),
        Kind::SendText => view! {
            <div class="form-group">
                <label class="form-label" for="menu-button-text-ru">{tr.menus.target_text_ru}</label>
                <textarea id="menu-button-text-ru" class="form-control" rows="3" readonly=readonly data-testid="button-text-ru"
                    prop:value=get(|b| match &b.target { MenuTarget::SendText { text_ru, .. } => text_ru.clone(), _ => String::new() })
                    on:input=set(|b, v| if let MenuTarget::SendText { text_ru, .. } = &mut b.target { *text_ru = v })
                ></textarea>
                {problem_of(MenuField::SendTextRu)}
            </div>
            <div class="form-group">
                <label class="form-label" for="menu-button-text-en">{tr.menus.target_text_en}</label>
                <textarea id="menu-button-text-en" class="form-control" rows="3" readonly=readonly data-testid="button-text-en"
                    prop:value=get(|b| match &b.target { MenuTarget::SendText { text_en, .. } => text_en.clone(), _ => String::new() })
                    on:input=set(|b, v| if let MenuTarget::SendText { text_en, .. } = &mut b.target { *text_en = v })
                ></textarea>
                <div class="form-hint">{tr.menus.text_en_hint}</div>
                {problem_of(MenuField::SendTextEn)}
            </div>
        }
        .into_any(),
        Kind::Operator => view! { <p class="muted small">{tr.menus.operator_note}</p> }.into_any(),
        Kind::Back => view! { <p class="muted small">{tr.menus.back_note}</p> }.into_any(),
        Kind::MainMenu => view! { <p class="muted small">{tr.menus.main_menu_note}</p> }.into_any(),
    }
    };

    let move_button = move |m: Move, label: &'static str, arrow: &'static str| {
        view! {
            <button type="button" class="icon-btn" title=label aria-label=label data-testid="button-move"
                on:click=move |_| state.step(key, m)>
                <span aria-hidden="true">{arrow}</span>
            </button>
        }
    };

    view! {
        <section class="card menu-button-panel" aria-labelledby="menu-button-title" data-testid="button-panel">
            <div class="card-header menu-button-head">
                <h3 class="card-title" id="menu-button-title">
                    {move || place.get().map(|(r, i)| (tr.menus.at_button)(r + 1, i + 1)).unwrap_or_default()}
                </h3>
                {(!readonly).then(|| view! {
                    <div class="menu-button-moves" role="group" aria-label=tr.menus.move_group>
                        {move_button(Move::Left, tr.menus.move_left, "←")}
                        {move_button(Move::Right, tr.menus.move_right, "→")}
                        {move_button(Move::Up, tr.menus.move_up, "↑")}
                        {move_button(Move::Down, tr.menus.move_down, "↓")}
                        <button type="button" class="icon-btn icon-btn-danger" title=tr.menus.remove_button
                            aria-label=tr.menus.remove_button data-testid="button-remove" on:click=move |_| state.remove(key)>
                            <span aria-hidden="true">"✕"</span>
                        </button>
                    </div>
                })}
            </div>
            <div class="card-body menu-button-fields">
                <div class="menu-button-labels">
                    <div class="form-group">
                        <label class="form-label" for="menu-button-label-ru">{tr.menus.label_ru}</label>
                        <input id="menu-button-label-ru" class="form-control" autocomplete="off" readonly=readonly
                            data-testid="button-label-ru" value=initial.label_ru.clone()
                            aria-invalid={move || (len_ru() > limits::LABEL).to_string()}
                            prop:value=get(|b| b.label_ru.clone()) on:input=set(|b, v| b.label_ru = v) />
                        <div class="form-hint field-counter" class:over={move || len_ru() > limits::LABEL}>
                            {move || format!("{} / {}", len_ru(), limits::LABEL)}
                        </div>
                        {problem_of(MenuField::LabelRu)}
                    </div>
                    <div class="form-group">
                        <label class="form-label" for="menu-button-label-en">{tr.menus.label_en}</label>
                        <input id="menu-button-label-en" class="form-control" autocomplete="off" readonly=readonly
                            data-testid="button-label-en" value=initial.label_en.clone() placeholder=tr.menus.label_en_placeholder
                            aria-invalid={move || (len_en() > limits::LABEL).to_string()}
                            prop:value=get(|b| b.label_en.clone()) on:input=set(|b, v| b.label_en = v) />
                        <div class="form-hint field-counter" class:over={move || len_en() > limits::LABEL}>
                            {move || format!("{} / {}", len_en(), limits::LABEL)}
                        </div>
                        {problem_of(MenuField::LabelEn)}
                    </div>
                </div>
                <div class="form-group">
                    <label class="form-label" for="menu-button-kind">{tr.menus.action}</label>
                    <select id="menu-button-kind" class="form-control form-select" disabled=readonly data-testid="button-kind"
                        prop:value=move || kind.get().code()
                        on:change=move |ev| {
                            let k = Kind::parse(&event_target_value(&ev));
                            state.kb.update(|kb| if let Some(b) = kb.button_mut(key) { b.target = k.target(&b.target) });
                        }>
                        {Kind::ALL.into_iter().map(|k| view! {
                            <option value=k.code() selected=k == Kind::of(&initial.target)>{(tr.menus.kind)(k)}</option>
                        }).collect_view()}
                    </select>
                </div>
                {target}
            </div>
        </section>
    }
}

/// The FAQ entry a button shows: the chosen one's question, and a search that lists entries as
/// their question is typed (the FAQ list's own search).
#[component]
fn FaqPicker(state: KeyboardState, key: u64, faq_names: RwSignal<Vec<(i64, String)>>) -> impl IntoView {
    let tr = t();
    let chosen = move || {
        state.kb.with(|k| match k.button(key).map(|b| &b.target) {
            Some(MenuTarget::Faq { faq_id }) => *faq_id,
            _ => 0,
        })
    };
    let chosen_name = move || {
        let id = chosen();
        faq_names.with(|n| n.iter().find(|(i, _)| *i == id).map(|(_, q)| q.clone()))
    };
    let q = RwSignal::new(String::new());
    // In the browser only: the panel can be drawn inside the editor's Suspend, where a resource
    // would not hydrate reliably (and the search is the admin's typing anyway).
    let results = LocalResource::new(move || {
        let q = q.get();
        async move {
            if q.trim().is_empty() {
                return Ok::<_, ApiError>(Vec::new());
            }
            let page = faq_list(FaqListQuery { q, ..FaqListQuery::default() }).await?;
            Ok(page.rows.into_iter().take(8).map(|r| (r.id, r.question)).collect::<Vec<_>>())
        }
    });
    let mounted = RwSignal::new(false);
    Effect::new(move |_| mounted.set(true));
    let pick = move |id: i64, question: String| {
        state.kb.update(|k| {
            if let Some(b) = k.button_mut(key) {
                b.target = MenuTarget::Faq { faq_id: id };
            }
        });
        faq_names.update(|n| {
            n.retain(|(i, _)| *i != id);
            n.push((id, question));
        });
        q.set(String::new());
    };
    view! {
        <div class="form-group menu-faq-picker">
            <label class="form-label" for="menu-button-faq">{tr.menus.target_faq}</label>
            <div class="menu-faq-chosen" data-testid="button-faq-chosen">
                {move || match (chosen(), chosen_name()) {
                    (0, _) => view! { <span class="muted">{tr.menus.faq_none}</span> }.into_any(),
                    (id, Some(question)) => view! { <span>{question}</span> " " <span class="muted small">{format!("#{id}")}</span> }.into_any(),
                    (id, None) => view! { <span>{format!("#{id}")}</span> }.into_any(),
                }}
            </div>
            <input id="menu-button-faq" class="form-control" type="search" autocomplete="off" readonly=state.readonly
                placeholder=tr.menus.faq_search data-testid="button-faq-search"
                prop:value=move || q.get() on:input=move |ev| q.set(event_target_value(&ev)) />
            // Only once mounted: the server never reads the browser-only search (a read there
            // would not hydrate).
            {move || mounted.get().then(|| view! {
            <Transition fallback=|| ()>
                {move || Suspend::new(async move {
                    match results.await {
                        Ok(list) if !list.is_empty() => view! {
                            <ul class="menu-faq-results" data-testid="button-faq-results">
                                {list.into_iter().map(|(id, question)| {
                                    let shown = question.clone();
                                    view! {
                                        <li>
                                            <button type="button" class="menu-faq-result" on:click=move |_| pick(id, question.clone())>
                                                {shown} " " <span class="muted small">{format!("#{id}")}</span>
                                            </button>
                                        </li>
                                    }
                                }).collect_view()}
                            </ul>
                        }.into_any(),
                        Ok(_) if !q.get_untracked().trim().is_empty() => view! { <p class="muted small">{tr.menus.faq_nothing}</p> }.into_any(),
                        Ok(_) => ().into_any(),
                        Err(e) => view! { <p class="form-error">{tr.error(&e)}</p> }.into_any(),
                    }
                })}
            </Transition>
            })}
        </div>
    }
}
