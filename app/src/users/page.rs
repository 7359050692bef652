//! The Users page: list, create, edit, deactivate/reactivate, reset password.

use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;

use crate::auth::use_auth;
use crate::error::ApiError;
use crate::i18n::t;
use crate::layout::Loading;
use crate::model::{IssuedPassword, Role, StaffRow};
use crate::ui::{ErrorAlert, FieldError, Modal, field_invalid, format_time, use_toasts};
use crate::users::api::{CreateUser, UpdateUser, list_users, reset_user_password, set_user_active};

#[derive(Clone)]
enum Dialog {
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
    let dialog = RwSignal::new(None::<Dialog>);
    let reload = move || version.update(|v| *v += 1);

    view! {
        <Title text=tr.users.title />
        <div class="page-header">
            <h1>{tr.users.title}</h1>
            <div class="page-actions">
                <button type="button" class="btn btn-primary" data-testid="new-user" on:click=move |_| dialog.set(Some(Dialog::Create))>
                    "+ " {tr.users.new}
                </button>
            </div>
        </div>
        <p class="page-subtitle">{tr.users.subtitle}</p>
        <Transition fallback=|| view! { <Loading /> }>
            {move || Suspend::new(async move {
                match users.await {
                    Ok(rows) => view! { <UsersTable rows dialog reload /> }.into_any(),
                    Err(e) => view! { <ErrorAlert error=Signal::stored(Some(e)) /> }.into_any(),
                }
            })}
        </Transition>
        {move || dialog.get().map(|d| view! { <UserDialog dialog=d set_dialog=dialog reload=Callback::new(move |_| reload()) /> })}
    }
}

