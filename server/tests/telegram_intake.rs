//! Receiving updates from Telegram: webhook registration with PUBLIC_URL, long polling without it.
//! Telegram is a fake Bot API on 127.0.0.1 (TELEGRAM_API_URL).

mod support;

use entity::telegram_updates;
use sea_orm::{EntityTrait, PaginatorTrait, QueryOrder};
use serde_json::json;
use support::fake_telegram::{Failure, FakeTelegram};
use support::{Backend, TOKEN, TestServer};

async fn public_url_registers_the_webhook_with_secret_and_allowed_updates(backend: Backend) {
    let tg = FakeTelegram::start().await;
    // The first attempt fails (Telegram briefly down): registration retries by itself.
    tg.fail_next("setWebhook", Failure::ServerError);
    let srv = TestServer::with_telegram(backend, &tg, Some("https://support.example.com")).await;
    assert!(tg.wait_for(30, |c| c.iter().filter(|c| c.method == "setWebhook").count() >= 2).await, "{:?}", tg.calls());
    let call = tg.calls_to("setWebhook").pop().unwrap();
    assert_eq!(call.token, TOKEN);
    assert_eq!(call.params["url"], "https://support.example.com/telegram/webhook");
    assert_eq!(call.params["secret_token"], json!(srv.webhook_secret));
    let allowed: Vec<String> = serde_json::from_value(call.params["allowed_updates"].clone()).unwrap();
    for kind in ["message", "callback_query", "my_chat_member"] {
        assert!(allowed.iter().any(|a| a == kind), "{allowed:?}");
    }
    assert!(tg.calls_to("getUpdates").is_empty(), "no polling in webhook mode");

    // The command menu is synced: Russian by default, English for English clients.
    assert!(tg.wait_for(10, |c| c.iter().filter(|c| c.method == "setMyCommands").count() >= 3).await);
    let menus = tg.calls_to("setMyCommands");
    let en = menus.iter().find(|c| c.params["language_code"] == "en").expect("English commands");
    let names: Vec<&str> =
        en.params["commands"].as_array().unwrap().iter().map(|c| c["command"].as_str().unwrap()).collect();
    assert_eq!(names, ["start", "menu", "help", "operator"]);
    assert_eq!(en.params["commands"][3]["description"], "Talk to a person");
    let default =
        menus.iter().find(|c| c.params.get("language_code").is_none_or(|l| l.is_null())).expect("default commands");
    assert_eq!(default.params["commands"][3]["description"], "Позвать оператора");
    srv.stop().await;
}
on_both_databases!(public_url_registers_the_webhook_with_secret_and_allowed_updates);

async fn without_public_url_updates_are_long_polled_into_the_store(backend: Backend) {
    let tg = FakeTelegram::start().await;
    for id in [501, 502] {
        tg.push_update(json!({ "update_id": id, "message": { "message_id": id, "date": 1, "chat": { "id": 9, "type": "private" }, "text": format!("hi {id}") } }));
    }
    tg.fail_next("getUpdates", Failure::ServerError);
    let srv = TestServer::with_telegram(backend, &tg, None).await;

    let stored = async || telegram_updates::Entity::find().count(&srv.db).await.unwrap();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    while stored().await < 2 && std::time::Instant::now() < deadline {
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert_eq!(stored().await, 2, "calls: {:?}", tg.calls());
    assert!(!tg.calls_to("deleteWebhook").is_empty(), "a stale webhook would make getUpdates fail");

    // A later update arrives; the offset confirmed the first two, so they aren't fetched again.
    tg.push_update(json!({ "update_id": 503, "edited_message": { "message_id": 1, "date": 1, "edit_date": 2, "chat": { "id": 9, "type": "private" }, "text": "edit" } }));
    assert!(tg.wait_for(30, |c| c.iter().any(|c| c.method == "getUpdates" && c.params["offset"] == json!(504))).await);
    let rows =
        telegram_updates::Entity::find().order_by_asc(telegram_updates::Column::UpdateId).all(&srv.db).await.unwrap();
    let ids: Vec<i64> = rows.iter().map(|r| r.update_id).collect();
    assert_eq!(ids, vec![501, 502, 503]);
    assert_eq!(rows[2].kind, "edited_message");
    let polls = tg.calls_to("getUpdates");
    assert!(polls.iter().all(|c| c.params["allowed_updates"].as_array().is_some_and(|a| a.len() == 4)));
    srv.stop().await;
}
on_both_databases!(without_public_url_updates_are_long_polled_into_the_store);
