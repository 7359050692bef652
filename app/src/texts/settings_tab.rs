//! The settings tab: the matcher's thresholds with what they would have done to the last 30 days
//! of customer messages (a chart and the table beside it, recounted as the values change), the
//! outbox rate, and working hours (weekdays with breaks, holidays, the offset from UTC, and
//! whether operators are working now by the edited timetable). One Save for all; every rule
//! (`BotSettings::problems`) is checked as you type and named under its card.

use leptos::prelude::*;

use crate::error::ApiError;
use crate::i18n::t;
use crate::texts::api::{settings_get, settings_impact, settings_save};
use crate::texts::model::{
    BotSettings, DayHours, OutcomeCounts, SettingKey, SettingsView, Span, hhmm, limits, offset_text, parse_hhmm,
};
use crate::ui::{ErrorAlert, Loading, use_toasts};

#[component]
pub fn SettingsTab() -> impl IntoView {
    let reload = RwSignal::new(0u32);
    let data = Resource::new(move || reload.get(), |_| settings_get());
    view! {
        <Transition fallback=|| view! { <Loading /> }>
            {move || Suspend::new(async move {
                match data.await {
                    Err(e) => view! { <ErrorAlert error=Signal::stored(Some(e)) /> }.into_any(),
                    Ok(v) => view! { <SettingsForm view=v /> }.into_any(),
                }
            })}
        </Transition>
    }
}

/// Offsets offered for working hours: whole hours and the half- and quarter-hour zones in use.
fn offsets() -> Vec<i32> {
    let mut out: Vec<i32> = (-12..=14).map(|h| h * 60).collect();
    out.extend([-570, -210, 210, 270, 330, 345, 390, 570, 630, 765, 525]);
    out.sort();
    out
}

