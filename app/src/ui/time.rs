//! Times on screens, by one rule: **in the viewer's time zone, with the zone shown** (`2026-11-23
//! 17:05 UTC+3`). The server doesn't know the viewer's zone, so a server-rendered page first shows
//! UTC (labelled so) and the browser switches to its own zone once the page runs — both sides
//! render the same first, as hydration requires.

use chrono::{DateTime, FixedOffset, Utc};
use leptos::prelude::*;

/// `rfc3339` in UTC, labelled: what the server renders (and strings built outside a view).
pub fn format_time(rfc3339: &str) -> String {
    DateTime::parse_from_rfc3339(rfc3339)
        .map(|t| t.with_timezone(&Utc).format("%Y-%m-%d %H:%M UTC").to_string())
        .unwrap_or_else(|_| rfc3339.to_string())
}

/// `rfc3339` at `offset_minutes` east of UTC, with the zone: `2026-11-23 17:05 UTC+3`.
#[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
pub fn format_time_at(rfc3339: &str, offset_minutes: i32) -> String {
    let Ok(t) = DateTime::parse_from_rfc3339(rfc3339) else { return rfc3339.to_string() };
    let Some(offset) = FixedOffset::east_opt(offset_minutes * 60) else { return format_time(rfc3339) };
    format!("{} {}", t.with_timezone(&offset).format("%Y-%m-%d %H:%M"), zone_label(offset_minutes))
}

/// `UTC`, `UTC+3`, `UTC-3:30`.
#[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
pub fn zone_label(offset_minutes: i32) -> String {
    if offset_minutes == 0 {
        return "UTC".into();
    }
    let sign = if offset_minutes > 0 { '+' } else { '-' };
    let (h, m) = (offset_minutes.abs() / 60, offset_minutes.abs() % 60);
    if m == 0 { format!("UTC{sign}{h}") } else { format!("UTC{sign}{h}:{m:02}") }
}

/// The browser's offset from UTC at that moment (daylight saving counts), in minutes east.
#[cfg(feature = "hydrate")]
fn browser_offset(rfc3339: &str) -> Option<i32> {
    let ms = DateTime::parse_from_rfc3339(rfc3339).ok()?.timestamp_millis() as f64;
    let d = web_sys::js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(ms));
    Some(-(d.get_timezone_offset() as i32))
}

/// Whether the page runs in the browser yet (false on the server and while hydrating).
pub fn use_mounted() -> ReadSignal<bool> {
    let (mounted, set) = signal(false);
    Effect::new(move |_| set.set(true));
    mounted
}

/// The text of a time by the module's rule: UTC (labelled) until `mounted`, then the browser's
/// zone (labelled). For times inside sentences; [`LocalTime`] for a time on its own.
pub fn time_text(rfc3339: &str, mounted: bool) -> String {
    #[cfg(feature = "hydrate")]
    if mounted && let Some(offset) = browser_offset(rfc3339) {
        return format_time_at(rfc3339, offset);
    }
    let _ = mounted;
    format_time(rfc3339)
}

/// A time in the viewer's zone (see the module): UTC until the page runs, then the browser's.
#[component]
pub fn LocalTime(#[prop(into)] at: String) -> impl IntoView {
    let mounted = use_mounted();
    let shown = {
        let at = at.clone();
        move || time_text(&at, mounted.get())
    };
    view! { <time datetime=at>{shown}</time> }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_are_shown_with_their_zone() {
        assert_eq!(format_time("2026-11-23T17:05:09+03:00"), "2026-11-23 14:05 UTC");
        assert_eq!(format_time("garbage"), "garbage");
        assert_eq!(format_time_at("2026-11-23T14:05:09Z", 180), "2026-11-23 17:05 UTC+3");
        assert_eq!(format_time_at("2026-11-23T23:05:09Z", 330), "2026-11-24 04:35 UTC+5:30");
        assert_eq!(format_time_at("2026-11-23T02:05:09Z", -210), "2026-11-22 22:35 UTC-3:30");
        assert_eq!(format_time_at("2026-11-23T14:05:09Z", 0), "2026-11-23 14:05 UTC");
    }
}
