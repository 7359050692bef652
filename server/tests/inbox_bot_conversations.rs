//! The inbox's second pass, server side: conversations the bot handles alone have their tab and
//! are found by search from any tab; an operator takes one over from the bot (writing first);
//! transcripts show the buttons a bot message carried and which one the customer pressed. On
//! SQLite and PostgreSQL.

mod inbox_common;
mod support;

use std::time::Duration;

use entity::conversations::Status;
use entity::{messages, outbox};
use inbox_common::{Events, about, conflict, conversation_in, ids, list, view, waiting_customer};
use reqwest::StatusCode;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use serde_json::{Value, json};
use support::customer::{Customer, text};
use support::{Backend, with_bot};

async fn the_bots_conversations_have_a_tab_and_search_finds_every_conversation(backend: Backend) {
    with_bot(backend, async |srv, tg| {
        let admin = srv.admin().await;
        let (op, _) = srv.user(&admin, "olga", "operator").await;
        // One customer only talks to the bot; another hands off.
        let bot_only = Customer { srv, tg, id: 7_300_001, lang: "ru" };
        bot_only.says("Где посмотреть тарифы на гироскутеры?").await;
        bot_only.nth(1).await;
        let with_bot = bot_only.conversation().await;
        assert_eq!(with_bot.status, Status::Bot);
        let handed = waiting_customer(srv, 7_300_002).await;

        // The bot's tab holds the first and not the second; the queue the other way round.
        assert_eq!(ids(&list(&op, "bot", "").await), vec![with_bot.id]);
        assert_eq!(ids(&list(&op, "waiting", "").await), vec![handed.id]);
        let row = &list(&op, "bot", "").await["rows"][0];
        assert_eq!(row["status"], "bot");
        assert!(row["preview"]["text"].is_string(), "{row}");

        // A search looks everywhere, whatever the tab: the bot's conversation is found from the
        // waiting tab by its message, each result with its status.
        for tab in ["waiting", "mine", "open", "resolved", "bot"] {
            let found = list(&op, tab, "гироскутер").await;
            assert_eq!(ids(&found), vec![with_bot.id], "searched from {tab}");
            assert_eq!(found["rows"][0]["status"], "bot");
        }
        // By name, both customers (newest message first), from the resolved tab.
        let found = list(&op, "resolved", "Анна").await;
        let mut found_ids = ids(&found);
        found_ids.sort_unstable();
        let mut want = vec![with_bot.id, handed.id];
        want.sort_unstable();
        assert_eq!(found_ids, want);
        // A live row update follows the same rule: the row stays in the search results.
        let (status, row) = op
            .call("inbox/row", &[("id", &with_bot.id.to_string()), ("tab", "waiting"), ("search", "гироскутер")])
            .await;
        assert_eq!(status, StatusCode::OK, "{row}");
        assert_eq!(row["row"]["id"], json!(with_bot.id));
        let (_, row) =
            op.call("inbox/row", &[("id", &with_bot.id.to_string()), ("tab", "waiting"), ("search", "")]).await;
        assert!(row["row"].is_null(), "not in the waiting tab unsearched: {row}");
    })
    .await;
}
on_both_databases!(the_bots_conversations_have_a_tab_and_search_finds_every_conversation);

