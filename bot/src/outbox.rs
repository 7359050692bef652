//! The outbox: every outgoing Bot API call is a row first, then sent by a worker.
//!
//! Guarantees: per-chat order (a chat's next row waits until the previous one is sent or has
//! finally failed); one sender per row across all processes (a conditional update claims it, and
//! a lease lets another process take over a row whose sender died); network errors and 5xx are
//! retried with exponential backoff, 429 waits `retry_after`; after the last attempt the row is
//! marked failed with the reason; a customer who blocked the bot is marked blocked and nothing
//! more is sent to them.

use std::sync::LazyLock;
use std::time::Duration;

use chrono::{DateTime, Utc};
use entity::{customers, outbox};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, DbBackend, DbErr, EntityTrait, QueryFilter,
    QuerySelect, Set, Statement,
};
use serde::{Deserialize, Serialize};
use teloxide::adaptors::Throttle;
use teloxide::adaptors::throttle::Limits;
use teloxide::payloads::{AnswerCallbackQuerySetters, SendMessageSetters};
use teloxide::prelude::Requester;
use teloxide::types::{CallbackQueryId, ChatId, InlineKeyboardMarkup};
use teloxide::{ApiError, Bot, RequestError};
use types::{LogAction, OutboxMethod, OutboxStatus, TargetKind, sql_list};

use crate::action_log::{self, Action, Actor};
use crate::split::{TELEGRAM_TEXT_LIMIT, split_text};
use crate::unit::Unit;

/// Attempts before a row is marked failed (429 waits don't count).
pub const MAX_ATTEMPTS: i32 = 6;
/// How long a claimed row belongs to its sender before another process may take it over.
const LEASE: chrono::Duration = chrono::Duration::seconds(120);

/// One Bot API call, as stored in the row's payload.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "method", rename_all = "camelCase")]
pub enum Outgoing {
    #[serde(rename_all = "snake_case")]
    SendMessage {
        text: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        reply_markup: Option<InlineKeyboardMarkup>,
        /// `text` is Telegram HTML (an FAQ answer, checked when saved to fit one message, so
        /// never split); otherwise plain text.
        #[serde(default, skip_serializing_if = "std::ops::Not::not")]
        html: bool,
    },
    #[serde(rename_all = "snake_case")]
    AnswerCallbackQuery {
        callback_query_id: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        text: Option<String>,
    },
    /// An operator's photo, uploaded from the data folder by multipart (never by URL).
    #[serde(rename_all = "snake_case")]
    SendPhoto {
        file: OutFile,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        caption: Option<String>,
    },
    /// An operator's file, uploaded from the data folder by multipart.
    #[serde(rename_all = "snake_case")]
    SendDocument {
        file: OutFile,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        caption: Option<String>,
    },
    /// 2–10 photos, or 2–10 files, as one album; the caption goes on the first.
    #[serde(rename_all = "snake_case")]
    SendMediaGroup {
        files: Vec<OutFile>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        caption: Option<String>,
    },
}

/// A stored file an outbox call uploads: `message_files` row `id`, its bytes at
/// `<files dir>/<sha256>`, sent with its original name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutFile {
    pub id: i64,
    pub sha256: String,
    pub name: String,
    pub kind: types::AttachmentKind,
}

impl Outgoing {
    pub fn method(&self) -> OutboxMethod {
        match self {
            Outgoing::SendMessage { .. } => OutboxMethod::SendMessage,
            Outgoing::AnswerCallbackQuery { .. } => OutboxMethod::AnswerCallbackQuery,
            Outgoing::SendPhoto { .. } => OutboxMethod::SendPhoto,
            Outgoing::SendDocument { .. } => OutboxMethod::SendDocument,
            Outgoing::SendMediaGroup { .. } => OutboxMethod::SendMediaGroup,
        }
    }
}

/// What to send, to whom, and what it belongs to.
#[derive(Debug, Clone)]
pub struct NewOutgoing {
    pub chat_id: i64,
    pub customer_id: Option<i64>,
    pub conversation_id: Option<i64>,
    pub message_id: Option<i64>,
    pub body: Outgoing,
}

/// Stores the call (several rows for a text over Telegram's limit; the keyboard goes with the
/// last piece). Use the caller's transaction so the rows commit with the change that caused them.
pub async fn enqueue<C: ConnectionTrait>(db: &C, item: NewOutgoing) -> Result<Vec<i64>, DbErr> {
    let mut ids = Vec::new();
    for row in rows(item) {
        ids.push(row.insert(db).await?.id);
    }
    Ok(ids)
}

