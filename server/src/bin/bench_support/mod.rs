//! What the benchmark binaries (`loadtest`, `inboxbench`) share: a fresh database for one run,
//! percentiles, and the server's memory from /proc. (A folder without `main.rs`, so Cargo does not
//! take it for a binary of its own.)

use std::time::Duration;

use sea_orm::{ConnectionTrait, Database};

/// The `p` quantile of sorted durations, in milliseconds (NaN when there are none).
pub fn pct(sorted: &[Duration], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i].as_secs_f64() * 1000.0
}

/// A process's resident memory (VmRSS), in KiB.
pub fn rss_kib(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    status.lines().find(|l| l.starts_with("VmRSS:"))?.split_whitespace().nth(1)?.parse().ok()
}

/// A database made for one run: a new SQLite file in the temp folder, or a new PostgreSQL
/// database on TEST_DATABASE_URL's server. [`FreshDb::remove`] deletes it afterwards.
pub struct FreshDb {
    pub url: String,
    place: Place,
}

enum Place {
    Sqlite(std::path::PathBuf),
    Postgres { admin_url: String, name: String },
}

impl FreshDb {
    /// `kind`: sqlite or postgres; `prefix` names the file or database (with this process's id).
    pub async fn create(kind: &str, prefix: &str) -> FreshDb {
        let tag = std::process::id();
        match kind {
            "sqlite" => {
                let path = std::env::temp_dir().join(format!("supportbot-{prefix}-{tag}.db"));
                let _ = std::fs::remove_file(&path);
                FreshDb { url: format!("sqlite://{}?mode=rwc", path.display()), place: Place::Sqlite(path) }
            }
            "postgres" => {
                let admin_url = std::env::var("TEST_DATABASE_URL").expect("TEST_DATABASE_URL for --db postgres");
                let name = format!("sb{prefix}_{tag}");
                let admin = Database::connect(&admin_url).await.unwrap();
                admin.execute_unprepared(&format!("DROP DATABASE IF EXISTS {name}")).await.unwrap();
                admin.execute_unprepared(&format!("CREATE DATABASE {name}")).await.unwrap();
                let mut u = url::Url::parse(&admin_url).unwrap();
                u.set_path(&format!("/{name}"));
                FreshDb { url: u.to_string(), place: Place::Postgres { admin_url, name } }
            }
            other => panic!("--db sqlite|postgres, not {other}"),
        }
    }

    /// Deletes the database (the SQLite file with its WAL and shared-memory files).
    pub async fn remove(self) {
        match self.place {
            Place::Postgres { admin_url, name } => {
                let admin = Database::connect(&admin_url).await.unwrap();
                admin.execute_unprepared(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)")).await.ok();
            }
            Place::Sqlite(path) => {
                for suffix in ["", "-wal", "-shm"] {
                    let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
                }
            }
        }
    }
}