async fn an_operator_takes_a_conversation_over_from_the_bot(backend: Backend) {
    with_bot(backend, async |srv, tg| {
        let admin = srv.admin().await;
        let (olga, _) = srv.user(&admin, "olga", "operator").await;
        let (petr, _) = srv.user(&admin, "petr", "operator").await;
        let anna = Customer { srv, tg, id: 7_300_011, lang: "ru" };
        anna.says("/start").await;
        anna.nth(1).await;
        let conv = anna.conversation().await;
        let id = conv.id.to_string();
        assert_eq!(conv.status, Status::Bot);

        // Nobody may reply while the bot has it; signed out, nobody may take it over.
        let (status, _) = olga.call("inbox/reply", &[("id", &id), ("text", "Здравствуйте"), ("client_key", "k0")]).await;
        assert_eq!(status, StatusCode::CONFLICT);
        let (status, _) = srv.client().call("inbox/take_over", &[("id", &id)]).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);

        // Olga takes it over: hers, with a history line, and Petr's inbox hears of it at once;
        // Petr is too late.
        let mut petr_events = Events::connect(&petr, None).await;
        petr_events.ready().await;
        let (status, body) = olga.call("inbox/take_over", &[("id", &id)]).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        let e = petr_events.until(|e| about(e, conv.id)).await;
        assert_eq!(e.data["kind"], "conversation");
        let v = view(&olga, conv.id).await;
        assert_eq!(v["row"]["status"], "assigned");
        assert_eq!(v["row"]["assignee_name"], "olga");
        assert!(v["row"]["waiting_since"].is_string());
        assert_eq!(v["can_act"], true);
        let lines: Vec<&Value> = v["messages"].as_array().unwrap().iter().filter(|m| m["sender"] == "system").collect();
        assert_eq!(lines.last().unwrap()["text"], "taken_over");
        assert_eq!(lines.last().unwrap()["staff_name"], "olga");
        let (status, body) = petr.call("inbox/take_over", &[("id", &id)]).await;
        assert_eq!(status, StatusCode::CONFLICT, "{body}");
        assert_eq!(conflict(&body)["AlreadyTaken"]["by"], "olga");
        // Asking again is fine (it is hers already).
        assert_eq!(olga.call("inbox/take_over", &[("id", &id)]).await.0, StatusCode::OK);

        // She writes first; the customer gets it, and the bot no longer answers the customer.
        let (status, body) =
            olga.call("inbox/reply", &[("id", &id), ("text", "Здравствуйте! Это Ольга."), ("client_key", "k1")]).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        assert_eq!(text(&anna.nth(2).await), "Здравствуйте! Это Ольга.");
        anna.says("Где посмотреть тарифы?").await;
        conversation_in(srv, anna.id, Status::Assigned).await;
        let customer_lines = || async {
            messages::Entity::find()
                .filter(messages::Column::ConversationId.eq(conv.id))
                .filter(messages::Column::Sender.eq(types::Sender::Customer))
                .all(&srv.db)
                .await
                .unwrap()
                .len()
        };
        for _ in 0..100 {
            if customer_lines().await == 2 {
                break;
            }
            tokio::time::sleep(Duration::from_millis(30)).await;
        }
        assert_eq!(customer_lines().await, 2);
        tokio::time::sleep(Duration::from_millis(300)).await;
        assert_eq!(anna.inbox().len(), 2, "the bot stays quiet: {:?}", anna.inbox().iter().map(text).collect::<Vec<_>>());

        // A conversation that isn't the bot's can't be taken over; nor a blocked customer's.
        let (status, _) = petr.call("inbox/take_over", &[("id", &waiting_customer(srv, 7_300_012).await.id.to_string())]).await;
        assert_eq!(status, StatusCode::CONFLICT);
        let boris = Customer { srv, tg, id: 7_300_013, lang: "ru" };
        boris.says("Привет").await;
        boris.nth(1).await;
        let boris_conv = boris.conversation().await;
        let kicked = json!({ "update_id": support::customer::next_update(), "my_chat_member": {
            "chat": { "id": boris.id, "type": "private", "first_name": "Борис" },
            "from": boris.from(), "date": 1_700_000_001,
            "old_chat_member": { "user": { "id": 1, "is_bot": true, "first_name": "Bot" }, "status": "member" },
            "new_chat_member": { "user": { "id": 1, "is_bot": true, "first_name": "Bot" }, "status": "kicked", "until_date": 0 } } });
        assert_eq!(boris.post(kicked).await, StatusCode::OK);
        for _ in 0..100 {
            if view(&petr, boris_conv.id).await["customer"]["blocked"] == json!(true) {
                break;
            }
            tokio::time::sleep(Duration::from_millis(30)).await;
        }
        let (status, body) = petr.call("inbox/take_over", &[("id", &boris_conv.id.to_string())]).await;
        assert_eq!(status, StatusCode::CONFLICT, "{body}");
        assert_eq!(conflict(&body), &json!("CustomerBlocked"));
    })
    .await;
}
on_both_databases!(an_operator_takes_a_conversation_over_from_the_bot);

/// The newest message with a button labelled `label` in a conversation view, and its buttons as
/// (label, presses).
fn keyboard_of(v: &Value, label: &str) -> (i64, Vec<(String, usize)>) {
    let has = |m: &&Value| {
        m["keyboard"].as_array().is_some_and(|rows| {
            rows.iter().flat_map(|r| r.as_array().unwrap().iter()).any(|b| b["text"].as_str() == Some(label))
        })
    };
    let m = v["messages"]
        .as_array()
        .unwrap()
        .iter()
        .rev()
        .find(has)
        .unwrap_or_else(|| panic!("no message with a {label:?} button in {v}"));
    let buttons = m["keyboard"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|row| row.as_array().unwrap().iter())
        .map(|b| (b["text"].as_str().unwrap().to_string(), b["pressed"].as_array().unwrap().len()))
        .collect();
    (m["id"].as_i64().unwrap(), buttons)
}

