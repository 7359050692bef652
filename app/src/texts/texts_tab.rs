//! The texts tab: every text the bot sends, grouped by when it is sent, each in Russian and
//! English beside each other with its default, the placeholders it allows (a click inserts one),
//! a live check (unknown placeholders named, the length against its limit) and a preview with
//! the placeholders filled in. A text saves on its own; "Default" puts the built-in text back.

use leptos::prelude::*;

use crate::i18n::t;
use crate::texts::api::{texts_list, texts_save};
use crate::texts::model::{TextView, fill, text_problems};
use crate::ui::{Badge, ErrorAlert, Loading, Tone, time_text, use_mounted, use_toasts};

/// The groups of the page, in order, with their keys in order.
pub const GROUPS: [(&str, &[&str]); 4] = [
    ("conversation", &["greeting", "help", "suggest_intro", "helped", "unknown_command", "button_gone"]),
    ("handoff", &["handoff", "handoff_out_of_hours", "already_waiting", "media_to_operator", "resolved"]),
    ("rating", &["rating_request", "rating_thanks"]),
    ("buttons", &["button_helped", "button_not_helped", "button_operator", "button_back"]),
];

#[component]
pub fn TextsTab() -> impl IntoView {
    let tr = t();
    let list = Resource::new(|| (), |_| texts_list());
    view! {
        <Transition fallback=|| view! { <Loading /> }>
            {move || Suspend::new(async move {
                match list.await {
                    Err(e) => view! { <ErrorAlert error=Signal::stored(Some(e)) /> }.into_any(),
                    Ok(texts) => {
                        // Any key the groups don't name still shows, last.
                        let named: Vec<&str> = GROUPS.iter().flat_map(|(_, keys)| keys.iter().copied()).collect();
                        let others: Vec<TextView> = texts.iter().filter(|v| !named.contains(&v.key.as_str())).cloned().collect();
                        let groups = GROUPS.iter().map(|(group, keys)| {
                            let items: Vec<TextView> = keys.iter().filter_map(|k| texts.iter().find(|v| v.key == *k).cloned()).collect();
                            view! {
                                <section class="texts-group" data-testid="texts-group">
                                    <h2 class="texts-group-title">{(tr.texts.group)(group)}</h2>
                                    {items.into_iter().map(|v| view! { <TextCard view=v /> }).collect_view()}
                                </section>
                            }
                        }).collect_view();
                        view! {
                            {groups}
                            {(!others.is_empty()).then(|| view! {
                                <section class="texts-group">
                                    {others.into_iter().map(|v| view! { <TextCard view=v /> }).collect_view()}
                                </section>
                            })}
                        }.into_any()
                    }
                }
            })}
        </Transition>
    }
}

#[component]
fn TextCard(view: TextView) -> impl IntoView {
    let tr = t();
    let key = view.key.clone();
    let label = (tr.texts.key_label)(&key);
    let hint = (tr.texts.key_hint)(&key);
    let placeholders = view.placeholders.clone();
    view! {
        <article class="card texts-card" data-testid="text-card" data-key=key.clone()>
            <div class="card-header texts-card-head">
                <h3 class="card-title">{label}</h3>
                <code class="muted small">{key.clone()}</code>
            </div>
            <div class="card-body">
                <p class="form-hint texts-hint">{hint}</p>
                {(!placeholders.is_empty()).then(|| view! {
                    <p class="small texts-placeholders">
                        {tr.texts.placeholders} " "
                        {placeholders.iter().map(|p| view! { <code>{format!("{{{p}}}")}</code> " " <span class="muted">{(tr.texts.placeholder_hint)(p)}</span> }).collect_view()}
                    </p>
                })}
                <div class="texts-langs">
                    <TextField view=view.clone() english=false />
                    <TextField view=view english=true />
                </div>
            </div>
        </article>
    }
}

