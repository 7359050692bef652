//! Live updates by id: what a live event asks the page to fetch, and how a fetched list row
//! goes into the list in the tab's order. Pure, so it is tested here; the page queues the work
//! (coalesced: what several events ask for is fetched once) and runs it.

use std::cmp::Ordering;
use std::collections::{BTreeMap, BTreeSet};

use crate::inbox::model::{ConversationRow, EventKind, InboxPage, InboxTab, LIST_LIMIT, LiveEvent, TabCounts};

/// More rows than this asked for at once (a burst): the whole list is loaded instead.
pub const MAX_ROWS_BY_ID: usize = 12;
/// More messages than this asked for at once: the whole conversation is loaded instead.
pub const MAX_MESSAGES_BY_ID: usize = 24;

/// What one live event asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Plan {
    /// The conversation's list row (and the tabs' counts).
    pub row: bool,
    /// The open conversation's header, permissions and card.
    pub head: bool,
    /// A message of the open conversation; `true`: fetch it even if it is already shown (it
    /// changed), `false`: only if it isn't (it is new).
    pub message: Option<(i64, bool)>,
}

/// What `ev` asks for, given whether its conversation is the open one.
pub fn plan(ev: &LiveEvent, open: bool) -> Plan {
    let message = ev.message_id.filter(|_| open);
    match ev.kind {
        // A new line: the row's preview, time, unread count and place change.
        EventKind::Message => Plan { row: true, head: false, message: message.map(|m| (m, false)) },
        // Only the message's badge changes (the list shows no deliveries).
        EventKind::Delivery => Plan { row: false, head: false, message: message.map(|m| (m, true)) },
        // Status, assignee, rating, a blocked customer; maybe with its system line.
        EventKind::Conversation => Plan { row: true, head: open, message: message.map(|m| (m, false)) },
        // Not the inbox's business (the FAQ changed).
        EventKind::Faq => Plan { row: false, head: false, message: None },
    }
}

/// The list's work waiting to be done.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ListWork {
    /// Load the whole list.
    pub full: bool,
    /// Rows to fetch by conversation id.
    pub rows: BTreeSet<i64>,
}

impl ListWork {
    /// Whether this is better done by loading the whole list.
    pub fn whole(&self) -> bool {
        self.full || self.rows.len() > MAX_ROWS_BY_ID
    }
}

/// The open conversation's work waiting to be done.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ConvWork {
    /// Load the whole conversation (it covers everything else).
    pub full: bool,
    pub head: bool,
    /// Messages to fetch: id → fetch even if already shown.
    pub messages: BTreeMap<i64, bool>,
}

impl ConvWork {
    pub fn message(&mut self, id: i64, changed: bool) {
        *self.messages.entry(id).or_default() |= changed;
    }

    pub fn whole(&self) -> bool {
        self.full || self.messages.len() > MAX_MESSAGES_BY_ID
    }
}

/// The order of a tab's list (as `bot::inbox::list` sorts it): waiting ones oldest first,
/// resolved ones by resolution, others — and search results, whatever the tab — by their last
/// message, newest first; ties by id. Times are RFC 3339 in UTC with milliseconds, so they compare
/// as strings.
pub fn order(tab: InboxTab, searching: bool, a: &ConversationRow, b: &ConversationRow) -> Ordering {
    let tab = if searching { InboxTab::Open } else { tab };
    match tab {
        InboxTab::Waiting => (&a.waiting_since, a.id).cmp(&(&b.waiting_since, b.id)),
        InboxTab::Mine | InboxTab::Open | InboxTab::Bot => (&b.last_message_at, b.id).cmp(&(&a.last_message_at, a.id)),
        InboxTab::Resolved => (&b.resolved_at, b.id).cmp(&(&a.resolved_at, a.id)),
    }
}

