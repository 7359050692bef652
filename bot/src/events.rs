//! Live events for the inbox screens.
//!
//! Every change a screen shows (a conversation handed off, taken, resolved; a message; a
//! delivery result) writes an `events` row in the transaction that makes the change, so an event
//! exists exactly when its change committed. Event ids are the order browsers see: a browser
//! that reconnects asks for the ids after the last one it saw and misses nothing.
//!
//! Ids become visible in order, which is what lets a reader keep a single cursor:
//! - SQLite has one writer at a time, holding the write lock until it commits, so a larger id
//!   never commits before a smaller one.
//! - PostgreSQL hands out sequence values to concurrent transactions that may commit in any
//!   order. Writers therefore take a transaction-scoped advisory lock just before inserting their
//!   events (the last statements of the transaction), so the next writer gets its ids only after
//!   the previous one committed or rolled back. Once id N is visible, every id below N is final.
//!
//! Each process runs one [`Hub`]: it reads new rows after its cursor and broadcasts them to the
//! browsers connected to that process. It is woken by PostgreSQL's NOTIFY (sent inside the
//! writing transaction, so delivered on commit, to every process: two servers on one database
//! behave as one), by writers in the same process, and once a second as a safety net.

use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};
use std::time::Duration;

use chrono::{DateTime, Utc};
use entity::events;
use sea_orm::{
    ActiveValue::NotSet, ColumnTrait, ConnectionTrait, DatabaseConnection, DbBackend, DbErr, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect, Set, Statement,
};
use serde::{Deserialize, Serialize};
use tokio::sync::{Notify, broadcast};

/// The PostgreSQL channel the hubs listen on.
pub const CHANNEL: &str = "supportbot_events";
/// The advisory lock key that orders event writers on PostgreSQL ("sbevents").
const ORDER_LOCK: i64 = 0x7362_6576_656e_7473;
/// Events a browser can catch up on after a disconnect; beyond that it reloads everything.
pub const CATCH_UP_LIMIT: u64 = 2000;
/// How long events are kept (a browser away longer reloads everything).
pub const KEEP: chrono::TimeDelta = chrono::TimeDelta::hours(24);

/// Which change an event reports (the enum the browser shares).
pub use types::EventKind as Kind;

/// One event as browsers receive it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Event {
    pub id: i64,
    pub kind: Kind,
    pub conversation_id: Option<i64>,
    pub message_id: Option<i64>,
    pub at: DateTime<Utc>,
}

impl Event {
    fn from_row(r: events::Model) -> Event {
        Event { id: r.id, kind: r.kind, conversation_id: r.conversation_id, message_id: r.message_id, at: r.at }
    }
}

/// An event about to be written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NewEvent {
    pub kind: Kind,
    /// None for changes that aren't about a conversation (the FAQ).
    pub conversation_id: Option<i64>,
    pub message_id: Option<i64>,
}

impl NewEvent {
    pub fn conversation(conversation_id: i64) -> NewEvent {
        NewEvent { kind: Kind::Conversation, conversation_id: Some(conversation_id), message_id: None }
    }

    /// A system line (handed off, taken, resolved…) changed the conversation.
    pub fn system_line(conversation_id: i64, message_id: i64) -> NewEvent {
        NewEvent { kind: Kind::Conversation, conversation_id: Some(conversation_id), message_id: Some(message_id) }
    }

    pub fn message(conversation_id: i64, message_id: i64) -> NewEvent {
        NewEvent { kind: Kind::Message, conversation_id: Some(conversation_id), message_id: Some(message_id) }
    }

    pub fn delivery(conversation_id: i64, message_id: i64) -> NewEvent {
        NewEvent { kind: Kind::Delivery, conversation_id: Some(conversation_id), message_id: Some(message_id) }
    }

    /// The FAQ changed (every process's matcher follows; browsers of the inbox don't get it).
    pub fn faq() -> NewEvent {
        NewEvent { kind: Kind::Faq, conversation_id: None, message_id: None }
    }

    fn row(&self, at: DateTime<Utc>) -> events::ActiveModel {
        events::ActiveModel {
            id: NotSet,
            at: Set(at),
            kind: Set(self.kind),
            conversation_id: Set(self.conversation_id),
            message_id: Set(self.message_id),
        }
    }
}

/// Writers in this process wake the hubs in this process (on SQLite that is the only way; on
/// PostgreSQL NOTIFY does it too, and an extra wake costs one cheap query). A counter in a watch
/// channel: every hub sees that it moved, even if it was busy when it did.
fn local_wake() -> &'static tokio::sync::watch::Sender<u64> {
    static WAKE: std::sync::OnceLock<tokio::sync::watch::Sender<u64>> = std::sync::OnceLock::new();
    WAKE.get_or_init(|| tokio::sync::watch::Sender::new(0))
}

/// Tells this process's hubs that a transaction with events has just committed.
/// [`crate::unit::Unit::commit`] calls it; writers don't (and a hub polls each second anyway).
pub fn committed() {
    local_wake().send_modify(|n| *n = n.wrapping_add(1));
}

/// Writes events in the caller's transaction. Call it as late as possible in the transaction
/// (on PostgreSQL it holds the ordering lock until commit). `db` must be a transaction on
/// PostgreSQL, or the lock would end with the statement.
pub async fn publish<C: ConnectionTrait>(db: &C, events: &[NewEvent]) -> Result<(), DbErr> {
    if events.is_empty() {
        return Ok(());
    }
    let backend = db.get_database_backend();
    if backend == DbBackend::Postgres {
        db.execute_raw(Statement::from_sql_and_values(
            backend,
            "SELECT pg_advisory_xact_lock($1)",
            [ORDER_LOCK.into()],
        ))
        .await?;
    }
    let now = Utc::now();
    for chunk in events.chunks(400) {
        events::Entity::insert_many(chunk.iter().map(|e| e.row(now))).exec_without_returning(db).await?;
    }
    if backend == DbBackend::Postgres {
        // Delivered to every listening process when (and only if) the transaction commits.
        db.execute_raw(Statement::from_string(backend, format!("NOTIFY {CHANNEL}"))).await?;
    }
    Ok(())
}

