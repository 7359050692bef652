//! Bot → FAQ: the list of entries with search as you type, filters by state (tabs), language and
//! category, the order, pages of 50, and "Try it" beside it (below it on phones). Admins also get
//! "New entry" and the CSV import; everyone may export. The list's query lives in the URL
//! ([`super::list_query`]), so reloads and the back button keep it.
//!
//! No layout jumps: the toolbar is rendered once (typing never loses focus), and while a new page
//! of the list loads the old rows stay, with a spinner in the search box.

use std::time::Duration;

use leptos::ev::KeyboardEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::NavigateOptions;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_query_map};

use super::health::HealthCard;
use super::import::ImportDialog;
use super::list_query::{self, SORTS, from_params, href, is_filtered};
use super::try_it::TryIt;
use crate::auth::use_auth;
use crate::error::ApiError;
use crate::faq::api::{faq_list, faq_unanswered};
use crate::faq::model::{FaqLanguage, FaqListQuery, FaqPage as ListPage, FaqRow, FaqState};
use crate::i18n::t;
use crate::icons::{Icon, Svg};
use crate::ui::{
    Badge, Column, DataTable, EmptyState, ErrorAlert, Loading, PageHeader, TabLink, Tabs, Tone, Toolbar, time_text,
    use_mounted,
};

#[component]
pub fn FaqPage() -> impl IntoView {
    let tr = t();
    let is_admin = use_auth().user.get_untracked().and_then(Result::ok).flatten().is_some_and(|u| u.is_admin());
    let params = use_query_map();
    let query = Memo::new(move |_| params.with(|p| from_params(|k| p.get(k))));
    let version = RwSignal::new(0u32);
    let list = Resource::new(
        move || (query.get(), version.get()),
        |(q, _)| async move {
            let r = faq_list(q.clone()).await;
            (q, r)
        },
    );
    let (pending, set_pending) = signal(false);
    let show_import = RwSignal::new(false);
    let reload = Callback::new(move |_| version.update(|v| *v += 1));
    // The latest page for the tabs' counts, the categories and the total: filled in the browser
    // once the page has hydrated (so the server's HTML and the browser's first render agree), and
    // kept while the next page loads. (Set by `KeepLatest` inside the list's Transition, so that
    // reading the list waits on that Transition, not on the whole app's.)
    let latest = RwSignal::new(None::<ListPage>);

    // The open questions (admins' queue), counted by the browser after it has hydrated.
    let unanswered = RwSignal::new(None::<usize>);
    if is_admin {
        Effect::new(move |_| {
            spawn_local(async move {
                if let Ok(items) = faq_unanswered().await {
                    unanswered.try_set(Some(items.len()));
                }
            });
        });
    }
    let unanswered_link = is_admin.then(|| {
        let count = move || unanswered.get().filter(|n| *n > 0);
        view! {
            <A href="/bot/faq/unanswered" attr:class="btn btn-outline" attr:data-testid="faq-unanswered-link">
                <Svg icon=Icon::Inbox size=16 />
                {tr.faq_list.unanswered}
                {move || {
                    count().map(|n| {
                        view! {
                            <span class="count-pill" data-testid="faq-unanswered-count" title=(tr.faq_list.unanswered_count)(n)>
                                {n}
                            </span>
                        }
                    })
                }}
            </A>
        }
    });

    view! {
        <div class="faq-page">
            <PageHeader title=tr.faq_list.title subtitle=tr.faq_list.subtitle>
                {unanswered_link}
                <a class="btn btn-outline" href="/api/faq/export.csv" download="faq.csv" rel="external" title=tr.faq_list.export_hint data-testid="faq-export">
                    {tr.faq_list.export_csv}
                </a>
                {is_admin.then(|| view! {
                    <button type="button" class="btn btn-outline" data-testid="faq-import" on:click=move |_| show_import.set(true)>
                        {tr.faq_list.import_csv}
                    </button>
                    <A href="/bot/faq/new" attr:class="btn btn-primary" attr:data-testid="faq-new">"+ " {tr.faq_list.new_entry}</A>
                })}
            </PageHeader>
            <div class="faq-layout">
                <section class="faq-main" aria-label=tr.faq_list.title>
                    <StateTabs latest query />
                    <ListToolbar latest query pending />
                    <Transition fallback=|| view! { <Loading /> } set_pending>
                        <KeepLatest list latest />
                        {move || Suspend::new(async move {
                            let (query, result) = list.await;
                            view! { <Results query result is_admin show_import /> }
                        })}
                    </Transition>
                </section>
                <aside class="faq-side">
                    <TryIt />
                    <HealthCard version />
                </aside>
            </div>
            {move || {
                show_import.get().then(|| {
                    view! { <ImportDialog on_close=Callback::new(move |_| show_import.set(false)) on_imported=reload /> }
                })
            }}
        </div>
    }
}