#[component]
fn SettingsForm(view: SettingsView) -> impl IntoView {
    let tr = t();
    let toasts = use_toasts();
    let draft = RwSignal::new(view.settings.clone());
    let baseline = RwSignal::new(view.settings.clone());
    let stored_errors = RwSignal::new(view.stored_errors.clone());
    let now_unix = view.now_unix;
    let dirty = Memo::new(move |_| draft.with(|d| baseline.with(|b| d != b)));
    let problems = Memo::new(move |_| draft.with(BotSettings::problems));
    let problems_of = move |k: SettingKey| {
        move || {
            problems
                .get()
                .into_iter()
                .filter(|e| e.key == k)
                .map(|e| view! { <div class="form-error" data-testid="field-error">{tr.texts.setting_error(&e)}</div> })
                .collect_view()
        }
    };
    let save = Action::new(move |s: &BotSettings| settings_save(s.clone()));
    Effect::new(move |_| match save.value().get() {
        Some(Ok(v)) => {
            draft.set(v.settings.clone());
            baseline.set(v.settings);
            stored_errors.set(v.stored_errors);
            toasts.success(tr.texts.settings_saved.to_string());
        }
        Some(Err(e)) => toasts.error(tr.error(&e)),
        None => {}
    });

    // What the thresholds do: loaded in the browser only (it takes a moment on a busy bot, and a
    // resource created inside the settings' Suspend would not hydrate reliably); the server
    // renders the loading state, which is what the browser starts from.
    let impact = LocalResource::new(settings_impact);
    // Read only once mounted: the server and the hydrating browser both draw the loading state.
    let mounted = RwSignal::new(false);
    Effect::new(move |_| mounted.set(true));
    let counts = move |s: &BotSettings| -> Option<(OutcomeCounts, usize, bool)> {
        match mounted.get().then(|| impact.get()).flatten() {
            Some(Ok(samples)) => {
                Some((samples.counts(s.threshold_high, s.threshold_low), samples.total, samples.capped))
            }
            _ => None,
        }
    };

    let number = move |get: fn(&BotSettings) -> f32, put: fn(&mut BotSettings, f32)| {
        (
            move || draft.with(|d| format!("{:.2}", get(d))),
            move |ev: leptos::ev::Event| {
                if let Ok(v) = event_target_value(&ev).trim().replace(',', ".").parse::<f32>() {
                    draft.update(|d| put(d, v));
                }
            },
        )
    };
    let (high_value, high_input) = number(|d| d.threshold_high, |d, v| d.threshold_high = v);
    let (low_value, low_input) = number(|d| d.threshold_low, |d, v| d.threshold_low = v);
    let (high_value2, high_input2) = number(|d| d.threshold_high, |d, v| d.threshold_high = v);
    let (low_value2, low_input2) = number(|d| d.threshold_low, |d, v| d.threshold_low = v);

    let hours_on = move || draft.with(|d| d.hours.enabled);
    let open_now = move || draft.with(|d| d.hours.is_open_at(now_unix));

    view! {
        <div class="settings-page" data-testid="settings-form">
            {move || {
                let errors = stored_errors.get();
                (!errors.is_empty()).then(|| view! {
                    <div class="alert alert-warning" role="alert" data-testid="settings-stored-errors">
                        <p>{tr.texts.stored_invalid}</p>
                        <ul>{errors.iter().map(|e| view! { <li>{tr.texts.setting_error(e)}</li> }).collect_view()}</ul>
                    </div>
                })
            }}

            <section class="card" aria-labelledby="settings-matcher">
                <div class="card-header"><h2 class="card-title" id="settings-matcher">{tr.texts.matcher_title}</h2></div>
                <div class="card-body">
                    <p class="form-hint">{tr.texts.matcher_hint}</p>
                    <div class="settings-thresholds">
                        <div class="form-group">
                            <label class="form-label" for="threshold-high">{tr.texts.threshold_high}</label>
                            <div class="settings-range">
                                <input type="range" min="0" max="1" step="0.01" aria-label=tr.texts.threshold_high
                                    prop:value=high_value2 on:input=high_input2 />
                                <input id="threshold-high" class="form-control settings-number" type="number" min="0" max="1" step="0.01"
                                    data-testid="threshold-high" prop:value=high_value on:change=high_input />
                            </div>
                            <div class="form-hint">{tr.texts.threshold_high_hint}</div>
                            {problems_of(SettingKey::ThresholdHigh)}
                        </div>
                        <div class="form-group">
                            <label class="form-label" for="threshold-low">{tr.texts.threshold_low}</label>
                            <div class="settings-range">
                                <input type="range" min="0" max="1" step="0.01" aria-label=tr.texts.threshold_low
                                    prop:value=low_value2 on:input=low_input2 />
                                <input id="threshold-low" class="form-control settings-number" type="number" min="0" max="1" step="0.01"
                                    data-testid="threshold-low" prop:value=low_value on:change=low_input />
                            </div>
                            <div class="form-hint">{tr.texts.threshold_low_hint}</div>
                            {problems_of(SettingKey::ThresholdLow)}
                        </div>
                    </div>
                    <h3 class="settings-subtitle">{tr.texts.impact_title}</h3>
                    {move || match mounted.get().then(|| impact.get()).flatten() {
                        None => view! { <div class="settings-impact-loading"><Loading /><span class="muted small">{tr.texts.impact_loading}</span></div> }.into_any(),
                        Some(Err(e)) => view! { <ErrorAlert error=Signal::stored(Some::<ApiError>(e)) /> }.into_any(),
                        Some(Ok(_)) => {
                            let now = baseline.with(|b| counts(b));
                            let then = draft.with(|d| counts(d));
                            match (now, then) {
                                (Some((now, total, capped)), Some((then, _, _))) => view! {
                                    <ImpactChart now then total capped />
                                }.into_any(),
                                _ => ().into_any(),
                            }
                        }
                    }}
                </div>
            </section>

            <section class="card" aria-labelledby="settings-outbox">
                <div class="card-header"><h2 class="card-title" id="settings-outbox">{tr.texts.outbox_title}</h2></div>
                <div class="card-body">
                    <div class="form-group">
                        <label class="form-label" for="outbox-rate">{tr.texts.outbox_rate}</label>
                        <input id="outbox-rate" class="form-control settings-number" type="number" min="1" step="1" data-testid="outbox-rate"
                            prop:value=move || draft.with(|d| d.outbox_rate.to_string())
                            on:change={move |ev| { if let Ok(v) = event_target_value(&ev).trim().parse::<u32>() { draft.update(|d| d.outbox_rate = v) } }} />
                        <div class="form-hint">{tr.texts.outbox_hint}</div>
                        {move || (draft.with(|d| d.outbox_rate) > limits::OUTBOX_RATE_TELEGRAM).then(|| view! {
                            <div class="form-warning" role="status">{tr.texts.outbox_over_telegram}</div>
                        })}
                        {problems_of(SettingKey::OutboxRate)}
                    </div>
                </div>
            </section>

            <section class="card" aria-labelledby="settings-hours">
                <div class="card-header settings-hours-head">
                    <h2 class="card-title" id="settings-hours">{tr.texts.hours_title}</h2>
                    <span class="badge" class:badge-success=open_now class:badge-muted=move || !open_now() data-testid="hours-now">
                        {move || if !hours_on() { tr.texts.hours_always } else if open_now() { tr.texts.hours_open_now } else { tr.texts.hours_closed_now }}
                    </span>
                </div>
                <div class="card-body">
                    <label class="form-check">
                        <input type="checkbox" data-testid="hours-enabled" prop:checked=hours_on
                            on:change=move |ev| draft.update(|d| d.hours.enabled = event_target_checked(&ev)) />
                        <span>{tr.texts.hours_enabled}</span>
                    </label>
                    <p class="form-hint">{tr.texts.hours_hint}</p>
                    <fieldset class="settings-hours" disabled=move || !hours_on()>
                        <div class="form-group settings-offset">
                            <label class="form-label" for="hours-offset">{tr.texts.hours_offset}</label>
                            <select id="hours-offset" class="form-control form-select" data-testid="hours-offset"
                                prop:value=move || draft.with(|d| d.hours.utc_offset_minutes.to_string())
                                on:change={move |ev| { if let Ok(v) = event_target_value(&ev).parse::<i32>() { draft.update(|d| d.hours.utc_offset_minutes = v) } }}>
                                {offsets().into_iter().map(|o| view! {
                                    <option value=o.to_string()>{format!("UTC{}{}", offset_text(o), if o == 180 { tr.texts.moscow } else { "" })}</option>
                                }).collect_view()}
                            </select>
                        </div>
                        <table class="table settings-days">
                            <thead><tr>
                                <th scope="col">{tr.texts.day}</th>
                                <th scope="col">{tr.texts.hours_from_to}</th>
                                <th scope="col">{tr.texts.breaks}</th>
                            </tr></thead>
                            <tbody>
                                {(0..7usize).map(|day| view! { <DayRow draft day /> }).collect_view()}
                            </tbody>
                        </table>
                        <Holidays draft />
                    </fieldset>
                    {problems_of(SettingKey::WorkingHours)}
                </div>
            </section>

            <div class="faq-savebar settings-savebar">
                <div class="menu-savebar-status" aria-live="polite">
                    {move || if dirty.get() {
                        view! { <span class="status-dirty" data-testid="settings-dirty">{tr.texts.unsaved}</span> }.into_any()
                    } else {
                        view! { <span class="muted small">{tr.texts.all_saved}</span> }.into_any()
                    }}
                </div>
                <button type="button" class="btn btn-outline" disabled=move || !dirty.get() on:click=move |_| draft.set(baseline.get_untracked())>
                    {tr.texts.discard}
                </button>
                <button type="button" class="btn btn-primary" data-testid="settings-save"
                    disabled=move || !dirty.get() || !problems.get().is_empty() || save.pending().get()
                    on:click=move |_| { save.dispatch(draft.get_untracked()); }>
                    {tr.save}
                </button>
            </div>
        </div>
    }
}

