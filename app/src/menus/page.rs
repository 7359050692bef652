//! Bot → Menus (`/bot/menus`, `/bot/menus/:id`; admins only): the bot's menus as a tree under the
//! main menu (the ones no button reaches apart), searched as you type, with the chosen menu's
//! breadcrumbs and its editor. Without an id the main menu is open.
//!
//! Guarantees: the tree and the editor load separately, so searching never disturbs an edit; the
//! tree is read again after every save, creation, duplication and deletion; a search keeps the
//! previous tree on screen until the new one arrives (no jump).

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_navigate, use_params_map};

use crate::error::ApiError;
use crate::i18n::{Lang, current_lang, t};
use crate::menus::api::{menus_get, menus_tree};
use crate::menus::button_panel::MenuChoice;
use crate::menus::dialogs::NewMenuDialog;
use crate::menus::editor::MenuEditor;
use crate::menus::model::{Crumb, MenuOutline, MenuView, OutlineNode};
use crate::ui::{ErrorAlert, Loading, PageHeader};

/// A menu's title in the admin's language (the Russian one when there is no English).
fn title_of(lang: Lang, ru: &str, en: &str) -> String {
    if lang == Lang::En && !en.trim().is_empty() { en.to_string() } else { ru.to_string() }
}

/// The trail from the top of the tree to menu `id`.
pub fn path_to(outline: &MenuOutline, id: i64) -> Vec<Crumb> {
    fn walk(n: &OutlineNode, id: i64, trail: &mut Vec<Crumb>) -> bool {
        trail.push(Crumb { id: n.id, title_ru: n.title_ru.clone(), title_en: n.title_en.clone() });
        if n.id == id || n.children.iter().any(|c| walk(c, id, trail)) {
            return true;
        }
        trail.pop();
        false
    }
    let mut trail = Vec::new();
    for top in outline.root.iter().chain(outline.unreachable.iter()) {
        if walk(top, id, &mut trail) {
            return trail;
        }
    }
    trail
}

/// Every menu, in tree order, for the submenu picker.
pub fn choices(outline: &MenuOutline, lang: Lang) -> Vec<MenuChoice> {
    fn walk(n: &OutlineNode, depth: usize, lang: Lang, out: &mut Vec<MenuChoice>) {
        let indent = "\u{a0}\u{a0}".repeat(depth);
        out.push(MenuChoice { id: n.id, title: format!("{indent}{}", title_of(lang, &n.title_ru, &n.title_en)) });
        for c in &n.children {
            walk(c, depth + 1, lang, out);
        }
    }
    let mut out = Vec::new();
    for top in outline.root.iter().chain(outline.unreachable.iter()) {
        walk(top, 0, lang, &mut out);
    }
    out
}

#[component]
pub fn MenusPage() -> impl IntoView {
    let tr = t();
    let lang = current_lang();
    let params = use_params_map();
    let navigate = use_navigate();
    let raw_id = Memo::new(move |_| params.read().get("id"));
    let q = RwSignal::new(String::new());
    let tree_reload = RwSignal::new(0u32);
    let tree = Resource::new(move || (q.get(), tree_reload.get()), |(q, _)| menus_tree(q));
    // The whole tree (no search) for breadcrumbs and the submenu picker.
    let full = Resource::new(move || tree_reload.get(), |_| menus_tree(String::new()));
    let outline = RwSignal::new(MenuOutline::default());
    Effect::new(move |_| {
        if let Some(Ok(o)) = full.get() {
            outline.set(o);
        }
    });
    let selected = Memo::new(move |_| match raw_id.get() {
        Some(s) => s.parse::<i64>().ok().or(Some(-1)),
        None => outline.with(|o| o.root.as_ref().map(|r| r.id)),
    });
    let menu_choices = Signal::derive(move || outline.with(|o| choices(o, lang)));
    let creating = RwSignal::new(false);
    let nav = navigate.clone();

    view! {
        <Title text=tr.menus_title />
        <div class="menus-page">
            <PageHeader title=tr.menus_title subtitle=tr.menus.subtitle>
                <button type="button" class="btn btn-primary" data-testid="menu-new" on:click=move |_| creating.set(true)>
                    "+ " {tr.menus.new_menu}
                </button>
            </PageHeader>
            <div class="menus-layout">
                <aside class="card menus-tree-panel" aria-label=tr.menus.tree>
                    <div class="menus-tree-search">
                        <label class="sr-only" for="menus-search">{tr.menus.search}</label>
                        <input id="menus-search" class="form-control" type="search" autocomplete="off"
                            placeholder=tr.menus.search data-testid="menus-search"
                            prop:value=move || q.get() on:input=move |ev| q.set(event_target_value(&ev)) />
                    </div>
                    <Transition fallback=|| view! { <Loading /> }>
                        {move || Suspend::new(async move {
                            match tree.await {
                                Err(e) => view! { <ErrorAlert error=Signal::stored(Some(e)) /> }.into_any(),
                                Ok(o) => view! { <TreeView outline=o searching=!q.get_untracked().trim().is_empty() selected lang /> }.into_any(),
                            }
                        })}
                    </Transition>
                </aside>
                <section class="menus-main">
                    {move || selected.get().map(|id| view! {
                        <Breadcrumbs outline id lang />
                        <MenuLoader id menus=menu_choices tree_reload />
                    })}
                </section>
            </div>
        </div>
        {move || creating.get().then(|| {
            let nav = nav.clone();
            view! {
                <NewMenuDialog close=Callback::new(move |_| creating.set(false))
                    created=Callback::new(move |v: MenuView| {
                        creating.set(false);
                        tree_reload.update(|n| *n += 1);
                        nav(&format!("/bot/menus/{}", v.id), Default::default());
                    }) />
            }
        })}
    }
}

