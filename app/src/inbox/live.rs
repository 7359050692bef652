//! The inbox's live side in the browser: the `/api/events` feed (an `EventSource`), coalesced
//! refreshes (what they fetch is decided in [`super::sync`]), the one-second clock, local times, client keys, and the new-customer alert (a short
//! beep and a desktop notification).
//!
//! Everything that touches browser APIs is compiled into the `hydrate` build only. The server
//! render gets neutral stand-ins (no clock, UTC, "connecting"), and the browser starts from the
//! same values, so hydration always matches; the real values arrive once the page runs.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use chrono::{DateTime, FixedOffset, NaiveDate};
use leptos::prelude::*;

/// The state of the events feed, as the status pill shows it.
#[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LiveState {
    /// Not connected yet (the server render, and the first moments in the browser).
    Connecting,
    Connected,
    /// The connection broke; the browser (or we) are connecting again.
    Reconnecting,
}

impl LiveState {
    /// The `data-state` of the status pill.
    pub fn code(self) -> &'static str {
        match self {
            LiveState::Connecting => "connecting",
            LiveState::Connected => "connected",
            LiveState::Reconnecting => "reconnecting",
        }
    }
}

/// What the feed tells the page.
#[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LiveMsg {
    /// A change: a message, a delivery, a conversation's state (see [`super::sync::plan`]).
    Event(crate::inbox::model::LiveEvent),
    /// `ready` or `reset`: refresh everything shown.
    RefreshAll,
    /// The server refused the feed (the browser stopped retrying by itself): maybe the session
    /// ended. Retried later all the same.
    Refused,
}

type Job = Arc<dyn Fn() -> Pin<Box<dyn Future<Output = ()>>> + Send + Sync>;

/// A refresh that runs at most once at a time: asked again while it runs, it runs exactly once
/// more afterwards, however often it was asked meanwhile. Copy it freely; it lives as long as the
/// component that made it (later calls do nothing).
#[derive(Clone, Copy)]
pub struct Refresh {
    job: StoredValue<Option<Job>>,
    busy: StoredValue<bool>,
    again: StoredValue<bool>,
}

impl Refresh {
    /// A refresh whose job is given with [`Refresh::set_job`] (later, so jobs can use the
    /// refresh themselves).
    pub fn empty() -> Refresh {
        Refresh { job: StoredValue::new(None), busy: StoredValue::new(false), again: StoredValue::new(false) }
    }

    pub fn set_job<F, Fut>(self, job: F)
    where
        F: Fn() -> Fut + Send + Sync + 'static,
        Fut: Future<Output = ()> + 'static,
    {
        let job: Job = Arc::new(move || Box::pin(job()));
        self.job.set_value(Some(job));
    }

    /// Runs the job now, or once more after the running one.
    pub fn run(self) {
        match self.busy.try_get_value() {
            None => return,
            Some(true) => {
                self.again.set_value(true);
                return;
            }
            Some(false) => {}
        }
        self.busy.set_value(true);
        leptos::task::spawn_local(async move {
            loop {
                let Some(Some(job)) = self.job.try_get_value() else { return };
                job().await;
                match self.again.try_get_value() {
                    Some(true) => {
                        self.again.set_value(false);
                    }
                    Some(false) => break,
                    None => return,
                }
            }
            self.busy.try_set_value(false);
        });
    }
}

/// Milliseconds since the epoch, updated every second once the page runs in the browser. `None`
/// in the server render and until the page is mounted.
pub fn use_clock() -> RwSignal<Option<f64>> {
    let clock = RwSignal::new(None);
    #[cfg(feature = "hydrate")]
    Effect::new(move |_| {
        clock.set(Some(now_ms()));
        if let Ok(handle) =
            set_interval_with_handle(move || _ = clock.try_set(Some(now_ms())), std::time::Duration::from_secs(1))
        {
            on_cleanup(move || handle.clear());
        }
    });
    clock
}

/// Now, in milliseconds since the epoch.
pub fn now_ms() -> f64 {
    #[cfg(feature = "hydrate")]
    {
        web_sys::js_sys::Date::now()
    }
    #[cfg(not(feature = "hydrate"))]
    {
        chrono::Utc::now().timestamp_millis() as f64
    }
}

/// An RFC 3339 time in milliseconds since the epoch.
pub fn parse_ms(rfc3339: &str) -> Option<f64> {
    DateTime::parse_from_rfc3339(rfc3339).ok().map(|t| t.timestamp_millis() as f64)
}