/// The thresholds' outcomes as saved and as edited: a stacked bar each, and the numbers beside.
#[component]
fn ImpactChart(now: OutcomeCounts, then: OutcomeCounts, total: usize, capped: bool) -> impl IntoView {
    let tr = t();
    if total == 0 {
        return view! { <p class="muted" data-testid="impact-empty">{tr.texts.impact_none}</p> }.into_any();
    }
    let pct = |n: usize| n as f64 * 100.0 / total as f64;
    let bar = move |label: &'static str, c: OutcomeCounts, testid: &'static str| {
        view! {
            <div class="impact-row">
                <span class="impact-label">{label}</span>
                <div class="impact-bar" role="img" data-testid=testid
                    aria-label=format!("{}: {} / {} / {}", label, c.answered, c.suggested, c.handed_off)>
                    <span class="impact-seg impact-answer" style=format!("width: {:.2}%", pct(c.answered))></span>
                    <span class="impact-seg impact-suggest" style=format!("width: {:.2}%", pct(c.suggested))></span>
                    <span class="impact-seg impact-handoff" style=format!("width: {:.2}%", pct(c.handed_off))></span>
                </div>
            </div>
        }
    };
    let row = |label: &'static str, a: usize, b: usize, class: &'static str| {
        let delta = b as i64 - a as i64;
        view! {
            <tr>
                <th scope="row"><span class=format!("impact-dot {class}")></span>{label}</th>
                <td class="num">{a}</td>
                <td class="num">{b}</td>
                <td class="num" class:delta-up={delta > 0} class:delta-down={delta < 0}>{if delta == 0 { "—".to_string() } else { format!("{delta:+}") }}</td>
            </tr>
        }
    };
    view! {
        <div class="impact" data-testid="impact">
            <div class="impact-chart">
                {bar(tr.texts.impact_saved, now, "impact-saved")}
                {bar(tr.texts.impact_edited, then, "impact-edited")}
            </div>
            <div class="impact-table-wrap">
            <table class="table table-sm impact-table" data-testid="impact-table">
                <thead><tr>
                    <th scope="col"></th>
                    <th scope="col" class="num">{tr.texts.impact_saved}</th>
                    <th scope="col" class="num">{tr.texts.impact_edited}</th>
                    <th scope="col" class="num">{tr.texts.impact_change}</th>
                </tr></thead>
                <tbody>
                    {row(tr.texts.answered, now.answered, then.answered, "impact-answer")}
                    {row(tr.texts.suggested, now.suggested, then.suggested, "impact-suggest")}
                    {row(tr.texts.handed_off, now.handed_off, then.handed_off, "impact-handoff")}
                </tbody>
            </table>
            </div>
            <p class="form-hint">{(tr.texts.impact_of)(total, capped)}</p>
        </div>
    }
    .into_any()
}