/// Copies each page of the list that arrives into `latest` (in the browser; renders nothing).
#[component]
fn KeepLatest(
    list: Resource<(FaqListQuery, Result<ListPage, ApiError>)>,
    latest: RwSignal<Option<ListPage>>,
) -> impl IntoView {
    Effect::new(move |_| {
        if let Some((_, Ok(page))) = list.get() {
            latest.set(Some(page));
        }
    });
}

#[component]
fn StateTabs(latest: RwSignal<Option<ListPage>>, query: Memo<FaqListQuery>) -> impl IntoView {
    let tr = t();
    let tab = |state: Option<FaqState>, label: &'static str, count: fn(&ListPage) -> usize, testid: &str| TabLink {
        href: Signal::derive(move || href(&FaqListQuery { state, page: 1, ..query.get() })),
        label,
        current: Signal::derive(move || query.get().state == state),
        count: Some(Signal::derive(move || latest.with(|p| p.as_ref().map(|p| count(p) as u64)))),
        urgent: Signal::stored(false),
        testid: testid.to_string(),
    };
    let tabs = vec![
        tab(None, tr.faq_list.tab_active, |p| p.enabled + p.disabled, "faq-tab-active"),
        tab(Some(FaqState::Enabled), tr.faq_list.tab_enabled, |p| p.enabled, "faq-tab-enabled"),
        tab(Some(FaqState::Disabled), tr.faq_list.tab_disabled, |p| p.disabled, "faq-tab-disabled"),
        tab(Some(FaqState::Archived), tr.faq_list.tab_archived, |p| p.archived, "faq-tab-archived"),
    ];
    view! { <Tabs label=tr.faq_list.tabs_label tabs /> }
}

