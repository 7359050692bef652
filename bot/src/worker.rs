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
    QueryOrder, QuerySelect, QueryTrait, TransactionTrait,
};
use tokio::sync::Notify;
use types::UpdateStatus;

use crate::engine::writes::Writes;
use crate::engine::{Engine, Outcome};

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
    /// Woken when the engine queued outgoing messages.
    pub outbox_wake: Arc<Notify>,
}

impl UpdateWorker {
    pub async fn run(self) {
        loop {
            match self.run_once().await {
                Ok(0) => {
                    let _ = tokio::time::timeout(Duration::from_millis(250), self.wake.notified()).await;
                }
                Ok(_) => self.outbox_wake.notify_one(),
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
        // Texts, settings, menus and the FAQ matcher are read once per round, not per update.
        let ctx = self.engine.context(&self.db).await?;
        let (group, concurrency) = grouping(self.db.get_database_backend());
        let groups: Vec<&[telegram_updates::Model]> = rows.chunks(group).collect();
        let mut done = 0;
        for wave in groups.chunks(concurrency) {
            for applied in crate::join::join_all(wave.iter().map(|g| self.process_group(&ctx, g))).await {
                done += applied?;
            }
        }
        Ok(done)
    }

    /// Applies a group of updates of different chats in one transaction: one statement claims
    /// them all, the engine runs on each, and their history, outbox and log rows are inserted
    /// together at the end. Only one transaction can move a row out of `pending`, so a concurrent
    /// group (in this or another process) that wanted the same rows waits for this one and then
    /// finds them taken. If anything fails, the group is rolled back and its updates are applied
    /// one by one, so one bad update costs the others nothing and is counted against itself alone.
    async fn process_group(&self, ctx: &crate::engine::Ctx, group: &[telegram_updates::Model]) -> Result<usize, DbErr> {
        if group.len() == 1 {
            return Ok(usize::from(self.process(ctx, &group[0]).await?));
        }
        let started = std::time::Instant::now();
        let txn = self.db.begin().await?;
        match self.apply_group(&txn, ctx, group).await {
            Ok(done) => match txn.commit().await {
                Ok(()) => {
                    // The group's live events (if any) are visible now.
                    crate::events::committed();
                    tracing::debug!(
                        n = done,
                        took_us = started.elapsed().as_micros() as u64,
                        "applied a group of updates"
                    );
                    return Ok(done);
                }
                Err(e) => tracing::warn!(error = %e, "committing a group of updates failed; applying them one by one"),
            },
            Err(e) => {
                tracing::debug!(error = %e, "an update failed in a group; applying them one by one");
                txn.rollback().await?;
            }
        }
        let mut done = 0;
        for row in group {
            done += usize::from(self.process(ctx, row).await?);
        }
        Ok(done)
    }

    async fn apply_group(
        &self,
        txn: &DatabaseTransaction,
        ctx: &crate::engine::Ctx,
        group: &[telegram_updates::Model],
    ) -> Result<usize, DbErr> {
        let claimed = claim(txn, group.iter().map(|r| r.id)).await?;
        let writes = Arc::new(Writes::new());
        let ctx = ctx.with_writes(writes.clone());
        let mine: Vec<&telegram_updates::Model> = group.iter().filter(|r| claimed.contains(&r.id)).collect();
        let payloads: Vec<&str> = mine.iter().map(|r| r.payload.as_str()).collect();
        let pre = self.engine.prefetch(txn, &ctx.at(Utc::now()), &payloads).await?;
        let mut skipped = Vec::new();
        for row in mine {
            let at = ctx.at(Utc::now());
            if let Outcome::Ignored(why) =
                self.engine.handle_prefetched(txn, &at, row.update_id, &row.payload, &pre).await?
            {
                tracing::debug!(update_id = row.update_id, why, "update ignored");
                skipped.push((row.id, why));
            }
        }
        writes.flush(txn).await?;
        for (id, why) in skipped {
            mark_skipped(txn, id, why).await?;
        }
        Ok(claimed.len())
    }

    /// Claims and applies one update inside `txn`; `Ok(false)` when another worker had it.
    async fn apply(
        &self,
        txn: &DatabaseTransaction,
        ctx: &crate::engine::Ctx,
        row: &telegram_updates::Model,
    ) -> Result<bool, DbErr> {
        if claim(txn, [row.id]).await?.is_empty() {
            return Ok(false);
        }
        if let Outcome::Ignored(why) = self.engine.handle(txn, &ctx.at(Utc::now()), row.update_id, &row.payload).await?
        {
            tracing::debug!(update_id = row.update_id, why, "update ignored");
            mark_skipped(txn, row.id, why).await?;
        }
        Ok(true)
    }

    /// Applies one update in its own transaction, recording a failure against it.
    /// `Ok(true)` when this worker applied the update.
    async fn process(&self, ctx: &crate::engine::Ctx, row: &telegram_updates::Model) -> Result<bool, DbErr> {
        let txn = self.db.begin().await?;
        match self.apply(&txn, ctx, row).await {
            Ok(applied) => {
                txn.commit().await?;
                crate::events::committed();
                Ok(applied)
            }
            Err(e) => {
                txn.rollback().await?;
                let attempts = row.attempts + 1;
                let status = if attempts >= MAX_ATTEMPTS { UpdateStatus::Failed } else { UpdateStatus::Pending };
                tracing::error!(update_id = row.update_id, attempts, error = %e, "update processing failed");
                telegram_updates::Entity::update_many()
                    .col_expr(telegram_updates::Column::Status, Expr::value(status))
                    .col_expr(telegram_updates::Column::Attempts, Expr::value(attempts))
                    .col_expr(telegram_updates::Column::Error, Expr::value(e.to_string()))
                    .filter(telegram_updates::Column::Id.eq(row.id))
                    .exec(&self.db)
                    .await?;
                Ok(false)
            }
        }
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
