//! View models of the inbox, as they cross the wire. Times are RFC 3339 strings in UTC.

use serde::{Deserialize, Serialize};

// The states the server stores are the ones the screen shows: one definition, in `types`.
pub use types::limits::{HISTORY_PAGE, INBOX_LIST as LIST_LIMIT};
pub use types::{ConversationStatus, EventKind, InboxTab, OutboxStatus, Sender};

/// Where an outgoing message (bot answer or operator reply) is on its way to Telegram.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Delivery {
    /// Queued or being sent; `attempts` failed tries so far, with the last error.
    Sending {
        attempts: i32,
        last_error: Option<String>,
    },
    Sent,
    Failed {
        error: String,
    },
}

impl Delivery {
    /// A message's delivery from its outbox rows as (status, attempts, last error) — several for
    /// a long text split in pieces: failed if any piece failed, sent when all were sent,
    /// otherwise on its way (with the most attempts and the latest error among the pieces).
    pub fn from_rows<'a>(rows: impl IntoIterator<Item = (OutboxStatus, i32, Option<&'a str>)> + Clone) -> Delivery {
        if let Some((_, _, error)) = rows.clone().into_iter().find(|(status, _, _)| *status == OutboxStatus::Failed) {
            return Delivery::Failed { error: error.unwrap_or_default().to_string() };
        }
        if rows.clone().into_iter().all(|(status, _, _)| status == OutboxStatus::Sent) {
            return Delivery::Sent;
        }
        let attempts = rows.clone().into_iter().map(|(_, a, _)| a).max().unwrap_or(0);
        let last_error = rows.into_iter().filter_map(|(_, _, e)| e).last().map(str::to_string);
        Delivery::Sending { attempts, last_error }
    }
}

/// One row of the inbox list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConversationRow {
    pub id: i64,
    pub customer_id: i64,
    /// First and last name.
    pub customer_name: String,
    pub username: Option<String>,
    pub customer_blocked: bool,
    pub status: ConversationStatus,
    pub assignee_id: Option<i64>,
    pub assignee_name: Option<String>,
    /// When it was handed off (the waiting time counts from here while it waits).
    pub waiting_since: Option<String>,
    pub last_message_at: String,
    pub resolved_at: Option<String>,
    pub rating: Option<i16>,
    /// The last customer/bot/operator message: who, what kind, and its text or caption.
    pub preview: Option<Preview>,
    /// Customer messages after the caller last read the conversation.
    pub unread: u64,
    /// A simulator's test conversation (nothing of it reaches Telegram).
    #[serde(default)]
    pub is_test: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Preview {
    pub sender: Sender,
    /// text, photo, document, voice, video, sticker, location, contact, edited…
    pub kind: String,
    /// Text or caption, cut to 140 characters.
    pub text: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct TabCounts {
    pub waiting: u64,
    pub mine: u64,
    pub open: u64,
}

/// The list of one tab.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InboxPage {
    pub rows: Vec<ConversationRow>,
    /// More rows matched than were sent (the list shows the first 200).
    pub truncated: bool,
    pub counts: TabCounts,
}

/// One conversation's row as the caller's tab (and search) shows it, for a live update: `None`
/// when it doesn't belong there (any more); with the tabs' counts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RowUpdate {
    pub row: Option<ConversationRow>,
    pub counts: TabCounts,
}

/// One line of a conversation's history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MessageView {
    pub id: i64,
    pub sender: Sender,
    pub kind: String,
    /// The text. For `System` lines a code: `handed_off`, `taken`, `released`, `reopened`,
    /// `resolved`, `assigned:NAME`, `rated N/5`, `customer_blocked`.
    pub text: Option<String>,
    pub caption: Option<String>,
    /// The message carries a Telegram file (`/media/{id}` serves it).
    pub has_file: bool,
    /// A customer's file as Telegram described it (name, type, size); `None` for older rows.
    #[serde(default)]
    pub file: Option<FileInfo>,
    /// An operator's attachments, in order (`/media/file/{id}` serves each).
    #[serde(default)]
    pub files: Vec<AttachmentView>,
    /// The operator (for operator replies, notes, and system lines caused by staff).
    pub staff_name: Option<String>,
    /// For bot answers from the FAQ: the entry's id and question.
    pub faq: Option<(i64, String)>,
    /// For outgoing messages.
    pub delivery: Option<Delivery>,
    pub created_at: String,
    /// For replies and notes from the web: the key the browser made for it (so the browser that
    /// sent it matches it with what it shows while sending).
    pub client_key: Option<String>,
    /// The buttons a bot message carried, row by row, with the customer's presses.
    #[serde(default)]
    pub keyboard: Vec<Vec<ButtonView>>,
}

