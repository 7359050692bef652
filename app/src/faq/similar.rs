//! Phrasings of the entry being edited that another entry already has, or that the live matcher
//! would answer with another entry (`faq/check`): flagged under the question and the variants as
//! the admin types, so a new variant never silently steals another answer's customers.
//!
//! Asked of the server 600 ms after the question or the variants stop changing (admins only),
//! and shown only while the text is still what was checked (line numbers never point at the
//! wrong line).

use std::time::Duration;

use leptos::prelude::*;

use crate::faq::api::{faq_check, faq_health};
use crate::faq::editor_state::{Form, textarea_line};
use crate::faq::model::{FaqDraft, SimilarPhrasing};
use crate::i18n::t;

const PAUSE: Duration = Duration::from_millis(600);

/// The flags for the current question and variants (empty until checked, and while typing).
pub fn use_similar(
    form: Form,
    draft: Memo<FaqDraft>,
    id: RwSignal<Option<i64>>,
    enabled: bool,
) -> Memo<Vec<SimilarPhrasing>> {
    // The texts checked, with what the server found in them.
    let checked = RwSignal::new(None::<((String, String), Vec<SimilarPhrasing>)>);
    if enabled {
        let timer = StoredValue::new(None::<TimeoutHandle>);
        Effect::new(move |_| {
            let texts = (form.question.get(), form.variants.get());
            if let Some(h) = timer.get_value() {
                h.clear();
            }
            if texts.0.trim().is_empty() && texts.1.trim().is_empty() {
                return;
            }
            let run = move || {
                timer.try_set_value(None);
                let Some(d) = draft.try_get_untracked() else { return };
                let entry = id.get_untracked();
                leptos::task::spawn_local(async move {
                    if let Ok(list) = faq_check(entry, d).await {
                        checked.try_set(Some((texts, list)));
                    }
                });
            };
            timer.set_value(set_timeout_with_handle(run, PAUSE).ok());
        });
    }
    Memo::new(move |_| {
        checked.with(|c| match c {
            Some(((q, v), list)) if form.question.with(|x| x == q) && form.variants.with(|x| x == v) => list.clone(),
            _ => Vec::new(),
        })
    })
}

/// The flags of the question (`variants: None`) or of the variants' lines (numbered as in the
/// textarea).
#[component]
pub fn SimilarNotes(similar: Memo<Vec<SimilarPhrasing>>, variants: Option<RwSignal<String>>) -> impl IntoView {
    let tr = t();
    let notes = move || {
        similar
            .get()
            .into_iter()
            .filter(|s| (s.line == 0) == variants.is_none())
            .map(|s| {
                let at = match variants {
                    None => tr.faq_editor.similar_question.to_string(),
                    Some(v) => (tr.faq_editor.similar_line)(v.with(|text| textarea_line(text, s.line))),
                };
                let why =
                    if s.exact { tr.faq_editor.similar_exact.to_string() } else { (tr.faq_editor.similar_near)(s.score) };
                view! {
                    <li class="form-warning" data-testid="similar-phrasing" data-exact=s.exact.to_string()>
                        {at} ": " {why} " "
                        <a href=format!("/bot/faq/{}", s.other.id) target="_blank" rel="noopener" title=tr.faq_editor.similar_title>
                            {s.other.question}
                        </a>
                    </li>
                }
            })
            .collect_view()
    };
    view! { <ul class="similar-notes" aria-live="polite">{notes}</ul> }
}

/// The saved entry's own health: a warning when the bot gives it for none of its own phrasings
/// (the FAQ check's "unreachable"). Loaded in the browser, for a saved entry.
#[component]
pub fn OwnHealth(id: RwSignal<Option<i64>>) -> impl IntoView {
    let tr = t();
    let unreachable = RwSignal::new(None::<(f32, String)>);
    Effect::new(move |_| {
        let Some(entry) = id.get() else { return };
        leptos::task::spawn_local(async move {
            if let Ok(h) = faq_health().await {
                let own = h.unreachable.into_iter().find(|u| u.entry.id == entry).map(|u| (u.score, u.phrasing));
                unreachable.try_set(own);
            }
        });
    });
    move || {
        unreachable.get().map(|(score, phrasing)| {
            view! {
                <p class="form-warning" data-testid="own-unreachable">{(tr.faq_editor.own_unreachable)(score, &phrasing)}</p>
            }
        })
    }
}
