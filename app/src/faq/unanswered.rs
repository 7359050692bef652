//! Bot → FAQ → Unanswered: the questions the bot couldn't answer, near-duplicates grouped, the most
//! customers first. Each shows how many customers asked it and how often, why it is here, when it
//! was last asked and the operator's reply if there was one; an admin adds it to an entry as a
//! variant (the suggested entries first, one click each, or any entry through a search), opens
//! the editor with a new entry prefilled from it, or dismisses it. A handled question leaves the
//! list at once (and comes back, with the error, if the server refuses).

use std::time::Duration;

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;

use super::list_query::encode_component;
use crate::auth::use_auth;
use crate::error::ApiError;
use crate::faq::api::{faq_list, faq_unanswered, faq_unanswered_dismiss, faq_unanswered_variant};
use crate::faq::model::{EntryRef, FaqListQuery, FaqPage, FaqSort, UnansweredReason, UnansweredView};
use crate::i18n::t;
use crate::icons::{Icon, Svg};
use crate::ui::{
    Badge, Dialog, DialogBody, EmptyState, ErrorAlert, Loading, PageHeader, Toasts, Tone, time_text, use_mounted,
    use_toasts,
};

/// The entries the picker lists at most.
const PICKER_ROWS: usize = 8;

#[component]
pub fn UnansweredPage() -> impl IntoView {
    let tr = t();
    let is_admin = use_auth().user.get_untracked().and_then(Result::ok).flatten().is_some_and(|u| u.is_admin());
    let data = Resource::new(|| (), |_| faq_unanswered());
    view! {
        <div class="unanswered-page">
            <PageHeader title=tr.faq_unanswered.title subtitle=tr.faq_unanswered.subtitle>
                <A href="/bot/faq" attr:class="btn btn-outline">"← " {tr.faq_unanswered.back}</A>
            </PageHeader>
            <Transition fallback=|| view! { <Loading /> }>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(items) => view! { <Queue items is_admin /> }.into_any(),
                        Err(e) => view! { <ErrorAlert error=Signal::stored(Some(e)) /> }.into_any(),
                    }
                })}
            </Transition>
        </div>
    }
}

/// What an admin does with a question.
#[derive(Clone)]
enum Handle {
    Variant { faq_id: i64, question: String },
    Dismiss,
}

#[component]
fn Queue(items: Vec<UnansweredView>, is_admin: bool) -> impl IntoView {
    let tr = t();
    let toasts = use_toasts();
    let items = RwSignal::new(items);
    let picker = RwSignal::new(None::<UnansweredView>);
    let handle = Callback::new(move |(item, what): (UnansweredView, Handle)| {
        handle_item(items, toasts, item, what);
    });
    let count = move || items.with(Vec::len);
    view! {
        <p class="uq-total" data-testid="unanswered-total" class:sr-only=move || count() == 0>
            {move || (tr.faq_list.unanswered_count)(count())}
        </p>
        {move || {
            (count() == 0).then(|| view! {
                <EmptyState icon=Icon::Help title=tr.faq_unanswered.empty_title text=tr.faq_unanswered.empty_text attr:data-testid="unanswered-empty">
                    <A href="/bot/faq" attr:class="btn btn-outline">{tr.faq_unanswered.back}</A>
                </EmptyState>
            })
        }}
        <div class="uq-list">
            <For each=move || items.get() key=|i| i.id let:item>
                <Card item is_admin picker handle />
            </For>
        </div>
        {move || {
            picker.get().map(|item| {
                let close = Callback::new(move |_| picker.set(None));
                view! { <VariantPicker item handle close /> }
            })
        }}
        {(!is_admin).then(|| view! { <p class="muted small">{tr.faq_unanswered.read_only}</p> })}
    }
}

/// Takes the question off the list at once and tells the server; puts it back where it was if
/// the server refuses.
fn handle_item(items: RwSignal<Vec<UnansweredView>>, toasts: Toasts, item: UnansweredView, what: Handle) {
    let tr = t();
    let at = items.with_untracked(|v| v.iter().position(|i| i.id == item.id));
    let Some(at) = at else { return };
    items.update(|v| {
        v.remove(at);
    });
    spawn_local(async move {
        let result = match &what {
            Handle::Variant { faq_id, .. } => faq_unanswered_variant(item.id, *faq_id).await,
            Handle::Dismiss => faq_unanswered_dismiss(item.id).await,
        };
        match result {
            Ok(()) => toasts.success(match &what {
                Handle::Variant { question, .. } => (tr.faq_unanswered.added)(question),
                Handle::Dismiss => (tr.faq_unanswered.dismissed)(&item.question),
            }),
            Err(e) => {
                toasts.error(tr.error(&e));
                // Gone already (someone else handled it): leave it gone.
                if !matches!(e, ApiError::NotFound) {
                    items.try_update(|v| v.insert(at.min(v.len()), item));
                }
            }
        }
    });
}