/// The rows for a call, to insert now or with others.
pub fn rows(item: NewOutgoing) -> Vec<outbox::ActiveModel> {
    let bodies = match item.body {
        Outgoing::SendMessage { text, reply_markup, html: true } => {
            vec![Outgoing::SendMessage { text, reply_markup, html: true }]
        }
        Outgoing::SendMessage { text, reply_markup, html: false } => {
            let pieces = split_text(&text, TELEGRAM_TEXT_LIMIT);
            let last = pieces.len() - 1;
            pieces
                .into_iter()
                .enumerate()
                .map(|(i, text)| Outgoing::SendMessage {
                    text,
                    reply_markup: if i == last { reply_markup.clone() } else { None },
                    html: false,
                })
                .collect()
        }
        other => vec![other],
    };
    let now = Utc::now();
    // The simulator's test chats are never sent to Telegram: their rows are written finished
    // (the simulator reads what would have been sent from them).
    let simulated = types::sim::is_test(item.chat_id);
    bodies
        .into_iter()
        .map(|body| outbox::ActiveModel {
            chat_id: Set(item.chat_id),
            customer_id: Set(item.customer_id),
            conversation_id: Set(item.conversation_id),
            message_id: Set(item.message_id),
            method: Set(body.method()),
            payload: Set(serde_json::to_string(&body).expect("outgoing calls serialize")),
            status: Set(if simulated { OutboxStatus::Sent } else { OutboxStatus::Pending }),
            attempts: Set(0),
            next_attempt_at: Set(now),
            locked_until: Set(None),
            last_error: Set(None),
            telegram_message_id: Set(None),
            created_at: Set(now),
            sent_at: Set(simulated.then_some(now)),
            ..Default::default()
        })
        .collect()
}

/// What to do after a failed call.
#[derive(Debug, Clone, PartialEq)]
pub enum Failure {
    /// 429: wait exactly this long; not counted as an attempt.
    RetryAfter(Duration),
    /// Network trouble or a server error: retry with backoff.
    Transient(String),
    /// The customer blocked the bot (or deleted their account): stop sending to them.
    Blocked(String),
    /// Telegram refused the call itself: retrying won't help.
    Permanent(String),
}

pub fn classify(err: &RequestError) -> Failure {
    match err {
        RequestError::RetryAfter(s) => Failure::RetryAfter(s.duration()),
        // Described by kind only: reqwest's message includes the URL, which holds the bot token.
        RequestError::Network(e) => Failure::Transient(
            if e.is_timeout() {
                "network: timeout"
            } else if e.is_connect() {
                "network: connection failed"
            } else {
                "network: request failed"
            }
            .to_string(),
        ),
        RequestError::Io(e) => Failure::Transient(format!("i/o: {e}")),
        // Proxies in front of Telegram answer 5xx with HTML.
        RequestError::InvalidJson { .. } => Failure::Transient("invalid response from Telegram".into()),
        RequestError::Api(api) => match api {
            ApiError::BotBlocked
            | ApiError::UserDeactivated
            | ApiError::BotKicked
            | ApiError::BotKickedFromSupergroup => Failure::Blocked(api.to_string()),
            // teloxide drops the HTTP status; Telegram's 5xx descriptions are these.
            ApiError::Unknown(desc)
                if ["Internal Server Error", "Bad Gateway", "Service Unavailable", "Gateway Timeout"]
                    .iter()
                    .any(|p| desc.starts_with(p)) =>
            {
                Failure::Transient(desc.clone())
            }
            other => Failure::Permanent(other.to_string()),
        },
        RequestError::MigrateToChatId(_) => Failure::Permanent("group migrated to a supergroup".into()),
    }
}

/// Seconds to wait before attempt `attempts + 1`: 1, 2, 4, 8, 16… capped at five minutes.
pub fn backoff(attempts: i32) -> Duration {
    Duration::from_secs(1u64 << attempts.clamp(0, 8) as u32).min(Duration::from_secs(300))
}

/// The outbox's rate limits. Telegram allows about 30 messages a second overall and one a second
/// per chat; the overall rate is a setting so load tests can raise it.
pub fn limits(per_sec_overall: u32) -> Limits {
    Limits { messages_per_sec_overall: per_sec_overall.max(1), ..Limits::default() }
}

/// How often the outbox re-reads its rate (a save in this process wakes it at once).
const RATE_POLL: Duration = Duration::from_secs(5);

pub struct Worker {
    pub db: DatabaseConnection,
    pub bot: Throttle<Bot>,
    pub batch: u64,
    /// Batches in flight at once. Throttle releases queued calls on a 250 ms tick and a batch is
    /// awaited as a whole, so one batch at a time would cap sending at about 4 × batch a second.
    pub lanes: usize,
    pub idle_poll: Duration,
    /// Where operators' attachments are stored (`<data dir>/files`).
    pub files_dir: std::path::PathBuf,
}