/// A button under a bot message, as the customer saw it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ButtonView {
    pub text: String,
    /// A link button's address (the bot never learns whether it was opened).
    pub url: Option<String>,
    /// When the customer pressed it (RFC 3339), oldest first.
    pub pressed: Vec<String>,
}

/// What a customer's file is, as far as Telegram said.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileInfo {
    pub name: Option<String>,
    pub mime_type: Option<String>,
    pub size: Option<i64>,
}

/// One file an operator sent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AttachmentView {
    pub id: i64,
    pub kind: types::AttachmentKind,
    pub name: String,
    pub mime_type: String,
    pub size: i64,
}

/// An earlier conversation of the same customer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PastConversation {
    pub id: i64,
    pub status: ConversationStatus,
    pub created_at: String,
    pub resolved_at: Option<String>,
    pub rating: Option<i16>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CustomerCard {
    pub id: i64,
    pub telegram_user_id: i64,
    pub name: String,
    pub username: Option<String>,
    pub language: Option<String>,
    pub first_seen_at: String,
    pub last_seen_at: String,
    /// The /start deep-link payload the customer first came with.
    pub source: Option<String>,
    pub blocked: bool,
    /// The customer's other conversations, newest first.
    pub conversations: Vec<PastConversation>,
}

/// Everything the conversation pane shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConversationView {
    pub row: ConversationRow,
    pub customer: CustomerCard,
    /// The newest page of messages (100), oldest first.
    pub messages: Vec<MessageView>,
    /// Older messages exist (fetch them with `inbox_older`).
    pub more_before: bool,
    /// The caller may act on it (reply, note, resolve…); otherwise it is read-only for them.
    pub can_act: bool,
    /// The caller may take it (it is waiting).
    pub can_take: bool,
}

/// The open conversation without its history: the header, the permissions and the customer
/// card, for live updates.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConversationHead {
    pub row: ConversationRow,
    pub customer: CustomerCard,
    pub can_act: bool,
    pub can_take: bool,
}

/// A staff member to assign to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffOption {
    pub id: i64,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CannedResponse {
    pub id: i64,
    pub title: String,
    /// Typed after "/" in the reply box; lowercase letters, digits, `-` and `_`.
    pub shortcut: String,
    pub text: String,
}

/// The shape of one live event on `/api/events` (`data:` of an SSE message).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LiveEvent {
    pub id: i64,
    pub kind: EventKind,
    pub conversation_id: Option<i64>,
    pub message_id: Option<i64>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delivery_of_a_split_message_is_its_worst_piece() {
        assert_eq!(Delivery::from_rows([(OutboxStatus::Sent, 1, None), (OutboxStatus::Sent, 1, None)]), Delivery::Sent);
        assert_eq!(
            Delivery::from_rows([(OutboxStatus::Sent, 1, None), (OutboxStatus::Failed, 5, Some("chat not found"))]),
            Delivery::Failed { error: "chat not found".into() }
        );
        assert_eq!(
            Delivery::from_rows([
                (OutboxStatus::Sent, 1, None),
                (OutboxStatus::Pending, 2, Some("Internal Server Error"))
            ]),
            Delivery::Sending { attempts: 2, last_error: Some("Internal Server Error".into()) }
        );
        assert_eq!(
            Delivery::from_rows([(OutboxStatus::Sending, 0, None)]),
            Delivery::Sending { attempts: 0, last_error: None }
        );
    }
}