/// The browser's offset from UTC at that moment, in minutes east (0 outside the browser).
fn offset_minutes(ms: f64) -> i32 {
    #[cfg(feature = "hydrate")]
    {
        let d = web_sys::js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(ms));
        -(d.get_timezone_offset() as i32)
    }
    #[cfg(not(feature = "hydrate"))]
    {
        let _ = ms;
        0
    }
}

/// An instant (milliseconds) in the browser's time zone (UTC outside the browser).
pub fn local_ms(ms: f64) -> Option<DateTime<FixedOffset>> {
    let utc = DateTime::from_timestamp_millis(ms as i64)?;
    let offset = FixedOffset::east_opt(offset_minutes(ms) * 60)?;
    Some(utc.with_timezone(&offset))
}

/// An RFC 3339 time in the browser's time zone.
pub fn local(rfc3339: &str) -> Option<DateTime<FixedOffset>> {
    local_ms(parse_ms(rfc3339)?)
}

/// Today's date in the browser's time zone.
pub fn local_today(now_ms: f64) -> Option<NaiveDate> {
    local_ms(now_ms).map(|d| d.date_naive())
}

/// A key for one reply, made once and sent again with every retry of it, so the server stores the
/// reply once however often the request is repeated.
pub fn client_key() -> String {
    use std::sync::atomic::{AtomicU64, Ordering};
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    #[cfg(feature = "hydrate")]
    let random = (web_sys::js_sys::Math::random() * 9_007_199_254_740_992.0) as u64;
    #[cfg(not(feature = "hydrate"))]
    let random = chrono::Utc::now().timestamp_subsec_nanos() as u64;
    format!("web-{:x}-{random:x}-{n:x}", now_ms() as u64)
}

/// Whether the page is on screen (a hidden tab doesn't mark conversations read).
pub fn page_visible() -> bool {
    #[cfg(feature = "hydrate")]
    {
        web_sys::window().and_then(|w| w.document()).is_none_or(|d| !d.hidden())
    }
    #[cfg(not(feature = "hydrate"))]
    {
        false
    }
}

// ---------------------------------------------------------------------------------------------
// New-customer alerts

#[cfg(feature = "hydrate")]
const ALERTS_KEY: &str = "supportbot.inbox.alerts";

/// The alerts switch as remembered in this browser.
pub fn alerts_stored() -> bool {
    #[cfg(feature = "hydrate")]
    {
        web_sys::window()
            .and_then(|w| w.local_storage().ok().flatten())
            .and_then(|s| s.get_item(ALERTS_KEY).ok().flatten())
            .is_some_and(|v| v == "on")
    }
    #[cfg(not(feature = "hydrate"))]
    {
        false
    }
}

/// Remembers the switch; switching on happens in a click, so this is where the browser may ask
/// for the notification permission and allow sound. Returns false when notifications are blocked.
pub fn set_alerts(on: bool) -> bool {
    #[cfg(feature = "hydrate")]
    {
        if let Some(s) = web_sys::window().and_then(|w| w.local_storage().ok().flatten()) {
            let _ = s.set_item(ALERTS_KEY, if on { "on" } else { "off" });
        }
        if !on {
            return true;
        }
        browser::beep();
        browser::ask_notification_permission()
    }
    #[cfg(not(feature = "hydrate"))]
    {
        let _ = on;
        true
    }
}