/// Rows queued in this process wake its senders (see [`wake`]); other processes' rows are found
/// by polling. A counter in a watch channel: every lane of every worker in the process sees it
/// move, even one that was busy when it did.
fn local_wake() -> &'static tokio::sync::watch::Sender<u64> {
    static WAKE: std::sync::OnceLock<tokio::sync::watch::Sender<u64>> = std::sync::OnceLock::new();
    WAKE.get_or_init(|| tokio::sync::watch::Sender::new(0))
}

/// Tells this process's outbox senders that rows were queued. [`crate::unit::Unit::commit`] calls
/// it after committing outbox rows; nothing else needs to.
pub fn wake() {
    local_wake().send_modify(|n| *n = n.wrapping_add(1));
}

impl Worker {
    pub fn new(db: DatabaseConnection, bot: Bot, per_sec_overall: u32) -> Worker {
        Worker {
            db,
            bot: Throttle::new_spawn(bot, limits(per_sec_overall)),
            batch: 256,
            lanes: 4,
            idle_poll: Duration::from_millis(200),
            files_dir: std::path::PathBuf::from("data/files"),
        }
    }

    /// The worker with operators' attachments read from `dir`.
    pub fn with_files_dir(mut self, dir: std::path::PathBuf) -> Worker {
        self.files_dir = dir;
        self
    }

    /// Runs until the task is dropped. A crash mid-send leaves the row `sending`; its lease expires
    /// and it is sent again (Telegram has no idempotency key, so at-least-once is the best possible).
    /// Several lanes claim and send at once; the claims keep them apart, and a chat's next row is
    /// claimable only when its previous one is finished, so per-chat order holds across lanes.
    pub async fn run(self) {
        let worker = std::sync::Arc::new(self);
        // Each lane is its own task (so lanes use all threads); dropping the set — when this
        // task is aborted at shutdown — aborts them too.
        let mut lanes = tokio::task::JoinSet::new();
        for _ in 0..worker.lanes {
            let w = worker.clone();
            lanes.spawn(async move { w.lane().await });
        }
        let w = worker.clone();
        lanes.spawn(async move { w.follow_rate().await });
        while lanes.join_next().await.is_some() {}
    }

    /// Keeps the overall rate at the stored setting: at once when this process saves it, within
    /// [`RATE_POLL`] when another process does.
    async fn follow_rate(&self) {
        let mut current = self.bot.limits().await.messages_per_sec_overall;
        loop {
            let woken = crate::settings::changed().notified();
            match crate::settings::load(&self.db).await {
                Ok((s, _)) if s.outbox_rate != current => {
                    self.bot.set_limits(limits(s.outbox_rate)).await;
                    tracing::info!(messages_per_second = s.outbox_rate, "outbox: rate changed");
                    current = s.outbox_rate;
                }
                Ok(_) => {}
                Err(e) => tracing::warn!(error = %e, "outbox: could not read the rate setting"),
            }
            let _ = tokio::time::timeout(RATE_POLL, woken).await;
        }
    }

    async fn lane(&self) {
        let mut woken = local_wake().subscribe();
        loop {
            match self.run_once().await {
                Ok(0) => {
                    let _ = tokio::time::timeout(self.idle_poll, woken.changed()).await;
                }
                // Others may be waiting: pass the wake-up on.
                Ok(_) => wake(),
                Err(e) => {
                    tracing::error!(error = %e, "outbox: database error");
                    tokio::time::sleep(Duration::from_secs(1)).await;
                }
            }
        }
    }

