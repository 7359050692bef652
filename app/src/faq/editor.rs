//! The FAQ entry editor (`/bot/faq/new`, `/bot/faq/:id`): the question and its variants, the
//! answer in Telegram HTML (in Russian, English or both) with a formatting toolbar and a live
//! check, the buttons under it, category, CSV id and the enabled switch; beside them a
//! Telegram-look preview and "Try it" with the unsaved text. Admins save, archive, restore from
//! the archive, delete archived entries and restore earlier versions; operators read it all.
//!
//! Guarantees:
//! - Save sends the version the editor loaded; a save someone else made meanwhile is never
//!   overwritten (the server answers 409 and the editor keeps the typed text until "Reload").
//! - The browser checks what it can before sending (the same `FaqDraft::problems` and tgtext the
//!   server uses); every problem, the browser's or the server's, shows under its field, and the
//!   first field with one gets the focus.
//! - Unsaved changes are not lost by accident: closing or reloading the tab asks the browser's
//!   question, and following a link in the app asks "leave without saving?".
//! - A new entry made from the unanswered queue (`?q=…&a=…&from_unanswered=…`) closes that
//!   question once it is first saved, and the toast says so.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::NavigateOptions;
use leptos_router::hooks::{use_navigate, use_params_map, use_query_map};

use crate::auth::use_auth;
use crate::error::{ApiError, Conflict};
use crate::faq::api::{faq_archive, faq_delete, faq_entry, faq_list, faq_menus, faq_save, faq_unanswered_answered};
use crate::faq::buttons_editor::{ButtonsEditor, focus_button};
use crate::faq::editor_answer::{AnswerCheck, AnswerField};
use crate::faq::editor_state::{
    Form, LineFlag, button_index, field_dom_id, first_field, line_flags, local_problems, prefill_answer, same_field,
    server_line_flags, variant_count,
};
use crate::faq::history::HistoryDialog;
use crate::faq::model::{
    FaqDraft, FaqEntryView, FaqField, FaqFieldError, FaqLanguage, FaqListQuery, FaqProblem, FaqState, MenuOption,
    SimilarPhrasing, limits,
};
use crate::faq::preview::TelegramPreview;
use crate::faq::similar::{OwnHealth, SimilarNotes, use_similar};
use crate::faq::try_it::TryIt;
use crate::i18n::t;
use crate::ui::{
    Badge, ConfirmDialog, Dialog, DialogBody, ErrorAlert, Loading, SubmitButton, Tone, time_text, use_mounted,
    use_toasts,
};

/// What a new entry starts with (from the unanswered queue).
#[derive(Debug, Clone, Default)]
struct Prefill {
    question: String,
    answer: String,
    from_unanswered: Option<i64>,
}

/// The route: loads the entry (or starts a new one) and shows the editor; "Reload" and a restored
/// version load it again.
#[component]
pub fn FaqEditor() -> impl IntoView {
    let tr = t();
    let params = use_params_map();
    let query = use_query_map();
    let raw_id = Memo::new(move |_| params.read().get("id"));
    let reload = RwSignal::new(0u32);
    let entry = Resource::new(
        move || (raw_id.get(), reload.get()),
        |(raw, _)| async move {
            match raw {
                None => Ok(None),
                Some(s) => match s.parse::<i64>() {
                    Ok(id) => faq_entry(id).await.map(Some),
                    Err(_) => Err(ApiError::NotFound),
                },
            }
        },
    );
    let prefill = query.with_untracked(|q| Prefill {
        question: q.get("q").unwrap_or_default(),
        answer: q.get("a").map(|a| prefill_answer(&a)).unwrap_or_default(),
        from_unanswered: q.get("from_unanswered").and_then(|v| v.parse().ok()),
    });
    view! {
        <Transition fallback=|| view! { <Loading /> }>
            {move || {
                let prefill = prefill.clone();
                Suspend::new(async move {
                    match entry.await {
                        Ok(entry) => view! { <Editor entry prefill reload /> }.into_any(),
                        Err(e) => view! {
                            <Title text=tr.nav_faq />
                            <div class="faq-editor">
                                <a class="back-link" href="/bot/faq">"← " {tr.faq_editor.back}</a>
                                <ErrorAlert error=Signal::stored(Some(e)) />
                            </div>
                        }
                        .into_any(),
                    }
                })
            }}
        </Transition>
    }
}