/// Search (as you type, 250 ms after the last key), language, category and order.
#[component]
fn ListToolbar(
    latest: RwSignal<Option<ListPage>>,
    query: Memo<FaqListQuery>,
    pending: ReadSignal<bool>,
) -> impl IntoView {
    let tr = t();
    let navigate = use_navigate();
    let text = RwSignal::new(query.get_untracked().q);
    let timer = StoredValue::new(None::<TimeoutHandle>);
    // Back and forward change the URL: show its search (unless the user is typing one).
    Effect::new(move |_| {
        let q = query.get().q;
        if timer.get_value().is_none() && text.get_untracked().trim() != q.trim() {
            text.set(q);
        }
    });
    let go = {
        let navigate = navigate.clone();
        move |q: FaqListQuery, replace: bool| {
            navigate(&href(&q), NavigateOptions { replace, scroll: false, ..Default::default() });
        }
    };
    let search = {
        let go = go.clone();
        move |value: String, delay: Duration| {
            if let Some(h) = timer.get_value() {
                h.clear();
            }
            let go = go.clone();
            let run = move || {
                timer.try_set_value(None);
                let Some(current) = query.try_get_untracked() else { return };
                if current.q.trim() != value.trim() {
                    go(FaqListQuery { q: value.trim().to_string(), page: 1, ..current }, true);
                }
            };
            timer.set_value(set_timeout_with_handle(run, delay).ok());
        }
    };
    let search_esc = search.clone();
    let (go_lang, go_cat, go_sort) = (go.clone(), go.clone(), go);

    let categories = Memo::new(move |_| latest.with(|p| p.as_ref().map(|p| p.categories.clone()).unwrap_or_default()));
    let found = move || latest.with(|p| p.as_ref().map(|p| (tr.faq_list.found)(p.total)));

    view! {
        <Toolbar label=tr.faq_list.filters_label>
            <div class="faq-search" role="search">
                <label class="sr-only" for="faq-search">{tr.faq_list.search_label}</label>
                <span class="faq-search-icon" aria-hidden="true"><Svg icon=Icon::Search size=16 /></span>
                <input
                    id="faq-search"
                    type="search"
                    class="form-control"
                    data-testid="faq-search"
                    placeholder=tr.faq_list.search_placeholder
                    autocomplete="off"
                    spellcheck="false"
                    prop:value=move || text.get()
                    on:input=move |ev| {
                        let v = event_target_value(&ev);
                        text.set(v.clone());
                        search(v, Duration::from_millis(250));
                    }
                    on:keydown=move |ev: KeyboardEvent| {
                        if ev.key() == "Enter" {
                            ev.prevent_default();
                            search_esc(text.get_untracked(), Duration::ZERO);
                        } else if ev.key() == "Escape" && !text.get_untracked().is_empty() {
                            ev.prevent_default();
                            text.set(String::new());
                            search_esc(String::new(), Duration::ZERO);
                        }
                    }
                />
                <span class="faq-search-busy" class:visible=move || pending.get() role="status">
                    <span class="spinner" aria-hidden="true"></span>
                    <span class="sr-only">{move || pending.get().then_some(tr.faq_list.updating)}</span>
                </span>
            </div>
            <label class="sr-only" for="faq-lang">{tr.faq_list.language_label}</label>
            <select
                id="faq-lang"
                class="form-control form-select faq-filter"
                data-testid="faq-lang"
                on:change=move |ev| {
                    let language = FaqLanguage::parse(&event_target_value(&ev));
                    go_lang(FaqListQuery { language, page: 1, ..query.get_untracked() }, false);
                }
            >
                <option value="" selected=move || query.get().language.is_none() prop:selected=move || query.get().language.is_none()>
                    {tr.faq_list.language_any}
                </option>
                {FaqLanguage::ALL
                    .iter()
                    .map(|l| {
                        let l = *l;
                        let on = move || query.get().language == Some(l);
                        view! { <option value=l.as_str() selected=on prop:selected=on>{(tr.faq_list.language_filter)(l)}</option> }
                    })
                    .collect_view()}
            </select>
            <label class="sr-only" for="faq-cat">{tr.faq_list.category_label}</label>
            <select
                id="faq-cat"
                class="form-control form-select faq-filter"
                data-testid="faq-cat"
                on:change=move |ev| {
                    let v = event_target_value(&ev);
                    let category = (!v.is_empty()).then_some(v);
                    go_cat(FaqListQuery { category, page: 1, ..query.get_untracked() }, false);
                }
            >
                <option value="" selected=move || query.get().category.is_none() prop:selected=move || query.get().category.is_none()>
                    {tr.faq_list.category_any}
                </option>
                {move || {
                    let mut all = categories.get();
                    // The chosen one stays a choice even when no entry has it any more.
                    if let Some(c) = query.get().category
                        && !all.contains(&c)
                    {
                        all.push(c);
                    }
                    all.into_iter()
                        .map(|c| {
                            let (value, label) = (c.clone(), c.clone());
                            let on = move || query.get().category.as_deref() == Some(c.as_str());
                            view! { <option value=value selected=on.clone() prop:selected=on>{label}</option> }
                        })
                        .collect_view()
                }}
            </select>
            <label class="sr-only" for="faq-sort">{tr.faq_list.sort_label}</label>
            <select
                id="faq-sort"
                class="form-control form-select faq-filter"
                data-testid="faq-sort"
                on:change=move |ev| {
                    let sort = list_query::parse_sort(&event_target_value(&ev)).unwrap_or_default();
                    go_sort(FaqListQuery { sort, page: 1, ..query.get_untracked() }, false);
                }
            >
                {SORTS
                    .iter()
                    .map(|s| {
                        let s = *s;
                        let on = move || query.get().sort == s;
                        view! { <option value=list_query::sort_code(s) selected=on prop:selected=on>{(tr.faq_list.sort)(s)}</option> }
                    })
                    .collect_view()}
            </select>
            <span class="faq-found muted" data-testid="faq-found">{found}</span>
        </Toolbar>
    }
}

