//! The simulator: an admin talks to the bot as a test customer, through the same path a real
//! customer's messages take — the update is stored like a webhook delivery, the update worker
//! applies it with the same engine on the same data — and reads back what the bot would have sent.
//!
//! Guarantees:
//! - each admin has one test customer, the chat `types::sim::chat_for(staff id)`, below every id
//!   Telegram can give; its outbox rows are written finished (`outbox::rows`), so nothing of a
//!   test conversation reaches Telegram, with or without a bot token;
//! - test conversations are left out of the FAQ statistics, the unanswered queue and the
//!   thresholds' "last 30 days" (they are recognised by that chat id), and they do appear in the
//!   inbox (marked), so the handoff and the rating can be tried too;
//! - [`send`] returns once the worker has applied the update (or after [`WAIT`]); the transcript
//!   is read from the stored messages and the outbox rows — exactly what Telegram would have got —
//!   with, under each customer message, the bot's logged decisions about it (FAQ entry and score,
//!   suggestions with scores, handoff reason, menu button and action).

use std::time::Duration;

use chrono::{DateTime, Utc};
use entity::{action_log, customers, messages, outbox, telegram_updates};
use sea_orm::{ColumnTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use serde_json::{Value, json};
use types::{ActorKind, LogAction, Sender, UpdateStatus};

use crate::ingest::{self, RejectReason};
use crate::outbox::Outgoing;

/// How long [`send`] waits for the worker.
pub const WAIT: Duration = Duration::from_secs(10);
/// The most messages a transcript shows (the newest).
pub const TRANSCRIPT: u64 = 200;

/// Who the test customer is.
#[derive(Debug, Clone)]
pub struct Tester<'a> {
    pub staff_id: i64,
    pub name: &'a str,
    /// The test customer's Telegram language (`ru`, `en`).
    pub lang: &'a str,
}

/// What the test customer does.
#[derive(Debug, Clone)]
pub enum Act {
    Says(String),
    Taps(String),
}

#[derive(Debug, thiserror::Error)]
pub enum SimError {
    #[error("the update was refused: {0:?}")]
    Refused(RejectReason),
    #[error("the bot did not process the message within {0:?}")]
    Timeout(Duration),
    #[error(transparent)]
    Db(#[from] DbErr),
}

fn update_json(t: &Tester<'_>, act: &Act, update_id: i64, now: DateTime<Utc>) -> Value {
    let chat = types::sim::chat_for(t.staff_id);
    let from = json!({ "id": chat, "is_bot": false, "first_name": t.name, "language_code": t.lang });
    let date = now.timestamp();
    match act {
        Act::Says(text) => json!({
            "update_id": update_id,
            "message": {
                "message_id": (now.timestamp_millis() % 1_000_000_000),
                "date": date,
                "chat": { "id": chat, "type": "private", "first_name": t.name },
                "from": from,
                "text": text,
            }
        }),
        Act::Taps(data) => json!({
            "update_id": update_id,
            "callback_query": {
                "id": format!("sim{}", -update_id),
                "from": from,
                "chat_instance": "simulator",
                "data": data,
                "message": { "message_id": 1, "date": date, "chat": { "id": chat, "type": "private" } },
            }
        }),
    }
}

/// Stores the test customer's message or tap as an update and waits until the bot has applied it.
pub async fn send(db: &DatabaseConnection, t: Tester<'_>, act: Act) -> Result<(), SimError> {
    let now = Utc::now();
    // Negative: apart from Telegram's update ids (positive), and unique per microsecond.
    let update_id = -now.timestamp_micros();
    let body = serde_json::to_vec(&update_json(&t, &act, update_id, now)).expect("json serialises");
    let raw = ingest::parse(&body).map_err(SimError::Refused)?;
    ingest::store(db, &raw).await?;
    let deadline = tokio::time::Instant::now() + WAIT;
    loop {
        let status: Option<UpdateStatus> = telegram_updates::Entity::find()
            .select_only()
            .column(telegram_updates::Column::Status)
            .filter(telegram_updates::Column::UpdateId.eq(update_id))
            .into_tuple()
            .one(db)
            .await?;
        if status.is_some_and(|s| s != UpdateStatus::Pending) {
            return Ok(());
        }
        if tokio::time::Instant::now() >= deadline {
            return Err(SimError::Timeout(WAIT));
        }
        tokio::time::sleep(Duration::from_millis(40)).await;
    }
}

/// A button under a message: a callback (tapped in the simulator) or a link.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SimButton {
    pub text: String,
    pub data: Option<String>,
    pub url: Option<String>,
}

/// A decision the bot logged about a customer message.
#[derive(Debug, Clone, PartialEq)]
pub struct Why {
    pub action: LogAction,
    pub details: Value,
}

