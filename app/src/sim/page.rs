//! The simulator page (`/bot/simulator`): the test conversation as a Telegram chat — the bot's
//! messages rendered as in the previews, their buttons tappable — the composer with the usual
//! commands one click away, the test customer's language, and under each of the customer's
//! messages what the bot decided and why.
//!
//! Guarantees: a message is shown sent only when the bot has handled it (the server answers
//! after the engine did); while waiting, the composer stays usable but Send is busy (no double
//! sends); operators' replies from the inbox appear within a few seconds (the transcript is read
//! again every 3 s while the page is open).

use leptos::prelude::*;
use leptos_meta::Title;
use tgtext::Node;

use crate::faq::preview::render;
use crate::i18n::sim::Decision;
use crate::i18n::t;
use crate::sim::api::{sim_send, sim_tap, sim_transcript};
use crate::sim::model::{Sender, SimMessageView, SimView, WhyView};
use crate::ui::{ErrorAlert, PageHeader, use_toasts};

const QUICK: [&str; 4] = ["/start", "/menu", "/help", "/operator"];

#[component]
pub fn SimulatorPage() -> impl IntoView {
    let tr = t();
    let toasts = use_toasts();
    let view = RwSignal::new(SimView::default());
    let loaded = RwSignal::new(false);
    let load_error = RwSignal::new(None);
    let lang = RwSignal::new("ru".to_string());
    let text = RwSignal::new(String::new());

    let refresh = move || {
        leptos::task::spawn_local(async move {
            match sim_transcript().await {
                Ok(v) => {
                    if view.try_get_untracked().is_some_and(|old| old != v) {
                        view.try_set(v);
                        scroll_to_end();
                    }
                    loaded.try_set(true);
                    load_error.try_set(None);
                }
                Err(e) => {
                    load_error.try_set(Some(e));
                }
            }
        });
    };
    Effect::new(move |_| {
        refresh();
        #[cfg(feature = "hydrate")]
        {
            if let Ok(handle) = set_interval_with_handle(refresh, std::time::Duration::from_secs(3)) {
                on_cleanup(move || handle.clear());
            }
        }
    });

    let act = Action::new(move |(tap, value): &(bool, String)| {
        let (tap, value, l) = (*tap, value.clone(), lang.get_untracked());
        async move { if tap { sim_tap(value, l).await } else { sim_send(value, l).await } }
    });
    Effect::new(move |_| match act.value().get() {
        Some(Ok(v)) => {
            view.set(v);
            scroll_to_end();
        }
        Some(Err(e)) => toasts.error(tr.error(&e)),
        None => {}
    });
    let send = move || {
        let value = text.get_untracked();
        if value.trim().is_empty() || act.pending().get_untracked() {
            return;
        }
        text.set(String::new());
        act.dispatch((false, value));
    };
    let tap = Callback::new(move |data: String| {
        if !act.pending().get_untracked() {
            act.dispatch((true, data));
        }
    });

    view! {
        <Title text=tr.nav_simulator />
        <div class="sim-page">
            <PageHeader title=tr.nav_simulator subtitle=tr.sim.subtitle>
                {move || view.with(|v| v.conversation_id).map(|id| view! {
                    <a class="btn btn-outline" href=format!("/inbox/{id}") data-testid="sim-inbox-link">{tr.sim.open_in_inbox}</a>
                })}
            </PageHeader>
            <div class="alert alert-info sim-note" role="note">{tr.sim.note}</div>
            <ErrorAlert error=load_error />
            <div class="sim-layout">
                <section class="card sim-phone" aria-label=tr.sim.chat>
                    <div class="sim-phone-head">
                        <span class="sim-bot-name">{tr.sim.bot}</span>
                        <label class="sim-lang">
                            <span>{tr.sim.customer_lang}</span>
                            <select class="form-control form-select" data-testid="sim-lang"
                                prop:value=move || lang.get() on:change=move |ev| lang.set(event_target_value(&ev))>
                                <option value="ru">"RU"</option>
                                <option value="en">"EN"</option>
                            </select>
                        </label>
                    </div>
                    <div class="tg-chat sim-chat" id="sim-chat" data-testid="sim-chat" aria-live="polite">
                        {move || (loaded.get() && view.with(|v| v.messages.is_empty())).then(|| view! {
                            <p class="sim-empty">{tr.sim.empty}</p>
                        })}
                        <For each=move || view.get().messages key=|m| (m.id, m.keyboard.len(), m.why.len()) let:m>
                            <Message m tap pending=act.pending() />
                        </For>
                        {move || act.pending().get().then(|| view! {
                            <div class="sim-typing" data-testid="sim-typing">{tr.sim.typing}</div>
                        })}
                    </div>
                    <div class="sim-quick" role="group" aria-label=tr.sim.quick>
                        {QUICK.into_iter().map(|c| view! {
                            <button type="button" class="btn btn-outline btn-sm" data-testid="sim-quick"
                                disabled=move || act.pending().get()
                                on:click=move |_| { act.dispatch((false, c.to_string())); }>
                                {c}
                            </button>
                        }).collect_view()}
                    </div>
                    <form class="sim-composer" on:submit=move |ev| { ev.prevent_default(); send(); }>
                        <label class="sr-only" for="sim-text">{tr.sim.message}</label>
                        <input id="sim-text" class="form-control" autocomplete="off" placeholder=tr.sim.placeholder
                            data-testid="sim-text" prop:value=move || text.get() on:input=move |ev| text.set(event_target_value(&ev)) />
                        <button type="submit" class="btn btn-primary" data-testid="sim-send" disabled=move || act.pending().get()>
                            {tr.sim.send}
                        </button>
                    </form>
                </section>
                <aside class="card sim-help">
                    <div class="card-body">
                        <h2 class="card-title">{tr.sim.how_title}</h2>
                        <ul class="sim-how">
                            {tr.sim.how.iter().map(|line| view! { <li>{*line}</li> }).collect_view()}
                        </ul>
                    </div>
                </aside>
            </div>
        </div>
    }
}