    /// Claims due rows (the oldest unfinished one of each chat), sends them concurrently and
    /// records the results (the successes in one statement).
    pub async fn run_once(&self) -> Result<usize, DbErr> {
        let started = std::time::Instant::now();
        let rows = claim(&self.db, self.batch).await?;
        let n = rows.len();
        if n == 0 {
            return Ok(0);
        }
        tracing::debug!(n, took_us = started.elapsed().as_micros() as u64, "outbox: claimed a batch");
        let customer_ids: Vec<i64> = rows.iter().filter_map(|r| r.customer_id).collect();
        let blocked: std::collections::HashSet<i64> = if customer_ids.is_empty() {
            Default::default()
        } else {
            customers::Entity::find()
                .select_only()
                .column(customers::Column::Id)
                .filter(customers::Column::Id.is_in(customer_ids))
                .filter(customers::Column::IsBlocked.eq(true))
                .into_tuple::<i64>()
                .all(&self.db)
                .await?
                .into_iter()
                .collect()
        };
        // One task per call: they run on all the runtime's threads, and each completion wakes
        // only its own task (a single future polling hundreds of calls would re-poll all of
        // them on every completion).
        let mut sends = tokio::task::JoinSet::new();
        for row in rows {
            let blocked_customer = row.customer_id.is_some_and(|id| blocked.contains(&id));
            let bot = self.bot.clone();
            let files_dir = self.files_dir.clone();
            sends.spawn(async move {
                let result = if blocked_customer {
                    Err(Failure::Permanent("customer has blocked the bot".into()))
                } else {
                    match serde_json::from_str::<Outgoing>(&row.payload) {
                        Ok(body) => send(&bot, &files_dir, row.chat_id, body).await,
                        Err(e) => Err(Failure::Permanent(format!("unreadable payload: {e}"))),
                    }
                };
                (row, result)
            });
        }
        let mut sent = Vec::new();
        let mut sent_events = Vec::new();
        let mut file_ids = Vec::new();
        while let Some(joined) = sends.join_next().await {
            let Ok((row, result)) = joined else {
                // A send task panicked: its row stays `sending` and is retried when the lease ends.
                continue;
            };
            match result {
                Ok(done) => {
                    sent_events.extend(delivery_event(&row));
                    sent.push((row.id, done.message_id));
                    file_ids.extend(done.file_ids);
                }
                Err(failure) => {
                    // A screen shows this row's delivery: its result and the event commit together.
                    let unit = Unit::begin(&self.db).await?;
                    if let Some(event) = delivery_event(&row) {
                        unit.writes().event(event);
                    }
                    handle_failure(&unit, row, failure).await?;
                    unit.commit().await?;
                }
            }
        }
        if sent_events.is_empty() {
            mark_sent(&self.db, &sent).await?;
        } else {
            let unit = Unit::begin(&self.db).await?;
            mark_sent(unit.txn(), &sent).await?;
            for event in sent_events {
                unit.writes().event(event);
            }
            unit.commit().await?;
        }
        // Telegram's ids of uploaded files: the file can be sent again by id and served back.
        for (id, file_id) in file_ids {
            entity::message_files::Entity::update_many()
                .col_expr(entity::message_files::Column::TelegramFileId, Expr::value(file_id))
                .filter(entity::message_files::Column::Id.eq(id))
                .exec(&self.db)
                .await?;
        }
        Ok(n)
    }
}

/// The live event for a row whose delivery a screen shows (an operator's reply).
fn delivery_event(row: &outbox::Model) -> Option<crate::events::NewEvent> {
    match (row.tracked, row.conversation_id, row.message_id) {
        (true, Some(conversation), Some(message)) => Some(crate::events::NewEvent::delivery(conversation, message)),
        _ => None,
    }
}

async fn handle_failure(unit: &Unit, row: outbox::Model, failure: Failure) -> Result<(), DbErr> {
    let db = unit.txn();
    let now = Utc::now();
    match failure {
        Failure::RetryAfter(wait) => {
            tracing::warn!(row = row.id, ?wait, "outbox: Telegram asked to slow down");
            reschedule(
                db,
                row,
                now + chrono::Duration::from_std(wait).unwrap_or_default(),
                false,
                "429 Too Many Requests",
            )
            .await
        }
        Failure::Transient(why) if row.attempts + 1 < MAX_ATTEMPTS => {
            let wait = backoff(row.attempts);
            tracing::warn!(row = row.id, attempt = row.attempts + 1, ?wait, %why, "outbox: retrying");
            reschedule(db, row, now + chrono::Duration::from_std(wait).unwrap_or_default(), true, &why).await
        }
        Failure::Transient(why) => {
            finish_failed(db, &row, &format!("gave up after {MAX_ATTEMPTS} attempts: {why}")).await
        }
        Failure::Permanent(why) => finish_failed(db, &row, &why).await,
        Failure::Blocked(why) => {
            tracing::info!(chat = row.chat_id, "outbox: the customer blocked the bot");
            let newly_blocked = mark_blocked(db, row.chat_id).await?;
            finish_failed(db, &row, &why).await?;
            // Nothing more goes to this chat.
            outbox::Entity::update_many()
                .col_expr(outbox::Column::Status, Expr::value(OutboxStatus::Failed))
                .col_expr(outbox::Column::LastError, Expr::value("customer has blocked the bot"))
                .filter(outbox::Column::ChatId.eq(row.chat_id))
                .filter(outbox::Column::Status.is_in(OutboxStatus::UNFINISHED.iter().copied()))
                .exec(db)
                .await?;
            if newly_blocked && let Some(customer_id) = row.customer_id {
                crate::history::note_blocked(db, unit.writes(), customer_id, Utc::now()).await?;
            }
            Ok(())
        }
    }
}