/// One message of the transcript.
#[derive(Debug, Clone, PartialEq)]
pub struct SimMessage {
    pub id: i64,
    pub at: DateTime<Utc>,
    pub sender: Sender,
    /// As sent: Telegram HTML when `html`.
    pub text: String,
    pub html: bool,
    pub keyboard: Vec<Vec<SimButton>>,
    /// For a customer message: what the bot decided about it.
    pub why: Vec<Why>,
    pub conversation_id: i64,
}

/// The test customer of `staff_id`, if they have written yet.
pub async fn customer(db: &DatabaseConnection, staff_id: i64) -> Result<Option<customers::Model>, DbErr> {
    customers::Entity::find().filter(customers::Column::TelegramUserId.eq(types::sim::chat_for(staff_id))).one(db).await
}

fn buttons(markup: &teloxide::types::InlineKeyboardMarkup) -> Vec<Vec<SimButton>> {
    use teloxide::types::InlineKeyboardButtonKind as K;
    markup
        .inline_keyboard
        .iter()
        .map(|row| {
            row.iter()
                .map(|b| SimButton {
                    text: b.text.clone(),
                    data: match &b.kind {
                        K::CallbackData(d) => Some(d.clone()),
                        _ => None,
                    },
                    url: match &b.kind {
                        K::Url(u) => Some(u.to_string()),
                        _ => None,
                    },
                })
                .collect()
        })
        .collect()
}

/// The newest [`TRANSCRIPT`] messages of the test customer of `staff_id`, oldest first.
pub async fn transcript(db: &DatabaseConnection, staff_id: i64) -> Result<Vec<SimMessage>, DbErr> {
    let Some(customer) = customer(db, staff_id).await? else { return Ok(Vec::new()) };
    let mut rows = messages::Entity::find()
        .filter(messages::Column::CustomerId.eq(customer.id))
        .order_by_desc(messages::Column::Id)
        .limit(TRANSCRIPT)
        .all(db)
        .await?;
    rows.reverse();
    let ids: Vec<i64> = rows.iter().map(|m| m.id).collect();
    let sent = outbox::Entity::find()
        .filter(outbox::Column::MessageId.is_in(ids))
        .order_by_asc(outbox::Column::Id)
        .all(db)
        .await?;
    let since = rows.first().map(|m| m.created_at).unwrap_or_else(Utc::now);
    let logs = action_log::Entity::find()
        .filter(action_log::Column::CustomerId.eq(customer.id))
        .filter(action_log::Column::ActorKind.eq(ActorKind::Customer))
        .filter(action_log::Column::At.gte(since))
        .order_by_asc(action_log::Column::Id)
        .all(db)
        .await?;
    let mut out: Vec<SimMessage> = Vec::with_capacity(rows.len());
    for m in rows {
        // What was sent for this message: the text as sent (HTML or plain, the pieces of a long
        // one joined) and the keyboard of its last piece.
        let mut text = String::new();
        let mut html = false;
        let mut keyboard = Vec::new();
        for o in sent.iter().filter(|o| o.message_id == Some(m.id)) {
            if let Ok(Outgoing::SendMessage { text: t, reply_markup, html: h }) = serde_json::from_str(&o.payload) {
                text.push_str(&t);
                html = h;
                if let Some(k) = reply_markup {
                    keyboard = buttons(&k);
                }
            }
        }
        if text.is_empty() {
            text = m.text.clone().or_else(|| m.caption.clone()).unwrap_or_default();
        }
        out.push(SimMessage {
            id: m.id,
            at: m.created_at,
            sender: m.sender,
            text,
            html,
            keyboard,
            why: Vec::new(),
            conversation_id: m.conversation_id,
        });
    }
    // Each logged decision goes under the customer message (or tap) it followed.
    for l in logs {
        if !is_decision(l.action) {
            continue;
        }
        let details: Value = serde_json::from_str(&l.details).unwrap_or(Value::Null);
        let why = Why { action: l.action, details };
        match out.iter_mut().rev().find(|m| m.sender == Sender::Customer && m.at <= l.at) {
            Some(m) => m.why.push(why),
            None => {
                if let Some(m) = out.iter_mut().find(|m| m.sender == Sender::Customer) {
                    m.why.push(why)
                }
            }
        }
    }
    Ok(out)
}

fn is_decision(a: LogAction) -> bool {
    matches!(
        a,
        LogAction::BotCommand
            | LogAction::BotButton
            | LogAction::BotMenuButton
            | LogAction::BotFaqAnswer
            | LogAction::BotSuggestions
            | LogAction::BotSuggestionChosen
            | LogAction::BotHelped
            | LogAction::BotNotHelped
            | LogAction::BotHandoff
            | LogAction::BotRating
    )
}
