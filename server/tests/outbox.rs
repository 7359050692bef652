//! The outbox worker against a fake Bot API, on SQLite and PostgreSQL: order, splitting, 429,
//! 5xx retries, permanent failures, blocked customers.

mod support;

use std::time::{Duration, Instant};

use bot::outbox::{self, NewOutgoing, Outgoing};
use chrono::Utc;
use entity::{action_log, customers, outbox as rows};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, Set};
use serde_json::json;
use support::fake_telegram::{Failure, FakeTelegram};
use support::{Backend, TestServer};
use types::OutboxStatus;

async fn customer(srv: &TestServer, chat_id: i64) -> i64 {
    let now = Utc::now();
    customers::ActiveModel {
        telegram_user_id: Set(chat_id),
        chat_id: Set(chat_id),
        first_name: Set(format!("Customer {chat_id}")),
        is_blocked: Set(false),
        first_seen_at: Set(now),
        last_seen_at: Set(now),
        ..Default::default()
    }
    .insert(&srv.db)
    .await
    .unwrap()
    .id
}

async fn send(srv: &TestServer, chat_id: i64, customer_id: Option<i64>, text: &str) -> Vec<i64> {
    let body = Outgoing::SendMessage { text: text.to_string(), reply_markup: None, html: false };
    outbox::enqueue(&srv.db, NewOutgoing { chat_id, customer_id, conversation_id: None, message_id: None, body })
        .await
        .unwrap()
}