/// A call's result: the Telegram message id (the first of an album) and the ids Telegram gave
/// the uploaded files, by `message_files` id.
#[derive(Debug, Default)]
struct Done {
    message_id: Option<i64>,
    file_ids: Vec<(i64, String)>,
}

/// The `InputFile` of a stored attachment, read from disk by teloxide as it uploads (multipart).
/// A missing file is retried like a network error: with several server processes the row may
/// have been claimed by one that doesn't share the data folder of the one that stored it (the
/// folder should be shared: README, "Production"), and a later claim may land on the right one.
fn input_file(dir: &std::path::Path, file: &OutFile) -> Result<teloxide::types::InputFile, Failure> {
    if file.sha256.len() != 64 || !file.sha256.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(Failure::Permanent("bad file reference".into()));
    }
    let path = dir.join(&file.sha256);
    if !path.is_file() {
        return Err(Failure::Transient(format!(
            "the stored file of {} is missing from this server's data folder",
            file.name
        )));
    }
    Ok(teloxide::types::InputFile::file(path).file_name(file.name.clone()))
}

/// The id Telegram gave the file a sent message carries.
fn sent_file_id(msg: &teloxide::types::Message) -> Option<String> {
    if let Some(sizes) = msg.photo() {
        return sizes.last().map(|p| p.file.id.0.clone());
    }
    msg.document().map(|d| d.file.id.0.clone())
}

/// Telegram refused an upload as a photo (too long or wide, or an image it can't process): it
/// can still go as a file.
fn photo_refused(err: &RequestError) -> bool {
    match err {
        RequestError::Api(ApiError::ImageProcessFailed) => true,
        RequestError::Api(ApiError::Unknown(desc)) => {
            ["PHOTO_INVALID_DIMENSIONS", "PHOTO_SAVE_FILE_INVALID", "PHOTO_EXT_INVALID"]
                .iter()
                .any(|c| desc.contains(c))
        }
        _ => false,
    }
}

/// The same call with its photos sent as files (after [`photo_refused`]); `None` when it has no
/// photos.
fn as_documents(body: &Outgoing) -> Option<Outgoing> {
    let doc = |f: &OutFile| OutFile { kind: types::AttachmentKind::Document, ..f.clone() };
    match body {
        Outgoing::SendPhoto { file, caption } => {
            Some(Outgoing::SendDocument { file: doc(file), caption: caption.clone() })
        }
        Outgoing::SendMediaGroup { files, caption } if files.iter().any(|f| f.kind == types::AttachmentKind::Photo) => {
            Some(Outgoing::SendMediaGroup { files: files.iter().map(doc).collect(), caption: caption.clone() })
        }
        _ => None,
    }
}

async fn send(throttled: &Throttle<Bot>, dir: &std::path::Path, chat_id: i64, body: Outgoing) -> Result<Done, Failure> {
    let fallback = as_documents(&body);
    match send_once(throttled, dir, chat_id, body).await {
        Err(Sent::Refused(e)) if photo_refused(&e) && fallback.is_some() => {
            tracing::info!(chat = chat_id, "outbox: Telegram refused a photo; sending it as a file");
            send_once(throttled, dir, chat_id, fallback.expect("checked")).await.map_err(Sent::failure)
        }
        other => other.map_err(Sent::failure),
    }
}

/// Why a call failed: before it was made (a stored file), or Telegram's answer.
enum Sent {
    Before(Failure),
    Refused(RequestError),
}

impl Sent {
    fn failure(self) -> Failure {
        match self {
            Sent::Before(f) => f,
            Sent::Refused(e) => classify(&e),
        }
    }
}

impl From<Failure> for Sent {
    fn from(f: Failure) -> Sent {
        Sent::Before(f)
    }
}

