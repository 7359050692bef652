//! "Try it": type a customer's message and see what the bot would do with it — answer, "maybe you
//! meant…" or hand off, and why, with the thresholds used — and the five closest entries with
//! their scores and the words that matched. Runs the live matcher on the server (`faq_try`);
//! nothing is sent to Telegram.
//!
//! Beside the editor it is given the unsaved draft (`draft`), so the admin sees what a change
//! would do before saving; the candidate that is the draft is labelled so.

use std::time::Duration;

use leptos::ev::KeyboardEvent;
use leptos::prelude::*;
use leptos_router::components::A;

use crate::error::ApiError;
use crate::faq::api::faq_try;
use crate::faq::model::{FaqDraft, HandoffWhy, MatchHow, MatchedWordView, TryCandidate, TryDecision, TryResult};
use crate::i18n::t;
use crate::ui::{Badge, ErrorAlert, Tone};

/// What one run asks: the text, and the entry being edited with its unsaved content.
#[derive(Clone)]
struct Ask {
    text: String,
    editing: Option<i64>,
    draft: Option<FaqDraft>,
}

/// The entry being edited (none: a new one) with its unsaved content; none: try the saved FAQ.
pub type TryDraft = Option<(Option<i64>, FaqDraft)>;

/// Delay after the last keystroke (or change of the draft) before trying again by itself.
const RETRY_AFTER: Duration = Duration::from_millis(450);

#[component]
pub fn TryIt(#[prop(optional, into)] draft: Option<Signal<TryDraft>>) -> impl IntoView {
    let tr = t();
    let l = &tr.faq_list;
    let text = RwSignal::new(String::new());
    let action = Action::new(move |ask: &Ask| {
        let ask = ask.clone();
        async move { (ask.text.clone(), faq_try(ask.text, ask.editing, ask.draft).await) }
    });
    let pending = action.pending();
    let timer = StoredValue::new(None::<TimeoutHandle>);
    let with_draft = draft.is_some();

    let run = move || {
        if let Some(h) = timer.try_get_value().flatten() {
            h.clear();
        }
        timer.try_set_value(None);
        let text = text.get_untracked();
        if text.trim().is_empty() {
            return;
        }
        let (editing, draft) = match draft.and_then(|d| d.get_untracked()) {
            Some((id, d)) => (id, Some(d)),
            None => (None, None),
        };
        action.dispatch(Ask { text, editing, draft });
    };
    let later = move || {
        if let Some(h) = timer.get_value() {
            h.clear();
        }
        timer.set_value(set_timeout_with_handle(run, RETRY_AFTER).ok());
    };
    // A change of the draft tries the message again.
    if let Some(d) = draft {
        Effect::new(move |first: Option<()>| {
            d.track();
            if first.is_some() && !text.get_untracked().trim().is_empty() {
                later();
            }
        });
    }
    on_cleanup(move || {
        if let Some(h) = timer.try_get_value().flatten() {
            h.clear();
        }
    });

    view! {
        <section class="card try-it" aria-labelledby="try-title" data-testid="try-it">
            <div class="card-header">
                <h2 id="try-title">{l.try_title}</h2>
            </div>
            <div class="card-body">
                <p class="try-hint muted small">{l.try_hint} {with_draft.then_some(" ")} {with_draft.then_some(l.try_draft_note)}</p>
                <label class="form-label" for="try-text">{l.try_label}</label>
                <textarea
                    id="try-text"
                    class="form-control try-text"
                    rows="3"
                    maxlength="4096"
                    data-testid="try-text"
                    placeholder=l.try_placeholder
                    aria-describedby="try-keys"
                    prop:value=move || text.get()
                    on:input=move |ev| {
                        text.set(event_target_value(&ev));
                        later();
                    }
                    on:keydown=move |ev: KeyboardEvent| {
                        if ev.key() == "Enter" && !ev.shift_key() && !ev.is_composing() {
                            ev.prevent_default();
                            run();
                        }
                    }
                ></textarea>
                <div class="try-actions">
                    <span class="form-hint" id="try-keys">{l.try_keys}</span>
                    <button
                        type="button"
                        class="btn btn-primary btn-sm"
                        data-testid="try-run"
                        disabled=move || text.get().trim().is_empty()
                        aria-busy=move || pending.get().to_string()
                        on:click=move |_| run()
                    >
                        <span class="btn-label" class:invisible=move || pending.get()>{l.try_button}</span>
                        {move || pending.get().then(|| view! { <span class="btn-busy"><span class="spinner" aria-hidden="true"></span></span> })}
                    </button>
                </div>
                <div class="try-result" class:stale=move || pending.get() aria-live="polite" data-testid="try-result">
                    {move || {
                        action.value().get().map(|(_, r)| match r {
                            Ok(result) => view! { <TryOutcome result /> }.into_any(),
                            Err(e) => view! { <ErrorAlert error=Signal::stored(Some::<ApiError>(e)) /> }.into_any(),
                        })
                    }}
                </div>
            </div>
        </section>
    }
}