/// Where "New entry" leads: the editor, prefilled with the question and the operator's reply.
fn new_entry_href(item: &UnansweredView) -> String {
    let mut href = format!("/bot/faq/new?from_unanswered={}&q={}", item.id, encode_component(&item.question));
    if let Some(reply) = item.reply.as_deref().filter(|r| !r.trim().is_empty()) {
        href.push_str("&a=");
        href.push_str(&encode_component(reply));
    }
    href
}

fn reason_tone(r: UnansweredReason) -> Tone {
    match r {
        UnansweredReason::NoMatch => Tone::Danger,
        UnansweredReason::Suggested => Tone::Warning,
        UnansweredReason::NotHelped => Tone::Danger,
        UnansweredReason::OperatorAnswered => Tone::Operator,
        UnansweredReason::Flagged => Tone::Admin,
    }
}

#[component]
fn Card(
    item: UnansweredView,
    is_admin: bool,
    picker: RwSignal<Option<UnansweredView>>,
    handle: Callback<(UnansweredView, Handle)>,
) -> impl IntoView {
    let tr = t();
    let u = &tr.faq_unanswered;
    let heading_id = format!("uq-{}", item.id);
    let reasons = item
        .reasons
        .clone()
        .into_iter()
        .map(|(r, n)| {
            view! {
                <Badge tone=reason_tone(r) attr:title=(u.reason_title)(r) attr:data-reason=r.as_str()>
                    {(u.reason)(r)}
                    {(n > 1).then(|| view! { <span class="uq-times">"×" {n}</span> })}
                </Badge>
            }
        })
        .collect_view();
    let reply = item.reply.clone().filter(|r| !r.trim().is_empty()).map(|r| {
        view! {
            <figure class="uq-reply">
                <figcaption>{u.reply}</figcaption>
                <blockquote>{r}</blockquote>
            </figure>
        }
    });
    let actions = is_admin.then(|| {
        let suggested = item
            .suggested
            .iter()
            .map(|e| {
                let (it, EntryRef { id, question }) = (item.clone(), e.clone());
                view! {
                    <button
                        type="button"
                        class="btn btn-outline btn-sm uq-suggested"
                        data-testid="unanswered-suggested"
                        title=u.suggested_hint
                        on:click=move |_| handle.run((it.clone(), Handle::Variant { faq_id: id, question: question.clone() }))
                    >
                        <span class="uq-suggested-text">{e.question.clone()}</span>
                    </button>
                }
            })
            .collect_view();
        let (for_picker, for_dismiss) = (item.clone(), item.clone());
        view! {
            <div class="uq-actions" role="group" aria-label=u.actions_label>
                <div class="uq-variant">
                    <span class="uq-label">{u.add_as_variant}</span>
                    {suggested}
                    <button type="button" class="btn btn-outline btn-sm" data-testid="unanswered-other" on:click=move |_| picker.set(Some(for_picker.clone()))>
                        <Svg icon=Icon::Search size=14 />
                        {u.other_entry}
                    </button>
                </div>
                <div class="uq-more">
                    <A href=new_entry_href(&item) attr:class="btn btn-outline btn-sm" attr:title=u.new_entry_hint attr:data-testid="unanswered-new">
                        "+ " {u.new_entry}
                    </A>
                    <button type="button" class="btn btn-link btn-sm uq-dismiss" title=u.dismiss_hint data-testid="unanswered-dismiss" on:click=move |_| handle.run((for_dismiss.clone(), Handle::Dismiss))>
                        {u.dismiss}
                    </button>
                </div>
            </div>
        }
    });
    let language = (u.language)(&item.language);
    let labelled_by = heading_id.clone();
    view! {
        <article class="card uq-card" aria-labelledby=labelled_by data-testid="unanswered-item" data-id=item.id.to_string()>
            <div class="uq-body">
                <div class="uq-head">
                    <h2 class="uq-question" id=heading_id>{item.question.clone()}</h2>
                    {language.map(|l| view! { <span class="faq-lang">{l}</span> })}
                </div>
                <div class="uq-stats">
                    <strong data-testid="unanswered-count">{(u.customers_times)(item.customers, item.hits)}</strong>
                    <span class="muted" title={let (at, mounted) = (item.first_at.clone(), use_mounted()); move || (u.first_asked)(&time_text(&at, mounted.get()))}>
                        {let (at, mounted) = (item.last_at.clone(), use_mounted()); move || (u.last_asked)(&time_text(&at, mounted.get()))}
                    </span>
                </div>
                <div class="uq-reasons">{reasons}</div>
                {reply}
            </div>
            {actions}
        </article>
    }
}