async fn send_once(
    throttled: &Throttle<Bot>,
    dir: &std::path::Path,
    chat_id: i64,
    body: Outgoing,
) -> Result<Done, Sent> {
    use teloxide::payloads::{SendDocumentSetters, SendPhotoSetters};
    use teloxide::types::{InputMedia, InputMediaDocument, InputMediaPhoto};
    // Uploads skip Throttle: its own retry after a 429 re-sends a multipart request that never
    // completes (seen with teloxide 0.17). A 429 comes back here instead and the row waits its
    // `retry_after` like any other (see `handle_failure`); uploads are few, so the overall rate
    // holds.
    let bot = throttled.inner();
    match body {
        Outgoing::SendPhoto { file, caption } => {
            let mut req = bot.send_photo(ChatId(chat_id), input_file(dir, &file)?);
            if let Some(c) = caption {
                req = req.caption(c);
            }
            let msg = req.await.map_err(Sent::Refused)?;
            Ok(Done {
                message_id: Some(i64::from(msg.id.0)),
                file_ids: sent_file_id(&msg).map(|f| (file.id, f)).into_iter().collect(),
            })
        }
        Outgoing::SendDocument { file, caption } => {
            let mut req = bot.send_document(ChatId(chat_id), input_file(dir, &file)?);
            if let Some(c) = caption {
                req = req.caption(c);
            }
            let msg = req.await.map_err(Sent::Refused)?;
            Ok(Done {
                message_id: Some(i64::from(msg.id.0)),
                file_ids: sent_file_id(&msg).map(|f| (file.id, f)).into_iter().collect(),
            })
        }
        Outgoing::SendMediaGroup { files, caption } => {
            let mut media = Vec::with_capacity(files.len());
            for (i, f) in files.iter().enumerate() {
                let input = input_file(dir, f)?;
                let caption = if i == 0 { caption.clone() } else { None };
                media.push(match f.kind {
                    types::AttachmentKind::Photo => {
                        let mut m = InputMediaPhoto::new(input);
                        m.caption = caption;
                        InputMedia::Photo(m)
                    }
                    types::AttachmentKind::Document => {
                        let mut m = InputMediaDocument::new(input);
                        m.caption = caption;
                        InputMedia::Document(m)
                    }
                });
            }
            let msgs = bot.send_media_group(ChatId(chat_id), media).await.map_err(Sent::Refused)?;
            let file_ids = files.iter().zip(&msgs).filter_map(|(f, m)| sent_file_id(m).map(|id| (f.id, id))).collect();
            Ok(Done { message_id: msgs.first().map(|m| i64::from(m.id.0)), file_ids })
        }
        other => send_text(throttled, chat_id, other)
            .await
            .map(|message_id| Done { message_id, file_ids: Vec::new() })
            .map_err(Sent::Refused),
    }
}

async fn send_text(bot: &Throttle<Bot>, chat_id: i64, body: Outgoing) -> Result<Option<i64>, RequestError> {
    match body {
        Outgoing::SendMessage { text, reply_markup, html } => {
            let mut req = bot.send_message(ChatId(chat_id), text);
            if let Some(markup) = reply_markup {
                req = req.reply_markup(markup);
            }
            if html {
                req = req.parse_mode(teloxide::types::ParseMode::Html);
            }
            let msg = req.await?;
            Ok(Some(i64::from(msg.id.0)))
        }
        Outgoing::AnswerCallbackQuery { callback_query_id, text } => {
            let mut req = bot.answer_callback_query(CallbackQueryId(callback_query_id));
            if let Some(t) = text {
                req = req.text(t);
            }
            req.await?;
            Ok(None)
        }
        Outgoing::SendPhoto { .. } | Outgoing::SendDocument { .. } | Outgoing::SendMediaGroup { .. } => {
            unreachable!("files are sent by `send`")
        }
    }
}