/// One language of a text: the textarea, its check, its preview and its Save / Default.
#[component]
fn TextField(view: TextView, english: bool) -> impl IntoView {
    let tr = t();
    let toasts = use_toasts();
    let key = view.key.clone();
    let v = if english { view.en.clone() } else { view.ru.clone() };
    let lang = if english { "en" } else { "ru" };
    let id = format!("text-{key}-{lang}");
    let default = v.default.clone();
    let saved = RwSignal::new(v.custom.clone().unwrap_or_else(|| v.default.clone()));
    let custom = RwSignal::new(v.custom.is_some());
    let updated = RwSignal::new(v.updated_at.clone());
    let value = RwSignal::new(saved.get_untracked());
    let dirty = move || value.with(|v| saved.with(|s| v.trim() != s.trim()));
    let max = view.max_len;
    let is_button = view.is_button;
    let allowed = view.placeholders.clone();
    let problems = Memo::new(move |_| {
        let allowed: Vec<&str> = allowed.iter().map(String::as_str).collect();
        value.with(|v| text_problems(v.trim(), &allowed, max))
    });
    let len = move || value.with(|v| v.trim().chars().count());
    let sample = if english { "Anna" } else { "Анна" };
    let preview = move || {
        let v = value.get();
        let shown = if v.trim().is_empty() { default_for_preview(&view, english) } else { v };
        fill(shown.trim(), &[("name", sample)])
    };
    let save = Action::new(move |text: &String| {
        let (key, text) = (key.clone(), text.clone());
        async move { texts_save(key, lang.to_string(), text).await }
    });
    Effect::new(move |_| match save.value().get() {
        Some(Ok(view)) => {
            let v = if english { view.en } else { view.ru };
            let now = v.custom.clone().unwrap_or_else(|| v.default.clone());
            saved.set(now.clone());
            value.set(now);
            custom.set(v.custom.is_some());
            updated.set(v.updated_at);
            toasts.success(tr.texts.text_saved.to_string());
        }
        Some(Err(e)) => toasts.error(tr.error(&e)),
        None => {}
    });
    let default_again = default.clone();
    view! {
        <div class="form-group texts-field">
            <div class="texts-field-head">
                <label class="form-label" for=id.clone()>{if english { tr.texts.english } else { tr.texts.russian }}</label>
                {move || if custom.get() {
                    view! { <Badge tone=Tone::Warning>{tr.texts.changed}</Badge> }.into_any()
                } else {
                    view! { <Badge tone=Tone::Muted>{tr.texts.default_badge}</Badge> }.into_any()
                }}
            </div>
            <textarea id=id.clone() class="form-control" rows=if is_button { "1" } else { "3" }
                data-testid=format!("text-{lang}")
                aria-invalid=move || (!problems.get().is_empty()).to_string()
                prop:value=move || value.get() on:input=move |ev| value.set(event_target_value(&ev))></textarea>
            <div class="texts-status">
                <span class="muted small">
                    {let mounted = use_mounted(); move || updated.get().filter(|_| custom.get()).map(|at| (tr.texts.updated_at)(&time_text(&at, mounted.get())))}
                </span>
                <span class="field-counter" class:over={move || len() > max}>{move || format!("{} / {max}", len())}</span>
            </div>
            {move || problems.get().into_iter().map(|p| view! {
                <div class="form-error" data-testid="field-error">{(tr.texts.text_problem)(&p)}</div>
            }).collect_view()}
            <div class="texts-preview" aria-label=tr.texts.preview data-testid=format!("text-preview-{lang}")>
                <span class="texts-preview-bubble">{preview}</span>
            </div>
            <div class="texts-actions">
                <button type="button" class="btn btn-outline btn-sm" data-testid=format!("text-default-{lang}")
                    disabled=move || value.with(|v| v.trim() == default_again.trim())
                    on:click={
                        let d = default.clone();
                        move |_| value.set(d.clone())
                    }>
                    {tr.texts.use_default}
                </button>
                <button type="button" class="btn btn-primary btn-sm" data-testid=format!("text-save-{lang}")
                    disabled=move || !dirty() || !problems.get().is_empty() || save.pending().get()
                    on:click=move |_| { save.dispatch(value.get_untracked()); }>
                    {tr.save}
                </button>
            </div>
        </div>
    }
}

fn default_for_preview(view: &TextView, english: bool) -> String {
    if english { view.en.default.clone() } else { view.ru.default.clone() }
}
