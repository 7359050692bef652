//! A unit of work: one database transaction, the rows it holds back for its end
//! ([`Writes`]), and the wake-ups its commit owes to the rest of the process.
//!
//! Every writer — the update worker (a group of updates), an operator's action, the outbox's
//! delivery results — does its work in a [`Unit`] and ends it with [`Unit::commit`], which:
//! 1. inserts what was held back (history, outbox, action log; live events last, so on PostgreSQL
//!    the events' ordering lock is held only until the commit),
//! 2. commits,
//! 3. wakes this process's event hubs when events were written (other processes hear PostgreSQL's
//!    NOTIFY) and this process's outbox senders when outgoing calls were queued.
//!
//! So no caller wakes anything by hand, and a change is never announced before it is visible.
//! Dropping a unit without committing rolls everything back and wakes no one.

use std::sync::Arc;

use sea_orm::{DatabaseConnection, DatabaseTransaction, DbErr, TransactionTrait};

use crate::writes::Writes;

pub struct Unit {
    txn: DatabaseTransaction,
    writes: Arc<Writes>,
}

impl Unit {
    pub async fn begin(db: &DatabaseConnection) -> Result<Unit, DbErr> {
        Ok(Unit { txn: db.begin().await?, writes: Arc::new(Writes::default()) })
    }

    /// The transaction, for reads and for writes that must happen now (conditional updates,
    /// inserts whose row is needed back).
    pub fn txn(&self) -> &DatabaseTransaction {
        &self.txn
    }

    /// Where rows are held until the commit.
    pub fn writes(&self) -> &Arc<Writes> {
        &self.writes
    }

    /// Flushes the held-back rows, commits, then wakes whoever waits for them.
    pub async fn commit(self) -> Result<(), DbErr> {
        let flushed = self.writes.flush(&self.txn).await?;
        self.txn.commit().await?;
        if flushed.events {
            crate::events::committed();
        }
        if flushed.outbox {
            crate::outbox::wake();
        }
        Ok(())
    }

    /// Undoes everything (as dropping the unit would, but reporting a failed rollback).
    pub async fn rollback(self) -> Result<(), DbErr> {
        self.txn.rollback().await
    }
}

impl std::ops::Deref for Unit {
    type Target = DatabaseTransaction;

    fn deref(&self) -> &DatabaseTransaction {
        &self.txn
    }
}
