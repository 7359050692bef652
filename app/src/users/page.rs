//! The Users page: list, create, edit, deactivate/reactivate, reset password.

use leptos::form::ActionForm;
use leptos::prelude::*;

use crate::auth::use_auth;
use crate::i18n::t;
use crate::model::{IssuedPassword, Role, StaffRow};
use crate::ui::{
    Badge, Column, ConfirmDialog, DataTable, Dialog, DialogBody, DialogFooter, ErrorAlert, Field, Loading, LocalTime,
    PageHeader, RoleBadge, SortState, SubmitButton, Tone, use_toasts,
};
use crate::users::api::{CreateUser, UpdateUser, list_users, reset_user_password, set_user_active};

#[derive(Clone)]
enum Shown {
    Create,
    Edit(StaffRow),
    ConfirmDeactivate(StaffRow),
    ConfirmReset(StaffRow),
    Password(IssuedPassword),
}

#[component]
pub fn UsersPage() -> impl IntoView {
    let tr = t();
    let version = RwSignal::new(0u32);
    let users = Resource::new(move || version.get(), |_| list_users());
    let dialog = RwSignal::new(None::<Shown>);
    let reload = Callback::new(move |_| version.update(|v| *v += 1));
    let sort = RwSignal::new(None::<SortState>);

    view! {
        <PageHeader title=tr.users.title subtitle=tr.users.subtitle>
            <button type="button" class="btn btn-primary" data-testid="new-user" on:click=move |_| dialog.set(Some(Shown::Create))>
                "+ " {tr.users.new}
            </button>
        </PageHeader>
        <Transition fallback=|| view! { <Loading /> }>
            {move || Suspend::new(async move {
                match users.await {
                    Ok(rows) => view! { <UsersTable rows dialog reload sort /> }.into_any(),
                    Err(e) => view! { <ErrorAlert error=Signal::stored(Some(e)) /> }.into_any(),
                }
            })}
        </Transition>
        {move || dialog.get().map(|d| view! { <UserDialog dialog=d set_dialog=dialog reload /> })}
    }
}

#[component]
fn UsersTable(
    rows: Vec<StaffRow>,
    dialog: RwSignal<Option<Shown>>,
    reload: Callback<()>,
    sort: RwSignal<Option<SortState>>,
) -> impl IntoView {
    let tr = t();
    let me = use_auth().current().map(|u| u.id);
    let toasts = use_toasts();
    let reactivate = Action::new(move |row: &StaffRow| {
        let row = row.clone();
        async move { (row.clone(), set_user_active(row.id, true).await) }
    });
    Effect::new(move || {
        if let Some((row, res)) = reactivate.value().get() {
            match res {
                Ok(_) => toasts.success((tr.users.reactivated)(&row.username)),
                Err(e) => toasts.error(tr.error(&e)),
            }
            reload.run(());
        }
    });

    let columns = vec![
        Column::sortable(tr.users.col_username, |a: &StaffRow, b| a.username.cmp(&b.username)),
        Column::sortable(tr.users.col_name, |a, b| a.display_name.to_lowercase().cmp(&b.display_name.to_lowercase())),
        Column::sortable(tr.users.col_role, |a, b| a.role.as_str().cmp(b.role.as_str())),
        Column::sortable(tr.users.col_status, |a, b| b.is_active.cmp(&a.is_active)),
        Column::sortable(tr.users.col_last_login, |a, b| a.last_login_at.cmp(&b.last_login_at)),
        Column::sortable(tr.users.col_telegram, |a, b| b.telegram_linked.cmp(&a.telegram_linked)),
        Column::new(tr.actions).class("text-right"),
    ];
    let row = move |row: StaffRow| {
        let is_me = Some(row.id) == me;
        let (r1, r2, r3, r4) = (row.clone(), row.clone(), row.clone(), row.clone());
        view! {
            <tr class:inactive=!row.is_active data-username=row.username.clone()>
                <td class="mono">{row.username.clone()} {is_me.then(|| view! { " " <Badge tone=Tone::Muted>{tr.you}</Badge> })}</td>
                <td>{row.display_name.clone()}</td>
                <td><RoleBadge role=row.role /></td>
                <td>
                    {if row.is_active {
                        view! { <Badge tone=Tone::Success>{tr.users.status_active}</Badge> }
                    } else {
                        view! { <Badge tone=Tone::Muted>{tr.users.status_inactive}</Badge> }
                    }}
                </td>
                <td class="nowrap">{match row.last_login_at.clone() {
                    Some(at) => view! { <LocalTime at /> }.into_any(),
                    None => tr.users.never.into_any(),
                }}</td>
                <td data-testid="telegram-linked">
                    {if row.telegram_linked {
                        view! { <Badge tone=Tone::Success>{tr.users.telegram_linked}</Badge> }.into_any()
                    } else {
                        view! { <span class="muted">{tr.users.telegram_not_linked}</span> }.into_any()
                    }}
                </td>
                <td class="actions">
                    <button type="button" class="btn btn-outline btn-sm" on:click=move |_| dialog.set(Some(Shown::Edit(r1.clone())))>{tr.edit}</button>
                    <button type="button" class="btn btn-outline btn-sm" on:click=move |_| dialog.set(Some(Shown::ConfirmReset(r2.clone())))>{tr.users.reset_password}</button>
                    {if row.is_active {
                        (!is_me).then(|| view! {
                            <button type="button" class="btn btn-danger btn-sm" on:click=move |_| dialog.set(Some(Shown::ConfirmDeactivate(r3.clone())))>{tr.users.deactivate}</button>
                        }.into_any())
                    } else {
                        Some(view! {
                            <button type="button" class="btn btn-success btn-sm" on:click=move |_| { reactivate.dispatch(r4.clone()); }>{tr.users.reactivate}</button>
                        }.into_any())
                    }}
                </td>
            </tr>
        }
    };
    view! { <DataTable rows columns row empty=tr.users.empty testid="users-table" sort /> }
}

