//! One menu's editor: its titles and key, its message text per language (Telegram HTML with the
//! FAQ editor's toolbar, live check and counter), the keyboard with the selected button's panel,
//! and beside them the Telegram-look preview; Save, Duplicate, History, Delete.
//!
//! Guarantees:
//! - the problems `MenuDraft::problems` finds (the server's own check) show as they are typed:
//!   a row over 8 buttons, a label over the limit, a bad link, a text Telegram would refuse; an
//!   empty label or a button without a target only after Save is pressed; Save refuses to send a
//!   menu the browser already knows is wrong and focuses the first problem;
//! - Save sends the version the editor loaded: someone else's save meanwhile is never
//!   overwritten (409, the typed menu stays until "Reload");
//! - after a save the buttons get their ids from the server (new buttons' ids are the server's),
//!   and the selection stays on the button at the same place;
//! - unsaved changes are not lost by accident (the browser's question on reload, "leave without
//!   saving?" on links in the app).

use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

use crate::error::{ApiError, Conflict};
use crate::faq::editor_answer::{AnswerCheck, AnswerField};
use crate::i18n::t;
use crate::menus::api::{menus_delete, menus_duplicate, menus_save};
use crate::menus::button_panel::{ButtonPanel, MenuChoice};
use crate::menus::dialogs::{HistoryDialog, NewMenuDialog};
use crate::menus::edit::Keyboard;
use crate::menus::keyboard::{KeyboardEditor, KeyboardState, focus_by_id, focus_chip};
use crate::menus::model::{ButtonRef, MenuDraft, MenuField, MenuFieldError, MenuProblem, MenuTarget, MenuView, limits};
use crate::menus::preview::{MenuPreview, PreviewInput};
use crate::ui::{Badge, ConfirmDialog, Dialog, DialogBody, Tone, time_text, use_mounted, use_toasts};

/// The problems the browser finds in `draft`: the server's pure check, plus a submenu or FAQ
/// button with nothing picked yet (`Target`, empty).
pub fn local_problems(draft: &MenuDraft) -> Vec<MenuFieldError> {
    let mut out = draft.clone().normalized().problems();
    for (r, row) in draft.rows.iter().enumerate() {
        for (i, b) in row.iter().enumerate() {
            let unpicked = matches!(b.target, MenuTarget::Submenu { menu_id: 0 } | MenuTarget::Faq { faq_id: 0 });
            if unpicked {
                out.push(MenuFieldError::button(MenuField::Target, r + 1, i + 1, MenuProblem::Empty));
            }
        }
    }
    out
}

/// Problems shown before Save is first pressed: not "is empty" (a new button starts empty).
fn shown_while_typing(e: &MenuFieldError) -> bool {
    e.problem != MenuProblem::Empty
}