fn scroll_to_end() {
    #[cfg(feature = "hydrate")]
    request_animation_frame(|| {
        if let Some(el) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.get_element_by_id("sim-chat")) {
            el.set_scroll_top(el.scroll_height());
        }
    });
}

#[component]
fn Message(m: SimMessageView, tap: Callback<String>, pending: Memo<bool>) -> impl IntoView {
    let tr = t();
    let (side, who) = match m.sender {
        Sender::Customer => ("sim-out", None),
        Sender::Bot => ("sim-in", None),
        Sender::Operator => ("sim-in", Some(tr.sim.operator)),
        _ => ("sim-system", None),
    };
    let body = if m.html {
        match tgtext::parse(&m.text) {
            Ok(f) => render(&f.nodes, true).into_any(),
            Err(_) => m.text.clone().into_any(),
        }
    } else {
        render(&[Node::Text(m.text.clone())], true).into_any()
    };
    let keyboard = m.keyboard.clone();
    let why = m.why.clone();
    view! {
        <div class=format!("sim-msg {side}") data-testid="sim-message" data-sender=m.sender.as_str()>
            {who.map(|w| view! { <span class="sim-who">{w}</span> })}
            <div class="tg-bubble sim-bubble">{body}</div>
            {(!keyboard.is_empty()).then(|| view! {
                <div class="tg-keyboard sim-keyboard">
                    {keyboard.into_iter().map(|row| view! {
                        <div class="tg-row">
                            {row.into_iter().map(|b| match (b.data, b.url) {
                                (Some(data), _) => view! {
                                    <button type="button" class="tg-btn sim-btn" data-testid="sim-button"
                                        disabled=move || pending.get() on:click=move |_| tap.run(data.clone())>
                                        <span class="tg-btn-label">{b.text}</span>
                                    </button>
                                }.into_any(),
                                (None, Some(url)) => view! {
                                    <a class="tg-btn sim-btn" href=url target="_blank" rel="noopener noreferrer">
                                        <span class="tg-btn-label">{b.text}</span>
                                        <span class="tg-btn-url" aria-hidden="true">"↗"</span>
                                    </a>
                                }.into_any(),
                                _ => view! { <span class="tg-btn">{b.text}</span> }.into_any(),
                            }).collect_view()}
                        </div>
                    }).collect_view()}
                </div>
            })}
            {(!why.is_empty()).then(|| view! {
                <ul class="sim-why" data-testid="sim-why" aria-label=tr.sim.why>
                    {why.iter().map(|w| view! { <li>{describe(w)}</li> }).collect_view()}
                </ul>
            })}
        </div>
    }
}

/// One decision in words.
fn describe(w: &WhyView) -> String {
    let tr = t();
    let entries = w
        .entries
        .iter()
        .map(|e| match e.score {
            Some(s) => format!("«{}» (#{}) {:.2}", e.question, e.faq_id, s),
            None => format!("«{}» (#{})", e.question, e.faq_id),
        })
        .collect::<Vec<_>>()
        .join(", ");
    (tr.sim.decision)(&Decision {
        action: w.action,
        entries: &entries,
        detail: w.detail.as_deref(),
        button: w.button_id,
        stars: w.stars,
    })
}