#[component]
fn UserDialog(dialog: Shown, set_dialog: RwSignal<Option<Shown>>, reload: Callback<()>) -> impl IntoView {
    let close = Callback::new(move |_| set_dialog.set(None));
    match dialog {
        Shown::Create => view! { <CreateDialog set_dialog reload close /> }.into_any(),
        Shown::Edit(row) => view! { <EditDialog row reload close /> }.into_any(),
        Shown::ConfirmDeactivate(row) => view! { <DeactivateDialog row reload close /> }.into_any(),
        Shown::ConfirmReset(row) => view! { <ResetDialog row set_dialog reload close /> }.into_any(),
        Shown::Password(issued) => view! { <PasswordDialog issued close /> }.into_any(),
    }
}

/// The role select's options, `selected` chosen.
fn role_options(selected: Role) -> impl IntoView {
    let tr = t();
    view! {
        <option value="operator" selected=selected == Role::Operator>{tr.role_operator}</option>
        <option value="admin" selected=selected == Role::Admin>{tr.role_admin}</option>
    }
}

#[component]
fn CreateDialog(set_dialog: RwSignal<Option<Shown>>, reload: Callback<()>, close: Callback<()>) -> impl IntoView {
    let tr = t();
    let toasts = use_toasts();
    let action = ServerAction::<CreateUser>::new();
    let error = Signal::derive(move || action.value().get().and_then(|r| r.err()));
    Effect::new(move || {
        if let Some(Ok((row, issued))) = action.value().get() {
            toasts.success((tr.users.created)(&row.username));
            reload.run(());
            set_dialog.set(issued.map(Shown::Password));
        }
    });
    view! {
        <Dialog title=tr.users.create_title on_close=close>
            <ActionForm action=action attr:novalidate="true" attr:id="create-user-form">
                <DialogBody error fields_inline=true>
                    <div class="form-row">
                        <Field id="new-username" name="username" label=tr.users.field_username hint=tr.users.field_username_hint error>
                            <input class="form-control" autocomplete="off" autocapitalize="none" spellcheck="false" required autofocus />
                        </Field>
                        <Field id="new-display-name" name="display_name" label=tr.users.field_display_name error>
                            <input class="form-control" autocomplete="off" required />
                        </Field>
                    </div>
                    <Field id="new-role" name="role" label=tr.users.field_role error>
                        <select class="form-control form-select">{role_options(Role::Operator)}</select>
                    </Field>
                    <Field id="new-password" name="password" error_for="new_password" label=tr.users.field_password hint=tr.users.field_password_hint error>
                        <input type="password" class="form-control" autocomplete="new-password" />
                    </Field>
                </DialogBody>
                <DialogFooter on_cancel=close>
                    <SubmitButton label=tr.create pending=action.pending() />
                </DialogFooter>
            </ActionForm>
        </Dialog>
    }
}

