//! The update worker: processes stored updates in order per chat. Each update's effects commit in
//! one transaction together with marking it done, so a crash between storing and processing
//! replays it exactly once, and several workers (or processes) never apply one update twice.

use std::sync::Arc;
use std::time::Duration;

use chrono::Utc;
use entity::telegram_updates;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ColumnTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter, QueryOrder, QuerySelect, TransactionTrait,
};
use tokio::sync::Notify;

use crate::engine::{Engine, Outcome};

/// Attempts before an update that keeps failing is set aside (so it can't block its chat).
pub const MAX_ATTEMPTS: i32 = 5;
/// Chats processed at the same time.
const CONCURRENCY: usize = 8;

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
            .filter(telegram_updates::Column::Status.eq("pending"))
            .group_by(telegram_updates::Column::ChatId)
            .limit(256)
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
        // Texts, settings and the FAQ matcher are read once per batch, not per update.
        let ctx = self.engine.context(&self.db).await?;
        // Heads of different chats are independent: several are processed at once (real
        // parallelism on PostgreSQL's pool; on SQLite's single connection they simply take turns).
        let mut done = 0;
        for chunk in rows.chunks(CONCURRENCY) {
            for applied in crate::join::join_all(chunk.iter().map(|row| self.process(&ctx, row))).await {
                if applied? {
                    done += 1;
                }
            }
        }
        Ok(done)
    }

    /// `Ok(true)` when this worker applied the update.
    async fn process(&self, ctx: &crate::engine::Ctx, row: &telegram_updates::Model) -> Result<bool, DbErr> {
        let txn = self.db.begin().await?;
        // The claim: only one transaction can move the row out of `pending`; a concurrent one
        // waits for this row lock (PostgreSQL) and then finds nothing to update.
        let claimed = telegram_updates::Entity::update_many()
            .col_expr(telegram_updates::Column::Status, Expr::value("done"))
            .col_expr(telegram_updates::Column::ProcessedAt, Expr::value(Utc::now()))
            .filter(telegram_updates::Column::Id.eq(row.id))
            .filter(telegram_updates::Column::Status.eq("pending"))
            .exec(&txn)
            .await?;
        if claimed.rows_affected == 0 {
            txn.rollback().await?;
            return Ok(false);
        }
        let ctx = ctx.at(Utc::now());
        match self.engine.handle(&txn, &ctx, row.update_id, &row.payload).await {
            Ok(outcome) => {
                if let Outcome::Ignored(why) = outcome {
                    tracing::debug!(update_id = row.update_id, why, "update ignored");
                    telegram_updates::Entity::update_many()
                        .col_expr(telegram_updates::Column::Status, Expr::value("skipped"))
                        .col_expr(telegram_updates::Column::Error, Expr::value(why))
                        .filter(telegram_updates::Column::Id.eq(row.id))
                        .exec(&txn)
                        .await?;
                }
                txn.commit().await?;
                Ok(true)
            }
            Err(e) => {
                txn.rollback().await?;
                let attempts = row.attempts + 1;
                let status = if attempts >= MAX_ATTEMPTS { "failed" } else { "pending" };
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
