//! Whole dialogues, as a customer lives them: updates posted to the webhook, answers read from a
//! fake Bot API. On SQLite and PostgreSQL, with the demo bot seeded.

mod support;

use std::time::Duration;

use entity::conversations::{self, Status};
use entity::{action_log, customers, telegram_updates};
use reqwest::StatusCode;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use serde_json::json;
use support::customer::{Customer, button, buttons, next_update, text};
use support::fake_telegram::FakeTelegram;
use support::{Backend, TestServer, with_bot};

async fn start_menu_submenu_answer(backend: Backend) {
    with_bot(backend, async |srv, tg| {
        let anna = Customer { srv, tg, id: 5001, lang: "ru" };
        anna.post(anna.message(
            json!({ "text": "/start promo_autumn", "entities": [{ "type": "bot_command", "offset": 0, "length": 6 }] }),
        ))
        .await;
        let hello = anna.nth(1).await;
        assert!(text(&hello).starts_with("Здравствуйте, Анна!"), "{}", text(&hello));
        let payment = button(&hello, "Оплата");
        assert!(payment.len() <= 64);
        let customer = customers::Entity::find()
            .filter(customers::Column::TelegramUserId.eq(5001i64))
            .one(&srv.db)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(customer.source.as_deref(), Some("promo_autumn"), "deep-link payload recorded");

        anna.taps(&payment).await;
        let submenu = anna.nth(2).await;
        assert!(text(&submenu).contains("Оплата"), "{}", text(&submenu));
        assert!(buttons(&submenu).iter().any(|(l, _)| l.contains("Назад")), "submenus can go back");
        anna.taps(&button(&submenu, "Оплата картой")).await;
        let answer = anna.nth(3).await;
        assert!(text(&answer).contains("личном кабинете"), "{}", text(&answer));
        // Under an answer: "that helped" and "didn't help" (which hands off to an operator).
        let labels: Vec<String> = buttons(&answer).into_iter().map(|(l, _)| l).collect();
        assert_eq!(labels, vec!["👍 Помогло", "👎 Не помогло"]);
        // Every callback query was answered.
        assert!(tg.wait_for(10, |c| c.iter().filter(|c| c.method == "answerCallbackQuery").count() >= 2).await);

        // A button whose target is gone answers politely with the main menu.
        anna.taps("b:999999").await;
        let gone = anna.nth(4).await;
        assert!(text(&gone).contains("больше не работает"), "{}", text(&gone));
        assert!(button(&gone, "Оплата").starts_with("b:"));
        assert_eq!(anna.conversation().await.status, Status::Bot);
    })
    .await;
}
on_both_databases!(start_menu_submenu_answer);

async fn free_text_is_answered_or_handed_off(backend: Backend) {
    with_bot(backend, async |srv, tg| {
        let anna = Customer { srv, tg, id: 5002, lang: "ru" };
        anna.says("не могу оплатить картой").await;
        let answer = anna.nth(1).await;
        assert!(text(&answer).contains("картой"), "{}", text(&answer));
        let logged = action_log::Entity::find()
            .filter(action_log::Column::Action.eq("bot.faq_answer"))
            .one(&srv.db)
            .await
            .unwrap()
            .unwrap();
        assert!(logged.details.contains("score"), "{}", logged.details);
        anna.taps(&button(&answer, "Помогло")).await;
        assert!(text(&anna.nth(2).await).contains("Рад"));

        // Nothing like it in the FAQ: handed off, and from then on the bot stays quiet.
        anna.says("Посоветуйте хороший рецепт борща").await;
        let handoff = anna.nth(3).await;
        assert!(text(&handoff).contains("оператор"), "{}", text(&handoff));
        let conv = anna.conversation().await;
        assert_eq!(conv.status, Status::Waiting);
        assert!(conv.waiting_since.is_some());
        anna.says("как оплатить картой?").await;
        tokio::time::sleep(Duration::from_millis(700)).await;
        assert_eq!(anna.inbox().len(), 3, "in waiting, messages go to the operators, not the matcher");
        let stored = entity::messages::Entity::find()
            .filter(entity::messages::Column::ConversationId.eq(conv.id))
            .count(&srv.db)
            .await
            .unwrap();
        assert!(stored >= 7, "every message is in the history: {stored}");
    })
    .await;
}
on_both_databases!(free_text_is_answered_or_handed_off);

