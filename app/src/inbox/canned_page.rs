//! Canned responses (admins): the list, a form to add or edit one, and deletion after a
//! confirmation. Operators insert them in the reply box by typing "/" and the shortcut.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::error::ApiError;
use crate::i18n::t;
use crate::inbox::api::{canned_delete, canned_list, canned_save};
use crate::inbox::model::CannedResponse;
use crate::inbox::validate::{SHORTCUT_MAX, TEXT_MAX, TITLE_MAX};
use crate::layout::Loading;
use crate::ui::{ErrorAlert, FieldError, Modal, field_invalid, use_toasts};

#[derive(Clone)]
enum Dialog {
    Edit(Option<CannedResponse>),
    ConfirmDelete(CannedResponse),
}

#[component]
pub fn CannedPage() -> impl IntoView {
    let tr = t();
    let version = RwSignal::new(0u32);
    let list = Resource::new(move || version.get(), |_| canned_list());
    let dialog = RwSignal::new(None::<Dialog>);
    let reload = Callback::new(move |_| version.update(|v| *v += 1));

    view! {
        <Title text=tr.canned.title />
        <div class="page-header">
            <h1>{tr.canned.title}</h1>
            <div class="page-actions">
                <button type="button" class="btn btn-primary" data-testid="new-canned" on:click=move |_| dialog.set(Some(Dialog::Edit(None)))>
                    "+ " {tr.canned.new}
                </button>
            </div>
        </div>
        <p class="page-subtitle">{tr.canned.subtitle}</p>
        <Transition fallback=|| view! { <Loading /> }>
            {move || Suspend::new(async move {
                match list.await {
                    Ok(rows) => view! { <CannedTable rows dialog /> }.into_any(),
                    Err(e) => view! { <ErrorAlert error=Signal::stored(Some(e)) /> }.into_any(),
                }
            })}
        </Transition>
        {move || {
            dialog.get().map(|d| {
                let close = Callback::new(move |_| dialog.set(None));
                match d {
                    Dialog::Edit(existing) => view! { <EditDialog existing reload close /> }.into_any(),
                    Dialog::ConfirmDelete(row) => view! { <DeleteDialog row reload close /> }.into_any(),
                }
            })
        }}
    }
}

