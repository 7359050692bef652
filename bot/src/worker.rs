//! The update worker: processes stored updates in order per chat. Each update's effects commit in
//! one transaction together with marking it done, so a crash between storing and processing
//! replays it exactly once, and several workers (or processes) never apply one update twice.

use std::collections::HashSet;
use std::sync::Arc;
use std::time::Duration;

use chrono::Utc;
use entity::telegram_updates;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, DatabaseTransaction, DbBackend, DbErr, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect, QueryTrait,
};
use tokio::sync::Notify;
use types::UpdateStatus;

use crate::engine::{Config, Engine, Outcome, Update};
use crate::unit::Unit;

/// Attempts before an update that keeps failing is set aside (so it can't block its chat).
pub const MAX_ATTEMPTS: i32 = 5;
/// Chats claimed per round.
const ROUND: u64 = 256;
/// Updates (of different chats) applied in one transaction, and groups applied at the same time.
/// Larger groups save commits but hold the database longer. PostgreSQL's pool runs several groups
/// in parallel; SQLite has one connection, on which the webhook's inserts wait for each group, so
/// there the groups are small and go one at a time.
fn grouping(backend: DbBackend) -> (usize, usize) {
    match backend {
        DbBackend::Sqlite => (8, 1),
        _ => (16, 4),
    }
}

pub struct UpdateWorker {
    pub db: DatabaseConnection,
    pub engine: Engine,
    /// Woken by the webhook when an update arrives; also polls, for other processes' updates.
    pub wake: Arc<Notify>,
}

impl UpdateWorker {
    pub async fn run(self) {
        loop {
            match self.run_once().await {
                Ok(0) => {
                    let _ = tokio::time::timeout(Duration::from_millis(250), self.wake.notified()).await;
                }
                Ok(_) => {}
                Err(e) => {
                    tracing::error!(error = %e, "update worker: database error");
                    tokio::time::sleep(Duration::from_secs(1)).await;
                }
            }
        }
    }

    /// Processes the oldest pending update of each chat; returns how many were processed.
    pub async fn run_once(&self) -> Result<usize, DbErr> {
        let heads: Vec<i64> = telegram_updates::Entity::find()
            .select_only()
            .column_as(telegram_updates::Column::Id.min(), "head")
            .filter(telegram_updates::Column::Status.eq(UpdateStatus::Pending))
            .group_by(telegram_updates::Column::ChatId)
            .limit(ROUND)
            .into_tuple()
            .all(&self.db)
            .await?;
        if heads.is_empty() {
            return Ok(0);
        }
        let rows = telegram_updates::Entity::find()
            .filter(telegram_updates::Column::Id.is_in(heads))
            .order_by_asc(telegram_updates::Column::Id)
            .all(&self.db)
            .await?;
        // Each payload is parsed once, here.
        let stored: Vec<Stored> = rows.into_iter().map(Stored::from).collect();
        // Texts, settings, menus and the FAQ matcher are read once per round, not per update.
        let config = self.engine.config(&self.db).await?;
        let (group, concurrency) = grouping(self.db.get_database_backend());
        let groups: Vec<&[Stored]> = stored.chunks(group).collect();
        let mut done = 0;
        for wave in groups.chunks(concurrency) {
            for applied in crate::join::join_all(wave.iter().map(|g| self.process(&config, g))).await {
                done += applied?;
            }
        }
        Ok(done)
    }

    /// Applies a group of updates of different chats in one unit of work: one statement claims
    /// them all, the engine applies them, and their history, outbox and log rows are inserted
    /// together when it commits. Only one transaction can move a row out of `pending`, so a
    /// concurrent group (in this or another process) that wanted the same rows waits for this one
    /// and then finds them taken. If anything fails, the group is rolled back and — when it had
    /// more than one update — they are applied one by one (each a group of one), so one bad update
    /// costs the others nothing and a failure is counted against that update alone.
    async fn process(&self, config: &Arc<Config>, group: &[Stored]) -> Result<usize, DbErr> {
        let started = std::time::Instant::now();
        let error = match self.apply(config, group).await {
            Ok(done) => {
                tracing::debug!(n = done, took_us = started.elapsed().as_micros() as u64, "applied updates");
                return Ok(done);
            }
            Err(e) => e,
        };
        if let [single] = group {
            self.record_failure(single, &error).await?;
            return Ok(0);
        }
        tracing::debug!(error = %error, "an update failed in a group; applying them one by one");
        let mut done = 0;
        for one in group.chunks(1) {
            done += Box::pin(self.process(config, one)).await?;
        }
        Ok(done)
    }