#[component]
fn UsersTable(
    rows: Vec<StaffRow>,
    dialog: RwSignal<Option<Dialog>>,
    reload: impl Fn() + Copy + Send + Sync + 'static,
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
                Ok(_) => toasts.success((t().users.reactivated)(&row.username)),
                Err(e) => toasts.show(crate::ui::ToastKind::Error, t().error(&e)),
            }
            reload();
        }
    });

    if rows.is_empty() {
        return view! { <div class="empty-state"><p>{tr.users.empty}</p></div> }.into_any();
    }
    view! {
        <div class="table-wrap">
            <table class="table" data-testid="users-table">
                <thead>
                    <tr>
                        <th scope="col">{tr.users.col_username}</th>
                        <th scope="col">{tr.users.col_name}</th>
                        <th scope="col">{tr.users.col_role}</th>
                        <th scope="col">{tr.users.col_status}</th>
                        <th scope="col">{tr.users.col_last_login}</th>
                        <th scope="col" class="text-right">{tr.actions}</th>
                    </tr>
                </thead>
                <tbody>
                    {rows
                        .into_iter()
                        .map(|row| {
                            let is_me = Some(row.id) == me;
                            let (r1, r2, r3, r4) = (row.clone(), row.clone(), row.clone(), row.clone());
                            view! {
                                <tr class:inactive=!row.is_active data-username=row.username.clone()>
                                    <td class="mono">{row.username.clone()} {is_me.then(|| view! { " " <span class="badge badge-muted">{tr.you}</span> })}</td>
                                    <td>{row.display_name.clone()}</td>
                                    <td>
                                        <span class=if row.role == Role::Admin { "badge badge-admin" } else { "badge badge-operator" }>{tr.role(row.role)}</span>
                                    </td>
                                    <td>
                                        {if row.is_active {
                                            view! { <span class="badge badge-success">{tr.users.status_active}</span> }
                                        } else {
                                            view! { <span class="badge badge-muted">{tr.users.status_inactive}</span> }
                                        }}
                                    </td>
                                    <td class="nowrap">{row.last_login_at.as_deref().map(format_time).unwrap_or_else(|| tr.users.never.to_string())}</td>
                                    <td class="actions">
                                        <button type="button" class="btn btn-outline btn-sm" on:click=move |_| dialog.set(Some(Dialog::Edit(r1.clone())))>{tr.edit}</button>
                                        <button type="button" class="btn btn-outline btn-sm" on:click=move |_| dialog.set(Some(Dialog::ConfirmReset(r2.clone())))>{tr.users.reset_password}</button>
                                        {if row.is_active {
                                            (!is_me).then(|| view! {
                                                <button type="button" class="btn btn-danger btn-sm" on:click=move |_| dialog.set(Some(Dialog::ConfirmDeactivate(r3.clone())))>{tr.users.deactivate}</button>
                                            }.into_any())
                                        } else {
                                            Some(view! {
                                                <button type="button" class="btn btn-success btn-sm" on:click=move |_| { reactivate.dispatch(r4.clone()); }>{tr.users.reactivate}</button>
                                            }.into_any())
                                        }}
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

#[component]
fn UserDialog(dialog: Dialog, set_dialog: RwSignal<Option<Dialog>>, reload: Callback<()>) -> impl IntoView {
    let close = Callback::new(move |_| set_dialog.set(None));
    match dialog {
        Dialog::Create => view! { <CreateDialog set_dialog reload close /> }.into_any(),
        Dialog::Edit(row) => view! { <EditDialog row reload close /> }.into_any(),
        Dialog::ConfirmDeactivate(row) => view! { <DeactivateDialog row reload close /> }.into_any(),
        Dialog::ConfirmReset(row) => view! { <ResetDialog row set_dialog reload close /> }.into_any(),
        Dialog::Password(issued) => view! { <PasswordDialog issued close /> }.into_any(),
    }
}

#[component]
fn CreateDialog(set_dialog: RwSignal<Option<Dialog>>, reload: Callback<()>, close: Callback<()>) -> impl IntoView {
    let tr = t();
    let toasts = use_toasts();
    let action = ServerAction::<CreateUser>::new();
    let error = Signal::derive(move || action.value().get().and_then(|r| r.err()));
    Effect::new(move || {
        if let Some(Ok((row, issued))) = action.value().get() {
            toasts.success((t().users.created)(&row.username));
            reload.run(());
            set_dialog.set(issued.map(Dialog::Password));
        }
    });
    view! {
        <Modal title=tr.users.create_title.to_string() on_close=close>
            <ActionForm action=action attr:novalidate="true" attr:id="create-user-form">
                <div class="modal-body">
                    <ErrorAlert error=error />
                    <div class="form-row">
                        <div class="form-group">
                            <label class="form-label" for="new-username">{tr.users.field_username}</label>
                            <input id="new-username" name="username" class="form-control" autocomplete="off" autocapitalize="none" spellcheck="false" required autofocus aria-invalid=move || field_invalid(error, "username") />
                            <div class="form-hint">{tr.users.field_username_hint}</div>
                        </div>
                        <div class="form-group">
                            <label class="form-label" for="new-display-name">{tr.users.field_display_name}</label>
                            <input id="new-display-name" name="display_name" class="form-control" autocomplete="off" required aria-invalid=move || field_invalid(error, "display_name") />
                            <FieldError error name="display_name" />
                        </div>
                    </div>
                    <div class="form-group">
                        <label class="form-label" for="new-role">{tr.users.field_role}</label>
                        <select id="new-role" name="role" class="form-control form-select">
                            <option value="operator" selected>{tr.role_operator}</option>
                            <option value="admin">{tr.role_admin}</option>
                        </select>
                    </div>
                    <div class="form-group">
                        <label class="form-label" for="new-password">{tr.users.field_password}</label>
                        <input id="new-password" name="password" type="password" class="form-control" autocomplete="new-password" aria-invalid=move || field_invalid(error, "new_password") />
                        <div class="form-hint">{tr.users.field_password_hint}</div>
                    </div>
                </div>
                <div class="modal-footer">
                    <button type="button" class="btn btn-secondary" on:click=move |_| close.run(())>{tr.cancel}</button>
                    <button type="submit" class="btn btn-primary" disabled=move || action.pending().get()>
                        {move || if action.pending().get() { tr.saving } else { tr.create }}
                    </button>
                </div>
            </ActionForm>
        </Modal>
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
            toasts.success((t().users.updated)(&row.username));
            reload.run(());
            close.run(());
        }
    });
    let title = (tr.users.edit_title)(&row.username);
    view! {
        <Modal title on_close=close>
            <ActionForm action=action attr:novalidate="true" attr:id="edit-user-form">
                <div class="modal-body">
                    <ErrorAlert error=error />
                    <input type="hidden" name="id" value=row.id.to_string() />
                    <div class="form-group">
                        <label class="form-label" for="edit-display-name">{tr.users.field_display_name}</label>
                        <input id="edit-display-name" name="display_name" class="form-control" value=row.display_name.clone() required autofocus aria-invalid=move || field_invalid(error, "display_name") />
                        <FieldError error name="display_name" />
                    </div>
                    <div class="form-group">
                        <label class="form-label" for="edit-role">{tr.users.field_role}</label>
                        <select id="edit-role" name="role" class="form-control form-select" aria-invalid=move || field_invalid(error, "role")>
                            <option value="operator" selected=row.role == Role::Operator>{tr.role_operator}</option>
                            <option value="admin" selected=row.role == Role::Admin>{tr.role_admin}</option>
                        </select>
                    </div>
                </div>
                <div class="modal-footer">
                    <button type="button" class="btn btn-secondary" on:click=move |_| close.run(())>{tr.cancel}</button>
                    <button type="submit" class="btn btn-primary" disabled=move || action.pending().get()>
                        {move || if action.pending().get() { tr.saving } else { tr.save }}
                    </button>
                </div>
            </ActionForm>
        </Modal>
    }
}

#[component]
fn DeactivateDialog(row: StaffRow, reload: Callback<()>, close: Callback<()>) -> impl IntoView {
    let tr = t();
    let toasts = use_toasts();
    let id = row.id;
    let action = Action::new(move |_: &()| set_user_active(id, false));
    let error = Signal::derive(move || action.value().get().and_then(|r| r.err()));
    let username = row.username.clone();
    Effect::new(move || {
        if let Some(Ok(row)) = action.value().get() {
            toasts.success((t().users.deactivated)(&row.username));
            reload.run(());
            close.run(());
        }
    });
    view! {
        <Modal title=tr.users.deactivate.to_string() on_close=close>
            <div class="modal-body">
                <ErrorAlert error=error />
                <p>{(tr.users.confirm_deactivate)(&username)}</p>
            </div>
            <div class="modal-footer">
                <button type="button" class="btn btn-secondary" on:click=move |_| close.run(())>{tr.cancel}</button>
                <button type="button" class="btn btn-danger" autofocus disabled=move || action.pending().get() on:click=move |_| { action.dispatch(()); }>
                    {tr.users.deactivate}
                </button>
            </div>
        </Modal>
    }
}

#[component]
fn ResetDialog(
    row: StaffRow,
    set_dialog: RwSignal<Option<Dialog>>,
    reload: Callback<()>,
    close: Callback<()>,
) -> impl IntoView {
    let tr = t();
    let id = row.id;
    let action = Action::new(move |_: &()| reset_user_password(id));
    let error: Signal<Option<ApiError>> = Signal::derive(move || action.value().get().and_then(|r| r.err()));
    Effect::new(move || {
        if let Some(Ok(issued)) = action.value().get() {
            reload.run(());
            set_dialog.set(Some(Dialog::Password(issued)));
        }
    });
    view! {
        <Modal title=tr.users.reset_password.to_string() on_close=close>
            <div class="modal-body">
                <ErrorAlert error=error />
                <p>{(tr.users.confirm_reset)(&row.username)}</p>
            </div>
            <div class="modal-footer">
                <button type="button" class="btn btn-secondary" on:click=move |_| close.run(())>{tr.cancel}</button>
                <button type="button" class="btn btn-danger" autofocus disabled=move || action.pending().get() on:click=move |_| { action.dispatch(()); }>
                    {tr.users.reset_password}
                </button>
            </div>
        </Modal>
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
        <Modal title=tr.users.password_issued_title.to_string() on_close=close>
            <div class="modal-body">
                <p>{(tr.users.password_issued_text)(&issued.username)}</p>
                <div class="secret">
                    <code class="secret-value" data-testid="issued-password">{issued.password.clone()}</code>
                    <button type="button" class="btn btn-outline btn-sm" on:click=copy>{move || if copied.get() { tr.copied } else { tr.copy }}</button>
                </div>
            </div>
            <div class="modal-footer">
                <button type="button" class="btn btn-primary" autofocus on:click=move |_| close.run(())>{tr.close}</button>
            </div>
        </Modal>
    }
}
