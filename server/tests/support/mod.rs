//! Test harness: a real server on 127.0.0.1 over a real database — a fresh SQLite file, or a
//! fresh PostgreSQL database created for the test (when TEST_DATABASE_URL is set) and dropped after.

#![allow(dead_code)]

pub mod fake_telegram;

use std::collections::HashMap;
use std::net::SocketAddr;

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

/// The backends a test runs on: SQLite always; PostgreSQL when TEST_DATABASE_URL is set (else it
/// says it skipped it).
pub fn backends() -> Vec<Backend> {
    match postgres_url() {
        Some(_) => vec![Backend::Sqlite, Backend::Postgres],
        None => {
            eprintln!("SKIPPED on PostgreSQL: TEST_DATABASE_URL is not set");
            vec![Backend::Sqlite]
        }
    }
}

/// Runs `test` once per backend.
pub async fn with_backends(test: impl AsyncFn(Backend)) {
    for backend in backends() {
        test(backend).await;
    }
}

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
    /// `None` when the backend is PostgreSQL and no server was configured (the caller skips).
    pub async fn new(backend: Backend) -> Option<TestDb> {
        let tag: u64 = rand::thread_rng().r#gen();
        match backend {
            Backend::Sqlite => {
                let path = std::env::temp_dir().join(format!("supportbot-test-{tag:016x}.db"));
                Some(TestDb { url: format!("sqlite://{}?mode=rwc", path.display()), cleanup: Cleanup::File(path) })
            }
            Backend::Postgres => {
                let Some(admin_url) = postgres_url() else {
                    eprintln!("SKIPPED on PostgreSQL: TEST_DATABASE_URL is not set");
                    return None;
                };
                let name = format!("sbtest_{tag:016x}");
                let admin = Database::connect(&admin_url).await.expect("connect to TEST_DATABASE_URL");
                admin.execute_unprepared(&format!("CREATE DATABASE {name}")).await.expect("create test database");
                admin.close().await.ok();
                let mut url = url::Url::parse(&admin_url).expect("TEST_DATABASE_URL is a URL");
                url.set_path(&format!("/{name}"));
                Some(TestDb { url: url.to_string(), cleanup: Cleanup::Database { admin_url, name } })
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
    pub async fn start(backend: Backend) -> Option<TestServer> {
        Self::start_with(backend, &[]).await
    }

    pub async fn start_with(backend: Backend, env: &[(&str, &str)]) -> Option<TestServer> {
        // TEST_LOG=debug (or any filter) shows the server's log while a test runs.
        if let Ok(filter) = std::env::var("TEST_LOG") {
            let _ = tracing_subscriber::fmt().with_env_filter(filter).with_test_writer().try_init();
        }
        let test_db = TestDb::new(backend).await?;
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
        let services = server::Services {
            webhook_secret: webhook_secret.clone(),
            intake: bot::intake::Intake::spawn(db.clone(), wakers.updates.clone()),
            wakers: wakers.clone(),
            hub: bot::events::Hub::start(db.clone()).await.expect("event hub"),
        };
        let router = server::router(&config, db.clone(), server::leptos_options(&config), services);
        let task = tokio::spawn(async move {
            axum::serve(listener, router.into_make_service_with_connect_info::<SocketAddr>()).await.unwrap();
        });
        // TEST_NO_WORKERS=1: updates are stored but nobody processes them (to simulate a crash).
        let bot_tasks = match env.iter().any(|(k, v)| *k == "TEST_NO_WORKERS" && *v == "1") {
            true => Vec::new(),
            false => {
                server::start_bot(&config, db.clone(), &webhook_secret, &wakers, &tokio::runtime::Handle::current())
                    .await
            }
        };
        Some(TestServer {
            bot_tasks,
            base: format!("http://{addr}"),
            db,
            admin_password,
            backend,
            webhook_secret,
            test_db: Some(test_db),
            task,
        })
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
        TestServer::start_with(backend, &env).await.expect("server starts")
    }

    pub fn client(&self) -> Client {
        Client {
            base: self.base.clone(),
            http: reqwest::Client::builder()
                .cookie_store(true)
                .redirect(reqwest::redirect::Policy::none())
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
        let _ = tokio::time::timeout(std::time::Duration::from_secs(5), self.db.clone().close()).await;
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

    pub async fn login(&self, username: &str, password: &str) -> (StatusCode, Value) {
        self.call("auth/login", &[("username", username), ("password", password)]).await
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.http.get(format!("{}{path}", self.base)).send().await.expect("request")
    }
}

/// Runs `test` once per backend against a server with a bot token, a fake Bot API and a webhook.
pub async fn with_bot(test: impl AsyncFn(&TestServer, &fake_telegram::FakeTelegram)) {
    for backend in backends() {
        let tg = fake_telegram::FakeTelegram::start().await;
        let srv = TestServer::with_telegram(backend, &tg, Some("https://support.example.com")).await;
        test(&srv, &tg).await;
        srv.stop().await;
    }
}

/// Runs an async test body on SQLite and on PostgreSQL (skipped, loudly, without a server).
#[macro_export]
macro_rules! on_both_databases {
    ($name:ident, $body:path) => {
        mod $name {
            use super::*;

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                let srv = support::TestServer::start(support::Backend::Sqlite).await.expect("sqlite always runs");
                $body(&srv).await;
                srv.stop().await;
            }

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                let Some(srv) = support::TestServer::start(support::Backend::Postgres).await else { return };
                $body(&srv).await;
                srv.stop().await;
            }
        }
    };
}