#[component]
fn TryOutcome(result: TryResult) -> impl IntoView {
    let tr = t();
    let l = &tr.faq_list;
    let num = l.score;
    let TryResult { decision, top, answer_at, suggest_at } = result;
    let question_of = |id: i64| -> (String, bool) {
        top.iter()
            .find(|c| c.id == id)
            .map(|c| (c.question.clone(), c.draft))
            .unwrap_or_else(|| ((l.entry_n)(id), false))
    };
    let best = top.first().map(|c| c.score);
    let runner_up = top.get(1).map(|c| c.score);
    let entry_link = |id: i64| {
        let (question, draft) = question_of(id);
        if draft {
            view! { <span class="try-entry">{question} " " <Badge tone=Tone::Warning>{l.unsaved}</Badge></span> }
                .into_any()
        } else {
            view! { <A href=format!("/bot/faq/{id}") attr:class="try-entry">{question}</A> }.into_any()
        }
    };
    let (kind, head, body, why) = match &decision {
        TryDecision::Answer { id } => (
            "answer",
            l.decision_answer,
            Some(view! { <div class="try-decision-entries">{entry_link(*id)}</div> }.into_any()),
            (l.why_answer)(&num(best.unwrap_or(0.0)), &num(answer_at)),
        ),
        TryDecision::Suggest { ids } => {
            let b = best.unwrap_or(0.0);
            let why = match runner_up {
                Some(r) if b >= answer_at => (l.why_suggest_close)(&num(b), &num(r)),
                _ => (l.why_suggest_low)(&num(b), &num(suggest_at), &num(answer_at)),
            };
            let list = ids.iter().map(|id| view! { <li>{entry_link(*id)}</li> }).collect_view();
            (
                "suggest",
                l.decision_suggest,
                Some(view! { <ul class="try-decision-entries">{list}</ul> }.into_any()),
                why,
            )
        }
        TryDecision::Handoff { reason } => {
            let why = match reason {
                HandoffWhy::NoMatch => {
                    (l.why_no_match)(&num(suggest_at), best.filter(|b| *b > 0.0).map(num).as_deref())
                }
                HandoffWhy::AskedForHuman => l.why_human.to_string(),
                HandoffWhy::Empty => l.why_empty.to_string(),
            };
            ("handoff", l.decision_handoff, None, why)
        }
    };
    let icon = match kind {
        "answer" => "✓",
        "suggest" => "?",
        _ => "→",
    };
    let candidates = top
        .into_iter()
        .enumerate()
        .map(|(i, c)| view! { <Candidate rank=i + 1 candidate=c answer_at suggest_at /> })
        .collect_view();
    let has_candidates = best.is_some();
    view! {
        <div class=format!("try-decision try-decision-{kind}") data-testid="try-decision" data-decision=kind>
            <div class="try-decision-head">
                <span class="try-decision-icon" aria-hidden="true">{icon}</span>
                <strong>{head}</strong>
            </div>
            {body}
            <p class="try-why">{why}</p>
        </div>
        <p class="try-thresholds muted small">{(l.thresholds)(&num(answer_at), &num(suggest_at))}</p>
        <h3 class="try-top-title">{l.top_title}</h3>
        {if has_candidates {
            view! { <ol class="try-top" data-testid="try-top">{candidates}</ol> }.into_any()
        } else {
            view! { <p class="muted small">{l.top_none}</p> }.into_any()
        }}
    }
}

#[component]
fn Candidate(rank: usize, candidate: TryCandidate, answer_at: f32, suggest_at: f32) -> impl IntoView {
    let tr = t();
    let l = &tr.faq_list;
    let TryCandidate { id, question, score, words, draft } = candidate;
    let pct = |s: f32| format!("{:.1}%", (s.clamp(0.0, 1.0) * 100.0));
    let level = if score >= answer_at {
        "high"
    } else if score >= suggest_at {
        "mid"
    } else {
        "low"
    };
    let title = if draft {
        view! { <span class="try-cand-q">{question} " " <Badge tone=Tone::Warning>{l.unsaved}</Badge></span> }
            .into_any()
    } else {
        view! { <A href=format!("/bot/faq/{id}") attr:class="try-cand-q">{question}</A> }.into_any()
    };
    let chips = if words.is_empty() {
        view! { <span class="muted small">{l.no_words}</span> }.into_any()
    } else {
        words.into_iter().map(|w| view! { <WordChip word=w /> }).collect_view().into_any()
    };
    view! {
        <li class="try-cand" data-testid="try-candidate" data-id=id.to_string() data-draft=draft.to_string()>
            <div class="try-cand-head">
                <span class="try-rank" aria-hidden="true">{rank}</span>
                {title}
            </div>
            <div class="try-score" title=l.score_label>
                <div class="try-bar" aria-hidden="true">
                    <span class=format!("try-bar-fill {level}") style=format!("width: {}", pct(score))></span>
                    <i class="try-bar-mark" style=format!("left: {}", pct(suggest_at))></i>
                    <i class="try-bar-mark" style=format!("left: {}", pct(answer_at))></i>
                </div>
                <span class="try-score-num" data-testid="try-score">
                    <span class="sr-only">{l.score_label} " "</span>
                    {(l.score)(score)}
                </span>
            </div>
            <div class="try-words">{chips}</div>
        </li>
    }
}

#[component]
fn WordChip(word: MatchedWordView) -> impl IntoView {
    let l = &t().faq_list;
    let (class, how, title) = match &word.how {
        MatchHow::Stem => ("chip chip-stem", l.how_stem.to_string(), Some(l.how_stem_title)),
        MatchHow::Typo { of } => ("chip chip-typo", (l.how_typo)(of), None),
        MatchHow::Slang { of } => ("chip chip-slang", (l.how_slang)(of), None),
        MatchHow::Partial => ("chip chip-partial", l.how_partial.to_string(), Some(l.how_partial_title)),
    };
    view! {
        <span class=class title=title>
            <span class="chip-word">{word.word}</span>
            <span class="chip-how">{how}</span>
        </span>
    }
}
