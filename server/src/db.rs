//! Connecting to the database and applying migrations.

use std::time::Duration;

use migration::{Migrator, MigratorTrait};
use sea_orm::sqlx::sqlite::{SqliteJournalMode, SqliteSynchronous};
use sea_orm::{ConnectOptions, ConnectionTrait, Database, DatabaseConnection, DbErr};

use crate::config::DbKind;

/// Opens the pool. SQLite gets one connection: every statement is then serialised, which SQLite
/// does anyway for writes, and read-modify-write transactions can't fail with SQLITE_BUSY.
/// PostgreSQL gets a small pool.
pub async fn connect(url: &str, kind: DbKind) -> Result<DatabaseConnection, DbErr> {
    if kind == DbKind::Sqlite {
        ensure_sqlite_dir(url);
    }
    let mut opts = options(url);
    match kind {
        DbKind::Sqlite => {
            opts.max_connections(1).min_connections(1).idle_timeout(None::<Duration>).max_lifetime(None::<Duration>);
            opts.map_sqlx_sqlite_opts(|o| {
                o.journal_mode(SqliteJournalMode::Wal)
                    .synchronous(SqliteSynchronous::Normal)
                    .busy_timeout(Duration::from_secs(10))
                    .foreign_keys(true)
                    // Checkpoints are run by `sqlite_checkpointer`; this is only the safety net
                    // (the default, 1,000 pages, made an ordinary commit stall for tens of ms).
                    .pragma("wal_autocheckpoint", "20000")
            });
        }
        DbKind::Postgres => {
            opts.max_connections(16).min_connections(1);
        }
    }
    Database::connect(opts).await
}

/// Copies SQLite's write-ahead log back into the database file every 250 ms from a connection of
/// its own. A PASSIVE checkpoint never waits for or blocks the main connection, so commits on the
/// hot path (the webhook's, the update worker's) no longer pay for checkpoints.
pub async fn sqlite_checkpointer(url: &str) -> Result<tokio::task::JoinHandle<()>, DbErr> {
    let mut opts = options(url);
    opts.max_connections(1).min_connections(1).idle_timeout(None::<Duration>);
    opts.map_sqlx_sqlite_opts(|o| o.journal_mode(SqliteJournalMode::Wal).busy_timeout(Duration::from_secs(1)));
    let db = Database::connect(opts).await?;
    Ok(tokio::spawn(async move {
        let mut tick = tokio::time::interval(Duration::from_millis(250));
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tick.tick().await;
            if let Err(e) = db.execute_unprepared("PRAGMA wal_checkpoint(PASSIVE)").await {
                tracing::debug!(error = %e, "SQLite checkpoint skipped");
            }
        }
    }))
}

/// A second, small PostgreSQL pool for one latency-sensitive job (the webhook's inserts).
pub async fn connect_small(url: &str) -> Result<DatabaseConnection, DbErr> {
    let mut opts = options(url);
    opts.max_connections(2).min_connections(1);
    Database::connect(opts).await
}

/// What every pool shares: no statement logging, and a database that is still starting gets
/// ~10 s; then start-up fails with a clear message.
fn options(url: &str) -> ConnectOptions {
    let mut opts = ConnectOptions::new(url.to_string());
    opts.sqlx_logging(false).connect_timeout(Duration::from_secs(10)).acquire_timeout(Duration::from_secs(10));
    opts
}

/// `sqlite://data/x.db?mode=rwc` needs `data/` to exist before SQLite can create the file.
fn ensure_sqlite_dir(url: &str) {
    let rest = url.split_once(':').map(|(_, r)| r).unwrap_or("");
    let path = rest.trim_start_matches("//");
    let path = path.split('?').next().unwrap_or("");
    if path.is_empty() || path.starts_with(":memory:") {
        return;
    }
    if let Some(dir) = std::path::Path::new(path).parent()
        && !dir.as_os_str().is_empty()
    {
        let _ = std::fs::create_dir_all(dir);
    }
}

pub async fn migrate(db: &DatabaseConnection) -> Result<(), DbErr> {
    Migrator::up(db, None).await
}

/// Readiness: the database answers and no migration is pending.
pub async fn ready(db: &DatabaseConnection) -> Result<(), String> {
    db.execute_unprepared("SELECT 1").await.map_err(|_| "database unreachable".to_string())?;
    let pending = Migrator::get_pending_migrations(db).await.map_err(|_| "cannot read migration state".to_string())?;
    if pending.is_empty() { Ok(()) } else { Err(format!("{} migration(s) pending", pending.len())) }
}