/// A new customer is waiting: a short beep, and a desktop notification when the page is not
/// looked at.
pub fn alert(title: &str, body: &str) {
    #[cfg(feature = "hydrate")]
    {
        browser::beep();
        if !page_visible() || !browser::has_focus() {
            browser::notify(title, body);
        }
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = (title, body);
}

#[cfg(feature = "hydrate")]
mod browser {
    use std::cell::RefCell;

    use wasm_bindgen::JsValue;
    use web_sys::{AudioContext, Notification, NotificationOptions, NotificationPermission, OscillatorType};

    thread_local! {
        static AUDIO: RefCell<Option<AudioContext>> = const { RefCell::new(None) };
    }

    pub fn has_focus() -> bool {
        web_sys::window().and_then(|w| w.document()).and_then(|d| d.has_focus().ok()).unwrap_or(true)
    }

    /// Two short soft tones (no sound file needed).
    pub fn beep() {
        AUDIO.with(|cell| {
            let mut cell = cell.borrow_mut();
            if cell.is_none() {
                *cell = AudioContext::new().ok();
            }
            let Some(ctx) = cell.as_ref() else { return };
            let _ = ctx.resume();
            let t0 = ctx.current_time();
            for (i, freq) in [880.0_f32, 1174.66].into_iter().enumerate() {
                let start = t0 + i as f64 * 0.16;
                let (Ok(osc), Ok(gain)) = (ctx.create_oscillator(), ctx.create_gain()) else { return };
                osc.set_type(OscillatorType::Sine);
                osc.frequency().set_value(freq);
                let g = gain.gain();
                let _ = g.set_value_at_time(0.0001, start);
                let _ = g.exponential_ramp_to_value_at_time(0.18, start + 0.02);
                let _ = g.exponential_ramp_to_value_at_time(0.0001, start + 0.14);
                let _ = osc.connect_with_audio_node(&gain);
                let _ = gain.connect_with_audio_node(&ctx.destination());
                let _ = osc.start_with_when(start);
                let _ = osc.stop_with_when(start + 0.15);
            }
        });
    }

    fn supported() -> bool {
        web_sys::window()
            .is_some_and(|w| web_sys::js_sys::Reflect::has(&w, &JsValue::from_str("Notification")).unwrap_or(false))
    }

    /// Asks once (the browser remembers the answer); false when notifications are blocked.
    pub fn ask_notification_permission() -> bool {
        if !supported() {
            return true;
        }
        match Notification::permission() {
            NotificationPermission::Granted => true,
            NotificationPermission::Denied => false,
            _ => {
                let _ = Notification::request_permission();
                true
            }
        }
    }

    pub fn notify(title: &str, body: &str) {
        if !supported() || Notification::permission() != NotificationPermission::Granted {
            return;
        }
        let options = NotificationOptions::new();
        options.set_body(body);
        // One notification at a time: a newer one replaces the older.
        options.set_tag("supportbot-waiting");
        if let Ok(n) = Notification::new_with_options(title, &options) {
            let target = n.clone();
            let on_click = wasm_bindgen::closure::Closure::<dyn FnMut()>::new(move || {
                if let Some(w) = web_sys::window() {
                    let _ = w.focus();
                }
                target.close();
            });
            n.set_onclick(Some(wasm_bindgen::JsCast::unchecked_ref(on_click.as_ref())));
            on_click.forget();
        }
    }
}

// ---------------------------------------------------------------------------------------------
// The events feed

/// Listens to `/api/events` while the calling component lives, calling `on_msg` for every change
/// and for every `ready`/`reset`, and returns the connection's state for the status pill. The
/// browser's EventSource reconnects by itself (sending Last-Event-ID, so the server replays what
/// was missed); when it gives up (the server answered an error), a new one is opened after a
/// growing pause, continuing from the last event seen.
pub fn use_live_feed(on_msg: impl Fn(LiveMsg) + 'static) -> RwSignal<LiveState> {
    let state = RwSignal::new(LiveState::Connecting);
    #[cfg(feature = "hydrate")]
    {
        let feed = StoredValue::new_local(Some(feed::Feed::start(state, Box::new(on_msg))));
        on_cleanup(move || {
            if let Some(Some(f)) = feed.try_update_value(Option::take) {
                f.stop();
            }
        });
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = on_msg;
    state
}

#[cfg(feature = "hydrate")]
mod feed {
    use std::cell::{Cell, RefCell};
    use std::rc::{Rc, Weak};

    use leptos::prelude::*;
    use wasm_bindgen::JsCast;
    use wasm_bindgen::closure::Closure;
    use web_sys::{Event, EventSource, MessageEvent};

    use super::{LiveMsg, LiveState};
    use crate::inbox::model::LiveEvent;

    const FIRST_PAUSE_MS: u32 = 2_000;
    const LONGEST_PAUSE_MS: u32 = 30_000;

    type Handler = Closure<dyn FnMut(Event)>;

    struct Inner {
        state: RwSignal<LiveState>,
        on_msg: Box<dyn Fn(LiveMsg)>,
        source: RefCell<Option<EventSource>>,
        handlers: RefCell<Vec<Handler>>,
        last_id: RefCell<Option<String>>,
        pause_ms: Cell<u32>,
        timer: Cell<Option<TimeoutHandle>>,
        stopped: Cell<bool>,
    }

    pub struct Feed(Rc<Inner>);

    impl Feed {
        pub fn start(state: RwSignal<LiveState>, on_msg: Box<dyn Fn(LiveMsg)>) -> Feed {
            let inner = Rc::new(Inner {
                state,
                on_msg,
                source: RefCell::new(None),
                handlers: RefCell::new(Vec::new()),
                last_id: RefCell::new(None),
                pause_ms: Cell::new(FIRST_PAUSE_MS),
                timer: Cell::new(None),
                stopped: Cell::new(false),
            });
            open(&inner);
            Feed(inner)
        }

        pub fn stop(self) {
            let inner = &self.0;
            inner.stopped.set(true);
            if let Some(t) = inner.timer.take() {
                t.clear();
            }
            close(inner);
        }
    }

    fn close(inner: &Inner) {
        if let Some(es) = inner.source.borrow_mut().take() {
            es.set_onopen(None);
            es.set_onmessage(None);
            es.set_onerror(None);
            es.close();
        }
        // Dropped a moment later: one of them may be the handler running right now.
        let old = std::mem::take(&mut *inner.handlers.borrow_mut());
        if !old.is_empty() {
            set_timeout(move || drop(old), std::time::Duration::ZERO);
        }
    }

    fn remember_id(inner: &Inner, e: &MessageEvent) {
        let id = e.last_event_id();
        if !id.is_empty() {
            *inner.last_id.borrow_mut() = Some(id);
        }
    }

    fn handler(weak: &Weak<Inner>, f: impl Fn(&Rc<Inner>, Event) + 'static) -> Handler {
        let weak = weak.clone();
        Closure::new(move |e: Event| {
            if let Some(inner) = weak.upgrade()
                && !inner.stopped.get()
            {
                f(&inner, e);
            }
        })
    }

    fn open(inner: &Rc<Inner>) {
        close(inner);
        let url = match inner.last_id.borrow().as_deref() {
            Some(id) => format!("/api/events?after={id}"),
            None => "/api/events".to_string(),
        };
        let Ok(es) = EventSource::new(&url) else {
            inner.state.try_set(LiveState::Reconnecting);
            retry_later(inner);
            return;
        };
        let weak = Rc::downgrade(inner);
        let on_open = handler(&weak, |inner, _| {
            inner.pause_ms.set(FIRST_PAUSE_MS);
            inner.state.try_set(LiveState::Connected);
        });
        let on_message = handler(&weak, |inner, e| {
            let Ok(e) = e.dyn_into::<MessageEvent>() else { return };
            remember_id(inner, &e);
            let Some(data) = e.data().as_string() else { return };
            match serde_json::from_str::<LiveEvent>(&data) {
                Ok(ev) => (inner.on_msg)(LiveMsg::Event(ev)),
                // Something new the page doesn't know: refreshing is always right.
                Err(_) => (inner.on_msg)(LiveMsg::RefreshAll),
            }
        });
        let on_marker = handler(&weak, |inner, e| {
            if let Ok(e) = e.dyn_into::<MessageEvent>() {
                remember_id(inner, &e);
            }
            inner.state.try_set(LiveState::Connected);
            (inner.on_msg)(LiveMsg::RefreshAll);
        });
        let on_error = handler(&weak, |inner, _| {
            inner.state.try_set(LiveState::Reconnecting);
            let closed = inner.source.borrow().as_ref().is_none_or(|es| es.ready_state() == EventSource::CLOSED);
            if closed {
                // The browser gave up (the server answered with an error): try again ourselves.
                close(inner);
                retry_later(inner);
                (inner.on_msg)(LiveMsg::Refused);
            }
        });
        es.set_onopen(Some(on_open.as_ref().unchecked_ref()));
        es.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        es.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        for name in ["ready", "reset"] {
            let _ = es.add_event_listener_with_callback(name, on_marker.as_ref().unchecked_ref());
        }
        *inner.source.borrow_mut() = Some(es);
        *inner.handlers.borrow_mut() = vec![on_open, on_message, on_marker, on_error];
    }

    fn retry_later(inner: &Rc<Inner>) {
        if inner.stopped.get() {
            return;
        }
        let pause = inner.pause_ms.get();
        inner.pause_ms.set((pause * 2).min(LONGEST_PAUSE_MS));
        let weak = Rc::downgrade(inner);
        let handle = set_timeout_with_handle(
            move || {
                if let Some(inner) = weak.upgrade() {
                    inner.timer.set(None);
                    if !inner.stopped.get() {
                        open(&inner);
                    }
                }
            },
            std::time::Duration::from_millis(pause as u64),
        );
        inner.timer.set(handle.ok());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_parse_and_default_to_utc_outside_the_browser() {
        assert_eq!(parse_ms("1970-01-01T00:00:01.500Z"), Some(1500.0));
        assert_eq!(parse_ms("nonsense"), None);
        let t = local("2026-11-23T14:05:00.000Z").unwrap();
        assert_eq!(t.format("%H:%M").to_string(), "14:05");
    }

    #[test]
    fn client_keys_differ_and_fit_the_server_limit() {
        let (a, b) = (client_key(), client_key());
        assert_ne!(a, b);
        assert!(a.len() <= 64);
    }
}