/// The rows, or why there are none; the pager.
#[component]
fn Results(
    query: FaqListQuery,
    result: Result<ListPage, ApiError>,
    is_admin: bool,
    show_import: RwSignal<bool>,
) -> impl IntoView {
    let tr = t();
    match result {
        Err(e) => view! { <ErrorAlert error=Signal::stored(Some(e)) /> }.into_any(),
        Ok(page) if page.enabled + page.disabled + page.archived == 0 => {
            let text = if is_admin { tr.faq_list.empty_text_admin } else { tr.faq_list.empty_text_operator };
            view! {
                    <EmptyState icon=Icon::Help title=tr.faq_list.empty_title text attr:data-testid="faq-empty">
                        {is_admin.then(|| view! {
                            <div class="row-gap faq-empty-actions">
                                <A href="/bot/faq/new" attr:class="btn btn-primary">"+ " {tr.faq_list.new_entry}</A>
                                <button type="button" class="btn btn-outline" on:click=move |_| show_import.set(true)>{tr.faq_list.import_csv}</button>
                            </div>
                        })}
                    </EmptyState>
                }
                .into_any()
        }
        Ok(page) if page.rows.is_empty() && is_filtered(&query) => {
            let clear =
                href(&FaqListQuery { q: String::new(), language: None, category: None, page: 1, ..query.clone() });
            view! {
                    <EmptyState icon=Icon::Search title=tr.faq_list.nothing_found_title text=tr.faq_list.nothing_found_text attr:data-testid="faq-nothing-found">
                        <A href=clear attr:class="btn btn-outline">{tr.faq_list.clear_filters}</A>
                    </EmptyState>
                }
                .into_any()
        }
        Ok(page) if page.rows.is_empty() => {
            let text = match query.state {
                Some(FaqState::Archived) => tr.faq_list.tab_empty_archived,
                Some(FaqState::Disabled) => tr.faq_list.tab_empty_disabled,
                _ => tr.faq_list.tab_empty_enabled,
            };
            view! { <EmptyState text attr:data-testid="faq-tab-empty" /> }.into_any()
        }
        Ok(page) => view! { <FaqTable page query /> }.into_any(),
    }
}

/// `2026-11-23` of a time (the full time is the cell's title), by the rule of [`time_text`].
fn short_date(rfc3339: &str, mounted: bool) -> String {
    time_text(rfc3339, mounted).chars().take(10).collect()
}

/// "Didn't help" asks for attention: at least 3 presses and a quarter of all.
fn not_helped_high(r: &FaqRow) -> bool {
    r.not_helped >= 3 && r.not_helped * 4 >= r.helped + r.not_helped
}

