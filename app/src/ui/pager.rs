//! Pages of a long list, as links (`?page=N`), so they can be shared and reloaded.

use leptos::prelude::*;
use leptos_router::components::A;

use crate::i18n::t;

/// Where a paged list is: page `page` of `pages`, `total` entries in all.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PageInfo {
    pub page: u64,
    pub pages: u64,
    pub total: u64,
}

/// "Previous · Page 2 of 5 · Next". When there is more than one page both buttons are always there
/// (disabled at the ends), so they don't move as the user pages.
#[component]
pub fn Pager(page: PageInfo) -> impl IntoView {
    let tr = t();
    let PageInfo { page, pages, total } = page;
    let several = pages > 1;
    let link = move |to: u64, label: &'static str, enabled: bool| {
        if enabled {
            Some(view! { <A href=format!("?page={to}") attr:class="btn btn-outline btn-sm">{label}</A> }.into_any())
        } else {
            several
                .then(|| view! { <span class="btn btn-outline btn-sm" aria-disabled="true">{label}</span> }.into_any())
        }
    };
    view! {
        <nav class="pagination" aria-label=tr.pages_label>
            {link(page.saturating_sub(1), tr.prev, page > 1)}
            <span class="page-info">{(tr.page_info)(page, pages, total)}</span>
            {link(page + 1, tr.next, page < pages)}
        </nav>
    }
}
