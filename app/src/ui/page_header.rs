//! The head of an admin page.

use leptos::prelude::*;
use leptos_meta::Title;

/// The page's `<h1>` (also the browser tab's title), its main actions on the right (children, e.g.
/// the "+ New …" button) and a subtitle under it.
#[component]
pub fn PageHeader(
    title: &'static str,
    #[prop(optional)] subtitle: Option<&'static str>,
    #[prop(optional)] children: Option<Children>,
) -> impl IntoView {
    view! {
        <Title text=title />
        <div class="page-header">
            <h1>{title}</h1>
            {children.map(|c| view! { <div class="page-actions">{c()}</div> })}
        </div>
        {subtitle.map(|s| view! { <p class="page-subtitle">{s}</p> })}
    }
}
