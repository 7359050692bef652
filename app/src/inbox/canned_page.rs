//! Canned responses (admins): the list, a form to add or edit one, and deletion after a
//! confirmation. Operators insert them in the reply box by typing "/" and the shortcut.

use leptos::prelude::*;

use crate::error::ApiError;
use crate::i18n::t;
use crate::inbox::api::{canned_delete, canned_list, canned_save};
use crate::inbox::model::CannedResponse;
use crate::inbox::validate::{SHORTCUT_MAX, TEXT_MAX, TITLE_MAX};
use crate::ui::{
    Column, ConfirmDialog, DataTable, Dialog, DialogBody, DialogFooter, ErrorAlert, Field, Loading, PageHeader,
    SortState, SubmitButton, use_toasts,
};

#[derive(Clone)]
enum Shown {
    Edit(Option<CannedResponse>),
    ConfirmDelete(CannedResponse),
}

#[component]
pub fn CannedPage() -> impl IntoView {
    let tr = t();
    let version = RwSignal::new(0u32);
    let list = Resource::new(move || version.get(), |_| canned_list());
    let dialog = RwSignal::new(None::<Shown>);
    let reload = Callback::new(move |_| version.update(|v| *v += 1));
    let sort = RwSignal::new(None::<SortState>);

    view! {
        <PageHeader title=tr.canned.title subtitle=tr.canned.subtitle>
            <button type="button" class="btn btn-primary" data-testid="new-canned" on:click=move |_| dialog.set(Some(Shown::Edit(None)))>
                "+ " {tr.canned.new}
            </button>
        </PageHeader>
        <Transition fallback=|| view! { <Loading /> }>
            {move || Suspend::new(async move {
                match list.await {
                    Ok(rows) => view! { <CannedTable rows dialog sort /> }.into_any(),
                    Err(e) => view! { <ErrorAlert error=Signal::stored(Some(e)) /> }.into_any(),
                }
            })}
        </Transition>
        {move || {
            dialog.get().map(|d| {
                let close = Callback::new(move |_| dialog.set(None));
                match d {
                    Shown::Edit(existing) => view! { <EditDialog existing reload close /> }.into_any(),
                    Shown::ConfirmDelete(row) => view! { <DeleteDialog row reload close /> }.into_any(),
                }
            })
        }}
    }
}

#[component]
fn CannedTable(
    rows: Vec<CannedResponse>,
    dialog: RwSignal<Option<Shown>>,
    sort: RwSignal<Option<SortState>>,
) -> impl IntoView {
    let tr = t();
    let columns = vec![
        Column::sortable(tr.canned.col_title, |a: &CannedResponse, b| {
            a.title.to_lowercase().cmp(&b.title.to_lowercase())
        }),
        Column::sortable(tr.canned.col_shortcut, |a, b| a.shortcut.cmp(&b.shortcut)),
        Column::new(tr.canned.col_text),
        Column::new(tr.actions).class("text-right"),
    ];
    let row = move |row: CannedResponse| {
        let (r1, r2) = (row.clone(), row.clone());
        view! {
            <tr data-shortcut=row.shortcut.clone()>
                <td>{row.title.clone()}</td>
                <td class="mono nowrap">"/"{row.shortcut.clone()}</td>
                <td class="canned-text">{row.text.clone()}</td>
                <td class="actions">
                    <button type="button" class="btn btn-outline btn-sm" on:click=move |_| dialog.set(Some(Shown::Edit(Some(r1.clone()))))>
                        {tr.edit}
                    </button>
                    <button type="button" class="btn btn-danger btn-sm" on:click=move |_| dialog.set(Some(Shown::ConfirmDelete(r2.clone())))>
                        {tr.delete}
                    </button>
                </td>
            </tr>
        }
    };
    view! {
        <DataTable rows columns row empty=tr.canned.empty testid="canned-table" empty_testid="canned-empty" class="canned-table" sort />
    }
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
            toasts.success((tr.canned.saved)(&saved.shortcut));
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
    view! {
        <Dialog title=heading on_close=close>
            <form novalidate id="canned-form" on:submit=submit>
                <DialogBody error fields_inline=true>
                    <Field id="canned-title" name="title" label=tr.canned.field_title error>
                        <input
                            class="form-control"
                            autocomplete="off"
                            maxlength=TITLE_MAX.to_string()
                            required
                            autofocus
                            prop:value=move || title.get()
                            on:input=move |ev| title.set(event_target_value(&ev))
                        />
                    </Field>
                    <Field id="canned-shortcut" name="shortcut" label=tr.canned.field_shortcut hint=tr.canned.field_shortcut_hint prefix="/" error>
                        <input
                            class="form-control mono"
                            autocomplete="off"
                            autocapitalize="none"
                            spellcheck="false"
                            maxlength=(SHORTCUT_MAX + 1).to_string()
                            required
                            prop:value=move || shortcut.get()
                            on:input=move |ev| shortcut.set(event_target_value(&ev))
                        />
                    </Field>
                    <Field id="canned-text" name="text" label=tr.canned.field_text error>
                        <textarea
                            class="form-control"
                            rows="6"
                            maxlength=TEXT_MAX.to_string()
                            required
                            prop:value=move || text.get()
                            on:input=move |ev| text.set(event_target_value(&ev))
                        ></textarea>
                    </Field>
                </DialogBody>
                <DialogFooter on_cancel=close>
                    <SubmitButton label=tr.save pending=save.pending() testid="canned-save" />
                </DialogFooter>
            </form>
        </Dialog>
    }
}

#[component]
fn DeleteDialog(row: CannedResponse, reload: Callback<()>, close: Callback<()>) -> impl IntoView {
    let tr = t();
    let toasts = use_toasts();
    let id = row.id;
    let shortcut = row.shortcut.clone();
    let action = Action::new(move |_: &()| canned_delete(id));
    Effect::new(move |_| {
        if let Some(Ok(())) = action.value().get() {
            toasts.success((tr.canned.deleted)(&shortcut));
            reload.run(());
            close.run(());
        }
    });
    view! {
        <ConfirmDialog
            title=tr.delete
            message=(tr.canned.confirm_delete)(&row.shortcut)
            confirm_label=tr.delete
            action
            on_close=close
            testid="canned-confirm-delete"
        />
    }
}