async fn unsure_suggests_and_a_tap_answers(backend: Backend) {
    with_bot(backend, async |srv, tg| {
        let mike = Customer { srv, tg, id: 5003, lang: "ru" };
        mike.says("тариф").await;
        let reply = mike.nth(1).await;
        assert!(text(&reply).contains("Возможно, вы имели в виду"), "got: {}", text(&reply));
        let faq_buttons: Vec<_> = buttons(&reply).into_iter().filter(|(_, d)| d.starts_with("f:")).collect();
        assert!((1..=3).contains(&faq_buttons.len()), "{faq_buttons:?}");
        mike.taps(&faq_buttons[0].1).await;
        let answer = mike.nth(2).await;
        assert!(buttons(&answer).iter().any(|(l, _)| l.contains("Помогло")), "{}", text(&answer));
        assert_eq!(
            action_log::Entity::find()
                .filter(action_log::Column::Action.eq("bot.suggestions"))
                .count(&srv.db)
                .await
                .unwrap(),
            1
        );
    })
    .await;
}
on_both_databases!(unsure_suggests_and_a_tap_answers);

async fn operator_command_resolution_and_rating_in_english(backend: Backend) {
    with_bot(backend, async |srv, tg| {
        let john = Customer { srv, tg, id: 5004, lang: "en" };
        john.says("/operator").await;
        let handoff = john.nth(1).await;
        assert!(text(&handoff).contains("operator"), "{}", text(&handoff));
        let conv = john.conversation().await;
        assert_eq!(conv.status, Status::Waiting);
        john.says("/operator").await;
        assert!(text(&john.nth(2).await).contains("already"), "asking twice doesn't hand off twice");

        // An operator resolves it (the inbox will call this): the customer is asked for a rating.
        let engine = bot::engine::Engine::new();
        let config = engine.config(&srv.db).await.unwrap();
        let unit = bot::unit::Unit::begin(&srv.db).await.unwrap();
        let ctx = bot::engine::Ctx::new(&config, &unit);
        assert!(
            bot::engine::conversation::resolve(unit.txn(), &ctx, conv.id, &bot::action_log::Actor::System, true)
                .await
                .unwrap()
        );
        unit.commit().await.unwrap();
        let ask = john.nth(3).await;
        assert!(text(&ask).contains("rate"), "{}", text(&ask));
        let five = button(&ask, "5");
        john.taps(&five).await;
        assert!(text(&john.nth(4).await).contains("Thank you"));
        let conv = conversations::Entity::find_by_id(conv.id).one(&srv.db).await.unwrap().unwrap();
        assert_eq!((conv.status, conv.rating), (Status::Resolved, Some(5)));
        // The rating and its thanks belong to the rated conversation: no new one is opened.
        let of_john = || conversations::Entity::find().filter(conversations::Column::CustomerId.eq(conv.customer_id));
        assert_eq!(of_john().count(&srv.db).await.unwrap(), 1, "a rating opens no conversation");
        let thanks = entity::messages::Entity::find()
            .filter(entity::messages::Column::ConversationId.eq(conv.id))
            .filter(entity::messages::Column::Text.like("Thank you%"))
            .count(&srv.db)
            .await
            .unwrap();
        assert_eq!(thanks, 1, "the thanks is in the rated conversation");
        // A second tap doesn't change or duplicate anything.
        john.taps(&button(&ask, "1")).await;
        tokio::time::sleep(Duration::from_millis(700)).await;
        assert_eq!(john.inbox().len(), 4);
        assert_eq!(conversations::Entity::find_by_id(conv.id).one(&srv.db).await.unwrap().unwrap().rating, Some(5));
        assert_eq!(of_john().count(&srv.db).await.unwrap(), 1);

        // Writing again starts a new conversation with the bot.
        john.says("hello again").await;
        john.nth(5).await;
        assert_ne!(john.conversation().await.id, conv.id);
    })
    .await;
}
on_both_databases!(operator_command_resolution_and_rating_in_english);

