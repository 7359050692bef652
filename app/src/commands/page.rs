//! Bot → Commands (`/bot/commands`; admins only): the built-in and custom commands as a list
//! (name, descriptions, what each answers, shown or hidden in Telegram's menu), an editor in a
//! dialog (field errors named under their fields, counters against Telegram's limits) and a
//! Telegram-look preview of the menu of commands as a customer sees it after typing "/", in
//! Russian or English. The editor's own preview follows every keystroke.
//!
//! Guarantees: the list is read again after every save, creation and deletion, and the previous
//! list stays on screen until the new one arrives (no jump).

use leptos::prelude::*;

use crate::commands::api::{commands_create, commands_delete, commands_list, commands_save};
use crate::commands::model::*;
use crate::error::ApiError;
use crate::i18n::t;
use crate::icons::Icon;
use crate::ui::{
    Badge, ConfirmDialog, Dialog, DialogBody, DialogFooter, EmptyState, ErrorAlert, Loading, PageHeader, Tone,
    use_toasts,
};

/// What the editor has open: a command (`id` none: a new custom one).
#[derive(Debug, Clone, PartialEq)]
struct Editing {
    id: Option<i64>,
    version: i32,
    builtin: Option<Builtin>,
    draft: CommandDraft,
}

/// A one-line plain excerpt of an HTML answer.
fn excerpt(html: &str, max: usize) -> String {
    let plain = tgtext::parse(html).map(|f| f.plain()).unwrap_or_else(|_| html.to_string());
    let line = plain.split_whitespace().collect::<Vec<_>>().join(" ");
    if line.chars().count() > max { format!("{}…", line.chars().take(max).collect::<String>()) } else { line }
}

fn menu_title(menus: &[MenuChoice], id: i64) -> String {
    menus.iter().find(|m| m.id == id).map(|m| m.title.clone()).unwrap_or_else(|| t().commands.menu_gone.to_string())
}

/// The lines of Telegram's menu for `commands` (in their order), in English or not.
fn lines(commands: &[CommandDraft], english: bool) -> Vec<MenuLine> {
    menu_lines(
        commands.iter().map(|d| Listed {
            name: &d.name,
            description_ru: &d.description_ru,
            description_en: &d.description_en,
            show_in_menu: d.show_in_menu,
            is_active: d.is_active,
        }),
        english,
    )
}

/// The commands in Telegram's order (the stored position; the list shows built-ins first, which
/// is the same order unless someone moved them).
fn in_menu_order(list: &[CommandView]) -> Vec<CommandDraft> {
    list.iter().map(|c| c.draft.clone()).collect()
}

#[component]
pub fn CommandsPage() -> impl IntoView {
    let tr = t();
    let c = &tr.commands;
    let reload = RwSignal::new(0u32);
    let data = Resource::new(move || reload.get(), |_| commands_list());
    let editing = RwSignal::new(None::<Editing>);
    let deleting = RwSignal::new(None::<(i64, String)>);
    let english = RwSignal::new(false);
    let toasts = use_toasts();

    let latest = move || data.get().and_then(|r| r.ok());
    let open_new = move |_| {
        editing.set(Some(Editing {
            id: None,
            version: 0,
            builtin: None,
            draft: CommandDraft { show_in_menu: true, is_active: true, ..Default::default() },
        }))
    };
    let delete = Action::new(move |_: &()| {
        let id = deleting.get_untracked().map(|(id, _)| id).unwrap_or_default();
        commands_delete(id)
    });
    Effect::new(move || {
        if let Some(Ok(())) = delete.value().get() {
            if let Some((_, name)) = deleting.get_untracked() {
                toasts.success((c.deleted)(&name));
            }
            deleting.set(None);
            delete.value().set(None);
            reload.update(|n| *n += 1);
        }
    });
    let on_saved = Callback::new(move |(created, name): (bool, String)| {
        toasts.success(if created { (c.created)(&name) } else { (c.saved)(&name) });
        editing.set(None);
        reload.update(|n| *n += 1);
    });

    view! {
        <PageHeader title=tr.commands_title subtitle=c.subtitle>
            <button type="button" class="btn btn-primary" data-testid="commands-new" on:click=open_new>
                {c.new_command}
            </button>
        </PageHeader>
        <Transition fallback=|| view! { <Loading /> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(v) => view! { <CommandsBody view=v editing deleting english /> }.into_any(),
                    Err(e) => view! { <ErrorAlert error=Signal::stored(Some(e)) /> }.into_any(),
                }
            })}
        </Transition>
        {move || editing.get().map(|e| {
            let (all, menus) = latest().map(|v| (v.commands, v.menus)).unwrap_or_default();
            view! { <Editor editing=e all menus english on_close=Callback::new(move |_| editing.set(None)) on_saved /> }
        })}
        {move || deleting.get().map(|(_, name)| {
            view! {
                <ConfirmDialog
                    title=(c.delete_title)(&name)
                    message=c.delete_message
                    confirm_label=c.delete
                    action=delete
                    testid="commands-delete-confirm"
                    on_close=Callback::new(move |_| {
                        deleting.set(None);
                        delete.value().set(None);
                    })
                />
            }
        })}
    }
}

