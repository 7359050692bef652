//! Two `server` processes on one PostgreSQL database behave as one: a customer's message posted
//! to process 1's webhook reaches an inbox client connected to process 2, live (LISTEN/NOTIFY),
//! and an operator acting through process 2 is seen by a client of process 1.

mod support;

use std::io::Write;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use reqwest::StatusCode;
use serde_json::{Value, json};
use support::{Backend, Client, TestDb};

const BIN: &str = env!("CARGO_BIN_EXE_server");
const SECRET: &str = "two-processes-webhook-secret";
const PASSWORD: &str = "a long enough password";

fn command(dir: &std::path::Path, db_url: &str) -> Command {
    let mut c = Command::new(BIN);
    c.current_dir(dir);
    for var in ["TELEGRAM_BOT_TOKEN", "TELEGRAM_API_URL", "PUBLIC_URL", "APP_SECRET_KEY"] {
        c.env_remove(var);
    }
    c.env("DATABASE_URL", db_url)
        .env("TELEGRAM_WEBHOOK_SECRET", SECRET)
        .env("NO_COLOR", "1")
        .env("RUST_LOG", "warn")
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    c
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

struct Process {
    child: Child,
    base: String,
}

impl Process {
    async fn start(dir: &std::path::Path, db_url: &str) -> Process {
        let port = free_port();
        let child = command(dir, db_url).env("LEPTOS_SITE_ADDR", format!("127.0.0.1:{port}")).spawn().unwrap();
        let base = format!("http://127.0.0.1:{port}");
        // Owned from here on: dropping it (also when this panics) kills and reaps the process.
        let process = Process { child, base: base.clone() };
        for _ in 0..300 {
            if let Ok(r) = reqwest::get(format!("{base}/readyz")).await
                && r.status() == StatusCode::OK
            {
                return process;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("the server on {base} never became ready");
    }

    async fn operator(&self) -> Client {
        let c =
            Client { base: self.base.clone(), http: reqwest::Client::builder().cookie_store(true).build().unwrap() };
        let (status, body) = c.login("oper", PASSWORD).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        c
    }
}

impl Drop for Process {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The next unnamed event (a change) on an SSE response, skipping `ready` and comments.
async fn next_change(res: &mut reqwest::Response, buf: &mut String) -> Value {
    loop {
        while let Some(end) = buf.find("\n\n") {
            let block: String = buf.drain(..end + 2).collect();
            if block.lines().any(|l| l.starts_with("event:")) {
                continue;
            }
            if let Some(data) = block.lines().find_map(|l| l.strip_prefix("data:")) {
                return serde_json::from_str(data.trim()).unwrap();
            }
        }
        let chunk = tokio::time::timeout(Duration::from_secs(10), res.chunk())
            .await
            .expect("an event within 10 s")
            .unwrap()
            .expect("stream open");
        buf.push_str(&String::from_utf8_lossy(&chunk));
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[cfg_attr(no_postgres, ignore = "TEST_DATABASE_URL is not set")]
async fn two_server_processes_on_one_postgresql_behave_as_one() {
    let db = TestDb::new(Backend::Postgres).await;
    let dir = std::env::temp_dir().join(format!("supportbot-two-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let out = command(&dir, &db.url).arg("migrate").output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let mut create = command(&dir, &db.url)
        .args(["create-user", "--username", "oper", "--role", "operator"])
        .stdin(Stdio::piped())
        .spawn()
        .unwrap();
    create.stdin.take().unwrap().write_all(format!("{PASSWORD}\n").as_bytes()).unwrap();
    assert!(create.wait().unwrap().success());

    // One after the other, so only one seeds the demo bot.
    let one = Process::start(&dir, &db.url).await;
    let two = Process::start(&dir, &db.url).await;
    let on_two = two.operator().await;
    let on_one = one.operator().await;
    let mut events_two = on_two.http.get(format!("{}/api/events", two.base)).send().await.unwrap();
    let mut events_one = on_one.http.get(format!("{}/api/events", one.base)).send().await.unwrap();
    assert_eq!(events_two.status(), StatusCode::OK);
    let (mut buf_two, mut buf_one) = (String::new(), String::new());

    // A customer asks for a person through process 1's webhook…
    let user = 7_500_001;
    let update = json!({ "update_id": 9_000_001, "message": {
        "message_id": 1, "date": 1_700_000_000,
        "chat": { "id": user, "type": "private", "first_name": "Иван" },
        "from": { "id": user, "is_bot": false, "first_name": "Иван", "language_code": "ru" },
        "text": "/operator" } });
    let status = reqwest::Client::new()
        .post(format!("{}/telegram/webhook", one.base))
        .header("X-Telegram-Bot-Api-Secret-Token", SECRET)
        .json(&update)
        .send()
        .await
        .unwrap()
        .status();
    assert_eq!(status, StatusCode::OK);

    // …and the inbox client on process 2 sees it live.
    let event = next_change(&mut events_two, &mut buf_two).await;
    let conversation = event["conversation_id"].as_i64().expect("about a conversation");
    let (status, list) = on_two.call("inbox/list", &[("tab", "waiting"), ("search", "")]).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(list["rows"][0]["id"], json!(conversation));
    assert_eq!(list["rows"][0]["customer_name"], "Иван");

    // The operator takes it through process 2; process 1's client sees that live too.
    let first_on_one = next_change(&mut events_one, &mut buf_one).await;
    assert_eq!(first_on_one["conversation_id"], json!(conversation));
    let (status, body) = on_two.call("inbox/take", &[("id", &conversation.to_string())]).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    loop {
        let e = next_change(&mut events_one, &mut buf_one).await;
        if e["conversation_id"] == json!(conversation) && e["kind"] == "conversation" {
            let (_, view) = on_one.call("inbox/conversation", &[("id", &conversation.to_string())]).await;
            if view["row"]["status"] == "assigned" {
                break;
            }
        }
    }
    // Shutting a process down ends its live streams (browsers reconnect elsewhere at once) and
    // the process exits cleanly instead of waiting for them.
    let pid = one.child.id().to_string();
    assert!(Command::new("kill").args(["-TERM", &pid]).status().unwrap().success());
    let ended =
        tokio::time::timeout(Duration::from_secs(10), async { while let Ok(Some(_)) = events_one.chunk().await {} })
            .await;
    assert!(ended.is_ok(), "the event stream ends when its server shuts down");
    let mut one = one;
    let status = tokio::task::spawn_blocking(move || {
        let s = one.child.wait();
        (one, s)
    })
    .await
    .unwrap()
    .1
    .unwrap();
    assert!(status.success(), "graceful exit: {status:?}");
    drop(two);
    db.cleanup().await;
    let _ = std::fs::remove_dir_all(&dir);
}

/// An FAQ change saved through one process is what the other process's bot answers with: the
/// new text at once, a new phrasing as soon as its matcher is rebuilt (PostgreSQL NOTIFY wakes it).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[cfg_attr(no_postgres, ignore = "TEST_DATABASE_URL is not set")]
async fn an_faq_change_made_on_one_process_is_answered_by_the_other() {
    use entity::{faq_entries, messages};
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};

    let db = TestDb::new(Backend::Postgres).await;
    let dir = std::env::temp_dir().join(format!("supportbot-two-faq-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let out = command(&dir, &db.url).arg("migrate").output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let mut create = command(&dir, &db.url)
        .args(["create-user", "--username", "boss", "--role", "admin"])
        .stdin(Stdio::piped())
        .spawn()
        .unwrap();
    create.stdin.take().unwrap().write_all(format!("{PASSWORD}\n").as_bytes()).unwrap();
    assert!(create.wait().unwrap().success());
    let one = Process::start(&dir, &db.url).await;
    let two = Process::start(&dir, &db.url).await;
    let admin_one = Client { base: one.base.clone(), http: client() };
    let (status, body) = admin_one.login("boss", PASSWORD).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let admin_two = Client { base: two.base.clone(), http: client() };
    assert_eq!(admin_two.login("boss", PASSWORD).await.0, StatusCode::OK);
    let conn = sea_orm::Database::connect(&db.url).await.unwrap();
    let pay =
        faq_entries::Entity::find().filter(faq_entries::Column::Slug.eq("pay_card")).one(&conn).await.unwrap().unwrap();

    // Process 2 answers once (so its FAQ is loaded), then process 1 saves a change.
    let ask = |update_id: i64, text: &str| {
        let base = two.base.clone();
        let update = json!({ "update_id": update_id, "message": {
            "message_id": update_id, "date": 1_700_000_000,
            "chat": { "id": 7_600_001, "type": "private", "first_name": "Иван" },
            "from": { "id": 7_600_001, "is_bot": false, "first_name": "Иван", "language_code": "ru" },
            "text": text } });
        async move {
            let status = reqwest::Client::new()
                .post(format!("{base}/telegram/webhook"))
                .header("X-Telegram-Bot-Api-Secret-Token", SECRET)
                .json(&update)
                .send()
                .await
                .unwrap()
                .status();
            assert_eq!(status, StatusCode::OK);
        }
    };
    let bot_said = |n: usize| {
        let conn = conn.clone();
        async move {
            for _ in 0..200 {
                let said: Vec<messages::Model> = messages::Entity::find()
                    .filter(messages::Column::Sender.eq(types::Sender::Bot))
                    .order_by_asc(messages::Column::Id)
                    .all(&conn)
                    .await
                    .unwrap();
                if said.len() >= n {
                    return said[n - 1].text.clone().unwrap_or_default();
                }
                tokio::time::sleep(Duration::from_millis(50)).await;
            }
            panic!("the bot never said message #{n}");
        }
    };
    ask(9_100_001, "Как оплатить услуги банковской картой?").await;
    assert!(bot_said(1).await.contains("личном кабинете"));

    let (_, view) = admin_one.call("faq/entry", &[("id", &pay.id.to_string())]).await;
    let mut draft = view["draft"].clone();
    draft["answer"] = json!("Картой — в <b>приложении</b>.");
    draft["variants"].as_array_mut().unwrap().push(json!("закинуть деньги пластиком"));
    let (status, saved) =
        admin_one.call_json("faq/save", &json!({ "id": pay.id, "version": view["version"], "draft": draft })).await;
    assert_eq!(status, StatusCode::OK, "{saved}");

    // The new text: the very next answer of process 2 (the history keeps the text as read).
    ask(9_100_002, "Как оплатить услуги банковской картой?").await;
    assert_eq!(bot_said(2).await, "Картой — в приложении.");
    // The new phrasing: process 2's "Try it" answers it once its matcher caught up.
    let try_it = json!({ "text": "закинуть деньги пластиком", "editing": null, "draft": null });
    let mut answered = false;
    for _ in 0..100 {
        let (_, tried) = admin_two.call_json("faq/try", &try_it).await;
        if tried["decision"] == json!({ "Answer": { "id": pay.id } }) {
            answered = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert!(answered, "process 2's matcher never learned the new phrasing");
    ask(9_100_003, "закинуть деньги пластиком").await;
    assert_eq!(bot_said(3).await, "Картой — в приложении.");

    drop(one);
    drop(two);
    conn.close().await.ok();
    db.cleanup().await;
    let _ = std::fs::remove_dir_all(&dir);
}

fn client() -> reqwest::Client {
    reqwest::Client::builder().cookie_store(true).timeout(Duration::from_secs(60)).build().unwrap()
}
