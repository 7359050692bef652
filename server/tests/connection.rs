//! Bot → Connection end to end, on SQLite and PostgreSQL: the token set in the admin and by
//! `server set-bot-token` is checked with getMe, stored encrypted, and the running bot switches
//! to it without a restart (the CLI's change is picked up by the server as another process's);
//! the token's bytes appear nowhere in the database, the logs, the CLI's output or any page; a
//! wrong app key at start gives one clear line and leaves the stored token as it is; only admins
//! may use the server functions.

mod support;

use std::io::{BufRead, BufReader, Write};
use std::process::{Command, Stdio};
use std::sync::{Mutex, Once};
use std::time::{Duration, Instant};

use base64::Engine;
use entity::{action_log, settings};
use reqwest::StatusCode;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde_json::{Value, json};
use support::customer::Customer;
use support::fake_telegram::{Failure, FakeTelegram};
use support::{Backend, TestServer};

const BIN: &str = env!("CARGO_BIN_EXE_server");
const PUBLIC_URL: &str = "https://support.example.com";
/// Tokens only these tests use, so the logs of the whole test binary can be searched for them.
const TOKEN_ADMIN: &str = "555000111:AdminSetTokenSecretPartXyZ0123456789abc";
const TOKEN_ADMIN_2: &str = "555000222:ReplacedTokenSecretPartQwE9876543210xyz";
const TOKEN_CLI: &str = "555000333:CliSetTokenSecretPartAsD5647382910mnb";
const TOKEN_KEYTEST: &str = "555000444:WrongKeyTokenSecretPartZxC1029384756qwe";
const ALL_TOKENS: &[&str] = &[TOKEN_ADMIN, TOKEN_ADMIN_2, TOKEN_CLI, TOKEN_KEYTEST];

fn key_b64(byte: u8) -> String {
    base64::engine::general_purpose::STANDARD.encode([byte; 32])
}

// ---------------------------------------------------------------------------------------------
// Every log line of this test binary, captured at debug level.

static LOGS: Mutex<Vec<u8>> = Mutex::new(Vec::new());

struct Capture;

impl Write for Capture {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        LOGS.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

fn capture_logs() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let _ = tracing_subscriber::fmt().with_env_filter("debug").with_ansi(false).with_writer(|| Capture).try_init();
    });
}

fn logs() -> String {
    String::from_utf8_lossy(&LOGS.lock().unwrap()).into_owned()
}

/// No token, nor the secret part of one, in `text`.
fn assert_no_token(what: &str, text: &str) {
    for t in ALL_TOKENS {
        let secret = t.split_once(':').unwrap().1;
        assert!(!text.contains(secret), "{what} holds a bot token:\n{text}");
    }
}

fn assert_no_token_bytes(what: &str, bytes: &[u8]) {
    for t in ALL_TOKENS {
        let secret = t.split_once(':').unwrap().1.as_bytes();
        assert!(!bytes.windows(secret.len()).any(|w| w == secret), "{what} holds a bot token");
    }
}

/// The whole database: the SQLite file (and its WAL), or on PostgreSQL every text column of the
/// tables a token change writes (settings, action log).
async fn assert_database_has_no_token(srv: &TestServer) {
    match srv.backend {
        Backend::Sqlite => {
            let path = srv.database_url().trim_start_matches("sqlite://").split('?').next().unwrap().to_string();
            for suffix in ["", "-wal"] {
                if let Ok(bytes) = std::fs::read(format!("{path}{suffix}")) {
                    assert_no_token_bytes(&format!("the database file{suffix}"), &bytes);
                }
            }
        }
        Backend::Postgres => {
            for s in settings::Entity::find().all(&srv.db).await.unwrap() {
                assert_no_token(&format!("setting {}", s.key), &format!("{} {}", s.key, s.value));
            }
            for a in action_log::Entity::find().all(&srv.db).await.unwrap() {
                assert_no_token("the action log", &format!("{} {} {:?}", a.actor_name, a.details, a.ip));
            }
        }
    }
    // Whatever the backend: the stored value is the encrypted format.
    if let Some(v) = bot::settings::get(&srv.db, bot::connection::TOKEN).await.unwrap() {
        assert!(v.starts_with("v1:"), "{v}");
    }
}