#[component]
fn CommandsBody(
    view: CommandsView,
    editing: RwSignal<Option<Editing>>,
    deleting: RwSignal<Option<(i64, String)>>,
    english: RwSignal<bool>,
) -> impl IntoView {
    let c = &t().commands;
    let menus = StoredValue::new(view.menus.clone());
    let (builtins, custom): (Vec<CommandView>, Vec<CommandView>) =
        view.commands.iter().cloned().partition(|c| c.builtin.is_some());
    let order = in_menu_order(&view.commands);
    let preview = Signal::derive(move || lines(&order, english.get()));
    let row = move |cmd: CommandView| view! { <CommandRow cmd menus=menus.get_value() editing deleting /> };
    let custom_empty = custom.is_empty();
    view! {
        <div class="cmd-layout">
            <div class="cmd-lists">
                <section class="card" data-testid="commands-builtin">
                    <div class="card-header"><h2>{c.builtin_title}</h2></div>
                    <p class="cmd-section-hint">{c.builtin_hint}</p>
                    <CommandTable>{builtins.into_iter().map(row).collect_view()}</CommandTable>
                </section>
                <section class="card" data-testid="commands-custom">
                    <div class="card-header"><h2>{c.custom_title}</h2></div>
                    {if custom_empty {
                        view! {
                            <div class="card-body">
                                <EmptyState icon=Icon::Command title=c.custom_empty text=c.custom_empty_hint />
                            </div>
                        }.into_any()
                    } else {
                        view! { <CommandTable>{custom.into_iter().map(row).collect_view()}</CommandTable> }.into_any()
                    }}
                </section>
            </div>
            <aside class="card cmd-preview-card" data-testid="commands-preview">
                <div class="card-header cmd-preview-header">
                    <h2>{c.preview_title}</h2>
                    <LangToggle english />
                </div>
                <p class="cmd-section-hint">{c.preview_hint}</p>
                <TelegramMenu lines=preview />
            </aside>
        </div>
    }
}

#[component]
fn CommandTable(children: Children) -> impl IntoView {
    let c = &t().commands;
    view! {
        <div class="table-wrap cmd-table-wrap">
            <table class="table cmd-table">
                <thead>
                    <tr>
                        <th scope="col">{c.col_command}</th>
                        <th scope="col">{c.col_description}</th>
                        <th scope="col">{c.col_answer}</th>
                        <th scope="col" class="actions"><span class="sr-only">{c.col_actions}</span></th>
                    </tr>
                </thead>
                <tbody>{children()}</tbody>
            </table>
        </div>
    }
}