/// Waits until every row is sent or failed.
async fn settle(srv: &TestServer, secs: u64) -> Vec<rows::Model> {
    let deadline = Instant::now() + Duration::from_secs(secs);
    loop {
        let all = rows::Entity::find().order_by_asc(rows::Column::Id).all(&srv.db).await.unwrap();
        if all.iter().all(|r| r.status == OutboxStatus::Sent || r.status == OutboxStatus::Failed)
            || Instant::now() > deadline
        {
            return all;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

fn texts_for(tg: &FakeTelegram, chat_id: i64) -> Vec<String> {
    tg.calls_to("sendMessage")
        .into_iter()
        .filter(|c| c.params["chat_id"] == json!(chat_id))
        .map(|c| c.params["text"].as_str().unwrap().to_string())
        .collect()
}

async fn messages_go_out_in_order_per_chat_and_long_texts_are_split(backend: Backend) {
    let tg = FakeTelegram::start().await;
    let srv = TestServer::with_telegram(backend, &tg, None).await;
    let a = customer(&srv, 901).await;
    for i in 1..=3 {
        send(&srv, 901, Some(a), &format!("first chat #{i}")).await;
    }
    send(&srv, 902, None, "second chat").await;
    let long = format!("{}\n\n{}", "а".repeat(4000), "б".repeat(3000));
    let ids = send(&srv, 903, None, &long).await;
    assert_eq!(ids.len(), 2, "over 4096 characters: two rows");

    let all = settle(&srv, 30).await;
    assert!(all.iter().all(|r| r.status == OutboxStatus::Sent), "{all:#?}");
    assert!(all.iter().all(|r| r.telegram_message_id.is_some() && r.sent_at.is_some()));
    assert_eq!(texts_for(&tg, 901), vec!["first chat #1", "first chat #2", "first chat #3"]);
    assert_eq!(texts_for(&tg, 902), vec!["second chat"]);
    assert_eq!(texts_for(&tg, 903), vec!["а".repeat(4000), "б".repeat(3000)]);
    srv.stop().await;
}
on_both_databases!(messages_go_out_in_order_per_chat_and_long_texts_are_split);

async fn too_many_requests_waits_retry_after_then_delivers(backend: Backend) {
    let tg = FakeTelegram::start().await;
    tg.fail_next("sendMessage", Failure::RetryAfter(2));
    let srv = TestServer::with_telegram(backend, &tg, None).await;
    let started = Instant::now();
    send(&srv, 911, None, "patience").await;
    let all = settle(&srv, 30).await;
    assert_eq!(all[0].status, OutboxStatus::Sent, "{all:?}");
    assert_eq!(tg.calls_to("sendMessage").len(), 2);
    assert!(started.elapsed() >= Duration::from_secs(2), "waited retry_after");
    srv.stop().await;
}
on_both_databases!(too_many_requests_waits_retry_after_then_delivers);

async fn server_errors_are_retried_and_bad_requests_fail_with_the_reason(backend: Backend) {
    let tg = FakeTelegram::start().await;
    tg.fail_next("sendMessage", Failure::BadRequest("Bad Request: message text is empty"));
    tg.fail_next("sendMessage", Failure::ServerError);
    let srv = TestServer::with_telegram(backend, &tg, None).await;
    send(&srv, 921, None, "refused").await;
    send(&srv, 921, None, "retried").await;
    let all = settle(&srv, 40).await;
    assert_eq!(all[0].status, OutboxStatus::Failed);
    assert!(all[0].last_error.as_deref().unwrap().contains("message text is empty"), "{:?}", all[0].last_error);
    assert_eq!(all[1].status, OutboxStatus::Sent, "a failed row doesn't hold up the chat: {all:?}");
    assert_eq!(all[1].attempts, 2, "one 500, then success");
    srv.stop().await;
}
on_both_databases!(server_errors_are_retried_and_bad_requests_fail_with_the_reason);

async fn a_customer_who_blocked_the_bot_gets_nothing_more(backend: Backend) {
    let tg = FakeTelegram::start().await;
    tg.fail_next("sendMessage", Failure::Blocked);
    let srv = TestServer::with_telegram(backend, &tg, None).await;
    let id = customer(&srv, 931).await;
    send(&srv, 931, Some(id), "one").await;
    send(&srv, 931, Some(id), "two").await;
    let all = settle(&srv, 30).await;
    assert!(all.iter().all(|r| r.status == OutboxStatus::Failed), "{all:?}");
    assert_eq!(tg.calls_to("sendMessage").len(), 1, "the second message was never attempted");
    let c = customers::Entity::find_by_id(id).one(&srv.db).await.unwrap().unwrap();
    assert!(c.is_blocked);
    let logged =
        action_log::Entity::find().filter(action_log::Column::Action.eq("bot.blocked")).all(&srv.db).await.unwrap();
    assert_eq!(logged.len(), 1);
    assert_eq!(logged[0].customer_id, Some(id));

    // Later messages to a blocked customer are refused without a call.
    send(&srv, 931, Some(id), "three").await;
    let all = settle(&srv, 10).await;
    assert_eq!(all.last().unwrap().status, OutboxStatus::Failed);
    assert_eq!(tg.calls_to("sendMessage").len(), 1);
    srv.stop().await;
}
on_both_databases!(a_customer_who_blocked_the_bot_gets_nothing_more);

/// Answers to button presses only stop the client's spinner: they are claimed at once, not after
/// the chat's earlier messages; the chat's messages still go one at a time, oldest first.
async fn button_answers_do_not_wait_behind_the_chats_messages(backend: Backend) {
    // No token: no outbox worker runs, so the claims below are the only ones.
    let srv = TestServer::start(backend).await;
    let first = send(&srv, 905, None, "first").await[0];
    send(&srv, 905, None, "second").await;
    let answer = Outgoing::AnswerCallbackQuery { callback_query_id: "cb1".into(), text: None };
    let cb = outbox::enqueue(
        &srv.db,
        NewOutgoing { chat_id: 905, customer_id: None, conversation_id: None, message_id: None, body: answer },
    )
    .await
    .unwrap()[0];
    let claimed: Vec<i64> = outbox::claim(&srv.db, 10).await.unwrap().iter().map(|r| r.id).collect();
    assert_eq!(claimed, vec![first, cb], "the first message and the button answer, not the second message");
    assert!(outbox::claim(&srv.db, 10).await.unwrap().is_empty(), "claimed rows are not claimed twice");
    srv.stop().await;
}
on_both_databases!(button_answers_do_not_wait_behind_the_chats_messages);
