//! The page (`/bot/texts`, `/bot/texts?tab=settings`): its header and the two tabs, each a link
//! (reload and Back keep the tab).

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use crate::i18n::t;
use crate::texts::settings_tab::SettingsTab;
use crate::texts::texts_tab::TextsTab;
use crate::ui::{PageHeader, TabLink, Tabs};

#[component]
pub fn TextsPage() -> impl IntoView {
    let tr = t();
    let query = use_query_map();
    let settings = Memo::new(move |_| query.read().get("tab").as_deref() == Some("settings"));
    let tab = |href: &'static str, label: &'static str, current: Signal<bool>, testid: &str| TabLink {
        href: Signal::stored(href.to_string()),
        label,
        current,
        count: None,
        urgent: Signal::stored(false),
        testid: testid.to_string(),
    };
    view! {
        <div class="texts-page">
            <PageHeader title=tr.texts_title subtitle=tr.texts.subtitle />
            <Tabs label=tr.texts_title tabs=vec![
                tab("/bot/texts", tr.texts.tab_texts, Signal::derive(move || !settings.get()), "tab-texts"),
                tab("/bot/texts?tab=settings", tr.texts.tab_settings, Signal::derive(move || settings.get()), "tab-settings"),
            ] />
            {move || if settings.get() { view! { <SettingsTab /> }.into_any() } else { view! { <TextsTab /> }.into_any() }}
        </div>
    }
}