async fn duplicates_media_groups_and_blocking(backend: Backend) {
    with_bot(backend, async |srv, tg| {
        let olga = Customer { srv, tg, id: 5005, lang: "ru" };
        // Telegram delivers the same update twice: one answer.
        let update = olga.message(json!({ "text": "/help" }));
        assert_eq!(olga.post(update.clone()).await, StatusCode::OK);
        assert_eq!(olga.post(update).await, StatusCode::OK);
        olga.nth(1).await;
        tokio::time::sleep(Duration::from_millis(700)).await;
        assert_eq!(olga.inbox().len(), 1);

        // A photo in bot mode goes to the operators, stored with its file id and caption.
        olga.post(olga.message(json!({ "photo": [{ "file_id": "small", "file_unique_id": "s", "width": 90, "height": 90 }, { "file_id": "big", "file_unique_id": "b", "width": 900, "height": 900 }], "caption": "чек об оплате" }))).await;
        olga.nth(2).await;
        assert_eq!(olga.conversation().await.status, Status::Waiting);
        let photo = entity::messages::Entity::find().filter(entity::messages::Column::Kind.eq("photo")).one(&srv.db).await.unwrap().unwrap();
        assert_eq!((photo.file_id.as_deref(), photo.caption.as_deref()), (Some("big"), Some("чек об оплате")));

        // Group messages are ignored.
        let group = json!({ "update_id": next_update(), "message": { "message_id": 1, "date": 1, "chat": { "id": -100500, "type": "supergroup", "title": "g" }, "from": olga.from(), "text": "/start" } });
        assert_eq!(olga.post(group).await, StatusCode::OK);

        // The customer blocks the bot: marked blocked, nothing more is sent.
        let kicked = json!({ "update_id": next_update(), "my_chat_member": {
            "chat": { "id": olga.id, "type": "private" }, "from": olga.from(), "date": 1,
            "old_chat_member": { "status": "member", "user": { "id": 7000001, "is_bot": true, "first_name": "Support" } },
            "new_chat_member": { "status": "kicked", "until_date": 0, "user": { "id": 7000001, "is_bot": true, "first_name": "Support" } } } });
        olga.post(kicked).await;
        let deadline = std::time::Instant::now() + Duration::from_secs(10);
        loop {
            let c = customers::Entity::find().filter(customers::Column::TelegramUserId.eq(olga.id)).one(&srv.db).await.unwrap().unwrap();
            if c.is_blocked || std::time::Instant::now() > deadline {
                assert!(c.is_blocked);
                break;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        // (Read first: on SQLite the transaction below holds the only connection.)
        let conv = olga.conversation().await;
        let engine = bot::engine::Engine::new();
        let config = engine.config(&srv.db).await.unwrap();
        let unit = bot::unit::Unit::begin(&srv.db).await.unwrap();
        let ctx = bot::engine::Ctx::new(&config, &unit);
        bot::engine::conversation::resolve(unit.txn(), &ctx, conv.id, &bot::action_log::Actor::System, true).await.unwrap();
        unit.commit().await.unwrap();
        tokio::time::sleep(Duration::from_millis(700)).await;
        assert_eq!(olga.inbox().len(), 2, "nothing is sent to a customer who blocked the bot");

        let skipped = telegram_updates::Entity::find().filter(telegram_updates::Column::Status.eq(types::UpdateStatus::Skipped)).count(&srv.db).await.unwrap();
        assert_eq!(skipped, 1, "the group message");
    })
    .await;
}
on_both_databases!(duplicates_media_groups_and_blocking);

async fn every_shared_fixture_is_processed_without_errors(backend: Backend) {
    with_bot(backend, async |srv, _tg| {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../testdata/telegram-updates");
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            let body = std::fs::read(&path).unwrap();
            let status = reqwest::Client::new()
                .post(format!("{}/telegram/webhook", srv.base))
                .header("X-Telegram-Bot-Api-Secret-Token", &srv.webhook_secret)
                .body(body)
                .send()
                .await
                .unwrap()
                .status();
            assert!(status == StatusCode::OK || status == StatusCode::BAD_REQUEST, "{}: {status}", path.display());
        }
        let deadline = std::time::Instant::now() + Duration::from_secs(20);
        loop {
            let pending = telegram_updates::Entity::find()
                .filter(telegram_updates::Column::Status.eq(types::UpdateStatus::Pending))
                .count(&srv.db)
                .await
                .unwrap();
            if pending == 0 || std::time::Instant::now() > deadline {
                assert_eq!(pending, 0, "every stored update is processed");
                break;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        let failed = telegram_updates::Entity::find()
            .filter(telegram_updates::Column::Attempts.gt(0))
            .all(&srv.db)
            .await
            .unwrap();
        assert!(
            failed.is_empty(),
            "no update failed processing: {:?}",
            failed.iter().map(|f| (&f.kind, &f.error)).collect::<Vec<_>>()
        );
    })
    .await;
}
on_both_databases!(every_shared_fixture_is_processed_without_errors);

/// The process dies after the update was stored (and even halfway through processing it): after a
/// restart it is processed exactly once.
async fn a_crash_between_storing_and_processing_replays_once(backend: Backend) {
    let tg = FakeTelegram::start().await;
    let srv = TestServer::start_with(backend, &[("TEST_NO_WORKERS", "1")]).await;
    let anna = Customer { srv: &srv, tg: &tg, id: 5100, lang: "ru" };
    anna.says("/help").await;
    let row = telegram_updates::Entity::find().one(&srv.db).await.unwrap().unwrap();
    assert_eq!(row.status, types::UpdateStatus::Pending, "stored before the 200, not yet processed");

    // Halfway: claimed and effects written, then the process dies before the commit.
    let engine = bot::engine::Engine::new();
    {
        let config = engine.config(&srv.db).await.unwrap();
        let unit = bot::unit::Unit::begin(&srv.db).await.unwrap();
        let update = bot::engine::Update::parse(row.update_id, &row.payload);
        engine.apply(&unit, &config, &[update]).await.unwrap();
        // Flushed as a commit would, then rolled back, as a crash before the commit would.
        unit.writes().flush(unit.txn()).await.unwrap();
        drop(unit);
    }
    assert_eq!(entity::outbox::Entity::find().count(&srv.db).await.unwrap(), 0);

    // After the restart, the worker processes it once; running again finds nothing.
    let worker = bot::worker::UpdateWorker { db: srv.db.clone(), engine, wake: Default::default() };
    assert_eq!(worker.run_once().await.unwrap(), 1);
    assert_eq!(worker.run_once().await.unwrap(), 0);
    let queued = entity::outbox::Entity::find().all(&srv.db).await.unwrap();
    assert_eq!(queued.len(), 1, "one answer: {queued:?}");
    assert!(queued[0].payload.contains("/operator"), "the help text: {}", queued[0].payload);
    let row = telegram_updates::Entity::find_by_id(row.id).one(&srv.db).await.unwrap().unwrap();
    assert_eq!(row.status, types::UpdateStatus::Done);
    srv.stop().await;
}
on_both_databases!(a_crash_between_storing_and_processing_replays_once);

/// Updates of many chats waiting at once are applied together (one transaction per group, their
/// rows inserted together): every chat gets exactly its answer, in the history and the outbox.
/// An update that fails (here: a NUL character, which PostgreSQL refuses in text) takes nothing
/// down with it: the group is retried one by one and only that update is counted as failed.
async fn many_chats_at_once_are_applied_together_and_one_failure_costs_the_others_nothing(backend: Backend) {
    let tg = FakeTelegram::start().await;
    let srv = TestServer::start_with(backend, &[("TEST_NO_WORKERS", "1")]).await;
    let chats: Vec<i64> = (0..20).map(|i| 5200 + i).collect();
    for &id in &chats {
        let c = Customer { srv: &srv, tg: &tg, id, lang: "ru" };
        c.says(if id % 2 == 0 { "/help" } else { "/menu" }).await;
    }
    let poison = Customer { srv: &srv, tg: &tg, id: 5299, lang: "ru" };
    poison.says("нулевой \u{0} символ").await;

    let worker =
        bot::worker::UpdateWorker { db: srv.db.clone(), engine: bot::engine::Engine::new(), wake: Default::default() };
    worker.run_once().await.unwrap();
    for &id in &chats {
        let rows =
            entity::outbox::Entity::find().filter(entity::outbox::Column::ChatId.eq(id)).all(&srv.db).await.unwrap();
        assert_eq!(rows.len(), 1, "chat {id}: one answer");
        let message = entity::messages::Entity::find_by_id(rows[0].message_id.expect("linked to its message"))
            .one(&srv.db)
            .await
            .unwrap()
            .expect("the answer's message row");
        assert_eq!(message.sender, entity::messages::Sender::Bot);
        let expected = if id % 2 == 0 { "/operator" } else { "Выберите" };
        assert!(rows[0].payload.contains(expected), "chat {id}: {}", rows[0].payload);
    }
    let commands =
        action_log::Entity::find().filter(action_log::Column::Action.eq("bot.command")).count(&srv.db).await.unwrap();
    assert_eq!(commands, 20, "one log row per command");
    let poisoned = telegram_updates::Entity::find()
        .filter(telegram_updates::Column::ChatId.eq(5299))
        .one(&srv.db)
        .await
        .unwrap()
        .unwrap();
    match backend {
        Backend::Postgres => {
            assert_eq!((poisoned.status, poisoned.attempts), (types::UpdateStatus::Pending, 1), "{poisoned:?}");
            assert!(poisoned.error.is_some());
        }
        Backend::Sqlite => assert_eq!(poisoned.status, types::UpdateStatus::Done, "SQLite stores NUL in text"),
    }
    // Running again applies nothing twice.
    worker.run_once().await.unwrap();
    let answers = entity::outbox::Entity::find()
        .filter(entity::outbox::Column::ChatId.is_in(chats.clone()))
        .count(&srv.db)
        .await
        .unwrap();
    assert_eq!(answers, 20);
    srv.stop().await;
}
on_both_databases!(many_chats_at_once_are_applied_together_and_one_failure_costs_the_others_nothing);
