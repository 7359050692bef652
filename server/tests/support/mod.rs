//! Test harness: a real server on 127.0.0.1 over a real database — a fresh SQLite file, or a
//! fresh PostgreSQL database created for the test (on the server TEST_DATABASE_URL names) and
//! dropped after.
//!
//! A test that runs on both databases is one `async fn` taking the [`Backend`], turned into two
//! tests by [`on_both_databases!`]: `<test>::sqlite`, and `<test>::postgres`, which is *ignored*
//! (and shown so in the test summary) when TEST_DATABASE_URL was unset at build time (see
//! server/build.rs).

#![allow(dead_code)]

pub mod customer;
pub mod fake_telegram;

use std::collections::HashMap;
use std::net::SocketAddr;
use std::time::Duration;

use rand::Rng;
use reqwest::StatusCode;
use sea_orm::{ConnectionTrait, Database, DatabaseConnection};
use serde_json::Value;
use server::config::Config;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// A well-formed bot token for tests (the fake Bot API accepts any).
pub const TOKEN: &str = "123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw";

/// The PostgreSQL server to create test databases on, if any.
pub fn postgres_url() -> Option<String> {
    std::env::var("TEST_DATABASE_URL").ok().filter(|u| !u.is_empty())
}

pub struct TestDb {
    pub url: String,
    cleanup: Cleanup,
}

enum Cleanup {
    File(std::path::PathBuf),
    Database { admin_url: String, name: String },
}

impl TestDb {
    /// A fresh database. On PostgreSQL, a test that runs at all needs the server: without
    /// TEST_DATABASE_URL, or when the database can't be created, it fails (it never skips).
    pub async fn new(backend: Backend) -> TestDb {
        let tag: u64 = rand::thread_rng().r#gen();
        match backend {
            Backend::Sqlite => {
                let path = std::env::temp_dir().join(format!("supportbot-test-{tag:016x}.db"));
                TestDb { url: format!("sqlite://{}?mode=rwc", path.display()), cleanup: Cleanup::File(path) }
            }
            Backend::Postgres => {
                let admin_url = postgres_url().expect(
                    "TEST_DATABASE_URL is not set: PostgreSQL tests need a server to create their databases on \
                     (they are ignored when it is unset at build time)",
                );
                let name = format!("sbtest_{tag:016x}");
                let admin = Database::connect(&admin_url).await.expect("connect to TEST_DATABASE_URL");
                admin.execute_unprepared(&format!("CREATE DATABASE {name}")).await.expect("create test database");
                admin.close().await.ok();
                let mut url = url::Url::parse(&admin_url).expect("TEST_DATABASE_URL is a URL");
                url.set_path(&format!("/{name}"));
                TestDb { url: url.to_string(), cleanup: Cleanup::Database { admin_url, name } }
            }
        }
    }

    pub async fn cleanup(self) {
        match self.cleanup {
            Cleanup::File(path) => {
                for suffix in ["", "-wal", "-shm"] {
                    let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
                }
            }
            Cleanup::Database { admin_url, name } => {
                if let Ok(admin) = Database::connect(&admin_url).await {
                    let _ = admin.execute_unprepared(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)")).await;
                    admin.close().await.ok();
                }
            }
        }
    }
}

pub struct TestServer {
    pub base: String,
    pub db: DatabaseConnection,
    pub admin_password: String,
    pub backend: Backend,
    pub webhook_secret: String,
    test_db: Option<TestDb>,
    task: tokio::task::JoinHandle<()>,
    bot_tasks: Vec<tokio::task::JoinHandle<()>>,
}

impl TestServer {
    pub async fn start(backend: Backend) -> TestServer {
        Self::start_with(backend, &[]).await
    }