/// The entry's state beside its content.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Meta {
    version: i32,
    state: FaqState,
    updated_at: String,
    updated_by: Option<String>,
    used_by_menus: Vec<String>,
}

impl Meta {
    fn of(e: &FaqEntryView) -> Meta {
        Meta {
            version: e.version,
            state: e.state,
            updated_at: e.updated_at.clone(),
            updated_by: e.updated_by.clone(),
            used_by_menus: e.used_by_menus.clone(),
        }
    }
}

/// What Save sent, and what came back.
#[derive(Debug, Clone)]
struct SaveRequest {
    id: Option<i64>,
    version: i32,
    draft: FaqDraft,
    from_unanswered: Option<i64>,
}

type SaveResult = (SaveRequest, Result<FaqEntryView, ApiError>, Option<Result<(), ApiError>>);

#[component]
fn Editor(entry: Option<FaqEntryView>, prefill: Prefill, reload: RwSignal<u32>) -> impl IntoView {
    let tr = t();
    let toasts = use_toasts();
    let navigate = use_navigate();
    let readonly = !use_auth().current().is_some_and(|u| u.is_admin());

    let initial = match &entry {
        Some(e) => e.draft.clone(),
        None => FaqDraft {
            question: prefill.question.clone(),
            answer: prefill.answer.clone(),
            enabled: true,
            ..FaqDraft::default()
        },
    };
    let form = Form::new(&initial);
    let draft = Memo::new(move |_| form.draft());
    // The content as saved: what "unsaved changes" compares with.
    let baseline = RwSignal::new(form.draft_untracked());
    let dirty = Memo::new(move |_| draft.with(|d| baseline.with(|b| d != b)));
    let id = RwSignal::new(entry.as_ref().map(|e| e.id));
    let meta = RwSignal::new(entry.as_ref().map(Meta::of));
    let errors = RwSignal::new(None::<(FaqDraft, Vec<FaqFieldError>)>);
    let note = RwSignal::new(None::<&'static str>);
    let conflict = RwSignal::new(None::<i32>);
    let check = AnswerCheck::new(form.answer);
    let check_en = AnswerCheck::new(form.answer_en);
    let similar = use_similar(form, draft, id, !readonly);

    // Problems of field `f`, while it still holds the text they were found in.
    let problems_of = move |f: FaqField| {
        Signal::derive(move || {
            errors.with(|e| match e {
                Some((at, list)) if draft.with(|d| same_field(d, at, f)) => {
                    list.iter().filter(|x| x.field == f).map(|x| x.problem.clone()).collect()
                }
                _ => Vec::new(),
            })
        })
    };

    // Choices loaded in the browser: categories for the datalist, menus for the buttons.
    let categories = RwSignal::new(Vec::<String>::new());
    let menus = RwSignal::new(Vec::<MenuOption>::new());
    Effect::new(move |_| {
        leptos::task::spawn_local(async move {
            if let Ok(page) = faq_list(FaqListQuery::default()).await {
                categories.try_set(page.categories);
            }
        });
        if !readonly {
            leptos::task::spawn_local(async move {
                if let Ok(list) = faq_menus().await {
                    menus.try_set(list);
                }
            });
        }
    });

    let show_errors = move |at: FaqDraft, list: Vec<FaqFieldError>| {
        let first = first_field(&list);
        let first_button =
            list.iter().filter(|e| e.field == FaqField::Buttons).filter_map(|e| button_index(&e.problem)).min();
        errors.set(Some((at, list)));
        note.set(Some(tr.faq_editor.fix_marked));
        // The formatting errors show at once, not after the pause they wait for while typing.
        check.shown.set(check.now.get_untracked());
        check_en.shown.set(check_en.now.get_untracked());
        request_animation_frame(move || match (first, first_button) {
            (Some(FaqField::Buttons), Some(i)) if focus_button(form, i) => {}
            (Some(f), _) => focus_id(field_dom_id(f)),
            (None, _) => {}
        });
    };

    let save: Action<SaveRequest, SaveResult> = Action::new(move |r: &SaveRequest| {
        let r = r.clone();
        async move {
            let result = faq_save(r.id, r.version, r.draft.clone()).await;
            let closed = match (&result, r.id, r.from_unanswered) {
                (Ok(saved), None, Some(item)) => Some(faq_unanswered_answered(item, saved.id).await),
                _ => None,
            };
            (r, result, closed)
        }
    });
    let submit = move || {
        if readonly || save.pending().get_untracked() {
            return;
        }
        let d = draft.get_untracked();
        let current = id.get_untracked();
        if current.is_some() && !dirty.get_untracked() {
            toasts.success(tr.faq_editor.nothing_to_save.to_string());
            return;
        }
        let problems = local_problems(&d);
        if !problems.is_empty() {
            show_errors(d, problems);
            return;
        }
        note.set(None);
        save.dispatch(SaveRequest {
            id: current,
            version: meta.with_untracked(|m| m.as_ref().map_or(0, |m| m.version)),
            draft: d,
            from_unanswered: if current.is_none() { prefill.from_unanswered } else { None },
        });
    };
    {
        let navigate = navigate.clone();
        Effect::new(move |_| {
            let Some((sent, result, closed)) = save.value().get() else { return };
            match result {
                Ok(saved) => {
                    // The server names a new entry's CSV id; everything else is as sent.
                    form.slug.set(saved.draft.slug.clone());
                    baseline.set(form.draft_untracked());
                    errors.set(None);
                    note.set(None);
                    conflict.set(None);
                    id.set(Some(saved.id));
                    meta.set(Some(Meta::of(&saved)));
                    let mut text = (tr.faq_editor.saved)(saved.version);
                    match closed {
                        Some(Ok(())) => text = format!("{text}. {}", tr.faq_editor.unanswered_closed),
                        Some(Err(e)) => toasts.error((tr.faq_editor.unanswered_failed)(&tr.error(&e))),
                        None => {}
                    }
                    toasts.success(text);
                    if sent.id.is_none() {
                        navigate(
                            &format!("/bot/faq/{}", saved.id),
                            NavigateOptions { replace: true, ..Default::default() },
                        );
                    }
                }
                Err(ApiError::FaqInvalid(list)) => show_errors(sent.draft, list),
                Err(ApiError::Conflict(Conflict::FaqChanged { current })) => {
                    conflict.set(Some(current));
                    request_animation_frame(|| focus_id("faq-conflict-reload"));
                }
                Err(e) => toasts.error(tr.error(&e)),
            }
        });
    }

    // Ctrl/Cmd+S saves (by the physical key: a Russian layout types "ы" there).
    let keys = window_event_listener(leptos::ev::keydown, move |ev| {
        if (ev.ctrl_key() || ev.meta_key()) && !ev.alt_key() && !ev.shift_key() && ev.code() == "KeyS" && !readonly {
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

    // Archive, restore from the archive, delete.
    let archive = Action::new(move |archived: &bool| {
        let (archived, target) = (*archived, id.get_untracked());
        async move {
            match target {
                Some(target) => faq_archive(target, archived).await,
                None => Err(ApiError::NotFound),
            }
        }
    });
    Effect::new(move |_| match archive.value().get() {
        Some(Ok(view)) => {
            let archived = view.state == FaqState::Archived;
            form.enabled.set(view.draft.enabled);
            baseline.update(|b| b.enabled = view.draft.enabled);
            meta.set(Some(Meta::of(&view)));
            toasts.success(if archived { tr.faq_editor.archived } else { tr.faq_editor.unarchived }.to_string());
        }
        Some(Err(e)) => toasts.error(tr.error(&e)),
        None => {}
    });
    let confirm_delete = RwSignal::new(false);
    let show_history = RwSignal::new(false);

    let state = move || meta.with(|m| m.as_ref().map(|m| m.state));
    let archived = move || state() == Some(FaqState::Archived);
    let saved_question = move || baseline.with(|b| b.question.clone());
    // `try_…`: leptos_meta may read the title after the page's reactive owner is gone.
    let title = move || match id.try_get().flatten() {
        Some(_) => baseline.try_with(|b| b.question.clone()).unwrap_or_default(),
        None => tr.faq_editor.title_new.to_string(),
    };
    let both = move || form.language.get() == FaqLanguage::Both;
    let preview_en = RwSignal::new(false);
    let preview_body =
        Signal::derive(move || if both() && preview_en.get() { check_en.preview() } else { check.preview() });
    let preview_english = Signal::derive(move || match form.language.get() {
        FaqLanguage::En => true,
        FaqLanguage::Ru => false,
        FaqLanguage::Both => preview_en.get(),
    });
    let preview_buttons = Signal::derive(move || draft.with(|d| d.buttons.clone()));
    let answer_label =
        Signal::derive(move || if both() { tr.faq_editor.answer_ru } else { (tr.faq.field)(FaqField::Answer) });

    let header = move || {
        meta.get().map(|m| {
            let (tone, label) = match m.state {
                FaqState::Enabled => (Tone::Success, tr.faq_editor.state_enabled),
                FaqState::Disabled => (Tone::Muted, tr.faq_editor.state_disabled),
                FaqState::Archived => (Tone::Warning, tr.faq_editor.state_archived),
            };
            view! {
                <div class="faq-meta" data-testid="faq-meta">
                    <Badge tone attr:data-testid="faq-state">{label}</Badge>
                    <span class="faq-meta-item" data-testid="faq-version">{(tr.faq_editor.version)(m.version)}</span>
                    <span class="faq-meta-item muted">{
                        let (by, at, mounted) = (m.updated_by.clone(), m.updated_at.clone(), use_mounted());
                        move || (tr.faq_editor.changed_by)(by.as_deref(), &time_text(&at, mounted.get()))
                    }</span>
                    {(!m.used_by_menus.is_empty()).then(|| view! {
                        <span class="faq-meta-item muted" data-testid="faq-used-by">{(tr.faq_editor.used_by)(&m.used_by_menus)}</span>
                    })}
                </div>
            }
        })
    };

    view! {
        <Title text=title />
        <div class="faq-editor" data-testid="faq-editor">
            <a class="back-link" href="/bot/faq" data-testid="faq-back">"← " {tr.faq_editor.back}</a>
            <div class="page-header faq-editor-header">
                <h1 class="faq-editor-title" data-testid="faq-title">{title}</h1>
                {move || id.get().map(|_| view! {
                    <div class="page-actions">
                        <button type="button" class="btn btn-outline" data-testid="faq-history" on:click=move |_| show_history.set(true)>
                            {tr.faq_editor.history}
                        </button>
                        {(!readonly).then(|| view! {
                            {move || if archived() {
                                view! {
                                    <button type="button" class="btn btn-outline" data-testid="faq-unarchive"
                                        disabled=move || archive.pending().get() on:click=move |_| { archive.dispatch(false); }>
                                        {tr.faq_editor.unarchive}
                                    </button>
                                    <button type="button" class="btn btn-danger" data-testid="faq-delete" on:click=move |_| confirm_delete.set(true)>
                                        {tr.faq_editor.delete_forever}
                                    </button>
                                }
                                .into_any()
                            } else {
                                view! {
                                    <button type="button" class="btn btn-outline" data-testid="faq-archive"
                                        disabled=move || archive.pending().get() on:click=move |_| { archive.dispatch(true); }>
                                        {tr.faq_editor.archive}
                                    </button>
                                }
                                .into_any()
                            }}
                        })}
                    </div>
                })}
            </div>
            {header}
            {readonly.then(|| view! { <div class="alert alert-info" role="note">{tr.faq_editor.readonly_note}</div> })}
            {move || conflict.get().map(|current| view! {
                <div class="alert alert-warning faq-conflict" role="alert" data-testid="faq-conflict">
                    <p>{(tr.faq.changed_meanwhile)(current)}</p>
                    <p class="small">{tr.faq_editor.conflict_keep}</p>
                    <button type="button" id="faq-conflict-reload" class="btn btn-primary btn-sm" data-testid="faq-reload"
                        on:click=move |_| reload.update(|n| *n += 1)>
                        {tr.faq_editor.reload}
                    </button>
                </div>
            })}
            <div class="faq-editor-grid">
                <form
                    class="faq-editor-form"
                    novalidate
                    aria-label=title
                    on:submit=move |ev| {
                        ev.prevent_default();
                        submit();
                    }
                >
                    <section class="card faq-section" aria-labelledby="faq-sec-question">
                        <div class="card-header"><h2 id="faq-sec-question">{tr.faq_editor.section_question}</h2></div>
                        <div class="card-body">
                            <QuestionField form problems=problems_of(FaqField::Question) similar readonly />
                            <VariantsField form problems=problems_of(FaqField::Variants) similar readonly />
                            <OwnHealth id />
                        </div>
                    </section>
                    <section class="card faq-section" aria-labelledby="faq-sec-answer">
                        <div class="card-header"><h2 id="faq-sec-answer">{tr.faq_editor.section_answer}</h2></div>
                        <div class="card-body">
                            <LanguageField form readonly />
                            <AnswerField id="faq-answer" label=answer_label value=form.answer check problems=problems_of(FaqField::Answer) readonly />
                            {move || both().then(|| view! {
                                <AnswerField
                                    id="faq-answer-en"
                                    label=Signal::stored((tr.faq.field)(FaqField::AnswerEn))
                                    value=form.answer_en
                                    check=check_en
                                    problems=problems_of(FaqField::AnswerEn)
                                    readonly
                                />
                            })}
                        </div>
                    </section>
                    <section class="card faq-section" aria-labelledby="faq-sec-buttons">
                        <div class="card-header"><h2 id="faq-sec-buttons">{tr.faq_editor.section_buttons}</h2></div>
                        <div class="card-body">
                            <ButtonsEditor form menus problems=problems_of(FaqField::Buttons) readonly />
                        </div>
                    </section>
                    <section class="card faq-section" aria-labelledby="faq-sec-settings">
                        <div class="card-header"><h2 id="faq-sec-settings">{tr.faq_editor.section_settings}</h2></div>
                        <div class="card-body">
                            <SettingsFields
                                form
                                categories
                                category_problems=problems_of(FaqField::Category)
                                slug_problems=problems_of(FaqField::Slug)
                                archived=Signal::derive(archived)
                                readonly
                            />
                        </div>
                    </section>
                    {(!readonly).then(|| view! {
                        <div class="faq-savebar" data-testid="faq-savebar">
                            <div class="faq-savebar-status" aria-live="polite" data-testid="faq-save-status">
                                {move || match note.get() {
                                    Some(n) => view! { <span class="form-error">{n}</span> }.into_any(),
                                    None if id.get().is_none() => view! { <span class="muted">{tr.faq_editor.not_saved_yet}</span> }.into_any(),
                                    None if dirty.get() => view! { <span class="status-dirty">{tr.faq_editor.unsaved}</span> }.into_any(),
                                    None => view! { <span class="status-saved">"✓ " {tr.faq_editor.all_saved}</span> }.into_any(),
                                }}
                            </div>
                            <kbd class="faq-shortcut" aria-hidden="true">{tr.faq_editor.save_shortcut}</kbd>
                            <SubmitButton label=tr.save pending=save.pending() testid="faq-save" />
                        </div>
                    })}
                </form>
                <aside class="faq-editor-side">
                    <section class="card tg-preview-card" aria-labelledby="faq-preview-title">
                        <div class="card-header">
                            <h2 id="faq-preview-title">{tr.faq_editor.preview_title}</h2>
                            {move || both().then(|| view! {
                                <div class="lang-switch" role="group" aria-label=tr.faq_editor.preview_lang data-testid="preview-lang">
                                    <button type="button" aria-pressed=move || (!preview_en.get()).to_string() on:click=move |_| preview_en.set(false)>"RU"</button>
                                    <button type="button" aria-pressed=move || preview_en.get().to_string() on:click=move |_| preview_en.set(true)>"EN"</button>
                                </div>
                            })}
                        </div>
                        <TelegramPreview body=preview_body buttons=preview_buttons english=preview_english />
                    </section>
                    <TryIt draft=Signal::derive(move || Some((id.get(), draft.get()))) />
                </aside>
            </div>
        </div>
        {move || show_history.get().then(|| {
            id.get_untracked().map(|entry_id| view! {
                <HistoryDialog
                    id=entry_id
                    readonly
                    dirty
                    on_close=Callback::new(move |_| show_history.set(false))
                    on_restored=Callback::new(move |(restored, view): (i32, FaqEntryView)| {
                        show_history.set(false);
                        toasts.success((tr.faq_editor.restored)(restored, view.version));
                        reload.update(|n| *n += 1);
                    })
                />
            })
        })}
        {move || confirm_delete.get().then(|| view! { <DeleteDialog id question=saved_question() close=Callback::new(move |_| confirm_delete.set(false)) baseline form /> })}
        {move || leave_to.get().map(|to| {
            let navigate = navigate.clone();
            view! {
                <Dialog title=tr.faq_editor.leave_title on_close=Callback::new(move |_| leave_to.set(None))>
                    <DialogBody><p>{tr.faq_editor.leave_text}</p></DialogBody>
                    <div class="modal-footer">
                        <button type="button" class="btn btn-secondary" autofocus on:click=move |_| leave_to.set(None)>
                            {tr.faq_editor.leave_stay}
                        </button>
                        <button type="button" class="btn btn-danger" data-testid="faq-leave" on:click=move |_| {
                            baseline.set(form.draft_untracked());
                            leave_to.set(None);
                            navigate(&to, Default::default());
                        }>
                            {tr.faq_editor.leave_discard}
                        </button>
                    </div>
                </Dialog>
            }
        })}
    }
}

#[component]
fn DeleteDialog(
    id: RwSignal<Option<i64>>,
    question: String,
    close: Callback<()>,
    baseline: RwSignal<FaqDraft>,
    form: Form,
) -> impl IntoView {
    let tr = t();
    let toasts = use_toasts();
    let navigate = use_navigate();
    let action: Action<(), Result<(), ApiError>> = Action::new(move |_: &()| {
        let target = id.get_untracked();
        async move {
            match target {
                Some(target) => faq_delete(target).await,
                None => Err(ApiError::NotFound),
            }
        }
    });
    Effect::new(move |_| {
        if let Some(Ok(())) = action.value().get() {
            baseline.set(form.draft_untracked());
            toasts.success(tr.faq_editor.deleted.to_string());
            close.run(());
            navigate("/bot/faq", Default::default());
        }
    });
    view! {
        <ConfirmDialog
            title=tr.faq_editor.delete_forever
            message=(tr.faq_editor.confirm_delete)(&question)
            confirm_label=tr.faq_editor.delete_forever
            action
            on_close=close
            testid="faq-confirm-delete"
        />
    }
}

fn focus_id(id: &str) {
    #[cfg(feature = "hydrate")]
    {
        use wasm_bindgen::JsCast;
        if let Some(el) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.get_element_by_id(id))
            .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
        {
            let _ = el.focus();
        }
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = id;
}

/// A field's problems, one line each.
fn problem_lines(problems: Signal<Vec<FaqProblem>>) -> impl IntoView {
    let tr = t();
    move || {
        problems
            .get()
            .into_iter()
            .map(|p| view! { <div class="form-error" data-testid="field-error">{(tr.faq.problem)(&p)}</div> })
            .collect_view()
    }
}

#[component]
fn QuestionField(
    form: Form,
    problems: Signal<Vec<FaqProblem>>,
    similar: Memo<Vec<SimilarPhrasing>>,
    readonly: bool,
) -> impl IntoView {
    let tr = t();
    let initial = form.question.get_untracked();
    let len = move || form.question.with(|q| q.trim().chars().count());
    view! {
        <div class="form-group">
            <label class="form-label" for="faq-question">{(tr.faq.field)(FaqField::Question)}</label>
            <input
                id="faq-question"
                class="form-control"
                autocomplete="off"
                readonly=readonly
                aria-invalid=move || (!problems.get().is_empty()).to_string()
                aria-describedby="faq-question-hint"
                value=initial
                prop:value=move || form.question.get()
                on:input=move |ev| form.question.set(event_target_value(&ev))
            />
            <div class="field-foot">
                <span class="form-hint" id="faq-question-hint">{tr.faq_editor.question_hint}</span>
                <span class="form-hint field-counter" class:over={move || len() > limits::QUESTION}>
                    {move || format!("{} / {}", len(), limits::QUESTION)}
                </span>
            </div>
            {problem_lines(problems)}
            <SimilarNotes similar variants=None />
        </div>
    }
}

#[component]
fn VariantsField(
    form: Form,
    problems: Signal<Vec<FaqProblem>>,
    similar: Memo<Vec<SimilarPhrasing>>,
    readonly: bool,
) -> impl IntoView {
    let tr = t();
    let initial = form.variants.get_untracked();
    let area = NodeRef::<leptos::html::Textarea>::new();
    let gutter = NodeRef::<leptos::html::Div>::new();
    // The browser's flags as typed and the server's (while the text is as it was sent).
    let flags = Memo::new(move |_| {
        let text = form.variants.get();
        let mut all = line_flags(&form.question.get(), &text);
        for f in server_line_flags(&text, &problems.get()) {
            if !all.contains(&f) {
                all.push(f);
            }
        }
        all.sort_by_key(|(line, _)| *line);
        all
    });
    let lines = move || form.variants.with(|v| v.split('\n').count());
    let count = move || form.variants.with(|v| variant_count(v));
    let flagged = move |n: usize| flags.with(|f| f.iter().any(|(line, _)| *line == n));
    // The server's problems that are not about one line (too many variants).
    let other = move || {
        problems
            .get()
            .into_iter()
            .filter(|p| {
                !matches!(
                    p,
                    FaqProblem::DuplicateVariant { .. }
                        | FaqProblem::VariantHasPipe { .. }
                        | FaqProblem::TooLong { .. }
                )
            })
            .collect::<Vec<_>>()
    };
    let sync = move |_| {
        #[cfg(feature = "hydrate")]
        if let (Some(a), Some(g)) = (area.get_untracked(), gutter.get_untracked()) {
            g.set_scroll_top(a.scroll_top());
        }
    };
    view! {
        <div class="form-group">
            <label class="form-label" for="faq-variants">{(tr.faq.field)(FaqField::Variants)}</label>
            <div class="variants-editor" class:readonly=readonly>
                <div class="variants-gutter" node_ref=gutter aria-hidden="true">
                    {move || (1..=lines())
                        .map(|n| view! { <div class="gutter-line" class:flagged=flagged(n)>{n}</div> })
                        .collect_view()}
                </div>
                <textarea
                    id="faq-variants"
                    class="variants-input"
                    rows="6"
                    wrap="off"
                    spellcheck="true"
                    readonly=readonly
                    aria-invalid=move || (!flags.with(Vec::is_empty) || !other().is_empty()).to_string()
                    aria-describedby="faq-variants-hint faq-variants-flags"
                    node_ref=area
                    prop:value=move || form.variants.get()
                    on:input=move |ev| form.variants.set(event_target_value(&ev))
                    on:scroll=sync
                >
                    {initial}
                </textarea>
            </div>
            <div class="field-foot">
                <span class="form-hint" id="faq-variants-hint">{tr.faq_editor.variants_hint}</span>
                <span class="form-hint field-counter" class:over={move || count() > limits::VARIANTS} data-testid="variants-count">
                    {move || (tr.faq_editor.variants_count)(count(), limits::VARIANTS)}
                </span>
            </div>
            <ul class="variant-flags" id="faq-variants-flags" data-testid="variant-flags">
                {move || flags
                    .get()
                    .into_iter()
                    .map(|(line, flag)| {
                        let text = match flag {
                            LineFlag::TooLong => (tr.faq_editor.variant_too_long)(line, limits::VARIANT),
                            _ => (tr.faq.problem)(&flag.problem(line)),
                        };
                        view! { <li class="form-error" data-line=line>{text}</li> }
                    })
                    .collect_view()}
            </ul>
            {move || other()
                .into_iter()
                .map(|p| view! { <div class="form-error" data-testid="field-error">{(tr.faq.problem)(&p)}</div> })
                .collect_view()}
            <SimilarNotes similar variants=Some(form.variants) />
        </div>
    }
}

#[component]
fn LanguageField(form: Form, readonly: bool) -> impl IntoView {
    let tr = t();
    let initial = form.language.get_untracked();
    let options = [
        (FaqLanguage::Ru, tr.faq_editor.lang_ru),
        (FaqLanguage::En, tr.faq_editor.lang_en),
        (FaqLanguage::Both, tr.faq_editor.lang_both),
    ];
    view! {
        <fieldset class="form-group faq-language" aria-describedby="faq-language-hint">
            <legend class="form-label">{tr.faq_editor.language}</legend>
            <div class="segmented" data-testid="faq-language">
                {options
                    .into_iter()
                    .map(|(lang, label)| view! {
                        <label class="segment">
                            <input
                                type="radio"
                                name="faq-language"
                                value=lang.as_str()
                                checked=initial == lang
                                disabled=readonly
                                prop:checked=move || form.language.get() == lang
                                on:change=move |_| form.language.set(lang)
                            />
                            <span>{label}</span>
                        </label>
                    })
                    .collect_view()}
            </div>
            <div class="form-hint" id="faq-language-hint">{tr.faq_editor.language_hint}</div>
        </fieldset>
    }
}

#[component]
fn SettingsFields(
    form: Form,
    categories: RwSignal<Vec<String>>,
    category_problems: Signal<Vec<FaqProblem>>,
    slug_problems: Signal<Vec<FaqProblem>>,
    archived: Signal<bool>,
    readonly: bool,
) -> impl IntoView {
    let tr = t();
    let (initial_category, initial_slug, initial_enabled) =
        (form.category.get_untracked(), form.slug.get_untracked(), form.enabled.get_untracked());
    view! {
        <div class="form-row">
            <div class="form-group">
                <label class="form-label" for="faq-category">{(tr.faq.field)(FaqField::Category)}</label>
                <input
                    id="faq-category"
                    class="form-control"
                    list="faq-categories"
                    autocomplete="off"
                    readonly=readonly
                    aria-invalid=move || (!category_problems.get().is_empty()).to_string()
                    aria-describedby="faq-category-hint"
                    value=initial_category
                    prop:value=move || form.category.get()
                    on:input=move |ev| form.category.set(event_target_value(&ev))
                />
                <datalist id="faq-categories">
                    {move || categories.get().into_iter().map(|c| view! { <option value=c></option> }).collect_view()}
                </datalist>
                <div class="form-hint" id="faq-category-hint">{tr.faq_editor.category_hint}</div>
                {problem_lines(category_problems)}
            </div>
            <div class="form-group">
                <label class="form-label" for="faq-slug">{(tr.faq.field)(FaqField::Slug)}</label>
                <input
                    id="faq-slug"
                    class="form-control mono"
                    autocomplete="off"
                    autocapitalize="none"
                    spellcheck="false"
                    readonly=readonly
                    aria-invalid=move || (!slug_problems.get().is_empty()).to_string()
                    aria-describedby="faq-slug-hint"
                    value=initial_slug
                    prop:value=move || form.slug.get()
                    on:input=move |ev| form.slug.set(event_target_value(&ev))
                />
                <div class="form-hint" id="faq-slug-hint">{tr.faq_editor.slug_hint}</div>
                {problem_lines(slug_problems)}
            </div>
        </div>
        <div class="form-group faq-enabled">
            <label class="switch">
                <input
                    type="checkbox"
                    role="switch"
                    id="faq-enabled"
                    class="switch-input"
                    checked=initial_enabled
                    disabled=move || readonly || archived.get()
                    aria-describedby="faq-enabled-hint"
                    prop:checked=move || form.enabled.get()
                    on:change=move |ev| form.enabled.set(event_target_checked(&ev))
                    data-testid="faq-enabled"
                />
                <span class="switch-track" aria-hidden="true"></span>
                <span class="switch-label">{tr.faq_editor.enabled_label}</span>
            </label>
            <div class="form-hint" id="faq-enabled-hint">
                {move || if archived.get() { tr.faq_editor.archived_hint } else { tr.faq_editor.enabled_hint }}
            </div>
        </div>
    }
}
