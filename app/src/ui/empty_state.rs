//! What a page or pane shows when it has nothing to show.

use leptos::prelude::*;

use super::{Badge, Tone};
use crate::icons::{Icon, Svg};

/// An icon in a circle, a heading (with a badge after it), a line of text and actions (children).
/// `class` picks the frame: `empty-state` (a dashed box, the default), `pane-empty` (inside a pane of
/// the inbox), `forbidden`. Attributes given with `attr:` (a `data-testid`) land on the frame.
#[component]
pub fn EmptyState(
    #[prop(optional)] icon: Option<Icon>,
    #[prop(optional)] title: Option<&'static str>,
    #[prop(optional)] badge: Option<&'static str>,
    #[prop(optional)] text: Option<&'static str>,
    #[prop(optional)] class: Option<&'static str>,
    #[prop(optional)] children: Option<Children>,
) -> impl IntoView {
    view! {
        <div class=class.unwrap_or("empty-state")>
            {icon.map(|icon| view! { <div class="empty-icon"><Svg icon size=40 /></div> })}
            {title.map(|t| view! { <h2>{t}{badge.map(|b| view! { " " <Badge tone=Tone::Muted>{b}</Badge> })}</h2> })}
            {text.map(|t| view! { <p>{t}</p> })}
            {children.map(|c| c())}
        </div>
    }
}
