//! The inbox's reads for live updates by id (`inbox/row`, `inbox/head`, `inbox/message`): who
//! may call them, and that they answer for exactly one row, head or message. On SQLite and
//! PostgreSQL.

mod support;

use std::sync::atomic::{AtomicI64, Ordering};
use std::time::Duration;

use entity::conversations::{self, Status};
use entity::customers;
use reqwest::StatusCode;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use serde_json::{Value, json};
use support::{Backend, Client, TestServer, with_bot};

static NEXT_UPDATE: AtomicI64 = AtomicI64::new(90_000);

/// A customer asks for a person; their waiting conversation's id.
async fn waiting_customer(srv: &TestServer, user: i64, first_name: &str) -> i64 {
    let id = NEXT_UPDATE.fetch_add(1, Ordering::SeqCst);
    let update = json!({ "update_id": id, "message": {
        "message_id": id, "date": 1_700_000_000,
        "chat": { "id": user, "type": "private", "first_name": first_name },
        "from": { "id": user, "is_bot": false, "first_name": first_name, "language_code": "en" },
        "text": "/operator",
    }});
    let status = reqwest::Client::new()
        .post(format!("{}/telegram/webhook", srv.base))
        .header("X-Telegram-Bot-Api-Secret-Token", &srv.webhook_secret)
        .json(&update)
        .send()
        .await
        .unwrap()
        .status();
    assert_eq!(status, StatusCode::OK);
    for _ in 0..200 {
        if let Some(c) =
            customers::Entity::find().filter(customers::Column::TelegramUserId.eq(user)).one(&srv.db).await.unwrap()
            && let Some(conv) = conversations::Entity::find()
                .filter(conversations::Column::CustomerId.eq(c.id))
                .order_by_desc(conversations::Column::Id)
                .one(&srv.db)
                .await
                .unwrap()
            && conv.status == Status::Waiting
        {
            return conv.id;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("customer {user} never waited");
}

async fn row(c: &Client, id: i64, tab: &str, search: &str) -> Value {
    let (status, body) = c.call("inbox/row", &[("id", &id.to_string()), ("tab", tab), ("search", search)]).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    body
}

async fn message(c: &Client, conv: i64, message: i64) -> (StatusCode, Value) {
    c.call("inbox/message", &[("id", &conv.to_string()), ("message_id", &message.to_string())]).await
}

async fn reads_by_id_for_live_updates(backend: Backend) {
    with_bot(backend, async |srv, _tg| {
        // Signed out: 401 for each.
        let anonymous = srv.client();
        for (endpoint, form) in [
            ("inbox/row", vec![("id", "1"), ("tab", "waiting"), ("search", "")]),
            ("inbox/head", vec![("id", "1")]),
            ("inbox/message", vec![("id", "1"), ("message_id", "1")]),
        ] {
            let (status, body) = anonymous.call(endpoint, &form).await;
            assert_eq!(status, StatusCode::UNAUTHORIZED, "{endpoint}: {body}");
        }

        let admin = srv.admin().await;
        let (a, _) = srv.user(&admin, "live_a", "operator").await;
        let (b, _) = srv.user(&admin, "live_b", "operator").await;
        let first = waiting_customer(srv, 7_300_001, "Анна").await;
        let second = waiting_customer(srv, 7_300_002, "Борис").await;

        // Waiting: a row, with the counts.
        let r = row(&b, first, "waiting", "").await;
        assert_eq!(r["row"]["id"], json!(first));
        assert_eq!(r["row"]["status"], "waiting");
        assert_eq!(r["counts"]["waiting"], 2);
        assert_eq!(row(&b, first, "resolved", "").await["row"], Value::Null, "not in that tab");
        assert_eq!(row(&b, 999_999, "waiting", "").await["row"], Value::Null, "no such conversation");

        // A takes the first: it leaves B's Waiting tab, and B (an operator too) still sees its row
        // under Open, assigned to A, but not under Mine.
        let (status, body) = a.call("inbox/take", &[("id", &first.to_string())]).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        let r = row(&b, first, "waiting", "").await;
        assert_eq!(r["row"], Value::Null);
        assert_eq!(r["counts"]["waiting"], 1);
        assert_eq!(r["counts"]["open"], 2);
        let r = row(&b, first, "open", "").await;
        assert_eq!(r["row"]["status"], "assigned");
        assert_eq!(r["row"]["assignee_name"], "live_a");
        assert_eq!(row(&b, first, "mine", "").await["row"], Value::Null);
        assert_eq!(row(&a, first, "mine", "").await["row"]["id"], json!(first));
        assert_eq!(row(&a, first, "mine", "").await["counts"]["mine"], 1);
        // The search applies too.
        assert_eq!(row(&b, first, "open", "анна").await["row"]["id"], json!(first));
        assert_eq!(row(&b, first, "open", "борис").await["row"], Value::Null);

        // The head: what each may do, without the history.
        let (status, head) = b.call("inbox/head", &[("id", &first.to_string())]).await;
        assert_eq!(status, StatusCode::OK, "{head}");
        assert_eq!((head["can_act"].clone(), head["can_take"].clone()), (json!(false), json!(false)));
        assert_eq!(head["row"]["assignee_name"], "live_a");
        assert_eq!(head["customer"]["name"], "Анна");
        assert!(head.get("messages").is_none());
        let (_, head) = a.call("inbox/head", &[("id", &first.to_string())]).await;
        assert_eq!(head["can_act"], json!(true));
        let (status, _) = b.call("inbox/head", &[("id", "999999")]).await;
        assert_eq!(status, StatusCode::NOT_FOUND);

        // A replies: B reads that one message by id; asked under another conversation, 404.
        let (status, reply) =
            a.call("inbox/reply", &[("id", &first.to_string()), ("text", "Hello!"), ("client_key", "live-1")]).await;
        assert_eq!(status, StatusCode::OK, "{reply}");
        let mid = reply["id"].as_i64().unwrap();
        let (status, m) = message(&b, first, mid).await;
        assert_eq!(status, StatusCode::OK, "{m}");
        assert_eq!(
            (m["id"].as_i64(), m["text"].as_str(), m["sender"].as_str()),
            (Some(mid), Some("Hello!"), Some("operator"))
        );
        assert_eq!(m["client_key"], "live-1");
        assert!(m["delivery"].is_object() || m["delivery"].is_string(), "a reply has a delivery: {m}");
        let (status, _) = message(&b, second, mid).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "the message of another conversation");
        let (status, _) = message(&b, first, 999_999).await;
        assert_eq!(status, StatusCode::NOT_FOUND);
    })
    .await;
}
on_both_databases!(reads_by_id_for_live_updates);
