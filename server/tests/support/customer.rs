//! A customer talking to the bot: updates posted to the webhook, the bot's answers read from the
//! fake Bot API.

use std::sync::atomic::{AtomicI64, Ordering};

use entity::{conversations, customers};
use reqwest::StatusCode;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use serde_json::{Value, json};

use super::TestServer;
use super::fake_telegram::{Call, FakeTelegram};

static NEXT_UPDATE: AtomicI64 = AtomicI64::new(1_000);

/// A fresh update id (unique in this test binary).
pub fn next_update() -> i64 {
    NEXT_UPDATE.fetch_add(1, Ordering::SeqCst)
}

/// A Telegram user writing to the bot through the webhook; the bot's answers are read from the fake
/// Bot API.
pub struct Customer<'a> {
    pub srv: &'a TestServer,
    pub tg: &'a FakeTelegram,
    pub id: i64,
    pub lang: &'a str,
}

impl Customer<'_> {
    pub fn from(&self) -> Value {
        json!({ "id": self.id, "is_bot": false, "first_name": "Анна", "username": "anna_k", "language_code": self.lang })
    }

    pub async fn post(&self, update: Value) -> StatusCode {
        reqwest::Client::new()
            .post(format!("{}/telegram/webhook", self.srv.base))
            .header("X-Telegram-Bot-Api-Secret-Token", &self.srv.webhook_secret)
            .json(&update)
            .send()
            .await
            .unwrap()
            .status()
    }

    pub fn message(&self, body: Value) -> Value {
        let id = next_update();
        let mut msg = json!({ "message_id": id, "date": 1_700_000_000, "chat": { "id": self.id, "type": "private", "first_name": "Анна" }, "from": self.from() });
        for (k, v) in body.as_object().unwrap() {
            msg[k] = v.clone();
        }
        json!({ "update_id": id, "message": msg })
    }

    pub async fn says(&self, text: &str) {
        assert_eq!(self.post(self.message(json!({ "text": text }))).await, StatusCode::OK);
    }

    pub async fn taps(&self, data: &str) {
        let id = next_update();
        let update = json!({ "update_id": id, "callback_query": {
            "id": format!("cb{id}"), "from": self.from(), "chat_instance": "1", "data": data,
            "message": { "message_id": 1, "date": 1, "chat": { "id": self.id, "type": "private" } } } });
        assert_eq!(self.post(update).await, StatusCode::OK);
    }

    /// The bot's messages to this customer so far.
    pub fn inbox(&self) -> Vec<Call> {
        self.tg.calls_to("sendMessage").into_iter().filter(|c| c.params["chat_id"] == json!(self.id)).collect()
    }

    /// Waits for the `n`-th message to this customer and returns it.
    pub async fn nth(&self, n: usize) -> Call {
        let ok = self
            .tg
            .wait_for(20, |calls| {
                calls.iter().filter(|c| c.method == "sendMessage" && c.params["chat_id"] == json!(self.id)).count() >= n
            })
            .await;
        assert!(
            ok,
            "message #{n} never came; got: {:#?}",
            self.inbox().iter().map(|c| c.params["text"].clone()).collect::<Vec<_>>()
        );
        self.inbox()[n - 1].clone()
    }

    pub async fn conversation(&self) -> conversations::Model {
        let c = customers::Entity::find()
            .filter(customers::Column::TelegramUserId.eq(self.id))
            .one(&self.srv.db)
            .await
            .unwrap()
            .unwrap();
        conversations::Entity::find()
            .filter(conversations::Column::CustomerId.eq(c.id))
            .order_by_desc(conversations::Column::Id)
            .one(&self.srv.db)
            .await
            .unwrap()
            .unwrap()
    }
}

pub fn text(c: &Call) -> String {
    c.params["text"].as_str().unwrap_or_default().to_string()
}

/// (label, callback_data or url) of every button.
pub fn buttons(c: &Call) -> Vec<(String, String)> {
    c.params["reply_markup"]["inline_keyboard"]
        .as_array()
        .map(|rows| {
            rows.iter()
                .flat_map(|r| r.as_array().unwrap().iter())
                .map(|b| {
                    (
                        b["text"].as_str().unwrap().to_string(),
                        b["callback_data"].as_str().or(b["url"].as_str()).unwrap_or("").to_string(),
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}

pub fn button(c: &Call, label_part: &str) -> String {
    buttons(c)
        .into_iter()
        .find(|(l, _)| l.contains(label_part))
        .unwrap_or_else(|| panic!("no button {label_part:?} in {:?}", buttons(c)))
        .1
}