async fn server_with_fake_api(backend: Backend, tg: &FakeTelegram, key: &str) -> TestServer {
    capture_logs();
    TestServer::start_with(
        backend,
        &[("TELEGRAM_API_URL", tg.url.as_str()), ("PUBLIC_URL", PUBLIC_URL), ("APP_SECRET_KEY", key)],
    )
    .await
}

async fn wait_for_webhook_with(tg: &FakeTelegram, token: &str) {
    assert!(
        tg.wait_for(20, |calls| calls.iter().any(|c| c.method == "setWebhook" && c.token == token)).await,
        "the bot side never started with the new token"
    );
}

async fn page(c: &support::Client, path: &str) -> (StatusCode, String) {
    let res = c.http.get(format!("{}{path}", c.base)).header("accept", "text/html").send().await.unwrap();
    (res.status(), res.text().await.unwrap())
}

// ---------------------------------------------------------------------------------------------

/// Set and replaced in the admin: checked with getMe, the bot answers with it at once.
async fn admin_sets_and_replaces_the_token(backend: Backend) {
    let tg = FakeTelegram::start().await;
    let srv = server_with_fake_api(backend, &tg, &key_b64(1)).await;
    let admin = srv.admin().await;
    let mut seen = Vec::<String>::new();

    let (status, state) = admin.call("bot/connection/state", &[]).await;
    assert_eq!(status, StatusCode::OK, "{state}");
    assert_eq!(state["source"], "None");
    assert_eq!(state["webhook"], true);
    assert_eq!(tg.count("setWebhook"), 0, "no token: nothing is sent to Telegram");

    // Refusals: not a token (Telegram not asked), rejected by getMe; nothing stored.
    let (status, body) = admin.call("bot/connection/set", &[("token", "hello")]).await;
    assert_eq!((status, body), (StatusCode::UNPROCESSABLE_ENTITY, json!({ "Invalid": "BotTokenMalformed" })));
    assert_eq!(tg.count("getMe"), 0);
    tg.fail_next("getMe", Failure::BadRequest("Unauthorized"));
    let (status, body) = admin.call("bot/connection/set", &[("token", TOKEN_ADMIN)]).await;
    assert_eq!((status, &body), (StatusCode::UNPROCESSABLE_ENTITY, &json!({ "Invalid": "BotTokenRejected" })));
    seen.push(body.to_string());
    assert_eq!(bot::settings::get(&srv.db, bot::connection::TOKEN).await.unwrap(), None);

    // Set: getMe with that token, the bot's identity back (never the token).
    let (status, body) = admin.call("bot/connection/set", &[("token", &format!("  {TOKEN_ADMIN}\n"))]).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body, json!({ "id": 7000001, "username": "support_test_bot" }));
    seen.push(body.to_string());
    assert!(tg.calls_to("getMe").iter().any(|c| c.token == TOKEN_ADMIN));
    wait_for_webhook_with(&tg, TOKEN_ADMIN).await;
    let anna = Customer { srv: &srv, tg: &tg, id: 880001, lang: "ru" };
    anna.says("Здравствуйте").await;
    assert_eq!(anna.nth(1).await.token, TOKEN_ADMIN, "the bot answers with the token set in the admin");

    // The state: source, bot, webhook info from Telegram, last update.
    tg.set_webhook_error(1_700_000_000, "Wrong response from the webhook: 502 Bad Gateway");
    let (status, state) = admin.call("bot/connection/state", &[]).await;
    assert_eq!(status, StatusCode::OK, "{state}");
    assert_eq!(state["source"], "Stored");
    assert_eq!(state["username"], "support_test_bot");
    assert_eq!(state["bot_id"], 7000001);
    assert_eq!(state["webhook_info"]["url"], format!("{PUBLIC_URL}/telegram/webhook"));
    assert_eq!(state["webhook_info"]["pending_update_count"], 2);
    assert_eq!(state["webhook_info"]["last_error_message"], "Wrong response from the webhook: 502 Bad Gateway");
    assert!(state["webhook_info"]["last_error_at"].as_str().unwrap().starts_with("2023-11-14T22:13:20"), "{state}");
    assert!(state["last_update_at"].is_string(), "{state}");
    seen.push(state.to_string());

    // Replaced: the running bot switches to the new token, without a restart.
    let (status, body) = admin.call("bot/connection/set", &[("token", TOKEN_ADMIN_2)]).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    wait_for_webhook_with(&tg, TOKEN_ADMIN_2).await;
    // Anna's conversation now waits for an operator; a new customer gets the bot's answer.
    let vera = Customer { srv: &srv, tg: &tg, id: 880003, lang: "ru" };
    vera.says("Здравствуйте").await;
    let reply = vera.nth(1).await;
    assert_eq!(reply.token, TOKEN_ADMIN_2, "the bot answers with the replacing token");

    // Re-register: setWebhook again with the current token.
    let before = tg.calls_to("setWebhook").len();
    let (status, body) = admin.call("bot/connection/reregister", &[]).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let again = tg.calls_to("setWebhook");
    assert_eq!(again.len(), before + 1);
    assert_eq!(again.last().unwrap().token, TOKEN_ADMIN_2);
    assert_eq!(again.last().unwrap().params["url"], format!("{PUBLIC_URL}/telegram/webhook"));

    // The audit: one row per set, with the bot's @username and never the token.
    let rows = action_log::Entity::find()
        .filter(action_log::Column::Action.eq(types::LogAction::ConnectionTokenSet))
        .all(&srv.db)
        .await
        .unwrap();
    assert_eq!(rows.len(), 2);
    let details: Value = serde_json::from_str(&rows[0].details).unwrap();
    assert_eq!(details, json!({ "bot_id": 7000001, "username": "support_test_bot" }));
    assert_eq!(rows[0].actor_name, "admin");

    // Pages: the connection page renders the state on the server, without the token.
    let (status, html) = page(&admin, "/bot/connection").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("@support_test_bot (id 7000001)"), "{html}");
    assert!(html.contains("connection-token-input"), "{html}");
    seen.push(html);
    for path in ["/logs", "/bot/faq", "/account"] {
        let (_, html) = page(&admin, path).await;
        seen.push(html);
    }
    let (_, audit) = admin.call("logs/audit", &[("page", "1")]).await;
    seen.push(audit.to_string());
    for text in &seen {
        assert_no_token("a response", text);
    }
    assert_database_has_no_token(&srv).await;
    assert_no_token("the logs", &logs());
    srv.stop().await;
}
on_both_databases!(admin_sets_and_replaces_the_token);