#[component]
fn Breadcrumbs(outline: RwSignal<MenuOutline>, id: i64, lang: Lang) -> impl IntoView {
    let tr = t();
    let trail = move || outline.with(|o| path_to(o, id));
    view! {
        <nav class="menus-crumbs" aria-label=tr.menus.breadcrumbs data-testid="menu-crumbs">
            <ol>
                {move || {
                    let trail = trail();
                    let last = trail.len().saturating_sub(1);
                    trail.into_iter().enumerate().map(|(i, c)| {
                        let title = title_of(lang, &c.title_ru, &c.title_en);
                        if i == last {
                            view! { <li aria-current="page">{title}</li> }.into_any()
                        } else {
                            view! { <li><a href=format!("/bot/menus/{}", c.id)>{title}</a></li> }.into_any()
                        }
                    }).collect_view()
                }}
            </ol>
        </nav>
    }
}

/// The tree, or with a search the menus found with their trails.
#[component]
fn TreeView(outline: MenuOutline, searching: bool, selected: Memo<Option<i64>>, lang: Lang) -> impl IntoView {
    let tr = t();
    if searching {
        if outline.hits.is_empty() {
            return view! { <p class="muted menus-tree-empty" data-testid="menus-no-hits">{tr.menus.nothing_found}</p> }.into_any();
        }
        return view! {
            <ul class="menus-hits" data-testid="menus-hits">
                {outline.hits.into_iter().map(|h| {
                    let title = h.path.last().map(|c| title_of(lang, &c.title_ru, &c.title_en)).unwrap_or_default();
                    let trail = h.path.iter().take(h.path.len().saturating_sub(1)).map(|c| title_of(lang, &c.title_ru, &c.title_en)).collect::<Vec<_>>().join(" › ");
                    let id = h.id;
                    view! {
                        <li>
                            <a class="menus-tree-link" href=format!("/bot/menus/{id}") aria-current=move || (selected.get() == Some(id)).then_some("page")>
                                <span>{title}</span>
                                {(!trail.is_empty()).then(|| view! { <span class="muted small menus-hit-trail">{trail}</span> })}
                            </a>
                        </li>
                    }
                }).collect_view()}
            </ul>
        }
        .into_any();
    }
    view! {
        <div class="menus-tree" data-testid="menus-tree">
            <ul role="tree" aria-label=tr.menus.tree>
                {outline.root.map(|n| view! { <TreeNode node=n selected lang /> })}
            </ul>
            {(!outline.unreachable.is_empty()).then(|| view! {
                <h3 class="menus-tree-section">{tr.menus.unreachable}</h3>
                <p class="form-hint">{tr.menus.unreachable_hint}</p>
                <ul role="tree" aria-label=tr.menus.unreachable data-testid="menus-unreachable">
                    {outline.unreachable.into_iter().map(|n| view! { <TreeNode node=n selected lang /> }).collect_view()}
                </ul>
            })}
        </div>
    }
    .into_any()
}

#[component]
fn TreeNode(node: OutlineNode, selected: Memo<Option<i64>>, lang: Lang) -> AnyView {
    let tr = t();
    let id = node.id;
    let title = title_of(lang, &node.title_ru, &node.title_en);
    let children = node.children;
    let has_children = !children.is_empty();
    view! {
        <li role="treeitem" aria-expanded=has_children.then_some("true")>
            <a class="menus-tree-link" class:menus-tree-main=node.is_main href=format!("/bot/menus/{id}") data-testid="menus-tree-item"
                aria-current=move || (selected.get() == Some(id)).then_some("page")>
                <span class="menus-tree-title">{title}</span>
                <span class="muted small menus-tree-count" title=tr.menus.buttons_count>{node.buttons}</span>
            </a>
            {has_children.then(|| view! {
                <ul role="group">
                    {children.into_iter().map(|c| view! { <TreeNode node=c selected lang /> }).collect_view()}
                </ul>
            })}
        </li>
    }
    .into_any()
}

/// Loads menu `id` and shows its editor; "Reload", a restore and a conflict load it again.
#[component]
fn MenuLoader(id: i64, menus: Signal<Vec<MenuChoice>>, tree_reload: RwSignal<u32>) -> impl IntoView {
    let tr = t();
    let reload = RwSignal::new(0u32);
    let menu = Resource::new(
        move || reload.get(),
        move |_| async move { if id < 0 { Err(ApiError::NotFound) } else { menus_get(id).await } },
    );
    view! {
        <Transition fallback=|| view! { <Loading /> }>
            {move || Suspend::new(async move {
                match menu.await {
                    Ok(view) => view! { <MenuEditor view menus reload tree_reload /> }.into_any(),
                    Err(e) => view! {
                        <div class="menus-missing">
                            <ErrorAlert error=Signal::stored(Some(e)) />
                            <a href="/bot/menus">{tr.menus.to_main}</a>
                        </div>
                    }
                    .into_any(),
                }
            })}
        </Transition>
    }
}
