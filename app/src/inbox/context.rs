//! What the parts of the inbox share: the state of the page (the list, the open conversation, the
//! clock, drafts…), the list's place in the URL, and small helpers for statuses and times.

use std::collections::HashMap;

use chrono::NaiveDate;
use leptos::prelude::*;

use crate::error::ApiError;
use crate::i18n::Catalogue;
use crate::inbox::live::{self, Refresh};
use crate::inbox::model::{CannedResponse, ConversationStatus, InboxPage, InboxTab, Sender, StaffOption, TabCounts};
use crate::inbox::sync::{ConvWork, ListWork};
use crate::ui::{Toasts, Tone};

/// What the list, the conversation and the card share.
#[derive(Clone, Copy)]
pub(super) struct Inbox {
    pub(super) tab: Memo<InboxTab>,
    pub(super) q: Memo<String>,
    pub(super) open_id: Memo<Option<i64>>,
    pub(super) list: RwSignal<Option<InboxPage>>,
    /// The list the page came with (rendered by the server): tab, search and the result.
    pub(super) first_list: Resource<(InboxTab, String, Result<InboxPage, ApiError>)>,
    /// The tab and search the shown list was fetched for (it differs while a new one loads).
    pub(super) list_for: RwSignal<Option<(InboxTab, String)>>,
    pub(super) list_error: RwSignal<Option<ApiError>>,
    /// What the list has to fetch: the whole list, or some rows by id.
    pub(super) list_work: StoredValue<ListWork>,
    /// Does the list's work, one run at a time (see [`Inbox::reload_list`], [`Inbox::refresh_row`]).
    pub(super) refresh_list: Refresh,
    /// The open conversation, for live events about it.
    pub(super) open_conv: StoredValue<Option<OpenConv>>,
    /// Milliseconds since the epoch, ticking every second once mounted.
    pub(super) clock: RwSignal<Option<f64>>,
    /// Today in the browser's time zone (changes once a day, unlike the clock).
    pub(super) today: Memo<Option<NaiveDate>>,
    /// Unsent drafts by conversation, kept while the page lives.
    pub(super) drafts: StoredValue<HashMap<i64, String>>,
    pub(super) canned: RwSignal<Vec<CannedResponse>>,
    pub(super) staff: RwSignal<Vec<StaffOption>>,
    /// The customer card on screens too narrow to show it beside the conversation.
    pub(super) show_card: RwSignal<bool>,
    /// Whether a conversation that opens takes the focus to its reply box (not when `j`/`k`
    /// opened it: the keys go on working in the list).
    pub(super) focus_on_open: StoredValue<bool>,
    pub(super) toasts: Toasts,
    pub(super) is_admin: bool,
}

impl Inbox {
    /// Shows the list the page came with, unless a newer one is shown already.
    pub(super) fn seed_list(self, (tab, q, result): (InboxTab, String, Result<InboxPage, ApiError>)) {
        if self.list.with_untracked(Option::is_some) {
            return;
        }
        match result {
            Ok(page) => {
                self.list.set(Some(page));
                self.list_for.set(Some((tab, q)));
            }
            Err(e) => self.list_error.set(Some(e)),
        }
    }

    /// Loads the whole list again.
    pub(super) fn reload_list(self) {
        self.list_work.try_update_value(|w| w.full = true);
        self.refresh_list.run();
    }

    /// Fetches one conversation's row again: it changed, and may enter or leave the tab.
    pub(super) fn refresh_row(self, id: i64) {
        self.list_work.try_update_value(|w| w.rows.insert(id));
        self.refresh_list.run();
    }
}

/// The open conversation as the page's live side sees it: what it has to fetch, and the job that
/// does it (one run at a time; what is asked meanwhile is done in the next run).
#[derive(Clone, Copy)]
pub(super) struct OpenConv {
    pub(super) id: i64,
    pub(super) work: StoredValue<ConvWork>,
    pub(super) sync: Refresh,
}

impl OpenConv {
    pub(super) fn new(id: i64) -> OpenConv {
        OpenConv { id, work: StoredValue::new(ConvWork::default()), sync: Refresh::empty() }
    }

    /// Loads the whole conversation again.
    pub(super) fn reload(self) {
        self.work.try_update_value(|w| w.full = true);
        self.sync.run();
    }

