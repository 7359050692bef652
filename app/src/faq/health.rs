//! The FAQ checked against itself, on the FAQ page: phrasings the bot would answer with another
//! entry (conflicts) and entries none of whose own phrasings the bot answers by itself
//! (unreachable) — what to fix before customers find it. Loaded in the browser after the page has
//! hydrated (the server caches the check per FAQ revision), so the list never waits for it.

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;

use crate::error::ApiError;
use crate::faq::api::faq_health;
use crate::faq::model::{EntryRef, FaqHealthView};
use crate::i18n::t;
use crate::ui::ErrorAlert;

/// At most this many lines per list (the rest are counted in the summary).
const SHOWN: usize = 20;

#[component]
pub fn HealthCard(
    /// Bumped when the FAQ changes on this page (an import): checks again.
    #[prop(into)]
    version: Signal<u32>,
) -> impl IntoView {
    let tr = t();
    let l = &tr.faq_list;
    let health = RwSignal::new(None::<Result<FaqHealthView, ApiError>>);
    Effect::new(move |_| {
        version.track();
        spawn_local(async move {
            let r = faq_health().await;
            health.try_set(Some(r));
        });
    });
    let link = |e: EntryRef| view! { <A href=format!("/bot/faq/{}", e.id)>{e.question}</A> };
    let body = move || match health.get() {
        None => view! { <p class="muted small" role="status">{l.health_checking}</p> }.into_any(),
        Some(Err(e)) => view! { <ErrorAlert error=Signal::stored(Some(e)) /> }.into_any(),
        Some(Ok(h)) if h.conflicts.is_empty() && h.unreachable.is_empty() => {
            view! { <p class="faq-health-ok small" data-testid="faq-health-ok">"✓ " {(l.health_ok)(h.entries)}</p> }
                .into_any()
        }
        Some(Ok(h)) => {
            let summary = (l.health_summary)(h.entries, h.conflicts.len(), h.unreachable.len());
            let conflicts = (!h.conflicts.is_empty()).then(|| {
                let items = h
                    .conflicts
                    .into_iter()
                    .take(SHOWN)
                    .map(|c| {
                        view! {
                            <li data-testid="faq-health-conflict">
                                <q>{c.phrasing}</q>
                                <div class="small">
                                    {link(c.entry)} " " {l.health_goes_to} " " {link(c.winner)}
                                    <span class="muted">" · " {(l.health_scores)(c.score, c.winner_score)}</span>
                                </div>
                            </li>
                        }
                    })
                    .collect_view();
                view! {
                    <h3 class="faq-health-h">{l.health_conflicts}</h3>
                    <ul class="faq-health-list">{items}</ul>
                }
            });
            let unreachable = (!h.unreachable.is_empty()).then(|| {
                let items = h
                    .unreachable
                    .into_iter()
                    .take(SHOWN)
                    .map(|u| {
                        view! {
                            <li data-testid="faq-health-unreachable">
                                {link(u.entry)}
                                <div class="small muted"><q>{u.phrasing}</q> " · " {(l.health_best)(u.score)}</div>
                            </li>
                        }
                    })
                    .collect_view();
                view! {
                    <h3 class="faq-health-h">{l.health_unreachable}</h3>
                    <ul class="faq-health-list">{items}</ul>
                }
            });
            view! {
                <p class="small faq-health-summary" data-testid="faq-health-summary">{summary}</p>
                {conflicts}
                {unreachable}
            }
            .into_any()
        }
    };
    view! {
        <section class="card faq-health" aria-labelledby="faq-health-title" data-testid="faq-health">
            <div class="card-header">
                <h2 id="faq-health-title" title=l.health_hint>{l.health_title}</h2>
            </div>
            <div class="card-body">{body}</div>
        </section>
    }
}