/// The id of the newest event (0 when there is none).
pub async fn latest_id<C: ConnectionTrait>(db: &C) -> Result<i64, DbErr> {
    let id: Option<Option<i64>> =
        events::Entity::find().select_only().column_as(events::Column::Id.max(), "m").into_tuple().one(db).await?;
    Ok(id.flatten().unwrap_or(0))
}

/// Events after `after`, oldest first, at most `limit`.
pub async fn since<C: ConnectionTrait>(db: &C, after: i64, limit: u64) -> Result<Vec<Event>, DbErr> {
    Ok(events::Entity::find()
        .filter(events::Column::Id.gt(after))
        .order_by_asc(events::Column::Id)
        .limit(limit)
        .all(db)
        .await?
        .into_iter()
        .map(Event::from_row)
        .collect())
}

/// Deletes events older than [`KEEP`].
pub async fn prune<C: ConnectionTrait>(db: &C) -> Result<u64, DbErr> {
    Ok(events::Entity::delete_many().filter(events::Column::At.lt(Utc::now() - KEEP)).exec(db).await?.rows_affected)
}

/// This process's reader of the event feed, broadcasting to its connected browsers.
#[derive(Clone)]
pub struct Hub {
    db: DatabaseConnection,
    sender: broadcast::Sender<Arc<Event>>,
    /// Every event up to this id has been broadcast.
    cursor: Arc<AtomicI64>,
    /// Set when the server shuts down: followers end their streams (so browsers reconnect to
    /// another process at once, and shutdown doesn't wait for them).
    closing: tokio::sync::watch::Sender<bool>,
}

impl Hub {
    /// Starts reading after the newest event now in the database.
    pub async fn start(db: DatabaseConnection) -> Result<Hub, DbErr> {
        let cursor = latest_id(&db).await?;
        let (sender, _) = broadcast::channel(4096);
        let hub = Hub {
            db,
            sender,
            cursor: Arc::new(AtomicI64::new(cursor)),
            closing: tokio::sync::watch::Sender::new(false),
        };
        let wake = Arc::new(Notify::new());
        if hub.db.get_database_backend() == DbBackend::Postgres {
            tokio::spawn(listen(hub.db.clone(), wake.clone()));
        }
        tokio::spawn(hub.clone().read_forever(wake));
        Ok(hub)
    }

    pub fn db(&self) -> &DatabaseConnection {
        &self.db
    }

    /// Every event up to this id has been broadcast; later ones will be.
    pub fn cursor(&self) -> i64 {
        self.cursor.load(Ordering::Acquire)
    }

    /// Tells every follower to end (server shutdown).
    pub fn close(&self) {
        self.closing.send_replace(true);
    }

    /// Resolves when the server shuts down.
    pub async fn closed(&self) {
        let mut rx = self.closing.subscribe();
        let _ = rx.wait_for(|c| *c).await;
    }

    pub fn subscribe(&self) -> broadcast::Receiver<Arc<Event>> {
        self.sender.subscribe()
    }

    /// How many browsers are connected to this process.
    pub fn subscribers(&self) -> usize {
        self.sender.receiver_count()
    }

    async fn read_forever(self, wake: Arc<Notify>) {
        let mut local = local_wake().subscribe();
        loop {
            let found = match self.read_new().await {
                Ok(n) => n,
                Err(e) => {
                    tracing::warn!(error = %e, "events: could not read new events");
                    tokio::time::sleep(Duration::from_millis(500)).await;
                    0
                }
            };
            if found > 0 {
                continue;
            }
            let remote = wake.notified();
            tokio::select! {
                _ = local.changed() => {}
                _ = remote => {}
                _ = tokio::time::sleep(Duration::from_secs(1)) => {}
            }
        }
    }

    /// Broadcasts the events after the cursor; returns how many.
    async fn read_new(&self) -> Result<usize, DbErr> {
        let after = self.cursor();
        let batch = since(&self.db, after, 1000).await?;
        let n = batch.len();
        for e in batch {
            let id = e.id;
            // No receivers is fine: nobody is watching.
            let _ = self.sender.send(Arc::new(e));
            self.cursor.store(id, Ordering::Release);
        }
        Ok(n)
    }
}

/// LISTENs on PostgreSQL and wakes the hub on every notification; reconnects when the
/// connection drops (and wakes the hub then too, in case something was missed meanwhile).
async fn listen(db: DatabaseConnection, wake: Arc<Notify>) {
    loop {
        let pool = db.get_postgres_connection_pool().clone();
        match sqlx::postgres::PgListener::connect_with(&pool).await {
            Ok(mut listener) => {
                if let Err(e) = listener.listen(CHANNEL).await {
                    tracing::warn!(error = %e, "events: LISTEN failed");
                } else {
                    wake.notify_one();
                    loop {
                        match listener.recv().await {
                            Ok(_) => wake.notify_one(),
                            Err(e) => {
                                tracing::warn!(error = %e, "events: the LISTEN connection dropped");
                                break;
                            }
                        }
                    }
                }
            }
            Err(e) => tracing::warn!(error = %e, "events: could not open a LISTEN connection"),
        }
        wake.notify_one();
        tokio::time::sleep(Duration::from_secs(1)).await;
    }
}