/// The oldest unfinished message of each chat, when it is due, and any due answer to a button
/// press, claimed so that each row has exactly one sender even with several lanes and processes.
/// Button answers only stop the client's spinner and Telegram shows them out of band, so they
/// don't wait behind the chat's queue of messages.
///
/// One statement with a fixed text (planned once), finding each candidate's chat head through the
/// partial index `idx_outbox_unfinished`. On PostgreSQL the candidates are locked with
/// `FOR UPDATE SKIP LOCKED`: concurrent claims (other lanes, other processes) skip each other's
/// rows instead of waiting for them, and a row another claim took meanwhile fails the re-checked
/// condition. (SQLite has one writer, so its claims never run concurrently.)
pub async fn claim(db: &DatabaseConnection, limit: u64) -> Result<Vec<outbox::Model>, DbErr> {
    // The states are spelled by their enum; the text is built once, so it stays fixed.
    static CANDIDATES: LazyLock<String> = LazyLock::new(|| {
        let (pending, sending) = (OutboxStatus::Pending, OutboxStatus::Sending);
        let answer = OutboxMethod::AnswerCallbackQuery;
        let unfinished = sql_list(OutboxStatus::UNFINISHED, OutboxStatus::as_str);
        format!(
            "SELECT o.id FROM outbox o \
             WHERE ((o.status = '{pending}' AND o.next_attempt_at <= $2) OR (o.status = '{sending}' AND o.locked_until < $2)) \
               AND (o.method = '{answer}' \
                    OR o.id = (SELECT MIN(h.id) FROM outbox h \
                               WHERE h.chat_id = o.chat_id AND h.status IN ({unfinished}) \
                                 AND h.method <> '{answer}')) \
             ORDER BY o.id LIMIT $3"
        )
    });
    static POSTGRES: LazyLock<String> = LazyLock::new(|| {
        format!(
            "WITH due AS ({} FOR UPDATE OF o SKIP LOCKED) \
             UPDATE outbox SET status = '{}', locked_until = $1 FROM due WHERE outbox.id = due.id \
             RETURNING outbox.*",
            *CANDIDATES,
            OutboxStatus::Sending
        )
    });
    // SQLite: positional `?`, each occurrence its own value.
    static SQLITE: LazyLock<String> = LazyLock::new(|| {
        let (pending, sending) = (OutboxStatus::Pending, OutboxStatus::Sending);
        format!(
            "UPDATE outbox SET status = '{sending}', locked_until = ? WHERE id IN ({}) \
             AND ((status = '{pending}' AND next_attempt_at <= ?) OR (status = '{sending}' AND locked_until < ?)) \
             RETURNING *",
            *CANDIDATES
        )
        .replace("$2", "?")
        .replace("$3", "?")
    });
    let now = Utc::now();
    let backend = db.get_database_backend();
    let (lease, now, limit_value): (sea_orm::Value, sea_orm::Value, sea_orm::Value) =
        ((now + LEASE).into(), now.into(), (limit as i64).into());
    let stmt = if backend == DbBackend::Postgres {
        Statement::from_sql_and_values(backend, POSTGRES.as_str(), [lease, now, limit_value])
    } else {
        Statement::from_sql_and_values(
            backend,
            SQLITE.as_str(),
            [lease, now.clone(), now.clone(), limit_value, now.clone(), now],
        )
    };
    let mut claimed = outbox::Entity::find().from_raw_sql(stmt).all(db).await?;
    claimed.sort_by_key(|r| r.id);
    Ok(claimed)
}

/// Records delivered rows with their Telegram message ids, in one statement. The rows travel as
/// one JSON array parameter, so the statement's text (and plan) is the same for any batch size.
async fn mark_sent<C: ConnectionTrait>(db: &C, sent: &[(i64, Option<i64>)]) -> Result<(), DbErr> {
    if sent.is_empty() {
        return Ok(());
    }
    let rows = serde_json::to_string(sent).expect("ids serialize");
    let backend = db.get_database_backend();
    static POSTGRES: LazyLock<String> = LazyLock::new(|| {
        format!(
            "UPDATE outbox SET status = '{}', attempts = outbox.attempts + 1, sent_at = $2, locked_until = NULL, \
             last_error = NULL, telegram_message_id = (e->>1)::bigint \
             FROM jsonb_array_elements($1::jsonb) AS e WHERE outbox.id = (e->>0)::bigint",
            OutboxStatus::Sent
        )
    });
    static SQLITE: LazyLock<String> = LazyLock::new(|| {
        format!(
            "UPDATE outbox SET status = '{}', attempts = attempts + 1, sent_at = ?, locked_until = NULL, \
             last_error = NULL, telegram_message_id = json_extract(e.value, '$[1]') \
             FROM json_each(?) AS e WHERE outbox.id = json_extract(e.value, '$[0]')",
            OutboxStatus::Sent
        )
    });
    let sql = match backend {
        DbBackend::Postgres => POSTGRES.as_str(),
        _ => SQLITE.as_str(),
    };
    let now = sea_orm::Value::from(Utc::now());
    let values = match backend {
        DbBackend::Postgres => vec![rows.into(), now],
        _ => vec![now, rows.into()],
    };
    db.execute_raw(Statement::from_sql_and_values(backend, sql, values)).await?;
    Ok(())
}

async fn reschedule<C: ConnectionTrait>(
    db: &C,
    row: outbox::Model,
    at: DateTime<Utc>,
    count_attempt: bool,
    why: &str,
) -> Result<(), DbErr> {
    let attempts = row.attempts + i32::from(count_attempt);
    let mut am: outbox::ActiveModel = row.into();
    am.status = Set(OutboxStatus::Pending);
    am.attempts = Set(attempts);
    am.next_attempt_at = Set(at);
    am.locked_until = Set(None);
    am.last_error = Set(Some(why.to_string()));
    am.update(db).await?;
    Ok(())
}