    /// Claims the group's updates and applies them in one unit of work; how many it applied.
    async fn apply(&self, config: &Arc<Config>, group: &[Stored]) -> Result<usize, DbErr> {
        let unit = Unit::begin(&self.db).await?;
        let claimed = claim(unit.txn(), group.iter().map(|r| r.id)).await?;
        let mine: Vec<&Stored> = group.iter().filter(|r| claimed.contains(&r.id)).collect();
        let updates: Vec<Update> = mine.iter().map(|r| r.update.clone()).collect();
        let outcomes = self.engine.apply(&unit, config, &updates).await?;
        for (row, outcome) in mine.iter().zip(outcomes) {
            if let Outcome::Ignored(why) = outcome {
                tracing::debug!(update_id = row.update.update_id, why, "update ignored");
                mark_skipped(unit.txn(), row.id, why).await?;
            }
        }
        unit.commit().await?;
        Ok(claimed.len())
    }

    /// Counts a failed attempt against the update; after [`MAX_ATTEMPTS`] it is set aside as
    /// failed, so it can't block its chat.
    async fn record_failure(&self, row: &Stored, e: &DbErr) -> Result<(), DbErr> {
        let attempts = row.attempts + 1;
        let status = if attempts >= MAX_ATTEMPTS { UpdateStatus::Failed } else { UpdateStatus::Pending };
        tracing::error!(update_id = row.update.update_id, attempts, error = %e, "update processing failed");
        telegram_updates::Entity::update_many()
            .col_expr(telegram_updates::Column::Status, Expr::value(status))
            .col_expr(telegram_updates::Column::Attempts, Expr::value(attempts))
            .col_expr(telegram_updates::Column::Error, Expr::value(e.to_string()))
            .filter(telegram_updates::Column::Id.eq(row.id))
            .exec(&self.db)
            .await?;
        Ok(())
    }
}

/// A claimed row with its payload read.
struct Stored {
    id: i64,
    attempts: i32,
    update: Update,
}

impl From<telegram_updates::Model> for Stored {
    fn from(row: telegram_updates::Model) -> Stored {
        Stored { id: row.id, attempts: row.attempts, update: Update::parse(row.update_id, &row.payload) }
    }
}

/// The claim: moves the rows still `pending` to `done` inside `txn` and returns their ids. Only
/// one transaction can move a row out of `pending`; a concurrent one waits for the row lock
/// (PostgreSQL) and then finds nothing to update. Only ids come back: the rows are in hand.
async fn claim(txn: &DatabaseTransaction, ids: impl IntoIterator<Item = i64>) -> Result<HashSet<i64>, DbErr> {
    let mut update = telegram_updates::Entity::update_many()
        .col_expr(telegram_updates::Column::Status, Expr::value(UpdateStatus::Done))
        .col_expr(telegram_updates::Column::ProcessedAt, Expr::value(Utc::now()))
        .filter(telegram_updates::Column::Id.is_in(ids))
        .filter(telegram_updates::Column::Status.eq(UpdateStatus::Pending))
        .into_query();
    update.returning_col(telegram_updates::Column::Id);
    let rows = txn.query_all_raw(txn.get_database_backend().build(&update)).await?;
    rows.iter().map(|r| r.try_get::<i64>("", "id")).collect()
}

/// An update the bot has nothing to do with: done, but marked as skipped with the reason.
async fn mark_skipped(txn: &DatabaseTransaction, id: i64, why: &str) -> Result<(), DbErr> {
    telegram_updates::Entity::update_many()
        .col_expr(telegram_updates::Column::Status, Expr::value(UpdateStatus::Skipped))
        .col_expr(telegram_updates::Column::Error, Expr::value(why))
        .filter(telegram_updates::Column::Id.eq(id))
        .exec(txn)
        .await?;
    Ok(())
}
