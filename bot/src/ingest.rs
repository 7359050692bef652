//! Receiving Telegram updates: validate the raw body, find its update_id, kind and chat, and store
//! it durably (idempotent on update_id). Nothing else happens on the request path; the update
//! worker processes stored updates later, in order per chat.
//!
//! Parsing is deliberately lenient (a `serde_json::Value`, not teloxide's strict types): Telegram
//! keeps adding fields and kinds, and an update we can't fully type must still be acknowledged,
//! stored and skipped — never answered with an error that makes Telegram retry it forever.

use chrono::Utc;
use entity::telegram_updates;
use sea_orm::sea_query::OnConflict;
use sea_orm::{ConnectionTrait, DbErr, EntityTrait, Set};
use serde_json::Value;
use types::UpdateStatus;

/// Telegram's update kinds (Bot API 9.x), in the order the API documents them.
pub const KNOWN_KINDS: &[&str] = &[
    "message",
    "edited_message",
    "channel_post",
    "edited_channel_post",
    "business_connection",
    "business_message",
    "edited_business_message",
    "deleted_business_messages",
    "message_reaction",
    "message_reaction_count",
    "inline_query",
    "chosen_inline_result",
    "callback_query",
    "shipping_query",
    "pre_checkout_query",
    "purchased_paid_media",
    "poll",
    "poll_answer",
    "my_chat_member",
    "chat_member",
    "chat_join_request",
    "chat_boost",
    "removed_chat_boost",
];

/// The largest body accepted on the webhook (Telegram's updates are far smaller).
pub const MAX_BODY_BYTES: usize = 1 << 20;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RejectReason {
    #[error("body is larger than 1 MiB")]
    TooLarge,
    #[error("body is not JSON: {0}")]
    NotJson(String),
    #[error("update is not a JSON object")]
    NotAnObject,
    #[error("update_id is missing or not an integer")]
    NoUpdateId,
    #[error("update carries more than one kind: {0}")]
    SeveralKinds(String),
}

/// What the webhook needs to know about a raw update before storing it.
#[derive(Debug, Clone, PartialEq)]
pub struct RawUpdate {
    pub update_id: i64,
    /// One of [`KNOWN_KINDS`], or the unknown field's name, or "empty".
    pub kind: String,
    /// The chat whose order this update belongs to, when it has one.
    pub chat_id: Option<i64>,
    /// The body exactly as received.
    pub payload: String,
}

impl RawUpdate {
    pub fn is_known_kind(&self) -> bool {
        KNOWN_KINDS.contains(&self.kind.as_str())
    }
}

/// Checks a webhook body. `Err` means "not a valid update" (answer 400 and log it).
pub fn parse(body: &[u8]) -> Result<RawUpdate, RejectReason> {
    if body.len() > MAX_BODY_BYTES {
        return Err(RejectReason::TooLarge);
    }
    let value: Value = serde_json::from_slice(body).map_err(|e| RejectReason::NotJson(e.to_string()))?;
    let obj = value.as_object().ok_or(RejectReason::NotAnObject)?;
    let update_id = obj.get("update_id").and_then(Value::as_i64).ok_or(RejectReason::NoUpdateId)?;
    let kinds: Vec<&str> = obj.keys().map(String::as_str).filter(|k| *k != "update_id").collect();
    let known: Vec<&str> = kinds.iter().copied().filter(|k| KNOWN_KINDS.contains(k)).collect();
    if known.len() > 1 {
        return Err(RejectReason::SeveralKinds(known.join(", ")));
    }
    let kind = known.first().or(kinds.first()).copied().unwrap_or("empty").chars().take(32).collect::<String>();
    let chat_id = chat_of(obj.get(&kind));
    // Keep the payload byte-for-byte (it was valid UTF-8, since it parsed as JSON).
    let payload = String::from_utf8_lossy(body).into_owned();
    Ok(RawUpdate { update_id, kind, chat_id, payload })
}