/// Puts conversation `id`'s fresh row into `tab`'s list, or takes it out (`None`: it no longer
/// belongs there), in the tab's order, with the new counts. Returns false when the list can't be
/// kept right this way (a truncated list lost a row: the next one isn't known) — load it whole.
pub fn merge_row(
    page: &mut InboxPage,
    tab: InboxTab,
    searching: bool,
    id: i64,
    row: Option<ConversationRow>,
    counts: TabCounts,
) -> bool {
    page.counts = counts;
    page.rows.retain(|r| r.id != id);
    if let Some(row) = row {
        let at = page.rows.partition_point(|r| order(tab, searching, r, &row) == Ordering::Less);
        // Past the end of a truncated list: not among the first ones shown.
        if !(page.truncated && at == page.rows.len()) {
            page.rows.insert(at, row);
        }
    }
    if page.rows.len() > LIST_LIMIT as usize {
        page.rows.truncate(LIST_LIMIT as usize);
        page.truncated = true;
    }
    !(page.truncated && page.rows.len() < LIST_LIMIT as usize)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::inbox::model::ConversationStatus;

    fn ev(kind: EventKind, message_id: Option<i64>) -> LiveEvent {
        LiveEvent { id: 1, kind, conversation_id: Some(7), message_id }
    }

    fn row(id: i64, waiting_since: &str, last: &str) -> ConversationRow {
        ConversationRow {
            id,
            customer_id: id,
            customer_name: format!("c{id}"),
            username: None,
            customer_blocked: false,
            status: ConversationStatus::Waiting,
            assignee_id: None,
            assignee_name: None,
            waiting_since: Some(waiting_since.to_string()),
            last_message_at: last.to_string(),
            resolved_at: None,
            rating: None,
            preview: None,
            unread: 0,
            is_test: false,
        }
    }

    fn page(rows: Vec<ConversationRow>) -> InboxPage {
        InboxPage { rows, truncated: false, counts: TabCounts::default() }
    }

    fn ids(p: &InboxPage) -> Vec<i64> {
        p.rows.iter().map(|r| r.id).collect()
    }

    #[test]
    fn each_event_asks_for_what_it_changed() {
        use EventKind::*;
        assert_eq!(plan(&ev(Message, Some(5)), true), Plan { row: true, head: false, message: Some((5, false)) });
        assert_eq!(plan(&ev(Message, Some(5)), false), Plan { row: true, head: false, message: None });
        assert_eq!(plan(&ev(Delivery, Some(5)), true), Plan { row: false, head: false, message: Some((5, true)) });
        assert_eq!(plan(&ev(Delivery, Some(5)), false), Plan { row: false, head: false, message: None });
        assert_eq!(plan(&ev(Conversation, Some(9)), true), Plan { row: true, head: true, message: Some((9, false)) });
        assert_eq!(plan(&ev(Conversation, None), true), Plan { row: true, head: true, message: None });
        assert_eq!(plan(&ev(Conversation, Some(9)), false), Plan { row: true, head: false, message: None });
    }

    #[test]
    fn work_coalesces_and_bursts_load_everything() {
        let mut w = ConvWork::default();
        w.message(3, false);
        w.message(3, true);
        w.message(3, false);
        assert_eq!(w.messages.get(&3), Some(&true));
        assert!(!w.whole());
        for m in 0..=MAX_MESSAGES_BY_ID as i64 {
            w.message(100 + m, false);
        }
        assert!(w.whole());
        let l = ListWork { full: false, rows: (0..=MAX_ROWS_BY_ID as i64).collect() };
        assert!(l.whole());
    }

    #[test]
    fn rows_enter_leave_and_keep_the_tabs_order() {
        let t = |s: u32| format!("2026-01-01T10:00:{s:02}.000Z");
        // Waiting: oldest first.
        let mut p = page(vec![row(1, &t(1), &t(1)), row(3, &t(3), &t(3))]);
        let counts = TabCounts { waiting: 3, mine: 0, open: 3 };
        assert!(merge_row(&mut p, InboxTab::Waiting, false, 2, Some(row(2, &t(2), &t(2))), counts));
        assert_eq!(ids(&p), [1, 2, 3]);
        assert_eq!(p.counts, counts);
        // Taken: it leaves the tab.
        assert!(merge_row(&mut p, InboxTab::Waiting, false, 1, None, counts));
        assert_eq!(ids(&p), [2, 3]);
        // Updated in place, no duplicate.
        let mut again = row(3, &t(3), &t(9));
        again.unread = 2;
        assert!(merge_row(&mut p, InboxTab::Waiting, false, 3, Some(again), counts));
        assert_eq!(ids(&p), [2, 3]);
        assert_eq!(p.rows[1].unread, 2);
        // Open: newest message first; a new message moves a row to the top.
        let mut p = page(vec![row(1, &t(1), &t(5)), row(2, &t(2), &t(4))]);
        assert!(merge_row(&mut p, InboxTab::Open, false, 2, Some(row(2, &t(2), &t(6))), counts));
        assert_eq!(ids(&p), [2, 1]);
        // The bot's tab too.
        assert!(merge_row(&mut p, InboxTab::Bot, false, 1, Some(row(1, &t(1), &t(7))), counts));
        assert_eq!(ids(&p), [1, 2]);
    }

    #[test]
    fn search_results_are_newest_message_first_whatever_the_tab() {
        let t = |s: u32| format!("2026-01-01T10:00:{s:02}.000Z");
        // In the waiting tab, unsearched, the oldest waiting one comes first…
        let mut p = page(vec![row(1, &t(1), &t(1))]);
        let counts = TabCounts::default();
        assert!(merge_row(&mut p, InboxTab::Waiting, false, 2, Some(row(2, &t(2), &t(8))), counts));
        assert_eq!(ids(&p), [1, 2]);
        // …searched, the one with the newest message.
        let mut p = page(vec![row(1, &t(1), &t(1))]);
        assert!(merge_row(&mut p, InboxTab::Waiting, true, 2, Some(row(2, &t(2), &t(8))), counts));
        assert_eq!(ids(&p), [2, 1]);
    }

    #[test]
    fn a_truncated_list_stays_right_or_asks_for_a_reload() {
        let t = |s: u32| format!("2026-01-01T10:{:02}:{:02}.000Z", s / 60, s % 60);
        let full: Vec<_> = (0..LIST_LIMIT as u32).map(|i| row(i as i64 + 1, &t(i), &t(i))).collect();
        let mut p = page(full.clone());
        p.truncated = true;
        let counts = TabCounts::default();
        // A newer waiting one is beyond the end: not shown.
        assert!(merge_row(&mut p, InboxTab::Waiting, false, 9999, Some(row(9999, &t(3000), &t(3000))), counts));
        assert_eq!(p.rows.len(), LIST_LIMIT as usize);
        assert!(!p.rows.iter().any(|r| r.id == 9999));
        // An older one enters; the last one drops out.
        assert!(merge_row(
            &mut p,
            InboxTab::Waiting,
            false,
            0,
            Some(row(0, "2025-01-01T00:00:00.000Z", &t(0))),
            counts
        ));
        assert_eq!(p.rows.first().map(|r| r.id), Some(0));
        assert_eq!(p.rows.len(), LIST_LIMIT as usize);
        // One leaves: the next one isn't known.
        assert!(!merge_row(&mut p, InboxTab::Waiting, false, 5, None, counts));
        // Not truncated: leaving is fine.
        let mut p = page(full);
        assert!(merge_row(&mut p, InboxTab::Waiting, false, 5, None, counts));
        assert!(merge_row(&mut p, InboxTab::Waiting, false, 5000, Some(row(5000, &t(3000), &t(3000))), counts));
        assert_eq!(p.rows.len(), LIST_LIMIT as usize);
        assert!(!p.truncated);
    }
}