async fn transcripts_show_the_buttons_and_which_one_was_pressed(backend: Backend) {
    with_bot(backend, async |srv, tg| {
        let admin = srv.admin().await;
        let anna = Customer { srv, tg, id: 7_300_021, lang: "ru" };
        anna.says("/operator").await;
        anna.nth(1).await;
        let conv = anna.conversation().await;
        let id = conv.id.to_string();
        assert_eq!(admin.call("inbox/take", &[("id", &id)]).await.0, StatusCode::OK);
        let (status, _) = admin.call("inbox/reply", &[("id", &id), ("text", "Готово!"), ("client_key", "r1")]).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(admin.call("inbox/resolve", &[("id", &id)]).await.0, StatusCode::OK);
        // The rating request: its five buttons are in the transcript, none pressed yet.
        let mut rating = anna.nth(3).await;
        for n in 4..8 {
            if !support::customer::buttons(&rating).is_empty() {
                break;
            }
            rating = anna.nth(n).await;
        }
        let (four_label, four) =
            support::customer::buttons(&rating).into_iter().find(|(l, _)| l.contains('4')).expect("a 4 button");
        let (rating_id, buttons) = keyboard_of(&view(&admin, conv.id).await, &four_label);
        assert_eq!(buttons.len(), 5, "{buttons:?}");
        assert!(buttons.iter().all(|(_, n)| *n == 0));

        // The customer presses ★4 on that very message (Telegram names it by its id).
        let tg_id = loop {
            let sent = outbox::Entity::find()
                .filter(outbox::Column::MessageId.eq(rating_id))
                .order_by_desc(outbox::Column::Id)
                .one(&srv.db)
                .await
                .unwrap()
                .and_then(|o| o.telegram_message_id);
            if let Some(t) = sent {
                break t;
            }
            tokio::time::sleep(Duration::from_millis(30)).await;
        };
        let update = json!({ "update_id": support::customer::next_update(), "callback_query": {
            "id": "cb-rate", "from": anna.from(), "chat_instance": "1", "data": four,
            "message": { "message_id": tg_id, "date": 1, "chat": { "id": anna.id, "type": "private" } } } });
        assert_eq!(anna.post(update).await, StatusCode::OK);
        let mut pressed = Vec::new();
        for _ in 0..100 {
            let (_, b) = keyboard_of(&view(&admin, conv.id).await, &four_label);
            pressed = b.into_iter().filter(|(_, n)| *n > 0).collect();
            if !pressed.is_empty() {
                break;
            }
            tokio::time::sleep(Duration::from_millis(30)).await;
        }
        assert_eq!(pressed.len(), 1, "{pressed:?}");
        assert!(pressed[0].0.contains('4'), "{pressed:?}");
        assert_eq!(pressed[0].1, 1);
        // One message fetched alone (a live update) carries it too.
        let (status, m) = admin.call("inbox/message", &[("id", &id), ("message_id", &rating_id.to_string())]).await;
        assert_eq!(status, StatusCode::OK, "{m}");
        assert!(m["keyboard"].to_string().contains("\"pressed\":[\""), "{m}");

        // A press logged without its message (older rows) goes to the newest earlier message with
        // that button: the main menu's.
        let boris = Customer { srv, tg, id: 7_300_022, lang: "ru" };
        boris.says("/menu").await;
        let menu = boris.nth(1).await;
        let (label, data) = support::customer::buttons(&menu)
            .into_iter()
            .find(|(_, d)| d.starts_with("m:") || d.starts_with("b:"))
            .expect("a menu button");
        boris.taps(&data).await;
        boris.nth(2).await;
        let boris_conv = boris.conversation().await;
        let mut found = Vec::new();
        for _ in 0..100 {
            let (_, b) = keyboard_of(&view(&admin, boris_conv.id).await, &label);
            found = b.into_iter().filter(|(_, n)| *n > 0).map(|(l, _)| l).collect();
            if !found.is_empty() {
                break;
            }
            tokio::time::sleep(Duration::from_millis(30)).await;
        }
        assert_eq!(found, vec![label]);
    })
    .await;
}
on_both_databases!(transcripts_show_the_buttons_and_which_one_was_pressed);