fn time_value(m: u16) -> String {
    // An end at midnight shows as 00:00 (the time input has no 24:00).
    hhmm(m % 1440)
}

/// A time typed in an input; `end`: 00:00 means midnight at the end of the day.
fn parse_time(s: &str, end: bool) -> Option<u16> {
    let m = parse_hhmm(s)?;
    Some(if end && m == 0 { 1440 } else { m })
}

#[component]
fn DayRow(draft: RwSignal<BotSettings>, day: usize) -> impl IntoView {
    let tr = t();
    let get = move || draft.with(|d| d.hours.days.get(day).cloned().unwrap_or_else(DayHours::closed));
    let update = move |f: &dyn Fn(&mut DayHours)| {
        draft.update(|d| {
            if let Some(h) = d.hours.days.get_mut(day) {
                f(h)
            }
        })
    };
    let open = move || get().open;
    let name = (tr.texts.weekday)(day);
    view! {
        <tr data-testid="hours-day">
            <td>
                <label class="form-check">
                    <input type="checkbox" prop:checked=open data-testid="hours-day-open"
                        on:change=move |ev| { let on = event_target_checked(&ev); update(&|h| h.open = on) } />
                    <span>{name}</span>
                </label>
            </td>
            <td>
                <div class="settings-times">
                    <input type="time" class="form-control" aria-label=format!("{name}: {}", tr.texts.from) disabled=move || !open()
                        data-testid="hours-day-start"
                        prop:value=move || time_value(get().start)
                        on:change={move |ev| { if let Some(m) = parse_time(&event_target_value(&ev), false) { update(&|h| h.start = m) } }} />
                    <span aria-hidden="true">"–"</span>
                    <input type="time" class="form-control" aria-label=format!("{name}: {}", tr.texts.to) disabled=move || !open()
                        data-testid="hours-day-end"
                        prop:value=move || time_value(get().end)
                        on:change={move |ev| { if let Some(m) = parse_time(&event_target_value(&ev), true) { update(&|h| h.end = m) } }} />
                </div>
            </td>
            <td>
                <div class="settings-breaks">
                    {move || get().breaks.into_iter().enumerate().map(|(i, b)| view! {
                        <span class="settings-break">
                            <input type="time" class="form-control" aria-label=format!("{name}: {} {}", tr.texts.break_from, i + 1)
                                disabled=move || !open() prop:value=time_value(b.start)
                                on:change={move |ev| { if let Some(m) = parse_time(&event_target_value(&ev), false) { update(&|h| if let Some(x) = h.breaks.get_mut(i) { x.start = m }) } }} />
                            <span aria-hidden="true">"–"</span>
                            <input type="time" class="form-control" aria-label=format!("{name}: {} {}", tr.texts.break_to, i + 1)
                                disabled=move || !open() prop:value=time_value(b.end)
                                on:change={move |ev| { if let Some(m) = parse_time(&event_target_value(&ev), true) { update(&|h| if let Some(x) = h.breaks.get_mut(i) { x.end = m }) } }} />
                            <button type="button" class="icon-btn icon-btn-danger" aria-label=tr.texts.remove_break title=tr.texts.remove_break
                                disabled=move || !open() on:click=move |_| update(&|h| { if i < h.breaks.len() { h.breaks.remove(i); } })>
                                <span aria-hidden="true">"✕"</span>
                            </button>
                        </span>
                    }).collect_view()}
                    <button type="button" class="btn btn-outline btn-sm" data-testid="hours-add-break"
                        disabled={move || !open() || get().breaks.len() >= limits::BREAKS}
                        on:click=move |_| update(&|h| {
                            // A sensible first guess: an hour at 13:00 inside the day, else its middle.
                            let mid = (h.start + h.end) / 2;
                            let start = if h.start <= 13 * 60 && 14 * 60 <= h.end { 13 * 60 } else { mid.saturating_sub(30) };
                            h.breaks.push(Span { start, end: (start + 60).min(h.end) });
                        })>
                        "+ " {tr.texts.add_break}
                    </button>
                </div>
            </td>
        </tr>
    }
}