async fn finish_failed<C: ConnectionTrait>(db: &C, row: &outbox::Model, why: &str) -> Result<(), DbErr> {
    tracing::warn!(row = row.id, chat = row.chat_id, why, "outbox: delivery failed for good");
    let mut am: outbox::ActiveModel = row.clone().into();
    am.status = Set(OutboxStatus::Failed);
    am.attempts = Set(row.attempts + 1);
    am.locked_until = Set(None);
    am.last_error = Set(Some(why.to_string()));
    am.update(db).await?;
    Ok(())
}

/// Marks the chat's customer as having blocked the bot, and logs it once. True when the customer
/// was not marked before.
pub async fn mark_blocked<C: ConnectionTrait>(db: &C, chat_id: i64) -> Result<bool, DbErr> {
    let Some(customer) = customers::Entity::find().filter(customers::Column::ChatId.eq(chat_id)).one(db).await? else {
        return Ok(false);
    };
    if customer.is_blocked {
        return Ok(false);
    }
    let (id, name) = (customer.id, customer.first_name.clone());
    let mut am: customers::ActiveModel = customer.into();
    am.is_blocked = Set(true);
    am.update(db).await?;
    action_log::record(
        db,
        Action::new(&Actor::Customer { id, name }, LogAction::BotBlocked).target(TargetKind::Customer, id),
    )
    .await?;
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_and_is_capped() {
        assert_eq!(backoff(0), Duration::from_secs(1));
        assert_eq!(backoff(3), Duration::from_secs(8));
        assert_eq!(backoff(20), Duration::from_secs(256));
    }

    #[test]
    fn failures_are_classified() {
        assert_eq!(
            classify(&RequestError::Api(ApiError::BotBlocked)),
            Failure::Blocked("Forbidden: bot was blocked by the user".into())
        );
        assert_eq!(
            classify(&RequestError::Api(ApiError::Unknown("Internal Server Error".into()))),
            Failure::Transient("Internal Server Error".into())
        );
        assert!(matches!(classify(&RequestError::Api(ApiError::MessageTextIsEmpty)), Failure::Permanent(_)));
        assert_eq!(
            classify(&RequestError::RetryAfter(teloxide::types::Seconds::from_seconds(3))),
            Failure::RetryAfter(Duration::from_secs(3))
        );
    }

    #[test]
    fn refused_photos_go_again_as_files() {
        let photo =
            OutFile { id: 1, sha256: "a".repeat(64), name: "long.png".into(), kind: types::AttachmentKind::Photo };
        let doc = OutFile { kind: types::AttachmentKind::Document, ..photo.clone() };
        assert!(photo_refused(&RequestError::Api(ApiError::Unknown("Bad Request: PHOTO_INVALID_DIMENSIONS".into()))));
        assert!(photo_refused(&RequestError::Api(ApiError::ImageProcessFailed)));
        assert!(!photo_refused(&RequestError::Api(ApiError::BotBlocked)));
        assert_eq!(
            as_documents(&Outgoing::SendPhoto { file: photo.clone(), caption: Some("c".into()) }),
            Some(Outgoing::SendDocument { file: doc.clone(), caption: Some("c".into()) })
        );
        assert_eq!(
            as_documents(&Outgoing::SendMediaGroup { files: vec![photo.clone(), photo], caption: None }),
            Some(Outgoing::SendMediaGroup { files: vec![doc.clone(), doc.clone()], caption: None })
        );
        assert_eq!(as_documents(&Outgoing::SendDocument { file: doc, caption: None }), None);
    }

    #[test]
    fn payloads_round_trip() {
        let body = Outgoing::SendMessage { text: "hi".into(), reply_markup: None, html: false };
        let json = serde_json::to_string(&body).unwrap();
        assert_eq!(json, r#"{"method":"sendMessage","text":"hi"}"#);
        assert_eq!(serde_json::from_str::<Outgoing>(&json).unwrap(), body);
        let cb = Outgoing::AnswerCallbackQuery { callback_query_id: "42".into(), text: Some("ok".into()) };
        assert_eq!(serde_json::from_str::<Outgoing>(&serde_json::to_string(&cb).unwrap()).unwrap(), cb);
        let file =
            OutFile { id: 7, sha256: "ab".repeat(32), name: "a.pdf".into(), kind: types::AttachmentKind::Document };
        let album = Outgoing::SendMediaGroup { files: vec![file.clone(), file], caption: Some("c".into()) };
        let json = serde_json::to_string(&album).unwrap();
        assert!(json.starts_with(r#"{"method":"sendMediaGroup","files":[{"id":7,"#), "{json}");
        assert_eq!(serde_json::from_str::<Outgoing>(&json).unwrap(), album);
        assert_eq!(album.method(), OutboxMethod::SendMediaGroup);
    }
}
