//! What the inbox test files (`inbox_flow`, `inbox_races`) share: customers writing through the
//! webhook, the inbox's reads, and a reader of the live event stream.

// Each test file uses a part of these.
#![allow(dead_code)]

mod events;

use std::sync::atomic::{AtomicI64, Ordering};
use std::time::Duration;

use entity::conversations::{self, Status};
use entity::customers;
use reqwest::StatusCode;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use serde_json::{Value, json};

use crate::support::{Client, TestServer};

pub use events::{Events, about};

static NEXT_UPDATE: AtomicI64 = AtomicI64::new(50_000);

pub fn next_id() -> i64 {
    NEXT_UPDATE.fetch_add(1, Ordering::SeqCst)
}

pub async fn post_update(srv: &TestServer, update: Value) {
    let status = reqwest::Client::new()
        .post(format!("{}/telegram/webhook", srv.base))
        .header("X-Telegram-Bot-Api-Secret-Token", &srv.webhook_secret)
        .json(&update)
        .send()
        .await
        .unwrap()
        .status();
    assert_eq!(status, StatusCode::OK);
}

pub fn message_update(user: i64, body: Value) -> Value {
    let id = next_id();
    let mut msg = json!({
        "message_id": id, "date": 1_700_000_000,
        "chat": { "id": user, "type": "private", "first_name": "Анна" },
        "from": { "id": user, "is_bot": false, "first_name": "Анна", "last_name": "Каренина", "username": "anna_k", "language_code": "ru" },
    });
    for (k, v) in body.as_object().unwrap() {
        msg[k] = v.clone();
    }
    json!({ "update_id": id, "message": msg })
}

pub async fn says(srv: &TestServer, user: i64, text: &str) {
    post_update(srv, message_update(user, json!({ "text": text }))).await;
}

/// The customer's newest conversation, once it has reached `status`.
pub async fn conversation_in(srv: &TestServer, user: i64, status: Status) -> conversations::Model {
    for _ in 0..200 {
        if let Some(c) =
            customers::Entity::find().filter(customers::Column::TelegramUserId.eq(user)).one(&srv.db).await.unwrap()
            && let Some(conv) = conversations::Entity::find()
                .filter(conversations::Column::CustomerId.eq(c.id))
                .order_by_desc(conversations::Column::Id)
                .one(&srv.db)
                .await
                .unwrap()
            && conv.status == status
        {
            return conv;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("customer {user} never reached {status:?}");
}

/// A customer hands off to the operators; their waiting conversation.
pub async fn waiting_customer(srv: &TestServer, user: i64) -> conversations::Model {
    says(srv, user, "/operator").await;
    conversation_in(srv, user, Status::Waiting).await
}

pub fn conflict(body: &Value) -> &Value {
    &body["Conflict"]
}

pub async fn view(c: &Client, id: i64) -> Value {
    let (status, body) = c.call("inbox/conversation", &[("id", &id.to_string())]).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    body
}

pub async fn list(c: &Client, tab: &str, search: &str) -> Value {
    let (status, body) = c.call("inbox/list", &[("tab", tab), ("search", search)]).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    body
}

pub fn ids(list: &Value) -> Vec<i64> {
    list["rows"].as_array().unwrap().iter().map(|r| r["id"].as_i64().unwrap()).collect()
}

/// The delivery state of a message as the conversation view reports it.
pub async fn delivery(c: &Client, conv: i64, message: i64) -> Value {
    let v = view(c, conv).await;
    v["messages"].as_array().unwrap().iter().find(|m| m["id"] == json!(message)).unwrap()["delivery"].clone()
}

pub async fn wait_delivery(c: &Client, conv: i64, message: i64, want: &str) -> Value {
    for _ in 0..200 {
        let d = delivery(c, conv, message).await;
        let state = match &d {
            Value::String(s) => s.clone(),
            Value::Object(o) => o.keys().next().cloned().unwrap_or_default(),
            _ => String::new(),
        };
        if state == want {
            return d;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("message {message} never became {want}: {}", delivery(c, conv, message).await);
}