#[component]
fn EditDialog(row: StaffRow, reload: Callback<()>, close: Callback<()>) -> impl IntoView {
    let tr = t();
    let toasts = use_toasts();
    let action = ServerAction::<UpdateUser>::new();
    let error = Signal::derive(move || action.value().get().and_then(|r| r.err()));
    Effect::new(move || {
        if let Some(Ok(row)) = action.value().get() {
            toasts.success((tr.users.updated)(&row.username));
            reload.run(());
            close.run(());
        }
    });
    view! {
        <Dialog title=(tr.users.edit_title)(&row.username) on_close=close>
            <ActionForm action=action attr:novalidate="true" attr:id="edit-user-form">
                <DialogBody error fields_inline=true>
                    <input type="hidden" name="id" value=row.id.to_string() />
                    <Field id="edit-display-name" name="display_name" label=tr.users.field_display_name error>
                        <input class="form-control" value=row.display_name.clone() required autofocus />
                    </Field>
                    <Field id="edit-role" name="role" label=tr.users.field_role error>
                        <select class="form-control form-select">{role_options(row.role)}</select>
                    </Field>
                </DialogBody>
                <DialogFooter on_cancel=close>
                    <SubmitButton label=tr.save pending=action.pending() />
                </DialogFooter>
            </ActionForm>
        </Dialog>
    }
}

#[component]
fn DeactivateDialog(row: StaffRow, reload: Callback<()>, close: Callback<()>) -> impl IntoView {
    let tr = t();
    let toasts = use_toasts();
    let id = row.id;
    let action = Action::new(move |_: &()| set_user_active(id, false));
    Effect::new(move || {
        if let Some(Ok(row)) = action.value().get() {
            toasts.success((tr.users.deactivated)(&row.username));
            reload.run(());
            close.run(());
        }
    });
    view! {
        <ConfirmDialog
            title=tr.users.deactivate
            message=(tr.users.confirm_deactivate)(&row.username)
            confirm_label=tr.users.deactivate
            action
            on_close=close
        />
    }
}

#[component]
fn ResetDialog(
    row: StaffRow,
    set_dialog: RwSignal<Option<Shown>>,
    reload: Callback<()>,
    close: Callback<()>,
) -> impl IntoView {
    let tr = t();
    let id = row.id;
    let action = Action::new(move |_: &()| reset_user_password(id));
    Effect::new(move || {
        if let Some(Ok(issued)) = action.value().get() {
            reload.run(());
            set_dialog.set(Some(Shown::Password(issued)));
        }
    });
    view! {
        <ConfirmDialog
            title=tr.users.reset_password
            message=(tr.users.confirm_reset)(&row.username)
            confirm_label=tr.users.reset_password
            action
            on_close=close
        />
    }
}

#[component]
fn PasswordDialog(issued: IssuedPassword, close: Callback<()>) -> impl IntoView {
    let tr = t();
    let copied = RwSignal::new(false);
    let password = issued.password.clone();
    let copy = move |_| {
        #[cfg(feature = "hydrate")]
        if let Some(w) = web_sys::window() {
            let _ = w.navigator().clipboard().write_text(&password);
            copied.set(true);
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = &password;
    };
    view! {
        <Dialog title=tr.users.password_issued_title on_close=close>
            <DialogBody>
                <p>{(tr.users.password_issued_text)(&issued.username)}</p>
                <div class="secret">
                    <code class="secret-value" data-testid="issued-password">{issued.password.clone()}</code>
                    <button type="button" class="btn btn-outline btn-sm" on:click=copy>{move || if copied.get() { tr.copied } else { tr.copy }}</button>
                </div>
            </DialogBody>
            <DialogFooter>
                <button type="button" class="btn btn-primary" autofocus on:click=move |_| close.run(())>{tr.close}</button>
            </DialogFooter>
        </Dialog>
    }
}