/// Only admins: operators get 403, signed-out callers 401, and nothing changes.
async fn only_admins(backend: Backend) {
    let tg = FakeTelegram::start().await;
    let srv = server_with_fake_api(backend, &tg, &key_b64(1)).await;
    let admin = srv.admin().await;
    let (operator, _) = srv.user(&admin, "olga", "operator").await;
    let anon = srv.client();
    let calls: [(&str, &[(&str, &str)]); 3] = [
        ("bot/connection/state", &[]),
        ("bot/connection/set", &[("token", TOKEN_ADMIN)]),
        ("bot/connection/reregister", &[]),
    ];
    for (endpoint, args) in calls {
        assert_eq!(anon.call(endpoint, args).await, (StatusCode::UNAUTHORIZED, json!("Unauthorized")), "{endpoint}");
        assert_eq!(operator.call(endpoint, args).await, (StatusCode::FORBIDDEN, json!("Forbidden")), "{endpoint}");
    }
    assert_eq!(tg.count("getMe"), 0, "nobody's token was checked");
    assert_eq!(bot::settings::get(&srv.db, bot::connection::TOKEN).await.unwrap(), None);
    let (status, _) = page(&operator, "/bot/connection").await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    srv.stop().await;
}
on_both_databases!(only_admins);

/// TELEGRAM_BOT_TOKEN wins: the page says so and the admin can't replace it.
async fn environment_wins(backend: Backend) {
    capture_logs();
    let tg = FakeTelegram::start().await;
    let srv = TestServer::start_with(
        backend,
        &[
            ("TELEGRAM_BOT_TOKEN", support::TOKEN),
            ("TELEGRAM_API_URL", tg.url.as_str()),
            ("PUBLIC_URL", PUBLIC_URL),
            ("APP_SECRET_KEY", &key_b64(1)),
        ],
    )
    .await;
    let admin = srv.admin().await;
    let (status, state) = admin.call("bot/connection/state", &[]).await;
    assert_eq!(status, StatusCode::OK, "{state}");
    assert_eq!(state["source"], "Environment");
    assert_eq!(state["username"], "support_test_bot");
    let (status, body) = admin.call("bot/connection/set", &[("token", TOKEN_ADMIN)]).await;
    assert_eq!((status, body), (StatusCode::UNPROCESSABLE_ENTITY, json!({ "Invalid": "BotTokenFromEnvironment" })));
    assert_eq!(bot::settings::get(&srv.db, bot::connection::TOKEN).await.unwrap(), None);
    let (_, html) = page(&admin, "/bot/connection").await;
    assert!(html.contains("connection-env-note"), "{html}");
    assert!(!html.contains(support::TOKEN.split_once(':').unwrap().1), "the environment's token is not shown");
    srv.stop().await;
}
on_both_databases!(environment_wins);