#[component]
fn CannedTable(rows: Vec<CannedResponse>, dialog: RwSignal<Option<Dialog>>) -> impl IntoView {
    let tr = t();
    if rows.is_empty() {
        return view! { <div class="empty-state" data-testid="canned-empty"><p>{tr.canned.empty}</p></div> }.into_any();
    }
    view! {
        <div class="table-wrap">
            <table class="table canned-table" data-testid="canned-table">
                <thead>
                    <tr>
                        <th scope="col">{tr.canned.col_title}</th>
                        <th scope="col">{tr.canned.col_shortcut}</th>
                        <th scope="col">{tr.canned.col_text}</th>
                        <th scope="col" class="text-right">{tr.actions}</th>
                    </tr>
                </thead>
                <tbody>
                    {rows
                        .into_iter()
                        .map(|row| {
                            let (r1, r2) = (row.clone(), row.clone());
                            view! {
                                <tr data-shortcut=row.shortcut.clone()>
                                    <td>{row.title.clone()}</td>
                                    <td class="mono nowrap">"/"{row.shortcut.clone()}</td>
                                    <td class="canned-text">{row.text.clone()}</td>
                                    <td class="actions">
                                        <button type="button" class="btn btn-outline btn-sm" on:click=move |_| dialog.set(Some(Dialog::Edit(Some(r1.clone()))))>
                                            {tr.edit}
                                        </button>
                                        <button type="button" class="btn btn-danger btn-sm" on:click=move |_| dialog.set(Some(Dialog::ConfirmDelete(r2.clone())))>
                                            {tr.delete}
                                        </button>
                                    </td>
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
        </div>
    }
    .into_any()
}

#[derive(Clone)]
struct SaveInput {
    id: Option<i64>,
    title: String,
    shortcut: String,
    text: String,
}

#[component]
fn EditDialog(existing: Option<CannedResponse>, reload: Callback<()>, close: Callback<()>) -> impl IntoView {
    let tr = t();
    let toasts = use_toasts();
    let id = existing.as_ref().map(|c| c.id);
    let title = RwSignal::new(existing.as_ref().map(|c| c.title.clone()).unwrap_or_default());
    let shortcut = RwSignal::new(existing.as_ref().map(|c| c.shortcut.clone()).unwrap_or_default());
    let text = RwSignal::new(existing.as_ref().map(|c| c.text.clone()).unwrap_or_default());
    let save = Action::new(move |input: &SaveInput| {
        let input = input.clone();
        async move { canned_save(input.id, input.title, input.shortcut, input.text).await }
    });
    let error: Signal<Option<ApiError>> = Signal::derive(move || save.value().get().and_then(|r| r.err()));
    Effect::new(move |_| {
        if let Some(Ok(saved)) = save.value().get() {
            toasts.success((t().canned.saved)(&saved.shortcut));
            reload.run(());
            close.run(());
        }
    });
    let heading = match &existing {
        Some(c) => (tr.canned.edit_title)(&c.shortcut),
        None => tr.canned.create_title.to_string(),
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        save.dispatch(SaveInput {
            id,
            title: title.get_untracked(),
            shortcut: shortcut.get_untracked(),
            text: text.get_untracked(),
        });
    };
    // The field-specific errors show under their fields; the others at the top.
    let general = Signal::derive(move || error.get().filter(|e| !matches!(e, ApiError::Invalid(_))));
    view! {
        <Modal title=heading on_close=close>
            <form novalidate id="canned-form" on:submit=submit>
                <div class="modal-body">
                    <ErrorAlert error=general />
                    <div class="form-group">
                        <label class="form-label" for="canned-title">{tr.canned.field_title}</label>
                        <input
                            id="canned-title"
                            name="title"
                            class="form-control"
                            autocomplete="off"
                            maxlength=TITLE_MAX.to_string()
                            required
                            autofocus
                            prop:value=move || title.get()
                            on:input=move |ev| title.set(event_target_value(&ev))
                            aria-invalid=move || field_invalid(error, "title")
                        />
                        <FieldError error name="title" />
                    </div>
                    <div class="form-group">
                        <label class="form-label" for="canned-shortcut">{tr.canned.field_shortcut}</label>
                        <div class="input-prefix">
                            <span class="input-prefix-text" aria-hidden="true">"/"</span>
                            <input
                                id="canned-shortcut"
                                name="shortcut"
                                class="form-control mono"
                                autocomplete="off"
                                autocapitalize="none"
                                spellcheck="false"
                                maxlength=(SHORTCUT_MAX + 1).to_string()
                                required
                                prop:value=move || shortcut.get()
                                on:input=move |ev| shortcut.set(event_target_value(&ev))
                                aria-invalid=move || field_invalid(error, "shortcut")
                                aria-describedby="canned-shortcut-hint"
                            />
                        </div>
                        <div class="form-hint" id="canned-shortcut-hint">{tr.canned.field_shortcut_hint}</div>
                        <FieldError error name="shortcut" />
                    </div>
                    <div class="form-group">
                        <label class="form-label" for="canned-text">{tr.canned.field_text}</label>
                        <textarea
                            id="canned-text"
                            name="text"
                            class="form-control"
                            rows="6"
                            maxlength=TEXT_MAX.to_string()
                            required
                            prop:value=move || text.get()
                            on:input=move |ev| text.set(event_target_value(&ev))
                            aria-invalid=move || field_invalid(error, "text")
                        ></textarea>
                        <FieldError error name="text" />
                    </div>
                </div>
                <div class="modal-footer">
                    <button type="button" class="btn btn-secondary" on:click=move |_| close.run(())>{tr.cancel}</button>
                    <button type="submit" class="btn btn-primary" data-testid="canned-save" disabled=move || save.pending().get()>
                        {move || if save.pending().get() { tr.saving } else { tr.save }}
                    </button>
                </div>
            </form>
        </Modal>
    }
}

#[component]
fn DeleteDialog(row: CannedResponse, reload: Callback<()>, close: Callback<()>) -> impl IntoView {
    let tr = t();
    let toasts = use_toasts();
    let id = row.id;
    let shortcut = row.shortcut.clone();
    let action = Action::new(move |_: &()| canned_delete(id));
    let error = Signal::derive(move || action.value().get().and_then(|r| r.err()));
    Effect::new(move |_| {
        if let Some(Ok(())) = action.value().get() {
            toasts.success((t().canned.deleted)(&shortcut));
            reload.run(());
            close.run(());
        }
    });
    view! {
        <Modal title=tr.delete.to_string() on_close=close>
            <div class="modal-body">
                <ErrorAlert error=error />
                <p>{(tr.canned.confirm_delete)(&row.shortcut)}</p>
            </div>
            <div class="modal-footer">
                <button type="button" class="btn btn-secondary" on:click=move |_| close.run(())>{tr.cancel}</button>
                <button type="button" class="btn btn-danger" data-testid="canned-confirm-delete" autofocus disabled=move || action.pending().get() on:click=move |_| { action.dispatch(()); }>
                    {tr.delete}
                </button>
            </div>
        </Modal>
    }
}