/// "Add as a variant of…" any entry: the suggested ones first, then a search over the FAQ.
#[component]
fn VariantPicker(
    item: UnansweredView,
    handle: Callback<(UnansweredView, Handle)>,
    close: Callback<()>,
) -> impl IntoView {
    let tr = t();
    let u = &tr.faq_unanswered;
    let text = RwSignal::new(String::new());
    let search = Action::new(move |q: &String| {
        let query = FaqListQuery { q: q.clone(), sort: FaqSort::Hits, page: 1, ..FaqListQuery::default() };
        async move { faq_list(query).await }
    });
    search.dispatch(String::new());
    let timer = StoredValue::new(None::<TimeoutHandle>);
    let run = move |q: String, delay: Duration| {
        if let Some(h) = timer.get_value() {
            h.clear();
        }
        let go = move || {
            timer.try_set_value(None);
            search.dispatch(q);
        };
        timer.set_value(set_timeout_with_handle(go, delay).ok());
    };
    let pick = {
        let item = item.clone();
        move |faq_id: i64, question: String| {
            handle.run((item.clone(), Handle::Variant { faq_id, question }));
            close.run(());
        }
    };
    let suggested = {
        let pick = pick.clone();
        item.suggested
            .iter()
            .map(|e| {
                let (pick, id, question) = (pick.clone(), e.id, e.question.clone());
                view! {
                    <li>
                        <button type="button" class="vp-item" data-testid="picker-suggested" on:click=move |_| pick(id, question.clone())>
                            {e.question.clone()}
                        </button>
                    </li>
                }
            })
            .collect_view()
    };
    let has_suggested = !item.suggested.is_empty();
    let results = move || {
        let pick = pick.clone();
        search.value().get().map(move |r: Result<FaqPage, ApiError>| match r {
            Err(e) => view! { <ErrorAlert error=Signal::stored(Some(e)) /> }.into_any(),
            Ok(page) if page.rows.is_empty() => view! { <p class="muted small">{u.picker_none}</p> }.into_any(),
            Ok(page) => {
                let more = page.total.saturating_sub(PICKER_ROWS);
                let rows = page
                    .rows
                    .into_iter()
                    .take(PICKER_ROWS)
                    .map(|row| {
                        let (pick, id, question) = (pick.clone(), row.id, row.question.clone());
                        view! {
                            <li>
                                <button type="button" class="vp-item" data-testid="picker-result" on:click=move |_| pick(id, question.clone())>
                                    <span>{row.question}</span>
                                    {row.slug.map(|s| view! { <span class="mono muted small">{s}</span> })}
                                </button>
                            </li>
                        }
                    })
                    .collect_view();
                view! {
                    <ul class="vp-list">{rows}</ul>
                    {(more > 0).then(|| view! { <p class="muted small">{(u.picker_more)(more)}</p> })}
                }
                .into_any()
            }
        })
    };
    view! {
        <Dialog title=u.picker_title on_close=close>
            <DialogBody>
                <div class="variant-picker" data-testid="variant-picker">
                    <figure class="uq-reply vp-question">
                        <figcaption>{u.picker_question}</figcaption>
                        <blockquote>{item.question.clone()}</blockquote>
                    </figure>
                    {has_suggested.then(|| view! {
                        <h3 class="vp-heading">{u.picker_suggested}</h3>
                        <ul class="vp-list">{suggested}</ul>
                    })}
                    <label class="form-label vp-heading" for="picker-search">{u.picker_search}</label>
                    <div class="vp-search">
                        <input
                            id="picker-search"
                            type="search"
                            class="form-control"
                            autocomplete="off"
                            autofocus
                            data-testid="picker-search"
                            placeholder=u.picker_placeholder
                            prop:value=move || text.get()
                            on:input=move |ev| {
                                let v = event_target_value(&ev);
                                text.set(v.clone());
                                run(v, Duration::from_millis(250));
                            }
                        />
                        <span class="faq-search-busy" class:visible=move || search.pending().get() aria-hidden="true">
                            <span class="spinner"></span>
                        </span>
                    </div>
                    <div class="vp-results" aria-live="polite">{results}</div>
                </div>
            </DialogBody>
        </Dialog>
    }
}