#[component]
fn CommandRow(
    cmd: CommandView,
    menus: Vec<MenuChoice>,
    editing: RwSignal<Option<Editing>>,
    deleting: RwSignal<Option<(i64, String)>>,
) -> impl IntoView {
    let c = &t().commands;
    let d = cmd.draft.clone();
    let answer = match cmd.builtin {
        Some(Builtin::Start) => c.answer_start.to_string(),
        Some(Builtin::Help) => c.answer_help.to_string(),
        Some(Builtin::Menu) => c.answer_menu.to_string(),
        Some(Builtin::Operator) => c.answer_operator.to_string(),
        None => match (d.text_ru.is_empty(), d.menu_id) {
            (true, Some(m)) => (c.answer_menu_only)(&menu_title(&menus, m)),
            (false, Some(m)) => format!("{} {}", excerpt(&d.text_ru, 70), (c.answer_with_menu)(&menu_title(&menus, m))),
            (_, None) => excerpt(&d.text_ru, 90),
        },
    };
    let (tone, state) = match (d.is_active, d.show_in_menu) {
        (false, _) => (Tone::Warning, c.disabled),
        (true, true) => (Tone::Success, c.shown),
        (true, false) => (Tone::Muted, c.hidden),
    };
    let name = d.name.clone();
    let open = {
        let cmd = cmd.clone();
        move |_| {
            editing.set(Some(Editing {
                id: Some(cmd.id),
                version: cmd.version,
                builtin: cmd.builtin,
                draft: cmd.draft.clone(),
            }))
        }
    };
    let id = cmd.id;
    let delete_name = name.clone();
    view! {
        <tr data-testid="command-row" data-name=name.clone() class:inactive=!d.is_active>
            <td data-label=c.col_command>
                <span class="cmd-name">"/"{name.clone()}</span>
                <span class="cmd-badges" title=c.col_menu>
                    {cmd.builtin.map(|_| view! { <Badge tone=Tone::Muted>{c.badge_builtin}</Badge> })}
                    <Badge tone>{state}</Badge>
                </span>
            </td>
            <td data-label=c.col_description>
                <div>{d.description_ru.clone()}</div>
                {(!d.description_en.is_empty()).then(|| view! { <div class="cmd-muted" lang="en">{d.description_en.clone()}</div> })}
            </td>
            <td data-label=c.col_answer class="cmd-answer">{answer}</td>
            <td class="actions">
                <button type="button" class="btn btn-outline btn-sm" data-testid="command-edit" aria-label=format!("{} /{name}", c.edit) on:click=open>
                    {c.edit}
                </button>
                {cmd.builtin.is_none().then(|| view! {
                    <button type="button" class="btn btn-outline btn-sm cmd-delete" data-testid="command-delete"
                        aria-label=format!("{} /{delete_name}", c.delete)
                        on:click=move |_| deleting.set(Some((id, delete_name.clone())))>
                        {c.delete}
                    </button>
                })}
            </td>
        </tr>
    }
}

#[component]
fn LangToggle(english: RwSignal<bool>) -> impl IntoView {
    let c = &t().commands;
    view! {
        <div class="cmd-lang" role="group" aria-label=c.preview_lang>
            <button type="button" class="btn btn-sm" class:btn-primary=move || !english.get() class:btn-outline=move || english.get()
                aria-pressed=move || (!english.get()).to_string() on:click=move |_| english.set(false)>"RU"</button>
            <button type="button" class="btn btn-sm" class:btn-primary=move || english.get() class:btn-outline=move || !english.get()
                aria-pressed=move || english.get().to_string() on:click=move |_| english.set(true)>"EN"</button>
        </div>
    }
}

/// Telegram's list of commands above the message field, as a customer sees it after "/".
#[component]
fn TelegramMenu(#[prop(into)] lines: Signal<Vec<MenuLine>>) -> impl IntoView {
    let c = &t().commands;
    view! {
        <div class="tg-cmd-chat" aria-live="polite">
            <div class="tg-cmd-popup">
                {move || {
                    let l = lines.get();
                    if l.is_empty() {
                        view! { <div class="tg-cmd-empty">{c.preview_empty}</div> }.into_any()
                    } else {
                        l.into_iter().map(|line| view! {
                            <div class="tg-cmd-line" data-testid="preview-command">
                                <span class="tg-cmd-avatar" aria-hidden="true">"S"</span>
                                <span class="tg-cmd-text">
                                    <span class="tg-cmd-name">"/"{line.name}</span>
                                    <span class="tg-cmd-desc">{line.description}</span>
                                </span>
                            </div>
                        }).collect_view().into_any()
                    }
                }}
            </div>
            <div class="tg-cmd-input" aria-hidden="true">
                <span class="tg-cmd-menu-btn">"≡"</span>
                <span class="tg-cmd-typed">"/"</span>
                <span class="tg-cmd-placeholder">{c.preview_input}</span>
            </div>
        </div>
    }
}

