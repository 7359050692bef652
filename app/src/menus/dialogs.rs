//! The menu builder's dialogs: a new menu (its title and key; the key follows the title until it
//! is typed), and a menu's history with each version's preview and "restore".

use leptos::prelude::*;

use crate::i18n::t;
use crate::menus::api::{menus_create, menus_history, menus_revert};
use crate::menus::model::{MenuDraft, MenuVersionView, MenuView, limits};
use crate::menus::preview::{MenuPreview, PreviewInput};
use crate::ui::{Dialog, DialogBody, DialogFooter, ErrorAlert, Loading, LocalTime};

/// A key made from a title: lower-case letters and digits, other runs of characters as one `_`.
pub fn key_from_title(title: &str) -> String {
    let mut out = String::new();
    for c in title.trim().chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('_') && !out.is_empty() {
            out.push('_');
        }
    }
    out.trim_end_matches('_').chars().take(limits::KEY).collect()
}

#[component]
pub fn NewMenuDialog(close: Callback<()>, created: Callback<MenuView>) -> impl IntoView {
    let tr = t();
    let title = RwSignal::new(String::new());
    let key = RwSignal::new(String::new());
    let key_typed = RwSignal::new(false);
    let create = Action::new(move |d: &MenuDraft| menus_create(d.clone()));
    Effect::new(move |_| {
        if let Some(Ok(v)) = create.value().get() {
            created.run(v);
        }
    });
    let error = Signal::derive(move || create.value().get().and_then(|r| r.err()));
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let draft = MenuDraft { key: key.get_untracked(), title_ru: title.get_untracked(), ..MenuDraft::default() };
        create.dispatch(draft);
    };
    view! {
        <Dialog title=tr.menus.new_title on_close=close>
            <form on:submit=submit data-testid="new-menu-form">
                <DialogBody error>
                    <div class="form-group">
                        <label class="form-label" for="new-menu-title">{tr.menus.title_ru}</label>
                        <input id="new-menu-title" class="form-control" autocomplete="off" required autofocus
                            data-testid="new-menu-title" prop:value=move || title.get()
                            on:input=move |ev| {
                                let v = event_target_value(&ev);
                                if !key_typed.get_untracked() {
                                    key.set(key_from_title(&v));
                                }
                                title.set(v);
                            } />
                    </div>
                    <div class="form-group">
                        <label class="form-label" for="new-menu-key">{tr.menus.key}</label>
                        <input id="new-menu-key" class="form-control form-control-mono" autocomplete="off" spellcheck="false" required
                            data-testid="new-menu-key" prop:value=move || key.get()
                            on:input=move |ev| {
                                key_typed.set(true);
                                key.set(event_target_value(&ev));
                            } />
                        <div class="form-hint">{tr.menus.key_hint}</div>
                    </div>
                    <p class="muted small">{tr.menus.new_hint}</p>
                </DialogBody>
                <DialogFooter on_cancel=close>
                    <button type="submit" class="btn btn-primary" data-testid="new-menu-create" disabled=move || create.pending().get()>
                        {tr.menus.create}
                    </button>
                </DialogFooter>
            </form>
        </Dialog>
    }
}

/// The history of menu `id`, newest first: who changed what and when; a version's preview; and
/// "restore" (a new version with its content). `dirty`: the editor has unsaved changes, which a
/// restore drops (the button says so).
#[component]
pub fn HistoryDialog(id: i64, dirty: bool, close: Callback<()>, restored: Callback<()>) -> impl IntoView {
    let tr = t();
    let versions = Resource::new(|| (), move |_| menus_history(id));
    let chosen = RwSignal::new(None::<i32>);
    let revert = Action::new(move |v: &i32| menus_revert(id, *v));
    Effect::new(move |_| {
        if let Some(Ok(_)) = revert.value().get() {
            restored.run(());
        }
    });
    let error = Signal::derive(move || revert.value().get().and_then(|r| r.err()));
    let english = Signal::stored(false);
    view! {
        <Dialog title=tr.menus.history_title on_close=close>
            <DialogBody error>
                <Transition fallback=|| view! { <Loading /> }>
                    {move || Suspend::new(async move {
                        match versions.await {
                            Err(e) => view! { <ErrorAlert error=Signal::stored(Some(e)) /> }.into_any(),
                            Ok(list) => {
                                let newest = list.first().map(|v| v.version);
                                if chosen.get_untracked().is_none() {
                                    chosen.set(newest);
                                }
                                let list = StoredValue::new(list);
                                let current = move || list.with_value(|l: &Vec<MenuVersionView>| l.iter().find(|v| Some(v.version) == chosen.get()).cloned());
                                view! {
                                    <div class="menu-history" data-testid="menu-history-dialog">
                                        <ol class="menu-history-list">
                                            {list.get_value().into_iter().map(|v| {
                                                let n = v.version;
                                                let changed = v.changed.iter().map(|f| (tr.menus.history_field)(f)).collect::<Vec<_>>().join(", ");
                                                view! {
                                                    <li>
                                                        <button type="button" class="menu-history-item" aria-pressed=move || (chosen.get() == Some(n)).to_string()
                                                            data-testid="menu-history-item" on:click=move |_| chosen.set(Some(n))>
                                                            <span class="menu-history-top">
                                                                <strong>{(tr.menus.version_n)(n)}</strong>
                                                                " · " {(tr.menus.change)(v.change)}
                                                            </span>
                                                            <span class="muted small"><LocalTime at=v.at.clone() /> " · " {v.by.clone()}</span>
                                                            {(!changed.is_empty()).then(|| view! { <span class="small">{changed}</span> })}
                                                        </button>
                                                    </li>
                                                }
                                            }).collect_view()}
                                        </ol>
                                        <div class="menu-history-preview">
                                            {move || current().map(|v| {
                                                let input = PreviewInput {
                                                    is_main: false,
                                                    title_ru: v.draft.title_ru.clone(),
                                                    title_en: v.draft.title_en.clone(),
                                                    text_ru: v.draft.text_ru.clone(),
                                                    text_en: v.draft.text_en.clone(),
                                                    rows: v.draft.rows.clone(),
                                                };
                                                let n = v.version;
                                                view! {
                                                    <MenuPreview input=Signal::stored(input) english />
                                                    {(Some(n) != newest).then(|| view! {
                                                        <div class="menu-history-restore">
                                                            {dirty.then(|| view! { <p class="small muted">{tr.menus.restore_drops_unsaved}</p> })}
                                                            <button type="button" class="btn btn-primary btn-sm" data-testid="menu-restore"
                                                                disabled=move || revert.pending().get() on:click=move |_| { revert.dispatch(n); }>
                                                                {(tr.menus.restore)(n)}
                                                            </button>
                                                        </div>
                                                    })}
                                                }
                                            })}
                                        </div>
                                    </div>
                                }
                                .into_any()
                            }
                        }
                    })}
                </Transition>
            </DialogBody>
            <DialogFooter on_cancel=close>
                <span></span>
            </DialogFooter>
        </Dialog>
    }
}

#[cfg(test)]
mod tests {
    use super::key_from_title;

    #[test]
    fn keys_from_titles() {
        assert_eq!(key_from_title("Оплата и счета"), "оплата_и_счета");
        assert_eq!(key_from_title("  Delivery — times!  "), "delivery_times");
        assert_eq!(key_from_title("!!!"), "");
    }
}
