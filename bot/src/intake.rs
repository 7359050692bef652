//! Group commit for the webhook: concurrent deliveries are stored together, one multi-row
//! `INSERT … ON CONFLICT DO NOTHING RETURNING` per group, and each request is answered only after
//! the group's row is committed. Under load this turns hundreds of single-row transactions a
//! second into a few dozen statements, which keeps the time from POST to 200 short — on SQLite's
//! single connection especially, where every statement waits its turn.
//!
//! The guarantee is the same as storing each update alone: a request gets `Stored::New` or
//! `Stored::Duplicate` only once its row is durable; an error reaches every request of the group
//! (the webhook answers 503 and Telegram retries).

use std::collections::HashSet;

use chrono::Utc;
use sea_orm::{ConnectionTrait, DatabaseConnection, DbBackend, DbErr, Statement};
use tokio::sync::{mpsc, oneshot};

use crate::ingest::{self, RawUpdate, Stored};

/// The most updates stored by one statement.
const MAX_GROUP: usize = 256;
/// Requests waiting to be stored before new ones wait for room (backpressure, bounded memory).
const QUEUE: usize = 4096;

type Reply = oneshot::Sender<Result<Stored, String>>;

/// A handle to the writer task; cheap to clone.
#[derive(Clone)]
pub struct Intake {
    tx: mpsc::Sender<(RawUpdate, Reply)>,
}

impl Intake {
    /// Starts the writer task on the current runtime. It runs until every handle is dropped.
    pub fn spawn(db: DatabaseConnection, wake: std::sync::Arc<tokio::sync::Notify>) -> Intake {
        let (tx, rx) = mpsc::channel(QUEUE);
        tokio::spawn(writer(db, rx, wake));
        Intake { tx }
    }

    /// Stores the update (or finds it stored before). `Err` holds a description for the log.
    pub async fn store(&self, update: RawUpdate) -> Result<Stored, String> {
        let (reply, answer) = oneshot::channel();
        self.tx.send((update, reply)).await.map_err(|_| "the intake writer has stopped".to_string())?;
        answer.await.map_err(|_| "the intake writer has stopped".to_string())?
    }
}

async fn writer(
    db: DatabaseConnection,
    mut rx: mpsc::Receiver<(RawUpdate, Reply)>,
    wake: std::sync::Arc<tokio::sync::Notify>,
) {
    let mut group = Vec::with_capacity(MAX_GROUP);
    while rx.recv_many(&mut group, MAX_GROUP).await > 0 {
        let started = std::time::Instant::now();
        let results = store_group(&db, &group).await;
        tracing::debug!(n = group.len(), took_us = started.elapsed().as_micros() as u64, "stored a group of updates");
        if results.iter().any(|r| matches!(r, Ok(Stored::New))) {
            wake.notify_one();
        }
        for ((_, reply), result) in group.drain(..).zip(results) {
            // The request may have gone (client hung up); its row is stored all the same.
            let _ = reply.send(result);
        }
    }
}

/// Stores a group in one statement; if that fails, each update alone, so one bad row can't
/// fail the others.
async fn store_group(db: &DatabaseConnection, group: &[(RawUpdate, Reply)]) -> Vec<Result<Stored, String>> {
    let updates: Vec<&RawUpdate> = group.iter().map(|(u, _)| u).collect();
    match insert_many(db, &updates).await {
        Ok(inserted) => {
            // An update_id repeated within the group: the first one is new, the rest duplicates.
            let mut seen = HashSet::with_capacity(updates.len());
            updates
                .iter()
                .map(|u| {
                    let first = seen.insert(u.update_id);
                    Ok(if first && inserted.contains(&u.update_id) { Stored::New } else { Stored::Duplicate })
                })
                .collect()
        }
        Err(e) if updates.len() == 1 => vec![Err(e.to_string())],
        Err(e) => {
            tracing::warn!(error = %e, n = updates.len(), "storing a group of updates failed; storing them one by one");
            let mut out = Vec::with_capacity(updates.len());
            for u in updates {
                out.push(ingest::store(db, u).await.map_err(|e| e.to_string()));
            }
            out
        }
    }
}

/// Inserts the updates whose update_id is new; returns those update_ids.
///
/// The rows travel as one JSON array parameter, so the statement's text is the same whatever the
/// group's size: the database prepares and plans it once. (A VALUES list per row would be a new
/// statement for every group size; under load, planning those took longer than storing the rows,
/// groups grew, and the time to answer Telegram with them.)
async fn insert_many(db: &DatabaseConnection, updates: &[&RawUpdate]) -> Result<HashSet<i64>, DbErr> {
    let rows: Vec<serde_json::Value> = updates
        .iter()
        .map(|u| serde_json::json!([u.update_id, u.chat_id, u.kind, u.payload, ingest::initial_status(u).as_str()]))
        .collect();
    let rows = serde_json::Value::Array(rows).to_string();
    let backend = db.get_database_backend();
    let sql = match backend {
        DbBackend::Postgres => {
            "INSERT INTO telegram_updates (update_id, chat_id, kind, payload, status, attempts, received_at) \
             SELECT (e->>0)::bigint, (e->>1)::bigint, e->>2, e->>3, e->>4, 0, $2 \
             FROM jsonb_array_elements($1::jsonb) AS e \
             ON CONFLICT (update_id) DO NOTHING RETURNING update_id"
        }
        // `WHERE true` tells SQLite's parser that ON CONFLICT belongs to the INSERT.
        _ => {
            "INSERT INTO telegram_updates (update_id, chat_id, kind, payload, status, attempts, received_at) \
             SELECT json_extract(value, '$[0]'), json_extract(value, '$[1]'), json_extract(value, '$[2]'), \
                    json_extract(value, '$[3]'), json_extract(value, '$[4]'), 0, ? \
             FROM json_each(?) WHERE true \
             ON CONFLICT (update_id) DO NOTHING RETURNING update_id"
        }
    };
    let now = sea_orm::Value::from(Utc::now());
    let values = match backend {
        DbBackend::Postgres => vec![rows.into(), now],
        _ => vec![now, rows.into()],
    };
    let returned = db.query_all_raw(Statement::from_sql_and_values(backend, sql, values)).await?;
    returned.iter().map(|r| r.try_get::<i64>("", "update_id")).collect()
}