/// The length shown under a field: characters, or UTF-16 units after formatting for a custom
/// command's HTML answer (what Telegram counts).
fn text_len(text: &str, html: bool) -> usize {
    if html {
        tgtext::parse(text).map(|f| f.len()).unwrap_or_else(|_| tgtext::utf16_len(text))
    } else {
        tgtext::utf16_len(text)
    }
}

#[component]
fn Counter(#[prop(into)] len: Signal<usize>, max: usize) -> impl IntoView {
    view! {
        <span class="cmd-counter" class:over=move || { len.get() > max } aria-hidden="true">
            {move || format!("{} / {max}", len.get())}
        </span>
    }
}

/// Moves the focus to the first field marked invalid (after the marks are drawn).
fn focus_first_invalid() {
    #[cfg(feature = "hydrate")]
    request_animation_frame(|| {
        if let Some(el) = document().query_selector(".cmd-editor [aria-invalid=\"true\"]").ok().flatten()
            && let Ok(el) = wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(el)
        {
            let _ = el.focus();
        }
    });
}

/// The error of `field` among `errors`, worded.
fn field_error(errors: &[CommandFieldError], field: CommandField) -> Option<String> {
    errors.iter().find(|e| e.field == field).map(|e| (t().commands.problem)(&e.problem))
}