// ---------------------------------------------------------------------------------------------
// The command line.

fn set_bot_token_cli(database_url: &str, api_url: &str, key: &str, stdin: &str) -> (i32, String, String) {
    let dir = std::env::temp_dir().join(format!("supportbot-conncli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let mut child = Command::new(BIN)
        .current_dir(&dir)
        .arg("set-bot-token")
        .env("DATABASE_URL", database_url)
        .env("TELEGRAM_API_URL", api_url)
        .env("APP_SECRET_KEY", key)
        .env("NO_COLOR", "1")
        .env("RUST_LOG", "debug")
        .env_remove("TELEGRAM_BOT_TOKEN")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(stdin.as_bytes()).unwrap();
    let out = child.wait_with_output().unwrap();
    (out.status.code().unwrap_or(-1), String::from_utf8(out.stdout).unwrap(), String::from_utf8(out.stderr).unwrap())
}

/// `server set-bot-token` while the server runs: getMe with the token, stored encrypted, and the
/// running server (another process) switches to it within seconds.
async fn cli_sets_the_token(backend: Backend) {
    let tg = FakeTelegram::start().await;
    let key = key_b64(2);
    let srv = server_with_fake_api(backend, &tg, &key).await;

    // Rejected by Telegram, or not a token: exit 1, a clear line, nothing stored.
    tg.fail_next("getMe", Failure::BadRequest("Unauthorized"));
    let (code, out, err) = set_bot_token_cli(srv.database_url(), &tg.url, &key, &format!("{TOKEN_CLI}\n"));
    assert_eq!(code, 1, "{out}{err}");
    assert!(err.contains("Telegram rejected the token") && err.contains("nothing was stored"), "{err}");
    assert_no_token("the CLI's output", &format!("{out}{err}"));
    let (code, _, err) = set_bot_token_cli(srv.database_url(), &tg.url, &key, "not a token\n");
    assert_eq!(code, 1);
    assert!(err.contains("not a bot token"), "{err}");
    let (code, _, err) = set_bot_token_cli(srv.database_url(), &tg.url, &key, "");
    assert_eq!(code, 1);
    assert!(err.contains("no bot token given on stdin"), "{err}");
    assert_eq!(bot::settings::get(&srv.db, bot::connection::TOKEN).await.unwrap(), None);

    let (code, out, err) = set_bot_token_cli(srv.database_url(), &tg.url, &key, &format!("{TOKEN_CLI}\n"));
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("@support_test_bot (id 7000001)"), "{out}");
    assert_no_token("the CLI's output", &format!("{out}{err}"));
    assert!(tg.calls_to("getMe").iter().any(|c| c.token == TOKEN_CLI));
    let row = action_log::Entity::find()
        .filter(action_log::Column::Action.eq(types::LogAction::ConnectionTokenSet))
        .one(&srv.db)
        .await
        .unwrap()
        .expect("audit row");
    assert_eq!(row.actor_name, "system");

    // The server was not told: it notices the changed setting by itself.
    wait_for_webhook_with(&tg, TOKEN_CLI).await;
    let boris = Customer { srv: &srv, tg: &tg, id: 880002, lang: "ru" };
    boris.says("Добрый день").await;
    assert_eq!(boris.nth(1).await.token, TOKEN_CLI, "the bot answers with the token set from the command line");

    let admin = srv.admin().await;
    let (_, state) = admin.call("bot/connection/state", &[]).await;
    assert_eq!(state["source"], "Stored");
    assert_eq!(state["username"], "support_test_bot");
    let (_, html) = page(&admin, "/bot/connection").await;
    assert_no_token("the connection page", &html);
    assert_database_has_no_token(&srv).await;
    assert_no_token("the logs", &logs());
    srv.stop().await;
}
on_both_databases!(cli_sets_the_token);

/// A wrong app key at start: one clear line naming the key, the stored token untouched, the bot
/// side idle and the admin working.
async fn wrong_app_key_at_start(backend: Backend) {
    let tg = FakeTelegram::start().await;
    let db = support::TestDb::new(backend).await;
    let (code, out, err) = set_bot_token_cli(&db.url, &tg.url, &key_b64(3), &format!("{TOKEN_KEYTEST}\n"));
    assert_eq!(code, 0, "{out}{err}");
    let conn = sea_orm::Database::connect(&db.url).await.unwrap();
    let stored = bot::settings::get(&conn, bot::connection::TOKEN).await.unwrap().expect("stored");

    let dir = std::env::temp_dir().join(format!("supportbot-wrongkey-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let mut child = Command::new(BIN)
        .current_dir(&dir)
        .env("DATABASE_URL", &db.url)
        .env("TELEGRAM_API_URL", &tg.url)
        .env("APP_SECRET_KEY", key_b64(4))
        .env("LEPTOS_SITE_ADDR", "127.0.0.1:0")
        .env("DEMO_CONTENT", "off")
        .env("NO_COLOR", "1")
        .env("RUST_LOG", "info")
        .env_remove("TELEGRAM_BOT_TOKEN")
        .env_remove("PUBLIC_URL")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let lines = std::sync::Arc::new(Mutex::new(Vec::<String>::new()));
    let reader = {
        let lines = lines.clone();
        let stdout = child.stdout.take().unwrap();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                lines.lock().unwrap().push(line);
            }
        })
    };
    let deadline = Instant::now() + Duration::from_secs(60);
    while !lines.lock().unwrap().iter().any(|l| l.contains("listening on")) {
        assert!(Instant::now() < deadline, "the server did not start: {:?}", lines.lock().unwrap());
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    // Several re-reads of the setting later, still one line.
    tokio::time::sleep(Duration::from_millis(5500)).await;
    let _ = child.kill();
    let _ = child.wait();
    reader.join().unwrap();
    let lines = lines.lock().unwrap().clone();
    let complaints: Vec<&String> = lines.iter().filter(|l| l.contains("cannot be decrypted")).collect();
    assert_eq!(complaints.len(), 1, "{lines:#?}");
    assert!(complaints[0].contains("ERROR") && complaints[0].contains("APP_SECRET_KEY"), "{}", complaints[0]);
    assert!(complaints[0].contains("data/app_secret.key"), "{}", complaints[0]);
    assert_no_token("the server's log", &lines.join("\n"));
    assert_eq!(bot::settings::get(&conn, bot::connection::TOKEN).await.unwrap(), Some(stored), "left untouched");
    assert!(!tg.calls().iter().any(|c| c.token == TOKEN_KEYTEST && c.method != "getMe"), "the bot side idled");
    conn.close().await.ok();
    db.cleanup().await;
}
on_both_databases!(wrong_app_key_at_start);