#[component]
fn Holidays(draft: RwSignal<BotSettings>) -> impl IntoView {
    let tr = t();
    let date = RwSignal::new(String::new());
    let add = move || {
        let d = date.get_untracked();
        if d.is_empty() {
            return;
        }
        draft.update(|s| {
            if !s.hours.holidays.contains(&d) {
                s.hours.holidays.push(d.clone());
                s.hours.holidays.sort();
            }
        });
        date.set(String::new());
    };
    view! {
        <div class="form-group settings-holidays">
            <label class="form-label" for="holiday-date">{tr.texts.holidays}</label>
            <div class="settings-holiday-add">
                <input id="holiday-date" type="date" class="form-control" data-testid="holiday-date"
                    prop:value=move || date.get() on:input=move |ev| date.set(event_target_value(&ev)) />
                <button type="button" class="btn btn-outline btn-sm" data-testid="holiday-add" on:click=move |_| add()>
                    "+ " {tr.texts.add_holiday}
                </button>
            </div>
            <ul class="settings-holiday-list" data-testid="holidays">
                {move || draft.with(|s| s.hours.holidays.clone()).into_iter().map(|h| {
                    let gone = h.clone();
                    view! {
                        <li class="settings-holiday">
                            <span>{h.clone()}</span>
                            <button type="button" class="icon-btn icon-btn-danger" aria-label=format!("{} {h}", tr.texts.remove_holiday)
                                on:click=move |_| draft.update(|s| s.hours.holidays.retain(|x| *x != gone))>
                                <span aria-hidden="true">"✕"</span>
                            </button>
                        </li>
                    }
                }).collect_view()}
            </ul>
            <div class="form-hint">{tr.texts.holidays_hint}</div>
        </div>
    }
}