#[component]
fn Editor(
    editing: Editing,
    all: Vec<CommandView>,
    menus: Vec<MenuChoice>,
    english: RwSignal<bool>,
    on_close: Callback<()>,
    on_saved: Callback<(bool, String)>,
) -> impl IntoView {
    let tr = t();
    let c = &tr.commands;
    let Editing { id, version, builtin, draft } = editing;
    let draft = RwSignal::new(draft);
    let errors = RwSignal::new(Vec::<CommandFieldError>::new());
    let title = match (id, &builtin) {
        (None, _) => c.new_title.to_string(),
        (Some(_), _) => (c.edit_title)(&draft.get_untracked().name),
    };
    let save = Action::new(move |d: &CommandDraft| {
        let d = d.clone();
        async move {
            match id {
                Some(id) => commands_save(id, version, d).await,
                None => commands_create(d).await,
            }
        }
    });
    Effect::new(move || match save.value().get() {
        Some(Ok(saved)) => on_saved.run((id.is_none(), saved.draft.name)),
        Some(Err(ApiError::CommandInvalid(list))) => {
            errors.set(list);
            focus_first_invalid();
        }
        _ => {}
    });
    let other_error = Signal::derive(move || {
        save.value().get().and_then(|r| r.err()).filter(|e| !matches!(e, ApiError::CommandInvalid(_)))
    });

    // The menu of commands with this draft in its place (a new one last).
    let preview = Signal::derive(move || {
        let d = draft.get();
        let mut list: Vec<CommandDraft> =
            all.iter().map(|c| if Some(c.id) == id { d.clone() } else { c.draft.clone() }).collect();
        if id.is_none() {
            list.push(d);
        }
        lines(&list, english.get())
    });

    let set = move |field: CommandField, f: fn(&mut CommandDraft, String)| {
        move |ev: leptos::ev::Event| {
            let v = event_target_value(&ev);
            draft.update(|d| f(d, v));
            errors.update(|e| e.retain(|e| e.field != field));
        }
    };
    let err = move |field: CommandField| move || field_error(&errors.get(), field);
    let invalid_attr = move |field: CommandField| move || errors.get().iter().any(|e| e.field == field).to_string();

    let (text_ru_label, text_en_label, text_hint) = match builtin {
        None => (c.answer_ru, c.answer_en, c.answer_hint),
        Some(Builtin::Start) => (c.greeting_ru, c.greeting_en, c.greeting_hint),
        Some(Builtin::Help) => (c.help_ru, c.help_en, c.plain_hint),
        Some(_) => (c.handoff_ru, c.handoff_en, c.plain_hint),
    };
    let html = builtin.is_none();
    let has_text = builtin != Some(Builtin::Menu);
    let is_custom = builtin.is_none();

    // The rules that need no server are checked here first (the same ones the server applies);
    // the server adds the name's uniqueness and the menu's existence.
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let d = draft.get_untracked();
        let local = d.clone().normalized().problems(builtin);
        if local.is_empty() {
            save.dispatch(d);
        } else {
            errors.set(local);
            focus_first_invalid();
        }
    };

    let text_field = move |field: CommandField,
                           id_attr: &'static str,
                           label: &'static str,
                           hint: Option<&'static str>| {
        let get = move || match field {
            CommandField::TextEn => draft.with(|d| d.text_en.clone()),
            _ => draft.with(|d| d.text_ru.clone()),
        };
        let len = Signal::derive(move || text_len(&get(), html));
        let setter: fn(&mut CommandDraft, String) = match field {
            CommandField::TextEn => |d, v| d.text_en = v,
            _ => |d, v| d.text_ru = v,
        };
        view! {
            <div class="form-group">
                <div class="cmd-label-row">
                    <label class="form-label" for=id_attr>{label}</label>
                    <Counter len max=limits::TEXT />
                </div>
                <textarea id=id_attr name=field.as_str() class="form-control cmd-textarea" rows="4"
                    class:mono=html
                    aria-invalid=invalid_attr(field)
                    prop:value=get
                    on:input=set(field, setter)></textarea>
                {hint.map(|h| view! { <div class="form-hint">{h}</div> })}
                {move || err(field)().map(|e| view! { <div class="form-error" data-field=field.as_str()>{e}</div> })}
            </div>
        }
    };

    let menus_for_select = menus.clone();
    view! {
        <Dialog title on_close>
            <form class="cmd-editor" novalidate on:submit=submit data-testid="command-editor">
                <DialogBody error=other_error>
                    {move || {
                        let list = errors.get();
                        (!list.is_empty()).then(|| view! {
                            <div class="alert alert-error" role="alert" data-testid="command-errors">
                                {t().error(&ApiError::CommandInvalid(list))}
                            </div>
                        })
                    }}
                    {if is_custom {
                        view! {
                            <div class="form-group">
                                <div class="cmd-label-row">
                                    <label class="form-label" for="command-name">{c.name}</label>
                                    <Counter len=Signal::derive(move || draft.with(|d| d.name.trim_start_matches('/').chars().count())) max=limits::NAME />
                                </div>
                                <div class="input-prefix">
                                    <span class="input-prefix-text" aria-hidden="true">"/"</span>
                                    <input id="command-name" name="name" class="form-control mono" autocomplete="off" spellcheck="false"
                                        aria-invalid=invalid_attr(CommandField::Name)
                                        aria-describedby="command-name-hint"
                                        prop:value=move || draft.with(|d| d.name.clone())
                                        on:input=set(CommandField::Name, |d, v| d.name = v) />
                                </div>
                                <div class="form-hint" id="command-name-hint">{c.name_hint}</div>
                                {move || err(CommandField::Name)().map(|e| view! { <div class="form-error" data-field="name">{e}</div> })}
                            </div>
                        }.into_any()
                    } else {
                        ().into_any()
                    }}
                    <div class="form-row">
                        <div class="form-group">
                            <div class="cmd-label-row">
                                <label class="form-label" for="command-description-ru">{c.description_ru}</label>
                                <Counter len=Signal::derive(move || draft.with(|d| d.description_ru.chars().count())) max=limits::DESCRIPTION />
                            </div>
                            <input id="command-description-ru" name="description_ru" class="form-control" autocomplete="off"
                                aria-invalid=invalid_attr(CommandField::DescriptionRu)
                                prop:value=move || draft.with(|d| d.description_ru.clone())
                                on:input=set(CommandField::DescriptionRu, |d, v| d.description_ru = v) />
                            {move || err(CommandField::DescriptionRu)().map(|e| view! { <div class="form-error" data-field="description_ru">{e}</div> })}
                        </div>
                        <div class="form-group">
                            <div class="cmd-label-row">
                                <label class="form-label" for="command-description-en">{c.description_en}</label>
                                <Counter len=Signal::derive(move || draft.with(|d| d.description_en.chars().count())) max=limits::DESCRIPTION />
                            </div>
                            <input id="command-description-en" name="description_en" class="form-control" autocomplete="off" lang="en"
                                aria-invalid=invalid_attr(CommandField::DescriptionEn)
                                prop:value=move || draft.with(|d| d.description_en.clone())
                                on:input=set(CommandField::DescriptionEn, |d, v| d.description_en = v) />
                            {move || err(CommandField::DescriptionEn)().map(|e| view! { <div class="form-error" data-field="description_en">{e}</div> })}
                        </div>
                    </div>
                    <p class="form-hint cmd-hint-top">{c.description_hint}</p>
                    {if has_text {
                        view! {
                            {text_field(CommandField::TextRu, "command-text-ru", text_ru_label, Some(text_hint))}
                            {text_field(CommandField::TextEn, "command-text-en", text_en_label, None)}
                        }.into_any()
                    } else {
                        view! {
                            <div class="alert alert-info cmd-menu-note">
                                {c.menu_builtin_note} " " <a href="/bot/menus">{c.open_menus}</a>
                            </div>
                        }.into_any()
                    }}
                    {is_custom.then(|| view! {
                        <div class="form-group">
                            <label class="form-label" for="command-menu">{c.menu}</label>
                            <select id="command-menu" name="menu" class="form-control"
                                aria-invalid=invalid_attr(CommandField::Menu)
                                prop:value=move || draft.with(|d| d.menu_id.map(|m| m.to_string()).unwrap_or_default())
                                on:change=move |ev| {
                                    let v = event_target_value(&ev);
                                    draft.update(|d| d.menu_id = v.parse().ok());
                                    errors.update(|e| e.retain(|e| e.field != CommandField::Menu && e.field != CommandField::TextRu));
                                }>
                                <option value="">{c.menu_none}</option>
                                {menus_for_select.iter().map(|m| {
                                    let label = if m.is_main { format!("{} ({})", m.title, c.menu_main) } else { m.title.clone() };
                                    view! { <option value=m.id.to_string()>{label}</option> }
                                }).collect_view()}
                            </select>
                            <div class="form-hint">{c.menu_hint}</div>
                            {move || err(CommandField::Menu)().map(|e| view! { <div class="form-error" data-field="menu">{e}</div> })}
                        </div>
                    })}
                    <div class="cmd-checks">
                        <label class="checkbox">
                            <input type="checkbox" name="show_in_menu"
                                prop:checked=move || draft.with(|d| d.show_in_menu)
                                on:change=move |ev| {
                                    let on = event_target_checked(&ev);
                                    draft.update(|d| d.show_in_menu = on);
                                    errors.update(|e| e.retain(|e| e.field != CommandField::DescriptionRu));
                                } />
                            <span>{c.show_in_menu}</span>
                        </label>
                        <div class="form-hint">{c.show_hint}</div>
                        {is_custom.then(|| view! {
                            <label class="checkbox">
                                <input type="checkbox" name="is_active"
                                    prop:checked=move || draft.with(|d| d.is_active)
                                    on:change=move |ev| { let on = event_target_checked(&ev); draft.update(|d| d.is_active = on); } />
                                <span>{c.is_active}</span>
                            </label>
                            <div class="form-hint">{c.active_hint}</div>
                        })}
                    </div>
                    <div class="cmd-editor-preview">
                        <div class="cmd-preview-header">
                            <span class="form-label">{c.preview_title}</span>
                            <LangToggle english />
                        </div>
                        <TelegramMenu lines=preview />
                    </div>
                </DialogBody>
                <DialogFooter on_cancel=on_close>
                    <button type="submit" class="btn btn-primary" data-testid="command-save" disabled=move || save.pending().get()>
                        <span class="btn-label" class:invisible=move || save.pending().get()>{if id.is_none() { c.create } else { tr.save }}</span>
                        {move || save.pending().get().then(|| view! {
                            <span class="btn-busy"><span class="spinner" aria-hidden="true"></span><span class="sr-only">{tr.saving}</span></span>
                        })}
                    </button>
                </DialogFooter>
            </form>
        </Dialog>
    }
}