/// The chat an update's effects belong to, wherever the kind keeps it.
fn chat_of(inner: Option<&Value>) -> Option<i64> {
    let inner = inner?;
    let id = |v: Option<&Value>| v.and_then(|c| c.get("id")).and_then(Value::as_i64);
    id(inner.get("chat"))
        .or_else(|| id(inner.get("message").and_then(|m| m.get("chat"))))
        // Private chats have the user's id as chat id: poll answers and inline queries have no chat.
        .or_else(|| id(inner.get("from")))
        .or_else(|| id(inner.get("user")))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stored {
    /// New: stored as pending (or skipped, for kinds the bot doesn't handle).
    New,
    /// The same update_id was stored before: Telegram delivered it twice.
    Duplicate,
}

/// How a new update is stored: kinds the bot doesn't know are kept, but skipped.
pub fn initial_status(update: &RawUpdate) -> UpdateStatus {
    if update.is_known_kind() { UpdateStatus::Pending } else { UpdateStatus::Skipped }
}

/// Stores the update unless its update_id is already there. Safe under concurrent deliveries on
/// any number of processes: the unique index on update_id decides.
pub async fn store<C: ConnectionTrait>(db: &C, update: &RawUpdate) -> Result<Stored, DbErr> {
    let row = telegram_updates::ActiveModel {
        update_id: Set(update.update_id),
        chat_id: Set(update.chat_id),
        kind: Set(update.kind.clone()),
        payload: Set(update.payload.clone()),
        status: Set(initial_status(update)),
        attempts: Set(0),
        error: Set(None),
        received_at: Set(Utc::now()),
        processed_at: Set(None),
        ..Default::default()
    };
    let res = telegram_updates::Entity::insert(row)
        .on_conflict(OnConflict::column(telegram_updates::Column::UpdateId).do_nothing().to_owned())
        .exec_without_returning(db)
        .await?;
    Ok(if res == 0 { Stored::Duplicate } else { Stored::New })
}

/// Compares the webhook secret header in constant time (for equal lengths; a length mismatch is
/// an immediate no, which reveals only the length).
pub fn secret_matches(expected: &str, given: Option<&[u8]>) -> bool {
    let Some(given) = given else { return false };
    // `subtle` (already used by axum-login) guards against the optimiser short-circuiting a
    // hand-written loop; unequal lengths compare as unequal.
    bool::from(subtle::ConstantTimeEq::ct_eq(expected.as_bytes(), given))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_id_kind_and_chat() {
        let u = parse(
            br#"{"update_id": 7, "message": {"message_id": 1, "chat": {"id": -100, "type": "group"}, "date": 0}}"#,
        )
        .unwrap();
        assert_eq!((u.update_id, u.kind.as_str(), u.chat_id), (7, "message", Some(-100)));
        let u = parse(
            br#"{"update_id": 8, "callback_query": {"id": "x", "from": {"id": 5}, "message": {"chat": {"id": 5}}}}"#,
        )
        .unwrap();
        assert_eq!((u.kind.as_str(), u.chat_id), ("callback_query", Some(5)));
        let u = parse(br#"{"update_id": 9, "poll_answer": {"poll_id": "p", "user": {"id": 42}, "option_ids": [0]}}"#)
            .unwrap();
        assert_eq!(u.chat_id, Some(42));
        let u = parse(br#"{"update_id": 10, "brand_new_kind": {"x": 1}}"#).unwrap();
        assert_eq!(u.kind, "brand_new_kind");
        assert!(!u.is_known_kind());
        let u = parse(br#"{"update_id": 11}"#).unwrap();
        assert_eq!(u.kind, "empty");
    }

    #[test]
    fn rejects_what_is_not_an_update() {
        assert!(matches!(parse(b"{not json"), Err(RejectReason::NotJson(_))));
        assert_eq!(parse(b"[1,2]"), Err(RejectReason::NotAnObject));
        assert_eq!(parse(br#"{"message": {}}"#), Err(RejectReason::NoUpdateId));
        assert_eq!(parse(br#"{"update_id": "7"}"#), Err(RejectReason::NoUpdateId));
        assert!(matches!(
            parse(br#"{"update_id": 1, "message": {}, "callback_query": {}}"#),
            Err(RejectReason::SeveralKinds(_))
        ));
        let huge = format!(r#"{{"update_id": 1, "message": {{"text": "{}"}}}}"#, "x".repeat(MAX_BODY_BYTES));
        assert_eq!(parse(huge.as_bytes()), Err(RejectReason::TooLarge));
    }

    #[test]
    fn secret_comparison() {
        assert!(secret_matches("abc", Some(b"abc")));
        assert!(!secret_matches("abc", Some(b"abd")));
        assert!(!secret_matches("abc", Some(b"ab")));
        assert!(!secret_matches("abc", None));
    }
}