    /// Fetches the header, permissions and card again.
    pub(super) fn refresh_head(self) {
        self.work.try_update_value(|w| w.head = true);
        self.sync.run();
    }

    /// Fetches one message: a new one (`changed` = false: not if it is already shown) or one
    /// that changed (its delivery).
    pub(super) fn refresh_message(self, id: i64, changed: bool) {
        self.work.try_update_value(|w| w.message(id, changed));
        self.sync.run();
    }
}

pub(super) fn use_inbox() -> Inbox {
    expect_context::<Inbox>()
}

/// `?tab=mine&q=…`: the list's state in links, so it survives opening a conversation and reloads.
pub(super) fn query_string(tab: InboxTab, q: &str) -> String {
    let mut s = format!("?tab={}", tab.as_str());
    if !q.trim().is_empty() {
        s.push_str("&q=");
        s.push_str(&encode_component(q));
    }
    s
}

fn encode_component(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// `/inbox/42` → 42.
pub(super) fn open_id_of(path: &str) -> Option<i64> {
    path.strip_prefix("/inbox/")?.trim_end_matches('/').parse().ok()
}

pub(super) fn count_of(counts: TabCounts, tab: InboxTab) -> Option<u64> {
    match tab {
        InboxTab::Waiting => Some(counts.waiting),
        InboxTab::Mine => Some(counts.mine),
        InboxTab::Open => Some(counts.open),
        InboxTab::Bot | InboxTab::Resolved => None,
    }
}

/// The colour of a conversation's status badge.
pub(super) fn status_tone(s: ConversationStatus) -> Tone {
    match s {
        ConversationStatus::Bot => Tone::Muted,
        ConversationStatus::Waiting => Tone::Warning,
        ConversationStatus::Assigned => Tone::Operator,
        ConversationStatus::Resolved => Tone::Success,
    }
}

pub(super) fn status_code(s: ConversationStatus) -> &'static str {
    match s {
        ConversationStatus::Bot => "bot",
        ConversationStatus::Waiting => "waiting",
        ConversationStatus::Assigned => "assigned",
        ConversationStatus::Resolved => "resolved",
    }
}

pub(super) fn sender_code(s: Sender) -> &'static str {
    match s {
        Sender::Customer => "customer",
        Sender::Bot => "bot",
        Sender::Operator => "operator",
        Sender::Note => "note",
        Sender::System => "system",
    }
}

/// `14:05` today, otherwise the day (`Yesterday`, `23 November`).
pub(super) fn short_time(tr: &Catalogue, rfc3339: &str, today: NaiveDate) -> String {
    let Some(at) = live::local(rfc3339) else { return String::new() };
    if at.date_naive() == today { at.format("%H:%M").to_string() } else { tr.inbox.day(at.date_naive(), today) }
}

/// The format of full times (titles, the customer card): `2026-11-23 14:05`.
pub(super) const FULL: &str = "%Y-%m-%d %H:%M";

/// `rfc3339` in the browser's time zone, as `fmt`, once the page runs — empty before: the server
/// doesn't know the viewer's zone, so it and the page's first render both show nothing, as
/// hydration requires. Reactive (it fills in when the page is mounted).
pub(super) fn mounted_local(ctx: Inbox, rfc3339: &str, fmt: &str) -> String {
    if ctx.today.get().is_none() {
        return String::new();
    }
    live::local(rfc3339).map(|d| d.format(fmt).to_string()).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn list_state_goes_into_the_query() {
        assert_eq!(query_string(InboxTab::Waiting, ""), "?tab=waiting");
        assert_eq!(query_string(InboxTab::Mine, "  "), "?tab=mine");
        assert_eq!(query_string(InboxTab::Open, "Анна @x&y"), "?tab=open&q=%D0%90%D0%BD%D0%BD%D0%B0%20%40x%26y");
    }

    #[test]
    fn the_open_conversation_comes_from_the_path() {
        assert_eq!(open_id_of("/inbox/42"), Some(42));
        assert_eq!(open_id_of("/inbox/42/"), Some(42));
        assert_eq!(open_id_of("/inbox"), None);
        assert_eq!(open_id_of("/inbox/x"), None);
    }
}