#[component]
pub fn MenuEditor(
    view: MenuView,
    #[prop(into)] menus: Signal<Vec<MenuChoice>>,
    reload: RwSignal<u32>,
    tree_reload: RwSignal<u32>,
) -> impl IntoView {
    let tr = t();
    let toasts = use_toasts();
    let navigate = use_navigate();
    let id = view.id;
    let is_main = view.is_main;
    let version = RwSignal::new(view.version);
    let updated = RwSignal::new((view.updated_at.clone(), view.updated_by.clone()));
    let opened_by = RwSignal::new(view.opened_by.clone());
    let faq_names = RwSignal::new(view.faq_questions.clone());

    let key = RwSignal::new(view.draft.key.clone());
    let title_ru = RwSignal::new(view.draft.title_ru.clone());
    let title_en = RwSignal::new(view.draft.title_en.clone());
    let text_ru = RwSignal::new(view.draft.text_ru.clone());
    let text_en = RwSignal::new(view.draft.text_en.clone());
    let kb = RwSignal::new(Keyboard::new(&view.draft.rows));
    let selected = RwSignal::new(kb.with_untracked(|k| k.key_at(0, 0)));
    let draft = Memo::new(move |_| MenuDraft {
        key: key.get(),
        title_ru: title_ru.get(),
        title_en: title_en.get(),
        text_ru: text_ru.get(),
        text_en: text_en.get(),
        rows: kb.with(Keyboard::draft_rows),
    });
    let baseline = RwSignal::new(view.draft.clone());
    let dirty = Memo::new(move |_| draft.with(|d| baseline.with(|b| d.clone().normalized() != b.clone().normalized())));

    // Problems: the browser's as typed; the server's while the menu is as it was sent.
    let tried = RwSignal::new(false);
    let server_errors = RwSignal::new(None::<(MenuDraft, Vec<MenuFieldError>)>);
    let problems = Signal::derive(move || {
        let d = draft.get();
        let mut list: Vec<MenuFieldError> =
            local_problems(&d).into_iter().filter(|e| tried.get() || shown_while_typing(e)).collect();
        server_errors.with(|s| {
            if let Some((at, errors)) = s
                && *at == d
            {
                for e in errors {
                    if !list.contains(e) {
                        list.push(e.clone());
                    }
                }
            }
        });
        list
    });
    let field_problems = move |f: MenuField| {
        move || {
            problems
                .get()
                .into_iter()
                .filter(|e| e.field == f)
                .map(|e| view! { <div class="form-error" data-testid="field-error">{(tr.menus.problem)(&e.problem)}</div> })
                .collect_view()
        }
    };
    let announce = RwSignal::new(String::new());
    let state = KeyboardState { kb, selected, announce, problems, readonly: false };

    let english = RwSignal::new(false);
    let text_tab_en = RwSignal::new(false);
    let check_ru = AnswerCheck::new(text_ru);
    let check_en = AnswerCheck::new(text_en);
    let preview = Signal::derive(move || {
        draft.with(|d| PreviewInput {
            is_main,
            title_ru: d.title_ru.clone(),
            title_en: d.title_en.clone(),
            text_ru: d.text_ru.clone(),
            text_en: d.text_en.clone(),
            rows: d.rows.clone(),
        })
    });

    // Save.
    let conflict = RwSignal::new(None::<i32>);
    let save = Action::new(move |d: &MenuDraft| {
        let (d, v) = (d.clone(), version.get_untracked());
        async move { (d.clone(), menus_save(id, v, d).await) }
    });
    let focus_first = move |list: &[MenuFieldError]| {
        let Some(first) = list.first() else { return };
        match (first.field, first.row, first.button) {
            (MenuField::Key, ..) => focus_by_id("menu-key"),
            (MenuField::TitleRu, ..) => focus_by_id("menu-title-ru"),
            (MenuField::TitleEn, ..) => focus_by_id("menu-title-en"),
            (MenuField::TextRu, ..) => {
                text_tab_en.set(false);
                focus_by_id("menu-text-ru")
            }
            (MenuField::TextEn, ..) => {
                text_tab_en.set(true);
                focus_by_id("menu-text-en")
            }
            (_, Some(r), Some(b)) => {
                if let Some(k) = kb.with_untracked(|k| k.key_at(r - 1, b - 1)) {
                    selected.set(Some(k));
                    focus_chip(k);
                }
            }
            _ => focus_by_id("menu-add-row"),
        }
    };
    let submit = move || {
        if save.pending().get_untracked() {
            return;
        }
        tried.set(true);
        let d = draft.get_untracked();
        let list = local_problems(&d);
        if !list.is_empty() {
            toasts.error(tr.menus.fix_marked.to_string());
            focus_first(&list);
            return;
        }
        save.dispatch(d);
    };
    Effect::new(move |_| {
        let Some((sent, result)) = save.value().get() else { return };
        match result {
            Ok(v) => {
                // The buttons as stored (new ones with their ids); the selection stays in place.
                let place = selected.get_untracked().and_then(|k| kb.with_untracked(|kb| kb.find(k)));
                let fresh = Keyboard::new(&v.draft.rows);
                let again = place.and_then(|(r, i)| fresh.key_at(r, i)).or_else(|| fresh.key_at(0, 0));
                kb.set(fresh);
                selected.set(again);
                key.set(v.draft.key.clone());
                title_ru.set(v.draft.title_ru.clone());
                title_en.set(v.draft.title_en.clone());
                text_ru.set(v.draft.text_ru.clone());
                text_en.set(v.draft.text_en.clone());
                baseline.set(v.draft.clone());
                version.set(v.version);
                updated.set((v.updated_at.clone(), v.updated_by.clone()));
                opened_by.set(v.opened_by.clone());
                tried.set(false);
                server_errors.set(None);
                conflict.set(None);
                tree_reload.update(|n| *n += 1);
                toasts.success(tr.menus.saved.to_string());
            }
            Err(ApiError::MenuInvalid(list)) => {
                focus_first(&list);
                server_errors.set(Some((sent, list)));
                toasts.error(tr.menus.fix_marked.to_string());
            }
            Err(ApiError::Conflict(Conflict::MenuChanged { current })) => conflict.set(Some(current)),
            Err(e) => toasts.error(tr.error(&e)),
        }
    });
    let keys = window_event_listener(leptos::ev::keydown, move |ev| {
        if (ev.ctrl_key() || ev.meta_key()) && ev.code() == "KeyS" {
            ev.prevent_default();
            submit();
        }
    });
    on_cleanup(move || keys.remove());

    // Leaving with unsaved changes.
    let leave_to = RwSignal::new(None::<String>);
    let unload = window_event_listener(leptos::ev::beforeunload, move |ev| {
        if dirty.try_get_untracked().unwrap_or(false) {
            ev.prevent_default();
            ev.set_return_value("");
        }
    });
    on_cleanup(move || unload.remove());
    #[cfg(feature = "hydrate")]
    crate::ui::leave_guard::install(dirty, leave_to);

    // Duplicate, delete, history, a new submenu for a button.
    let duplicate = Action::new(move |_: &()| menus_duplicate(id));
    let nav = navigate.clone();
    Effect::new(move |_| match duplicate.value().get() {
        Some(Ok(v)) => {
            tree_reload.update(|n| *n += 1);
            toasts.success(tr.menus.duplicated.to_string());
            nav(&format!("/bot/menus/{}", v.id), Default::default());
        }
        Some(Err(e)) => toasts.error(tr.error(&e)),
        None => {}
    });
    let delete_ask = RwSignal::new(false);
    let in_use = RwSignal::new(None::<Vec<ButtonRef>>);
    // Asked first; when buttons open the menu, they are listed and asked about again.
    let delete = Action::new(move |_: &()| menus_delete(id, false));
    let nav = navigate.clone();
    Effect::new(move |_| match delete.value().get() {
        Some(Ok(())) => {
            delete_ask.set(false);
            in_use.set(None);
            baseline.set(draft.get_untracked());
            tree_reload.update(|n| *n += 1);
            toasts.success(tr.menus.deleted.to_string());
            nav("/bot/menus", Default::default());
        }
        Some(Err(ApiError::Conflict(Conflict::MenuInUse { buttons }))) => {
            delete_ask.set(false);
            in_use.set(Some(buttons));
        }
        // Other errors show in the dialog.
        _ => {}
    });
    let delete_forced = Action::new(move |_: &()| async move { menus_delete(id, true).await });
    let nav = navigate.clone();
    Effect::new(move |_| {
        if let Some(Ok(())) = delete_forced.value().get() {
            in_use.set(None);
            baseline.set(draft.get_untracked());
            tree_reload.update(|n| *n += 1);
            toasts.success(tr.menus.deleted.to_string());
            nav("/bot/menus", Default::default());
        }
    });
    let show_history = RwSignal::new(false);
    let new_submenu_for = RwSignal::new(None::<u64>);

    let mounted = use_mounted();
    let status = move || {
        if save.pending().get() {
            view! { <span class="muted">{tr.menus.saving}</span> }.into_any()
        } else if dirty.get() {
            view! { <span class="status-dirty" data-testid="menu-dirty">{tr.menus.unsaved}</span> }.into_any()
        } else {
            let (at, by) = updated.get();
            view! {
                <span class="muted small">
                    {(tr.menus.saved_at)(&time_text(&at, mounted.get()), by.as_deref())}
                </span>
            }
            .into_any()
        }
    };

    let counter = move |v: RwSignal<String>| move || v.with(|s| s.chars().count());

    view! {
        <div class="menu-editor" data-testid="menu-editor">
            {move || conflict.get().map(|current| view! {
                <div class="alert alert-warning menu-conflict" role="alert" data-testid="menu-conflict">
                    <span>{(tr.menus.changed_meanwhile)(current)}</span>
                    <button type="button" class="btn btn-sm btn-outline" on:click=move |_| {
                        baseline.set(draft.get_untracked());
                        reload.update(|n| *n += 1);
                    }>{tr.menus.reload}</button>
                </div>
            })}
            <div class="menu-editor-grid">
                <div class="menu-editor-form">
                    <section class="card">
                        <div class="card-header menu-editor-head">
                            <h2 class="card-title">
                                {move || title_ru.get()}
                                {is_main.then(|| view! { " " <Badge tone=Tone::Muted>{tr.menus.main_badge}</Badge> })}
                            </h2>
                            <div class="menu-editor-actions">
                                <button type="button" class="btn btn-outline btn-sm" data-testid="menu-history" on:click=move |_| show_history.set(true)>
                                    {tr.menus.history}
                                </button>
                                <button type="button" class="btn btn-outline btn-sm" data-testid="menu-duplicate"
                                    disabled=move || duplicate.pending().get() on:click=move |_| { duplicate.dispatch(()); }>
                                    {tr.menus.duplicate}
                                </button>
                                {(!is_main).then(|| view! {
                                    <button type="button" class="btn btn-outline-danger btn-sm" data-testid="menu-delete"
                                        on:click=move |_| delete_ask.set(true)>
                                        {tr.menus.delete}
                                    </button>
                                })}
                            </div>
                        </div>
                        <div class="card-body">
                            <div class="menu-names">
                                <div class="form-group">
                                    <label class="form-label" for="menu-title-ru">{tr.menus.title_ru}</label>
                                    <input id="menu-title-ru" class="form-control" autocomplete="off" data-testid="menu-title-ru"
                                        maxlength=(limits::TITLE * 2).to_string()
                                        value=title_ru.get_untracked() prop:value=move || title_ru.get()
                                        on:input=move |ev| title_ru.set(event_target_value(&ev)) />
                                    {field_problems(MenuField::TitleRu)}
                                </div>
                                <div class="form-group">
                                    <label class="form-label" for="menu-title-en">{tr.menus.title_en}</label>
                                    <input id="menu-title-en" class="form-control" autocomplete="off" data-testid="menu-title-en"
                                        placeholder=tr.menus.title_en_placeholder
                                        value=title_en.get_untracked() prop:value=move || title_en.get()
                                        on:input=move |ev| title_en.set(event_target_value(&ev)) />
                                    {field_problems(MenuField::TitleEn)}
                                </div>
                                <div class="form-group">
                                    <label class="form-label" for="menu-key">{tr.menus.key}</label>
                                    <input id="menu-key" class="form-control form-control-mono" autocomplete="off" spellcheck="false"
                                        data-testid="menu-key" aria-describedby="menu-key-hint"
                                        value=key.get_untracked() prop:value=move || key.get()
                                        on:input=move |ev| key.set(event_target_value(&ev)) />
                                    <div class="form-hint" id="menu-key-hint">{tr.menus.key_hint}</div>
                                    {field_problems(MenuField::Key)}
                                </div>
                            </div>
                            <div class="menu-text-tabs" role="tablist" aria-label=tr.menus.text>
                                <button type="button" role="tab" class="menu-text-tab" aria-selected=move || (!text_tab_en.get()).to_string()
                                    data-testid="menu-text-tab-ru" on:click=move |_| { text_tab_en.set(false); english.set(false); }>
                                    {tr.menus.text_ru} <span class="muted small">{move || format!(" {}", counter(text_ru)())}</span>
                                </button>
                                <button type="button" role="tab" class="menu-text-tab" aria-selected=move || text_tab_en.get().to_string()
                                    data-testid="menu-text-tab-en" on:click=move |_| { text_tab_en.set(true); english.set(true); }>
                                    {tr.menus.text_en} <span class="muted small">{move || format!(" {}", counter(text_en)())}</span>
                                </button>
                            </div>
                            <div class="menu-text-panel" class:hidden=move || text_tab_en.get()>
                                <AnswerField id="menu-text-ru" label=Signal::stored(tr.menus.text_ru) value=text_ru check=check_ru
                                    problems=Signal::stored(Vec::new()) readonly=false />
                                <div class="form-hint">{tr.menus.text_hint}</div>
                                {field_problems(MenuField::TextRu)}
                            </div>
                            <div class="menu-text-panel" class:hidden=move || !text_tab_en.get()>
                                <AnswerField id="menu-text-en" label=Signal::stored(tr.menus.text_en) value=text_en check=check_en
                                    problems=Signal::stored(Vec::new()) readonly=false />
                                <div class="form-hint">{tr.menus.text_en_hint}</div>
                                {field_problems(MenuField::TextEn)}
                            </div>
                        </div>
                    </section>

                    <section class="card">
                        <div class="card-header"><h3 class="card-title">{tr.menus.keyboard}</h3></div>
                        <div class="card-body">
                            <KeyboardEditor state english />
                        </div>
                    </section>

                    {move || selected.get().filter(|k| kb.with(|kb| kb.find(*k).is_some())).map(|k| view! {
                        <ButtonPanel state key=k this_menu=id menus faq_names
                            on_new_submenu=Callback::new(move |k| new_submenu_for.set(Some(k))) />
                    })}

                    {move || {
                        let list = opened_by.get();
                        (!list.is_empty()).then(|| view! {
                            <p class="muted small menu-opened-by" data-testid="menu-opened-by">
                                {tr.menus.opened_by} " "
                                {list.iter().map(|b| format!("«{}» ({})", b.label, b.owner)).collect::<Vec<_>>().join(", ")}
                            </p>
                        })
                    }}
                </div>

                <aside class="menu-editor-preview" aria-label=tr.menus.preview>
                    <div class="card tg-preview-card">
                        <div class="card-header menu-preview-head">
                            <h3 class="card-title">{tr.menus.preview}</h3>
                            <div class="btn-group" role="group" aria-label=tr.menus.preview_lang>
                                <button type="button" class="btn btn-sm" class:btn-primary=move || !english.get() class:btn-outline=move || english.get()
                                    aria-pressed=move || (!english.get()).to_string() data-testid="preview-ru" on:click=move |_| english.set(false)>"RU"</button>
                                <button type="button" class="btn btn-sm" class:btn-primary=move || english.get() class:btn-outline=move || !english.get()
                                    aria-pressed=move || english.get().to_string() data-testid="preview-en" on:click=move |_| english.set(true)>"EN"</button>
                            </div>
                        </div>
                        <MenuPreview input=preview english />
                    </div>
                </aside>
            </div>

            <div class="faq-savebar menu-savebar">
                <div class="menu-savebar-status" aria-live="polite">{status}</div>
                <button type="button" class="btn btn-outline" data-testid="menu-discard" disabled=move || !dirty.get() || save.pending().get()
                    on:click=move |_| {
                        baseline.set(draft.get_untracked());
                        reload.update(|n| *n += 1);
                    }>
                    {tr.menus.discard}
                </button>
                <button type="button" class="btn btn-primary" data-testid="menu-save" disabled=move || save.pending().get()
                    on:click=move |_| submit()>
                    <span class="btn-label" class:invisible=move || save.pending().get()>{tr.save}</span>
                    {move || save.pending().get().then(|| view! { <span class="btn-busy"><span class="spinner" aria-hidden="true"></span><span class="sr-only">{tr.saving}</span></span> })}
                </button>
            </div>
        </div>

        {move || show_history.get().then(|| view! {
            <HistoryDialog id dirty=dirty.get_untracked() close=Callback::new(move |_| show_history.set(false))
                restored=Callback::new(move |_| {
                    show_history.set(false);
                    baseline.set(draft.get_untracked());
                    tree_reload.update(|n| *n += 1);
                    reload.update(|n| *n += 1);
                }) />
        })}
        {move || new_submenu_for.get().map(|button| view! {
            <NewMenuDialog
                close=Callback::new(move |_| new_submenu_for.set(None))
                created=Callback::new(move |v: MenuView| {
                    new_submenu_for.set(None);
                    kb.update(|k| if let Some(b) = k.button_mut(button) {
                        b.target = MenuTarget::Submenu { menu_id: v.id };
                        if b.label_ru.trim().is_empty() { b.label_ru = v.draft.title_ru.clone(); }
                    });
                    tree_reload.update(|n| *n += 1);
                    toasts.success(tr.menus.submenu_created.to_string());
                }) />
        })}
        {move || delete_ask.get().then(|| view! {
            <ConfirmDialog title=tr.menus.delete_title message=(tr.menus.delete_text)(&title_ru.get_untracked())
                confirm_label=tr.menus.delete action=delete
                on_close=Callback::new(move |_| delete_ask.set(false)) testid="menu-delete-confirm" />
        })}
        {move || in_use.get().map(|buttons| view! {
            <ConfirmDialog title=tr.menus.delete_title message=(tr.menus.in_use)(&buttons)
                confirm_label=tr.menus.delete_anyway action=delete_forced
                on_close=Callback::new(move |_| in_use.set(None)) testid="menu-delete-anyway" />
        })}
        {move || leave_to.get().map(|to| {
            let navigate = navigate.clone();
            view! {
                <Dialog title=tr.menus.leave_title on_close=Callback::new(move |_| leave_to.set(None))>
                    <DialogBody><p>{tr.menus.leave_text}</p></DialogBody>
                    <div class="modal-footer">
                        <button type="button" class="btn btn-secondary" autofocus on:click=move |_| leave_to.set(None)>
                            {tr.menus.leave_stay}
                        </button>
                        <button type="button" class="btn btn-danger" data-testid="menu-leave" on:click=move |_| {
                            baseline.set(draft.get_untracked());
                            leave_to.set(None);
                            navigate(&to, Default::default());
                        }>
                            {tr.menus.leave_discard}
                        </button>
                    </div>
                </Dialog>
            }
        })}
    }
}