    pub async fn start_with(backend: Backend, env: &[(&str, &str)]) -> TestServer {
        // TEST_LOG=debug (or any filter) shows the server's log while a test runs.
        if let Ok(filter) = std::env::var("TEST_LOG") {
            let _ = tracing_subscriber::fmt().with_env_filter(filter).with_test_writer().try_init();
        }
        let test_db = TestDb::new(backend).await;
        let mut vars: HashMap<String, String> = env.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        vars.insert("DATABASE_URL".into(), test_db.url.clone());
        vars.insert("LEPTOS_SITE_ADDR".into(), "127.0.0.1:0".into());
        let config = Config::from_lookup(|k| vars.get(k).cloned()).expect("test config");
        let db = server::db::connect(&config.database_url.0, config.db_kind).await.expect("connect");
        server::db::migrate(&db).await.expect("migrate");
        let (_, admin_password) =
            app::users::service::ensure_first_admin(&db).await.expect("first admin").expect("created");

        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let webhook_secret = server::resolve_webhook_secret(&config, &db).await.expect("webhook secret");
        if config.demo_content {
            bot::seed::seed_demo(&db).await.expect("demo seed");
        }
        let wakers = server::Wakers::default();
        let faq = bot::faq::Live::new();
        let hub = bot::events::Hub::start(db.clone()).await.expect("event hub");
        let services = server::Services {
            webhook_secret: webhook_secret.clone(),
            intake: bot::intake::Intake::spawn(db.clone(), wakers.updates.clone()),
            hub: hub.clone(),
            faq: faq.clone(),
        };
        let router = server::router(&config, db.clone(), server::leptos_options(&config), services);
        let task = tokio::spawn(async move {
            axum::serve(listener, router.into_make_service_with_connect_info::<SocketAddr>()).await.unwrap();
        });
        // TEST_NO_WORKERS=1: updates are stored but nobody processes them (to simulate a crash).
        let mut bot_tasks = match env.iter().any(|(k, v)| *k == "TEST_NO_WORKERS" && *v == "1") {
            true => Vec::new(),
            false => {
                server::start_bot(
                    &config,
                    db.clone(),
                    &webhook_secret,
                    &wakers,
                    &faq,
                    &tokio::runtime::Handle::current(),
                )
                .await
            }
        };
        bot_tasks.push(faq.follow(db.clone(), &hub));
        TestServer {
            bot_tasks,
            base: format!("http://{addr}"),
            db,
            admin_password,
            backend,
            webhook_secret,
            test_db: Some(test_db),
            task,
        }
    }

    /// The database's URL (for the command line run against the same database).
    pub fn database_url(&self) -> &str {
        &self.test_db.as_ref().expect("database").url
    }

    /// A server with a bot token, talking to the fake Bot API `tg`; with `public_url` it uses the
    /// webhook, without it long polling.
    pub async fn with_telegram(
        backend: Backend,
        tg: &fake_telegram::FakeTelegram,
        public_url: Option<&str>,
    ) -> TestServer {
        let mut env = vec![("TELEGRAM_BOT_TOKEN", TOKEN), ("TELEGRAM_API_URL", tg.url.as_str())];
        if let Some(url) = public_url {
            env.push(("PUBLIC_URL", url));
        }
        TestServer::start_with(backend, &env).await
    }

    pub fn client(&self) -> Client {
        Client {
            base: self.base.clone(),
            http: reqwest::Client::builder()
                .cookie_store(true)
                .redirect(reqwest::redirect::Policy::none())
                // A request that hangs fails the test naming its URL (a stream test reads for
                // seconds, never this long).
                .timeout(Duration::from_secs(90))
                .build()
                .unwrap(),
        }
    }

    /// A client signed in as the first admin.
    pub async fn admin(&self) -> Client {
        let c = self.client();
        let (status, body) = c.login("admin", &self.admin_password).await;
        assert_eq!(status, StatusCode::OK, "admin login: {body}");
        c
    }

    /// Creates a user through the API (as `admin`) and returns a client signed in as them.
    pub async fn user(&self, admin: &Client, username: &str, role: &str) -> (Client, String) {
        let password = format!("{username}-Passw0rd!");
        let (status, body) = admin
            .call(
                "users/create",
                &[("username", username), ("display_name", username), ("role", role), ("password", &password)],
            )
            .await;
        assert_eq!(status, StatusCode::OK, "create {username}: {body}");
        let c = self.client();
        let (status, body) = c.login(username, &password).await;
        assert_eq!(status, StatusCode::OK, "login {username}: {body}");
        (c, password)
    }

    pub async fn stop(mut self) {
        self.task.abort();
        for t in self.bot_tasks.drain(..) {
            t.abort();
        }
        // Pool::close waits for every checked-out connection; one held by a request task the abort
        // didn't reach must not hang the suite (the database is dropped WITH (FORCE) below anyway).
        let _ = tokio::time::timeout(Duration::from_secs(5), self.db.clone().close()).await;
        if let Some(db) = self.test_db.take() {
            db.cleanup().await;
        }
    }
}

#[derive(Clone)]
pub struct Client {
    pub base: String,
    pub http: reqwest::Client,
}

impl Client {
    /// POSTs a server function (form-encoded, as the browser does) and returns status and JSON.
    pub async fn call(&self, endpoint: &str, form: &[(&str, &str)]) -> (StatusCode, Value) {
        let res = self.http.post(format!("{}/api/{endpoint}", self.base)).form(form).send().await.expect("request");
        let status = res.status();
        let text = res.text().await.unwrap();
        let body = serde_json::from_str(&text).unwrap_or(Value::String(text));
        (status, body)
    }

