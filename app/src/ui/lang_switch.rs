//! The interface language switch (on the sign-in page) and the reload that applies a new language.

use leptos::prelude::*;

use crate::i18n::{Lang, current_lang};

/// Switches the interface language. Signed-in users keep it as their setting; visitors of the
/// login page get a cookie. The page reloads so every string, including the title, changes.
#[component]
pub fn LangSwitch() -> impl IntoView {
    let current = current_lang();
    let choose = move |lang: Lang| {
        #[cfg(feature = "hydrate")]
        if lang != current {
            use wasm_bindgen::JsCast;
            if let Some(doc) = web_sys::window().and_then(|w| w.document())
                && let Ok(html) = doc.dyn_into::<web_sys::HtmlDocument>()
            {
                let _ = html.set_cookie(&format!("lang={}; Path=/; Max-Age=31536000; SameSite=Lax", lang.code()));
            }
            reload_page();
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = (lang, current);
    };
    view! {
        <div class="lang-switch" role="group" aria-label="Language / Язык">
            {Lang::ALL
                .into_iter()
                .map(|lang| {
                    view! {
                        <button type="button" aria-pressed=(lang == current).to_string() lang=lang.code() on:click=move |_| choose(lang)>
                            {lang.catalogue().lang_name}
                        </button>
                    }
                })
                .collect_view()}
        </div>
    }
}

pub fn reload_page() {
    #[cfg(feature = "hydrate")]
    if let Some(w) = web_sys::window() {
        let _ = w.location().reload();
    }
}