#[component]
fn FaqTable(page: ListPage, query: FaqListQuery) -> impl IntoView {
    let mounted = use_mounted();
    let tr = t();
    let l = &tr.faq_list;
    let columns = vec![
        Column::new(l.col_question),
        Column::new(l.col_hits).class("num"),
        Column::new(l.col_feedback).class("num"),
        Column::new(l.col_changed),
    ];
    let q = query.q.clone();
    let row = move |r: FaqRow| {
        let pieces = list_query::highlight(&r.question, &q);
        let high = not_helped_high(&r);
        let state = match r.state {
            FaqState::Enabled => None,
            FaqState::Disabled => Some(view! { <Badge tone=Tone::Warning>{tr.faq_list.state_disabled}</Badge> }),
            FaqState::Archived => Some(view! { <Badge tone=Tone::Muted>{tr.faq_list.state_archived}</Badge> }),
        };
        let who =
            r.updated_by.clone().map(|n| (tr.faq_list.changed_by)(&n)).unwrap_or(tr.faq_list.changed_by_nobody.into());
        view! {
            <tr data-testid="faq-row" data-id=r.id.to_string() class:inactive=r.state != FaqState::Enabled>
                <td class="faq-cell-q">
                    <A href=format!("/bot/faq/{}", r.id) attr:class="faq-q-link">
                        {pieces
                            .into_iter()
                            .map(|(s, m)| if m { view! { <mark>{s}</mark> }.into_any() } else { s.into_any() })
                            .collect_view()}
                    </A>
                    <div class="faq-row-meta">
                        {r.slug.clone().map(|s| view! { <span class="mono faq-slug" title=tr.faq_list.slug_title>{s}</span> })}
                        {(!r.category.is_empty()).then(|| view! { <span class="faq-cat" title=tr.faq_list.category_title>{r.category.clone()}</span> })}
                        <span class="faq-lang" title=(tr.faq_list.language_title)(r.language)>{(tr.faq_list.language_short)(r.language)}</span>
                        <span class="faq-variants" class:none=r.variants == 0 title=tr.faq_list.variants_title data-testid="faq-variants">
                            {(tr.faq_list.variants)(r.variants)}
                        </span>
                        {state}
                    </div>
                </td>
                <td class="num" data-label=tr.faq_list.col_hits title=tr.faq_list.hits_title>{r.hits}</td>
                <td class="num nowrap" data-label=tr.faq_list.col_feedback title=(tr.faq_list.feedback_title)(r.helped, r.not_helped)>
                    <span class="faq-helped">{r.helped}</span>
                    " / "
                    <span class="faq-not-helped" class:high=high title=high.then_some(tr.faq_list.not_helped_high)>{r.not_helped}</span>
                </td>
                <td class="faq-changed" data-label=tr.faq_list.col_changed>
                    <div class="nowrap" title={let at = r.updated_at.clone(); move || time_text(&at, mounted.get())}>
                        {let at = r.updated_at.clone(); move || short_date(&at, mounted.get())}
                    </div>
                    <div class="faq-who">{who}</div>
                </td>
            </tr>
        }
    };
    let pager =
        (page.pages > 1).then(|| view! { <ListPager page=page.page pages=page.pages total=page.total query /> });
    view! {
        <DataTable rows=page.rows columns row empty=tr.faq_list.nothing_found_title testid="faq-table" class="faq-table" own_phone_layout=true />
        {pager}
    }
}

/// Previous · Page 2 of 5 · Next, as links that keep the search and filters.
#[component]
fn ListPager(page: u64, pages: u64, total: usize, query: FaqListQuery) -> impl IntoView {
    let tr = t();
    let link = |to: u64, label: &'static str, enabled: bool| {
        if enabled {
            let url = href(&FaqListQuery { page: to, ..query.clone() });
            view! { <A href=url attr:class="btn btn-outline btn-sm" attr:data-testid="faq-page-link">{label}</A> }
                .into_any()
        } else {
            view! { <span class="btn btn-outline btn-sm" aria-disabled="true">{label}</span> }.into_any()
        }
    };
    view! {
        <nav class="pagination" aria-label=tr.pages_label>
            {link(page.saturating_sub(1), tr.prev, page > 1)}
            <span class="page-info">{(tr.page_info)(page, pages, total as u64)}</span>
            {link(page + 1, tr.next, page < pages)}
        </nav>
    }
}