    /// POSTs a server function that takes a JSON body (the FAQ's).
    pub async fn call_json(&self, endpoint: &str, body: &Value) -> (StatusCode, Value) {
        let res = self.http.post(format!("{}/api/{endpoint}", self.base)).json(body).send().await.expect("request");
        let status = res.status();
        let text = res.text().await.unwrap();
        let body = serde_json::from_str(&text).unwrap_or(Value::String(text));
        (status, body)
    }

    pub async fn login(&self, username: &str, password: &str) -> (StatusCode, Value) {
        self.call("auth/login", &[("username", username), ("password", password)]).await
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.http.get(format!("{}{path}", self.base)).send().await.expect("request")
    }
}

/// Runs `test` against a server on `backend` with a bot token, a fake Bot API and a webhook.
pub async fn with_bot(backend: Backend, test: impl AsyncFn(&TestServer, &fake_telegram::FakeTelegram)) {
    let tg = fake_telegram::FakeTelegram::start().await;
    let srv = TestServer::with_telegram(backend, &tg, Some("https://support.example.com")).await;
    test(&srv, &tg).await;
    srv.stop().await;
}

/// How long one test may run before it is failed as hung (the slowest takes ~20 s on 2 cores).
pub const TEST_LIMIT: Duration = Duration::from_secs(240);

/// Runs a test, failing it if it takes longer than [`TEST_LIMIT`]: a hang fails with what the
/// PostgreSQL sessions of the test databases were doing and waiting for, instead of stalling the
/// whole suite until CI gives up.
pub async fn within_limit(backend: Backend, test: impl std::future::Future<Output = ()>) {
    if tokio::time::timeout(TEST_LIMIT, test).await.is_ok() {
        return;
    }
    let sessions = match backend {
        Backend::Postgres => postgres_sessions().await,
        Backend::Sqlite => "(SQLite)".to_string(),
    };
    panic!("the test did not finish within {TEST_LIMIT:?}; database sessions:\n{sessions}");
}

/// Every session on the test databases: state, what it waits for, its query, and the locks it
/// waits on.
async fn postgres_sessions() -> String {
    const QUERY: &str = "SELECT a.datname || ' pid ' || a.pid || ' ' || coalesce(a.state, '?') || \
        ' wait ' || coalesce(a.wait_event_type || '/' || a.wait_event, '-') || \
        ' xact ' || coalesce((now() - a.xact_start)::text, '-') || \
        coalesce(' blocked by ' || pg_blocking_pids(a.pid)::text, '') || ': ' || left(a.query, 300) AS line \
        FROM pg_stat_activity a WHERE a.datname LIKE 'sbtest_%' ORDER BY a.datname, a.pid";
    let Some(url) = postgres_url() else { return "(no TEST_DATABASE_URL)".into() };
    let read = async {
        let admin = Database::connect(&url).await.map_err(|e| e.to_string())?;
        let rows = admin
            .query_all_raw(sea_orm::Statement::from_string(sea_orm::DbBackend::Postgres, QUERY))
            .await
            .map_err(|e| e.to_string())?;
        admin.close().await.ok();
        Ok::<_, String>(rows.iter().filter_map(|r| r.try_get::<String>("", "line").ok()).collect::<Vec<_>>().join("\n"))
    };
    match tokio::time::timeout(Duration::from_secs(20), read).await {
        Ok(Ok(lines)) => lines,
        Ok(Err(e)) => format!("(could not read pg_stat_activity: {e})"),
        Err(_) => "(reading pg_stat_activity timed out)".into(),
    }
}

/// Makes two tests of one that runs on both databases: `$test::sqlite` and `$test::postgres`, the
/// latter ignored (so the summary says it didn't run) when TEST_DATABASE_URL was unset at build
/// time. Both use the runtime every such test uses: multi-threaded, with 2 workers.
///
/// - `on_both_databases!(test);` with `async fn test(backend: Backend)` in the same module;
/// - `on_both_databases!(name, body);` with `async fn body(srv: &TestServer)`: runs `body` on a
///   fresh server (no bot token) of each database, stopped after.
#[macro_export]
macro_rules! on_both_databases {
    ($test:ident) => {
        /// Runs on SQLite and on PostgreSQL (ignored without TEST_DATABASE_URL).
        mod $test {
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                let backend = $crate::support::Backend::Sqlite;
                $crate::support::within_limit(backend, super::$test(backend)).await;
            }

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            #[cfg_attr(no_postgres, ignore = "TEST_DATABASE_URL is not set")]
            async fn postgres() {
                let backend = $crate::support::Backend::Postgres;
                $crate::support::within_limit(backend, super::$test(backend)).await;
            }
        }
    };
    ($name:ident, $body:path) => {
        async fn $name(backend: $crate::support::Backend) {
            let srv = $crate::support::TestServer::start(backend).await;
            $body(&srv).await;
            srv.stop().await;
        }
        $crate::on_both_databases!($name);
    };
}
