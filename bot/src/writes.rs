//! Rows a unit of work ([`crate::unit::Unit`]) holds back and inserts together at its end (one
//! multi-row INSERT per table) instead of one statement each: history lines, outbox rows,
//! action-log rows and live events. The history, outbox and action log are append-only, so holding
//! them back until the end of the transaction changes nothing that any other statement of the
//! transaction reads; they commit — or roll back — with everything else. Events go last (on
//! PostgreSQL they take the events' ordering lock, held until the commit).
//!
//! Within a unit, history rows are either all inserted through here or all directly: an id
//! reserved on SQLite is the largest so far plus one, which a direct insert would take.
//!
//! Outbox rows point at their message, so message ids are needed before the insert: they are
//! reserved from the database — on PostgreSQL from the table's sequence (safe with concurrent
//! transactions and processes), on SQLite after the largest id ever used (the transaction holds
//! SQLite's single write lock from its first statement, so nobody else can insert meanwhile).

use std::collections::VecDeque;
use std::sync::Mutex;

use entity::{action_log, messages, outbox};
use sea_orm::{ConnectionTrait, DbBackend, DbErr, EntityTrait, Statement};

/// Message ids reserved at a time on PostgreSQL.
const RESERVE: i64 = 32;
/// Rows per INSERT statement (well below both databases' limits on bound parameters).
const CHUNK: usize = 400;

/// What a flush wrote that others wait for.
#[derive(Debug, Clone, Copy, Default)]
pub struct Flushed {
    pub outbox: bool,
    pub events: bool,
}

#[derive(Default)]
pub struct Writes {
    inner: Mutex<Inner>,
}

#[derive(Default)]
struct Inner {
    /// Reserved, unused message ids (PostgreSQL), in order.
    reserved: VecDeque<i64>,
    /// The next free message id (SQLite), once read.
    next: Option<i64>,
    messages: Vec<messages::ActiveModel>,
    outbox: Vec<outbox::ActiveModel>,
    actions: Vec<action_log::ActiveModel>,
    events: Vec<crate::events::NewEvent>,
}

impl Writes {
    fn lock(&self) -> std::sync::MutexGuard<'_, Inner> {
        self.inner.lock().expect("writes lock")
    }

    /// An id for a new message row, unique across transactions and processes.
    pub async fn message_id<C: ConnectionTrait>(&self, db: &C) -> Result<i64, DbErr> {
        {
            let mut w = self.lock();
            if let Some(id) = w.reserved.pop_front() {
                return Ok(id);
            }
            if let Some(next) = w.next.as_mut() {
                *next += 1;
                return Ok(*next - 1);
            }
        }
        match db.get_database_backend() {
            DbBackend::Postgres => {
                let rows = db
                    .query_all_raw(Statement::from_sql_and_values(
                        DbBackend::Postgres,
                        "SELECT nextval(pg_get_serial_sequence('messages', 'id')) AS id FROM generate_series(1, $1)",
                        [RESERVE.into()],
                    ))
                    .await?;
                let mut ids: VecDeque<i64> =
                    rows.iter().map(|r| r.try_get::<i64>("", "id")).collect::<Result<_, _>>()?;
                let first = ids.pop_front().ok_or_else(|| DbErr::Custom("no message id reserved".into()))?;
                self.lock().reserved.extend(ids);
                Ok(first)
            }
            backend => {
                // AUTOINCREMENT never reuses an id, even of a deleted last row: sqlite_sequence
                // remembers the largest one.
                let row = db
                    .query_one_raw(Statement::from_string(
                        backend,
                        "SELECT MAX(COALESCE((SELECT seq FROM sqlite_sequence WHERE name = 'messages'), 0), \
                         COALESCE((SELECT MAX(id) FROM messages), 0)) AS id",
                    ))
                    .await?
                    .ok_or_else(|| DbErr::Custom("no largest message id".into()))?;
                let first = row.try_get::<i64>("", "id")? + 1;
                self.lock().next = Some(first + 1);
                Ok(first)
            }
        }
    }

    pub fn message(&self, row: messages::ActiveModel) {
        self.lock().messages.push(row);
    }

    pub fn outbox(&self, rows: Vec<outbox::ActiveModel>) {
        self.lock().outbox.extend(rows);
    }

    pub fn action(&self, row: action_log::ActiveModel) {
        self.lock().actions.push(row);
    }

    pub fn event(&self, event: crate::events::NewEvent) {
        self.lock().events.push(event);
    }

    /// Inserts everything held back, messages first (the outbox rows point at them). Rows keep
    /// their order, so each chat's outbox rows get ascending ids in the order they were queued.
    /// Returns what the commit owes to others. [`crate::unit::Unit::commit`] calls it; a second
    /// flush finds nothing (tests flush by hand to stop a unit halfway).
    pub async fn flush<C: ConnectionTrait>(&self, db: &C) -> Result<Flushed, DbErr> {
        let (messages, outbox, actions, events) = {
            let mut w = self.lock();
            (
                std::mem::take(&mut w.messages),
                std::mem::take(&mut w.outbox),
                std::mem::take(&mut w.actions),
                std::mem::take(&mut w.events),
            )
        };
        for chunk in messages.chunks(CHUNK) {
            messages::Entity::insert_many(chunk.to_vec()).exec_without_returning(db).await?;
        }
        for chunk in outbox.chunks(CHUNK) {
            outbox::Entity::insert_many(chunk.to_vec()).exec_without_returning(db).await?;
        }
        for chunk in actions.chunks(CHUNK) {
            action_log::Entity::insert_many(chunk.to_vec()).exec_without_returning(db).await?;
        }
        // Last: on PostgreSQL this takes the events' ordering lock, held until the commit.
        crate::events::publish(db, &events).await?;
        Ok(Flushed { outbox: !outbox.is_empty(), events: !events.is_empty() })
    }
}
